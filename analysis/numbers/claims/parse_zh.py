"""Chinese claim text → figures under construction (``parse_zh``)."""

from __future__ import annotations

import re
from typing import Any

from analysis.numbers.claims.figure_text import fmt_mult
from analysis.numbers.claims.figures import (
    Token,
    assign_periods,
    before_after_figure,
    bound_note,
    level_direction,
    merge_bound,
    new_figure,
    precision_of,
)
from analysis.numbers.claims.numerals import number_literal
from analysis.numbers.claims.text import clause_spans, span_of, strip_quotes
from analysis.numbers.claims.zh_phrases import (
    zh_compound_times,
    zh_flat,
    zh_one_in_n,
    zh_ratio_shares,
    zh_sentence_context,
    zh_then_now,
    zh_zero_runs,
    zh_zeros,
)
from analysis.numbers.claims.zh_tokens import (
    INDEX_IS,
    LIST_GAP,
    TIME_UNITS,
    UNIT_NAMES,
    is_year,
    unit_family,
    unit_name,
    zh_token,
    zh_tokens,
)
from analysis.numbers.claims.zh_words import (
    ZH_AMOUNT_UNITS,
    ZH_BOUND_PRE,
    ZH_BOUND_PRE_RE,
    ZH_CLASSIFIERS,
    ZH_CUT,
    ZH_INC,
    ZH_LEAD,
    ZH_PERIOD,
    ZH_SUFFIX_STOP,
    ZH_TOK,
    ZH_TOKEN,
    ZH_VERB,
    zh_basis,
)


def zh_subject_prefix(prefix: str, periods: list[tuple[int, int, str]], base: int) -> str:
    """The noun phrase before a number: after the last verb, after the last 的, lead words off."""
    text = prefix
    for s, e, _ in periods:  # blank out period phrases, keeping positions
        if base <= s < base + len(text):
            a, b = s - base, min(e - base, len(text))
            text = text[:a] + " " * (b - a) + text[b:]
    text = strip_quotes(text)
    cut = None
    for m in ZH_CUT.finditer(text):
        cut = m.end()
    if cut is not None:
        text = text[cut:]
    if "的" in text:
        text = text[text.rfind("的") + 1 :]
    text = text.replace(" ", "")
    changed = True
    while changed and text:
        changed = False
        for w in ZH_LEAD:
            if text.startswith(w):
                text, changed = text[len(w) :], True
    return _strip_unbalanced(text.strip("、, "))


def _strip_unbalanced(text: str) -> str:
    """Drop a leading ')' or trailing '(' and a parenthesis that has no partner."""
    text = text.lstrip(")").rstrip("(")
    if text.count("(") < text.count(")") and text.startswith(")"):
        text = text[1:]
    if text.count("(") > text.count(")") and text.endswith("("):
        text = text[:-1]
    return text


def _zh_subject_suffix(after: str) -> str:
    """The noun phrase following a classifier ('364个小区党支部' → 小区党支部)."""
    text = after
    text = re.sub(r"^(?:以上|以下|左右)?的?", "", text)
    if re.match(r"[,;。!?:()\d]", text):
        return ""
    m = ZH_SUFFIX_STOP.search(text, 1)  # a noun may start with 在/不 (在职党员)
    if m:
        text = text[: m.start()]
    text = strip_quotes(text).strip("、 ")
    return text if len(text) >= 2 else ""


