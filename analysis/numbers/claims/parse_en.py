"""English claim text → figures under construction (``parse_en``)."""

from __future__ import annotations

import itertools
import re
from typing import Any

from analysis.numbers.claims.en_words import (
    EN_BASIS,
    EN_BOUND_PRE,
    EN_BOUND_PRE_RE,
    EN_DEC,
    EN_INC,
    EN_MONTHS,
    EN_NUM,
    EN_PARTICIPLES,
    EN_PERIOD,
    EN_STOP,
    EN_TOK,
    EN_TOKEN,
)
from analysis.numbers.claims.figure_text import fmt_mult
from analysis.numbers.claims.figures import (
    Token,
    assign_periods,
    bound_note,
    merge_bound,
    new_figure,
    precision_of,
)
from analysis.numbers.claims.numerals import MAGNITUDE, number_literal
from analysis.numbers.claims.text import clause_spans, span_of, spans_overlap


def _en_unit_name(unit: str | None) -> str | None:
    """Canonical English unit: '%', 'percentage points', 'fold', 'times', 'yuan', 'm²'."""
    if not unit:
        return None
    u = re.sub(r"\s+", " ", unit.lower()).strip()
    if u in ("%", "percent", "per cent", "percent"):
        return "%"
    if "point" in u or u == "pp":
        return "percentage points"
    if "fold" in u:
        return "fold"
    if u in ("times", "×"):
        return "times"
    if u in ("yuan", "rmb", "cny"):
        return "yuan"
    return "m²"


def _en_token(m: re.Match[str], offset: int = 0) -> Token:
    """An English-text number token."""
    num, lit = number_literal(m.group("num"))
    mag = MAGNITUDE.get((m.group("mag") or "").lower(), 1.0)
    unit = _en_unit_name(m.group("unit"))
    if m.group("cur"):
        unit = "yuan" if "$" not in m.group("cur") else "dollars"
    bound, word = "exact", None
    if m.group("plus") or m.group("plus2"):
        bound, word = "at_least", (m.group("plus") or m.group("plus2"))
    return Token(
        m.start() + offset, m.end() + offset, num * mag, lit, mag, unit, bound, word, m.group(0)
    )


def _en_basis(text: str) -> str | None:
    for pat, basis in EN_BASIS:
        if pat.search(text):
            return basis
    return None


def _en_prefix_bound(prefix: str) -> tuple[str, str | None, str]:
    m = re.search(rf"(?i)(?:^|(?<=\W))({EN_BOUND_PRE_RE})\s*$", prefix)
    if m:
        return EN_BOUND_PRE[m.group(1).lower()], m.group(1), prefix[: m.start(1)]
    return "exact", None, prefix


def _en_change_before(prefix: str) -> tuple[str | None, str, bool]:
    """(direction, words before the change verb, 'to'-form) from the words before a number."""
    m = re.search(rf"(?i)\b(?P<v>{EN_INC}|{EN_DEC})(?P<to>\s+to)?(?:\s+by)?\s*$", prefix)
    if not m:
        m = re.search(
            r"(?i)\b(?:an?\s+)?(?P<v>increase|decrease|rise|fall|drop|decline|"
            r"reduction|growth|cut|jump)\s+of\s*$",
            prefix,
        )
        if not m:
            return None, prefix, False
    v = m.group("v").lower()
    if v in ("more", "less", "fewer", "higher", "lower"):
        return None, prefix, False  # these follow the number ("22% lower")
    to_form = bool(m.groupdict().get("to"))
    direction = "increase" if re.fullmatch(EN_INC, v) else "decrease"
    return direction, prefix[: m.start()], to_form


def _en_change_after(after: str) -> tuple[str | None, str]:
    m = re.match(
        r"(?i)\s*(?:(?:year[- ]on[- ]year|y/y|yoy|month[- ]on[- ]month)\s+)?"
        r"(?P<v>increase|rise|growth|jump|gain|higher|more|decrease|decline|drop|fall"
        r"|reduction|cut|lower|fewer|less)\b",
        after,
    )
    if not m:
        return None, after
    v = m.group("v").lower()
    direction = "increase" if re.fullmatch(EN_INC, v) else "decrease"
    return direction, after[m.end() :]


