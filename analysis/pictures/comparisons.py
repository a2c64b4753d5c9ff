"""Figures of the comparison-unit and staggered designs: the permutation DiD, the
triangulation, Callaway–Sant'Anna ATT(g,t), its aggregations and bootstrap bands, the
staggered comparison and the Goodman-Bacon decomposition.

Each function takes the result object and an optional ``ax`` and returns the axes; the
house colours come from :mod:`analysis.pictures.style`.
"""

from __future__ import annotations

import math

import numpy as np

from analysis.pictures.style import PALETTE
from analysis.results.bacon import TYPES, BaconDecomposition
from analysis.results.comparisons import PermutationDiD, Triangulation
from analysis.results.did import RegressionDiD
from analysis.results.staggered import Aggregate, ATTgt, BootstrapBands, StaggeredComparison

__all__ = [
    "plot_aggregate",
    "plot_att_gt",
    "plot_bacon",
    "plot_bands",
    "plot_permutation_did",
    "plot_regression_did",
    "plot_staggered",
    "plot_triangulation",
]

#: The uniform band's fill (Okabe–Ito sky blue).
BAND = "#56B4E9"
#: Goodman-Bacon comparison types: colour and marker, in the order of ``TYPES``.
BACON_STYLE = (
    (PALETTE["comparison"], "o"),
    (PALETTE["counterfactual"], "s"),
    (PALETTE["treated"], "X"),
)