def _zh_change_context(prefix: str) -> tuple[str | None, str, bool, bool]:
    """(direction, prefix without the change words, 'to'-form, bound prefix): the change
    words at the end of the text before a percentage or multiple."""
    p = prefix
    bound = None
    m = re.search(rf"(?:{ZH_BOUND_PRE_RE})$", p)
    if m:
        bound = ZH_BOUND_PRE[m.group(0)]
        p = p[: m.start()]
    p = re.sub(r"(?:仅|只|再|又|还|已|更|共|也)$", "", p)  # 下降仅约0.58%
    to_form = False
    m = re.search(r"(?:至|到|为|成为)了?$", p)
    rate_word = re.search(r"(?:幅度?|率|速|比例)(?:分别|均|依次)?(?:为|达到|达|是)$", p)
    if m and not rate_word:
        to_form = True
        p = p[: m.start()]
    direction = None
    m = re.search(rf"(?:{ZH_VERB})了?$", p)
    if m:
        word = re.sub("了$", "", m.group(0))
        direction = "increase" if re.fullmatch(ZH_INC, word) else "decrease"
        p = p[: m.start()]
    else:
        m = re.search(
            r"(?:降幅|下降幅度|减少幅度|下跌幅度|减幅|降低幅度|跌幅|压减率|下降率|减少率|降低率|下降比例|减少比例)"
            r"(?:分别|均|依次)?(?:为|达|达到|是)?$",
            p,
        )
        m2 = re.search(
            r"(?<!自然)(?:增幅|增长幅度|上升幅度|上涨幅度|增加幅度|增长率|增加率|增速|涨幅|升幅|提升幅度|提升比例|上升比例|增长比例)"
            r"(?:分别|均|依次)?(?:为|达|达到|是)?$",
            p,
        )
        # 比前一年少2.9%, 较上年低3个百分点: 少/低/多/高 after a comparison is a change
        m3 = re.search(
            r"(?<![对占相同环类])(?:比|较)(?!例|重|率)[^,;。]{1,16}?(?P<w>少|低|多|高)了?$", p
        )
        if m or m2:
            direction = "decrease" if m else "increase"
            p = p[: (m or m2).start()]  # type: ignore[union-attr]
        elif m3:
            direction = "decrease" if m3.group("w") in "少低" else "increase"
            p = p[: m3.start("w")]
    p = re.sub(r"(?:分别|均|都|依次)$", "", p)
    p = re.sub(
        r"(?:同比|环比|按年|按月|比去年同期|较去年同期|比上年同期|较上年同期|比去年|较去年"
        r"|比上年|较上年|比上月|较上月|比前年|较前年)(?:分别|均|都|依次)?$",
        "",
        p,
    )
    return direction, p, to_form, bound is not None


def _zh_prefix_bound(prefix: str) -> tuple[str, str | None]:
    """The bound word before a number: 超过 / 近 / 约 … right before it, or before the whole
    of-phrase (超过全市总数的8成, 超过案值总数的四分之三 = at least); 破2万 = 突破."""
    m = re.search(rf"(?:{ZH_BOUND_PRE_RE})$", prefix)
    if m and ZH_BOUND_PRE[m.group(0)] != "exact":
        return ZH_BOUND_PRE[m.group(0)], m.group(0)
    m = re.search(
        r"(超过|逾|超(?![市标])|将近|接近|(?<![附最])近|不足|不到|约占|(?<![签预节制公条契])约)"
        r"[^,;。\d超逾近约]{1,14}的$",
        prefix,
    )
    if m:
        word = "约" if m.group(1) == "约占" else m.group(1)
        return ZH_BOUND_PRE[word], m.group(1)
    m = re.search(r"(约|大约|近|将近|接近|超过|逾|不到|不足)(?:占了?|占比为?)$", prefix)
    if m:  # 约占30%, 近占三成: the bound word before 占 bounds the share
        return ZH_BOUND_PRE[m.group(1)], m.group(1)
    if re.search(r"(?<![侦攻突告击打识看说])破$", prefix):
        return "at_least", "破"
    return "exact", None


def parse_zh(norm: str) -> list[dict[str, Any]]:
    """Every figure of a Chinese text, in order."""
    periods = [(m.start(), m.end(), m.group(0)) for m in ZH_PERIOD.finditer(norm)]
    consumed: list[tuple[int, int]] = []
    used_periods: set[int] = set()
    figs = _zh_pairs(norm, periods, used_periods, consumed)
    figs += zh_zero_runs(norm, consumed)
    figs += zh_zeros(norm, consumed)
    figs += zh_flat(norm, consumed)
    figs += zh_one_in_n(norm, consumed)
    figs += zh_compound_times(norm, consumed)
    figs += zh_ratio_shares(norm, consumed)
    figs += _zh_doublings(norm, consumed)
    figs += _zh_numbers(norm, periods, consumed)
    figs.sort(key=lambda f: f["start"])
    figs = zh_then_now(zh_sentence_context(figs, norm), norm)
    assign_periods(figs, periods, used_periods, norm, "zh")
    return figs


