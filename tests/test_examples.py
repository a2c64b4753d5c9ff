"""Every example study under ``examples/`` reproduces its published figure in the report.

Each example is run once (``pilot-eval run``: :func:`analysis.face.pipeline.run_study`
into a temporary reports folder, cached for the session) and the published number is read
back from the report's ``results.json``. The cases of ``../shared/validation`` are skipped
when that folder is absent; the examples that ship their data (``examples/<case>/*.csv``)
always run.

A case whose study needs a feature the library does not have yet is marked
``xfail(strict=True)`` with the feature named: the assertion is the same as it will be
once the feature lands, and the strict mark makes the test fail (XPASS) as soon as it
passes, so the mark is removed then. Each figure is read by one accessor function below;
the accessors marked GUESS name results.json keys that do not exist yet (they are being
added with the features) and may need updating when those land.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from analysis.face import pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VALIDATION = ROOT.parent / "shared" / "validation"

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

_RUNS: dict[str, tuple[pipeline.RunOutcome, Path]] = {}


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=f"needs {reason}")


@pytest.fixture(scope="session")
def example_reports(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("example_reports")


def needs_validation(case: str) -> None:
    if not (VALIDATION / case).is_dir():
        pytest.skip(f"validation case ../shared/validation/{case} is absent")


def results(case: str, reports: Path) -> dict:
    """results.json of ``examples/<case>`` run through the pipeline (once per session)."""
    if case not in _RUNS:
        outcome = pipeline.run_study(
            EXAMPLES / case / "study.yml", reports, progress=False, log=lambda *_: None
        )
        _RUNS[case] = (outcome, reports)
    outcome, out = _RUNS[case]
    assert outcome.ok, f"pilot-eval run examples/{case} failed: {outcome.error}"
    return json.loads((out / outcome.study / "results.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# Accessors: one per kind of figure.


def staggered_overall(r: dict, indicator: str, aggregation: str) -> tuple[float, float]:
    """Callaway–Sant'Anna aggregate (simple / group / dynamic): overall estimate and SE."""
    agg = r["staggered"][indicator][aggregation]
    return agg["overall_estimate"], agg["overall_std_error"]


def its_coefficient(r: dict, indicator: str, term: str) -> dict:
    """A coefficient of the ITS regression (its tidy row: estimate, std_error, conf_*).
    Known terms: time, level_start, slope_start, post_trend; a covariate's row has the
    covariate's column name as ``term``."""
    (outcome,) = [
        o
        for o in r["trend_models"]["outcomes"]
        if o["indicator"] == indicator and o["design"] == "its"
    ]
    assert outcome["status"] == "ok", outcome["reason"]
    rows = {c["term"]: c for c in outcome["effect"]["coefficients"]}
    assert term in rows, f"no ITS term {term!r}; terms: {sorted(rows)}"
    return rows[term]


def sts_coefficient(r: dict, indicator: str, term: str) -> dict:
    """A regression coefficient of the structural time-series model (``trend.sts_form:
    intervention``), as a tidy row under the STS outcome's ``effect.coefficients``:
    ``term`` = the covariate's name (``log(PetrolPrice)``) or ``step`` for the step."""
    (outcome,) = [
        o
        for o in r["trend_models"]["outcomes"]
        if o["indicator"] == indicator and o["design"] == "sts"
    ]
    assert outcome["status"] == "ok", outcome["reason"]
    rows = {c["term"]: c for c in outcome["effect"].get("coefficients", ())}
    assert term in rows, f"no STS term {term!r}; terms: {sorted(rows)}"
    return rows[term]


def synth_placebo(r: dict, indicator: str) -> tuple[int, int, float]:
    """Synthetic control, placebo in space: (rank of the treated unit, units, p)."""
    p = r["synthetic_control"][indicator]["placebo"]
    return p["rank"], p["n_units"], p["p_value"]


def before_after(r: dict, indicator: str) -> dict:
    """The treated group's before/after change of an indicator (levels, ratio, difference
    and their intervals)."""
    rows = [
        c
        for c in r["indicators"]["changes"]
        if c["indicator"] == indicator and c["group"] == "treated"
    ]
    assert len(rows) == 1, rows
    return rows[0]


def regression_did(r: dict, indicator: str) -> dict:
    """GUESS: the regression DiD (2×2 or TWFE) of an indicator as the DiDResult's dict
    (estimate, std_error, n_obs, r_squared, coefficients) under ``regression_did``."""
    return r["regression_did"][indicator]


