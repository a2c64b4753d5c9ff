"""Structural time-series designs: published case, independent checks, planted effects."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.sts import fit_sts, fit_sts_panel
from analysis.numbers.designs.sts_intervention import fit_sts_intervention
from analysis.numbers.designs.sts_statespace import fit_structural
from analysis.results.effects import EffectResult

matplotlib.use("Agg")

VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "validation"
SEATBELTS = VALIDATION / "seatbelts_sts" / "seatbelts.csv"
DADENG = Path(__file__).resolve().parents[1] / "data" / "dadeng" / "study.yml"

# Durbin & Koopman (2012) §8.2, as quoted in ../shared/validation/seatbelts_sts/README.md.
DK_LAW, DK_LAW_RMSE = -0.23773, 0.04632
DK_PETROL, DK_PETROL_RMSE = -0.29140, 0.09832
DK_BSM_VARIANCES = {
    "sigma2.irregular": 0.00341598,
    "sigma2.level": 0.000935852,
    "sigma2.freq_seasonal_12(6)": 5.01096e-7,
}

# Published to five decimals (rounding 5e-6); the optimiser's end point moves the sixth.
COEF_ABS_TOL = 5e-5
# The variances are flat in the likelihood near the optimum: 0.1% relative is well within
# what two optimisers agree on (the README's reproduction achieved 0.05%).
VAR_REL_TOL = 1e-3
# Monte Carlo standard errors: two implementations drawing 4,000 paths each.
MC_SE_MULTIPLE = 4.0
# Planted-effect simulation: the post-period average effect has s.d. ≈ 0.96 across
# replications (200 runs of this generator); the mean of 5 fits is within 3 s.e. of it.
PLANTED_EFFECT = 3.0
N_SEEDS = 5
BIAS_TOL = 3 * 0.96 / np.sqrt(N_SEEDS)
# Planted truth of the Dadeng demo (simulate.DadengTruth.fraud_effect = 0.89).
DADENG_RELATIVE_EFFECT = 0.89 - 1


@pytest.fixture(scope="module")
def seatbelts() -> pd.DataFrame:
    if not SEATBELTS.exists():
        pytest.skip(f"validation data absent: {SEATBELTS}")
    return pd.read_csv(SEATBELTS)


def simulate_series(seed: int, n: int = 72, n_post: int = 12, effect: float = 0.0):
    """Local level + fixed seasonal + a control covariate; ``effect`` added from the start."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    x = 10 + np.cumsum(rng.normal(0, 0.5, n)) + 2 * np.sin(2 * np.pi * t / 12)
    level = 50 + np.cumsum(rng.normal(0, 0.3, n))
    seasonal = 3 * np.cos(2 * np.pi * t / 12) + 1.5 * np.sin(4 * np.pi * t / 12)
    y = level + seasonal + 1.5 * x + rng.normal(0, 1.0, n)
    y[n - n_post :] += effect
    periods = pd.period_range("2015-01", periods=n, freq="M")
    return y, periods, str(periods[n - n_post]), pd.DataFrame({"control": x})


# -- published case: Durbin & Koopman's seat-belt law --------------------------------------


def test_seatbelts_intervention_reproduces_durbin_koopman(seatbelts):
    exog = pd.DataFrame({"log_petrol": np.log(seatbelts["PetrolPrice"])})
    res = fit_sts_intervention(
        seatbelts["drivers"],
        seatbelts["month"],
        "1983-02",
        exog=exog,
        level="llevel",
        seasonal=12,
        harmonics=6,
        log=True,
        indicator="drivers",
        label="Drivers KSI",
    )
    law = res.coefficient("step")
    petrol = res.coefficient("log_petrol")
    assert law.estimate == pytest.approx(DK_LAW, abs=COEF_ABS_TOL)
    assert law.std_error == pytest.approx(DK_LAW_RMSE, abs=COEF_ABS_TOL)
    assert petrol.estimate == pytest.approx(DK_PETROL, abs=COEF_ABS_TOL)
    assert petrol.std_error == pytest.approx(DK_PETROL_RMSE, abs=COEF_ABS_TOL)
    assert law.scale == "log"
    # the law cut KSI by about 21%: relative effect exp(λ) − 1 at every horizon
    assert res.effect_at(0).relative_estimate == pytest.approx(np.expm1(DK_LAW), abs=1e-4)
    assert res.check("convergence").status == "pass"
    assert res.design == "sts" and res.family == "state_space"


