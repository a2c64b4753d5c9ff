"""The general seeded generator of count panels with a planted effect.

:func:`simulate_count_panel` -- a monthly (or quarterly/annual) count panel: unit sizes,
log-linear trend, seasonality, common shocks, gamma-Poisson (negative-binomial)
overdispersion and a planted multiplicative pilot effect, single-start or staggered. The
returned frame carries the truth (expected counts with and without the effect) beside the
realised counts, so estimator tests can compare against it.

Randomness only through ``numpy.random.default_rng``; seeds are parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

#: ``effect(event_time, cohort) -> multiplier``; called on treated cells only
#: (``event_time >= 0``) with flat arrays: event time in periods since adoption
#: (0 = adoption period) and the adoption period as text (``"2019-04"``).
EffectFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


def _period_grid(periods: int | pd.PeriodIndex, first: str, freq: str) -> pd.PeriodIndex:
    if isinstance(periods, pd.PeriodIndex):
        return periods
    return pd.period_range(pd.Period(first, freq=freq), periods=int(periods), freq=freq)


def simulate_count_panel(
    units: int | Sequence[str],
    periods: int | pd.PeriodIndex,
    treated: Sequence[str | int] | Mapping[str, str | pd.Period] = (),
    start: str | pd.Period | None = None,
    effect: float | EffectFn = 1.0,
    *,
    seed: int | Sequence[int] = 0,
    level: float | Sequence[float] = 20.0,
    level_sd: float = 0.5,
    trend: float = 0.0,
    trend_sd: float = 0.0,
    seasonality: Sequence[float] | None = None,
    shocks: Mapping[str | pd.Period, float] | None = None,
    shock_sd: float = 0.0,
    dispersion: float | None = None,
    exposure: float | Sequence[float] | np.ndarray | None = None,
    first_period: str = "2018-01",
    freq: str = "M",
) -> pd.DataFrame:
    """Simulate a unit x period count panel with a planted multiplicative effect.

    The expected untreated count of unit *i* in period *t* is::

        baseline[i, t] = L_i * exp((trend + b_i) * t / P) * s[month(t)]
                         * S[t] * exp(e_t) * x[i, t]

    with ``L_i`` the unit level (``level`` per unit, or ``level * exp(level_sd
    * z_i)``, z standard normal), ``b_i ~ N(0, trend_sd)`` a unit-specific
    deviation from the common log-linear ``trend`` (per year; ``P`` periods per
    year, ``t`` counted from the first period), ``s`` the seasonal multipliers
    (rescaled to mean 1), ``S`` fixed common ``shocks`` (period -> multiplier),
    ``e_t ~ N(0, shock_sd)`` random common shocks, and ``x`` the ``exposure``
    (e.g. households / 1000, so ``level`` is a rate per exposure unit).

    Treated cells get ``mu = baseline * m`` with ``m = effect`` (a constant
    rate ratio from adoption on) or ``m = effect(event_time, cohort)``; all
    other cells have ``m = 1``. Counts are ``Poisson(mu * g)`` with
    ``g ~ Gamma(k, 1/k)`` when ``dispersion=k`` is given (negative binomial,
    variance ``mu + mu**2 / k``), plain Poisson otherwise.

    Parameters
    ----------
    units
        Number of units (named ``u01``, ``u02`` ...) or their names.
    periods
        Number of periods from ``first_period``, or an explicit PeriodIndex.
    treated
        Unit names (or 0-based indices) sharing one ``start``; or a mapping
        unit -> adoption period for a staggered roll-out (``start`` is None).
    start
        First treated period when ``treated`` is a sequence.
    effect
        Planted rate ratio (0.89 = 11% fewer events), or a function of event
        time and cohort (see :data:`EffectFn`).
    seed
        Seed (or seed sequence) for ``numpy.random.default_rng``. Draw order
        is fixed: levels, trends, common shocks, gamma frailties, counts.

    Returns
    -------
    DataFrame
        One row per unit and period (unit-major order) with columns ``unit,
        period, adoption`` (Period or NaT), ``event_time`` (Int64, NA if never
        treated), ``treated`` (bool: in the treated state), ``exposure``,
        ``baseline`` (expected untreated count), ``effect`` (the multiplier),
        ``mu`` (expected count) and ``count`` (int64, the realised data).
    """
    grid = _period_grid(periods, first_period, freq)
    freq = grid.freqstr[0]
    names = _unit_names(units)
    n, t_len = len(names), len(grid)
    adopt_pos = _adoption_positions(names, grid, treated, start, freq)

    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    b = rng.standard_normal(n) * trend_sd
    e = rng.standard_normal(t_len) * shock_sd

    lv = np.asarray(level, dtype=float)
    unit_level = lv * np.exp(level_sd * z) if lv.ndim == 0 else np.broadcast_to(lv, (n,))
    if lv.ndim and lv.shape != (n,):
        raise ValueError(f"'level' needs one value per unit ({n})")
    years = np.arange(t_len) / _PER_YEAR[freq]
    log_mu = np.log(unit_level)[:, None] + (trend + b)[:, None] * years[None, :] + e[None, :]
    _add_seasonal_and_shocks(log_mu, grid, freq, seasonality, shocks)
    x = _exposure_grid(exposure, n, t_len)
    baseline = np.exp(log_mu) * x

    tpos = np.arange(t_len)[None, :]
    event_time = np.where(adopt_pos[:, None] >= 0, tpos - adopt_pos[:, None], 0)
    is_treated = (adopt_pos[:, None] >= 0) & (event_time >= 0)
    mult = _effect_multipliers(effect, grid, adopt_pos, event_time, is_treated)
    mu = baseline * mult
    lam = mu * rng.gamma(dispersion, 1.0 / dispersion, size=(n, t_len)) if dispersion else mu
    count = rng.poisson(lam)
    return _panel_frame(
        names, grid, adopt_pos, event_time, is_treated, x, baseline, mult, mu, count
    )


def _unit_names(units: int | Sequence[str]) -> list[str]:
    """``u01``, ``u02`` ... for a number of units, else the given names (unique)."""
    names = (
        [f"u{i + 1:0{len(str(units))}d}" for i in range(units)]
        if isinstance(units, int)
        else [str(u) for u in units]
    )
    if len(set(names)) != len(names):
        raise ValueError("unit names must be unique")
    return names


def _adoption_positions(
    names: list[str],
    grid: pd.PeriodIndex,
    treated: Sequence[str | int] | Mapping[str, str | pd.Period],
    start: str | pd.Period | None,
    freq: str,
) -> np.ndarray:
    """Adoption period (position on the grid) per unit; -1 = never."""
    index = {u: i for i, u in enumerate(names)}
    adopt_pos = np.full(len(names), -1, dtype=np.int64)
    if isinstance(treated, Mapping):
        if start is not None:
            raise ValueError("give 'start' only with a sequence of treated units")
        pairs = [(u, pd.Period(p, freq=freq)) for u, p in treated.items()]
    else:
        if treated and start is None:
            raise ValueError("'start' is required when 'treated' is a sequence")
        pairs = [
            (names[u] if isinstance(u, int | np.integer) else u, pd.Period(start, freq=freq))
            for u in treated
        ]
    for u, p in pairs:
        if u not in index:
            raise ValueError(f"treated unit {u!r} is not among the units")
        if p < grid[0] or p > grid[-1]:
            raise ValueError(f"adoption {p} of {u!r} is outside {grid[0]}..{grid[-1]}")
        adopt_pos[index[u]] = (p - grid[0]).n
    return adopt_pos


def _add_seasonal_and_shocks(
    log_mu: np.ndarray,
    grid: pd.PeriodIndex,
    freq: str,
    seasonality: Sequence[float] | None,
    shocks: Mapping[str | pd.Period, float] | None,
) -> None:
    """Add (in place) the log seasonal multipliers, then the fixed common shocks."""
    if seasonality is not None:
        s = np.asarray(seasonality, dtype=float)
        if s.shape != (_PER_YEAR[freq],):
            raise ValueError(f"'seasonality' needs {_PER_YEAR[freq]} values")
        s = s / s.mean()
        pos_in_year = np.array([(p.month - 1) * _PER_YEAR[freq] // 12 for p in grid])
        log_mu += np.log(s[pos_in_year])[None, :]
    for p, mult in (shocks or {}).items():
        p = pd.Period(p, freq=freq)
        if p < grid[0] or p > grid[-1]:
            raise ValueError(f"shock at {p} is outside {grid[0]}..{grid[-1]}")
        log_mu[:, (p - grid[0]).n] += np.log(mult)


def _exposure_grid(
    exposure: float | Sequence[float] | np.ndarray | None, n: int, t_len: int
) -> np.ndarray:
    """The exposure as a units x periods array (1 when not given)."""
    if exposure is None:
        return np.ones((n, t_len))
    return np.broadcast_to(
        np.asarray(exposure, dtype=float).reshape(-1, 1)
        if np.ndim(exposure) == 1
        else np.asarray(exposure, dtype=float),
        (n, t_len),
    )


def _effect_multipliers(
    effect: float | EffectFn,
    grid: pd.PeriodIndex,
    adopt_pos: np.ndarray,
    event_time: np.ndarray,
    is_treated: np.ndarray,
) -> np.ndarray:
    """The planted multiplier per cell: 1 untreated, ``effect`` (or its function) treated."""
    mult = np.ones(event_time.shape)
    if is_treated.any():
        if callable(effect):
            cohort = np.array([str(grid[a]) if a >= 0 else "" for a in adopt_pos])
            cohort_cells = np.broadcast_to(cohort[:, None], event_time.shape)[is_treated]
            mult[is_treated] = np.asarray(effect(event_time[is_treated], cohort_cells), float)
        else:
            mult[is_treated] = float(effect)
    return mult


def _panel_frame(
    names: list[str],
    grid: pd.PeriodIndex,
    adopt_pos: np.ndarray,
    event_time: np.ndarray,
    is_treated: np.ndarray,
    x: np.ndarray,
    baseline: np.ndarray,
    mult: np.ndarray,
    mu: np.ndarray,
    count: np.ndarray,
) -> pd.DataFrame:
    """The long unit x period frame (unit-major order) with truth and realised counts."""
    n, t_len = len(names), len(grid)
    freq = grid.freqstr[0]
    nat = np.iinfo(np.int64).min
    adopt_ord = np.where(adopt_pos >= 0, grid.asi8[np.maximum(adopt_pos, 0)], nat)
    adoption = pd.PeriodIndex.from_ordinals(np.repeat(adopt_ord, t_len), freq=freq)
    et = pd.array(np.where(adopt_pos[:, None] >= 0, event_time, 0).ravel(), dtype="Int64")
    et[np.repeat(adopt_pos < 0, t_len)] = pd.NA
    return pd.DataFrame(
        {
            "unit": np.repeat(names, t_len),
            "period": pd.PeriodIndex.from_ordinals(np.tile(grid.asi8, n), freq=freq),
            "adoption": adoption,
            "event_time": et,
            "treated": is_treated.ravel(),
            "exposure": x.ravel(),
            "baseline": baseline.ravel(),
            "effect": mult.ravel(),
            "mu": mu.ravel(),
            "count": count.ravel().astype(np.int64),
        }
    )


def longest_zero_run(values: Sequence[float]) -> int:
    """Length of the longest run of consecutive zeros."""
    best = run = 0
    for v in values:
        run = run + 1 if v == 0 else 0
        best = max(best, run)
    return best
