"""What every section needs: the languages of a report, labels, headline boxes."""

from __future__ import annotations

from markupsafe import Markup

from analysis.narrative.api import narrate
from analysis.narrative.vocab import label_for
from analysis.report.render import render
from analysis.results.study import StudyResults


def sentence_langs(lang: str) -> tuple[str, ...]:
    """The languages sentences are written in for report language ``lang``."""
    return {"en": ("en",), "zh": ("zh",)}.get(lang, ("en", "zh"))


def label(res: StudyResults, iid: str, lang: str) -> str:
    """An indicator's label in the page language ``lang``: the Chinese one with
    full-width punctuation on a Chinese page (盗窃警情（对照指标）), else the English."""
    return label_for(word_lang(lang), res.label(iid, "en"), res.label(iid, "zh"))


def word_lang(lang: str) -> str:
    """The language of headings and notes: Chinese for a Chinese report, else English."""
    return "zh" if lang == "zh" else "en"


def headline_boxes(res: StudyResults, result, iid: str, lang: str) -> Markup:
    """The narrative's sentence for ``result``, one headline box per sentence language."""
    texts = [narrate(result, sl, label=res.label(iid, sl)).text for sl in sentence_langs(lang)]
    return render("boxes", texts=texts)


def plot_in(plot, *args: object, lang: str, res: StudyResults, iid: str | None):
    """``plot(*args)`` in the page language ``lang``, with the figure context of indicator
    ``iid`` (labels and units in both languages, kind, milestones and adoption waves:
    ``pictures.context.figure_context``), which every pictures function takes."""
    from analysis.pictures.context import figure_context

    return plot(*args, lang=lang, context=figure_context(res, iid))
