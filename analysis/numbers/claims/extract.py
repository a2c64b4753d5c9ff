"""Whole articles in, claim sentences out: the segmenter and sentence filter behind
``pilot-eval claims extract``.

``extract_claims(text)`` splits an article into paragraphs and sentences (Chinese in
either script, and English), drops what is not a sentence of the release (headings,
datelines, bylines, copyright, contact, editor, phone and e-mail lines), reads every
sentence with :func:`~analysis.numbers.claims.parse.parse_claims` as it is, sorts each
figure into a *claim figure* or a figure that is not a claim (a date, a duration, a
slogan, a bare number, a count with no outcome word in its clause, a reported
statistic), and keeps the sentences with at least one claim figure. Clauses whose
figures are all non-claims are cut (replaced by " … "), so the kept text still reads
as written and re-parses to the same figures. The rules are stated in METHODS.md
("Claims of a whole article"); nothing here knows a study, a demo or an indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from analysis.numbers.claims.article_words import (
    BOILER_LINE_MAX,
    BOILERPLATE,
    BYLINE,
    CONTACT,
    DATELINE,
    EVENT_STEMS_EN,
    EVENT_UNITS_ZH,
    LONG_TIMES,
    MAX_QUOTED,
    OUTCOME_WORDS_EN,
    OUTCOME_WORDS_ZH,
    QUOTES,
    SHORT_TIMES,
    SLOGAN_PATTERNS,
)
from analysis.numbers.claims.figures import DURATION_UNITS
from analysis.numbers.claims.match import THRESHOLD, Target, match_figures, targets_of
from analysis.numbers.claims.parse import parse_claims
from analysis.numbers.claims.text import clause_spans, detect_language, normalize
from analysis.results.claims import ParsedClaim
from analysis.results.extracted import ExtractedClaim, ExtractedClaims, ExtractedFigure

#: Figure kinds that are claims by their form (a change, a share, a run, a rank ...).
CLAIM_KINDS = frozenset(
    {
        "percent_change",
        "percentage_point_change",
        "share",
        "multiple",
        "before_after",
        "level_change",
        "zero_run",
        "range",
        "rank",
    }
)

#: Roles whose clauses are cut from a kept sentence (a "context" count is kept).
CUT_ROLES = frozenset({"date", "duration", "slogan", "bare_number"})

_ZH_END = "。！？!?；;…"
_EN_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Sgt|Insp|Supt|Det|Cllr|Prof|Gen|Lt|Col|Capt|Cmdr|"
    r"Ch|Con|PC|DC|DS|DI|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"[A-Z])|e\.g|i\.e|U\.S|U\.K)\.$"
)
_EN_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9£$])")


@dataclass(frozen=True)
class FigureNote:
    """One figure of a sentence and whether it is a claim (``role``: claim, date,
    duration, slogan, bare_number, context, statistic), with why."""

    figure: ParsedClaim
    role: str
    why: str = ""

    @property
    def is_claim(self) -> bool:
        return self.role == "claim"


@dataclass(frozen=True)
class SentenceRead:
    """A sentence of the article: its text as written, where it is, what was done with
    it (``kept`` and ``why``) and the figures of the text that would be pasted."""

    index: int
    paragraph: int
    text: str
    lang: str
    kept: bool
    why: str
    claim_text: str = ""
    figures: tuple[FigureNote, ...] = field(default_factory=tuple)


def _cjk(s: str) -> bool:
    return detect_language(s) == "zh"


def _title_case(s: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", s)]
    caps = sum(1 for w in words if w[0].isupper())
    return len(words) >= 3 and caps >= 0.6 * len(words)


def _is_heading(line: str, nxt: str = "", first: bool = True) -> bool:
    """A line without an end mark that reads as a title: short, with no clause marks (a
    Chinese title keeps its colon and the space between its halves). An English line is
    a title when it is the article's first line or is in title case or capitals, and the
    next line does not run on from it in lower case: a hard-wrapped line or a list line
    without a bullet ("Break and enter – down 6.5 per cent") is text."""
    s = line.strip()
    if not s or s[-1] in _ZH_END + ".:：,，、" or (s[-1] in "”\"'’)）" and len(s) > 60):
        return False
    if _cjk(s):
        return len(s) <= 50 and not re.search(r"[,，;；。!?！？]", s)
    if len(s.split()) > 14 or re.search(r"[,;]\s", s) or nxt[:1].islower():
        return False
    return first or _title_case(s) or s.isupper()


_BULLET = re.compile(r"^(?:[•·▪●◆■\-*–]|\(?\d{1,2}[.)、]|[（(]?[一二三四五六七八九十]+[、)）])\s*")
_DATE_LINE = re.compile(
    r"^\[?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\]?|^[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}\b"
)


def _boiler(line: str) -> bool:
    if len(line) > BOILER_LINE_MAX:
        return False
    if BOILERPLATE.search(line) or _DATE_LINE.match(line):
        return True
    return bool(BYLINE.search(line)) and not re.search(r"[,，。;；]", line)


def paragraphs(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each paragraph: 'heading', 'boilerplate' or 'text'. Lines broken in
    the middle of a sentence (a page copied with hard line breaks) are joined again: a
    line that does not end a sentence runs on into the next unless that one is a heading,
    a boilerplate line or a list item; an English paragraph also ends at a blank line
    (Chinese pages break sentences across blank lines, English ones do not). A list item
    ("• burglary down 23%") is text. The
    text is kept as written (full-width punctuation stays); only the tests normalise."""
    raw = [ln.strip().replace("\u3000", " ") for ln in text.split("\n")]
    lines, blank_after = [], []
    for j, ln in enumerate(raw):
        if ln and not ln.startswith("# source:"):
            lines.append(ln)
            blank_after.append(j + 1 < len(raw) and not raw[j + 1])
    out: list[tuple[str, str]] = []
    buf = ""
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        bullet = bool(_BULLET.match(line)) and not line.startswith("■")
        if not buf and _boiler(line):
            out.append(("boilerplate", line))
            continue
        if not buf and not bullet and _is_heading(line, nxt, not out):
            out.append(("heading", line))
            continue
        joiner = "" if _cjk(buf[-1:] + line[:1]) or not buf else " "
        buf = buf + joiner + line
        ends = buf[-1] in _ZH_END + "." or (
            buf[-1] in "\"”’'」』)）" and len(buf) > 1 and buf[-2] in _ZH_END + ".!?"
        )
        if (
            ends
            or not nxt
            or (blank_after[i] and not _cjk(buf))  # English wraps lines, not paragraphs
            or _boiler(nxt)
            or _is_heading(nxt, lines[i + 2] if i + 2 < len(lines) else "", False)
            or _BULLET.match(nxt)
        ):
            out.append(("boilerplate" if _boiler(buf) else "text", buf))
            buf = ""
    if buf:
        out.append(("text", buf))
    return out


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph: Chinese ends at 。！？； (closing quotes stay with
    their sentence), English at . ! ? before a capital or a digit, except after a known
    abbreviation or an initial."""
    if _cjk(paragraph):
        parts = re.split(
            r"(?<=[。！？!?；;])(?![”」』\"’)）])|(?<=[。！？!?；;][”」』\"’)）])", paragraph
        )
        return [p.strip() for p in parts if p and p.strip()]
    out, start = [], 0
    for m in _EN_END.finditer(paragraph):
        head = paragraph[start : m.start()].rstrip()
        if _EN_ABBREV.search(head.split()[-1] if head.split() else ""):
            continue
        out.append(paragraph[start : m.start()].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _quoted_spans(s: str) -> list[tuple[int, int]]:
    spans = []
    for op, cl in QUOTES:
        i = 0
        while True:
            a = s.find(op, i)
            if a < 0:
                break
            b = s.find(cl, a + 1)
            if b < 0:
                break
            if b - a - 1 <= MAX_QUOTED:
                spans.append((a, b + 1))
            i = b + 1
    return spans


def _slogan_spans(s: str) -> list[tuple[int, int]]:
    spans = []
    for pat in SLOGAN_PATTERNS:
        spans += [(m.start(), m.end()) for m in pat.finditer(s)]
    return spans


def _locate(s: str, figs: list[ParsedClaim]) -> list[tuple[int, int]]:
    """Where each figure's words are in ``s`` (in figure order; (-1, -1) if not found)."""
    out, pos = [], 0
    for f in figs:
        src = (f.source or "").strip()
        i = s.find(src, pos) if src else -1
        if i < 0 and src:
            i = s.find(src)
        out.append((i, i + len(src)) if i >= 0 else (-1, -1))
        if i >= 0:
            pos = i + 1
    return out


