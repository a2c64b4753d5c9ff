"""Claim sentences, in English and Chinese.

One verdict sentence per claim figure (:func:`narrate_claim`), built only from the
:class:`~analysis.results.claims.ClaimCheck` (its parsed figure, the recomputed value and
the verdict of :func:`analysis.numbers.claims.judge.judge`); the headlines of the other
claim results: a parsed figure (:func:`narrate_parsed_claim`), a verdict on its own
(:func:`narrate_verdict`), one reading against one observed value
(:func:`narrate_reading_check`) and a study's table of checked claims
(:func:`narrate_claims_table`).
The vocabulary is descriptive — whether a stated figure matches the data — never causal:
what the change means for the pilot is :func:`analysis.narrative.paragraph.what_it_means`.
"""

from __future__ import annotations

import math
import re

from analysis.narrative.numbers import Quoter
from analysis.narrative.sentence import Sentence

__all__ = [
    "KIND_LABEL",
    "VERDICT_LABEL",
    "narrate_claim",
    "narrate_claims_table",
    "narrate_parsed_claim",
    "narrate_reading_check",
    "narrate_verdict",
]

#: Short verdict labels for the claims table.
VERDICT_LABEL = {
    "en": {
        "consistent": "consistent",
        "overstated": "overstated",
        "understated": "understated",
        "ambiguous": "ambiguous wording",
        "not_derivable": "not derivable from the data given",
        "cannot_check": "cannot check",
    },
    "zh": {
        "consistent": "相符",
        "overstated": "夸大",
        "understated": "低报",
        "ambiguous": "表述有歧义",
        "not_derivable": "无法由所给数据推出",
        "cannot_check": "无法核查",
    },
}

#: What kind of figure a claim states.
KIND_LABEL = {
    "en": {
        "percent_change": "percent change",
        "percentage_point_change": "change in percentage points",
        "multiple": "multiple",
        "share": "share",
        "count": "count",
        "amount": "amount",
        "before_after": "before → after",
        "zero_run": "run of zeros",
        "unknown": "not parsed",
    },
    "zh": {
        "percent_change": "变化幅度",
        "percentage_point_change": "百分点变化",
        "multiple": "倍数",
        "share": "占比",
        "count": "数量",
        "amount": "数额",
        "before_after": "前后对比",
        "zero_run": "连续零发生",
        "unknown": "未能解读",
    },
}

_PCT_KINDS = ("percent_change", "share", "percentage_point_change")

#: Chinese for the units the parser names in English.
_UNIT_ZH = {
    "months": "个月",
    "years": "年",
    "weeks": "周",
    "days": "天",
    "quarters": "个季度",
    "yuan": "元",
    "times": "次",
}


def _check_lang(lang: str) -> None:
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")


def _value(q: Quoter, x: float | None, kind: str, d: int = 1) -> str:
    """A claim's or the data's value in the claim's units (``d`` decimals for percents)."""
    if x is None or not math.isfinite(x):
        return "–"
    if kind == "percentage_point_change":
        return q.points(x, d)
    if kind in _PCT_KINDS:
        return q.pct(x, d, sign=kind == "percent_change")
    if kind == "multiple":
        return f"{q.fold(x).rstrip('×')}×"
    return q.level(x)


def _stated_decimals(precision: float | None, kind: str) -> int:
    """Decimals a stated percent was written with: "22%" → 0, "60.7%" → 1."""
    if kind not in _PCT_KINDS or not precision or precision <= 0:
        return 1
    return max(0, min(2, round(-math.log10(precision * 100))))


def _with_bound(stated: str, bound: str, lang: str) -> str:
    """'220' → '220 or more' / '220以上', 'nearly 20%' / '近20%', 'about 3' / '约3'."""
    if lang == "zh":
        return {"at_least": f"{stated}以上", "at_most": f"近{stated}", "approx": f"约{stated}"}.get(
            bound, stated
        )
    return {
        "at_least": f"{stated} or more",
        "at_most": f"nearly {stated}",
        "approx": f"about {stated}",
    }.get(bound, stated)


def _reading_zh(label: str) -> str:
    """'to 3×' → 提升到原来的3倍; 'by 3× (= 4×)' → 增加3倍（即原来的4倍）; others unchanged."""
    m = re.fullmatch(r"to ([\d.]+)×", label)
    if m:
        return f"达到原来的{m.group(1)}倍"
    m = re.fullmatch(r"by ([\d.]+)× \(= ([\d.]+)×\)", label)
    if m:
        return f"增加{m.group(1)}倍（即原来的{m.group(2)}倍）"
    return {"as stated": "按字面"}.get(label, label)


