"""The design matrix of a segmented-regression interrupted time series (ITS).

The model (Lopez Bernal, Cummins & Gasparrini 2017, with the published correction) is

    g(E y_t) = b0 + b1·t + Σ_j [c_j·1{t ≥ t_j} + d_j·(t − t_j)·1{t ≥ t_j}] + seasonal + offset

with ``t = 1..n``, one level term ``c_j`` and one slope term ``d_j`` per interruption
``j`` (the pilot start, plus any milestones). The post-period slope is always counted
**from the interruption**, ``(t − t_j)·post``, never ``t·post``.

This module owns the periods, interruptions and seasonal terms of that model:
:func:`design_matrix`, and the checks of periods and starts that the ITS fit
(:mod:`analysis.numbers.designs.its`) and its robustness refits share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError

__all__ = [
    "COUNT_FAMILIES",
    "FAMILIES",
    "MIN_PRE_PERIODS",
    "SEASONALITIES",
    "SEASON_CYCLES",
    "as_period",
    "as_periods",
    "clean_name",
    "covariate_frame",
    "cycle_length",
    "design_matrix",
    "freq_code",
    "is_interruption_term",
    "is_seasonal_term",
    "parse_interruptions",
    "period_word",
    "resolve_seasonality",
    "seasonal_columns",
    "seasonality_label",
]

FAMILIES = ("gaussian", "poisson", "quasipoisson", "negbin")
COUNT_FAMILIES = ("poisson", "quasipoisson", "negbin")
SEASONALITIES = ("auto", "none", "dummies", "fourier")
#: Pre-periods a fit needs before its first interruption, on top of one per seasonal term:
#: the pre-period carries the trend that is extrapolated, so it needs clearly more
#: observations than the 2 trend terms plus the seasonal ones.
MIN_PRE_PERIODS = 8
#: Seasonal terms are only separable from the trend with two full cycles before the start.
SEASON_CYCLES = 2

_SEASON_LENGTH = {"M": 12, "Q": 4}
#: Names of the model's own terms: a covariate may not take one (its column would be read
#: as a seasonal or an interruption term).
_SEASONAL_TERM = re.compile(r"^(season_\d+|sin\d+|cos\d+)$")
_RESERVED_TERM = re.compile(
    r"^(const|time|post_trend|(level|slope|pulse)_.*|season_\d+|(sin|cos)\d+)$"
)
_PERIOD_WORD = {"M": "month", "Q": "quarter", "Y": "year", "A": "year"}


# -- periods, interruptions, seasonal terms ---------------------------------------------------


def freq_code(periods: pd.PeriodIndex) -> str:
    return periods.freqstr[:1].upper()


def cycle_length(periods: pd.PeriodIndex) -> int | None:
    return _SEASON_LENGTH.get(freq_code(periods))


def period_word(periods: pd.PeriodIndex) -> str:
    return _PERIOD_WORD.get(freq_code(periods), "period")


def as_periods(periods: Any) -> pd.PeriodIndex:
    """Periods as a PeriodIndex that is consecutive, increasing and has no NaT (shared by
    the ITS fit and the robustness refits so both refuse the same inputs)."""
    if isinstance(periods, pd.PeriodIndex):
        pidx = periods
    else:
        try:
            pidx = pd.PeriodIndex(list(periods))
        except (TypeError, ValueError) as exc:
            raise AnalysisError(
                f"periods must be a pandas PeriodIndex (or periods it can be built from): {exc}"
            ) from None
    if len(pidx) == 0:
        raise AnalysisError("the series has no periods")
    if pidx.hasnans:
        raise AnalysisError("the periods contain a missing value (NaT)")
    steps = np.diff(pidx.asi8)
    if (steps != 1).any():
        bad = int(np.flatnonzero(steps != 1)[0])
        raise AnalysisError(
            f"periods must be consecutive and increasing; {pidx[bad]} is followed by "
            f"{pidx[bad + 1]} (fill the gap or fit the periods separately)"
        )
    return pidx


def as_period(when: Any, periods: pd.PeriodIndex, what: str) -> pd.Period:
    try:
        p = pd.Period(when, freq=periods.freq)
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"{what} '{when}' is not a period: {exc}") from None
    if p < periods[0] or p > periods[-1]:
        raise AnalysisError(f"{what} {p} is outside the data ({periods[0]} to {periods[-1]})")
    if p == periods[0]:
        raise AnalysisError(
            f"{what} {p} is the first period of the data: there is no pre-period to "
            "estimate the trend from"
        )
    return p


def clean_name(name: Any) -> str:
    text = re.sub(r"[^0-9a-zA-Z_]+", "_", str(name)).strip("_").lower()
    return text or "interruption"


def parse_interruptions(
    interruptions: Any, periods: pd.PeriodIndex, start: pd.Period
) -> list[tuple[str, pd.Period]]:
    """Validated ``[(name, period), ...]`` of the further interruptions, in time order."""
    out: list[tuple[str, pd.Period]] = []
    for item in interruptions or ():
        if isinstance(item, tuple | list) and len(item) == 2:
            name, when = item
        else:
            name, when = None, item
        p = as_period(when, periods, f"interruption '{name or when}'")
        label = clean_name(name if name is not None else f"p{p}")
        if label == "start":
            raise AnalysisError("the interruption name 'start' is reserved for the pilot start")
        if p == start:
            raise AnalysisError(
                f"interruption '{label}' ({p}) falls on the start: its terms would equal "
                "the start's; leave it out"
            )
        if any(label == n for n, _ in out):
            raise AnalysisError(f"two interruptions are named '{label}'")
        if any(p == q for _, q in out):
            raise AnalysisError(f"two interruptions fall on {p}; keep one")
        out.append((label, p))
    return sorted(out, key=lambda x: x[1])


def resolve_seasonality(
    seasonality: str, harmonics: int, periods: pd.PeriodIndex, n_pre: int
) -> tuple[str, int, str]:
    """``(kind, harmonics, why)`` with kind none | dummies | fourier."""
    if seasonality not in SEASONALITIES:
        raise AnalysisError(f"seasonality '{seasonality}' is not one of {', '.join(SEASONALITIES)}")
    length = cycle_length(periods)
    if seasonality == "auto":
        if length == 12:
            if not isinstance(harmonics, int | np.integer) or not 1 <= harmonics <= 6:
                raise AnalysisError(
                    f"harmonics must be a whole number from 1 to 6 for monthly data, got "
                    f"{harmonics!r}"
                )
            need = SEASON_CYCLES * 12
            if n_pre >= need:
                return (
                    "fourier",
                    harmonics,
                    (
                        f"seasonality 'auto': Fourier terms ({harmonics} pair(s)) because the "
                        f"monthly series has {n_pre} pre-periods (≥ {need})"
                    ),
                )
            return (
                "none",
                0,
                (
                    f"seasonality 'auto': none, because the monthly series has only {n_pre} "
                    f"pre-periods (Fourier terms need {need})"
                ),
            )
        if length == 4:
            need = SEASON_CYCLES * 4
            if n_pre >= need:
                return (
                    "dummies",
                    0,
                    (f"seasonality 'auto': quarter dummies ({n_pre} pre-periods ≥ {need})"),
                )
            return (
                "none",
                0,
                (
                    f"seasonality 'auto': none, because the quarterly series has "
                    f"only {n_pre} pre-periods (quarter dummies need {need})"
                ),
            )
        return "none", 0, f"seasonality 'auto': none ({period_word(periods)}ly data)"
    if seasonality == "none":
        return "none", 0, "seasonality 'none'"
    if length is None:
        raise AnalysisError(
            f"seasonality '{seasonality}' needs monthly or quarterly periods; these are "
            f"'{periods.freqstr}' ({period_word(periods)}ly data have no season): use "
            "seasonality='none'"
        )
    if seasonality == "fourier":
        top = length // 2
        if not isinstance(harmonics, int | np.integer) or not 1 <= harmonics <= top:
            raise AnalysisError(
                f"harmonics must be a whole number from 1 to {top} for "
                f"{period_word(periods)}ly data, got {harmonics!r}"
            )
        return "fourier", int(harmonics), f"seasonality 'fourier' ({harmonics} pair(s))"
    return "dummies", 0, "seasonality 'dummies'"


def seasonal_columns(periods: pd.PeriodIndex, kind: str, harmonics: int) -> dict[str, np.ndarray]:
    if kind == "none":
        return {}
    length = cycle_length(periods)
    assert length is not None
    pos = np.asarray(periods.month if length == 12 else periods.quarter, dtype=float)
    cols: dict[str, np.ndarray] = {}
    if kind == "dummies":
        for s in range(2, length + 1):
            cols[f"season_{s}"] = (pos == s).astype(float)
        return cols
    for h in range(1, harmonics + 1):
        angle = 2.0 * np.pi * h * pos / length
        if 2 * h < length:  # at the Nyquist harmonic the sine is identically zero
            cols[f"sin{h}"] = np.sin(angle)
        cols[f"cos{h}"] = np.cos(angle)
    return cols


def seasonality_label(kind: str, harmonics: int) -> str:
    return f"fourier({harmonics})" if kind == "fourier" else kind


def is_seasonal_term(name: str) -> bool:
    """A seasonal column of :func:`design_matrix` (``season_2``, ``sin1``, ``cos2`` ...)."""
    return bool(_SEASONAL_TERM.match(str(name)))


def is_interruption_term(name: str) -> bool:
    """A term of an interruption (level, slope or pulse): set to 0 in the counterfactual."""
    return str(name).startswith(("level_", "slope_", "pulse_"))


# -- exogenous covariates ---------------------------------------------------------------------


def covariate_frame(covariates: Any, periods: pd.PeriodIndex) -> pd.DataFrame:
    """The covariates as a numeric frame indexed by ``periods`` (one column per covariate).

    ``covariates`` is a DataFrame (or a mapping of name → values, or a named Series):
    indexed by periods of the series' frequency (aligned by period) or with one row per
    period in order. Refused: periods without a row, missing or non-numeric values (the
    column and periods are named), names of the model's own terms, duplicate names.
    """
    if covariates is None:
        return pd.DataFrame(index=periods)
    if isinstance(covariates, pd.Series):
        covariates = covariates.to_frame(name=covariates.name or "covariate")
    if not isinstance(covariates, pd.DataFrame):
        try:
            covariates = pd.DataFrame(dict(covariates))
        except (TypeError, ValueError) as exc:
            raise AnalysisError(
                f"covariates must be a DataFrame with one column per covariate: {exc}"
            ) from None
    frame = covariates.copy()
    names = [str(c) for c in frame.columns]
    if len(set(names)) < len(names):
        raise AnalysisError("two covariates have the same name: " + ", ".join(names))
    bad = [c for c in names if _RESERVED_TERM.match(c)]
    if bad:
        raise AnalysisError(
            f"covariate name(s) {', '.join(bad)} are the model's own term names "
            "(const, time, level_*, slope_*, pulse_*, season_*, sin*, cos*): rename them"
        )
    frame.columns = names
    if isinstance(frame.index, pd.PeriodIndex):
        try:
            idx = pd.PeriodIndex(frame.index, freq=periods.freq)
        except (TypeError, ValueError) as exc:
            raise AnalysisError(
                f"the covariates' periods do not match the series': {exc}"
            ) from None
        frame.index = idx
        absent = periods.difference(idx)
        if len(absent):
            raise AnalysisError(
                f"the covariates have no row for {len(absent)} period(s) of the series: "
                + ", ".join(str(p) for p in absent[:8])
                + (" ..." if len(absent) > 8 else "")
            )
        frame = frame[~frame.index.duplicated(keep="first")].reindex(periods)
    elif len(frame) != len(periods):
        raise AnalysisError(
            f"the covariates have {len(frame)} rows for {len(periods)} periods: give one row "
            "per period (or index them by period)"
        )
    else:
        frame.index = periods
    for col in names:
        values = pd.to_numeric(frame[col], errors="coerce")
        text = frame[col].notna() & values.isna()
        if text.any():
            where = ", ".join(str(p) for p in periods[text.to_numpy()][:8])
            raise AnalysisError(f"covariate '{col}' is not a number at {where}")
        missing = ~np.isfinite(values.to_numpy(float))
        if missing.any():
            where = ", ".join(str(p) for p in periods[missing][:8])
            more = f" and {int(missing.sum()) - 8} more" if missing.sum() > 8 else ""
            raise AnalysisError(
                f"covariate '{col}' is missing at {int(missing.sum())} period(s): {where}{more}; "
                "a trend model needs the covariate in every period (fill it from the source)"
            )
        frame[col] = values.astype(float)
    return frame


# -- the design matrix ------------------------------------------------------------------------


def design_matrix(
    periods: pd.PeriodIndex,
    start: pd.Period | str,
    *,
    seasonality: str = "auto",
    harmonics: int = 2,
    interruptions: Sequence[tuple[str, pd.Period | str]] = (),
    phase_in: int = 0,
    slope_change: bool = True,
    pulse: int | None = None,
    covariates: Any = None,
    level_change: bool = True,
) -> pd.DataFrame:
    """Segmented-regression design matrix of an interrupted time series.

    One row per period (all periods, including any phase-in periods a fit will
    leave out), so the same matrix gives the fitted values, the counterfactual
    (interruption columns set to 0) and the batch fits of many series.

    Parameters
    ----------
    periods : PeriodIndex
        Consecutive periods of the series (monthly, quarterly or yearly).
    start : Period or str
        The first period of the pilot (the interruption). Must fall after the
        first period and at or before the last.
    seasonality : {"auto", "none", "dummies", "fourier"}
        ``"dummies"``: one indicator per month/quarter but the first
        (``season_2`` ...). ``"fourier"``: ``harmonics`` sin/cos pairs of the
        position in the year (``sin1, cos1, ...``; period = periods per year;
        the sine of the Nyquist harmonic is dropped, being identically 0).
        ``"auto"``: Fourier with ``harmonics`` pairs for monthly data with at
        least 24 pre-periods, quarter dummies for quarterly data with at least
        8, otherwise none; yearly data never have seasonal terms.
    harmonics : int
        Fourier pairs (1..6 monthly, 1..2 quarterly).
    interruptions : sequence of (name, period)
        Further interruptions (milestones), each with its own level and slope
        terms ``level_<name>``, ``slope_<name>``.
    phase_in : int
        Periods from the start that a fit leaves out. Here it only moves the
        origin of ``slope_start`` to the end of the phase-in, so that the
        coefficient of ``level_start`` is the change at the first fitted
        post-period. Fitted values are the same either way.
    slope_change : bool
        Include the slope terms (a change in trend as well as in level).
    level_change : bool
        Include ``level_start`` (default). False drops it (further interruptions keep
        theirs); with ``slope_change=False``, no pulse and no further interruptions the
        matrix has no interruption term: a trend regression.
    pulse : int, optional
        A temporary intervention: the start gets one term ``pulse_start`` (1 in the
        ``pulse`` periods from the start, 0 elsewhere) instead of ``level_start`` and
        ``slope_start``; further interruptions keep their level and slope terms.
    covariates : DataFrame, optional
        Exogenous regressors, one column each, aligned to ``periods``
        (:func:`covariate_frame`); appended last and kept at their observed values in
        the counterfactual.

    Returns
    -------
    DataFrame
        Indexed by ``periods``, columns ``const``, ``time`` (1..n),
        ``level_start`` (1 from the start), ``slope_start`` ((t − t0)·post,
        counted from the interruption — never time·post), the same pair per
        further interruption, then the seasonal columns, then the covariates.

    Raises
    ------
    AnalysisError
        Periods not consecutive; start or an interruption in the first period or
        outside the data; seasonal terms asked of yearly data; bad harmonics or
        phase-in. Minimum series lengths are checked by :func:`fit_its`.
    """
    pidx = as_periods(periods)
    s = as_period(start, pidx, "the start")
    n = len(pidx)
    t = np.arange(1, n + 1, dtype=float)
    n_pre = int((pidx < s).sum())
    kind, h, _ = resolve_seasonality(seasonality, harmonics, pidx, n_pre)
    further = parse_interruptions(interruptions, pidx, s)
    n_post = n - n_pre
    if not isinstance(phase_in, int | np.integer) or phase_in < 0:
        raise AnalysisError(f"phase_in must be a whole number ≥ 0, got {phase_in!r}")
    if phase_in >= n_post:
        raise AnalysisError(
            f"a phase-in of {phase_in} period(s) leaves no post-period to fit: the data "
            f"have {n_post} period(s) from the start {s}"
        )
    _check_pulse(pulse, n_post, s, phase_in)
    cols: dict[str, np.ndarray] = {"const": np.ones(n), "time": t}
    for name, p in [("start", s), *further]:
        t0 = float(pidx.get_loc(p) + 1)
        post = (t >= t0).astype(float)
        if pulse and name == "start":
            cols["pulse_start"] = post * (t < t0 + pulse)
            continue
        if level_change or name != "start":
            cols[f"level_{name}"] = post
        if slope_change:
            origin = t0 + (phase_in if name == "start" else 0)
            cols[f"slope_{name}"] = (t - origin) * post
    cols.update(seasonal_columns(pidx, kind, h))
    extra = covariate_frame(covariates, pidx)
    for col in extra.columns:
        cols[col] = extra[col].to_numpy(float)
    return pd.DataFrame(cols, index=pidx)


def _check_pulse(pulse: Any, n_post: int, start: pd.Period, phase_in: int) -> None:
    if pulse is None:
        return
    if isinstance(pulse, bool) or not isinstance(pulse, int | np.integer) or pulse < 1:
        raise AnalysisError(f"pulse must be a whole number of periods ≥ 1, got {pulse!r}")
    if pulse > n_post:
        raise AnalysisError(
            f"a pulse of {pulse} period(s) is longer than the post-period: the data have "
            f"{n_post} period(s) from the start {start}"
        )
    if phase_in:
        raise AnalysisError(
            "a pulse (temporary effect) and a phase-in cannot be combined: the pulse "
            "already says when the effect applies"
        )
