"""Figures of the comparison-unit and staggered designs: the permutation DiD, the
triangulation, Callaway–Sant'Anna ATT(g,t), its aggregations and bootstrap bands, the
staggered comparison and the Goodman-Bacon decomposition.

Each function takes the result object, an optional ``ax``, the page language ``lang``
and the study's :class:`~analysis.pictures.context.FigureContext`, and returns the axes.
Intervals over event time are ribbons; forest plots cut an axis that one interval would
blow out and mark the cut end with an arrow.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D

from analysis.narrative.figure_words import design_label, fw, per_period, period_text
from analysis.pictures.context import FigureContext
from analysis.pictures.style import (
    BAND,
    INTERVENTION,
    PALETTE,
    capped_range,
    interval_row,
    legend_below,
    new_axes,
    ribbon,
    wrap,
)
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

#: Goodman-Bacon comparison types: colour and marker, in the order of ``TYPES``.
BACON_STYLE = (
    (PALETTE["comparison"], "o"),
    (PALETTE["counterfactual"], "s"),
    (PALETTE["treated"], "X"),
)
#: Event-time axis words by the study's frequency.
_SINCE = {"M": "months_since", "Q": "quarters_since", "Y": "years_since"}


def _freq(context: FigureContext | None) -> str:
    code = ((context.frequency if context else "") or "")[:1].upper()
    return "Y" if code == "A" else code


def _effect_unit(context: FigureContext | None, lang: str) -> str:
    """The effect axis: "Effect (complaints per month)" / "效应（件/月）"."""
    unit = context.unit(lang) if context is not None else ""
    if not unit:
        return fw(lang, "effect_axis_generic")
    if context is not None and context.kind in ("proportion", "share"):
        return fw(lang, "effect_pp")
    stock = context is not None and context.kind == "stock"
    return fw(lang, "effect_axis", unit=per_period(unit, _freq(context), lang, stock=stock))


def _pct(v: float) -> str:
    return f"{v:+.0f}%"


def plot_permutation_did(
    res: PermutationDiD, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """The pilot unit's studentized statistic among the comparison units' (placebo pilots)."""
    ax = new_axes(ax, 2.4, lang)
    ax.scatter(
        res.placebo_statistics,
        np.zeros(res.n_placebos),
        color=PALETTE["comparison"],
        alpha=0.7,
        label=fw(lang, "placebo_pilots"),
    )
    ax.scatter(
        [res.statistic], [0], color=PALETTE["treated"], s=70, zorder=3, label=fw(lang, "pilot_unit")
    )
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_yticks([])
    ax.set_xlabel(wrap(fw(lang, "studentized"), 90))
    legend_below(ax, ncol=2)
    return ax


def plot_regression_did(
    res: RegressionDiD, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """The regression DiD coefficient with its interval (a point alone where no valid
    interval exists), zero dashed; with an event study, its leads and lags beside."""
    import matplotlib.pyplot as plt

    from analysis.pictures.style import FIG_WIDTH, ensure_font

    ensure_font(lang)
    if ax is None:
        n = 2 if res.event_study is not None else 1
        _, axes = plt.subplots(1, n, figsize=(FIG_WIDTH, 3.0), squeeze=False, layout="constrained")
        ax = axes[0, 0]
        if res.event_study is not None:
            res.event_study.plot(ax=axes[0, 1], lang=lang, context=context)
    level = f"{(1 - res.alpha) * 100:g}%"
    if res.has_interval:
        interval_row(ax, 0, res.estimate, res.conf_low, res.conf_high, color=PALETTE["treated"])
        handle = Line2D([], [], color=PALETTE["treated"], marker="o", lw=2.2)
        ax.legend([handle], [fw(lang, "ci", level=level)], loc="best")
    else:
        ax.plot([res.estimate], [0], "o", color=PALETTE["treated"], ms=6)
        handle = Line2D([], [], color=PALETTE["treated"], marker="o", lw=0)
        ax.legend([handle], [fw(lang, "no_interval")], loc="best")
    ax.axvline(0, color=PALETTE["neutral"], lw=1, ls="--")
    ax.set_yticks([0], [wrap(design_label(res.design, lang), 24)])
    xl = fw(lang, "effect_log") if res.scale == "log" else _effect_unit(context, lang)
    ax.set_xlabel(wrap(xl, 40))
    return ax


def plot_triangulation(
    tri: Triangulation, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Each design's relative estimate (%) with its interval; comparison designs in blue.
    The axis stays above −100% and is cut where one interval would blow it out; a cut
    interval ends in an arrow with its true end written beside it."""
    rows = tri.rows
    ax = new_axes(ax, 0.45 * len(rows) + 1.4, lang)
    est = [r.estimate * 100 for r in rows]
    lo = [r.conf_low * 100 for r in rows]
    hi = [r.conf_high * 100 for r in rows]
    lims = capped_range(lo, hi, est, floor=-100.0)
    for i, r in enumerate(rows):
        col = PALETTE["comparison"] if r.uses_comparison_units else PALETTE["treated"]
        interval_row(ax, i, est[i], lo[i], hi[i], color=col, limits=lims, note=_pct)
    if lims is not None:
        ax.set_xlim(*lims)
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_yticks(range(len(rows)), [wrap(design_label(r.design, lang), 36) for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel(fw(lang, "relative_axis"))
    handles = [
        Line2D([], [], color=PALETTE["comparison"], marker="o", lw=2.2),
        Line2D([], [], color=PALETTE["treated"], marker="o", lw=2.2),
    ]
    legend_below(
        ax, ncol=2, handles=handles, labels=[fw(lang, "uses_comparison"), fw(lang, "pilot_only")]
    )
    return ax


def _cohort_names(res: ATTgt, context: FigureContext | None, lang: str) -> list[str]:
    """Each cohort named by its adoption period where the context's waves match."""
    waves = context.waves if context is not None else ()
    if len(waves) == len(res.cohorts):
        return [fw(lang, "cohort", period=period_text(w, lang)) for w in waves]
    return [fw(lang, "cohort_index", g=g) for g in res.cohorts]


def plot_att_gt(res: ATTgt, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """One series per cohort: ATT(g,t) with its interval as a ribbon, against t."""
    ax = new_axes(ax, 3.6, lang)
    frame = res.to_frame()
    colours = [
        PALETTE["treated"],
        PALETTE["comparison"],
        PALETTE["counterfactual"],
        PALETTE["milestone"],
        PALETTE["window"],
        BAND,
    ]
    for j, (g, name) in enumerate(zip(res.cohorts, _cohort_names(res, context, lang), strict=True)):
        sub = frame[frame["group"] == g].sort_values("time")
        x = sub["time"].to_numpy(dtype=float)
        col = colours[j % len(colours)]
        ribbon(ax, x, sub["conf_low"], sub["conf_high"], color=col, alpha=0.18)
        ax.plot(x, sub["estimate"], "o-", ms=3, lw=1.4, color=col, label=name)
    ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
    ax.set_xlabel(fw(lang, "calendar_period"))
    ax.set_ylabel(wrap(_effect_unit(context, lang), 46))
    legend_below(ax, ncol=3)
    return ax


def _element_axis(res: Aggregate, context: FigureContext | None, lang: str) -> str:
    if res.element_column == "event_time":
        return fw(lang, _SINCE.get(_freq(context), "periods_since"))
    if res.element_column == "group":
        return fw(lang, "adoption_line")
    return fw(lang, "calendar_period")


def plot_aggregate(
    res: Aggregate, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Estimates against the element (event time, cohort, period) with their pointwise
    interval as a ribbon; the adoption marked on an event-time axis."""
    ax = new_axes(ax, 3.6, lang)
    colour = PALETTE["treated"]
    level = f"{(1 - res.alpha) * 100:g}%"
    if res.element:
        x = np.asarray(res.element, dtype=float)
        order = np.argsort(x)
        x = x[order]
        est = np.asarray(res.estimate)[order]
        ribbon(
            ax,
            x,
            np.asarray(res.conf_low)[order],
            np.asarray(res.conf_high)[order],
            color=colour,
            alpha=0.25,
            label=fw(lang, "pointwise", level=level),
        )
        ax.plot(x, est, "o-", ms=3, lw=1.4, color=colour)
        ax.set_xlabel(_element_axis(res, context, lang))
    else:
        interval_row(
            ax, 0, res.overall_estimate, res.overall_conf_low, res.overall_conf_high, color=colour
        )
        ax.set_yticks([0], [fw(lang, "overall")])
    ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
    if res.aggregation == "dynamic" and res.element:
        ax.axvline(-0.5, label=fw(lang, "adoption_line"), **INTERVENTION)
    label = _effect_unit(context, lang)
    if res.element:
        ax.set_ylabel(wrap(label, 46))
    else:
        ax.set_xlabel(wrap(label, 60))
    legend_below(ax, ncol=3)
    return ax


def plot_bands(
    res: BootstrapBands, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Estimates with their pointwise interval and, wider, the uniform band: ribbons."""
    ax = new_axes(ax, 3.6, lang)
    frame = res.to_frame()[list(res.in_band)]
    x = np.arange(len(frame))
    level = f"{(1 - res.alpha) * 100:g}%"
    ribbon(
        ax,
        x,
        frame["band_low"],
        frame["band_high"],
        color=BAND,
        alpha=0.3,
        label=fw(lang, "uniform_band", level=level),
    )
    ribbon(
        ax,
        x,
        frame["conf_low"],
        frame["conf_high"],
        color=PALETTE["treated"],
        alpha=0.25,
        label=fw(lang, "pointwise", level=level),
    )
    ax.plot(x, frame["estimate"], "o-", ms=3, lw=1.4, color=PALETTE["treated"])
    step = max(1, len(x) // 16)
    ax.set_xticks(x[::step], list(frame["term"])[::step], rotation=90)
    ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
    ax.set_ylabel(wrap(_effect_unit(context, lang), 46))
    legend_below(ax, ncol=2)
    return ax


def plot_staggered(
    res: StaggeredComparison, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Effect by time since adoption: the estimate, its pointwise interval as a ribbon
    and, when bootstrapped, the wider uniform band that covers every event time at once."""
    ax = new_axes(ax, 3.6, lang)
    if res.bands is not None:
        f = res.bands.to_frame().iloc[1:]
        x = np.array([int(t.split("=")[1]) for t in f["term"]], dtype=float)
        order = np.argsort(x)
        ribbon(
            ax,
            x[order],
            f["band_low"].to_numpy()[order],
            f["band_high"].to_numpy()[order],
            color=BAND,
            alpha=0.3,
            label=fw(lang, "uniform_band", level=f"{(1 - res.bands.alpha) * 100:g}%"),
        )
    plot_aggregate(res.dynamic, ax=ax, lang=lang, context=context)
    return ax


def plot_bacon(
    res: BaconDecomposition, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Each 2×2 estimate against its weight in TWFE, by comparison type."""
    ax = new_axes(ax, 3.6, lang)
    f = res.to_frame()
    for t, (colour, marker) in zip(TYPES, BACON_STYLE, strict=True):
        sub = f[f["comparison"] == t]
        if len(sub):
            ax.scatter(
                sub["weight"],
                sub["estimate"],
                color=colour,
                marker=marker,
                s=36,
                label=fw(lang, f"bacon.{t}"),
            )
    ax.axhline(res.twfe_estimate, color="#222222", ls="--", lw=1, label=fw(lang, "bacon.twfe"))
    ax.set_xlabel(fw(lang, "bacon.weight"))
    unit = _effect_unit(context, lang)
    ax.set_ylabel(wrap(unit, 46))
    legend_below(ax, ncol=2)
    if math.isfinite(res.twfe_estimate):
        ax.axhline(0, color=PALETTE["neutral"], lw=0.6)
    return ax
