"""Figures of checked claims: a study's verdict counts.

Each function takes the result object, an optional ``ax``, the page language ``lang``
and an optional figure context, and returns the axes; verdicts are named with the
narrative's verdict labels in that language.
"""

from __future__ import annotations

from analysis.narrative.claims import VERDICT_LABEL
from analysis.narrative.figure_words import figure_lang, fw
from analysis.pictures.style import PALETTE, new_axes
from analysis.results.claims import ClaimsTable

__all__ = ["plot_claims_table"]


def plot_claims_table(table: ClaimsTable, *, ax=None, lang: str = "en", context=None):
    """Verdict counts as horizontal bars, one per verdict in order of first appearance."""
    counts = table.counts()
    ax = new_axes(ax, 0.4 * max(len(counts), 1) + 1.2, lang)
    labels = VERDICT_LABEL[figure_lang(lang)]
    if counts:
        names = [labels.get(v, v) for v in counts]
        ax.barh(range(len(counts)), list(counts.values()), color=PALETTE["comparison"])
        ax.set_yticks(range(len(counts)), names)
        ax.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole figures, not 2.5
    ax.set_xlabel(fw(lang, "claim_figures"))
    return ax
