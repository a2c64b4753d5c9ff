"""Figures of checked claims: a study's verdict counts.

Each function takes the result object and an optional ``ax`` and returns the axes; the
house colours come from :mod:`analysis.pictures.style`.
"""

from __future__ import annotations

from analysis.pictures.style import PALETTE
from analysis.results.claims import ClaimsTable

__all__ = ["plot_claims_table"]


def plot_claims_table(table: ClaimsTable, *, ax=None, lang: str = "en", context=None):
    """Verdict counts as horizontal bars, one per verdict in order of first appearance."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 2.4))
    counts = table.counts()
    if counts:
        sns.barplot(
            x=list(counts.values()),
            y=list(counts),
            orient="h",
            color=PALETTE["comparison"],
            ax=ax,
        )
    ax.set_xlabel("claim figures")
    return ax
