"""Figures of effect estimates and their checks: the ITS/STS path
(:func:`plot_effect`), placebo-in-time (:func:`plot_placebo`), sensitivity
(:func:`plot_sensitivity`) and power (:func:`plot_power`). House style from
:mod:`analysis.pictures.style`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from analysis.narrative.figure_words import design_label, fw, specification_label, value_label
from analysis.pictures.context import FigureContext
from analysis.pictures.marks import mark_events
from analysis.pictures.style import (
    PALETTE,
    capped_range,
    clip_at_zero,
    interval_row,
    legend_below,
    new_axes,
    period_axis,
    ribbon,
    set_title,
    wrap,
)

if TYPE_CHECKING:
    from analysis.results.effects import EffectResult
    from analysis.results.power import MDEResult
    from analysis.results.robustness import PlaceboResult, SensitivityResult

__all__ = ["plot_effect", "plot_placebo", "plot_power", "plot_sensitivity"]


def _path_freq(time: tuple[str, ...]) -> str | None:
    """The frequency of period labels (``2021-01`` month, ``2021Q1`` quarter, ``2021``
    year), or None for labels that are not periods."""
    if not time:
        return None
    t = time[0]
    if len(t) == 7 and t[4] == "-":
        return "M"
    if len(t) == 6 and t[4] == "Q":
        return "Q"
    if len(t) == 4 and t.isdigit():
        return "Y"
    return None


def _path_x(time: tuple[str, ...]):
    """Period labels as timestamps (a date axis, ticks at the series' frequency); labels
    that are not periods as positions."""
    freq = _path_freq(time)
    if freq is None:
        return list(range(len(time)))
    return pd.PeriodIndex(time, freq=freq).to_timestamp()


def _log_model(result: EffectResult) -> bool:
    """A Gaussian or state-space model of log(y) (``transform: log``): log-scale terms
    without a count family's log link; its path is shown back-transformed."""
    counts = result.family in ("poisson", "quasipoisson", "negbin")
    return not counts and any(c.scale == "log" for c in result.coefficients)


def _non_negative(result: EffectResult, context: FigureContext | None) -> bool:
    """Counts, rates, shares and stocks never go below zero (the context's kind; without
    one, a count family or a series that is never negative under a log model)."""
    if context is not None and context.kind:
        return context.non_negative
    counts = result.family in ("poisson", "quasipoisson", "negbin")
    return counts or _log_model(result)


def effect_ylabel(result: EffectResult, context: FigureContext | None, lang: str) -> str:
    """The y-axis label of an effect path: the indicator and its unit per period."""
    ctx = context or FigureContext()
    label = ctx.label(lang, fallback=result.label if lang != "zh" else "")
    if not label:
        return fw(lang, "outcome_generic")
    freq = ctx.frequency or _path_freq(result.path.time)
    return value_label(label, ctx.unit(lang), freq, lang, ctx.kind)


def _draw_counterfactual(
    ax, result: EffectResult, x, post: list[int], floor, lang: str, ceiling=None
):
    p = result.path
    level = f"{(1 - result.alpha) * 100:g}%"
    i0 = max(post[0] - 1, 0)
    xs = x[i0:]
    cf = np.asarray(p.counterfactual[i0:], dtype=float)
    ax.plot(
        xs,
        np.clip(cf, floor, ceiling) if floor is not None or ceiling is not None else cf,
        color=PALETTE["counterfactual"],
        lw=1.8,
        ls="--",
        label=fw(lang, "counterfactual"),
    )
    green = PALETTE["counterfactual"]
    ribbon(
        ax,
        xs,
        p.cf_pred_low[i0:],
        p.cf_pred_high[i0:],
        color=green,
        alpha=0.12,
        label=fw(lang, "pred_band", level=level),
        floor=floor,
        ceiling=ceiling,
    )
    ribbon(
        ax,
        xs,
        p.cf_conf_low[i0:],
        p.cf_conf_high[i0:],
        color=green,
        alpha=0.28,
        label=fw(lang, "conf_band", level=level),
        floor=floor,
        ceiling=ceiling,
    )


def plot_effect(
    result: EffectResult, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Observed, fitted, the counterfactual with its bands as ribbons (never below zero
    for counts, rates, shares and stocks); the pilot start, the model's break (named by
    its milestone where it is not the pilot start) and every milestone marked; the
    y-axis the indicator and its unit per period, the x-axis the period."""
    ax = new_axes(ax, 3.6, lang)
    p = result.path
    x = _path_x(p.time)
    nonneg = _non_negative(result, context)
    floor = 0.0 if nonneg else None
    excluded = list(p.excluded) if len(p.excluded) == len(p.time) else [False] * len(p.time)
    obs = np.asarray(p.observed, dtype=float)
    is_share = context is not None and context.kind in ("proportion", "share")
    shares = is_share and bool(np.nanmax(obs) <= 1.0)  # a share on the 0–1 scale
    ceiling = (1.0 if shares else 100.0) if is_share else None  # never above 100%
    keep = ~np.asarray(excluded, dtype=bool)
    xa = np.asarray(x)
    ax.plot(xa[keep], obs[keep], "o", ms=3.5, color=PALETTE["neutral"], label=fw(lang, "observed"))
    if (~keep).any():
        ax.plot(
            xa[~keep],
            obs[~keep],
            "o",
            ms=5,
            mfc="white",
            color=PALETTE["neutral"],
            label=fw(lang, "excluded"),
        )
    ax.plot(x, p.fitted, color=PALETTE["treated"], lw=1.8, label=fw(lang, "fitted"))
    post = [i for i, v in enumerate(p.post) if v]
    if post and result.effects:  # an interruption term: a counterfactual to draw
        _draw_counterfactual(ax, result, x, post, floor, lang, ceiling)
    freq = _path_freq(p.time)
    if freq is not None:
        period_axis(ax, freq, p.time[0], p.time[-1])
        mark_events(
            ax,
            context,
            lang,
            lambda t: pd.Period(t, freq).to_timestamp(),
            p.time[0],
            p.time[-1],
            freq=freq,
            pilot_start=result.start,
            model_start=str(result.start) if result.start else (p.time[post[0]] if post else None),
        )
        ax.set_xlabel(fw(lang, f"axis.{freq}"))
    label = (context.label(lang, result.label) if context else "") or (
        result.label if lang != "zh" else ""
    )
    design = design_label(result.design, lang)
    title = fw(lang, "title_design", label=label, design=design) if label else design
    set_title(ax, title)
    ylabel = effect_ylabel(result, context, lang)
    if _log_model(result):
        ylabel = f"{ylabel}\n{fw(lang, 'log_note')}"
    ax.set_ylabel(wrap(ylabel, 46))
    if shares:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    if nonneg:
        clip_at_zero(ax)
    legend_below(ax, ncol=2)
    return ax


def _quantity(scale: str, lang: str) -> str:
    return fw(lang, "relative_axis") if scale == "relative" else fw(lang, "effect_axis_generic")


def _forest_rows(ax, rows: list, scale: str, highlighted: list[bool]) -> None:
    """One interval per row (estimate, conf_low, conf_high; percent when ``scale`` is
    relative), the highlighted ones in the treated colour, the axis cut where an interval
    runs far past the estimates (never below −100% for a relative effect), and zero."""
    k = 100.0 if scale == "relative" else 1.0
    lims = capped_range(
        [r.conf_low * k for r in rows],
        [r.conf_high * k for r in rows],
        [r.estimate * k for r in rows],
        floor=-100.0 if scale == "relative" else None,
    )
    for i, (r, hot) in enumerate(zip(rows, highlighted, strict=True)):
        interval_row(
            ax,
            i,
            r.estimate * k,
            r.conf_low * k,
            r.conf_high * k,
            color=PALETTE["treated"] if hot else PALETTE["neutral"],
            limits=lims,
            lw=1.8,
            ms=5,
        )
    if lims is not None:
        ax.set_xlim(*lims)
    ax.axvline(0.0, color="#222222", lw=0.8)


def plot_placebo(
    result: PlaceboResult, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Placebo estimates with their intervals by fake start (the real one highlighted),
    one row each; relative effects in percent."""
    rows = list(result.placebos) + ([result.real] if result.real is not None else [])
    ax = new_axes(ax, 0.3 * len(rows) + 1.6, lang)
    _forest_rows(ax, rows, result.scale, [r.role == "real" for r in rows])
    names = [
        fw(lang, "real_start") if r.role == "real" else fw(lang, "placebo_start") for r in rows
    ]
    ax.set_yticks(range(len(rows)), [f"{r.start} ({n})" for r, n in zip(rows, names, strict=True)])
    ax.invert_yaxis()
    ax.set_xlabel(_quantity(result.scale, lang))
    ax.set_ylabel(fw(lang, "placebo_axis"))
    return ax


def plot_sensitivity(
    result: SensitivityResult, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Forest plot: one interval per specification, the baseline highlighted, the axis
    cut where an interval runs far past the estimates (the cut end marked by an arrow)."""
    rows = [r for r in result.rows if r.fitted]
    ax = new_axes(ax, 0.3 * len(rows) + 1.2, lang)
    _forest_rows(ax, rows, result.scale, [r.dimension == "baseline" for r in rows])
    ax.set_yticks(
        range(len(rows)),
        [specification_label(r.dimension, r.setting, lang) for r in rows],
    )
    ax.invert_yaxis()
    ax.set_xlabel(_quantity(result.scale, lang))
    return ax


def plot_power(
    result: MDEResult, *, ax=None, lang: str = "en", context: FigureContext | None = None
):
    """Power against the planted effect size, the target power and the MDE marked."""
    ax = new_axes(ax, 3.2, lang)
    f = result.to_frame().dropna(subset=["power"])
    points = getattr(result, "scale", "relative") == "points"  # shares: percentage points
    ax.plot(f["effect"] * 100, f["power"], "o-", color=PALETTE["treated"])
    ax.axhline(
        result.target_power,
        color=PALETTE["neutral"],
        ls=":",
        lw=1.2,
        label=fw(lang, "target_power", p=f"{result.target_power:g}"),
    )
    if math.isfinite(result.mde):
        ax.axvline(
            result.mde * 100,
            color=PALETTE["counterfactual"],
            ls="--",
            lw=1.2,
            label=fw(
                lang, "mde", v=fw(lang, "pp" if points else "pct", v=f"{result.mde * 100:.0f}")
            ),
        )
    direction = (
        fw(lang, f"direction.{result.direction}")
        if result.direction in ("decrease", "increase")
        else result.direction
    )
    ax.set_xlabel(fw(lang, "planted_pp" if points else "planted", direction=direction))
    ax.set_ylabel(fw(lang, "power"))
    ax.set_ylim(0, 1.02)
    legend_below(ax, ncol=2)
    return ax
