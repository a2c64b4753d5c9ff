"""The regression DiD of a study indicator (analysis.numbers.regression_did) and the
estimator options it uses (covariates, classical / HC1 / CR1 SEs, repeated rows, the wild
cluster bootstrap with covariates), each checked against statsmodels' dummy-variable OLS;
Wooldridge Example 13.4 through the same 2×2 with covariates; the study wiring (a count
indicator with one treated unit: point estimate, no interval; a stock: the permutation DiD
says why it did not run)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from analysis.core.errors import AnalysisError
from analysis.intake.spec import RegressionOptions
from analysis.intake.validate import load_study
from analysis.numbers.comparisons import permutation_did, triangulate
from analysis.numbers.designs.did import _draw_weights, did_2x2, twfe, wild_cluster_bootstrap
from analysis.numbers.regression_did import choose_inference, regression_did_for_indicator
from analysis.results.did import RegressionDiD

ROOT = Path(__file__).resolve().parents[1]


def _injury_path() -> Path | None:
    # ../shared/validation beside the project (a worktree sits one level deeper)
    for up in (2, 3):
        p = Path(__file__).resolve().parents[up] / "shared/validation/injury_did/injury.csv"
        if p.exists():
            return p
    return None


def _panel(seed=2, n_units=24, n_treated=8, n_periods=8, start=4, effect=0.5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    u = np.repeat(np.arange(n_units), n_periods)
    t = np.tile(np.arange(n_periods), n_units)
    d = ((u < n_treated) & (t >= start)).astype(int)
    x1 = rng.normal(size=len(u)) + 0.3 * d
    x2 = rng.normal(size=len(u))
    y = (
        rng.normal(size=n_units)[u]
        + rng.normal(size=n_periods)[t]
        + rng.normal(scale=0.5, size=n_units)[u] * t / n_periods
        + 0.8 * x1
        - 0.4 * x2
        + rng.normal(size=len(u))
        + effect * d
    )
    return pd.DataFrame(
        {
            "unit": [f"u{i:02d}" for i in u],
            "time": t,
            "d": d,
            "treated": (u < n_treated).astype(int),
            "post": (t >= start).astype(int),
            "x1": x1,
            "x2": x2,
            "y": y,
            "state": u % 6,
        }
    )


def _dummies(f: pd.DataFrame, covs=("x1", "x2")) -> np.ndarray:
    return np.column_stack(
        [
            f["d"].to_numpy(float),
            *(f[c].to_numpy(float) for c in covs),
            np.ones(len(f)),
            pd.get_dummies(f["unit"], drop_first=True).to_numpy(float),
            pd.get_dummies(f["time"], drop_first=True).to_numpy(float),
        ]
    )


# -- estimators against statsmodels --------------------------------------------------------
@pytest.mark.parametrize("se,cov", [("classical", "nonrobust"), ("hc1", "HC1")])
def test_twfe_covariates_classical_and_hc1_match_dummy_ols(se, cov):
    f = _panel()
    r = twfe(
        f, outcome="y", unit="unit", time="time", treated_post="d", covariates=["x1", "x2"], se=se
    )
    fit = sm.OLS(f["y"].to_numpy(), _dummies(f)).fit(cov_type=cov)
    assert r.estimate == pytest.approx(fit.params[0], abs=1e-10)
    assert r.std_error == pytest.approx(fit.bse[0], rel=1e-9)
    for j, term in ((1, "x1"), (2, "x2")):
        assert r.coefficient(term).estimate == pytest.approx(fit.params[j], abs=1e-10)
        assert r.coefficient(term).std_error == pytest.approx(fit.bse[j], rel=1e-9)
    assert r.df == len(f) - _dummies(f).shape[1]


def test_twfe_covariates_cr1_is_statsmodels_cluster_with_fixest_nested_k():
    f = _panel()
    r = twfe(f, outcome="y", unit="unit", time="time", treated_post="d", covariates=["x1", "x2"])
    X = _dummies(f)
    fit = sm.OLS(f["y"].to_numpy(), X).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(f["unit"])[0]}
    )
    n, k_all = X.shape
    # statsmodels counts every dummy; fixest's nested K drops the U − 1 unit dummies
    k_nested = f["time"].nunique() + 1 + 2
    assert r.k_params == k_nested
    assert r.estimate == pytest.approx(fit.params[0], abs=1e-10)
    assert r.std_error == pytest.approx(
        fit.bse[0] * math.sqrt((n - k_all) / (n - k_nested)), rel=1e-9
    )
    assert "cluster-robust" in r.se_type and "nested" in r.se_type and r.df == 23


def test_twfe_cluster_not_nested_counts_every_dummy():
    f = _panel()
    r = twfe(
        f,
        outcome="y",
        unit="unit",
        time="time",
        treated_post="d",
        covariates=["x1"],
        cluster="state",
    )
    X = _dummies(f, covs=("x1",))
    fit = sm.OLS(f["y"].to_numpy(), X).fit(cov_type="cluster", cov_kwds={"groups": f["state"]})
    # units are nested in states (state = unit mod 6), periods are not
    assert r.k_params == 2 + 1 + (f["time"].nunique() - 1)
    n, k_all = X.shape
    assert r.std_error == pytest.approx(
        fit.bse[0] * math.sqrt((n - k_all) / (n - r.k_params)), rel=1e-9
    )


def test_twfe_repeated_rows_match_dummy_ols():
    """Pooled cross-sections: several records per unit and period."""
    f = _panel()
    rng = np.random.default_rng(5)
    rec = f.loc[f.index.repeat(rng.integers(1, 4, size=len(f)))].reset_index(drop=True)
    rec["y"] = rec["y"] + rng.normal(size=len(rec))
    with pytest.raises(AnalysisError, match="duplicate"):
        twfe(rec, outcome="y", unit="unit", time="time", treated_post="d")
    r = twfe(
        rec,
        outcome="y",
        unit="unit",
        time="time",
        treated_post="d",
        covariates=["x1"],
        repeated=True,
    )
    X = _dummies(rec, covs=("x1",))
    fit = sm.OLS(rec["y"].to_numpy(), X).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(rec["unit"])[0]}
    )
    n, k_all = X.shape
    assert r.estimate == pytest.approx(fit.params[0], abs=1e-8)
    assert r.std_error == pytest.approx(
        fit.bse[0] * math.sqrt((n - k_all) / (n - r.k_params)), rel=1e-7
    )


@pytest.mark.parametrize(
    "se,cov", [("classical", "nonrobust"), ("hc1", "HC1"), ("cluster", "cluster")]
)
def test_did_2x2_covariates_match_smf_ols(se, cov):
    f = _panel()
    kw = {"cov_kwds": {"groups": f["unit"]}} if cov == "cluster" else {}
    fit = smf.ols("y ~ treated * post + x1 + x2", f).fit(cov_type=cov, **kw)
    r = did_2x2(
        f,
        outcome="y",
        treated="treated",
        post="post",
        covariates=["x1", "x2"],
        se=se,
        cluster="unit" if se == "cluster" else None,
    )
    assert r.estimate == pytest.approx(fit.params["treated:post"], abs=1e-10)
    assert r.std_error == pytest.approx(fit.bse["treated:post"], rel=1e-9)
    assert r.coefficient("x2").estimate == pytest.approx(fit.params["x2"], abs=1e-10)
    assert r.r_squared == pytest.approx(fit.rsquared, abs=1e-12)


def test_collinear_and_absorbed_covariates_are_named():
    f = _panel()
    f["x3"] = 2 * f["x1"]
    with pytest.raises(AnalysisError, match="'x3' is collinear"):
        did_2x2(f, outcome="y", treated="treated", post="post", covariates=["x1", "x3"])
    f["size"] = pd.factorize(f["unit"])[0] * 1.5  # constant within unit
    with pytest.raises(AnalysisError, match="covariate 'size' is absorbed"):
        twfe(f, outcome="y", unit="unit", time="time", treated_post="d", covariates=["size"])


def _brute_wcr_p(f, n_boot, seed):
    """Explicit WCR loop with full dummy regressions (covariates in both models)."""
    y = f["y"].to_numpy(float)
    g = pd.factorize(f["unit"], sort=True)[0]
    X = _dummies(f)
    n, k_all = X.shape
    adj = math.sqrt((n - k_all) / (n - (f["time"].nunique() + 1 + 2)))
    fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})
    t_obs = fit.params[0] / (fit.bse[0] * adj)
    r_fit = sm.OLS(y, X[:, 1:]).fit()
    v = _draw_weights(np.random.default_rng(seed), n_boot, g.max() + 1, "webb")
    ts = []
    for b in range(n_boot):
        fb = sm.OLS(r_fit.fittedvalues + r_fit.resid * v[b, g], X).fit(
            cov_type="cluster", cov_kwds={"groups": g}
        )
        ts.append(fb.params[0] / (fb.bse[0] * adj))
    return float(np.mean(np.abs(ts) >= abs(t_obs) - 1e-12))


def test_wild_bootstrap_with_covariates_matches_explicit_loop():
    f = _panel(n_units=12, n_treated=4, effect=0.3)
    r = wild_cluster_bootstrap(
        f,
        outcome="y",
        unit="unit",
        time="time",
        treated_post="d",
        covariates=["x1", "x2"],
        n_boot=50,
        seed=3,
        weights="webb",
        ci=False,
    )
    assert r.p_value == _brute_wcr_p(f, 50, 3)


def test_injury_with_covariates_and_hc1_matches_smf():
    path = _injury_path()
    if path is None:
        pytest.skip("injury_did validation data not present")
    d = pd.read_csv(path)
    ky = d[d.ky == 1]
    r = did_2x2(ky, outcome="ldurat", treated="highearn", post="afchnge")
    # Wooldridge (13.12): .191 (.069); README: 0.1906 (0.0685), n = 5626
    assert r.estimate == pytest.approx(0.1906, abs=5e-5)
    assert r.std_error == pytest.approx(0.0685, abs=5e-5)
    k = ky.dropna(subset=["male", "married", "lage"])
    r = did_2x2(
        k,
        outcome="ldurat",
        treated="highearn",
        post="afchnge",
        covariates=["male", "married", "lage"],
        se="hc1",
    )
    fit = smf.ols("ldurat ~ highearn * afchnge + male + married + lage", k).fit(cov_type="HC1")
    assert r.estimate == pytest.approx(fit.params["highearn:afchnge"], abs=1e-12)
    assert r.std_error == pytest.approx(fit.bse["highearn:afchnge"], rel=1e-10)


# -- the inference rule ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "se,nt,nc,tc,cc,records,expected",
    [
        ("auto", 8, 16, 8, 16, False, ("cluster", "")),
        ("auto", 1, 24, 1, 24, False, ("none", "one_treated_unit")),
        ("auto", 3, 1, 3, 1, False, ("none", "one_comparison_unit")),
        ("auto", 1, 1, 1, 1, True, ("classical", "")),  # two groups of records (Wooldridge)
        ("cluster", 1, 24, 1, 24, True, ("none", "one_treated_unit")),
        ("hc1", 1, 1, 1, 1, False, ("hc1", "")),
        ("auto", 4, 4, 1, 4, False, ("none", "few_treated_clusters")),
    ],
)
def test_choose_inference(se, nt, nc, tc, cc, records, expected):
    assert choose_inference(RegressionOptions(se=se), nt, nc, tc, cc, records) == expected


# -- the study ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dadeng():
    return load_study(str(ROOT / "data/dadeng/study.yml"))


def test_dadeng_count_point_estimate_without_interval(dadeng):
    r = regression_did_for_indicator(dadeng.panel, "fraud_incidents")
    assert isinstance(r, RegressionDiD)
    assert r.design == "twfe" and r.no_interval_reason == "one_treated_unit"
    assert math.isnan(r.std_error) and math.isnan(r.conf_low) and math.isnan(r.p_value)
    assert r.coefficients == ()
    # a balanced window panel with one start: TWFE = the difference of the four means
    f = dadeng.panel.indicator_frame("fraud_incidents")
    win = dadeng.panel.windows["fraud_incidents"]
    pre = f[(f.period >= win.before_start) & (f.period <= win.before_end)]
    post = f[(f.period >= win.after_start) & (f.period <= win.after_end)]
    tr = dadeng.panel.treated_units

    def m(fr, treated):
        return fr[fr.unit.isin(tr) == treated]["value"].mean()

    by_hand = (m(post, True) - m(pre, True)) - (m(post, False) - m(pre, False))
    assert r.estimate == pytest.approx(by_hand, abs=1e-10)
    assert r.relative_estimate == pytest.approx(by_hand / (m(post, True) - by_hand), abs=1e-12)
    zh, en = r.headline("zh"), r.headline("en")
    assert "no valid sampling interval" in en and "不存在有效的抽样区间" in zh
    assert RegressionDiD.from_dict(r.to_dict()) == r
    assert set(r.to_frame()["scale"]) == {"absolute"}


def test_dadeng_stock_permutation_says_why(dadeng):
    with pytest.raises(AnalysisError, match="is a stock: the permutation DiD compares counts"):
        permutation_did(dadeng.panel, "registered_floating")
    r = regression_did_for_indicator(dadeng.panel, "registered_floating")
    tri = triangulate(
        "registered_floating",
        "x",
        regression=r,
        not_applicable={"difference-in-differences": "a stock"},
    )
    assert tri.rows[-1].design == "regression difference-in-differences"
    assert math.isnan(tri.rows[-1].conf_low)
    assert tri.not_applicable == (("difference-in-differences", "a stock"),)


def _write_study(tmp_path: Path, n_units=20, n_treated=6, seed=4, effect=2.0, extra="") -> Path:
    """A yearly panel (2010–2017, pilot from 2014) with a covariate, written as a study."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_units):
        a = rng.normal()
        for year in range(2010, 2018):
            x = rng.normal()
            y = 10 + a + 0.2 * (year - 2010) + 1.5 * x + rng.normal()
            y += effect * (i < n_treated and year >= 2014)
            rows.append({"unit": f"s{i:02d}", "year": year, "price": round(y, 6), "x": x})
    pd.DataFrame(rows).to_csv(tmp_path / "panel.csv", index=False)
    treated = ", ".join(f"s{i:02d}" for i in range(n_treated))
    (tmp_path / "study.yml").write_text(
        f"""id: sim
title: simulated
question: does it work?
sources:
  p: {{file: panel.csv, shape: panel, unit: unit, period: year}}
frequency: year
treatment: {{units: [{treated}], start: "2014"}}
windows:
  before: {{start: "2010", end: "2013"}}
  after: {{start: "2014", end: "2017"}}
min_pre_periods: 3
indicators:
  price:
    label: Price
    kind: stock
    source: p
    column: price
{extra}
designs: [descriptive, did]
""",
        encoding="utf-8",
    )
    return tmp_path / "study.yml"


