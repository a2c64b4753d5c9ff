"""Synthetic control (Abadie, Diamond & Hainmueller 2010) with simplex weights,
placebo-in-space, leave-one-out and placebo-in-time.

Algorithm (reproduces ADH 2010 Table 2; see
``shared/validation/prop99_its_synth/README.md`` part C):

1. Predictors (means over their window of available values, plus outcome values
   at ``special_periods``) are divided by their standard deviation across the
   units of the problem (treated unit + donors), as Synth does.
2. Inner problem for a diagonal V (sum 1): ``min_w (X1 − X0 w)' V (X1 − X0 w)``
   with ``w ≥ 0, Σw = 1``, solved by NNLS with an appended row ``M·1'w = M``
   (``M = 1e4``), which enforces the sum to about 1e-8.
3. Outer problem: V minimises the pre-period outcome MSPE of the resulting W,
   by Nelder–Mead on ``v = |θ| / Σ|θ|`` from the equal-weights start plus
   ``n_starts`` Dirichlet(1) starts drawn with ``numpy.random.default_rng(seed)``.
   The V search has local optima (a single start lands on RMSPE 1.776 instead of
   1.754 for Prop 99, with visibly different weights), so the best loss over all
   starts is kept and reported (``loss``).
4. Without predictors, W minimises the pre-period MSPE of the outcome directly
   (one constrained least-squares problem; V is not needed).

Inference is by permutation (placebo-in-space): each donor in turn is treated as
if treated, with the real treated unit removed from its donor pool; units are
ranked by their post/pre MSPE ratio and ``p = rank / (N donors + 1)``; the
smallest attainable p-value is ``1 / (N + 1)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize, nnls

try:  # the compiled routine behind scipy.optimize.nnls (scipy >= 1.15), see _InnerW
    from scipy.optimize._slsqplib import nnls as _nnls_core
except ImportError:  # pragma: no cover - another scipy: the public function
    _nnls_core = None

from analysis.core.errors import AnalysisError
from analysis.results.synth import SynthLeaveOneOutResult, SynthPlaceboResult, SynthResult

NAN = float("nan")
SUM_TO_ONE_WEIGHT = 1e4  # weight of the appended Σw = 1 row in the NNLS
# Nelder–Mead: a loose pass from every start, then the best few polished tightly.
# Tight tolerances matter: the loose optimum for Prop 99 has RMSPE 1.759, not 1.754.
NM_LOOSE = {"xatol": 1e-3, "fatol": 1e-5, "maxiter": 1000, "maxfev": 2000}
NM_TIGHT = {"xatol": 1e-7, "fatol": 1e-9, "maxiter": 4000, "maxfev": 8000}
N_POLISH = 5

PredictorSpec = tuple[str, Sequence[Any] | None, str]


# ---------------------------------------------------------------------------
# Numerical core (arrays only)
# ---------------------------------------------------------------------------
def _simplex_ls(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``argmin_w ||a w − b||²`` subject to ``w ≥ 0``, ``Σw = 1`` (NNLS + weighted row)."""
    j = a.shape[1]
    aa = np.vstack([a, np.full((1, j), SUM_TO_ONE_WEIGHT)])
    bb = np.append(b, SUM_TO_ONE_WEIGHT)
    w, _ = nnls(aa, bb, maxiter=50 * j)
    s = w.sum()
    return w / s if s > 0 else np.full(j, 1.0 / j)


def _inner_w(v: np.ndarray, x1: np.ndarray, x0: np.ndarray) -> np.ndarray:
    sv = np.sqrt(v)
    return _simplex_ls(sv[:, None] * x0, sv * x1)


