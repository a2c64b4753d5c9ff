"""Chinese number tokens: a number as written (Arabic, Chinese, Taiwan digit strings, 万/亿
with the places below them, 成 with a tenth, a sign), which tokens are not figures (dates,
ordinals, rate bases, spans, slogans in quotes) and the unit labels. Used by
:mod:`~analysis.numbers.claims.parse_zh`."""

from __future__ import annotations

import re
from dataclasses import replace

from analysis.numbers.claims.figures import Token
from analysis.numbers.claims.numerals import ARABIC_RE, MAGNITUDE, number_literal
from analysis.numbers.claims.text import spans_overlap
from analysis.numbers.claims.zh_phrases import in_short_quote, zh_fraction_tokens
from analysis.numbers.claims.zh_words import ZH_BOUND_SUF, ZH_COUNT_UNITS, ZH_TOKEN, ZH_VERB


def zh_token(m: re.Match[str], offset: int = 0) -> Token | None:
    """A Chinese-text number token; None when it is not a figure (bare Chinese numeral).

    四成七 is 4.7 成 (47%), 三成半 3.5 成; a leading + / − (HK style "(+9.2%)", "(-5610宗)")
    is kept in ``words`` and gives the number its sign."""
    num, lit = number_literal(m.group("num"))
    if m.group("tenth"):
        tenth = number_literal(m.group("tenth"))[0]
        num, lit = num + tenth / 10, f"{lit}.{int(tenth)}"
    elif m.group("half"):
        num, lit = num + 0.5, f"{lit}.5"
    if m.group("sign") == "-":
        num = -num
    mag = MAGNITUDE.get(m.group("mag") or "", 1.0)
    raw = m.group("num")
    if mag == 1e4 and "亿" in raw:  # 一亿七千多万: 1亿 + 七千多万
        hi, lo = raw.split("亿", 1)
        num = number_literal(hi)[0] * 1e4 + (number_literal(lo)[0] if lo else 0.0)
    if rest_w := m.group("rest_w"):  # 119亿8844万: the 万 below 亿
        num = (num * mag + float(rest_w.replace(",", "")) * 1e4) / 1e4
        lit, mag = f"{num:.4f}".rstrip("0").rstrip("."), 1e4
    elif m.group("mag2") and mag == 1e8:  # 亿万: not a magnitude pair
        return None
    if rest := m.group("rest"):  # 10万6,829 / 1万7千: the places below 万
        scale = 1000 if rest.endswith("千") else 100 if rest.endswith("百") else 1
        digits = rest.rstrip("千百")
        total = num * mag + number_literal(digits)[0] * scale
        num, lit, mag = total, f"{total:.0f}", 1.0
    unit = m.group("unit")
    if m.group("pre"):
        unit = "%"
    if unit == "日":
        unit = "天"
    bound, word = "exact", None
    for g in ("b1", "b2", "b3", "b4"):
        if w := m.group(g):
            bound, word = ZH_BOUND_SUF[w], w
    if not m.group("num")[0].isdigit() and unit is None and word is None:
        return None
    return Token(
        m.start() + offset, m.end() + offset, num * mag, lit, mag, unit, bound, word, m.group(0)
    )


def is_year(tok: Token) -> bool:
    return tok.unit == "年" and (tok.number >= 1900 or len(tok.literal) == 4)


TIME_UNITS = (
    "小时",
    "个小时",
    "分钟",
    "秒",
    "天",
    "周",
    "工作日",
    "个工作日",
    "工作天",
    "个工作天",
    "个月",
    "年",
)


_DURATION_BEFORE = re.compile(
    r"(?:逗留|平均|增加|减少|缩短|延长|历时|用时|需要|需|耗时|为|达|共|仅|只|多|少|长达|压缩)$"
)


LIST_GAP = re.compile(r"\s*(?:、|和|及|以及|与|或|,)\s*")


def unit_family(unit: str | None) -> str:
    """Figures of one list share a verb only when they are of one family of unit."""
    if unit in ("%", "成", "‰"):
        return "%"
    if unit in ("个百分点", "百分点", "个百分比", "百分比"):
        return "pp"
    return unit or ""