def test_seatbelts_basic_structural_model_variances(seatbelts):
    res = fit_structural(seatbelts["drivers"], level="llevel", seasonal=12, harmonics=6, log=True)
    got = dict(zip(res.model.param_names, res.params, strict=True))
    for name, published in DK_BSM_VARIANCES.items():
        assert got[name] == pytest.approx(published, rel=VAR_REL_TOL), name
    # starting the never-observed Nyquist sine state known changes nothing observable:
    # the same likelihood as statsmodels' all-diffuse start, but the diffuse phase ends
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    plain = UnobservedComponents(
        np.log(seatbelts["drivers"].to_numpy()),
        level="llevel",
        freq_seasonal=[{"period": 12, "harmonics": 6}],
        stochastic_freq_seasonal=[True],
        use_exact_diffuse=True,
    )
    assert res.llf == pytest.approx(plain.loglike(res.params), abs=1e-8)
    assert res.nobs_diffuse == 12  # level + 11 seasonal states; all 192 for the plain model


# -- independent checks of the forecast distribution ---------------------------------------


def test_pointwise_bands_match_statsmodels_forecast():
    y, periods, start, exog = simulate_series(3)
    res = fit_sts(y, periods, start, exog=exog, n_param_draws=0, alpha=0.1)
    fc = res.fitted_model.get_forecast(12, exog=exog.to_numpy()[-12:])
    band = fc.conf_int(alpha=0.1)
    frame = res.path.to_frame()
    post = frame[frame["post"]]
    np.testing.assert_allclose(post["counterfactual"], fc.predicted_mean, rtol=1e-8)
    np.testing.assert_allclose(post["cf_pred_low"], band[:, 0], rtol=1e-8)
    np.testing.assert_allclose(post["cf_pred_high"], band[:, 1], rtol=1e-8)


def test_cumulative_interval_matches_statsmodels_simulation():
    """Our joint forecast covariance against statsmodels' own path simulation."""
    y, periods, start, exog = simulate_series(3)
    n_sim = 4000
    res = fit_sts(y, periods, start, exog=exog, n_param_draws=0, n_sim=n_sim, seed=1)
    sims = res.fitted_model.simulate(
        12,
        anchor="end",
        repetitions=n_sim,
        exog=exog.to_numpy()[-12:],
        rng=np.random.default_rng(2),
    )
    sums = np.asarray(sims).reshape(12, -1).sum(axis=0)
    ours = res.effect_at(0)
    sd_sum = ours.std_error * 12
    assert sums.std() == pytest.approx(sd_sum, rel=MC_SE_MULTIPLE / np.sqrt(2 * n_sim))
    cf_sum = sum(res.path.counterfactual[-12:])
    assert sums.mean() == pytest.approx(cf_sum, abs=MC_SE_MULTIPLE * sd_sum / np.sqrt(n_sim))


def test_log_cumulative_interval_matches_statsmodels_simulation():
    """Log scale: sums of exponentiated paths, ours against statsmodels' simulation."""
    y, periods, start, exog = simulate_series(4)
    n_sim = 4000
    res = fit_sts(y, periods, start, exog=exog, log=True, n_param_draws=0, n_sim=n_sim, seed=3)
    sims = res.fitted_model.simulate(
        12,
        anchor="end",
        repetitions=n_sim,
        exog=exog.to_numpy()[-12:],
        rng=np.random.default_rng(4),
    )
    sums = np.exp(np.asarray(sims).reshape(12, -1)).sum(axis=0)
    avg = res.effect_at(0)
    observed = y[-12:].sum()
    sd_sum = avg.std_error * 12
    tol = MC_SE_MULTIPLE * sd_sum * 2 / np.sqrt(n_sim)  # quantiles: ~2x the s.e. of a mean
    lo, hi = np.quantile(sums, [0.025, 0.975])
    assert avg.cumulative_conf_low == pytest.approx(observed - hi, abs=tol)
    assert avg.cumulative_conf_high == pytest.approx(observed - lo, abs=tol)


