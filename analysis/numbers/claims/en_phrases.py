"""English phrase readers shared by the English grammar: a number token, the noun phrase
after or before it, the change verb before or after it, a bound word before it, and the
comparison basis of its sentence."""

from __future__ import annotations

import re

from analysis.numbers.claims.en_words import (
    EN_BASIS,
    EN_BOUND_PRE,
    EN_BOUND_PRE_RE,
    EN_CURRENCY,
    EN_DEC,
    EN_INC,
    EN_PARTICIPLES,
    EN_PERIOD,
    EN_STOP,
    MONTH_NAMES,
)
from analysis.numbers.claims.figures import Token
from analysis.numbers.claims.numerals import MAGNITUDE, number_literal
from analysis.numbers.claims.text import span_of

#: words between a change verb and its number: "down a total of 20.2 per cent", "reduced,
#: by 7.2 per cent", "fell by a further 5%"
_FILLER = (
    r"(?:\s*,)?(?:\s+(?:by|of))?(?:\s+(?:a total of|a further|an overall|overall|a massive"
    r"|a significant|a staggering|an impressive|a huge|a substantial|a dramatic|a remarkable"
    r"|a welcome|a small|a slight|a modest|just|only|exactly|some|in total|a))?"
    r"(?:\s+(?:by|of))?"
)

#: noun forms of a change followed by "of": "an increase of", "falls of", "a reduction of"
_CHANGE_NOUN = (
    r"increases?|decreases?|rises?|falls?|drops?|declines?|reductions?|growth|cuts?|jumps?"
    r"|improvements?|uplift|surge|spike|fall-off|dip"
)


def en_unit_name(unit: str | None) -> str | None:
    """Canonical English unit: '%', 'percentage points', 'fold', 'times', 'yuan', 'GBP',
    'USD', 'AUD', 'm²'."""
    if not unit:
        return None
    u = re.sub(r"\s+", " ", unit.lower()).strip()
    if u in ("%", "percent", "per cent", "percent", "pc"):
        return "%"
    if "point" in u or u == "pp":
        return "percentage points"
    if "fold" in u:
        return "fold"
    if u in ("times", "×"):
        return "times"
    if u in EN_CURRENCY:
        return EN_CURRENCY[u]
    return "m²"


def en_token(m: re.Match[str], offset: int = 0) -> Token:
    """An English-text number token (currency, magnitude, unit and '+' read)."""
    num, lit = number_literal(m.group("num"))
    mag_word = (m.group("mag") or "").lower()
    mag = MAGNITUDE.get(mag_word, {"m": 1e6, "mn": 1e6, "k": 1e3}.get(mag_word, 1.0))
    unit = en_unit_name(m.group("unit"))
    if m.group("cur"):
        unit = EN_CURRENCY.get(m.group("cur").strip().lower(), "USD")
    bound, word = "exact", None
    if m.group("plus") or m.group("plus2"):
        bound, word = "at_least", (m.group("plus") or m.group("plus2"))
    return Token(
        m.start() + offset, m.end() + offset, num * mag, lit, mag, unit, bound, word, m.group(0)
    )


def en_basis(text: str, context: str = "") -> str | None:
    """The comparison basis a text states (yoy, mom, before_after) or None. A named year more
    than one year before the latest year of ``context`` (the sentence) is a before → after
    basis, not year on year ("compared to 2019" in a statement on 2022)."""
    for pat, basis in EN_BASIS:
        m = pat.search(text)
        if m:
            years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", m.group(0))]
            later = [int(y) for y in re.findall(r"(?:19|20)\d{2}", context.replace(m.group(0), ""))]
            if basis == "yoy" and years and later and max(later) - max(years) > 1:
                return "before_after"
            return basis
    # a named month as the base: "the same as in November", "up 4% on November"
    for m in re.finditer(
        r"(?i)\b(?:than|as|on|over|compared (?:to|with))\s+(?=(?:in\s+)?[A-Za-z]+\b)", text
    ):
        rest = context or text
        month = re.match(r"(?i)(?:in\s+)?([a-z]+)", text[m.end() :])
        if month and month_basis(text[m.end() :], rest.replace(month.group(0), "", 1)):
            return "mom"
    return None


def month_basis(base: str, sentence: str) -> str | None:
    """'mom' when ``base`` starts with a named month ("in November") and the sentence names
    the month after it as its own ("in December"): the immediately preceding period
    (corpus convention 8); None otherwise."""
    m = re.match(r"(?i)\s*(?:in\s+)?([a-z]+)\b", base)
    if not m or m.group(1).lower() not in MONTH_NAMES:
        return None
    nxt = MONTH_NAMES[(MONTH_NAMES.index(m.group(1).lower()) + 1) % 12]
    return "mom" if re.search(rf"(?i)\b{nxt}\b", sentence) else None


