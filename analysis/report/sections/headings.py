"""The page's own section headings (summary, administrative figures, methods, data
appendix) in the page language, each with its short intro.

A heading section is displayed by the report notebook in place of a markdown ``##`` cell,
so that the heading follows the report's language; its display metadata
``pilot_heading`` = [anchor, title, intro HTML] tells the page template
(``templates/pilot``) to open a collapsible section there and list it in the contents.
"""

from __future__ import annotations

from markupsafe import Markup

from analysis.narrative.page_words import pw
from analysis.report.render import render
from analysis.report.sections.common import word_lang
from analysis.results.study import StudyResults

#: heading section name -> (anchor, title key, intro key or None)
HEADINGS: dict[str, tuple[str, str, str | None]] = {
    "heading_summary": ("h-summary", "h.summary", "h.summary_intro"),
    "heading_administrative": ("h-administrative", "h.administrative", "h.administrative_intro"),
    "heading_methods": ("h-methods", "h.methods", None),
    "heading_data": ("h-data", "h.data", None),
}


def heading_parts(name: str, lang: str) -> tuple[str, str, Markup]:
    """(anchor, title, intro markup) of heading section ``name`` in ``lang``."""
    anchor, title_key, intro_key = HEADINGS[name]
    wl = word_lang(lang)
    intro = render("hint", text=pw(wl, intro_key)) if intro_key else Markup("")
    return anchor, pw(wl, title_key), intro


def heading(name: str):
    """The section function ``(res, lang) -> Markup`` of heading ``name``: the heading as
    an ``<h2>`` and its intro (what a notebook reader sees; the page template builds its
    own collapsible heading from the display metadata instead)."""

    def section(res: StudyResults, lang: str) -> Markup:
        _anchor, title, intro = heading_parts(name, lang)
        return render("heading", title=title, intro=intro)

    section.__name__ = name
    section.__doc__ = f"The {name.removeprefix('heading_')} heading in the page language."
    return section
