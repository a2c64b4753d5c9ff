"""Effects of a fitted single-series ITS: the counterfactual path with its confidence
and prediction bands, effects at horizons (absolute, relative, cumulative) with intervals
simulated from the coefficients' sampling distribution, and the coefficient table.

Randomness only through the ``numpy.random.Generator`` passed in (one per fit, seeded):
coefficient draws first, then (count models) one new count per simulated mean.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.its_design import is_interruption_term, is_seasonal_term
from analysis.numbers.designs.its_models import FittedModel, critical_value, two_sided_p
from analysis.results.effects import Coefficient, EffectPath, HorizonEffect, JointTest

__all__ = [
    "Simulation",
    "as_floats",
    "coefficient_draws",
    "coefficient_table",
    "horizon_effect",
    "horizon_effects",
    "link_mean",
    "predictive_counts",
    "r_squared",
    "relative_interval",
    "seasonal_test",
    "simulate_path",
    "wanted_horizons",
]


def link_mean(eta: np.ndarray, link: str) -> np.ndarray:
    return np.exp(eta) if link == "log" else eta


def coefficient_draws(model: FittedModel, n_sim: int, rng: np.random.Generator) -> np.ndarray:
    k = len(model.params)
    z = rng.multivariate_normal(np.zeros(k), model.cov, size=n_sim, method="eigh")
    if math.isfinite(model.df):  # multivariate t, matching the t intervals
        z = z / np.sqrt(rng.chisquare(model.df, size=n_sim) / model.df)[:, None]
    return model.params[None, :] + z


def predictive_counts(
    mu: np.ndarray, model: FittedModel, family: str, rng: np.random.Generator
) -> np.ndarray:
    """One new count per simulated mean (same shape as ``mu``)."""
    if family == "negbin" and model.nb_alpha > 1e-8:
        shape = 1.0 / model.nb_alpha
        lam = rng.gamma(shape, mu / shape)
    elif family == "quasipoisson" and model.dispersion > 1.0:
        shape = mu / (model.dispersion - 1.0)  # gamma-Poisson with variance φ·μ
        lam = rng.gamma(shape, mu / shape)
    else:
        lam = mu
    return rng.poisson(lam).astype(float)


def as_floats(a: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(a, dtype=float))


def horizon_effect(
    idx: np.ndarray,
    cum_idx: np.ndarray,
    horizon: int,
    period: str,
    label: str,
    fitted: np.ndarray,
    cf: np.ndarray,
    sim_f: np.ndarray,
    sim_c: np.ndarray,
    xa: np.ndarray,
    xcf: np.ndarray,
    model: FittedModel,
    alpha: float,
    notes: list[str],
) -> HorizonEffect:
    lo_q, hi_q = alpha / 2, 1 - alpha / 2
    est = float(np.mean(fitted[idx] - cf[idx]))
    cf_sum = float(np.sum(cf[idx]))
    d_abs = (sim_f[:, idx] - sim_c[:, idx]).mean(axis=1)
    d_rel = (sim_f[:, idx].sum(axis=1) - sim_c[:, idx].sum(axis=1)) / sim_c[:, idx].sum(axis=1)
    d_cum = (sim_f[:, cum_idx] - sim_c[:, cum_idx]).sum(axis=1)
    cum = float(np.sum(fitted[cum_idx] - cf[cum_idx]))
    # delta method: gradient of the mean absolute effect, and a test of "no effect"
    if model.link == "identity":
        g = (xa[idx] - xcf[idx]).mean(axis=0)
        se_abs = float(math.sqrt(max(g @ model.cov @ g, 0.0)))
        stat = est / se_abs if se_abs > 0 else (math.inf if est else 0.0)
    else:
        gf = (fitted[idx, None] * xa[idx]).mean(axis=0)
        gc = (cf[idx, None] * xcf[idx]).mean(axis=0)
        g = gf - gc
        se_abs = float(math.sqrt(max(g @ model.cov @ g, 0.0)))
        gl = gf / fitted[idx].mean() - gc / cf[idx].mean()
        se_log = float(math.sqrt(max(gl @ model.cov @ gl, 0.0)))
        log_ratio = math.log(fitted[idx].sum() / cf_sum)
        stat = log_ratio / se_log if se_log > 0 else (math.inf if log_ratio else 0.0)
    p = two_sided_p(stat, model.df)
    if cf_sum > 0:
        rel = (float(np.sum(fitted[idx])) - cf_sum) / cf_sum
        rel_lo, rel_hi = relative_interval(
            idx, fitted, cf, sim_f, sim_c, xa, xcf, model, alpha, d_rel, label, notes
        )
    else:
        rel = rel_lo = rel_hi = float("nan")
        notes.append(
            f"The relative effect at {label} is not defined: the counterfactual "
            "is not positive there."
        )
    a_lo, a_hi = (float(v) for v in np.quantile(d_abs, [lo_q, hi_q]))
    c_lo, c_hi = (float(v) for v in np.quantile(d_cum, [lo_q, hi_q]))
    return HorizonEffect(
        horizon=int(horizon),
        period=period,
        label=label,
        estimate=est,
        conf_low=a_lo,
        conf_high=a_hi,
        relative_estimate=rel,
        relative_conf_low=rel_lo,
        relative_conf_high=rel_hi,
        cumulative_estimate=cum,
        cumulative_conf_low=c_lo,
        cumulative_conf_high=c_hi,
        std_error=se_abs,
        p_value=p,
    )


def relative_interval(
    idx: np.ndarray,
    fitted: np.ndarray,
    cf: np.ndarray,
    sim_f: np.ndarray,
    sim_c: np.ndarray,
    xa: np.ndarray,
    xcf: np.ndarray,
    model: FittedModel,
    alpha: float,
    d_rel: np.ndarray,
    label: str,
    notes: list[str],
) -> tuple[float, float]:
    """The interval of F/C − 1 (F, C the fitted and counterfactual sums over ``idx``).

    Percentiles of the simulated ratios when every simulated F and C is positive (always
    for the log-link and log-outcome models): percentiles commute with the logarithm, so
    this is an interval on the log scale. An identity-link model can simulate a level at
    or below zero (a small count with a poorly determined trend), where a ratio means
    nothing and the percentile interval can fall below −100%: then the delta-method
    interval of log(F/C) (gradient x̄_F/F − x̄_C/C), exponentiated, with a note."""
    lo_q, hi_q = alpha / 2, 1 - alpha / 2
    f_draws, c_draws = sim_f[:, idx].sum(axis=1), sim_c[:, idx].sum(axis=1)
    if (f_draws > 0).all() and (c_draws > 0).all():
        lo, hi = np.quantile(d_rel, [lo_q, hi_q])
        return float(lo), float(hi)
    f_mean, c_mean = float(fitted[idx].mean()), float(cf[idx].mean())
    if not f_mean > 0:
        notes.append(
            f"The relative effect at {label} has no interval: the fitted level is not "
            "positive there."
        )
        return (float("nan"), float("nan"))
    g = xa[idx].mean(axis=0) / f_mean - xcf[idx].mean(axis=0) / c_mean
    se = math.sqrt(max(float(g @ model.cov @ g), 0.0))
    half = critical_value(model.df, alpha) * se
    log_ratio = math.log(f_mean / c_mean)
    notes.append(
        f"The relative effect at {label}: some simulated levels were not positive, so its "
        "interval is the delta-method one of log(fitted / counterfactual), exponentiated."
    )
    return math.expm1(log_ratio - half), math.expm1(log_ratio + half)


def coefficient_table(
    names: list[str],
    model: FittedModel,
    alpha: float,
    link: str,
    s: pd.Period,
    pidx: pd.PeriodIndex,
    phase_in: int,
    further: list[tuple[str, pd.Period]],
    word: str,
) -> tuple[Coefficient, ...]:
    scale = "log" if link == "log" else "identity"
    crit = critical_value(model.df, alpha)
    ratio = link == "log"
    rr = "ratio" if model.log_outcome else "rate ratio"  # Gaussian on log(y): a plain ratio
    at = {"start": s, **dict(further)}
    origin = {"start": pidx[pidx.get_loc(s) + phase_in]} | dict(further)

    def describe(term: str) -> str:
        if term == "const":
            return (
                f"log {'value' if model.log_outcome else 'rate'} one period before the "
                "first (intercept)"
                if ratio
                else "level one period before the first (intercept)"
            )
        if term == "time":
            when = "pre-period trend" if any(map(is_interruption_term, names)) else "trend"
            return f"{when}: {rr} per {word}" if ratio else f"{when} per {word}"
        if term.startswith("level_"):
            name = term[6:]
            when = origin[name]
            what = rr if ratio else "level change"
            extra = " (end of the phase-in)" if name == "start" and phase_in else ""
            return f"{what} at {when}{extra}, {'start' if name == 'start' else name}"
        if term.startswith("slope_"):
            name = term[6:]
            return (
                (f"change in trend after {at[name]}: {rr} per {word}")
                if ratio
                else f"change in trend per {word} after {at[name]}"
            )
        if term == "pulse_start":
            what = rr if ratio else "level change"
            return f"temporary {what} while the pulse lasts, from {s} (start)"
        if term.startswith("season_"):
            return f"seasonal {word} {term[7:]} against {word} 1"
        if is_seasonal_term(term):
            return f"seasonal Fourier term ({term[:3]}, harmonic {term[3:]})"
        return (
            f"covariate: log {rr} per unit of the covariate"
            if ratio
            else "covariate: change in the outcome per unit of the covariate"
        )

    out = []

    def add(term: str, est: float, var: float, desc: str) -> None:
        se = math.sqrt(max(var, 0.0))
        stat = est / se if se > 0 else math.inf
        out.append(
            Coefficient(
                term=term,
                estimate=float(est),
                std_error=float(se),
                statistic=float(stat),
                p_value=two_sided_p(stat, model.df),
                conf_low=float(est - crit * se),
                conf_high=float(est + crit * se),
                scale=scale,
                description=desc,
            )
        )

    for j, term in enumerate(names):
        add(term, model.params[j], model.cov[j, j], describe(term))
    if "slope_start" in names:
        g = np.zeros(len(names))
        g[names.index("time")] = 1.0
        g[names.index("slope_start")] = 1.0
        add(
            "post_trend",
            float(g @ model.params),
            float(g @ model.cov @ g),
            (
                f"trend after the start: {rr} per {word} (time + slope_start)"
                if ratio
                else f"trend per {word} after the start (time + slope_start)"
            ),
        )
    return tuple(out)


# -- steps of fit_its -------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    """Fitted and counterfactual means, their simulated draws, and the path."""

    xa: np.ndarray  # design of every period
    xcf: np.ndarray  # the same with the interruption terms set to 0
    fitted: np.ndarray
    cf: np.ndarray
    sim_f: np.ndarray  # (n_sim, n) simulated fitted means
    sim_c: np.ndarray  # (n_sim, n) simulated counterfactual means
    path: EffectPath


def simulate_path(
    X_all: pd.DataFrame,
    model: FittedModel,
    family: str,
    offset_all: np.ndarray,
    values: np.ndarray,
    post: np.ndarray,
    excluded: np.ndarray,
    *,
    alpha: float,
    seed: int,
    n_sim: int,
    unit: str,
) -> Simulation:
    """Counterfactual (interruption terms at 0) with its mean band (analytic: t for the
    identity link, Wald on the log scale for counts) and prediction band (residual
    variance added, or a new count simulated at each simulated mean), from ``n_sim``
    coefficient draws of ``numpy.random.default_rng(seed)``."""
    names = list(X_all.columns)
    xa = X_all.to_numpy(float)
    inter_cols = [i for i, c in enumerate(names) if is_interruption_term(c)]
    xcf = xa.copy()
    xcf[:, inter_cols] = 0.0
    link = model.link
    fitted = link_mean(xa @ model.params + offset_all, link)
    cf = link_mean(xcf @ model.params + offset_all, link)
    crit = critical_value(model.df, alpha)
    var_cf = np.einsum("ti,ij,tj->t", xcf, model.cov, xcf)
    rng = np.random.default_rng(seed)
    draws = coefficient_draws(model, int(n_sim), rng)
    eta_f = draws @ xa.T + offset_all  # (n_sim, n)
    eta_c = draws @ xcf.T + offset_all
    if link == "identity":
        half = crit * np.sqrt(var_cf)
        cf_lo, cf_hi = cf - half, cf + half
        phalf = crit * np.sqrt(var_cf + model.noise_var)
        pr_lo, pr_hi = cf - phalf, cf + phalf
        sim_f, sim_c = eta_f, eta_c
    elif model.log_outcome:  # Gaussian on log(y): the log-scale bands, exponentiated
        lin = xcf @ model.params
        half = crit * np.sqrt(var_cf)
        cf_lo, cf_hi = np.exp(lin - half), np.exp(lin + half)
        phalf = crit * np.sqrt(var_cf + model.noise_var)
        pr_lo, pr_hi = np.exp(lin - phalf), np.exp(lin + phalf)
        sim_f, sim_c = np.exp(eta_f), np.exp(eta_c)
    else:
        lin = xcf @ model.params + offset_all
        half = crit * np.sqrt(var_cf)
        cf_lo, cf_hi = np.exp(lin - half), np.exp(lin + half)
        sim_f, sim_c = np.exp(eta_f), np.exp(eta_c)
        new = predictive_counts(sim_c, model, family, rng)
        pr_lo = np.quantile(new, alpha / 2, axis=0)
        pr_hi = np.quantile(new, 1 - alpha / 2, axis=0)
    effect = values - cf
    path = EffectPath(
        time=tuple(str(p) for p in X_all.index),
        observed=as_floats(values),
        fitted=as_floats(fitted),
        counterfactual=as_floats(cf),
        cf_conf_low=as_floats(cf_lo),
        cf_conf_high=as_floats(cf_hi),
        cf_pred_low=as_floats(pr_lo),
        cf_pred_high=as_floats(pr_hi),
        effect=as_floats(effect),
        effect_conf_low=as_floats(values - pr_hi),
        effect_conf_high=as_floats(values - pr_lo),
        post=tuple(bool(v) for v in post),
        excluded=tuple(bool(v) for v in excluded),
        unit=unit,
    )
    return Simulation(xa, xcf, fitted, cf, sim_f, sim_c, path)


def wanted_horizons(horizons: Sequence[int], n_post: int, notes: list[str]) -> list[int]:
    """The requested horizons inside the post-period, sorted (the others noted)."""
    wanted: list[int] = []
    for hz in horizons:
        if isinstance(hz, bool) or not isinstance(hz, int | np.integer) or hz < 1:
            raise AnalysisError(
                f"horizons are post-period counts ≥ 1 (1 = the start period), got {hz!r}"
            )
        if hz > n_post:
            notes.append(
                f"Horizon {hz} is beyond the {n_post} post-period(s) in the data and was dropped."
            )
        elif int(hz) not in wanted:
            wanted.append(int(hz))
    return sorted(wanted)


def horizon_effects(
    sim: Simulation,
    wanted: list[int],
    pidx: pd.PeriodIndex,
    n_pre: int,
    fitted_post: np.ndarray,
    model: FittedModel,
    alpha: float,
    word: str,
    notes: list[str],
    avg_label: str = "post-period average",
) -> tuple[HorizonEffect, ...]:
    """Effects at each wanted horizon, then the average over the fitted post-periods
    (``fitted_post``: post-periods not left out as phase-in; for a pulse, the pulse's
    periods, labelled ``avg_label``)."""

    def at(idx: np.ndarray, cum_idx: np.ndarray, horizon: int, period: str, label: str):
        return horizon_effect(
            idx,
            cum_idx,
            horizon,
            period,
            label,
            sim.fitted,
            sim.cf,
            sim.sim_f,
            sim.sim_c,
            sim.xa,
            sim.xcf,
            model,
            alpha,
            notes,
        )

    effects: list[HorizonEffect] = []
    for hz in wanted:
        i = n_pre + hz - 1
        effects.append(
            at(
                np.array([i]),
                np.arange(n_pre, i + 1),
                hz,
                str(pidx[i]),
                f"{word} {hz} of the pilot",
            )
        )
    avg_idx = np.flatnonzero(fitted_post)
    period = f"{pidx[avg_idx[0]]} to {pidx[avg_idx[-1]]}"
    effects.append(at(avg_idx, avg_idx, 0, period, avg_label))
    return tuple(effects)


# -- the regression summary -------------------------------------------------------------------


def seasonal_test(names: list[str], model: FittedModel) -> JointTest | None:
    """The joint Wald test that every seasonal term is zero, with the model's covariance:
    F = b'V⁻¹b / q on (q, df) for the Gaussian fits (equal to statsmodels' ``f_test`` with
    the same covariance), χ²(q) = b'V⁻¹b for the count models; None without seasonal
    terms."""
    idx = [j for j, c in enumerate(names) if is_seasonal_term(c)]
    if not idx:
        return None
    b = model.params[idx]
    v = model.cov[np.ix_(idx, idx)]
    try:
        wald = float(b @ np.linalg.solve(v, b))
    except np.linalg.LinAlgError:
        wald = float(b @ np.linalg.pinv(v) @ b)
    q = len(idx)
    from scipy import stats

    if math.isfinite(model.df):
        stat, dist, p = wald / q, "F", float(stats.f.sf(wald / q, q, model.df))
        how = f"F({q}, {model.df:.4g}) = Wald/{q}"
    else:
        stat, dist, p = wald, "chi2", float(stats.chi2.sf(wald, q))
        how = f"χ²({q}) Wald"
    return JointTest(
        name="seasonal",
        terms=tuple(names[j] for j in idx),
        statistic=stat,
        df_num=q,
        df_den=float(model.df),
        p_value=p,
        distribution=dist,
        method=f"joint test that the {q} seasonal term(s) are zero: {how}, with "
        f"{model.cov_name} ({model.se_type.split(';')[0]})",
    )


def r_squared(y: np.ndarray, X: pd.DataFrame, model: FittedModel) -> float:
    """R² = 1 − SSR/SST of the fitted values on the outcome's scale (Gaussian fits; the
    OLS R² for the OLS engines, statsmodels' ``rsquared``); NaN for the count models."""
    if model.log_outcome:
        y = np.log(y)  # the fit's own scale
    elif model.link != "identity":
        return float("nan")
    resid = y - X.to_numpy(float) @ model.params
    sst = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - float(resid @ resid) / sst if sst > 0 else float("nan")
