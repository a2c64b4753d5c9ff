"""Multiple-group (controlled) interrupted time series — Linden (2015), Stata ``itsa``.

:func:`fit_controlled_its` fits, by OLS on the stacked panel,

    y = b0 + b1·T + b2·Z + b3·Z·T + b4·X + b5·X·T' + b6·Z·X + b7·Z·X·T' + e

* ``T`` — time index from 0 (position of the period among the sorted periods),
* ``Z`` — 1 for the treated unit(s), 0 for the comparison units,
* ``X`` — 1 from the interruption ``start`` on,
* ``T'`` — periods since the interruption (0 at ``start``, 0 before it).

The reported contrasts are the treated group's *extra* level change at the
interruption (``Z·X``), its *extra* slope change (``Z·X·T'``) and the difference in
post-interruption trends, treated − comparison (``Z·T + Z·X·T'``, a linear combination
whose SE uses the full covariance). This is ``itsa ..., treatid() trperiod() lag()
posttrend``.

Standard errors — Newey–West (Bartlett weights ``1 − j/(L+1)``) computed *within
panel*: the HAC "meat" sums cross-products of scores only for pairs of observations of
the same unit that are at most ``L`` periods apart (as Stata ``newey`` on a ``tsset``
panel); times ``n/(n−k)`` when ``small_sample`` (Stata's convention, hence ``itsa``'s).
Student t with ``n − k`` df for p-values and intervals.

``pool``:

* ``"panel"`` (default) — every comparison unit is its own series (n = units × periods).
* ``"mean"`` — the comparison units are first averaged period by period into one
  series, and the regression is fit on two series (treated, mean of comparisons). The
  *coefficients are identical* to ``"panel"`` for a balanced panel with one treated
  unit (OLS with these regressors only uses the group means per period), but the
  *SEs differ*: n, the n/(n−k) factor and the residual autocovariances all change. On
  the Prop 99 case the Z·X·T' SE is 0.6658 (panel) vs 0.7096 (mean).

Validated on California's Proposition 99 (ADH smoking panel, 38 control states,
1989): coefficients to 4 d.p. against the README's reproduction of Linden's example;
the within-panel NW SEs are a regression test (not a published table).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.numbers.designs._internals.hac import hac_meat
from analysis.results.controlled_its import ControlledITSResult
from analysis.results.effects import Coefficient

NAN = float("nan")
TERMS = ("const", "T", "Z", "Z:T", "X", "X:Tpost", "Z:X", "Z:X:Tpost")
DESCRIPTIONS = {
    "const": "comparison level at the first period",
    "T": "comparison pre-interruption trend (per period)",
    "Z": "treated − comparison level at the first period",
    "Z:T": "treated − comparison pre-interruption trend",
    "X": "comparison level change at the interruption",
    "X:Tpost": "comparison slope change after the interruption",
    "Z:X": "treated extra level change at the interruption",
    "Z:X:Tpost": "treated extra slope change after the interruption",
    "posttrend_diff": "treated − comparison post-interruption trend (Z:T + Z:X:Tpost)",
    "avg_post_effect": "treated extra change, averaged over the post periods",
    "log_ratio": "log(treated fitted post mean / its counterfactual post mean), delta method",
}


def _prep(
    frame: Any, unit: str, time: str, outcome: str, treated_units: Any
) -> tuple[pd.DataFrame, list[Any]]:
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("expected a pandas DataFrame")
    missing = [c for c in (unit, time, outcome) if c not in frame.columns]
    if missing:
        raise AnalysisError(f"column(s) not in the data: {', '.join(map(repr, missing))}")
    sub = frame[[unit, time, outcome]].copy()
    for c in (unit, time, outcome):
        n_bad = int(sub[c].isna().sum())
        if n_bad:
            raise AnalysisError(
                f"column '{c}' has {n_bad} missing value(s); drop or impute them first"
            )
    try:
        sub[outcome] = sub[outcome].astype(float)
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"outcome '{outcome}' must be numeric") from exc
    if not np.isfinite(sub[outcome].to_numpy()).all():
        raise AnalysisError(f"outcome '{outcome}' has non-finite values")
    if sub.duplicated([unit, time]).any():
        raise AnalysisError(f"duplicate ({unit}, {time}) rows: one row per unit and period")
    if isinstance(treated_units, str) or not hasattr(treated_units, "__iter__"):
        treated_units = [treated_units]
    treated = list(dict.fromkeys(treated_units))
    present = set(sub[unit])
    absent = [t for t in treated if t not in present]
    if not treated or absent:
        raise AnalysisError(f"treated unit(s) not in '{unit}': {absent or '(none given)'}")
    if present <= set(treated):
        raise AnalysisError("no comparison units: every unit is in treated_units")
    return sub, treated


def fit_controlled_its(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_units: Any,
    start: Any,
    hac_lag: int = 1,
    small_sample: bool = True,
    pool: Literal["panel", "mean"] = "panel",
    alpha: float = 0.05,
) -> ControlledITSResult:
    """Linden's multiple-group ITS with within-panel Newey–West SEs (see module doc).

    Parameters
    ----------
    frame : long DataFrame, one row per unit and period.
    unit, time, outcome : column names. ``time`` must be sortable; ``T`` is the position
        of a period among all observed periods (so equally spaced periods give T = 0, 1, …).
    treated_units : one unit label or several (their rows get Z = 1).
    start : the first post-interruption period (a value of ``time``).
    hac_lag : Newey–West truncation lag L (0 = White).
    small_sample : multiply the covariance by n/(n−k) (Stata ``newey``), default True.
    pool : ``"panel"`` or ``"mean"`` (average the comparison units into one series first).
    alpha : 1 − confidence level.

    Raises
    ------
    AnalysisError
        Missing columns or values, duplicate rows, unknown treated units, no comparison
        units, ``start`` not an observed period or without pre/post periods, a bad lag,
        an unknown ``pool``, or a rank-deficient design.
    """
    _check_arguments(alpha, pool, hac_lag)
    sub, treated = _prep(frame, unit, time, outcome, treated_units)
    periods = np.sort(pd.unique(sub[time]))
    if start not in set(periods.tolist()):
        raise AnalysisError(f"start {start!r} is not one of the observed '{time}' values")
    s_pos = int(np.searchsorted(periods, start))
    if s_pos == 0:
        raise AnalysisError(f"start {start!r} is the first period: no pre-interruption data")
    n_controls = sub[unit].nunique() - len(treated)
    notes: list[str] = []
    if pool == "mean":
        sub, treated, notes = _pool_means(sub, treated, unit, time, outcome)
    sub = sub.sort_values([unit, time], kind="mergesort").reset_index(drop=True)
    pos = np.searchsorted(periods, sub[time].to_numpy())
    z = sub[unit].isin(treated).to_numpy().astype(float)
    x = (pos >= s_pos).astype(float)
    tp = np.where(pos >= s_pos, pos - s_pos, 0).astype(float)
    design = _design_matrix(pos, z, x, tp)
    y = sub[outcome].to_numpy(dtype=float)
    n, k = design.shape
    beta, cov = _newey_west_within(design, y, sub[unit].to_numpy(), pos, hac_lag, small_sample)
    df = float(n - k)
    coef = _coefficient_maker(df, float(stats.t.ppf(1 - alpha / 2, df)))
    coefs = tuple(coef(nm, beta[i], cov[i, i]) for i, nm in enumerate(TERMS))
    post, avg, cf_mean, log_ratio = _contrasts(coef, design, beta, cov, z, x, tp)
    factor = "× n/(n−k) (Stata newey)" if small_sample else "no small-sample factor"
    se_type = (
        f"Newey–West lag {hac_lag} within {'panel' if pool == 'panel' else 'series'} "
        f"(lags only within a unit), Bartlett, {factor}; t with {n - k} df; "
        f"pool='{pool}'"
    )
    if n_controls < 2 and pool == "panel":
        notes.append("only one comparison unit")
    return ControlledITSResult(
        outcome=outcome,
        start=str(start),
        treated_units=tuple(str(t) for t in treated),
        n_control_units=int(n_controls),
        pool=pool,
        n_obs=int(n),
        k_params=int(k),
        df=df,
        alpha=alpha,
        hac_lag=int(hac_lag),
        small_sample=bool(small_sample),
        se_type=se_type,
        coefficients=coefs,
        level_change=coefs[TERMS.index("Z:X")],
        slope_change=coefs[TERMS.index("Z:X:Tpost")],
        posttrend_diff=post,
        notes=tuple(notes),
        avg_post_effect=avg,
        counterfactual_post_mean=cf_mean,
        log_ratio=log_ratio,
    )


def _check_arguments(alpha: float, pool: Any, hac_lag: Any) -> None:
    if not 0 < alpha < 1:
        raise AnalysisError(f"alpha must be in (0, 1); got {alpha}")
    if pool not in ("panel", "mean"):
        raise AnalysisError(f"pool must be 'panel' or 'mean'; got {pool!r}")
    if isinstance(hac_lag, bool) or not isinstance(hac_lag, int | np.integer) or hac_lag < 0:
        raise AnalysisError(f"hac_lag must be a whole number ≥ 0; got {hac_lag!r}")


def _pool_means(
    sub: pd.DataFrame, treated: list[Any], unit: str, time: str, outcome: str
) -> tuple[pd.DataFrame, list[Any], list[str]]:
    """pool='mean': the comparison units (and several treated units) averaged per period."""
    notes: list[str] = []
    is_t = sub[unit].isin(treated)
    ctrl = sub[~is_t].groupby(time)[outcome].mean().rename(outcome).reset_index()
    ctrl[unit] = "__comparison_mean__"
    if len(treated) > 1:
        trt = sub[is_t].groupby(time)[outcome].mean().rename(outcome).reset_index()
        trt[unit] = "__treated_mean__"
        treated = ["__treated_mean__"]
        notes.append("pool='mean': the treated units were averaged into one series too")
    else:
        trt = sub[is_t]
    counts = sub[~is_t].groupby(time)[unit].nunique()
    if counts.nunique() > 1:
        notes.append(
            "pool='mean': comparison units are not observed in every period; "
            "the mean series averages different sets of units"
        )
    sub = pd.concat([trt[[unit, time, outcome]], ctrl[[unit, time, outcome]]], ignore_index=True)
    return sub, treated, notes


def _design_matrix(pos: np.ndarray, z: np.ndarray, x: np.ndarray, tp: np.ndarray) -> np.ndarray:
    """Columns in the order of ``TERMS``; refuses a rank-deficient design."""
    t_idx = pos.astype(float)
    design = np.column_stack(
        [np.ones_like(t_idx), t_idx, z, z * t_idx, x, x * tp, z * x, z * x * tp]
    )
    n, k = design.shape
    if n <= k or np.linalg.matrix_rank(design) < k:
        raise AnalysisError(
            "the design is rank-deficient: need pre- and post-interruption "
            "periods (at least two post periods for the slope change) for "
            "both treated and comparison units"
        )
    return design


def _newey_west_within(
    design: np.ndarray,
    y: np.ndarray,
    units: np.ndarray,
    pos: np.ndarray,
    hac_lag: int,
    small_sample: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """OLS by QR and the Newey–West covariance with lags only within a unit (rows sorted
    by unit, then period)."""
    n, k = design.shape
    q, r = np.linalg.qr(design)
    beta = np.linalg.solve(r, q.T @ y)
    resid = y - design @ beta
    r_inv = np.linalg.inv(r)
    bread = r_inv @ r_inv.T
    scores = design * resid[:, None]
    meat = np.zeros((k, k))
    bounds = np.flatnonzero(units[1:] != units[:-1]) + 1
    for rows in np.split(np.arange(n), bounds):
        meat += hac_meat(scores[rows], pos[rows], int(hac_lag))
    cov = bread @ meat @ bread
    if small_sample:
        cov *= n / (n - k)
    cov = (cov + cov.T) / 2.0
    return beta, cov


def _coefficient_maker(df: float, crit: float):
    """A function (term, estimate, variance) → :class:`Coefficient` with Student t on ``df``."""

    def coef(term: str, est: float, var: float) -> Coefficient:
        se = float(np.sqrt(max(var, 0.0)))
        tstat = est / se if se > 0 else NAN
        p = float(2 * stats.t.sf(abs(tstat), df)) if se > 0 else NAN
        return Coefficient(
            term=term,
            estimate=float(est),
            std_error=se,
            statistic=tstat,
            p_value=p,
            conf_low=est - crit * se,
            conf_high=est + crit * se,
            description=DESCRIPTIONS[term],
        )

    return coef


def _contrasts(
    coef, design, beta, cov, z, x, tp
) -> tuple[Coefficient, Coefficient, float, Coefficient | None]:
    """The post-period trend difference, the average post effect, the treated unit's
    counterfactual post-period mean and the log ratio of its fitted to counterfactual
    post-period means.

    The log ratio log(F/C) — F = mean fitted treated post level, C = the same without the
    two treated-extra terms — gets its SE by the delta method, gradient x̄_F/F − x̄_C/C on
    the full (HAC) covariance, so the uncertainty of the counterfactual level counts too;
    exp of its t interval, minus one, is the relative effect's interval, which can never
    imply a level below zero (a level ratio b/C with a Wald interval can: −136%). None
    when F or C is not positive (no ratio)."""
    k = design.shape[1]
    w = np.zeros(k)
    w[TERMS.index("Z:T")] = w[TERMS.index("Z:X:Tpost")] = 1.0
    post = coef("posttrend_diff", float(w @ beta), float(w @ cov @ w))
    post_rows = (z == 1) & (x == 1)
    a = np.zeros(k)
    a[TERMS.index("Z:X")] = 1.0
    a[TERMS.index("Z:X:Tpost")] = float(np.mean(tp[post_rows]))
    avg = coef("avg_post_effect", float(a @ beta), float(a @ cov @ a))
    cf = design[post_rows].copy()
    cf[:, [TERMS.index("Z:X"), TERMS.index("Z:X:Tpost")]] = 0.0
    x_f, x_c = design[post_rows].mean(axis=0), cf.mean(axis=0)
    f_mean, cf_mean = float(x_f @ beta), float(x_c @ beta)
    log_ratio = None
    if f_mean > 0 and cf_mean > 0:
        g = x_f / f_mean - x_c / cf_mean
        log_ratio = replace(
            coef("log_ratio", math.log(f_mean / cf_mean), float(g @ cov @ g)), scale="log"
        )
    return post, avg, cf_mean, log_ratio
