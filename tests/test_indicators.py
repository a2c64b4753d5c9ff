"""Before/after indicators: hand-computed and published values, windows, edge cases, contract."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.intake.spec import Window, Windows
from analysis.intake.validate import load_study
from analysis.intake.windows import WindowPair, resolve_windows
from analysis.numbers.indicators import compute_indicators, indicator_change
from analysis.numbers.rates import (
    fold_change,
    proportion,
    proportion_difference,
    rate_difference,
    rate_ratio,
    ratio_of_rate_ratios,
)
from analysis.results.indicators import (
    NOTE_CENSUS,
    NOTE_STOCK,
    ChangeComparison,
    Estimate,
    FactLevel,
    IndicatorChange,
    IndicatorTable,
)

VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "validation"

# Named tolerances, each with its reason.
DISPLAY_1DP_PCT = 0.0005  # a percentage printed to 1 decimal (97.4%) is exact to ±0.05 pp
DISPLAY_2DP = 0.005  # a ratio printed to 2 decimals (3.16×)
PUBLISHED_IRR = 0.001  # Episheet prints the IRR to 3 decimals (1.855)
PUBLISHED_RATIO_CI = 0.005  # published ratio CI rounded to 3 s.f. (README: ±0.005)
PUBLISHED_IRD = 0.001  # Episheet prints the IRD to 3 decimals (67.499)
PUBLISHED_DIFF_CI = 0.5  # published difference CI rounded to 2-3 s.f. (README: ±0.5)
INTERNAL_4DP = 5e-5  # our own README figures for exact/mid-p, printed to 4 decimals
NEWCOMBE_4DP = 5e-5  # Newcombe (1998) Table II prints limits to 4 decimals
FLOAT = 1e-9  # same arithmetic done two ways


# -- plain-number functions ------------------------------------------------------------


def test_proportion_wilson_75_of_77():
    est = proportion(75, 77)
    assert round(est.estimate * 100, 1) == 97.4
    assert est.conf_low == pytest.approx(0.910, abs=DISPLAY_1DP_PCT)
    assert est.conf_high == pytest.approx(0.993, abs=DISPLAY_1DP_PCT)
    assert est.method == "Wilson score"
    # Wilson's closed form, independently of statsmodels
    z = stats.norm.isf(0.025)
    p, n = 75 / 77, 77
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    assert (est.conf_low, est.conf_high) == pytest.approx((centre - half, centre + half), abs=FLOAT)


def test_fold_change_and_census_share():
    assert fold_change(12_000, 3_800) == pytest.approx(3.16, abs=DISPLAY_2DP)
    assert f"{fold_change(12_000, 3_800):.2f}" == "3.16"
    assert round(proportion(221, 364).estimate * 100, 1) == 60.7
    assert fold_change(5, 0) == math.inf
    assert math.isnan(fold_change(0, 0))


def test_proportion_difference_newcombe_published():
    # Newcombe (1998) Stat Med 17:873, Table II example (a): 56/70 - 48/80, method 10
    est = proportion_difference(56, 70, 48, 80)
    assert est.estimate == pytest.approx(0.2, abs=FLOAT)
    assert est.conf_low == pytest.approx(0.0524, abs=NEWCOMBE_4DP)
    assert est.conf_high == pytest.approx(0.3339, abs=NEWCOMBE_4DP)


@pytest.fixture(scope="module")
def boice_monson():
    path = VALIDATION / "rate_ratio" / "boice_monson.csv"
    if not path.exists():
        pytest.skip(f"validation data not available: {path}")
    with path.open(newline="") as fh:
        rows = {r["group"]: r for r in csv.DictReader(fh)}
    exp, unexp = rows["exposed_fluoroscopy"], rows["unexposed"]
    return (
        int(exp["cases"]),
        float(exp["person_years"]),
        int(unexp["cases"]),
        float(unexp["person_years"]),
    )


def test_rate_ratio_published_wald(boice_monson):
    a, t_a, b, t_b = boice_monson
    est = rate_ratio(a, t_a, b, t_b, method="wald")
    assert est.estimate == pytest.approx(1.855, abs=PUBLISHED_IRR)
    assert est.conf_low == pytest.approx(1.03, abs=PUBLISHED_RATIO_CI)
    assert est.conf_high == pytest.approx(3.35, abs=PUBLISHED_RATIO_CI)
    # the formula itself
    se = math.sqrt(1 / a + 1 / b)
    z = stats.norm.isf(0.025)
    assert est.conf_low == pytest.approx(est.estimate * math.exp(-z * se), rel=FLOAT)
    assert est.std_error == pytest.approx(se, rel=FLOAT)
    assert est.p_value == pytest.approx(2 * stats.norm.sf(math.log(est.estimate) / se), rel=1e-6)


def test_rate_difference_published(boice_monson):
    a, t_a, b, t_b = boice_monson
    est = rate_difference(a, t_a, b, t_b, per=100_000)
    assert est.estimate == pytest.approx(67.499, abs=PUBLISHED_IRD)
    assert est.conf_low == pytest.approx(7.5, abs=PUBLISHED_DIFF_CI)
    assert est.conf_high == pytest.approx(128, abs=PUBLISHED_DIFF_CI)
    assert est.std_error == pytest.approx(math.sqrt(a / t_a**2 + b / t_b**2) * 1e5, rel=FLOAT)


def test_rate_ratio_exact_and_midp_internal(boice_monson):
    a, t_a, b, t_b = boice_monson
    exact = rate_ratio(a, t_a, b, t_b, method="exact")
    assert (exact.conf_low, exact.conf_high) == pytest.approx((1.0057, 3.6093), abs=INTERNAL_4DP)
    assert exact.p_value == pytest.approx(0.0409, abs=INTERNAL_4DP)
    # Clopper-Pearson through beta quantiles, independently of scipy.binomtest
    lo_p = stats.beta.ppf(0.025, a, b + 1)
    hi_p = stats.beta.ppf(0.975, a + 1, b)
    assert exact.conf_low == pytest.approx(lo_p / (1 - lo_p) * t_b / t_a, rel=1e-6)
    assert exact.conf_high == pytest.approx(hi_p / (1 - hi_p) * t_b / t_a, rel=1e-6)
    ci = stats.binomtest(a, a + b, t_a / (t_a + t_b)).proportion_ci(method="exact")
    assert exact.conf_low == pytest.approx(ci.low / (1 - ci.low) * t_b / t_a, rel=1e-9)
    midp = rate_ratio(a, t_a, b, t_b, method="midp")
    assert (midp.conf_low, midp.conf_high) == pytest.approx((1.0411, 3.4494), abs=INTERNAL_4DP)
    assert exact.conf_low < midp.conf_low < rate_ratio(a, t_a, b, t_b).conf_low + 0.02
    assert "mid-p" in midp.method and "Clopper" in exact.method


def test_rate_ratio_zero_counts():
    wald = rate_ratio(0, 10, 5, 10, method="wald")
    assert wald.estimate == 0 and math.isnan(wald.conf_low) and math.isnan(wald.conf_high)
    assert "exact" in wald.note
    low0 = rate_ratio(0, 10, 5, 10, method="exact")
    assert low0.conf_low == 0
    upper_p = 1 - 0.025 ** (1 / 5)  # Clopper-Pearson upper limit for 0 of 5
    assert low0.conf_high == pytest.approx(upper_p / (1 - upper_p), rel=1e-9)
    inf_hi = rate_ratio(5, 10, 0, 10, method="exact")
    assert inf_hi.estimate == math.inf and inf_hi.conf_high == math.inf
    assert 0 < inf_hi.conf_low < math.inf and "infinite" in inf_hi.note
    for method in ("wald", "exact", "midp"):
        none = rate_ratio(0, 10, 0, 10, method=method)
        assert math.isnan(none.estimate) and "no events" in none.note
    assert rate_ratio(0, 3, 4, 3, method="midp").conf_low == 0
    empty = rate_difference(0, 1, 0, 1)
    assert empty.estimate == 0 and math.isnan(empty.conf_low)
    assert math.isnan(ratio_of_rate_ratios(0, 1, 3, 1, 4, 1, 5, 1).conf_low)
    with pytest.raises(ValueError, match="allowed"):
        rate_ratio(1, 1, 1, 1, method="score")  # type: ignore[arg-type]


def test_unequal_windows_use_per_period_rates():
    # 63 events in 9 periods vs 60 in 6: 7 vs 10 per period, -30%
    est = rate_ratio(63, 9, 60, 6, method="exact")
    assert est.estimate == pytest.approx(0.7, rel=FLOAT)


def test_estimate_round_trip_keeps_inf_and_nan():
    est = rate_ratio(5, 10, 0, 10, method="exact")
    payload = json.dumps(est.to_dict(), allow_nan=False)
    back = Estimate.from_dict(json.loads(payload))
    assert back == est and back.conf_high == math.inf and math.isnan(back.std_error)


# -- windows -------------------------------------------------------------------------------


def test_year_on_year_before_window_is_derived():
    w = Windows(after=Window(start="2021-01", end="2021-09"), basis="year_on_year")
    pair = resolve_windows(w, "M")
    assert (str(pair.before_start), str(pair.before_end)) == ("2020-01", "2020-09")
    assert pair.derived and pair.n_before == pair.n_after == 9
    q = resolve_windows(
        Windows(after=Window(start="2021-Q1", end="2021-Q3"), basis="year_on_year"), "Q"
    )
    assert (str(q.before_start), str(q.before_end)) == ("2020Q1", "2020Q3")
    given = resolve_windows(
        Windows(
            before=Window(start="2020-04", end="2020-09"),
            after=Window(start="2021-01", end="2021-09"),
        ),
        "M",
    )
    assert not given.derived and (given.n_before, given.n_after) == (6, 9)


def test_period_basis_before_window_ends_before_pilot():
    w = Windows(after=Window(start="2021-03", end="2021-08"))
    pair = resolve_windows(w, "M", pilot_start=pd.Period("2021-01", "M"))
    assert (str(pair.before_start), str(pair.before_end)) == ("2020-07", "2020-12")


# -- a small synthetic study -----------------------------------------------------------------

STUDY_YML = """\
id: synthetic
title: Synthetic pilot
question: Did the pilot change the indicators?
sources:
  panel: {file: panel.csv, shape: panel, unit: unit, period: month}
  events: {file: events.csv, shape: events, unit: unit, date: date, category: type}
  census: {file: facts.csv, shape: facts}
