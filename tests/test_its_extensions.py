"""ITS extensions (issue 11): covariates, temporary (pulse) interventions, several
interruptions, the seasonal joint test and the regression summary, the Stata
Newey–West factor from the spec, placebo-in-time with a later milestone.

Checked against statsmodels on the same design, simulations with planted truth, and the
published cases in ``../shared/validation`` (skipped when it is absent; set
``PILOT_EVAL_VALIDATION`` to its path when the checkout is not beside it)."""

from __future__ import annotations

import dataclasses
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import yaml

from analysis.core.errors import AnalysisError
from analysis.intake.validate import load_study, validate_study
from analysis.numbers.checks.robustness import placebo_in_time, subset_kwargs
from analysis.numbers.designs.its import fit_its
from analysis.numbers.designs.its_design import design_matrix
from analysis.numbers.designs.its_models import fit_gaussian
from analysis.numbers.trends import fit_trend_models
from analysis.report.tables import methods_details
from analysis.results.trends import ModelOutcome

VALIDATION = Path(
    os.environ.get(
        "PILOT_EVAL_VALIDATION", Path(__file__).resolve().parents[2] / "shared" / "validation"
    )
)

#: Same formula, two implementations: rounding only.
TOL_SAME = 1e-8
#: Values printed to 4 decimals: half a unit in the last place, plus rounding slack.
TOL_4DP = 1e-4
#: Wooldridge's Newey–West SE: the case's own tolerance (README: ±0.0001).
TOL_NW_SE = 1e-4
#: Durbin & Koopman's figures, printed to 5 decimals (the optimiser moves the sixth).
TOL_5DP = 5e-5
#: Monte Carlo replications of the planted-truth simulations.
N_REPS = 200


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"validation data not available: {path}")
    return path