def test_study_panel_with_covariate_clusters_and_bootstraps(tmp_path):
    study = load_study(str(_write_study(tmp_path)))
    r = regression_did_for_indicator(study.panel, "price", seed=1, n_boot=999)
    assert r.design == "twfe" and r.inference == "wild_bootstrap"
    assert r.n_clusters == 20 and r.n_treated_clusters == 6
    assert r.bootstrap is not None and r.bootstrap.weights == "webb"
    assert r.conf_low < r.estimate < r.conf_high
    # the same fit by hand on the window rows (no covariates in the spec yet)
    f = pd.read_csv(tmp_path / "panel.csv")
    f["d"] = (f.unit.isin([f"s{i:02d}" for i in range(6)]) & (f.year >= 2014)).astype(int)
    ref = twfe(f, outcome="price", unit="unit", time="year", treated_post="d")
    assert r.estimate == pytest.approx(ref.estimate, abs=1e-10)
    assert r.std_error == pytest.approx(ref.std_error, rel=1e-10)
    again = regression_did_for_indicator(study.panel, "price", seed=1, n_boot=999)
    assert again == r  # seeded


def test_study_one_comparison_unit_has_no_interval(tmp_path):
    study = load_study(str(_write_study(tmp_path, n_units=2, n_treated=1)))
    r = regression_did_for_indicator(study.panel, "price")
    assert r.no_interval_reason == "one_comparison_unit" and r.inference == "none"
    assert math.isfinite(r.estimate) and math.isnan(r.p_value)


