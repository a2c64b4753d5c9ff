"""The sentences of a whole study: front-page headlines and trend-model headlines.

Functions of a :class:`~analysis.results.study.StudyResults`; every sentence comes
from :func:`analysis.narrative.api.narrate` and the descriptive module.
"""

from __future__ import annotations

from analysis.narrative.api import narrate
from analysis.narrative.descriptive import narrate_change
from analysis.narrative.front_words import brief_sentence, page_text
from analysis.narrative.sentence import Sentence
from analysis.results.study import StudyResults


def brief_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """One sentence per analysed indicator with an estimate: its ONE preferred estimate of
    the pilot's effect (``StudyResults.preferred``) with the interval and the design —
    the study's headline (the brief, the reports index), never the naive change."""
    iids = list(res.indicators.indicators()) if res.indicators is not None else []
    iids += [i for i in (*res.triangulation, *res.applicable("staggered")) if i not in iids]
    out = []
    for iid in iids:
        pe = res.preferred(iid)
        if pe is not None:
            label = page_text(lang, res.label(iid, lang))
            controls = [page_text(lang, res.label(c, lang)) for c in pe.falsified_by]
            out.append(brief_sentence(pe, label, lang, str(res.spec.frequency), controls))
    return out


def descriptive_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """One descriptive before/after sentence per indicator (not an effect estimate)."""
    if res.indicators is None:
        return []
    return [
        narrate_change(res.indicators.get(iid, "treated"), lang, label=res.label(iid, lang))
        for iid in res.indicators.indicators()
    ]


def effect_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """The estimated effect per indicator where a design estimated one, with every
    design's estimate (triangulation) or the staggered estimators."""
    out = [narrate(tri, lang, label=res.label(iid, lang)) for iid, tri in res.triangulation.items()]
    for iid, st in res.applicable("staggered").items():
        out.append(narrate(st, lang, label=res.label(iid, lang)))
    return out


def headline_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """The front page's sentences in order: the preferred estimate per indicator first
    (the headline), then the descriptive before/after changes, then every design's
    estimates."""
    return [
        *brief_sentences(res, lang),
        *descriptive_sentences(res, lang),
        *effect_sentences(res, lang),
    ]


def headlines(res: StudyResults) -> list[str]:
    """The front-page sentences as text, every language of the report (results.json
    ``headlines``; the preferred estimates lead, so the reports index shows them)."""
    return [s.text for lang in res.langs for s in headline_sentences(res, lang)]


def model_sentences(res: StudyResults, lang: str = "en") -> list[Sentence]:
    """One sentence per fitted trend model."""
    if res.trends is None:
        return []
    return [
        narrate(o, lang, label=res.label(o.indicator, lang))
        for o in res.trends.outcomes
        if o.effect is not None
    ]


def model_headlines(res: StudyResults) -> list[str]:
    """One narrative sentence per fitted trend model, every language of the report."""
    return [s.text for lang in res.langs for s in model_sentences(res, lang)]


def summary_text(res: StudyResults, lang: str = "en") -> str:
    """The study's headline in ``lang``: the preferred estimate per indicator in one
    paragraph; a study no design estimated (descriptive only) gets its before/after
    sentences, which say they are not effects."""
    sents = brief_sentences(res, lang) or descriptive_sentences(res, lang)
    return ("" if lang == "zh" else " ").join(s.text for s in sents)