#: Chinese for the checker's reasons a figure cannot be checked (pattern → text).
_PROBLEMS_ZH = (
    (r"^the spec marks this figure as context", "研究设定将此数字列为背景信息，不作核查"),
    (r"^no indicator given", "研究设定未为此数字指定指标"),
    (r"^indicator '([^']*)' is not defined", r"指标“\1”在本研究中未定义"),
    (r"^the text could not be read", "无法解读该表述"),
    (
        r"^the claim is about ([\d, ]+), outside the data \(([^)]*)\)",
        r"该表述涉及\1年，超出数据范围（\2）",
    ),
    (r"^no administrative figure", "数据中没有相应的行政数字"),
)

#: Chinese for the reasons of a verdict judged on its own (no claim check around it).
_VERDICT_REASONS_ZH = (
    (r"^the claim could not be read", "无法解读该表述"),
    (r"^no observed value", "数据中没有可比较的数值"),
)

#: Chinese for why a text gave no figure (``ParsedClaim.reason``).
_PARSE_REASONS_ZH = (
    (r"^not text", "不是文本"),
    (r"^empty text", "文本为空"),
    (r"^parser error", "解析出错"),
    (r"^no figure found", "未找到数字（带单位的数、百分比、倍数或连续期数）"),
)


def _zh_for(text: str, table: tuple[tuple[str, str], ...], default: str) -> str:
    for pattern, zh in table:
        m = re.match(pattern, text)
        if m:
            return m.expand(zh)
    return default


def _problem_zh(problem: str) -> str:
    return _zh_for(problem, _PROBLEMS_ZH, "无法由数据重新计算")


def narrate_claim(check, lang: str = "en") -> Sentence:
    """One sentence: does the stated figure match the data, and why (or why it cannot be
    checked)."""
    _check_lang(lang)
    p = check.parsed
    return _verdict_sentence(
        check.verdict, p.kind, p.precision, p.value, p.bound, check.observed, check.problem, lang
    )


def narrate_verdict(verdict, lang: str = "en") -> Sentence:
    """The verdict sentence of :func:`narrate_claim` for a verdict on its own."""
    _check_lang(lang)
    v = verdict
    observed = math.nan if v.observed is None else v.observed
    return _verdict_sentence(
        v, v.claim_kind, v.precision, v.stated, v.bound, observed, "", lang, _VERDICT_REASONS_ZH
    )


def _verdict_sentence(
    v,
    kind: str,
    precision: float | None,
    value: float | None,
    bound: str,
    observed_value: float,
    problem: str,
    lang: str,
    reasons_zh: tuple[tuple[str, str], ...] = (),
) -> Sentence:
    """The verdict sentence, by verdict: cannot check, not derivable, ambiguous, or stated
    against the data."""
    q = Quoter(lang)
    zh = lang == "zh"
    ds = _stated_decimals(precision, kind)
    stated = _value(q, value, kind, ds) if value is not None else "–"
    stated = _with_bound(stated, bound, lang)
    observed = _value(q, observed_value, kind) if math.isfinite(observed_value) else None
    verdict = v.verdict
    if verdict == "cannot_check":
        reason = problem or v.reason
        low = reason[0].lower() + reason[1:] if reason else ""
        if zh:
            why = _zh_for(low, reasons_zh, "") or _problem_zh(low)
            text = f"无法核查：{why}。"
        else:
            text = f"Cannot check: {low}"
            if not text.endswith("."):
                text += "."
        return Sentence(text, tuple(q.values), "descriptive", (), lang)
    if verdict == "not_derivable":
        text = (
            f"无法由所给数据推出：{v.arithmetic}，而非所称的{stated}。"
            if zh
            else f"Not derivable from the figures given: {v.arithmetic}, not the {stated} stated."
        )
        return Sentence(text, tuple(q.values), "descriptive", (), lang)
    if verdict == "ambiguous":
        text = _ambiguous_text(v, observed, zh)
        return Sentence(text, tuple(q.values), "descriptive", (), lang)
    arith = v.arithmetic if v.arithmetic and not v.arithmetic.startswith("observed") else ""
    if zh:
        head = {"consistent": "与数据相符", "overstated": "夸大了", "understated": "低报了"}
        text = f"{head[verdict]}：所称{stated}，数据为{observed}"
        text += f"（{arith}）。" if arith else "。"
    else:
        head = {
            "consistent": "Consistent with the data",
            "overstated": "Overstated",
            "understated": "Understated",
        }
        text = f"{head[verdict]}: stated {stated}, the data give {observed}"
        text += f" ({arith})." if arith else "."
    return Sentence(text, tuple(q.values), "descriptive", (), lang)