def _zh_pairs(
    norm: str,
    periods: list[tuple[int, int, str]],
    used_periods: set[int],
    consumed: list[tuple[int, int]],
) -> list[dict[str, Any]]:
    """Before → after pairs: 由4月份的3800人提升至1.2万余人. Their spans go to ``consumed``,
    the period phrases inside them to ``used_periods``."""
    figs: list[dict[str, Any]] = []
    matches = list(_PAIR.finditer(norm))
    matches += [
        m
        for m in _PAIR_BARE.finditer(norm)
        if not any(x.start() < m.end() and m.start() < x.end() for x in matches)
        and not _LEVEL_VERB.search(norm[: m.start()].rstrip())
    ]
    for m in sorted(matches, key=lambda x: x.start()):
        tb = zh_token(ZH_TOKEN.fullmatch(m.group("b")), m.start("b"))  # type: ignore[arg-type]
        ta = zh_token(ZH_TOKEN.fullmatch(m.group("a")), m.start("a"))  # type: ignore[arg-type]
        if tb is None or ta is None or is_year(tb) or is_year(ta) or _roc_years(tb, ta):
            continue  # 从2016年到2020年, 自110年至113年: a span of years, not levels
        bare = m.re is _PAIR_BARE
        if bare and (tb.unit is None or unit_family(tb.unit) != unit_family(ta.unit)):
            continue  # 减少38%至615宗: a change, then the level reached
        scale = {"%": 0.01, "成": 0.1, "‰": 0.001}.get(ta.unit or "", 1.0)
        pre_b = ZH_BOUND_PRE.get(m.group("bnd") or "", "exact")
        a_bound, a_word = merge_bound(ta, pre_b, m.group("bnd"))
        before, after = tb.number * scale, ta.number * scale
        before, after, t_unit = _common_duration(tb, ta, before, after)
        verb = m.group("verb")
        direction = level_direction(before, after)
        if verb and direction is None:  # the levels decide; the verb when they are equal
            direction = "increase" if re.fullmatch(ZH_INC, verb) else "decrease"
        groups = m.groupdict()
        bp = (groups.get("bp") or "").strip() or None
        for g in ("bp", "by", "ap"):
            for i, (s, _e, _t) in enumerate(periods):
                if groups.get(g) and m.start(g) <= s < m.end(g):
                    used_periods.add(i)
        if bp:
            bp = re.sub(r"的$", "", bp).strip() or None
        bp = bp or groups.get("by")
        ap = re.sub(r"的$", "", (groups.get("ap") or "").strip()).strip() or None
        unit = t_unit or ta.unit or tb.unit
        kind_unit = "%" if unit in ("%", "成", "‰") else unit
        figs.append(
            before_after_figure(
                before,
                after,
                a_bound,
                merge_bound(
                    tb, ZH_BOUND_PRE.get(groups.get("bb") or "", "exact"), groups.get("bb")
                )[0],
                direction=direction,
                precision=precision_of(ta, a_bound, scale),
                basis="before_after",
                before_period=bp,
                period=ap,
                unit=unit_name(kind_unit),
                source=m.group(0),
                notes=bound_note(a_bound, a_word),
                start=m.start(),
                end=m.end(),
                _subject_text=norm[span_of(m.start(), clause_spans(norm, "zh"))[0] : m.start()],
                _subject_base=span_of(m.start(), clause_spans(norm, "zh"))[0],
            )
        )
        consumed += [(m.start(), m.end("b")), (m.start("to"), m.end())]
    return figs


def _roc_years(tb: Token, ta: Token) -> bool:
    """自110年至113年: two Minguo years (79-149, the later after the earlier) are a span of
    years, as 从2016年到2020年 is."""
    return (
        tb.unit == ta.unit == "年"
        and tb.literal.isdigit()
        and ta.literal.isdigit()
        and 79 <= tb.number < ta.number <= 149
    )


_SECONDS = {"秒": 1, "分钟": 60, "小时": 3600, "个小时": 3600, "天": 86400, "周": 604800}


