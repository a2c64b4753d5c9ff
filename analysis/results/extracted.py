"""The claims found in a whole article (``pilot-eval claims extract``): each kept
sentence with its figures, the role of each figure and, when a study was given, the
indicator each figure most likely refers to with its score and the runner-up.

Built by :func:`analysis.numbers.claims.extract.extract_article`; written as a
``claims:`` block by :mod:`analysis.face.claims_block`; worded by
:mod:`analysis.narrative.extract_words`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core.result import Result
from analysis.results.claims import ParsedClaim

#: The columns of one figure's row in ``to_frame``.
ROW_KEYS = (
    "kind",
    "value",
    "bound",
    "unit",
    "subject",
    "role",
    "target",
    "score",
    "runner_up",
    "runner_up_score",
    "how",
    "why",
)


@dataclass(frozen=True, eq=False)
class ExtractedFigure(Result):
    """One figure of a kept sentence. ``role``: claim, date, duration, slogan,
    bare_number, context, statistic (only claim figures are linked). ``target`` is the
    indicator (or ``<id>.numerator`` / ``<id>.denominator``) or None: unmatched, or no
    study given (``linked`` False)."""

    figure: ParsedClaim
    role: str
    why: str = ""
    linked: bool = False
    target: str | None = None
    score: float = 0.0
    runner_up: str | None = None
    runner_up_score: float = 0.0
    how: str = ""  # how the link was made (see analysis.numbers.claims.match.Match.how)
    number: int = 1  # the figure's place in its claim (1 = first)
    threshold: float = 0.35  # the least score of a link, for the wording of "unmatched"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([self.row()])

    def row(self) -> dict:
        f = self.figure
        own = {"kind": f.kind, "value": f.value, "bound": f.bound, "unit": f.unit}
        own["subject"] = f.subject
        return {k: own[k] if k in own else getattr(self, k) for k in ROW_KEYS}

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.extract_words import figure_line

        return figure_line(self, lang)

    def plot(self, *, ax=None):  # text only
        raise NotImplementedError("an extracted figure has no picture; see to_frame()")


@dataclass(frozen=True, eq=False)
class ExtractedClaim(Result):
    """One kept sentence: its id (A1, A2 … in article order), language, the text to
    paste (as written; clauses of non-claim figures cut with " … "), the sentence it
    came from and every figure of the text to paste, in the parser's order."""

    id: str
    lang: str
    text: str
    sentence: str
    sentence_index: int
    figures: tuple[ExtractedFigure, ...] = ()

    @property
    def claim_figures(self) -> tuple[ExtractedFigure, ...]:
        return tuple(f for f in self.figures if f.role == "claim")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"claim": self.id, "figure": i + 1, **f.row()} for i, f in enumerate(self.figures)]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.extract_words import claim_line

        return claim_line(self, lang)

    def plot(self, *, ax=None):  # text only
        raise NotImplementedError("an extracted claim has no picture; see to_frame()")


@dataclass(frozen=True, eq=False)
class ExtractedClaims(Result):
    """Everything ``claims extract`` found in one article."""

    article: str
    encoding: str
    how: str
    study: str | None
    threshold: float
    claims: tuple[ExtractedClaim, ...] = ()
    sentences: int = 0
    dropped: tuple[tuple[str, int], ...] = ()  # (why, how many) of the dropped pieces

    @property
    def n_figures(self) -> int:
        return sum(len(c.claim_figures) for c in self.claims)

    @property
    def n_linked(self) -> int:
        return sum(1 for c in self.claims for f in c.claim_figures if f.target)

    def summary(self, lang: str = "en") -> str:
        """A few plain lines: what was read, kept, dropped and linked."""
        from analysis.narrative.extract_words import summary_lines

        return summary_lines(self, lang)

    def to_frame(self) -> pd.DataFrame:
        frames = [c.to_frame() for c in self.claims]
        if not frames:
            return pd.DataFrame(columns=["claim", "figure", *ROW_KEYS])
        return pd.concat(frames, ignore_index=True)

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.extract_words import headline_extracted

        return headline_extracted(self, lang)

    def plot(self, *, ax=None):  # text only
        raise NotImplementedError("extracted claims have no picture; see to_frame() or summary()")
