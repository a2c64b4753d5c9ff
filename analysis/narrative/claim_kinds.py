"""Words for the claim figures of issue 13, in English and Chinese: ranges ("70% to 80%" /
"70%至80%"), ranks ("first" / "第一", "within the first 3" / "前3"), changes of a level
("+40,000" / "增加40,000"), reported statistics ("incidence rate ratio 0.663 (95% CI 0.516
to 0.852)" / "发生率比0.663（95%置信区间0.516–0.852）") and the verdict sentences on them
(a range or a rank against the data; a statistic shown, not checked).

:mod:`analysis.narrative.claims` calls :func:`stated_value` and :func:`kind_sentence`
for these kinds; the words live here so that module stays the home of the older kinds.
"""

from __future__ import annotations

import math

from analysis.narrative.numbers import Quoter
from analysis.narrative.vocab import phrase

__all__ = [
    "NEW_KINDS",
    "STATISTIC_NAME",
    "kind_sentence",
    "observed_value",
    "rank_measure_fields",
    "stated_value",
    "words",
]

#: The kinds whose words are here.
NEW_KINDS = ("range", "rank", "level_change", "reported_statistic")

#: A reported statistic's key in words.
STATISTIC_NAME: dict[str, dict[str, str]] = {
    "en": {
        "ci": "interval",
        "p": "P",
        "irr": "incidence rate ratio",
        "rr": "relative risk",
        "or": "odds ratio",
        "hr": "hazard ratio",
        "t": "t",
        "z": "z",
        "chi2": "χ²",
        "n": "n",
        "se": "standard error",
        "r": "r",
        "beta": "β",
        "mean_difference": "mean difference",
    },
    "zh": {
        "ci": "区间",
        "p": "P",
        "irr": "发生率比",
        "rr": "相对危险度",
        "or": "比值比",
        "hr": "风险比",
        "t": "t",
        "z": "z",
        "chi2": "χ²",
        "n": "样本量",
        "se": "标准误",
        "r": "相关系数",
        "beta": "回归系数",
        "mean_difference": "均数差",
    },
}

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "range": "{lo} to {hi}",
        "rank": "{ordinal}",
        "rank_of": "{ordinal} of {m}",
        "rank_top": "within the first {n}",
        "rank_top_of": "within the first {n} of {m}",
        "rank_move": "{ordinal} (from {before})",
        "ci": "{level}% CI {lo} to {hi}",
        "ci_nolevel": "{lo} to {hi}",
        "stat": "{name} {op}{value}",
        "stat_ci": "{name} {op}{value} ({ci})",
        "op.at_most": "< ",
        "op.at_least": "> ",
        "op.exact": "= ",
        "op.approx": "≈ ",
        "shown": "Reported statistic, not checked: {stat} is quoted in the claim and "
        "shown as written; it is not a headline figure and is not compared with the data.",
        "consistent": "Consistent with the data: stated {stated}, the data give {observed}.",
        "overstated": "Overstated: stated {stated}, the data give {observed}.",
        "understated": "Understated: stated {stated}, the data give {observed}.",
        "position": "{x}",
        "rank.consistent": "Consistent with the data: stated {stated}; the data place it "
        "{observed}{of}.",
        "rank.overstated": "Overstated: stated {stated}; the data place it {observed}{of}.",
        "rank.understated": "Understated: stated {stated}; the data place it {observed}{of}.",
        "rank.of": " of {n}",
        "first.lowest": "lowest first",
        "first.highest": "highest first",
        "first.largest_fall": "largest fall first",
        "first.largest_rise": "largest rise first",
        "basis.words": "as the claim says",
        "basis.direction": "by the indicator's desired direction",
        "basis.assumed": "assumed, as neither the claim nor the indicator says",
        "m.rank": "position of {who} among the {n} units of the data on {label}, {aspan}, "
        "{first} ({basis})",
        "m.rank_change": "position of {who} among the {n} units of the data by the change in "
        "{label}, {aspan} against {bspan}, {first} ({basis})",
        "m.level_change": "level at {who} in {aspan} minus the level in {bspan}",
        "counts_shown": "{n} reported statistics shown, not checked",
        "counts_shown_1": "1 reported statistic shown, not checked",
    },
    "zh": {
        "range": "{lo}至{hi}",
        "rank": "第{n}",
        "rank_of": "{m}个中第{n}",
        "rank_top": "前{n}",
        "rank_top_of": "{m}个中前{n}",
        "rank_move": "第{n}（此前第{before}）",
        "ci": "{level}%置信区间{lo}–{hi}",
        "ci_nolevel": "{lo}–{hi}",
        "stat": "{name}{op}{value}",
        "stat_ci": "{name}{op}{value}（{ci}）",
        "op.at_most": "<",
        "op.at_least": ">",
        "op.exact": "",
        "op.approx": "约",
        "shown": "报告的统计量，未核查：表述中引用了{stat}，按原文列出；它不是主要数字，"
        "不与数据比对。",
        "consistent": "与数据相符：所称{stated}，数据为{observed}。",
        "overstated": "夸大了：所称{stated}，数据为{observed}。",
        "understated": "低报了：所称{stated}，数据为{observed}。",
        "position": "第{x}",
        "rank.consistent": "与数据相符：所称{stated}，数据中{of}位列{observed}。",
        "rank.overstated": "夸大了：所称{stated}，数据中{of}位列{observed}。",
        "rank.understated": "低报了：所称{stated}，数据中{of}位列{observed}。",
        "rank.of": "{n}个单位里",
        "first.lowest": "由低到高排序",
        "first.highest": "由高到低排序",
        "first.largest_fall": "按降幅由大到小排序",
        "first.largest_rise": "按增幅由大到小排序",
        "basis.words": "依表述",
        "basis.direction": "依指标的期望方向",
        "basis.assumed": "表述和指标均未说明，按由高到低假定",
        "m.rank": "{who}在{aspan}{label}在数据中{n}个单位里的位次（{first}，{basis}）",
        "m.rank_change": "{who}{aspan}较{bspan}{label}的变化在数据中{n}个单位里的位次"
        "（{first}，{basis}）",
        "m.level_change": "{who}在{aspan}的水平减{bspan}的水平",
        "counts_shown": "{n}项报告的统计量（列出，未核查）",
        "counts_shown_1": "1项报告的统计量（列出，未核查）",
    },
}

