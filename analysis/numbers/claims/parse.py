"""Headline claims as structure, and the rules that judge them against data.

``parse_claim`` / ``parse_claims`` turn a press-release sentence (Chinese or
English) into ``ParsedClaim`` values: the kind of figure, its value in
canonical units, how it is bounded, what it is compared with, and what the
text leaves undetermined. ``judge`` compares one parsed figure with a value
computed from data and returns a ``Verdict``. Both are pure (no data, no I/O)
and never raise on text: what cannot be parsed is ``kind="unknown"`` with a
``reason``.

Canonical units of ``ParsedClaim.value``
----------------------------------------
- ``percent_change``: signed fraction, "下降22%" / "down 22%" → −0.22.
- ``percentage_point_change``: signed fraction of points, "up 5 percentage
  points" → 0.05.
- ``share``: fraction, "97%" → 0.97, "三成" → 0.30.
- ``multiple``: the factor as written ("提升3倍" → 3.0, "halved" → 0.5);
  ``readings`` holds every value the wording may mean.
- ``count``: the number; ``amount``: a measured quantity (money in yuan,
  "32.8万元" → 328000; area in m²); the ``unit`` says which.
- ``before_after``: the after level (its bound is ``bound``); ``before`` holds
  the before level.
- ``zero_run``: the run length ("连续两个月…零发生" → 2, unit "months").

``precision`` is one unit of the last stated digit, in the units of
``value``: "22%" → 0.01, "60.7%" → 0.001, "32.8万元" → 1000. For bounded and
approximate figures trailing zeros are not significant: "220余" → 10,
"1.2万余" → 1000, "60%以上" → 0.10.

Bounds: 余 / 多 / 以上 / 超过 / 逾, "more than", "over", "at least", "X+" →
``at_least``; 近 / 将近 / 接近 / 不足 / 不到, "nearly", "almost", "fewer
than", "under", "up to" → ``at_most`` (a "nearly" figure is below the stated
value, so it is a bound, not an approximation); 约 / 左右 / 上下, "about",
"around", "approximately", "roughly" → ``approx``.

Multiples: "提升3倍" / "增长3倍" / "increased 3 times" / "3 times higher" are
ambiguous, readings 3.0 ("to 3×", the loose usage) and 4.0 ("by 3× = 4×",
the literal reading and the convention of Chinese statistical writing, where
增长了N倍 is N + 1 times the base). "增长一倍" is 2.0 (no loose reading of 1×
exists). "提升至3倍" / "是…的3倍" / "3 times as many" / "tripled" / "3-fold"
/ "翻了一番" (2.0) / "翻两番" (4.0) are unambiguous.

Verdict rules (``judge``)
-------------------------
With s the stated value, p its precision and o the observed value (same
canonical units), comparisons are made in the claim's own direction — on
magnitudes for a decrease (and for a multiple or level that fell), so that
"saying more" always means claiming a bigger achievement:

- ``exact``: consistent when o rounds to s at the stated precision,
  s − p/2 ≤ o < s + p/2 (round half up on magnitudes): "22%" ↔ 21.5–22.5%,
  "−22%" ↔ −22.5% < o ≤ −21.5%, "97%" ↔ 96.5–97.5%, a count "236" ↔ 236,
  "3×" ↔ 2.5–3.5×.
- ``at_least``: consistent when s ≤ o < s + p. For 余 / 多 the upper limit is
  grammatical: the remainder is below one unit of the last stated digit
  ("220余" = 220–229, "1.2万余" = 12,000–12,999, "4600多" = 4,600–4,699).
  For 以上 / "more than" it is not, but a careful writer holding 260 does not
  write "more than 220": o ≥ s + p is reported as ``understated`` (true as a
  bound, understating the data). A statistician can defend both halves:
  the lower limit is what the words assert, the upper one is what a reader
  infers from the rounding the writer chose.
- ``at_most`` ("nearly", 近): consistent when s − p/2 ≤ o ≤ s: below s and
  rounding to it ("近两成" ↔ 15–20%).
- ``approx`` ("about", 约): consistent when s − p/2 ≤ o ≤ s + p/2.
- Otherwise ``overstated`` when the claim says more than the data show (in
  the claim's direction: for a decrease, "−22%" against an observed −15%;
  for a count, 250 against 220), ``understated`` when it says less.
- Several readings of the wording (``claim.readings``) or of the data
  (``observed_readings``, e.g. two windows): each is judged; when they agree
  the verdict is theirs, when they disagree it is ``ambiguous``, naming which
  reading the data support (``supported``; empty when none does).
- ``not_derivable``: a share whose own stated numerator and denominator do
  not give it (G4: 238 / 426 = 55.9% is not "60%以上"), a multiple or change
  whose stated before/after levels give none of its readings, or
  ``denominator_matches=False`` (the data's base is not the claim's). It is
  checked first: it needs no data.
- ``cannot_check``: unparsed text, or no observed value (None or NaN).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, Literal

import pandas as pd

from analysis.core.result import Result

Kind = Literal[
    "percent_change",
    "percentage_point_change",
    "multiple",
    "share",
    "count",
    "amount",
    "before_after",
    "zero_run",
    "unknown",
]
Bound = Literal["exact", "at_least", "at_most", "approx"]
Direction = Literal["increase", "decrease"]
Basis = Literal["yoy", "mom", "before_after"]
VerdictKind = Literal[
    "consistent", "overstated", "understated", "ambiguous", "not_derivable", "cannot_check"
]

KINDS: tuple[str, ...] = (
    "percent_change",
    "percentage_point_change",
    "multiple",
    "share",
    "count",
    "amount",
    "before_after",
    "zero_run",
    "unknown",
)
BOUNDS: tuple[str, ...] = ("exact", "at_least", "at_most", "approx")
VERDICTS: tuple[str, ...] = (
    "consistent",
    "overstated",
    "understated",
    "ambiguous",
    "not_derivable",
    "cannot_check",
)

_PERCENT_KINDS = ("percent_change", "percentage_point_change", "share")
_DURATION_UNITS = ("年", "个月", "月", "天", "日", "周", "小时", "years", "months", "days", "weeks")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class ParsedClaim(Result):
    """One figure of a claim, as structure (see the module docstring for units).

    ``parse_claim`` returns the headline figure with ``text`` the whole claim and
    ``figures`` every figure of the text; each figure's ``text`` is its clause.
    """

    text: str
    language: str
    kind: Kind  # type: ignore[assignment]  # the claim kind (Result's class tag is "result")
    value: float | None = None
    direction: Direction | None = None
    bound: Bound = "exact"
    precision: float | None = None
    readings: tuple[float, ...] = ()
    reading_labels: tuple[str, ...] = ()
    basis: Basis | None = None
    before: float | None = None
    before_bound: Bound | None = None
    before_period: str | None = None
    after: float | None = None
    after_bound: Bound | None = None
    unit: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    subject: str | None = None
    period: str | None = None
    source: str | None = None  # the words of the figure, as matched
    notes: tuple[str, ...] = ()
    undetermined: tuple[str, ...] = ()
    reason: str | None = None  # why kind is "unknown"
    figures: tuple[ParsedClaim, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """True when the wording admits more than one value (``readings``)."""
        return len(set(self.readings)) > 1

    def to_dict(self) -> dict:
        # "kind" is a field here, so the class tag goes under its own key.
        d = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        d["figures"] = [f.to_dict() for f in self.figures]
        return {"result": "parsed_claim", **d}

    @classmethod
    def from_dict(cls, d: dict) -> ParsedClaim:
        d = {k: v for k, v in d.items() if k != "result"}
        kw: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in d:
                continue
            v = d[f.name]
            if f.name == "figures":
                v = tuple(cls.from_dict(x) for x in v)
            elif isinstance(v, list):
                v = tuple(v)
            kw[f.name] = v
        return cls(**kw)

    def to_frame(self) -> pd.DataFrame:
        rows = self.figures or (self,)
        return pd.DataFrame(
            [
                {
                    "text": r.text,
                    "kind": r.kind,
                    "value": r.value,
                    "bound": r.bound,
                    "readings": ", ".join(_fmt_value(x, r.kind) for x in r.readings),
                    "unit": r.unit,
                    "subject": r.subject,
                    "period": r.period,
                    "basis": r.basis,
                    "before": r.before,
                    "after": r.after,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "undetermined": "; ".join(r.undetermined),
                }
                for r in rows
            ]
        )

    def headline(self, lang: str = "en") -> str:
        if self.kind == "unknown":
            return f"Not parsed: {self.reason}"
        parts = [self.kind.replace("_", " "), _fmt_value(self.value, self.kind)]
        if self.bound != "exact":
            parts.append(f"({self.bound.replace('_', ' ')})")
        if self.ambiguous:
            parts.append("readings " + " or ".join(_fmt_value(x, self.kind) for x in self.readings))
        if self.subject:
            parts.append(f"of {self.subject}")
        return " ".join(p for p in parts if p)

    def plot(self, *, ax=None):  # a parsed claim has no figure
        raise NotImplementedError("parsed claims have no figure; see to_frame()")


@dataclass(frozen=True, eq=False)
class ReadingCheck(Result):
    """One comparison inside a verdict: a reading of the claim against one observed value."""

    kind: ClassVar[str] = "reading_check"

    label: str  # the claim reading ("as stated", "to 3×", "by 3× (= 4×)")
    stated: float
    observed_label: str
    observed: float
    verdict: str
    tolerance: str

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "reading": self.label,
                    "stated": self.stated,
                    "observed_as": self.observed_label,
                    "observed": self.observed,
                    "verdict": self.verdict,
                    "tolerance": self.tolerance,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        return f"{self.label} vs {self.observed_label}: {self.verdict}"

    def plot(self, *, ax=None):
        raise NotImplementedError("reading checks have no figure")


@dataclass(frozen=True, eq=False)
class Verdict(Result):
    """The verdict on one claim figure against the data, with the arithmetic shown."""

    kind: ClassVar[str] = "claim_verdict"

    verdict: VerdictKind
    claim: str
    claim_kind: str
    stated: float | None
    bound: str
    observed: float | None
    arithmetic: str  # e.g. "12,000 / 3,800 = 3.16×"
    tolerance: str  # the rule applied, e.g. "2.5× ≤ observed < 3.5×"
    reason: str  # one line, English
    readings: tuple[ReadingCheck, ...] = ()
    supported: tuple[str, ...] = ()  # labels of the readings the data support
    precision: float | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "claim": self.claim,
                    "verdict": self.verdict,
                    "stated": self.stated,
                    "bound": self.bound,
                    "observed": self.observed,
                    "arithmetic": self.arithmetic,
                    "tolerance": self.tolerance,
                    "reason": self.reason,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        return f"{self.verdict.replace('_', ' ').capitalize()}: {self.reason}"

    def plot(self, *, ax=None):
        raise NotImplementedError("verdicts have no figure; see to_frame()")


def _plain(v: Any) -> Any:
    """JSON-safe plain value (tuples → lists, NaN → None)."""
    if isinstance(v, tuple | list):
        return [_plain(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, Result):
        return v.to_dict()
    return v


# --------------------------------------------------------------------------- numbers

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_MAGNITUDE = {
    "万": 1e4,
    "亿": 1e8,
    "千": 1e3,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}
_EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def cn_to_number(s: str) -> float:
    """Chinese numeral → number: 两 → 2, 十 → 10, 三十五 → 35, 一万二千 → 12000,
    二十二点五 → 22.5."""
    if "点" in s:
        whole, frac = s.split("点", 1)
        digits = "".join(str(_CN_DIGIT[c]) for c in frac)
        return cn_to_number(whole or "零") + float("0." + digits)
    if len(s) > 1 and all(c in _CN_DIGIT for c in s):  # 二〇二一: digit by digit
        return float("".join(str(_CN_DIGIT[c]) for c in s))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            total += (section or 1) * _CN_BIG[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return float(total + section + (digit or 0))


def en_to_number(s: str) -> float:
    """English number word(s) → number: 'three' → 3, 'twenty-two' → 22."""
    parts = re.split(r"[- ]", s.lower())
    return float(sum(_EN_NUMBERS[p] for p in parts))


def _number_literal(raw: str) -> tuple[float, str]:
    """(number, digits as written) for Arabic, Chinese or English numerals."""
    raw = raw.strip()
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", raw):
        lit = raw.replace(",", "")
        return float(lit), lit
    v = cn_to_number(raw) if raw[0] in _CN_DIGIT or raw[0] in _CN_SMALL else en_to_number(raw)
    lit = str(int(v)) if float(v).is_integer() else repr(v)
    return v, lit


def _literal_step(lit: str, significant_only: bool) -> float:
    """One unit of the last stated digit ('3800' → 1; significant only: '3800' → 100)."""
    if "." in lit:
        whole, frac = lit.split(".", 1)
        if significant_only:
            frac = frac.rstrip("0")
        if frac:
            return 10.0 ** -len(frac)
        lit = whole
    if significant_only:
        stripped = lit.rstrip("0")
        if stripped:
            return 10.0 ** (len(lit) - len(stripped))
    return 1.0


# --------------------------------------------------------------------------- patterns

_AR = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_D = "零〇一二两三四五六七八九"
_CN_NUM = rf"[{_CN_D}十百千][{_CN_D}十百千万亿]*(?:点[{_CN_D}]+)?"
_ZH_UNITS = (
    "个百分点",
    "百分点",
    "平方公里",
    "平方米",
    "人次",
    "场次",
    "户次",
    "件次",
    "个月",
    "%",
    "倍",
    "成",
    "元",
    "公里",
    "公顷",
    "亩",
    "吨",
    "个",
    "名",
    "人",
    "起",
    "件",
    "次",
    "场",
    "户",
    "家",
    "所",
    "项",
    "条",
    "面",
    "封",
    "宗",
    "台",
    "辆",
    "处",
    "间",
    "套",
    "栋",
    "座",
    "支",
    "天",
    "年",
    "月",
    "批",
    "期",
    "份",
    "篇",
    "张",
    "例",
    "艘",
)
_ZH_UNIT_RE = "|".join(re.escape(u) for u in _ZH_UNITS)
_ZH_TOKEN_SRC = (
    rf"(?P<pre>百分之)?(?P<num>{_AR}|{_CN_NUM})(?P<b1>余|多)?(?P<mag>万|亿|千)?(?P<b2>余|多)?"
    rf"(?P<unit>{_ZH_UNIT_RE})?(?:(?<=[倍成%])(?P<b3>余|多))?(?P<b4>以上|以下|左右|上下|以内)?"
)
_ZH_TOKEN = re.compile(_ZH_TOKEN_SRC)
_ZH_TOK = re.sub(r"\(\?P<\w+>", "(?:", _ZH_TOKEN_SRC)

_ZH_INC = "增长|增加|上升|提升|提高|上涨|增多|扩大|攀升|增|涨|升"
_ZH_DEC = "下降|减少|降低|下滑|回落|下跌|缩小|压降|减|降|跌"
_ZH_VERB = f"{_ZH_INC}|{_ZH_DEC}"
_ZH_BOUND_PRE = {
    "将近": "at_most",
    "接近": "at_most",
    "近": "at_most",
    "不足": "at_most",
    "不到": "at_most",
    "不超过": "at_most",
    "最多": "at_most",
    "约为": "approx",
    "大约": "approx",
    "约": "approx",
    "超过": "at_least",
    "逾": "at_least",
    "超": "at_least",
    "不少于": "at_least",
    "至少": "at_least",
    "多达": "exact",
    "达到": "exact",
    "达": "exact",
}
_ZH_BOUND_PRE_RE = "|".join(sorted(_ZH_BOUND_PRE, key=len, reverse=True))
_ZH_BOUND_SUF = {
    "余": "at_least",
    "多": "at_least",
    "以上": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "左右": "approx",
    "上下": "approx",
}

_ZH_PERIOD = re.compile(
    r"截至目前|截至\d{4}年(?:\d{1,2}月(?:底|末)?)?|(?:今年|本年|去年(?!同期)|上年(?!同期)|年初|年内)"
    r"(?:全年|以来|至今|前三季度|上半年|下半年)?"
    r"|近(?:年来|[\d一二两三四五六七八九十]+(?:个)?(?:年|月)(?:来|以来)?)"
    r"|\d{4}年(?:\d{1,2}月(?:份)?)?(?:以来|至今|上半年|下半年|前三季度|全年|底|末)?"
    r"|(?<![个\d.])(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?:以来|至今|底|末|初|中旬)?"
    r"|(?:一|二|三|四)季度|上半年|下半年|前三季度|目前|当前|迄今"
)
_ZH_BASIS = (
    (re.compile(r"同比|去年同期|上年同期|比去年|较去年"), "yoy"),
    (re.compile(r"环比|比上月|较上月|与上月相比"), "mom"),
)
_ZH_CUT = re.compile(
    r"(?:排查发现|发现|化解|调处|开展|查处|召开|查获|劝阻|挽回|解决|收回|建设|组建|帮扶|完成"
    r"|启动|纳入|担任|提供|实现|建立|设立|推动|举办|受理|办理|接待|走访|破获|抓获|侦破|成立"
    r"|培训|救助|慰问|发放|兜底管理|登记|组织|打击|整治|清理|新增|发生|共有|有)(?![率量数额]|人数|人口|工作)"
)
_ZH_LEAD = (
    "全口径",
    "各类",
    "共计",
    "合计",
    "总计",
    "累计",
    "共",
    "已",
    "成功",
    "妥善",
    "提前",
    "新",
    "目前",
    "了",
    "的",
    "在",
    "对",
)
_ZH_SUFFIX_STOP = re.compile(
    r"[,;。!?:()\d不没未在已都均被到]|担任|下沉|全部|纳入|进入|参与|实现"
    r"|发挥|得到|当场|的基础上"
)
_ZH_COUNT_UNITS = (
    "个",
    "名",
    "人",
    "起",
    "件",
    "次",
    "场",
    "户",
    "家",
    "所",
    "项",
    "条",
    "面",
    "封",
    "宗",
    "台",
    "辆",
    "处",
    "间",
    "套",
    "栋",
    "座",
    "支",
    "批",
    "期",
    "份",
    "篇",
    "张",
    "例",
    "艘",
    "人次",
    "场次",
    "户次",
    "件次",
)
_ZH_CLASSIFIERS = (
    "个",
    "名",
    "家",
    "户",
    "所",
    "项",
    "条",
    "处",
    "座",
    "间",
    "套",
    "支",
    "场",
    "批",
    "%",
    "成",
)

_EN_WN = (
    "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    "(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    "|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    "|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_EN_TOKEN_SRC = (
    rf"(?P<cur>(?:RMB|CNY|¥|\$)\s?)?(?P<num>{_AR}|(?<![\w-])(?:{_EN_WN})(?=\b|fold))"
    r"(?P<plus>\+)?(?:\s?(?P<mag>thousand|million|billion|bn)\b)?(?P<plus2>\+|-plus\b)?"
    r"(?:\s?(?P<unit>%|per\s?cent\b|percent\b|percentage[- ]points?\b|pp\b|points?\b"
    r"|-?fold\b|times\b|×|yuan\b|RMB\b|CNY\b|square metres\b|square meters\b|m²))?"
)
_EN_TOKEN = re.compile(_EN_TOKEN_SRC, re.IGNORECASE)
_EN_TOK = re.sub(r"\(\?P<\w+>", "(?:", _EN_TOKEN_SRC)
_EN_NUM = rf"(?:\d+|{_EN_WN})"
_EN_INC = (
    r"rose|risen|rise|rises|increased|increase|increases|grew|grown|growth|up|higher"
    r"|jumped|jump|climbed|gained|surged|soared|went up|more"
)
_EN_DEC = (
    r"fell|fallen|fall|falls|dropped|drop|drops|declined|decline|declines|decreased"
    r"|decrease|decreases|down|lower|reduced|reduction|cut|shrank|slid|slipped|plunged"
    r"|went down|fewer|less"
)
_EN_BOUND_PRE = {
    "more than": "at_least",
    "over": "at_least",
    "at least": "at_least",
    "upwards of": "at_least",
    "in excess of": "at_least",
    "above": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "nearly": "at_most",
    "almost": "at_most",
    "close to": "at_most",
    "just under": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "under": "at_most",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "below": "at_most",
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "some": "approx",
    "circa": "approx",
    "approx.": "approx",
    "~": "approx",
}
_EN_BOUND_PRE_RE = "|".join(re.escape(k) for k in sorted(_EN_BOUND_PRE, key=len, reverse=True))
_EN_PARTICIPLES = {
    "found",
    "held",
    "made",
    "seen",
    "taken",
    "given",
    "caught",
    "brought",
    "done",
    "won",
    "lost",
    "built",
    "sent",
    "kept",
    "paid",
    "set",
    "handled",
}
_EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November"
    "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_EN_PERIOD = re.compile(
    rf"(?i:\b(?:since|from|in|during|through|until|by|as of|at the end of)\s+)"
    rf"(?:(?i:early|late|mid-)\s?)?(?:{_EN_MONTHS})\b(?:\s+\d{{4}})?"
    r"|(?i:\b(?:so far\s+)?this year\b|\blast year\b|\byear[- ]to[- ]date\b"
    r"|\b(?:in\s+)?the first \w+ months(?: of (?:the year|\d{4}))?\b"
    r"|\bsince the (?:start|beginning) of (?:the year|\d{4})\b"
    r"|\b(?:since|in|during|for|as of)\s+(?:19|20)\d{2}\b"
    r"|\bin recent years\b|\bover the past \w+ (?:years|months)\b)"
)
_EN_BASIS = (
    (
        re.compile(
            r"(?i)\byear[- ]on[- ]year\b|\byoy\b|\by/y\b|\bfrom a year (?:earlier|ago)\b"
            r"|\bthan a year (?:earlier|ago)\b|\bsame period (?:of )?last year\b"
        ),
        "yoy",
    ),
    (
        re.compile(
            r"(?i)\bmonth[- ]on[- ]month\b|\bm/m\b|\bfrom the previous month\b"
            r"|\bthan the previous month\b"
        ),
        "mom",
    ),
)
_EN_STOP = {
    "were",
    "was",
    "is",
    "are",
    "have",
    "has",
    "had",
    "been",
    "be",
    "in",
    "on",
    "at",
    "to",
    "for",
    "of",
    "and",
    "or",
    "since",
    "this",
    "that",
    "which",
    "with",
    "from",
    "by",
    "during",
    "over",
    "under",
    "than",
    "compared",
    "so",
    "as",
    "per",
    "a",
    "an",
    "the",
    "last",
    "year",
    "while",
    "but",
    "who",
    "when",
    "where",
    "after",
    "before",
}


def _normalize(text: str) -> str:
    """NFKC (full-width digits, ％ and punctuation → ASCII) with straight quotes removed later."""
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def detect_language(text: str) -> str:
    """'zh' when the text has any CJK character, else 'en'."""
    return "zh" if re.search(r"[\u3400-\u4dbf\u4e00-\u9fff]", text) else "en"


# --------------------------------------------------------------------------- parsing


@dataclass
class _Tok:
    """A number as matched, before it is classified."""

    start: int
    end: int
    number: float  # number × magnitude, before unit scaling (22 for 22%)
    literal: str
    magnitude: float
    unit: str | None
    bound: str
    bound_word: str | None
    words: str


def _fig(**kw: Any) -> dict[str, Any]:
    """A figure under construction (a dict of ParsedClaim fields plus start/end)."""
    base: dict[str, Any] = {
        "kind": "unknown",
        "value": None,
        "direction": None,
        "bound": "exact",
        "precision": None,
        "readings": (),
        "reading_labels": (),
        "basis": None,
        "before": None,
        "before_bound": None,
        "before_period": None,
        "after": None,
        "after_bound": None,
        "unit": None,
        "numerator": None,
        "denominator": None,
        "subject": None,
        "period": None,
        "source": None,
        "notes": [],
        "undetermined": [],
        "start": 0,
        "end": 0,
    }
    base.update(kw)
    return base


def _zh_token(m: re.Match[str], offset: int = 0) -> _Tok | None:
    """A Chinese-text number token; None when it is not a figure (bare Chinese numeral)."""
    num, lit = _number_literal(m.group("num"))
    mag = _MAGNITUDE.get(m.group("mag") or "", 1.0)
    unit = m.group("unit")
    if m.group("pre"):
        unit = "%"
    bound, word = "exact", None
    for g in ("b1", "b2", "b3", "b4"):
        if w := m.group(g):
            bound, word = _ZH_BOUND_SUF[w], w
    if not m.group("num")[0].isdigit() and unit is None and word is None:
        return None
    return _Tok(
        m.start() + offset, m.end() + offset, num * mag, lit, mag, unit, bound, word, m.group(0)
    )


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


def _en_token(m: re.Match[str], offset: int = 0) -> _Tok:
    """An English-text number token."""
    num, lit = _number_literal(m.group("num"))
    mag = _MAGNITUDE.get((m.group("mag") or "").lower(), 1.0)
    unit = _en_unit_name(m.group("unit"))
    if m.group("cur"):
        unit = "yuan" if "$" not in m.group("cur") else "dollars"
    bound, word = "exact", None
    if m.group("plus") or m.group("plus2"):
        bound, word = "at_least", (m.group("plus") or m.group("plus2"))
    return _Tok(
        m.start() + offset, m.end() + offset, num * mag, lit, mag, unit, bound, word, m.group(0)
    )


def _precision(tok: _Tok, bound: str, scale: float = 1.0) -> float:
    """One unit of the last stated digit, scaled to canonical units."""
    return _literal_step(tok.literal, bound != "exact") * tok.magnitude * scale


def _spans_overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _clauses(norm: str, lang: str) -> list[tuple[int, int]]:
    """Clause spans: split at , ; 。 ! ? : (not inside numbers like 3,800 or 1.2)."""
    pat = r"[;。!?:]|,(?!\d{3}(?!\d))|\.(?!\d)|\.\.\." if lang == "en" else r"[,;。!?:]|\.{3}"
    out, start = [], 0
    for m in re.finditer(pat, norm):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return out or [(0, len(norm))]


def _sentences(norm: str) -> list[tuple[int, int]]:
    """Sentence spans; an ellipsis ('…' elides words of one claim) does not end a sentence."""
    out, start = [], 0
    for m in re.finditer(r"[;。!?]|(?<![.\d])\.(?![.\d])(?=\s|$)", norm):
        out.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return out or [(0, len(norm))]


def _span_of(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return spans[-1]


def _strip_quotes(s: str) -> str:
    return re.sub(r"[\"'“”‘’「」『』《》]", "", s)


def _zh_subject_prefix(prefix: str, periods: list[tuple[int, int, str]], base: int) -> str:
    """The noun phrase before a number: after the last verb, after the last 的, lead words off."""
    text = prefix
    for s, e, _ in periods:  # blank out period phrases, keeping positions
        if base <= s < base + len(text):
            a, b = s - base, min(e - base, len(text))
            text = text[:a] + " " * (b - a) + text[b:]
    text = _strip_quotes(text)
    cut = None
    for m in _ZH_CUT.finditer(text):
        cut = m.end()
    if cut is not None:
        text = text[cut:]
    if "的" in text:
        text = text[text.rfind("的") + 1 :]
    text = text.replace(" ", "")
    changed = True
    while changed and text:
        changed = False
        for w in _ZH_LEAD:
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
    m = _ZH_SUFFIX_STOP.search(text, 1)  # a noun may start with 在/不 (在职党员)
    if m:
        text = text[: m.start()]
    text = _strip_quotes(text).strip("、 ")
    return text if len(text) >= 2 else ""


def _zh_change_context(prefix: str) -> tuple[str | None, str, bool, bool]:
    """(direction, prefix without the change words, 'to'-form, bound prefix): the change
    words at the end of the text before a percentage or multiple."""
    p = prefix
    bound = None
    m = re.search(rf"(?:{_ZH_BOUND_PRE_RE})$", p)
    if m:
        bound = _ZH_BOUND_PRE[m.group(0)]
        p = p[: m.start()]
    to_form = False
    m = re.search(r"(?:至|到|为|成为)了?$", p)
    if m:
        to_form = True
        p = p[: m.start()]
    direction = None
    m = re.search(rf"(?:{_ZH_VERB})了?$", p)
    if m:
        word = re.sub("了$", "", m.group(0))
        direction = "increase" if re.fullmatch(_ZH_INC, word) else "decrease"
        p = p[: m.start()]
    else:
        m = re.search(r"(?:降幅|下降幅度|减幅|降低幅度)(?:为|达|达到|是)?$", p)
        m2 = re.search(r"(?:增幅|增长幅度|增长率|增速|涨幅)(?:为|达|达到|是)?$", p)
        if m or m2:
            direction = "decrease" if m else "increase"
            p = p[: (m or m2).start()]  # type: ignore[union-attr]
    p = re.sub(
        r"(?:同比|环比|比去年同期|较去年同期|比上年同期|较上年同期|比去年|较去年|比上月"
        r"|较上月)$",
        "",
        p,
    )
    return direction, p, to_form, bound is not None


def _zh_basis(text: str) -> str | None:
    for pat, basis in _ZH_BASIS:
        if pat.search(text):
            return basis
    return None


def _en_basis(text: str) -> str | None:
    for pat, basis in _EN_BASIS:
        if pat.search(text):
            return basis
    return None


def _zh_prefix_bound(prefix: str) -> tuple[str, str | None]:
    m = re.search(rf"(?:{_ZH_BOUND_PRE_RE})$", prefix)
    if m and _ZH_BOUND_PRE[m.group(0)] != "exact":
        return _ZH_BOUND_PRE[m.group(0)], m.group(0)
    return "exact", None


def _en_prefix_bound(prefix: str) -> tuple[str, str | None, str]:
    m = re.search(rf"(?i)(?:^|(?<=\W))({_EN_BOUND_PRE_RE})\s*$", prefix)
    if m:
        return _EN_BOUND_PRE[m.group(1).lower()], m.group(1), prefix[: m.start(1)]
    return "exact", None, prefix


def _merge_bound(tok: _Tok, prefix_bound: str, prefix_word: str | None) -> tuple[str, str | None]:
    if tok.bound != "exact":
        return tok.bound, tok.bound_word
    return prefix_bound, prefix_word


def _bound_note(bound: str, word: str | None) -> list[str]:
    if bound == "exact" or not word:
        return []
    what = {"at_least": "at least", "at_most": "at most (just below)", "approx": "approximately"}[
        bound
    ]
    return [f"'{word}' read as {what} the stated value"]


def _parse_zh(norm: str) -> list[dict[str, Any]]:
    """Every figure of a Chinese text, in order."""
    periods = [(m.start(), m.end(), m.group(0)) for m in _ZH_PERIOD.finditer(norm)]
    consumed: list[tuple[int, int]] = []
    figs: list[dict[str, Any]] = []
    used_periods: set[int] = set()

    # before → after pairs: 由4月份的3800人提升至1.2万余人
    pair = re.compile(
        rf"(?:由|从)(?:(?P<bp>[^,;。由从]{{1,12}}?)的)?(?P<b>{_ZH_TOK})"
        rf"(?P<verb>{_ZH_VERB})?了?(?:至|到|为)(?P<bnd>{_ZH_BOUND_PRE_RE})?"
        rf"(?P<a>{_ZH_TOK})"
    )
    for m in pair.finditer(norm):
        tb = _zh_token(_ZH_TOKEN.fullmatch(m.group("b")), m.start("b"))  # type: ignore[arg-type]
        ta = _zh_token(_ZH_TOKEN.fullmatch(m.group("a")), m.start("a"))  # type: ignore[arg-type]
        if tb is None or ta is None:
            continue
        scale = 0.01 if ta.unit == "%" else 0.1 if ta.unit == "成" else 1.0
        pre_b = _ZH_BOUND_PRE.get(m.group("bnd") or "", "exact")
        a_bound, a_word = _merge_bound(ta, pre_b, m.group("bnd"))
        before, after = tb.number * scale, ta.number * scale
        verb = m.group("verb")
        if verb:
            direction = "increase" if re.fullmatch(_ZH_INC, verb) else "decrease"
        else:
            direction = "increase" if after > before else "decrease" if after < before else None
        bp = m.group("bp")
        if bp:
            for i, (s, _e, _t) in enumerate(periods):
                if m.start("bp") <= s < m.end("bp"):
                    used_periods.add(i)
        unit = ta.unit or tb.unit
        kind_unit = "%" if unit in ("%", "成") else unit
        figs.append(
            _fig(
                kind="before_after",
                value=after,
                direction=direction,
                bound=a_bound,
                precision=_precision(ta, a_bound, scale),
                readings=(after,),
                reading_labels=("as stated",),
                basis="before_after",
                before=before,
                before_bound=tb.bound,
                before_period=bp,
                after=after,
                after_bound=a_bound,
                unit=_unit_name(kind_unit),
                source=m.group(0),
                notes=_bound_note(a_bound, a_word),
                start=m.start(),
                end=m.end(),
                _subject_text=norm[_span_of(m.start(), _clauses(norm, "zh"))[0] : m.start()],
                _subject_base=_span_of(m.start(), _clauses(norm, "zh"))[0],
            )
        )
        consumed.append((m.start(), m.end()))

    # runs of zero: 连续两个月实现"民转刑"案件零发生
    run = re.compile(
        r"连续(?P<n>\d+|[一二两三四五六七八九十]+)(?:个)?"
        r"(?P<u>月|年|周|星期|天|日|季度)"
        r"(?P<mid>[^,;。]{0,24}?)(?:零|未发生|没有发生)(?P<tail>发生|发案|事故|案件|"
        r"输入|上岸|伤亡|死亡)?"
    )
    units = {
        "月": "months",
        "年": "years",
        "周": "weeks",
        "星期": "weeks",
        "天": "days",
        "日": "days",
        "季度": "quarters",
    }
    for m in run.finditer(norm):
        n, _ = _number_literal(m.group("n"))
        subj = _strip_quotes(re.sub(r"^(?:实现|保持|做到|均|都|了)+", "", m.group("mid")))
        if not subj:  # 连续3个月未发生命案: what did not happen follows
            subj = re.match(r"[^,;。!?]{0,10}", norm[m.end() :]).group(0)  # type: ignore[union-attr]
        figs.append(
            _fig(
                kind="zero_run",
                value=n,
                precision=1.0,
                readings=(n,),
                reading_labels=("as stated",),
                unit=units[m.group("u")],
                subject=subj or None,
                source=m.group(0),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))

    # doubling words: 翻了一番 (2×), 翻两番 (4×), 减半 (0.5×)
    clauses = _clauses(norm, "zh")
    for m in re.finditer(r"翻了?(?P<n>[一两二三四\d])?番", norm):
        n = _number_literal(m.group("n"))[0] if m.group("n") else 1.0
        v = 2.0**n
        figs.append(
            _fig(
                kind="multiple",
                value=v,
                direction="increase",
                precision=1.0,
                readings=(v,),
                reading_labels=(f"{_fmt_mult(v)} ({int(n)} doubling{'s' if n > 1 else ''})",),
                notes=[f"'{m.group(0)}' means {int(n)} doubling(s): {_fmt_mult(v)}"],
                unit="×",
                source=m.group(0),
                start=m.start(),
                end=m.end(),
                basis=_zh_basis(norm[_span_of(m.start(), clauses)[0] : m.start()]),
                **_zh_subject_source(norm, m.start(), clauses),
            )
        )
        consumed.append((m.start(), m.end()))
    for m in re.finditer(r"减半|(?:减少|下降|降低)了?一半|少了一半", norm):
        figs.append(
            _fig(
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
                basis=_zh_basis(norm[_span_of(m.start(), clauses)[0] : m.start()]),
                **_zh_subject_source(norm, m.start(), clauses),
            )
        )
        consumed.append((m.start(), m.end()))

    clauses = _clauses(norm, "zh")
    for m in _ZH_TOKEN.finditer(norm):
        if _spans_overlap((m.start(), m.end()), consumed):
            continue
        tok = _zh_token(m)
        if tok is None:
            continue
        if _spans_overlap((tok.start, tok.end), [(s, e) for s, e, _ in periods]):
            continue
        if tok.unit is None and tok.bound == "exact":
            continue  # a bare number: an id, a date part, "3+N" …
        if tok.start > 0 and norm[tok.start - 1] == "第":
            continue  # an ordinal
        if tok.unit == "月":
            continue  # a calendar month
        if (
            tok.literal == "1"
            and m.group("num") == "一"
            and tok.unit in _ZH_COUNT_UNITS
            and tok.bound == "exact"
        ):
            continue  # 一个 / 一名 / 一起: the indefinite article or "together", not a count
        cs, _ce = _span_of(tok.start, clauses)
        prefix = norm[cs : tok.start]
        after_text = norm[tok.end : _ce]
        fig = _zh_classify(tok, prefix, after_text, norm[cs:_ce], periods, cs)
        if fig is not None:
            figs.append(fig)
    figs.sort(key=lambda f: f["start"])
    _assign_periods(figs, periods, used_periods, norm, "zh")
    return figs


def _zh_subject_source(norm: str, start: int, clauses: list[tuple[int, int]]) -> dict[str, Any]:
    """The clause words before a figure, for the subject (change words stripped)."""
    cs, _ = _span_of(start, clauses)
    _, rest, _, _ = _zh_change_context(norm[cs:start])
    return {"_subject_text": rest, "_subject_base": cs}


def _unit_name(unit: str | None) -> str | None:
    return {"%": "%", "元": "yuan"}.get(unit or "", unit)


def _zh_classify(
    tok: _Tok,
    prefix: str,
    after: str,
    clause: str,
    periods: list[tuple[int, int, str]],
    clause_start: int,
) -> dict[str, Any] | None:
    """Classify a Chinese-text token by its unit and the words before it."""
    unit = tok.unit
    pb, pw = _zh_prefix_bound(prefix)
    bound, bword = _merge_bound(tok, pb, pw)
    notes = _bound_note(bound, bword)
    common = {
        "start": tok.start,
        "end": tok.end,
        "source": tok.words,
        "notes": notes,
        "bound": bound,
        "_subject_base": clause_start,
    }
    if unit in ("%", "成", "个百分点", "百分点"):
        scale = 0.1 if unit == "成" else 0.01
        direction, rest, to_form, _ = _zh_change_context(prefix)
        value = tok.number * scale
        prec = _precision(tok, bound, scale)
        basis = _zh_basis(clause[: tok.start - clause_start])
        if unit in ("个百分点", "百分点"):
            v = -value if direction == "decrease" else value
            return _fig(
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
            return _fig(
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
        fig = _fig(
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
    if unit == "倍":
        direction, rest, to_form, _ = _zh_change_context(prefix)
        common["basis"] = _zh_basis(clause[: tok.start - clause_start])
        n = tok.number
        prec = _precision(tok, bound)
        if re.search(r"(?:是|为)[^,;。]*的$", prefix) or (to_form and direction != "decrease"):
            rest = re.sub(r"(?:是|为)[^,;。]*的$", "", rest)
            return _fig(
                kind="multiple",
                value=n,
                direction=direction or "increase",
                precision=prec,
                readings=(n,),
                reading_labels=(f"to {_fmt_mult(n)}",),
                unit="×",
                _subject_text=rest,
                **common,
            )
        if direction == "decrease":
            return _fig(
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
            return _fig(
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
                f"'{_verb_at_end(prefix)}{words}' is ambiguous: 'to {_fmt_mult(n)}' "
                f"({_fmt_mult(n)}, loose usage) or 'by {_fmt_mult(n)}' "
                f"(= {_fmt_mult(n + 1)}, the literal reading and Chinese statistical "
                f"convention, where 增长了N倍 is N + 1 times the base)"
            )
            return _fig(
                kind="multiple",
                value=n,
                direction="increase",
                precision=prec,
                readings=(n, n + 1),
                reading_labels=(f"to {_fmt_mult(n)}", f"by {_fmt_mult(n)} (= {_fmt_mult(n + 1)})"),
                unit="×",
                _subject_text=rest,
                **{**common, "notes": [*notes, note]},
                undetermined=[
                    "which multiple is meant: "
                    f"to {_fmt_mult(n)} or by {_fmt_mult(n)} "
                    f"(= {_fmt_mult(n + 1)})"
                ],
            )
        return _fig(
            kind="multiple",
            value=n,
            direction="increase",
            precision=prec,
            readings=(n,),
            reading_labels=(f"to {_fmt_mult(n)}",),
            unit="×",
            _subject_text=rest,
            **common,
        )
    # counts and amounts
    kind = "amount" if unit in ("元", "平方米", "平方公里", "公里", "公顷", "亩", "吨") else "count"
    value = tok.number
    subj = ""
    if unit in _ZH_CLASSIFIERS:
        subj = _zh_subject_suffix(after)
    prefix_nb = prefix[: len(prefix) - len(pw)] if pw else prefix
    fig = _fig(
        kind=kind,
        value=value,
        precision=_precision(tok, bound),
        readings=(value,),
        reading_labels=("as stated",),
        unit=_unit_name(unit),
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


def _verb_at_end(prefix: str) -> str:
    m = re.search(rf"(?:{_ZH_VERB})了?$", prefix)
    return m.group(0) if m else ""


def _assign_periods(
    figs: list[dict[str, Any]],
    periods: list[tuple[int, int, str]],
    used: set[int],
    norm: str,
    lang: str,
) -> None:
    """Each figure's period: the nearest period phrase before it in the same sentence, else
    the nearest after it (in the same clause for Chinese, the same sentence for English)."""
    sentences = _sentences(norm)
    clauses = _clauses(norm, lang)
    for f in figs:
        if f.get("period") is not None:
            continue
        ss, se = _span_of(f["start"], sentences)
        if lang == "zh":
            _, se = _span_of(f["start"], clauses)
        before = [
            (s, t) for i, (s, _e, t) in enumerate(periods) if i not in used and ss <= s < f["end"]
        ]
        after = [
            (s, t) for i, (s, _e, t) in enumerate(periods) if i not in used and f["end"] <= s < se
        ]
        if before:
            f["period"] = max(before)[1]
        elif after:
            f["period"] = min(after)[1]


# --------------------------------------------------------------------------- English


def _en_change_before(prefix: str) -> tuple[str | None, str, bool]:
    """(direction, words before the change verb, 'to'-form) from the words before a number."""
    m = re.search(rf"(?i)\b(?P<v>{_EN_INC}|{_EN_DEC})(?P<to>\s+to)?(?:\s+by)?\s*$", prefix)
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
    direction = "increase" if re.fullmatch(_EN_INC, v) else "decrease"
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
    direction = "increase" if re.fullmatch(_EN_INC, v) else "decrease"
    return direction, after[m.end() :]


def _en_np(words_text: str, max_words: int = 5) -> str:
    """The noun phrase at the start of a text, up to a stop word or a participle."""
    out = []
    for i, w in enumerate(re.findall(r"[A-Za-z][\w'’\-–]*|\S", words_text)):
        if not re.match(r"[A-Za-z]", w) or w.lower() in _EN_STOP:
            break
        if i > 0 and (w.lower().endswith("ed") or w.lower() in _EN_PARTICIPLES):
            break
        out.append(w)
        if len(out) >= max_words:
            break
    return " ".join(out)


def _en_np_before(prefix: str) -> str:
    """The noun phrase just before a verb: the last words of the prefix, auxiliaries dropped."""
    text = _EN_PERIOD.sub(" ", prefix)
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


def _parse_en(norm: str) -> list[dict[str, Any]]:
    """Every figure of an English text, in order."""
    periods = [(m.start(), m.end(), m.group(0)) for m in _EN_PERIOD.finditer(norm)]
    consumed: list[tuple[int, int]] = []
    figs: list[dict[str, Any]] = []
    used_periods: set[int] = set()
    pspans = [(s, e) for s, e, _ in periods]

    pair = re.compile(
        rf"(?i)\bfrom\s+(?:(?P<bb>{_EN_BOUND_PRE_RE})\s+)?(?P<b>{_EN_TOK})"
        rf"(?P<bp>\s+(?:in|at the end of|as of)\s+(?:(?-i:{_EN_MONTHS})(?:\s+\d{{4}})?|\d{{4}}"
        rf"|last year))?\s+to\s+(?:(?P<ab>{_EN_BOUND_PRE_RE})\s+)?(?P<a>{_EN_TOK})"
    )
    for m in pair.finditer(norm):
        tb = _en_token(_EN_TOKEN.fullmatch(m.group("b")), m.start("b"))  # type: ignore[arg-type]
        ta = _en_token(_EN_TOKEN.fullmatch(m.group("a")), m.start("a"))  # type: ignore[arg-type]
        scale = 0.01 if ta.unit == "%" else 1.0
        ab = _EN_BOUND_PRE.get((m.group("ab") or "").lower(), "exact")
        a_bound, a_word = _merge_bound(ta, ab, m.group("ab"))
        b_bound, _ = _merge_bound(
            tb, _EN_BOUND_PRE.get((m.group("bb") or "").lower(), "exact"), m.group("bb")
        )
        before, after = tb.number * scale, ta.number * scale
        direction = "increase" if after > before else "decrease" if after < before else None
        bp = None
        if m.group("bp"):
            bp = re.sub(r"(?i)^\s*(?:in|at the end of|as of)\s+", "", m.group("bp"))
            for i, (s, _e, _t) in enumerate(periods):
                if m.start("bp") <= s < m.end("bp") + 1:
                    used_periods.add(i)
        cs, _ce = _span_of(m.start(), _clauses(norm, "en"))
        pre = norm[cs : m.start()]
        verb = re.search(rf"(?i)\b(?:{_EN_INC}|{_EN_DEC})\s*$", pre)
        subj = _en_np_before(pre[: verb.start()] if verb else pre)
        unit = ta.unit or tb.unit
        if unit is None:
            unit = _en_np(norm[m.end() :]).split(" ")[-1] or None
        figs.append(
            _fig(
                kind="before_after",
                value=after,
                direction=direction,
                bound=a_bound,
                precision=_precision(ta, a_bound, scale),
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
                notes=_bound_note(a_bound, a_word),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))

    run_units = r"(?P<u>months?|years?|weeks?|days?|quarters?)"
    run_pats = [
        rf"(?i)\b(?:no|zero|not a single|not one)\s+(?P<np>[\w\-–' ]{{1,40}}?)\s+"
        rf"(?:(?:were|was|have been|has been)\s+\w+\s+|occurred\s+|reported\s+)?"
        rf"(?:for|in|over)\s+(?P<n>{_EN_NUM})\s+(?:consecutive|straight|successive)\s+"
        rf"{run_units}",
        rf"(?i)\b(?P<n>{_EN_NUM})\s+(?:consecutive|straight|successive)\s+{run_units}\s+"
        rf"(?:with(?:out)?|of)\s+(?:no\s+|zero\s+|any\s+)?(?P<np>[\w\-–' ]{{1,40}}?)"
        rf"(?=[,.;]|$|\s+(?:in|at|since|during)\b)",
        rf"(?i)\b(?:no|zero)\s+(?P<np>[\w\-–' ]{{1,40}}?)\s+(?:for\s+)?(?P<n>{_EN_NUM})\s+"
        rf"{run_units}\s+in a row",
        rf"(?i)\b(?P<n>{_EN_NUM})\s+{run_units}\s+in a row\s+with(?:out)?\s+(?:no\s+|zero\s+"
        rf"|any\s+)?(?P<np>[\w\-–' ]{{1,40}}?)(?=[,.;]|$)",
    ]
    for pat in run_pats:
        for m in re.finditer(pat, norm):
            if _spans_overlap((m.start(), m.end()), consumed):
                continue
            n, _ = _number_literal(m.group("n"))
            u = m.group("u").lower()
            u = u if u.endswith("s") else u + "s"
            np_ = re.sub(
                r"(?i)^(?:a single|not a single|any|an?|the)\s+", "", m.group("np").strip()
            )
            figs.append(
                _fig(
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
        cs, _ce = _span_of(m.start(), _clauses(norm, "en"))
        pre = norm[cs : m.start()]
        subj = _en_np_before(pre)
        if not subj:
            mm = re.match(r"(?i)\s*(?:of|in)\s+(.*)", norm[m.end() : _ce])
            subj = _en_np(mm.group(1)) if mm else ""
        figs.append(
            _fig(
                kind="multiple",
                value=v,
                direction="decrease" if v < 1 else "increase",
                precision=0.1 if v < 1 else 1.0,
                readings=(v,),
                reading_labels=(f"{w} ({_fmt_mult(v)})",),
                unit="×",
                subject=subj or None,
                source=m.group(0),
                start=m.start(),
                end=m.end(),
            )
        )
        consumed.append((m.start(), m.end()))

    clauses = _clauses(norm, "en")
    for m in _EN_TOKEN.finditer(norm):
        if not m.group("num") or _spans_overlap((m.start(), m.end()), consumed):
            continue
        tok = _en_token(m)
        if _spans_overlap((tok.start, tok.end), pspans):
            continue
        if tok.unit is None and re.fullmatch(r"(?:19|20)\d{2}", tok.literal):
            continue  # a year
        if re.search(rf"(?:{_EN_MONTHS})\s*$", norm[max(0, tok.start - 12) : tok.start]):
            continue  # a day of a month
        cs, ce = _span_of(tok.start, clauses)
        fig = _en_classify(tok, norm[cs : tok.start], norm[tok.end : ce], norm[cs:ce])
        if fig is not None:
            figs.append(fig)
    figs.sort(key=lambda f: f["start"])
    _link_en_of_pairs(figs, norm)
    _assign_periods(figs, periods, used_periods, norm, "en")
    return figs


def _en_classify(tok: _Tok, prefix: str, after: str, clause: str) -> dict[str, Any] | None:
    """Classify an English-text token by its unit and the words around it."""
    pb, pw, prefix_nb = _en_prefix_bound(prefix)
    bound, bword = _merge_bound(tok, pb, pw)
    if tok.unit is None and not re.search(r"\d", tok.words):
        return None  # a bare number word ("one of the …"): not a figure
    notes = _bound_note(bound, bword)
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
        value = tok.number * 0.01
        prec = _precision(tok, bound, 0.01)
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
            return _fig(
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
            return _fig(
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
        return _fig(
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
    if unit in ("fold", "times"):
        n = tok.number
        prec = _precision(tok, "exact")
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
            return _fig(
                kind="multiple",
                value=n,
                direction=direction,
                precision=prec,
                readings=(n,),
                reading_labels=(f"{_fmt_mult(n)} ({tok.words.strip()})",),
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
                f"'{phrase.strip()}' is ambiguous: 'to {_fmt_mult(n)}' ({_fmt_mult(n)}) or "
                f"'by {_fmt_mult(n)}' (= {_fmt_mult(n + 1)})"
                + (
                    f"; it can also mean 'on {tok.words.split()[0]} occasions'"
                    if d_before and not amb_after
                    else ""
                )
            )
            return _fig(
                kind="multiple",
                value=n,
                direction=d_before or "increase",
                precision=prec,
                readings=(n, n + 1),
                reading_labels=(f"to {_fmt_mult(n)}", f"by {_fmt_mult(n)} (= {_fmt_mult(n + 1)})"),
                unit="×",
                subject=subj or None,
                undetermined=[
                    f"which multiple is meant: to {_fmt_mult(n)} or by "
                    f"{_fmt_mult(n)} (= {_fmt_mult(n + 1)})"
                ],
                **{**common, "notes": [*notes, note]},
            )
        if to_form or to_after or (tok.unit == "times" and tok.words.strip().endswith("×")):
            subj = _en_np_before(rest if to_form else prefix_nb)
            return _fig(
                kind="multiple",
                value=n,
                direction=d_before or "increase",
                precision=prec,
                readings=(n,),
                reading_labels=(f"to {_fmt_mult(n)}",),
                unit="×",
                subject=subj or None,
                **common,
            )
        # "55 times": how often something was done
        subj = _en_np_before(re.sub(r"(?i)\b(?:was|were)\s+\w+\s*$", "", prefix_nb))
        return _fig(
            kind="count",
            value=n,
            precision=_precision(tok, bound),
            readings=(n,),
            reading_labels=("as stated",),
            unit="times",
            subject=subj or None,
            **common,
        )
    if unit in ("yuan", "dollars", "m²"):
        mm = re.match(r"(?i)\s*(?:in|of|worth of)\s+(.*)", after)
        subj = _en_np(mm.group(1)) if mm else _en_np_before(prefix_nb)
        return _fig(
            kind="amount",
            value=tok.number,
            precision=_precision(tok, bound),
            readings=(tok.number,),
            reading_labels=("as stated",),
            unit=unit,
            subject=subj or None,
            **common,
        )
    np_ = _en_np(after)
    return _fig(
        kind="count",
        value=tok.number,
        precision=_precision(tok, bound),
        readings=(tok.number,),
        reading_labels=("as stated",),
        unit=np_.split(" ")[-1] if np_ else None,
        subject=np_ or None,
        **common,
    )


def _en_last_verb(prefix: str) -> str:
    m = re.search(rf"(?i)\b({_EN_INC}|{_EN_DEC})(?:\s+by)?\s*$", prefix)
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


# --------------------------------------------------------------------------- linking


def _link(figs: list[dict[str, Any]], norm: str, lang: str) -> None:
    """Sentence-level links: subjects, a share's numerator/denominator, a multiple's levels."""
    sentences = _sentences(norm)
    clauses = _clauses(norm, lang)
    periods = [
        (m.start(), m.end(), m.group(0))
        for m in (_ZH_PERIOD if lang == "zh" else _EN_PERIOD).finditer(norm)
    ]
    for i, f in enumerate(figs):
        ss, _ = _span_of(f["start"], sentences)
        same = [g for g in figs[:i] if g["start"] >= ss]
        cs, _ = _span_of(f["start"], clauses)
        # Chinese subject from the words before the figure (after any earlier figure)
        if lang == "zh" and not f["subject"] and f.get("_subject_text") is not None:
            base = f.get("_subject_base", cs)
            prev_end = max([g["end"] for g in same if g["end"] <= f["start"]] + [base])
            cut = max(prev_end - base, 0)
            text = f["_subject_text"][cut:]
            f["subject"] = _zh_subject_prefix(text, periods, base + cut) or None
        # inherit the subject of the figure just before (8起7人; 77起 … 提前化解75起;
        # "Of 77 disputes found, 75 were resolved")
        if not f["subject"] and same and f["kind"] in ("count", "amount"):
            prev = same[-1]
            gap = norm[prev["end"] : f["start"]]
            if prev["kind"] in ("count", "amount") and (
                gap.strip() == ""
                or prev["unit"] == f["unit"]
                or (lang == "en" and f["unit"] is None)
            ):
                f["subject"] = prev["subject"]
                f["unit"] = f["unit"] or prev["unit"]
        if f["kind"] == "share" and not f.get("_own_base"):
            _link_share(f, same)
        # a multiple or change after a before → after pair: its levels
        if f["kind"] in ("multiple", "percent_change") and f["before"] is None:
            pair_fig = next((g for g in reversed(same) if g["kind"] == "before_after"), None)
            if pair_fig is not None:
                for k in ("before", "before_bound", "before_period", "after", "after_bound"):
                    f[k] = pair_fig[k]
                f["notes"] = [
                    *f["notes"],
                    f"levels {_fmt_num(pair_fig['before'])} → "
                    f"{_fmt_num(pair_fig['after'])} taken from the "
                    "pair stated before",
                ]
                if not f["subject"]:
                    f["subject"] = pair_fig["subject"]


def _link_share(f: dict[str, Any], same: list[dict[str, Any]]) -> None:
    """A share after counts: the nearest count is the numerator, the nearest larger one
    before it the denominator ('77起, 提前化解75起, 化解率达到97%'); '75 of 77' is explicit."""
    pair = next((g["_of_pair"] for g in reversed(same) if g.get("_of_pair")), None)
    counts = [
        g
        for g in same
        if g["kind"] == "count" and g["bound"] == "exact" and g["unit"] not in _DURATION_UNITS
    ]
    if pair:
        f["numerator"], f["denominator"] = pair
        f["notes"] = [
            *f["notes"],
            f"numerator {_fmt_num(pair[0])} and denominator "
            f"{_fmt_num(pair[1])} as stated ('… of …')",
        ]
        num_subject = next((g["subject"] for g in reversed(same) if g.get("_of_pair")), None)
    elif counts:
        num = counts[-1]
        den = next((g for g in reversed(counts[:-1]) if g["value"] >= num["value"]), None)
        f["numerator"] = num["value"]
        num_subject = num["subject"]
        if den is not None:
            f["denominator"] = den["value"]
            f["notes"] = [
                *f["notes"],
                f"numerator {_fmt_num(num['value'])} and denominator "
                f"{_fmt_num(den['value'])} taken from the figures "
                "stated before the share",
            ]
        else:
            f["notes"] = [
                *f["notes"],
                f"numerator {_fmt_num(num['value'])} taken from the figure stated before the share",
            ]
    else:
        return
    if not f["subject"]:
        f["subject"] = num_subject


def _undetermined(f: dict[str, Any]) -> list[str]:
    """What the text leaves open, per kind."""
    out = list(f["undetermined"])
    k = f["kind"]
    if k in ("percent_change", "percentage_point_change") and not f["basis"]:
        out.append("comparison basis not stated")
    if k == "multiple" and f["before"] is None:
        out.append("levels before and after not stated")
    if k == "share":
        if f["numerator"] is None:
            out.append("numerator not stated")
        if f["denominator"] is None:
            out.append("denominator not stated")
    if k == "before_after":
        if not f["before_period"]:
            out.append("before period not stated")
        out.append("after period not stated" if not f["period"] else "")
    elif not f["period"]:
        out.append("period not stated")
    if not f["subject"]:
        out.append("subject not recognised")
    return [x for x in out if x]


def _to_claim(f: dict[str, Any], text: str, lang: str) -> ParsedClaim:
    names = {fl.name for fl in fields(ParsedClaim)}
    kw = {k: v for k, v in f.items() if k in names}
    kw["notes"] = tuple(dict.fromkeys(f["notes"]))
    kw["undetermined"] = tuple(dict.fromkeys(_undetermined(f)))
    kw["readings"] = tuple(float(x) for x in f["readings"])
    kw["reading_labels"] = tuple(f["reading_labels"])
    for k in ("value", "before", "after", "numerator", "denominator", "precision"):
        if kw.get(k) is not None:
            kw[k] = _clean(float(kw[k]))
    kw["readings"] = tuple(_clean(x) for x in kw["readings"])
    if kw.get("subject"):
        kw["subject"] = kw["subject"].strip() or None
    return ParsedClaim(text=text, language=lang, **kw)


def _clean(x: float) -> float:
    """Round away binary noise (0.22 * 100 …) so values compare as written."""
    return float(f"{x:.12g}")


def _headline_index(figs: list[ParsedClaim]) -> int:
    order = {
        "share": 0,
        "multiple": 1,
        "percent_change": 2,
        "percentage_point_change": 3,
        "zero_run": 4,
        "before_after": 5,
    }
    best = min(
        range(len(figs)),
        key=lambda i: (order.get(figs[i].kind, 6 if figs[i].unit not in _DURATION_UNITS else 7), i),
    )
    return best


def parse_claims(text: str, *, language: str | None = None) -> list[ParsedClaim]:
    """Every figure of a claim text, in order; ``[unknown]`` when there is none."""
    return list(parse_claim(text, language=language).figures) or [
        parse_claim(text, language=language)
    ]


def parse_claim(text: str, *, language: str | None = None) -> ParsedClaim:
    """The headline figure of a claim, with every figure of the text in ``figures``.

    Never raises: text without a readable figure gives ``kind="unknown"`` and a reason.
    """
    if not isinstance(text, str):
        return ParsedClaim(
            text=str(text),
            language=language or "en",
            kind="unknown",
            reason=f"not text ({type(text).__name__})",
            undetermined=("everything: the claim is not text",),
        )
    lang = language or detect_language(text)
    if not text.strip():
        return ParsedClaim(
            text=text,
            language=lang,
            kind="unknown",
            reason="empty text",
            undetermined=("everything: the claim is empty",),
        )
    norm = _normalize(text)
    try:
        raw = _parse_zh(norm) if lang == "zh" else _parse_en(norm)
        _link(raw, norm, lang)
        figs = [_to_claim(f, _clause_text(norm, f, lang), lang) for f in raw]
    except Exception as exc:  # the contract: never raise on text
        return ParsedClaim(
            text=text,
            language=lang,
            kind="unknown",
            reason=f"parser error ({type(exc).__name__}: {exc})",
            undetermined=("everything: the parser failed on this text",),
        )
    if not figs:
        return ParsedClaim(
            text=text,
            language=lang,
            kind="unknown",
            reason="no figure found (no number with a unit, percentage, multiple or run)",
            undetermined=("everything: no figure found",),
        )
    head = figs[_headline_index(figs)]
    return replace(head, text=text, figures=tuple(figs))


def _clause_text(norm: str, f: dict[str, Any], lang: str) -> str:
    clauses = _clauses(norm, lang)
    cs, ce = _span_of(f["start"], clauses)
    ce = max(ce, _span_of(max(f["end"] - 1, f["start"]), clauses)[1])
    return norm[cs:ce].strip()


# --------------------------------------------------------------------------- formatting


def _fmt_num(x: float | None) -> str:
    """12000 → '12,000'; 235.5 → '235.5'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if float(x).is_integer():
        return f"{int(x):,}".replace("-", "−")
    return f"{x:,.4f}".rstrip("0").rstrip(".").replace("-", "−")