def _en_np(words_text: str, max_words: int = 5) -> str:
    """The noun phrase at the start of a text, up to a stop word or a participle."""
    out = []
    for i, w in enumerate(re.findall(r"[A-Za-z][\w'’\-–]*|\S", words_text)):
        if not re.match(r"[A-Za-z]", w) or w.lower() in EN_STOP:
            break
        if i > 0 and (w.lower().endswith("ed") or w.lower() in EN_PARTICIPLES):
            break
        out.append(w)
        if len(out) >= max_words:
            break
    return " ".join(out)


def _en_np_before(prefix: str) -> str:
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


def parse_en(norm: str) -> list[dict[str, Any]]:
    """Every figure of an English text, in order."""
    periods = [(m.start(), m.end(), m.group(0)) for m in EN_PERIOD.finditer(norm)]
    consumed: list[tuple[int, int]] = []
    used_periods: set[int] = set()
    figs = _en_pairs(norm, periods, used_periods, consumed)
    figs += _en_zero_runs(norm, consumed)
    figs += _en_multiple_words(norm, consumed)
    figs += _en_numbers(norm, periods, consumed)
    figs.sort(key=lambda f: f["start"])
    _link_en_of_pairs(figs, norm)
    assign_periods(figs, periods, used_periods, norm, "en")
    return figs


