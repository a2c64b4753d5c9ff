"""Figures of checked claims: a study's verdict counts.

Each function takes the result object, an optional ``ax``, the page language ``lang``
and an optional figure context, and returns the axes; verdicts are named with the
narrative's verdict labels in that language. Figures that are administrative records
only (verdict ``reported``) are drawn in the neutral grey, apart from the checked
verdicts, never in the green of a checked "consistent".
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.ticker import MaxNLocator

from analysis.narrative.claims import VERDICT_LABEL
from analysis.narrative.figure_words import figure_lang, fw
from analysis.pictures.style import PALETTE, new_axes
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
    "shown": PALETTE["neutral"],
    "cannot_check": "#BBBBBB",
}
#: Every verdict in its order, and those reached by a check (results.claims names them).
_ORDER: tuple[str, ...] = tuple(VERDICTS)
_CHECKED: tuple[str, ...] = tuple(CHECKED_VERDICTS)


def plot_claims_table(
    table: ClaimsTable,
    *,
    ax=None,
    lang: str = "en",
    context=None,
    labels: Mapping[str, str] | None = None,
    xlabel: str | None = None,
):
    """Verdict counts as horizontal bars: the checked verdicts first (in verdict
    order), then, below a gap, the reported figures and those that could not be
    checked. ``labels`` maps a verdict to its words (default: the narrative's
    ``VERDICT_LABEL`` in ``lang``), ``xlabel`` the axis title (default in ``lang``)."""
    counts = table.counts()
    ax = new_axes(ax, 0.4 * max(len(counts), 1) + 1.3, lang)
    words = dict(VERDICT_LABEL[figure_lang(lang)]) if labels is None else dict(labels)
    order_all = [*_ORDER, *(v for v in counts if v not in _ORDER)]
    checked = [v for v in order_all if v in _CHECKED and counts.get(v)]
    apart = [v for v in order_all if v not in _CHECKED and counts.get(v)]
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
        ax.set_yticks(ys, [words.get(v, v.replace("_", " ")) for v in order])
        ax.invert_yaxis()
        for y, v in zip(ys, order, strict=True):
            ax.annotate(
                str(counts[v]),
                (counts[v], y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
            )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole figures, not 2.5
    ax.set_xlabel(xlabel or fw(lang, "claim_figures"))
    ax.set_xlim(left=0)
    return ax