class _InnerW:
    """``_inner_w`` for fixed ``(x1, x0)`` with the NNLS arrays allocated once.

    The V search calls this tens of thousands of times; reusing the buffers (instead of
    ``vstack``/``append`` per call) removes most of the Python overhead around the NNLS
    and gives bit-identical weights. The buffers are C-contiguous float64 and finite
    (``x1``, ``x0`` checked once here, ``v`` on every call), which is all
    ``scipy.optimize.nnls`` checks before calling its compiled routine: that routine is
    called directly, with the public function's error for a solve that runs out of
    iterations (a fifth of the V search's time was the wrapper's checks; the same floats).
    """

    def __init__(self, x1: np.ndarray, x0: np.ndarray) -> None:
        k, j = x0.shape
        self.x1, self.x0, self.j = x1, x0, j
        self.aa = np.empty((k + 1, j))
        self.bb = np.empty(k + 1)
        self.maxiter = 50 * j
        self.direct = (
            _nnls_core is not None and bool(np.isfinite(x0).all()) and bool(np.isfinite(x1).all())
        )

    def __call__(self, v: np.ndarray) -> np.ndarray:
        sv = np.sqrt(v)
        aa, bb = self.aa, self.bb
        np.multiply(sv[:, None], self.x0, out=aa[:-1])
        aa[-1] = SUM_TO_ONE_WEIGHT
        np.multiply(sv, self.x1, out=bb[:-1])
        bb[-1] = SUM_TO_ONE_WEIGHT
        if self.direct and math.isfinite(sv.sum()):
            w, _, info = _nnls_core(aa, bb, self.maxiter)
            if info == 3:
                raise RuntimeError("Maximum number of iterations reached.")
        else:
            w, _ = nnls(aa, bb, maxiter=self.maxiter)
        s = w.sum()
        return w / s if s > 0 else np.full(self.j, 1.0 / self.j)


def _v_from_theta(theta: np.ndarray) -> np.ndarray:
    a = np.abs(theta)
    s = a.sum()
    return a / s if s > 0 else np.full(len(a), 1.0 / len(a))


def _solve_nested(
    x1: np.ndarray, x0: np.ndarray, z1: np.ndarray, z0: np.ndarray, n_starts: int, seed: int
) -> tuple[np.ndarray, np.ndarray, float]:
    """Best (w, v, pre-MSPE) over the equal-weights start and ``n_starts`` Dirichlet starts."""
    k = x1.shape[0]
    inner = _InnerW(x1, x0)
    n_fit = len(z1)

    def loss(theta: np.ndarray) -> float:
        r = z1 - z0 @ inner(_v_from_theta(theta))
        return float(r @ r) / n_fit

    rng = np.random.default_rng(seed)
    starts = [np.full(k, 1.0 / k)]
    if k > 1:
        starts += list(rng.dirichlet(np.ones(k), size=n_starts))
    if k == 1:
        best_theta = starts[0]
    else:
        loose = [minimize(loss, s, method="Nelder-Mead", options=NM_LOOSE) for s in starts]
        order = np.argsort([r.fun for r in loose], kind="stable")[:N_POLISH]
        best_theta, best_loss = starts[0], math.inf
        for i in order:
            res = minimize(loss, loose[i].x, method="Nelder-Mead", options=NM_TIGHT)
            if res.fun < best_loss - 1e-12:
                best_theta, best_loss = res.x, float(res.fun)
    v = _v_from_theta(best_theta)
    w = _inner_w(v, x1, x0)
    r = z1 - z0 @ w
    return w, v, float(r @ r) / len(r)


def _solve_outcomes(z1: np.ndarray, z0: np.ndarray) -> tuple[np.ndarray, float]:
    """W minimising the pre-period outcome MSPE directly (no predictors, no V)."""
    w = _simplex_ls(z0, z1)
    r = z1 - z0 @ w
    return w, float(r @ r) / len(r)


def _scale(x: np.ndarray) -> np.ndarray:
    """Divide each predictor (row) by its SD across units; constant rows are left as they are."""
    sd = x.std(axis=1, ddof=1)
    sd = np.where(sd > 0, sd, 1.0)
    return x / sd[:, None]


# ---------------------------------------------------------------------------
# Data preparation
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Problem:
    """Arrays of one synthetic-control problem; columns follow ``units``."""

    units: tuple[str, ...]
    times: tuple[Any, ...]
    start: Any
    y: np.ndarray  # times × units (outcome)
    x: np.ndarray | None  # predictors × units (unscaled), None = outcomes only
    predictor_names: tuple[str, ...]
    fit_mask: np.ndarray  # times used in the V loss / outcome fit
    pre_mask: np.ndarray
    post_mask: np.ndarray


