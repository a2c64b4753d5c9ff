"""What every section needs: the languages of a report, labels, headline boxes."""

from __future__ import annotations

from markupsafe import Markup

from analysis.narrative.api import narrate
from analysis.report.render import render
from analysis.results.study import StudyResults


def sentence_langs(lang: str) -> tuple[str, ...]:
    """The languages sentences are written in for report language ``lang``."""
    return {"en": ("en",), "zh": ("zh",)}.get(lang, ("en", "zh"))


def word_lang(lang: str) -> str:
    """The language of headings and notes: Chinese for a Chinese report, else English."""
    return "zh" if lang == "zh" else "en"


def headline_boxes(res: StudyResults, result, iid: str, lang: str) -> Markup:
    """The narrative's sentence for ``result``, one headline box per sentence language."""
    texts = [narrate(result, sl, label=res.label(iid, sl)).text for sl in sentence_langs(lang)]
    return render("boxes", texts=texts)