def test_study_covariates_and_options_from_the_spec(tmp_path):
    extra = "    covariates: [x]\n    did: {se: hc1, bootstrap: never}\n"
    study = load_study(str(_write_study(tmp_path, extra=extra)))
    if "x" not in study.panel.frames["p"].columns:
        # the intake does not load covariate columns yet: a clear reason, not a KeyError
        with pytest.raises(AnalysisError, match=r"column\(s\) 'x' of source 'p'"):
            regression_did_for_indicator(study.panel, "price")
        return
    r = regression_did_for_indicator(study.panel, "price")
    assert r.covariates == ("x",) and r.inference == "hc1" and r.bootstrap is None
    f = pd.read_csv(tmp_path / "panel.csv")
    f["d"] = (f.unit.isin([f"s{i:02d}" for i in range(6)]) & (f.year >= 2014)).astype(int)
    X = np.column_stack(
        [
            f["d"],
            f["x"],
            np.ones(len(f)),
            pd.get_dummies(f["unit"], drop_first=True).to_numpy(float),
            pd.get_dummies(f["year"], drop_first=True).to_numpy(float),
        ]
    )
    fit = sm.OLS(f["price"].to_numpy(float), X).fit(cov_type="HC1")
    assert r.estimate == pytest.approx(fit.params[0], abs=1e-9)
    assert r.std_error == pytest.approx(fit.bse[0], rel=1e-8)
    # planted effect 2.0, covariate slope 1.5
    assert r.coefficients[1].estimate == pytest.approx(fit.params[1], abs=1e-9)
    assert r.conf_low < 2.0 < r.conf_high