def _prepare(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_unit: Any,
    start: Any,
    predictors: Mapping[str, PredictorSpec] | None,
    special_periods: Sequence[Any],
    donors: Sequence[Any] | None,
    fit_periods: Sequence[Any] | None,
) -> _Problem:
    """Validate the input and build the arrays (treated unit in column 0)."""
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("synthetic control: expected a pandas DataFrame")
    predictors = dict(predictors or {})
    _check_columns(frame, unit, time, outcome, predictors)
    donors = _donor_pool(frame, unit, treated_unit, donors)
    times = sorted(pd.unique(frame[time]))
    if not (times[0] < start <= times[-1]):
        raise AnalysisError(
            f"synthetic control: start {start!r} is outside the data: it needs at "
            f"least one period before and one from it on ({time} runs "
            f"{times[0]}–{times[-1]})"
        )
    units = [treated_unit, *donors]
    sub = frame[frame[unit].isin(units)]
    y = sub.pivot(index=time, columns=unit, values=outcome).reindex(index=times, columns=units)
    y_arr = y.to_numpy(dtype=float)
    t_arr = np.asarray(times)
    pre_mask = t_arr < start
    post_mask = ~pre_mask
    _check_complete(y_arr, units, t_arr, pre_mask, post_mask, treated_unit, time, outcome)
    fit_mask = _fit_mask(fit_periods, times, t_arr, pre_mask, start)
    pre_times = [t for t in times if t < start]
    names, rows = _predictor_rows(sub, predictors, units, unit, time, pre_times, start)
    for p in special_periods:
        if p not in set(pre_times):
            raise AnalysisError(
                f"synthetic control: special period {p!r} is not a pre-period time in the data"
            )
        names.append(f"{outcome}({p})")
        rows.append(y_arr[times.index(p)])
    x = np.vstack(rows) if rows else None
    prob = _Problem(
        units=tuple(units),
        times=tuple(times),
        start=start,
        y=y_arr,
        x=x,
        predictor_names=tuple(names),
        fit_mask=fit_mask,
        pre_mask=pre_mask,
        post_mask=post_mask,
    )
    return prob


def _check_columns(
    frame: pd.DataFrame, unit: str, time: str, outcome: str, predictors: dict
) -> None:
    needed = [unit, time, outcome] + [spec[0] for spec in predictors.values()]
    missing = [c for c in dict.fromkeys(needed) if c not in frame.columns]
    if missing:
        raise AnalysisError(
            f"synthetic control: column(s) not in the data: {', '.join(missing)}; "
            f"have {', '.join(map(str, frame.columns))}"
        )
    dup = frame.duplicated([unit, time])
    if dup.any():
        ex = frame.loc[dup, [unit, time]].iloc[0].tolist()
        raise AnalysisError(
            f"synthetic control: {int(dup.sum())} duplicated {unit}×{time} "
            f"row(s), e.g. {ex[0]} at {ex[1]}"
        )


def _donor_pool(
    frame: pd.DataFrame, unit: str, treated_unit: Any, donors: Sequence[Any] | None
) -> list[Any]:
    """The donors (default: every other unit), checked: known, without the treated unit,
    at least two."""
    all_units = list(pd.unique(frame[unit]))
    if treated_unit not in all_units:
        raise AnalysisError(
            f"synthetic control: treated unit {treated_unit!r} not in column '{unit}'"
        )
    if donors is None:
        donors = [u for u in all_units if u != treated_unit]
    else:
        donors = list(dict.fromkeys(donors))
        if treated_unit in donors:
            raise AnalysisError(
                f"synthetic control: the treated unit {treated_unit!r} is in the "
                "donor pool; remove it"
            )
        unknown = [d for d in donors if d not in all_units]
        if unknown:
            raise AnalysisError(
                f"synthetic control: donor(s) not in column '{unit}': "
                f"{', '.join(map(str, unknown))}"
            )
    if not donors:
        raise AnalysisError(
            f"synthetic control: the donor pool is empty: no unit in column "
            f"'{unit}' besides the treated unit {treated_unit!r} was given; "
            "it needs at least 2 donor units"
        )
    if len(donors) < 2:
        raise AnalysisError(
            f"synthetic control needs at least 2 donor units; got {len(donors)}: "
            f"{', '.join(map(str, donors))}"
        )
    return donors


def _check_complete(
    y_arr: np.ndarray,
    units: list[Any],
    t_arr: np.ndarray,
    pre_mask: np.ndarray,
    post_mask: np.ndarray,
    treated_unit: Any,
    time: str,
    outcome: str,
) -> None:
    """Refuse an outcome matrix with holes, naming the units and periods."""
    for label, mask in (("pre-period", pre_mask), ("post-period", post_mask)):
        holes = _missing_cells(y_arr[mask], units, t_arr[mask])
        if holes:
            names = [u for u, _ in holes]
            role = (
                "treated unit"
                if names == [treated_unit]
                else "unit(s)"
                if treated_unit in names
                else "donor(s)"
            )
            where = "; ".join(f"{u} at {time} {_list_periods(p)}" for u, p in holes)
            raise AnalysisError(
                f"synthetic control: {role} with missing {label} values of "
                f"'{outcome}' (NaN or no row): {where}; drop them from the "
                "donor pool or fill the data"
            )


