"""What the narrative returns: a :class:`Sentence` (text, the numbers it quotes, its tone)
and a :class:`Paragraph` of clauses with their own tones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tone = Literal["descriptive", "causal_supported", "causal_inconclusive", "causal_doubtful"]
TONES: tuple[str, ...] = (
    "descriptive",
    "causal_supported",
    "causal_inconclusive",
    "causal_doubtful",
)
CAUSAL_TONES: tuple[str, ...] = TONES[1:]


@dataclass(frozen=True)
class Sentence:
    """One generated sentence (or clause, inside a :class:`Paragraph`).

    Attributes
    ----------
    text : str
        The words, punctuated for ``lang``.
    values : tuple of float
        Every number the text quotes, unrounded, as stored in the result objects
        (fractions for percentages, proportions for percentage points).
    tone : Tone
        ``descriptive`` (before/after facts) or a causal verdict: ``causal_supported``
        (interval clear of zero, no diagnostic against it), ``causal_inconclusive``
        (cannot be told apart from no change, or placebos as large) or
        ``causal_doubtful`` (a design assumption fails: pre-trends, designs disagree).
    gates : tuple of str
        The diagnostics that shaped the wording (see :mod:`analysis.narrative.gates`).
    lang : str
        ``"en"`` or ``"zh"``.
    """

    text: str
    values: tuple[float, ...]
    tone: Tone
    gates: tuple[str, ...] = ()
    lang: str = "en"

    def __str__(self) -> str:
        return self.text

    @property
    def is_causal(self) -> bool:
        return self.tone in CAUSAL_TONES


@dataclass(frozen=True)
class Paragraph:
    """Clauses joined into one sentence; each clause keeps its own tone and values."""

    parts: tuple[Sentence, ...]
    text: str
    lang: str = "en"

    def __str__(self) -> str:
        return self.text

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(v for p in self.parts for v in p.values)