def _series(seed: int, n: int = 60, start: int = 36, pulse: int | None = None):
    """Monthly series: trend + covariate (γ = 2) + a step of 5 (or a pulse of 5)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    x = np.cumsum(rng.normal(0, 1, n))
    effect = np.zeros(n)
    effect[start : start + (pulse or n)] = 5.0
    y = 10 + 0.1 * t + 2.0 * x + effect + rng.normal(0, 1, n)
    periods = pd.period_range("2015-01", periods=n, freq="M")
    return y, periods, str(periods[start]), pd.DataFrame({"x": x}, index=periods)


# -- covariates ------------------------------------------------------------------------


def test_covariate_fit_matches_statsmodels_ols():
    y, periods, start, cov = _series(0)
    res = fit_its(y, periods, start, covariates=cov, se="ols", seasonality="none", n_sim=100)
    X = design_matrix(periods, start, seasonality="none", covariates=cov)
    assert list(X.columns)[-1] == "x"
    ref = sm.OLS(y, X).fit()
    for term in X.columns:
        c = res.coefficient(term)
        assert c.estimate == pytest.approx(ref.params[term], abs=TOL_SAME)
        assert c.std_error == pytest.approx(ref.bse[term], abs=TOL_SAME)
    assert res.r_squared == pytest.approx(ref.rsquared, abs=TOL_SAME)
    assert "covariate" in res.coefficient("x").description
    assert "covariates x" in res.model
    # the counterfactual keeps the observed covariate: fitted − counterfactual is the step
    path = res.path
    gap = np.asarray(path.fitted) - np.asarray(path.counterfactual)
    post = np.asarray(path.post)
    assert np.allclose(gap[~post], 0.0)
    b = ref.params
    expected = b["level_start"] + b["slope_start"] * np.arange(post.sum())
    np.testing.assert_allclose(gap[post], expected, atol=TOL_SAME)


@pytest.mark.slow
def test_covariate_effect_recovered_in_simulation():
    """γ = 2 planted; the mean estimate is within 3 Monte Carlo s.e. and the 95% intervals
    of γ cover about 95% (binomial 3 s.e. band)."""
    est, cover = [], 0
    for seed in range(N_REPS):
        y, periods, start, cov = _series(seed)
        c = fit_its(
            y, periods, start, covariates=cov, se="ols", seasonality="none", n_sim=100
        ).coefficient("x")
        est.append(c.estimate)
        cover += c.conf_low <= 2.0 <= c.conf_high
    est_arr = np.asarray(est)
    assert abs(est_arr.mean() - 2.0) < 3 * est_arr.std(ddof=1) / math.sqrt(N_REPS)
    band = 3 * math.sqrt(0.95 * 0.05 / N_REPS)
    assert abs(cover / N_REPS - 0.95) < band


def test_covariates_aligned_by_period_and_missing_values_named():
    y, periods, start, cov = _series(1)
    shuffled = cov.iloc[::-1]
    a = fit_its(y, periods, start, covariates=cov, se="ols", n_sim=100, seasonality="none")
    b = fit_its(y, periods, start, covariates=shuffled, se="ols", n_sim=100, seasonality="none")
    assert a.coefficient("x").estimate == pytest.approx(b.coefficient("x").estimate, abs=1e-12)
    gappy = cov.copy()
    gappy.iloc[[3, 7], 0] = np.nan
    missing = r"covariate 'x' is missing at 2 period\(s\): 2015-04, 2015-08"
    with pytest.raises(AnalysisError, match=missing):
        fit_its(y, periods, start, covariates=gappy, n_sim=100)
    with pytest.raises(AnalysisError, match="no row for 2 period"):
        fit_its(y, periods, start, covariates=cov.iloc[2:], n_sim=100)
    with pytest.raises(AnalysisError, match="model's own term names"):
        fit_its(y, periods, start, covariates=cov.rename(columns={"x": "level_x"}), n_sim=100)
    with pytest.raises(AnalysisError, match="cannot be told apart"):
        fit_its(y, periods, start, covariates=pd.DataFrame({"c": np.ones(len(y))}), n_sim=100)


# -- temporary interventions -----------------------------------------------------------


def test_pulse_design_matches_statsmodels_and_is_temporary():
    y, periods, start, _ = _series(2, pulse=4)
    res = fit_its(y, periods, start, pulse=4, se="ols", seasonality="none", n_sim=100)
    X = design_matrix(periods, start, seasonality="none", pulse=4)
    assert list(X.columns) == ["const", "time", "pulse_start"]
    assert X["pulse_start"].sum() == 4 and X["pulse_start"].iloc[36:40].eq(1).all()
    ref = sm.OLS(y, X).fit()
    assert res.coefficient("pulse_start").estimate == pytest.approx(ref.params["pulse_start"])
    assert res.coefficient("pulse_start").std_error == pytest.approx(ref.bse["pulse_start"])
    assert "temporary" in res.model and "temporary" in res.coefficient("pulse_start").description
    # effect only inside the pulse; horizons after it are dropped with a note
    gap = np.asarray(res.path.fitted) - np.asarray(res.path.counterfactual)
    assert np.allclose(gap[40:], 0.0) and np.allclose(gap[36:40], ref.params["pulse_start"])
    assert [e.horizon for e in res.effects] == [0]
    assert res.effects[0].label == "average over the 4-period pulse"
    assert res.effects[0].period == "2018-01 to 2018-04"
    assert any("after the 4-period pulse" in n for n in res.notes)


@pytest.mark.slow
def test_pulse_recovered_in_simulation():
    est = []
    for seed in range(N_REPS // 2):
        y, periods, start, cov = _series(seed, pulse=4)
        res = fit_its(
            y, periods, start, pulse=4, covariates=cov, se="ols", seasonality="none", n_sim=100
        )
        est.append(res.effect_at(0).estimate)
    est_arr = np.asarray(est)
    assert abs(est_arr.mean() - 5.0) < 3 * est_arr.std(ddof=1) / math.sqrt(len(est))


def test_pulse_longer_than_post_period_is_refused():
    y, periods, start, _ = _series(3)
    with pytest.raises(AnalysisError, match=r"a pulse of 30 period.*longer than the post-period"):
        fit_its(y, periods, start, pulse=30, n_sim=100)
    with pytest.raises(AnalysisError, match=r"pulse.*phase-in"):
        fit_its(y, periods, start, pulse=3, phase_in=2, n_sim=100)


# -- several interruptions -------------------------------------------------------------


def test_each_interruption_has_its_own_effect_and_label():
    rng = np.random.default_rng(4)
    n = 72
    periods = pd.period_range("2015-01", periods=n, freq="M")
    t = np.arange(n)
    y = 20 + 0.05 * t + 4.0 * (t >= 30) - 6.0 * (t >= 50) + rng.normal(0, 0.5, n)
    res = fit_its(
        y,
        periods,
        "2017-07",
        interruptions=[("award", "2019-03")],
        slope_change=False,
        se="ols",
        seasonality="none",
        n_sim=100,
    )
    start, award = res.coefficient("level_start"), res.coefficient("level_award")
    assert start.estimate == pytest.approx(4.0, abs=4 * start.std_error)
    assert award.estimate == pytest.approx(-6.0, abs=4 * award.std_error)
    assert "2017-07" in start.description and "start" in start.description
    assert "2019-03" in award.description and "award" in award.description
    assert "1 further interruption" in res.model


# -- the seasonal joint test and the regression summary --------------------------------


@pytest.mark.parametrize("se", ["ols", "hac"])
def test_seasonal_test_matches_statsmodels_f_test(se):
    rng = np.random.default_rng(5)
    n = 60
    periods = pd.period_range("2015-01", periods=n, freq="M")
    y = 50 + 0.2 * np.arange(n) + 2 * np.sin(2 * np.pi * periods.month / 12) + rng.normal(0, 1, n)
    res = fit_its(y, periods, "2018-07", seasonality="dummies", se=se, hac_lag=2, n_sim=100)
    test = res.joint_test("seasonal")
    X = design_matrix(periods, "2018-07", seasonality="dummies")
    fit = (
        sm.OLS(y, X).fit()
        if se == "ols"
        else sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": False})
    )
    seasonal = [c for c in X.columns if c.startswith("season_")]
    assert test.terms == tuple(seasonal) and test.df_num == 11 and test.distribution == "F"
    R = np.zeros((len(seasonal), X.shape[1]))
    for i, c in enumerate(seasonal):
        R[i, list(X.columns).index(c)] = 1.0
    ref = fit.f_test(R)
    assert test.statistic == pytest.approx(float(np.squeeze(ref.fvalue)), rel=1e-8)
    assert test.p_value == pytest.approx(float(ref.pvalue), rel=1e-6)
    assert test.df_den == pytest.approx(float(ref.df_denom))
    assert test.headline("zh") != test.headline("en")
    frame = test.to_frame()
    assert {"estimate", "statistic", "p_value", "scale"} <= set(frame.columns)
    html = methods_details(res)
    assert "Regression summary: n = 60" in html and "R²" in html and "Joint test" in html


def test_count_model_seasonal_test_is_chi_square_and_no_r_squared():
    rng = np.random.default_rng(6)
    n = 60
    periods = pd.period_range("2015-01", periods=n, freq="M")
    mu = np.exp(3 + 0.3 * np.cos(2 * np.pi * periods.month / 12))
    y = rng.poisson(mu)
    res = fit_its(y, periods, "2018-07", family="poisson", seasonality="fourier", n_sim=100)
    test = res.joint_test("seasonal")
    assert test.distribution == "chi2" and test.df_num == 4 and math.isinf(test.df_den)
    assert math.isnan(res.r_squared)
    again = type(res).from_dict(res.to_dict())
    assert again.joint_test("seasonal").statistic == test.statistic


# -- published cases through the ITS machinery -----------------------------------------


def _prop99_study(tmp_path: Path, trend: dict) -> Path:
    smoking = pd.read_csv(_need(VALIDATION / "prop99_its_synth" / "smoking.csv"))
    ca = smoking[smoking.state == "California"][["state", "year", "cigsale", "retprice"]]
    ca.to_csv(tmp_path / "california.csv", index=False)
    spec = {
        "id": "prop99",
        "title": {"en": "Proposition 99", "zh": "第99号提案"},
        "question": "Did Proposition 99 reduce cigarette sales?",
        "sources": {"sales": {"file": "california.csv", "unit": "state", "period": "year"}},
        "frequency": "year",
        "treatment": {"units": ["California"], "start": "1989"},
        "designs": ["its"],
        "indicators": {
            "cigsale": {
                "label": "Cigarette sales per capita",
                "kind": "stock",
                "source": "sales",
                "column": "cigsale",
                "trend": trend,
            }
        },
        "windows": {
            "before": {"start": "1977", "end": "1988"},
            "after": {"start": "1989", "end": "2000"},
        },
        "min_pre_periods": 8,
    }
    path = tmp_path / "study.yml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def test_prop99_linden_stata_factor_from_the_spec(tmp_path):
    """Linden (2015) itsa lag(1): the spec's trend.hac_small_sample gives Stata's newey."""
    trend = {"family": "gaussian", "se": "hac", "hac_lag": 1, "hac_small_sample": True,
             "seasonality": "none", "horizons": [12]}  # fmt: skip
    path = _prop99_study(tmp_path, trend)
    assert not validate_study(path).errors
    models = fit_trend_models(load_study(path).panel, alpha=0.05, seed=1, robustness=False)
    eff = models.get("cigsale", "its").effect
    for term, b, se in (
        ("time", -1.7795, 0.3834),
        ("level_start", -20.0581, 4.7244),
        ("slope_start", -1.4947, 0.4368),
        ("post_trend", -3.2741, 0.2688),
    ):
        assert eff.coefficient(term).estimate == pytest.approx(b, abs=TOL_4DP)
        assert eff.coefficient(term).std_error == pytest.approx(se, abs=TOL_4DP)
    assert "× n/(n−k) small-sample factor (Stata newey)" in eff.se_type
    assert eff.r_squared == pytest.approx(eff.fitted_model.rsquared, abs=TOL_SAME)
    html = methods_details(eff)
    assert "Stata newey" in html and "n = 31 fitted periods, 4 coefficients" in html


def test_prop99_covariate_from_the_spec_matches_statsmodels(tmp_path):
    """trend.covariates reads the column from the indicator's source for the unit."""
    trend = {"family": "gaussian", "se": "hac", "hac_lag": 1, "seasonality": "none",
             "horizons": [12], "covariates": ["retprice"]}  # fmt: skip
    path = _prop99_study(tmp_path, trend)
    assert not validate_study(path).errors
    panel = load_study(path).panel
    eff = fit_trend_models(panel, alpha=0.05, seed=1, robustness=False).get("cigsale").effect
    ca = panel.frames["sales"].xs("California", level="unit")
    X = design_matrix(panel.periods, "1989", seasonality="none", covariates=ca[["retprice"]])
    ref = sm.OLS(ca["cigsale"].to_numpy(), X).fit(
        cov_type="HAC", cov_kwds={"maxlags": 1, "use_correction": False}
    )
    for term in X.columns:
        assert eff.coefficient(term).estimate == pytest.approx(ref.params[term], abs=TOL_SAME)
        assert eff.coefficient(term).std_error == pytest.approx(ref.bse[term], rel=1e-8)
    assert "no small-sample factor" in eff.se_type


