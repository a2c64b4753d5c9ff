"""A figure under construction: the matched number token, the dict of ``ParsedClaim``
fields the parsers fill, its precision and bound, and its period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.numbers.claims.numerals import literal_step
from analysis.numbers.claims.text import clause_spans, sentence_spans, span_of

DURATION_UNITS = ("年", "个月", "月", "天", "日", "周", "小时", "years", "months", "days", "weeks")


@dataclass
class Token:
    """A number as matched, before it is classified."""

    start: int
    end: int
    number: float  # number × magnitude, before unit scaling (22 for 22%)
    literal: str
    magnitude: float
    unit: str | None
    bound: str
    bound_word: str | None
    words: str


def new_figure(**kw: Any) -> dict[str, Any]:
    """A figure under construction (a dict of ParsedClaim fields plus start/end)."""
    base: dict[str, Any] = {
        "kind": "unknown",
        "value": None,
        "direction": None,
        "bound": "exact",
        "precision": None,
        "readings": (),
        "reading_labels": (),
        "basis": None,
        "before": None,
        "before_bound": None,
        "before_period": None,
        "after": None,
        "after_bound": None,
        "unit": None,
        "numerator": None,
        "denominator": None,
        "subject": None,
        "period": None,
        "source": None,
        "low": None,
        "high": None,
        "of_kind": None,
        "rank_of": None,
        "statistic": None,
        "level": None,
        "notes": [],
        "undetermined": [],
        "start": 0,
        "end": 0,
    }
    base.update(kw)
    return base


def level_direction(before: float, after: float) -> str | None:
    """The direction of a move between two levels (None when they are equal)."""
    return "increase" if after > before else "decrease" if after < before else None


def before_after_figure(
    before: float, after: float, bound: str, before_bound: str | None, **kw: Any
) -> dict[str, Any]:
    """A before → after figure: the after level is its value, read as stated, with the
    direction of the move unless ``direction`` is given (both parsers build it)."""
    kw.setdefault("direction", level_direction(before, after))
    return new_figure(
        kind="before_after",
        value=after,
        bound=bound,
        readings=(after,),
        reading_labels=("as stated",),
        before=before,
        before_bound=before_bound,
        after=after,
        after_bound=bound,
        **kw,
    )


def precision_of(tok: Token, bound: str, scale: float = 1.0) -> float:
    """One unit of the last stated digit, scaled to canonical units."""
    return literal_step(tok.literal, bound != "exact") * tok.magnitude * scale


def merge_bound(tok: Token, prefix_bound: str, prefix_word: str | None) -> tuple[str, str | None]:
    if tok.bound != "exact":
        return tok.bound, tok.bound_word
    return prefix_bound, prefix_word


def bound_note(bound: str, word: str | None) -> list[str]:
    if bound == "exact" or not word:
        return []
    what = {"at_least": "at least", "at_most": "at most (just below)", "approx": "approximately"}[
        bound
    ]
    return [f"'{word}' read as {what} the stated value"]


def assign_periods(
    figs: list[dict[str, Any]],
    periods: list[tuple[int, int, str]],
    used: set[int],
    norm: str,
    lang: str,
) -> None:
    """Each figure's period: the nearest period phrase before it in the same sentence, else
    the nearest after it (in the same clause for Chinese, the same sentence for English)."""
    sentences = sentence_spans(norm)
    clauses = clause_spans(norm, lang)
    for f in figs:
        if f.get("period") is not None:
            continue
        ss, se = span_of(f["start"], sentences)
        if lang == "zh":
            _, se = span_of(f["start"], clauses)
        before = [
            (s, t) for i, (s, _e, t) in enumerate(periods) if i not in used and ss <= s < f["end"]
        ]
        after = [
            (s, t) for i, (s, _e, t) in enumerate(periods) if i not in used and f["end"] <= s < se
        ]
        if before:
            f["period"] = max(before)[1]
        elif after:
            f["period"] = min(after)[1]


def no_overlaps(figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The longest of overlapping matches, the first kept, in text order (linear: sorted by
    start, a match overlaps a kept one only if it starts before the furthest kept end)."""
    figs = sorted(figs, key=lambda f: (f["start"], -(f["end"] - f["start"])))
    kept: list[dict[str, Any]] = []
    reach = -1
    for f in figs:
        if f["start"] >= reach:
            kept.append(f)
            reach = max(reach, f["end"])
    return kept
