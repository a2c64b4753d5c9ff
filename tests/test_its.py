"""Segmented-regression ITS (analysis.numbers.designs.its): published cases, simulation with a
planted effect, bad input, the results contract, and the demo study."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.its import fit_its, fit_its_panel
from analysis.numbers.designs.its_design import design_matrix
from analysis.numbers.designs.its_models import hac_lag_rule, ols_hac
from analysis.results.effects import EffectResult

matplotlib.use("Agg")

VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "validation"
ROOT = Path(__file__).resolve().parents[1]

#: Values printed to 4 decimals: half a unit in the last place, plus rounding slack.
TOL_4DP = 1e-4
#: Values printed to 3 decimals (the article's RR and CI).
TOL_3DP = 6e-4
#: Values printed to 2 decimals (Linden's coefficients as widely reported).
TOL_2DP = 6e-3
#: Wooldridge's Newey–West SE: the case's own tolerance (README: ±0.0001).
TOL_NW_SE = 1e-4
#: Our Newey–West code against statsmodels' on the same data: same formula, rounding only.
TOL_SAME_FORMULA = 1e-9


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"validation data not available: {path}")
    return path


def _ratio(res: EffectResult, term: str) -> np.ndarray:
    c = res.coefficient(term)
    return np.exp([c.estimate, c.conf_low, c.conf_high])


# -- design matrix ----------------------------------------------------------------------


def test_design_matrix_terms_and_corrected_slope() -> None:
    periods = pd.period_range("2019-01", periods=48, freq="M")
    x = design_matrix(periods, pd.Period("2021-07", "M"), seasonality="auto")
    assert list(x.columns) == [
        "const",
        "time",
        "level_start",
        "slope_start",
        "sin1",
        "cos1",
        "sin2",
        "cos2",
    ]
    assert x["time"].tolist() == list(range(1, 49))
    i0 = periods.get_loc(pd.Period("2021-07", "M"))
    assert x["level_start"].iloc[i0 - 1] == 0 and x["level_start"].iloc[i0] == 1
    # slope counted from the interruption (Lopez Bernal correction), never time·post
    assert x["slope_start"].iloc[: i0 + 1].eq(0).all()
    assert x["slope_start"].iloc[i0:].tolist() == list(range(48 - i0))
    # Fourier terms: period 12, month of year
    assert x["sin1"].iloc[0] == pytest.approx(math.sin(2 * math.pi / 12))
    assert x["cos2"].iloc[11] == pytest.approx(1.0)


def test_design_matrix_seasonality_rules() -> None:
    monthly = pd.period_range("2020-01", periods=40, freq="M")
    few = design_matrix(monthly, "2021-07")  # 18 pre-periods: auto gives none
    assert not any(c.startswith(("sin", "cos", "season")) for c in few.columns)
    dummies = design_matrix(monthly, "2021-07", seasonality="dummies")
    assert [c for c in dummies if c.startswith("season_")] == [f"season_{m}" for m in range(2, 13)]
    six = design_matrix(monthly, "2022-01", seasonality="fourier", harmonics=6)
    assert "sin6" not in six and "cos6" in six  # the Nyquist sine is identically zero
    quarterly = pd.period_range("2015Q1", periods=24, freq="Q")
    q = design_matrix(quarterly, "2019Q1")
    assert [c for c in q if c.startswith("season_")] == ["season_2", "season_3", "season_4"]
    yearly = pd.period_range("1970", periods=31, freq="Y")
    assert list(design_matrix(yearly, "1989").columns) == [
        "const",
        "time",
        "level_start",
        "slope_start",
    ]
    with pytest.raises(AnalysisError, match="no season"):
        design_matrix(yearly, "1989", seasonality="fourier")
    with pytest.raises(AnalysisError, match="harmonics"):
        design_matrix(monthly, "2022-01", seasonality="fourier", harmonics=7)


def test_design_matrix_interruptions_phase_in_and_no_slope() -> None:
    periods = pd.period_range("2019-01", periods=36, freq="M")
    x = design_matrix(
        periods,
        "2020-07",
        seasonality="none",
        phase_in=3,
        interruptions=[("Drive 2", pd.Period("2021-03", "M"))],
    )
    assert list(x.columns) == [
        "const",
        "time",
        "level_start",
        "slope_start",
        "level_drive_2",
        "slope_drive_2",
    ]
    i0 = periods.get_loc(pd.Period("2020-07", "M"))
    # phase-in: the slope's origin is the first fitted post-period
    assert x["slope_start"].iloc[i0 + 3] == 0 and x["slope_start"].iloc[i0 + 4] == 1
    assert x["level_drive_2"].sum() == 10
    plain = design_matrix(periods, "2020-07", seasonality="none", slope_change=False)
    assert list(plain.columns) == ["const", "time", "level_start"]


# -- published cases --------------------------------------------------------------------


@pytest.fixture(scope="module")
def sicily() -> pd.DataFrame:
    d = pd.read_csv(_need(VALIDATION / "sicily_its" / "sicily.csv"))
    d.index = pd.period_range("2002-01", periods=len(d), freq="M")
    return d


def _sicily_fit(d: pd.DataFrame, **kw) -> EffectResult:
    return fit_its(d["aces"], d.index, "2005-01", exposure=d["stdpop"], **kw)


@pytest.mark.parametrize(
    ("family", "seasonality", "rr", "dispersion"),
    [
        ("poisson", "none", (0.8944, 0.8647, 0.9251), 1.0),  # M1
        ("quasipoisson", "none", (0.8944, 0.8392, 0.9532), 3.5592),  # M2
        ("quasipoisson", "fourier", (0.8851, 0.8394, 0.9332), 2.2622),  # M3
    ],
)
def test_sicily_step_change(
    sicily: pd.DataFrame,
    family: str,
    seasonality: str,
    rr: tuple[float, float, float],
    dispersion: float,
) -> None:
    # Lopez Bernal et al. (2017), models "smokban + time": a level change only
    res = _sicily_fit(sicily, family=family, seasonality=seasonality, slope_change=False)
    np.testing.assert_allclose(_ratio(res, "level_start"), rr, atol=TOL_4DP)
    assert res.fitted_model.scale == pytest.approx(dispersion, abs=TOL_4DP)
    assert res.coefficient("level_start").scale == "log"
    assert res.seasonality == ("fourier(2)" if seasonality == "fourier" else "none")


def test_sicily_m3_article_and_trend(sicily: pd.DataFrame) -> None:
    res = _sicily_fit(
        sicily, family="quasipoisson", seasonality="fourier", harmonics=2, slope_change=False
    )
    # the article's rounded figure: RR 0.885 (0.839-0.933)
    np.testing.assert_allclose(_ratio(res, "level_start"), (0.885, 0.839, 0.933), atol=TOL_3DP)
    np.testing.assert_allclose(_ratio(res, "time"), (1.0054, 1.0038, 1.0070), atol=TOL_4DP)
    assert math.exp(12 * res.coefficient("time").estimate) == pytest.approx(1.0668, abs=TOL_4DP)
    assert res.check("overdispersion").status == "info"


def test_sicily_m4_corrected_slope(sicily: pd.DataFrame) -> None:
    """M4 (the correction): M3 + (time − 36)·smokban.

    The tutorial's slope term is 1 in the first post month (time − 36 with the ban
    from month 37), ours is 0 there ((t − t0)·post): the same model, so the fitted
    values and the slope agree, and the tutorial's level change is ours minus one
    month of slope change.
    """
    res = _sicily_fit(sicily, family="quasipoisson", seasonality="fourier", slope_change=True)
    assert res.fitted_model.scale == pytest.approx(2.2746, abs=TOL_4DP)
    np.testing.assert_allclose(_ratio(res, "slope_start"), (1.0015, 0.9978, 1.0051), atol=TOL_4DP)
    cov = res.fitted_model.cov_params()
    g = pd.Series(0.0, index=cov.index)
    g["level_start"], g["slope_start"] = 1.0, -1.0
    est = float(g @ res.fitted_model.params)
    se = math.sqrt(float(g @ cov @ g))
    z = 1.959963984540054
    np.testing.assert_allclose(
        np.exp([est, est - z * se, est + z * se]), (0.8765, 0.8268, 0.9292), atol=TOL_4DP
    )
    # never time·post: that parameterisation's level change (RR 0.831) is the wrong one
    assert _ratio(res, "level_start")[0] > 0.87


def test_count_relative_effect_is_exp_of_linear_terms(sicily: pd.DataFrame) -> None:
    res = _sicily_fit(sicily, family="quasipoisson", seasonality="fourier", horizons=(1, 6, 12))
    level = res.coefficient("level_start").estimate
    slope = res.coefficient("slope_start").estimate
    for h in (1, 6, 12):
        e = res.effect_at(h)
        assert e.relative_estimate == pytest.approx(
            math.exp(level + slope * (h - 1)) - 1, rel=1e-10
        )
        assert e.relative_conf_low < e.relative_estimate < e.relative_conf_high
        assert e.conf_low < e.estimate < e.conf_high
        assert e.cumulative_conf_low < e.cumulative_estimate < e.cumulative_conf_high
    path = res.path.to_frame()
    i = path.index[path.time == "2005-12"][0]
    assert res.effect_at(12).estimate == pytest.approx(path.fitted[i] - path.counterfactual[i])
    # cumulative = sum of fitted − counterfactual over months 1..12
    post = path[path.post].head(12)
    assert res.effect_at(12).cumulative_estimate == pytest.approx(
        (post.fitted - post.counterfactual).sum()
    )
    avg = res.effect_at(0)
    assert avg.label == "post-period average" and avg.period == "2005-01 to 2006-11"


@pytest.fixture(scope="module")
def california() -> pd.DataFrame:
    s = pd.read_csv(_need(VALIDATION / "prop99_its_synth" / "smoking.csv"))
    ca = s[s.state == "California"].sort_values("year")
    return ca.set_index(pd.PeriodIndex(ca.year.astype(str), freq="Y"))


def test_prop99_linden_single_group(california: pd.DataFrame) -> None:
    """Linden (2015): itsa cigsale, single trperiod(1989) lag(1) posttrend."""
    res = fit_its(
        california.cigsale,
        california.index,
        "1989",
        seasonality="none",
        se="hac",
        hac_lag=1,
        small_sample=True,
        horizons=(),
    )
    b = {c.term: c for c in res.coefficients}
    # the published coefficients (2 d.p.) and their 4-d.p. reproduction
    for term, pub, rep in (
        ("time", -1.78, -1.7795),
        ("level_start", -20.06, -20.0581),
        ("slope_start", -1.49, -1.4947),
        ("post_trend", -3.27, -3.2741),
    ):
        assert b[term].estimate == pytest.approx(pub, abs=TOL_2DP)
        assert b[term].estimate == pytest.approx(rep, abs=TOL_4DP)
    # Stata-convention Newey–West SEs (regression values: not checked against the paper)
    for term, se in (
        ("time", 0.3834),
        ("level_start", 4.7244),
        ("slope_start", 0.4368),
        ("post_trend", 0.2688),
    ):
        assert b[term].std_error == pytest.approx(se, abs=TOL_4DP)
    # b0 is the level in 1970 (T = 0 there; our time is 1 in 1970): const + time
    cov = res.fitted_model.cov_params()
    g = pd.Series(0.0, index=cov.index)
    g["const"] = g["time"] = 1.0
    assert float(g @ res.fitted_model.params) == pytest.approx(132.2258, abs=TOL_4DP)
    assert math.sqrt(float(g @ cov @ g)) == pytest.approx(4.2531, abs=TOL_4DP)
    assert res.hac_lag == 1 and "lag 1" in res.se_type and "n/(n−k)" in res.se_type
    # our Newey–West and statsmodels' (held in fitted_model) agree
    np.testing.assert_allclose(
        [b[t].std_error for t in res.fitted_model.bse.index],
        res.fitted_model.bse,
        rtol=TOL_SAME_FORMULA,
    )
    plain = fit_its(
        california.cigsale,
        california.index,
        "1989",
        seasonality="none",
        se="hac",
        hac_lag=1,
        small_sample=False,
        horizons=(),
    )
    np.testing.assert_allclose(
        [plain.coefficient(t).std_error for t in ("time", "level_start", "slope_start")],
        (0.3578, 4.4091, 0.4077),
        atol=TOL_4DP,
    )
    assert "no small-sample factor" in plain.se_type


@pytest.fixture(scope="module")
def prminwge() -> pd.DataFrame:
    return pd.read_csv(_need(VALIDATION / "prminwge_newey_west" / "prminwge.csv"))


@pytest.mark.parametrize(
    ("lag", "small_sample", "se"),
    [(2, False, 0.0426), (2, True, 0.0457), (1, False, 0.0424), (1, True, 0.0455)],
)
def test_prminwge_ols_hac(prminwge: pd.DataFrame, lag: int, small_sample: bool, se: float) -> None:
    """Wooldridge Example 12.7: Newey–West SE of log(mincov), g = 2 → .0426."""
    d = prminwge
    x = pd.DataFrame(
        {"const": 1.0, "lmincov": d.lmincov, "lprgnp": d.lprgnp, "lusgnp": d.lusgnp, "t": d.t}
    )
    fit = ols_hac(d.lprepop, x, lag, small_sample)
    assert fit.params["lmincov"] == pytest.approx(-0.2123, abs=TOL_NW_SE)
    assert fit.std_errors["lmincov"] == pytest.approx(se, abs=TOL_NW_SE)
    assert f"lag {lag}" in fit.description


def test_ols_hac_counts_lags_in_calendar_time() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    x = sm.add_constant(np.arange(40.0))
    y = 1 + 0.1 * np.arange(40) + rng.normal(size=40)
    ref = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": False})
    np.testing.assert_allclose(ols_hac(y, x, 3).cov, ref.cov_params(), rtol=1e-10)
    # a gap: rows 10-12 missing; lags across it are calendar lags
    keep = np.r_[0:10, 13:40]
    gap = ols_hac(y[keep], x[keep], 3, positions=keep)
    compressed = ols_hac(y[keep], x[keep], 3)
    assert not np.allclose(gap.cov, compressed.cov)
    assert hac_lag_rule(60) == 3 and hac_lag_rule(24) == 2 and hac_lag_rule(120) == 4


# -- Gaussian error models ------------------------------------------------------------------


def _gaussian_series(seed: int, rho: float = 0.3) -> tuple[np.ndarray, pd.PeriodIndex]:
    periods = pd.period_range("2018-01", periods=60, freq="M")
    rng = np.random.default_rng(seed)
    t = np.arange(1, 61)
    post = t >= 37
    e = np.zeros(60)
    u = rng.normal(0, 3, 60)
    e[0] = u[0] / math.sqrt(1 - rho**2)
    for i in range(1, 60):
        e[i] = rho * e[i - 1] + u[i]
    y = (
        100
        + 0.2 * t
        + 3 * np.sin(2 * np.pi * np.asarray(periods.month) / 12)
        + post * (-8 - 0.2 * (t - 37))
        + e
    )
    return y, periods


def test_ar1_is_prais_winsten_keeping_the_first_observation() -> None:
    y, periods = _gaussian_series(11)
    res = fit_its(y, periods, "2021-01", se="ar1", seasonality="fourier")
    sigma = res.fitted_model.model.sigma
    rho = sigma[0, 1] / sigma[0, 0]
    x = design_matrix(periods, "2021-01", seasonality="fourier").to_numpy()
    # independent Prais–Winsten at the same rho (all 60 rows, first scaled)
    a = math.sqrt(1 - rho**2)
    ys = np.r_[a * y[0], y[1:] - rho * y[:-1]]
    xs = np.vstack([a * x[0], x[1:] - rho * x[:-1]])
    beta = np.linalg.lstsq(xs, ys, rcond=None)[0]
    np.testing.assert_allclose(
        [c.estimate for c in res.coefficients[: x.shape[1]]], beta, rtol=1e-8
    )
    # rho is the fixed point: the lag-1 autocorrelation of its own residuals
    e = y - x @ beta
    assert rho == pytest.approx(e[1:] @ e[:-1] / (e[:-1] @ e[:-1]), abs=1e-6)
    assert "Prais–Winsten" in res.se_type and res.hac_lag is None
    assert res.check("breusch_godfrey").status == "not_applicable"


def test_gaussian_default_is_ar1_reml_with_kenward_roger() -> None:
    """Gaussian se='auto' (the default) is AR(1) errors by REML with the Kenward–Roger
    covariance and df, stated in se_type; fitted_model is the GLS at the REML rho."""
    from analysis.numbers.designs.ar1 import ar1_reml_kr

    y, periods = _gaussian_series(5)
    res = fit_its(y, periods, "2021-01", seasonality="fourier", n_sim=4000)
    same = fit_its(y, periods, "2021-01", seasonality="fourier", se="ar1_reml", n_sim=4000)
    assert res == same and res.hac_lag is None
    x = design_matrix(periods, "2021-01", seasonality="fourier")
    terms = [list(x.columns).index(c) for c in ("level_start", "slope_start")]
    ref = ar1_reml_kr(y, x.to_numpy(), terms=terms)
    assert "REML" in res.se_type and "Kenward–Roger" in res.se_type
    assert f"ρ = {ref['rho']:.3f}" in res.se_type and f"t({ref['df']:.1f})" in res.se_type
    k = x.shape[1]
    np.testing.assert_allclose(
        [c.estimate for c in res.coefficients[:k]], ref["params"], rtol=1e-10
    )
    np.testing.assert_allclose(
        [c.std_error for c in res.coefficients[:k]], np.sqrt(np.diag(ref["cov"])), rtol=1e-10
    )
    # t intervals with the KR df; the effect's simulated interval reproduces them
    from scipy import stats

    c = res.coefficient("level_start")
    crit = stats.t.ppf(0.975, ref["df"])
    assert c.conf_high - c.estimate == pytest.approx(crit * c.std_error, rel=1e-10)
    e = res.effect_at(12)
    assert (e.conf_high - e.conf_low) / 2 == pytest.approx(crit * e.std_error, rel=0.05)
    assert "Kenward–Roger covariance and df" in res.interval_method
    # fitted_model: statsmodels GLS with the AR(1) sigma at the REML rho
    sigma = res.fitted_model.model.sigma
    assert sigma[0, 1] / sigma[0, 0] == pytest.approx(ref["rho"], abs=1e-12)
    np.testing.assert_allclose(res.fitted_model.params, ref["params"], rtol=1e-8)
    assert res.check("breusch_godfrey").status == "not_applicable"


def test_ar1_reml_handles_the_phase_in_gap() -> None:
    """With a phase-in the REML rho and the KR covariance use calendar distances."""
    from analysis.numbers.designs.ar1 import ar1_reml_kr

    y, periods = _gaussian_series(8)
    res = fit_its(y, periods, "2021-01", seasonality="fourier", phase_in=3)
    x = design_matrix(periods, "2021-01", seasonality="fourier", phase_in=3)
    keep = np.r_[0:36, 39:60]
    terms = [list(x.columns).index(c) for c in ("level_start", "slope_start")]
    ref = ar1_reml_kr(y[keep], x.to_numpy()[keep], positions=keep, terms=terms)
    compressed = ar1_reml_kr(y[keep], x.to_numpy()[keep], terms=terms)
    assert ref["rho"] != pytest.approx(compressed["rho"], abs=1e-6)
    assert f"ρ = {ref['rho']:.3f}" in res.se_type
    assert res.coefficient("level_start").std_error == pytest.approx(
        math.sqrt(ref["cov"][2, 2]), rel=1e-10
    )


def test_gaussian_effects_match_linear_contrasts() -> None:
    y, periods = _gaussian_series(5)
    res = fit_its(y, periods, "2021-01", seasonality="fourier", se="hac", n_sim=4000)
    level = res.coefficient("level_start").estimate
    slope = res.coefficient("slope_start").estimate
    e = res.effect_at(12)
    assert e.estimate == pytest.approx(level + 11 * slope)
    # the simulated interval reproduces the t interval of a linear contrast
    half = (e.conf_high - e.conf_low) / 2
    from scipy import stats

    assert half == pytest.approx(stats.t.ppf(0.975, res.n_obs - 8) * e.std_error, rel=0.05)
    assert res.hac_lag == hac_lag_rule(60) and "rule" in res.se_type
    assert res.check("overdispersion").status == "not_applicable"
    assert {c.name for c in res.checks} == {
        "ljung_box",
        "breusch_godfrey",
        "durbin_watson",
        "overdispersion",
        "pre_fit",
    }


def test_phase_in_excluded_from_fit() -> None:
    y, periods = _gaussian_series(8)
    y = y.copy()
    y[36:39] += 50  # a disrupted implementation period
    res = fit_its(y, periods, "2021-01", seasonality="fourier", phase_in=3)
    assert res.n_obs == 57 and res.path.excluded[36:39] == (True,) * 3
    assert sum(res.path.excluded) == 3
    assert any("Phase-in" in n for n in res.notes)
    # the disruption does not leak into the fit
    assert abs(res.effect_at(12).estimate - (-8 - 0.2 * 11)) < 6


# -- simulation with a planted effect ------------------------------------------------------

#: 100 replications: the Monte Carlo SE of a mean relative effect is ~1% of the truth
#: here; a bias beyond 4 MC SEs is "visible". The 1,000-replication coverage study is
#: scripts/its_coverage.py.
N_REPS = 100
BIAS_MCSE = 4.0
#: Coverage is not the point of this small test (MC SE ≈ 2.2 points at 100 reps); a
#: broken interval would be far below this.
MIN_COVERAGE = 0.85


def _planted(family: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    periods = pd.period_range("2018-01", periods=60, freq="M")
    rng = np.random.default_rng(seed)
    t = np.arange(1, 61)
    post = (t >= 37).astype(float)
    season = np.sin(2 * np.pi * np.asarray(periods.month) / 12)
    if family == "gaussian":
        cf = 100 + 0.2 * t + 3 * season
        y = cf + post * (-8 - 0.2 * (t - 37)) + rng.normal(0, 3, 60)
        truth = (-8 - 0.2 * 11) / cf[36 + 11]
    else:
        mu_cf = np.exp(np.log(50) + 0.005 * t + 0.15 * season)
        mu = mu_cf * np.exp(post * (math.log(0.85) - 0.01 * (t - 37)))
        y = rng.poisson(mu * rng.gamma(50, 1 / 50, 60))  # overdispersed: φ ≈ 2
        truth = 0.85 * math.exp(-0.01 * 11) - 1
    return y.astype(float), np.array([truth])


@pytest.mark.parametrize("family", ["gaussian", "quasipoisson"])
def test_planted_relative_effect_recovered(family: str) -> None:
    periods = pd.period_range("2018-01", periods=60, freq="M")
    est, cover = [], []
    truth = 0.0
    for rep in range(N_REPS):
        y, tr = _planted(family, 1000 + rep)
        truth = float(tr[0])
        res = fit_its(
            y,
            periods,
            "2021-01",
            family=family,
            seasonality="fourier",
            horizons=(12,),
            n_sim=200,
            seed=rep,
        )
        e = res.effect_at(12)
        est.append(e.relative_estimate)
        cover.append(e.relative_conf_low <= truth <= e.relative_conf_high)
    est_a = np.array(est)
    mcse = est_a.std(ddof=1) / math.sqrt(N_REPS)
    assert abs(est_a.mean() - truth) < BIAS_MCSE * mcse, (est_a.mean(), truth, mcse)
    assert np.mean(cover) >= MIN_COVERAGE


# -- bad input -------------------------------------------------------------------------------

_P = pd.period_range("2018-01", periods=48, freq="M")
_Y = 20 + np.random.default_rng(0).poisson(5, 48).astype(float)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y": np.zeros(48)}, "all zeros"),
        ({"y": np.full(48, 7.0)}, "constant"),
        ({"start": "2018-01"}, "first period of the data: there is no pre-period"),
        ({"start": "2025-01"}, r"outside the data \(2018-01 to 2021-12\)"),
        ({"start": "2017-06"}, "outside the data"),
        (
            {"y": np.r_[_Y[:10], -1.0, _Y[11:]], "family": "poisson"},
            "non-negative counts; the series is negative at 2018-11",
        ),
        ({"y": np.r_[_Y[:5], np.nan, _Y[6:]]}, "1 missing value.* at 2018-06"),
        (
            {"start": "2018-07", "seasonality": "none"},
            r"too few pre-periods: the model needs at least 8 before the start 2018-07",
        ),
        (
            {"start": "2019-06", "seasonality": "fourier"},
            "needs at least 24 pre-periods .* the series has 17",
        ),
        ({"start": "2019-06", "seasonality": "dummies"}, "needs at least 24 pre-periods"),
        ({"family": "binomial"}, "family 'binomial' is not one of"),
        ({"family": "poisson", "se": "ar1"}, "Gaussian options"),
        ({"exposure": np.ones(48)}, "divide the outcome by the exposure"),
        ({"family": "poisson", "exposure": np.r_[0.0, np.ones(47)]}, "exposure must be positive"),
        ({"family": "poisson", "exposure": np.ones(10)}, "exposure has 10 values for 48"),
        ({"y": _Y[:40]}, "40 values for 48 periods"),
        ({"horizons": (0,)}, "horizons are post-period counts"),
        ({"phase_in": 30}, "leaves no post-period"),
        ({"hac_lag": -1}, "hac_lag must be"),
        ({"seasonality": "weekly"}, "seasonality 'weekly' is not one of"),
        ({"alpha": 1.5}, "alpha must be"),
        ({"n_sim": 10}, "n_sim must be"),
        ({"interruptions": [("again", "2020-01")]}, "falls on the start"),
        ({"interruptions": [("next", "2020-02")]}, "cannot be told apart"),
        ({"periods": _P[::-1]}, "consecutive and increasing"),
        (
            {"y": np.r_[np.zeros(24), _Y[24:]], "family": "quasipoisson"},
            "pre-period counts are all zero",
        ),
        (
            {"y": np.r_[_Y[:24], np.zeros(24)], "family": "quasipoisson"},
            "post-period counts are all zero",
        ),
    ],
)
def test_bad_input_raises_analysis_error(kwargs: dict, message: str) -> None:
    args = {"y": _Y, "periods": _P, "start": "2020-01", "seasonality": "none"}
    args.update(kwargs)
    with pytest.raises(AnalysisError, match=message):
        fit_its(args.pop("y"), args.pop("periods"), args.pop("start"), **args)


def test_horizon_beyond_data_dropped_with_note() -> None:
    res = fit_its(_Y, _P, "2021-01", seasonality="none", horizons=(6, 12, 24))
    assert [e.horizon for e in res.effects] == [6, 12, 0]
    assert any("Horizon 24 is beyond the 12 post-period" in n for n in res.notes)


# -- results contract ------------------------------------------------------------------------


def _finite(values) -> bool:
    return bool(np.isfinite(np.asarray(values, dtype=float)).all())


@pytest.mark.parametrize("family", ["gaussian", "poisson", "quasipoisson", "negbin"])
def test_round_trip_finite_and_plot(family: str) -> None:
    import matplotlib.pyplot as plt

    y, _ = _planted("quasipoisson", 7)
    periods = pd.period_range("2018-01", periods=60, freq="M")
    res = fit_its(
        y, periods, "2021-01", family=family, n_sim=300, indicator="x", label="X", unit="north"
    )
    back = EffectResult.from_dict(json.loads(json.dumps(res.to_dict())))
    assert back == res and back.fitted_model is None and res.fitted_model is not None
    assert back.path.to_frame().equals(res.path.to_frame())
    # never NaN in the numbers a reader sees
    assert _finite(
        res.coefficients_frame()[["estimate", "std_error", "conf_low", "conf_high", "p_value"]]
    )
    frame = res.to_frame()
    assert _finite(frame[["estimate", "conf_low", "conf_high"]])
    tested = frame[frame.scale == ("absolute" if family == "gaussian" else "log")]
    tested = tested[tested.measure == "effect"]
    assert len(tested) == len(res.effects)
    assert _finite(tested[["std_error", "statistic", "p_value"]])
    path = res.path.to_frame()
    assert _finite(path.drop(columns=["time", "unit", "post", "excluded"]))
    assert (path.cf_pred_low <= path.cf_conf_low + 1e-9).all()
    assert (path.cf_conf_high <= path.cf_pred_high + 1e-9).all()
    assert (path.cf_conf_low <= path.counterfactual).all()
    assert (path.counterfactual <= path.cf_conf_high).all()
    assert res.coefficient("level_start").scale == ("identity" if family == "gaussian" else "log")
    assert res.family == family and res.design == "its" and res.start == "2021-01"
    assert res.n_pre == 36 and res.n_post == 24 and res.n_obs == 60
    assert "simulation" in res.interval_method and "300 draws" in res.interval_method
    od = res.check("overdispersion")
    assert (
        od.status
        == {
            "gaussian": "not_applicable",
            "poisson": "warn",
            "quasipoisson": "info",
            "negbin": "info",
        }[family]
    )
    ax = res.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    plt.close(ax.figure)
    assert res.headline().startswith("X (north)")


def test_same_seed_same_numbers() -> None:
    a = fit_its(_Y, _P, "2020-01", seasonality="none", seed=4, n_sim=300)
    b = fit_its(_Y, _P, "2020-01", seasonality="none", seed=4, n_sim=300)
    assert a == b


# -- panel ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dadeng_panel():
    from analysis.intake.validate import load_study

    return load_study(ROOT / "data" / "dadeng" / "study.yml").panel


def test_dadeng_fraud_quasipoisson(dadeng_panel) -> None:
    """A single series cannot separate the district-wide −12% from the pilot's −11%:
    only check that the Jan–Sep 2021 effect is finite with a sensible interval."""
    res = fit_its_panel(dadeng_panel, "fraud_incidents", family="quasipoisson", horizons=(9,))
    e = res.effect_at(9)
    assert e.period == "2021-09"
    for lo, est, hi in (
        (e.conf_low, e.estimate, e.conf_high),
        (e.relative_conf_low, e.relative_estimate, e.relative_conf_high),
        (e.cumulative_conf_low, e.cumulative_estimate, e.cumulative_conf_high),
    ):
        assert all(math.isfinite(v) for v in (lo, est, hi)) and lo < est < hi
    assert e.relative_conf_low > -1 and e.relative_conf_high < 1
    assert res.unit == "Dadeng" and res.indicator == "fraud_incidents"
    assert res.label == "Telecom-fraud incidents reported"
    assert res.seasonality == "fourier(2)" and res.start == "2021-01"
    assert res.effect_at(0).period == "2021-01 to 2021-10"


def test_dadeng_kinds_and_groups(dadeng_panel) -> None:
    with pytest.raises(AnalysisError, match="is a proportion: family 'quasipoisson' needs"):
        fit_its_panel(dadeng_panel, "disputes_resolved_share", family="quasipoisson")
    share = fit_its_panel(dadeng_panel, "disputes_resolved_share", family="gaussian", n_sim=200)
    assert min(share.path.observed) > 0 and max(share.path.observed) <= 1
    with pytest.raises(AnalysisError, match="is a stock"):
        fit_its_panel(dadeng_panel, "registered_floating", family="poisson")
    with pytest.raises(AnalysisError, match="unknown unit"):
        fit_its_panel(dadeng_panel, "fraud_incidents", group="Dadengg")
    with pytest.raises(AnalysisError, match="adopted the pilot"):
        fit_its_panel(dadeng_panel, "fraud_incidents", group="comparison")
    comp = fit_its_panel(
        dadeng_panel,
        "fraud_incidents",
        group="comparison",
        start="2021-01",
        family="quasipoisson",
        n_sim=200,
    )
    assert comp.unit.startswith("pooled (24 units)")
    assert comp.path.observed[0] == pytest.approx(
        dadeng_panel.indicator_frame("fraud_incidents")
        .query("period == @dadeng_panel.periods[0] and unit != 'Dadeng'")
        .value.sum()
    )
    # the award one month before the start cannot be separated from the start
    with pytest.raises(AnalysisError, match="cannot be told apart"):
        fit_its_panel(dadeng_panel, "fraud_incidents", family="quasipoisson", milestones=True)


def test_panel_milestones_and_exposure(make_study, tmp_path) -> None:
    from analysis.intake.validate import load_study

    path = make_study(
        tmp_path,
        spec_overrides={
            "treatment": {
                "milestones": [
                    {"id": "launch", "date": "2020-07"},
                    {"id": "scale_up", "date": "2021-01"},
                ]
            }
        },
    )
    panel = load_study(path).panel
    res = fit_its_panel(panel, "incidents", milestones=True, family="quasipoisson", n_sim=200)
    assert "level_scale_up" in {c.term for c in res.coefficients}
    assert any("'launch'" in n for n in res.notes)  # on the start: not fitted
    assert res.seasonality == "none"  # 18 pre-periods: too few for Fourier terms


def test_effect_frame_one_scale_per_row() -> None:
    """Every row states its scale; a count model's test sits on the log rate ratio."""
    from scipy import stats

    y, _ = _planted("quasipoisson", 3)
    periods = pd.period_range("2018-01", periods=60, freq="M")
    res = fit_its(y, periods, "2021-01", family="quasipoisson", n_sim=300)
    frame = res.to_frame()
    assert {"estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"} <= set(
        frame.columns
    )
    for e in res.effects:
        rows = frame[frame.horizon == e.horizon].set_index(["measure", "scale"])
        assert list(rows.index) == [
            ("effect", "absolute"),
            ("effect", "log"),
            ("effect", "relative"),
            ("cumulative", "absolute"),
        ]
        log = rows.loc[("effect", "log")]
        assert log.estimate == pytest.approx(math.log1p(e.relative_estimate))
        assert log.conf_low == pytest.approx(math.log1p(e.relative_conf_low))
        assert log.p_value == e.p_value
        assert 2 * stats.norm.sf(abs(log.statistic)) == pytest.approx(e.p_value, rel=1e-9)
        assert log.std_error > 0 and log.statistic == pytest.approx(log.estimate / log.std_error)
        absolute = rows.loc[("effect", "absolute")]
        assert absolute.std_error == e.std_error and math.isnan(absolute.p_value)
        assert math.isnan(rows.loc[("effect", "relative")].std_error)
    gauss = fit_its(y, periods, "2021-01", family="gaussian", n_sim=300).to_frame()
    assert set(gauss.scale) == {"absolute", "relative"}
    absolute = gauss[(gauss.scale == "absolute") & (gauss.measure == "effect")]
    assert np.allclose(absolute.statistic, absolute.estimate / absolute.std_error)
    coefs = res.coefficients_frame()
    assert set(coefs.scale) == {"log"}


def test_headlines_follow_the_language() -> None:
    y, _ = _planted("quasipoisson", 3)
    periods = pd.period_range("2018-01", periods=60, freq="M")
    res = fit_its(y, periods, "2021-01", family="quasipoisson", n_sim=300, label="X", unit="n")
    for obj in (res, res.coefficients[0], res.effects[0], res.path):
        en, zh = obj.headline("en"), obj.headline("zh")
        assert en != zh and re.search("[\u4e00-\u9fff]", zh), type(obj).__name__
    assert "置信区间" in res.headline("zh") and "CI" in res.headline("en")