def _fmt_pct(x: float | None, decimals: int = 1, sign: bool = False) -> str:
    if x is None or math.isnan(x):
        return "–"
    s = f"{x * 100:+.{decimals}f}%" if sign else f"{x * 100:.{decimals}f}%"
    return s.replace("-", "−")


def _fmt_mult(x: float, decimals: int | None = None) -> str:
    if decimals is None:
        return f"{int(x)}×" if float(x).is_integer() else f"{x:g}×"
    return f"{x:.{decimals}f}×"


def _pct_decimals(step: float | None) -> int:
    if not step:
        return 1
    return max(1, -math.floor(math.log10(step * 100 / 2) + 1e-9))


def _fmt_value(x: float | None, kind: str, step: float | None = None, sign: bool = False) -> str:
    """A value in the claim's own terms: 22% / 3× / 12,000."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if kind in ("percent_change", "percentage_point_change"):
        d = _pct_decimals(step) if step else _stated_decimals(x)
        s = _fmt_pct(x, d, sign=True)
        return s.replace("%", " pp") if kind == "percentage_point_change" else s
    if kind == "share":
        return _fmt_pct(x, _pct_decimals(step) if step else _stated_decimals(x))
    if kind == "multiple":
        return _fmt_mult(x) if step is None else _fmt_mult(x, max(1, _decimals(step / 2)))
    return _fmt_num(x)


def _stated_decimals(x: float) -> int:
    s = f"{x * 100:.6f}".rstrip("0").rstrip(".")
    return len(s.split(".")[1]) if "." in s else 0


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9))


# --------------------------------------------------------------------------- judging


def _sign(claim: ParsedClaim) -> int:
    """+1 when 'more' means a bigger claim, −1 for decreases (claims compared on magnitudes)."""
    if claim.kind in ("percent_change", "percentage_point_change"):
        v = claim.value or 0.0
        return -1 if (v < 0 or claim.direction == "decrease") else 1
    if claim.kind in ("multiple", "before_after") and claim.direction == "decrease":
        return -1
    return 1


def _window(stated: float, step: float, bound: str, sign: int) -> tuple[float, float, bool, bool]:
    """The consistent window in natural units: (low, high, low included, high included)."""
    a = stated * sign
    if bound == "at_least":
        lo, hi, li, hi_inc = a, a + step, True, False
    elif bound == "at_most":
        lo, hi, li, hi_inc = a - step / 2, a, True, True
    elif bound == "approx":
        lo, hi, li, hi_inc = a - step / 2, a + step / 2, True, True
    else:
        lo, hi, li, hi_inc = a - step / 2, a + step / 2, True, False
    if sign < 0:
        return -hi, -lo, hi_inc, li
    return lo, hi, li, hi_inc


def _compare(stated: float, step: float, bound: str, sign: int, obs: float) -> str:
    """consistent / overstated / understated for one stated value and one observed value."""
    a, o = stated * sign, obs * sign
    eps = 1e-9 * max(1.0, abs(a), abs(step))
    if bound == "at_least":
        lo, hi, hi_inc = a, a + step, False
    elif bound == "at_most":
        lo, hi, hi_inc = a - step / 2, a, True
    elif bound == "approx":
        lo, hi, hi_inc = a - step / 2, a + step / 2, True
    else:
        lo, hi, hi_inc = a - step / 2, a + step / 2, False
    if o < lo - eps:
        return "overstated"
    if (o > hi + eps) if hi_inc else (o >= hi - eps):
        return "understated"
    return "consistent"


def _window_text(claim_kind: str, stated: float, step: float, bound: str, sign: int) -> str:
    lo, hi, li, hi_inc = _window(stated, step, bound, sign)

    def f(x: float) -> str:
        if claim_kind in ("percent_change", "percentage_point_change", "share"):
            s = _fmt_pct(x, _pct_decimals(step), sign=claim_kind != "share")
            return s.replace("%", " pp") if claim_kind == "percentage_point_change" else s
        if claim_kind == "multiple":
            return _fmt_mult(x, max(1, _decimals(step / 2)))
        return _fmt_num(x)

    rule = {
        "exact": "rounds to the stated value",
        "at_least": "at least the stated value, below the next rounding step",
        "at_most": "at most the stated value, rounding to it",
        "approx": "rounds to the stated value",
    }[bound]
    return f"{f(lo)} {'≤' if li else '<'} observed {'≤' if hi_inc else '<'} {f(hi)} ({rule})"


def _literal_range(stated: float, step: float, bound: str) -> tuple[float, float]:
    """What the words literally assert (no upper limit on 'at least'), for derivability."""
    if bound == "at_least":
        return stated, math.inf
    if bound == "at_most":
        return stated - step / 2, stated
    return stated - step / 2, stated + step / 2


def _level_range(v: float, bound: str | None, step: float) -> tuple[float, float]:
    if bound == "at_least":
        return v, v + step
    if bound == "at_most":
        return v - step / 2, v
    if bound == "approx":
        return v - step / 2, v + step / 2
    return v, v


def _derivable(claim: ParsedClaim) -> tuple[bool | None, str]:
    """Do the claim's own stated figures give it? (None when it states no components)."""
    step = claim.precision or 0.0
    if claim.kind == "share" and claim.numerator is not None and claim.denominator:
        r = claim.numerator / claim.denominator
        lo, hi = _literal_range(claim.value or 0.0, step, claim.bound)
        ok = lo - 1e-12 <= r < hi + (1e-12 if claim.bound != "exact" else -1e-12)
        arith = f"{_fmt_num(claim.numerator)} / {_fmt_num(claim.denominator)} = {_fmt_pct(r)}"
        return ok, arith
    if claim.kind in ("multiple", "percent_change") and claim.before and claim.after is not None:
        a_step = _level_step(claim.after, claim.after_bound)
        a_lo, a_hi = _level_range(claim.after, claim.after_bound, a_step)
        b_lo, b_hi = _level_range(
            claim.before, claim.before_bound, _level_step(claim.before, claim.before_bound)
        )
        r_lo, r_hi = a_lo / b_hi, a_hi / b_lo
        if claim.kind == "percent_change":
            r_lo, r_hi = r_lo - 1, r_hi - 1
        ok = False
        for v in claim.readings or ((claim.value,) if claim.value is not None else ()):
            lo, hi = _literal_range(v, step, claim.bound)
            if r_lo <= hi and lo <= r_hi:
                ok = True
        mid = claim.after / claim.before
        arith = (
            f"{_fmt_num(claim.after)} / {_fmt_num(claim.before)} = {mid:.2f}×"
            if claim.kind == "multiple"
            else f"{_fmt_num(claim.after)} / {_fmt_num(claim.before)} − 1 = "
            f"{_fmt_pct(mid - 1, sign=True)}"
        )
        if claim.after_bound and claim.after_bound != "exact":
            arith += f" (after stated as {claim.after_bound.replace('_', ' ')})"
        return ok, arith
    return None, ""


