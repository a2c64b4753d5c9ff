"""English levels and their changes: before → after pairs written with a transition ("from
41 days to 19 days", "fell to 2,237 from 3,215", "38, down from 46", "… has been reduced by 24
per cent to 113" after the level it left; levels quoted in a comparison or labelled only by
their periods stay levels), no change ("unchanged", "remained stable", "no change"; the level
of "unchanged at 23" is a figure of its own), fractions in words ("about a third of", "cut by a
third", "one in five", "1 in 12 … to 1 in 7"), "N of M" shares, the verb a list of percentages
shares ("fell by 13.8 per cent, robbery by 4.1 per cent and …", "by 7.2 per cent and 7.0 per
cent respectively", bracketed lists) and its basis, and one value for subjects listed under
'both' / 'each'. The conventions are the corpus README's (tests/claims_corpus/README.md).
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
    EN_OF_GAP,
    EN_TOK,
    EN_TOKEN,
)
from analysis.numbers.claims.figures import (
    before_after_figure,
    level_direction,
    merge_bound,
    new_figure,
    precision_of,
)
from analysis.numbers.claims.numerals import number_literal
from analysis.numbers.claims.text import clause_spans, sentence_spans, span_of, spans_overlap

#: the words between a level and the next part of its pair: no digits, at most six words
#: ("333 burglaries in 2011/12 to", "38 homicides year-to-date, down from")
_MID = (
    r"(?P<mid>(?:\s*,?\s+(?!(?:to|from|compared|versus|vs|by)\b)(?:[A-Za-z][\w'’/-]*"
    r"|(?:19|20)\d{2}(?:[-/–]\d{1,4})?)){0,7}?\s*)"
)
_MID_LONG = _MID.replace("{0,7}?", "{0,10}?")
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
    direction = level_direction(before, after)
    cs, _ce = span_of(span[0], clause_spans(norm, "en"))
    pre = norm[cs : span[0]]
    verb = re.search(rf"(?i)\b(?:{EN_INC}|{EN_DEC})\b[^,;]*$", pre)
    subj = en_np_before(pre[: verb.start()] if verb else pre)
    unit = ta.unit or tb.unit or noun
    notes = [] if a_bound == "exact" or not a_word else [f"'{a_word}' read as a bound"]
    if note:
        notes.append(note)
    return before_after_figure(
        before,
        after,
        a_bound,
        b_bound,
        direction=direction,
        precision=precision_of(ta, a_bound, scale),
        basis=_pair_basis(norm, span[0]),
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
        # 38 homicides year-to-date, down from 46; 9,513 calls … was down 45.1 percent from the
        # previous weekend's 17,325 (the percentage stays a figure of its own)
        (
            rf"(?i){bound.format('ab')}(?P<a>{EN_TOK}){_MID_LONG}\s*,?\s+(?:[-–—]\s*)?(?:down|up"
            r"|a (?:fall|rise|drop|decrease|increase|reduction)|falling|rising)"
            r"(?:\s+(?:by\s+)?\d[\d.,]*\s?(?:%|per\s?cent|percent))?\s+from\s+"
            rf"(?:{_LEAD}|(?:the\s+)?(?:[\w-]+\s+){{0,3}}?[\w-]+['’]s\s+)?{bound.format('bb')}"
            rf"(?P<b>{EN_TOK})",
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
            consumed.extend([(m.start("a"), m.end("a")), (m.start("b"), m.end("b"))])
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
    """No change: a percent change of about 0 ("unchanged", "remained stable", "no change").
    "Remained unchanged at 23" / "remained stable at 28%" states the level too: the level is a
    figure of its own beside the no-change figure (corpus convention 3), read by the grammar
    (``parse_en`` keeps a number after "unchanged at" as a level)."""
    figs: list[dict[str, Any]] = []
    sentences = sentence_spans(norm)
    for m in EN_NO_CHANGE.finditer(norm):
        span = (m.start(), m.end())
        if spans_overlap(span, consumed):
            continue
        word = m.group(0).strip()
        ss, se = span_of(m.start(), sentences)
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
            before_after_figure(
                b,
                a,
                ab,
                bb,
                precision=a * 0.1,
                basis=_pair_basis(norm, m.start()),
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
        rf"|\b(?P<n>{EN_NUM})\s+(?:in|out of)\s+(?:every\s+)?(?P<d>{EN_NUM})\b"
        # "22/43 general practices": a share M/N before its noun (convention 6)
        r"|(?<![\d/.])(?P<sn>\d{1,5})/(?P<sd>\d{1,6})(?![\d/.])(?=\s+[a-z]))"
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
            n, _ = number_literal(m.group("n") or m.group("sn"))
            d, _ = number_literal(m.group("d") or m.group("sd"))
            if not d or n >= d or _YEARISH.fullmatch(m.group("d") or m.group("sd")):
                continue
            v = n / d
        bound = EN_BOUND_PRE.get((m.group("b") or "").lower(), "exact")
        cs, ce = span_of(m.start(), clause_spans(norm, "en"))
        direction, rest, to_form = en_change_before(norm[cs : m.start()])
        verbs = list(re.finditer(rf"(?i)\b(?:{EN_INC}|{EN_DEC})\b", norm[cs : m.start()]))
        if not direction and verbs and re.search(r"(?i)\bby\s*$", norm[cs : m.start()]):
            # "reduce the number of fatal and serious collisions … by more than a quarter"
            direction, rest, to_form = en_change_before(norm[cs : cs + verbs[-1].end()] + " by ")
        is_of = (
            m.group("n")
            or m.group("sn")
            or re.match(
                r"\s*(?:of|were|was|are|is|have|had|said|say|reported|felt)\b", norm[m.end() : ce]
            )
        )
        if not direction and re.match(r"\s*\(\s*\d[\d.]*\s?(?:%|per\s?cent)", norm[m.end() :]):
            is_of = True  # "nearly half (46%, or 252,612)": a share, restated in brackets
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
                numerator=n if not m.group("f") and kind == "share" else None,
                denominator=d if not m.group("f") and kind == "share" else None,
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
        src = _list_source(prev, f, norm) or _bracket_source(f, norm)
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
        f["basis"] = f["basis"] or src["basis"]
        if f["kind"] == "percentage_point_change":
            f["unit"] = "percentage points"
        f["notes"] = [*f["notes"], "the change verb is shared with the figure beside it"]
        f["numerator"] = f["denominator"] = None
        group = src.setdefault("_group", [src])
        group.append(f)
        f["_group"] = group


def _list_source(
    prev: dict[str, Any] | None, f: dict[str, Any], norm: str
) -> dict[str, Any] | None:
    """The change figure whose verb a percentage in a list shares: "fell by 13.8 per cent,
    robbery by 4.1 per cent", "by 3.2% (burglary) and 7.1% (robbery)", "arson fell 7% and
    criminal damage 4%", "reductions in burglary of 12% and in robbery of 9%"."""
    if prev is None or prev["kind"] not in ("percent_change", "percentage_point_change"):
        return None
    if not prev["direction"]:
        return None
    gap = re.sub(r"\([^()\d]*\)", " ", norm[prev["end"] : f["start"]])
    if re.fullmatch(r"(?i)\s*(?:,\s*|,?\s*and\s+)in\s+(?:[A-Za-z'’-]+\s+){1,4}of\s*", gap):
        return prev  # the parallel "… in X of N% and in Y of M%"
    if re.search(r"(?i)\b(?:at|to|of|than|as|from)\s*$", gap):
        return None  # "remaining at 27 per cent", "a rate of 97%": a level
    listed = re.fullmatch(
        r"(?i)\s*(?:,|;|and|or|,\s*and|while|with)?\s*(?:(?:[A-Za-z'’-]+\s+){0,6}?by\s*)?", gap
    ) or re.fullmatch(
        r"(?i)\s*(?:,\s*|,?\s*and\s+)(?:[A-Za-z'’-]+\s+){1,4}"
        # "fell by 67% in Strathclyde, 62% in Lincolnshire and 53% in Cleveland"
        r"|\s*(?:in|among|for|at|across)\s+(?:the\s+)?(?:[A-Z][A-Za-z'’&-]*\s*){1,4}(?:,|,?\s*and)\s*",
        gap,
    )
    if listed and not re.search(
        rf"(?i)\b(?:{EN_INC}|{EN_DEC}|was|were|is|are|of)\b(?!\s*by)", gap.replace(" by", "")
    ):
        return prev
    return None


