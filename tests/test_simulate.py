"""The seeded generators and the synthetic demo studies in data/.

(1) a fresh generation is byte-identical to the committed files, so data and
generator never drift; (2) the calibration targets of the seed article hold in
the committed data; (3) both studies validate without errors; (4) the general
generator recovers its planted effect on average.
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.intake.validate import load_study
from analysis.simulate.dadeng import DADENG_SEED, DadengTruth, simulate_dadeng_full
from analysis.simulate.files import to_xlsx_bytes, write_demo_studies
from analysis.simulate.gaomi import GAOMI_SEED, GaomiTruth, gaomi_att_gt
from analysis.simulate.panels import longest_zero_run, simulate_count_panel

DATA = Path(__file__).resolve().parents[1] / "data"
DADENG = DATA / "dadeng"
GAOMI = DATA / "gaomi"
TRUTH = DadengTruth()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    write_demo_studies(root)
    return root


@pytest.fixture(scope="module")
def generated(fresh: Path) -> list[str]:
    """Paths (relative to data/) of every generated data file."""
    return sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return pd.read_csv(DADENG / "stations_monthly.csv", dtype={"month": str})


@pytest.fixture(scope="module")
def registration() -> pd.DataFrame:
    reg = pd.read_excel(DADENG / "floating_population.xlsx", sheet_name="registration")
    reg["month"] = reg["month"].dt.strftime("%Y-%m")
    return reg


@pytest.fixture(scope="module")
def compounds() -> pd.DataFrame:
    return pd.read_csv(GAOMI / "compounds_monthly.csv", dtype=str)


def _sum(
    frame: pd.DataFrame, col: str, units: list[str], lo: str, hi: str, unit_col: str = "station"
) -> int:
    m = frame[unit_col].isin(units) & (frame["month"] >= lo) & (frame["month"] <= hi)
    return int(frame.loc[m, col].sum())


def _dadeng_series(panel: pd.DataFrame, col: str) -> pd.Series:
    return panel[panel["station"] == "Dadeng"].set_index("month")[col]


# -- (1) byte-stability -------------------------------------------------------------


def test_regenerated_files_are_byte_identical_to_committed(
    fresh: Path, generated: list[str]
) -> None:
    assert len(generated) == 6
    for rel in generated:
        committed = DATA / rel
        assert committed.exists(), f"{rel} is not committed; run scripts/make_demo_data.py"
        assert (fresh / rel).read_bytes() == committed.read_bytes(), (
            f"{rel} differs from a fresh generation: run scripts/make_demo_data.py"
        )


def test_study_folders_hold_only_generated_files_spec_and_readme(generated: list[str]) -> None:
    expected = set(generated) | {
        f"{s}/{f}" for s in ("dadeng", "gaomi") for f in ("study.yml", "README.md")
    }
    present = {str(p.relative_to(DATA)) for s in ("dadeng", "gaomi") for p in (DATA / s).iterdir()}
    assert present == expected


def test_xlsx_bytes_are_deterministic_and_carry_fixed_times() -> None:
    frame = pd.DataFrame(
        {"unit": ["a", "b"], "month": [pd.Timestamp("2021-01-01")] * 2, "value": [1, 2]}
    )
    frame["month"] = frame["month"].dt.to_pydatetime()
    first, second = to_xlsx_bytes(frame, "s"), to_xlsx_bytes(frame, "s")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(2021, 11, 1, 0, 0, 0)}
    assert "2021-11-01T00:00:00Z" in core and core.count("2021-11-01T00:00:00Z") == 2


def test_data_files_stay_small(generated: list[str]) -> None:
    for rel in generated:
        assert (DATA / rel).stat().st_size < 1_000_000, rel


def test_readmes_say_synthetic_and_name_the_seeds() -> None:
    meta = simulate_dadeng_full(TRUTH, DADENG_SEED)[1]
    for study, seeds in (("dadeng", meta.seeds.values()), ("gaomi", [GAOMI_SEED])):
        text = (DATA / study / "README.md").read_text(encoding="utf-8")
        assert "SYNTHETIC" in "\n".join(text.splitlines()[:5])
        assert "scripts/make_demo_data.py" in text and "analysis/simulate.py" in text
        for s in seeds:
            assert str(s) in text, f"{study} README does not name seed {s}"


# -- (2) calibration targets (seed article, FIGURES.md) ----------------------------


def test_dadeng_grid_and_comparison_pool(panel: pd.DataFrame) -> None:
    stations = panel["station"].unique()
    assert "Dadeng" in stations and len(stations) - 1 >= 19
    months = sorted(panel["month"].unique())
    assert months[0] == "2018-01" and months[-1] == "2021-10" and len(months) == 46
    assert len(panel) == len(stations) * 46


def test_d1_fraud_year_on_year(panel: pd.DataFrame) -> None:
    comp = sorted(set(panel["station"]) - {"Dadeng"})

    def yoy(units: list[str]) -> float:
        return (
            _sum(panel, "fraud_incidents", units, "2021-01", "2021-09")
            / _sum(panel, "fraud_incidents", units, "2020-01", "2020-09")
            - 1
        )

    d, c = yoy(["Dadeng"]), yoy(comp)
    assert round(100 * d) == -22 and abs(d + 0.22) <= 0.01
    assert abs(c + 0.12) <= 0.02
    # a comparison design recovers roughly the planted -11%
    assert abs((1 + d) / (1 + c) - TRUTH.fraud_effect) <= 0.02


def test_d2_registration_stock(registration: pd.DataFrame) -> None:
    d = registration[registration["station"] == "Dadeng"].set_index("month")["registered_floating"]
    assert d["2021-04"] == 3800
    after = d["2021-06":"2021-10"]
    assert ((after > 12000) & (after < 12100)).all()  # "1.2万余人"
    assert round(after.iloc[-1] / 3800, 2) == 3.16 and round(after.mean() / 3800, 2) == 3.16
    assert 3800 < d["2021-05"] < after.min()  # May: the drive is under way
    before = d[:"2021-04"]
    assert before.pct_change().abs().max() < 0.12  # slow drift (incl. the COVID dip)
    assert 0.7 < before.iloc[0] / 3800 < 1.0
    comp = registration[registration["station"] != "Dadeng"]
    jumps = comp.groupby("station")["registered_floating"].pct_change().abs()
    assert jumps.max() < 0.15  # comparison stations: no jump


def test_d3_disputes_resolved_in_advance(panel: pd.DataFrame) -> None:
    assert _sum(panel, "disputes_found", ["Dadeng"], "2021-01", "2021-10") == 77
    assert _sum(panel, "disputes_resolved", ["Dadeng"], "2021-01", "2021-10") == 75
    assert (panel["disputes_resolved"] <= panel["disputes_found"]).all()
    assert (panel["disputes_found"] > 0).all()
    for year in ("2018", "2019", "2020"):
        share = _sum(panel, "disputes_resolved", ["Dadeng"], f"{year}-01", f"{year}-12") / _sum(
            panel, "disputes_found", ["Dadeng"], f"{year}-01", f"{year}-12"
        )
        assert share < 0.92, year  # lower than 97% before the pilot
    comp = panel[panel["station"] != "Dadeng"]
    assert 0.85 <= comp["disputes_resolved"].sum() / comp["disputes_found"].sum() <= 0.90


def test_d4_disputes_mediated(panel: pd.DataFrame) -> None:
    total = _sum(panel, "disputes_mediated", ["Dadeng"], "2021-01", "2021-10")
    assert 220 <= total <= 229  # "220余起"
    facts = pd.read_csv(DADENG / "admin_facts.csv").set_index("item")["value"]
    assert facts["disputes_mediated_2021"] == total


def test_d5_two_consecutive_zero_months(panel: pd.DataFrame) -> None:
    esc = _dadeng_series(panel, "civil_to_criminal")
    assert longest_zero_run(esc["2021-01":"2021-10"]) == 2
    assert longest_zero_run(esc[:"2020-12"]) <= 2
    assert esc[:"2020-12"].mean() > 0.8  # escalations were not rare before


def test_dadeng_facts_match_the_article() -> None:
    facts = pd.read_csv(DADENG / "admin_facts.csv").set_index("item")["value"].to_dict()
    assert facts == {
        "disputes_mediated_2021": 226,
        "fraud_dissuaded": 43,
        "losses_recovered_yuan": 328000,
        "security_sweeps": 55,
        "sweep_cases": 236,
        "police_public_meetings": 36,
        "smuggling_cases": 8,
        "smuggling_people": 7,
        "land_disputes_settled": 4,
        "xiaodeng_hardship_assisted": 15,
        "xiaodeng_legal_consultations": 124,
        "xiaodeng_home_id_services": 33,
    }


def test_incident_events_are_gb18030_and_reproduce_the_panel(panel: pd.DataFrame) -> None:
    raw = (DADENG / "incidents.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    ev = pd.read_csv(io.StringIO(raw.decode("gb18030")), dtype=str)
    assert list(ev.columns) == [
        "incident_id",
        "station",
        "station_zh",
        "report_date",
        "category",
        "note",
    ]
    assert ev["incident_id"].is_unique
    assert set(ev["category"]) == {"telecom_fraud", "theft", "dispute", "other"}
    assert set(ev["station"]) == set(panel["station"])
    assert ev.loc[ev["station"] == "Dadeng", "station_zh"].eq("大嶝").all()
    dates = pd.to_datetime(ev["report_date"], format="%Y-%m-%d")  # valid calendar days
    ev["month"] = dates.dt.strftime("%Y-%m")
    fraud = ev[ev["category"] == "telecom_fraud"].groupby(["station", "month"]).size()
    expected = panel.set_index(["station", "month"])["fraud_incidents"]
    assert fraud.reindex(expected.index, fill_value=0).astype(int).equals(expected.astype(int))


def test_gaomi_design(compounds: pd.DataFrame) -> None:
    units = compounds.drop_duplicates("compound")
    assert 150 <= len(units) <= 200
    months = sorted(compounds["month"].unique())
    assert months[0] == "2018-01" and months[-1] == "2021-12" and len(months) == 48
    assert (compounds.groupby("compound")[["adopted", "households"]].nunique() == 1).all().all()
    waves = units["adopted"].value_counts()
    assert set(waves.index) == {"2019-04", "2020-04", "2021-04", "never"}
    assert 0.25 <= waves["never"] / len(units) <= 0.30
    assert (units["households"].astype(int) > 0).all()


def test_gaomi_facts_and_shares() -> None:
    facts = pd.read_csv(GAOMI / "admin_counts.csv").set_index("item")["value"]
    expected = {
        "party_branches": 364,
        "party_groups": 1185,
        "member_households": 2327,
        "secretaries_officials": 221,
        "party_members": 17000,
        "owners_committees": 426,
        "joint_posts": 69,
        "party_chairs": 238,
        "compounds_no_management": 196,
        "old_compounds_planned": 283,
        "old_compounds_done": 135,
        "old_compounds_started_2021": 91,
        "matters_resolved": 4600,
        "public_rooms_m2": 5300,
        "party_citizen_homes": 393,
        "community_police": 135,
        "enforcement_officers": 106,
        "units_reporting": 125,
        "members_reporting": 6200,
        "activities": 5600,
        "neighbour_disputes_resolved": 600,
    }
    assert {k: int(facts[k]) for k in expected} == expected
    assert round(100 * facts["secretaries_officials"] / facts["party_branches"], 1) == 60.7
    assert round(100 * facts["party_chairs"] / facts["owners_committees"], 1) == 55.9


def test_gaomi_planted_att_gt() -> None:
    truth = GaomiTruth()
    att = gaomi_att_gt(truth, GAOMI_SEED, "complaints")
    for (g, _), delta in zip(truth.waves, truth.complaints_delta, strict=True):
        a = att[att["cohort"] == g]
        e = a["event_time"].to_numpy()
        want = np.exp(-delta * np.minimum(e + 1, truth.ramp) / truth.ramp) - 1
        np.testing.assert_allclose(a["relative"].to_numpy(), np.where(e >= 0, want, 0.0))
        assert (a.loc[a["event_time"] < 0, "att_count"] == 0).all()
    at8 = att[att["event_time"] == 8].set_index("cohort")["relative"]  # all waves reach e = 8
    assert at8["2019-04"] < at8["2020-04"] < at8["2021-04"] < 0  # earlier waves larger


# -- (3) the studies validate -------------------------------------------------------


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_demo_study_loads_without_errors(study: str) -> None:
    loaded = load_study(DATA / study / "study.yml")
    assert loaded.report.errors == ()
    assert len(loaded.panel.units) == {"dadeng": 25, "gaomi": 180}[study]


def test_dadeng_events_indicator_matches_theft_rows() -> None:
    loaded = load_study(DADENG / "study.yml")
    theft = loaded.panel.indicator_frame("theft_incidents")["value"].sum()
    raw = (DADENG / "incidents.csv").read_bytes().decode("gb18030")
    ev = pd.read_csv(io.StringIO(raw), dtype=str)
    assert theft == (ev["category"] == "theft").sum()


# -- (4) the general generator --------------------------------------------------------

N_DRAWS = 300
# Monte Carlo SE of the mean log ratio is about 0.003 here (sd about 0.05 per
# draw / sqrt(300)); 0.01 is about 3 SE, and far below the planted -0.22.
RECOVERY_TOL = 0.01


def test_count_panel_recovers_planted_effect_on_average() -> None:
    effect = 0.8
    ests = []
    for s in range(N_DRAWS):
        f = simulate_count_panel(
            20,
            36,
            treated=range(5),
            start="2020-07",
            effect=effect,
            seed=s,
            level=20.0,
            level_sd=0.5,
            trend=0.05,
            trend_sd=0.02,
            seasonality=[1.0, 0.8, 0.95, 1, 1, 1, 1.05, 1.05, 1, 1, 1.1, 1.1],
            shocks={"2020-02": 0.75},
            shock_sd=0.05,
            dispersion=10.0,
        )
        post = f["period"] >= pd.Period("2020-07", "M")
        tr = f["adoption"].notna()
        t1, t0 = f.loc[tr & post, "count"].sum(), f.loc[tr & ~post, "count"].sum()
        c1, c0 = f.loc[~tr & post, "count"].sum(), f.loc[~tr & ~post, "count"].sum()
        ests.append(math.log(t1 / t0) - math.log(c1 / c0))
    est = np.array(ests)
    assert abs(est.mean() - math.log(effect)) < RECOVERY_TOL
    assert est.std() > 0.01  # the draws do differ


def test_count_panel_truth_columns_and_staggered_effect() -> None:
    def eff(e: np.ndarray, cohort: np.ndarray) -> np.ndarray:
        return np.exp(-0.1 * (e + 1) * np.where(cohort == "2019-01", 2.0, 1.0))

    f = simulate_count_panel(
        ["a", "b", "c"],
        24,
        {"a": "2019-01", "b": "2019-07"},
        None,
        eff,
        seed=1,
        level=[5.0, 10.0, 20.0],
        exposure=[1.0, 2.0, 3.0],
    )
    assert list(f.columns) == [
        "unit",
        "period",
        "adoption",
        "event_time",
        "treated",
        "exposure",
        "baseline",
        "effect",
        "mu",
        "count",
    ]
    a = f[f["unit"] == "a"]
    np.testing.assert_allclose(a["baseline"].iloc[0], 5.0)  # level x exposure 1, t = 0
    assert f.loc[f["unit"] == "c", "event_time"].isna().all()
    assert (f.loc[f["unit"] == "c", "effect"] == 1).all()
    b = f[f["unit"] == "b"]
    assert (b.loc[b["period"] < pd.Period("2019-07", "M"), "effect"] == 1).all()
    e = a["event_time"].to_numpy(dtype=float)
    np.testing.assert_allclose(a["effect"], np.where(e >= 0, np.exp(-0.2 * (e + 1)), 1.0))
    np.testing.assert_allclose(f["mu"], f["baseline"] * f["effect"])
    same = simulate_count_panel(
        ["a", "b", "c"],
        24,
        {"a": "2019-01", "b": "2019-07"},
        None,
        eff,
        seed=1,
        level=[5.0, 10.0, 20.0],
        exposure=[1.0, 2.0, 3.0],
    )
    pd.testing.assert_frame_equal(f, same)


def test_count_panel_overdispersion_matches_negative_binomial() -> None:
    k = 5.0
    f = simulate_count_panel(200, 48, seed=3, level=10.0, level_sd=0.3, dispersion=k)
    pearson = ((f["count"] - f["mu"]) ** 2 / (f["mu"] + f["mu"] ** 2 / k)).mean()
    assert abs(pearson - 1) < 0.05  # about 9,600 cells: SE of the mean about 0.02
    poisson = ((f["count"] - f["mu"]) ** 2 / f["mu"]).mean()
    assert poisson > 2  # clearly overdispersed against Poisson


def test_count_panel_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="start"):
        simulate_count_panel(3, 12, treated=["u1"])
    with pytest.raises(ValueError, match="not among"):
        simulate_count_panel(3, 12, treated=["zz"], start="2018-06")
    with pytest.raises(ValueError, match="outside"):
        simulate_count_panel(3, 12, treated=["u1"], start="2025-01")
    with pytest.raises(ValueError, match="seasonality"):
        simulate_count_panel(3, 12, seasonality=[1.0, 2.0])