def _level_step(v: float, bound: str | None) -> float:
    lit = f"{v:.6f}".rstrip("0").rstrip(".")
    return _literal_step(lit, bound not in (None, "exact"))


def judge(
    claim: ParsedClaim,
    observed: float | None = None,
    *,
    observed_readings: Mapping[str, float] | None = None,
    observed_numerator: float | None = None,
    observed_denominator: float | None = None,
    observed_before: float | None = None,
    observed_after: float | None = None,
    denominator_matches: bool | None = None,
    precision: float | None = None,
) -> Verdict:
    """Judge one parsed figure against what the data show (rules in the module docstring).

    ``observed`` is in the claim's canonical units (a fraction for percentages, a
    ratio for multiples). It may instead be given as ``observed_numerator`` /
    ``observed_denominator`` (shares) or ``observed_before`` / ``observed_after``
    (multiples, changes, pairs), which also puts the arithmetic in the verdict.
    ``observed_readings`` are alternative observed values (e.g. two windows).
    ``precision`` overrides the stated precision. Never raises.
    """
    step = precision if precision is not None else (claim.precision or _default_step(claim))
    base = {
        "claim": claim.text,
        "claim_kind": claim.kind,
        "stated": claim.value,
        "bound": claim.bound,
        "precision": step,
    }
    if claim.kind == "unknown" or claim.value is None:
        why = claim.reason or "the figure has no value"
        return Verdict(
            verdict="cannot_check",
            observed=observed,
            arithmetic="",
            tolerance="",
            reason=f"The claim could not be read: {why}.",
            **base,
        )
    # 1. the claim's own figures
    ok, arith = _derivable(claim)
    if ok is False:
        what = {"share": "share", "multiple": "multiple", "percent_change": "change"}[claim.kind]
        return Verdict(
            verdict="not_derivable",
            observed=observed,
            arithmetic=arith,
            tolerance=_window_text(claim.kind, claim.value, step, claim.bound, 1),
            reason=f"The stated figures do not give the stated {what}: {arith}, "
            f"not {_stated_text(claim)}.",
            **base,
        )
    if denominator_matches is False:
        return Verdict(
            verdict="not_derivable",
            observed=observed,
            arithmetic=arith,
            tolerance="",
            reason="The data's denominator is not the base of the stated figure, "
            "so the figure cannot be derived from them.",
            **base,
        )
    # 2. the observed value(s)
    obs, arith_obs = _observed(
        claim, observed, observed_numerator, observed_denominator, observed_before, observed_after
    )
    own = arith
    obs_list: list[tuple[str, float]] = []
    if obs is not None and not math.isnan(obs):
        obs_list.append(("observed", float(obs)))
    for k, v in (observed_readings or {}).items():
        if v is not None and not math.isnan(float(v)):
            obs_list.append((str(k), float(v)))
    if not obs_list:
        return Verdict(
            verdict="cannot_check",
            observed=None,
            arithmetic=arith,
            tolerance="",
            reason="No observed value: there is nothing in the data to compare the claim with.",
            **base,
        )
    sign = _sign(claim)
    readings = claim.readings or (claim.value,)
    labels = claim.reading_labels or tuple("as stated" for _ in readings)
    checks = []
    for lab, v in zip(labels, readings, strict=False):
        for olab, o in obs_list:
            checks.append(
                ReadingCheck(
                    label=lab,
                    stated=v,
                    observed_label=olab,
                    observed=o,
                    verdict=_compare(v, step, claim.bound, sign, o),
                    tolerance=_window_text(claim.kind, v, step, claim.bound, sign),
                )
            )
    main_obs = obs_list[0][1]
    arith = arith_obs or f"observed = {_fmt_value(main_obs, claim.kind, step / 10)}"
    if own and not arith_obs:
        arith += f"; the claim's own figures: {own}"
    verdicts = {c.verdict for c in checks}
    supported = tuple(
        dict.fromkeys(
            c.label if len(obs_list) == 1 else (c.label if len(readings) > 1 else c.observed_label)
            for c in checks
            if c.verdict == "consistent"
        )
    )
    tolerance = "; ".join(
        dict.fromkeys((f"{c.label}: " if len(readings) > 1 else "") + c.tolerance for c in checks)
    )
    if len(verdicts) == 1:
        v = checks[0].verdict
        reason = _reason(v, claim, checks, main_obs, step)
    else:
        v = "ambiguous"
        reason = _ambiguous_reason(claim, checks, readings, obs_list, step)
    return Verdict(
        verdict=v,
        observed=main_obs,
        arithmetic=arith,
        tolerance=tolerance,
        reason=reason,
        readings=tuple(checks),
        supported=supported,
        **base,
    )


