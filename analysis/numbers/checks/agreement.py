"""Do the designs agree? The one verdict of a triangulation, computed once and stored on
:class:`~analysis.results.comparisons.Triangulation` (the narrative only words it).

The naive before/after row is descriptive and left out. Designs that use comparison
units are preferred over single-series models (a single series attributes to the pilot
anything that changed for every unit at the same time). The rules:

* the *lead* (most credible) design is the first comparison design with an interval,
  else the first comparison design; with no comparison design, the first single-series
  design;
* a design is *clear of zero* when its interval excludes zero, or, without an interval,
  when its placebo p is below ``alpha`` (unknown without either);
* the comparison designs *disagree with each other* when two of their intervals do not
  overlap, or when two that are clear of zero have opposite signs;
* a single-series design *disagrees with the lead* when one estimate lies outside the
  other's interval, or one interval excludes zero while the other includes it; when the
  lead has no interval, when its estimate lies outside the range of the comparison
  designs' estimates.

Verdicts: ``no_design``, ``single_series_only``, ``one_design`` (a single comparison
design and nothing beside it: there is nothing to agree with), ``comparison_designs_disagree``
(no reliable estimate), ``single_series_disagree``, ``agree``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from analysis.results.comparisons import Agreement, TriangulationRow

__all__ = ["agreement", "clear_of_zero", "has_interval", "intervals_disagree"]


def has_interval(row: TriangulationRow) -> bool:
    return not (math.isnan(row.conf_low) or math.isnan(row.conf_high))


def clear_of_zero(row: TriangulationRow, alpha: float) -> bool | None:
    """True: clear of zero; False: cannot be told apart from no change; by the interval,
    else by the placebo p; None without either."""
    if has_interval(row):
        return not (row.conf_low <= 0 <= row.conf_high)
    if not math.isnan(row.p_value):
        return row.p_value < alpha
    return None


def intervals_disagree(
    a_est: float, a_lo: float, a_hi: float, b_est: float, b_lo: float, b_hi: float
) -> bool:
    """Two estimates disagree when one lies outside the other's interval, or one
    interval excludes zero while the other includes it."""
    outside = not (a_lo <= b_est <= a_hi) or not (b_lo <= a_est <= b_hi)
    verdict = (a_lo <= 0 <= a_hi) != (b_lo <= 0 <= b_hi)
    return outside or verdict


def _single_disagrees(
    lead: TriangulationRow, comp: list[TriangulationRow], row: TriangulationRow
) -> bool:
    if has_interval(lead):
        return intervals_disagree(
            lead.estimate, lead.conf_low, lead.conf_high, row.estimate, row.conf_low, row.conf_high
        )
    lo = min(r.estimate for r in comp)
    hi = max(r.estimate for r in comp)
    return not (lo <= row.estimate <= hi)


def agreement(rows: Sequence[TriangulationRow], alpha: float = 0.05) -> Agreement:
    """The agreement verdict of one indicator's triangulation rows (see the module rules)."""
    rows = [r for r in rows if r.design != "naive"]
    comp = [r for r in rows if r.uses_comparison_units]
    single = [r for r in rows if not r.uses_comparison_units]
    names = {
        "comparison_designs": tuple(r.design for r in comp),
        "single_series_designs": tuple(r.design for r in single),
        "alpha": alpha,
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
    with_ci = [r for r in comp if has_interval(r)]
    apart = any(
        a.conf_high < b.conf_low or b.conf_high < a.conf_low
        for i, a in enumerate(with_ci)
        for b in with_ci[i + 1 :]
    )
    signs = {math.copysign(1, r.estimate) for r in comp if clear_of_zero(r, alpha)}
    outside = tuple(r.design for r in single if _single_disagrees(lead, comp, r))
    comp_disagree = apart or len(signs) > 1
    verdict = (
        "comparison_designs_disagree"
        if comp_disagree
        else "single_series_disagree"
        if outside
        else "agree"
    )
    return Agreement(
        verdict=verdict,
        lead_design=lead.design,
        lead_clear_of_zero=clear_of_zero(lead, alpha),
        comparison_intervals_apart=apart,
        comparison_signs_differ=len(signs) > 1,
        single_series_disagreeing=outside,
        **names,
    )
