"""The state-space model of the structural time-series designs: statsmodels
``UnobservedComponents`` with an exact diffuse start, its deterministic fit, and the
state-space algebra (signals, forecast covariances, coefficients) on its results."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tsa.statespace.initialization import Initialization
from statsmodels.tsa.statespace.structural import UnobservedComponents

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.sts_input import Level
from analysis.results.effects import Coefficient

#: Forecast-error variance below this (in squared model units) counts as zero
#: when deciding which observations belong to the exact diffuse start; the
#: redundant Nyquist state of a full trigonometric seasonal leaks ~1e-15 forever.
DIFFUSE_TOL = 1e-8
#: Iteration limits of the two optimiser passes.
NM_MAXITER = 4000
BFGS_MAXITER = 1000
#: Largest gradient (of the mean negative log-likelihood, as statsmodels' BFGS reports it)
#: accepted as convergence when BFGS stops on precision loss.
GRAD_TOL = 1e-4


class StructuralModel(UnobservedComponents):
    """``UnobservedComponents`` whose never-observed Nyquist sine state starts known.

    A full trigonometric seasonal of even period (harmonics = period / 2) carries, at the
    Nyquist frequency, a sine state that is never observed (its design entry is zero
    and it feeds the cosine state with weight sin(π) ≈ 1e-16). Left diffuse, the exact
    diffuse filter never leaves its diffuse phase, and the smoothed state covariances
    of the first periods come out as numerical garbage (huge, even negative). Starting
    that state at a known 0 changes nothing observable — the likelihood and every
    smoothed or forecast signal are the same — and lets the diffuse phase end.
    """

    def initialize_default(self, approximate_diffuse_variance: float | None = None) -> None:
        super().initialize_default(approximate_diffuse_variance)
        idx = self._nyquist_sine_state()
        if idx is None or not self.use_exact_diffuse:
            return
        init = Initialization(self.k_states)
        if idx > 0:
            init.set((0, idx), "diffuse")
        init.set(idx, "known", constant=[0.0], stationary_cov=[[0.0]])
        if idx + 1 < self.k_states:
            init.set((idx + 1, self.k_states), "diffuse")
        self.ssm.initialization = init

    def _nyquist_sine_state(self) -> int | None:
        if self.autoregressive or not self.freq_seasonal:
            return None
        offset = int(self.level) + int(self.trend) + int(self._k_seasonal_states)
        for period, harmonics in zip(
            self.freq_seasonal_periods, self.freq_seasonal_harmonics, strict=True
        ):
            offset += 2 * harmonics
            if 2 * harmonics == period:
                idx = offset - 1
                design = self.ssm["design"]
                col = design[0, idx] if design.ndim == 2 else design[0, idx, :]
                return idx if np.all(np.asarray(col) == 0) else None
        return None


def sts_model(
    z: np.ndarray,
    level: str = "llevel",
    *,
    period: int | None = None,
    harmonics: int | None = None,
    exog: np.ndarray | pd.DataFrame | None = None,
):
    """The unfitted statsmodels model used throughout this module.

    Parameters
    ----------
    z : numpy.ndarray
        The series on the model scale (already logged if wanted); NaN marks periods to
        forecast.
    level : {'llevel', 'lltrend'}
        Local level or local linear trend.
    period, harmonics : int, optional
        Trigonometric seasonal with one common (stochastic) variance; none if ``period``
        is None. ``harmonics`` defaults to ``period // 2`` (the full seasonal span).
    exog : array-like, optional
        Regressors, put in the state vector (``mle_regression=False``), so their
        coefficients are estimated with the states and carry their uncertainty.

    Returns
    -------
    statsmodels.tsa.statespace.structural.UnobservedComponents
    """
    kw: dict[str, Any] = {}
    if period:
        kw["freq_seasonal"] = [{"period": int(period), "harmonics": int(harmonics or period // 2)}]
        kw["stochastic_freq_seasonal"] = [True]
    ex = None if exog is None else np.asarray(exog, dtype=float)
    if ex is not None and ex.ndim == 1:
        ex = ex[:, None]
    return StructuralModel(
        np.asarray(z, dtype=float),
        level=level,
        exog=ex,
        mle_regression=False,
        use_exact_diffuse=True,
        **kw,
    )


def fit_model(model) -> tuple[Any, dict[str, Any]]:
    """Maximum likelihood: Nelder–Mead, then BFGS from its optimum (deterministic).

    Parameters
    ----------
    model : statsmodels MLEModel

    Returns
    -------
    results : statsmodels MLEResults
        From the BFGS pass.
    info : dict
        ``converged`` (BFGS flag, or a negligible gradient when BFGS stopped on precision
        loss), ``bfgs_flag``, ``max_gradient``, ``nm_converged`` and ``llf`` of each pass.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            nm = model.fit(method="nm", maxiter=NM_MAXITER, disp=False)
            res = model.fit(start_params=nm.params, method="bfgs", maxiter=BFGS_MAXITER, disp=False)
    if not np.isfinite(res.llf) or (np.isfinite(nm.llf) and nm.llf > res.llf + 1e-6):
        res = nm  # BFGS must not end somewhere worse than where it started
    rv = res.mle_retvals or {}
    grad = np.asarray(rv.get("gopt", np.nan), dtype=float)
    gmax = float(np.max(np.abs(grad))) if grad.size and np.isfinite(grad).all() else math.nan
    flag = bool(rv.get("converged", False))
    # BFGS stops with "precision loss" (warnflag 2) at an optimum it cannot refine: a
    # negligible gradient there is convergence too.
    converged = flag or (rv.get("warnflag") == 2 and np.isfinite(gmax) and gmax < GRAD_TOL)
    info = {
        "converged": bool(converged),
        "bfgs_flag": flag,
        "max_gradient": gmax,
        "nm_converged": bool((nm.mle_retvals or {}).get("converged", False)),
        "llf_nm": float(nm.llf),
        "llf": float(res.llf),
    }
    return res, info