def _fit_mask(
    fit_periods: Sequence[Any] | None,
    times: list[Any],
    t_arr: np.ndarray,
    pre_mask: np.ndarray,
    start: Any,
) -> np.ndarray:
    if fit_periods is None:
        return pre_mask.copy()
    bad = [p for p in fit_periods if p not in set(times) or not p < start]
    if bad:
        raise AnalysisError(
            f"synthetic control: fit_periods must be pre-period times in the "
            f"data; not usable: {', '.join(map(str, bad))}"
        )
    return np.isin(t_arr, list(fit_periods))


def _predictor_rows(
    sub: pd.DataFrame,
    predictors: dict,
    units: list[Any],
    unit: str,
    time: str,
    pre_times: list[Any],
    start: Any,
) -> tuple[list[str], list[np.ndarray]]:
    """Each predictor's mean over its window, one value per unit (columns follow ``units``)."""
    names: list[str] = []
    rows: list[np.ndarray] = []
    for name, spec in predictors.items():
        col, periods, how = spec
        if how != "mean":
            raise AnalysisError(
                f"synthetic control: predictor '{name}': only 'mean' is supported, got {how!r}"
            )
        window = pre_times if periods is None else list(periods)
        late = [p for p in window if not p < start]
        if late:
            raise AnalysisError(
                f"synthetic control: predictor '{name}' uses post-period "
                f"time(s) {', '.join(map(str, late))}"
            )
        vals = (
            sub[sub[time].isin(window)]
            .groupby(unit)[col]
            .mean()
            .reindex(units)
            .to_numpy(dtype=float)
        )
        empty = [u for u, v in zip(units, vals, strict=True) if np.isnan(v)]
        if empty:
            raise AnalysisError(
                f"synthetic control: predictor '{name}' ('{col}') has no data in "
                f"its window {window[0]}–{window[-1]} for: "
                f"{', '.join(map(str, empty))}"
            )
        names.append(name)
        rows.append(vals)
    return names, rows


def _missing_cells(
    y: np.ndarray, units: Sequence[Any], times: np.ndarray
) -> list[tuple[Any, list[Any]]]:
    """(unit, times) for every column of ``y`` (times × units) with a NaN."""
    bad = np.isnan(y)
    return [(u, [_py(t) for t in times[bad[:, i]]]) for i, u in enumerate(units) if bad[:, i].any()]


def _list_periods(periods: Sequence[Any], limit: int = 6) -> str:
    """``1971, 1972`` or ``1971, 1972, … (9 periods)`` when longer than ``limit``."""
    shown = ", ".join(map(str, periods[:limit]))
    return shown if len(periods) <= limit else f"{shown}, … ({len(periods)} periods)"


def _fit_columns(
    prob: _Problem, treated: int, donor_cols: Sequence[int], n_starts: int, seed: int
) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """Fit one problem on columns of ``prob``; returns (w, v, loss, gap path)."""
    cols = [treated, *donor_cols]
    y = prob.y[:, cols]
    zf = y[prob.fit_mask]
    if prob.x is None:
        w, loss = _solve_outcomes(zf[:, 0], zf[:, 1:])
        v = np.zeros(0)
    else:
        xs = _scale(prob.x[:, cols])
        w, v, loss = _solve_nested(xs[:, 0], xs[:, 1:], zf[:, 0], zf[:, 1:], n_starts, seed)
    gap = y[:, 0] - y[:, 1:] @ w
    return w, v, loss, gap


def _rmspe(gap: np.ndarray, mask: np.ndarray) -> float:
    return float(np.sqrt(np.mean(gap[mask] ** 2)))