def _has_outcome_word(clause: str, lang: str) -> bool:
    if lang == "zh":
        return any(w in clause for w in OUTCOME_WORDS_ZH)
    words = re.findall(r"[a-z]+", clause.lower())
    return any(w.startswith(stem) for w in words for stem in OUTCOME_WORDS_EN)


_EN_PLURALS = frozenset(
    ["people", "children", "men", "women", "staff", "police", "personnel", "youth", "officers"]
)


def _countable(unit: str) -> bool:
    """An English count's unit is a plural noun ("burglaries", "people") or a money or
    measure unit; "2 begun", "101 reference" are not counts of anything."""
    u = unit.lower().split()[-1] if unit.split() else ""
    if not u or not u.isalpha():
        return True  # a symbol or a unit the parser names (%, £ ...)
    return u in _EN_PLURALS or (u.endswith("s") and len(u) > 3 and not u.endswith("ss"))


def _event_unit(unit: str, lang: str) -> bool:
    if lang == "zh":
        return unit in EVENT_UNITS_ZH
    u = unit.lower()
    return any(u.startswith(stem) or f" {stem}" in u for stem in EVENT_STEMS_EN)


def _years(f: ParsedClaim) -> bool:
    ends = [x for x in (f.value, f.before, f.low, f.high) if x is not None]
    return (
        bool(ends)
        and all(1900 <= x <= 2100 and x == int(x) for x in ends)
        and ((f.unit or "年") in ("年", "years", "year"))
    )