def _bracket_source(f: dict[str, Any], norm: str) -> dict[str, Any] | None:
    """A percentage alone in brackets after a change verb or noun of its sentence, with no
    other number between: "fell three times faster (4.2 percent) than the rest (1.4
    percent)", "Falls were recorded in burglary (12%), robbery (9%) …"."""
    if not (
        re.search(r"\(\s*$", norm[max(0, f["start"] - 3) : f["start"]])
        and re.match(r"\s*\)", norm[f["end"] :])
    ):
        return None
    ss, _se = span_of(f["start"], sentence_spans(norm))
    verbs = list(
        re.finditer(
            rf"(?i)\b(?:{EN_INC}|{EN_DEC}|increases|rises|falls|drops|declines|decreases)\b",
            norm[ss : f["start"]],
        )
    )
    v = verbs[-1].group(0).lower() if verbs else ""
    if not re.fullmatch(
        r"\w+ed|fell|fallen|rose|risen|grew|grown|shrank|went (?:up|down)|increases|rises"
        r"|falls|drops|declines|decreases|reductions",
        v,
    ):
        return None
    if re.search(r"\d", re.sub(r"\([^)]*\)", "", norm[ss + verbs[-1].end() : f["start"]])):
        return None
    up = re.fullmatch(rf"{EN_INC}|increases|rises", v)
    return {"kind": "percent_change", "direction": "increase" if up else "decrease", "basis": None}


