"""Do the designs agree? The one agreement rule, applied to every pair of estimates and
stored on :class:`~analysis.results.comparisons.Triangulation` (and, for two bare
estimates, on the staggered comparison); the narrative only words it.

**Two estimates** (relative effects, or any two estimates of one quantity on one scale)
are compared by :func:`compare_estimates` with two stated parameters, ``factor`` (default
2) and ``margin`` (default 0.05 on the relative scale: 5 percentage points of the
counterfactual). A design is *clear of zero* when its interval excludes zero, or, without
an interval, when its placebo p is below ``alpha``. In this order:

1. ``equivalent`` — the estimates differ by at most ``margin``, or they have the same sign
   and the smaller magnitude is at least 1/``factor`` of the larger (−60% and −74%;
   +198% and +192%, however narrow and apart their intervals);
2. ``conflict_sign`` — opposite signs, both clear of zero;
3. ``conflict_magnitude`` — the intervals are apart, or they have the same sign, one of
   them is clear of zero and the magnitudes differ by more than ``factor`` (−49% clear
   of zero beside −12%);
4. ``compatible`` — otherwise: they differ in size or sign, but no more than their
   uncertainty (neither clear of zero, or overlapping intervals on opposite sides).

The intervals are *apart* when both exist and do not overlap, or one estimate has no
interval and lies outside the other's; unknown when neither has one.

**A triangulation.** The naive before/after row is descriptive and left out. Designs that
use comparison units are preferred over single-series models (a single series attributes
to the pilot anything that changed for every unit at the same time). The *lead* (most
credible) design is the first comparison design with an interval, else the first
comparison design. Every pair of comparison designs is compared, and every single-series
design against the lead. Verdicts: ``no_design``; ``single_series_only``; ``one_design``
(a single comparison design and nothing beside it); ``comparison_designs_disagree`` (a
conflict between two comparison designs: no reliable estimate); ``single_series_disagree``
(a single-series design conflicts with the lead); ``agree`` (every pair equivalent);
``compatible`` (no conflict, but not every pair equivalent).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from analysis.results.comparisons import Agreement, DesignPair, TriangulationRow

__all__ = [
    "DEFAULT_FACTOR",
    "DEFAULT_MARGIN",
    "agreement",
    "clear_of_zero",
    "compare_estimates",
    "compare_rows",
    "has_interval",
    "intervals_disagree",
]

#: Same sign and magnitudes within this factor of each other: practically equivalent.
DEFAULT_FACTOR = 2.0
#: Relative effects this close (a share of the counterfactual) are equivalent whatever
#: their signs: 0.05 = 5 percentage points.
DEFAULT_MARGIN = 0.05
CONFLICTS = ("conflict_sign", "conflict_magnitude")


def has_interval(row: TriangulationRow) -> bool:
    return not (math.isnan(row.conf_low) or math.isnan(row.conf_high))


def _clear(lo: float, hi: float, p: float, alpha: float, min_p: float = math.nan) -> bool | None:
    if not (math.isnan(lo) or math.isnan(hi)):
        return not (lo <= 0 <= hi)
    if not math.isnan(p) and not min_p >= alpha:
        return p < alpha
    return None


def clear_of_zero(row: TriangulationRow, alpha: float) -> bool | None:
    """True: clear of zero; False: cannot be told apart from no change; by the interval,
    else by the placebo p; None without either, or when the placebo p cannot go below
    ``alpha`` (its smallest attainable value, ``row.min_p_value``, is ≥ alpha: the test is
    not informative)."""
    return _clear(row.conf_low, row.conf_high, row.p_value, alpha, row.min_p_value)


def _apart(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool | None:
    """Intervals apart (True), overlapping (False) or unknown (None: neither has one)."""
    a_ci = not (math.isnan(a[1]) or math.isnan(a[2]))
    b_ci = not (math.isnan(b[1]) or math.isnan(b[2]))
    if a_ci and b_ci:
        return a[2] < b[1] or b[2] < a[1]
    if a_ci:
        return not (a[1] <= b[0] <= a[2])
    if b_ci:
        return not (b[1] <= a[0] <= b[2])
    return None


def compare_estimates(
    a: tuple[float, float, float],
    b: tuple[float, float, float],
    *,
    names: tuple[str, str] = ("", ""),
    p_values: tuple[float, float] = (math.nan, math.nan),
    alpha: float = 0.05,
    factor: float = DEFAULT_FACTOR,
    margin: float = DEFAULT_MARGIN,
    min_p_values: tuple[float, float] = (math.nan, math.nan),
) -> DesignPair:
    """The relation of two (estimate, low, high) triples under the module's rule."""
    ea, eb = a[0], b[0]
    clear_a = _clear(a[1], a[2], p_values[0], alpha, min_p_values[0])
    clear_b = _clear(b[1], b[2], p_values[1], alpha, min_p_values[1])
    big, small = max(abs(ea), abs(eb)), min(abs(ea), abs(eb))
    ratio = small / big if big > 0 else 1.0
    same = (ea >= 0) == (eb >= 0) or ea == 0 or eb == 0
    apart = _apart(a, b)
    if abs(ea - eb) <= margin or (same and ratio >= 1 / factor):
        relation = "equivalent"
    elif not same and clear_a and clear_b:
        relation = "conflict_sign"
    elif apart or (same and (clear_a or clear_b)):
        relation = "conflict_magnitude"
    else:
        relation = "compatible"
    return DesignPair(
        design_a=names[0],
        design_b=names[1],
        relation=relation,
        difference=float(ea - eb),
        magnitude_ratio=float(ratio),
        same_sign=bool(same),
        intervals_apart=apart,
        a_clear_of_zero=clear_a,
        b_clear_of_zero=clear_b,
    )


