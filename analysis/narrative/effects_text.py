"""Headline sentences of effect estimates and their checks, in English and Chinese.

One function per result type: :func:`coefficient_headline`, :func:`horizon_headline`,
:func:`path_headline`, :func:`effect_headline` (``analysis.results.effects``);
:func:`placebo_estimate_headline`, :func:`placebo_headline`,
:func:`sensitivity_row_headline`, :func:`sensitivity_headline`
(``analysis.results.robustness``); :func:`mde_headline` (``analysis.results.power``).
The result classes' ``headline(lang)`` call these. Numbers are formatted by
:mod:`analysis.narrative.numbers` only; shared phrases (intervals, "unbounded") come from
:mod:`analysis.narrative.vocab`.

These are the compact, model-level headlines of the result objects; the gated causal
sentence a report prints for an effect is :func:`analysis.narrative.causal.narrate_effect`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from analysis.narrative.checks_text import status_key
from analysis.narrative.numbers import decimals_for, signed, unsigned
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, phrase, t

if TYPE_CHECKING:
    from analysis.results.checks import CheckResult
    from analysis.results.effects import Coefficient, EffectPath, EffectResult, HorizonEffect
    from analysis.results.power import MDEResult
    from analysis.results.robustness import (
        PlaceboEstimate,
        PlaceboResult,
        SensitivityResult,
        SensitivityRow,
    )

__all__ = [
    "coefficient_headline",
    "effect_headline",
    "horizon_headline",
    "mde_headline",
    "narrate_mde",
    "narrate_placebo",
    "narrate_sensitivity",
    "no_effect_sentence",
    "path_headline",
    "placebo_estimate_headline",
    "placebo_headline",
    "sensitivity_headline",
    "sensitivity_row_headline",
]

EN: dict[str, str] = {
    "term": "{term}: {est} ({lo} to {hi})",
    "horizon": "{label}: {est} ({lo} to {hi})",
    "path": "path of {n} periods",
    "effect.none": "{label}: no effect estimated",
    "effect.regression": (
        "{label} ({unit}): {model}; it estimates no effect of the pilot, and its "
        "coefficients are the result"
    ),
    "effect": "{label} ({unit}), {model}: {when}, {est} relative to the counterfactual ({ci})",
    "effect.zero": "; cannot be told apart from no change",
    "role.real": "real start {start}: {est}",
    "role.placebo": "placebo start {start}: {est}",
    "row": "{dimension} {setting}: {est}",
    "row.failed": "{dimension} {setting}: not fitted ({error})",
    "mde.head": "Minimum detectable effect ({power}% power, {n} post-periods): ",
    "mde.none": "not reached within the sizes tried (up to a {top}% {word}); from {how}.",
    "mde.value": "{bound}a {mde}% {word}; from {how}.",
    "mde.value_pp": "{bound}{mde} percentage points ({word}); from {how}.",
    "mde.none_pp": (
        "not reached within the sizes tried (up to {top} percentage points); from {how}."
    ),
    "mde.at_most": "at most ",
    "mde.decrease": "decrease",
    "mde.increase": "increase",
    "mde.placebo_windows": "placebo windows of the pre-period",
    "mde.model_simulation": "simulation from the pre-period fit",
    "end": ".",
}

ZH: dict[str, str] = {
    "term": "{term}：{est}（{lo}至{hi}）",
    "horizon": "{label}：{est}（{lo}至{hi}）",
    "path": "{n}个时期的观测值、拟合值与反事实路径",
    "effect.none": "{label}：未估计效应",
    "effect.regression": "{label}（{unit}）：{model}；不估计试点效应，其系数即为结果",
    "effect": "{label}（{unit}），{model}：{when}，相对于反事实为{est}（{ci}）",
    "effect.zero": "；无法与无变化区分",
    "role.real": "真实起点{start}：{est}",
    "role.placebo": "安慰剂起点{start}：{est}",
    "row": "敏感性分析（{dimension} {setting}）：估计值{est}",
    "row.failed": "敏感性分析（{dimension} {setting}）：未能拟合（{error}）",
    "mde.head": "最小可检测效应（检验效能{power}%，试点后{n}个时期）：",
    "mde.none": "在所试的效应大小内（最大{word}{top}%）未达到；依据{how}。",
    "mde.value": "{bound}{word}{mde}%；依据{how}。",
    "mde.value_pp": "{bound}{word}{mde}个百分点；依据{how}。",
    "mde.none_pp": "在所试的效应大小内（最大{top}个百分点）未达到；依据{how}。",
    "mde.at_most": "至多",
    "mde.decrease": "下降",
    "mde.increase": "上升",
    "mde.placebo_windows": "前期的安慰剂窗口",
    "mde.model_simulation": "前期拟合的模拟",
    "end": "。",
    # checks (English uses the check's own label and detail)
    "status.pass": "通过",
    "status.warn": "需注意",
    "status.fail": "未通过",
    "status.info": "仅供参考",
    "status.not_applicable": "不适用",
    "check.na": "{name}：不适用（{reason}）。",
    "placebo.name": "时间安慰剂检验",
    "placebo": (
        "{name}：真实估计值（{real}）在{n_all}个估计中按绝对值排第{rank}；{as_large}个安慰剂"
        "估计至少同样大（安慰剂估计介于{lo}与{hi}之间，其中{n_sig}个区间不含零）。结论：{status}。"
    ),
    "placebo.not_informative": (
        "仅有{n}个安慰剂起点，p值最小只能为{pmin}，不低于{alpha}，因此即使排第一也不能说明估计突出。"
    ),
    "placebo.miscalibrated": (
        "安慰剂区间校准不足：{n_sig}个区间不含零，而无效应时预期约{expected}个，"
        "模型自身的区间高估了精度。"
    ),
    "status.not_informative": "不具信息量",
    "sensitivity.name": "敏感性分析",
    "sensitivity": (
        "{name}：在{n}种设定下，估计值介于{lo}与{hi}之间（基准为{base}）；{n_sign}种与基准同号，"
        "{n_sig}种的区间与基准一样{zero}零。结论：{status}。"
    ),
    "zero.excludes": "不含",
    "zero.includes": "包含",
}

TABLES = {"en": EN, "zh": ZH}


def _w(lang: str, key: str, **fields: object) -> str:
    """The phrase ``key`` of this module's tables in ``lang``."""
    return phrase(TABLES, lang, key, **fields)


