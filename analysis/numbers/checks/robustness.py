"""Robustness checks of a single-series interrupted time series (ITS).

Two checks, each a :class:`~analysis.core.result.Result` carrying a tidy table and
a :class:`~analysis.results.checks.CheckResult` (``not_applicable`` with a reason when
the check cannot be run, never an exception for a short series):

* :func:`placebo_in_time` -- refit the model with fake start dates inside the
  pre-period (the real post-period dropped) and place the real estimate in the
  distribution of placebo estimates.
* :func:`sensitivity` -- the headline effect across Newey–West lags, model
  families (for counts), error models and seasonal terms; is its sign and
  significance stable?

Both call :func:`analysis.numbers.designs.its.fit_its` for every fit, so they check the
model a report shows, with the options the caller passes through
``**fit_kwargs``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.results.checks import CheckResult
from analysis.results.robustness import (
    PlaceboEstimate,
    PlaceboResult,
    SensitivityResult,
    SensitivityRow,
)

NAN = float("nan")

#: Periods per seasonal cycle by pandas frequency letter.
SEASON_LENGTH = {"M": 12, "Q": 4}

#: Placebo check: the real estimate "stands out" when at most this share of the
#: placebo estimates are at least as large in absolute value.
PLACEBO_THRESHOLD = 0.1

__all__ = [
    "placebo_check",
    "placebo_in_time",
    "sensitivity",
]


# -- helpers shared with analysis.numbers.checks.power ----------------------------------


def as_series(y: Any, periods: Any, start: Any) -> tuple[np.ndarray, pd.PeriodIndex, pd.Period]:
    """Validate and normalise ``(y, periods, start)``.

    Parameters
    ----------
    y : array-like
        The outcome, one value per period.
    periods : PeriodIndex or array-like of periods
        The periods of ``y``, increasing and consecutive.
    start : Period or str
        The first period of the pilot (the interruption).

    Returns
    -------
    tuple
        ``(values as float array, PeriodIndex, start as Period)``.

    Raises
    ------
    AnalysisError
        Lengths differ, periods are not consecutive, or the start is outside them.
    """
    from analysis.numbers.designs.its_design import as_periods

    values = np.asarray(y, dtype=float).ravel()
    pidx = as_periods(periods)  # consecutive, increasing, no NaT
    if len(values) != len(pidx):
        raise AnalysisError(f"y has {len(values)} values but there are {len(pidx)} periods")
    if len(pidx) < 2:
        raise AnalysisError("a time series needs at least two periods")
    s = pd.Period(start, freq=pidx.freq)
    if s <= pidx[0] or s > pidx[-1]:
        raise AnalysisError(
            f"the start {s} must fall after the first period {pidx[0]} and at or before "
            f"the last period {pidx[-1]}"
        )
    return values, pidx, s


def season_length(periods: pd.PeriodIndex) -> int:
    """Periods per seasonal cycle (12 monthly, 4 quarterly, 1 otherwise)."""
    return SEASON_LENGTH.get(periods.freqstr[:1], 1)


def default_min_pre(periods: pd.PeriodIndex) -> int:
    """Pre-periods a (placebo) fit needs by default: two seasonal cycles, at least 8."""
    return max(8, 2 * season_length(periods))


def subset_kwargs(
    fit_kwargs: dict[str, Any], keep: np.ndarray, start: pd.Period, last: pd.Period, n_post: int
) -> dict[str, Any]:
    """``fit_kwargs`` for a fit on ``periods[keep]`` with interruption ``start``.

    Per-period arrays (``exposure``) are cut to the kept periods; further
    interruptions outside ``(first, last]`` or equal to ``start`` are dropped;
    horizons beyond the ``n_post`` post-periods are dropped.
    """
    kw = dict(fit_kwargs)
    if kw.get("exposure") is not None:
        kw["exposure"] = np.asarray(kw["exposure"], dtype=float).ravel()[keep]
    covariates = kw.get("covariates")
    if isinstance(covariates, pd.DataFrame) and not isinstance(covariates.index, pd.PeriodIndex):
        kw["covariates"] = covariates[keep].reset_index(drop=True)
    if kw.get("interruptions"):
        kept = []
        for item in kw["interruptions"]:
            # (name, period) pairs or bare periods: the period is the last element
            when = item[-1] if isinstance(item, tuple | list) else item
            try:
                p = pd.Period(when, freq=start.freq)
            except (TypeError, ValueError):
                kept.append(item)
                continue
            if p != start and p <= last:
                kept.append(item)
        kw["interruptions"] = tuple(kept)
    if "horizons" in kw:
        kw["horizons"] = tuple(h for h in kw["horizons"] if 0 < int(h) <= n_post)
    else:
        kw["horizons"] = tuple(h for h in (6, 12) if h <= n_post)
    return kw


def effect_value(res: Any, horizon: int, scale: str) -> tuple[float, float, float, float]:
    """``(estimate, conf_low, conf_high, p_value)`` of one horizon of an EffectResult.

    ``scale='relative'`` reads the relative effect (a share of the counterfactual),
    ``'absolute'`` the effect in the outcome's units.
    """
    e = res.effect_at(horizon)
    if scale == "relative":
        return (
            float(e.relative_estimate),
            float(e.relative_conf_low),
            float(e.relative_conf_high),
            float(e.p_value),
        )
    if scale == "absolute":
        return float(e.estimate), float(e.conf_low), float(e.conf_high), float(e.p_value)
    raise AnalysisError(f"scale '{scale}' is not one of relative, absolute")


def _fit(y: np.ndarray, periods: pd.PeriodIndex, start: pd.Period, **kw: Any) -> Any:
    from analysis.numbers.designs.its import fit_its

    return fit_its(y, periods, start, **kw)


def _pct(x: float, scale: str) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x * 100:+.1f}%" if scale == "relative" else f"{x:+.4g}"


# -- placebo in time ----------------------------------------------------------------------


def _candidate_positions(
    n_pre: int, n_post: int, min_pre: int, min_post: int, n_placebos: int | None
) -> list[int]:
    """Fake-start positions k (number of periods before the fake start)."""
    ks = list(range(min_pre, n_pre - min_post + 1))
    if n_placebos is not None and 0 < n_placebos < len(ks):
        picks = np.unique(np.round(np.linspace(0, len(ks) - 1, n_placebos)).astype(int))
        ks = [ks[i] for i in picks]
    return ks


def placebo_in_time(
    y: Any,
    periods: Any,
    start: Any,
    *,
    n_placebos: int | None = None,
    min_pre: int | None = None,
    min_post: int | None = None,
    horizon: int = 0,
    scale: str = "relative",
    threshold: float = PLACEBO_THRESHOLD,
    **fit_kwargs: Any,
) -> PlaceboResult:
    """Placebo-in-time check of a single-series ITS.

    The real post-period is dropped; for each fake start inside the pre-period
    the model is refitted on the pre-period data up to the end of a fake post
    window, with the same options (``fit_kwargs``). The fake post window has the
    real post-period's length where the pre-period allows, else what is left
    (at least ``min_post`` periods). The real estimate is then ranked among the
    placebo estimates by absolute value.

    Parameters
    ----------
    y : array-like
        The outcome, one value per period (pre and post).
    periods : PeriodIndex
        Consecutive periods of ``y``.
    start : Period or str
        The real start (first post-period).
    n_placebos : int, optional
        Use this many fake starts, evenly spread over the admissible ones
        (default: every admissible start).
    min_pre : int, optional
        Periods before a fake start (default two seasonal cycles, at least 8).
    min_post : int, optional
        Shortest fake post window (default the real post length, capped at half
        a seasonal cycle and at least 3).
    horizon : int
        Which effect: 0 (default) the post-period average, h > 0 the h-th
        post-period (placebo windows shorter than h are skipped).
    scale : {"relative", "absolute"}
        Compare relative effects (default) or effects in the outcome's units.
    threshold : float
        The check passes when at most this share of placebo estimates are at
        least as large in absolute value as the real one.
    **fit_kwargs
        Passed to :func:`analysis.numbers.designs.its.fit_its` for every fit (family,
        seasonality, se, exposure -- cut to each window -- ...). With
        ``seasonality='auto'`` the placebo fits use the seasonal terms the real
        fit chose, so every fit is the same model.

    Returns
    -------
    PlaceboResult
        ``check.status``: ``pass`` (the real estimate stands out), ``warn``
        (placebo estimates as large are common, or the placebo intervals are
        miscalibrated: more exclude zero than chance allows), ``info`` (not
        informative: the smallest attainable p, 1/(n_placebos + 1), is not below
        ``alpha`` = ``fit_kwargs['alpha']``, default 0.05) or ``not_applicable``
        (the pre-period is too short for any placebo, or no placebo could be
        fitted). ``check.values`` holds ``rank`` (1 = the real estimate is the
        largest in absolute value), ``n_placebos``, ``share_as_large``,
        ``n_placebo_significant``, ``real_estimate``, ``alpha``,
        ``min_attainable_p``, ``informative`` (1/0),
        ``expected_placebo_significant`` (n·alpha), ``miscalibration_p`` (binomial
        tail) and ``miscalibrated`` (1/0); ``check.p_value`` is the rank-based
        ``(1 + #as large) / (1 + n_placebos)``.

    Raises
    ------
    AnalysisError
        Invalid input, or the real model cannot be fitted.
    """
    values, pidx, s = as_series(y, periods, start)
    name = "placebo_in_time"
    what = _quantity_text(scale, horizon)
    label = f"Placebo-in-time ({what})"
    n_pre = int((pidx < s).sum())
    n_post = len(pidx) - n_pre
    min_pre = default_min_pre(pidx) if min_pre is None else int(min_pre)
    if min_post is None:
        min_post = min(n_post, max(3, season_length(pidx) // 2))
    min_post = max(
        int(min_post),
        1,
        horizon,
        int(fit_kwargs.get("phase_in", 0) or 0) + 1,
        int(fit_kwargs.get("pulse", 0) or 0),  # a placebo window holds the whole pulse
    )
    real, placebo_kw = _real_estimate(values, pidx, s, horizon, scale, fit_kwargs)

    def result(placebos: tuple, check: CheckResult, skipped: tuple = ()) -> PlaceboResult:
        return PlaceboResult(
            quantity=what,
            scale=scale,
            horizon=horizon,
            real=real,
            placebos=placebos,
            check=check,
            skipped=skipped,
        )

    ks = _candidate_positions(n_pre, n_post, min_pre, min_post, n_placebos)
    if not ks:
        reason = (
            f"the pre-period has {n_pre} periods; a placebo start needs {min_pre} "
            f"periods before it and {min_post} after it, all before the real "
            f"start {s}"
        )
        return result((), CheckResult.not_applicable(name, label, reason))
    placebos, skipped = _placebo_estimates(
        values, pidx, ks, n_pre, n_post, horizon, scale, placebo_kw
    )
    if not placebos:
        reason = f"no placebo model could be fitted ({skipped[0] if skipped else ''})"
        return result((), CheckResult.not_applicable(name, label, reason), tuple(skipped))
    alpha = float(fit_kwargs.get("alpha", 0.05))
    check = placebo_check(name, label, real, placebos, threshold, scale, alpha)
    return result(tuple(placebos), check, tuple(skipped))


def _quantity_text(scale: str, horizon: int) -> str:
    """What a check compares, e.g. 'relative effect, post-period average'."""
    return ("relative effect" if scale == "relative" else "effect") + (
        ", post-period average" if horizon == 0 else f" at post-period {horizon}"
    )


def _real_estimate(
    values: np.ndarray,
    pidx: pd.PeriodIndex,
    s: pd.Period,
    horizon: int,
    scale: str,
    fit_kwargs: dict[str, Any],
) -> tuple[PlaceboEstimate, dict[str, Any]]:
    """The real fit's estimate, and the placebo fits' options (with the real fit's
    seasonal terms instead of their own 'auto' choice, so every fit is the same model)."""
    n_pre = int((pidx < s).sum())
    real_kw = dict(fit_kwargs)
    if horizon > 0:
        real_kw["horizons"] = tuple(sorted({*real_kw.get("horizons", (6, 12)), horizon}))
    real_res = _fit(values, pidx, s, **real_kw)
    fixed = _resolved_seasonality(real_res.seasonality)
    placebo_kw = dict(fit_kwargs)
    if fixed is not None and placebo_kw.get("seasonality", "auto") == "auto":
        placebo_kw.update(fixed)
    est, lo, hi, p = effect_value(real_res, horizon, scale)
    real = PlaceboEstimate(
        role="real",
        start=str(s),
        n_pre=n_pre,
        n_post=len(pidx) - n_pre,
        estimate=est,
        conf_low=lo,
        conf_high=hi,
        p_value=p,
    )
    return real, placebo_kw


def _placebo_estimates(
    values: np.ndarray,
    pidx: pd.PeriodIndex,
    ks: list[int],
    n_pre: int,
    n_post: int,
    horizon: int,
    scale: str,
    placebo_kw: dict[str, Any],
) -> tuple[list[PlaceboEstimate], list[str]]:
    """One refit per fake start position ``k`` on the data before the real start;
    ``(estimates, skipped starts with the reason)``."""
    placebos: list[PlaceboEstimate] = []
    skipped: list[str] = []
    for k in ks:
        window = min(n_post, n_pre - k)
        end = k + window
        keep = np.zeros(len(pidx), dtype=bool)
        keep[:end] = True
        fake = pidx[k]
        kw = subset_kwargs(placebo_kw, keep, fake, pidx[end - 1], window)
        kw["horizons"] = (horizon,) if horizon > 0 else ()
        try:
            res = _fit(values[:end], pidx[:end], fake, **kw)
            e, elo, ehi, ep = effect_value(res, horizon, scale)
        except (AnalysisError, KeyError, ValueError, np.linalg.LinAlgError) as exc:
            skipped.append(f"{fake}: {exc}")
            continue
        placebos.append(
            PlaceboEstimate(
                role="placebo",
                start=str(fake),
                n_pre=k,
                n_post=window,
                estimate=e,
                conf_low=elo,
                conf_high=ehi,
                p_value=ep,
            )
        )
    return placebos, skipped


def _resolved_seasonality(label: str) -> dict[str, Any] | None:
    """``fit_its`` keyword arguments reproducing a fit's seasonal terms from its label
    (``none``, ``dummies``, ``fourier(2)``), or None if the label is not understood."""
    text = str(label).strip().lower()
    if text in ("none", "dummies"):
        return {"seasonality": text}
    if text.startswith("fourier(") and text.endswith(")") and text[8:-1].isdigit():
        return {"seasonality": "fourier", "harmonics": int(text[8:-1])}
    return None


def placebo_check(
    name: str,
    label: str,
    real: PlaceboEstimate,
    placebos: Sequence[PlaceboEstimate],
    threshold: float,
    scale: str,
    alpha: float = 0.05,
) -> CheckResult:
    """The rank of the real estimate among the placebos, whether the check can say
    anything at all, and whether the placebo intervals are calibrated.

    * *Not informative* (status ``info``) when the smallest attainable rank p,
      1/(n + 1), is not below ``alpha`` and no more than ``threshold`` of the placebos
      are as large: with 4 placebo starts the best the real estimate can do is p = 0.2,
      so ranking first is no evidence ("pass" would say it is).
    * *Miscalibrated* (status ``warn``) when more placebo intervals exclude zero than
      chance allows: under no effect each does so with probability ``alpha``; the
      check warns when the binomial tail P(X ≥ observed | n, alpha) is below ``alpha``
      (5 of 11 where 0.55 are expected): the model's intervals are too narrow for this
      series. The placebo windows overlap, so the tail is a guide, not an exact test.
    * ``warn`` when more than ``threshold`` of the placebos are as large as the real
      estimate (evidence however few placebos there are); otherwise ``pass``.
    """
    from scipy import stats

    est = np.array([p.estimate for p in placebos], dtype=float)
    n = len(est)
    size = abs(real.estimate)
    as_large = int((np.abs(est) >= size).sum())
    rank = 1 + int((np.abs(est) > size).sum())
    share = as_large / n
    n_sig = sum(p.excludes_zero for p in placebos)
    p_rank = (1 + as_large) / (1 + n)
    min_p = 1 / (1 + n)
    informative = min_p < alpha
    expected = n * alpha
    tail = float(stats.binom.sf(n_sig - 1, n, alpha)) if n_sig else 1.0
    miscalibrated = n_sig > expected and tail < alpha
    values = (
        ("rank", float(rank)),
        ("n_placebos", float(n)),
        ("share_as_large", share),
        ("n_placebo_significant", float(n_sig)),
        ("real_estimate", real.estimate),
        ("placebo_min", float(est.min())),
        ("placebo_max", float(est.max())),
        ("alpha", float(alpha)),
        ("min_attainable_p", min_p),
        ("informative", float(informative)),
        ("expected_placebo_significant", expected),
        ("miscalibration_p", tail),
        ("miscalibrated", float(miscalibrated)),
    )
    spread = f"placebo estimates range from {_pct(est.min(), scale)} to {_pct(est.max(), scale)}"
    sig = (
        f"; {n_sig} of {n} placebo intervals exclude zero where {expected:.2g} would by "
        f"chance at alpha {alpha:g} (spurious 'effects')"
        if n_sig
        else "; no placebo interval excludes zero"
    )
    head = (
        f"The real estimate ({_pct(real.estimate, scale)}) ranks {rank} of {n + 1} by "
        f"size among {n} placebo start(s); {as_large} placebo(s) are at least as large "
        f"({spread}{sig})."
    )
    notes = []
    # as-large placebos are evidence however few there are; too few can never show that
    # the estimate stands out, so "pass" needs an attainable p below alpha
    status = "warn" if miscalibrated or share > threshold else "info" if not informative else "pass"
    if miscalibrated:
        notes.append(
            " The placebo intervals are miscalibrated: too many exclude zero at dates with "
            "no pilot, so the model's own interval overstates its precision."
        )
    if not informative and share <= threshold:
        notes.append(
            f" Not informative: with {n} placebo start(s) the smallest attainable p is "
            f"{min_p:.2g}, not below alpha {alpha:g}, so ranking first would not show that "
            "the estimate stands out."
        )
    elif status == "pass":
        notes.append(" The estimate stands out from the series' usual variation.")
    if share > threshold:
        notes.append(
            " Shifts this large occur at fake start dates too: the estimate "
            "cannot be told apart from the series' usual variation."
        )
    return CheckResult(
        name=name,
        label=label,
        status=status,
        detail=head + "".join(notes),
        statistic=share,
        p_value=p_rank,
        threshold=threshold,
        values=values,
    )


# -- sensitivity ----------------------------------------------------------------------------


def _is_count(values: np.ndarray) -> bool:
    finite = values[np.isfinite(values)]
    return (
        bool(finite.size)
        and bool((finite >= 0).all())
        and bool(np.allclose(finite, np.round(finite)))
    )


def _describe(kw: dict[str, Any]) -> tuple[str, str, str]:
    return (
        str(kw.get("family", "gaussian")),
        str(kw.get("se", "auto")),
        str(kw.get("seasonality", "auto")),
    )


def sensitivity(
    y: Any,
    periods: Any,
    start: Any,
    *,
    horizon: int = 0,
    scale: str = "relative",
    max_lag: int | None = None,
    families: Sequence[str] | None = None,
    seasonalities: Sequence[str] = ("none", "dummies", "fourier"),
    ses: Sequence[str] | None = None,
    **fit_kwargs: Any,
) -> SensitivityResult:
    """The headline ITS effect across specifications.

    Refits :func:`~analysis.numbers.designs.its.fit_its` with, one dimension at a time
    (all other options as in ``fit_kwargs``):

    * Newey–West lags ``0 .. max(6, rule)`` (``se='hac'``; for count families the
      Newey–West sandwich of the quasi-likelihood scores),
    * standard-error models: ``hac``, ``ar1``, ``ols`` (Gaussian) or ``model``,
      ``hac`` (count families),
    * families ``gaussian``, ``quasipoisson``, ``negbin`` (count data only; the
      Gaussian model of a series with ``exposure`` models the rate
      ``y / exposure``),
    * seasonality ``none``, ``dummies``, ``fourier``.

    Parameters
    ----------
    y, periods, start
        The series, its periods and the real start (see :func:`placebo_in_time`).
    horizon : int
        0 (default) the post-period average, h > 0 the h-th post-period.
    scale : {"relative", "absolute"}
        Which effect to compare.
    max_lag : int, optional
        Largest Newey–West lag (default ``max(6, rule lag)``).
    families : sequence of str, optional
        Families to try (default ``gaussian, quasipoisson, negbin`` for counts --
        non-negative integers -- and none otherwise).
    seasonalities : sequence of str
        Seasonal terms to try.
    ses : sequence of str, optional
        Standard-error models to try (default ``hac, ar1, ols`` for the Gaussian
        family, ``model, hac`` for count families).
    **fit_kwargs
        The baseline specification, passed to ``fit_its``.

    Returns
    -------
    SensitivityResult
        ``rows[0]`` is the baseline; ``check.status`` is ``pass`` (sign and
        significance the same in every fitted specification), ``warn``
        (significance, or the sign of an interval that includes zero, changes),
        ``fail`` (intervals excluding zero on both sides of zero), or
        ``not_applicable`` when the baseline cannot be fitted.
    """
    values, pidx, s = as_series(y, periods, start)
    what = _quantity_text(scale, horizon)
    label = f"Sensitivity of the {what}"
    base_kw = dict(fit_kwargs)

    def row(dimension: str, setting: str, kw: dict[str, Any]) -> tuple[SensitivityRow, Any]:
        return _sensitivity_row(values, pidx, s, horizon, scale, dimension, setting, kw)

    base_row, base_res = row("baseline", "as specified", base_kw)
    if base_res is None:
        check = CheckResult.not_applicable(
            "sensitivity", label, f"the baseline model cannot be fitted: {base_row.error}"
        )
        return SensitivityResult(
            quantity=what, scale=scale, horizon=horizon, rows=(base_row,), check=check
        )
    rule = base_res.hac_lag
    if rule is None:
        _, probe = row("probe", "", {**base_kw, "se": "hac", "hac_lag": None})
        rule = probe.hac_lag if probe is not None else None
    specs = _specifications(
        base_kw,
        rule,
        _is_count(values),
        max_lag=max_lag,
        ses=ses,
        families=families,
        seasonalities=seasonalities,
    )
    rows = [base_row] + [row(*spec)[0] for spec in specs]
    check = _sensitivity_check(label, rows, scale)
    return SensitivityResult(
        quantity=what, scale=scale, horizon=horizon, rows=tuple(rows), check=check
    )


def _sensitivity_row(
    values: np.ndarray,
    pidx: pd.PeriodIndex,
    s: pd.Period,
    horizon: int,
    scale: str,
    dimension: str,
    setting: str,
    kw: dict[str, Any],
) -> tuple[SensitivityRow, Any]:
    """The effect under one specification: ``(row, fit)``, the fit None when it failed."""
    fam, se, season = _describe(kw)
    lag = kw.get("hac_lag")
    outcome = values
    if fam == "gaussian" and kw.get("exposure") is not None:
        # a Gaussian model has no offset: it models the rate (relative effects compare)
        kw = dict(kw)
        outcome = values / np.asarray(kw.pop("exposure"), dtype=float).ravel()
    try:
        res = _fit(outcome, pidx, s, **kw)
        e, lo, hi, p = effect_value(res, horizon, scale)
    except (AnalysisError, KeyError, ValueError, np.linalg.LinAlgError) as exc:
        return SensitivityRow(
            dimension=dimension,
            setting=setting,
            family=fam,
            se=se,
            seasonality=season,
            hac_lag=lag,
            error=str(exc),
        ), None
    return SensitivityRow(
        dimension=dimension,
        setting=setting,
        family=fam,
        se=se,
        seasonality=season,
        hac_lag=res.hac_lag if lag is None else int(lag),
        estimate=e,
        conf_low=lo,
        conf_high=hi,
        p_value=p,
    ), res


def _specifications(
    base_kw: dict[str, Any],
    rule: int | None,
    is_count: bool,
    *,
    max_lag: int | None,
    ses: Sequence[str] | None,
    families: Sequence[str] | None,
    seasonalities: Sequence[str],
) -> list[tuple[str, str, dict[str, Any]]]:
    """``(dimension, setting, fit options)`` of every specification after the baseline:
    Newey–West lags, error models, families (counts), seasonal terms."""
    specs: list[tuple[str, str, dict[str, Any]]] = []
    top = max(6, int(rule or 0)) if max_lag is None else int(max_lag)
    for lag in range(top + 1):
        setting = f"lag {lag}" + (" (rule)" if lag == rule else "")
        specs.append(("hac_lag", setting, {**base_kw, "se": "hac", "hac_lag": lag}))
    base_family = str(base_kw.get("family", "gaussian"))
    if ses is None:
        ses = ("hac", "ar1", "ols") if base_family == "gaussian" else ("model", "hac")
    for se in ses:
        kw = {**base_kw, "se": se}
        if se != "hac":
            kw.pop("hac_lag", None)
        specs.append(("se", se, kw))
    fams = (
        families
        if families is not None
        else (("gaussian", "quasipoisson", "negbin") if is_count else ())
    )
    for fam in fams:
        kw = {**base_kw, "family": fam}
        gaussian_only, count_only = ("ar1", "ols"), ("model",)
        if kw.get("se") in (count_only if fam == "gaussian" else gaussian_only):
            kw.pop("se")  # that error model does not exist for this family: its default
        specs.append(("family", fam, kw))
    for season in seasonalities:
        specs.append(("seasonality", season, {**base_kw, "seasonality": season}))
    return specs


def _sensitivity_check(label: str, rows: Sequence[SensitivityRow], scale: str) -> CheckResult:
    base = rows[0]
    fitted = [r for r in rows if r.fitted]
    n = len(fitted)
    sign = np.sign(base.estimate)
    same_sign = [r for r in fitted if np.sign(r.estimate) == sign]
    same_sig = [r for r in fitted if r.excludes_zero == base.excludes_zero]
    sig_pos = [r for r in fitted if r.conf_low > 0]
    sig_neg = [r for r in fitted if r.conf_high < 0]
    n_failed = len(rows) - n
    ests = np.array([r.estimate for r in fitted])
    values = (
        ("n_specifications", float(n)),
        ("n_same_sign", float(len(same_sign))),
        ("n_same_significance", float(len(same_sig))),
        ("n_not_fitted", float(n_failed)),
        ("estimate_min", float(ests.min())),
        ("estimate_max", float(ests.max())),
    )
    differ = [
        f"{r.dimension} {r.setting}"
        for r in fitted
        if r.excludes_zero != base.excludes_zero or np.sign(r.estimate) != sign
    ]
    text = (
        f"Across {n} specifications the estimate ranges from {_pct(ests.min(), scale)} to "
        f"{_pct(ests.max(), scale)} (baseline {_pct(base.estimate, scale)}); it keeps "
        f"the baseline's sign in {len(same_sign)} and its interval "
        f"{'excludes' if base.excludes_zero else 'includes'} zero, as in the baseline, "
        f"in {len(same_sig)}."
    )
    if differ:
        shown = ", ".join(differ[:6]) + (f" and {len(differ) - 6} more" if len(differ) > 6 else "")
        text += f" Different under: {shown}."
    if n_failed:
        text += f" {n_failed} specification(s) could not be fitted."
    if sig_pos and sig_neg:
        status = "fail"
        text += " Some specifications find a significant increase and others a decrease."
    elif differ:
        status = "warn"
        text += " The conclusion depends on the specification."
    else:
        status = "pass"
        text += " The conclusion does not depend on these choices."
    return CheckResult(
        name="sensitivity",
        label=label,
        status=status,
        detail=text,
        statistic=len(same_sig) / n,
        values=values,
    )