_NEXT_WITH_UNIT = re.compile(
    rf"(?:\s*(?:、|和|及|与)\s*{ARABIC_RE})+\s*(?P<u>个百分点|百分点|个百分比|百分比|%|倍)"
)


def _unit_from_next(tok: Token, m: re.Match[str], norm: str) -> Token:
    """A bare number listed before one with a unit of change takes that unit: 分别回落2.16和
    1.66个百分点, 分别上升4及3百分比, 下降5、8和10%."""
    if tok.unit is not None or m.group("mag") or tok.bound != "exact":
        return tok
    nxt = _NEXT_WITH_UNIT.match(norm, tok.end)
    if nxt is None:
        return tok
    return replace(tok, unit=nxt.group("u"))


_SLOGAN_AFTER = r"\s*(?:响应机制|生活圈|服务圈|便民圈|经济圈|工作圈)"


INDEX_IS = r"(?:指数|指数值|得分|评分|分值|均值|平均值)(?:为|是|达到|达)$"


def before_index(norm: str, tok: Token) -> str:
    """The few characters before a token (where an index's name and 为 stand)."""
    return norm[max(tok.start - 8, 0) : tok.start]


def _zh_skip(tok: Token, m: re.Match[str], norm: str) -> bool:
    """Tokens that are not figures: bare numbers, ordinals, months, dates, rate bases."""
    before = norm[max(tok.start - 1, 0) : tok.start] if tok.start else ""
    if tok.unit is None and tok.bound == "exact" and not m.group("mag"):
        # a bare number: an id, a date part, "3+N" … (1.4亿资金 is a figure), unless it is
        # the value of a named index or score (综合指数为3.88, 满意度得分为92.5)
        return not (
            tok.literal[:1].isdigit()
            and re.search(INDEX_IS, before_index(norm, tok))
            and not re.match(r"[\d./:+-]", norm[tok.end : tok.end + 1])
        )
    if in_short_quote(norm, tok.start, tok.end):
        return True  # “百日行动”, “三台合一”, “四下降”: a name or slogan
    if re.search(r"第\s*$", norm[max(tok.start - 3, 0) : tok.start]) or (
        before == "之" and tok.unit in ("条", "款", "项")
    ):
        return True  # an ordinal; 第185条之3
    if re.search(r"每(?:周|天|日|月|年|次|人)$", norm[max(tok.start - 3, 0) : tok.start]):
        return True  # 每周5天, 每日三次: a frequency or a rule, not a figure
    rate_base = before.strip() == "每" and tok.number in (10.0, 100.0, 1e3, 1e4, 1e5, 1e6)
    if rate_base or before == "/":
        return True  # a rate base (每十万人口, 每10万人, 1800起/10万人): not a figure
    if tok.unit == "月":
        return True  # a calendar month
    if m.group("num") in ("零", "〇", "○"):
        return True  # 零件, 零售: not a count of zero
    nxt = norm[tok.end : tok.end + 2]
    prefix = norm[max(tok.start - 12, 0) : tok.start]
    day = tok.unit == "天" and m.group("unit") == "日" and tok.literal.isdigit()
    if day and not _DURATION_BEFORE.search(prefix) and not re.match(r"内|以内|左右|之内", nxt):
        return True  # a day of the month: 5月9日, (9日), 主计总处23日公布
    if tok.unit in TIME_UNITS and (
        re.match(r"连续|来|以来|间|期间|年均|级|代|龄|度|前|后|以前|之前|到达", nxt.lstrip())
        or re.match(_SLOGAN_AFTER, norm[tok.end : tok.end + 6])
        or re.search(r"(?:连续|历时|处|为期)$", prefix)
        or re.match(r"\s*(?:规划|计划|有期徒刑|徒刑|拘役)", norm[tok.end : tok.end + 6])
    ):
        return True  # 20年连续下降, 新制上路6年来, 连续6年年均下降: a span, not a figure
    if tok.number == 1 and re.search(
        r"(?:每[^,;。]{0,8}(?:分钟|秒|小时|天)[^,;。]{0,3}|就)(?:有|发生)\s*$", prefix
    ):
        return True  # 每1.70分钟发生1件, 不到20分钟就有1人: a rate's unit, not a count
    if tok.unit in TIME_UNITS and re.search(r"(?:底的|末的|先前|之前的)$", prefix):
        return True  # 截至十一月底的三个月, 与先前三个月比较: a period
    if tok.unit == "次" and re.match(r"产业|世界大战|会议|全会", norm[tok.end : tok.end + 4]):
        return True  # 三次产业, 第三次全会: a name, not a count
    if tok.unit == "周" and nxt.startswith("年"):
        return True  # 3周年: an anniversary
    if re.search(r"一次(?:死亡|伤亡|受伤|造成)?$", prefix) and tok.bound != "exact":
        return True  # 一次死亡3人以上(的事故): a category threshold, not a figure
    if tok.unit == "位" and nxt.startswith("一"):
        return True  # 五位一体: a slogan
    if tok.unit == "位" and re.search(r"第[^,;。]{0,4}$|前$|列$", prefix):
        return True  # 分列第二、三位, 前3位: places in a ranking (ranks.py), not a count
    if tok.number == 24 and tok.unit == "小时" and re.match(r"[^\d\s,;。]", nxt):
        return True  # 24小时报料热线, 24小时值守: a service's hours, not a figure
    if re.match(r"\s*(?:义务教育|制义务|一贯制)", norm[tok.end : tok.end + 5]) and tok.unit == "年":
        return True  # 九年义务教育, 十二年一贯制: the name of a schooling system
    if re.match(r"[千百万]家万户|[千百]方百计", norm[tok.start : tok.end + 2]):
        return True  # 千家万户, 千方百计: an idiom, not a count
    if tok.unit in ("天", "日") and re.search(r"(?:假期|长假|假日|黄金周|春节|国庆)$", prefix):
        return True  # 春节假期7天, 国庆长假8天: the holiday the figures are about, a period
    return (
        tok.literal == "1"
        and m.group("num") == "一"
        and not (  # 减少一宗, 增加了一人: a change of 1 (新增一批: still the article)
            re.search(rf"(?:{ZH_VERB})了?$", prefix) and not re.search(r"新增了?$", prefix)
        )
        and (tok.unit in ZH_COUNT_UNITS or tok.unit in TIME_UNITS)
        and tok.bound == "exact"
    )  # 一个 / 一名 / 一起 / 一年: the indefinite article or "together", not a count