def _role(f: ParsedClaim, span: tuple[int, int], s: str, lang: str) -> tuple[str, str]:
    """The role of one figure in sentence ``s`` and why (see :class:`FigureNote`)."""
    if f.kind == "reported_statistic":
        return "statistic", "a reported statistic: shown, not a headline figure"
    a, b = span
    inside = [
        (x, y) for x, y in _quoted_spans(s) + _slogan_spans(s) if a >= 0 and x <= a and b <= y
    ]
    if inside:
        return "slogan", f"part of a slogan or name: {s[inside[0][0] : inside[0][1]]}"
    unit = f.unit or ""
    if f.kind in ("count", "amount") and unit in (*DURATION_UNITS, *SHORT_TIMES, *LONG_TIMES):
        if unit in ("年", "years", "year") and f.value is not None and 1900 <= f.value <= 2100:
            return "date", f"a year ({f.source})"
        if unit in SHORT_TIMES and _has_outcome_word(f.text, lang):
            return "claim", ""  # a measured time: "处警到场时间降到2分钟以内"
        return "duration", f"a length of time ({f.source}), not a result"
    if (
        f.kind in ("count", "amount")
        and f.value is not None
        and 1900 <= f.value <= 2100
        and not unit
    ):
        return "date", f"a year ({f.source})"
    if f.kind in ("before_after", "range", "level_change") and _years(f):
        return "date", f"a span of years ({f.source})"
    if f.kind in CLAIM_KINDS:
        return "claim", ""
    if f.kind in ("count", "amount"):
        if not unit:
            return "bare_number", f"a number without a unit ({f.source})"
        if lang == "en" and f.kind == "count" and not _countable(unit):
            return "context", f"'{unit}' is not a countable noun"
        if _has_outcome_word(f.text, lang) or _event_unit(unit, lang):
            return "claim", ""
        return "context", f"no outcome word in its clause ({f.text})"
    return "context", f"not a figure of a claim ({f.kind})"


def read_figures(text: str, lang: str) -> tuple[FigureNote, ...]:
    """Every figure of ``text`` with its role."""
    figs = [f for f in parse_claims(text, language=lang) if f.kind != "unknown"]
    norm = normalize(text)
    spans = _locate(norm, figs)
    return tuple(
        FigureNote(f, *_role(f, sp, norm, lang)) for f, sp in zip(figs, spans, strict=True)
    )


def _clauses(norm: str, lang: str) -> list[tuple[int, int]]:
    """Clause spans as the parser cuts them, except that a comma between digits (a
    thousands separator, 8,823) does not end a clause."""
    spans = clause_spans(norm, lang)
    out: list[tuple[int, int]] = []
    for cs, ce in spans:
        sep = norm[out[-1][1] : cs] if out else ""
        if sep == "," and norm[cs - 2 : cs - 1].isdigit() and norm[cs : cs + 3].isdigit():
            out[-1] = (out[-1][0], ce)
            continue
        out.append((cs, ce))
    return out