# -- the report's own words (headings, notes, captions), EN and ZH ------------------------
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "question": "Question",
        "pilot_units": "Pilot unit(s)",
        "pilot_start": "Pilot start",
        "staggered_start": "staggered: {start}",
        "comparison_units": "Comparison units",
        "no_comparison_units": "none: the pilot units are compared only with their own past",
        "periods": "Periods",
        "periods_value": "{first} to {last} ({n} {freq}s)",
        "freq_month": "month",
        "freq_quarter": "quarter",
        "freq_year": "year",
        "freq_week": "week",
        "freq_day": "day",
        "milestone": "Milestone: {label}",
        "and_more": " and {n} more",
        "descriptive_note": "Before/after comparisons of the data as recorded. They are not "
        "estimates of the pilot's effect: a change can come from trends or events that also "
        "touched the comparison units.",
        "effects_heading": "Estimated effects of the pilot",
        "trend_heading": "Against the trend (single-series models)",
        "trend_note": "Each model projects the pilot series' own pre-pilot level, trend and "
        "seasonality; it cannot separate the pilot from a change that touched every unit at "
        "the same time.",
        "trend_note_regression": "A trend regression without an interruption term relates "
        "the series to its trend and covariates; it projects no counterfactual and estimates "
        "no effect of the pilot.",
        "before_after": "Before and after",
        "against_comparison": "Against the comparison units",
        "waves": "Roll-out in waves",
        "not_applicable": "Not applicable: {reason}",
        "model_na_tail": ": not applicable. {reason}",
        "no_trend": "No trend model requested for this study (add its or sts to designs).",
        "no_comparison": "No comparison design requested (add did to designs) or no "
        "comparison units.",
        "no_staggered": "Not a staggered roll-out, or staggered is not in designs.",
        "no_claims": "No claims listed in the study spec.",
        "no_facts": "No administrative figures in this study.",
        "fig_tri_alt": "{label}: the pilot's effect estimated by each design, with its interval.",
        "fig_tri_caption": "{label}: each design's estimate of the pilot's effect.",
        "fig_tri_detail_alt": "{label}: the pilot effect estimated by each design with its "
        "interval.",
        "fig_tri_detail_caption": "Each design's estimate and interval; blue rows use the "
        "comparison units, orange rows the pilot series alone.",
        "fig_stag_alt": "{label}: effect by time since adoption with its uniform band.",
        "fig_stag_caption": "{label}: effect by periods since adoption (Callaway–Sant'Anna).",
        "fig_series_alt": "Time series of {label}.",
        "fig_desc_alt": "Time series of {label}: pilot unit(s) against the comparison units, "
        "with the pilot start marked and the before/after windows shaded.",
        "fig_desc_caption": "{label}. Dashed line: pilot start; shaded: before and after windows.",
        "fig_effect_alt": "{label}: observed series, fitted model and the counterfactual path "
        "with its band after the start ({start}).",
        "fig_effect_caption": "{label}: {model}. Dashed green: what the model projects without "
        "the pilot; bands: {level:g}% confidence and prediction.",
        "did_method": "{note} Method: {method}.",
        "fig_event_alt": "{label}: effect by time since adoption (Callaway–Sant'Anna), with "
        "pointwise intervals and a uniform band; before adoption the estimates test parallel "
        "trends.",
        "fig_event_caption_band": "Effect by periods since adoption (negative: before "
        "adoption, a check of parallel trends). Bars: pointwise intervals; shaded: the uniform "
        "band from the multiplier bootstrap ({n_boot} draws, seed {seed}) that covers all "
        "periods at once.",
        "fig_event_caption": "Effect by periods since adoption.",
        "fig_bacon_alt": "{label}: each two-by-two comparison behind the TWFE estimate, its "
        "estimate against its weight, by comparison type.",
        "fig_bacon_caption": "Goodman-Bacon decomposition: TWFE is the weighted average of "
        "these comparisons (dashed line).",
        "designs_heading": "Designs and their assumptions",
        "assumptions_heading": "This study's assumptions and caveats",
        "m_descriptive": "Before/after changes describe the data as recorded; they assume "
        "nothing and prove nothing about causes.",
        "m_its": "Interrupted time series assumes the pilot series would have continued its "
        "pre-pilot level, trend and seasonality; anything else that changed at the start is "
        "counted as the pilot.",
        "m_sts": "The structural time-series model assumes the comparison units' series "
        "predicts the pilot series as well after the start as before it.",
        "m_its_regression": "The trend regression has no interruption term: it relates the "
        "series to its trend and covariates over all periods and estimates no effect of the "
        "pilot; its coefficients assume the covariates are exogenous.",
        "m_sts_step": "The structural time-series model in its intervention form is fitted to "
        "the whole series: the pilot's effect is a permanent step from the start, and "
        "anything else that changed at the start is counted as the pilot; the regressors "
        "are assumed unaffected by the pilot.",
        "m_did": "Difference-in-differences designs assume the pilot unit(s) would have moved "
        "like the comparison units (parallel trends) had there been no pilot, and that the "
        "pilot did not affect the comparison units.",
        "m_did_permutation": "The permutation difference-in-differences takes its inference "
        "from placebos over the comparison units, so its smallest attainable p-value is "
        "1/(number of comparison units + 1).",
        "m_did_synth": "Synthetic control compares the pilot unit with a weighted mix of "
        "comparison units chosen to follow its pre-pilot path; without a close pre-pilot "
        "fit the comparison means little.",
        "m_did_cits": "Controlled interrupted time series sets the pilot series' departure "
        "from its own trend against the comparison units' series over the same periods.",
        "m_did_regression": "The regression difference-in-differences (2×2, or two-way fixed "
        "effects over several periods) estimates the same contrast by least squares; its "
        "standard errors are cluster-robust when there are enough treated and comparison "
        "clusters (wild cluster bootstrap when they are few), classical when the rows are "
        "individual records of two groups, and with one pilot or one comparison unit of "
        "aggregated rows it gives a point estimate without a sampling interval.",
        "m_not_run": "{design}: asked for in the study spec, but it could not run for any "
        "indicator; each indicator's section and the validation notes say why.",
        "d_descriptive": "Before/after comparison",
        "d_its": "Interrupted time series",
        "d_sts": "Structural time series",
        "d_did": "Difference-in-differences",
        "d_staggered": "Staggered roll-out estimators",
        "m_staggered": "The staggered estimator assumes parallel trends between each adoption "
        "wave and the never-treated units and no anticipation before adoption; the "
        "pre-adoption estimates test this.",
        "data_files": "Data files",
        "codebook": "Codebook (the study's README.md)",
        "written": "Written beside this report: ",
        "nothing_written": "No output folder given: nothing written.",
    },
    "zh": {
        "question": "研究问题",
        "pilot_units": "试点单位",
        "pilot_start": "试点开始",
        "staggered_start": "分批推开：{start}",
        "comparison_units": "对照单位",
        "no_comparison_units": "无：试点单位只与自身过去相比",
        "periods": "时期",
        "periods_value": "{first} 至 {last}（{n} 个{freq}）",
        "freq_month": "月",
        "freq_quarter": "季度",
        "freq_year": "年",
        "freq_week": "周",
        "freq_day": "日",
        "milestone": "节点：{label}",
        "and_more": " 等，另有 {n} 个",
        "descriptive_note": "以下是对记录数据的前后比较，并非试点效果的估计：变化也可能来自同样影响"
        "对照单位的趋势或事件。",
        "effects_heading": "试点效果的估计",
        "trend_heading": "与趋势相比（单序列模型）",
        "trend_note": "每个模型按试点序列自身试点前的水平、趋势和季节性外推；它无法把试点与同时"
        "影响所有单位的变化区分开。",
        "trend_note_regression": "不含中断项的趋势回归将序列与其趋势和协变量相联系；"
        "它不外推反事实，也不估计试点效果。",
        "before_after": "前后比较",
        "against_comparison": "与对照单位相比",
        "waves": "分批推开",
        "not_applicable": "不适用：{reason}",
        "model_na_tail": "：不适用。{reason}",
        "no_trend": "本研究未要求趋势模型（在 designs 中加入 its 或 sts）。",
        "no_comparison": "未要求对照设计（在 designs 中加入 did），或没有对照单位。",
        "no_staggered": "不是分批推开，或 designs 中没有 staggered。",
        "no_claims": "研究设定中没有列出需核查的说法。",
        "no_facts": "本研究没有行政统计数字。",
        "fig_tri_alt": "{label}：各设计估计的试点效果及其区间。",
        "fig_tri_caption": "{label}：各设计对试点效果的估计。",
        "fig_tri_detail_alt": "{label}：各设计估计的试点效果及其区间。",
        "fig_tri_detail_caption": "各设计的估计值和区间；蓝色行使用对照单位，橙色行只用试点序列。",
        "fig_stag_alt": "{label}：按采用后时期的效果及其一致置信带。",
        "fig_stag_caption": "{label}：按采用后时期的效果（Callaway–Sant'Anna）。",
        "fig_series_alt": "{label}的时间序列。",
        "fig_desc_alt": "{label}的时间序列：试点单位与对照单位，标出试点开始并以阴影标出前后窗口。",
        "fig_desc_caption": "{label}。虚线：试点开始；阴影：前后窗口。",
        "fig_effect_alt": "{label}：观测序列、拟合模型，以及开始（{start}）后"
        "反事实路径及其区间带。",
        "fig_effect_caption": "{label}：{model}。绿色虚线：模型在没有试点时的预测；区间带："
        "{level:g}% 置信区间和预测区间。",
        "did_method": "{note} 方法：{method}。",
        "fig_event_alt": "{label}：按采用后时期的效果（Callaway–Sant'Anna），"
        "含逐点区间和一致置信带；采用前的估计检验平行趋势。",
        "fig_event_caption_band": "按采用后时期的效果（负值：采用前，用于检验平行趋势）。"
        "竖线：逐点区间；阴影：乘数自助法（{n_boot} 次抽样，种子 {seed}）得到的、"
        "同时覆盖所有时期的一致置信带。",
        "fig_event_caption": "按采用后时期的效果。",
        "fig_bacon_alt": "{label}：TWFE 估计背后的每个二乘二比较，按比较类型列出其估计值与权重。",
        "fig_bacon_caption": "Goodman-Bacon 分解：TWFE 是这些比较的加权平均（虚线）。",
        "designs_heading": "各设计及其假设",
        "assumptions_heading": "本研究的假设与说明",
        "m_descriptive": "前后变化描述记录的数据；不作任何假设，也不证明任何因果。",
        "m_its": "中断时间序列假设试点序列本会延续试点前的水平、趋势和季节性；开始时发生的其他"
        "变化都会被算作试点的效果。",
        "m_sts": "结构时间序列模型假设对照单位的序列在开始后与开始前一样能预测试点序列。",
        "m_its_regression": "该趋势回归不含中断项：它在全部时期上将序列与其趋势和协变量相联系，"
        "不估计试点效果；其系数假设协变量是外生的。",
        "m_sts_step": "干预形式的结构时间序列模型对整个序列拟合：试点效果是自开始起的永久阶跃，"
        "开始时发生的其他变化都计为试点的效果；假设回归变量不受试点影响。",
        "m_did": "双重差分类设计假设：若没有试点，试点单位会与对照单位同步变化"
        "（平行趋势），且试点没有影响对照单位。",
        "m_did_permutation": "置换检验双重差分的推断来自对照单位上的安慰剂检验，"
        "因此可达到的最小 p 值为 1/(对照单位数 + 1)。",
        "m_did_synth": "合成控制把试点单位与对照单位的加权组合相比，权重使组合贴合"
        "试点前的走势；试点前拟合不紧密时，这一比较意义不大。",
        "m_did_cits": "有对照的中断时间序列把试点序列偏离自身趋势的程度与同期对照单位的序列相比。",
        "m_did_regression": "回归双重差分（二乘二，或多期的双向固定效应）用最小二乘估计"
        "同一对比；处理组和对照组的聚类都足够多时使用聚类稳健标准误（聚类少时用野聚类"
        "自助法），数据为两组的个体记录时使用经典标准误，只有一个试点单位或一个对照单位"
        "的汇总数据时只给出点估计，没有抽样区间。",
        "m_not_run": "{design}：研究设定要求了这一设计，但它对任何指标都无法运行；原因见各指标部分"
        "和校验说明。",
        "d_descriptive": "前后比较",
        "d_its": "中断时间序列",
        "d_sts": "结构时间序列",
        "d_did": "双重差分",
        "d_staggered": "分批推开估计量",
        "m_staggered": "分批推开估计量假设每一批与从未试点的单位之间趋势平行，且采用前没有预期"
        "效应；采用前的估计检验这一点。",
        "data_files": "数据文件",
        "codebook": "数据说明（研究的 README.md）",
        "written": "与本报告一同写出：",
        "nothing_written": "未指定输出文件夹：没有写出文件。",
    },
}


def words(lang: str, key: str, **fields: object) -> str:
    """The report's text ``key`` in ``lang`` ('both' and unknown languages: English)."""
    table = WORDS.get(lang, WORDS["en"])
    return table[key].format(**fields) if fields else table[key]