def zh_tokens(
    norm: str, consumed: list[tuple[int, int]], period_spans: list[tuple[int, int]]
) -> list[Token]:
    """The number tokens that may be figures, and the fractions (三分之一, 一半), in order."""
    toks: list[Token] = []
    for m in ZH_TOKEN.finditer(norm):
        if spans_overlap((m.start(), m.end()), consumed):
            continue
        tok = zh_token(m)
        if tok is None or spans_overlap((tok.start, tok.end), period_spans):
            continue
        tok = _unit_from_next(tok, m, norm)
        if not _zh_skip(tok, m, norm):
            toks.append(tok)
    fractions = [
        t
        for t in zh_fraction_tokens(norm, consumed)
        if not spans_overlap((t.start, t.end), [(x.start, x.end) for x in toks])
        and not in_short_quote(norm, t.start, t.end)
    ]
    return sorted(toks + fractions, key=lambda t: t.start)


UNIT_NAMES = {
    "%": "%",
    "元": "yuan",
    "港元": "HKD",
    "港币": "HKD",
    "美元": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "澳门元": "MOP",
    "新台币": "TWD",
    "台币": "TWD",
    "个工作日": "工作日",
    "个工作天": "工作日",
    "工作天": "工作日",
    "个小时": "小时",
}


def unit_name(unit: str | None) -> str | None:
    """The unit label: 元 → yuan, 港元 → HKD, 美元 → USD …; 个工作日 → 工作日, 个小时 → 小时."""
    return UNIT_NAMES.get(unit or "", unit)
