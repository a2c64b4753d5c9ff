"""Sentences of the comparison-unit and staggered designs, in English and Chinese: the
triangulation verdict, the headlines of ATT(g,t), its aggregations, the bootstrap bands,
the Goodman-Bacon decomposition and a triangulation row, and the staggered section's
pre-trend and Goodman-Bacon sentences.

Phrases live in the ``EN``/``ZH`` tables below (same keys and fields in both, as in
:mod:`analysis.narrative.vocab`); numbers are formatted only by
:mod:`analysis.narrative.numbers`.
"""

from __future__ import annotations

import math

from analysis.narrative.gates import EffectSummary, estimate_text, p_phrase
from analysis.narrative.numbers import Quoter, decimals_for
from analysis.narrative.sentence import Sentence, Tone
from analysis.narrative.vocab import TABLES, label_for, phrase, t
from analysis.results.bacon import BaconDecomposition
from analysis.results.comparisons import Agreement, DesignPair, Triangulation, TriangulationRow
from analysis.results.indicators import IndicatorChange
from analysis.results.staggered import Aggregate, ATTgt, BootstrapBands, StaggeredComparison

__all__ = [
    "aggregate_headline",
    "agreement_headline",
    "att_gt_headline",
    "bacon_headline",
    "bacon_text",
    "bands_headline",
    "design_name",
    "design_pair_headline",
    "narrate_triangulation",
    "pretrend_text",
    "staggered_relative_text",
    "staggered_unit_text",
    "triangulation_row_headline",
]

EN: dict[str, str] = {
    "control.nevertreated": "never-treated",
    "control.notyettreated": "not-yet-treated",
    "outcome": "the outcome",
    "agg.simple": "simple",
    "agg.dynamic": "dynamic",
    "agg.group": "group",
    "agg.calendar": "calendar",
    "att_gt": (
        "ATT(g,t) of {outcome}: {cells} cells, {cohorts} cohorts, {units} units, {control} controls"
    ),
    "aggregate": "{agg} ATT of {outcome}: {est} ({ci})",
    "bands": (
        "multiplier bootstrap ({n} draws, {weights} weights, seed {seed}) for {target}: "
        "{level}% uniform band critical value {crit} over {k} estimates"
    ),
    "bacon": (
        "TWFE {est} = weighted average of {n} two-by-two comparisons; {w} of the weight "
        "is on comparisons that use already-treated units as controls"
    ),
    "bacon.share": (
        "{w} of the TWFE estimate's weight comes from comparisons that use "
        "already-treated units as controls"
    ),
    "bacon.forbidden": " (their average: {est}",
    "bacon.clean": "; against never-treated units: {est}",
    "row": "{design}: {est} ({lo} to {hi})",
    "name.regression difference-in-differences": "regression difference-in-differences",
    "name.controlled interrupted time series": "controlled interrupted time series",
    "pretrend.none": "No pre-adoption periods to test parallel trends.",
    "pretrend.ok": "no sign that adopting units were already diverging",
    "pretrend.diverge": (
        "adopting units were already diverging before adoption: the estimates "
        "rest on a doubtful parallel-trends assumption"
    ),
    "agreement.agree": "The designs agree on the estimated effect of the pilot",
    "agreement.compatible": (
        "The designs do not conflict: their estimates differ in size, but by no more than "
        "their uncertainty"
    ),
    "row.min_p": "the placebo test cannot go below p = {pmin}, so not below {alpha}",
    "unit.per": "{unit} per {noun} per {period}",
    "unit.rate": "{unit} per {period}",
    "unit.noun": "unit",
    "period.M": "month",
    "period.Q": "quarter",
    "period.Y": "year",
    "period.": "period",
    "rel_untreated": (
        "; that is {est} of the level the adopting units would have had without the pilot "
        "({ci}; their observed level less the effect, over the same cells)"
    ),
    "tri.compatible": (
        "{label}: the designs do not conflict on the estimated effect of the pilot (they "
        "differ in size, but by no more than their uncertainty): {rows}"
    ),
    "pair.equivalent": "{a} and {b} agree (same direction, sizes within a factor of {f})",
    "pair.compatible": "{a} and {b} differ, but by no more than their uncertainty",
    "pair.conflict_sign": "{a} and {b} conflict: opposite directions, both clear of zero",
    "pair.conflict_magnitude": (
        "{a} and {b} conflict: their sizes differ by more than a factor of {f}"
    ),
    "agreement.one_design": "Only one design estimated the effect of the pilot",
    "agreement.single_series_disagree": (
        "The models of the pilot series alone disagree with the designs that use comparison units"
    ),
    "agreement.comparison_designs_disagree": (
        "The designs that use comparison units disagree with each other, so no estimate of "
        "the effect is reliable"
    ),
    "agreement.single_series_only": "Only models of the pilot series alone gave an estimate",
    "agreement.no_design": "No design estimated an effect of the pilot",
    "pretrend": (
        "Joint test of the {n} pre-adoption estimates (largest |t| = {stat}, bootstrap "
        "{p}); {verdict}."
    ),
}

