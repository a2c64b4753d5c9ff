"""The intervention-regressor form of a structural time-series model (Harvey & Durbin
1986; Durbin & Koopman 2012, §8.2): the whole series with a step dummy in the state
vector."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.sts_checks import model_checks
from analysis.numbers.designs.sts_input import (
    STS_DESIGN,
    STS_FAMILY,
    Level,
    ModelSpec,
    Seasonal,
    SeriesData,
    check_alpha,
    post_horizons,
    prepare_series,
    resolve_spec,
    series_path,
)
from analysis.numbers.designs.sts_statespace import (
    design_row,
    fit_model,
    state_coefficients,
    sts_model,
    variance_terms,
)
from analysis.results.effects import Coefficient, EffectResult, HorizonEffect


def _setup(
    y: Any,
    periods: Any,
    start: Any,
    exog: Any,
    level: str,
    seasonal: Seasonal,
    harmonics: int | None,
    log: bool,
    horizons: Sequence[int],
) -> tuple[SeriesData, ModelSpec, np.ndarray, list[int], list[str]]:
    """The checked series, the model specification (fitted on the whole series, the step
    last among the regressors), the regressor matrix, the horizons and the notes."""
    d = prepare_series(y, periods, start, exog, log)
    notes: list[str] = []
    i0, n = d.i0, len(d.y)
    n_post = n - i0
    step = (np.arange(n) >= i0).astype(float)
    ex = d.exog
    names: tuple[str, ...] = tuple(ex.columns) if ex is not None else ()
    if "step" in names:
        raise AnalysisError("exog already has a column named 'step'; rename it")
    if ex is not None:
        const = [c for c in ex.columns if np.ptp(ex[c].to_numpy()) == 0]
        if const:
            raise AnalysisError(
                f"exog column(s) {', '.join(repr(c) for c in const)} are "
                "constant: they cannot be told apart from the level"
            )
    X = np.column_stack([ex.to_numpy(), step]) if ex is not None else step[:, None]
    all_names = (*names, "step")
    spec = resolve_spec(level, seasonal, harmonics, d.freq, n, all_names, log, notes)
    hs = post_horizons(horizons, n_post, notes)
    return d, spec, X, hs, notes


def _signals(model, res, n: int, H: float, zc: float, log: bool):
    """Fitted series, counterfactual (the smoothed signal without the step) and the
    counterfactual's confidence and prediction bands, on the original scale."""
    Z = np.array([design_row(model, t) for t in range(n)])
    Zcf = Z.copy()
    Zcf[:, -1] = 0.0  # the step's column of the design: without it, the counterfactual
    a, V = res.smoothed_state, res.smoothed_state_cov
    s_fit = np.einsum("tk,kt->t", Z, a)
    v_fit = np.clip(np.einsum("tk,klt,tl->t", Z, V, Z), 0, None)
    s_cf = np.einsum("tk,kt->t", Zcf, a)
    v_cf = np.clip(np.einsum("tk,klt,tl->t", Zcf, V, Zcf), 0, None)
    if log:
        fitted = np.exp(s_fit + (v_fit + H) / 2)
        cf = np.exp(s_cf + (v_cf + H) / 2)
        conf_lo, conf_hi = (
            np.exp(s_cf - zc * np.sqrt(v_cf) + H / 2),
            np.exp(s_cf + zc * np.sqrt(v_cf) + H / 2),
        )
        pred_lo, pred_hi = (
            np.exp(s_cf - zc * np.sqrt(v_cf + H)),
            np.exp(s_cf + zc * np.sqrt(v_cf + H)),
        )
    else:
        fitted, cf = s_fit, s_cf
        conf_lo, conf_hi = s_cf - zc * np.sqrt(v_cf), s_cf + zc * np.sqrt(v_cf)
        pred_lo, pred_hi = s_cf - zc * np.sqrt(v_cf + H), s_cf + zc * np.sqrt(v_cf + H)
    return fitted, cf, (conf_lo, conf_hi), (pred_lo, pred_hi)


def _effects(
    d: SeriesData, cf: np.ndarray, step_coef: Coefficient, hs: list[int], log: bool
) -> tuple[HorizonEffect, ...]:
    """Modelled effect per post period: identity, the step itself; log, cf·(exp(step) − 1);
    the post-period average and each horizon."""
    i0 = d.i0
    n_post = len(d.y) - i0
    lam, lam_lo, lam_hi = step_coef.estimate, step_coef.conf_low, step_coef.conf_high
    cf_post = cf[i0:]

    def per_period(x: float) -> np.ndarray:
        return cf_post * math.expm1(x) if log else np.full(n_post, x)

    eff, eff_lo, eff_hi = per_period(lam), per_period(lam_lo), per_period(lam_hi)
    se_pp = (
        cf_post * math.exp(lam) * step_coef.std_error
        if log
        else np.full(n_post, step_coef.std_error)
    )

    def rel(x: float, j: slice) -> float:
        """exp(x) − 1 on the log scale; on the identity scale x / (F − x), F the fitted
        post level (counterfactual + step) held fixed: the step's interval mapped through
        the ratio F / (F − x) − 1, increasing in x, so never below −100% (x / C with C
        fixed is, for a small count); +inf once x reaches F."""
        if log:
            return math.expm1(x)
        fitted = float(np.mean(cf_post[j])) + lam
        return x / (fitted - x) if fitted - x > 0 else math.inf

    effects = []
    whole = slice(0, n_post)
    effects.append(
        HorizonEffect(
            horizon=0,
            period=f"{d.labels[i0]} to {d.labels[-1]}",
            label="post-period average",
            estimate=float(eff.mean()),
            conf_low=float(eff_lo.mean()),
            conf_high=float(eff_hi.mean()),
            relative_estimate=rel(lam, whole),
            relative_conf_low=rel(lam_lo, whole),
            relative_conf_high=rel(lam_hi, whole),
            cumulative_estimate=float(eff.sum()),
            cumulative_conf_low=float(eff_lo.sum()),
            cumulative_conf_high=float(eff_hi.sum()),
            std_error=float(se_pp.mean()),
            p_value=step_coef.p_value,
        )
    )
    for h in hs:
        j = h - 1
        effects.append(
            HorizonEffect(
                horizon=h,
                period=d.labels[i0 + j],
                label=f"period {h} after the start ({d.labels[i0 + j]})",
                estimate=float(eff[j]),
                conf_low=float(eff_lo[j]),
                conf_high=float(eff_hi[j]),
                relative_estimate=rel(lam, slice(j, j + 1)),
                relative_conf_low=rel(lam_lo, slice(j, j + 1)),
                relative_conf_high=rel(lam_hi, slice(j, j + 1)),
                cumulative_estimate=float(eff[:h].sum()),
                cumulative_conf_low=float(eff_lo[:h].sum()),
                cumulative_conf_high=float(eff_hi[:h].sum()),
                std_error=float(se_pp[j]),
                p_value=step_coef.p_value,
            )
        )
    return tuple(effects)