def fit_structural(
    y: Any,
    *,
    level: Level = "llevel",
    seasonal: int | None = None,
    harmonics: int | None = None,
    exog: Any = None,
    log: bool = False,
):
    """Fit one structural model to a whole series and return the statsmodels results.

    The building block of the designs below, exposed for validation (e.g. the basic
    structural model of Durbin & Koopman) and for power users.

    Parameters
    ----------
    y : array-like
        The series (original scale); must be complete (and positive when ``log``).
    level : {'llevel', 'lltrend'}
    seasonal : int, optional
        Seasonal period (trigonometric, stochastic), or None.
    harmonics : int, optional
        Defaults to ``seasonal // 2``.
    exog : array-like, optional
        Regressors in the state vector.
    log : bool
        Model ``log(y)``.

    Returns
    -------
    statsmodels MLEResults
        With ``mle_info`` (see :func:`fit_model`) attached as an attribute.
    """
    if level not in ("llevel", "lltrend"):
        raise AnalysisError(f"level must be 'llevel' or 'lltrend', not {level!r}")
    arr = np.asarray(y, dtype=float)
    if not np.isfinite(arr).all():
        raise AnalysisError("y has missing or infinite values")
    if log and (arr <= 0).any():
        raise AnalysisError("log=True needs positive values")
    z = np.log(arr) if log else arr
    if np.ptp(z) == 0:
        raise AnalysisError("y is constant: there is nothing to model")
    model = sts_model(z, level, period=seasonal, harmonics=harmonics, exog=exog)
    res, info = fit_model(model)
    res.mle_info = info
    return res


# -- state-space algebra -------------------------------------------------------------------


def design_row(model, t: int) -> np.ndarray:
    d = model.ssm["design"]
    return d[0, :, t] if d.ndim == 3 else d[0, :]