frequency: month
treatment: {units: [A], start: "2021-01"}
windows:
  after: {start: "2021-01", end: "2021-09"}
  basis: year_on_year
indicators:
  fraud:
    label: {en: Fraud incidents, zh: 诈骗案件}
    kind: count
    source: panel
    column: incidents
  fraud_short:
    label: Fraud incidents (short before window)
    kind: count
    source: panel
    column: incidents
    windows:
      before: {start: "2020-04", end: "2020-09"}
      after: {start: "2021-01", end: "2021-09"}
  users:
    label: Registered users
    kind: stock
    source: panel
    column: registered
  resolved_share:
    label: Share of reports resolved
    kind: proportion
    source: panel
    numerator: resolved
    denominator: reported
  case_rate:
    label: Cases per 100,000
    kind: rate
    source: panel
    column: cases
    exposure: population
    per: 100000
  thefts:
    label: "Thefts <b>&amp; co"
    kind: count
    source: events
    categories: [theft]
  cleared_share:
    label: Share of register cleared
    kind: proportion
    source: census
    numerator: cleared
    denominator: total
{extra}"""


def _write_study(folder: Path, extra: str = "") -> Path:
    rows = []
    for unit in "ABCD":
        for p in pd.period_range("2019-01", "2021-09", freq="M"):
            after = p.year == 2021
            incidents = {"A": (10, 7), "B": (20, 18), "C": (30, 27), "D": (0, 0)}[unit][after]
            registered = {"A": 12_000 if after else 3_800, "B": 500, "C": 600, "D": 700}[unit]
            if unit == "A" and after:  # Jan-Sep 2021: 75 resolved of 77 reported
                reported, resolved = (9 if p.month <= 5 else 8), (9 if p.month <= 3 else 8)
            else:
                reported, resolved = 10, (8 if unit == "A" else 5)
            cases = (2 if after else 4) if unit == "A" else 3
            population = 200_000 if unit == "A" else 100_000
            rows.append(
                {
                    "unit": unit,
                    "month": str(p),
                    "incidents": incidents,
                    "registered": registered,
                    "reported": reported,
                    "resolved": resolved,
                    "cases": cases,
                    "population": population,
                }
            )
    pd.DataFrame(rows).to_csv(folder / "panel.csv", index=False)
    events = (
        [("A", "2020-03-05", "theft")] * 3
        + [("A", "2021-03-09", "theft")]
        + [("B", "2020-05-01", "theft")] * 2
        + [("B", "2021-05-02", "theft")] * 2
        + [("C", "2020-06-01", "fraud")]
    )
    pd.DataFrame(events, columns=["unit", "date", "type"]).to_csv(
        folder / "events.csv", index=False
    )
    pd.DataFrame({"item": ["cleared", "total"], "value": [221, 364]}).to_csv(
        folder / "facts.csv", index=False
    )
    (folder / "study.yml").write_text(STUDY_YML.replace("{extra}", extra), encoding="utf-8")
    return folder / "study.yml"


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    return load_study(_write_study(tmp_path_factory.mktemp("study"))).panel


@pytest.fixture(scope="module")
def table(panel):
    return compute_indicators(panel)


def test_panel_resolves_windows_once(panel):
    """Intake hands the numbers layer typed windows: Periods, not the spec's text."""
    win = panel.windows["fraud"]
    assert isinstance(win, WindowPair) and isinstance(win.after_start, pd.Period)
    assert (str(win.before_start), str(win.after_end)) == ("2020-01", "2021-09")
    assert panel.windows is panel.windows  # cached
    assert "cleared_share" in panel.windows  # the study-wide windows apply to facts too
    assert panel.milestone_periods == {}