def close(value: float, published: float, tol: float) -> bool:
    return math.isfinite(value) and abs(value - published) <= tol


# ---------------------------------------------------------------------------------------
# The cases of ../shared/validation


def test_injury_did_wooldridge_13_4(example_reports):
    """Wooldridge Ex. 13.4, eq. (13.12): DiD .191 (.069), n = 5,626, classical SEs."""
    needs_validation("injury_did")
    did = regression_did(results("injury_did", example_reports), "log_duration")
    assert close(did["estimate"], 0.191, 0.0005), did["estimate"]
    assert close(did["std_error"], 0.069, 0.0005), did["std_error"]
    assert did["n_obs"] == 5626


@pytest.mark.parametrize(
    ("aggregation", "published", "published_se"),
    [("simple", -0.0400, 0.012034), ("dynamic", -0.0772, 0.019965), ("group", -0.0310, 0.012446)],
)
def test_mpdta_callaway_santanna(example_reports, aggregation, published, published_se):
    """R did: aggte simple −0.0400, dynamic −0.0772, group −0.0310 (printed to 4 d.p.);
    analytic SEs (bstrap = FALSE) 0.012034, 0.019965, 0.012446."""
    needs_validation("mpdta_csdid")
    est, se = staggered_overall(results("mpdta_csdid", example_reports), "lemp", aggregation)
    assert close(est, published, 0.00005), est
    assert close(se, published_se, 0.000001), se


def test_prminwge_newey_west_wooldridge_12_7(example_reports):
    """Wooldridge Ex. 12.7: β(lmincov) = −.2123, Newey–West SE (g = 2) .0426."""
    needs_validation("prminwge_newey_west")
    row = its_coefficient(
        results("prminwge_newey_west", example_reports), "log_employment_rate", "lmincov"
    )
    assert close(row["estimate"], -0.2123, 0.00005), row["estimate"]
    assert close(row["std_error"], 0.0426, 0.0001), row["std_error"]


@pytest.mark.parametrize(
    ("term", "published"),
    [("time", -1.78), ("level_start", -20.06), ("slope_start", -1.49), ("post_trend", -3.27)],
)
def test_prop99_linden_itsa(example_reports, term, published):
    """Linden (2015) itsa single, California: pre-trend −1.78, level change −20.06, slope
    change −1.49, post-trend −3.27 (2 d.p.)."""
    needs_validation("prop99_its_synth")
    row = its_coefficient(results("prop99_its_synth", example_reports), "cigsale", term)
    assert close(row["estimate"], published, 0.005), row["estimate"]


def test_prop99_synth_placebo_rank(example_reports):
    """ADH (2010): California's post/pre RMSPE ratio ranks first of 39, p = 1/39 = 0.026
    (predictors from `indicators.cigsale.synth`)."""
    needs_validation("prop99_its_synth")
    rank, n, p = synth_placebo(results("prop99_its_synth", example_reports), "cigsale")
    assert (rank, n) == (1, 39)
    assert close(p, 1 / 39, 1e-12), p


ADH_TABLE_2 = {
    "Utah": 0.334,
    "Nevada": 0.234,
    "Montana": 0.199,
    "Colorado": 0.164,
    "Connecticut": 0.069,
}


def test_prop99_synth_weights_adh_table_2(example_reports):
    """ADH (2010) Table 2: Utah .334, Nevada .234, Montana .199, Colorado .164, Connecticut
    .069, every other state 0 (printed to 3 d.p.; the case README asks ±0.01, measured
    within 0.005). Pre-period RMSPE: the best known optimum 1.7540 (synth2 prints 1.7557)."""
    needs_validation("prop99_its_synth")
    fit = results("prop99_its_synth", example_reports)["synthetic_control"]["cigsale"]["fit"]
    weights = dict(zip(fit["donors"], fit["weights"], strict=True))
    for state, published in ADH_TABLE_2.items():
        assert close(weights[state], published, 0.01), (state, weights[state])
    assert max(w for s, w in weights.items() if s not in ADH_TABLE_2) < 0.01
    assert fit["method"] == "nested V (predictors)" and len(fit["predictor_names"]) == 7
    assert close(fit["pre_rmspe"], 1.7540, 0.001), fit["pre_rmspe"]


