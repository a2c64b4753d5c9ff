"""Verdict sentences for checked claims, in English and Chinese.

One sentence per claim figure, built only from the
:class:`~analysis.numbers.claims.recompute.ClaimCheck` (its parsed figure, the recomputed value
and the verdict of :func:`analysis.numbers.claims.parse.judge`).
The vocabulary is descriptive — whether a stated figure matches the data — never causal:
what the change means for the pilot is :func:`analysis.narrative.paragraph.what_it_means`.
"""

from __future__ import annotations

import math
import re

from analysis.narrative.numbers import Quoter
from analysis.narrative.sentence import Sentence

__all__ = ["VERDICT_LABEL", "narrate_claim"]

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

_PCT_KINDS = ("percent_change", "share", "percentage_point_change")


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


def _problem_zh(problem: str) -> str:
    for pattern, text in _PROBLEMS_ZH:
        m = re.match(pattern, problem)
        if m:
            return m.expand(text)
    return "无法由数据重新计算"


def narrate_claim(check, lang: str = "en") -> Sentence:
    """One sentence: does the stated figure match the data, and why (or why it cannot be
    checked)."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    v = check.verdict
    kind = check.parsed.kind
    q = Quoter(lang)
    zh = lang == "zh"
    ds = _stated_decimals(check.parsed.precision, kind)
    stated = _value(q, check.parsed.value, kind, ds) if check.parsed.value is not None else "–"
    bound = check.parsed.bound
    if lang == "zh":
        stated = {
            "at_least": f"{stated}以上",
            "at_most": f"近{stated}",
            "approx": f"约{stated}",
        }.get(bound, stated)
    else:
        stated = {
            "at_least": f"{stated} or more",
            "at_most": f"nearly {stated}",
            "approx": f"about {stated}",
        }.get(bound, stated)
    observed = _value(q, check.observed, kind) if math.isfinite(check.observed) else None
    verdict = v.verdict
    if verdict == "cannot_check":
        reason = check.problem or v.reason
        text = (
            f"无法核查：{_problem_zh(reason[0].lower() + reason[1:])}。"
            if zh
            else f"Cannot check: {reason[0].lower() + reason[1:] if reason else ''}"
        )
        if not zh and not text.endswith("."):
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
        fits = [r.label for r in v.readings if r.verdict == "consistent"]
        fails = [r.label for r in v.readings if r.verdict != "consistent"]
        if zh:
            fits, fails = [_reading_zh(x) for x in fits], [_reading_zh(x) for x in fails]
            text = (
                f"表述有歧义：数据为{observed}（{v.arithmetic}）；"
                f"按“{'、'.join(fits) or '任何一种'}”理解与数据相符，"
                f"按“{'、'.join(fails)}”理解则不符。"
            )
        else:
            text = (
                f"Ambiguous wording: the data give {observed} ({v.arithmetic}); read as "
                f"'{' or '.join(fits) or 'either'}' the claim fits, read as "
                f"'{' or '.join(fails)}' it does not."
            )
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
