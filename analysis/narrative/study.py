"""The sentences of a whole study: front-page headlines and trend-model headlines.

Functions of a :class:`~analysis.results.study.StudyResults`; every sentence comes
from :func:`analysis.narrative.api.narrate` and the descriptive module.
"""

from __future__ import annotations

from analysis.narrative.api import narrate
from analysis.narrative.descriptive import narrate_change
from analysis.narrative.sentence import Sentence
from analysis.results.study import StudyResults


def headline_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """The front page: one descriptive sentence per before/after indicator, then the
    estimated effect per indicator where a design estimated one (triangulation across
    designs, or the staggered estimator)."""
    out = []
    if res.indicators is not None:
        for iid in res.indicators.indicators():
            out.append(
                narrate_change(res.indicators.get(iid, "treated"), lang, label=res.label(iid, lang))
            )
    for iid, tri in res.triangulation.items():
        out.append(narrate(tri, lang, label=res.label(iid, lang)))
    for iid, st in res.applicable("staggered").items():
        out.append(narrate(st, lang, label=res.label(iid, lang)))
    return out


def headlines(res: StudyResults) -> list[str]:
    """The front-page sentences as text, every language of the report."""
    return [s.text for lang in res.langs for s in headline_sentences(res, lang)]


def model_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """One sentence per fitted trend model."""
    if res.trends is None:
        return []
    return [
        narrate(o, lang, label=res.label(o.indicator, lang))
        for o in res.trends.outcomes
        if o.effect is not None
    ]


def model_headlines(res: StudyResults) -> list[str]:
    """One narrative sentence per fitted trend model, every language of the report."""
    return [s.text for lang in res.langs for s in model_sentences(res, lang)]


def summary_text(res: StudyResults, lang: str = "en") -> str:
    """The front-page sentences of ``lang`` in one paragraph."""
    return " ".join(s.text for s in headline_sentences(res, lang))
