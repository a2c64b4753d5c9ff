"""The report page's own words — headings, table headers, captions, summaries, status
words, notes — in English and Chinese, so that a page is in one language at a time.

The sections and tables of :mod:`analysis.report` look every reader-facing word up here
(:func:`pw`), never hard-code it. The estimators' stored one-line descriptions (a model's
name, a diagnostic's label, a horizon's label, a design's name) are English; the
functions below give their Chinese on a Chinese page, built from the result's own fields
where it has them and from a fixed table of the fragments the estimators write otherwise
(a fragment without a translation stays as written, so nothing is lost).

Chinese conventions: full-width punctuation （）：，；, 百分点 for differences of shares,
measure words (个, 期, 条), design names in Chinese (有对照的中断时间序列, never
"controlled interrupted time series" inside a Chinese sentence). Proper names of tests
and estimators (Ljung–Box, Durbin–Watson, Callaway–Sant'Anna, TWFE) keep their names.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.narrative.vocab import phrase
from analysis.results.indicators import NOTE_DESCRIPTIVE

__all__ = [
    "TABLES",
    "check_label",
    "design_label",
    "horizon_label",
    "model_name",
    "pw",
    "reason_text",
    "stag_explanation",
    "zh_fragments",
]

TABLES: dict[str, dict[str, str]] = {
    "en": {
        # notebook-level section headings and their intros
        "h.summary": "Summary: the claims and what the evidence shows",
        "h.summary_intro": "Each headline claim as written in the source, how it was read, the "
        "figure recomputed from the data, a verdict, and the adjusted estimate of the "
        "pilot's effect beside it.",
        "h.administrative": "Administrative figures",
        "h.administrative_intro": "Figures kept by the administration (register sizes, counts "
        "of measures taken). They are complete counts, not samples, so they carry no "
        "sampling interval; shares are recomputed from their numerator and denominator.",
        "h.methods": "Methods and assumptions",
        "h.data": "Data appendix",
        "contents": "Contents",
        "switch": "中文版",
        "switch_title": "Read this report in Chinese",
        # cells and ranges
        "range": "{lo} to {hi}",
        "pp": "{x} pp",
        "per_rate": "{x} per {per}",
        "too_few": "too few values for an interval",
        "no_sampling": "no sampling error",
        "unbounded": "unbounded",
        "of": "{num} of {den}",
        "ratio_suffix": " (ratio)",
        # groups
        "pilot_named": "Pilot: {names}",
        "pilot_units_n": "Pilot units ({n})",
        "comparison_units_n": "Comparison units ({n})",
        "who.treated": "pilot",
        "who.comparison": "comparison units",
        "role.treated": "pilot",
        "role.comparison": "comparison",
        "unit_role": "{unit} ({role})",
        "ratio_row": "Pilot change relative to comparison change (descriptive)",
        # key figures
        "col.indicator": "Indicator",
        "col.after_vs_before": "After vs before",
        "col.pilot_units": "Pilot unit(s)",
        "col.comparison_units": "Comparison units",
        "window_vs": "{after} vs {before}",
        "cap.key_figures": "Before/after change with {level} interval (descriptive)",
        # one indicator's before/after table
        "col.before_span": "Before ({span})",
        "col.after_span": "After ({span})",
        "col.change": "Change",
        "col.interval_level": "{level} interval",
        "col.unit": "Unit",
        "col.before": "Before",
        "col.after": "After",
        "col.interval": "Interval",
        "basis.year_on_year": "same calendar months one year apart",
        "basis.windows": "windows as stated in the spec",
        "definition_line": "{definition}; {basis}. Interval: {method}.",
        "each_unit": "Each unit ({n})",
        # administrative figures
        "col.figure": "Figure",
        "col.value": "Value",
        "col.note": "Note",
        "cap.facts": "Administrative figures (complete counts: no sampling error)",
        # trend models
        "naive_row": "Naive before/after ({after} vs {before})",
        "col.relative": "Relative to counterfactual",
        "col.absolute": "Absolute (per period)",
        "col.cumulative": "Cumulative",
        "col.cumulative_interval": "Cumulative {level} interval",
        "col.diagnostic": "Diagnostic",
        "col.result": "Result",
        "col.meaning": "What it means",
        "cap.diagnostics": "Diagnostics",
        "col.term": "Term",
        "col.term_meaning": "Meaning",
        "col.estimate": "Estimate",
        "col.p": "p-value",
        "cap.coefficients": "Model coefficients",
        "model_line": "Model: {model}; {n_pre} pre-periods and {n_post} post-periods "
        "(start {start}).",
        "se_line": "Standard errors: {se}.",
        "seasonality_line": "Seasonality: {x}.",
        "intervals_line": "Effect intervals: {x}.",
        "details_short": "Method details and diagnostics",
        "details_long": "Method details, coefficients and diagnostics",
        "fig_model_caption": "{label}: {model}.",
        # triangulation
        "col.design": "Design",
        "col.quantity": "Quantity",
        "cap.triangulation": "Triangulation: the pilot's effect by each design",
        # staggered
        "col.estimator": "Estimator",
        "col.effect_unit": "Effect ({unit})",
        "col.comparison": "Comparison",
        "col.n_2x2": "2×2 comparisons",
        "col.weight_twfe": "Weight in TWFE",
        "col.avg_estimate": "Average estimate",
        "cap.bacon": "Where the TWFE estimate ({x}) comes from",
        "stag_explanation": "Two-way fixed effects (TWFE) averages every 2×2 comparison in the "
        "data, including comparisons that use already-treated units as controls; when effects "
        "grow with time since adoption or differ by wave, those comparisons pull the TWFE "
        "estimate away from any average effect (Goodman-Bacon 2021). Callaway–Sant'Anna "
        "compares each adoption wave only with never-treated units, period by period, and then "
        "averages.",
        # data appendix
        "col.source": "source",
        "col.file": "file",
        "col.shape": "shape",
        "shape.panel": "panel",
        "shape.events": "events",
        "shape.facts": "facts",
        "shape.microdata": "microdata",
        "shape.wide": "wide",
        "col.units": "units",
        "col.first": "first period",
        "col.last": "last period",
        "col.rows": "rows",
        "col.encoding": "encoding",
        "col.sha256": "sha256",
        "enc.binary": "binary",
        # validation
        "valid_ok": "Validation: no problems found in the spec or data.",
        "valid_counts": "Validation: {e} error(s), {w} warning(s), {n} note(s).",
        "valid_column": "column",
        "valid_rows": "row(s)",
        "sev.error": "error",
        "sev.warning": "warning",
        "sev.info": "info",
        # provenance footer
        "prov.heading": "Provenance",
        "prov.spec": "Study spec",
        "prov.data_file": "Data file",
        "prov.rows": " · {n} rows",
        "prov.parameters": "Parameters",
        "prov.defaults": "defaults",
        "prov.seed": "Seed",
        "prov.packages": "Packages",
        "prov.code": "Code version",
        "prov.unknown": "unknown",
        "prov.dirty": " (working tree had uncommitted changes)",
        "prov.run": "Run",
        "prov.run_value": "{a} to {b}",
        "prov.warnings": "Warnings raised",
        "prov.notebook": "executed notebook",
        "prov.rerun": "Re-run this report:",
        "prov.verify": "Confirm that a re-run gives identical results:",
        "prov.files": "Files: ",
    },
    "zh": {
        "h.summary": "摘要：各项说法与证据",
        "h.summary_intro": "每一项说法按原文列出，并给出如何理解、由数据重新计算的数字、核查结论，"
        "以及旁边经调整的试点效果估计。",
        "h.administrative": "行政统计数字",
        "h.administrative_intro": "由行政部门记录的数字（登记规模、采取措施的次数）。它们是全数统计"
        "而非抽样，因此没有抽样区间；占比由其分子和分母重新计算。",
        "h.methods": "方法与假设",
        "h.data": "数据附录",
        "contents": "目录",
        "switch": "English",
        "switch_title": "阅读本报告的英文版",
        "range": "{lo} 至 {hi}",
        "pp": "{x} 个百分点",
        "per_rate": "每{per} {x}",
        "too_few": "数值过少，无法给出区间",
        "no_sampling": "无抽样误差",
        "unbounded": "无上界",
        "of": "{den} 中的 {num}",
        "ratio_suffix": "（比率）",
        "pilot_named": "试点：{names}",
        "pilot_units_n": "试点单位（{n} 个）",
        "comparison_units_n": "对照单位（{n} 个）",
        "who.treated": "试点",
        "who.comparison": "对照单位",
        "role.treated": "试点",
        "role.comparison": "对照",
        "unit_role": "{unit}（{role}）",
        "ratio_row": "试点变化相对于对照变化（描述性）",
        "col.indicator": "指标",
        "col.after_vs_before": "前后时段",
        "col.pilot_units": "试点单位",
        "col.comparison_units": "对照单位",
        "window_vs": "{after} 对比 {before}",
        "cap.key_figures": "前后变化及其 {level} 区间（描述性）",
        "col.before_span": "之前（{span}）",
        "col.after_span": "之后（{span}）",
        "col.change": "变化",
        "col.interval_level": "{level} 区间",
        "col.unit": "单位",
        "col.before": "之前",
        "col.after": "之后",
        "col.interval": "区间",
        "basis.year_on_year": "同比（相隔一年的相同月份）",
        "basis.windows": "按研究设定的时间窗口",
        "definition_line": "{definition}；{basis}。区间：{method}。",
        "each_unit": "各单位（{n} 个）",
        "col.figure": "项目",
        "col.value": "数值",
        "col.note": "说明",
        "cap.facts": "行政统计数字（全数统计：无抽样误差）",
        "naive_row": "简单前后比较（{after} 对比 {before}）",
        "col.relative": "相对反事实",
        "col.absolute": "绝对值（每期）",
        "col.cumulative": "累计",
        "col.cumulative_interval": "累计 {level} 区间",
        "col.diagnostic": "诊断",
        "col.result": "结果",
        "col.meaning": "含义",
        "cap.diagnostics": "诊断检查",
        "col.term": "项",
        "col.term_meaning": "含义",
        "col.estimate": "估计值",
        "col.p": "p 值",
        "cap.coefficients": "模型系数",
        "model_line": "模型：{model}；试点前 {n_pre} 期，试点后 {n_post} 期（开始于 {start}）。",
        "se_line": "标准误：{se}。",
        "seasonality_line": "季节性：{x}。",
        "intervals_line": "效果区间：{x}。",
        "details_short": "方法细节与诊断",
        "details_long": "方法细节、模型系数与诊断",
        "fig_model_caption": "{label}：{model}。",
        "col.design": "设计",
        "col.quantity": "估计的量",
        "cap.triangulation": "三角验证：各设计估计的试点效果",
        "col.estimator": "估计量",
        "col.effect_unit": "效果（{unit}）",
        "col.comparison": "比较类型",
        "col.n_2x2": "二乘二比较数",
        "col.weight_twfe": "在 TWFE 中的权重",
        "col.avg_estimate": "平均估计值",
        "cap.bacon": "TWFE 估计值（{x}）的来源",
        "stag_explanation": "双向固定效应（TWFE）对数据中所有二乘二比较取平均，"
        "其中包括把已试点单位当作对照的比较；当效果随采用后时间增长或因批次而异时，"
        "这些比较会使 TWFE 估计偏离任何平均效果（Goodman-Bacon，2021）。"
        "Callaway–Sant'Anna 方法只把每一批与从未试点的单位逐期比较，然后再取平均。",
        "col.source": "数据来源",
        "col.file": "文件",
        "col.shape": "形式",
        "shape.panel": "面板",
        "shape.events": "事件记录",
        "shape.facts": "行政数字",
        "shape.microdata": "个体记录",
        "shape.wide": "宽表",
        "col.units": "单位数",
        "col.first": "首期",
        "col.last": "末期",
        "col.rows": "行数",
        "col.encoding": "编码",
        "col.sha256": "SHA-256",
        "enc.binary": "二进制",
        "valid_ok": "校验：研究设定和数据中未发现问题。",
        "valid_counts": "校验：{e} 个错误，{w} 个警告，{n} 条说明。",
        "valid_column": "列",
        "valid_rows": "行",
        "sev.error": "错误",
        "sev.warning": "警告",
        "sev.info": "说明",
        "prov.heading": "来源与复现",
        "prov.spec": "研究设定",
        "prov.data_file": "数据文件",
        "prov.rows": " · {n} 行",
        "prov.parameters": "参数",
        "prov.defaults": "默认值",
        "prov.seed": "随机种子",
        "prov.packages": "软件包",
        "prov.code": "代码版本",
        "prov.unknown": "未知",
        "prov.dirty": "（工作区有未提交的修改）",
        "prov.run": "运行时间",
        "prov.run_value": "{a} 至 {b}",
        "prov.warnings": "运行中的警告",
        "prov.notebook": "已执行的笔记本",
        "prov.rerun": "重新运行本报告：",
        "prov.verify": "确认重新运行得到相同结果：",
        "prov.files": "文件：",
    },
}


def pw(lang: str, key: str, **fields: object) -> str:
    """The page phrase ``key`` in ``lang`` ('en' or 'zh'; 'both' reads English: a
    page is in one language)."""
    return phrase(TABLES, "zh" if lang == "zh" else "en", key, **fields)


# -- the estimators' stored English, in Chinese ---------------------------------------------

#: Fragments of the estimators' one-line descriptions (model names, seasonality, data
#: shapes, Bacon comparison types, design names), longest first when applied.
_FRAGMENTS_ZH: dict[str, str] = {
    NOTE_DESCRIPTIVE: "描述性：试点组前后的率比除以对照组前后的率比；只计泊松波动，不对趋势建模；"
    "并非因果估计",
    "quasi-Poisson segmented regression": "准泊松分段回归",
    "Poisson segmented regression": "泊松分段回归",
    "negative binomial segmented regression": "负二项分段回归",
    "Gaussian segmented regression": "高斯分段回归",
    "quasi-Poisson trend regression": "准泊松趋势回归",
    "Poisson trend regression": "泊松趋势回归",
    "negative binomial trend regression": "负二项趋势回归",
    "Gaussian trend regression": "高斯趋势回归",
    "(no interruption term)": "（不含中断项）",
    "level + slope change": "水平与斜率变化",
    "level change": "水平变化",
    "slope change": "斜率变化",
    "no change at the start": "开始时无变化",
    "no seasonality": "无季节项",
    "month dummies": "月份虚拟变量",
    "quarter dummies": "季度虚拟变量",
    "further interruption(s)": "个其他中断",
    "offset log(exposure)": "偏移项 log(暴露量)",
    "covariates": "协变量",
    "log(y), shown back-transformed": "log(y)，回变换后显示",
    "structural time series": "结构时间序列",
    "local linear trend": "局部线性趋势",
    "local level": "局部水平",
    "trigonometric seasonal": "三角函数季节项",
    "harmonics": "个谐波",
    "regressors": "个回归变量",
    "regressor": "个回归变量",
    "comparison_mean": "对照均值",
    "fitted on the pre-period": "用试点前时期拟合",
    "fitted on the whole series": "用整个序列拟合",
    "log scale": "对数尺度",
    "trigonometric, period": "三角函数，周期",
    "stochastic (one common variance)": "随机（共用一个方差）",
    "treated vs never treated": "试点单位对比从未试点单位",
    "earlier vs later (not yet treated)": "较早批次对比较晚批次（尚未试点）",
    "later vs earlier (already treated)": "较晚批次对比较早批次（已试点）",
    "Callaway–Sant'Anna, simple": "Callaway–Sant'Anna，简单平均",
    "Callaway–Sant'Anna, by wave": "Callaway–Sant'Anna，按批次",
    "Callaway–Sant'Anna, by time since adoption": "Callaway–Sant'Anna，按采用后时间",
    "two-way fixed effects": "双向固定效应",
    "per unit per period": "每单位每期",
    "per period": "每期",
    "per unit": "每单位",
    "households": "户",
    "total over window": "窗口内合计",
    "Σnumerator / Σdenominator": "Σ分子 / Σ分母",
    "Σcount / Σexposure": "Σ计数 / Σ暴露量",
    "value at the window's last period": "窗口最后一期的数值",
    "mean over the window": "窗口内均值",
    "summed over units": "各单位加总",
    "administrative figure: no sampling error": "行政统计数据，无抽样误差",
    "exact conditional (Clopper–Pearson)": "精确条件法（Clopper–Pearson）",
    "Newcombe hybrid score": "Newcombe混合得分法",
    "administrative stock: no sampling error": "行政存量数据，无抽样误差",
    "complete count (census) of the register: no sampling error": "登记册全数统计，无抽样误差",
}
_SPAN = r"(\d{4}(?:-\d{2})?)\.\.(\d{4}(?:-\d{2})?)"
#: Whole phrases of the triangulation's quantities, with their periods.
_PATTERNS_ZH: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (
            rf"before/after change at the pilot unit\(s\), {_SPAN} vs {_SPAN} \(descriptive\)",
            r"试点单位的前后变化，\1 至 \2 对比 \3 至 \4（描述性）",
        ),
        (
            rf"change relative to the comparison units, {_SPAN} vs {_SPAN}",
            r"相对于对照单位的变化，\1 至 \2 对比 \3 至 \4",
        ),
        (
            r"post-period average extra change of the pilot beyond the comparison units' "
            r"change, relative to its counterfactual",
            "试点后各期平均：试点超出对照单位变化的部分，相对于其反事实",
        ),
        (
            r"post-period average gap relative to the synthetic unit",
            "试点后各期平均：与合成单位的差距（相对值）",
        ),
        (
            r"^(month|quarter|year) (\d+) of the pilot, relative to the counterfactual$",
            r"试点第 \2 期，相对于反事实",
        ),
        (r"^post-period average, relative to the counterfactual$", "试点后各期平均，相对于反事实"),
        (
            rf"two-way fixed effects on the (count|share|rate|stock)[^,]*?(?: per unit and month)?"
            rf"(?: \(level\))?(?: \([^)]*\))?(?: per unit and month)?, {_SPAN} vs {_SPAN}, "
            r"relative to the counterfactual",
            lambda m: (
                f"双向固定效应（{_KIND_ZH[m.group(1)]}），{m.group(2)} 至 {m.group(3)} 对比 "
                f"{m.group(4)} 至 {m.group(5)}，相对于反事实"
            ),
        ),
        (r"^pilot series alone$", "只用试点序列"),
        (r"^comparison units' mean as control series$", "以对照单位均值为控制序列"),
    )
)
_KIND_ZH = {"count": "计数", "share": "占比", "rate": "率", "stock": "存量"}
_FRAGMENT_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_FRAGMENTS_ZH, key=len, reverse=True))
)
_PERIOD_ZH = {"month": "月", "quarter": "季度", "year": "年", "week": "周", "day": "日"}


def _full_width(text: str) -> str:
    """ASCII brackets, commas, semicolons and colons of a Chinese phrase made full-width
    (a comma between digits, as in 1,000, and a bracket of a formula such as log(y) or
    Fourier(2) are kept)."""
    out = re.sub(r"(?<![A-Za-z0-9])\(([^()]*)\)", r"（\1）", text)
    out = re.sub(r"(?<!\d),(?!\d)\s*", "，", out)
    out = re.sub(r";\s*", "；", out)
    out = re.sub(r"(?<=[^\x00-\x7f）]):\s*|:\s+", "：", out)
    return re.sub(r"\s*([（），；：])\s*", r"\1", out)


#: Two or more Latin words in a row: English prose left over after translation.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*)+")


def zh_fragments(text: str, lang: str) -> str:
    """``text`` (an estimator's stored English description) in ``lang``: for Chinese,
    every known fragment translated and the punctuation made full-width — or, when some
    of it has no translation, the English as stored (a half-translated phrase reads
    worse than either language)."""
    if lang != "zh" or not text:
        return text
    for pattern, repl in _PATTERNS_ZH:
        text_zh = pattern.sub(repl, text)
        if text_zh != text:
            text = text_zh
    out = _FRAGMENT_RE.sub(lambda m: _FRAGMENTS_ZH[m.group(0)], text)
    out = re.sub(r"Fourier\((\d+)\)", r"傅里叶项（\1 对）", out)
    out = re.sub(r"\((\d+), (\d+) 个谐波\)", r"（周期 \1，\2 个谐波）", out)
    out = re.sub(r"(\d+) 个回归变量", r"\1 个回归变量", out)
    for en, zh in _PERIOD_ZH.items():
        out = out.replace(f"per {en}", f"每{zh}")
    out = _full_width(out)
    return text if _ENGLISH_RUN.search(out) else out


def model_name(model: str, lang: str) -> str:
    """A fitted model's one-line name (``EffectResult.model``) in ``lang``."""
    return zh_fragments(model, lang)


#: A diagnostic's name (``CheckResult.name``) in Chinese; the English label's own
#: parenthesis (test name, number of lags, horizon) follows, with its words translated.
_CHECK_ZH = {
    "ljung_box": "残差自相关",
    "breusch_godfrey": "残差自相关",
    "durbin_watson": "Durbin–Watson 统计量",
    "overdispersion": "过度离散（Pearson 离散度）",
    "pre_fit": "试点前时期的拟合",
    "fit": "相对于带漂移随机游走的拟合（Harvey 拟合优度 R²）",
    "convergence": "优化收敛",
    "parameter_uncertainty": "参数不确定性（方差的重要性抽样）",
    "placebo_in_time": "时间安慰剂检验",
    "sensitivity": "相对效果的敏感性",
}
_CHECK_PARTS_ZH = {
    "standardized one-step errors": "标准化一步预测误差",
    "Pearson residuals": "Pearson 残差",
    "whitened (AR(1) innovation) residuals": "白化（AR(1) 新息）残差",
    "Nelder–Mead then BFGS": "先 Nelder–Mead 后 BFGS",
}


def check_label(name: str, label: str, lang: str) -> str:
    """A diagnostic's label in ``lang``: English as stored; Chinese from its name, with
    the lags, horizon or test named in the English label."""
    if lang != "zh" or name not in _CHECK_ZH:
        return label
    head = _CHECK_ZH[name]
    lags = re.search(r"(\d+) lags", label)
    horizon = re.search(r"post-period (\d+)", label)
    test = re.search(r"(Ljung–Box|Breusch–Godfrey)", label)
    extra = [test.group(1)] if test else []
    extra += [zh for en, zh in _CHECK_PARTS_ZH.items() if en in label and name != "convergence"]
    if name == "convergence":
        extra += [zh for en, zh in _CHECK_PARTS_ZH.items() if en in label]
    if lags:
        extra.append(f"{lags.group(1)} 阶滞后")
    if horizon:
        extra.append(f"试点后第 {horizon.group(1)} 期")
    if name in ("overdispersion", "fit", "parameter_uncertainty", "durbin_watson"):
        extra = [e for e in extra if e not in head]
        if name == "durbin_watson" and extra:
            return f"{head}（{'，'.join(extra)}）"
        return head
    return f"{head}（{'，'.join(extra)}）" if extra else head


def horizon_label(label: str, horizon: int, period: str, lang: str) -> str:
    """A trend model's effect horizon (``HorizonEffect.label``) with its period, in
    ``lang``: "month 6 of the pilot (2021-06)" / "试点第 6 个月（2021-06）"."""
    if lang != "zh":
        return f"{label} ({period})" if period and period not in label else label
    if horizon == 0 or label.startswith("post-period average"):
        return f"试点后各期平均（{period.replace(' to ', ' 至 ')}）" if period else "试点后各期平均"
    word = label.split(" ", 1)[0]
    if word in _PERIOD_ZH and "of the pilot" in label:
        unit = "个月" if word == "month" else f"个{_PERIOD_ZH[word]}"
        return f"试点第 {horizon} {unit}（{period}）" if period else f"试点第 {horizon} {unit}"
    return f"开始后第 {horizon} 期（{period}）" if period else f"开始后第 {horizon} 期"


#: The triangulation's design names (``TriangulationRow.design``) in Chinese.
_DESIGN_ZH = {
    "naive": "简单前后比较",
    "interrupted time series": "中断时间序列",
    "structural time series": "结构时间序列",
    "difference-in-differences": "双重差分",
    "regression difference-in-differences": "回归双重差分",
    "controlled interrupted time series": "有对照的中断时间序列",
    "synthetic control": "合成控制法",
}
_DESIGN_EN = {"naive": "naive before/after"}


def stag_explanation(text: str, lang: str) -> str:
    """The staggered estimators' stored explanation (why TWFE and Callaway–Sant'Anna can
    differ) in ``lang``: the Chinese of the fixed English text; other text as stored."""
    if lang == "zh" and text == TABLES["en"]["stag_explanation"]:
        return TABLES["zh"]["stag_explanation"]
    return text


_KINDS = "proportion|stock|share|measure|amount|rate|count"
_KIND_NAMES_ZH = {
    "proportion": "占比",
    "share": "占比",
    "stock": "存量",
    "measure": "测量值",
    "amount": "金额",
    "rate": "率",
    "count": "计数",
}
#: Why a design did not run for an indicator (the applicability rules' stored reasons):
#: (pattern, English without the indicator's internal id, Chinese).
_REASONS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), en, zh)
    for p, en, zh in (
        (
            rf"^indicator '[^']+' is an? ({_KINDS}): the permutation DiD compares counts of "
            r"events over the windows \(Poisson log ratios\); the regression DiD is the "
            r"difference-in-differences for this indicator$",
            "this indicator is a {kind}: the permutation DiD compares counts of events over "
            "the windows (Poisson log ratios); the regression DiD is the "
            "difference-in-differences for this indicator",
            "该指标为{kind}：置换检验双重差分比较的是窗口内的事件计数（泊松对数比）；"
            "本指标的双重差分由回归双重差分给出",
        ),
        (
            rf"^not run for an? ({_KINDS}): it compares event counts$",
            "not run for a {kind}: it compares event counts",
            "不适用于{kind}：该方法比较事件计数",
        ),
        (
            rf"^not run for an? ({_KINDS}): it matches count and rate paths$",
            "not run for a {kind}: it matches count and rate paths",
            "不适用于{kind}：该方法匹配计数和率的走势",
        ),
    )
)


def reason_text(reason: str, lang: str) -> str:
    """Why a design did not run (an applicability rule's stored reason) in ``lang``,
    without the indicator's internal id; a reason without a known form as stored."""
    for pattern, en, zh in _REASONS:
        m = pattern.match(reason)
        if m:
            kind = m.group(1)
            if lang == "zh":
                return zh.format(kind=_KIND_NAMES_ZH[kind])
            return en.format(kind=kind)
    return reason


def design_label(name: str, lang: str) -> str:
    """A design's name as the triangulation stores it, in ``lang``."""
    if lang == "zh":
        return _DESIGN_ZH.get(name, zh_fragments(name, lang))
    return _DESIGN_EN.get(name, name)


_RANGE = re.compile(r"\b(\d{4}-\d{2})\.\.(\d{4}-\d{2})\b")


def readable_ranges(text: str, lang: str = "en") -> str:
    """Month ranges an estimator stored as ``2021-01..2021-09`` in reader words
    ("Jan–Sep 2021" / "2021年1–9月"), and "vs" as "against"; other text as given."""
    from analysis.narrative.descriptive import span

    out = _RANGE.sub(lambda m: span(m.group(1), m.group(2), "M", lang), text)
    return out.replace(" vs ", " against ") if lang != "zh" else out