def _method_text(notes: list[str], has_regressors: bool, log: bool) -> str:
    """Add the closing notes to ``notes`` and return the interval-method text."""
    notes.append(
        "Horizon effects are modelled (fitted − counterfactual, i.e. the step), "
        "not observed − counterfactual; the path's effect column is observed − "
        "counterfactual."
    )
    if log:
        notes.append(
            "Modelled log(y): the step is a log ratio and exp(step) − 1 the "
            "relative effect; fitted and counterfactual are lognormal means "
            "exp(m + v/2)."
        )
    if has_regressors:
        notes.append("The regressors are assumed unaffected by the pilot.")
    return (
        "normal interval for the step coefficient from its RMSE, the smoothed state "
        "covariance at the last period (exact diffuse, variances at their MLE); "
        "absolute effects scale it by the smoothed counterfactual, whose own "
        "uncertainty is not propagated into them"
    )


def fit_sts_intervention(
    y: Any,
    periods: Any,
    start: Any,
    exog: Any = None,
    *,
    level: Level = "llevel",
    seasonal: Seasonal = "auto",
    harmonics: int | None = None,
    log: bool = False,
    alpha: float = 0.05,
    horizons: Sequence[int] = (6, 12),
    indicator: str = "",
    label: str = "",
    unit: str = "",
) -> EffectResult:
    """Intervention-regressor form: the whole series with a step dummy in the state vector.

    A step (0 before ``start``, 1 from it) and the regressors ``exog`` enter the state
    vector (``mle_regression=False``) of a structural model with exact diffuse
    initialisation, fitted to the whole series. The step coefficient and its RMSE are
    the smoothed state at the last period (Durbin & Koopman 2012, §8.2).

    Parameters
    ----------
    y, periods, start, exog
        As in :func:`fit_sts`; ``exog`` columns must vary over the series.
    level, seasonal, harmonics, log, alpha, horizons, indicator, label, unit
        As in :func:`fit_sts`. With ``log`` the step is a log ratio (coefficient
        ``scale='log'``): ``exp(step) − 1`` is the relative effect.

    Returns
    -------
    EffectResult
        ``design='sts'``; coefficient ``'step'`` (and one per exog column, and the
        variances). Horizon effects are the modelled effect (fitted − counterfactual,
        where the counterfactual is the smoothed signal without the step).
        ``fitted_model`` is the statsmodels results object.

    Raises
    ------
    AnalysisError
        As :func:`fit_sts`.
    """
    check_alpha(alpha)
    d, spec, X, hs, notes = _setup(
        y, periods, start, exog, level, seasonal, harmonics, log, horizons
    )
    i0, n = d.i0, len(d.y)
    model = sts_model(d.z, spec.level, period=spec.period, harmonics=spec.harmonics, exog=X)
    res, info = fit_model(model)
    H = float(model.ssm["obs_cov"].reshape(-1)[0])
    zc = float(stats.norm.ppf(1 - alpha / 2))
    names, all_names = spec.exog_names[:-1], spec.exog_names
    descr = dict.fromkeys(names, "regressor (smoothed state, last period)")
    descr["step"] = f"level shift from {d.labels[i0]} (smoothed state, last period)" + (
        "; log ratio" if log else ""
    )
    reg = state_coefficients(
        res, all_names, alpha, n - 1, log_terms=("step",) if log else (), descriptions=descr
    )
    fitted, cf, conf, pred = _signals(model, res, n, H, zc, log)
    path = series_path(d, fitted=fitted, cf=cf, conf=conf, pred=pred, unit=unit)
    effects = _effects(d, cf, reg[-1], hs, log)
    checks = model_checks(res, info, spec, "whole-series")
    method = _method_text(notes, bool(names), log)
    return EffectResult(
        design=STS_DESIGN,
        indicator=indicator,
        label=label or indicator,
        unit=unit,
        model=f"structural time series with an intervention step: {spec.describe()}; "
        "whole series" + ("; log scale" if log else ""),
        family=STS_FAMILY,
        se_type="RMSE from the smoothed state covariance (exact diffuse Kalman smoother, "
        "regression coefficients in the state vector)",
        start=d.labels[i0],
        alpha=alpha,
        n_obs=n,
        n_pre=i0,
        n_post=n - i0,
        coefficients=reg + variance_terms(res),
        effects=effects,
        path=path,
        checks=checks,
        interval_method=method,
        seasonality=spec.seasonality(),
        notes=tuple(notes),
        fitted_model=res,
    )