def test_study_event_study_with_several_treated_units(tmp_path):
    from analysis.numbers.designs.event_study import fit_event_study

    study = load_study(str(_write_study(tmp_path)))
    r = regression_did_for_indicator(study.panel, "price", n_boot=99)
    es = r.event_study
    assert es is not None and r.event_study_note == ""
    assert es.leads == 4 and es.lags == 3 and es.n_treated_units == 6
    f = pd.read_csv(tmp_path / "panel.csv")
    f["adopt"] = np.where(f.unit.isin([f"s{i:02d}" for i in range(6)]), 2014, 0)
    ref = fit_event_study(
        f, unit="unit", time="year", outcome="price", adoption="adopt", leads=4, lags=3
    )
    assert es.estimates == pytest.approx(ref.estimates, abs=1e-10)
    assert es.pretrend.p_value == pytest.approx(ref.pretrend.p_value, rel=1e-10)
    # no pre-trend planted: the joint Wald test should not reject at 1%
    assert es.pretrend.p_value > 0.01


def test_one_treated_unit_has_no_event_study(dadeng):
    r = regression_did_for_indicator(dadeng.panel, "fraud_incidents")
    assert r.event_study is None and "one treated unit" in r.event_study_note


def test_report_block_and_figure(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from analysis.report.sections.regression import regression_table

    study = load_study(str(_write_study(tmp_path)))
    r = regression_did_for_indicator(study.panel, "price", n_boot=99)
    html = str(regression_table(r, "en"))
    assert "two-way fixed-effects DiD" in html and "wild cluster bootstrap" in html
    assert "20 (6)" in html and "within R²" in html and "fixest" in html
    zh = str(regression_table(r, "zh"))
    assert "双向固定效应双重差分" in zh and "野聚类自助法" in zh
    ax = r.plot()
    assert len(ax.figure.axes) == 2  # the coefficient and the event study
    assert ax.get_yticklabels()[0].get_text().replace("\n", " ") == "two-way fixed effects DiD"
    assert "95% CI" in r.headline("en") and "95%置信区间" in r.headline("zh")


def test_injury_records_through_the_study_path(tmp_path):
    """Wooldridge 13.4 as pooled cross-sections (one row per injured worker, groups high and
    low earners, 1980 before and 1981 after the cap rose) through
    regression_did_for_indicator on a hand-built Panel: 2×2, records, se auto → classical,
    0.1906 (0.0685), n = 5626. The intake of microdata files is another change; the Panel
    is built here the way it will hand the records over."""
    from analysis.intake.panel import Panel
    from analysis.intake.spec import load_spec

    path = _injury_path()
    if path is None:
        pytest.skip("injury_did validation data not present")
    d = pd.read_csv(path)
    ky = d[d.ky == 1]
    (tmp_path / "injury.csv").write_text("group,year,ldurat\n", encoding="utf-8")
    (tmp_path / "study.yml").write_text(
        """id: injury
title: Kentucky benefit cap
question: did durations rise for high earners?
sources:
  w: {file: injury.csv, shape: panel, unit: group, period: year}
frequency: year
treatment: {units: [high], start: "1981"}
windows:
  before: {start: "1980", end: "1980"}
  after: {start: "1981", end: "1981"}
min_pre_periods: 1
indicators:
  ldurat: {label: log weeks on benefits, kind: measure, source: w, column: ldurat}
designs: [descriptive, did]
""",
        encoding="utf-8",
    )
    spec = load_spec(tmp_path / "study.yml")
    period = pd.PeriodIndex([pd.Period(str(1980 + a), "Y") for a in ky["afchnge"]])
    unit = np.where(ky["highearn"] == 1, "high", "low")
    frame = pd.DataFrame(
        {"ldurat": ky["ldurat"].to_numpy()},
        index=pd.MultiIndex.from_arrays([unit, period], names=["unit", "period"]),
    )
    panel = Panel(
        spec=spec,
        periods=pd.period_range("1980", "1981", freq="Y"),
        units=("high", "low"),
        frames={"w": frame},
        adoption={"high": pd.Period("1981", "Y"), "low": None},
    )
    r = regression_did_for_indicator(panel, "ldurat")
    assert r.design == "did_2x2" and r.inference == "classical" and r.n_obs == 5626
    assert r.estimate == pytest.approx(0.1906, abs=5e-5)
    assert r.std_error == pytest.approx(0.0685, abs=5e-5)
    assert r.r_squared == pytest.approx(0.0207, abs=5e-5)
    assert r.n_treated_units == 1 and r.n_comparison_units == 1 and r.has_interval