def _common_duration(
    tb: Token, ta: Token, before: float, after: float
) -> tuple[float, float, str | None]:
    """A before → after pair of durations in two units (从1.5小时降至45分钟) is read in the
    smaller unit, as a compound duration is (README convention 9): before 90, after 45
    分钟. Other pairs are returned as they are, with no unit override."""
    bs, as_ = _SECONDS.get(tb.unit or ""), _SECONDS.get(ta.unit or "")
    if bs is None or as_ is None or bs == as_:
        return before, after, None
    small = min(bs, as_)
    unit = ta.unit if as_ == small else tb.unit
    return before * bs / small, after * as_ / small, unit


#: 由A(verb)(change)至B: 由4月份的3800人提升至1.2万余人, 由最初13,476个减少为8669个,
#: 由8 884宗增加806宗(+9.1%)至9 690宗, 从2008年21.9%,已降低至2014年16.4%, 由2012年的87.55%
#: 上升至2021年的98.62%, 由目前平均20多个工作日减至8.5个工作日. The change stated inside
#: (806宗, +9.1%) is left to the number grammar.
_PAIR = re.compile(
    rf"(?:由|从|自)(?!于|此|今)(?P<bp>[^,;。由从自]{{0,16}}?的|[^,;。由从自\d]{{0,8}}?)?"
    rf"\s*(?P<by>(?:\d{{2,4}}|[〇零一二三四五六七八九]{{4}})\s*年(?:底|末)?)?\s*"
    rf"(?P<bb>{ZH_BOUND_PRE_RE})?(?P<b>{ZH_TOK})\s*[、,]?\s*(?:已|再|又|快速|大幅|小幅|微幅|微|略|进一步|逐步|明显|逐年|持续|则|统一|分别|均)?"
    rf"(?P<verb>{ZH_VERB})?了?(?P<mid>\s*{ZH_TOK}\s*(?:\(\s*{ZH_TOK}\s*\))?)?"
    rf"(?P<to>至|到|为)(?P<ap>[^,;。]{{0,12}}?的|\s*(?:\d{{2,4}}|[〇零一二三四五六七八九]{{4}})\s*年"
    rf"(?:底|末)?(?:的)?)?\s*(?P<bnd>{ZH_BOUND_PRE_RE})?(?P<a>{ZH_TOK})"
)


#: A before level followed by its verb, without 由: 全般刑案发生数25923件下降至24274件.
_PAIR_BARE = re.compile(
    rf"(?P<b>{ZH_TOK})\s*(?:已|再|又|快速|大幅|小幅|微幅|进一步|逐步|明显|逐年|持续|则)?"
    rf"(?P<verb>{ZH_VERB})了?(?P<to>至|到)\s*(?P<bnd>{ZH_BOUND_PRE_RE})?(?P<a>{ZH_TOK})"
)


