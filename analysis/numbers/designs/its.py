"""Segmented-regression interrupted time series (ITS) for one series: :func:`fit_its`
and :func:`fit_its_panel`.

The model and its design matrix are described in :mod:`analysis.numbers.designs.its_design`
(post-period slope counted **from the interruption**, ``(t − t_j)·post``, never
``t·post``). ``g`` is the identity (Gaussian) or the log (counts, with ``log(exposure)``
as offset; effects are rate ratios).

Families: ``gaussian`` a linear model, errors as ``se`` says; ``poisson`` a Poisson GLM;
``quasipoisson`` the Poisson point estimates with the covariance scaled by the Pearson
dispersion X²/(n−p) (statsmodels ``fit(scale='X2')``, as R's ``quasipoisson``);
``negbin`` statsmodels' discrete ``NegativeBinomial`` (NB2, alpha estimated jointly by
maximum likelihood). Count families use the log link; their coefficient intervals are
Wald with the normal quantile.

Standard errors (``se``): for the Gaussian family ``ar1_reml`` (what ``auto`` means) GLS
with AR(1) errors, ρ by REML (bounded to ±0.99, lags in calendar periods across a
phase-in), the Kenward–Roger covariance and t intervals with the smallest Kenward–Roger
df of the interruption terms (``level_*``, ``slope_*``) -- the default because it keeps
95% intervals near 95% in short autocorrelated series, where Newey–West covers about 80%
(``scripts/its_coverage.py``); ``hac`` OLS with Newey–West; ``ar1`` feasible GLS with
AR(1) errors (own Prais–Winsten keeping the first observation, ρ iterated); ``ols``
classical. Count families: ``model`` (default: model-based, as described above) or
``hac`` (Newey–West sandwich). The engines live in :mod:`analysis.numbers.designs.its_models`.

The counterfactual is the fitted model with every interruption term set to zero;
effects are reported at chosen horizons (absolute, relative and cumulative) with
intervals simulated from the coefficients' sampling distribution
(:mod:`analysis.numbers.designs.its_effects`). Diagnostics (autocorrelation,
overdispersion, pre-period fit) come back as :class:`~analysis.results.checks.CheckResult`
values (:mod:`analysis.numbers.designs.its_checks`).

Public API: :func:`fit_its`, :func:`fit_its_panel`; the design matrix
(:func:`~analysis.numbers.designs.its_design.design_matrix`) and Newey–West OLS
(:func:`~analysis.numbers.designs.its_models.ols_hac`,
:func:`~analysis.numbers.designs.its_models.hac_lag_rule`) have their own modules.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.its_checks import its_diagnostics
from analysis.numbers.designs.its_design import (
    COUNT_FAMILIES,
    FAMILIES,
    MIN_PRE_PERIODS,
    SEASON_CYCLES,
    as_period,
    as_periods,
    covariate_frame,
    cycle_length,
    design_matrix,
    is_interruption_term,
    is_seasonal_term,
    parse_interruptions,
    period_word,
    resolve_seasonality,
    seasonality_label,
)
from analysis.numbers.designs.its_effects import (
    Simulation,
    coefficient_table,
    horizon_effects,
    r_squared,
    seasonal_test,
    simulate_path,
    wanted_horizons,
)
from analysis.numbers.designs.its_models import FittedModel, fit_count, fit_gaussian
from analysis.results.effects import EffectResult

__all__ = ["LOG_NOTE", "MIN_SIMULATIONS", "NO_INTERRUPTION_NOTE", "fit_its", "fit_its_panel"]

MIN_SIMULATIONS = 100

#: The note of a Gaussian fit of log(y) (``log=True``).
LOG_NOTE = (
    "Modelled log(y) (transform log): the interruption coefficients are log ratios and "
    "the effects relative changes exp(d) − 1, their intervals from the log scale; "
    "absolute effects and the fitted, counterfactual and band values are back-transformed "
    "by exp (medians of the lognormal, not means)."
)

#: The note of a fit without any interruption term (``level_change=False``,
#: ``slope_change=False``): what the result is, and what it is not.
NO_INTERRUPTION_NOTE = (
    "No interruption term (level_change and slope_change false): a regression of the "
    "outcome on its trend and covariates. No effect of the pilot is estimated; the "
    "coefficient table is the result."
)

_FAMILY_NAME = {
    "gaussian": "Gaussian",
    "poisson": "Poisson",
    "quasipoisson": "quasi-Poisson",
    "negbin": "negative binomial (NB2)",
}


# -- input checks -----------------------------------------------------------------------------


def _validate_y(y: Any, n: int, family: str, periods: pd.PeriodIndex) -> np.ndarray:
    try:
        values = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError):
        raise AnalysisError("the series must be numeric") from None
    if len(values) != n:
        raise AnalysisError(f"the series has {len(values)} values for {n} periods")
    bad = ~np.isfinite(values)
    if bad.any():
        where = ", ".join(str(p) for p in periods[bad][:8])
        more = f" and {int(bad.sum()) - 8} more" if bad.sum() > 8 else ""
        raise AnalysisError(
            f"the series has {int(bad.sum())} missing value(s) at {where}{more}; an ITS "
            "needs every period (fill the gaps from the source, not with zeros)"
        )
    if (values == 0).all():
        raise AnalysisError("the series is all zeros: there is nothing to model")
    if np.ptp(values) == 0:
        raise AnalysisError(
            f"the series is constant ({values[0]:g} in every period): there is no "
            "variation to model"
        )
    if family in COUNT_FAMILIES:
        neg = values < 0
        if neg.any():
            where = ", ".join(str(p) for p in periods[neg][:8])
            raise AnalysisError(
                f"family '{family}' needs non-negative counts; the series is negative at "
                f"{where}: use family='gaussian'"
            )
    return values


def _validate_exposure(exposure: Any, n: int, family: str) -> np.ndarray:
    if exposure is None:
        return np.zeros(n)
    if family not in COUNT_FAMILIES:
        raise AnalysisError(
            "exposure is an offset of the count families; for a Gaussian model divide the "
            "outcome by the exposure first (model the rate)"
        )
    try:
        e = np.asarray(exposure, dtype=float).ravel()
    except (TypeError, ValueError):
        raise AnalysisError("exposure must be numeric") from None
    if len(e) != n:
        raise AnalysisError(f"exposure has {len(e)} values for {n} periods")
    if not np.isfinite(e).all() or (e <= 0).any():
        raise AnalysisError("exposure must be positive and present in every period")
    return np.log(e)


def _unidentified(X: pd.DataFrame) -> list[str]:
    """Columns that add nothing to the span of the ones before them."""
    x = X.to_numpy(float)
    bad, kept = [], []
    for j, name in enumerate(X.columns):
        trial = [*kept, j]
        if np.linalg.matrix_rank(x[:, trial]) < len(trial):
            bad.append(name)
        else:
            kept.append(j)
    return bad


def _check_options(family: str, se: str, alpha: Any, n_sim: Any, hac_lag: Any) -> str:
    """Refuse unknown or invalid options; return ``se`` with ``auto`` resolved."""
    if family not in FAMILIES:
        raise AnalysisError(f"family '{family}' is not one of {', '.join(FAMILIES)}")
    count = family in COUNT_FAMILIES
    allowed_se = ("auto", "model", "hac") if count else ("auto", "ar1_reml", "hac", "ar1", "ols")
    if se not in allowed_se:
        raise AnalysisError(
            f"se '{se}' is not available for family '{family}'; use one of "
            f"{', '.join(allowed_se)}"
            + (" (AR(1) and classical OLS errors are Gaussian options)" if count else "")
        )
    se = ("model" if count else "ar1_reml") if se == "auto" else se
    if not (isinstance(alpha, int | float) and 0 < alpha < 1):
        raise AnalysisError(f"alpha must be between 0 and 1, got {alpha!r}")
    if not isinstance(n_sim, int | np.integer) or n_sim < MIN_SIMULATIONS:
        raise AnalysisError(
            f"n_sim must be a whole number ≥ {MIN_SIMULATIONS} (percentile "
            f"intervals need enough draws), got {n_sim!r}"
        )
    if hac_lag is not None and (
        isinstance(hac_lag, bool) or not isinstance(hac_lag, int | np.integer) or hac_lag < 0
    ):
        raise AnalysisError(f"hac_lag must be a whole number ≥ 0, got {hac_lag!r}")
    return se


# -- the fit, step by step --------------------------------------------------------------------


@dataclass
class _Setup:
    """The series, its design and the fitted rows, as :func:`fit_its` prepares them."""

    pidx: pd.PeriodIndex
    values: np.ndarray
    offset_all: np.ndarray
    s: pd.Period
    n_pre: int
    kind: str  # seasonal terms: none | dummies | fourier
    h: int
    X_all: pd.DataFrame
    further: list[tuple[str, pd.Period]]
    post: np.ndarray
    excluded: np.ndarray
    keep: np.ndarray
    notes: list[str]
    covariates: tuple[str, ...] = ()
    pulse: int | None = None
    log: bool = False  # log(y) fitted (Gaussian), shown back-transformed

    @property
    def X(self) -> pd.DataFrame:
        return self.X_all[self.keep]


def _check_pre_periods(
    setup: _Setup, seasonality: str, first_break: pd.Period, n_season: int
) -> None:
    """Enough pre-periods for the seasonal terms and for the trend before the first break."""
    pidx, s, n_pre = setup.pidx, setup.s, setup.n_pre
    length = cycle_length(pidx)
    if setup.kind != "none" and length and n_pre < SEASON_CYCLES * length:
        raise AnalysisError(
            f"seasonality '{seasonality}' needs at least {SEASON_CYCLES * length} "
            f"pre-periods ({SEASON_CYCLES} full years) to separate the season from the "
            f"trend; the series has {n_pre} before the start {s}: use seasonality='none' or "
            "a longer series"
        )
    n_before = int((pidx < first_break).sum())
    need = MIN_PRE_PERIODS + n_season
    if n_before < need:
        what = f"the start {s}" if first_break == s else f"the first interruption {first_break}"
        raise AnalysisError(
            f"too few pre-periods: the model needs at least {need} before {what} "
            f"({MIN_PRE_PERIODS} + {n_season} seasonal term(s)); the series has {n_before}"
            + (": use seasonality='none' or a longer series" if n_season else "")
        )


def _setup(
    y: Any,
    periods: Any,
    start: Any,
    *,
    family: str,
    exposure: Any,
    seasonality: str,
    harmonics: int,
    interruptions: Any,
    phase_in: int,
    slope_change: bool,
    se: str,
    hac_lag: int | None,
    pulse: int | None = None,
    covariates: Any = None,
    level_change: bool = True,
) -> _Setup:
    """Validate the series, build the design and choose the fitted rows (phase-in out)."""
    pidx = as_periods(periods)
    n = len(pidx)
    values = _validate_y(y, n, family, pidx)
    offset_all = _validate_exposure(exposure, n, family)
    s = as_period(start, pidx, "the start")
    notes: list[str] = []
    if se != "hac" and hac_lag is not None:
        notes.append(f"hac_lag {hac_lag} was ignored: the standard errors are not Newey–West.")
    n_pre = int((pidx < s).sum())
    kind, h, why = resolve_seasonality(seasonality, harmonics, pidx, n_pre)
    cov = covariate_frame(covariates, pidx)
    X_all = design_matrix(
        pidx,
        s,
        seasonality=kind,
        harmonics=h or harmonics,
        interruptions=interruptions,
        phase_in=phase_in,
        slope_change=slope_change,
        pulse=pulse,
        covariates=cov,
        level_change=level_change,
    )
    notes.append(why[0].upper() + why[1:] + ".")
    further = parse_interruptions(interruptions, pidx, s)
    post = np.asarray(pidx >= s)
    excluded = post & (np.arange(n) < n_pre + phase_in)
    setup = _Setup(
        pidx,
        values,
        offset_all,
        s,
        n_pre,
        kind,
        h,
        X_all,
        further,
        post,
        excluded,
        ~excluded,
        notes,
        tuple(cov.columns),
        pulse,
    )
    first_break = min([s, *(p for _, p in further)])
    n_season = sum(is_seasonal_term(c) for c in X_all.columns)
    _check_pre_periods(setup, seasonality, first_break, n_season)
    if phase_in:
        notes.append(
            f"Phase-in: {pidx[n_pre]} to {pidx[n_pre + phase_in - 1]} "
            f"({phase_in} period(s)) left out of the fit."
        )
    if pulse:
        notes.append(
            f"Temporary intervention: the effect of the start is a pulse of {pulse} "
            f"period(s) ({pidx[n_pre]} to {pidx[n_pre + pulse - 1]}), zero after it; no "
            "change in trend."
        )
    if len(cov.columns):
        notes.append(
            "Covariates (exogenous regressors, kept at their observed values in the "
            "counterfactual): " + ", ".join(cov.columns) + "."
        )
    return setup


def _check_fitted_rows(setup: _Setup, family: str) -> None:
    """The fitted rows identify every term; counts have a baseline and a post rate."""
    X = setup.X
    yv = setup.values[setup.keep]
    k = X.shape[1]
    n_fit = len(yv)
    if np.linalg.matrix_rank(X.to_numpy(float)) < k:
        bad = _unidentified(X)
        raise AnalysisError(
            "the model's terms cannot be told apart on the fitted periods ("
            + ", ".join(bad)
            + "): interruptions too close together, too few periods "
            "after one of them, or too long a phase-in; drop an interruption, set "
            "slope_change=False or shorten the phase-in"
        )
    if n_fit - k < 2:
        raise AnalysisError(
            f"{n_fit} fitted periods leave fewer than 2 residual degrees of freedom for {k} terms"
        )
    fit_post = setup.post[setup.keep]
    if family in COUNT_FAMILIES:
        if (yv[~fit_post] == 0).all():
            raise AnalysisError(
                "the pre-period counts are all zero: there is no baseline rate to extrapolate"
            )
        if (yv[fit_post] == 0).all():
            raise AnalysisError(
                "the post-period counts are all zero: a rate ratio is not estimable (it would be 0)"
            )
        if not np.allclose(yv, np.round(yv)):
            setup.notes.append(
                "Some values are not whole numbers; the count model treats them "
                "as counts (quasi-likelihood)."
            )
    if np.ptp(yv[~fit_post]) == 0:
        setup.notes.append("The pre-period is constant.")


def _log_values(setup: _Setup, family: str) -> np.ndarray:
    """``log=True``: the series' own values kept, the fit's values logged (positive
    values, Gaussian family only); the note says how the path is shown."""
    if family != "gaussian":
        raise AnalysisError(
            f"log=True fits a Gaussian model of log(y); family '{family}' already models "
            "the log of the mean: use family='gaussian' or log=False"
        )
    values = setup.values
    bad = values <= 0
    if bad.any():
        where = ", ".join(str(p) for p in setup.pidx[bad][:8])
        raise AnalysisError(
            f"log=True needs positive values; the series is zero or negative at {where}"
        )
    setup.values, setup.log = np.log(values), True
    setup.notes.append(LOG_NOTE)
    return values


def _fit_on_scale(
    setup: _Setup, family: str, se: str, hac_lag: int | None, small_sample: bool, log: bool
) -> FittedModel:
    """Check the fitted rows and fit, on log(y) when ``log`` (the model's link is then
    'log' and ``setup.values`` is back on the series' own scale afterwards)."""
    observed = _log_values(setup, family) if log else None
    _check_fitted_rows(setup, family)
    model = _fit_model(setup, family, se, hac_lag, small_sample)
    if observed is None:
        return model
    setup.values = observed
    return dataclasses.replace(model, link="log", log_outcome=True)


def _fit_model(
    setup: _Setup, family: str, se: str, hac_lag: int | None, small_sample: bool
) -> FittedModel:
    keep = setup.keep
    yv = setup.values[keep]
    if small_sample and se != "hac":
        setup.notes.append(
            "The Newey–West small-sample factor n/(n−k) was not applied: the standard "
            "errors are not Newey–West."
        )
    if family in COUNT_FAMILIES:
        model = fit_count(yv, setup.X, setup.offset_all[keep], family, se, hac_lag, small_sample)
    else:
        model = fit_gaussian(yv, setup.X, np.flatnonzero(keep), se, hac_lag, small_sample)
    setup.notes.extend(model.extra_notes)
    if not (np.isfinite(model.params).all() and np.isfinite(model.cov).all()):
        raise AnalysisError("the model gave non-finite estimates on this series")
    return model


def _model_text(
    setup: _Setup, family: str, slope_change: bool, exposure: Any, level_change: bool = True
) -> str:
    """One line naming the model, e.g. 'quasi-Poisson segmented regression (...), Fourier(2)'."""
    word = period_word(setup.pidx)
    terms = {
        (True, True): "level + slope change",
        (True, False): "level change",
        (False, True): "slope change",
        (False, False): "no change at the start",
    }[(level_change, slope_change)]
    if setup.pulse:
        terms = f"temporary effect: a pulse of {setup.pulse} {word}(s)"
    season_text = {
        "none": "no seasonality",
        "dummies": f"{word} dummies",
        "fourier": f"Fourier({setup.h})",
    }[setup.kind]
    further = setup.further
    tail = (
        (", offset log(exposure)" if exposure is not None else "")
        + (f", covariates {', '.join(setup.covariates)}" if setup.covariates else "")
        + ("; log(y), shown back-transformed" if setup.log else "")
    )
    if not any(is_interruption_term(c) for c in setup.X_all.columns):
        return (
            f"{_FAMILY_NAME[family]} trend regression (no interruption term), {season_text}{tail}"
        )
    return (
        f"{_FAMILY_NAME[family]} segmented regression ({terms}"
        + (f", {len(further)} further interruption(s)" if further else "")
        + f"), {season_text}{tail}"
    )


def _interval_text(model: FittedModel, family: str, n_sim: int, seed: int) -> str:
    """How the effect intervals and the bands were computed."""
    link = model.link
    sim_dist = (
        f"multivariate t({model.df:.4g})" if math.isfinite(model.df) else "multivariate normal"
    )
    band = (
        "the prediction band adds the residual variance"
        + (" on the log scale, exponentiated" if model.log_outcome else "")
        if link == "identity" or model.log_outcome
        else "the prediction band simulates a new count at each simulated mean ("
        + {
            "poisson": "Poisson",
            "quasipoisson": "gamma-Poisson with variance φ·μ",
            "negbin": "negative binomial with the fitted alpha",
        }[family]
        + ")"
    )
    return (
        f"simulation: {int(n_sim)} draws of the coefficients from a {sim_dist} with "
        f"{model.cov_name} (numpy default_rng(seed={seed})), percentile intervals; "
        f"p-values by the delta method; counterfactual mean band "
        + ("analytic (t)" if link == "identity" else "Wald on the log scale")
        + f"; {band}"
    )


def _result(
    setup: _Setup,
    model: FittedModel,
    sim: Simulation,
    effects: tuple,
    *,
    family: str,
    se: str,
    alpha: float,
    phase_in: int,
    texts: tuple[str, str],
    names: tuple[str, str, str],
) -> EffectResult:
    """Assemble the EffectResult: coefficients, diagnostics and the descriptions."""
    pidx, s, keep, post = setup.pidx, setup.s, setup.keep, setup.post
    word = period_word(pidx)
    coefs = coefficient_table(
        list(setup.X.columns), model, alpha, model.link, s, pidx, phase_in, setup.further, word
    )
    n_pre_fit = int((~post[keep]).sum())
    checks = its_diagnostics(model, family, se, n_pre_fit, setup.values[~post], sim.fitted[~post])
    indicator, label, unit = names
    joint = seasonal_test(list(setup.X.columns), model)
    return EffectResult(
        design="its",
        indicator=indicator,
        label=label or indicator or "outcome",
        unit=unit,
        model=texts[0],
        family=family,
        se_type=model.se_type,
        start=str(s),
        alpha=float(alpha),
        n_obs=int(keep.sum()),
        n_pre=int(setup.n_pre),
        n_post=int(len(pidx) - setup.n_pre),
        coefficients=coefs,
        effects=effects,
        path=sim.path,
        checks=checks,
        interval_method=texts[1],
        seasonality=seasonality_label(setup.kind, setup.h),
        hac_lag=model.hac_lag,
        notes=tuple(setup.notes),
        r_squared=r_squared(setup.values[keep], setup.X, model),
        joint_tests=(joint,) if joint is not None else (),
        fitted_model=model.fitted_model,
    )


def _effect_window(
    setup: _Setup, horizons: Sequence[int]
) -> tuple[int, np.ndarray, str, Sequence[int]]:
    """``(post-periods with an effect, their mask, the average's label, horizons)``: the
    fitted post-period, or for a pulse only its periods (later horizons dropped, noted)."""
    n_post = len(setup.pidx) - setup.n_pre
    window = setup.post & setup.keep
    if not setup.pulse:
        return n_post, window, "post-period average", horizons
    n_post = int(setup.pulse)
    window = window & (np.arange(len(setup.pidx)) < setup.n_pre + n_post)
    after = [h for h in horizons if isinstance(h, int | np.integer) and h > n_post]
    if after:
        setup.notes.append(
            f"Horizon(s) {', '.join(str(h) for h in after)} fall after the {n_post}-period "
            "pulse, where the modelled effect is zero by construction: dropped."
        )
    kept = [h for h in horizons if h not in after]
    return n_post, window, f"average over the {n_post}-period pulse", kept


def _effects(
    setup: _Setup, sim: Simulation, model: FittedModel, horizons: Sequence[int], alpha: float
) -> tuple:
    """The horizon effects; none (with the note) without an interruption term."""
    if not any(is_interruption_term(c) for c in setup.X_all.columns):
        setup.notes.append(NO_INTERRUPTION_NOTE)
        return ()
    n_post, window, avg_label, horizons = _effect_window(setup, horizons)
    wanted = wanted_horizons(horizons, n_post, setup.notes)
    return horizon_effects(
        sim, wanted, setup.pidx, setup.n_pre, window, model, alpha,
        period_word(setup.pidx), setup.notes, avg_label,
    )  # fmt: skip


# -- the public fit ---------------------------------------------------------------------------


def fit_its(
    y: Any,
    periods: Any,
    start: pd.Period | str,
    *,
    family: str = "gaussian",
    exposure: Any = None,
    seasonality: str = "auto",
    harmonics: int = 2,
    interruptions: Sequence[tuple[str, pd.Period | str]] = (),
    phase_in: int = 0,
    slope_change: bool = True,
    level_change: bool = True,
    pulse: int | None = None,
    covariates: Any = None,
    log: bool = False,
    se: str = "auto",
    hac_lag: int | None = None,
    small_sample: bool = False,
    horizons: Sequence[int] = (6, 12),
    alpha: float = 0.05,
    seed: int = 0,
    n_sim: int = 2000,
    indicator: str = "",
    label: str = "",
    unit: str = "",
) -> EffectResult:
    """Fit a segmented-regression interrupted time series to one series.

    Parameters
    ----------
    y : array-like
        The outcome, one value per period (counts for the count families).
    periods : PeriodIndex
        Consecutive periods of ``y``.
    start : Period or str
        First period of the pilot. Horizon 1 is this period.
    family : {"gaussian", "poisson", "quasipoisson", "negbin"}
        See the module notes; count families have effects as rate ratios.
    exposure : array-like, optional
        Population or other exposure (count families): offset ``log(exposure)``.
    seasonality, harmonics, interruptions, slope_change, level_change
        See :func:`~analysis.numbers.designs.its_design.design_matrix`; with no
        interruption term at all ``effects`` is empty (:data:`NO_INTERRUPTION_NOTE`).
    phase_in : int
        Periods from the start left out of the fit (marked ``excluded`` in the path);
        the level coefficient is then the change at the first fitted post-period.
    pulse : int, optional
        A temporary intervention: the effect lasts ``pulse`` periods from the start
        (one term ``pulse_start``, no step and no slope change at the start); effects
        are reported at horizons inside the pulse and on average over it.
    covariates : DataFrame, optional
        Exogenous regressors, one column each, indexed by period or one row per period
        (:func:`~analysis.numbers.designs.its_design.covariate_frame`); they are kept at
        their observed values in the counterfactual. Missing values are refused.
    log : bool
        Gaussian only: fit log(y) (values > 0); effects are ``exp(d) − 1``, the path is
        back-transformed by ``exp`` (:data:`LOG_NOTE`).
    se : {"auto", "ar1_reml", "hac", "ar1", "ols", "model"}
        Standard errors (module notes): Gaussian ``ar1_reml`` (``auto``), ``hac``,
        ``ar1``, ``ols``; counts ``model`` (``auto``) or ``hac``.
    hac_lag : int, optional
        Newey–West lag; default ``floor(4·(n/100)^(2/9))`` with n fitted periods.
    small_sample : bool
        Newey–West only: multiply by n/(n−k) (Stata ``newey``); default no factor.
        Either way ``se_type`` states which.
    horizons : sequence of int
        Post-periods (1 = the start period) at which effects are reported; horizons
        beyond the data are dropped with a note. The post-period average (horizon 0)
        is always reported.
    alpha : float
        1 − confidence level of every interval.
    seed, n_sim : int
        Effect intervals are percentiles of ``n_sim`` draws of the coefficients
        (``numpy.random.default_rng(seed)``).
    indicator, label, unit : str
        Names carried into the result.

    Returns
    -------
    EffectResult
        ``design='its'``; coefficients (``scale='log'`` for count families), effects at
        the horizons and on average, the observed/fitted/counterfactual path with
        confidence and prediction bands, diagnostics in ``checks``, the statsmodels
        results in ``fitted_model``.

    Raises
    ------
    AnalysisError
        Missing values, all zeros, a constant series, negative counts, the start in the
        first period or outside the data, too few pre-periods (8 + one per seasonal
        term; seasonal terms need two full years), terms that cannot be separated, or a
        model that does not converge.

    Notes
    -----
    Effects are model-based (fitted − counterfactual, the same coefficients); the path's
    ``effect`` is observed − counterfactual, its interval the prediction band.
    """
    se = _check_options(family, se, alpha, n_sim, hac_lag)
    setup = _setup(
        y, periods, start, family=family, exposure=exposure, seasonality=seasonality,
        harmonics=harmonics, interruptions=interruptions, phase_in=phase_in,
        slope_change=slope_change, se=se, hac_lag=hac_lag, pulse=pulse, covariates=covariates,
        level_change=level_change,
    )  # fmt: skip
    model = _fit_on_scale(setup, family, se, hac_lag, small_sample, log)
    sim = simulate_path(
        setup.X_all, model, family, setup.offset_all, setup.values, setup.post,
        setup.excluded, alpha=alpha, seed=seed, n_sim=n_sim, unit=unit,
    )  # fmt: skip
    effects = _effects(setup, sim, model, horizons, alpha)
    texts = (
        _model_text(setup, family, slope_change, exposure, level_change),
        _interval_text(model, family, n_sim, seed),
    )
    return _result(
        setup, model, sim, effects, family=family, se=se, alpha=alpha, phase_in=phase_in,
        texts=texts, names=(indicator, label, unit),
    )  # fmt: skip


# the panel entry point lives in its own module; imported here so both names stay public
from analysis.numbers.designs.its_panel import fit_its_panel  # noqa: E402