ZH: dict[str, str] = {
    "control.nevertreated": "从未实施试点的单位",
    "control.notyettreated": "尚未实施试点的单位",
    "outcome": "结果变量",
    "agg.simple": "简单平均",
    "agg.dynamic": "按实施时长",
    "agg.group": "按批次",
    "agg.calendar": "按日历期",
    "att_gt": (
        "{outcome}的ATT(g,t)：{cells}个批次-时期单元，{cohorts}个批次，{units}个单位，"
        "对照为{control}"
    ),
    "aggregate": "{outcome}的{agg}平均处理效应（ATT）：{est}（{ci}）",
    "bands": (
        "{target}的乘数自助法（{n}次抽样，{weights}权重，种子{seed}）：{level}%一致置信带的"
        "临界值为{crit}，覆盖{k}个估计"
    ),
    "bacon": (
        "双向固定效应估计{est}是{n}个2×2比较的加权平均；其中{w}的权重来自以已实施试点的"
        "单位为对照的比较"
    ),
    "bacon.share": "双向固定效应估计中{w}的权重来自以已实施试点的单位为对照的比较",
    "bacon.forbidden": "（这些比较的平均为{est}",
    "bacon.clean": "；与从未实施试点的单位比较：{est}",
    "row": "{design}：{est}（{lo}至{hi}）",
    "name.regression difference-in-differences": "回归双重差分",
    "name.controlled interrupted time series": "对照中断时间序列",
    "pretrend.none": "没有试点前的时期可用于检验平行趋势。",
    "pretrend.ok": "没有迹象表明实施试点的单位在试点前已出现分化",
    "pretrend.diverge": "实施试点的单位在试点前已出现分化：估计所依赖的平行趋势假设值得怀疑",
    "agreement.agree": "各设计对试点估计效果的结论一致",
    "agreement.compatible": "各设计的结论并不冲突：估计大小不同，但差异未超出其不确定性",
    "row.min_p": "安慰剂检验的p值最小只能为{pmin}，无法低于{alpha}",
    "unit.per": "{unit}/{noun}/{period}",
    "unit.rate": "{unit}/{period}",
    "unit.noun": "单位",
    "period.M": "月",
    "period.Q": "季度",
    "period.Y": "年",
    "period.": "期",
    "rel_untreated": (
        "；相当于实施单位在未实施试点时应有水平的{est}（{ci}；即其实际水平减去效应，"
        "按相同的批次-时期单元计算）"
    ),
    "tri.compatible": (
        "{label}：各设计对试点估计效果的结论并不冲突（估计大小不同，但差异未超出其不确定性）：{rows}"
    ),
    "pair.equivalent": "{a}与{b}一致（方向相同，大小相差不到{f}倍）",
    "pair.compatible": "{a}与{b}有差异，但未超出其不确定性",
    "pair.conflict_sign": "{a}与{b}相互矛盾：方向相反，且都明确不为零",
    "pair.conflict_magnitude": "{a}与{b}相互矛盾：大小相差超过{f}倍",
    "agreement.one_design": "只有一个设计估计了试点效果",
    "agreement.single_series_disagree": "仅用试点序列的模型与使用对照单位的设计结论不一致",
    "agreement.comparison_designs_disagree": (
        "使用对照单位的各设计之间结论不一致，因此对效果没有可靠的估计"
    ),
    "agreement.single_series_only": "只有仅用试点序列的模型给出了估计",
    "agreement.no_design": "没有设计估计出试点效果",
    "pretrend": "对{n}个试点前估计的联合检验（最大|t|为{stat}，自助法{p}）：{verdict}。",
}

_TEXT = {"en": EN, "zh": ZH}


