"""The averaged outcome kinds (measure, ready-made rate, share; weights; log scale) against
hand, pandas and statsmodels computations, their bad-input errors, and validate's list of
the designs that cannot run."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.intake.validate import load_study, validate_study
from analysis.narrative.numbers import fmt_level, level
from analysis.numbers.designs.its_models import hac_lag_rule
from analysis.numbers.indicators import compute_indicators
from analysis.numbers.means import mean_change
from analysis.report.tables import indicator_section

DEMO = Path(__file__).resolve().parents[1] / "data" / "dadeng"
UNITS = ["A", "B", "C", "D"]  # A is the pilot
QUARTERS = [f"{y}-Q{q}" for y in (2018, 2019, 2020, 2021) for q in (1, 2, 3, 4)]
BEFORE = [f"2019-Q{q}" for q in (1, 2, 3, 4)]
AFTER = [f"2020-Q{q}" for q in (1, 2, 3, 4)]

SPEC = """\
id: kinds
title: Averaged kinds
question: Do means move?
sources:
  panel: {file: panel.csv, shape: panel, unit: unit, period: quarter}
frequency: quarter
treatment: {units: [A], start: "2020-Q1"}
windows:
  before: {start: "2019-Q1", end: "2019-Q4"}
  after: {start: "2020-Q1", end: "2020-Q4"}
min_pre_periods: 4
indicators:
  price:
    label: House price
    kind: measure
    source: panel
    column: price
  price_log:
    label: House price (log)
    kind: measure
    source: panel
    column: price
    transform: log
  reg_rate:
    label: Registration rate
    kind: rate
    source: panel
    column: reg_rate
  insured:
    label: Insured share
    kind: share
    source: panel
    column: insured_pct
    scale: percent
    weight: n
  score:
    label: Test score (centred)
    kind: measure
    source: panel
    column: score
