"""Batched OLS + Newey–West (analysis.numbers.designs.batch) against per-series statsmodels fits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.core.errors import AnalysisError
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.numbers.designs.batch import (
    BatchFit,
    _fallback_design,
    fit_its_many,
    newey_west_lag,
    ols_hac_batch,
)

# QR (ours) and SVD pseudo-inverse (statsmodels) are both exact algorithms: they
# differ only by rounding, observed ~1e-14 on these designs; 1e-8 leaves room.
TOL = 1e-8
# The published reference prints four decimals (README of the validation case).
PUBLISHED_TOL = 1e-4

ROOT = Path(__file__).resolve().parents[1]
VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "validation"
GAOMI = ROOT / "data" / "gaomi" / "study.yml"


def its_design(
    n_periods: int = 60, start: int = 36, seasonality: str = "none", harmonics: int = 2
) -> pd.DataFrame:
    """Minimal ITS design built here (not via the library): const, time, level, slope
    counted from the interruption ((t − t0)·post), optional Fourier pairs."""
    t = np.arange(1, n_periods + 1, dtype=float)
    t0 = start + 1.0
    post = (t >= t0).astype(float)
    cols = {"const": np.ones(n_periods), "time": t, "level": post, "slope": (t - t0) * post}
    if seasonality == "fourier":
        for h in range(1, harmonics + 1):
            cols[f"sin{h}"] = np.sin(2 * np.pi * h * t / 12)
            cols[f"cos{h}"] = np.cos(2 * np.pi * h * t / 12)
    return pd.DataFrame(cols)


def random_series(n_series: int, x: np.ndarray, seed: int) -> np.ndarray:
    """Linear trends with a step plus AR(1) errors (so the lags matter)."""
    rng = np.random.default_rng(seed)
    beta = rng.normal(size=(n_series, x.shape[1]))
    eps = rng.normal(size=(n_series, x.shape[0]))
    for t in range(1, x.shape[0]):
        eps[:, t] += 0.6 * eps[:, t - 1]
    return beta @ x.T + eps


def statsmodels_fit(y: np.ndarray, x: np.ndarray, lag: int, small_sample: bool):
    res = sm.OLS(y, x).fit().get_robustcov_results("HAC", maxlags=lag, use_correction=False)
    n, k = x.shape
    cov = res.cov_params() * (n / (n - k) if small_sample else 1.0)
    return res, cov


@pytest.mark.parametrize("small_sample", [False, True])
@pytest.mark.parametrize("seasonality", ["none", "fourier"])
@pytest.mark.parametrize("lag", [0, 1, 3, 12])
def test_matches_statsmodels_per_series(lag: int, seasonality: str, small_sample: bool) -> None:
    design = its_design(seasonality=seasonality)
    x = design.to_numpy()
    y = random_series(25, x, seed=100 + lag)
    fit = ols_hac_batch(y, design, lag, small_sample, keep_cov=True)
    diag_only = ols_hac_batch(y, x, lag, small_sample)
    assert fit.terms == tuple(design.columns)
    assert fit.lag == lag and fit.small_sample is small_sample
    for i in range(y.shape[0]):
        res, cov = statsmodels_fit(y[i], x, lag, small_sample)
        np.testing.assert_allclose(fit.coef[i], res.params, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(fit.se[i], np.sqrt(np.diag(cov)), rtol=TOL, atol=TOL)
        np.testing.assert_allclose(diag_only.se[i], fit.se[i], rtol=TOL, atol=TOL)
        np.testing.assert_allclose(fit.cov[i], cov, rtol=TOL, atol=TOL)
    assert diag_only.cov is None


def test_to_frame_matches_statsmodels_inference() -> None:
    design = its_design(seasonality="fourier")
    x = design.to_numpy()
    y = random_series(3, x, seed=7)
    fit = ols_hac_batch(y, design, 3)
    frame = fit.to_frame(["a", "b", "c"], alpha=0.1)
    assert list(frame.columns) == ["unit", "term", *ESTIMATE_COLUMNS]
    assert len(frame) == 3 * x.shape[1]
    # get_robustcov_results keeps use_t=True from OLS().fit(): t with n − k df
    res, _ = statsmodels_fit(y[1], x, 3, False)
    assert res.use_t
    row = frame[frame.unit == "b"]
    np.testing.assert_allclose(row.statistic, res.tvalues, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(row.p_value, res.pvalues, rtol=1e-7, atol=1e-12)
    ci = res.conf_int(alpha=0.1)
    np.testing.assert_allclose(row.conf_low, ci[:, 0], rtol=TOL, atol=TOL)
    np.testing.assert_allclose(row.conf_high, ci[:, 1], rtol=TOL, atol=TOL)
    # use_t=False: the normal reference of fit(cov_type='HAC')
    res_n = sm.OLS(y[1], x).fit(cov_type="HAC", cov_kwds={"maxlags": 3})
    assert not res_n.use_t
    row_n = fit.to_frame(alpha=0.1, use_t=False).query("unit == 1")
    np.testing.assert_allclose(row_n.p_value, res_n.pvalues, rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(row_n.conf_low, res_n.conf_int(alpha=0.1)[:, 0], rtol=TOL)


@pytest.fixture(scope="module")
def prminwge() -> pd.DataFrame:
    path = VALIDATION / "prminwge_newey_west" / "prminwge.csv"
    if not path.is_file():
        pytest.skip(f"validation data not found: {path}")
    return pd.read_csv(path)


@pytest.mark.parametrize(
    ("lag", "small_sample", "published"),
    [
        (2, False, 0.0426),  # Wooldridge Example 12.7
        (2, True, 0.0457),  # × n/(n−k), Stata newey
        (1, False, 0.0424),
        (1, True, 0.0455),
    ],
)
def test_prminwge_newey_west(
    prminwge: pd.DataFrame, lag: int, small_sample: bool, published: float
) -> None:
    d = prminwge
    x = pd.DataFrame(
        {"const": 1.0, "lmincov": d.lmincov, "lprgnp": d.lprgnp, "lusgnp": d.lusgnp, "t": d.t}
    )
    fit = ols_hac_batch(d.lprepop.to_numpy(), x, lag, small_sample)
    j = fit.terms.index("lmincov")
    assert fit.coef[0, j] == pytest.approx(-0.2123, abs=PUBLISHED_TOL)
    assert fit.se[0, j] == pytest.approx(published, abs=PUBLISHED_TOL)
    assert fit.n_obs == 38 and fit.df_resid == 33


def test_newey_west_lag_rule() -> None:
    # floor(4 (T/100)^(2/9))
    assert [newey_west_lag(t) for t in (12, 38, 48, 60, 100, 250)] == [2, 3, 3, 3, 4, 4]


def test_fallback_design_terms() -> None:
    periods = pd.period_range("2019-01", periods=24, freq="M")
    d = _fallback_design(
        periods, pd.Period("2020-01", "M"), seasonality="fourier", harmonics=6, slope_change=True
    )
    assert list(d.columns[:4]) == ["const", "time", "level_start", "slope_start"]
    assert d["level_start"].tolist() == [0.0] * 12 + [1.0] * 12
    assert d["slope_start"].tolist() == [0.0] * 12 + list(range(12))
    assert "sin6" not in d.columns and "cos6" in d.columns  # the Nyquist sine is zero
    dummies = _fallback_design(
        periods, pd.Period("2020-01", "M"), seasonality="dummies", harmonics=2, slope_change=False
    )
    assert "slope_start" not in dummies.columns
    assert sum(c.startswith("season_") for c in dummies.columns) == 11


@pytest.fixture(scope="module")
def gaomi_panel():
    from analysis.intake.validate import load_study

    return load_study(GAOMI).panel


def test_fit_its_many_gaomi(gaomi_panel) -> None:
    panel = gaomi_panel
    out = fit_its_many(panel, "complaints_rate")
    treated = panel.treated_units
    assert len(treated) < len(panel.units)  # never-treated compounds exist and are skipped
    terms = out.groupby("unit", sort=False)["term"].apply(tuple)
    assert list(terms.index) == list(treated)
    k = len(terms.iloc[0])
    assert all(len(t) == k for t in terms)
    assert len(out) == len(treated) * k
    assert not out.duplicated(["unit", "term"]).any()
    assert set(ESTIMATE_COLUMNS) <= set(out.columns)
    assert np.isfinite(out[list(ESTIMATE_COLUMNS)].to_numpy(float)).all()
    n = len(panel.periods)
    assert (out.hac_lag == newey_west_lag(n)).all() and (out.n_obs == n).all()
    starts = out.drop_duplicates("unit").set_index("unit")["start"]
    assert all(starts[u] == str(panel.adoption[u]) for u in treated)
    assert out.start.nunique() == 3  # three adoption waves -> three design matrices

    # one unit against its own statsmodels fit on the same design
    unit = treated[0]
    from analysis.numbers.designs.batch import _design, _outcome_matrix

    design = _design(
        panel.periods, panel.adoption[unit], seasonality="fourier", harmonics=2, slope_change=True
    )
    y = _outcome_matrix(panel, "complaints_rate").loc[unit].to_numpy()
    res, _ = statsmodels_fit(y, design.to_numpy(float), newey_west_lag(n), False)
    mine = out[out.unit == unit]
    np.testing.assert_allclose(mine.estimate, res.params, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(mine.std_error, res.bse, rtol=TOL, atol=TOL)


def test_fit_its_many_options_and_units(gaomi_panel) -> None:
    panel = gaomi_panel
    pick = list(panel.treated_units[:5])
    out = fit_its_many(panel, "complaints", pick, seasonality="none", lag=1, small_sample=True)
    assert out.unit.drop_duplicates().tolist() == pick
    assert (out.hac_lag == 1).all() and out.small_sample.all()
    assert (out.seasonality == "none").all()
    never = next(u for u in panel.units if panel.adoption[u] is None)
    with pytest.raises(AnalysisError, match="never adopted"):
        fit_its_many(panel, "complaints", [*pick, never])
    with pytest.raises(AnalysisError, match="unknown unit"):
        fit_its_many(panel, "complaints", ["XX-999"])
    with pytest.raises(AnalysisError, match="unknown indicator"):
        fit_its_many(panel, "no_such_indicator")


# -- bad input ----------------------------------------------------------------------


def test_missing_values_name_series_and_periods() -> None:
    design = its_design()
    y = pd.DataFrame(
        random_series(4, design.to_numpy(), seed=1), index=["north", "south", "east", "west"]
    )
    y.iloc[2, 5] = np.nan
    y.iloc[3, 0] = np.inf
    with pytest.raises(
        AnalysisError,
        match=r"2 series .*east, west; series east at "
        r"period\(s\) 5",
    ):
        ols_hac_batch(y, design, 3)


@pytest.mark.parametrize(
    ("n_periods", "lag", "message"),
    [
        (4, 0, "4 periods cannot identify 4 terms"),
        (3, 0, "3 periods cannot identify 4 terms"),
        (20, 20, "lag 20 is outside 0..19"),
        (20, 25, "lag 25 is outside"),
        (20, -1, "lag -1 is outside"),
    ],
)
def test_too_short_or_bad_lag(n_periods: int, lag: int, message: str) -> None:
    design = its_design(n_periods=n_periods, start=n_periods // 2)
    y = np.random.default_rng(0).normal(size=(2, n_periods))
    with pytest.raises(AnalysisError, match=message):
        ols_hac_batch(y, design, lag)


def test_other_bad_input() -> None:
    design = its_design()
    x = design.to_numpy()
    y = random_series(2, x, seed=3)
    with pytest.raises(AnalysisError, match="integer"):
        ols_hac_batch(y, x, 2.5)  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="59 periods per series but X has 60"):
        ols_hac_batch(y[:, 1:], x, 2)
    with pytest.raises(AnalysisError, match="rank-deficient"):
        ols_hac_batch(y, its_design(start=60), 2)  # no post-period: level is all zero
    bad_x = x.copy()
    bad_x[3, 1] = np.nan
    with pytest.raises(AnalysisError, match="design matrix has missing"):
        ols_hac_batch(y, bad_x, 2)
    with pytest.raises(AnalysisError, match="no series"):
        ols_hac_batch(np.empty((0, 60)), x, 2)
    fit = ols_hac_batch(y[0], x, 2)  # one series as a 1-D array
    assert isinstance(fit, BatchFit) and fit.coef.shape == (1, x.shape[1])
    with pytest.raises(AnalysisError, match="3 unit names for 1 series"):
        fit.to_frame(["a", "b", "c"])