def _py(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
def _build_result(
    prob: _Problem,
    outcome: str,
    w: np.ndarray,
    v: np.ndarray,
    loss: float,
    n_starts: int,
    seed: int,
    notes: tuple[str, ...] = (),
) -> SynthResult:
    y1 = prob.y[:, 0]
    synth = prob.y[:, 1:] @ w
    gap = y1 - synth
    pre, post = _rmspe(gap, prob.pre_mask), _rmspe(gap, prob.post_mask)
    if prob.x is not None:
        x = prob.x
        p_t, p_s, p_m = x[:, 0], x[:, 1:] @ w, x[:, 1:].mean(axis=1)
    else:
        p_t = p_s = p_m = np.zeros(0)
    mean_synth_post = float(synth[prob.post_mask].mean())
    avg = float(gap[prob.post_mask].mean())
    return SynthResult(
        outcome=outcome,
        treated_unit=_py(prob.units[0]),
        start=_py(prob.start),
        method="nested V (predictors)" if prob.x is not None else "pre-period outcomes",
        donors=tuple(_py(u) for u in prob.units[1:]),
        weights=tuple(float(a) for a in w),
        predictor_names=prob.predictor_names,
        predictor_weights=tuple(float(a) for a in v),
        predictor_treated=tuple(map(float, p_t)),
        predictor_synthetic=tuple(map(float, p_s)),
        predictor_donor_mean=tuple(map(float, p_m)),
        times=tuple(_py(t) for t in prob.times),
        observed=tuple(map(float, y1)),
        synthetic=tuple(map(float, synth)),
        loss=loss,
        pre_rmspe=pre,
        post_rmspe=post,
        rmspe_ratio=post / pre if pre > 0 else math.inf,
        avg_post_effect=avg,
        avg_post_relative_effect=avg / mean_synth_post if mean_synth_post != 0 else NAN,
        n_starts=n_starts if prob.x is not None else 0,
        seed=seed,
        notes=notes,
    )


def fit_synth(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_unit: Any,
    start: Any,
    predictors: Mapping[str, PredictorSpec] | None = None,
    special_periods: Sequence[Any] = (),
    donors: Sequence[Any] | None = None,
    fit_periods: Sequence[Any] | None = None,
    n_starts: int = 60,
    seed: int = 0,
) -> SynthResult:
    """Fit a synthetic control for one treated unit.

    Parameters
    ----------
    frame
        Long panel: one row per unit × time.
    unit, time, outcome
        Column names.
    treated_unit, start
        The treated unit and the first treated period (periods ``< start`` are the
        pre-period).
    predictors
        ``{name: (column, periods or None, "mean")}``: the mean of ``column`` over the
        available values in ``periods`` (``None`` = the whole pre-period).
    special_periods
        Pre-period times whose outcome value is a predictor (e.g. ``(1975, 1980, 1988)``).
    donors
        Donor pool (default: every other unit). Must not contain the treated unit.
    fit_periods
        Pre-period times whose outcome MSPE the V search minimises (default: all).
    n_starts, seed
        Dirichlet random starts of the V search (plus the equal-weights start), drawn
        from ``numpy.random.default_rng(seed)``. Ignored without predictors.

    Without predictors and special periods, W minimises the pre-period outcome MSPE
    directly. Raises :class:`~analysis.core.errors.AnalysisError` on unusable input.
    """
    prob = _prepare(
        frame,
        unit=unit,
        time=time,
        outcome=outcome,
        treated_unit=treated_unit,
        start=start,
        predictors=predictors,
        special_periods=special_periods,
        donors=donors,
        fit_periods=fit_periods,
    )
    donor_cols = list(range(1, len(prob.units)))
    w, v, loss, _ = _fit_columns(prob, 0, donor_cols, n_starts, seed)
    return _build_result(prob, outcome, w, v, loss, n_starts, seed)


def placebo_in_space(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_unit: Any,
    start: Any,
    predictors: Mapping[str, PredictorSpec] | None = None,
    special_periods: Sequence[Any] = (),
    donors: Sequence[Any] | None = None,
    fit_periods: Sequence[Any] | None = None,
    n_starts: int = 15,
    treated_n_starts: int = 60,
    seed: int = 0,
) -> SynthPlaceboResult:
    """Placebo-in-space permutation test.

    The treated unit is fitted with ``treated_n_starts`` V starts; each donor in turn is
    fitted as if treated, from the other donors (the real treated unit removed from its
    pool), with ``n_starts``. Units are ranked by post/pre MSPE ratio (1 = largest; ties
    count against the treated unit) and ``p = rank / (N donors + 1)``.
    Predictors and scaling are built once; each placebo only slices the arrays.
    """
    prob = _prepare(
        frame,
        unit=unit,
        time=time,
        outcome=outcome,
        treated_unit=treated_unit,
        start=start,
        predictors=predictors,
        special_periods=special_periods,
        donors=donors,
        fit_periods=fit_periods,
    )
    n = len(prob.units)
    gaps = np.empty((n, len(prob.times)))
    _, _, _, gaps[0] = _fit_columns(prob, 0, list(range(1, n)), treated_n_starts, seed)
    for j in range(1, n):
        pool = [c for c in range(1, n) if c != j]
        _, _, _, gaps[j] = _fit_columns(prob, j, pool, n_starts, seed)
    pre = np.mean(gaps[:, prob.pre_mask] ** 2, axis=1)
    post = np.mean(gaps[:, prob.post_mask] ** 2, axis=1)
    with np.errstate(divide="ignore"):
        ratio = np.where(pre > 0, post / np.where(pre > 0, pre, 1), np.inf)
    rank = int(np.sum(ratio >= ratio[0]))
    return SynthPlaceboResult(
        outcome=outcome,
        treated_unit=_py(prob.units[0]),
        start=_py(prob.start),
        units=tuple(_py(u) for u in prob.units),
        times=tuple(_py(t) for t in prob.times),
        gaps=tuple(tuple(map(float, g)) for g in gaps),
        pre_mspe=tuple(map(float, pre)),
        post_mspe=tuple(map(float, post)),
        mspe_ratio=tuple(map(float, ratio)),
        rank=rank,
        n_units=n,
        p_value=rank / n,
        min_p_value=1 / n,
        n_starts=n_starts,
        seed=seed,
        notes=(f"treated unit fitted with {treated_n_starts} V starts, placebos with {n_starts}",),
    )


def leave_one_out(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_unit: Any,
    start: Any,
    predictors: Mapping[str, PredictorSpec] | None = None,
    special_periods: Sequence[Any] = (),
    donors: Sequence[Any] | None = None,
    fit_periods: Sequence[Any] | None = None,
    n_starts: int = 60,
    seed: int = 0,
    min_weight: float = 1e-3,
) -> SynthLeaveOneOutResult:
    """Refit dropping each donor whose weight exceeds ``min_weight``, one at a time."""
    prob = _prepare(
        frame,
        unit=unit,
        time=time,
        outcome=outcome,
        treated_unit=treated_unit,
        start=start,
        predictors=predictors,
        special_periods=special_periods,
        donors=donors,
        fit_periods=fit_periods,
    )
    n = len(prob.units)
    w, _, _, full_gap = _fit_columns(prob, 0, list(range(1, n)), n_starts, seed)
    dropped, gaps, pre, avg = [], [], [], []
    for j in (1 + i for i in np.flatnonzero(w > min_weight)):
        pool = [c for c in range(1, n) if c != j]
        if len(pool) < 2:
            continue
        _, _, _, g = _fit_columns(prob, 0, pool, n_starts, seed)
        dropped.append(_py(prob.units[j]))
        gaps.append(tuple(map(float, g)))
        pre.append(_rmspe(g, prob.pre_mask))
        avg.append(float(g[prob.post_mask].mean()))
    return SynthLeaveOneOutResult(
        outcome=outcome,
        treated_unit=_py(prob.units[0]),
        start=_py(prob.start),
        times=tuple(_py(t) for t in prob.times),
        full_gap=tuple(map(float, full_gap)),
        dropped=tuple(dropped),
        gaps=tuple(gaps),
        pre_rmspe=tuple(pre),
        avg_post_effect=tuple(avg),
        full_avg_post_effect=float(full_gap[prob.post_mask].mean()),
        n_starts=n_starts,
        seed=seed,
    )


def placebo_in_time(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_unit: Any,
    start: Any,
    fake_start: Any,
    predictors: Mapping[str, PredictorSpec] | None = None,
    special_periods: Sequence[Any] = (),
    donors: Sequence[Any] | None = None,
    n_starts: int = 60,
    seed: int = 0,
) -> SynthResult:
    """Fit as if treatment began at ``fake_start`` using only data before the real ``start``.

    Predictor windows and special periods must lie before ``fake_start`` (a ``None``
    window means the whole fake pre-period). A large gap between ``fake_start`` and
    ``start`` casts doubt on the real estimate.
    """
    if not fake_start < start:
        raise AnalysisError(
            f"placebo in time: fake_start {fake_start!r} must be before the real start {start!r}"
        )
    if isinstance(frame, pd.DataFrame) and time in frame.columns:
        frame = frame[frame[time] < start]
    res = fit_synth(
        frame,
        unit=unit,
        time=time,
        outcome=outcome,
        treated_unit=treated_unit,
        start=fake_start,
        predictors=predictors,
        special_periods=special_periods,
        donors=donors,
        n_starts=n_starts,
        seed=seed,
    )
    from dataclasses import replace

    return replace(
        res,
        notes=(
            *res.notes,
            f"placebo in time: fake start {fake_start} "
            f"(real start {start}); data after the real start "
            "not used",
        ),
    )