def _sig(x: float, d: int, suffix: str = "") -> str:
    """A signed number, or '–' when it is missing."""
    return "–" if x is None or math.isnan(x) else signed(x, d, suffix)


def _whole_or_tenth(x: float) -> str:
    """A positive quantity such as 80 (% power) or 21.7 (%): no decimals when whole."""
    return unsigned(x, 0 if abs(x - round(x)) < 1e-9 else 1)


def _pct(x: float, d: int, lang: str) -> str:
    """A relative effect in percent; an infinite bound is 'unbounded'."""
    return t(lang, "unbounded") if math.isinf(x) else _sig(x * 100, d, "%")


# -- analysis.results.effects ---------------------------------------------------------------


def coefficient_headline(c: Coefficient, lang: str = "en") -> str:
    """``level_start: −12.3 (−20.1 to −4.5)`` on the coefficient's own scale."""
    d = decimals_for(c.conf_low, c.conf_high, scale=1.0, estimate=c.estimate)
    return _w(
        lang,
        "term",
        term=c.term,
        est=_sig(c.estimate, d),
        lo=_sig(c.conf_low, d),
        hi=_sig(c.conf_high, d),
    )


def horizon_headline(e: HorizonEffect, lang: str = "en") -> str:
    """The relative effect at one horizon with its interval."""
    d = decimals_for(e.relative_conf_low, e.relative_conf_high, estimate=e.relative_estimate)
    return _w(
        lang,
        "horizon",
        label=label_for(lang, e.label),
        est=_pct(e.relative_estimate, d, lang),
        lo=_pct(e.relative_conf_low, d, lang),
        hi=_pct(e.relative_conf_high, d, lang),
    )


def path_headline(p: EffectPath, lang: str = "en") -> str:
    return _w(lang, "path", n=len(p.time))