def test_pooled_counts_year_on_year(table):
    t = table.get("fraud", "treated")
    assert isinstance(t, IndicatorChange)
    assert (t.before_start, t.before_end, t.after_start, t.after_end) == (
        "2020-01",
        "2020-09",
        "2021-01",
        "2021-09",
    )
    assert t.basis == "year_on_year" and t.before_derived
    assert (t.before_level, t.after_level) == (90, 63)
    assert (t.before_per_period, t.after_per_period) == (10, 7)
    assert t.absolute_change == -27 and t.change_scale == "total"
    assert t.relative_change == pytest.approx(-0.3, abs=FLOAT)
    # exact conditional: 63 of 153 events in equal windows -> odds of the share
    lo_p, hi_p = stats.beta.ppf(0.025, 63, 91), stats.beta.ppf(0.975, 64, 90)
    assert t.relative_conf_low == pytest.approx(lo_p / (1 - lo_p) - 1, rel=1e-6)
    assert t.relative_conf_high == pytest.approx(hi_p / (1 - hi_p) - 1, rel=1e-6)
    assert "Clopper" in t.ci_method
    c = table.get("fraud", "comparison")
    assert c.units == ("B", "C", "D")
    assert (c.before_level, c.after_level) == (450, 405)
    assert c.relative_change == pytest.approx(-0.1, abs=FLOAT)