def _cut_clauses(s: str, notes: tuple[FigureNote, ...], lang: str) -> str:
    """``s`` without the clauses whose figures are all noise (dates, durations, slogans,
    bare numbers: :data:`CUT_ROLES`), " … " where they were; a count without an outcome
    word stays (it may hold the subject of the claim after it: "受伤2946人,同比下降8.46%").
    Clauses before a cut that precedes the first claim go with it; a cut at either end
    leaves no " … "."""
    norm = normalize(s)
    spans = _clauses(norm, lang)
    locs = _locate(norm, [n.figure for n in notes])
    keep, claims = [], []
    for cs, ce in spans:
        here = [n for n, (a, _) in zip(notes, locs, strict=True) if cs <= a < ce]
        keep.append(not here or any(n.role not in CUT_ROLES for n in here))
        claims.append(any(n.is_claim for n in here))
    first = claims.index(True) if any(claims) else 0
    cuts = [j for j in range(first) if not keep[j]]
    if cuts:  # what stands before a cut ahead of the first claim belongs to the cut
        keep[: cuts[-1]] = [False] * cuts[-1]
    if all(keep):
        return s.strip()
    if len(norm) != len(s):  # offsets differ: keep the sentence whole
        return s.strip()
    pieces: list[str] = []
    prev_end = None
    for (cs, ce), k in zip(spans, keep, strict=True):
        if not k:
            continue
        if prev_end is not None:
            gap = s[prev_end:cs]
            cut = any(
                not kk and prev_end <= c0 < cs for (c0, _), kk in zip(spans, keep, strict=True)
            )
            pieces.append(" … " if cut else gap)
        pieces.append(s[cs:ce])
        prev_end = ce
    text = "".join(pieces).strip()
    last = spans[-1]
    if keep[-1] and last[1] < len(s):
        text += s[last[1] :].strip()
    return text


def _claim_sentence(i: int, p: int, s: str) -> SentenceRead:
    lang = detect_language(s)
    s = DATELINE.sub("", s, count=1).strip() or s
    if CONTACT.search(normalize(s)):
        return SentenceRead(i, p, s, lang, False, "contact or reference line")
    notes = read_figures(s, lang)
    if not notes:
        return SentenceRead(i, p, s, lang, False, "no figure")
    if not any(n.is_claim for n in notes):
        whys = "; ".join(dict.fromkeys(n.why for n in notes))
        return SentenceRead(i, p, s, lang, False, f"no claim figure ({whys})", figures=notes)
    text = _cut_clauses(s, notes, lang)
    final = read_figures(text, lang)
    if not any(n.is_claim for n in final):  # the cut changed the reading: keep it whole
        text, final = s, notes
    return SentenceRead(i, p, s, lang, True, "claim", claim_text=text, figures=final)


def extract_claims(text: str) -> list[SentenceRead]:
    """Every sentence and dropped line of an article, in order, each with what was done
    with it; the kept ones (``kept``) are the article's claim sentences."""
    out: list[SentenceRead] = []
    for p, (kind, para) in enumerate(paragraphs(text)):
        if kind != "text":
            lang = detect_language(para)
            out.append(SentenceRead(len(out), p, para, lang, False, kind))
            continue
        for s in sentences(para):
            out.append(_claim_sentence(len(out), p, s))
    return out


def _figures(read: SentenceRead, targets: list[Target] | None) -> tuple[ExtractedFigure, ...]:
    notes = list(read.figures)
    linked = targets is not None
    matches = match_figures([n.figure for n in notes], targets) if targets else []
    out = []
    for i, n in enumerate(notes):
        m = matches[i] if matches else None
        if m is None or not n.is_claim:
            link = linked and n.is_claim
            out.append(ExtractedFigure(n.figure, n.role, n.why, linked=link, number=i + 1))
            continue
        out.append(
            ExtractedFigure(
                n.figure,
                n.role,
                n.why,
                linked=True,
                target=m.target,
                score=m.score,
                runner_up=m.runner_up,
                runner_up_score=m.runner_up_score,
                how=m.how,
                number=i + 1,
                threshold=THRESHOLD,
            )
        )
    return tuple(out)


def extract_article(
    text: str,
    *,
    spec: Any = None,
    article: str = "",
    encoding: str = "utf-8",
    how: str = "",
    prefix: str = "A",
) -> ExtractedClaims:
    """The claims of an article, each figure linked to ``spec``'s indicators when a
    study spec is given (ids ``A1``, ``A2`` … in article order, ``prefix`` changes the
    letter)."""
    reads = extract_claims(text)
    targets = targets_of(spec) if spec is not None else None
    claims = []
    for r in reads:
        if not r.kept:
            continue
        claims.append(
            ExtractedClaim(
                id=f"{prefix}{len(claims) + 1}",
                lang=r.lang,
                text=r.claim_text,
                sentence=r.text,
                sentence_index=r.index,
                figures=_figures(r, targets),
            )
        )
    dropped: dict[str, int] = {}
    for r in reads:
        if not r.kept:
            key = r.why.split(" (")[0]
            dropped[key] = dropped.get(key, 0) + 1
    return ExtractedClaims(
        article=article,
        encoding=encoding,
        how=how,
        study=getattr(spec, "id", None),
        threshold=THRESHOLD,
        claims=tuple(claims),
        sentences=len(reads),
        dropped=tuple(sorted(dropped.items())),
    )
