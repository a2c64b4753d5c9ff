"""Report sections: pure functions ``(StudyResults, lang) -> Markup``, in page order.

``lang`` is a report language (en, zh or both): headings and notes are in Chinese for
``zh`` and in English otherwise; sentences are in every language of the report.
"""

from __future__ import annotations

from analysis.report.sections import appendix, front, indicators

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
}

#: The sections of the whole page, in order (the by-design views repeat the indicators').
PAGE = (
    "header",
    "claims",
    "key_results",
    "key_figure",
    "indicators",
    "administrative",
    "methods",
    "data",
    "validation",
)

__all__ = ["PAGE", "SECTIONS"]