def _has_figure(text: str) -> bool:
    """Whether a clause states a number of its own (years and period lengths do not count)."""
    text = EN_PERIOD.sub(" ", text)  # "12 months earlier" is a period, not a figure
    return bool(re.search(r"\d", re.sub(r"\b(?:19|20)\d{2}(?:[-/–]\d{2,4})?\b", "", text)))


def clause_basis(
    norm: str, start: int, clauses: list[tuple[int, int]], sentences: list[tuple[int, int]]
) -> str | None:
    """The basis stated for the figure at ``start``: in its own clause; else in a clause of the
    same sentence that states no figure of its own — the first such after it ("…, robbery by 1%
    and theft by 5%, compared to the same period the previous year") or the nearest before it
    ("Compared with last year, burglary fell 10%"). A basis in another figure's clause is that
    figure's only (corpus convention 8)."""
    cs, ce = span_of(start, clauses)
    ss, se = span_of(start, sentences)
    # the first basis after the figure in its clause, else any in the clause: "a 2% decline as
    # compared with … 2018 and a 4% decline over the 40,231 in 2017" (two bases, one clause)
    own = en_basis(norm[start:ce], norm[ss:se]) or en_basis(norm[cs:ce], norm[ss:se])
    if own:
        return own
    later = [(s, e) for s, e in clauses if s >= ce and e <= se]
    for s, e in later:
        b = en_basis(norm[s:e], norm[ss:se])
        if b:
            return None if _has_figure(norm[s:e]) else b
    for s, e in reversed([(s, e) for s, e in clauses if e <= cs and s >= ss]):
        b = en_basis(norm[s:e], norm[ss:se])
        if b:
            return None if _has_figure(norm[s:e]) else b
    return None


def en_prefix_bound(prefix: str) -> tuple[str, str | None, str]:
    """(bound, bound word, prefix without it) from the words just before a number."""
    m = re.search(rf"(?i)(?:^|(?<=\W))({EN_BOUND_PRE_RE})\s*(?:an?\s+)?$", prefix)
    if m:
        return EN_BOUND_PRE[m.group(1).lower()], m.group(1), prefix[: m.start(1)]
    return "exact", None, prefix


def en_change_before(prefix: str) -> tuple[str | None, str, bool]:
    """(direction, words before the change verb, 'to'-form) from the words before a number:
    "fell by", "were also reduced, by", "down a total of", "falls of", "went up during the
    campaign by"."""
    m = re.search(rf"(?i)\b(?P<v>{EN_INC}|{EN_DEC})(?P<to>\s+to)?{_FILLER}\s*$", prefix)
    if not m:
        m = re.search(
            rf"(?i)\b(?:an?\s+)?(?:\w+\s+)?(?P<v>{_CHANGE_NOUN})\s+(?:of|by)"
            r"(?:\s+(?:some|a|just|only|a further|around|about))?\s*$",
            prefix,
        )
    if not m:  # "an overall drop in firearms offences of 16%", "a reduction in costs (up to)"
        m = re.search(
            rf"(?i)\b(?P<v>{_CHANGE_NOUN})\s+(?:in|for)\s+(?:[A-Za-z'’-]+\s+){{1,8}}?of\s*$"
            rf"|\b(?P<v2>{_CHANGE_NOUN})\s+in\s+(?:(?!(?:in|of|at|among|across|for|to|with|from"
            r"|on|and|or|by)\b)[A-Za-z'’-]+\s+){1,3}?$",
            prefix,
        )
    if not m:  # "a reduction in GP visits and A&E admissions among frequent users by 21%"
        m = re.search(
            rf"(?i)\b(?:an?|the)\s+(?P<v>{_CHANGE_NOUN})\s+in\s+(?:[A-Za-z'’&/-]+,?\s+){{1,24}}?"
            r"by\s*$",
            prefix,
        )
    if not m:  # "went up during the campaign by seven"
        m = re.search(
            rf"(?i)\b(?P<v>{EN_INC}|{EN_DEC})\b(?:(?!\b(?:to|and|while|but)\b)[^\d;:.,]){{1,50}}?"
            r"\s+by\s*$",
            prefix,
        )
    if not m:  # "the actual reduction against a 1997 baseline is 1.3%"
        m = re.search(
            rf"(?i)\b(?P<v>{_CHANGE_NOUN})\b(?:[^\d,;:]|(?:19|20)\d{{2}}){{0,50}}?\b(?:is|was|were"
            r"|stood at|totalled|amounted to|came to)\s*$",
            prefix,
        )
    if not m:
        return None, prefix, False
    v = (m.group("v") or m.groupdict().get("v2") or "").lower()
    if v in ("more", "less", "fewer", "higher", "lower"):
        return None, prefix, False  # these follow the number ("22% lower")
    if v in ("up", "down") and re.search(
        r"(?i)\b(?:\w+ing|\w+ed|set|made|make|pick|sign|take|took|taken|free|back|break|broken"
        r"|shut|turn|shot|put|come|came|get|got|give|gave|bring|brought|step|stepped|kept|keep"
        r"|round|hold|held|end|ended|open|line|lined|show|showed|called|call)\s+$",
        prefix[: m.start("v")],
    ):
        return None, prefix, False  # a phrasal verb ("freeing up", "set up"), not a change
    to_form = bool(m.groupdict().get("to"))
    direction = "increase" if re.fullmatch(rf"{EN_INC}|{_inc_nouns()}", v) else "decrease"
    return direction, prefix[: m.start()], to_form