def _t(lang: str, key: str, **fields: object) -> str:
    """A phrase of this module's tables."""
    return phrase(_TEXT, lang, key, **fields)


def _num(q: Quoter, x: float, lo: float, hi: float, sign: bool = True) -> str:
    d = decimals_for(lo, hi, scale=1.0, default=2, max_decimals=3)
    if math.isinf(x):
        return t(q.lang, "unbounded")
    return q.num(x, d, sign=sign)


def att_gt_headline(res: ATTgt, lang: str = "en") -> str:
    """ "ATT(g,t) of y: 12 cells, 3 cohorts, 500 units, never-treated controls"."""
    q = Quoter(lang)
    control = _TEXT[lang].get(f"control.{res.control}", res.control)
    return _t(
        lang,
        "att_gt",
        outcome=res.outcome or _t(lang, "outcome"),
        cells=q.count(len(res.estimate)),
        cohorts=q.count(len(res.cohorts)),
        units=q.count(res.n_units),
        control=control,
    )


def aggregate_headline(res: Aggregate, lang: str = "en") -> str:
    """ "dynamic ATT of y: +0.12 (95% CI +0.05 to +0.19)"."""
    q = Quoter(lang)
    lo, hi = res.overall_conf_low, res.overall_conf_high
    ci = t(
        lang,
        "ci",
        level=f"{(1 - res.alpha) * 100:g}",
        lo=_num(q, lo, lo, hi),
        hi=_num(q, hi, lo, hi),
    )
    return _t(
        lang,
        "aggregate",
        agg=_TEXT[lang].get(f"agg.{res.aggregation}", res.aggregation),
        outcome=res.outcome or _t(lang, "outcome"),
        est=_num(q, res.overall_estimate, lo, hi),
        ci=ci,
    )


def bands_headline(res: BootstrapBands, lang: str = "en") -> str:
    """The bootstrap's settings and its uniform critical value."""
    q = Quoter(lang)
    return _t(
        lang,
        "bands",
        n=q.count(res.n_boot),
        weights=res.weights,
        seed=q.count(res.seed),
        target=res.target,
        level=f"{(1 - res.alpha) * 100:g}",
        crit=q.num(res.crit_value, 3, sign=False),
        k=q.count(sum(res.in_band)),
    )


def bacon_headline(res: BaconDecomposition, lang: str = "en") -> str:
    """TWFE as the weighted average of its 2×2 comparisons; the forbidden share."""
    q = Quoter(lang)
    return _t(
        lang,
        "bacon",
        est=q.num(res.twfe_estimate, 3),
        n=q.count(len(res.estimate)),
        w=q.pct(res.forbidden_weight, 0, sign=False),
    )


def triangulation_row_headline(row: TriangulationRow, lang: str = "en") -> str:
    """ "synthetic control: −12% (– to –)": the design, its relative estimate and interval."""
    q = Quoter(lang)
    d = decimals_for(row.conf_low, row.conf_high, scale=100.0, estimate=row.estimate)

    def pct(x: float) -> str:
        return "–" if math.isnan(x) else q.pct(x, d)

    return _t(
        lang,
        "row",
        design=_design_name(row.design, lang),
        est=pct(row.estimate),
        lo=pct(row.conf_low),
        hi=pct(row.conf_high),
    )


def pretrend_text(res: StaggeredComparison, lang: str = "en") -> str:
    """The sup-t test that all pre-adoption event-time effects are zero, in words."""
    if not res.pretrend_n:
        return _t(lang, "pretrend.none")
    q = Quoter(lang)
    ok = res.pretrend_p_value >= res.simple.alpha
    return _t(
        lang,
        "pretrend",
        n=q.count(res.pretrend_n),
        stat=q.num(res.pretrend_statistic, 2, sign=False),
        p=p_phrase(res.pretrend_p_value, q),
        verdict=_t(lang, "pretrend.ok" if ok else "pretrend.diverge"),
    )


def bacon_text(res: StaggeredComparison, lang: str = "en") -> str:
    """Where the TWFE weight comes from (Goodman-Bacon), in words."""
    if res.bacon is None:
        return ""
    q = Quoter(lang)
    by = res.bacon.by_type().set_index("comparison")
    forb, clean = by.iloc[2], by.iloc[0]
    text = _t(lang, "bacon.share", w=q.pct(res.bacon.forbidden_weight, 0, sign=False))
    if forb["weight"] > 0:
        text += _t(lang, "bacon.forbidden", est=q.num(forb["estimate"], 2))
        if clean["weight"] > 0:
            text += _t(lang, "bacon.clean", est=q.num(clean["estimate"], 2))
        text += t(lang, "close")
    return text + t(lang, "end")


