"""Diagnostics of a fitted single-series ITS, as :class:`CheckResult` values: residual
autocorrelation (Ljung–Box, Breusch–Godfrey, Durbin–Watson), overdispersion of count
models, and the fit in the pre-period."""

from __future__ import annotations

import math

import numpy as np

from analysis.numbers.designs.its_models import FittedModel
from analysis.results.checks import CheckResult

__all__ = ["OVERDISPERSION_WARN", "its_diagnostics"]

#: Pearson dispersion above this makes a plain Poisson fit's intervals too narrow.
OVERDISPERSION_WARN = 1.5


def _handled(model: FittedModel, se: str) -> str:
    """How the standard errors deal with autocorrelation (ends the warnings' details)."""
    return {
        "hac": f"the Newey–West standard errors allow for it up to lag {model.hac_lag}",
        "ar1": "an AR(1) error is already modelled; this tests what remains",
        "ar1_reml": "an AR(1) error is already modelled; this tests what remains",
    }.get(
        se,
        "the standard errors assume independent errors and may be too "
        "small; consider se='hac' or se='ar1'",
    )


def _ljung_box(model: FittedModel, lags: int, handled: str) -> CheckResult:
    from statsmodels.stats.diagnostic import acorr_ljungbox

    resid = model.resid
    label = f"Residual autocorrelation (Ljung–Box, {lags} lag{'s' if lags > 1 else ''})"
    if not (len(resid) > lags + 1 and np.var(resid) > 0):
        return CheckResult.not_applicable("ljung_box", label, "too few residuals for the test")
    lb = acorr_ljungbox(resid, lags=[lags], return_df=True)
    stat, p = float(lb["lb_stat"].iloc[0]), float(lb["lb_pvalue"].iloc[0])
    if p < 0.05:
        status, detail = (
            "warn",
            (f"The {model.resid_kind} are autocorrelated (p = {p:.3g}); {handled}."),
        )
    else:
        status, detail = (
            "pass",
            (f"No autocorrelation detected in the {model.resid_kind} (p = {p:.3g})."),
        )
    return CheckResult(
        name="ljung_box",
        label=label,
        status=status,
        detail=detail,
        statistic=stat,
        p_value=p,
        threshold=0.05,
        values=(("lags", float(lags)),),
    )


def _breusch_godfrey(model: FittedModel, family: str, lags: int, handled: str) -> CheckResult:
    from statsmodels.stats.diagnostic import acorr_breusch_godfrey

    bg_label = f"Residual autocorrelation (Breusch–Godfrey, {lags} lag{'s' * (lags > 1)})"
    if model.ols_results is None:
        why = (
            "Breusch–Godfrey tests OLS residuals; the AR(1) model's innovations are "
            "checked by Ljung–Box"
            if family == "gaussian"
            else "Breusch–Godfrey tests OLS residuals; the count model's Pearson residuals "
            "are checked by Ljung–Box"
        )
        return CheckResult.not_applicable("breusch_godfrey", bg_label, why)
    lm, lmp, _, _ = acorr_breusch_godfrey(model.ols_results, nlags=lags, result_object=False)
    status = "warn" if lmp < 0.05 else "pass"
    detail = (
        f"The OLS residuals are serially correlated (p = {lmp:.3g}); {handled}."
        if lmp < 0.05
        else f"No serial correlation detected (p = {lmp:.3g})."
    )
    return CheckResult(
        name="breusch_godfrey",
        label=bg_label,
        status=status,
        detail=detail,
        statistic=float(lm),
        p_value=float(lmp),
        threshold=0.05,
        values=(("lags", float(lags)),),
    )