def test_missing_covariate_cell_is_a_validation_error(tmp_path):
    trend = {"se": "hac", "seasonality": "none", "covariates": ["retprice"]}
    path = _prop99_study(tmp_path, trend)
    frame = pd.read_csv(tmp_path / "california.csv")
    frame.loc[3, "retprice"] = np.nan
    frame.to_csv(tmp_path / "california.csv", index=False)
    errors = validate_study(path).errors
    assert any(e.column == "retprice" and "empty" in e.message for e in errors)
    assert any("california.csv" in (e.file or "") and e.rows for e in errors)


def test_pulse_longer_than_post_period_names_the_key(tmp_path):
    """Past validate (a spec changed in code), the model is not applicable, naming the key."""
    path = _prop99_study(tmp_path, {"se": "ols", "seasonality": "none", "pulse": 3})
    panel = load_study(path).panel
    ind = panel.spec.indicators["cigsale"]
    longer = ind.model_copy(update={"trend": ind.trend.model_copy(update={"pulse": 20})})
    spec = panel.spec.model_copy(update={"indicators": {"cigsale": longer}})
    panel = dataclasses.replace(panel, spec=spec)
    models = fit_trend_models(panel, alpha=0.05, seed=1, robustness=False)
    out = models.get("cigsale", "its")
    assert out.status == "not_applicable"
    assert "indicators.cigsale.trend.pulse is 20 period(s)" in out.reason
    assert "12 period(s) from the start 1989" in out.reason