def compare_rows(
    a: TriangulationRow,
    b: TriangulationRow,
    alpha: float = 0.05,
    factor: float = DEFAULT_FACTOR,
    margin: float = DEFAULT_MARGIN,
) -> DesignPair:
    """:func:`compare_estimates` of two triangulation rows."""
    return compare_estimates(
        (a.estimate, a.conf_low, a.conf_high),
        (b.estimate, b.conf_low, b.conf_high),
        names=(a.design, b.design),
        p_values=(a.p_value, b.p_value),
        min_p_values=(a.min_p_value, b.min_p_value),
        alpha=alpha,
        factor=factor,
        margin=margin,
    )


def intervals_disagree(
    a_est: float,
    a_lo: float,
    a_hi: float,
    b_est: float,
    b_lo: float,
    b_hi: float,
    factor: float = DEFAULT_FACTOR,
    margin: float = 0.0,
) -> bool:
    """Do two bare estimates (with intervals) conflict under the rule? ``margin`` is in
    the estimates' own units (0 by default: absolute estimates have no common margin)."""
    pair = compare_estimates((a_est, a_lo, a_hi), (b_est, b_lo, b_hi), factor=factor, margin=margin)
    return pair.relation in CONFLICTS


def agreement(
    rows: Sequence[TriangulationRow],
    alpha: float = 0.05,
    factor: float = DEFAULT_FACTOR,
    margin: float = DEFAULT_MARGIN,
) -> Agreement:
    """The agreement verdict of one indicator's triangulation rows (see the module rules),
    with every pair compared and the rule's parameters."""
    rows = [r for r in rows if r.design != "naive"]
    comp = [r for r in rows if r.uses_comparison_units]
    single = [r for r in rows if not r.uses_comparison_units]
    names = {
        "comparison_designs": tuple(r.design for r in comp),
        "single_series_designs": tuple(r.design for r in single),
        "alpha": alpha,
        "factor": factor,
        "margin": margin,
    }
    if not rows:
        return Agreement(verdict="no_design", **names)
    if not comp:
        lead = single[0]
        return Agreement(
            verdict="single_series_only",
            lead_design=lead.design,
            lead_clear_of_zero=clear_of_zero(lead, alpha),
            **names,
        )
    if len(rows) == 1:  # nothing to agree with: one design, stated as such
        return Agreement(
            verdict="one_design",
            lead_design=comp[0].design,
            lead_clear_of_zero=clear_of_zero(comp[0], alpha),
            **names,
        )
    lead = next((r for r in comp if has_interval(r)), comp[0])
    comp_pairs = [
        compare_rows(a, b, alpha, factor, margin) for i, a in enumerate(comp) for b in comp[i + 1 :]
    ]
    single_pairs = [compare_rows(lead, r, alpha, factor, margin) for r in single]
    outside = tuple(p.design_b for p in single_pairs if p.relation in CONFLICTS)
    signs = any(p.relation == "conflict_sign" for p in comp_pairs)
    sizes = any(p.relation == "conflict_magnitude" for p in comp_pairs)
    pairs = (*comp_pairs, *single_pairs)
    verdict = (
        "comparison_designs_disagree"
        if signs or sizes
        else "single_series_disagree"
        if outside
        else "agree"
        if all(p.relation == "equivalent" for p in pairs)
        else "compatible"
    )
    return Agreement(
        verdict=verdict,
        lead_design=lead.design,
        lead_clear_of_zero=clear_of_zero(lead, alpha),
        comparison_magnitudes_differ=sizes,
        comparison_signs_differ=signs,
        single_series_disagreeing=outside,
        pairs=pairs,
        **names,
    )