designs: [descriptive]
"""


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    rows = []
    for i, u in enumerate(UNITS):
        for j, q in enumerate(QUARTERS):
            rows.append(
                {
                    "unit": u,
                    "quarter": q,
                    "price": round(200 + 10 * i + 2 * j + rng.normal(0, 5), 2),
                    "reg_rate": round(0.25 + 0.01 * i + rng.normal(0, 0.02), 4),
                    "insured_pct": round(40 + 3 * i + (5 if j >= 8 else 0) + rng.normal(0, 2), 1),
                    "n": int(rng.integers(50, 500)),
                    "score": round(-3 + 0.3 * j + rng.normal(0, 0.3), 3),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture()
def study_dir(tmp_path):
    (tmp_path / "study.yml").write_text(SPEC, encoding="utf-8")
    _panel().to_csv(tmp_path / "panel.csv", index=False)
    return tmp_path


@pytest.fixture()
def table(study_dir):
    return compute_indicators(load_study(study_dir / "study.yml").panel)


def _window(frame: pd.DataFrame, units) -> pd.DataFrame:
    sel = frame[frame["unit"].isin(units) & frame["quarter"].isin(BEFORE + AFTER)]
    return sel.assign(after=sel["quarter"].isin(AFTER).astype(float))


def _t(df: float) -> float:
    return float(stats.t.ppf(0.975, df))


# -- measure: mean and its standard error ---------------------------------------------------


def test_measure_single_unit_mean_and_hac_se_match_statsmodels(table):
    c = table.get("price", "treated")
    a = _window(_panel(), ["A"]).sort_values("quarter")
    before = a.loc[a["after"] == 0, "price"].mean()
    after = a.loc[a["after"] == 1, "price"].mean()
    assert c.before_level == pytest.approx(before, rel=1e-12)
    assert c.after_level == pytest.approx(after, rel=1e-12)
    X = sm.add_constant(a["after"].to_numpy())
    fit = sm.OLS(a["price"].to_numpy(), X).fit(
        cov_type="HAC", cov_kwds={"maxlags": hac_lag_rule(len(a)), "use_correction": False}
    )
    assert c.absolute_change == pytest.approx(fit.params[1], rel=1e-12)
    assert c.abs_std_error == pytest.approx(fit.bse[1], rel=1e-10)
    q = _t(len(a) - 2)
    assert c.abs_conf_low == pytest.approx(fit.params[1] - q * fit.bse[1], rel=1e-10)
    assert c.before_conf_high == pytest.approx(fit.params[0] + q * fit.bse[0], rel=1e-10)
    assert "Newey–West" in c.level_ci_method and "periods" in c.interval_note
    assert c.level_definition.startswith("mean")


def test_measure_group_mean_is_a_mean_over_units_with_cluster_se(table):
    c = table.get("price", "comparison")
    w = _window(_panel(), ["B", "C", "D"])
    assert c.before_level == pytest.approx(w.loc[w["after"] == 0, "price"].mean(), rel=1e-12)
    fit = sm.OLS(w["price"].to_numpy(), sm.add_constant(w["after"].to_numpy())).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(w["unit"])[0]}
    )
    assert c.abs_std_error == pytest.approx(fit.bse[1], rel=1e-10)
    q = _t(3 - 1)  # G − 1 degrees of freedom
    assert c.abs_conf_high == pytest.approx(fit.params[1] + q * fit.bse[1], rel=1e-10)
    assert c.level_ci_method == "cluster-robust by unit (CR1, 3 clusters)"
    # the comparison of Poisson rate ratios is never formed for a measure
    assert not [k for k in table.comparisons if k.indicator == "price"]


def test_microdata_mean_se_is_hc2_over_records():
    rng = np.random.default_rng(3)
    y = rng.normal(10, 3, 300)
    after = rng.random(300) < 0.5
    w = rng.uniform(0.5, 2.0, 300)
    m = mean_change(y, after, weight=w, se="hc2")
    fit = sm.WLS(y, sm.add_constant(after.astype(float)), weights=w).fit(cov_type="HC2")
    assert m.before == pytest.approx(np.average(y[~after], weights=w[~after]), rel=1e-12)
    assert m.se_before == pytest.approx(fit.bse[0], rel=1e-10)
    assert m.se_difference == pytest.approx(fit.bse[1], rel=1e-10)
    # unweighted: the textbook s/sqrt(n) of each window's mean, Welch for the difference
    m0 = mean_change(y, after, se="hc2")
    b, a = y[~after], y[after]
    assert m0.se_before == pytest.approx(b.std(ddof=1) / math.sqrt(len(b)), rel=1e-10)
    welch = math.sqrt(b.var(ddof=1) / len(b) + a.var(ddof=1) / len(a))
    assert m0.se_difference == pytest.approx(welch, rel=1e-10)
    assert m0.difference == pytest.approx(a.mean() - b.mean(), rel=1e-12)


# -- share: weighted, percentage points -----------------------------------------------------


def test_weighted_share_in_percentage_points(table):
    c = table.get("insured", "comparison")
    w = _window(_panel(), ["B", "C", "D"])
    b, a = w[w["after"] == 0], w[w["after"] == 1]
    before = np.average(b["insured_pct"], weights=b["n"]) / 100
    after = np.average(a["insured_pct"], weights=a["n"]) / 100
    assert c.before_level == pytest.approx(before, rel=1e-12)
    assert c.absolute_change == pytest.approx(after - before, rel=1e-10)
    fit = sm.WLS(
        w["insured_pct"].to_numpy() / 100, sm.add_constant(w["after"].to_numpy()), weights=w["n"]
    ).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(w["unit"])[0]})
    assert c.abs_std_error == pytest.approx(fit.bse[1], rel=1e-10)
    assert math.isnan(c.relative_conf_low)  # never percent of a percent
    text = c.headline("en")
    assert "percentage points" in text and f"{after * 100:.1f}%" in text
    assert "个百分点" in c.headline("zh")
    assert "percentage points" in c.interval_note


# -- ready-made rate: averaged, never summed ------------------------------------------------


def test_ready_made_rate_is_averaged_not_summed(table):
    c = table.get("reg_rate", "comparison")
    w = _window(_panel(), ["B", "C", "D"])
    before = w.loc[w["after"] == 0, "reg_rate"].mean()
    assert c.before_level == pytest.approx(before, rel=1e-12)
    assert 0.2 < c.before_level < 0.35  # a sum over three units would be about 0.8
    assert not [k for k in table.comparisons if k.indicator == "reg_rate"]
    # a rate of about 0.27 reads "0.27" (two significant digits), never "0.3" or "per 1"
    text = c.headline("en")
    assert f"{before:.2f}" in text and "per 1 " not in text
    assert f"{before:.2f}" in indicator_section(table, "reg_rate")
    assert "Poisson" not in c.level_ci_method + c.ci_method


def test_small_levels_keep_two_significant_digits():
    assert level(0.27, "en") == "0.27"
    assert level(0.0034, "en") == "0.0034"
    assert level(0.5, "en") == "0.50"
    assert level(3.14159, "en") == "3.14"  # unchanged above 0.1
    assert fmt_level(0.27) == "0.27" and fmt_level(0.034) == "0.034"
    assert fmt_level(12345.6) == "12,345.6"


# -- log transform ---------------------------------------------------------------------------


def test_log_transform_effect_via_exp_and_geometric_levels(table):
    c = table.get("price_log", "treated")
    a = _window(_panel(), ["A"]).sort_values("quarter")
    logs = np.log(a["price"].to_numpy())
    delta = logs[a["after"] == 1].mean() - logs[a["after"] == 0].mean()
    assert c.relative_change == pytest.approx(math.expm1(delta), rel=1e-10)
    assert c.before_level == pytest.approx(math.exp(logs[a["after"] == 0].mean()), rel=1e-12)
    fit = sm.OLS(logs, sm.add_constant(a["after"].to_numpy())).fit(
        cov_type="HAC", cov_kwds={"maxlags": hac_lag_rule(len(a)), "use_correction": False}
    )
    q = _t(len(a) - 2)
    assert c.relative_conf_low == pytest.approx(math.exp(delta - q * fit.bse[1]) - 1, rel=1e-9)
    assert c.relative_conf_high == pytest.approx(math.exp(delta + q * fit.bse[1]) - 1, rel=1e-9)
    assert c.log_scale and "geometric" in c.level_definition
    # levels averaged on the log scale, never summed over periods
    assert c.before_level < a["price"].max()


def test_log_of_zero_or_negative_is_an_error_naming_file_column_rows(study_dir):
    frame = _panel()
    frame.loc[5, "price"] = 0
    frame.loc[9, "price"] = -3
    frame.to_csv(study_dir / "panel.csv", index=False)
    report = validate_study(study_dir / "study.yml")
    bad = [i for i in report.errors if i.code == "value.not_positive_for_log"]
    assert len(bad) == 1, report.summary()
    assert bad[0].column == "price" and bad[0].file.endswith("panel.csv")
    assert bad[0].rows == (7, 11)  # file rows: header is row 1
    assert "price_log" in bad[0].message


def test_share_out_of_scale_and_negative_weight_are_errors(study_dir):
    frame = _panel()
    frame.loc[2, "insured_pct"] = 140
    frame.loc[3, "n"] = -1
    frame.to_csv(study_dir / "panel.csv", index=False)
    report = validate_study(study_dir / "study.yml")
    share = [i for i in report.errors if i.code == "value.share_out_of_range"]
    weight = [i for i in report.errors if i.code == "value.negative_weight"]
    assert share and share[0].rows == (4,) and share[0].column == "insured_pct"
    assert weight and weight[0].rows == (5,) and weight[0].column == "n"


# -- validate names the designs that cannot run ------------------------------------------------


def test_validate_names_each_design_that_cannot_run(tmp_path):
    dest = tmp_path / "dadeng"
    shutil.copytree(DEMO, dest)
    spec = dest / "study.yml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace(
        "designs: [descriptive, its, sts, did]", "designs: [descriptive, its, did, staggered]"
    ).replace("  units: all_untreated", "  units: [Binhai, Datong, Dianqian]")
    spec.write_text(text, encoding="utf-8")
    report = validate_study(spec)
    assert report.ok, report.summary()
    by_code = {i.code: i for i in report.designs}
    stock = [i for i in report.designs if i.code == "design.did_not_counts"]
    assert {i.column for i in stock} == {
        "indicators.registered_floating",
        "indicators.disputes_resolved_share",
    }
    assert "permutation DiD" in stock[0].message and "(stock)" in stock[0].message
    few = by_code["design.did_few_comparison"]
    assert few.severity == "warning" and "3 comparison unit(s)" in few.message
    assert "fraud_incidents" in few.message
    assert by_code["design.staggered_no_adoption"].severity == "warning"
    facts = by_code["design.facts_indicator"]
    assert "its, did, staggered" in facts.message and "fraud_dissuaded" in facts.message
    # the list is printed by `validate`
    assert "design.staggered_no_adoption" in report.summary()


def test_synthetic_control_with_few_pre_periods_warns(tmp_path):
    dest = tmp_path / "dadeng"
    shutil.copytree(DEMO, dest)
    spec = dest / "study.yml"
    text = spec.read_text(encoding="utf-8").replace("min_pre_periods", "# min_pre_periods")
    # the pilot starting in 2018-04 leaves 3 pre-periods for 24 donors
    text = text.replace('  start: "2021-01"', '  start: "2018-04"') + "min_pre_periods: 3\n"
    spec.write_text(text, encoding="utf-8")
    report = validate_study(spec)
    warn = [i for i in report.designs if i.code == "design.synth_few_pre_periods"]
    assert len(warn) == 1, report.summary()
    assert "3 pre-period(s)" in warn[0].message and "24 donor units" in warn[0].message


def test_demo_designs_list_leaves_the_recorded_validation_alone():
    report = validate_study(DEMO / "study.yml")
    assert report.designs  # the stock, the proportion and the facts indicators
    assert "designs" not in report.to_dict()


def test_trend_models_of_a_given_rate_fit_the_mean_per_period(study_dir):
    from analysis.numbers.designs.its import fit_its_panel

    panel = load_study(study_dir / "study.yml").panel
    res = fit_its_panel(
        panel,
        "reg_rate",
        group=["B", "C", "D"],
        start=pd.Period("2020Q1", "Q"),
        family="gaussian",
        seasonality="none",
        se="hac",
    )
    frame = _panel()
    expected = frame[frame["unit"].isin(["B", "C", "D"])].groupby("quarter")["reg_rate"].mean()
    np.testing.assert_allclose(res.path.observed, expected.to_numpy(), rtol=1e-12)


MICRO_SPEC = """\
id: micro
title: Pooled cross-sections
question: Did wages change?
sources:
  people: {file: people.csv, shape: microdata, unit: state, period: year}