def no_effect_sentence(r: EffectResult, lang: str = "en", label: str | None = None) -> Sentence:
    """A trend model without an interruption term (no horizon effects): what it is, and
    that it estimates no effect of the pilot (descriptive tone, no number quoted)."""
    text = _w(
        lang, "effect.regression", label=label_for(lang, label or r.label), unit=r.unit,
        model=r.model,
    )  # fmt: skip
    return Sentence(text + t(lang, "end"), (), "descriptive", (), lang)


def effect_headline(r: EffectResult, lang: str = "en") -> str:
    """The model-based effect the headline quotes, with its interval (no causal wording
    beyond 'relative to the counterfactual'; :func:`~analysis.narrative.causal.narrate_effect`
    words it for readers)."""
    label = label_for(lang, r.label)
    if not r.effects:
        if r.design == "its":  # a trend regression: say what it is
            return no_effect_sentence(r, lang).text
        return _w(lang, "effect.none", label=label)
    e = r.headline_effect()
    lo, hi = e.relative_conf_low, e.relative_conf_high
    d = decimals_for(lo, hi, estimate=e.relative_estimate)
    ci = t(
        lang,
        "ci",
        level=_whole_or_tenth((1 - r.alpha) * 100),
        lo=_pct(lo, d, lang),
        hi=_pct(hi, d, lang),
    )
    text = _w(
        lang,
        "effect",
        label=label,
        unit=r.unit,
        model=r.model,
        when=label_for(lang, e.label),
        est=_pct(e.relative_estimate, d, lang),
        ci=ci,
    )
    if e.includes_zero:
        text += _w(lang, "effect.zero")
    return text + _w(lang, "end")


# -- analysis.results.robustness ------------------------------------------------------------


def _row_decimals(lo: float, hi: float, est: float) -> int:
    return decimals_for(lo, hi, scale=1.0, estimate=est)


def placebo_estimate_headline(p: PlaceboEstimate, lang: str = "en") -> str:
    d = _row_decimals(p.conf_low, p.conf_high, p.estimate)
    key = "role.real" if p.role == "real" else "role.placebo"
    return _w(lang, key, start=p.start, est=_sig(p.estimate, d))


def sensitivity_row_headline(r: SensitivityRow, lang: str = "en") -> str:
    if not r.fitted:
        return _w(
            lang, "row.failed", dimension=r.dimension, setting=r.setting, error=r.error or "–"
        )
    d = _row_decimals(r.conf_low, r.conf_high, r.estimate)
    return _w(lang, "row", dimension=r.dimension, setting=r.setting, est=_sig(r.estimate, d))


def _quantity(x: float, scale: str, lo: float, hi: float) -> str:
    """A check's estimate: percent for relative effects, the outcome's units otherwise."""
    if scale == "relative":
        return _sig(x * 100, 1, "%")
    return _sig(x, decimals_for(lo, hi, scale=1.0))


def _zh_check(check: CheckResult, name: str) -> str | None:
    """The Chinese sentence of a check that could not be run (None if it ran)."""
    if check.status == "not_applicable":
        return ZH["check.na"].format(name=name, reason=check.reason or "")
    return None


def placebo_headline(r: PlaceboResult, lang: str = "en") -> str:
    """English: the check's label, status and detail. Chinese: the rank of the real
    estimate among the placebo estimates, from the check's values."""
    if lang == "en":
        return r.check.headline("en")
    name = _w(lang, "placebo.name")
    na = _zh_check(r.check, name)
    if na is not None or r.real is None:
        return na or ZH["check.na"].format(name=name, reason="")
    v = dict(r.check.values)
    lo, hi = v["placebo_min"], v["placebo_max"]
    n = int(v["n_placebos"])
    return _w(
        lang,
        "placebo",
        name=name,
        real=_quantity(r.real.estimate, r.scale, lo, hi),
        n_all=n + 1,
        rank=int(v["rank"]),
        as_large=round(v["share_as_large"] * n),
        lo=_quantity(lo, r.scale, lo, hi),
        hi=_quantity(hi, r.scale, lo, hi),
        n_sig=int(v["n_placebo_significant"]),
        status=_w(lang, f"status.{status_key(r.check)}"),
    ) + _placebo_zh_notes(v, r.check.threshold, lang)


