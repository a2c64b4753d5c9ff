"""Claim results: a parsed figure (``ParsedClaim``), the verdict on it (``Verdict`` with its
``ReadingCheck`` comparisons), and the study's checked claims (``ClaimCheck``,
``ClaimsTable``).

The parsing and judging live in :mod:`analysis.numbers.claims`; the sentences in
:mod:`analysis.narrative.claims`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal

import pandas as pd

from analysis.core.result import Result

Kind = Literal[
    "percent_change",
    "percentage_point_change",
    "multiple",
    "share",
    "count",
    "amount",
    "before_after",
    "zero_run",
    "unknown",
]


Bound = Literal["exact", "at_least", "at_most", "approx"]


Direction = Literal["increase", "decrease"]


Basis = Literal["yoy", "mom", "before_after"]


VerdictKind = Literal[
    "consistent", "overstated", "understated", "ambiguous", "not_derivable", "cannot_check"
]


KINDS: tuple[str, ...] = (
    "percent_change",
    "percentage_point_change",
    "multiple",
    "share",
    "count",
    "amount",
    "before_after",
    "zero_run",
    "unknown",
)


BOUNDS: tuple[str, ...] = ("exact", "at_least", "at_most", "approx")


VERDICTS: tuple[str, ...] = (
    "consistent",
    "overstated",
    "understated",
    "ambiguous",
    "not_derivable",
    "cannot_check",
)


@dataclass(frozen=True, eq=False)
class ParsedClaim(Result):
    """One figure of a claim, as structure (see the module docstring for units).

    ``parse_claim`` returns the headline figure with ``text`` the whole claim and
    ``figures`` every figure of the text; each figure's ``text`` is its clause.
    """

    text: str
    language: str
    kind: Kind  # type: ignore[misc]  # the claim kind (Result's class tag is "result")
    value: float | None = None
    direction: Direction | None = None
    bound: Bound = "exact"
    precision: float | None = None
    readings: tuple[float, ...] = ()
    reading_labels: tuple[str, ...] = ()
    basis: Basis | None = None
    before: float | None = None
    before_bound: Bound | None = None
    before_period: str | None = None
    after: float | None = None
    after_bound: Bound | None = None
    unit: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    subject: str | None = None
    period: str | None = None
    source: str | None = None  # the words of the figure, as matched
    notes: tuple[str, ...] = ()
    undetermined: tuple[str, ...] = ()
    reason: str | None = None  # why kind is "unknown"
    figures: tuple[ParsedClaim, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """True when the wording admits more than one value (``readings``)."""
        return len(set(self.readings)) > 1

    def to_dict(self) -> dict:
        # "kind" is a field here, so the class tag goes under its own key.
        d = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        d["figures"] = [f.to_dict() for f in self.figures]
        return {"result": "parsed_claim", **d}

    @classmethod
    def from_dict(cls, d: dict) -> ParsedClaim:
        d = {k: v for k, v in d.items() if k != "result"}
        kw: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in d:
                continue
            v = d[f.name]
            if f.name == "figures":
                v = tuple(cls.from_dict(x) for x in v)
            elif isinstance(v, list):
                v = tuple(v)
            kw[f.name] = v
        return cls(**kw)

    def to_frame(self) -> pd.DataFrame:
        rows = self.figures or (self,)
        return pd.DataFrame(
            [
                {
                    "text": r.text,
                    "kind": r.kind,
                    "value": r.value,
                    "bound": r.bound,
                    "readings": ", ".join(_fmt_value(x, r.kind) for x in r.readings),
                    "unit": r.unit,
                    "subject": r.subject,
                    "period": r.period,
                    "basis": r.basis,
                    "before": r.before,
                    "after": r.after,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "undetermined": "; ".join(r.undetermined),
                }
                for r in rows
            ]
        )

    def headline(self, lang: str = "en") -> str:
        if self.kind == "unknown":
            return f"Not parsed: {self.reason}"
        parts = [self.kind.replace("_", " "), _fmt_value(self.value, self.kind)]
        if self.bound != "exact":
            parts.append(f"({self.bound.replace('_', ' ')})")
        if self.ambiguous:
            parts.append("readings " + " or ".join(_fmt_value(x, self.kind) for x in self.readings))
        if self.subject:
            parts.append(f"of {self.subject}")
        return " ".join(p for p in parts if p)

    def plot(self, *, ax=None):  # a parsed claim has no figure
        raise NotImplementedError("parsed claims have no figure; see to_frame()")


@dataclass(frozen=True, eq=False)
class ReadingCheck(Result):
    """One comparison inside a verdict: a reading of the claim against one observed value."""

    kind: ClassVar[str] = "reading_check"

    label: str  # the claim reading ("as stated", "to 3×", "by 3× (= 4×)")
    stated: float
    observed_label: str
    observed: float
    verdict: str
    tolerance: str

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "reading": self.label,
                    "stated": self.stated,
                    "observed_as": self.observed_label,
                    "observed": self.observed,
                    "verdict": self.verdict,
                    "tolerance": self.tolerance,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        return f"{self.label} vs {self.observed_label}: {self.verdict}"

    def plot(self, *, ax=None):
        raise NotImplementedError("reading checks have no figure")


@dataclass(frozen=True, eq=False)
class Verdict(Result):
    """The verdict on one claim figure against the data, with the arithmetic shown."""

    kind: ClassVar[str] = "claim_verdict"

    verdict: VerdictKind
    claim: str
    claim_kind: str
    stated: float | None
    bound: str
    observed: float | None
    arithmetic: str  # e.g. "12,000 / 3,800 = 3.16×"
    tolerance: str  # the rule applied, e.g. "2.5× ≤ observed < 3.5×"
    reason: str  # one line, English
    readings: tuple[ReadingCheck, ...] = ()
    supported: tuple[str, ...] = ()  # labels of the readings the data support
    precision: float | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "claim": self.claim,
                    "verdict": self.verdict,
                    "stated": self.stated,
                    "bound": self.bound,
                    "observed": self.observed,
                    "arithmetic": self.arithmetic,
                    "tolerance": self.tolerance,
                    "reason": self.reason,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        return f"{self.verdict.replace('_', ' ').capitalize()}: {self.reason}"

    def plot(self, *, ax=None):
        raise NotImplementedError("verdicts have no figure; see to_frame()")


def _plain(v: Any) -> Any:
    """JSON-safe plain value (tuples → lists, NaN → None)."""
    if isinstance(v, tuple | list):
        return [_plain(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, Result):
        return v.to_dict()
    return v


def _fmt_value(x, kind):  # temporary: moves to narrative in the next step
    from analysis.numbers.claims.figure_text import fmt_value

    return fmt_value(x, kind)