def test_prminwge_wooldridge_newey_west_through_the_its_engine():
    """Wooldridge Ex. 12.7 (NW se 0.0426, g = 2, no factor) with the covariates through the
    Gaussian HAC engine fit_its uses; fit_its with its default interruption terms (which
    Wooldridge's regression has not) is checked against statsmodels on the same design
    (``level_change=False`` reproduces the published model: tests below)."""
    d = pd.read_csv(_need(VALIDATION / "prminwge_newey_west" / "prminwge.csv"))
    periods = pd.period_range(str(int(d.year.iloc[0])), periods=len(d), freq="Y")
    cov = d[["lmincov", "lprgnp", "lusgnp"]].set_index(periods)
    X = pd.DataFrame({"const": 1.0, "time": np.arange(1.0, len(d) + 1)}, index=periods).join(cov)
    for small, se in ((False, 0.0426), (True, 0.0457)):
        m = fit_gaussian(d.lprepop.to_numpy(), X, np.arange(len(d)), "hac", 2, small)
        j = list(X.columns).index("lmincov")
        assert m.params[j] == pytest.approx(-0.2123, abs=TOL_NW_SE)
        assert math.sqrt(m.cov[j, j]) == pytest.approx(se, abs=TOL_NW_SE)
    res = fit_its(d.lprepop, periods, "1974", covariates=cov, se="hac", hac_lag=2,
                  seasonality="none", n_sim=100, horizons=())  # fmt: skip
    Xi = design_matrix(periods, "1974", seasonality="none", covariates=cov)
    ref = sm.OLS(d.lprepop.to_numpy(), Xi).fit(
        cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": False}
    )
    for term in ("lmincov", "lprgnp", "lusgnp"):
        assert res.coefficient(term).estimate == pytest.approx(ref.params[term], abs=TOL_SAME)
        assert res.coefficient(term).std_error == pytest.approx(ref.bse[term], rel=1e-8)