def _en_pairs(
    norm: str,
    periods: list[tuple[int, int, str]],
    used_periods: set[int],
    consumed: list[tuple[int, int]],
) -> list[dict[str, Any]]:
    """Before → after pairs: 'from 3,800 in April to 12,000'. Their spans go to
    ``consumed``, the period phrases inside them to ``used_periods``."""
    figs: list[dict[str, Any]] = []
    pair = re.compile(
        rf"(?i)\bfrom\s+(?:(?P<bb>{EN_BOUND_PRE_RE})\s+)?(?P<b>{EN_TOK})"
        rf"(?P<bp>\s+(?:in|at the end of|as of)\s+(?:(?-i:{EN_MONTHS})(?:\s+\d{{4}})?|\d{{4}}"
        rf"|last year))?\s+to\s+(?:(?P<ab>{EN_BOUND_PRE_RE})\s+)?(?P<a>{EN_TOK})"
    )
    for m in pair.finditer(norm):
        tb = _en_token(EN_TOKEN.fullmatch(m.group("b")), m.start("b"))  # type: ignore[arg-type]
        ta = _en_token(EN_TOKEN.fullmatch(m.group("a")), m.start("a"))  # type: ignore[arg-type]
        scale = 0.01 if ta.unit == "%" else 1.0
        ab = EN_BOUND_PRE.get((m.group("ab") or "").lower(), "exact")
        a_bound, a_word = merge_bound(ta, ab, m.group("ab"))
        b_bound, _ = merge_bound(
            tb, EN_BOUND_PRE.get((m.group("bb") or "").lower(), "exact"), m.group("bb")
        )
        before, after = tb.number * scale, ta.number * scale
        direction = "increase" if after > before else "decrease" if after < before else None
        bp = None
        if m.group("bp"):
            bp = re.sub(r"(?i)^\s*(?:in|at the end of|as of)\s+", "", m.group("bp"))
            for i, (s, _e, _t) in enumerate(periods):
                if m.start("bp") <= s < m.end("bp") + 1:
                    used_periods.add(i)
        cs, _ce = span_of(m.start(), clause_spans(norm, "en"))
        pre = norm[cs : m.start()]
        verb = re.search(rf"(?i)\b(?:{EN_INC}|{EN_DEC})\s*$", pre)
        subj = _en_np_before(pre[: verb.start()] if verb else pre)
        unit = ta.unit or tb.unit
        if unit is None:
            unit = _en_np(norm[m.end() :]).split(" ")[-1] or None
        figs.append(
            new_figure(
                kind="before_after",
                value=after,
                direction=direction,
                bound=a_bound,
                precision=precision_of(ta, a_bound, scale),
                readings=(after,),
                reading_labels=("as stated",),
                basis="before_after",
                before=before,
                before_bound=b_bound,
                before_period=bp,
                after=after,
                after_bound=a_bound,
                unit=unit,
                subject=subj or None,
                source=m.group(0),
                notes=bound_note(a_bound, a_word),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


def _en_zero_runs(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Runs of zero: 'no burglaries for three consecutive months', 'two months in a row
    without …'."""
    figs: list[dict[str, Any]] = []
    run_units = r"(?P<u>months?|years?|weeks?|days?|quarters?)"
    run_pats = [
        rf"(?i)\b(?:no|zero|not a single|not one)\s+(?P<np>[\w\-–' ]{{1,40}}?)\s+"
        rf"(?:(?:were|was|have been|has been)\s+\w+\s+|occurred\s+|reported\s+)?"
        rf"(?:for|in|over)\s+(?P<n>{EN_NUM})\s+(?:consecutive|straight|successive)\s+"
        rf"{run_units}",
        rf"(?i)\b(?P<n>{EN_NUM})\s+(?:consecutive|straight|successive)\s+{run_units}\s+"
        rf"(?:with(?:out)?|of)\s+(?:no\s+|zero\s+|any\s+)?(?P<np>[\w\-–' ]{{1,40}}?)"
        rf"(?=[,.;]|$|\s+(?:in|at|since|during)\b)",
        rf"(?i)\b(?:no|zero)\s+(?P<np>[\w\-–' ]{{1,40}}?)\s+(?:for\s+)?(?P<n>{EN_NUM})\s+"
        rf"{run_units}\s+in a row",
        rf"(?i)\b(?P<n>{EN_NUM})\s+{run_units}\s+in a row\s+with(?:out)?\s+(?:no\s+|zero\s+"
        rf"|any\s+)?(?P<np>[\w\-–' ]{{1,40}}?)(?=[,.;]|$)",
    ]
    for pat in run_pats:
        for m in re.finditer(pat, norm):
            if spans_overlap((m.start(), m.end()), consumed):
                continue
            n, _ = number_literal(m.group("n"))
            u = m.group("u").lower()
            u = u if u.endswith("s") else u + "s"
            np_ = re.sub(
                r"(?i)^(?:a single|not a single|any|an?|the)\s+", "", m.group("np").strip()
            )
            figs.append(
                new_figure(
                    kind="zero_run",
                    value=n,
                    precision=1.0,
                    readings=(n,),
                    reading_labels=("as stated",),
                    unit=u,
                    subject=np_ or None,
                    source=m.group(0),
                    start=m.start(),
                    end=m.end(),
                )
            )
            consumed.append((m.start(), m.end()))
    return figs


def _en_multiple_words(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Multiples in words: doubled, tripled, quadrupled, halved, 'cut in half'."""
    figs: list[dict[str, Any]] = []
    words = {
        "doubled": 2.0,
        "doubling": 2.0,
        "tripled": 3.0,
        "trebled": 3.0,
        "tripling": 3.0,
        "quadrupled": 4.0,
        "quadrupling": 4.0,
        "halved": 0.5,
        "halving": 0.5,
    }
    for m in re.finditer(
        r"(?i)\b(doubled|doubling|tripled|trebled|tripling|quadrupled|"
        r"quadrupling|halved|halving)\b|\b(?:cut|fell|dropped|declined)"
        r"\s+(?:by\s+)?(?:in\s+)?half\b",
        norm,
    ):
        w = (m.group(1) or "halved").lower()
        v = words[w]
        cs, _ce = span_of(m.start(), clause_spans(norm, "en"))
        pre = norm[cs : m.start()]
        subj = _en_np_before(pre)
        if not subj:
            mm = re.match(r"(?i)\s*(?:of|in)\s+(.*)", norm[m.end() : _ce])
            subj = _en_np(mm.group(1)) if mm else ""
        figs.append(
            new_figure(
                kind="multiple",
                value=v,
                direction="decrease" if v < 1 else "increase",
                precision=0.1 if v < 1 else 1.0,
                readings=(v,),
                reading_labels=(f"{w} ({fmt_mult(v)})",),
                unit="×",
                subject=subj or None,
                source=m.group(0),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


def _en_numbers(
    norm: str, periods: list[tuple[int, int, str]], consumed: list[tuple[int, int]]
) -> list[dict[str, Any]]:
    """Every other number token that is a figure, classified by its unit and context."""
    figs: list[dict[str, Any]] = []
    pspans = [(s, e) for s, e, _ in periods]
    clauses = clause_spans(norm, "en")
    for m in EN_TOKEN.finditer(norm):
        if not m.group("num") or spans_overlap((m.start(), m.end()), consumed):
            continue
        tok = _en_token(m)
        if spans_overlap((tok.start, tok.end), pspans):
            continue
        if tok.unit is None and re.fullmatch(r"(?:19|20)\d{2}", tok.literal):
            continue  # a year
        if re.search(rf"(?:{EN_MONTHS})\s*$", norm[max(0, tok.start - 12) : tok.start]):
            continue  # a day of a month
        cs, ce = span_of(tok.start, clauses)
        fig = _en_classify(tok, norm[cs : tok.start], norm[tok.end : ce], norm[cs:ce])
        if fig is not None:
            figs.append(fig)
    return figs


def _en_classify(tok: Token, prefix: str, after: str, clause: str) -> dict[str, Any] | None:
    """Classify an English-text token by its unit and the words around it."""
    pb, pw, prefix_nb = _en_prefix_bound(prefix)
    bound, bword = merge_bound(tok, pb, pw)
    if tok.unit is None and not re.search(r"\d", tok.words):
        return None  # a bare number word ("one of the …"): not a figure
    notes = bound_note(bound, bword)
    common = {
        "start": tok.start,
        "end": tok.end,
        "source": tok.words,
        "notes": notes,
        "bound": bound,
    }
    basis = _en_basis(clause)
    unit = tok.unit
    if unit in ("%", "percentage points"):
        return _en_percent(tok, prefix_nb, after, basis, common)
    if unit in ("fold", "times"):
        return _en_multiple(tok, prefix_nb, after, common)
    if unit in ("yuan", "dollars", "m²"):
        mm = re.match(r"(?i)\s*(?:in|of|worth of)\s+(.*)", after)
        subj = _en_np(mm.group(1)) if mm else _en_np_before(prefix_nb)
        return new_figure(
            kind="amount",
            value=tok.number,
            precision=precision_of(tok, bound),
            readings=(tok.number,),
            reading_labels=("as stated",),
            unit=unit,
            subject=subj or None,
            **common,
        )
    np_ = _en_np(after)
    return new_figure(
        kind="count",
        value=tok.number,
        precision=precision_of(tok, bound),
        readings=(tok.number,),
        reading_labels=("as stated",),
        unit=np_.split(" ")[-1] if np_ else None,
        subject=np_ or None,
        **common,
    )


def _en_percent(
    tok: Token, prefix_nb: str, after: str, basis: str | None, common: dict[str, Any]
) -> dict[str, Any] | None:
    """A percentage or percentage points: a change, a change in points, or a share."""
    unit, bound = tok.unit, common["bound"]
    value = tok.number * 0.01
    prec = precision_of(tok, bound, 0.01)
    d_before, rest, to_form = _en_change_before(prefix_nb)
    d_after, tail = _en_change_after(after)
    direction = d_before or d_after
    if d_before:
        subj = _en_np_before(rest)
    elif d_after:
        mm = re.match(r"(?i)\s*(?:in|of)\s+(.*)", tail)
        subj = (
            _en_np(mm.group(1))
            if mm
            else _en_np_before(re.sub(r"(?i)\b(?:an?|the)\s*$", "", prefix_nb))
        )
    else:
        subj = ""
    if unit == "percentage points":
        if (
            tok.unit
            and "point" in (tok.words.lower())
            and "percentage" not in tok.words.lower()
            and "pp" not in tok.words.lower()
            and not direction
        ):
            return None  # "5 points" without a change: a score, not a figure we read
        v = -value if direction == "decrease" else value
        return new_figure(
            kind="percentage_point_change",
            value=v,
            direction=direction,
            precision=prec,
            readings=(v,),
            reading_labels=("as stated",),
            basis=basis,
            unit="percentage points",
            subject=subj or None,
            **common,
        )
    if direction and not to_form:
        v = -value if direction == "decrease" else value
        return new_figure(
            kind="percent_change",
            value=v,
            direction=direction,
            precision=prec,
            readings=(v,),
            reading_labels=("as stated",),
            basis=basis,
            unit="%",
            subject=subj or None,
            **common,
        )
    mm = re.match(r"(?i)\s*of\s+(?:the\s+)?(.*)", after)
    if mm:
        subj = _en_np(mm.group(1))
    elif to_form:  # "the share … rose to 97%"
        subj = _en_np_before(rest)
    else:
        subj = _en_np_before(
            re.sub(
                r"(?i)\s*(?:of|was|is|were|are|stood at|reached|at|"
                r"to)\s*$",
                "",
                prefix_nb,
            )
        )
    return new_figure(
        kind="share",
        value=value,
        precision=prec,
        readings=(value,),
        reading_labels=("as stated",),
        unit="%",
        subject=subj or None,
        direction=direction if to_form else None,
        _own_base=bool(mm),
        **common,
    )


def _en_multiple(tok: Token, prefix_nb: str, after: str, common: dict[str, Any]) -> dict[str, Any]:
    """'3-fold', '3 times (higher)', '3×': a multiple (ambiguous 'by' or 'to' reading), or
    '55 times' as a count of occasions."""
    unit, bound, notes = tok.unit, common["bound"], common["notes"]
    n = tok.number
    prec = precision_of(tok, "exact")
    d_before, rest, to_form = _en_change_before(prefix_nb)
    after_l = after.lower()
    to_after = re.match(
        r"\s*(?:as\s+(?:many|much|high|large|great|big)|the\b|that\b|"
        r"what\b)",
        after_l,
    )
    amb_after = re.match(r"\s*(?:higher|more|greater|larger|bigger|over)\b", after_l)
    if unit == "fold":
        d_after, tail = _en_change_after(after)
        direction = "decrease" if (d_before or d_after) == "decrease" else "increase"
        mm = re.match(r"(?i)\s*(?:in|of)\s+(.*)", tail)
        subj = (
            _en_np(mm.group(1))
            if (d_after and mm)
            else _en_np_before(
                re.sub(r"(?i)\b(?:an?|the)\s*$", "", rest if d_before else prefix_nb)
            )
        )
        return new_figure(
            kind="multiple",
            value=n,
            direction=direction,
            precision=prec,
            readings=(n,),
            reading_labels=(f"{fmt_mult(n)} ({tok.words.strip()})",),
            unit="×",
            subject=subj or None,
            **common,
        )
    if (d_before and not to_form) or amb_after:
        subj = _en_np_before(rest if d_before else prefix_nb)
        phrase = (
            f"{(_en_last_verb(prefix_nb) + ' ') if d_before else ''}{tok.words.strip()}"
            f"{(' ' + amb_after.group(0).strip()) if amb_after else ''}"
        )
        note = (
            f"'{phrase.strip()}' is ambiguous: 'to {fmt_mult(n)}' ({fmt_mult(n)}) or "
            f"'by {fmt_mult(n)}' (= {fmt_mult(n + 1)})"
            + (
                f"; it can also mean 'on {tok.words.split()[0]} occasions'"
                if d_before and not amb_after
                else ""
            )
        )
        return new_figure(
            kind="multiple",
            value=n,
            direction=d_before or "increase",
            precision=prec,
            readings=(n, n + 1),
            reading_labels=(f"to {fmt_mult(n)}", f"by {fmt_mult(n)} (= {fmt_mult(n + 1)})"),
            unit="×",
            subject=subj or None,
            undetermined=[
                f"which multiple is meant: to {fmt_mult(n)} or by "
                f"{fmt_mult(n)} (= {fmt_mult(n + 1)})"
            ],
            **{**common, "notes": [*notes, note]},
        )
    if to_form or to_after or (tok.unit == "times" and tok.words.strip().endswith("×")):
        subj = _en_np_before(rest if to_form else prefix_nb)
        return new_figure(
            kind="multiple",
            value=n,
            direction=d_before or "increase",
            precision=prec,
            readings=(n,),
            reading_labels=(f"to {fmt_mult(n)}",),
            unit="×",
            subject=subj or None,
            **common,
        )
    # "55 times": how often something was done
    subj = _en_np_before(re.sub(r"(?i)\b(?:was|were)\s+\w+\s*$", "", prefix_nb))
    return new_figure(
        kind="count",
        value=n,
        precision=precision_of(tok, bound),
        readings=(n,),
        reading_labels=("as stated",),
        unit="times",
        subject=subj or None,
        **common,
    )


def _en_last_verb(prefix: str) -> str:
    m = re.search(rf"(?i)\b({EN_INC}|{EN_DEC})(?:\s+by)?\s*$", prefix)
    return m.group(0).strip() if m else ""


def _link_en_of_pairs(figs: list[dict[str, Any]], norm: str) -> None:
    """'75 of 77 disputes' / '75 out of 77': the pair is a numerator and a denominator."""
    for a, b in itertools.pairwise(figs):
        if (
            a["kind"] == "count"
            and b["kind"] == "count"
            and re.fullmatch(r"(?i)\s*(?:of|out of)\s*", norm[a["end"] : b["start"]])
        ):
            a["_of_pair"] = (a["value"], b["value"])
            a["subject"] = a["subject"] or b["subject"]
            a["unit"] = a["unit"] or b["unit"]
