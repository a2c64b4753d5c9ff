"""The dated events on a time axis, each marked and named in the page language: the pilot
start (or every adoption wave of a staggered roll-out), the model's own break where it
is not the pilot start, and every spec milestone — a ``recording_change`` milestone in
its own style and named as a change in what is recorded."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.narrative.figure_words import fw, period_text
from analysis.pictures.context import FigureContext, Milestone
from analysis.pictures.style import INTERVENTION, MILESTONE, RECORDING, mark_line

__all__ = ["events", "mark_events"]


def _milestone_words(m: Milestone, lang: str) -> tuple[dict, str]:
    period = period_text(m.date, lang)
    if m.kind == "recording_change":
        return RECORDING, fw(lang, "recording_change", label=m.label(lang), period=period)
    return MILESTONE, fw(lang, "milestone", label=m.label(lang), period=period)


def events(
    context: FigureContext | None,
    lang: str,
    *,
    pilot_start: str | None = None,
    model_start: str | None = None,
) -> list[tuple[str, dict, str]]:
    """(period, line style, name) of every event to mark, by date: the pilot start or
    each wave, the model break (named by its milestone) where it differs, the other
    milestones. ``pilot_start`` is used where the context has none."""
    ctx = context or FigureContext(pilot_start=pilot_start)
    start = ctx.pilot_start or pilot_start
    out: dict[str, tuple[dict, str]] = {}
    waves = ctx.waves if len(ctx.waves) > 1 else ()
    for i, w in enumerate(waves, start=1):
        m = ctx.milestone_at(w)
        name = m.label(lang) if m is not None else ""
        period = period_text(w, lang)
        words = fw(lang, "milestone", label=name, period=period) if name else ""
        out[w] = (INTERVENTION, words or fw(lang, "wave", n=i, period=period))
    if not waves and start:
        out[str(start)] = (INTERVENTION, fw(lang, "pilot_start", period=period_text(start, lang)))
    if model_start and str(model_start) not in out:
        m = ctx.milestone_at(model_start)
        if m is not None:
            out[str(model_start)] = _milestone_words(m, lang)
        else:
            period = period_text(model_start, lang)
            out[str(model_start)] = (MILESTONE, fw(lang, "model_break", period=period))
    for m in ctx.milestones:
        if m.date not in out:
            out[m.date] = _milestone_words(m, lang)
    return [(p, *out[p]) for p in sorted(out)]


def mark_events(
    ax,
    context: FigureContext | None,
    lang: str,
    to_x: Callable[[str], object],
    first: str,
    last: str,
    *,
    freq: str,
    pilot_start: str | None = None,
    model_start: str | None = None,
) -> int:
    """Draw every event inside ``first``..``last`` as a vertical line with a number at
    the top and its name in the legend; returns how many were drawn."""
    lo, hi = pd.Period(first, freq), pd.Period(last, freq)
    shown = []
    for period, style, name in events(
        context, lang, pilot_start=pilot_start, model_start=model_start
    ):
        try:
            p = pd.Period(period, freq)
        except (ValueError, TypeError):
            continue
        if lo <= p <= hi:
            shown.append((p, period, style, name))
    tagged = len(shown) > 1
    near = max(1, (hi - lo).n // 30)  # tags this close would overlap: pushed apart
    align = ["center"] * len(shown)
    for i in range(1, len(shown)):
        if (shown[i][0] - shown[i - 1][0]).n <= near:
            align[i - 1], align[i] = "right", "left"
    for i, (_, period, style, name) in enumerate(shown, start=1):
        tag = str(i) if tagged else None
        mark_line(ax, to_x(period), style, name, tag=tag, ha=align[i - 1])
    return len(shown)