def test_rate_ratio_boice_monson(example_reports):
    """Episheet / Modern Epidemiology: IRR 1.855; IRD 67.499 per 100,000 PY, Wald 95% CI
    7.5–128."""
    needs_validation("rate_ratio")
    c = before_after(results("rate_ratio", example_reports), "breast_cancer")
    assert close(c["fold_change"], 1.855, 0.001), c["fold_change"]
    assert close(c["absolute_change"], 67.499, 0.001), c["absolute_change"]
    assert close(c["abs_conf_low"], 7.5, 0.5), c["abs_conf_low"]
    assert close(c["abs_conf_high"], 128, 0.5), c["abs_conf_high"]


def test_rate_ratio_wald_interval(example_reports):
    """Episheet / Modern Epidemiology: IRR 95% Wald CI 1.03–3.35 (``ratio_interval: wald``;
    our 6-d.p. figures 1.027200–3.352613)."""
    needs_validation("rate_ratio")
    c = before_after(results("rate_ratio", example_reports), "breast_cancer")
    assert c["ci_method"] == "Wald (log scale)"
    assert close(1 + c["relative_conf_low"], 1.0272, 0.00005), c["relative_conf_low"]
    assert close(1 + c["relative_conf_high"], 3.3526, 0.00005), c["relative_conf_high"]
    assert close(1 + c["relative_conf_low"], 1.03, 0.005), c["relative_conf_low"]
    assert close(1 + c["relative_conf_high"], 3.35, 0.005), c["relative_conf_high"]


@pytest.mark.parametrize(
    ("term", "published", "published_se"),
    [("step", -0.23773, 0.04632), ("log(PetrolPrice)", -0.29140, 0.09832)],
)
def test_seatbelts_durbin_koopman(example_reports, term, published, published_se):
    """Durbin & Koopman (2012) §8.2: law λ = −0.23773 (RMSE 0.04632), petrol β = −0.29140
    (RMSE 0.09832)."""
    needs_validation("seatbelts_sts")
    row = sts_coefficient(results("seatbelts_sts", example_reports), "drivers_ksi", term)
    assert close(row["estimate"], published, 0.00001), row["estimate"]
    assert close(row["std_error"], published_se, 0.00001), row["std_error"]


def test_sicily_lopez_bernal(example_reports):
    """Lopez Bernal et al. (2017), model 3: step RR 0.8851 (95% CI 0.8394–0.9332)."""
    needs_validation("sicily_its")
    row = its_coefficient(results("sicily_its", example_reports), "aces", "level_start")
    assert row["scale"] == "log"
    assert close(math.exp(row["estimate"]), 0.8851, 0.00005), row["estimate"]
    assert close(math.exp(row["conf_low"]), 0.8394, 0.00005), row["conf_low"]
    assert close(math.exp(row["conf_high"]), 0.9332, 0.00005), row["conf_high"]


# ---------------------------------------------------------------------------------------
# Examples that ship their data (examples/<case>/*.csv): never skipped


def staggered_twfe(r: dict, indicator: str) -> dict:
    """The TWFE beside Callaway–Sant'Anna in the staggered section (estimate, std_error)."""
    return r["staggered"][indicator]["twfe"]


def bacon_components(r: dict, indicator: str) -> dict[str, tuple[float, float]]:
    """Goodman-Bacon decomposition summed by comparison type: {type: (estimate, weight)}
    with the estimate the weight-averaged 2×2 DiD of that type."""
    b = r["staggered"][indicator]["bacon"]
    out: dict[str, tuple[float, float]] = {}
    for kind in sorted(set(b["comparison"])):
        triples = zip(b["comparison"], b["estimate"], b["weight"], strict=True)
        rows = [(e, w) for c, e, w in triples if c == kind]
        weight = sum(w for _, w in rows)
        out[kind] = (sum(e * w for e, w in rows) / weight, weight)
    return out


@pytest.mark.parametrize(
    ("indicator", "published", "published_se"),
    [("real_price", -11863.9, 7456.6), ("real_price_age", -21920.3, 6359.7)],
)
def test_kielmc_wooldridge_13_3(example_reports, indicator, published, published_se):
    """Wooldridge Ex. 13.3: y81·nearinc −11,863.9 (7,456.6); with age, age² −21,920.3
    (6,359.7); n = 321."""
    did = regression_did(results("kielmc_incinerator", example_reports), indicator)
    assert close(did["estimate"], published, 0.05), did["estimate"]
    assert close(did["std_error"], published_se, 0.05), did["std_error"]
    assert did["n_obs"] == 321


