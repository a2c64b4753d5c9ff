"""Every word a figure draws, English and Simplified Chinese: titles, axis labels, legend
entries, tick labels of categories and annotations.

The figures in :mod:`analysis.pictures` look their words up here (``fw(lang, key)``), so
a Chinese report gets Chinese figures and no figure word is written in two places. Axis
labels follow one pattern: the indicator's label and its unit with the period, e.g.
"Telecom-fraud incidents reported (incidents per month)" / "电信诈骗警情（起/月）".
"""

from __future__ import annotations

import re

from analysis.narrative.vocab import phrase

__all__ = [
    "WORDS",
    "design_label",
    "figure_lang",
    "fw",
    "measure_label",
    "per_period",
    "period_text",
    "specification_label",
    "value_label",
]

_EN: dict[str, str] = {
    # the ITS / STS path
    "observed": "observed",
    "fitted": "fitted",
    "fitted_pre": "fitted (pre-period)",
    "counterfactual": "counterfactual",
    "pred_band": "{level} prediction band",
    "conf_band": "{level} confidence band",
    "excluded": "left out of the fit",
    "log_note": "fitted on the log scale, shown back-transformed",
    "pilot_start": "pilot start ({period})",
    "model_break": "model break ({period})",
    "milestone": "{label} ({period})",
    "recording_change": "recording change: {label} ({period})",
    "wave": "wave {n} adopts ({period})",
    "title_design": "{label}: {design}",
    "outcome": "outcome",
    "outcome_generic": "Outcome",
    # axes
    "axis.M": "Month",
    "axis.Q": "Quarter",
    "axis.Y": "Year",
    "axis.period": "Period",
    "per.M": "per month",
    "per.Q": "per quarter",
    "per.Y": "per year",
    "per.none": "",
    "ylabel": "{label} ({unit})",
    "ylabel_share": "{label} (% of {unit})",
    "ylabel_share_nounit": "{label} (%)",
    "unit_per": "{unit} {per}",
    "effect_axis": "Effect ({unit})",
    "effect_axis_generic": "Effect (outcome units)",
    "effect_pp": "Effect (percentage points)",
    "gap_axis": "Gap, observed − synthetic ({unit})",
    "relative_axis": "Relative effect (%), with its interval",
    "months_since": "Months since adoption",
    "quarters_since": "Quarters since adoption",
    "years_since": "Years since adoption",
    "periods_since": "Periods since adoption",
    "periods_relative": "Periods relative to adoption",
    "adoption_line": "adoption",
    "cohort": "adopted {period}",
    "calendar_period": "Period",
    # series
    "treated": "pilot",
    "comparison": "comparison",
    "who_one": "{group} ({units})",
    "who_many": "{group}, {measure} (n = {n})",
    "mean_per_unit": "mean per unit",
    "pooled": "pooled",
    "measure.mean per unit": "mean per unit",
    "measure.pooled share": "pooled share",
    "measure.pooled": "pooled",
    "measure.value": "value",
    "measure.pooled_rate": "pooled rate per {per}",
    "level_axis": "{label} ({unit}, level over the window)",
    "level_axis_nounit": "{label} (level over the window)",
    "before_window": "before: {span}",
    "after_window": "after: {span}",
    # intervals and bands
    "ci": "{level} interval",
    "pointwise": "{level} pointwise interval",
    "uniform_band": "{level} uniform band",
    "no_interval": "no valid interval",
    "truncated": "interval continues to {value}",
    "overall": "overall",
    "reference_period": "reference period (0 by construction)",
    "pretrend_title": "Pre-trend test p = {p}",
    # designs
    "design.naive": "before/after (pilot only)",
    "design.difference-in-differences": "difference-in-differences",
    "design.controlled interrupted time series": "controlled interrupted time series",
    "design.synthetic control": "synthetic control",
    "design.interrupted time series": "interrupted time series",
    "design.structural time series": "structural time series",
    "design.regression difference-in-differences": "regression difference-in-differences",
    "design.staggered": "staggered adoption (Callaway–Sant'Anna)",
    "design.its": "interrupted time series",
    "design.sts": "structural time series",
    "design.did_2x2": "2×2 difference-in-differences",
    "design.twfe": "two-way fixed effects DiD",
    "design.controlled_its": "controlled interrupted time series",
    "uses_comparison": "uses comparison units",
    "pilot_only": "pilot unit(s) only",
    # controlled ITS terms
    "cits.level": "level change",
    "cits.slope": "slope change",
    "cits.post": "post-period difference",
    # synthetic control
    "synthetic": "synthetic {unit}",
    "gap": "observed − synthetic",
    "placebo_units": "comparison units as placebos",
    "all_donors": "all donors",
    "without": "without {unit}",
    # permutation DiD
    "placebo_pilots": "comparison units as placebo pilots",
    "pilot_unit": "pilot unit",
    "studentized": "Change relative to the other units (log scale, in standard errors)",
    # Bacon decomposition
    "bacon.weight": "Weight in the two-way fixed-effects estimate",
    "bacon.estimate": "2×2 DiD estimate ({unit})",
    "bacon.twfe": "two-way fixed-effects estimate",
    "bacon.treated vs never treated": "adopters vs never adopters",
    "bacon.earlier vs later (not yet treated)": "earlier vs later adopters (not yet adopted)",
    "bacon.later vs earlier (already treated)": "later vs earlier adopters (already adopted)",
    "effect_log": "Effect on the log scale",
    "cohort_index": "cohort {g}",
    # checks
    "placebo_axis": "Start",
    "real_start": "real start",
    "placebo_start": "placebo start",
    "baseline": "baseline",
    "power": "Power",
    "planted": "Planted {direction} (%)",
    "planted_pp": "Planted {direction} (percentage points)",
    "pct": "{v}%",
    "pp": "{v} percentage points",
    "target_power": "target power {p}",
    "mde": "minimum detectable effect {v}",
    "direction.decrease": "decrease",
    "direction.increase": "increase",
    # claims
    "claim_figures": "Claim figures",
}