def _axes(ax, figsize=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_permutation_did(res: PermutationDiD, *, ax=None, lang: str = "en", context=None):
    """The pilot unit's studentized statistic among the comparison units' (placebo pilots)."""
    ax = _axes(ax, (8, 2.6))
    ax.scatter(
        res.placebo_statistics,
        np.zeros(res.n_placebos),
        color=PALETTE["comparison"],
        alpha=0.7,
        label="comparison units as placebo pilots",
    )
    ax.scatter([res.statistic], [0], color=PALETTE["treated"], s=60, zorder=3, label="pilot unit")
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_yticks([])
    ax.set_xlabel("studentized change relative to the other units (log scale / SE)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_regression_did(res: RegressionDiD, *, ax=None, lang: str = "en", context=None):
    """The regression DiD coefficient with its interval (a point alone where no valid
    interval exists), zero dashed; with an event study, its leads and lags beside."""
    import matplotlib.pyplot as plt

    if ax is None:
        n = 2 if res.event_study is not None else 1
        _, axes = plt.subplots(1, n, figsize=(5 * n, 2.2), squeeze=False)
        ax = axes[0, 0]
        if res.event_study is not None:
            res.event_study.plot(ax=axes[0, 1])
    if res.has_interval:
        ax.errorbar(
            [res.estimate],
            [0],
            xerr=[[res.estimate - res.conf_low], [res.conf_high - res.estimate]],
            fmt="o",
            color=PALETTE["treated"],
            capsize=4,
            label=f"{(1 - res.alpha) * 100:g}% CI",
        )
    else:
        ax.plot([res.estimate], [0], "o", color=PALETTE["treated"], label="no valid interval")
    ax.axvline(0, color=PALETTE["neutral"], lw=1, ls="--")
    names = {"did_2x2": "2×2 DiD", "twfe": "two-way FE DiD"}
    ax.set_yticks([0], [names.get(res.design, res.design)])
    ax.set_xlabel(res.outcome, fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    return ax


def plot_triangulation(tri: Triangulation, *, ax=None, lang: str = "en", context=None):
    """Each design's relative estimate (%) and interval; comparison designs in blue."""
    ax = _axes(ax, (8, 0.5 + 0.5 * len(tri.rows)))
    for i, r in enumerate(tri.rows):
        col = PALETTE["comparison"] if r.uses_comparison_units else PALETTE["treated"]
        if not math.isnan(r.conf_low):
            hi = r.conf_high if math.isfinite(r.conf_high) else r.estimate
            ax.plot([r.conf_low * 100, hi * 100], [i, i], color=col, lw=2)
        ax.plot([r.estimate * 100], [i], "o", color=col)
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_yticks(range(len(tri.rows)), [r.design for r in tri.rows])
    ax.invert_yaxis()
    ax.set_xlabel("relative effect, % (interval)")
    return ax


def plot_att_gt(res: ATTgt, *, ax=None, lang: str = "en", context=None):
    """One series per cohort: ATT(g,t) with its interval against the period t."""
    ax = _axes(ax)
    frame = res.to_frame()
    k = len(res.cohorts)
    for j, g in enumerate(res.cohorts):
        sub = frame[frame["group"] == g]
        x = sub["time"].to_numpy(dtype=float) + (j - (k - 1) / 2) * 0.08
        ax.errorbar(
            x,
            sub["estimate"],
            yerr=[sub["estimate"] - sub["conf_low"], sub["conf_high"] - sub["estimate"]],
            fmt="o",
            ms=4,
            capsize=2,
            label=f"g = {g}",
        )
    ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
    ax.set_xlabel("period t")
    ax.set_ylabel("ATT(g,t)")
    ax.legend(frameon=False)
    return ax


def plot_aggregate(res: Aggregate, *, ax=None, lang: str = "en", context=None):
    """Estimates with intervals against the element (event time, cohort, period)."""
    ax = _axes(ax)
    colour = PALETTE["treated"]
    if res.element:
        est = np.asarray(res.estimate)
        ax.errorbar(
            np.asarray(res.element, dtype=float),
            est,
            yerr=[est - np.asarray(res.conf_low), np.asarray(res.conf_high) - est],
            fmt="o",
            ms=4,
            capsize=2,
            color=colour,
        )
        ax.set_xlabel(res.element_column)
    else:
        ax.errorbar(
            [0],
            [res.overall_estimate],
            yerr=[
                [res.overall_estimate - res.overall_conf_low],
                [res.overall_conf_high - res.overall_estimate],
            ],
            fmt="o",
            capsize=2,
            color=colour,
        )
        ax.set_xticks([0], ["overall"])
    ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
    if res.aggregation == "dynamic":
        ax.axvline(-0.5, color="#222222", ls="--", lw=1.0)
    ax.set_ylabel(f"ATT ({res.aggregation})")
    return ax


def plot_bands(res: BootstrapBands, *, ax=None, lang: str = "en", context=None):
    """Estimates with pointwise intervals (bars) inside the uniform band (shaded)."""
    ax = _axes(ax)
    frame = res.to_frame()[list(res.in_band)]
    x = np.arange(len(frame))
    ax.fill_between(
        x,
        frame["band_low"],
        frame["band_high"],
        color=BAND,
        alpha=0.25,
        step="mid",
        label="uniform band",
    )
    ax.errorbar(
        x,
        frame["estimate"],
        yerr=[frame["estimate"] - frame["conf_low"], frame["conf_high"] - frame["estimate"]],
        fmt="o",
        ms=4,
        capsize=2,
        color=PALETTE["treated"],
        label="pointwise interval",
    )
    ax.set_xticks(x, frame["term"], rotation=90)
    ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
    ax.legend(frameon=False)
    return ax


def plot_staggered(res: StaggeredComparison, *, ax=None, lang: str = "en", context=None):
    """Effect by time since adoption with pointwise intervals and, when bootstrapped, the
    uniform band that covers every event time at once."""
    ax = plot_aggregate(res.dynamic, ax=ax)
    if res.bands is not None:
        f = res.bands.to_frame().iloc[1:]
        x = np.array([int(t.split("=")[1]) for t in f["term"]], dtype=float)
        ax.fill_between(
            x,
            f["band_low"],
            f["band_high"],
            color=BAND,
            alpha=0.25,
            step="mid",
            lw=0,
            label=f"{(1 - res.bands.alpha) * 100:g}% uniform band",
        )
        ax.legend(frameon=False, fontsize="small")
    return ax


def plot_bacon(res: BaconDecomposition, *, ax=None, lang: str = "en", context=None):
    """Each 2×2 estimate against its weight in TWFE, by comparison type."""
    import seaborn as sns

    ax = _axes(ax)
    f = res.to_frame()
    for t, (colour, marker) in zip(TYPES, BACON_STYLE, strict=True):
        sub = f[f["comparison"] == t]
        if len(sub):
            sns.scatterplot(
                data=sub, x="weight", y="estimate", color=colour, marker=marker, label=t, ax=ax
            )
    ax.axhline(res.twfe_estimate, color="#222222", ls="--", lw=1, label="TWFE estimate")
    ax.set_xlabel("weight in the TWFE estimate")
    ax.set_ylabel("2×2 DiD estimate")
    ax.legend(frameon=False, fontsize="small")
    return ax