def _zh_doublings(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Doubling words: 翻了一番 (2×), 翻两番 (4×), 减半 (0.5×)."""
    figs: list[dict[str, Any]] = []
    clauses = clause_spans(norm, "zh")
    for m in re.finditer(r"翻了?(?P<n>[一两二三四\d])?番|翻(?:了)?(?:一)?倍", norm):
        n = number_literal(m.group("n"))[0] if m.group("n") else 1.0
        v = 2.0**n
        before = norm[max(m.start() - 4, 0) : m.start()]
        bound, bword = _zh_prefix_bound(before)
        if bound == "exact" and re.search(r"至少$", before):
            bound, bword = "at_least", "至少"
        figs.append(
            new_figure(
                kind="multiple",
                value=v,
                direction="increase",
                precision=1.0,
                readings=(v,),
                reading_labels=(f"{fmt_mult(v)} ({int(n)} doubling{'s' if n > 1 else ''})",),
                notes=[
                    f"'{m.group(0)}' means {int(n)} doubling(s): {fmt_mult(v)}",
                    *bound_note(bound, bword),
                ],
                bound=bound,
                unit="×",
                source=m.group(0),
                start=m.start(),
                end=m.end(),
                basis=zh_basis(norm[span_of(m.start(), clauses)[0] : m.start()]),
                **_zh_subject_source(norm, m.start(), clauses),
            )
        )
        consumed.append((m.start(), m.end()))
    for m in re.finditer(r"减半|(?:减少|下降|降低)了?一半|少了一半", norm):
        figs.append(
            new_figure(
                kind="multiple",
                value=0.5,
                direction="decrease",
                precision=0.1,
                readings=(0.5,),
                reading_labels=("halved (0.5×)",),
                unit="×",
                source=m.group(0),
                start=m.start(),
                end=m.end(),
                basis=zh_basis(norm[span_of(m.start(), clauses)[0] : m.start()]),
                **_zh_subject_source(norm, m.start(), clauses),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


def _continues(prev: Token, tok: Token, prev_fig: dict[str, Any], norm: str) -> bool:
    """Whether ``tok`` is read with the words before ``prev``: the next figure of a list
    after one verb (、/和/及), a restatement in parentheses ('降幅超过一半(52.9%)'), or a
    percentage after a level change ('增2.4万人或0.2%', '增加5 000宗(+9.2%)')."""
    if prev.end > tok.start or prev_fig["kind"] in ("count", "amount", "share"):
        return False
    gap = norm[prev.end : tok.start]
    if prev_fig["kind"] == "level_change" and re.fullmatch(r"\s*(?:与|和|及)?\s*", gap):
        return True  # 增加89团506人, 增加7件与7人死亡: one verb for both
    if unit_family(prev.unit) == unit_family(tok.unit):
        return bool(LIST_GAP.fullmatch(gap) or re.fullmatch(r"\s*\(\s*", gap))
    return prev_fig["kind"] == "level_change" and bool(
        tok.unit == "%" and re.fullmatch(r"\s*(?:或|即|\(|,即)\s*", gap)
    )


_YEARS_EACH = re.compile(
    r"(?:比|较|与)\s?(\d{4})\s?年(?:同期)?\s*(?:与|和|及|、)\s*(\d{4})\s?年(?:同期)?(?:相比)?"
    r"\s*(?:分别|依次)"
)


def _per_member_year(
    figs: list[dict[str, Any]], head: int, fig: dict[str, Any], prefix: str
) -> None:
    """比2023年与2019年同期分别上升18%及5.5%: the first figure against 2023, the second 2019."""
    m = _YEARS_EACH.search(prefix)
    if m is None or len(figs) - head != 1:
        return
    figs[head]["basis"], fig["basis"] = f"year:{m.group(1)}", f"year:{m.group(2)}"


def _zh_numbers(
    norm: str, periods: list[tuple[int, int, str]], consumed: list[tuple[int, int]]
) -> list[dict[str, Any]]:
    """Every other number token that is a figure, classified by its unit and context.

    A figure listed after another with the same kind of unit ('同比分别下降18.1%、10.9%',
    '降幅分别达35.8%、17.1%和46.6%', '分别上升两倍和六倍') is read with the words before
    the first figure of the list: one change verb and basis for every figure after 分别."""
    figs: list[dict[str, Any]] = []
    clauses = clause_spans(norm, "zh")
    period_spans = [(s, e) for s, e, _ in periods]
    prev: tuple[Token, str, int] | None = None  # last token, the prefix it was read with, head
    for tok in zh_tokens(norm, consumed, period_spans):
        cs, _ce = span_of(tok.start, clauses)
        prefix = norm[cs : tok.start]
        head = len(figs)
        if prev is not None and figs and _continues(prev[0], tok, figs[-1], norm):
            prefix, head = prev[1], prev[2]  # a list sharing the head's verb and basis
            cs = tok.start - len(prefix)
        after_text = norm[tok.end : _ce]
        clause = prefix + norm[tok.start : _ce]  # for a list member: the head's words
        fig = _zh_classify(tok, prefix, after_text, clause, periods, cs)
        if fig is not None:
            if head != len(figs):
                fig["_list_head"] = head
                fig["_subject_text"] = None
                _per_member_year(figs, head, fig, prefix)
            figs.append(fig)
            prev = (tok, prefix, head)
    return figs


def _zh_subject_source(norm: str, start: int, clauses: list[tuple[int, int]]) -> dict[str, Any]:
    """The clause words before a figure, for the subject (change words stripped)."""
    cs, _ = span_of(start, clauses)
    _, rest, _, _ = _zh_change_context(norm[cs:start])
    return {"_subject_text": rest, "_subject_base": cs}


def _zh_classify(
    tok: Token,
    prefix: str,
    after: str,
    clause: str,
    periods: list[tuple[int, int, str]],
    clause_start: int,
) -> dict[str, Any] | None:
    """Classify a Chinese-text token by its unit and the words before it."""
    prefix = prefix.rstrip()  # 减少 30% (typeset with spaces)
    unit = tok.unit
    pb, pw = _zh_prefix_bound(prefix)
    bound, bword = merge_bound(tok, pb, pw)
    notes = bound_note(bound, bword)
    common = {
        "start": tok.start,
        "end": tok.end,
        "source": tok.words,
        "notes": notes,
        "bound": bound,
        "_subject_base": clause_start,
    }
    if unit in ("%", "‰", "成", "个百分点", "百分点", "个百分比", "百分比"):
        return _zh_percent(tok, prefix, after, clause[: tok.start - clause_start], common)
    if unit == "倍":
        return _zh_multiple(tok, prefix, clause[: tok.start - clause_start], common)
    return _zh_count(tok, prefix, after, pw, clause[: tok.start - clause_start], common)


#: A change in units then its percentage, the verb written once: 增加839件、2.7%, 減少60人、20.5%.
_CARRIED_VERB = re.compile(rf"(?P<verb>{ZH_VERB})了?\s*{ZH_TOK}\s*、\s*$")


def _zh_percent(
    tok: Token, prefix: str, after: str, before_text: str, common: dict[str, Any]
) -> dict[str, Any]:
    """A percentage, percentage points or 成: a change, a change in points, or a share."""
    unit, bound, notes = tok.unit, common["bound"], common["notes"]
    scale = 0.1 if unit == "成" else 0.001 if unit == "‰" else 0.01
    direction, rest, to_form, _ = _zh_change_context(prefix)
    if direction is None and tok.words[:1] in ("+", "-"):  # (+9.2%), (-3.1%): a signed change
        direction = "increase" if tok.number > 0 else "decrease"
    carried = _CARRIED_VERB.search(prefix) if direction is None else None
    if carried:  # 增加839件、2.7%: the percentage of the same change, its verb carried over
        word = carried.group("verb")
        direction = "increase" if re.fullmatch(ZH_INC, word) else "decrease"
    value = abs(tok.number) * scale
    prec = precision_of(tok, bound, scale)
    basis = zh_basis(before_text)
    if unit in ("个百分点", "百分点", "个百分比", "百分比"):
        v = -value if direction == "decrease" else value
        if direction and re.search(r"(?:降幅|跌幅|减幅)[^,;。]{0,8}$", rest):
            v = -v  # 降幅扩大/增加2个百分点: the fall deepened, the rate is 2 points lower
        return new_figure(
            kind="percentage_point_change",
            value=v,
            direction=direction,
            precision=prec,
            readings=(v,),
            reading_labels=("as stated",),
            basis=basis,
            unit="percentage points",
            _subject_text=rest,
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
            _subject_text=rest,
            **common,
        )
    subj = _zh_subject_suffix(after)
    rest = re.sub(r"(?:占总数的|占总数|占比|比例|比重|占|达到|达|为|是|的)+$", "", rest)
    fig = new_figure(
        kind="share",
        value=value,
        precision=prec,
        readings=(value,),
        reading_labels=("as stated",),
        unit="%",
        direction=direction,
        _subject_text=rest if not subj else None,
        subject=subj or None,
        _own_base=bool(subj),
        **common,
    )
    if direction:
        fig["notes"] = [
            *notes,
            "a level reached after a change; the level before is not stated",
        ]
    return fig


def _zh_multiple(
    tok: Token, prefix: str, before_text: str, common: dict[str, Any]
) -> dict[str, Any]:
    """A multiple (倍): 'to N×' (是…的N倍, 提升至N倍), 'by N×' (ambiguous), 一倍 (doubled)."""
    bound, notes = common["bound"], common["notes"]
    direction, rest, to_form, _ = _zh_change_context(prefix)
    common["basis"] = zh_basis(before_text)
    n = tok.number
    more = re.search(r"(?:比|较)[^,;。比较]{1,48}?(?:多|高|高出|超出|还[^,;。]{0,2})了?$", rest)
    if direction is None and more:  # 比前年多8倍, 比…高4倍: 'by N×' or 'to N×', as 增长N倍
        direction = "increase"
        rest = rest[: more.start()]
    obj = re.search(rf"(?:{ZH_INC})(?P<obj>[^,;。\d是为达的比较]{{2,16}})$", rest)
    if direction is None and obj:  # 提高学童接种率逾一倍: the verb, its object, the multiple
        direction = "increase"
    prec = precision_of(tok, bound)
    if re.search(r"(?:是|为)[^,;。]*的$", prefix) or (to_form and direction != "decrease"):
        rest = re.sub(r"(?:是|为)[^,;。]*的$", "", rest)
        return new_figure(
            kind="multiple",
            value=n,
            direction=direction or "increase",
            precision=prec,
            readings=(n,),
            reading_labels=(f"to {fmt_mult(n)}",),
            unit="×",
            _subject_text=rest,
            **common,
        )
    if direction == "decrease":
        return new_figure(
            kind="multiple",
            value=n,
            direction="decrease",
            precision=prec,
            readings=(),
            unit="×",
            _subject_text=rest,
            undetermined=["a decrease stated as a multiple ('下降N倍') has no defined meaning"],
            **common,
        )
    if direction == "increase" and n == 1:
        return new_figure(
            kind="multiple",
            value=2.0,
            direction="increase",
            precision=prec,
            readings=(2.0,),
            reading_labels=("by 1× (= 2×, doubled)",),
            unit="×",
            _subject_text=rest,
            **{**common, "notes": [*notes, f"'{_verb_at_end(prefix)}一倍' means doubled (2×)"]},
        )
    if direction == "increase":
        words = tok.words
        note = (
            f"'{_verb_at_end(prefix)}{words}' is ambiguous: 'to {fmt_mult(n)}' "
            f"({fmt_mult(n)}, loose usage) or 'by {fmt_mult(n)}' "
            f"(= {fmt_mult(n + 1)}, the literal reading and Chinese statistical "
            f"convention, where 增长了N倍 is N + 1 times the base)"
        )
        return new_figure(
            kind="multiple",
            value=n,
            direction="increase",
            precision=prec,
            readings=(n, n + 1),
            reading_labels=(f"to {fmt_mult(n)}", f"by {fmt_mult(n)} (= {fmt_mult(n + 1)})"),
            unit="×",
            _subject_text=rest,
            **{**common, "notes": [*notes, note]},
            undetermined=[
                "which multiple is meant: "
                f"to {fmt_mult(n)} or by {fmt_mult(n)} "
                f"(= {fmt_mult(n + 1)})"
            ],
        )
    return new_figure(
        kind="multiple",
        value=n,
        direction="increase",
        precision=prec,
        readings=(n,),
        reading_labels=(f"to {fmt_mult(n)}",),
        unit="×",
        _subject_text=rest,
        **common,
    )


def _zh_count(
    tok: Token,
    prefix: str,
    after: str,
    pw: str | None,
    before_text: str,
    common: dict[str, Any],
) -> dict[str, Any]:
    """A count or an amount (a number with a classifier or a measure unit); after a change
    verb ('减少19起', '增加4万人', '较去年同期增一百五十二宗', '多了300人') or with a sign
    ('(-5610宗)') a level change."""
    unit, bound, notes = tok.unit, common["bound"], common["notes"]
    kind = "amount" if unit in ZH_AMOUNT_UNITS or unit in UNIT_NAMES else "count"
    if unit is None and re.search(r"(?:涉款|款项|金额|资金|财损|损失)[^,;。\d]{0,3}$", prefix):
        kind = "amount"  # 涉款逾6 500万: money without 元
    if unit is None and re.match(r"\s*(?:\S{0,3}?)(?:资金|损失|经济|财产|金额|资产|产值)", after):
        kind = "amount"  # 超40亿经济损失, 1.4亿涉诈资金: money without 元
    if unit is None and re.search(INDEX_IS, prefix):
        kind = "amount"  # 综合指数为3.88: the value of an index or score, a measured level
    people = r"\s*(?:学生|群众|居民|人口|患者|儿童|老人|旅客|游客|职工|员工|农民|党员|市民|人)"
    if unit is None and re.match(people, after):
        unit = "人"  # 超7700万学生参加: people counted without a measure word
    if unit in TIME_UNITS and not after.startswith("的"):
        kind = "amount"  # a measured time (等候9.5小时, 15天内); 长达十余年的纠纷 qualifies a count
    value = tok.number
    prefix_nb = prefix[: len(prefix) - len(pw)] if pw else prefix
    change = _zh_level_change(tok, prefix_nb, before_text, common)
    if change is not None:
        return change
    value = abs(value)
    subj = ""
    if unit in ZH_CLASSIFIERS:
        subj = _zh_subject_suffix(after)
    fig = new_figure(
        kind=kind,
        value=value,
        precision=precision_of(tok, bound),
        readings=(value,),
        reading_labels=("as stated",),
        unit=unit_name(unit),
        subject=subj or None,
        _subject_text=None if subj else prefix_nb,
        **common,
    )
    if unit in ("年", "个月", "天", "周"):
        fig["notes"] = [*notes, "a duration qualifying what is counted"]
        if after.startswith("的"):  # 长达十余年的涉土地矛盾纠纷: the duration of what follows
            fig["subject"] = _zh_subject_suffix(after) or None
            fig["_subject_text"] = None
    return fig


_LEVEL_VERB = re.compile(rf"(?<![新日\d/])(?:{ZH_VERB})了?$|(?:多|少)(?:了|出)$")

#: 减少群众办事成本逾5,000万元, 增加就业岗位500个: a change verb, its object, the amount.
_VERB_OBJECT = re.compile(r"(?<![新净])(?P<v>增加|减少|降低)(?P<obj>(?!值)[^,;。\d的了]{1,6}?)$")

#: 升幅达7周, 降幅为12起: a rate word before a number in a unit of level is a level change.
_RATE_LEVEL = re.compile(r"(?P<r>升幅|增幅|涨幅|降幅|跌幅|减幅)(?:达到|达|为|是)?$")

#: 较2017年多1.6亿元, 比上月少45件: 多 / 少 after a comparison is a change of level.
_MORE_FEWER = re.compile(r"(?:比|较)[^,;。比较]{1,16}?(?<![最较更])(?P<w>多|少)$")


def _zh_level_change(
    tok: Token, prefix: str, before_text: str, common: dict[str, Any]
) -> dict[str, Any] | None:
    """A change of a level in its unit, signed, or None when the count is a level."""
    m = (
        _LEVEL_VERB.search(prefix)
        or _MORE_FEWER.search(prefix)
        or _VERB_OBJECT.search(prefix)
        or _RATE_LEVEL.search(prefix)
    )
    rate = m.groupdict().get("r") if m is not None else None
    if m is not None and m.groupdict().get("w"):
        m = re.search(f"{m.group('w')}$", prefix)
    elif m is not None and m.groupdict().get("v"):  # 减少群众办事成本逾5,000万元
        m = re.search(f"{m.group('v')}(?=[^{m.group('v')}]*$)", prefix)
    signed = tok.words[:1] in ("+", "-")
    if m is None and not signed:
        return None
    if rate:
        up = rate in ("升幅", "增幅", "涨幅")
    elif m is not None:
        word = re.sub("了$|出$", "", m.group(0))
        up = bool(re.fullmatch(ZH_INC, word)) or word == "多"
    else:
        up = tok.number > 0
    value = abs(tok.number) if up else -abs(tok.number)
    return new_figure(
        kind="level_change",
        value=value,
        direction="increase" if up else "decrease",
        precision=precision_of(tok, common["bound"]),
        readings=(value,),
        reading_labels=("as stated",),
        basis=zh_basis(before_text),
        unit=unit_name(tok.unit),
        _subject_text=prefix[: m.start()] if m else prefix,
        **common,
    )


def _verb_at_end(prefix: str) -> str:
    m = re.search(rf"(?:{ZH_VERB})了?$", prefix)
    return m.group(0) if m else ""
