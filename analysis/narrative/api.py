"""``narrate(result, lang)``: one sentence for any result object, by its type."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from analysis.comparisons import PermutationDiD, StaggeredComparison, Triangulation
from analysis.designs.base import EffectResult
from analysis.designs.did import DiDResult
from analysis.designs.event_study import EventStudyResult
from analysis.designs.synth import SynthPlaceboResult, SynthResult
from analysis.indicators import ChangeComparison, FactLevel, IndicatorChange
from analysis.narrative import causal, descriptive
from analysis.narrative.gates import EffectSummary, estimate_text
from analysis.narrative.numbers import Quoter
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, t
from analysis.trends import ModelOutcome

LANGS = ("en", "zh")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")


@singledispatch
def narrate(result: Any, lang: str = "en", **kwargs: Any) -> Sentence:
    """One sentence for ``result`` in ``lang`` ('en' or 'zh'), by the result's type.

    Descriptive (tone ``descriptive``): IndicatorChange, ChangeComparison, FactLevel.
    Causal (tone ``causal_*``, gated by diagnostics): EffectResult and ModelOutcome
    (ITS/STS), PermutationDiD, (SynthResult, SynthPlaceboResult), EventStudyResult,
    StaggeredComparison, DiDResult, Triangulation, EffectSummary. Keyword arguments go
    to the per-design function (``label=`` for the label to print, e.g. the Chinese one).
    """
    raise TypeError(f"no narrative for {type(result).__name__}")


@narrate.register
def _(result: IndicatorChange, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return descriptive.narrate_change(result, lang, **kw)


@narrate.register
def _(result: ChangeComparison, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return descriptive.narrate_change_comparison(result, lang, **kw)


@narrate.register
def _(result: FactLevel, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return descriptive.narrate_fact(result, lang, **kw)


@narrate.register(EffectResult)
@narrate.register(ModelOutcome)
def _(result: EffectResult | ModelOutcome, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_effect(result, lang, **kw)


@narrate.register
def _(result: PermutationDiD, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_did(result, lang, **kw)


@narrate.register
def _(result: tuple, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    fit, placebo = result
    if not isinstance(fit, SynthResult) or not isinstance(placebo, SynthPlaceboResult | None):
        raise TypeError("a tuple must be (SynthResult, SynthPlaceboResult)")
    return causal.narrate_synth(fit, placebo, lang, **kw)


@narrate.register
def _(result: SynthResult, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_synth(result, None, lang, **kw)


@narrate.register
def _(result: EventStudyResult, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_event_study(result, lang, **kw)


@narrate.register
def _(result: StaggeredComparison, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_staggered(result, lang, **kw)


@narrate.register
def _(result: DiDResult, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_twfe(result, lang, **kw)


@narrate.register
def _(result: Triangulation, lang: str = "en", **kw: Any) -> Sentence:
    _check_lang(lang)
    return causal.narrate_triangulation(result, lang, **kw)


@narrate.register
def _(result: EffectSummary, lang: str = "en", *, label: str = "") -> Sentence:
    """Plain values: "{label}: the estimated effect of the pilot is …" with its gates."""
    _check_lang(lang)
    q = Quoter(lang)
    est, ci = estimate_text(result, q)
    head = t(lang, "c.twfe", label=label_for(lang, label), est=est) if label else \
        t(lang, "c.compact", est=est)
    return causal._sentence(head, "", result, q, ci)
