"""Figures of checked claims: a study's verdict counts.

Each function takes the result object and an optional ``ax`` and returns the axes; the
house colours come from :mod:`analysis.pictures.style`. Figures that are administrative
records only (verdict ``reported``) are drawn in the neutral grey, apart from the checked
verdicts, never in the green of a checked "consistent".
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.pictures.style import PALETTE
from analysis.results.claims import CHECKED_VERDICTS, VERDICTS, ClaimsTable

__all__ = ["VERDICT_COLOUR", "plot_claims_table"]

#: One colour per verdict: green only for a checked match; grey for "reported" and
#: "cannot_check" (nothing was checked).
VERDICT_COLOUR = {
    "consistent": PALETTE["counterfactual"],
    "overstated": PALETTE["treated"],
    "not_derivable": PALETTE["treated"],
    "understated": PALETTE["window"],
    "ambiguous": PALETTE["window"],
    "reported": PALETTE["neutral"],
    "cannot_check": "#BBBBBB",
}


def plot_claims_table(
    table: ClaimsTable,
    *,
    ax=None,
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
    xlabel: str | None = None,
):
    """Verdict counts as horizontal bars: the checked verdicts first (in
    ``VERDICTS`` order), then, below a gap, the reported figures and those that could not
    be checked. ``labels`` maps a verdict to its words (the narrative's
    ``VERDICT_LABEL[lang]``; the verdict key without one), ``xlabel`` the axis title."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 2.4))
    counts = table.counts()
    checked = [v for v in VERDICTS if v in CHECKED_VERDICTS and counts.get(v)]
    apart = [v for v in VERDICTS if v not in CHECKED_VERDICTS and counts.get(v)]
    order = checked + apart
    if order:
        gap = 0.5 if checked and apart else 0.0
        ys = [i + (gap if v in apart else 0.0) for i, v in enumerate(order)]
        ax.barh(
            ys,
            [counts[v] for v in order],
            color=[VERDICT_COLOUR.get(v, PALETTE["neutral"]) for v in order],
            height=0.7,
        )
        ax.set_yticks(ys, [(labels or {}).get(v, v.replace("_", " ")) for v in order])
        ax.invert_yaxis()
        for y, v in zip(ys, order, strict=True):
            ax.annotate(
                str(counts[v]),
                (counts[v], y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
            )
    ax.set_xlabel(xlabel or ("数字个数" if lang == "zh" else "claim figures"))
    ax.set_xlim(left=0)
    return ax