def test_cps78_85_wooldridge_13_2(example_reports):
    """Wooldridge Ex. 13.2: y85·female .085 (.051), n = 1,084."""
    did = regression_did(results("cps78_85_gender_gap", example_reports), "log_wage")
    assert close(did["estimate"], 0.085, 0.0005), did["estimate"]
    assert close(did["std_error"], 0.051, 0.0005), did["std_error"]
    assert did["n_obs"] == 1084


def test_organ_donations_the_effect_ch18(example_reports):
    """The Effect ch. 18: feols(Rate ~ Treated | State + Quarter): Treated −0.022."""
    did = regression_did(
        results("organ_donations_active_choice", example_reports), "registration_rate"
    )
    assert close(did["estimate"], -0.022, 0.0005), did["estimate"]
    assert did["n_obs"] == 162
    # one treated state: a cluster-robust SE from one treated cluster is not a valid
    # sampling interval, so the report gives the point estimate and says so
    assert did["std_error"] is None and did["conf_low"] is None


def test_castle_twfe_mixtape(example_reports):
    """Mixtape §9.6 replication (Stata xtdidregress): ATET .0693984 (SE .0558596)."""
    tw = staggered_twfe(results("castle_doctrine", example_reports), "log_homicide_rate")
    assert close(tw["estimate"], 0.0693984, 5e-8), tw["estimate"]
    assert close(tw["std_error"], 0.0558596, 5e-8), tw["std_error"]


@pytest.mark.parametrize(
    ("kind", "published", "published_weight"),
    [
        ("treated vs never treated", 0.07843799, 0.898809),
        ("earlier vs later (not yet treated)", -0.02857716, 0.077079),
        ("later vs earlier (already treated)", 0.04563468, 0.024112),
    ],
)
def test_castle_bacon_decomposition(example_reports, kind, published, published_weight):
    """Stata estat bdecomp on the Mixtape's castle data: the three comparison types."""
    parts = bacon_components(results("castle_doctrine", example_reports), "log_homicide_rate")
    estimate, weight = parts[kind]
    assert close(estimate, published, 5e-7), estimate
    assert close(weight, published_weight, 5e-7), weight


@pytest.mark.parametrize(
    ("term", "published", "tol", "published_se", "se_tol"),
    [
        ("pulse_start", -35.59, 0.005, 6.30, 0.005),
        ("level_pill", 0.997, 0.0005, 6.26, 0.005),
        ("pe", 0.279, 0.0005, 0.040, 0.0005),
        ("time", -1.15, 0.005, 0.19, 0.005),
    ],
)
def test_fertil3_wooldridge_10_8(example_reports, term, published, tol, published_se, se_tol):
    """Wooldridge Ex. 10.8: gfr on pe .279 (.040), ww2 −35.59 (6.30), pill .997 (6.26),
    t −1.15 (.19); as an ITS: covariate pe, a 5-year pulse at 1941, a level change at the
    1963 milestone. Tolerances: half a unit of the printed digit."""
    row = its_coefficient(results("fertil3_exemption", example_reports), "gfr", term)
    assert close(row["estimate"], published, tol), row["estimate"]
    assert close(row["std_error"], published_se, se_tol), row["std_error"]


@pytest.mark.parametrize(
    ("term", "truth"),
    [("pulse_start", -25.0), ("temperature", 3.0), ("time", 0.4)],
)
def test_synthetic_monthly_pulse_recovers_the_planted_truth(example_reports, term, truth):
    """A monthly single series with a covariate and a 4-month pulse (planted: −25 minutes
    while the surge team worked, +3 minutes per degree, +0.4 a month): each interval of
    the report's ITS covers the planted value and the estimate is within 3 SE of it."""
    row = its_coefficient(
        results("synthetic_monthly_pulse", example_reports), "response_minutes", term
    )
    assert row["conf_low"] <= truth <= row["conf_high"], row
    assert abs(row["estimate"] - truth) <= 3 * row["std_error"], row


def test_synthetic_monthly_pulse_data_regenerate_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_example_data", ROOT / "scripts" / "make_example_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.write(tmp_path)
    committed = EXAMPLES / "synthetic_monthly_pulse" / "series.csv"
    assert fresh.read_bytes() == committed.read_bytes()