def _row_text(row: TriangulationRow, q: Quoter, alpha: float) -> str:
    lang = q.lang
    s = EffectSummary(
        design=row.design,
        estimate=row.estimate,
        conf_low=row.conf_low,
        conf_high=row.conf_high,
        alpha=alpha,
    )
    est, ci = estimate_text(s, q)
    if not s.has_interval and not math.isnan(row.p_value):
        ci += t(lang, "sep") + t(lang, "t.placebo_p", p=p_phrase(row.p_value, q))
        if row.min_p_value >= alpha:  # the placebo test cannot reach p < alpha
            ci += t(lang, "sep") + _t(
                lang, "row.min_p", pmin=q.p(row.min_p_value), alpha=q.p(alpha)
            )
    return t(lang, "t.row", design=_design_name(row.design, lang), est=est, ci=ci)


def _design_name(design: str, lang: str) -> str:
    return design_name(design, lang)


def design_name(design: str, lang: str) -> str:
    """The design's name in ``lang`` (a design without a translation keeps its own)."""
    key = f"t.name.{design}"
    if key in TABLES[lang]:
        return t(lang, key)
    return _TEXT[lang].get(f"name.{design}", design)


def _common_shock(cc: IndicatorChange | None, q: Quoter) -> str:
    """The comparison units' own change as the reason, when it is clear of zero."""
    lang = q.lang
    if (
        cc is None
        or cc.indicator_kind == "proportion"
        or math.isnan(cc.relative_conf_low)
        or cc.relative_conf_low <= 0 <= cc.relative_conf_high
    ):
        return ""
    d = decimals_for(cc.relative_conf_low, cc.relative_conf_high)
    f = cc.frequency if cc.frequency in ("M", "Q", "Y") else "M"
    periods = t(lang, f"periods.{f}")
    return t(lang, "t.credible_shock", c=q.pct(cc.relative_change, d), periods=periods)


def _lead_key(ag: Agreement) -> str:
    """The lead design's verdict: clear of zero, not told apart from zero, or unknown
    (no interval and no placebo p: nothing says whether it differs from no change)."""
    if ag.lead_clear_of_zero is None:
        return "t.lead_unknown"
    return "t.lead_supported" if ag.lead_clear_of_zero else "t.lead_zero"


def agreement_headline(ag: Agreement, lang: str = "en") -> str:
    """The stored verdict in one sentence: "The designs agree; the most credible estimate
    (difference-in-differences) cannot be told apart from no change."."""
    lead = _design_name(ag.lead_design, lang) if ag.lead_design else ""
    text = _t(lang, f"agreement.{ag.verdict}")
    if ag.lead_design and not ag.comparison_designs_disagree:
        text += t(lang, "t.sentence_sep") + t(lang, _lead_key(ag), design=lead)
    return text + t(lang, "end")


def staggered_unit_text(res: StaggeredComparison, lang: str = "en") -> str:
    """The outcome's unit for a staggered effect: "complaints per compound per month"
    (a count: the spec's ``unit_label``, the unit of observation, the study frequency),
    "complaints per 1,000 households per month" (a rate), "" for a share (points); a
    result without the spec's unit words keeps its stored English ``outcome``."""
    if res.outcome == "share":
        return ""
    label = res.unit_label_zh if lang == "zh" and res.unit_label_zh else res.unit_label_en
    if not label or (lang == "zh" and not res.unit_label_zh):
        return res.outcome if lang == "en" else ""
    period = _t(lang, f"period.{res.frequency if res.frequency in ('M', 'Q', 'Y') else ''}")
    if not res.per_unit:
        return _t(lang, "unit.rate", unit=label, period=period)
    noun = res.unit_noun if lang == "en" and res.unit_noun else _t(lang, "unit.noun")
    return _t(lang, "unit.per", unit=label, noun=noun, period=period)