frequency: year
treatment: {units: [NJ], start: "1993"}
windows:
  before: {start: "1992", end: "1992"}
  after: {start: "1993", end: "1993"}
min_pre_periods: 1
indicators:
  wage:
    label: Hourly wage
    kind: measure
    source: people
    column: wage
    weight: w
designs: [descriptive]
"""


def test_microdata_records_give_the_mean_over_records_with_hc2(tmp_path):
    """A panel of records (several rows per state and year) as the microdata intake
    builds it: the level is the weighted mean over records, its SE HC2 over records."""
    from analysis.intake.panel import Panel
    from analysis.intake.spec import load_spec

    (tmp_path / "study.yml").write_text(MICRO_SPEC, encoding="utf-8")
    spec = load_spec(tmp_path / "study.yml")
    rng = np.random.default_rng(5)
    rows = pd.DataFrame(
        {
            "unit": np.repeat(["NJ", "PA"], 80),
            "period": pd.PeriodIndex(np.tile(np.repeat(["1992", "1993"], 40), 2), freq="Y"),
            "wage": rng.normal(5, 1, 160).round(2),
            "w": rng.integers(1, 4, 160).astype(float),
        }
    )
    panel = Panel(
        spec=spec,
        periods=pd.period_range("1992", "1993", freq="Y"),
        units=("NJ", "PA"),
        frames={"people": rows.set_index(["unit", "period"])},
        adoption={"NJ": pd.Period("1993", "Y"), "PA": None},
    )
    c = compute_indicators(panel).get("wage", "treated")
    nj = rows[rows["unit"] == "NJ"]
    after = (nj["period"] == pd.Period("1993", "Y")).to_numpy(float)
    fit = sm.WLS(nj["wage"].to_numpy(), sm.add_constant(after), weights=nj["w"]).fit(cov_type="HC2")
    assert c.before_level == pytest.approx(fit.params[0], rel=1e-12)
    assert c.absolute_change == pytest.approx(fit.params[1], rel=1e-10)
    assert c.abs_std_error == pytest.approx(fit.bse[1], rel=1e-10)
    assert c.level_ci_method.startswith("HC2 over 80 records")
    assert "over records" in c.level_definition and "records" in c.interval_note


def test_measure_around_zero_has_no_relative_change(table):
    c = table.get("score", "treated")
    a = _window(_panel(), ["A"])
    assert c.before_level == pytest.approx(a.loc[a["after"] == 0, "score"].mean(), rel=1e-12)
    assert c.before_level < 0 and math.isnan(c.relative_change)
    assert c.absolute_change == pytest.approx(
        a.loc[a["after"] == 1, "score"].mean() - c.before_level, rel=1e-10
    )
    assert "%" not in c.headline("en")  # worded as before → after, never a percent


def test_trend_models_on_a_roll_out_in_waves_are_named(tmp_path):
    demo = DEMO.parent / "gaomi"
    dest = tmp_path / "gaomi"
    shutil.copytree(demo, dest)
    spec = dest / "study.yml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("designs: [descriptive, staggered]", "designs: [descriptive, its, staggered]"),
        encoding="utf-8",
    )
    report = validate_study(spec)
    warn = [i for i in report.designs if i.code == "design.its_staggered"]
    assert len(warn) == 1 and warn[0].severity == "warning", report.summary()
    assert "design its" in warn[0].message and "different periods" in warn[0].message
    assert not [i for i in report.designs if i.code.startswith("design.staggered")]


def test_validate_checks_log_values_of_microdata_records(tmp_path):
    """A log transform on zeros or negatives in a microdata file is a validate error
    naming the file, column and rows (not a failure inside the kernel)."""
    import csv
    import shutil

    from analysis.intake.validate import validate_study

    src = Path(__file__).resolve().parents[1] / "examples" / "kielmc_incinerator"
    dest = tmp_path / "k"
    shutil.copytree(src, dest)
    rows = list(csv.reader((dest / "kielmc.csv").open(encoding="utf-8")))
    col = rows[0].index("rprice")
    rows[3][col], rows[5][col] = "0", "-5"
    with (dest / "kielmc.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    spec = dest / "study.yml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("    column: rprice\n", "    column: rprice\n    transform: log\n", 1),
        encoding="utf-8",
    )
    report = validate_study(spec)
    (err,) = [i for i in report.errors if i.code == "value.not_positive_for_log"]
    assert err.column == "rprice" and err.rows == (4, 6)
    # the unmodified study validates, and its summary line counts the design notes it lists
    clean = validate_study(src / "study.yml")
    assert clean.ok and clean.designs
    assert f"{len(clean.designs)} note(s) on designs that cannot run" in clean.summary()