def _durbin_watson(model: FittedModel, handled: str) -> CheckResult:
    from statsmodels.stats.stattools import durbin_watson

    dw = float(durbin_watson(model.resid))
    dw_ok = 1.5 <= dw <= 2.5
    return CheckResult(
        name="durbin_watson",
        label=f"Durbin–Watson statistic ({model.resid_kind})",
        status="pass" if dw_ok else "warn",
        detail=(
            f"DW = {dw:.2f}, inside 1.5–2.5: no strong first-order autocorrelation."
            if dw_ok
            else f"DW = {dw:.2f}, outside 1.5–2.5: first-order "
            f"{'positive' if dw < 1.5 else 'negative'} autocorrelation; {handled}."
        ),
        statistic=dw,
        values=(("low", 1.5), ("high", 2.5)),
    )


def _overdispersion(model: FittedModel, family: str) -> CheckResult:
    od_label = "Overdispersion (Pearson dispersion)"
    if family == "gaussian":
        return CheckResult.not_applicable(
            "overdispersion", od_label, "a Gaussian model estimates its variance freely"
        )
    phi = model.pearson_dispersion
    if family == "poisson":
        warn = phi > OVERDISPERSION_WARN
        detail = (
            f"Pearson dispersion {phi:.2f} > {OVERDISPERSION_WARN}: the Poisson "
            "intervals are too narrow; use family='quasipoisson' or 'negbin'."
            if warn
            else f"Pearson dispersion {phi:.2f}: compatible with Poisson."
        )
        status = "warn" if warn else "pass"
    elif family == "quasipoisson":
        status = "info"
        detail = (
            f"Pearson dispersion {phi:.2f}, estimated and used to scale the "
            "intervals (quasi-Poisson)."
        )
    else:
        status = "info"
        detail = (
            f"Negative binomial alpha = {model.nb_alpha:.3g} estimated; "
            f"Pearson dispersion of the NB residuals {phi:.2f}."
        )
    return CheckResult(
        name="overdispersion",
        label=od_label,
        status=status,
        detail=detail,
        statistic=phi,
        threshold=OVERDISPERSION_WARN,
    )


def _pre_fit(y_pre: np.ndarray, fit_pre: np.ndarray) -> CheckResult:
    r2_den = float(np.sum((y_pre - y_pre.mean()) ** 2))
    r2 = 1.0 - float(np.sum((y_pre - fit_pre) ** 2)) / r2_den if r2_den > 0 else float("nan")
    nz = y_pre != 0
    mape = (
        float(np.mean(np.abs(y_pre[nz] - fit_pre[nz]) / np.abs(y_pre[nz])))
        if nz.any()
        else float("nan")
    )
    parts = []
    if math.isfinite(r2):
        parts.append(f"R² = {r2:.2f}")
    if math.isfinite(mape):
        parts.append(f"mean absolute percentage error {mape * 100:.1f}%")
    values = tuple((k, v) for k, v in (("r_squared", r2), ("mape", mape)) if math.isfinite(v))
    return CheckResult(
        name="pre_fit",
        label="Fit in the pre-period",
        status="info",
        detail=(
            f"Over the {len(y_pre)} pre-periods: " + ", ".join(parts) + "."
            if parts
            else "The pre-period is constant; no fit statistic."
        ),
        statistic=r2 if math.isfinite(r2) else (mape if math.isfinite(mape) else 0.0),
        values=values,
    )


def its_diagnostics(
    model: FittedModel,
    family: str,
    se: str,
    n_pre_fit: int,
    y_pre: np.ndarray,
    fit_pre: np.ndarray,
) -> tuple[CheckResult, ...]:
    """Ljung–Box, Breusch–Godfrey, Durbin–Watson, overdispersion and pre-period fit of a
    fitted model (``n_pre_fit`` fitted pre-periods set the autocorrelation lags)."""
    lags = max(1, min(12, n_pre_fit // 4))
    handled = _handled(model, se)
    return (
        _ljung_box(model, lags, handled),
        _breusch_godfrey(model, family, lags, handled),
        _durbin_watson(model, handled),
        _overdispersion(model, family),
        _pre_fit(y_pre, fit_pre),
    )
