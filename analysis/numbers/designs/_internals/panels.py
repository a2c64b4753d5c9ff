"""Balanced-panel reshaping and unit multipliers shared by the staggered designs
(Callaway–Sant'Anna, Goodman-Bacon) and the staggered pre-trend test.

* :func:`wide_panel` validates a long unit × period frame (columns present, no missing
  units / periods / cohorts / outcomes, whole-number periods and cohorts, a cohort
  constant within unit, a balanced panel) and returns the wide arrays.
* :func:`multipliers` draws mean-zero, unit-variance per-unit multipliers (Rademacher or
  Mammen) for the multiplier bootstrap.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError

__all__ = ["integer_values", "multipliers", "wide_panel"]


def integer_values(values: pd.Series, what: str, column: str) -> np.ndarray:
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(arr) | (arr != np.round(arr))
    if bad.any():
        example = values[bad].iloc[0]
        raise AnalysisError(
            f"{what} column '{column}' must hold whole numbers; found {example!r} "
            f"in {int(bad.sum())} row(s)"
        )
    return arr.astype(np.int64)


def wide_panel(
    frame: pd.DataFrame,
    unit: str,
    time: str,
    outcome: str,
    cohort: str,
    never_value: int,
    covariates: tuple[str, ...] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Validate and reshape: outcomes (units × periods), periods, cohort per unit, and
    covariates (covariates × units × periods; empty without covariates)."""
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("att_gt needs a pandas DataFrame (one row per unit and period)")
    missing = [c for c in (unit, time, outcome, cohort, *covariates) if c not in frame.columns]
    if missing:
        raise AnalysisError(
            f"column(s) {missing} not in the data; available: {list(frame.columns)}"
        )
    if frame.empty:
        raise AnalysisError("the data have no rows")
    for col, what in ((unit, "unit"), (time, "period"), (cohort, "cohort")):
        na = frame[col].isna()
        if na.any():
            raise AnalysisError(
                f"{what} column '{col}' has {int(na.sum())} missing value(s)"
                + (f"; code never-treated units as {never_value!r}" if col == cohort else "")
            )
    y = pd.to_numeric(frame[outcome], errors="coerce")
    bad_y = y.isna() | ~np.isfinite(y.to_numpy(dtype=float))
    if bad_y.any():
        units = frame.loc[bad_y, unit].unique()[:5].tolist()
        raise AnalysisError(
            f"outcome '{outcome}' is missing or not numeric in {int(bad_y.sum())} row(s) "
            f"(e.g. units {units}); the estimator needs a balanced panel without gaps -- "
            "drop those units or impute first"
        )
    for cov in covariates:
        x = pd.to_numeric(frame[cov], errors="coerce")
        bad_x = x.isna() | ~np.isfinite(x.to_numpy(dtype=float))
        if bad_x.any():
            row = int(np.flatnonzero(bad_x.to_numpy())[0])
            raise AnalysisError(
                f"covariate '{cov}' is missing or not numeric in {int(bad_x.sum())} row(s) "
                f"(first: unit {frame[unit].iloc[row]!r}, period {frame[time].iloc[row]!r})"
            )
    t = integer_values(frame[time], "period", time)
    g = integer_values(frame[cohort], "cohort", cohort)
    # integer codes instead of pandas reshapes: the checks and the wide arrays cost a few
    # milliseconds on 100,000 rows (benchmarks/bench_designs.py)
    u_codes, u_labels = pd.factorize(frame[unit], sort=True)
    n_units = len(u_labels)
    g_min = np.full(n_units, np.iinfo(np.int64).max)
    g_max = np.full(n_units, np.iinfo(np.int64).min)
    np.minimum.at(g_min, u_codes, g)
    np.maximum.at(g_max, u_codes, g)
    varies = g_min != g_max
    if varies.any():
        bad = list(u_labels[varies][:5])
        raise AnalysisError(
            f"cohort '{cohort}' varies within unit(s) {bad} ({int(varies.sum())} in all); "
            "it must be the unit's first treated period, constant over its rows"
        )
    periods, t_codes = np.unique(t, return_inverse=True)
    cell = u_codes.astype(np.int64) * len(periods) + t_codes
    counts = np.bincount(cell, minlength=n_units * len(periods))
    if (counts > 1).any():
        dup = pd.Series(cell).duplicated().to_numpy()
        i = int(np.flatnonzero(dup)[0])
        raise AnalysisError(
            f"unbalanced panel: {int(dup.sum())} duplicate unit-period row(s), "
            f"e.g. unit {frame[unit].iloc[i]!r} in period {int(t[i])}"
        )
    if len(frame) != n_units * len(periods):
        per_unit = np.bincount(u_codes, minlength=n_units)
        short = list(u_labels[per_unit < len(periods)][:5])
        raise AnalysisError(
            f"unbalanced panel: {len(frame)} rows for {n_units} units × "
            f"{len(periods)} periods; units missing periods include {short}"
        )
    if len(periods) < 2:
        raise AnalysisError("at least two periods are needed")

    def wide(values: np.ndarray) -> np.ndarray:
        out = np.empty(n_units * len(periods))
        out[cell] = values
        return out.reshape(n_units, len(periods))

    xs = [wide(pd.to_numeric(frame[c]).to_numpy(dtype=float)) for c in covariates]
    xw = np.stack(xs) if xs else np.empty((0, n_units, len(periods)))
    return wide(y.to_numpy(dtype=float)), periods, g_min, xw


def multipliers(rng: np.random.Generator, shape: tuple[int, int], kind: str) -> np.ndarray:
    """Mean-zero, unit-variance unit multipliers."""
    if kind == "rademacher":
        return rng.choice(np.array([-1.0, 1.0]), size=shape)
    s5 = np.sqrt(5.0)  # Mammen's two-point distribution
    return np.where(rng.random(shape) < (s5 + 1) / (2 * s5), (1 - s5) / 2, (1 + s5) / 2)
