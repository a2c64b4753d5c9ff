"""Sentences of the regression difference-in-differences (2×2 or two-way fixed effects) of a
study indicator, in English and Chinese: the headline, the reason no valid sampling interval
exists, the inference used, and the table labels of the report's regression block.

Phrases live in the ``EN``/``ZH`` tables below (same keys and fields in both); numbers are
formatted only by :mod:`analysis.narrative.numbers`.
"""

from __future__ import annotations

import math

from analysis.narrative.gates import p_phrase
from analysis.narrative.numbers import Quoter, decimals_for
from analysis.narrative.vocab import label_for, phrase, t
from analysis.results.did import RegressionDiD

__all__ = ["inference_text", "no_interval_text", "outcome_text", "regression_did_headline", "rt"]

EN: dict[str, str] = {
    "design.did_2x2": "2×2 regression DiD",
    "design.twfe": "two-way fixed-effects DiD",
    "headline": "{label}: {design} {est} on the {outcome} ({ci}), {n} rows",
    "headline.none": (
        "{label}: {design} point estimate {est} on the {outcome}, {n} rows; no valid "
        "sampling interval exists: {reason}"
    ),
    "ci": "{level}% CI {lo} to {hi}; {p}; {inference}",
    "relative": " (relative: {rel})",
    "inference.cluster": "cluster-robust CR1 SEs, {g} clusters",
    "inference.wild_bootstrap": "wild cluster bootstrap (Webb weights), {g} clusters",
    "inference.classical": "classical SEs",
    "inference.hc1": "heteroskedasticity-robust HC1 SEs",
    "inference.none": "no interval",
    "reason.one_comparison_unit": (
        "with a single comparison unit the estimate is the difference of two before/after "
        "changes, and nothing in the data measures how much it would vary by chance"
    ),
    "reason.one_treated_unit": (
        "with a single treated unit and no clusters within it, cluster-robust and "
        "wild-bootstrap intervals are not valid; the permutation test over the comparison "
        "units is the inference, where it ran"
    ),
    "reason.few_comparison_clusters": (
        "fewer than two comparison clusters: cluster-robust standard errors are not defined"
    ),
    "reason.few_treated_clusters": (
        "fewer than two treated clusters: cluster-robust standard errors are not valid"
    ),
    "covariates.none": "none",
    "col.design": "design",
    "col.estimate": "estimate",
    "col.interval": "interval",
    "col.se": "standard errors",
    "col.n": "rows",
    "col.clusters": "clusters (treated)",
    "col.r2": "R²",
    "col.covariates": "covariates",
    "heading": "Regression difference-in-differences",
    "outcome.count": "count per unit and {f} (level)",
    "outcome.rate": "rate per unit and {f} (level)",
    "outcome.proportion": "share per unit and {f}",
    "outcome.share_percent": "share in percent as given (effects in percentage points)",
    "outcome.share_fraction": "share as a fraction (0–1) as given",
    "outcome.given": "value as given",
    "outcome.log": "log of the {what}",
    "freq.month": "month",
    "freq.quarter": "quarter",
    "freq.year": "year",
    "freq.week": "week",
    "freq.day": "day",
    "pretrend": "Event study: joint Wald test of the {n} leads, {p} ({status}).",
    "na": "Not run here: {design}: {reason}",
    "na_name.difference-in-differences": "the permutation difference-in-differences "
    "(placebo in space)",
}

ZH: dict[str, str] = {
    "design.did_2x2": "2×2回归双重差分",
    "design.twfe": "双向固定效应双重差分",
    "headline": "{label}：{design}对{outcome}的估计为{est}（{ci}），{n}行",
    "headline.none": (
        "{label}：{design}对{outcome}的点估计为{est}，{n}行；不存在有效的抽样区间：{reason}"
    ),
    "ci": "{level}%置信区间为{lo}至{hi}；{p}；{inference}",
    "relative": "（相对变化：{rel}）",
    "inference.cluster": "聚类稳健标准误（CR1），{g}个聚类",
    "inference.wild_bootstrap": "野聚类自助法（Webb权重），{g}个聚类",
    "inference.classical": "经典标准误",
    "inference.hc1": "异方差稳健标准误（HC1）",
    "inference.none": "无区间",
    "reason.one_comparison_unit": (
        "只有一个对照单位时，估计值是两个前后变化之差，数据中没有可衡量其随机波动的信息"
    ),
    "reason.one_treated_unit": (
        "只有一个试点单位且其内部没有聚类时，聚类稳健区间和野聚类自助法区间都不成立；"
        "推断以对照单位的置换检验为准（若已运行）"
    ),
    "reason.few_comparison_clusters": "对照聚类少于两个：无法计算聚类稳健标准误",
    "reason.few_treated_clusters": "试点聚类少于两个：聚类稳健标准误不成立",
    "covariates.none": "无",
    "col.design": "设计",
    "col.estimate": "估计",
    "col.interval": "区间",
    "col.se": "标准误",
    "col.n": "行数",
    "col.clusters": "聚类（试点）",
    "col.r2": "R²",
    "col.covariates": "协变量",
    "heading": "回归双重差分",
    "outcome.count": "每单位每{f}的计数（水平值）",
    "outcome.rate": "每单位每{f}的率（水平值）",
    "outcome.proportion": "每单位每{f}的比例",
    "outcome.share_percent": "原始百分比份额（效应以百分点计）",
    "outcome.share_fraction": "原始份额（0–1）",
    "outcome.given": "原始数值",
    "outcome.log": "{what}的对数",
    "freq.month": "月",
    "freq.quarter": "季度",
    "freq.year": "年",
    "freq.week": "周",
    "freq.day": "日",
    "pretrend": "事件研究：{n}个提前期系数的联合Wald检验，{p}（{status}）。",
    "na": "此处未运行：{design}：{reason}",
    "na_name.difference-in-differences": "置换检验双重差分（空间安慰剂）",
}