def _ambiguous_text(v, observed: str | None, zh: bool) -> str:
    """Which readings of the wording the data support, and which they do not."""
    fits = [r.label for r in v.readings if r.verdict == "consistent"]
    fails = [r.label for r in v.readings if r.verdict != "consistent"]
    if zh:
        fits, fails = [_reading_zh(x) for x in fits], [_reading_zh(x) for x in fails]
        return (
            f"表述有歧义：数据为{observed}（{v.arithmetic}）；"
            f"按“{'、'.join(fits) or '任何一种'}”理解与数据相符，"
            f"按“{'、'.join(fails)}”理解则不符。"
        )
    return (
        f"Ambiguous wording: the data give {observed} ({v.arithmetic}); read as "
        f"'{' or '.join(fits) or 'either'}' the claim fits, read as "
        f"'{' or '.join(fails)}' it does not."
    )


def _stated_figure(q: Quoter, claim, x: float | None) -> str:
    """A stated value as the claim wrote it: percents at their stated decimals, a multiple
    or level as a plain number ('3×', '12,000'), a duration or unit after a count."""
    kind = claim.kind
    if x is None or not math.isfinite(x):
        return "–"
    if kind in _PCT_KINDS:
        return _value(q, x, kind, _stated_decimals(claim.precision, kind))
    text = q.level(x)
    if kind == "multiple":
        return f"{text}×"
    unit = claim.unit
    if not unit or unit in ("%", "×"):
        return text
    if q.lang == "zh":
        return f"{text}{_UNIT_ZH.get(unit, unit)}"
    return f"{text} {unit}"


def narrate_parsed_claim(claim, lang: str = "en") -> Sentence:
    """What a parsed figure states: its kind, its value with its bound, its readings when
    the wording admits several, and what it is about."""
    _check_lang(lang)
    q = Quoter(lang)
    zh = lang == "zh"
    kind_word = KIND_LABEL[lang].get(claim.kind, claim.kind)
    if claim.kind == "unknown":
        reason = claim.reason or ""
        text = (
            f"未能解读：{_zh_for(reason, _PARSE_REASONS_ZH, '无法解读该表述')}。"
            if zh
            else f"Not parsed: {reason}."
        )
        return Sentence(text, (), "descriptive", (), lang)
    stated = _with_bound(_stated_figure(q, claim, claim.value), claim.bound, lang)
    readings = ""
    if claim.ambiguous:
        values = [_stated_figure(q, claim, x) for x in claim.readings]
        readings = f"（可理解为{'或'.join(values)}）" if zh else f" (read as {' or '.join(values)})"
    if zh:
        subject = f"{claim.subject}：" if claim.subject else ""
        text = f"{subject}{kind_word}{stated}{readings}。"
    else:
        subject = f" of {claim.subject}" if claim.subject else ""
        text = f"{kind_word[0].upper()}{kind_word[1:]} {stated}{readings}{subject}."
    return Sentence(text, tuple(q.values), "descriptive", (), lang)


def narrate_reading_check(check, lang: str = "en") -> Sentence:
    """One reading of a claim against one observed value, and the verdict on it."""
    _check_lang(lang)
    label = VERDICT_LABEL[lang].get(check.verdict, check.verdict)
    values = (float(check.stated), float(check.observed))
    if lang == "zh":
        observed = "观测值" if check.observed_label == "observed" else check.observed_label
        text = f"按“{_reading_zh(check.label)}”理解，对照{observed}：{label}。"
    else:
        text = f"Read as '{check.label}', against the {check.observed_label} value: {label}."
    return Sentence(text, values, "descriptive", (), lang)


def narrate_claims_table(table, lang: str = "en") -> Sentence:
    """How many claim figures were checked, and how many got each verdict."""
    _check_lang(lang)
    counts = table.counts()
    n = len(table.checks)
    labels = VERDICT_LABEL[lang]
    if lang == "zh":
        if not n:
            return Sentence("没有需要核查的数字。", (), "descriptive", (), lang)
        parts = "，".join(f"{labels.get(v, v)}{k}个" for v, k in sorted(counts.items()))
        text = f"共核查{n}个数字：{parts}。"
    else:
        if not n:
            return Sentence("No claim figures checked.", (), "descriptive", (), lang)
        parts = ", ".join(f"{k} {labels.get(v, v)}" for v, k in sorted(counts.items()))
        text = f"{n} claim figure{'s' if n != 1 else ''} checked: {parts}."
    return Sentence(text, (float(n), *map(float, counts.values())), "descriptive", (), lang)