_ORDINALS_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
_PCT = ("percent_change", "percentage_point_change", "share")


def words(lang: str, key: str, **fields: object) -> str:
    """A word of this module in ``lang``."""
    return phrase(_WORDS, lang, key, **fields)


_ZH_DIGITS = "零一二三四五六七八九"


def _zh_small(k: int) -> str:
    """1–99 in Chinese numerals (第一, 第十二, 前三), larger numbers as digits."""
    if not 0 < k < 100:
        return str(k)
    tens, ones = divmod(k, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")
    return head + (_ZH_DIGITS[ones] if ones else "")


def _ordinal(n: float, lang: str) -> str:
    k = round(n)
    if lang == "zh":
        return _zh_small(k)
    if k in _ORDINALS_EN:
        return _ORDINALS_EN[k]
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _decimals(step: float | None, kind: str) -> int:
    if kind not in _PCT or not step or step <= 0:
        return 0 if kind in _PCT else 1
    return max(0, min(2, round(-math.log10(step * 100))))


def _of_kind_value(q: Quoter, x: float, kind: str, step: float | None) -> str:
    if kind == "percentage_point_change":
        pts = q.points(x, _decimals(step, kind))
        return f"{pts}个百分点" if q.lang == "zh" else f"{pts} pp"
    if kind in _PCT:
        return q.pct(x, _decimals(step, kind), sign=kind == "percent_change")
    if kind == "multiple":
        return f"{q.fold(x).rstrip('×')}×"
    return q.level(x)


def _num(q: Quoter, x: float) -> str:
    return f"{x:g}" if abs(x) < 1000 else q.level(x)


def _statistic(q: Quoter, claim, lang: str) -> str:
    """'incidence rate ratio 0.663 (95% CI 0.516 to 0.852)' / '发生率比0.663（95%置信区间…）'."""
    name = STATISTIC_NAME[lang].get(claim.statistic or "", claim.statistic or "")
    ci = ""
    if claim.low is not None and claim.high is not None:
        lo, hi = _num(q, claim.low), _num(q, claim.high)
        ci = (
            words(lang, "ci", level=f"{claim.level * 100:g}", lo=lo, hi=hi)
            if claim.level
            else words(lang, "ci_nolevel", lo=lo, hi=hi)
        )
    if claim.value is None:
        return ci or name
    op = words(lang, f"op.{claim.bound}")
    if claim.statistic == "p":  # P值 needs its operator in Chinese too
        op = {"exact": "=", "at_most": "<", "at_least": ">", "approx": "≈"}[claim.bound]
        op = f" {op} " if lang == "en" else op
        return f"{name}{op}{_num(q, claim.value)}"
    key = "stat_ci" if ci else "stat"
    return words(lang, key, name=name, op=op, value=_num(q, claim.value), ci=ci)


def stated_value(q: Quoter, claim, lang: str) -> str:
    """A new-kind figure as stated: '70% to 80%', 'second of 43', '+40,000', 'odds ratio
    0.35 (95% CI 0.2 to 0.59)' (Chinese: '70%至80%', '43个中第2', '发生率比0.663（…）')."""
    kind = claim.kind
    if kind == "range":
        if claim.low is None or claim.high is None:
            return "–"
        of = claim.of_kind or "count"
        lo = _of_kind_value(q, claim.low, of, claim.precision)
        hi = _of_kind_value(q, claim.high, of, claim.precision)
        return words(lang, "range", lo=lo, hi=hi)
    if kind == "rank":
        if claim.value is None:
            return "–"
        n = round(claim.value)
        if claim.bound == "at_most":
            key = "rank_top_of" if claim.rank_of else "rank_top"
            top = _zh_small(n) if lang == "zh" else n
            return words(lang, key, n=top, m=claim.rank_of or "")
        if claim.before is not None:
            return words(
                lang,
                "rank_move",
                ordinal=_ordinal(n, lang),
                n=_ordinal(n, lang),
                before=_ordinal(claim.before, lang),
            )
        key = "rank_of" if claim.rank_of else "rank"
        pos = _ordinal(n, lang)
        return words(lang, key, ordinal=pos, n=pos, m=claim.rank_of or "")
    if kind == "level_change":
        if claim.value is None:
            return "–"
        return _signed_level(q, claim.value)
    if kind == "reported_statistic":
        return _statistic(q, claim, lang)
    return "–"


def _signed_level(q: Quoter, x: float) -> str:
    """A change of a level with its sign: '+40,000', '−1,700'."""
    sign = "+" if x > 0 else "−" if x < 0 else ""
    return sign + q.level(abs(x))


def observed_value(q: Quoter, kind: str, of_kind: str | None, x: float, lang: str) -> str:
    """The data's value for a new-kind figure: a range in its ``of_kind``'s terms, a rank
    as a position, a level change signed."""
    if not math.isfinite(x):
        return "–"
    if kind == "range":
        return _of_kind_value(q, x, of_kind or "count", None)
    if kind == "rank":
        return words(lang, "position", x=_ordinal(x, lang))
    return _signed_level(q, x)


def kind_sentence(v, claim, observed: float, lang: str, field: int = -1) -> str | None:
    """The verdict sentence of a new-kind figure, or None to let the general sentence
    stand (cannot check, reported, not derivable)."""
    q = Quoter(lang)
    verdict = v.verdict
    if verdict == "shown":
        return words(lang, "shown", stat=_statistic(q, claim, lang))
    if verdict not in ("consistent", "overstated", "understated"):
        return None
    stated = stated_value(q, claim, lang)
    obs = observed_value(q, claim.kind, claim.of_kind, observed, lang)
    if claim.kind == "rank":
        of = words(lang, "rank.of", n=field) if field > 0 else ""
        return words(lang, f"rank.{verdict}", stated=stated, observed=obs, of=of)
    return words(lang, verdict, stated=stated, observed=obs)


def rank_measure_fields(check, lang: str) -> dict[str, object]:
    """The fields of the rank measure: field size, which value first and why."""
    return {
        "n": check.rank_field,
        "first": words(lang, f"first.{check.rank_first or 'highest'}"),
        "basis": words(lang, f"basis.{check.rank_basis or 'assumed'}"),
    }