def en_signed(prefix: str) -> tuple[str, str, bool] | None:
    """(direction, rest, False) for a percentage written with its sign, "Alaska (-16%)",
    "burglary +4.2%": a signed percentage is a change, never a share; None otherwise."""
    sign = re.search(r"(?:^|(?<=[\s(\[:]))[-−+]$", prefix)
    if not sign:
        return None
    return ("increase" if sign.group(0) == "+" else "decrease"), prefix[: sign.start()], False


def _inc_nouns() -> str:
    return r"increases?|rises?|growth|jumps?|improvements?|uplift|surges?|spikes?"


def en_change_after(after: str) -> tuple[str | None, str]:
    """(direction, rest) from a change noun or comparative just after a number: "a 12% drop",
    "a 60 per cent. reduction", "22% lower", "the four per cent national average reduction"."""
    m = re.match(
        r"(?i)\.?\s*(?:(?:year[- ]on[- ]year|y/y|yoy|month[- ]on[- ]month|annual|overall"
        r"|average|net|real[- ]terms)\s+)?"
        r"(?P<v>increases?|rises?|growth|jumps?|gains?|higher|more|uplift|improvement"
        r"|spikes?|surges?|decreases?|declines?|drops?|falls?|reductions?|cuts?|lower|fewer"
        r"|less|dip"
        r"|below|above|downward|upward|down|up)\b",
        after,
    ) or re.match(  # a few words before a change noun (never a comparative: "felt … more")
        r"(?i)\.?\s*(?:(?!(?:of|in|and|or|were|was|is|are|to|for|from|on|at|with|by|than|had|has"
        r"|have|they|felt|said|who|that|which)\b)[a-z-]+\s+){1,3}?"
        r"(?P<v>increases?|rises?|growth|jumps?|uplift|spikes?|surges?|decreases?|declines?"
        r"|drops?|falls?|reductions?|cuts?)\b",
        after,
    )
    if not m:
        return None, after
    v = m.group("v").lower()
    up = rf"{EN_INC}|{_inc_nouns()}|gains?|above|upward"
    direction = "increase" if re.fullmatch(up, v) else "decrease"
    return direction, after[m.end() :]


def en_np(words_text: str, max_words: int = 5) -> str:
    """The noun phrase at the start of a text, up to a stop word or a participle."""
    out = []
    for i, w in enumerate(re.findall(r"[A-Za-z][\w'’\-–]*|\S", words_text)):
        if not re.match(r"[A-Za-z]", w) or w.lower() in EN_STOP:
            break
        if i > 0 and (
            w.lower().endswith(("ed", "ing")) or w.lower() in EN_PARTICIPLES
        ):  # "40 fewer young people entering the system": the noun ends before the verb
            break
        out.append(w)
        if len(out) >= max_words:
            break
    return " ".join(out)


def en_np_before(prefix: str) -> str:
    """The noun phrase just before a verb: the last words of the prefix, auxiliaries dropped."""
    text = EN_PERIOD.sub(" ", prefix)
    text = re.sub(
        r"(?i)\b(?:(?:has |have )?been|was|were|is|are|has|have|had|reached|hit"
        r"|stood at|totalled|totaled|amounted to|came to|of)\s*$",
        "",
        text.strip(),
    )
    words = re.findall(r"[A-Za-z][\w'’\-–]*", text)
    while words and words[0].lower() in (
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "number",
        "single",
        "any",
        "there",
        "were",
        "was",
    ):
        words = words[1:]
    return " ".join(words[-5:])


def en_last_verb(prefix: str) -> str:
    """The change verb at the end of a prefix ('increased by'), or ''."""
    m = re.search(rf"(?i)\b({EN_INC}|{EN_DEC})(?:\s+by)?\s*$", prefix)
    return m.group(0).strip() if m else ""
