"""Headline claims as structure: the dispatcher of the claim parser.

``parse_claim`` / ``parse_claims`` turn a press-release sentence (Chinese or
English) into ``ParsedClaim`` values: the kind of figure, its value in
canonical units, how it is bounded, what it is compared with, and what the
text leaves undetermined. They are pure (no data, no I/O) and never raise on
text: what cannot be parsed is ``kind="unknown"`` with a ``reason``.
:func:`analysis.numbers.claims.judge.judge` compares one parsed figure with a
value computed from data and returns a ``Verdict``.

The parts: :mod:`~analysis.numbers.claims.numerals` (numbers as written),
:mod:`~analysis.numbers.claims.text` (clauses, sentences, language),
:mod:`~analysis.numbers.claims.zh_words` / :mod:`~analysis.numbers.claims.en_words`
(vocabulary), :mod:`~analysis.numbers.claims.parse_zh` /
:mod:`~analysis.numbers.claims.parse_en` (each language's figures),
:mod:`~analysis.numbers.claims.figures` (a figure under construction),
:mod:`~analysis.numbers.claims.link` (links between the figures of a sentence);
this module turns the linked figures into ``ParsedClaim`` values.

Canonical units of ``ParsedClaim.value``
----------------------------------------
- ``percent_change``: signed fraction, "下降22%" / "down 22%" → −0.22.
- ``percentage_point_change``: signed fraction of points, "up 5 percentage
  points" → 0.05.
- ``share``: fraction, "97%" → 0.97, "三成" → 0.30.
- ``multiple``: the factor as written ("提升3倍" → 3.0, "halved" → 0.5);
  ``readings`` holds every value the wording may mean.
- ``count``: the number; ``amount``: a measured quantity (money in yuan,
  "32.8万元" → 328000; area in m²); the ``unit`` says which.
- ``before_after``: the after level (its bound is ``bound``); ``before`` holds
  the before level.
- ``zero_run``: the run length ("连续两个月…零发生" → 2, unit "months").
- ``level_change``: the signed change of a level in its unit ("增加4万人" → 40000,
  "1,700 fewer burglaries" → −1700).
- ``rank``: the position (1 = first); ``rank_of`` the size of the field when stated.
- ``range``: ``low`` ≤ ``high`` in the canonical units of ``of_kind`` ("70%-80%" →
  0.70, 0.80 of a share; "下降10%至15%" → −0.15, −0.10 of a percent change).
- ``reported_statistic``: a statistic quoted in the sentence (``statistic``: ci, p, irr,
  rr, or, hr, t, z, …): ``value`` its point value, ``low``/``high`` its interval,
  ``level`` the interval's level (0.95). Shown beside a claim, never judged.

Before the language grammar reads a text, :mod:`~analysis.numbers.claims.noise` blanks
numbers that are not figures (phone and document numbers, citations, dates), and
:mod:`~analysis.numbers.claims.statistics` and :mod:`~analysis.numbers.claims.ranks`
take the reported statistics, ranges and ranks.

``precision`` is one unit of the last stated digit, in the units of
``value``: "22%" → 0.01, "60.7%" → 0.001, "32.8万元" → 1000. For bounded and
approximate figures trailing zeros are not significant: "220余" → 10,
"1.2万余" → 1000, "60%以上" → 0.10.

Bounds: 余 / 多 / 以上 / 超过 / 逾, "more than", "over", "at least", "X+" →
``at_least``; 近 / 将近 / 接近 / 不足 / 不到, "nearly", "almost", "fewer
than", "under", "up to" → ``at_most`` (a "nearly" figure is below the stated
value, so it is a bound, not an approximation); 约 / 左右 / 上下, "about",
"around", "approximately", "roughly" → ``approx``.

Multiples: "提升3倍" / "增长3倍" / "increased 3 times" / "3 times higher" are
ambiguous, readings 3.0 ("to 3×", the loose usage) and 4.0 ("by 3× = 4×",
the literal reading and the convention of Chinese statistical writing, where
增长了N倍 is N + 1 times the base). "增长一倍" is 2.0 (no loose reading of 1×
exists). "提升至3倍" / "是…的3倍" / "3 times as many" / "tripled" / "3-fold"
/ "翻了一番" (2.0) / "翻两番" (4.0) are unambiguous.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from analysis.numbers.claims.figures import DURATION_UNITS
from analysis.numbers.claims.link import link_figures
from analysis.numbers.claims.noise import noise_spans
from analysis.numbers.claims.parse_en import parse_en
from analysis.numbers.claims.parse_zh import parse_zh
from analysis.numbers.claims.ranks import find_ranges, find_ranks
from analysis.numbers.claims.script import show_in_original
from analysis.numbers.claims.statistics import find_statistics
from analysis.numbers.claims.text import (
    clause_spans,
    detect_language,
    normalize,
    normalize_shown,
    span_of,
)
from analysis.results.claims import ParsedClaim


def _undetermined(f: dict[str, Any]) -> list[str]:
    """What the text leaves open, per kind."""
    out = list(f["undetermined"])
    k = f["kind"]
    if k in ("percent_change", "percentage_point_change") and not f["basis"]:
        out.append("comparison basis not stated")
    if k == "multiple" and f["before"] is None:
        out.append("levels before and after not stated")
    if k == "share":
        if f["numerator"] is None:
            out.append("numerator not stated")
        if f["denominator"] is None:
            out.append("denominator not stated")
    if k == "before_after":
        if not f["before_period"]:
            out.append("before period not stated")
        out.append("after period not stated" if not f["period"] else "")
    elif not f["period"]:
        out.append("period not stated")
    if not f["subject"]:
        out.append("subject not recognised")
    return [x for x in out if x]


def _to_claim(f: dict[str, Any], text: str, lang: str) -> ParsedClaim:
    names = {fl.name for fl in fields(ParsedClaim)}
    kw = {k: v for k, v in f.items() if k in names}
    kw["notes"] = tuple(dict.fromkeys(f["notes"]))
    kw["undetermined"] = tuple(dict.fromkeys(_undetermined(f)))
    kw["readings"] = tuple(float(x) for x in f["readings"])
    kw["reading_labels"] = tuple(f["reading_labels"])
    for k in ("value", "before", "after", "numerator", "denominator", "precision", "low", "high"):
        if kw.get(k) is not None:
            kw[k] = _clean(float(kw[k]))
    kw["readings"] = tuple(_clean(x) for x in kw["readings"])
    if kw.get("subject"):
        kw["subject"] = kw["subject"].strip() or None
    return ParsedClaim(text=text, language=lang, **kw)


def _clean(x: float) -> float:
    """Round away binary noise (0.22 * 100 …) so values compare as written."""
    return float(f"{x:.12g}")


def _headline_index(figs: list[ParsedClaim]) -> int:
    order = {
        "share": 0,
        "multiple": 1,
        "percent_change": 2,
        "percentage_point_change": 3,
        "range": 4,
        "level_change": 5,
        "zero_run": 6,
        "before_after": 7,
        "rank": 8,
        "reported_statistic": 11,
    }
    best = min(
        range(len(figs)),
        key=lambda i: (order.get(figs[i].kind, 9 if figs[i].unit not in DURATION_UNITS else 10), i),
    )
    return best


def _blank(norm: str, spans: list[tuple[int, int]]) -> str:
    """``norm`` with the spans replaced by spaces (offsets kept), so the language parsers
    do not read numbers that are noise or that a special reader has already taken."""
    chars = list(norm)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _special_figures(norm: str, lang: str) -> tuple[list[dict[str, Any]], str]:
    """Figures read before the language grammar: reported statistics, ranges and ranks, and
    the text left for the grammar with those spans and the noise spans blanked."""
    taken: list[tuple[int, int]] = [(s, e) for s, e, _ in noise_spans(norm, lang)]
    special: list[dict[str, Any]] = []
    for finder in (find_statistics, find_ranges, find_ranks):
        text = _blank(norm, taken)
        for f in finder(text, lang):
            if not any(f["start"] < e and s < f["end"] for s, e in taken):
                special.append(f)
                taken.append((f["start"], f["end"]))
                taken.extend(f.get("blank", ()))  # words of the figure elsewhere (a rank's field)
    return special, _blank(norm, taken)


def parse_claims(text: str, *, language: str | None = None) -> list[ParsedClaim]:
    """Every figure of a claim text, in order; ``[unknown]`` when there is none."""
    return list(parse_claim(text, language=language).figures) or [
        parse_claim(text, language=language)
    ]


def parse_claim(text: str, *, language: str | None = None) -> ParsedClaim:
    """The headline figure of a claim, with every figure of the text in ``figures``.

    Never raises: text without a readable figure gives ``kind="unknown"`` and a reason.
    """
    if not isinstance(text, str):
        return ParsedClaim(
            text=str(text),
            language=language or "en",
            kind="unknown",
            reason=f"not text ({type(text).__name__})",
            undetermined=("everything: the claim is not text",),
        )
    lang = language or detect_language(text)
    if not text.strip():
        return ParsedClaim(
            text=text,
            language=lang,
            kind="unknown",
            reason="empty text",
            undetermined=("everything: the claim is empty",),
        )
    norm = normalize(text)
    try:
        special, rest = _special_figures(norm, lang)
        raw = parse_zh(rest) if lang == "zh" else parse_en(rest)
        raw = sorted(raw + special, key=lambda f: f["start"])
        link_figures(raw, norm, lang)
        shown = normalize_shown(text)  # the script as written, aligned with norm
        show_in_original(raw, norm, shown)
        clauses = clause_spans(norm, lang)  # once per text, not once per figure
        figs = [_to_claim(f, _clause_text(norm, f, clauses, shown), lang) for f in raw]
    except Exception as exc:  # the contract: never raise on text
        return ParsedClaim(
            text=text,
            language=lang,
            kind="unknown",
            reason=f"parser error ({type(exc).__name__}: {exc})",
            undetermined=("everything: the parser failed on this text",),
        )
    if not figs:
        return ParsedClaim(
            text=text,
            language=lang,
            kind="unknown",
            reason="no figure found (no number with a unit, percentage, multiple or run)",
            undetermined=("everything: no figure found",),
        )
    head = figs[_headline_index(figs)]
    return replace(head, text=text, figures=tuple(figs))


def _clause_text(norm: str, f: dict[str, Any], clauses: list[tuple[int, int]], shown: str) -> str:
    """The clause of a figure, in the script as written (``shown`` is aligned with ``norm``)."""
    cs, ce = span_of(f["start"], clauses)
    ce = max(ce, span_of(max(f["end"] - 1, f["start"]), clauses)[1])
    return (shown if len(shown) == len(norm) else norm)[cs:ce].strip()
