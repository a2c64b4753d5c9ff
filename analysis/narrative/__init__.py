"""Sentences generated only from result objects, per design, in English and Chinese.

Public API
----------
``narrate(result, lang="en"|"zh", **kw) -> Sentence``
    Dispatches on the result type (see :func:`analysis.narrative.api.narrate`).
Per design: ``narrate_change``, ``narrate_change_comparison``, ``narrate_fact``,
``narrate_indicators`` (descriptive); ``narrate_effect`` (ITS/STS), ``narrate_did``,
``narrate_synth``, ``narrate_event_study``, ``narrate_staggered``, ``narrate_twfe``,
``narrate_triangulation`` (causal).
``what_it_means(change, comparison, effect, lang) -> Paragraph``
    The pilot's change, the comparison units' change, the estimated effect.
``summarize(result) -> EffectSummary``; ``gates(summary)``, ``tone_of(gates)``
    The numbers and diagnostics behind a causal sentence, and the gating rules.

A :class:`Sentence` carries ``text``, ``values`` (every number quoted, unrounded, as
stored in the result's ``to_dict()``), ``tone`` (``descriptive``, ``causal_supported``,
``causal_inconclusive``, ``causal_doubtful``) and ``gates``.

Vocabulary lives in :mod:`analysis.narrative.vocab` (EN and ZH tables), the gating
rules in :mod:`analysis.narrative.gates`, the number formatting rules in
:mod:`analysis.narrative.numbers`.
"""

from analysis.narrative.api import narrate
from analysis.narrative.causal import (
    narrate_did,
    narrate_effect,
    narrate_event_study,
    narrate_staggered,
    narrate_synth,
    narrate_twfe,
    summarize,
)
from analysis.narrative.comparisons_text import narrate_triangulation
from analysis.narrative.descriptive import (
    narrate_change,
    narrate_change_comparison,
    narrate_fact,
    narrate_indicators,
)
from analysis.narrative.gates import EffectSummary, gates, tone_of
from analysis.narrative.paragraph import placebo_range, what_it_means
from analysis.narrative.sentence import Paragraph, Sentence, Tone

__all__ = [
    "EffectSummary",
    "Paragraph",
    "Sentence",
    "Tone",
    "gates",
    "narrate",
    "narrate_change",
    "narrate_change_comparison",
    "narrate_did",
    "narrate_effect",
    "narrate_event_study",
    "narrate_fact",
    "narrate_indicators",
    "narrate_staggered",
    "narrate_synth",
    "narrate_triangulation",
    "narrate_twfe",
    "placebo_range",
    "summarize",
    "tone_of",
    "what_it_means",
]
