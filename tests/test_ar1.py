"""AR(1) errors by REML with the Kenward–Roger covariance (analysis.numbers.designs.ar1): the
single-series fit against the batched engine of the coverage study, the OLS special
case, recovery of a planted rho, and bad input."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.ar1 import (
    ar1_covariance,
    ar1_reml_kr,
    calendar_lags,
    gls_prais_winsten,
    kenward_roger,
    reml_rho,
    reml_rho_series,
)
from analysis.numbers.designs.its_design import design_matrix

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

#: Same formula on the same data: rounding only.
SAME = 1e-10


def _ar1(n: int, rho: float, rng: np.random.Generator, reps: int = 1) -> np.ndarray:
    z = rng.standard_normal((reps, n))
    e = np.empty_like(z)
    e[:, 0] = z[:, 0] / math.sqrt(1 - rho**2)
    for i in range(1, n):
        e[:, i] = rho * e[:, i - 1] + z[:, i]
    return e


@pytest.fixture(scope="module")
def design() -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The coverage study's design (36 + 24 months, Fourier(2)) and 6 of its series."""
    import its_coverage as ic

    st = ic.setting("gaussian")
    frame = ic.its_design(st.periods, st.start, "auto")
    y = ic.data("gaussian", 6, 20240601)
    terms = [list(frame.columns).index(c) for c in ("level_start", "slope_start")]
    return y, frame.to_numpy(dtype=float), terms


def test_single_series_matches_the_batched_engine(design) -> None:
    """At the batched engine's rho, the library's one-series fit gives the batched
    coefficients, KR covariance and df (the coverage script's fit_reml_kr)."""
    import its_coverage as ic

    y, x, terms = design
    st = ic.setting("gaussian")
    frame = ic.its_design(st.periods, st.start, "auto")
    batch = ic.fit_reml_kr(y, x, ic.contrasts(frame, st.n_pre))
    for i in range(len(y)):
        one = ar1_reml_kr(y[i], x, terms=terms, rho=float(batch.extra["rho"][i]))
        np.testing.assert_allclose(one["params"], batch.coef[i], rtol=SAME, atol=SAME)
        np.testing.assert_allclose(one["cov"], batch.cov[i], rtol=SAME, atol=SAME)
        assert one["df"] == pytest.approx(batch.df[i], rel=SAME)
        # and the library's own (bounded) REML rho agrees to the grid's resolution
        assert abs(reml_rho_series(y[i], x) - batch.extra["rho"][i]) < 5e-4


def test_reml_criteria_agree(design) -> None:
    """The batched (Prais–Winsten) and exact (Cholesky) REML criteria pick the same
    rho; GLS by Prais–Winsten equals GLS with the full AR(1) covariance."""
    y, x, _ = design
    rho = reml_rho(y, x)
    for i in range(len(y)):
        assert abs(reml_rho_series(y[i], x) - rho[i]) < 5e-4
    coef, _, _ = gls_prais_winsten(y, x, rho)
    ref, _, _ = kenward_roger(y, x, rho, [])
    np.testing.assert_allclose(coef, ref, rtol=1e-9, atol=1e-9)


def test_rho_zero_without_adjustment_is_ols(design) -> None:
    y, x, terms = design
    one = ar1_reml_kr(y[0], x, terms=terms, rho=0.0, adjust=False)
    ols = sm.OLS(y[0], x).fit()
    np.testing.assert_allclose(one["params"], ols.params, rtol=SAME)
    np.testing.assert_allclose(one["cov"], ols.cov_params(), rtol=1e-9)
    assert one["sigma2"] == pytest.approx(ols.scale, rel=SAME)
    # with the adjustment the coefficients stay, the covariance changes
    adj = ar1_reml_kr(y[0], x, terms=terms, rho=0.0)
    np.testing.assert_allclose(adj["params"], ols.params, rtol=SAME)
    np.testing.assert_allclose(adj["cov_unadjusted"], ols.cov_params(), rtol=1e-9)
    assert not np.allclose(adj["cov"], one["cov"])


def test_reml_recovers_a_planted_rho() -> None:
    rng = np.random.default_rng(7)
    n = 2000
    periods = pd.period_range("1850-01", periods=n, freq="M")
    x = design_matrix(periods, periods[1200], seasonality="fourier").to_numpy(float)
    y = x @ np.r_[10, 0.01, -2, 0.001, 1, 0.5, 0, 0] + 2 * _ar1(n, 0.5, rng)[0]
    rho = reml_rho_series(y, x)
    assert abs(rho - 0.5) < 0.05
    # with every other row left out the calendar lags make it rho²
    keep = np.arange(0, n, 2)
    gap = reml_rho_series(y[keep], x[keep], positions=keep)
    assert abs(gap - 0.5) < 0.06
    assert abs(reml_rho_series(y[keep], x[keep]) - 0.25) < 0.06


def test_covariance_derivatives() -> None:
    lags = calendar_lags(5, [0, 1, 3, 4, 7])
    assert lags[0, 4] == 7 and lags[2, 1] == 2
    rho, h = np.array([0.4]), 1e-6
    c, dc, ddc = ar1_covariance(lags, rho)
    cp, dcp, _ = ar1_covariance(lags, rho + h)
    cm, dcm, _ = ar1_covariance(lags, rho - h)
    np.testing.assert_allclose(dc, (cp - cm) / (2 * h), rtol=1e-6)
    np.testing.assert_allclose(ddc, (dcp - dcm) / (2 * h), rtol=1e-6)
    np.testing.assert_allclose(c[0, 0, 0], 1 / (1 - 0.16))


_X = np.column_stack([np.ones(20), np.arange(20.0)])
_Y = np.random.default_rng(0).normal(size=20)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y": _Y[:10]}, "y has 10 values but X has shape"),
        ({"y": np.r_[np.nan, _Y[1:]]}, "missing or infinite"),
        ({"x": np.column_stack([_X, 2 * _X[:, 1]])}, "rank-deficient"),
        ({"y": _Y[:4], "x": _X[:4]}, "fewer than 3 residual degrees of freedom"),
        ({"positions": np.arange(20)[::-1]}, "positions must be increasing"),
        ({"positions": np.arange(19)}, "positions must be increasing"),
        ({"bound": 1.0}, "bound on |rho|"),
        ({"terms": [5]}, "terms must be column indices"),
        ({"terms": []}, "terms must be column indices"),
        ({"rho": 1.2}, "rho must be a number within"),
        ({"y": ["a"] * 20}, "must be numeric"),
    ],
)
def test_bad_input_raises_analysis_error(kwargs: dict, message: str) -> None:
    args = {"y": _Y, "x": _X, **kwargs}
    with pytest.raises(AnalysisError, match=message.replace("|", r"\|")):
        ar1_reml_kr(args.pop("y"), args.pop("x"), **args)
