"""English levels and their changes: before → after pairs ("from 41 days to 19 days",
"fell to 2,237 from 3,215", "38, down from 46", "67,000 …, compared with 65,200", pairs
split across sentences or by their periods), no change ("unchanged", "remained stable",
"no change"; "remained unchanged at 23" is a pair with equal ends), fractions in words
("about a third of", "cut by a third", "one in five"), and the verb a list of percentages
shares ("fell by 13.8 per cent, robbery by 4.1 per cent and …", "by 7.2 per cent and 7.0 per
cent respectively").
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from analysis.numbers.claims.en_phrases import (
    en_basis,
    en_change_before,
    en_np,
    en_np_before,
    en_token,
)
from analysis.numbers.claims.en_words import (
    EN_BOUND_PRE,
    EN_BOUND_PRE_RE,
    EN_DEC,
    EN_FRACTION_RE,
    EN_FRACTIONS,
    EN_INC,
    EN_NO_CHANGE,
    EN_NUM,
    EN_TOK,
    EN_TOKEN,
)
from analysis.numbers.claims.figure_text import fmt_num
from analysis.numbers.claims.figures import merge_bound, new_figure, precision_of
from analysis.numbers.claims.numerals import number_literal
from analysis.numbers.claims.text import clause_spans, sentence_spans, span_of, spans_overlap

#: the words between a level and the next part of its pair: no digits, at most six words
#: ("333 burglaries in 2011/12 to", "38 homicides year-to-date, down from")
_MID = (
    r"(?P<mid>(?:\s*,?\s+(?!(?:to|from|compared|versus|vs|by)\b)(?:[A-Za-z][\w'’/-]*"
    r"|(?:19|20)\d{2}(?:[-/–]\d{2,4})?)){0,7}?\s*)"
)
_LEAD = r"(?:(?:an?|the|its|their|last year['’]s|this year['’]s)\s+)?(?:[A-Za-z'’-]+\s+){0,3}?of\s+"
_YEARISH = re.compile(r"(?:19|20)\d{2}")

#: precision of a fraction in words: read to ±2.5 percentage points
FRACTION_STEP = 0.05


def _tok(m: re.Match[str], group: str) -> Any:
    return en_token(EN_TOKEN.fullmatch(m.group(group)), m.start(group))  # type: ignore[arg-type]


def _is_year(tok: Any) -> bool:
    return tok.unit is None and bool(_YEARISH.fullmatch(tok.literal))


def _pair_figure(
    norm: str,
    tb: Any,
    ta: Any,
    bb_word: str | None,
    ab_word: str | None,
    span: tuple[int, int],
    noun: str | None,
    note: str | None = None,
) -> dict[str, Any]:
    """A before → after figure from its two tokens."""
    scale = 0.01 if (ta.unit == "%" or tb.unit == "%") else 1.0
    a_bound, a_word = merge_bound(ta, EN_BOUND_PRE.get((ab_word or "").lower(), "exact"), ab_word)
    b_bound, _ = merge_bound(tb, EN_BOUND_PRE.get((bb_word or "").lower(), "exact"), bb_word)
    before, after = tb.number * scale, ta.number * scale
    direction = "increase" if after > before else "decrease" if after < before else None
    cs, _ce = span_of(span[0], clause_spans(norm, "en"))
    pre = norm[cs : span[0]]
    verb = re.search(rf"(?i)\b(?:{EN_INC}|{EN_DEC})\b[^,;]*$", pre)
    subj = en_np_before(pre[: verb.start()] if verb else pre)
    unit = ta.unit or tb.unit or noun
    notes = [] if a_bound == "exact" or not a_word else [f"'{a_word}' read as a bound"]
    if note:
        notes.append(note)
    return new_figure(
        kind="before_after",
        value=after,
        direction=direction,
        bound=a_bound,
        precision=precision_of(ta, a_bound, scale),
        readings=(after,),
        reading_labels=("as stated",),
        basis=_pair_basis(norm, span[0]),
        before=before,
        before_bound=b_bound,
        after=after,
        after_bound=a_bound,
        unit=unit if unit != "%" else "%",
        subject=subj or None,
        source=norm[span[0] : span[1]],
        notes=notes,
        start=span[0],
        end=span[1],
    )


def _pair_basis(norm: str, pos: int) -> str:
    """A pair's basis: before_after, or yoy / mom when its sentence says so ("compared with
    the same quarter of 2021")."""
    ss, se = span_of(pos, sentence_spans(norm))
    basis = en_basis(norm[ss:se])
    return basis if basis in ("yoy", "mom") else "before_after"