# -- placebo in time with a later milestone --------------------------------------------


def test_placebo_in_time_with_a_later_milestone():
    """The later milestone is after every placebo window: it is left out of those fits
    (it used to be kept, so every placebo fit failed with 'outside the data')."""
    rng = np.random.default_rng(7)
    n = 72
    periods = pd.period_range("2015-01", periods=n, freq="M")
    t = np.arange(n)
    y = 30 + 0.05 * t + 3.0 * (t >= 48) + 2.0 * (t >= 60) + rng.normal(0, 1, n)
    kw = dict(interruptions=[("expansion", "2020-01")], seasonality="none", se="ols", n_sim=100)
    res = fit_its(y, periods, "2019-01", horizons=(12,), **kw)
    assert "2020-01" in res.coefficient("level_expansion").description
    out = placebo_in_time(y, periods, "2019-01", horizon=12, **kw)
    assert out.check.status != "not_applicable", out.check.detail
    assert len(out.placebos) >= 3 and not out.skipped
    # a milestone inside a placebo window is kept there
    kept = subset_kwargs({"interruptions": (("a", "2016-06"),)}, np.ones(n, bool),
                         periods[30], periods[40], 10)  # fmt: skip
    assert kept["interruptions"] == (("a", "2016-06"),)
    dropped = subset_kwargs({"interruptions": (("a", "2019-06"),)}, np.ones(n, bool),
                            periods[30], periods[40], 10)  # fmt: skip
    assert dropped["interruptions"] == ()


def test_sts_gets_the_covariates_as_regressors(tmp_path):
    trend = {"se": "hac", "seasonality": "none", "horizons": [6], "covariates": ["retprice"]}
    path = _prop99_study(tmp_path, trend)
    panel = load_study(path).panel
    spec = panel.spec.model_copy(update={"designs": ["its", "sts"]})
    panel = load_study(spec).panel
    sts = fit_trend_models(panel, alpha=0.05, seed=1, robustness=False).get("cigsale", "sts")
    assert sts.status == "ok", sts.reason
    assert "regressor" in sts.effect.coefficient("retprice").description
    assert any("assumed unaffected by the pilot" in n for n in sts.effect.notes)


def test_pulse_and_covariate_study_end_to_end(make_study, tmp_path):
    """A monthly study with a covariate column and a 3-month pulse: validate passes (the
    keys are no longer pending), the fit reads the covariate, the sentence says temporary."""

    def with_covariate(rows):
        for i, r in enumerate(rows):
            r["rain"] = str(round(50 + 10 * math.sin(i / 3.0), 2))
        return rows

    trend = {"pulse": 3, "seasonality": "none", "horizons": [2, 6], "se": "ols"}
    path = make_study(
        tmp_path,
        spec_overrides={
            "designs": ["descriptive", "its"],
            "indicators": {
                "incidents": {
                    "label": "Incidents",
                    "kind": "count",
                    "source": "stations",
                    "column": "incidents",
                    "covariates": ["rain"],
                    "trend": {**trend, "family": "gaussian"},
                }
            },
        },
        rows_mutator=with_covariate,
    )
    assert not validate_study(path).errors
    out = fit_trend_models(load_study(path).panel, alpha=0.05, seed=1, robustness=False).get(
        "incidents", "its"
    )
    eff = out.effect
    assert out.status == "ok", out.reason
    assert [e.horizon for e in eff.effects] == [2, 0] and "covariates rain" in eff.model
    assert any("Horizon(s) 6 fall after the 3-period pulse" in n for n in eff.notes)
    assert "temporary effect" in out.headline("en") and "暂时效果" in out.headline("zh")
    # with the headline at the pulse average, the sentence names the pulse's length
    only_avg = fit_its(
        np.asarray(eff.path.observed), pd.PeriodIndex(eff.path.time, freq="M"), eff.start,
        pulse=3, horizons=(), se="ols", seasonality="none", n_sim=100, label="Incidents",
    )  # fmt: skip
    assert "temporary effect" in only_avg.headline("en")  # the model text says it
    outcome = ModelOutcome("incidents", "Incidents", "its", "ok", effect=only_avg)
    assert "over the 3 month(s) it lasts" in outcome.headline("en")
    assert "在其持续的3个月内平均" in outcome.headline("zh")


