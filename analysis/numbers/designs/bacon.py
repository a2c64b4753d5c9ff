"""Goodman-Bacon (2021) decomposition of the two-way fixed-effects DiD estimate.

With a balanced panel, a binary treatment that never switches off and no covariates, the
TWFE coefficient is exactly a weighted average of every 2×2 DiD between two timing groups:

* *treated vs never treated* — cohort k against the never-treated units, all periods;
* *earlier vs later (not yet treated)* — cohort k against a later cohort l, in the
  periods before l adopts (a clean comparison);
* *later vs earlier (already treated)* — cohort l against an earlier cohort k, in the
  periods after k adopted: k's own treatment effect changes over this window are
  subtracted as if they were a trend ("forbidden comparisons"), which is why TWFE is
  biased when effects grow with time since adoption.

Weights follow Goodman-Bacon's equations (10a–c): they grow with the groups' sizes and
with the variance of treatment in each 2×2 window, and sum to one. The decomposition is
checked by its identity (the weighted sum of the 2×2 estimates equals the TWFE estimate;
:attr:`BaconDecomposition.identity_gap`), which ``tests/test_bacon.py`` asserts on real
and simulated panels. Units treated in the first period are an "always treated" group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.numbers.designs._internals.panels import wide_panel
from analysis.results.bacon import TYPES, BaconDecomposition

__all__ = ["bacon_decomposition"]


def _did(
    y: np.ndarray, tr: np.ndarray, co: np.ndarray, window: np.ndarray, post: np.ndarray
) -> float:
    """2×2 DiD of unit masks tr vs co over period mask ``window`` split at ``post``."""
    pre = window & ~post
    pst = window & post
    return float(
        (y[tr][:, pst].mean() - y[tr][:, pre].mean())
        - (y[co][:, pst].mean() - y[co][:, pre].mean())
    )


def _twfe(y: np.ndarray, d: np.ndarray) -> float:
    """TWFE coefficient on a balanced panel via two-way demeaning (Frisch–Waugh)."""

    def dm(a: np.ndarray) -> np.ndarray:
        return a - a.mean(axis=1, keepdims=True) - a.mean(axis=0, keepdims=True) + a.mean()

    dd = dm(d)
    return float((dd * dm(y)).sum() / (dd * dd).sum())


def bacon_decomposition(
    frame: pd.DataFrame, *, unit: str, time: str, outcome: str, cohort: str, never_value: int = 0
) -> BaconDecomposition:
    """Decompose the TWFE DiD of ``outcome`` on a staggered, absorbing treatment.

    ``cohort`` is each unit's first treated period (whole numbers, constant within unit)
    or ``never_value``. The panel must be balanced. Raises :class:`AnalysisError` when the
    decomposition does not apply (no variation in treatment timing, an unbalanced panel).
    """
    y, periods, gu, _ = wide_panel(frame, unit, time, outcome, cohort, never_value)
    n_t = y.shape[1]
    never = gu == never_value
    cohorts = np.unique(gu[~never])
    if cohorts.size == 0:
        raise AnalysisError(f"no treated units: every '{cohort}' equals {never_value!r}")
    outside = cohorts[(cohorts > periods[-1])]
    if outside.size:
        raise AnalysisError(
            f"cohort(s) {outside.tolist()} adopt after the last period; code "
            f"them as never treated ({never_value!r})"
        )
    d = (~never[:, None]) & (periods[None, :] >= gu[:, None])
    if never.sum() == 0 and cohorts.size < 2:
        raise AnalysisError(
            "one adoption date and no never-treated units: there is no "
            "comparison, so TWFE and its decomposition are not defined"
        )
    share = {int(g): float((gu == g).mean()) for g in cohorts}  # n_k
    dbar = {int(g): float((periods >= g).mean()) for g in cohorts}  # D̄_k
    n_u = float(never.mean())
    rows: list[tuple[str, int, int, float, float]] = []
    allp = np.ones(n_t, bool)
    for k in cohorts:
        k = int(k)
        tr = gu == k
        if n_u > 0 and 0 < dbar[k] < 1:
            nk = share[k] / (share[k] + n_u)
            w = (share[k] + n_u) ** 2 * nk * (1 - nk) * dbar[k] * (1 - dbar[k])
            rows.append((TYPES[0], k, never_value, _did(y, tr, never, allp, periods >= k), w))
        for lg in cohorts[cohorts > k]:
            lg = int(lg)
            co = gu == lg
            nkl = share[k] / (share[k] + share[lg])
            if dbar[lg] < 1 and dbar[k] > dbar[lg]:  # k (earlier) vs l, before l adopts
                win = periods < lg
                w = (
                    ((share[k] + share[lg]) * (1 - dbar[lg])) ** 2
                    * nkl
                    * (1 - nkl)
                    * (dbar[k] - dbar[lg])
                    / (1 - dbar[lg])
                    * (1 - dbar[k])
                    / (1 - dbar[lg])
                )
                if w > 0:
                    rows.append((TYPES[1], k, lg, _did(y, tr, co, win, periods >= k), w))
            if dbar[k] > 0 and dbar[lg] > 0:  # l (later) vs k, after k adopted
                win = periods >= k
                w = (
                    ((share[k] + share[lg]) * dbar[k]) ** 2
                    * nkl
                    * (1 - nkl)
                    * dbar[lg]
                    / dbar[k]
                    * (dbar[k] - dbar[lg])
                    / dbar[k]
                )
                if w > 0:
                    rows.append((TYPES[2], lg, k, _did(y, co, tr, win, periods >= lg), w))
    if not rows:
        raise AnalysisError(
            "no two-by-two comparison has variation in treatment: all "
            "treated units adopt together and there are no never-treated units"
        )
    total = sum(r[4] for r in rows)
    weights = np.array([r[4] for r in rows]) / total
    est = np.array([r[3] for r in rows])
    beta = _twfe(y, d.astype(float))
    return BaconDecomposition(
        outcome=outcome,
        comparison=tuple(r[0] for r in rows),
        treated_group=tuple(r[1] for r in rows),
        control_group=tuple(r[2] for r in rows),
        estimate=tuple(float(e) for e in est),
        weight=tuple(float(w) for w in weights),
        twfe_estimate=beta,
        identity_gap=float(weights @ est - beta),
        never_value=int(never_value),
    )
