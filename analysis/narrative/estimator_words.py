"""The Chinese of the estimators' stored one-line English: diagnostics' details,
coefficients' meanings, standard-error conventions, model notes, and the comparison
designs' method notes.

The estimators store these sentences in English with their numbers in them (a result is
language-free data plus its English description). A Chinese page shows
:func:`estimator_text` of each: the sentence matched against the fixed forms below and
rewritten in Chinese with the same numbers; a sentence of any other form stays as
stored, so nothing is lost or half-translated. Each form is anchored (``^…$``) and its
numbers are captured as written.
"""

from __future__ import annotations

import re

__all__ = ["estimator_text"]

_N = r"([−+\-]?\d[\d.,]*)"  # a number as written (sign, digits, separators)
_P = r"([−+\-]?\d[\d.,]*%)"  # a percentage as written
_Y = r"(\d{4}(?:-\d{2})?)"  # a period

#: (English form, Chinese with the captured groups \1, \2, ...), tried in order.
_FORMS: tuple[tuple[str, str], ...] = (
    # diagnostics
    (
        r"Not applicable: Breusch–Godfrey tests OLS residuals; the AR\(1\) model's "
        r"innovations are checked by Ljung–Box",
        "不适用：Breusch–Godfrey 检验针对 OLS 残差；AR(1) 模型的新息由 Ljung–Box 检验。",
    ),
    (
        r"Not applicable: Breusch–Godfrey tests OLS residuals; the count model's Pearson "
        r"residuals are checked by Ljung–Box",
        "不适用：Breusch–Godfrey 检验针对 OLS 残差；计数模型的 Pearson 残差由 Ljung–Box 检验。",
    ),
    (r"The likelihood maximisation converged\.", "似然最大化已收敛。"),
    (
        rf"DW = {_N}, inside {_N}–{_N}: no strong first-order autocorrelation\.",
        r"DW = \1，在 \2–\3 之间：没有明显的一阶自相关。",
    ),
    (
        rf"Pre-period fit: steady-state one-step prediction error s\.d\. {_N} \(model scale\); "
        rf"R² = {_N} against a random walk with drift and fixed seasonal changes\.",
        r"试点前拟合：稳态一步预测误差标准差 \1（模型尺度）；相对于带漂移和固定季节变化的随机游走，"
        r"R² = \2。",
    ),
    (
        rf"Pre-period fit: steady-state one-step prediction error s\.d\. {_N} \(model scale\); "
        rf"R² = {_N} against a random walk with drift\.",
        r"试点前拟合：稳态一步预测误差标准差 \1（模型尺度）；相对于带漂移的随机游走，R² = \2。",
    ),
    (
        rf"No autocorrelation detected in the Pearson residuals \(p = {_N}\)\.",
        r"Pearson 残差中未发现自相关（p = \1）。",
    ),
    (
        rf"No autocorrelation detected in the whitened \(AR\(1\) innovation\) residuals "
        rf"\(p = {_N}\)\.",
        r"白化（AR(1) 新息）残差中未发现自相关（p = \1）。",
    ),
    (
        rf"No evidence of autocorrelation left in the pre-period one-step errors "
        rf"\(Q = {_N}, p = {_N}\)\.",
        r"试点前一步预测误差中没有残留自相关的证据（Q = \1，p = \2）。",
    ),
    (
        rf"The Pearson residuals are autocorrelated \(p = {_N}\); the standard errors assume "
        r"independent errors and may be too small; consider se='hac' or se='ar1'\.",
        r"Pearson 残差存在自相关（p = \1）；标准误假设误差独立，可能偏小；可考虑 se='hac' 或 "
        r"se='ar1'。",
    ),
    (
        r"Not applicable: a Gaussian model estimates its variance freely",
        "不适用：高斯模型自由估计其方差。",
    ),
    (
        rf"Pearson dispersion {_N}, estimated and used to scale the intervals "
        r"\(quasi-Poisson\)\.",
        r"Pearson 离散度 \1，已估计并用于缩放区间（准泊松）。",
    ),
    (
        rf"{_N} parameter draws, effective sample size {_N}\.",
        r"参数抽样 \1 次，有效样本量 \2。",
    ),
    (
        rf"{_N} parameter draws, effective sample size {_N}; few draws carry the weight, so "
        r"the intervals are rough: raise n_param_draws\.",
        r"参数抽样 \1 次，有效样本量 \2；权重集中在少数抽样上，区间较粗略：请增大 n_param_draws。",
    ),
    (
        rf"Over the {_N} pre-periods: R² = {_N}, mean absolute percentage error {_P}\.",
        r"试点前 \1 期：R² = \2，平均绝对百分比误差 \3。",
    ),
    # coefficients
    (rf"change in trend after {_Y}: rate ratio per month", r"\1 之后的趋势变化：每月率比"),
    (rf"change in trend per month after {_Y}", r"\1 之后每月的趋势变化"),
    (
        r"control regressor \(smoothed state, end of pre-period\)",
        "控制回归变量（平滑状态，试点前期末）",
    ),
    (rf"level change at {_Y}, start", r"\1（开始）的水平变化"),
    (rf"rate ratio at {_Y}, start", r"\1（开始）的率比"),
    (r"level one period before the first \(intercept\)", "首期前一期的水平（截距）"),
    (r"log rate one period before the first \(intercept\)", "首期前一期的对数率（截距）"),
    (r"pre-period trend per month", "试点前每月趋势"),
    (r"pre-period trend: rate ratio per month", "试点前趋势：每月率比"),
    (rf"seasonal Fourier term \(cos, harmonic {_N}\)", r"季节傅里叶项（余弦，第 \1 谐波）"),
    (rf"seasonal Fourier term \(sin, harmonic {_N}\)", r"季节傅里叶项（正弦，第 \1 谐波）"),
    (
        r"trend after the start: rate ratio per month \(time \+ slope_start\)",
        "开始后的趋势：每月率比（time + slope_start）",
    ),
    (
        r"trend per month after the start \(time \+ slope_start\)",
        "开始后每月的趋势（time + slope_start）",
    ),
    (
        r"variance of the (irregular|level|seasonal) disturbance \(MLE, model scale\)",
        r"\1扰动的方差（极大似然，模型尺度）",
    ),
    # standard errors
    (
        rf"quasi-Poisson: model-based, scaled by the Pearson dispersion X²/\(n−p\) = {_N}; "
        r"normal-quantile Wald intervals",
        r"准泊松：基于模型，按 Pearson 离散度 X²/(n−p) = \1 缩放；正态分位数 Wald 区间",
    ),
    (
        rf"GLS with AR\(1\) errors, ρ by REML \(bounded to ±{_N}; ρ = {_N}\), Kenward–Roger "
        rf"covariance; t\({_N}\) intervals \(the smallest Kenward–Roger df of the "
        r"interruption terms\)",
        r"AR(1) 误差的广义最小二乘，ρ 由 REML 估计（限于 ±\1；ρ = \2），Kenward–Roger 协方差；"
        r"t(\3) 区间（取各中断项 Kenward–Roger 自由度的最小值）",
    ),
    (
        r"state-space forecast distribution \(exact diffuse Kalman filter; regression "
        r"coefficients in the state vector\)",
        "状态空间预测分布（精确扩散卡尔曼滤波；回归系数在状态向量中）",
    ),
    # model notes
    (rf"Control: the mean of {_N} comparison units\.", r"控制序列：\1 个对照单位的均值。"),
    (
        rf"Horizon {_N} is beyond the {_N} post-period\(s\) in the data and was dropped\.",
        r"第 \1 期超出数据中试点后的 \2 期，已略去。",
    ),
    (
        rf"Horizon {_N} is beyond the {_N} post-periods; not reported\.",
        r"第 \1 期超出试点后的 \2 期，不予报告。",
    ),
    (
        r"Outcome: the pooled share Σ numerator / Σ denominator\.",
        "结果变量：合并占比 Σ分子 / Σ分母。",
    ),
    (
        rf"Seasonality 'auto': Fourier terms \({_N} pair\(s\)\) because the monthly series has "
        rf"{_N} pre-periods \(≥ {_N}\)\.",
        r"季节性“自动”：因月度序列有 \2 个试点前时期（≥ \3），使用傅里叶项（\1 对）。",
    ),
    (r"Seasonality 'none'\.", "季节性：无。"),
    (
        r"The control series are assumed unaffected by the pilot; the counterfactual is only "
        r"as good as that assumption\.",
        "假设控制序列不受试点影响；反事实的可靠程度取决于这一假设。",
    ),
    # comparison designs
    (
        r"With one or two treated units, cluster-robust standard errors and the wild cluster "
        r"bootstrap are unreliable; inference comes from how unusual the pilot unit's change "
        r"is among the comparison units\.",
        "只有一两个试点单位时，聚类稳健标准误和野聚类自助法都不可靠；推断依据的是试点单位的变化"
        "在对照单位中有多不寻常。",
    ),
    (
        r"placebo-in-space permutation over comparison units, statistic studentized by its "
        r"Poisson standard error; interval by test inversion",
        "在对照单位上做空间安慰剂置换，统计量按其泊松标准误学生化；区间由检验反演得到",
    ),
    (
        r"one treated unit: no event study \(its cluster-robust pre-trend test has no reliable "
        r"reference distribution with a single treated cluster\)",
        "只有一个试点单位：不做事件研究（只有一个处理聚类时，其聚类稳健的预趋势检验没有可靠的参照分布）",
    ),
    (
        rf"balanced panel: {_N} units × {_N} periods, {_N} rows; fixed effects absorbed by "
        r"two-way demeaning",
        r"平衡面板：\1 个单位 × \2 期，共 \3 行；固定效应通过双向去均值吸收",
    ),
)
_COMPILED = tuple((re.compile(f"^{en}$"), zh) for en, zh in _FORMS)
_DISTURBANCE_ZH = {"irregular": "不规则", "level": "水平", "seasonal": "季节"}


def estimator_text(text: str, lang: str) -> str:
    """``text`` (an estimator's stored English sentence) in ``lang``: its Chinese form
    with the same numbers on a Chinese page when it has one, else as stored."""
    if lang != "zh" or not text:
        return text
    for pattern, zh in _COMPILED:
        m = pattern.match(text)
        if m:
            out = m.expand(zh)
            for en, word in _DISTURBANCE_ZH.items():
                out = out.replace(f"{en}扰动", f"{word}扰动")
            return out
    return text
