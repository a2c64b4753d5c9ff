"""English claim text → figures under construction (``parse_en``)."""

from __future__ import annotations

import itertools
import re
from typing import Any

from analysis.numbers.claims.en_levels import (
    distribute,
    en_fractions,
    en_no_change,
    en_pairs,
    merge_split_pairs,
    of_shares,
    or_level_change,
    share_the_basis,
    share_the_verb,
)
from analysis.numbers.claims.en_phrases import (
    clause_basis,
    en_basis,
    en_change_after,
    en_change_before,
    en_last_verb,
    en_np,
    en_np_before,
    en_prefix_bound,
    en_signed,
    en_token,
)
from analysis.numbers.claims.en_words import (
    EN_BASE_LEVEL,
    EN_BEFORE_AFTER_BASIS,
    EN_DEC,
    EN_INC,
    EN_MONTHS,
    EN_NOT_COUNT_NOUN,
    EN_NUM,
    EN_OF_GAP,
    EN_PAIR_NEXT,
    EN_PERIOD,
    EN_RATE_BASE,
    EN_THRESHOLD,
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
from analysis.numbers.claims.numerals import number_literal
from analysis.numbers.claims.text import clause_spans, sentence_spans, span_of, spans_overlap

_en_np = en_np
_en_np_before = en_np_before


_HALF_MAG = re.compile(
    rf"(?i)\b(?:(?P<n>{EN_NUM})[- ]and[- ]a[- ]half|(?P<half>half) a|(?P<a>a))\s+"
    r"(?P<mag>million|billion|thousand)\b"
)


_WORDS_HUNDREDS = re.compile(
    rf"(?i)(?<![\w-])(?:{EN_NUM}|a)(?:[\s-]+(?:and[\s-]+)?(?:{EN_NUM}|hundred|thousand)\b)+"
)


def _hundreds(m: re.Match[str]) -> str:
    """'two hundred fifty-four' → '254' (padded); other runs of number words unchanged."""
    words = [w for w in re.split(r"[\s-]+", m.group(0).lower()) if w != "and"]
    if not any(w in ("hundred", "thousand") for w in words) or words[-1] == "a":
        return m.group(0)
    total, part = 0.0, 0.0
    for w in words:
        if w == "hundred":
            part = (part or 1.0) * 100
        elif w == "thousand":
            total, part = total + (part or 1.0) * 1000, 0.0
        elif w == "a":
            part += 1.0
        elif w.isdigit():
            return m.group(0)
        else:
            part += number_literal(w)[0]
    text = f"{total + part:.0f}"
    return text.rjust(m.end() - m.start())


def _rewrite_numbers(norm: str) -> str:
    """Numbers the token cannot read, rewritten in place with the same length: "10 328" →
    "10,328" (a space as thousands separator), "half a million" / "three-and-a-half million"
    → the digits, and a compound duration in its smaller unit ("8 minutes 12 seconds" → "492
    seconds", corpus convention 9), padded with spaces (offsets kept)."""
    norm = re.sub(
        r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d,.]|\s\d)",
        lambda m: m.group(0).replace(" ", ","),
        norm,
    )

    def digits(m: re.Match[str]) -> str:
        mag = {"million": 1e6, "billion": 1e9, "thousand": 1e3}[m.group("mag").lower()]
        if m.group("n"):
            v = (number_literal(m.group("n"))[0] + 0.5) * mag
        else:
            v = (0.5 if m.group("half") else 1.0) * mag
        text = f"{v:,.0f}"
        width = m.end() - m.start()
        return m.group(0) if len(text) > width else text.rjust(width)

    norm = _HALF_MAG.sub(digits, norm)
    norm = _WORDS_HUNDREDS.sub(_hundreds, norm)

    def compound(m: re.Match[str]) -> str:  # "8 minutes 12 seconds" → "492 seconds"
        hours = m.group("big").lower().startswith("h")
        if hours != m.group("small").lower().startswith("m"):
            return m.group(0)  # "2 hours 15 seconds" is no compound of one quantity
        text = f"{int(m.group(1)) * 60 + int(m.group(3))} {'minutes' if hours else 'seconds'}"
        width = m.end() - m.start()
        return text.rjust(width) if len(text) <= width else m.group(0)

    return re.sub(
        r"(?i)\b(\d{1,3})\s*(?P<big>hours?|hrs?|minutes?|mins?)\s*(?:and\s+)?(\d{1,2})\s*"
        r"(?P<small>minutes?|mins?|seconds?|secs?)\b",
        compound,
        norm,
    )