def diffuse_mask(res) -> np.ndarray:
    """True for observations in the exact diffuse start (their forecast errors have
    infinite variance and are not proper one-step errors)."""
    finf = getattr(res.filter_results, "forecasts_error_diffuse_cov", None)
    n = res.model.nobs
    if finf is None:
        out = np.zeros(n, dtype=bool)
        out[: res.nobs_diffuse] = True
        return out
    return np.asarray(finf[0, 0, :n]) > DIFFUSE_TOL


def joint_forecast_cov(res_full, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and joint covariance of the signal Z_t α_t at consecutive missing periods.

    With no observations after the pre-period, α_t = T^(t−s) α_s + noise for t ≥ s, so
    Cov(α_t, α_s) = T^(t−s) P_s, where P_s is the Kalman predicted state covariance.
    """
    model = res_full.model
    T = model.ssm["transition"]
    if T.ndim == 3:
        raise AnalysisError("time-varying transition is not supported")  # pragma: no cover
    m = len(idx)
    Z = np.array([design_row(model, int(t)) for t in idx])
    mean = np.einsum("tk,kt->t", Z, res_full.predicted_state[:, idx])
    cov = np.empty((m, m))
    for a in range(m):
        M = res_full.predicted_state_cov[:, :, idx[a]]
        for b in range(a, m):
            cov[b, a] = cov[a, b] = Z[b] @ M @ Z[a]
            M = T @ M
    return mean, cov


def draw_gaussian(
    mean: np.ndarray, cov: np.ndarray, n_sim: int, rng: np.random.Generator
) -> np.ndarray:
    """Draws (n_sim, m) from N(mean, cov); symmetric square root so a singular cov is fine."""
    vals, vecs = np.linalg.eigh((cov + cov.T) / 2)
    root = vecs * np.sqrt(np.clip(vals, 0, None))
    return mean + rng.standard_normal((n_sim, len(mean))) @ root.T


def variance_terms(res) -> tuple[Coefficient, ...]:
    names = list(res.model.param_names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                bse = np.asarray(res.bse, dtype=float)
            except Exception:  # the numerical Hessian can fail at a boundary
                bse = np.full(len(names), np.nan)
    labels = {"sigma2.irregular": "irregular", "sigma2.level": "level", "sigma2.trend": "slope"}
    out = []
    for i, name in enumerate(names):
        what = labels.get(name, "seasonal" if "seasonal" in name else name)
        est = float(res.params[i])
        se = float(bse[i]) if np.isfinite(bse[i]) else math.nan
        out.append(
            Coefficient(
                term=name,
                estimate=est,
                std_error=se,
                statistic=math.nan,
                p_value=math.nan,
                conf_low=math.nan,
                conf_high=math.nan,
                description=f"variance of the {what} disturbance (MLE, model scale)",
            )
        )
    return tuple(out)


def state_coefficients(
    res,
    names: Sequence[str],
    alpha: float,
    t: int,
    *,
    log_terms: Sequence[str] = (),
    descriptions: dict[str, str],
) -> tuple[Coefficient, ...]:
    """Regression coefficients from the smoothed state at time ``t`` (RMSE from its cov);
    ``log_terms`` are log ratios (``scale='log'``)."""
    k = len(names)
    if k == 0:
        return ()
    zc = stats.norm.ppf(1 - alpha / 2)
    est = res.smoothed_state[-k:, t]
    rmse = np.sqrt(np.clip(np.diag(res.smoothed_state_cov[-k:, -k:, t]), 0, None))
    out = []
    for name, b, s in zip(names, est, rmse, strict=True):
        zs = b / s if s > 0 else math.nan
        p = 2 * stats.norm.sf(abs(zs)) if np.isfinite(zs) else math.nan
        out.append(
            Coefficient(
                term=name,
                estimate=float(b),
                std_error=float(s),
                statistic=float(zs),
                p_value=float(p),
                conf_low=float(b - zc * s),
                conf_high=float(b + zc * s),
                scale="log" if name in log_terms else "identity",
                description=descriptions.get(name, ""),
            )
        )
    return tuple(out)
