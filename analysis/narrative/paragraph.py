"""The "what the change means" paragraph: the pilot's own change, the comparison units'
change over the same periods, and the pilot's estimated effect with its interval and
gates, in one sentence of clauses (each clause keeps its own tone)."""

from __future__ import annotations

import math
from typing import Any

from analysis.narrative.causal import summarize
from analysis.narrative.descriptive import change_clause
from analysis.narrative.gates import EffectSummary, estimate_text, gate_text, gates, tone_of
from analysis.narrative.numbers import Quoter, decimals_for
from analysis.narrative.sentence import Paragraph, Sentence
from analysis.narrative.vocab import phrase, t
from analysis.results.indicators import IndicatorChange

#: A trend model interrupted at a recording change (``interruption_kind``): the change
#: after it is in what is recorded, never "the pilot's estimated effect".
_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "rc.its": "after the recording change the recorded figure is {est} relative to the trend",
        "rc.sts": "after the recording change the recorded figure is {est} relative to a forecast",
        "rc.meaning": " — a change in what is recorded, not an effect of the pilot",
    },
    "zh": {
        "rc.its": "统计口径变化之后，记录数相对于此前趋势为{est}",
        "rc.sts": "统计口径变化之后，记录数相对于依据此前数据的预测为{est}",
        "rc.meaning": "——这是记录口径的变化，而非试点的效果",
    },
}


def _w(lang: str, key: str, **fields: object) -> str:
    return phrase(_TEXT, lang, key, **fields)


def placebo_range(result: Any) -> tuple[float, float] | None:
    """(smallest, largest) placebo-in-time estimate of an ITS result or model outcome,
    from its ``placebo_in_time`` check; None when there is none."""
    effect = getattr(result, "effect", result)
    for c in getattr(effect, "checks", ()):
        if c.name == "placebo_in_time":
            vals = dict(c.values)
            lo, hi = vals.get("placebo_min"), vals.get("placebo_max")
            if lo is not None and hi is not None:
                return float(lo), float(hi)
    return None


def what_it_means(
    change: IndicatorChange,
    comparison: IndicatorChange | None,
    effect: Any,
    lang: str = "en",
    *,
    placebo: tuple[float, float] | None = None,
    label: str | None = None,
) -> Paragraph:
    """ "Fraud at Dadeng fell 22% year on year; the comparison units fell 12% over the same
    months; the pilot's estimated effect is −11% (95% CI −45% to +44%), which cannot be
    told apart from no change."

    Parameters
    ----------
    change : IndicatorChange
        The pilot's descriptive before/after change (e.g. year on year).
    comparison : IndicatorChange or None
        The comparison units' change over the same windows.
    effect : result or EffectSummary
        The adjusted effect: any result :func:`analysis.narrative.summarize` accepts
        (PermutationDiD, EffectResult, ModelOutcome, (SynthResult, SynthPlaceboResult),
        EventStudyResult, StaggeredComparison, DiDResult) or an :class:`EffectSummary`
        built from plain values.
    placebo : (low, high), optional
        Range of placebo estimates (relative) to quote, e.g. :func:`placebo_range`.
    label : str, optional
        Indicator label to print (default: the change's label in ``lang``).
    """
    parts: list[Sentence] = []
    text, values, zero = change_clause(change, lang, compact=True, label=label)
    parts.append(
        Sentence(text, values, "descriptive", ("interval_includes_zero",) if zero else (), lang)
    )
    if comparison is not None:
        text, values, zero = change_clause(comparison, lang, compact=True)
        parts.append(
            Sentence(text, values, "descriptive", ("interval_includes_zero",) if zero else (), lang)
        )
    s: EffectSummary = summarize(effect)
    q = Quoter(lang)
    fired = gates(s)
    est, ci = estimate_text(s, q)
    key = {"its": "c.compact_its", "sts": "c.compact_sts"}.get(s.design, "c.compact")
    fit = getattr(effect, "effect", effect)  # a ModelOutcome's EffectResult
    if s.design == "sts" and any(c.term == "step" for c in getattr(fit, "coefficients", ())):
        key = "c.compact_sts_step"  # the intervention form: no forecast
    recording = getattr(effect, "interruption_kind", "") == "recording_change"
    head = _w(lang, f"rc.{s.design}", est=est) if recording else t(lang, key, est=est)
    text = head + t(lang, "open") + ci + t(lang, "close") + gate_text(s, fired, q)
    tone = "descriptive" if recording else tone_of(fired)  # what is recorded, not an effect
    if recording:
        text += _w(lang, "rc.meaning")
    parts.append(Sentence(text, tuple(q.values), tone, fired, lang))
    if placebo is not None and all(math.isfinite(x) for x in placebo):
        q = Quoter(lang)
        d = decimals_for(placebo[0], placebo[1])
        parts.append(
            Sentence(
                t(lang, "p.placebo_range", lo=q.pct(placebo[0], d), hi=q.pct(placebo[1], d)),
                tuple(q.values),
                tone,
                (),
                lang,
            )
        )
    joined = t(lang, "sep").join(p.text for p in parts)
    if lang == "en" and joined:
        joined = joined[0].upper() + joined[1:]
    return Paragraph(tuple(parts), joined + t(lang, "end"), lang)
