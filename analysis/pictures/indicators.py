"""Figures of the before/after indicators: an estimate with its interval, before/after
levels, and the treated vs comparison series with the windows shaded.

Window labels come from the caller as ``span(start, end, freq) -> str`` (the
narrative's period-span words), so the figure and the sentences name windows alike.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from analysis.core.errors import AnalysisError
from analysis.pictures.style import period_axis
from analysis.results.indicators import Estimate, IndicatorChange, IndicatorTable

Span = Callable[[str, str, str], str]


def _axes(ax, figsize: tuple[float, float]):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_estimate(est: Estimate, *, ax=None, lang: str = "en", context=None):
    """The estimate as a point with its interval."""
    ax = _axes(ax, (5, 1.6))
    lo = est.estimate - est.conf_low if np.isfinite(est.conf_low) else 0.0
    hi = est.conf_high - est.estimate if np.isfinite(est.conf_high) else 0.0
    ax.errorbar([est.estimate], [0], xerr=[[lo], [hi]], fmt="o", color="C0", capsize=4)
    ax.set_yticks([0], [est.quantity])
    ax.set_xlabel(f"{est.method}, {100 * (1 - est.alpha):g}% CI")
    return ax


def plot_change(c: IndicatorChange, span: Span, *, ax=None, lang: str = "en", context=None):
    """Before and after levels as bars with their intervals."""
    ax = _axes(ax, (4, 3))
    levels = [c.before_level, c.after_level]
    lows = [c.before_conf_low, c.after_conf_low]
    highs = [c.before_conf_high, c.after_conf_high]
    err = None
    if all(np.isfinite(lows + highs)):
        err = [
            [v - lo for v, lo in zip(levels, lows, strict=True)],
            [hi - v for v, hi in zip(levels, highs, strict=True)],
        ]
    ax.bar([0, 1], levels, yerr=err, color=["0.7", "C0"], capsize=4)
    ax.set_xticks(
        [0, 1],
        [
            span(c.before_start, c.before_end, c.frequency),
            span(c.after_start, c.after_end, c.frequency),
        ],
    )
    ax.set_title(f"{c.label} ({c.group})")
    ax.set_ylabel(c.level_definition)
    if c.averaged and c.indicator_kind == "share":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
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


def _shade_windows(ax, ref: IndicatorChange, freq: str, span: Span) -> None:
    for a, b, color, name in (
        (ref.before_start, ref.before_end, "0.85", "before"),
        (ref.after_start, ref.after_end, "#cfe3f3", "after"),
    ):
        lo = pd.Period(a, freq).to_timestamp()
        hi = (pd.Period(b, freq) + 1).to_timestamp()
        ax.axvspan(
            lo, hi, color=color, alpha=0.6, lw=0, label=f"{name}: {span(a, b, freq)}", zorder=0
        )


def plot_indicator_series(
    table: IndicatorTable,
    indicator: str | None,
    span: Span,
    *,
    ax=None,
    lang: str = "en",
    context=None,
):
    """Treated vs comparison series, pilot start marked, before/after windows shaded."""
    indicator = indicator or next((s.indicator for s in table.series), None)
    series = [s for s in table.series if s.indicator == indicator]
    if not series:
        raise AnalysisError(f"no series for indicator '{indicator}' (facts have none)")
    ax = _axes(ax, (8, 3.6))
    freq = table.frequency
    styles = {"treated": {"color": "C0", "lw": 2.0}, "comparison": {"color": "0.45", "lw": 1.4}}
    ref = _reference_change(table, indicator)
    for s in series:
        x = [pd.Period(p, freq).to_timestamp() for p in s.periods]
        units = next(
            (c.units for c in table.changes if c.indicator == indicator and c.group == s.group),
            (),
        )
        who = (
            f"{s.group} ({', '.join(units)})"
            if s.n_units == 1
            else f"{s.group}, {s.measure} (n={s.n_units})"
        )
        ax.plot(x, s.values, marker="o", ms=2.5, label=who, **styles.get(s.group, {}))
    if ref is not None:
        _shade_windows(ax, ref, freq, span)
        ax.set_title(ref.label)
    if table.pilot_start:
        ax.axvline(
            pd.Period(table.pilot_start, freq).to_timestamp(),
            color="k",
            ls="--",
            lw=1,
            label="pilot start",
        )
    period_axis(ax, freq, series[0].periods[0], series[0].periods[-1])
    unit = ref.unit_label if ref is not None and ref.unit_label else ""
    averaged = ref is not None and ref.averaged  # a mean of given values, never a sum
    measure = (
        series[0].measure if series[0].measure.startswith("pooled") or averaged else "per unit"
    )
    if averaged and ref is not None and ref.indicator_kind == "share":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(f"{unit}, {measure}" if unit else measure)
    ax.legend(
        frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3
    )
    return ax