def test_validate_refuses_a_pulse_longer_than_the_post_period(tmp_path):
    path = _prop99_study(tmp_path, {"se": "ols", "seasonality": "none", "pulse": 20})
    errors = [e for e in validate_study(path).errors if e.code == "trend.pulse_too_long"]
    assert len(errors) == 1
    e = errors[0]
    assert e.column == "indicators.cigsale.trend.pulse" and e.file.endswith("study.yml")
    assert "12 period(s) from the start 1989 to 2000" in e.message and e.rows


def test_seatbelts_law_with_the_petrol_regressor_read_from_a_study(tmp_path):
    """Durbin & Koopman (2012) §8.2: the covariate log(petrol price), read from a study's
    source (a negative-valued column: covariates may take any sign), as the regressor of
    the intervention-form STS: law λ = −0.23773 (RMSE 0.04632)."""
    from analysis.numbers.designs.its_panel import panel_covariates
    from analysis.numbers.designs.sts_intervention import fit_sts_intervention

    raw = pd.read_csv(_need(VALIDATION / "seatbelts_sts" / "seatbelts.csv"))
    pd.DataFrame(
        {
            "unit": "GB",
            "month": raw["month"],
            "drivers": raw["drivers"],
            "log_petrol": np.log(raw["PetrolPrice"]),
        }
    ).to_csv(tmp_path / "seatbelts.csv", index=False)
    spec = {
        "id": "seatbelts",
        "title": {"en": "Seat-belt law", "zh": "安全带法"},
        "question": "Did the seat-belt law reduce drivers killed or seriously injured?",
        "sources": {"ksi": {"file": "seatbelts.csv", "unit": "unit", "period": "month"}},
        "treatment": {"units": ["GB"], "start": "1983-02"},
        "designs": ["sts"],
        "windows": {
            "before": {"start": "1982-02", "end": "1983-01"},
            "after": {"start": "1983-02", "end": "1984-01"},
        },
        "indicators": {
            "drivers": {
                "label": "Drivers KSI",
                "kind": "stock",
                "source": "ksi",
                "column": "drivers",
                "covariates": ["log_petrol"],
            }
        },
    }
    path = tmp_path / "study.yml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    assert not validate_study(path).errors
    panel = load_study(path).panel
    exog = panel_covariates(panel, "drivers", ["log_petrol"], ["GB"], [])
    y = panel.indicator_frame("drivers")["value"].to_numpy()
    res = fit_sts_intervention(
        y, panel.periods, "1983-02", exog=exog.reset_index(drop=True),
        level="llevel", seasonal=12, harmonics=6, log=True,
    )  # fmt: skip
    law, petrol = res.coefficient("step"), res.coefficient("log_petrol")
    assert law.estimate == pytest.approx(-0.23773, abs=TOL_5DP)
    assert law.std_error == pytest.approx(0.04632, abs=TOL_5DP)
    assert petrol.estimate == pytest.approx(-0.29140, abs=TOL_5DP)


# -- no interruption term (trend.level_change: false) -----------------------------------


def test_trend_regression_without_interruption_matches_statsmodels():
    """level_change=False, slope_change=False: the design is const, time and the
    covariates only; coefficients and Newey–West SEs equal statsmodels OLS HAC on that
    design, and no effect of the pilot is reported."""
    from analysis.numbers.designs.its import NO_INTERRUPTION_NOTE

    y, periods, start, cov = _series(3)
    res = fit_its(y, periods, start, covariates=cov, se="hac", hac_lag=2, seasonality="none",
                  slope_change=False, level_change=False, n_sim=100)  # fmt: skip
    assert [c.term for c in res.coefficients] == ["const", "time", "x"]
    X = pd.DataFrame({"const": 1.0, "time": np.arange(1.0, len(y) + 1), "x": cov["x"]})
    ref = sm.OLS(y, X.to_numpy()).fit(
        cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": False}
    )
    for j, term in enumerate(X.columns):
        assert res.coefficient(term).estimate == pytest.approx(ref.params[j], abs=TOL_SAME)
        assert res.coefficient(term).std_error == pytest.approx(ref.bse[j], rel=1e-8)
    assert res.effects == ()
    assert NO_INTERRUPTION_NOTE in res.notes
    assert "no interruption term" in res.model
    assert np.allclose(res.path.fitted, res.path.counterfactual)
    en, zh = res.headline("en"), res.headline("zh")
    assert "no effect of the pilot" in en and en != zh
    # level_change=False alone keeps the slope change: a slope-only model
    slope = fit_its(y, periods, start, covariates=cov, se="ols", seasonality="none",
                    level_change=False, n_sim=100)  # fmt: skip
    assert "slope_start" in {c.term for c in slope.coefficients}
    assert "level_start" not in {c.term for c in slope.coefficients}
    assert slope.effects