def share_the_basis(figs: list[dict[str, Any]]) -> None:
    """One basis for a list under one verb ("fell 7.1 per cent, robbery 3.2 per cent and
    burglary 11.4 per cent year on year"): stated once, it holds for every item."""
    for f in figs:
        group = f.get("_group") or [f]
        basis = next((g["basis"] for g in group if g["basis"]), None)
        if basis:
            for g in group:
                g["basis"] = g["basis"] or basis


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
    """Pairs split across clauses or sentences by a transition: "In 2019 there were 3,800
    burglaries. Last year this fell to 2,900." and "there were 149 offences, but this year the
    figure has been reduced by 24 per cent to 113" are one before → after figure, placed at the
    first number. Levels labelled only by their periods ("14 this time last year, eight so far
    this year") or quoted in a comparison ("compared with 65,200", "That compares with 7,167")
    stay levels of their own (corpus convention 2)."""
    out: list[dict[str, Any]] = []
    sentences = sentence_spans(norm)
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
        if near and f.get("_to_form"):
            pair = "split across its clauses or sentences"
        if not pair:
            out.append(f)
            continue
        scale = 0.01 if (prev["kind"] == "share" and f["kind"] == "count") else 1.0
        b_val, a_val = before["value"], after["value"] * scale
        fss, fse = span_of(f["start"], sentences)
        basis = en_basis(norm[fss:fse])
        merged = before_after_figure(
            b_val,
            a_val,
            after["bound"],
            before["bound"],
            precision=(after["precision"] or 1.0) * scale,
            basis=basis if basis in ("yoy", "mom") else "before_after",
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


def or_level_change(figs: list[dict[str, Any]], norm: str) -> None:
    """ "a fall of 11% or around 16,000 officers", "down 14.2% or 1,280 crimes": the count after
    'or' is the same change as a level; "fell by about 1,500, or 6%": the percentage after 'or'
    is the same change as a percentage."""
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
        elif (
            a["kind"] == "level_change"
            and b["kind"] == "share"
            and not b.get("_own_base")
            and re.fullmatch(r"(?i)\s*,?\s*or\s*(?:[a-z ]{0,20}?)?", norm[a["end"] : b["start"]])
        ):  # "fell by about 1,500, or 6%": the same change as a percentage
            sign = -1.0 if a["direction"] == "decrease" else 1.0
            b["kind"] = "percent_change"
            b["value"] = sign * abs(b["value"])
            b["readings"] = (b["value"],)
            b["direction"] = a["direction"]
            b["basis"] = a["basis"]
            b["notes"] = [*b["notes"], "the same change as the level before it, as a percentage"]


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
            and EN_OF_GAP.fullmatch(norm[f["end"] : nxt["start"]])
            and 0 < f["value"] < nxt["value"]
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


def distribute(figs: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """One value for several enumerated subjects under a distributive word: "violent crime and
    robbery were both down by 11 per cent", "A, B and C each rose 5%", "14 percent increases
    in both murder and rape" are one figure per subject (corpus convention 5)."""
    out: list[dict[str, Any]] = []
    clauses = clause_spans(norm, "en")
    sentences = sentence_spans(norm)
    for f in figs:
        out.append(f)
        if f["kind"] not in ("percent_change", "percentage_point_change", "share", "level_change"):
            continue
        cs, ce = span_of(f["start"], clauses)
        ss, _se = span_of(f["start"], sentences)
        before = norm[cs : f["start"]]
        n = 0
        both = re.search(r"(?i)\b(both|each)\b(?:\s+[a-z]+){0,3}\s*$", before)
        listed = bool(
            both
            and re.search(
                r"\band\b[^\d]*$", norm[max(ss, cs + both.start() - 80) : cs + both.start()]
            )
        )
        if both and not listed:
            n = 0  # "(both down 14.2% or 1,280 crimes)": no subjects enumerated before it
        elif both and both.group(1).lower() == "both":
            n = 2
        elif both:  # each: as many as the subjects listed before it (in this sentence)
            subj = norm[ss : cs + both.start()]
            n = len(re.findall(r",|\band\b", subj[-120:])) + 1 if re.search(r"\band\b", subj) else 0
        elif re.match(r"(?i)\s*(?:[a-z-]+\s+){0,2}?in both\b", norm[f["end"] : ce]):
            n = 2
        for _ in range(max(n - 1, 0)):
            out.append({**f, "notes": [*f["notes"], "one value for each subject listed"]})
    return out