def test_diffuse_start_ends_with_full_trigonometric_seasonal():
    """With every state diffuse, statsmodels never leaves the diffuse phase for this series
    (the Nyquist sine state is never observed): pre-period smoothed variances came out
    huge or negative, and a leaked diffuse term distorted the likelihood."""
    y, periods, start, exog = simulate_series(1019, effect=PLANTED_EFFECT)
    res = fit_sts(y, periods, start, exog=exog, log=True, n_param_draws=0)
    assert res.fitted_model.nobs_diffuse == 13  # level + 11 seasonal + 1 regressor
    frame = res.path.to_frame()
    bands = frame[["counterfactual", "cf_conf_low", "cf_conf_high", "cf_pred_low", "cf_pred_high"]]
    assert np.isfinite(bands.to_numpy()).all()
    assert (frame["cf_conf_low"] <= frame["cf_conf_high"]).all()
    assert (frame["cf_pred_high"] / frame["cf_pred_low"] < 1.5).all()


def test_log_counterfactual_is_lognormal_mean():
    y, periods, start, exog = simulate_series(4)
    res = fit_sts(y, periods, start, exog=exog, log=True, n_param_draws=0)
    fc = res.fitted_model.get_forecast(12, exog=exog.to_numpy()[-12:])
    expected = np.exp(fc.predicted_mean + fc.var_pred_mean / 2)
    np.testing.assert_allclose(res.path.counterfactual[-12:], expected, rtol=1e-8)


# -- planted effects -----------------------------------------------------------------------


def test_planted_step_is_recovered_and_covered():
    estimates, covered = [], 0
    for seed in range(N_SEEDS):
        y, periods, start, exog = simulate_series(seed, effect=PLANTED_EFFECT)
        res = fit_sts(y, periods, start, exog=exog, seasonal=12, seed=seed)
        avg = res.effect_at(0)
        estimates.append(avg.estimate)
        covered += avg.conf_low <= PLANTED_EFFECT <= avg.conf_high
        cum = res.effect_at(12)
        assert cum.cumulative_estimate == pytest.approx(12 * avg.estimate)
        assert res.coefficient("control").estimate == pytest.approx(1.5, abs=0.6)
    assert np.mean(estimates) == pytest.approx(PLANTED_EFFECT, abs=BIAS_TOL)
    assert covered >= N_SEEDS - 1


def test_intervention_form_recovers_planted_step():
    y, periods, start, exog = simulate_series(7, effect=PLANTED_EFFECT)
    res = fit_sts_intervention(y, periods, start, exog=exog, seasonal=12)
    step = res.coefficient("step")
    assert step.conf_low <= PLANTED_EFFECT <= step.conf_high
    assert res.effect_at(0).estimate == pytest.approx(step.estimate)


def test_no_effect_interval_includes_zero():
    y, periods, start, exog = simulate_series(11)
    res = fit_sts(y, periods, start, exog=exog)
    avg = res.effect_at(0)
    assert avg.conf_low < 0 < avg.conf_high
    assert avg.includes_zero


# -- contract ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_result() -> EffectResult:
    y, periods, start, exog = simulate_series(5, effect=2.0)
    return fit_sts(
        y,
        periods,
        start,
        exog=exog,
        n_sim=500,
        n_param_draws=50,
        indicator="incidents",
        label="Incidents",
        unit="North",
    )


def test_result_contents(small_result):
    res = small_result
    assert res.n_pre == 60 and res.n_post == 12 and res.start == "2020-01"
    assert [e.horizon for e in res.effects] == [0, 6, 12]
    assert {c.name for c in res.checks} >= {
        "ljung_box",
        "convergence",
        "fit",
        "parameter_uncertainty",
    }
    assert res.interval_method.startswith("Joint Gaussian forecast distribution")
    assert "trigonometric" in res.seasonality
    frame = res.path.to_frame()
    assert frame["fitted"][frame["post"]].isna().all()
    assert np.isfinite(frame["counterfactual"]).all()
    assert (frame["cf_pred_low"] <= frame["cf_conf_low"] + 1e-9).all()


def test_round_trip(small_result):
    data = json.loads(json.dumps(small_result.to_dict()))
    back = EffectResult.from_dict(data)
    assert back == small_result
    assert back.fitted_model is None
    assert back.effect_at(0).estimate == small_result.effect_at(0).estimate


def test_plot_returns_axes(small_result):
    import matplotlib.pyplot as plt

    ax = small_result.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    plt.close("all")


def test_seed_makes_intervals_reproducible():
    y, periods, start, exog = simulate_series(6)
    a = fit_sts(y, periods, start, exog=exog, n_sim=300, n_param_draws=30, seed=9)
    b = fit_sts(y, periods, start, exog=exog, n_sim=300, n_param_draws=30, seed=9)
    assert a == b