def _default_step(claim: ParsedClaim) -> float:
    return 0.01 if claim.kind in _PERCENT_KINDS else 1.0


def _observed(
    claim: ParsedClaim,
    observed: float | None,
    num: float | None,
    den: float | None,
    before: float | None,
    after: float | None,
) -> tuple[float | None, str]:
    """The observed value in the claim's units, with its arithmetic when built from parts."""
    if num is not None and den:
        r = num / den
        return (
            observed if observed is not None else r,
            f"{_fmt_num(num)} / {_fmt_num(den)} = {_fmt_pct(r)}",
        )
    if before is not None and after is not None and before != 0:
        if claim.kind == "multiple":
            r = after / before
            return (
                observed if observed is not None else r,
                f"{_fmt_num(after)} / {_fmt_num(before)} = {r:.2f}×",
            )
        if claim.kind == "percent_change":
            r = after / before - 1
            return (
                observed if observed is not None else r,
                f"{_fmt_num(after)} / {_fmt_num(before)} − 1 = {_fmt_pct(r, sign=True)}",
            )
        if claim.kind == "percentage_point_change":
            r = after - before
            return (
                observed if observed is not None else r,
                f"{_fmt_pct(after)} − {_fmt_pct(before)} = "
                f"{_fmt_pct(r, sign=True).replace('%', ' pp')}",
            )
        if claim.kind == "before_after":
            return (
                observed if observed is not None else after,
                f"{_fmt_num(before)} → {_fmt_num(after)}",
            )
    return observed, ""