_ZH: dict[str, str] = {
    "observed": "实际值",
    "fitted": "拟合值",
    "fitted_pre": "拟合值（试点前）",
    "counterfactual": "反事实值",
    "pred_band": "{level}预测区间",
    "conf_band": "{level}置信区间",
    "excluded": "未纳入拟合",
    "log_note": "在对数尺度上拟合，图中已换算回原尺度",
    "pilot_start": "试点开始（{period}）",
    "model_break": "模型断点（{period}）",
    "milestone": "{label}（{period}）",
    "recording_change": "统计口径变化：{label}（{period}）",
    "wave": "第{n}批开始（{period}）",
    "title_design": "{label}：{design}",
    "outcome": "结果",
    "outcome_generic": "结果指标",
    "axis.M": "月份",
    "axis.Q": "季度",
    "axis.Y": "年份",
    "axis.period": "时期",
    "per.M": "月",
    "per.Q": "季度",
    "per.Y": "年",
    "per.none": "",
    "ylabel": "{label}（{unit}）",
    "ylabel_share": "{label}（%）",
    "ylabel_share_nounit": "{label}（%）",
    "unit_per": "{unit}/{per}",
    "effect_axis": "效应（{unit}）",
    "effect_axis_generic": "效应（结果单位）",
    "effect_pp": "效应（百分点）",
    "gap_axis": "实际值与合成值之差（{unit}）",
    "relative_axis": "相对效应（%）及其区间",
    "months_since": "实施后月数",
    "quarters_since": "实施后季度数",
    "years_since": "实施后年数",
    "periods_since": "实施后期数",
    "periods_relative": "相对实施的期数",
    "adoption_line": "实施",
    "cohort": "{period}实施",
    "calendar_period": "时期",
    "treated": "试点",
    "comparison": "对照",
    "who_one": "{group}（{units}）",
    "who_many": "{group}，{measure}（{n}个）",
    "mean_per_unit": "单位平均",
    "pooled": "合计",
    "measure.mean per unit": "单位平均",
    "measure.pooled share": "合计比例",
    "measure.pooled": "合计",
    "measure.value": "数值",
    "measure.pooled_rate": "合计比率（每{per}）",
    "level_axis": "{label}（{unit}，窗口期水平）",
    "level_axis_nounit": "{label}（窗口期水平）",
    "before_window": "试点前：{span}",
    "after_window": "试点后：{span}",
    "ci": "{level}区间",
    "pointwise": "{level}逐点区间",
    "uniform_band": "{level}一致置信带",
    "no_interval": "无有效区间",
    "truncated": "区间延伸至{value}",
    "overall": "总体",
    "reference_period": "参照期（按定义为0）",
    "pretrend_title": "试点前趋势检验 p = {p}",
    "design.naive": "前后对比（仅试点单位）",
    "design.difference-in-differences": "双重差分",
    "design.controlled interrupted time series": "有对照的中断时间序列",
    "design.synthetic control": "合成控制法",
    "design.interrupted time series": "中断时间序列",
    "design.structural time series": "结构时间序列",
    "design.regression difference-in-differences": "回归双重差分",
    "design.staggered": "分批实施（Callaway–Sant'Anna估计）",
    "design.its": "中断时间序列",
    "design.sts": "结构时间序列",
    "design.did_2x2": "2×2双重差分",
    "design.twfe": "双向固定效应双重差分",
    "design.controlled_its": "有对照的中断时间序列",
    "uses_comparison": "使用对照单位",
    "pilot_only": "仅试点单位",
    "cits.level": "水平变化",
    "cits.slope": "斜率变化",
    "cits.post": "试点后差异",
    "synthetic": "合成{unit}",
    "gap": "实际值减合成值",
    "placebo_units": "作为安慰剂的对照单位",
    "all_donors": "全部供体",
    "without": "去掉{unit}",
    "placebo_pilots": "作为安慰剂试点的对照单位",
    "pilot_unit": "试点单位",
    "studentized": "相对其他单位的变化（对数尺度，以标准误计）",
    "bacon.weight": "在双向固定效应估计中的权重",
    "bacon.estimate": "2×2双重差分估计（{unit}）",
    "bacon.twfe": "双向固定效应估计",
    "bacon.treated vs never treated": "实施单位对从未实施单位",
    "bacon.earlier vs later (not yet treated)": "先实施对后实施（尚未实施）",
    "bacon.later vs earlier (already treated)": "后实施对先实施（已实施）",
    "effect_log": "对数尺度上的效应",
    "cohort_index": "第{g}期实施",
    "placebo_axis": "开始时间",
    "real_start": "真实开始时间",
    "placebo_start": "安慰剂开始时间",
    "baseline": "基准设定",
    "power": "检验效能",
    "planted": "设定的{direction}幅度（%）",
    "planted_pp": "设定的{direction}幅度（百分点）",
    "pct": "{v}%",
    "pp": "{v}个百分点",
    "target_power": "目标效能{p}",
    "mde": "最小可检测效应{v}",
    "direction.decrease": "下降",
    "direction.increase": "上升",
    "claim_figures": "通报数字个数",
}

