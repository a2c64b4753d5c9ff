"""Figures of the comparison designs: DiD and its wild bootstrap, the TWFE event study,
the controlled ITS and the synthetic control (fit, placebo-in-space, leave-one-out).

Each function draws one result object on ``ax`` (a new page-width figure when None) in
the house style of :mod:`analysis.pictures.style`, with its words in ``lang`` and the
study facts of ``context``, and returns the axes. Intervals over event time are ribbons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.narrative.figure_words import design_label, fw, per_period, value_label
from analysis.pictures.context import FigureContext
from analysis.pictures.marks import mark_events
from analysis.pictures.style import (
    INTERVENTION,
    PALETTE,
    clip_at_zero,
    interval_row,
    legend_below,
    new_axes,
    ribbon,
    wrap,
)

__all__ = [
    "plot_controlled_its",
    "plot_did",
    "plot_event_study",
    "plot_synth",
    "plot_synth_leave_one_out",
    "plot_synth_placebo",
    "plot_wild_bootstrap",
]


def _freq(context: FigureContext | None) -> str:
    code = ((context.frequency if context else "") or "")[:1].upper()
    return "Y" if code == "A" else code


def _effect_axis(context: FigureContext | None, lang: str, key: str = "effect_axis") -> str:
    """ "Effect (incidents per month)" / "效应（起/月）" (generic without a unit)."""
    unit = context.unit(lang) if context is not None else ""
    if not unit:
        return (
            fw(lang, "effect_axis_generic")
            if key == "effect_axis"
            else fw(lang, key, unit=fw(lang, "outcome"))
        )
    if context is not None and context.kind in ("proportion", "share"):
        return fw(lang, "effect_pp")
    stock = context is not None and context.kind == "stock"
    return fw(lang, key, unit=per_period(unit, _freq(context), lang, stock=stock))


def _interval_point(ax, r, *, null: float, label: str, lang: str, name: str):
    """One estimate as a point with its interval on one named row, the null dashed: the
    shared body of the DiD and wild-bootstrap figures."""
    interval_row(ax, 0, r.estimate, r.conf_low, r.conf_high, color=PALETTE["treated"])
    ax.axvline(null, color=PALETTE["neutral"], lw=1, ls="--")
    ax.set_yticks([0], [wrap(name, 24)])
    handle = Line2D([], [], color=PALETTE["treated"], marker="o", lw=2.2)
    ax.legend([handle], [label], loc="best")
    return ax


def plot_did(r, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """The DiD coefficient with its confidence interval, zero marked."""
    ax = new_axes(ax, 2.0, lang)
    level = f"{(1 - r.alpha) * 100:g}%"
    _interval_point(
        ax,
        r,
        null=0.0,
        label=fw(lang, "ci", level=level),
        lang=lang,
        name=design_label(r.design, lang),
    )
    ax.set_xlabel(wrap(_effect_axis(context, lang), 70))
    return ax


def plot_wild_bootstrap(r, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """The estimate with the bootstrap (test-inversion) interval, the null marked."""
    ax = new_axes(ax, 2.0, lang)
    level = f"{(1 - r.alpha) * 100:g}%"
    _interval_point(
        ax,
        r,
        null=r.null,
        label=fw(lang, "ci", level=level),
        lang=lang,
        name=design_label(r.design, lang),
    )
    ax.set_xlabel(wrap(_effect_axis(context, lang), 70))
    return ax


def _event_labels(r, ticks: list[int]) -> list[str]:
    labels = [str(x) for x in ticks]
    if r.bin_endpoints:
        labels = [
            f"≤{x}" if x == str(-r.leads) else f"≥{x}" if x == str(r.lags) else x for x in labels
        ]
    return labels


def plot_event_study(r, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """Event-study coefficients with their interval as a ribbon; the reference period
    (0 by construction) hollow, the adoption marked between −1 and 0."""
    ax = new_axes(ax, 3.4, lang)
    pts = sorted(
        [
            (e, c.estimate, c.conf_low, c.conf_high)
            for e, c in zip(r.event_times, r.coefficients, strict=True)
        ]
        + [(r.reference, 0.0, 0.0, 0.0)]
    )
    e, b, lo, hi = (np.array(v, dtype=float) for v in zip(*pts, strict=True))
    level = f"{(1 - r.alpha) * 100:g}%"
    ribbon(ax, e, lo, hi, color=PALETTE["treated"], alpha=0.25, label=fw(lang, "ci", level=level))
    ax.plot(e, b, "o-", ms=3.5, lw=1.4, color=PALETTE["treated"])
    ax.plot(
        [r.reference],
        [0.0],
        marker="o",
        mfc="white",
        color=PALETTE["neutral"],
        ls="none",
        ms=6,
        label=fw(lang, "reference_period"),
    )
    ax.axhline(0, color=PALETTE["neutral"], lw=1, ls="--")
    ax.axvline(-0.5, label=fw(lang, "adoption_line"), **INTERVENTION)
    ticks = [int(x) for x in e]
    step = max(1, len(ticks) // 14)
    shown = ticks[::step]
    ax.set_xticks(shown, _event_labels(r, shown))
    ax.set_xlabel(fw(lang, "periods_relative"))
    ax.set_ylabel(wrap(_effect_axis(context, lang), 40))
    ax.set_title(fw(lang, "pretrend_title", p=f"{r.pretrend.p_value:.3g}"))
    legend_below(ax, ncol=3)
    return ax


def plot_controlled_its(r, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """The three headline contrasts of a controlled ITS with their intervals, zero marked."""
    ax = new_axes(ax, 2.6, lang)
    cs = [r.level_change, r.slope_change, r.posttrend_diff]
    names = [fw(lang, "cits.level"), fw(lang, "cits.slope"), fw(lang, "cits.post")]
    for y, c in enumerate(cs):
        interval_row(ax, y, c.estimate, c.conf_low, c.conf_high, color=PALETTE["treated"])
    ax.axvline(0, color=PALETTE["neutral"], lw=1, ls="--")
    ax.set_yticks(range(len(cs)), names)
    ax.invert_yaxis()
    log = any(c.scale == "log" for c in cs)
    xl = fw(lang, "effect_log") if log else _effect_axis(context, lang)
    level = f"{(1 - r.alpha) * 100:g}%"
    ax.set_xlabel(
        wrap(
            f"{xl}, {fw(lang, 'ci', level=level)}"
            if lang != "zh"
            else f"{xl}，{fw(lang, 'ci', level=level)}",
            80,
        )
    )
    ax.set_title(design_label("controlled_its", lang))
    return ax


def _times(r, context: FigureContext | None):
    """The synthetic control's period ordinals as dates where the frequency is known."""
    freq = _freq(context)
    if freq and all(isinstance(t, (int, np.integer)) for t in r.times):
        periods = [pd.Period(ordinal=int(t), freq=freq) for t in r.times]
        return [p.to_timestamp() for p in periods], periods, freq
    return list(r.times), None, None


