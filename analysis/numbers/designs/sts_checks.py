"""Diagnostics of a fitted structural time-series model: residual autocorrelation,
optimiser convergence and Harvey's R² against a random walk with drift."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.numbers.designs.sts_input import MIN_EFFECTIVE_OBS, ModelSpec
from analysis.numbers.designs.sts_statespace import diffuse_mask
from analysis.results.checks import CheckResult

#: Ljung–Box p-value below which residual autocorrelation is flagged.
LJUNG_BOX_ALPHA = 0.05


def ljung_box_check(e: np.ndarray, n_eff: int, spec: ModelSpec, what: str) -> CheckResult:
    """Residual autocorrelation: Ljung–Box on the standardized one-step errors ``e``
    (``n_eff`` of them, after the diffuse start), df reduced by the hyperparameters."""
    lb_label = "Residual autocorrelation (Ljung–Box, standardized one-step errors)"
    lags = min(spec.period or 10, max(n_eff // 4, 1))
    model_df = spec.n_variances - 1  # DK: Q(q) ~ chi2(q - w + 1), w hyperparameters
    if n_eff < MIN_EFFECTIVE_OBS or lags - model_df < 1:
        return CheckResult.not_applicable(
            "ljung_box",
            lb_label,
            f"{n_eff} one-step errors after the diffuse start are too few for {lags} lags "
            f"with {spec.n_variances} estimated variances",
        )
    else:
        from statsmodels.stats.diagnostic import acorr_ljungbox

        lb = acorr_ljungbox(e, lags=[lags], model_df=model_df)
        q, p = float(lb["lb_stat"].iloc[0]), float(lb["lb_pvalue"].iloc[0])
        ok = p >= LJUNG_BOX_ALPHA
        return CheckResult(
            name="ljung_box",
            label=f"{lb_label}, {lags} lags",
            status="pass" if ok else "warn",
            detail=(
                f"No evidence of autocorrelation left in the {what} one-step errors "
                f"(Q = {q:.2f}, p = {p:.3f})."
                if ok
                else f"The {what} one-step errors are autocorrelated "
                f"(Q = {q:.2f}, p = {p:.3f}): "
                "the model misses some dynamics and its intervals may be too narrow; "
                "try a trend, a seasonal term or control series."
            ),
            statistic=q,
            p_value=p,
            threshold=LJUNG_BOX_ALPHA,
            values=(
                ("lags", float(lags)),
                ("df", float(lags - model_df)),
                ("n_errors", float(n_eff)),
            ),
        )


def convergence_check(info: dict[str, Any]) -> CheckResult:
    """Whether the likelihood maximisation converged (see ``fit_model``'s info)."""
    conv = info["converged"]
    return CheckResult(
        name="convergence",
        label="Optimizer convergence (Nelder–Mead then BFGS)",
        status="pass" if conv else "warn",
        detail=(
            "The likelihood maximisation converged."
            if conv
            else "The BFGS pass did not report convergence: the variances (and so the "
            "intervals) may not be at the maximum likelihood; treat with caution."
        ),
        statistic=info["llf"],
        values=(
            ("bfgs_flag", float(info["bfgs_flag"])),
            ("max_gradient", info["max_gradient"]),
            ("nm_converged", float(info["nm_converged"])),
            ("llf_nm", info["llf_nm"]),
        ),
    )


def harvey_fit_check(res, n_eff: int, spec: ModelSpec, what: str) -> CheckResult:
    """Harvey's coefficient of determination: the steady-state one-step prediction error
    variance against a random walk with drift (and fixed seasonal means of the changes)."""
    fit_label = "Fit against a random walk with drift (Harvey's R²)"
    zs = np.asarray(res.model.endog[:, 0])
    zs = zs[np.isfinite(zs)]
    dz = np.diff(zs)
    d_count = int(diffuse_mask(res)[: len(zs)].sum())
    if n_eff < 3 or len(dz) < 2 * (spec.period or 1):
        return CheckResult.not_applicable(
            "fit", fit_label, "too few observations for the benchmark"
        )
    else:
        if spec.period:
            season = np.arange(1, len(zs)) % spec.period
            means = pd.Series(dz).groupby(season).transform("mean").to_numpy()
            bench_name = "a random walk with drift and fixed seasonal changes"
        else:
            means = np.full(len(dz), dz.mean())
            bench_name = "a random walk with drift"
        ss = float(np.sum((dz - means) ** 2))
        f_ss = float(res.filter_results.forecasts_error_cov[0, 0, len(zs) - 1])
        r2 = 1 - (len(zs) - d_count) * f_ss / ss if ss > 0 else math.nan
        good = bool(np.isfinite(r2) and r2 > 0)
        return CheckResult(
            name="fit",
            label=fit_label,
            status="pass" if good else "warn",
            detail=(
                f"{what.capitalize()} fit: steady-state one-step prediction error s.d. "
                f"{math.sqrt(f_ss):.4g} (model scale); R² = {r2:.2f} against {bench_name}"
                + (
                    "."
                    if good
                    else "; the model predicts no better than that benchmark, "
                    "so its counterfactual adds little to a naive extrapolation."
                )
            ),
            statistic=r2,
            threshold=0.0,
            values=(
                ("prediction_error_sd", math.sqrt(f_ss)),
                ("benchmark_sd", math.sqrt(ss / len(dz))),
                ("n_diffuse", float(d_count)),
            ),
        )


def model_checks(res, info: dict[str, Any], spec: ModelSpec, what: str) -> tuple[CheckResult, ...]:
    """Ljung–Box on standardized one-step errors, convergence, Harvey's R² (fit)."""
    mask = ~diffuse_mask(res)
    n = res.model.nobs
    mask &= np.isfinite(np.asarray(res.model.endog[:, 0]))
    sfe = np.asarray(res.filter_results.standardized_forecasts_error[0, :n])
    e = sfe[mask]
    n_eff = int(mask.sum())
    return (
        ljung_box_check(e, n_eff, spec, what),
        convergence_check(info),
        harvey_fit_check(res, n_eff, spec, what),
    )