def parse_en(norm: str) -> list[dict[str, Any]]:
    """Every figure of an English text, in order."""
    # a rate's base ("per 100 000 persons") is part of its unit: never a figure of its own
    rate_bases = {}
    for m in EN_RATE_BASE.finditer(norm):
        rate_bases[m.start()] = re.sub(r"\s+", " ", m.group(0).strip())
        norm = norm[: m.start()] + " " * (m.end() - m.start()) + norm[m.end() :]
    norm = _rewrite_numbers(norm)
    periods = [(m.start(), m.end(), m.group(0)) for m in EN_PERIOD.finditer(norm)]
    consumed: list[tuple[int, int]] = [
        (m.start(), m.end()) for m in EN_BEFORE_AFTER_BASIS.finditer(norm)
    ]
    consumed += [(m.start("t"), m.end("t")) for m in EN_THRESHOLD.finditer(norm)]
    used_periods: set[int] = set()
    figs = en_pairs(norm, consumed)
    figs += en_no_change(norm, consumed)
    figs += _en_zero_runs(norm, consumed)
    figs += _en_multiple_words(norm, consumed)
    figs += _en_twice(norm, consumed)
    figs += en_fractions(norm, consumed)
    figs += _en_numbers(norm, periods, consumed, rate_bases)
    figs.sort(key=lambda f: f["start"])
    share_the_verb(figs, norm)
    clauses, sentences = clause_spans(norm, "en"), sentence_spans(norm)
    for f in figs:  # a basis belongs to the figures of its clause (or of a clause of its own)
        if f["kind"] in ("percent_change", "percentage_point_change", "level_change"):
            f["basis"] = clause_basis(norm, f["start"], clauses, sentences)
    share_the_basis(figs)
    or_level_change(figs, norm)
    figs = merge_split_pairs(figs, norm)
    figs = of_shares(figs, norm)
    figs = distribute(figs, norm)
    _link_en_of_pairs(figs, norm)
    for f in figs:
        if f["kind"] == "before_after" and f.get("before_period") is None:
            for i, (s, _e, t) in enumerate(periods):
                if f["start"] <= s < f["end"]:
                    f["before_period"] = re.sub(r"(?i)^\s*(?:in|at the end of|as of)\s+", "", t)
                    used_periods.add(i)
                    break
    assign_periods(figs, periods, used_periods, norm, "en")
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
    """Multiples in words: doubled, tripled, quadrupled, halved, 'cut in half'; "almost
    halved" is bounded like any "nearly" figure (the fall came close to half)."""
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
        r"(?i)(?:\b(?P<b>almost|nearly|more than|over|about|roughly|around|approximately"
        r"|close to|just under|just over|at least)\s+)?(?:\b(doubled|doubling|tripled|trebled"
        r"|tripling|quadrupled|quadrupling|halved|halving)\b|\b(?:cut|fell|dropped|declined|reduced|fallen)"
        r"\s+(?:by\s+)?(?:almost\s+|nearly\s+)?(?:in\s+)?half\b)",
        norm,
    ):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        w = (m.group(2) or "halved").lower()
        v = words[w]
        bword = m.group("b") or (
            re.search(r"(?i)\b(almost|nearly)\b", m.group(0)).group(1)  # type: ignore[union-attr]
            if re.search(r"(?i)\b(?:almost|nearly)\b", m.group(0))
            else None
        )
        bound = {
            "almost": "at_most",
            "nearly": "at_most",
            "close to": "at_most",
            "just under": "at_most",
            "more than": "at_least",
            "over": "at_least",
            "just over": "at_least",
            "at least": "at_least",
        }.get((bword or "").lower(), "approx" if bword else "exact")
        cs, _ce = span_of(m.start(), clause_spans(norm, "en"))
        pre = norm[cs : m.start()]
        subj = _en_np_before(pre)
        if not subj:
            mm = re.match(r"(?i)\s*(?:of|in)\s+(.*)", norm[m.end() : _ce])
            subj = _en_np(mm.group(1)) if mm else ""
        notes = bound_note(bound, bword)
        if bound != "exact" and v < 1:
            notes = [f"'{bword} {w}' read as a fall close to half: the factor is just above 0.5"]
        figs.append(
            new_figure(
                kind="multiple",
                value=v,
                direction="decrease" if v < 1 else "increase",
                bound=bound,
                precision=0.1 if v < 1 else 1.0,
                readings=(v,),
                reading_labels=(f"{w} ({fmt_mult(v)})",),
                unit="×",
                subject=subj or None,
                source=m.group(0),
                notes=notes,
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


_TWICE = re.compile(
    r"(?i)(?:\b(?P<b>almost|nearly|more than|over|about|roughly|around|at least)\s+)?"
    r"\b(?P<w>twice|double|triple|treble|quadruple)\b(?=\s+(?:as\b|the\b|that\b|what\b|its\b"
    r"|their\b))"
)


def _en_twice(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """'twice as likely', 'triple the amount': a multiple 'to N×' (unambiguous)."""
    figs: list[dict[str, Any]] = []
    values = {"twice": 2.0, "double": 2.0, "triple": 3.0, "treble": 3.0, "quadruple": 4.0}
    for m in _TWICE.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        v = values[m.group("w").lower()]
        bword = m.group("b")
        bound = {
            "almost": "at_most",
            "nearly": "at_most",
            "about": "approx",
            "roughly": "approx",
            "around": "approx",
        }.get((bword or "").lower(), "at_least" if bword else "exact")
        cs, _ce = span_of(m.start(), clause_spans(norm, "en"))
        figs.append(
            new_figure(
                kind="multiple",
                value=v,
                direction="increase",
                bound=bound,
                precision=1.0,
                readings=(v,),
                reading_labels=(f"to {fmt_mult(v)}",),
                unit="×",
                subject=_en_np_before(norm[cs : m.start()]) or None,
                source=m.group(0),
                notes=bound_note(bound, bword),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


def _en_numbers(
    norm: str,
    periods: list[tuple[int, int, str]],
    consumed: list[tuple[int, int]],
    rate_bases: dict[int, str] | None = None,
) -> list[dict[str, Any]]:
    """Every other number token that is a figure, classified by its unit and context; a
    number followed by a rate base ("5.1 per 100,000") is a rate, an amount in that unit."""
    figs: list[dict[str, Any]] = []
    pspans = [(s, e) for s, e, _ in periods]
    clauses = clause_spans(norm, "en")
    sentences = sentence_spans(norm)
    for m in EN_TOKEN.finditer(norm):
        if not m.group("num") or spans_overlap((m.start(), m.end()), consumed):
            continue
        tok = en_token(m)
        if spans_overlap((tok.start, tok.end), pspans):
            continue
        base = next(
            (
                b
                for p, b in (rate_bases or {}).items()
                if p >= tok.end and norm[tok.end : p].strip() == ""
            ),
            None,
        )
        if tok.unit is None and base and p_after(norm, tok.end):
            figs.append(_en_rate(tok, base, norm))
            continue
        if tok.unit is None and re.match(
            r"(?i)\s*(?:,|and|or)\s*\d[\d.]*\s?(?:%|per\s?cent|percent|pc)\b", norm[tok.end :]
        ):
            tok.unit = "%"  # "dropped 8 and 6 per cent respectively": the unit is the list's
        if tok.unit is None and re.fullmatch(r"(?:19|20)\d{2}", tok.words.strip()):
            continue  # a year
        if re.match(r"(?i)(?:st|nd|rd|th)\b", norm[tok.end :]):
            continue  # an ordinal: a rank or a date, not a count
        if re.search(rf"(?:{EN_MONTHS})\s*$", norm[max(0, tok.start - 12) : tok.start]):
            continue  # a day of a month
        cs, ce = span_of(tok.start, clauses)
        prefix = norm[cs : tok.start]
        ss, se = span_of(tok.start, sentences)
        bare_by = re.fullmatch(r"(?i)\s*(?:and\s+)?by\s*", prefix)
        verbs = list(re.finditer(rf"(?i)\b(?:{EN_INC}|{EN_DEC})\b", norm[ss:cs])) if bare_by else []
        if verbs:
            prefix = norm[ss : ss + verbs[-1].end()] + " by "
        elif re.fullmatch(r"(?i)\s*(?:by|of)?\s*", prefix) and cs > 0:
            # "were also reduced, by 7.2 per cent": the verb is in the clause before
            pcs = max((c for c, e in clauses if e <= cs), default=cs)
            if span_of(pcs, sentences) == span_of(tok.start, sentences):
                prefix = norm[pcs : tok.start]
        fig = _en_classify(tok, prefix, norm[tok.end : ce], norm[ss:se])
        if fig is not None:
            if fig["kind"] == "count" and fig.get("_bare"):
                prev = figs[-1] if figs else None
                nxt = EN_PAIR_NEXT.match(norm, tok.end)
                if not (
                    prev is not None and prev["kind"] == "count" and prev["start"] >= ss
                ) and not (
                    (nxt and nxt.group(0).strip()) or EN_BASE_LEVEL.search(norm, 0, tok.start)
                ):
                    continue  # a bare number: no noun of counting, no count before it
            figs.append(fig)
    return figs


def p_after(norm: str, end: int) -> bool:
    """Whether the text right after a number is blank (where a rate base was blanked)."""
    return norm[end : end + 1] in (" ", "")


def _en_rate(tok: Token, base: str, norm: str) -> dict[str, Any]:
    """'16.3 per 100,000': a rate, an amount whose unit is its base."""
    cs = max(0, tok.start - 80)
    return new_figure(
        kind="amount",
        value=tok.number,
        precision=precision_of(tok, tok.bound),
        readings=(tok.number,),
        reading_labels=("as stated",),
        unit=base,
        subject=_en_np_before(
            re.sub(r"(?i)\b(?:was|were|is|are|of|at)\s*$", "", norm[cs : tok.start])
        )
        or None,
        source=tok.words,
        notes=[f"a rate {base}"],
        start=tok.start,
        end=tok.end,
    )


def _en_classify(tok: Token, prefix: str, after: str, sentence: str) -> dict[str, Any] | None:
    """Classify an English-text token by its unit and the words around it."""
    pb, pw, prefix_nb = en_prefix_bound(prefix)
    bound, bword = merge_bound(tok, pb, pw)
    notes = bound_note(bound, bword)
    common = {
        "start": tok.start,
        "end": tok.end,
        "source": tok.words,
        "notes": notes,
        "bound": bound,
        "_bword": (pw or "").lower(),
    }
    basis = en_basis(sentence)
    unit = tok.unit
    if unit in ("%", "percentage points"):
        return _en_percent(tok, prefix_nb, after, basis, common)
    if unit in ("fold", "times"):
        if (
            not re.search(r"\d", tok.words)
            and unit == "times"
            and not en_change_before(prefix_nb)[0]
            and not re.match(
                r"(?i)\s*(?:faster|quicker|slower|higher|more|greater|larger|bigger|lower|as|the"
                r"|increase|rise)\b",
                after,
            )
        ):
            return None  # "three times" without a change: not a figure we read
        return _en_multiple(tok, prefix_nb, after, common)
    return _en_level(tok, prefix_nb, after, basis, common)


def _en_level(
    tok: Token, prefix_nb: str, after: str, basis: str | None, common: dict[str, Any]
) -> dict[str, Any] | None:
    """A count, an amount, or the change of a level ("1,700 fewer burglaries", "an extra 300
    officers", "an increase of 1,800 offences", "went up by seven")."""
    unit = tok.unit
    is_word = not re.search(r"\d", tok.words)
    d_before, rest, to_form = en_change_before(prefix_nb)
    if (
        d_before
        and common.get("_bword") in ("below", "above", "under", "over", "beneath")
        and re.search(rf"(?i)\b(?:{EN_INC}|{EN_DEC})\s*$", prefix_nb)
    ):
        to_form = True  # "could fall below forty": a level, not a change of forty
    if not d_before and re.search(r"(?i)\bto\s*$", prefix_nb):
        to_form = True  # "rose by 16 per cent to 40,147", "by seven to 103"
    m_after = re.match(r"(?i)\s*(more|fewer|less|extra|additional)\b(?!\s+than\s+\d)", after) or (
        re.match(
            r"(?i)\s*(?:[A-Za-z-]+\s+){1,2}?(more|fewer|less|extra|additional)\b"
            r"(?=\s*(?:per|each|a|than(?!\s+\d)|this|last|in|on|compared|[,.;)]|$))",
            after,
        )
    )
    m_extra = re.search(r"(?i)\b(?:an?\s+)?(extra|additional)\s*$", prefix_nb)
    direction = None
    tail = after
    if unit in ("yuan", "GBP", "USD", "AUD", "EUR", "HKD", "NZD", "CAD") and not (
        d_before and not to_form
    ):
        m_after = m_extra = None  # "an additional £23 million": an amount spent
    if m_after:
        direction = (
            "increase"
            if m_after.group(1).lower() in ("more", "extra", "additional")
            else ("decrease")
        )
        tail = after[m_after.end() :]
    elif m_extra:
        direction = "increase"
    elif d_before and not to_form:
        direction = d_before
    np_ = _en_np(tail)
    if np_ and np_.split(" ")[0].lower() in EN_NOT_COUNT_NOUN:
        np_ = ""
    money = unit in ("yuan", "GBP", "USD", "AUD", "EUR", "HKD", "NZD", "CAD", "m²")
    dur = re.match(
        r"(?i)\s*(?:(?:more|fewer|less|extra|additional|[\w-]+)\s+){0,2}?(hours?|minutes?|mins"
        r"|days?|weeks?|seconds?|m|km|metres?|meters?|miles?|kg|kilogrammes?|kilograms?|tonnes?"
        r"|grams?)\b",
        after,
    )
    if (
        not money
        and dur
        and (not np_ or np_.split(" ")[-1:] == [dur.group(1)] or np_.startswith(dur.group(1)))
    ):
        unit = {"min": "minutes", "mins": "minutes"}.get(dur.group(1).lower(), dur.group(1).lower())
        if re.fullmatch(r"hour|minute|day|week|second", unit):
            unit += "s"
        money = True  # a measured quantity: an amount of time
    if direction:
        if is_word and tok.number in (0, 1) and not m_after:
            return None
        v = -tok.number if direction == "decrease" else tok.number
        subj = _en_np_before(rest if d_before else prefix_nb) or None
        return new_figure(
            kind="level_change",
            value=v,
            direction=direction,
            precision=precision_of(tok, common["bound"]),
            readings=(v,),
            reading_labels=("as stated",),
            basis=basis,
            unit=unit if money else (np_.split(" ")[-1] if np_ else None),
            subject=(np_ or subj) or None,
            **common,
        )
    if money:
        mm = re.match(r"(?i)\s*(?:in|of|worth of)\s+(.*)", after)
        subj = _en_np(mm.group(1)) if mm else _en_np_before(prefix_nb)
        return new_figure(
            kind="amount",
            value=tok.number,
            precision=precision_of(tok, common["bound"]),
            readings=(tok.number,),
            reading_labels=("as stated",),
            unit=unit,
            subject=subj or None,
            **common,
        )
    if is_word and re.search(
        r"(?i)\b(?:all|the|these|those|its|their|our|both|each)\s*$", prefix_nb
    ):
        return None  # "in all four communities", "the three forces": naming, not counting
    if is_word and (tok.number <= 1 or not (np_ or to_form)):
        return None  # a bare number word ("one of the …"): not a figure
    keep = bool(np_ or to_form) or _counted_level(prefix_nb, after)
    return new_figure(
        kind="count",
        value=tok.number,
        precision=precision_of(tok, common["bound"]),
        readings=(tok.number,),
        reading_labels=("as stated",),
        unit=np_.split(" ")[-1] if np_ else None,
        subject=np_ or None,
        _keep=keep,
        _to_form=to_form,
        _bare=not keep and not np_,
        **common,
    )


def _counted_level(prefix_nb: str, after: str) -> bool:
    """Whether a number without a noun after it is still a level: "75 of 77", "a total of
    412", "recorded as 5,405", "compared with 65,200", "unchanged at 23", "the number of
    offences … was 505,455"."""
    return bool(
        re.match(r"(?i)\s*(?:of|out of)\s+\d", after)
        or re.search(
            r"(?i)\b(?:total of|totall?ed|numbered|reached|stood at|amounted to|came to"
            r"|record(?:ed)?|reported|saw|made|received|handled|logged|a further|as"
            r"|compares? (?:with|to)|compared (?:with|to)|than(?: the)?|versus|vs\.?"
            r"|(?:unchanged|stable|steady|flat|static|remain(?:ed|ing|s)?)\s+at)\s*$",
            prefix_nb,
        )
        or re.search(
            r"(?i)\b(?:number|total|figure|level|tally|count|amount|rate)\b.{0,80}?"
            r"\b(?:was|were|is|are|stood at|reached|totalled|came to)\s*$",
            prefix_nb,
        )
    )


def _en_percent(
    tok: Token, prefix_nb: str, after: str, basis: str | None, common: dict[str, Any]
) -> dict[str, Any] | None:
    """A percentage or percentage points: a change, a change in points, or a share."""
    unit, bound = tok.unit, common["bound"]
    value = tok.number * 0.01
    prec = precision_of(tok, bound, 0.01)
    d_before, rest, to_form = en_signed(prefix_nb) or en_change_before(prefix_nb)
    if d_before and re.fullmatch(r"below|above|below the|above the", common["_bword"]):
        to_form = not re.search(r"(?i)\b(?:by|of)\s*$", prefix_nb)  # "fell below 85%": a level
    d_after, tail = en_change_after(after)
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
            _dir_after=bool(d_after and not d_before),
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
    d_before, rest, to_form = en_change_before(prefix_nb)
    after_l = after.lower()
    to_after = re.match(
        r"\s*(?:as\s+(?:many|much|high|large|great|big)|the\b|that\b|"
        r"what\b)",
        after_l,
    )
    amb_after = re.match(
        r"\s*(?:higher|more|greater|larger|bigger|over|faster|quicker|slower|increase|rise)\b",
        after_l,
    )
    if unit == "fold":
        d_after, tail = en_change_after(after)
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
            f"{(en_last_verb(prefix_nb) + ' ') if d_before else ''}{tok.words.strip()}"
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


def _link_en_of_pairs(figs: list[dict[str, Any]], norm: str) -> None:
    """'75 of 77 disputes' / '75 out of 77': the pair is a numerator and a denominator."""
    for a, b in itertools.pairwise(figs):
        if (
            a["kind"] == "count"
            and b["kind"] == "count"
            and EN_OF_GAP.fullmatch(norm[a["end"] : b["start"]])
        ):
            a["_of_pair"] = (a["value"], b["value"])
            a["subject"] = a["subject"] or b["subject"]
            a["unit"] = a["unit"] or b["unit"]
