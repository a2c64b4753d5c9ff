"""The post-period forecast of a structural time-series model mixed over draws of its
variance parameters (importance sampling), and weighted summaries of draws."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.numbers.designs.sts_statespace import draw_gaussian, joint_forecast_cov

#: Upper limit of parameter draws (each costs one Kalman filter run).
MAX_PARAM_DRAWS = 4096


def weighted_quantiles(x: np.ndarray, w: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """Weighted quantiles (mid-point rule on the cumulative weights); columns of a 2-D x."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        o = np.argsort(x)
        cw = np.cumsum(w[o]) - 0.5 * w[o]
        return np.interp(qs, cw / w.sum(), x[o])
    return np.column_stack([weighted_quantiles(x[:, j], w, qs) for j in range(x.shape[1])])


def mixture_quantile(means: np.ndarray, sds: np.ndarray, w: np.ndarray, q: float) -> np.ndarray:
    """Per column, the q-quantile of the normal mixture sum_m w_m N(means[m], sds[m]^2)."""
    sds = np.maximum(sds, 1e-12 * (1 + np.abs(means)))
    lo = (means - 12 * sds).min(axis=0)
    hi = (means + 12 * sds).max(axis=0)
    for _ in range(80):  # bisection, vectorised over columns
        mid = (lo + hi) / 2
        below = w @ stats.norm.cdf((mid - means) / sds) < q
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return (lo + hi) / 2


def weighted_sd(x: np.ndarray, w: np.ndarray) -> float:
    m = float(np.sum(w * x))
    return float(np.sqrt(np.sum(w * (x - m) ** 2)))


def weighted_tail_p(draws: np.ndarray, w: np.ndarray, observed: float) -> float:
    """Two-sided Monte Carlo p-value of the observed value under the weighted draws."""
    n = len(draws)
    upper = (n * np.sum(w[draws >= observed]) + 1) / (n + 1)
    lower = (n * np.sum(w[draws <= observed]) + 1) / (n + 1)
    return float(min(1.0, 2 * min(upper, lower)))


@dataclass(frozen=True)
class ForecastComponent:
    """Gaussian joint forecast of the post-period signal under one parameter vector."""

    weight: float
    mean: np.ndarray
    cov: np.ndarray
    H: float


def forecast_component(
    model_full, params: np.ndarray, idx: np.ndarray, weight: float = 1.0
) -> tuple[ForecastComponent, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            f = model_full.filter(params)
    mu, S = joint_forecast_cov(f, idx)
    H = float(np.asarray(f.model.ssm["obs_cov"]).reshape(-1)[0])
    return ForecastComponent(weight, mu, S, H), float(f.llf)


def parameter_mixture(
    res, model_full, idx: np.ndarray, n_draws: int, rng: np.random.Generator
) -> tuple[list[ForecastComponent], float, str]:
    """Forecast components over the variance parameters, by importance sampling.

    Target: the likelihood of the pre-period with a flat prior on the disturbance
    standard deviations (statsmodels' unconstrained parameters, whose squares are the
    variances). Proposal: the normal approximation at the MLE (inverse of the negative
    numerical Hessian), folded at zero. Returns the components, the effective sample
    size of the weights and a note ('' when all went well).
    """
    from itertools import product

    from scipy.special import logsumexp
    from statsmodels.tools.numdiff import approx_hess

    mod = res.model
    u_hat = np.asarray(mod.untransform_params(res.params), dtype=float)
    k = len(u_hat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            hess = approx_hess(u_hat, lambda v: mod.loglike(v, transformed=False))
    mod.update(res.params)  # the Hessian left the model's matrices at its last probe
    if not np.isfinite(hess).all():
        return [], 0.0, "the numerical Hessian of the likelihood failed"
    ev, vecs = np.linalg.eigh(-(hess + hess.T) / 2)
    top = max(float(ev.max()), 1e-12)
    ev = np.clip(ev, 1e-6 * top, None)  # a flat direction gets a wide (not infinite) spread
    root = vecs / np.sqrt(ev)  # u = u_hat + root @ z
    prec = (vecs * ev) @ vecs.T
    folds = np.array(list(product((1.0, -1.0), repeat=k)))
    signs_ok = np.allclose(mod.transform_params(-u_hat), mod.transform_params(u_hat))
    if not signs_ok:
        folds = folds[:1]

    # scrambled Sobol points (n_draws a power of two): far less Monte Carlo noise than
    # independent draws for the same number of Kalman filter runs
    from scipy.stats import qmc

    sobol = qmc.Sobol(d=k, scramble=True, rng=rng)
    unif = sobol.random_base2(max(0, math.ceil(math.log2(max(n_draws, 1)))))
    z = stats.norm.ppf(np.clip(unif, 1e-12, 1 - 1e-12))
    comps: list[ForecastComponent] = []
    logw: list[float] = []
    for zi in z:
        u = u_hat + root @ zi
        a = np.abs(u) if signs_ok else u
        dev = folds * a - u_hat  # (n_folds, k)
        log_q = logsumexp(-0.5 * np.einsum("fk,kl,fl->f", dev, prec, dev))
        comp, llf = forecast_component(model_full, mod.transform_params(a), idx)
        if not (np.isfinite(llf) and np.isfinite(comp.cov).all()):
            continue
        comps.append(comp)
        logw.append(llf - log_q)
    if not comps:
        return [], 0.0, "every parameter draw failed"
    lw = np.asarray(logw)
    w = np.exp(lw - lw.max())
    w /= w.sum()
    ess = float(1.0 / np.sum(w**2))
    out = [ForecastComponent(float(wi), c.mean, c.cov, c.H) for wi, c in zip(w, comps, strict=True)]
    return out, ess, ""


def draw_paths(
    comps: list[ForecastComponent], n_sim: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``n_sim`` observation paths (model scale) from the mixture, with equal weights.

    Paths are shared out among the components by systematic resampling on their weights,
    so components with negligible weight cost nothing.
    """
    w = np.array([c.weight for c in comps])
    positions = (np.arange(n_sim) + rng.uniform()) / n_sim
    which = np.minimum(np.searchsorted(np.cumsum(w) / w.sum(), positions), len(comps) - 1)
    counts = np.bincount(which, minlength=len(comps))
    obs = []
    for c, k in zip(comps, counts, strict=True):
        if k:
            s = draw_gaussian(c.mean, c.cov, int(k), rng)
            obs.append(s + math.sqrt(max(c.H, 0.0)) * rng.standard_normal(s.shape))
    return np.vstack(obs), np.full(n_sim, 1.0 / n_sim)
