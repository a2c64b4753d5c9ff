"""Claim results: a parsed figure (``ParsedClaim``), the verdict on it (``Verdict`` with its
``ReadingCheck`` comparisons), and the study's checked claims (``ClaimCheck``,
``ClaimsTable``).

The parsing and judging live in :mod:`analysis.numbers.claims`; the sentences in
:mod:`analysis.narrative.claims`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, get_args

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
    "level_change",
    "zero_run",
    "rank",
    "range",
    "reported_statistic",
    "unknown",
]


Bound = Literal["exact", "at_least", "at_most", "approx"]


Direction = Literal["increase", "decrease"]


Basis = Literal["yoy", "mom", "before_after"]


VerdictKind = Literal[
    "consistent",
    "overstated",
    "understated",
    "ambiguous",
    "not_derivable",
    "reported",
    "shown",
    "cannot_check",
]


KINDS: tuple[str, ...] = get_args(Kind)


BOUNDS: tuple[str, ...] = ("exact", "at_least", "at_most", "approx")


VERDICTS: tuple[str, ...] = get_args(VerdictKind)  # in the order written above

#: Verdicts reached by checking a figure against independent data (or the claim's own
#: arithmetic): counted apart from ``reported`` (the figure is the administrative record
#: itself, nothing independent to compare it with) and ``cannot_check``.
CHECKED_VERDICTS: tuple[str, ...] = (
    "consistent",
    "overstated",
    "understated",
    "ambiguous",
    "not_derivable",
)

#: The verdict of a reported statistic quoted in a claim (a p-value, a confidence interval,
#: a rate ratio): shown beside the claim, never judged, and counted apart from the checked
#: figures (as ``reported`` and ``cannot_check`` are).
SHOWN_VERDICT = "shown"

#: What a figure was compared with (``ClaimCheck.evidence``): ``data`` — independent data
#: (a panel, events, microdata); ``arithmetic`` — a share recomputed from the administrative
#: numerator and denominator (the source's own arithmetic); ``reported`` — the
#: administrative figure itself, copied from the same source.
EVIDENCE: tuple[str, ...] = ("data", "arithmetic", "reported")

#: The scale of a figure's value in tidy frames (``scale`` column): a percent change is
#: relative, a change of shares is in percentage points, shares, counts, amounts, levels
#: and runs are absolute. A multiple (after ÷ before) is a ratio, which is none of the
#: four scales, so it has no scale (None), as an unparsed figure.
SCALE_OF_KIND: dict[str, str | None] = {
    "percent_change": "relative",
    "percentage_point_change": "percentage points",
    "share": "absolute",
    "count": "absolute",
    "amount": "absolute",
    "before_after": "absolute",
    "level_change": "absolute",
    "zero_run": "absolute",
    "rank": None,
    "range": None,
    "reported_statistic": None,
    "multiple": None,
    "unknown": None,
}


@dataclass(frozen=True, eq=False)
class ParsedClaim(Result):
    """One figure of a claim, as structure (units of ``value``: see
    :mod:`analysis.numbers.claims.parse`).

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
    low: float | None = None  # a range's ends, or a reported statistic's interval
    high: float | None = None
    of_kind: str | None = None  # a range: the kind of its ends (share, percent_change ...)
    rank_of: int | None = None  # a rank: the size of the field when stated (2nd of 43)
    #: a rank: which way the field is ordered when the words say it — lowest | highest
    #: (value), best | worst (by the indicator's desired direction), largest_fall |
    #: largest_rise (ranked by the change); None when the words do not say
    rank_order: str | None = None
    statistic: str | None = None  # a reported statistic: ci, p, irr, rr, or, hr, t, z ...
    level: float | None = None  # a confidence interval's level (0.95)
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
                    "scale": SCALE_OF_KIND.get(r.kind),
                    "bound": r.bound,
                    "readings": ", ".join(f"{x:g}" for x in r.readings),
                    "unit": r.unit,
                    "subject": r.subject,
                    "period": r.period,
                    "basis": r.basis,
                    "before": r.before,
                    "after": r.after,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "low": r.low,
                    "high": r.high,
                    "of_kind": r.of_kind,
                    "rank_of": r.rank_of,
                    "rank_order": r.rank_order,
                    "statistic": r.statistic,
                    "level": r.level,
                    "undetermined": "; ".join(r.undetermined),
                }
                for r in rows
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

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
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

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
                    "scale": SCALE_OF_KIND.get(self.claim_kind),
                    "arithmetic": self.arithmetic,
                    "tolerance": self.tolerance,
                    "reason": self.reason,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None):
        raise NotImplementedError("verdicts have no figure; see to_frame()")