def test_prminwge_wooldridge_12_7_from_the_spec():
    """The example study (trend.level_change: false) through fit_trend_models: Wooldridge
    Ex. 12.7 β(lmincov) = −.2123, Newey–West SE (g = 2, no factor) .0426; the causal
    sentence claims no effect."""
    from analysis.narrative.api import narrate

    _need(VALIDATION / "prminwge_newey_west")
    root = Path(__file__).resolve().parents[1]
    panel = load_study(root / "examples" / "prminwge_newey_west" / "study.yml").panel
    (o,) = fit_trend_models(panel, alpha=0.05, seed=1).outcomes
    assert o.status == "ok" and o.effect.effects == ()
    c = o.effect.coefficient("lmincov")
    assert c.estimate == pytest.approx(-0.2123, abs=TOL_NW_SE)
    assert c.std_error == pytest.approx(0.0426, abs=TOL_NW_SE)
    s = narrate(o, "en")
    assert s.tone == "descriptive" and s.values == ()
    assert "estimates no effect of the pilot" in s.text
    # the methods section describes the trend regression, not an interruption
    from analysis.numbers.study import run_analysis
    from analysis.report.sections.appendix import methods

    res = run_analysis(load_study(root / "examples" / "prminwge_newey_west" / "study.yml"))
    en, zh = str(methods(res, "en")), str(methods(res, "zh"))
    assert "has no interruption term" in en and "pre-pilot level" not in en
    assert "不含中断项" in zh
    assert o.effect.coefficient("time").description == "trend per year"
    from analysis.report.sections.front import key_results

    front = str(key_results(res, "en"))
    assert "estimates no effect of the pilot" in front and "pre-pilot level" not in front


# -- the intervention form of the structural model (trend.sts_form) -----------------------


def test_seatbelts_intervention_form_and_log_transform_from_the_spec():
    """The example study (transform: log, sts_form: intervention, covariate
    log(PetrolPrice)) through fit_trend_models gives Durbin & Koopman's §8.2 figures; the
    forecast form (the default) is a different model, fitted on the pre-period."""
    _need(VALIDATION / "seatbelts_sts")
    root = Path(__file__).resolve().parents[1]
    panel = load_study(root / "examples" / "seatbelts_sts" / "study.yml").panel
    (o,) = fit_trend_models(panel, alpha=0.05, seed=1).outcomes
    law, petrol = o.effect.coefficient("step"), o.effect.coefficient("log(PetrolPrice)")
    assert law.estimate == pytest.approx(-0.23773, abs=TOL_5DP)
    assert law.std_error == pytest.approx(0.04632, abs=TOL_5DP)
    assert petrol.estimate == pytest.approx(-0.29140, abs=TOL_5DP)
    assert petrol.std_error == pytest.approx(0.09832, abs=TOL_5DP)
    assert law.scale == "log"
    head = o.effect.headline_effect()
    assert head.relative_estimate == pytest.approx(math.expm1(law.estimate), abs=1e-12)
    assert "whole series" in o.effect.model and "log scale" in o.effect.model
    # the sentences name the whole-series step, never a forecast from the pre-period
    from analysis.narrative.api import narrate
    from analysis.narrative.paragraph import what_it_means
    from analysis.numbers.study import run_analysis

    en, zh = narrate(o, "en").text, narrate(o, "zh").text
    assert "the step of a structural model fitted to the whole series" in en
    assert "整个序列" in zh and "forecast" not in en and "预测" not in zh
    res = run_analysis(load_study(root / "examples" / "seatbelts_sts" / "study.yml"))
    compact = what_it_means(res.naive("drivers_ksi"), None, o, "en").text
    assert "the step of a structural model fitted to the whole series, is −21%" in compact
    from analysis.report.sections.appendix import methods

    text = str(methods(res, "en"))
    assert "intervention form is fitted to the whole series" in text
    assert "comparison units' series" not in text


# -- transform: log in the trend models -----------------------------------------------------


def _log_series(seed: int, n: int = 60, start: int = 36, step: float = -0.2):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = np.exp(3 + 0.01 * t + np.where(t >= start, step, 0.0) + rng.normal(0, 0.05, n))
    periods = pd.period_range("2015-01", periods=n, freq="M")
    return y, periods, str(periods[start])