def test_difference_in_changes_is_descriptive(table):
    k = table.get("fraud", "treated_vs_comparison")
    assert isinstance(k, ChangeComparison)
    assert k.ratio.estimate == pytest.approx(0.7 / 0.9, rel=FLOAT)
    se = math.sqrt(1 / 63 + 1 / 90 + 1 / 405 + 1 / 450)
    z = stats.norm.isf(0.025)
    assert k.ratio.conf_low == pytest.approx(0.7 / 0.9 * math.exp(-z * se), rel=FLOAT)
    assert k.ratio.conf_high == pytest.approx(0.7 / 0.9 * math.exp(z * se), rel=FLOAT)
    assert "not a causal" in k.note and "cannot be told apart from no difference" in k.headline()


def test_unequal_windows_from_panel(table):
    t = table.get("fraud_short", "treated")
    assert (t.n_periods_before, t.n_periods_after) == (6, 9)
    assert (t.before_level, t.after_level) == (60, 63)
    assert t.change_scale == "per period" and t.absolute_change == pytest.approx(-3)
    assert t.relative_change == pytest.approx(-0.3, abs=FLOAT)
    ref = rate_ratio(63, 9, 60, 6, method="exact")
    assert t.relative_conf_low == pytest.approx(ref.conf_low - 1, rel=FLOAT)
    assert not t.before_derived and t.basis == "period"


def test_zero_count_unit_does_not_crash(table):
    d = table.get("fraud", "D")
    assert d.role == "comparison" and d.before_level == 0 and d.after_level == 0
    assert math.isnan(d.relative_change) and "no events" in d.interval_note
    assert "not defined" in d.headline()