# -- bad input -----------------------------------------------------------------------------


def _base(n: int = 48):
    rng = np.random.default_rng(0)
    y = 20 + np.cumsum(rng.normal(0, 1, n))
    periods = [str(p) for p in pd.period_range("2018-01", periods=n, freq="M")]
    return y, periods


def _bad_cases():
    y, periods = _base()
    nan_y = y.copy()
    nan_y[5] = np.nan
    neg_y = y - y.min()  # one zero
    good_exog = pd.DataFrame({"x": np.arange(48.0)})
    nan_exog = good_exog.copy()
    nan_exog.loc[40, "x"] = np.nan
    shifted = pd.DataFrame(
        {"x": np.arange(48.0)}, index=pd.period_range("2018-02", periods=48, freq="M")
    )
    return [
        (
            "short for season",
            dict(y=y[:30], periods=periods[:30], start=periods[18], seasonal=12),
            "too short for a seasonal period of 12",
        ),
        ("constant", dict(y=np.full(48, 5.0), periods=periods, start="2020-01"), "constant"),
        ("start first", dict(y=y, periods=periods, start="2018-01"), "no pre-period"),
        ("start outside", dict(y=y, periods=periods, start="2030-01"), "not among the periods"),
        ("missing", dict(y=nan_y, periods=periods, start="2020-01"), "missing values at 2018-06"),
        (
            "exog length",
            dict(y=y, periods=periods, start="2020-01", exog=good_exog.iloc[:40]),
            "exog has 40 rows",
        ),
        (
            "exog misaligned",
            dict(y=y, periods=periods, start="2020-01", exog=shifted),
            "not aligned",
        ),
        (
            "exog nan",
            dict(y=y, periods=periods, start="2020-01", exog=nan_exog),
            "exog column 'x' has missing",
        ),
        (
            "log nonpositive",
            dict(y=neg_y, periods=periods, start="2020-01", log=True),
            "needs positive values",
        ),
        ("level", dict(y=y, periods=periods, start="2020-01", level="trend"), "level must be"),
        (
            "periods length",
            dict(y=y, periods=periods[:-1], start="2020-01"),
            "periods has 47 labels",
        ),
    ]


@pytest.mark.parametrize(
    ("case", "kwargs", "message"), _bad_cases(), ids=[c[0] for c in _bad_cases()]
)
def test_bad_input_raises(case, kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        fit_sts(**kwargs, n_param_draws=0)


def test_bad_input_raises_intervention():
    y, periods = _base()
    with pytest.raises(AnalysisError, match="no pre-period"):
        fit_sts_intervention(y, periods, "2018-01")
    with pytest.raises(AnalysisError, match="constant"):
        fit_sts_intervention(y, periods, "2020-01", exog=pd.DataFrame({"c": np.ones(48)}))


def test_auto_seasonality_falls_back_when_short():
    y, periods = _base(30)
    res = fit_sts(y, periods, periods[18], n_param_draws=0)
    assert res.seasonality == "none"
    assert any("Seasonality 'auto' left out" in note for note in res.notes)


# -- the demo study ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dadeng_panel():
    from analysis.intake.validate import load_study

    return load_study(DADENG).panel


def test_dadeng_fraud_with_comparison_control(dadeng_panel):
    res = fit_sts_panel(dadeng_panel, "fraud_incidents", controls="comparison")
    avg = res.effect_at(0)
    assert np.isfinite([avg.estimate, avg.conf_low, avg.conf_high]).all()
    assert avg.conf_low < avg.estimate < avg.conf_high
    assert avg.relative_conf_low < DADENG_RELATIVE_EFFECT < avg.relative_conf_high
    assert res.unit == "Dadeng" and res.indicator == "fraud_incidents"
    assert res.start == "2021-01" and res.n_post == 10
    assert res.coefficient("comparison_mean").estimate > 0
    assert any("comparison units" in note for note in res.notes)


def test_panel_errors(dadeng_panel):
    with pytest.raises(AnalysisError, match="unknown indicator"):
        fit_sts_panel(dadeng_panel, "nope")
    with pytest.raises(AnalysisError, match="controls must be"):
        fit_sts_panel(dadeng_panel, "fraud_incidents", controls="synthetic")
    with pytest.raises(AnalysisError, match="unknown unit"):
        fit_sts_panel(dadeng_panel, "fraud_incidents", group="Atlantis")