WORDS: dict[str, dict[str, str]] = {"en": _EN, "zh": _ZH}


def figure_lang(lang: str) -> str:
    """The language a figure is drawn in: ``zh`` for a Chinese report, English for ``en``
    and ``both`` (a figure carries one language; ``both`` pages get English figures);
    any other value is an error naming the allowed ones."""
    if lang not in ("en", "zh", "both"):
        raise ValueError(f"lang must be 'en', 'zh' or 'both', got {lang!r}")
    return "zh" if lang == "zh" else "en"


def fw(lang: str, key: str, **fields: object) -> str:
    """The figure word ``key`` in ``lang`` (``both`` is drawn in English)."""
    return phrase(WORDS, figure_lang(lang), key, **fields)


def measure_label(measure: str, lang: str) -> str:
    """A series' measure ("mean per unit", "pooled share", "pooled rate per 1,000") in
    ``lang`` (an unknown one unchanged)."""
    if m := re.fullmatch(r"pooled rate per (.+)", measure):
        return fw(lang, "measure.pooled_rate", per=m.group(1))
    table = WORDS[figure_lang(lang)]
    return table.get(f"measure.{measure}", measure)


_SPEC_ZH = {
    "dimension": {
        "hac_lag": "Newey–West滞后阶数",
        "se": "标准误",
        "family": "分布族",
        "seasonality": "季节项",
        "baseline": "基准设定",
    },
    "setting": {
        "hac": "HAC稳健",
        "ar1": "AR(1)误差",
        "ols": "OLS",
        "model": "模型标准误",
        "gaussian": "正态",
        "poisson": "泊松",
        "quasipoisson": "准泊松",
        "negbin": "负二项",
        "none": "无",
        "dummies": "虚拟变量",
        "fourier": "傅里叶项",
        "auto": "自动",
    },
}
_SPEC_EN = {
    "hac_lag": "Newey–West lag",
    "se": "standard errors",
    "family": "family",
    "seasonality": "seasonal terms",
}