def test_stock_has_no_interval(table):
    s = table.get("users", "treated")
    assert (s.before_level, s.after_level) == (3_800, 12_000)
    assert s.fold_change == pytest.approx(3.16, abs=DISPLAY_2DP)
    for v in (s.before_conf_low, s.after_conf_high, s.relative_conf_low, s.abs_conf_low):
        assert math.isnan(v)
    assert s.interval_note == NOTE_STOCK
    assert "without sampling error" in s.headline()
    comp = table.get("users", "comparison")
    assert (comp.before_level, comp.after_level) == (1_800, 1_800)  # summed over 3 units


def test_proportion_levels_wilson_and_difference(table):
    p = table.get("resolved_share", "treated")
    assert p.after_level == pytest.approx(75 / 77, rel=FLOAT)
    assert p.after_conf_low == pytest.approx(0.910, abs=DISPLAY_1DP_PCT)
    assert p.after_conf_high == pytest.approx(0.993, abs=DISPLAY_1DP_PCT)
    assert p.before_level == pytest.approx(72 / 90, rel=FLOAT)
    ref = proportion_difference(75, 77, 72, 90)
    assert (p.abs_conf_low, p.abs_conf_high) == pytest.approx((ref.conf_low, ref.conf_high))
    assert "percentage points" in p.headline()


def test_rate_levels(table):
    r = table.get("case_rate", "treated")
    assert (r.before_level, r.after_level) == pytest.approx((2.0, 1.0), rel=FLOAT)
    assert r.relative_change == pytest.approx(-0.5, abs=FLOAT)
    ref = rate_difference(18, 1.8e6, 36, 1.8e6, per=1e5)
    assert r.abs_conf_low == pytest.approx(ref.conf_low, rel=FLOAT)


def test_events_counts(table):
    t, c = table.get("thefts", "treated"), table.get("thefts", "comparison")
    assert (t.before_level, t.after_level) == (3, 1)
    assert (c.before_level, c.after_level) == (2, 2)


def test_census_share_has_no_sampling_error(table, panel):
    f = table.get("cleared_share")
    assert isinstance(f, FactLevel)
    assert round(f.level * 100, 1) == 60.7 and (f.numerator, f.denominator) == (221, 364)
    assert math.isnan(f.conf_low) and f.interval_note == NOTE_CENSUS
    assert f.headline() == (
        "Share of register cleared: 60.7% (221 of 364; an administrative figure without "
        "sampling error)."
    )
    sampled = compute_indicators(panel, facts_as_sample=True).get("cleared_share")
    assert sampled.conf_low == pytest.approx(proportion(221, 364).conf_low, rel=FLOAT)


def test_headline_deterministic(table):
    text = table.get("fraud", "treated").headline()
    assert text == (
        "Fraud incidents at A fell 30% year on year, from 90 in Jan–Sep 2020 to 63 in "
        "Jan–Sep 2021 (95% CI −50% to −2%)."
    )
    assert table.headline() == table.headline()
    assert table.headlines()[0] == text and len(table.headlines()) == 7
    assert table.indicators() == (
        "fraud",
        "fraud_short",
        "users",
        "resolved_share",
        "case_rate",
        "thefts",
    )
    assert table.indicators(include_facts=True)[-1] == "cleared_share"
    assert "诈骗案件" in table.headline(lang="zh") and "同比" in table.headline(lang="zh")


def test_every_headline_honours_lang(table):
    """Each result type's headline comes from the narrative, in the language asked for."""
    items = [
        table.get("fraud", "treated"),
        table.get("fraud", "treated_vs_comparison"),
        table.get("cleared_share"),
        table.series[0],
        table,
        rate_ratio(41, 28010, 15, 19017, method="exact"),
    ]
    for item in items:
        en, zh = item.headline("en"), item.headline("zh")
        assert en and zh and en != zh, type(item).__name__
    assert table.get("fraud", "treated").headline("zh").startswith("诈骗案件")
    assert rate_ratio(41, 28010, 15, 19017, method="exact").headline("zh").startswith("率比")


def test_estimate_headline():
    est = rate_ratio(41, 28010, 15, 19017, method="exact")
    assert est.headline() == (
        "rate_ratio: 1.86 (95% CI 1.01 to 3.61; exact conditional (Clopper–Pearson))."
    )
    assert "denominator is 0" in proportion(0, 0).headline()
    assert proportion(0, 0).headline("zh") == "占比：–（Wilson得分法；分母为0，占比无法定义）。"
    assert "第一组无事件" in rate_ratio(0, 10, 5, 10, method="exact").headline("zh")


