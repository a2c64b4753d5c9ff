"""Figures of the before/after indicators: an estimate with its interval, before/after
levels, and the pilot vs comparison series with the windows shaded and every wave and
milestone marked.

Window labels come from the caller as ``span(start, end, freq) -> str`` (the
narrative's period-span words, English); a Chinese figure names its windows with the
narrative's Chinese span words, so figure and sentences name windows alike.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from analysis.core.errors import AnalysisError
from analysis.narrative.figure_words import figure_lang, fw, measure_label, value_label
from analysis.pictures.context import NON_NEGATIVE, FigureContext
from analysis.pictures.marks import mark_events
from analysis.pictures.style import (
    PALETTE,
    clip_at_zero,
    interval_row,
    legend_below,
    new_axes,
    period_axis,
    set_title,
    wrap,
)
from analysis.results.indicators import Estimate, IndicatorChange, IndicatorTable

Span = Callable[[str, str, str], str]

__all__ = ["plot_change", "plot_estimate", "plot_indicator_series"]


def _span(span: Span, lang: str) -> Span:
    """The window words in the figure's language (the caller's for English)."""
    if figure_lang(lang) == "en":
        return span
    from analysis.narrative.descriptive import span as narrative_span

    return lambda a, b, f: narrative_span(a, b, f, "zh")


def _label(context: FigureContext | None, lang: str, english: str) -> str:
    """The indicator's label in ``lang``; without a context the result's own (English)
    label, or none for a Chinese figure."""
    if context is not None and (context.label_en or context.label_zh):
        return context.label(lang, english)
    return english if figure_lang(lang) == "en" else ""


def plot_estimate(
    est: Estimate, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """The estimate as a point with its interval."""
    ax = new_axes(ax, 1.8, lang)
    interval_row(ax, 0, est.estimate, est.conf_low, est.conf_high, color=PALETTE["treated"])
    name = _label(context, lang, est.quantity) or fw(lang, "outcome_generic")
    ax.set_yticks([0], [wrap(name, 30)])
    ax.set_xlabel(fw(lang, "ci", level=f"{100 * (1 - est.alpha):g}%"))
    return ax


def plot_change(
    c: IndicatorChange,
    span: Span,
    *,
    ax=None,
    lang: str = "en",
    context: FigureContext | None = None,
):
    """Before and after levels as bars with their intervals (never below zero)."""
    ax = new_axes(ax, 3.2, lang)
    words = _span(span, lang)
    levels = [c.before_level, c.after_level]
    lows = [c.before_conf_low, c.after_conf_low]
    highs = [c.before_conf_high, c.after_conf_high]
    err = None
    if all(np.isfinite(lows + highs)):
        err = [
            [v - max(lo, 0.0) for v, lo in zip(levels, lows, strict=True)],
            [hi - v for v, hi in zip(levels, highs, strict=True)],
        ]
    ax.bar([0, 1], levels, yerr=err, color=["0.7", PALETTE["comparison"]], capsize=4, width=0.6)
    ax.set_xticks(
        [0, 1],
        [
            fw(lang, "before_window", span=words(c.before_start, c.before_end, c.frequency)),
            fw(lang, "after_window", span=words(c.after_start, c.after_end, c.frequency)),
        ],
    )
    label = _label(context, lang, c.label)
    group = fw(lang, "treated" if c.group == "treated" else "comparison")
    ax.set_title(wrap(fw(lang, "who_one", group=label, units=group) if label else group, 70))
    unit = context.unit(lang) if context is not None else ""
    name = label or fw(lang, "outcome_generic")
    share = c.indicator_kind in ("share", "proportion") and max(levels) <= 1.0
    if share:
        ylabel = value_label(name, unit, None, lang, c.indicator_kind)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    elif unit:
        ylabel = fw(lang, "level_axis", label=name, unit=unit)
    else:
        ylabel = fw(lang, "level_axis_nounit", label=name)
    ax.set_ylabel(wrap(ylabel, 46))
    if c.indicator_kind in NON_NEGATIVE:
        clip_at_zero(ax)
    return ax


def _reference_change(table: IndicatorTable, indicator: str | None) -> IndicatorChange | None:
    """The treated group's change (else the comparison's): its windows are shaded."""
    return next(
        (
            c
            for g in ("treated", "comparison")
            for c in table.changes
            if c.indicator == indicator and c.group == g
        ),
        None,
    )


def _shade_windows(ax, ref: IndicatorChange, freq: str, span: Span, lang: str) -> None:
    for a, b, color, key in (
        (ref.before_start, ref.before_end, "0.85", "before_window"),
        (ref.after_start, ref.after_end, "#cfe3f3", "after_window"),
    ):
        lo = pd.Period(a, freq).to_timestamp()
        hi = (pd.Period(b, freq) + 1).to_timestamp()
        label = fw(lang, key, span=span(a, b, freq))
        ax.axvspan(lo, hi, color=color, alpha=0.6, lw=0, label=label, zorder=0)


def _who(table: IndicatorTable, indicator: str | None, s, lang: str) -> str:
    """A series' legend entry: the group with its unit (one unit) or its measure and n."""
    units = next(
        (c.units for c in table.changes if c.indicator == indicator and c.group == s.group),
        (),
    )
    group = fw(lang, "treated" if s.group == "treated" else "comparison")
    if s.n_units == 1:
        return fw(lang, "who_one", group=group, units=", ".join(units)) if units else group
    return fw(lang, "who_many", group=group, measure=measure_label(s.measure, lang), n=s.n_units)