def staggered_relative_text(res: StaggeredComparison, q: Quoter) -> str:
    """ "; that is −12% of the level the adopting units would have had …" for the
    Callaway–Sant'Anna simple average, or "" when no untreated level was computed."""
    sim = res.simple
    if not math.isfinite(sim.relative_estimate):
        return ""
    s = EffectSummary(
        design="staggered",
        estimate=sim.relative_estimate,
        conf_low=sim.relative_conf_low,
        conf_high=sim.relative_conf_high,
        alpha=sim.alpha,
    )
    est, ci = estimate_text(s, q)
    return _t(q.lang, "rel_untreated", est=est, ci=ci)


def design_pair_headline(pair: DesignPair, lang: str = "en", factor: float = 2.0) -> str:
    """One compared pair in words: "difference-in-differences and interrupted time series
    conflict: their sizes differ by more than a factor of 2" (``factor``: the rule's, on
    the :class:`Agreement` that holds the pair)."""
    q = Quoter(lang)
    return _t(
        lang,
        f"pair.{pair.relation}",
        a=_design_name(pair.design_a, lang),
        b=_design_name(pair.design_b, lang),
        f=q.num(factor, 0 if float(factor).is_integer() else 1, sign=False),
    ) + t(lang, "end")


def narrate_triangulation(
    tri: Triangulation,
    lang: str = "en",
    *,
    label: str | None = None,
    comparison_change: IndicatorChange | None = None,
) -> Sentence:
    """Words the triangulation's stored :class:`~analysis.results.comparisons.Agreement`:
    do the designs agree? If not, which is more credible and why.

    The naive before/after row is descriptive and left out. When ``comparison_change``
    (the comparison units' own before/after change) is given and clear of zero, that
    shared change is quoted as the reason single-series models disagree.

    Tone: the lead design's verdict (``causal_supported`` when clear of zero, else
    ``causal_inconclusive``); ``causal_doubtful`` when the comparison designs disagree
    with each other.
    """
    ag = tri.agreement
    if ag is None:
        raise ValueError("this Triangulation has no agreement verdict; build it with triangulate()")
    q = Quoter(lang)
    lab = label_for(lang, label or tri.label)
    rows = [r for r in tri.rows if r.design != "naive"]
    comp = [r for r in rows if r.uses_comparison_units]
    single = [r for r in rows if not r.uses_comparison_units]
    lsep, ssep, end = t(lang, "list_sep"), t(lang, "t.sentence_sep"), t(lang, "end")
    if ag.verdict == "no_design":
        return Sentence(
            t(lang, "t.none", label=lab) + end, (), "causal_inconclusive", ("no_design",), lang
        )
    if ag.verdict == "single_series_only":
        text = t(
            lang,
            "t.single_only",
            label=lab,
            single=lsep.join(_row_text(r, q, ag.alpha) for r in single),
        )
        tone: Tone = "causal_supported" if ag.lead_clear_of_zero else "causal_inconclusive"
        return Sentence(text + end, tuple(q.values), tone, ("single_series_only",), lang)
    fired: list[str] = []
    if ag.single_series_disagreeing:
        text = t(
            lang,
            "t.disagree",
            label=lab,
            single=lsep.join(_row_text(r, q, ag.alpha) for r in single),
            comp=lsep.join(_row_text(r, q, ag.alpha) for r in comp),
        )
        fired.append("designs_disagree")
        shock = _common_shock(comparison_change, q)
        text += ssep + (shock or t(lang, "t.credible_generic"))
        if shock:
            fired.append("common_shock")
    elif ag.verdict == "compatible":
        text = _t(
            lang,
            "tri.compatible",
            label=lab,
            rows=lsep.join(_row_text(r, q, ag.alpha) for r in comp + single),
        )
        fired.append("designs_compatible")
    else:
        text = t(
            lang,
            "t.list"
            if ag.comparison_designs_disagree
            else "t.one"
            if ag.verdict == "one_design"
            else "t.agree",
            label=lab,
            rows=lsep.join(_row_text(r, q, ag.alpha) for r in comp + single),
        )
    if ag.comparison_designs_disagree:
        text += ssep + t(lang, "t.comp_disagree")
        fired.append("comparison_designs_disagree")
        tone = "causal_doubtful"
    elif ag.lead_clear_of_zero:
        text += ssep + t(lang, "t.lead_supported", design=_design_name(ag.lead_design, lang))
        tone = "causal_supported"
    else:
        text += ssep + t(lang, _lead_key(ag), design=_design_name(ag.lead_design, lang))
        fired.append("interval_includes_zero")
        tone = "causal_inconclusive"
    return Sentence(text + end, tuple(q.values), tone, tuple(fired), lang)
