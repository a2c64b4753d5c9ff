"""``narrate(result, lang)``: one sentence for any result object, by its type."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from analysis.narrative import (
    causal,
    claims,
    comparisons_text,
    descriptive,
    effects_text,
    falsification_text,
)
from analysis.narrative.gates import EffectSummary, estimate_text
from analysis.narrative.numbers import Quoter
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, t
from analysis.results.claims import ClaimCheck, ClaimsTable, ParsedClaim, ReadingCheck, Verdict
from analysis.results.comparisons import PermutationDiD, Triangulation
from analysis.results.did import DiDResult
from analysis.results.effects import EffectResult
from analysis.results.event_study import EventStudyResult
from analysis.results.falsification import FalsificationCheck
from analysis.results.indicators import ChangeComparison, FactLevel, IndicatorChange
from analysis.results.power import MDEResult
from analysis.results.robustness import PlaceboResult, SensitivityResult
from analysis.results.staggered import StaggeredComparison
from analysis.results.synth import SynthPlaceboResult, SynthResult
from analysis.results.trends import ModelOutcome

LANGS = ("en", "zh")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")


def narrate(result: Any, lang: str = "en", **kwargs: Any) -> Sentence:
    """One sentence for ``result`` in ``lang`` ('en' or 'zh'), by the result's type.

    Descriptive (tone ``descriptive``): IndicatorChange, ChangeComparison, FactLevel.
    Causal (tone ``causal_*``, gated by diagnostics): EffectResult and ModelOutcome
    (ITS/STS), PermutationDiD, (SynthResult, SynthPlaceboResult), EventStudyResult,
    StaggeredComparison, DiDResult, Triangulation, EffectSummary. Keyword arguments go
    to the per-design function (``label=`` for the label to print, e.g. the Chinese one).
    """
    _check_lang(lang)
    return _narrate(result, lang, **kwargs)


@singledispatch
def _narrate(result: Any, lang: str, **kwargs: Any) -> Sentence:
    raise TypeError(f"no narrative for {type(result).__name__}")


#: Result types whose sentence is one per-design function ``f(result, lang, **kw)``.
_BY_TYPE: dict[type, Any] = {
    IndicatorChange: descriptive.narrate_change,
    ChangeComparison: descriptive.narrate_change_comparison,
    FactLevel: descriptive.narrate_fact,
    EffectResult: causal.narrate_effect,
    ModelOutcome: causal.narrate_effect,
    PermutationDiD: causal.narrate_did,
    EventStudyResult: causal.narrate_event_study,
    StaggeredComparison: causal.narrate_staggered,
    DiDResult: causal.narrate_twfe,
    Triangulation: comparisons_text.narrate_triangulation,
    MDEResult: effects_text.narrate_mde,
    PlaceboResult: effects_text.narrate_placebo,
    SensitivityResult: effects_text.narrate_sensitivity,
    ParsedClaim: claims.narrate_parsed_claim,
    ReadingCheck: claims.narrate_reading_check,
    Verdict: claims.narrate_verdict,
    ClaimCheck: claims.narrate_claim,
    ClaimsTable: claims.narrate_claims_table,
    FalsificationCheck: falsification_text.narrate_falsification,
}
for _cls, _fn in _BY_TYPE.items():
    _narrate.register(_cls, _fn)


@_narrate.register
def _(result: tuple, lang: str, **kw: Any) -> Sentence:
    fit, placebo = result
    if not isinstance(fit, SynthResult) or not isinstance(placebo, SynthPlaceboResult | None):
        raise TypeError("a tuple must be (SynthResult, SynthPlaceboResult)")
    return causal.narrate_synth(fit, placebo, lang, **kw)


@_narrate.register
def _(result: SynthResult, lang: str, **kw: Any) -> Sentence:
    return causal.narrate_synth(result, None, lang, **kw)


@_narrate.register
def _(result: EffectSummary, lang: str, *, label: str = "") -> Sentence:
    """Plain values: "{label}: the estimated effect of the pilot is …" with its gates."""
    q = Quoter(lang)
    est, ci = estimate_text(result, q)
    head = (
        t(lang, "c.twfe", label=label_for(lang, label), est=est)
        if label
        else t(lang, "c.compact", est=est)
    )
    return causal._sentence(head, "", result, q, ci)
