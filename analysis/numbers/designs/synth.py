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
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.optimize import minimize, nnls

from analysis.core.errors import AnalysisError
from analysis.core.result import Result

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
    and gives bit-identical weights.
    """

    def __init__(self, x1: np.ndarray, x0: np.ndarray) -> None:
        k, j = x0.shape
        self.x1, self.x0, self.j = x1, x0, j
        self.aa = np.empty((k + 1, j))
        self.bb = np.empty(k + 1)
        self.maxiter = 50 * j

    def __call__(self, v: np.ndarray) -> np.ndarray:
        sv = np.sqrt(v)
        aa, bb = self.aa, self.bb
        np.multiply(sv[:, None], self.x0, out=aa[:-1])
        aa[-1] = SUM_TO_ONE_WEIGHT
        np.multiply(sv, self.x1, out=bb[:-1])
        bb[-1] = SUM_TO_ONE_WEIGHT
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
    if fit_periods is None:
        fit_mask = pre_mask.copy()
    else:
        bad = [p for p in fit_periods if p not in set(times) or not p < start]
        if bad:
            raise AnalysisError(
                f"synthetic control: fit_periods must be pre-period times in the "
                f"data; not usable: {', '.join(map(str, bad))}"
            )
        fit_mask = np.isin(t_arr, list(fit_periods))
    names: list[str] = []
    rows: list[np.ndarray] = []
    pre_times = [t for t in times if t < start]
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
# Results
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SynthResult(Result):
    """A synthetic-control fit: donor weights, predictor balance and the gap path.

    ``effect`` is observed − synthetic (the gap); there are no sampling intervals —
    inference is by :func:`placebo_in_space`.
    """

    kind: ClassVar[str] = "synth"

    outcome: str
    treated_unit: Any
    start: Any
    method: str  # "nested V (predictors)" | "pre-period outcomes"
    donors: tuple[Any, ...]
    weights: tuple[float, ...]
    predictor_names: tuple[str, ...]
    predictor_weights: tuple[float, ...]  # V (not identified: many V give the same W)
    predictor_treated: tuple[float, ...]
    predictor_synthetic: tuple[float, ...]
    predictor_donor_mean: tuple[float, ...]
    times: tuple[Any, ...]
    observed: tuple[float, ...]
    synthetic: tuple[float, ...]
    loss: float  # fit-period MSPE minimised by the V search
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float  # post / pre RMSPE
    avg_post_effect: float
    avg_post_relative_effect: float  # mean gap / mean synthetic over the post period
    n_starts: int = 0
    seed: int = 0
    notes: tuple[str, ...] = ()

    @property
    def effect(self) -> tuple[float, ...]:
        return tuple(o - s for o, s in zip(self.observed, self.synthetic, strict=True))

    def weight(self, donor: Any) -> float:
        return self.weights[self.donors.index(donor)]

    def gap_at(self, t: Any) -> float:
        return self.effect[self.times.index(t)]

    def to_frame(self, table: str = "weights") -> pd.DataFrame:
        """``weights`` (donor, weight; largest first), ``path`` (time, unit, observed,
        counterfactual, effect, conf_low, conf_high — NaN: no sampling interval —,
        relative_effect, post) or ``predictors``."""
        if table == "weights":
            df = pd.DataFrame({"unit": list(self.donors), "weight": list(self.weights)})
            return df.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)
        if table == "path":
            obs = np.asarray(self.observed)
            cf = np.asarray(self.synthetic)
            return pd.DataFrame(
                {
                    "time": list(self.times),
                    "unit": self.treated_unit,
                    "observed": obs,
                    "counterfactual": cf,
                    "effect": obs - cf,
                    "conf_low": NAN,
                    "conf_high": NAN,
                    "relative_effect": np.where(
                        cf != 0, (obs - cf) / np.where(cf != 0, cf, 1), NAN
                    ),
                    "post": [t >= self.start for t in self.times],
                }
            )
        if table == "predictors":
            return pd.DataFrame(
                {
                    "predictor": list(self.predictor_names),
                    "treated": list(self.predictor_treated),
                    "synthetic": list(self.predictor_synthetic),
                    "donor_mean": list(self.predictor_donor_mean),
                    "v_weight": list(self.predictor_weights),
                }
            )
        raise ValueError(f"table must be 'weights', 'path' or 'predictors', got {table!r}")

    def headline(self, lang: str = "en") -> str:
        top = self.to_frame("weights")
        top = top[top.weight >= 0.005]
        mix = ", ".join(f"{u} {w:.3f}" for u, w in zip(top.unit, top.weight, strict=True))
        return (
            f"{self.outcome}, synthetic control for {self.treated_unit} (from {self.start}): "
            f"the estimated effect averaged {self.avg_post_effect:.4g} "
            f"({self.avg_post_relative_effect:+.1%} relative to the synthetic unit) after the "
            f"start; pre-period RMSPE {self.pre_rmspe:.3g}, post/pre RMSPE ratio "
            f"{self.rmspe_ratio:.3g}. Synthetic unit: {mix}. No sampling interval; judge it "
            "by the placebo-in-space p-value."
        )

    def plot(self, *, ax=None, gap: bool = False):
        """Treated vs synthetic outcome (``gap=True``: the gap), start marked."""
        import matplotlib.pyplot as plt

        from analysis.pictures.style import INTERVENTION, PALETTE

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        t = list(self.times)
        if gap:
            ax.plot(t, self.effect, color=PALETTE["treated"], label="observed − synthetic")
            ax.axhline(0, color=PALETTE["neutral"], lw=1)
        else:
            ax.plot(t, self.observed, color=PALETTE["treated"], label=str(self.treated_unit))
            ax.plot(
                t,
                self.synthetic,
                color=PALETTE["counterfactual"],
                ls="--",
                label=f"synthetic {self.treated_unit}",
            )
        ax.axvline(self.start, **INTERVENTION)
        ax.set_ylabel(self.outcome)
        ax.legend(loc="best", fontsize=8)
        return ax


@dataclass(frozen=True, eq=False)
class SynthPlaceboResult(Result):
    """Placebo-in-space: every unit's gap path and post/pre MSPE ratio; the treated unit's rank.

    ``p_value = rank / n_units`` (rank 1 = largest ratio; ties counted against the
    treated unit); ``min_p_value = 1 / n_units`` is the smallest attainable.
    """

    kind: ClassVar[str] = "synth_placebo_space"

    outcome: str
    treated_unit: Any
    start: Any
    units: tuple[Any, ...]  # treated unit first
    times: tuple[Any, ...]
    gaps: tuple[tuple[float, ...], ...]
    pre_mspe: tuple[float, ...]
    post_mspe: tuple[float, ...]
    mspe_ratio: tuple[float, ...]
    rank: int
    n_units: int
    p_value: float
    min_p_value: float
    n_starts: int = 0
    seed: int = 0
    notes: tuple[str, ...] = ()

    def ranking(self) -> list[Any]:
        order = np.argsort(-np.asarray(self.mspe_ratio), kind="stable")
        return [self.units[i] for i in order]

    def p_value_filtered(self, max_pre_mspe_multiple: float) -> tuple[int, int, float]:
        """(rank, units kept, p) after dropping placebos whose pre-MSPE exceeds the
        multiple of the treated unit's (ADH use 20, 5, 2). Sensitive to the optimiser."""
        pre = np.asarray(self.pre_mspe)
        keep = pre <= max_pre_mspe_multiple * pre[0]
        ratio = np.asarray(self.mspe_ratio)[keep]
        rank = int(np.sum(ratio >= ratio[0]))
        return rank, int(keep.sum()), rank / int(keep.sum())

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame(
            {
                "unit": list(self.units),
                "pre_mspe": list(self.pre_mspe),
                "post_mspe": list(self.post_mspe),
                "mspe_ratio": list(self.mspe_ratio),
                "treated": [i == 0 for i in range(len(self.units))],
            }
        )
        df["pre_rmspe"] = np.sqrt(df.pre_mspe)
        df["rank"] = df.mspe_ratio.rank(ascending=False, method="max").astype(int)
        return df.sort_values("rank", kind="stable").reset_index(drop=True)

    def headline(self, lang: str = "en") -> str:
        text = (
            f"{self.outcome}: {self.treated_unit}'s post/pre MSPE ratio ranks {self.rank} of "
            f"{self.n_units} units in the placebo-in-space test, permutation p = "
            f"{self.p_value:.3g} (the smallest attainable with {self.n_units} units is "
            f"{self.min_p_value:.3g})"
        )
        if self.rank > 1 and self.p_value > 0.1:
            text += "; the effect cannot be told apart from the placebo gaps"
        return text + "."

    def plot(self, *, ax=None):
        """Spaghetti plot of every unit's gap, the treated unit highlighted."""
        import matplotlib.pyplot as plt

        from analysis.pictures.style import INTERVENTION, PALETTE

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        t = list(self.times)
        for g in self.gaps[1:]:
            ax.plot(t, g, color=PALETTE["neutral"], lw=0.7, alpha=0.45)
        ax.plot(t, self.gaps[0], color=PALETTE["treated"], lw=2, label=str(self.treated_unit))
        ax.plot([], [], color=PALETTE["neutral"], lw=0.7, label="placebo units")
        ax.axhline(0, color="black", lw=0.8)
        ax.axvline(self.start, **INTERVENTION)
        ax.set_ylabel(f"gap in {self.outcome}")
        ax.legend(loc="lower left", fontsize=8)
        return ax


