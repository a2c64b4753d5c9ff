"""Report sections: pure functions ``(StudyResults, lang) -> Markup``, in page order.

``lang`` is a page language, ``en`` or ``zh``: every word of a section is in that
language (a ``both`` report is two pages, rendered once in each; see
:func:`analysis.report.render.show_with_index`).
"""

from __future__ import annotations

from analysis.report.sections import appendix, front, headings, indicators

SECTIONS = {
    "header": front.header,
    "claims": front.claims,
    "key_results": front.key_results,
    "key_figure": front.key_figure,
    "indicators": indicators.indicators,
    "trends": indicators.trends,
    "comparisons": indicators.comparisons,
    "staggered": indicators.staggered,
    "administrative": appendix.administrative,
    "methods": appendix.methods,
    "data": appendix.data,
    "validation": appendix.validation,
    **{name: headings.heading(name) for name in headings.HEADINGS},
}

#: The sections of the whole page, in order (the by-design views repeat the indicators').
PAGE = (
    "header",
    "heading_summary",
    "claims",
    "key_results",
    "key_figure",
    "indicators",
    "heading_administrative",
    "administrative",
    "heading_methods",
    "methods",
    "heading_data",
    "data",
    "validation",
)

__all__ = ["PAGE", "SECTIONS"]