def _stated_text(claim: ParsedClaim, value: float | None = None) -> str:
    v = claim.value if value is None else value
    s = _fmt_value(v, claim.kind)
    return {
        "exact": s,
        "at_least": f"{s} or more",
        "at_most": f"nearly {s}",
        "approx": f"about {s}",
    }[claim.bound]


def _reason(v: str, claim: ParsedClaim, checks: list[ReadingCheck], obs: float, step: float) -> str:
    o = _fmt_value(obs, claim.kind, step / 10)
    stated = list(dict.fromkeys(c.stated for c in checks))
    s = " or ".join(_stated_text(claim, x) for x in stated)
    multi_obs = len({c.observed_label for c in checks}) > 1
    data = "every observed value" if multi_obs else f"the data ({o})"
    who = f"Every reading of the claim ({s})" if len(stated) > 1 else f"The claim ({s})"
    if v == "consistent":
        return f"{who} agrees with {data} at the stated precision."
    if v == "overstated":
        return f"{who} says more than {data} show."
    return f"{who} says less than {data} show."


def _ambiguous_reason(
    claim: ParsedClaim,
    checks: list[ReadingCheck],
    readings: tuple[float, ...],
    obs_list: list[tuple[str, float]],
    step: float,
) -> str:
    if len(set(readings)) > 1:
        o = _fmt_value(obs_list[0][1], claim.kind, step / 10)
        ok = [f"'{c.label}'" for c in checks if c.verdict == "consistent"]
        bad = [f"'{c.label}' ({c.verdict})" for c in checks if c.verdict != "consistent"]
        if ok:
            return (
                f"The wording has {len(set(readings))} readings: the data ({o}) support "
                f"{', '.join(ok)} but not {', '.join(bad)}."
            )
        return (
            f"The wording has {len(set(readings))} readings and the data ({o}) support "
            f"none: {', '.join(bad)}."
        )
    parts = [
        f"{c.observed_label} {_fmt_value(c.observed, claim.kind, step / 10)}: {c.verdict}"
        for c in checks
    ]
    return "The verdict depends on which observed value is used: " + "; ".join(parts) + "."