_TEXT = {"en": EN, "zh": ZH}


def rt(lang: str, key: str, **fields: object) -> str:
    """A phrase of this module's tables."""
    return phrase(_TEXT, lang, key, **fields)


def no_interval_text(res: RegressionDiD, lang: str = "en") -> str:
    """Why no valid sampling interval exists ('' when one does)."""
    return rt(lang, f"reason.{res.no_interval_reason}") if res.no_interval_reason else ""


def outcome_text(res: RegressionDiD, lang: str = "en") -> str:
    """What the regression's outcome is, in ``lang`` (the stored English text where the
    result carries no outcome code)."""
    if not res.outcome_code or f"outcome.{res.outcome_code}" not in EN:
        return res.outcome
    key = f"freq.{res.frequency}"
    f = rt(lang, key) if key in EN else res.frequency
    what = rt(lang, f"outcome.{res.outcome_code}", f=f)
    return rt(lang, "outcome.log", what=what) if res.scale == "log" else what


def inference_text(res: RegressionDiD, lang: str = "en") -> str:
    """The inference used, in a few words."""
    q = Quoter(lang)
    g = q.count(res.n_clusters) if res.n_clusters is not None else ""
    return rt(lang, f"inference.{res.inference}", g=g)


def _estimate(res: RegressionDiD, q: Quoter) -> tuple[str, str, str]:
    """The estimate, its bounds and the relative effect, on the outcome's scale."""
    if res.scale == "log":
        d = decimals_for(
            res.relative_conf_low, res.relative_conf_high, estimate=res.relative_estimate
        )
        est = q.pct(res.relative_estimate, d)
        lo = q.pct(res.relative_conf_low, d) if res.has_interval else ""
        hi = q.pct(res.relative_conf_high, d) if res.has_interval else ""
        return est, lo, hi
    d = decimals_for(
        res.conf_low, res.conf_high, scale=1.0, default=2, max_decimals=4, estimate=res.estimate
    )
    if not res.has_interval:
        d = 2 if abs(res.estimate) >= 1 else 4
    est = q.num(res.estimate, d)
    if not res.has_interval:
        return est, "", ""
    return est, q.num(res.conf_low, d), q.num(res.conf_high, d)


def regression_did_headline(res: RegressionDiD, lang: str = "en") -> str:
    """'Fraud: two-way fixed-effects DiD −1.07 on the count per unit and month (95% CI …)'
    or, without a valid interval, the point estimate and the reason."""
    q = Quoter(lang)
    label = label_for(lang, res.label, res.label_zh or None)
    design = rt(lang, f"design.{res.design}")
    est, lo, hi = _estimate(res, q)
    if res.scale != "log" and math.isfinite(res.relative_estimate):
        d = decimals_for(res.relative_conf_low, res.relative_conf_high)
        est += rt(lang, "relative", rel=q.pct(res.relative_estimate, d))
    n = q.count(res.n_obs)
    if not res.has_interval:
        text = rt(
            lang,
            "headline.none",
            label=label,
            design=design,
            est=est,
            outcome=outcome_text(res, lang),
            n=n,
            reason=no_interval_text(res, lang),
        )
        return text + t(lang, "end")
    ci = rt(
        lang,
        "ci",
        level=f"{(1 - res.alpha) * 100:g}",
        lo=lo,
        hi=hi,
        p=p_phrase(res.p_value, q),
        inference=inference_text(res, lang),
    )
    text = rt(
        lang,
        "headline",
        label=label,
        design=design,
        est=est,
        outcome=outcome_text(res, lang),
        ci=ci,
        n=n,
    )
    return text + t(lang, "end")
