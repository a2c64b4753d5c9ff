"""Ranks and ranges: figures of their own kinds. A rank is a position in a field
("位列全省第一", "排名首位", "ranked 2nd out of 43 forces"); a range is a pair of ends
("70%-80%", "下降10%至15%", "between 10 and 15 per cent").

Ranges
------
``low`` ≤ ``high`` in the canonical units of ``of_kind`` (:mod:`~analysis.numbers.claims.parse`):
a share ("70%-80%", "七成至八成", "七八成" → 0.70, 0.80), a percent change when a change
verb or noun goes with it ("下降10%至15%", "a 10-15% reduction" → −0.15, −0.10, with
``direction``), a change in percentage points ("提高2至3个百分点"), a multiple ("2 to 3
times", "两到三倍"), a count or an amount ("200至300人", "£2m to £3m"). ``precision`` is one
unit of the ends' last stated digit. Not ranges: "由A至B" / "从A到B" / "from A to B" (a
before → after pair, left to the language grammar), date and period spans ("1至11月",
"2019-2021年", "2012-13"), age bands ("aged 10 to 18"), and year pairs.

Ranks
-----
``value`` the position (1 = first), ``rank_of`` the field size when stated ("2nd out of 43
forces", "在全省21个地市中排名第3"), ``bound`` at_most for "前三" / "top five" (position ≤ 3,
≤ 5), ``before`` the earlier position of a move ("from 31st place to 27th", "由第五位升至第三位").
``rank_order`` says which way the field is ordered when the words say it: ``lowest`` /
``highest`` (the lowest / highest value first: "the lowest crime rate in England", "全市最低"),
``best`` / ``worst`` (by the indicator's desired direction: "the best performance of any
force", "third worst record", "倒数第一"), ``largest_fall`` / ``largest_rise`` (ranked by the
change, not the level: "the second largest reduction in England and Wales"); None when the
words do not say ("位列全省第一").
A superlative is a rank only with a field ("in the country", "of the 43 forces", 全省,
"N个…中"): "the lowest level since 1981" and "近3年最低" are about time, not a field.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from analysis.numbers.claims.figures import new_figure, no_overlaps
from analysis.numbers.claims.numerals import EN_NUMBERS, cn_to_number, literal_step

# -- numbers ---------------------------------------------------------------------------------

_CN = "零〇一二两兩三四五六七八九十百千"
_CN_NUM = rf"[{_CN}]{{1,12}}(?:[点點][{_CN}]{{1,6}})?"
#: A position or field size: Arabic or Chinese digits (bounded: no runaway matching).
_NUMALT = r"\d{1,6}|[" + _CN + r"]{1,8}"
_AR = r"(?<!\d)(?:\d{1,3}(?:,\d{3}){1,4}(?!\d)|\d{1,12})(?:\.\d{1,12})?"
_EN_WORDS = "|".join(sorted(EN_NUMBERS, key=len, reverse=True))
_EN_NUM = rf"(?:{_AR}|(?<![A-Za-z])(?:{_EN_WORDS})(?![A-Za-z]))"

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_ORD = (
    r"(?:(?<!\d)(?P<{g}d>\d{{1,4}})(?:st|nd|rd|th)|(?P<{g}w>"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r"))(?![A-Za-z])"
)


def _zh_number(s: str) -> float:
    """Arabic or Chinese numeral (simplified or traditional) → number."""
    s = s.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    s = s.replace("兩", "两").replace("點", "点")
    return cn_to_number(s)


def _en_number(s: str) -> float:
    s = s.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    return float(EN_NUMBERS[s.lower()])


def _literal(s: str) -> str:
    s = s.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return s
    return "1"


def _ord(m: re.Match, g: str) -> int:
    d = m.group(f"{g}d")
    return int(d) if d else _ORDINAL_WORDS[m.group(f"{g}w").lower()]


# -- ranges -----------------------------------------------------------------------------------

_ZH_INC = "增长|增長|增加|上升|提升|提高|上涨|上漲|增多|攀升|增幅|涨幅|漲幅|升幅|增|涨|漲|升"
_ZH_DEC = (
    "下降|减少|減少|降低|下滑|回落|下跌|压降|壓降|降幅|跌幅|减幅|減幅|缩短|縮短|缩减|縮減|压缩|壓縮"
    "|减|減|降|跌"
)
_EN_INC = r"rose|risen|rise|rises|increased?|increases|grew|grown|growth|up|higher|jumped|climbed"
_EN_DEC = (
    r"fell|fallen|falls?|dropped|drops?|declined?|declines|decreased?|decreases|down|lower"
    r"|reduced|reductions?|cut|cuts|shrank|slid|slipped|plunged"
)
_ZH_SEP = r"\s*(?:-|–|—|~|～|至|到|−)\s*"
_EN_SEP = r"\s*(?:-|–|—|to)\s*"

#: Chinese units after a range, by kind (counts: measure words; amounts: money, weight).
#: Measure words (a count) and measured quantities (an amount: money, durations, weights,
#: lengths, areas), as the corpus conventions read them.
_ZH_COUNT_UNITS = (
    "人次|个|個|名|人|起|件|宗|户|戶|家|次|例|辆|輛|所|条|條|间|間|座|台|臺|部|艘|架|张|張|份"
    "|项|項|单|單|袋|箱|把|支|发|發|宗案件"
)
_ZH_AMOUNT_UNITS = (
    "微克/立方米|毫克/立方米|个月|個月|"
    "美元|港元|港币|港幣|元|个工作日|個工作日|工作日|小时|小時|分钟|分鐘|秒|周|週|天|公斤|千克|克"
    "|吨|噸|公里|平方米|立方米|公顷|公頃|米"
)
_ZH_MAG = "万|萬|亿|億|千"
_MAG = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3, "thousand": 1e3, "million": 1e6,
        "m": 1e6, "bn": 1e9, "billion": 1e9}  # fmt: skip
#: Units that make a span a date or period, never a range.
_ZH_PERIOD_UNITS = "月|年|日|号|號|时|時|点|點|季度|届|屆|期|批|岁|歲|级|級|层|層|楼|樓|版|章|条款"

_ZH_NUM = rf"(?:{_AR}|{_CN_NUM})"
_ZH_RANGE = re.compile(
    rf"(?P<pre1>百分之)?(?P<a>{_ZH_NUM})(?P<amag>{_ZH_MAG})?"
    rf"(?P<au>%|个百分点|個百分點|百分点|百分點|成|倍|微克/立方米|毫克/立方米|公斤|千克|元)?"
    rf"{_ZH_SEP}(?P<pre2>百分之)?(?P<b>{_ZH_NUM})(?P<bmag>{_ZH_MAG})?"
    rf"(?P<bu>%|个百分点|個百分點|百分点|百分點|成|倍|{_ZH_AMOUNT_UNITS}|{_ZH_COUNT_UNITS})?"
)
#: A range of fractions: "四分一至三分一" (Hong Kong style, no 之), "三分之一到二分之一".
_ZH_FRAC_RANGE = re.compile(
    rf"(?P<ad>{_NUMALT})分之?(?P<an>{_NUMALT}){_ZH_SEP}"
    rf"(?P<bd>{_NUMALT})分之?(?P<bn>{_NUMALT})"
)
#: "七八成", "两三倍": two neighbouring digits before 成 / 倍.
_ZH_ADJ = re.compile(
    r"(?<![十百千万萬亿億])(?P<a>[一二两兩三四五六七八九])(?P<b>[二三四五六七八九十])(?P<bu>成|倍)"
)

_EN_UNIT = (
    r"%|\s?per\s?cent\b|\s?percent\b|\s?percentage[- ]points?\b|\s?pp\b|\s?times\b|-fold\b"
    r"|\s?fold\b"
)
_EN_RANGE = re.compile(
    rf"(?P<between>\bbetween\s+)?(?P<cur1>[£$€])?(?<![\d/.,])(?P<a>{_EN_NUM})(?P<amag>\s?(?:m|bn|million|billion|thousand)\b)?"
    rf"(?P<au>{_EN_UNIT})?(?(between)\s+and\s+|{_EN_SEP})(?P<cur2>[£$€])?(?P<b>{_EN_NUM})"
    rf"(?P<bmag>\s?(?:m|bn|million|billion|thousand)\b)?(?P<bu>{_EN_UNIT})?",
    re.IGNORECASE,
)
_EN_NOT_RANGE_BEFORE = re.compile(
    r"(?:\bfrom|\baged?|\bages|\bpages?|\bsections?|\bparagraphs?|\bchapters?|\brules?"
    r"|\barticles?|\bschedules?|\bgrades?|\blevels?|\bstages?|\bbetween the ages of|\bwards?"
    r"|\bnumbers?|\bno\.|\bitems?|\bclauses?|\bquestions?)\s*$",
    re.IGNORECASE,
)
#: Measured quantities after an English range (durations, lengths, weights): an amount.
_EN_AMOUNT_NOUN = re.compile(
    r"\s?(days|hours|minutes|seconds|weeks|metres|meters|kilometres|kilometers|km|miles|kg"
    r"|kilograms|tonnes|tons|m)\b",
    re.IGNORECASE,
)
_EN_COUNT_NOUN = re.compile(r"\s+(?!years?\b|year-olds?\b|months?\b|per\b|of\b|and\b|to\b)([a-z]+)")


def _kind_of_unit(unit: str) -> str:
    if unit in ("%", "成") or "cent" in unit.lower():
        return "share"
    if "百分" in unit or "point" in unit.lower() or unit.strip().lower() == "pp":
        return "percentage_point_change"
    if unit in ("倍",) or "time" in unit.lower() or "fold" in unit.lower():
        return "multiple"
    return "count"


def _zh_direction(norm: str, start: int) -> str | None:
    """The change verb or noun before a range in the same clause, with no other number
    between ("下降10%至15%", "降幅在10%-15%之间", "减少了约10%至15%")."""
    lo = max(norm.rfind(c, max(0, start - 120), start) for c in "，,。；;：:") + 1
    before = norm[max(lo, start - 12) : start]
    hits = list(re.finditer(rf"{_ZH_INC}|{_ZH_DEC}", before))
    if not hits or re.search(r"[\d一二三四五六七八九十]", before[hits[-1].end() :]):
        return None
    if not hits[-1].group(0).endswith("幅") and re.search(r"至|到", before[hits[-1].end() :]):
        return None  # "压缩至3-5个工作日", "下降到10%-15%": the level reached, not a change
    return "decrease" if re.fullmatch(_ZH_DEC, hits[-1].group(0)) else "increase"


def _en_direction(norm: str, start: int, end: int) -> str | None:
    """A change noun right after the range ("a 10-15% reduction"), else the nearest change
    verb or noun before it in the same sentence with no other number between ("fell by
    10-15%", "Reductions in shootings of 41% to 73%", "reductions … – between 34% and 56%")."""
    after = norm[end : end + 25]
    m2 = re.match(rf"\s*(?:-\s*)?({_EN_INC}|{_EN_DEC})\b", after, re.IGNORECASE)
    word = m2.group(1) if m2 else None
    if word is None:
        lo = max(norm.rfind(c, max(0, start - 120), start) for c in ".;!?") + 1
        before = norm[max(lo, start - 100) : start]
        hits = list(re.finditer(rf"\b({_EN_INC}|{_EN_DEC})\b", before, re.IGNORECASE))
        if hits and not re.search(r"\d|\bto\b", before[hits[-1].end() :]):
            word = hits[-1].group(1)  # "fell to 10-15%" is the level reached
    if word is None:
        return None
    return "decrease" if re.fullmatch(_EN_DEC, word, re.IGNORECASE) else "increase"


_EN_APPROX = re.compile(
    r"\b(?:about|around|approximately|roughly|some|an\s+estimated|estimated|circa|c\.|an\s+approximate)\s*$",
    re.IGNORECASE,
)
_ZH_APPROX_PRE = re.compile(r"(?:约|約|大约|大約|大概|估计|估計)(?:为|為|在|有|是|需)?$")
_ZH_APPROX_SUF = re.compile(r"(?:左右|上下)")


_CHANGES = ("percent_change", "percentage_point_change", "level_change")


def _range_figure(
    lo: float, hi: float, step: float, kind: str, direction: str | None, start: int, end: int,
    source: str, unit: str | None, bound: str = "exact",
) -> dict[str, Any]:  # fmt: skip
    """A range figure in canonical units (percent ends → fractions; a decrease negative)."""
    of_kind = kind
    if kind == "share" and direction:
        of_kind = "percent_change"
    if kind in ("count", "amount") and direction:  # "减少1000至1500起": a change of the level
        of_kind = "level_change"
    if of_kind == "percentage_point_change" and direction is None:
        direction = "increase"
    lo, hi = min(lo, hi), max(lo, hi)
    if of_kind in _CHANGES and direction == "decrease":
        lo, hi = -hi, -lo
    return new_figure(
        kind="range",
        of_kind=of_kind,
        low=lo,
        high=hi,
        precision=step,
        direction=direction if of_kind in _CHANGES else None,
        unit=unit,
        bound=bound,
        source=source.strip(),
        start=start,
        end=end,
    )


def _zh_before_after(norm: str, start: int) -> bool:
    """True when 由 / 从 / 從 opens the span ("由70%至80%", "从去年的3起到5起")."""
    before = norm[max(0, start - 10) : start]
    return bool(re.search(r"(?<![业業事服自])(?:由|从|從)[^，,。;；、\d]{0,8}$", before))


def _zh_ranges(norm: str) -> list[dict[str, Any]]:
    out = []
    for m in _ZH_RANGE.finditer(norm):
        au, bu = m.group("au"), m.group("bu")
        if m.group("pre1") and not bu:
            bu = "%"
        if not bu or _zh_before_after(norm, m.start()):
            continue
        if au and au != bu and not (au in ("%",) and bu in ("%",)):
            continue
        after = norm[m.end() : m.end() + 3]
        if re.match(_ZH_PERIOD_UNITS, after) or norm[max(0, m.start() - 1) : m.start()] == "第":
            continue
        if bu in _ZH_COUNT_UNITS.split("|") and re.match(_ZH_PERIOD_UNITS, norm[m.end() :]):
            continue
        a, b = _zh_number(m.group("a")), _zh_number(m.group("b"))
        if re.fullmatch(r"(19|20)\d\d", m.group("a")) and re.fullmatch(
            r"(19|20)\d\d", m.group("b")
        ):
            continue
        bmag = _MAG.get(m.group("bmag") or "", 1.0)
        amag = _MAG.get(m.group("amag") or "", bmag)
        kind = "amount" if re.fullmatch(_ZH_AMOUNT_UNITS, bu) else _kind_of_unit(bu)
        bu = re.sub(r"^[个個](?=工作日)", "", bu)
        scale = {"share": 0.01, "percentage_point_change": 0.01, "multiple": 1.0}.get(kind, 1.0)
        if bu == "成":
            scale = 0.1
        step = min(literal_step(_literal(m.group("a")), False) * amag,
                   literal_step(_literal(m.group("b")), False) * bmag) * scale  # fmt: skip
        direction = _zh_direction(norm, m.start()) if kind != "multiple" else None
        unit = None if kind in ("share", "percentage_point_change", "multiple") else bu
        end, bound = m.end(), "exact"
        suf = _ZH_APPROX_SUF.match(norm, end)
        if suf or _ZH_APPROX_PRE.search(norm[max(0, m.start() - 80) : m.start()]):
            bound, end = "approx", suf.end() if suf else end
        out.append(
            _range_figure(
                a * amag * scale,
                b * bmag * scale,
                step,
                kind,
                direction,
                m.start(),
                end,
                norm[m.start() : end],
                unit,
                bound,
            )
        )
    for m in _ZH_FRAC_RANGE.finditer(norm):  # 四分一至三分一, 三分之一到二分之一
        a = _zh_number(m.group("an")) / _zh_number(m.group("ad"))
        b = _zh_number(m.group("bn")) / _zh_number(m.group("bd"))
        direction = _zh_direction(norm, m.start())
        out.append(
            _range_figure(a, b, 0.01, "share", direction, m.start(), m.end(), m.group(0), None)
        )
    for m in _ZH_ADJ.finditer(norm):
        a, b = _zh_number(m.group("a")), _zh_number(m.group("b"))
        if b != a + 1:
            continue
        kind = _kind_of_unit(m.group("bu"))
        scale = 0.1 if m.group("bu") == "成" else 1.0
        direction = _zh_direction(norm, m.start()) if kind == "share" else None
        out.append(
            _range_figure(
                a * scale, b * scale, scale, kind, direction, m.start(), m.end(), m.group(0), None
            )
        )
    return out


def _en_ranges(norm: str) -> list[dict[str, Any]]:
    out = []
    for m in _EN_RANGE.finditer(norm):
        au, bu = (m.group("au") or "").strip(), (m.group("bu") or "").strip()
        cur = m.group("cur1") or m.group("cur2")
        if _EN_NOT_RANGE_BEFORE.search(norm[max(0, m.start() - 80) : m.start()]):
            continue
        if not m.group("between") and re.search(
            r"\bfrom\b[^\d;:]{0,40}$", norm[max(0, m.start() - 80) : m.start()], re.I
        ):
            continue  # "from last year's figure of 66.5 per cent to 70.2 per cent": before → after
        if not bu and norm[m.end() : m.end() + 5].lower().startswith(("-year", " year", "-old")):
            continue
        ya, yb = m.group("a"), m.group("b")
        words = not re.match(r"\d", ya) or not re.match(r"\d", yb)
        if words and not m.group("between") and not re.search(r"\bto\b", m.group(0), re.I):
            continue  # "ninety-four" is one number, not a range
        if re.fullmatch(r"(19|20)\d\d", ya) and re.fullmatch(r"\d{2}|(19|20)\d\d", yb):
            continue
        if au and (not bu or _kind_of_unit(au) != _kind_of_unit(bu)):
            continue  # "down 16 per cent to 111,665 offences": a change, then a level
        a, b = _en_number(ya), _en_number(yb)
        amag_s, bmag_s = (
            (m.group("amag") or "").strip().lower(),
            (m.group("bmag") or "").strip().lower(),
        )
        bmag = _MAG.get(bmag_s, 1.0)
        amag = _MAG.get(amag_s, bmag)
        if cur:
            kind, unit = "amount", {"£": "GBP", "$": "USD", "€": "EUR"}[cur]
        elif bu:
            kind, unit = _kind_of_unit(bu), None
        elif _EN_AMOUNT_NOUN.match(norm, m.end()):
            kind, unit = "amount", _EN_AMOUNT_NOUN.match(norm, m.end()).group(1).lower()
        elif m.group("between"):
            noun = _EN_COUNT_NOUN.match(norm, m.end())
            if not noun:
                continue
            kind, unit = "count", noun.group(1)
        else:
            noun = _EN_COUNT_NOUN.match(norm, m.end())
            plural = noun and (
                noun.group(1).endswith("s")
                or noun.group(1).lower() in ("people", "children", "men", "women", "staff")
            )
            if not plural or re.search(r"\.", ya + yb):
                continue
            kind, unit = "count", noun.group(1)
        scale = 0.01 if kind in ("share", "percentage_point_change") else 1.0
        step = min(literal_step(_literal(ya), False) * amag,
                   literal_step(_literal(yb), False) * bmag) * scale  # fmt: skip
        direction = _en_direction(norm, m.start(), m.end()) if kind != "multiple" else None
        bound = "approx" if _EN_APPROX.search(norm[max(0, m.start() - 80) : m.start()]) else "exact"
        out.append(
            _range_figure(
                a * amag * scale,
                b * bmag * scale,
                step,
                kind,
                direction,
                m.start(),
                m.end(),
                m.group(0),
                unit,
                bound,
            )
        )
    return out


def find_ranges(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every range of ``norm`` as a figure under construction (kind ``range``, ``low`` ≤
    ``high`` in the canonical units of ``of_kind``)."""
    figs = _zh_ranges(norm) if lang == "zh" else _en_ranges(norm)
    return no_overlaps(figs)


# -- ranks ------------------------------------------------------------------------------------

_ZH_TRIGGER = (
    r"位列|位居|位於|位于|居于|居於|排名|排行|排位|排在|名列|列居|分列|分居|高居|列|居|进入|進入"
    r"|跻身|躋身|挤进|擠進|稳居|穩居|保持|拿下|获得|獲得|夺得|奪得|荣登|榮登|位次"
)
_ZH_NFIELD = rf"(?:{_NUMALT})(?:都|縣市|县市|直轄市|直辖市|个省份|個省份|个城市|個城市)"
_ZH_FIELD = (
    r"全国|全國|全省|全市|全区|全區|全县|全縣|全州|全港|全澳|全台|全臺|全盟|全旗|全镇|全鎮|全系统|全系統"
    r"|同类城市|同類城市|各区|各區|各地市|各市|全行业|全行業|全球|全世界|世界|亚洲|亞洲|中西部|东部|東部"
    rf"|{_ZH_NFIELD}"
)
_ZH_SUPER = {"低": "lowest", "少": "lowest", "高": "highest", "多": "highest", "好": "best",
             "优": "best", "優": "best", "佳": "best", "差": "worst"}  # fmt: skip
_ZH_OF = re.compile(
    rf"(?P<n>{_NUMALT})\s?(?:个|個|家|所|支)[^，,。；;]{{0,14}}?(?:中|里|裏|内|內|之中)"
    rf"|(?P<n2>{_NUMALT})(?:都|縣市|县市|直轄市|直辖市)"
)
_ZH_RANK = re.compile(
    rf"(?P<rev>倒数|倒數)?第(?P<n>{_NUMALT})(?P<more>(?:\s?(?:、|和|及|与|與)\s?第?(?:{_NUMALT}))*)"
    r"(?P<sup>低|少|高|多|好|差)?(?P<w>名|位)?"
)
_ZH_TOP = re.compile(rf"前(?P<n>{_NUMALT})(?P<w>名|位|强|強)?(?P<sup>低|高|少|多)?")
_ZH_FIRST = re.compile(r"首位|榜首|之首|首|次席|次")
_ZH_MOVE = re.compile(
    rf"(?:由|从|從)[^，,。；;]{{0,10}}?第(?P<a>{_NUMALT})(?:名|位)?[^，,。；;第]{{0,8}}?"
    rf"(?:升至|上升至|上升到|提升至|提升到|升到|跃升至|躍升至|跃居|躍居|降至|下降至|下降到|降到|至|到)"
    rf"(?:{_ZH_FIELD})?第(?P<b>{_NUMALT})(?:名|位)?"
)
#: A move of N places ("较去年提升3位", "下降兩名"): a change of the position, a level change.
_ZH_SHIFT = re.compile(
    rf"(?P<v>提升|上升|前进|前進|前移|提高|跃升|躍升|下降|后退|後退|下滑|回落|降低)了?"
    rf"(?P<n>{_NUMALT})(?:个|個)?(?P<u>位|名)(?!次)"
)
_ZH_YOY = re.compile(r"(?:较|較|比)(?:去年|上年|上一年)(?:同期)?|同比")
_ZH_SUPER_RE = re.compile(
    rf"(?:{_ZH_FIELD}|(?:{_NUMALT})\s?(?:个|個|家|所)[^，,。；;]{{0,14}}?(?:中|里|裏|内|內))"
    rf"[^，,。；;第\d\s「」“”『』]{{0,16}}?最(?P<sup>低|少|高|多|好|优|優|佳|差)"
)


def _rank_figure(pos: float, start: int, end: int, source: str, **kw: Any) -> dict[str, Any]:
    notes = list(kw.pop("notes", []))
    order = kw.get("rank_order")
    if order:
        notes.append(f"ranked by '{order.replace('_', ' ')}' first")
    return new_figure(
        kind="rank",
        value=float(pos),
        precision=1.0,
        source=source.strip(),
        start=start,
        end=end,
        notes=notes,
        **kw,
    )


def _zh_rank_of(norm: str, at: int) -> tuple[int | None, tuple[int, int] | None]:
    """ "在全省21个地市中排名第3" → (21, the span of "21个地市中"): a field size stated
    before the rank in the same sentence (its span is blanked with the rank's, so the
    grammar does not read it as a count)."""
    sentence_start = max(norm.rfind(c, max(0, at - 120), at) for c in "。；;!?") + 1
    lo = max(sentence_start, at - 40)
    ms = list(_ZH_OF.finditer(norm[lo:at]))
    if not ms:
        return None, None
    m = ms[-1]
    return int(_zh_number(m.group("n") or m.group("n2"))), (lo + m.start(), lo + m.end())


def _zh_field_rank(norm: str, pos: float, start: int, at: int, end: int, **kw: Any) -> dict:
    """A Chinese rank figure: its span starts at ``start``, or at its field size when that
    is in the same clause; a field size in an earlier clause is blanked apart (``blank``)."""
    rank_of, span = _zh_rank_of(norm, at)
    blank = []
    if span is not None:
        if not re.search(r"[，,：:]", norm[span[0] : start]):
            start = min(start, span[0])
        else:
            blank.append(span)
    f = _rank_figure(pos, start, end, norm[start:end], rank_of=rank_of, **kw)
    f["blank"] = blank
    return f


def _zh_shifts(norm: str) -> list[dict[str, Any]]:
    """Moves of N places: level changes of a position, +N up, −N down."""
    out = []
    for m in _ZH_SHIFT.finditer(norm):
        n = _zh_number(m.group("n"))
        up = not re.fullmatch(r"下降|后退|後退|下滑|回落|降低", m.group("v"))
        lo = max(norm.rfind(c, max(0, m.start() - 120), m.start()) for c in "，,。；;") + 1
        yoy = _ZH_YOY.search(norm[max(lo, m.start() - 10) : m.start()])
        out.append(
            new_figure(
                kind="level_change",
                value=n if up else -n,
                direction="increase" if up else "decrease",
                unit=m.group("u"),
                precision=1.0,
                basis="yoy" if yoy else None,
                source=m.group(0),
                start=m.start(),
                end=m.end(),
                notes=["a move of the position in a ranking"],
            )
        )
    return out


def _zh_ranks(norm: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in _ZH_MOVE.finditer(norm):
        out.append(
            _rank_figure(
                _zh_number(m.group("b")),
                m.start(),
                m.end(),
                m.group(0),
                before=_zh_number(m.group("a")),
            )
        )
    moves = [(f["start"], f["end"]) for f in out]
    ctx = rf"(?:{_ZH_TRIGGER})[^，,。；;]{{0,15}}?$|(?:{_ZH_FIELD})[^，,。；;第]{{0,8}}?$"
    for m in _ZH_RANK.finditer(norm):
        if any(s <= m.start() < e for s, e in moves):
            continue
        before = norm[max(0, m.start() - 18) : m.start()]
        if not (re.search(ctx, before) or m.group("w") == "名"):
            continue
        if re.match(
            r"季度|次|批|届|屆|期|个|個|书记|書記|时间|時間|阶段|階段|轮|輪|方阵|方陣|梯队|梯隊|档|檔",
            norm[m.end() :],
        ):
            continue
        order = None
        if m.group("rev"):
            order = "worst"
        elif m.group("sup"):
            order = _ZH_SUPER[m.group("sup")]
        start = m.start()
        trig = re.search(rf"(?:{_ZH_TRIGGER}|{_ZH_FIELD})[^，,。；;第]{{0,15}}?$", before)
        if trig:
            start = m.start() - len(before) + trig.start()
        # "分列第二、三位": one rank per position; the first takes the words before it
        nums = [(m.start("n"), m.end("n"), m.group("n"))]
        if m.group("more"):
            base = m.start("more")
            nums += [
                (base + x.start(), base + x.end(), x.group(0))
                for x in re.finditer(rf"\d+|[{_CN}]+", m.group("more"))
            ]
        for k, (_s, e, pos) in enumerate(nums):
            f_start = start if k == 0 else _s
            f_end = m.end() if k == len(nums) - 1 else e
            out.append(
                _zh_field_rank(norm, _zh_number(pos), f_start, m.start(), f_end, rank_order=order)
            )
    for m in _ZH_TOP.finditer(norm):
        before = norm[max(0, m.start() - 18) : m.start()]
        ctx_top = rf"(?:{_ZH_TRIGGER})[^，,。；;]{{0,15}}?$|(?:{_ZH_FIELD})$"
        if not (m.group("w") or re.search(ctx_top, before)):
            continue
        if re.match(r"季度|个月|個月|月|年|天|日|周|週|期|批|三季|半年", norm[m.end() :]):
            continue
        order = _ZH_SUPER[m.group("sup")] if m.group("sup") else None
        out.append(
            _zh_field_rank(
                norm,
                _zh_number(m.group("n")),
                m.start(),
                m.start(),
                m.end(),
                bound="at_most",
                rank_order=order,
            )
        )
    for m in _ZH_FIRST.finditer(norm):
        before = norm[max(0, m.start() - 18) : m.start()]
        trig = re.search(rf"(?:{_ZH_TRIGGER})[^，,。；;]{{0,15}}?$", before)
        single = m.group(0) in ("首", "次")
        if m.group(0) == "榜首":  # unambiguous on its own ("肇事原因榜首")
            trig = trig or re.search(r"$", before)
        if not trig or (single and not re.search(rf"(?:{_ZH_TRIGGER}|{_ZH_FIELD})$", before)):
            continue
        if m.group(0) == "次" and not before.endswith("居"):
            continue
        start = m.start() - len(before) + trig.start()
        pos = 2 if m.group(0) in ("次", "次席") else 1
        out.append(_zh_field_rank(norm, pos, start, m.start(), m.end()))
    for m in _ZH_SUPER_RE.finditer(norm):
        out.append(
            _zh_field_rank(
                norm, 1, m.start(), m.start("sup"), m.end(), rank_order=_ZH_SUPER[m.group("sup")]
            )
        )
    return out + _zh_shifts(norm)


_EN_SUPER = (
    r"highest|lowest|largest|biggest|smallest|best|worst|safest|greatest|fastest|most|least"
    r"|fewest|strongest|weakest|top|poorest"
)
_EN_SUPER_ORDER = {
    "highest": "highest", "largest": "highest", "biggest": "highest", "greatest": "highest",
    "most": "highest", "top": "best", "lowest": "lowest", "smallest": "lowest", "least": "lowest",
    "fewest": "lowest", "best": "best", "safest": "best", "strongest": "best", "worst": "worst",
    "weakest": "worst", "poorest": "worst", "fastest": "highest",
}  # fmt: skip
_EN_CHANGE_NOUN = r"reductions?|falls?|drops?|decreases?|declines?|cuts?|increases?|rises?|growth"
_EN_FIELD = (
    r"(?:in|across|of|among(?:st)?|within|throughout|for)\s+(?:the\s+|all\s+|any\s+)?"
    rf"(?:(?:\d+|{_EN_WORDS})\s+)?(?:other\s+)?"
    r"(?:country|nation|england(?:\s+and\s+wales)?|wales|scotland|uk|united\s+kingdom|britain"
    r"|state|territory|region|province|city|forces?|police\s+forces?|areas?|councils?"
    r"|authorities|boroughs|districts|counties|states|regions|cities|trusts|hospitals"
    r"|schools|services|jurisdictions|australia|nsw|victoria|queensland|london|units?|wards"
    r"|neighbourhoods|neighborhoods|precincts|stations|prisons|universities|countries)\b|\bnationally\b"
    r"|\bin\s+the\s+top\s+\w+"
)
_EN_OF_N = re.compile(
    rf"\s*(?:,\s*)?(?:out\s+of|of|among(?:st)?)\s+(?:the\s+|all\s+)?(?P<n>\d+|{_EN_WORDS})\b",
    re.IGNORECASE,
)
_EN_RANKED = re.compile(
    r"\b(?:ranked|ranks|ranking|rank|placed|placing|places|puts|putting|came|comes|finished"
    r"|sits|sat|lies|positioned|is|was|now)"
    rf"\s+(?:(?:the|in|at|joint|equal|number|no\.)\s+)*{_ORD.format(g='a')}"
    r"(?:\s+(?:place|position|spot))?",
    re.IGNORECASE,
)
_EN_SUPER_RANK = re.compile(
    rf"\b(?:the\s+)?(?:(?:joint|equal)[- ])?(?:{_ORD.format(g='a')}[- ])?(?P<sup>{_EN_SUPER})\b",
    re.IGNORECASE,
)
_EN_MOVE = re.compile(
    rf"\bfrom\s+(?:the\s+)?{_ORD.format(g='a')}(?:\s+(?:place|position|spot))?\s+to\s+"
    rf"(?:the\s+)?{_ORD.format(g='b')}(?:\s+(?:place|position|spot))?",
    re.IGNORECASE,
)
#: A bare ordinal within a field: "1st among NGOs", "first in the country", "3rd of 43".
_EN_BARE = re.compile(
    rf"(?P<a>{_ORD.format(g='a')})(?P<among>\s+among(?:st)?\b|\s+(?:place|position|spot)\b"
    r"|\s+only\s+to\b)?",
    re.IGNORECASE,
)
_EN_TOP = re.compile(
    rf"\b(?:in|into|among(?:st)?|within|of)\s+the\s+top\s+(?P<n>\d+|{_EN_WORDS})\b"
    rf"|\btop[- ](?P<n2>\d+|{_EN_WORDS})\b",
    re.IGNORECASE,
)


_EN_UNIT_NOUN = re.compile(
    r"\s+(?:other\s+|police\s+|[A-Z][a-z]+\s+)?(?:forces?|areas?|councils?|authorities|boroughs"
    r"|districts|counties|states|regions|cities|trusts|hospitals|schools|services|jurisdictions"
    r"|units?|wards|neighbourhoods|neighborhoods|precincts|stations|prisons|countries|nations"
    r"|provinces|territories|municipalities|local\s+authorities|teams|departments|agencies)\b",
    re.IGNORECASE,
)


def _en_rank_of(norm: str, end: int) -> tuple[int | None, int]:
    """'out of 43' / 'of the 43 forces' → (43, the end of the words): a field size (after a
    bare 'of N', a noun of units must follow: 'the first of three phases' is no field)."""
    m = _EN_OF_N.match(norm, end)
    if not m:
        return None, end
    if not re.match(r"\s*(?:,\s*)?out\s+of", m.group(0), re.I):
        noun = _EN_UNIT_NOUN.match(norm, m.end())
        if not noun:
            return None, end
        return int(_en_number(m.group("n"))), noun.end()
    return int(_en_number(m.group("n"))), m.end()


def _en_ranks(norm: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in _EN_MOVE.finditer(norm):
        out.append(_rank_figure(_ord(m, "b"), m.start(), m.end(), m.group(0), before=_ord(m, "a")))
    moves = [(f["start"], f["end"]) for f in out]
    for m in _EN_RANKED.finditer(norm):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in moves):
            continue
        after = norm[m.end() : m.end() + 40]
        if re.match(r"\s*(?:time|quarter|half|year|month|week|day|of\s+its\s+kind)\b", after, re.I):
            continue
        verb = m.group(0).split()[0].lower()
        rank_of, end = _en_rank_of(norm, m.end())
        sup = re.match(rf"[- ]({_EN_SUPER})\b", norm[m.end() :], re.I)
        if verb in ("is", "was", "now") and rank_of is None and not sup:
            continue
        if sup:  # "is the second lowest": the superlative reader takes it
            continue
        top = re.match(r"\s+in\s+the\s+top\s+\w+", norm[end:], re.I)
        end = end + top.end() if top else end
        out.append(
            _rank_figure(_ord(m, "a"), m.start(), end, norm[m.start() : end], rank_of=rank_of)
        )
    for m in _EN_SUPER_RANK.finditer(norm):
        if re.search(r"\b(?:among|one\s+of)\s+$", norm[max(0, m.start() - 80) : m.start()], re.I):
            continue  # "among the safest places": a group, not a position
        tail = norm[m.end() : m.end() + 90]
        cut = re.search(r"[.;:!?]|,\s|\s[-–—]\s", tail)
        tail = tail[: cut.start()] if cut else tail
        field = re.search(_EN_FIELD, tail, re.IGNORECASE)
        rank_of, end = _en_rank_of(norm, m.end())
        ordinal = bool(m.group("ad") or m.group("aw"))
        if not field and rank_of is None and not ordinal:
            continue
        if re.search(
            r"\bsince\b|\bfor\s+\d+\s+years\b|\bon\s+record\b|\bever\b",
            tail[: field.start() if field else len(tail)],
            re.I,
        ):
            continue
        sup = m.group("sup").lower()
        if sup == "top" and not m.group("ad") and not m.group("aw"):
            continue
        noun = re.match(rf"\s+(?:\w+\s+){{0,2}}?({_EN_CHANGE_NOUN})\b", tail, re.IGNORECASE)
        order = _EN_SUPER_ORDER[sup]
        if noun and order in ("highest", "lowest"):
            rising = re.match(r"increase|rise|growth", noun.group(1), re.I)
            order = "largest_rise" if rising else "largest_fall"
            if order == "largest_fall" and sup in ("smallest", "least", "lowest"):
                order = "largest_rise"  # the smallest reduction: ranked by the fall, reversed
        pos = _ord(m, "a") if (m.group("ad") or m.group("aw")) else 1
        if rank_of is None and field and re.match(r"(?:of|among)", field.group(0), re.I):
            n = re.search(rf"\b(\d+|{_EN_WORDS})\s+(?:other\s+)?[a-z]", field.group(0), re.I)
            rank_of = int(_en_number(n.group(1))) if n else None
        if rank_of is not None and field:  # "the lowest of the 43 forces": the 43 is its own
            end = max(end, m.end() + field.end())
        out.append(
            _rank_figure(
                pos, m.start(), end, norm[m.start() : end], rank_of=rank_of, rank_order=order
            )
        )
    for m in _EN_BARE.finditer(norm):
        rank_of, end = _en_rank_of(norm, m.end("a"))
        field = re.match(rf"\s+(?:{_EN_FIELD})", norm[m.end("a") :], re.IGNORECASE)
        if field and re.match(r"\s+of\b", field.group(0), re.I) and rank_of is None:
            field = None  # "a third of forces" is a fraction
        if rank_of is None and not field and not m.group("among"):
            continue
        if re.search(r"\b(?:a|one|two|an)\s+$", norm[max(0, m.start() - 80) : m.start()], re.I):
            continue
        end = max(end, m.end("a") + (field.end() if field else 0), m.end())
        out.append(
            _rank_figure(_ord(m, "a"), m.start(), end, norm[m.start() : end], rank_of=rank_of)
        )
    for m in _EN_TOP.finditer(norm):
        n = m.group("n") or m.group("n2")
        out.append(_rank_figure(_en_number(n), m.start(), m.end(), m.group(0), bound="at_most"))
    return out


_ZH_FALL_NOUN = re.compile(r"(?:降幅|减幅|跌幅|下降幅度|降低幅度|减少幅度|下降率|降速)")
_ZH_RISE_NOUN = re.compile(r"(?:增幅|涨幅|升幅|增长幅度|上升幅度|增速|增长率|增长速度)")


def _zh_change_order(norm: str, f: dict[str, Any]) -> None:
    """A Chinese rank of a change ("降幅位列全区第一", "增幅居全省首位"): the change noun
    before the rank in its clause says the units are ranked by their fall (or rise), not
    by their level."""
    if f.get("rank_order"):
        return
    start = f["start"]
    clause = max(norm.rfind(c, max(0, start - 40), start) for c in ",，;；。!?:：") + 1
    before = norm[clause:start]
    falls, rises = list(_ZH_FALL_NOUN.finditer(before)), list(_ZH_RISE_NOUN.finditer(before))
    if not falls and not rises:
        return
    last_fall = falls[-1].start() if falls else -1
    last_rise = rises[-1].start() if rises else -1
    f["rank_order"] = "largest_fall" if last_fall > last_rise else "largest_rise"
    f["notes"] = [*f.get("notes", []), f"ranked by '{f['rank_order'].replace('_', ' ')}' first"]


def find_ranks(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every rank of ``norm`` as a figure under construction (kind ``rank``). A superlative
    that restates a stated first place of the same sentence ("名列第1，被評為世界上…最好的")
    is the same rank, not a second one."""
    figs = no_overlaps(_zh_ranks(norm) if lang == "zh" else _en_ranks(norm))
    if lang == "zh":
        for f in figs:
            _zh_change_order(norm, f)
    ends = [m.end() for m in re.finditer(r"[。；;!?]|\.(?=\s|$)", norm)] + [len(norm)]

    def sentence(pos: int) -> int:
        return bisect.bisect_right(ends, pos)

    firsts = {sentence(f["start"]) for f in figs if f["value"] == 1 and not f.get("rank_order")}
    return [
        f
        for f in figs
        if not (f.get("rank_order") and f["value"] == 1 and sentence(f["start"]) in firsts)
    ]