def plot_indicator_series(
    table: IndicatorTable,
    indicator: str | None,
    span: Span,
    *,
    ax=None,
    lang: str = "en",
    context: FigureContext | None = None,
):
    """Pilot vs comparison series with the before/after windows shaded; the pilot start
    (every adoption wave of a staggered roll-out) and every milestone marked and named;
    the y-axis the indicator and its unit per period, never below zero for counts,
    rates, shares and stocks."""
    indicator = indicator or next((s.indicator for s in table.series), None)
    series = [s for s in table.series if s.indicator == indicator]
    if not series:
        raise AnalysisError(f"no series for indicator '{indicator}' (facts have none)")
    ax = new_axes(ax, 3.8, lang)
    freq = table.frequency
    words = _span(span, lang)
    styles = {
        "treated": {"color": PALETTE["treated"], "lw": 2.0},
        "comparison": {"color": PALETTE["comparison"], "lw": 1.4},
    }
    ref = _reference_change(table, indicator)
    for s in series:
        x = [pd.Period(p, freq).to_timestamp() for p in s.periods]
        ax.plot(
            x,
            s.values,
            marker="o",
            ms=2.5,
            label=_who(table, indicator, s, lang),
            **styles.get(s.group, {}),
        )
    if ref is not None:
        _shade_windows(ax, ref, freq, words, lang)
    first, last = series[0].periods[0], series[0].periods[-1]
    mark_events(
        ax,
        context,
        lang,
        lambda t: pd.Period(t, freq).to_timestamp(),
        first,
        last,
        freq=freq,
        pilot_start=table.pilot_start,
    )
    period_axis(ax, freq, first, last)
    ax.set_xlabel(fw(lang, f"axis.{freq[:1].upper()}") if freq[:1].upper() in "MQY" else "")
    kind = (context.kind if context is not None else "") or (ref.indicator_kind if ref else "")
    label = _label(context, lang, ref.label if ref is not None else "")
    unit = context.unit(lang) if context is not None else ""
    if not unit and ref is not None and ref.unit_label and figure_lang(lang) == "en":
        unit = ref.unit_label
    set_title(ax, label)
    name = label or fw(lang, "outcome_generic")
    ax.set_ylabel(wrap(value_label(name, unit, freq, lang, kind), 46))
    values = np.concatenate([np.asarray(s.values, dtype=float) for s in series])
    if kind in ("share", "proportion") and np.nanmax(values) <= 1.0:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    if kind in NON_NEGATIVE:
        clip_at_zero(ax)
    legend_below(ax, ncol=2)
    return ax