@dataclass(frozen=True, eq=False)
class ClaimCheck(Result):
    """One figure of one claim: as written, as read, as recomputed, and its verdict."""

    kind: ClassVar[str] = "claim_check"

    claim_id: str
    figure: int  # 1-based position of the figure in the claim
    n_figures: int
    text: str  # the claim as written
    language: str
    indicator: str | None
    indicator_label: str
    indicator_label_zh: str | None
    parsed: ParsedClaim
    verdict: Verdict
    measure: str  # what was recomputed, in English (words for readers: narrative)
    observed: float = math.nan
    observed_low: float = math.nan  # interval of the recomputed value, where one exists
    observed_high: float = math.nan
    comparison_change: float = math.nan  # comparison units' relative change, same windows
    #: the indicator's preferred estimate (results/preferred.py): design key, estimate,
    #: interval, p, and its scale (relative | pp | absolute)
    adjusted_design: str = ""
    adjusted_estimate: float = math.nan
    adjusted_low: float = math.nan
    adjusted_high: float = math.nan
    adjusted_p_value: float = math.nan
    adjusted_scale: str = ""
    adjusted_unit: str = ""  # the indicator's unit label (an absolute estimate's unit)
    adjusted_unit_zh: str | None = None
    problem: str = ""  # why the figure could not be checked, when it could not
    note: str = ""  # the spec's note on the claim
    #: what the figure was compared with: data | arithmetic | reported (see ``EVIDENCE``)
    evidence: str = ""
    #: what was recomputed, as structure for the narrative's words: ``measure_kind`` is
    #: relative_change | level_ratio | after_level | share_sum | mean_share | share_change
    #: | part_total | total | zero_run | admin_figure | admin_part | admin_share |
    #: admin_ratio; the windows are ISO periods ('' where none)
    measure_kind: str = ""
    after_start: str = ""
    after_end: str = ""
    before_start: str = ""
    before_end: str = ""
    year_on_year: bool = False
    frequency: str = ""  # M | Q | Y, of the windows
    pilot_units: tuple[str, ...] = ()  # whose windows (the pilot units)
    zero_runs_before: int = -1  # runs of zeros as long as claimed, before the after window
    periods_before: int = -1
    #: a figure on one side of a proportion: numerator | denominator ('' otherwise)
    part: str = ""
    #: reader labels of the proportion's parts, from the spec (``numerator_label`` /
    #: ``denominator_label``; '' where the spec gives none)
    numerator_label: str = ""
    numerator_label_zh: str | None = None
    denominator_label: str = ""
    denominator_label_zh: str | None = None
    #: a rank (``measure_kind`` rank): how many units were ranked, which value came first
    #: (lowest | highest, or for a rank by the change: largest_fall | largest_rise) and why
    #: (words: the claim says; direction: the indicator's desired direction; assumed: the
    #: highest first, as neither says)
    rank_field: int = -1
    rank_first: str = ""
    rank_basis: str = ""

    @property
    def label(self) -> str:
        """``D2`` or ``D2.1`` for a claim with several figures."""
        return self.claim_id if self.n_figures == 1 else f"{self.claim_id}.{self.figure}"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "claim": self.label,
                    "text": self.text,
                    "indicator": self.indicator,
                    "kind": self.parsed.kind,
                    "stated": self.parsed.value,
                    "scale": SCALE_OF_KIND.get(self.parsed.kind),
                    "bound": self.parsed.bound,
                    "readings": ", ".join(f"{r:g}" for r in self.parsed.readings),
                    "low": self.parsed.low,
                    "high": self.parsed.high,
                    "of_kind": self.parsed.of_kind,
                    "rank_of": self.parsed.rank_of,
                    "statistic": self.parsed.statistic,
                    "level": self.parsed.level,
                    "observed": self.observed,
                    "observed_low": self.observed_low,
                    "observed_high": self.observed_high,
                    "verdict": self.verdict.verdict,
                    "arithmetic": self.verdict.arithmetic,
                    "reason": self.verdict.reason,
                    "adjusted_design": self.adjusted_design,
                    "adjusted_estimate": self.adjusted_estimate,
                    "adjusted_low": self.adjusted_low,
                    "adjusted_high": self.adjusted_high,
                    "adjusted_scale": self.adjusted_scale,
                    "evidence": self.evidence,
                    "problem": self.problem,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None):
        raise NotImplementedError("a claim check has no figure; see ClaimsTable.to_frame()")


@dataclass(frozen=True, eq=False)
class ClaimsTable(Result):
    """Every checked figure of every claim of a study, in spec order."""

    kind: ClassVar[str] = "claims_table"

    study_id: str
    checks: tuple[ClaimCheck, ...]

    def to_frame(self) -> pd.DataFrame:
        if not self.checks:
            return pd.DataFrame(columns=["claim", "verdict"])
        return pd.concat([c.to_frame() for c in self.checks], ignore_index=True)

    def counts(self) -> dict[str, int]:
        """Number of figures per verdict (every verdict, ``reported`` included)."""
        out: dict[str, int] = {}
        for c in self.checks:
            out[c.verdict.verdict] = out.get(c.verdict.verdict, 0) + 1
        return out

    def checked_counts(self) -> dict[str, int]:
        """Number of figures per verdict reached by a check (``CHECKED_VERDICTS``): without
        the ``reported`` figures (nothing independent to check them with) and the ones
        that could not be checked."""
        return {k: n for k, n in self.counts().items() if k in CHECKED_VERDICTS}

    @property
    def n_checked(self) -> int:
        return sum(self.checked_counts().values())

    @property
    def n_shown(self) -> int:
        """Reported statistics quoted in the claims (verdict ``shown``: not checked)."""
        return self.counts().get(SHOWN_VERDICT, 0)

    @property
    def n_reported(self) -> int:
        """Figures that are administrative records only ("reported; no independent data")."""
        return self.counts().get("reported", 0)

    def get(self, label: str) -> ClaimCheck:
        for c in self.checks:
            if c.label == label or (c.claim_id == label and c.figure == 1):
                return c
        raise KeyError(f"no claim figure '{label}'")

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Verdict counts as horizontal bars."""
        from analysis.pictures.claims import plot_claims_table

        return plot_claims_table(self, ax=ax, lang=lang, context=context)


def _plain(v: Any) -> Any:
    """JSON-safe plain value (tuples → lists, NaN → None)."""
    if isinstance(v, tuple | list):
        return [_plain(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, Result):
        return v.to_dict()
    return v
