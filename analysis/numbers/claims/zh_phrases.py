"""Chinese figures written as phrases rather than as a number with a unit: runs of zero
(连续五年以上零发案), zero counts (零发案, 无案件发生, 实现零发生), no change (持平, 涨幅与
上月相同) and fractions (三分之一, 一半, 过半, 半成).

Readings (stated here because they are choices):

- 零发案 / 零发生 / 无…发生 / 未发生…案件 outside a run: a count of 0 (precision 1).
- 连续N年以上零发案: a zero run of N with bound ``at_least`` (以上 / 多 / 余 kept).
- 持平: a change of 0.0, bound ``approx``, precision 0.01 (flat = rounds to 0%): a
  percent change, or a change in points when what is flat is a rate (涨幅, 占比, 增速). One
  figure per basis named before it (环、同比均持平 → two figures, mom and yoy).
- 三分之一 → 1/3 (precision 0.01); 一半 → 0.5 and 半成 → 0.05 as 成 figures (precision 0.1
  and 0.01: a verbal fraction is not more precise than a 成); 过半 / 超过半数 → 0.5 at least.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from analysis.numbers.claims.figures import Token, level_direction, new_figure
from analysis.numbers.claims.numerals import number_literal
from analysis.numbers.claims.text import (
    clause_spans,
    sentence_spans,
    span_of,
    spans_overlap,
    strip_quotes,
)
from analysis.numbers.claims.zh_words import (
    CN_NUM_RE,
    compared_years,
    resolve_year_basis,
    year_number,
    zh_basis,
)


@lru_cache(maxsize=8)
def _short_quotes(norm: str) -> tuple[tuple[int, int], ...]:
    """The quotations of at most 8 characters of a text (computed once per text)."""
    return tuple(
        (q.start(), q.end())
        for q in re.finditer(r"“[^”]{1,8}”|「[^」]{1,8}」|\"[^\"]{1,8}\"", norm)
    )


def in_short_quote(norm: str, start: int, end: int) -> bool:
    """Whether [start, end) lies inside a quotation of at most 8 characters."""
    quotes = _short_quotes(norm)
    i = bisect_right(quotes, (start, len(norm))) - 1
    return i >= 0 and quotes[i][0] < start and end < quotes[i][1]


_RUN = re.compile(
    r"连续(?P<n>\d+|[一二两三四五六七八九十]+)(?:个)?"
    r"(?P<u>月|年|周|星期|天|日|季度)(?P<b>以上|多|余)?"
    r"(?P<mid>[^,;。]{0,24}?)(?:零|未发生|没有发生)(?P<tail>发生|发案|事故|案件|"
    r"输入|上岸|伤亡|死亡)?"
)

_RUN_UNITS = {
    "月": "months",
    "年": "years",
    "周": "weeks",
    "星期": "weeks",
    "天": "days",
    "日": "days",
    "季度": "quarters",
}


def _clause_before(norm: str, start: int) -> tuple[str, int]:
    cs, _ = span_of(start, clause_spans(norm, "zh"))
    return norm[cs:start], cs


def zh_zero_runs(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Runs of zero: 连续两个月实现"民转刑"案件零发生, 连续五年以上零发案 (at least 5)."""
    figs: list[dict[str, Any]] = []
    for m in _RUN.finditer(norm):
        n, _ = number_literal(m.group("n"))
        subj = strip_quotes(re.sub(r"^(?:实现|保持|做到|均|都|了)+", "", m.group("mid")))
        if not subj:  # 连续3个月未发生命案: what did not happen follows
            subj = re.match(r"[^,;。!?]{0,10}", norm[m.end() :]).group(0)  # type: ignore[union-attr]
        bound = "at_least" if m.group("b") else "exact"
        figs.append(
            new_figure(
                kind="zero_run",
                value=n,
                bound=bound,
                precision=1.0,
                readings=(n,),
                reading_labels=("as stated",),
                unit=_RUN_UNITS[m.group("u")],
                subject=subj or None,
                source=m.group(0),
                notes=[f"'{m.group('b')}' read as at least the stated run"] if m.group("b") else [],
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


_ZERO = re.compile(
    r"零(?:发案|发生|事故|伤亡|死亡|报告|输入|感染|新增|确诊|上访|投诉|发(?![展布放现出挥]))"
    r"|(?:无|没有)(?P<what>[^,;。!?\d零]{1,10}?)发生"
    r"|(?:未|没有)发生(?P<what2>[^,;。!?\d]{0,8}?(?:案件|事故|事件|命案|案|火灾|火警|拥堵|险情|伤亡))"
    r"|(?<![\w])(?:无|没有)(?P<what3>[^,;。!?\d]{1,10}?(?:病例|个案|案件|事故|伤亡))(?=[,;。!?]|$)"
    r"|没有(?P<what4>[^,;。!?\d]{0,6}?(?:可疑人士|人员|病例|案件|伤亡|死亡))"
)


def zh_zeros(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Zero counts outside a run: 镇坪县局零发案, 无案件发生, 全年未发生命案 → count 0."""
    figs: list[dict[str, Any]] = []
    for m in _ZERO.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        if in_short_quote(norm, m.start(), m.end()) and re.search(
            r"[一二两三四五六七八九十]个", norm[max(m.start() - 3, 0) : m.start()]
        ):
            continue  # “三个零发生”: a slogan of zeros, not a claim
        what = m.group("what") or m.group("what2") or m.group("what3") or m.group("what4")
        before, cs = _clause_before(norm, m.start())
        figs.append(
            new_figure(
                kind="count",
                value=0.0,
                precision=1.0,
                readings=(0.0,),
                reading_labels=("as stated",),
                subject=strip_quotes(what).strip() or None if what else None,
                _subject_text=None if what else re.sub(r"(?:实现了?|保持|做到)$", "", before),
                _subject_base=cs,
                basis=zh_basis(before),
                source=m.group(0),
                notes=[f"'{m.group(0)}' read as a count of 0"],
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


_FLAT = re.compile(
    r"(?P<bases>(?:环|同)比?(?:、|和|与|及)(?:环|同)比)?(?:均|都|也|基本|保持|基本上)*(?<!维)持平"
    r"(?![的稳])"
    r"|(?:无|没有)(?:增减|变化)"
    r"|(?P<rate>涨幅|增幅|降幅|跌幅|增速|升幅)(?:与|和|同)(?P<than>[^,;。]{0,8}?)"
    r"(?:相同|持平|一致|相当)"
    r"|(?<![参给])(?:与|和|同|跟)(?P<than2>[^,;。与和同跟]{1,10}?)(?:相近|相若|差不多|大致相同|基本相同)"
    r"(?=[,;。!?]|$)"
)

_RATE_WORDS = re.compile(r"(?:涨幅|增幅|降幅|跌幅|增速|升幅|占比|比重|比例|[率])(?:均|都|基本)*$")


def zh_flat(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """No change: 持平 → a change of 0 (one per basis named: 环、同比均持平 → mom and yoy);
    涨幅与上月相同 → a change of 0 points in the rate."""
    figs: list[dict[str, Any]] = []
    for m in _FLAT.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        before, cs = _clause_before(norm, m.start())
        points = bool(m.group("rate")) or bool(_RATE_WORDS.search(before))
        if m.group("bases"):
            bases = ["yoy" if b == "同" else "mom" for b in re.findall(r"[环同]", m.group("bases"))]
        else:
            than = m.group("than") or m.group("than2") or ""
            bases = [zh_basis(before + ("与" + than if than else "")) or ""]
            if than and re.fullmatch(r"上月|上个月", than):
                bases = ["mom"]
        for basis in bases:
            figs.append(
                new_figure(
                    kind="percentage_point_change" if points else "percent_change",
                    value=0.0,
                    bound="approx",
                    precision=0.01,
                    readings=(0.0,),
                    reading_labels=("as stated",),
                    basis=basis or None,
                    unit="percentage points" if points else "%",
                    _subject_text=before,
                    _subject_base=cs,
                    source=m.group(0),
                    notes=[
                        f"'{m.group(0)}' (no change) read as a change of 0 that rounds to 0"
                        + (" points" if points else "%")
                    ],
                    start=m.start(),
                    end=m.end(),
                )
            )
        consumed.append((m.start(), m.end()))
    return figs


_FRACTION = re.compile(
    rf"(?P<den>\d+|{CN_NUM_RE})分之(?P<num>\d+(?:\.\d+)?|{CN_NUM_RE})"
    r"|(?P<over>过半|超过半数|超半数|逾半|多半)|(?P<half>一半|半数)|(?P<tenth>半成)"
    r"|(?<=[约近剩占仅只达逾的为过])(?P<sn>[1-9])/(?P<sd>[2-9]|1[0-9])(?![\d/.])"
)


def zh_fraction_tokens(norm: str, consumed: list[tuple[int, int]]) -> list[Token]:
    """Fractions as tokens of the number grammar (so a verb before them is read as usual):
    三分之一 (% 33.33…), 一半 / 半数 (5 成), 过半 (5 成, at least), 半成 (0.5 成).
    百分之N is a percentage of the number grammar, not a fraction here."""
    out: list[Token] = []
    for m in _FRACTION.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        if m.group("sd"):  # 只剩约1/3, 占近1/4: a fraction written with a slash
            num, den = int(m.group("sn")), int(m.group("sd"))
            if num < den:
                out.append(
                    Token(
                        m.start(),
                        m.end(),
                        100 * num / den,
                        "1",
                        1.0,
                        "%",
                        "exact",
                        None,
                        m.group(0),
                    )
                )
        elif m.group("den"):
            den, _ = number_literal(m.group("den"))
            num, _ = number_literal(m.group("num"))
            if (
                m.group("den") in ("百", "千", "万")
                or den == 0
                or (m.start() and norm[m.start() - 1] in "百千")
            ):
                continue  # 百分之 / 千分之: percentages and per-mille of the number grammar
            out.append(
                Token(m.start(), m.end(), 100 * num / den, "1", 1.0, "%", "exact", None, m.group(0))
            )
        elif m.group("over"):
            out.append(
                Token(m.start(), m.end(), 5.0, "5", 1.0, "成", "at_least", m.group(0), m.group(0))
            )
        elif m.group("half"):
            out.append(Token(m.start(), m.end(), 5.0, "5", 1.0, "成", "exact", None, m.group(0)))
        else:
            out.append(Token(m.start(), m.end(), 0.5, "0.5", 1.0, "成", "exact", None, m.group(0)))
    return out


_CHANGE_KINDS = ("percent_change", "percentage_point_change", "multiple", "level_change")

_BOTH = re.compile(r"(?:(?<![年人平日月户])均|都)[^,;。均都\d]{0,12}$|各\s*$")

_BASES_BOTH = re.compile(r"(同|环)比?(?:、|和|与|及)(同|环)比$")

_SUBJECT_CUT = re.compile(r".*(?:看|中|其中|显示|表明|方面|之中|来看|平均)")


def _both_parts(before: str) -> tuple[str, list[str]] | None:
    """('bases' or 'subjects', the parts) when the words before a figure say one value holds
    for several bases (同比和环比均下降0.1%) or subjects (出厂价格和购进价格均上涨0.1%)."""
    m = _BOTH.search(before)
    if m is None:
        return None
    head = before[: m.start()]
    b = _BASES_BOTH.search(head)
    if b and b.group(1) != b.group(2):
        return "bases", ["yoy" if x == "同" else "mom" for x in (b.group(1), b.group(2))]
    head = _SUBJECT_CUT.sub("", head)
    head = re.sub(r"^.*\d\S*?[、,]", "", head)  # 高雄市12例、…宜兰县及台北市各1例
    head = re.sub(r"(?:同比|环比|按年|按月|(?:比|较)(?:去年|上年|上月)(?:同期)?)$", "", head)
    parts = [p.strip() for p in re.split(r"和|与|及|、", head)]
    if 2 <= len(parts) <= 6 and all(2 <= len(p) <= 14 and not re.search(r"\d", p) for p in parts):
        return "subjects", parts
    return None


def _full_sentences(norm: str) -> list[tuple[int, int]]:
    """Sentences ending at 。!? only: a basis named before a ';' still holds after it
    ('与上周相比,镇坪县局零发案;高新分局警情持平')."""
    out, start = [], 0
    for m in re.finditer(r"[。!?]", norm):
        out.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return out or [(0, len(norm))]


def zh_sentence_context(figs: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """What a change takes from the rest of its sentence, and one value said of several:

    - a basis '较2018年' resolved against the year the sentence is about (yoy when it is the
      year after, else a comparison with a stated earlier period, ``before_after``);
    - a change without a basis takes the basis named last before it in the same sentence
      ('从同比看,PPI上涨0.1%'; '同比下降33.2%,…扒窃警情下降58.32%');
    - 均 / 都 / 各: one value for two bases or subjects is two figures (同比和环比均下降0.1% →
      yoy and mom; 出厂价格和购进价格均上涨0.1% → one per subject; 宜兰县及台北市各1例 → two
      counts of 1)."""
    sentences = sentence_spans(norm)
    full = _full_sentences(norm)
    compared = compared_years(norm)
    last_named = bool(re.search(r"(?:比|较|与|相对)(?:去年|上年)", norm))
    # 较前年同期…比2023年同期: a year named beside 前年 is not last year either
    relative_named = last_named or bool(re.search(r"(?:比|较|与|相对)前年", norm))
    out: list[dict[str, Any]] = []
    for f in figs:
        ss, _ = span_of(f["start"], sentences)
        context = norm[ss : f["start"]]
        if f["kind"] in _CHANGE_KINDS and not f["basis"]:
            inherited = zh_basis(norm[span_of(f["start"], full)[0] : f["start"]])
            if inherited:
                f["basis"] = inherited
                f["notes"] = [*f["notes"], "comparison basis taken from earlier in the sentence"]
        named = last_named if f["basis"] == "year_before_last" else relative_named
        f["basis"] = resolve_year_basis(f["basis"], context, compared, named)
        both = None
        before = _clause_before(norm, f["start"])[0]
        if f["kind"] in _CHANGE_KINDS or (f["kind"] == "count" and re.search(r"各\s*$", before)):
            both = _both_parts(before)
        if both is None:
            out.append(f)
            continue
        what, parts = both
        for part in parts:
            g = {**f, "notes": [*f["notes"], "one value stated for several (均)"]}
            if what == "bases":
                g["basis"] = part
            else:
                g["subject"], g["_subject_text"] = part, None
            out.append(g)
    return out


_ONE_IN_N = re.compile(
    r"每\s*(?P<n>\d+|[一二两三四五六七八九十]+)\s*(?:个|名|位|人)?(?P<who>[^,;。\d]{0,8}?)"
    r"(?:中|当中|之中|里)?\s*,?\s*(?:就|便)?(?P<least>至少)?(?:就|便)?(?:有|是)\s*"
    r"(?P<m>\d+|[一二两三四五六七八九十]+)\s*(?:个|名|位|人)"
)


def zh_one_in_n(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """'M in N' shares: 每5个成人就有一人抽烟 → 0.2, 每两个儿童,至少有一个近视 → 0.5 at least,
    每 3 个人中就有 1 个人 → 1/3 (precision 0.01: a proportion written as a ratio)."""
    figs: list[dict[str, Any]] = []
    for m in _ONE_IN_N.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        n, _ = number_literal(m.group("n"))
        k, _ = number_literal(m.group("m"))
        if not 0 < k <= n:
            continue
        bound = "at_least" if m.group("least") else "exact"
        figs.append(
            new_figure(
                kind="share",
                value=k / n,
                bound=bound,
                precision=0.01,
                readings=(k / n,),
                reading_labels=("as stated",),
                numerator=k,
                denominator=n,
                unit="%",
                subject=strip_quotes(m.group("who")).strip() or None,
                source=m.group(0),
                notes=[f"'{m.group(0)}' read as a share of {int(k)} in {int(n)}"]
                + (["'至少' read as at least the stated share"] if m.group("least") else []),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


_THEN = re.compile(r"(?:以前|过去|原来|原先|此前|之前|改革前|以往)")
_NOW = re.compile(r"^[^,;。]{0,6}?(?:现在|目前|如今|现|改革后|如今已|现已)")


def _then_now(prev: dict[str, Any], f: dict[str, Any], norm: str, clauses: list) -> str | None:
    """How ``prev`` is the before level of ``f`` (the corpus conventions: a before → after
    needs a transition): 'merge' (以前…, 现在…; 于107年发生41件,逐年下降至110年…16件; 从107年
    …224件,至110年…345件: one figure), 'chain' (二○一一年为2117人,二○一二年减为2040人: the
    first level stays a figure) or None (levels labelled only by years: 2011年1.6万亿元,
    2021年达到3.7万亿元 are two figures)."""
    if f["kind"] not in ("count", "amount", "share"):
        return None
    if prev["kind"] != f["kind"] and prev["kind"] != "before_after":
        return None
    cs, _ = span_of(f["start"], clauses)
    ps, _ = span_of(prev.get("_after_start", prev["start"]), clauses)
    if prev["unit"] != f["unit"] or cs < prev["end"]:
        return None
    here, there = norm[cs : f["start"]], norm[ps : prev.get("_after_start", prev["start"])]
    if _NOW.search(here) and _THEN.search(there):
        return "merge"
    y1, y2 = _last_year(there), _last_year(here)
    if not (y1 and y2 and y1 < y2) or re.search(r"[;。!?]", norm[prev["end"] : f["start"]]):
        return None
    if _STARTS_WITH_TRANSITION.search(here):
        return "merge"
    return "chain" if _TRANSITION.search(here) else None


_STARTS_WITH_TRANSITION = re.compile(
    r"^\s*(?:逐年|逐步|持续|再|又|已|则)?(?:(?:下降|减少|上升|增加|增长|提高|降低|减|降|增|升)(?:至|到|为)"
    r"|至|到)"
)
_TRANSITION = re.compile(
    r"(?:减为|减至|降至|降为|增至|增为|下降至|下降到|上升至|上升到|提高到|提高至|减少到|减少至|增加到"
    r"|增长到|升至|跌至)"
)


_YEAR_ANY = re.compile(
    r"(?<![\d.])(\d{4}|[〇○零一二三四五六七八九]{4}|(?:79|[89]\d|1[0-4]\d))\s?年(?!代|来|以来|间|内)"
)


def _year_words(text: str) -> str | None:
    """The words of the last year named in ``text`` ('2011年'), for a before period."""
    found = list(_YEAR_ANY.finditer(text))
    return found[-1].group(0).strip() if found else None


def _last_year(text: str) -> int | None:
    """The last year named in ``text`` (2011年, 二○一一年, Minguo 107年), as a number."""
    years = [year_number(m.group(1)) for m in _YEAR_ANY.finditer(text)]
    return years[-1] if years else None


def zh_then_now(figs: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """A level stated for 'before' in one clause and for 'now' in the next (以前…需要20个
    工作日,现在只需要10个工作日) is one before → after figure."""
    clauses = clause_spans(norm, "zh")
    out: list[dict[str, Any]] = []
    for f in figs:
        prev = out[-1] if out else None
        how = _then_now(prev, f, norm, clauses) if prev is not None else None
        if prev is not None and how:
            v, b = f["value"], prev["value"]
            chained = how == "chain" or prev["kind"] == "before_after"
            pair = {
                **f,
                "kind": "before_after",
                "before": b,
                "before_bound": prev["bound"],
                "after": v,
                "after_bound": f["bound"],
                "basis": "before_after",
                "direction": level_direction(b, v),
                "start": prev["start"],
                "source": norm[prev["start"] : f["end"]],
                "before_period": _year_words(
                    norm[
                        span_of(prev.get("_after_start", prev["start"]), clauses)[0] : prev.get(
                            "_after_start", prev["start"]
                        )
                    ]
                ),
                "_after_start": f["start"],
                "notes": [*f["notes"], "before and after levels stated in two clauses"],
            }
            if chained:
                pair["start"], pair["source"] = f["start"], f["source"]
                out.append(pair)
            else:
                out[-1] = pair
            continue
        out.append(f)
    return out


_COMPOUND_TIME = re.compile(
    r"(?P<h>\d+(?:\.\d+)?)\s*(?:个)?小时\s*(?P<hm>\d{1,2})\s*分(?:钟)?"
    r"|(?P<m>\d+)\s*分(?:钟)?\s*(?P<s>\d{1,2})\s*秒"
)


def zh_compound_times(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Times written in two units, as one amount in the smaller unit: 8小时48分 → 528 分钟,
    8分6秒 → 486 秒."""
    figs: list[dict[str, Any]] = []
    for m in _COMPOUND_TIME.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        if m.group("h"):  # in the smaller unit, as the corpus conventions write it
            value, unit, prec = float(m.group("h")) * 60 + int(m.group("hm")), "分钟", 1.0
        else:
            value, unit, prec = int(m.group("m")) * 60.0 + int(m.group("s")), "秒", 1.0
        before, cs = _clause_before(norm, m.start())
        figs.append(
            new_figure(
                kind="amount",
                value=value,
                precision=prec,
                readings=(value,),
                reading_labels=("as stated",),
                unit=unit,
                _subject_text=before,
                _subject_base=cs,
                source=m.group(0),
                notes=[f"'{m.group(0)}' read as {value:g} {unit}"],
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))
    return figs


_RATIO = re.compile(r"(?<![\d.:])(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?)){1,5}(?![\d.:])")


def zh_ratio_shares(norm: str, consumed: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """A structure written as a ratio whose parts add up to 100 (三次产业结构比为25.72:26.84:
    47.44) is one share per part; other ratios (a score 3:1, a time 18:15) are not figures."""
    figs: list[dict[str, Any]] = []
    for m in _RATIO.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        parts = [
            (p.start(), p.end(), float(p.group(0)))
            for p in re.finditer(r"\d+(?:\.\d+)?", m.group(0))
        ]
        if len(parts) < 2 or abs(sum(v for _, _, v in parts) - 100) > 0.5:
            continue
        for s, e, v in parts:
            digits = m.group(0)[s:e]
            prec = 10.0 ** -len(digits.split(".")[1]) / 100 if "." in digits else 0.01
            figs.append(
                new_figure(
                    kind="share",
                    value=v / 100,
                    precision=prec,
                    readings=(v / 100,),
                    reading_labels=("as stated",),
                    unit="%",
                    source=digits,
                    notes=["one part of a ratio whose parts add up to 100"],
                    start=m.start() + s,
                    end=m.start() + e,
                )
            )
        consumed.append((m.start(), m.end()))
    return figs