def test_to_frame_vocabulary(table):
    frame = table.to_frame()
    for col in (
        "estimate",
        "std_error",
        "p_value",
        "conf_low",
        "conf_high",
        "relative_estimate",
        "relative_conf_low",
        "relative_conf_high",
    ):
        assert col in frame.columns
    treated = frame[(frame.indicator == "fraud") & (frame.group == "treated")].iloc[0]
    assert treated.estimate == -27 and treated.relative_estimate == pytest.approx(-0.3)
    assert set(frame.row_type) == {"change", "difference_in_changes", "level"}
    n_panel = 6  # panel/events indicators
    assert (frame.row_type == "change").sum() == n_panel * (2 + 4)  # pooled groups + units
    quantities = table.get("fraud", "treated").to_frame()["quantity"].tolist()
    assert quantities[:2] == ["before_level", "after_level"] and "log_fold_change" in quantities


def test_to_frame_rows_state_their_scale(table):
    """Every row says its scale; estimate, SE, statistic and bounds share it."""
    allowed = {"absolute", "log", "relative", "percentage points"}
    frame = table.to_frame()
    assert "statistic" in frame.columns and set(frame.scale) <= allowed
    did = frame[frame.row_type == "difference_in_changes"].iloc[0]
    k = table.get("fraud", "treated_vs_comparison")
    assert did.scale == "log" and did.estimate == pytest.approx(math.log(k.ratio.estimate))
    assert did.statistic == pytest.approx(did.estimate / did.std_error, rel=1e-9)
    assert math.exp(did.conf_low) == pytest.approx(k.ratio.conf_low, rel=1e-9)
    change = frame[(frame.indicator == "case_rate") & (frame.group == "treated")].iloc[0]
    assert change.scale == "absolute"
    assert change.statistic == pytest.approx(change.estimate / change.std_error, rel=1e-9)
    rows = table.get("fraud", "treated").to_frame().set_index("quantity")
    assert set(rows.scale) <= allowed and rows.loc["relative_change", "scale"] == "relative"
    assert rows.loc["log_fold_change", "estimate"] == pytest.approx(math.log(0.7))
    wald = rate_ratio(41, 28010, 15, 19017).to_frame().iloc[0]
    assert wald.scale == "log" and wald.ratio == pytest.approx(41 / 28010 / (15 / 19017))
    assert wald.statistic == pytest.approx(wald.estimate / wald.std_error, rel=1e-9)
    assert rate_difference(41, 28010, 15, 19017).to_frame().scale.iloc[0] == "absolute"


def test_round_trip(table):
    payload = json.dumps(table.to_dict(), allow_nan=False)
    back = IndicatorTable.from_dict(json.loads(payload))
    assert back == table
    assert isinstance(back.changes[0], IndicatorChange) and back.changes[0].units == ("A",)
    pd.testing.assert_frame_equal(back.to_frame(), table.to_frame())
    one = table.get("fraud", "treated")
    assert IndicatorChange.from_dict(json.loads(json.dumps(one.to_dict()))) == one
    assert table.to_dict()["kind"] == "indicator_table"


def test_plot_and_html_escaped(table):
    ax = table.plot("fraud")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("pilot start" in s for s in labels) and any("before" in s for s in labels)
    assert len(ax.get_lines()) == 3  # treated, comparison, pilot start
    plt.close("all")
    html = table._repr_html_()
    assert "<b>&amp;" not in html and "&lt;b&gt;" in html
    with pytest.raises(AnalysisError):
        table.plot("cleared_share")


def test_indicator_change_for_one_unit_and_wald(panel):
    b = indicator_change(panel, "fraud", "B", ci_method="wald")
    assert b.role == "comparison" and b.relative_change == pytest.approx(-0.1)
    assert b.ci_method == "Wald (log scale)"
    with pytest.raises(AnalysisError, match="unknown group"):
        indicator_change(panel, "fraud", "Z")


def test_derived_window_outside_data_is_an_error(panel):
    # validation rejects such a spec; the library still refuses rather than misreport
    early = Windows(after=Window(start="2019-04", end="2019-09"), basis="year_on_year")
    spec = panel.spec.model_copy(update={"windows": early})
    spec = spec.model_copy(update={"indicators": {"fraud": spec.indicators["fraud"]}})
    with pytest.raises(AnalysisError, match="outside the data"):
        compute_indicators(dataclasses.replace(panel, spec=spec))