def _placebo_zh_notes(v: dict[str, float], threshold: float, lang: str) -> str:
    """The Chinese sentences for a placebo check that cannot reach p < alpha and for
    miscalibrated placebo intervals (English: in the check's own detail)."""
    out = ""
    if v.get("miscalibrated") == 1.0:
        out += _w(
            lang,
            "placebo.miscalibrated",
            n_sig=int(v["n_placebo_significant"]),
            expected=unsigned(v["expected_placebo_significant"], 2),
        )
    if v.get("informative") == 0.0 and not v["share_as_large"] > threshold:
        out += _w(
            lang,
            "placebo.not_informative",
            n=int(v["n_placebos"]),
            pmin=unsigned(v["min_attainable_p"], 2),
            alpha=unsigned(v["alpha"], 2),
        )
    return out


def sensitivity_headline(r: SensitivityResult, lang: str = "en") -> str:
    """English: the check's label, status and detail. Chinese: the range across
    specifications and how many keep the baseline's sign and significance."""
    if lang == "en":
        return r.check.headline("en")
    name = _w(lang, "sensitivity.name")
    na = _zh_check(r.check, name)
    if na is not None:
        return na
    v = dict(r.check.values)
    lo, hi = v["estimate_min"], v["estimate_max"]
    base = r.baseline
    return _w(
        lang,
        "sensitivity",
        name=name,
        n=int(v["n_specifications"]),
        lo=_quantity(lo, r.scale, lo, hi),
        hi=_quantity(hi, r.scale, lo, hi),
        base=_quantity(base.estimate, r.scale, lo, hi),
        n_sign=int(v["n_same_sign"]),
        n_sig=int(v["n_same_significance"]),
        zero=_w(lang, "zero.excludes" if base.excludes_zero else "zero.includes"),
        status=_w(lang, f"status.{r.check.status}"),
    )


# -- analysis.results.power -----------------------------------------------------------------


def mde_headline(r: MDEResult, lang: str = "en") -> str:
    """The minimum detectable effect at the target power, or that it was not reached."""
    word = _w(lang, "mde.decrease" if r.direction == "decrease" else "mde.increase")
    method = "placebo_windows" if r.method == "placebo_windows" else "model_simulation"
    how = _w(lang, f"mde.{method}")
    head = _w(lang, "mde.head", power=_whole_or_tenth(r.target_power * 100), n=r.post_length)
    pp = "_pp" if r.scale == "points" else ""  # a share's MDE: percentage points
    if r.mde_status == "not_reached":
        top = _whole_or_tenth(max(r.effects) * 100)
        return head + _w(lang, "mde.none" + pp, top=top, word=word, how=how)
    bound = _w(lang, "mde.at_most") if r.mde_status == "at_most" else ""
    return head + _w(
        lang, "mde.value" + pp, bound=bound, mde=unsigned(r.mde * 100, 1), word=word, how=how
    )


# -- narrate() entries ----------------------------------------------------------------------


def _sentence(text: str, values: tuple[float, ...], lang: str) -> Sentence:
    """A check's sentence: not a causal claim (tone ``descriptive``)."""
    return Sentence(text=text, values=values, tone="descriptive", lang=lang)


def narrate_mde(r: MDEResult, lang: str = "en", **_: object) -> Sentence:
    """:func:`mde_headline` as a :class:`Sentence` (for ``narrate``)."""
    quoted = max(r.effects) if r.mde_status == "not_reached" else r.mde
    return _sentence(mde_headline(r, lang), (r.target_power, float(r.post_length), quoted), lang)


def narrate_placebo(r: PlaceboResult, lang: str = "en", **_: object) -> Sentence:
    """:func:`placebo_headline` as a :class:`Sentence` (for ``narrate``)."""
    return _sentence(placebo_headline(r, lang), tuple(v for _, v in r.check.values), lang)


def narrate_sensitivity(r: SensitivityResult, lang: str = "en", **_: object) -> Sentence:
    """:func:`sensitivity_headline` as a :class:`Sentence` (for ``narrate``)."""
    return _sentence(sensitivity_headline(r, lang), tuple(v for _, v in r.check.values), lang)
