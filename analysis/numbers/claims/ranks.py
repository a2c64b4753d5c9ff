"""Ranks and ranges: figures of their own kinds. A rank is a position in a field
("位列全省第一", "排名首位", "ranked 2nd out of 43 forces"); a range is a pair of ends
("70%-80%", "下降10%至15%", "between 10 and 15 per cent").
"""

from __future__ import annotations

from typing import Any


def find_ranks(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every rank of ``norm`` as a figure under construction (kind ``rank``)."""
    return []


def find_ranges(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every range of ``norm`` as a figure under construction (kind ``range``, ``low`` ≤
    ``high`` in the canonical units of ``of_kind``)."""
    return []