def specification_label(dimension: str, setting: str, lang: str) -> str:
    """A sensitivity row's tick label: "family: negbin" / "分布族：负二项"."""
    if dimension == "baseline":
        return fw(lang, "baseline")
    if figure_lang(lang) == "en":
        return f"{_SPEC_EN.get(dimension, dimension)}: {setting}"
    m = re.fullmatch(r"lag (\d+)( \(rule\))?", setting)
    if m:
        text = f"滞后{m.group(1)}阶" + ("（经验规则）" if m.group(2) else "")
    else:
        text = _SPEC_ZH["setting"].get(setting, setting)
    return f"{_SPEC_ZH['dimension'].get(dimension, dimension)}：{text}"


def design_label(design: str, lang: str) -> str:
    """A design's name for a tick label or title (its own name where none is given)."""
    key = f"design.{design}"
    table = WORDS[figure_lang(lang)]
    return table.get(key, design)


_MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_text(period: str, lang: str) -> str:
    """A period label as a reader writes it: ``2021-05`` → "May 2021" / "2021年5月",
    ``2021Q1`` → "2021 Q1" / "2021年第1季度", ``2021`` → "2021" / "2021年"; anything
    else unchanged."""
    zh = figure_lang(lang) == "zh"
    p = str(period)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", p):
        y, mo = m.group(1), int(m.group(2))
        return f"{y}年{mo}月" if zh else f"{_MONTH_EN[mo - 1]} {y}"
    if m := re.fullmatch(r"(\d{4})Q([1-4])", p):
        return f"{m.group(1)}年第{m.group(2)}季度" if zh else f"{m.group(1)} Q{m.group(2)}"
    if re.fullmatch(r"\d{4}", p):
        return f"{p}年" if zh else p
    return p


def per_period(unit: str, freq: str | None, lang: str, *, stock: bool = False) -> str:
    """A unit with its period: "incidents per month" / "起/月"; a stock (a level at a
    date, not a flow) and a series without a known frequency keep the bare unit."""
    code = (freq or "")[:1].upper()
    code = "Y" if code == "A" else code
    if stock or code not in ("M", "Q", "Y"):
        return unit
    per = fw(lang, f"per.{code}")
    return fw(lang, "unit_per", unit=unit, per=per) if unit else per


def value_label(label: str, unit: str, freq: str | None, lang: str, kind: str = "") -> str:
    """The y-axis label of an indicator's values: label and unit with the period
    ("Telecom-fraud incidents reported (incidents per month)", "电信诈骗警情（起/月）");
    a share names what it is a share of; a stock has no period."""
    if kind in ("proportion", "share"):
        if unit:
            return fw(lang, "ylabel_share", label=label, unit=unit)
        return fw(lang, "ylabel_share_nounit", label=label)
    if figure_lang(lang) == "en" and "per " in unit:
        tail = unit[unit.index("per ") :]  # "complaints per 1,000 households"
        if tail.lower() in label.lower():  # the label says it already: the period alone
            unit = ""
    text = per_period(unit, freq, lang, stock=kind == "stock")
    return fw(lang, "ylabel", label=label, unit=text) if text else label