def test_log_its_matches_statsmodels_on_log_y():
    """log=True: OLS of log(y) (statsmodels on the same design); with a level change only
    the relative effect is exp(b) − 1 at every horizon, its interval the exponentiated
    log-scale one (simulated percentiles against the t interval: Monte Carlo error only);
    the path is on the series' own scale."""
    y, periods, start = _log_series(1)
    res = fit_its(y, periods, start, log=True, se="ols", seasonality="none",
                  slope_change=False, horizons=(6,), n_sim=4000)  # fmt: skip
    X = design_matrix(periods, start, seasonality="none", slope_change=False)
    ref = sm.OLS(np.log(y), X).fit()
    for term in X.columns:
        assert res.coefficient(term).estimate == pytest.approx(ref.params[term], abs=TOL_SAME)
        assert res.coefficient(term).std_error == pytest.approx(ref.bse[term], abs=TOL_SAME)
    assert res.coefficient("level_start").scale == "log"
    assert res.r_squared == pytest.approx(ref.rsquared, abs=TOL_SAME)
    lo, hi = ref.conf_int().loc["level_start"]
    for e in res.effects:
        assert e.relative_estimate == pytest.approx(
            math.expm1(ref.params["level_start"]), abs=1e-12
        )
        assert e.relative_conf_low == pytest.approx(math.expm1(lo), abs=0.002)
        assert e.relative_conf_high == pytest.approx(math.expm1(hi), abs=0.002)
    np.testing.assert_allclose(res.path.observed, y, rtol=0, atol=0)
    np.testing.assert_allclose(res.path.fitted, np.exp(ref.fittedvalues), rtol=1e-10)
    assert "log(y), shown back-transformed" in res.model
    assert any("back-transformed by exp" in n for n in res.notes)


@pytest.mark.slow
def test_log_its_recovers_a_planted_step_in_simulation():
    """50 series with a planted log step of −0.2: the mean estimate is within 0.01 of it
    and the 95% intervals of exp(b) − 1 cover its truth in at least 85% of the series."""
    hits, est = 0, []
    truth = math.expm1(-0.2)
    for seed in range(50):
        y, periods, start = _log_series(100 + seed)
        res = fit_its(y, periods, start, log=True, se="ols", seasonality="none",
                      slope_change=False, horizons=(), n_sim=200, seed=seed)  # fmt: skip
        e = res.effect_at(0)
        est.append(res.coefficient("level_start").estimate)
        hits += e.relative_conf_low <= truth <= e.relative_conf_high
    assert abs(np.mean(est) + 0.2) < 0.01
    assert hits >= 43


def test_log_its_refuses_counts_and_non_positive_values():
    y, periods, start = _log_series(2)
    with pytest.raises(AnalysisError, match="family 'quasipoisson' already models the log"):
        fit_its(np.round(y), periods, start, log=True, family="quasipoisson")
    y[3] = 0.0
    with pytest.raises(
        AnalysisError, match="positive values; the series is zero or negative at 2015-04"
    ):
        fit_its(y, periods, start, log=True, seasonality="none")


def test_transform_log_in_the_spec_reaches_the_trend_models(make_study, tmp_path):
    """transform: log with designs its: family auto becomes Gaussian on log(y); the ITS
    coefficient is a log ratio. A count family with transform: log is refused by validate
    naming the key."""
    indicator = {
        "label": "Incidents", "kind": "count", "source": "stations", "column": "incidents",
        "transform": "log", "trend": {"seasonality": "none", "se": "ols", "sts": False},
    }  # fmt: skip
    path = make_study(
        tmp_path,
        spec_overrides={"designs": ["descriptive", "its"], "indicators": {"incidents": indicator}},
    )
    assert not validate_study(path).errors
    out = fit_trend_models(load_study(path).panel, alpha=0.05, seed=1, robustness=False)
    eff = out.get("incidents", "its").effect
    assert eff.family == "gaussian" and eff.coefficient("level_start").scale == "log"
    assert "log(y)" in eff.model
    bad = {**indicator, "trend": {**indicator["trend"], "family": "poisson"}}
    path = make_study(
        tmp_path / "bad",
        spec_overrides={"designs": ["descriptive", "its"], "indicators": {"incidents": bad}},
    )
    errors = [e for e in validate_study(path).errors if e.code == "trend.log_count_family"]
    assert len(errors) == 1 and errors[0].column == "indicators.incidents.trend.family"
    assert "transform: log" in errors[0].message