def _synth_marks(ax, r, context, lang: str, periods, freq) -> None:
    if periods is None:
        ax.axvline(r.start, label=fw(lang, "adoption_line"), **INTERVENTION)
        return
    start = (
        str(pd.Period(ordinal=int(r.start), freq=freq))
        if isinstance(r.start, (int, np.integer))
        else str(r.start)
    )
    mark_events(
        ax,
        context,
        lang,
        lambda t: pd.Period(t, freq).to_timestamp(),
        str(periods[0]),
        str(periods[-1]),
        freq=freq,
        pilot_start=start,
    )


def plot_synth(
    r, *, ax=None, gap: bool = False, lang: str = "en", context: FigureContext | None = None
):
    """Treated vs synthetic outcome (``gap=True``: the gap); the start and every
    milestone marked; the y-axis the indicator and its unit per period."""
    ax = new_axes(ax, 3.6, lang)
    t, periods, freq = _times(r, context)
    unit = str(r.treated_unit)
    if gap:
        ax.plot(t, r.effect, color=PALETTE["treated"], lw=1.8, label=fw(lang, "gap"))
        ax.axhline(0, color=PALETTE["neutral"], lw=1)
        ax.set_ylabel(wrap(_effect_axis(context, lang, "gap_axis"), 46))
    else:
        ax.plot(t, r.observed, color=PALETTE["treated"], lw=1.8, label=unit)
        ax.plot(
            t,
            r.synthetic,
            color=PALETTE["counterfactual"],
            ls="--",
            lw=1.8,
            label=fw(lang, "synthetic", unit=unit),
        )
        ctx = context or FigureContext()
        name = ctx.label(lang) or fw(lang, "outcome_generic")
        ax.set_ylabel(wrap(value_label(name, ctx.unit(lang), ctx.frequency, lang, ctx.kind), 46))
        if ctx.non_negative:
            clip_at_zero(ax)
    _synth_marks(ax, r, context, lang, periods, freq)
    if freq:
        ax.set_xlabel(fw(lang, f"axis.{freq}"))
    legend_below(ax, ncol=2)
    return ax


def plot_synth_placebo(r, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """Spaghetti plot of every unit's gap, the treated unit highlighted."""
    ax = new_axes(ax, 3.6, lang)
    t, periods, freq = _times(r, context)
    for g in r.gaps[1:]:
        ax.plot(t, g, color=PALETTE["neutral"], lw=0.7, alpha=0.45)
    ax.plot(t, r.gaps[0], color=PALETTE["treated"], lw=2, label=str(r.treated_unit))
    ax.plot([], [], color=PALETTE["neutral"], lw=0.7, label=fw(lang, "placebo_units"))
    ax.axhline(0, color="black", lw=0.8)
    _synth_marks(ax, r, context, lang, periods, freq)
    if freq:
        ax.set_xlabel(fw(lang, f"axis.{freq}"))
    ax.set_ylabel(wrap(_effect_axis(context, lang, "gap_axis"), 46))
    legend_below(ax, ncol=2)
    return ax


def plot_synth_leave_one_out(r, *, ax=None, lang: str = "en", context: FigureContext | None = None):
    """The gap with all donors beside the gap without each positive-weight donor."""
    ax = new_axes(ax, 3.6, lang)
    t, periods, freq = _times(r, context)
    for d, g in zip(r.dropped, r.gaps, strict=True):
        ax.plot(
            t, g, color=PALETTE["neutral"], lw=0.8, alpha=0.6, label=fw(lang, "without", unit=d)
        )
    ax.plot(t, r.full_gap, color=PALETTE["treated"], lw=2, label=fw(lang, "all_donors"))
    ax.axhline(0, color="black", lw=0.8)
    _synth_marks(ax, r, context, lang, periods, freq)
    if freq:
        ax.set_xlabel(fw(lang, f"axis.{freq}"))
    ax.set_ylabel(wrap(_effect_axis(context, lang, "gap_axis"), 46))
    legend_below(ax, ncol=3)
    return ax