def _noun(mid: str) -> str | None:
    """The counting noun at the start of the words after a level ('burglaries in …')."""
    w = re.match(r"\s*([A-Za-z][\w'’-]*)", mid or "")
    if not w or w.group(1).lower() in ("in", "at", "as", "on", "during", "for", "last", "this"):
        return None
    return w.group(1)


def en_pairs(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Before → after pairs; their spans go to ``consumed``."""
    figs: list[dict[str, Any]] = []
    bound = rf"(?:(?:just|only|a mere|an estimated)\s+)?(?:(?P<{{}}>{EN_BOUND_PRE_RE})\s+)?"
    pats = [
        # from 3,800 (in April) to (more than) 12,000; from a median of 41 days to 19 days
        (
            rf"(?i)\bfrom\s+(?:{_LEAD})?{bound.format('bb')}(?P<b>{EN_TOK}){_MID}\s+to\s+"
            rf"(?:{_LEAD})?{bound.format('ab')}(?P<a>{EN_TOK})",
            False,
        ),
        # fell to 2,237 last year from 3,215 in 2003; grown since 2001, to $3.7 billion from …
        (
            rf"(?i)\bto\s+{bound.format('ab')}(?P<a>{EN_TOK}){_MID}"
            rf"\s*,?\s+from\s+(?:{_LEAD})?{bound.format('bb')}(?P<b>{EN_TOK})",
            False,
        ),
        # 38 homicides year-to-date, down from 46
        (
            rf"(?i){bound.format('ab')}(?P<a>{EN_TOK}){_MID}\s*,?\s+(?:[-–—]\s*)?(?:down|up"
            r"|a (?:fall|rise|drop|decrease|increase|reduction)|falling|rising)\s+from\s+"
            rf"(?:{_LEAD})?{bound.format('bb')}(?P<b>{EN_TOK})",
            True,
        ),
        # 67,000 domestic burglaries between April and June, compared with 65,200
        (
            rf"(?i){bound.format('ab')}(?P<a>{EN_TOK}){_MID}\s*,?\s+(?:compared (?:with|to)"
            rf"|as opposed to|versus|vs\.?|against)\s+{bound.format('bb')}(?P<b>{EN_TOK})",
            True,
        ),
    ]
    for pat, check_change in pats:
        for m in re.finditer(pat, norm):
            span = (m.start(), m.end())
            if spans_overlap(span, consumed):
                continue
            tb, ta = _tok(m, "b"), _tok(m, "a")
            if (
                _is_year(tb)
                or _is_year(ta)
                or (min(tb.number, ta.number) < 2 and not re.search(r"\d", tb.words + ta.words))
            ):
                continue
            if (tb.unit == "%") != (ta.unit == "%") and tb.unit and ta.unit:
                continue
            if check_change and _is_change(norm, ta.start, ta.end):
                continue  # "fell 12%, compared with 8% nationally": a change, not a level
            if m.group(0).lower().startswith("to") and not re.search(
                rf"(?i)\b(?:{EN_INC}|{EN_DEC})\b",
                norm[span_of(m.start(), sentence_spans(norm))[0] : m.start()],
            ):
                continue
            figs.append(
                _pair_figure(
                    norm,
                    tb,
                    ta,
                    m.groupdict().get("bb"),
                    m.groupdict().get("ab"),
                    span,
                    _noun(m.group("mid")),
                )
            )
            consumed.append(span)
    return figs


def _is_change(norm: str, start: int, end: int) -> bool:
    """Whether the number at start:end is a change (a verb before it or a change noun after)."""
    cs, ce = span_of(start, clause_spans(norm, "en"))
    d, _rest, to_form = en_change_before(norm[cs:start])
    if d and not to_form:
        return True
    return bool(
        re.match(
            r"(?i)\s*(?:increase|rise|fall|drop|decrease|reduction|decline|fewer|more|less"
            r"|lower|higher)\b",
            norm[end:ce],
        )
    )


def en_no_change(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """No change: a percent change of about 0 ("unchanged", "remained stable", "no change");
    "remained unchanged at 23" / "remained stable at 28%": a pair with equal ends."""
    figs: list[dict[str, Any]] = []
    sentences = sentence_spans(norm)
    paired: set[tuple[int, int]] = set()
    for m in re.finditer(
        rf"(?i)\bremain(?:ed|ing|s)?\s+(?:(?:broadly|largely|roughly|virtually)\s+)?at\s+"
        rf"(?:(?P<ab>{EN_BOUND_PRE_RE})\s+)?(?P<a>{EN_TOK})",
        norm,
    ):
        if spans_overlap((m.start(), m.end()), consumed) or not re.search(r"\d", m.group("a")):
            continue
        tok = en_token(EN_TOKEN.fullmatch(m.group("a")), m.start("a"))  # type: ignore[arg-type]
        fig = _pair_figure(
            norm,
            tok,
            tok,
            m.group("ab"),
            m.group("ab"),
            (m.start(), m.end()),
            None,
            note=f"'{m.group(0).strip()}': the level before and after is the same",
        )
        fig["direction"] = None
        figs.append(fig)
        consumed.append((m.start(), m.end()))
        paired.add(span_of(m.start(), sentences))
    for m in EN_NO_CHANGE.finditer(norm):
        span = (m.start(), m.end())
        if spans_overlap(span, consumed) or span_of(m.start(), sentences) in paired:
            continue
        word = m.group(0).strip()
        at = re.match(
            rf"(?i)\s+(?:at|on)\s+(?:(?P<ab>{EN_BOUND_PRE_RE})\s+)?(?P<a>{EN_TOK})", norm[m.end() :]
        )
        if at and re.search(r"\d", at.group("a")):
            tok = en_token(
                EN_TOKEN.fullmatch(at.group("a")),  # type: ignore[arg-type]
                m.end() + at.start("a"),
            )
            end = m.end() + at.end()
            fig = _pair_figure(
                norm,
                tok,
                tok,
                at.group("ab"),
                at.group("ab"),
                (m.start(), end),
                None,
                note=f"'{word}' at {fmt_num(tok.number)}: the level before and after is the same",
            )
            fig["direction"] = None
            figs.append(fig)
            consumed.append((m.start(), end))
            continue
        ss, se = span_of(m.start(), sentence_spans(norm))
        figs.append(
            new_figure(
                kind="percent_change",
                value=0.0,
                bound="approx",
                precision=0.01,
                readings=(0.0,),
                reading_labels=("no change",),
                basis=en_basis(norm[ss:se]),
                unit="%",
                subject=en_np_before(
                    norm[span_of(m.start(), clause_spans(norm, "en"))[0] : m.start()]
                )
                or None,
                source=word,
                notes=[f"'{word}' read as a change of about 0% (within half a percentage point)"],
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append(span)
    return figs


def _fraction_pairs(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """ "rising from about 1 in 12 in 2006–07, to 1 in 7": a before → after pair of shares."""
    figs: list[dict[str, Any]] = []
    one = rf"(?:(?P<{{b}}>{EN_BOUND_PRE_RE})\s+)?(?P<{{n}}>{EN_NUM})\s+in\s+(?P<{{d}}>{EN_NUM})\b"
    pat = (
        rf"(?i)\bfrom\s+{one.format(b='bb', n='bn', d='bd')}{_MID},?\s+to\s+"
        rf"{one.format(b='ab', n='an', d='ad')}"
    )
    for m in re.finditer(pat, norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        b = number_literal(m.group("bn"))[0] / number_literal(m.group("bd"))[0]
        a = number_literal(m.group("an"))[0] / number_literal(m.group("ad"))[0]
        bb = EN_BOUND_PRE.get((m.group("bb") or "").lower(), "exact")
        ab = EN_BOUND_PRE.get((m.group("ab") or "").lower(), "exact")
        figs.append(
            new_figure(
                kind="before_after",
                value=a,
                direction="increase" if a > b else "decrease" if a < b else None,
                bound=ab,
                precision=a * 0.1,
                readings=(a,),
                reading_labels=("as stated",),
                basis=_pair_basis(norm, m.start()),
                before=b,
                before_bound=bb,
                after=a,
                after_bound=ab,
                unit="%",
                source=m.group(0),
                notes=["a pair of shares written as '1 in N' (read to ±5% of their value)"],
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


def en_fractions(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Fractions in words: a share ("about a third of victims", "one in five") or a change
    ("cut by a third", "dropped by a fifth")."""
    figs: list[dict[str, Any]] = []
    pat = re.compile(
        rf"(?i)(?:\b(?P<b>{EN_BOUND_PRE_RE})\s+)?(?:(?<![\w-])(?P<f>{EN_FRACTION_RE})\b"
        rf"|\b(?P<n>{EN_NUM})\s+(?:in|out of)\s+(?:every\s+)?(?P<d>{EN_NUM})\b)"
    )
    figs += _fraction_pairs(norm, consumed)
    for m in pat.finditer(norm):
        span = (m.start(), m.end())
        if spans_overlap(span, consumed):
            continue
        before = norm[max(0, m.start() - 12) : m.start()].lower()
        after = norm[m.end() : m.end() + 12].lower()
        if m.group("f"):
            if re.search(r"(?:first|second|latter|last|next|past|other)\s+$", before):
                continue  # "the first half of the year": a period
            if re.match(r"[-\s](?:year|term|hour|day|time|dozen|a\b|an\b|the\b|way|price)", after):
                continue
            v = EN_FRACTIONS[m.group("f").lower()]
        else:
            n, _ = number_literal(m.group("n"))
            d, _ = number_literal(m.group("d"))
            if not d or n >= d or _YEARISH.fullmatch(m.group("d")):
                continue
            v = n / d
        bound = EN_BOUND_PRE.get((m.group("b") or "").lower(), "exact")
        cs, ce = span_of(m.start(), clause_spans(norm, "en"))
        direction, rest, to_form = en_change_before(norm[cs : m.start()])
        is_of = m.group("n") or re.match(
            r"\s*(?:of|were|was|are|is|have|had|said|say|reported|felt)\b", norm[m.end() : ce]
        )
        if direction and not to_form and not is_of:
            kind, value = "percent_change", -v if direction == "decrease" else v
            subj = en_np_before(rest)
        elif is_of or re.search(
            r"(?i)(?:\b(?:was|were|is|are|accounted for|made up|represented|comprised|of)\s*)$",
            norm[cs : m.start()].rstrip(),
        ):
            kind, value, direction = "share", v, None
            mm = re.match(r"(?i)\s*(?:of\s+)?(?:all\s+|the\s+)?(.*)", norm[m.end() : ce])
            subj = en_np(mm.group(1)) if mm else en_np_before(norm[cs : m.start()])
        else:
            continue
        figs.append(
            new_figure(
                kind=kind,
                value=value,
                direction=direction,
                bound=bound,
                precision=FRACTION_STEP if m.group("f") else abs(value) * 0.1,
                readings=(value,),
                reading_labels=("as stated",),
                basis=en_basis(norm[slice(*span_of(m.start(), sentence_spans(norm)))])
                if kind == "percent_change"
                else None,
                unit="%",
                subject=subj or None,
                source=m.group(0),
                notes=[
                    f"'{m.group(0).strip()}' read as {value:.4g} (a fraction in words, read to "
                    + ("±2.5 percentage points)" if m.group("f") else "±5% of its value)")
                ],
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append(span)
    return figs


def share_the_verb(figs: list[dict[str, Any]], norm: str) -> None:
    """A list of percentages under one change verb: "fell by 13.8 per cent, robbery offences
    by 4.1 per cent and …", "by 7.2 per cent and 7.0 per cent respectively", "12% and 9%
    lower". A percentage read as a share takes the change of its neighbour in the list."""
    sentences = sentence_spans(norm)
    for i, f in enumerate(figs):
        if f["kind"] != "share" or f.get("_own_base") or f["direction"] or f["unit"] != "%":
            continue
        ss, _se = span_of(f["start"], sentences)
        prev = next((g for g in reversed(figs[:i]) if g["start"] >= ss), None)
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        src = None
        if prev is not None and prev["kind"] in ("percent_change", "percentage_point_change"):
            gap = norm[prev["end"] : f["start"]]
            if re.fullmatch(
                r"(?i)\s*(?:,|;|and|or|,\s*and|while|with)?\s*(?:(?:[A-Za-z'’-]+\s+){0,6}?by\s*)?",
                gap,
            ) and not re.search(
                rf"(?i)\b(?:{EN_INC}|{EN_DEC}|was|were|is|are|of)\b(?!\s*by)",
                gap.replace(" by", ""),
            ):
                src = prev
        if (
            src is None
            and nxt is not None
            and nxt.get("_dir_after")
            and nxt["kind"] == "percent_change"
        ) and re.fullmatch(r"(?i)\s*(?:,|and|or|,\s*and)\s*", norm[f["end"] : nxt["start"]]):
            src = nxt
        if src is None:
            continue
        sign = -1.0 if src["direction"] == "decrease" else 1.0
        f["kind"] = src["kind"]
        f["value"] = sign * abs(f["value"])
        f["readings"] = (f["value"],)
        f["direction"] = src["direction"]
        f["basis"] = src["basis"]
        if f["kind"] == "percentage_point_change":
            f["unit"] = "percentage points"
        f["notes"] = [*f["notes"], "the change verb is shared with the figure beside it"]
        f["numerator"] = f["denominator"] = None


_EARLY = re.compile(
    r"(?i)\b(?:last year|this time last year|at the same point last year|the previous year"
    r"|a year (?:earlier|ago)|(?:19|20)\d{2})\b"
)
_LATE = re.compile(r"(?i)\b(?:this year|so far this year|year[- ]to[- ]date|now|(?:19|20)\d{2})\b")
_COMPARES = re.compile(r"(?i)\b(?:that|this|which|it)\s+compares?\s+(?:with|to)\s*$")


def _levels_alike(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two levels of the same thing: counts (or amounts) in the same unit, or two shares."""
    if a["kind"] == b["kind"] == "share":
        return bool(a.get("_own_base") and b.get("_own_base"))
    if a["kind"] not in ("count", "amount") or b["kind"] not in ("count", "amount"):
        return False
    if a["bound"] != "exact" and b["bound"] != "exact":
        return False
    return (
        a["unit"] == b["unit"]
        or a["unit"] is None
        or b["unit"] is None
        or _similar(a["unit"], b["unit"])
    )


def merge_split_pairs(figs: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """Pairs split across two sentences or by their periods: "In 2019 there were 3,800
    burglaries. Last year this fell to 2,900.", "there were 149 offences, but this year the
    figure has been reduced by 24 per cent to 113", "6,439 … That compares with 7,167 …" and
    "murders stood at 14 this time last year, eight … so far this year" are one before → after
    figure, placed at the first number."""
    out: list[dict[str, Any]] = []
    sentences = sentence_spans(norm)
    clauses = clause_spans(norm, "en")
    for f in figs:
        j = len(out) - 1
        while (
            j >= 0
            and out[j]["kind"] in ("percent_change", "percentage_point_change")
            and (f.get("_to_form"))
        ):
            j -= 1  # "149 offences …, reduced by 24 per cent to 113": skip the change
        prev = out[j] if j >= 0 else None
        if (
            prev is None
            or prev.get("_to_form")
            or not (
                _levels_alike(prev, f)
                or (
                    f.get("_to_form")
                    and prev["kind"] == "share"
                    and f["kind"] == "count"
                    and f["unit"] is None
                )
            )
        ):
            out.append(f)
            continue
        ps, _ = span_of(prev["start"], sentences)
        fs, _ = span_of(f["start"], sentences)
        near = fs == ps or _next_sentence(sentences, ps) == fs
        pair, before, after = None, prev, f
        cs, _ce = span_of(f["start"], clauses)
        if near and _COMPARES.search(norm[cs : f["start"]]):
            pair, before, after = "('that compares with')", f, prev
        elif near and f.get("_to_form"):
            pair = "split across its clauses or sentences"
        elif near:
            pe = _period_near(norm, prev, clauses)
            fe = _period_near(norm, f, clauses)
            shares = prev["kind"] == "share"
            if (
                pe
                and fe
                and _EARLY.search(pe)
                and _LATE.search(fe)
                and _later(pe, fe)
                # two shares pair only when each opens with its period ("In 2010, … 8% …, and
                # by 2015, … 18%"); "61% of … in 2014 and 63% of … in 2015" are two shares
                and not (
                    shares and (_ends_with_period(norm, prev, pe) or _ends_with_period(norm, f, fe))
                )
            ):
                pair = "split by its periods"
        if not pair:
            out.append(f)
            continue
        scale = 0.01 if (prev["kind"] == "share" and f["kind"] == "count") else 1.0
        b_val, a_val = before["value"], after["value"] * scale
        fss, fse = span_of(f["start"], sentences)
        basis = en_basis(norm[fss:fse])
        if pair.startswith("('that") and re.search(
            r"(?i)previous year|a year (?:earlier|ago|before)|last year|the year before",
            norm[fss:fse],
        ):
            basis = "yoy"
        merged = new_figure(
            kind="before_after",
            value=a_val,
            direction="increase" if a_val > b_val else "decrease" if a_val < b_val else None,
            bound=after["bound"],
            precision=(after["precision"] or 1.0) * scale,
            readings=(a_val,),
            reading_labels=("as stated",),
            basis=basis if basis in ("yoy", "mom") else "before_after",
            before=b_val,
            before_bound=before["bound"],
            after=a_val,
            after_bound=after["bound"],
            unit="%" if scale != 1.0 else (f["unit"] or prev["unit"]),
            subject=prev["subject"] or f["subject"],
            source=norm[prev["start"] : f["end"]],
            notes=[*after["notes"], f"a before → after pair {pair}"],
            start=prev["start"],
            end=f["end"],
        )
        out[j] = merged
    return out


def _similar(a: str | None, b: str | None) -> bool:
    return bool(a and b and (a.lower().rstrip("s") == b.lower().rstrip("s")))


def _next_sentence(sentences: list[tuple[int, int]], start: int) -> int | None:
    for i, (s, _e) in enumerate(sentences):
        if s == start and i + 1 < len(sentences):
            return sentences[i + 1][0]
    return None


def _period_near(norm: str, f: dict[str, Any], clauses: list[tuple[int, int]]) -> str | None:
    """The period words next to a figure: in its clause (after it, else before it), else in the
    clause before it ("In 2010, … 8% of …")."""
    cs, ce = span_of(f["start"], clauses)
    after = norm[f["end"] : ce]
    m = _EARLY.search(after) or _LATE.search(after)
    if m:
        return after[: m.end()]
    before = norm[cs : f["start"]]
    if _EARLY.search(before) or _LATE.search(before):
        return before
    prev = [c for c in clauses if c[1] <= cs]
    if prev:
        text = norm[prev[-1][0] : prev[-1][1]]
        if re.fullmatch(r"(?i)\s*(?:and\s+)?(?:in|by|during|for)\s+(?:19|20)\d{2}\s*", text):
            return text
    return None


def _ends_with_period(norm: str, f: dict[str, Any], period_text: str) -> bool:
    """Whether the period words found for ``f`` stand after it."""
    return norm[f["end"] : f["end"] + len(period_text)] == period_text


def _later(early: str, late: str) -> bool:
    ye = [int(y) for y in re.findall(r"(?:19|20)\d{2}", early)]
    yl = [int(y) for y in re.findall(r"(?:19|20)\d{2}", late)]
    if ye and yl:
        return max(yl) > max(ye)
    if yl and not ye:
        return False
    return not re.search(r"(?i)last year|previous year|a year (?:earlier|ago)", late) or bool(
        re.search(r"(?i)this year|so far|to date", late)
    )


def or_level_change(figs: list[dict[str, Any]], norm: str) -> None:
    """ "a fall of 11% or around 16,000 officers", "down 14.2% or 1,280 crimes": the count after
    'or' is the same change as a level."""
    for a, b in itertools.pairwise(figs):
        if (
            a["kind"] == "percent_change"
            and b["kind"] in ("count", "amount")
            and re.fullmatch(
                r"(?i)\s*(?:,\s*)?or\s*(?:[a-z ]{0,20}?)?",
                norm[a["end"] : b["start"]],
            )
        ):
            sign = -1.0 if a["direction"] == "decrease" else 1.0
            b["kind"] = "level_change"
            b["value"] = sign * abs(b["value"])
            b["readings"] = (b["value"],)
            b["direction"] = a["direction"]
            b["basis"] = a["basis"]
            b["notes"] = [*b["notes"], "the same change as the percentage before it, as a level"]


def of_shares(figs: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """ "in 5 of 8 communities": a share (5/8) when no percentage states it beside them."""
    out: list[dict[str, Any]] = []
    skip = False
    for i, f in enumerate(figs):
        if skip:
            skip = False
            continue
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if (
            nxt is not None
            and f["kind"] == "count"
            and nxt["kind"] == "count"
            and f["bound"] == "exact"
            and re.fullmatch(r"(?i)\s*(?:of|out of)\s*", norm[f["end"] : nxt["start"]])
            and 0 < f["value"] < nxt["value"]
            and not re.match(r"\s*\(?\s*\d[\d.]*\s*(?:%|per\s?cent|percent)", norm[nxt["end"] :])
            and not re.search(
                r"\d[\d.]*\s*(?:%|per\s?cent|percent)", norm[nxt["end"] : nxt["end"] + 30]
            )
        ):
            v = f["value"] / nxt["value"]
            out.append(
                new_figure(
                    kind="share",
                    value=v,
                    precision=None,
                    readings=(v,),
                    reading_labels=("as stated",),
                    numerator=f["value"],
                    denominator=nxt["value"],
                    unit="%",
                    subject=nxt["subject"],
                    source=norm[f["start"] : nxt["end"]],
                    notes=[f"'{norm[f['start'] : nxt['end']].strip()}' read as a share"],
                    start=f["start"],
                    end=nxt["end"],
                )
            )
            skip = True
            continue
        out.append(f)
    return out