@dataclass(frozen=True, eq=False)
class SynthLeaveOneOutResult(Result):
    """Refits dropping, one at a time, each donor with a positive weight."""

    kind: ClassVar[str] = "synth_leave_one_out"

    outcome: str
    treated_unit: Any
    start: Any
    times: tuple[Any, ...]
    full_gap: tuple[float, ...]
    dropped: tuple[Any, ...]
    gaps: tuple[tuple[float, ...], ...]
    pre_rmspe: tuple[float, ...]
    avg_post_effect: tuple[float, ...]
    full_avg_post_effect: float
    n_starts: int = 0
    seed: int = 0

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "dropped": list(self.dropped),
                "pre_rmspe": list(self.pre_rmspe),
                "avg_post_effect": list(self.avg_post_effect),
            }
        )

    def headline(self, lang: str = "en") -> str:
        lo, hi = min(self.avg_post_effect), max(self.avg_post_effect)
        return (
            f"{self.outcome}: dropping each of the {len(self.dropped)} donors with positive "
            f"weight in turn, the average post-period effect ranges {lo:.4g} to {hi:.4g} "
            f"(all donors: {self.full_avg_post_effect:.4g})."
        )

    def plot(self, *, ax=None):
        import matplotlib.pyplot as plt

        from analysis.pictures.style import INTERVENTION, PALETTE

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        t = list(self.times)
        for d, g in zip(self.dropped, self.gaps, strict=True):
            ax.plot(t, g, color=PALETTE["neutral"], lw=0.8, alpha=0.6, label=f"without {d}")
        ax.plot(t, self.full_gap, color=PALETTE["treated"], lw=2, label="all donors")
        ax.axhline(0, color="black", lw=0.8)
        ax.axvline(self.start, **INTERVENTION)
        ax.set_ylabel(f"gap in {self.outcome}")
        ax.legend(loc="lower left", fontsize=7)
        return ax


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
