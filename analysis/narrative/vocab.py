"""Every word of the narrative, in one place: English (``EN``) and Simplified Chinese (``ZH``).

Keys are grouped by prefix:

* ``d.*`` — descriptive vocabulary (before/after changes, year-on-year, levels):
  "fell", "rose", "was", "同比", "下降", "上升". Never a causal word.
* ``c.*`` — causal heads: "the estimated effect of the pilot" / "试点的估计效果", with
  the design named.
* ``g.*`` — the gates that downgrade causal wording (interval includes zero, placebo as
  large, pre-trends, smallest attainable p-value, sensitivity, MDE).
* ``t.*`` — triangulation (designs agree / disagree and which is more credible).
* ``p.*`` — the "what the change means" paragraph.
* everything else — shared punctuation, interval and unit phrases, period words.

Templates use ``str.format`` fields; both tables have the same keys and the same fields,
except where a language needs no word for one (a test checks). ``DESCRIPTIVE_MARKERS``
and ``CAUSAL_MARKERS`` list the words that identify each vocabulary; a descriptive
sentence never contains a causal marker and a causal sentence never contains a
descriptive marker (tested over every generated sentence).

Chinese conventions: full-width punctuation (，。；：（）); 同比 for the same periods one
year earlier, 环比 for the immediately preceding periods; 百分点 for differences of shares,
% for relative changes; "是……的N倍" for folds (unambiguous, unlike "增长N倍").
"""

from __future__ import annotations

import re

EN: dict[str, str] = {
    # shared
    "sep": "; ",
    "comma": ", ",
    "open": " (",
    "close": ")",
    "end": ".",
    "colon": ": ",
    "and": " and ",
    "list_sep": ", ",
    "ci": "{level}% CI {lo} to {hi}",
    "ci_pp": "{level}% CI {lo} to {hi} percentage points",
    "pp": "{x} percentage points",
    "unbounded": "unbounded",
    "no_interval": "no sampling interval",
    "p_eq": "p = {p}",
    "p_lt": "p < 0.001",
    "period.M": "month",
    "period.Q": "quarter",
    "period.Y": "year",
    "periods.M": "months",
    "periods.Q": "quarters",
    "periods.Y": "years",
    "avg.M": "monthly average",
    "avg.Q": "quarterly average",
    "avg.Y": "yearly average",
    "month_names": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "span_month": "{m} {y}",
    "span_month_same_year": "{m1}–{m2} {y}",
    "span_month_years": "{m1} {y1}–{m2} {y2}",
    "span_quarter": "Q{q} {y}",
    "span_quarter_same_year": "Q{q1}–Q{q2} {y}",
    "span_quarter_years": "Q{q1} {y1}–Q{q2} {y2}",
    "span_year": "{y}",
    "span_years": "{y1}–{y2}",
    "who_units": "{names}",
    "who_pilot_units": "the pilot units",
    "who_comparison": "the comparison units",
    "who_pooled": "the pilot units",
    # descriptive
    "d.fell": "fell",
    "d.rose": "rose",
    "d.move": "{verb} {amount}",
    "d.unchanged": "showed essentially no change",
    "d.basis.year_on_year": " year on year",
    "d.basis.adjacent": "",
    "d.change": "{label} at {who} {move}{basis}, from {before} in {bspan} to {after} in {aspan}",
    "d.change_vs": "{label} at {who} {move}, from {before} in {bspan} to {after} in {aspan}",
    "d.before_part": "",
    "d.fold": "{label} at {who} reached {after} in {aspan}, {fold} times the {before} of {bspan}",
    "d.undefined": (
        "{label} at {who} went from {before} in {bspan} to {after} in {aspan}; "
        "a relative change is not defined from zero"
    ),
    "d.per_period": "{x} a {period}",
    "d.rate": "{x} per {per}",
    "d.mean": "{x} on average",
    "d.admin": "an administrative figure without sampling error",
    "d.no_interval": "too few values for a sampling interval",
    "d.zero": ", which cannot be told apart from no change",
    "d.zero_diff": ", which cannot be told apart from no difference",
    "d.compact": "{label} at {who} {move}{basis}",
    "d.compact_vs": "{label} at {who} {move} compared with {bspan}",
    "d.compact_fold": "{label} at {who} reached {fold} times its level of {bspan}",
    "d.compact_comparison": "the comparison units {move} over the same {periods}",
    "d.compact_comparison_fold": (
        "the comparison units reached {fold} times their earlier level over the same {periods}"
    ),
    "d.ratio_of_ratios": (
        "{label}: the after/before ratio at the pilot units was {ratio} times the comparison units'"
    ),
    "d.level": "{label}: {value}",
    "d.of": "{num} of {den}",
    # causal heads
    "c.did": (
        "{label}: relative to the {n} comparison units, the estimated effect of the pilot is {est}"
    ),
    "c.did_name": "difference-in-differences",
    "c.its": (
        "{label} at {unit}: the estimated effect of the pilot {when} is {est} relative "
        "to the pre-pilot trend"
    ),
    "c.its_name": "interrupted time series",
    "c.its_pulse": (
        "{label} at {unit}: the estimated temporary effect of the pilot {when} is {est} "
        "relative to the pre-pilot trend"
    ),
    "c.when_pulse": "over the {n} {period}(s) it lasts",
    "c.sts": (
        "{label} at {unit}: the estimated effect of the pilot {when} is {est} relative "
        "to a forecast from the pre-pilot period"
    ),
    "c.sts_name": "structural time series",
    "c.sts_step": (
        "{label} at {unit}: the estimated effect of the pilot {when} is {est}, the step "
        "of a structural model fitted to the whole series"
    ),
    "c.compact_sts_step": (
        "the pilot's estimated effect, the step of a structural model fitted to the whole "
        "series, is {est}"
    ),
    "c.when_horizon": "in {period} {h}",
    "c.when_average": "averaged over the post-period",
    "c.synth": (
        "{label} at {unit}: the estimated effect of the pilot, averaged over the "
        "post-period, is {est} relative to a synthetic control built from the "
        "comparison units"
    ),
    "c.synth_name": "synthetic control",
    "c.event": "{label}: the estimated effect of the pilot {when} is {est}",
    "c.event_when_0": "in the period of adoption",
    "c.event_when_e": "{e} periods after adoption",
    "c.event_name": "event study with unit and period fixed effects",
    "c.staggered": (
        "{label}: averaged over adoption waves and periods since adoption, the "
        "estimated effect of the pilot is {est}"
    ),
    "c.staggered_name.nevertreated": "Callaway–Sant'Anna, compared with units never in the pilot",
    "c.staggered_name.notyettreated": (
        "Callaway–Sant'Anna, compared with units not yet in the pilot"
    ),
    "c.twfe": "{label}: the estimated effect of the pilot is {est}",
    "c.twfe_name": "two-way fixed effects",
    "c.did2x2_name": "2×2 difference-in-differences",
    "c.unit_text": " {unit}",
    "c.compact": "the pilot's estimated effect is {est}",
    "c.compact_its": "the pilot's estimated effect relative to the pre-pilot trend is {est}",
    "c.compact_sts": (
        "the pilot's estimated effect relative to a forecast from the pre-pilot period is {est}"
    ),
    "c.not_applicable": "{label}: the {design} could not estimate an effect of the pilot",
    # gates
    "g.zero": ", which cannot be told apart from no change",
    "g.placebo": "changes as large were seen in comparison units without the pilot",
    "g.placebo_did": "permutation {p}",
    "g.placebo_synth": "{unit} ranks {rank} of {n} units in the placebo test, {p}",
    "g.min_p_did": (
        "with {n} comparison units the smallest attainable p-value is {minp}, so "
        "this test cannot reach the {sig}% level"
    ),
    "g.min_p_synth": (
        "with {n} units in the placebo test the smallest attainable p-value is "
        "{minp}, so this test cannot reach the {sig}% level"
    ),
    "g.min_p_hit_did": "{p} is the smallest attainable with {n} comparison units",
    "g.min_p_hit_synth": "{p} is the smallest attainable with {n} units in the placebo test",
    "g.pretrend": "the comparison units were already diverging before the pilot",
    "g.pretrend_p": "pre-trend test {p}",
    "g.placebo_time_sig": (
        "the same model finds a shift at {k} of {n} fake start dates before the pilot"
    ),
    "g.placebo_time_large": "shifts as large were seen at fake start dates before the pilot",
    "g.sensitivity": "the result changes with modelling choices",
    "g.mde": "the smallest effect this design could reliably detect is about {mde}",
    "g.no_inference": "no interval or placebo test is available",
    "g.but": "but ",
    "g.also": "in addition, ",
    "g.disagree_twfe": (
        "two-way fixed effects gives {est} ({ci}); the Callaway–Sant'Anna "
        "estimate is more credible for a roll-out in waves, because two-way "
        "fixed effects also uses units already in the pilot as comparisons"
    ),
    # triangulation
    "t.row": "{design} {est} ({ci})",
    "t.placebo_p": "placebo {p}",
    "t.name.interrupted time series": "interrupted time series",
    "t.name.structural time series": "structural time series",
    "t.name.difference-in-differences": "difference-in-differences",
    "t.name.synthetic control": "synthetic control",
    "t.name.controlled interrupted time series": "controlled interrupted time series",
    "t.name.regression difference-in-differences": "regression difference-in-differences",
    "t.agree": "{label}: the designs agree on the estimated effect of the pilot: {rows}",
    "t.disagree": (
        "{label}: the designs disagree on the estimated effect of the pilot. Using "
        "the pilot series alone: {single}. Using comparison units: {comp}"
    ),
    "t.credible_shock": (
        "The comparison-based estimates are more credible: the comparison "
        "units also changed by {c} over the same {periods}, a shared change "
        "that a single-series model attributes to the pilot"
    ),
    "t.credible_generic": (
        "The comparison-based estimates are more credible: a single-series "
        "model attributes to the pilot anything that changed for every unit "
        "at the same time"
    ),
    "t.lead_zero": "The most credible estimate ({design}) cannot be told apart from no change",
    "t.lead_unknown": "The most credible estimate ({design}) has no sampling interval, so "
    "whether it differs from no change cannot be said",
    "t.one": "{label}: only one design estimated the effect of the pilot: {rows}",
    "t.lead_supported": "The most credible estimate ({design}) is clear of zero",
    "t.list": "{label}: the estimated effect of the pilot by design: {rows}",
    "t.comp_disagree": (
        "The designs that use comparison units disagree with each other, so "
        "no estimate of the effect is reliable"
    ),
    "t.single_only": (
        "{label}: only designs using the pilot series alone gave an estimated "
        "effect of the pilot: {single}. They attribute to the pilot anything "
        "that changed for every unit at the same time"
    ),
    "t.none": "{label}: no design estimated an effect of the pilot",
    "t.sentence_sep": ". ",
    # what-the-change-means paragraph
    "p.placebo_range": "placebo estimates ranged from {lo} to {hi}",
}

ZH: dict[str, str] = {
    "sep": "；",
    "comma": "，",
    "open": "（",
    "close": "）",
    "end": "。",
    "colon": "：",
    "and": "、",
    "list_sep": "，",
    "ci": "{level}%置信区间为{lo}至{hi}",
    "ci_pp": "{level}%置信区间为{lo}至{hi}个百分点",
    "pp": "{x}个百分点",
    "unbounded": "无界",
    "no_interval": "无抽样区间",
    "p_eq": "p值为{p}",
    "p_lt": "p值小于0.001",
    "period.M": "个月",
    "period.Q": "个季度",
    "period.Y": "年",
    "periods.M": "月份",
    "periods.Q": "季度",
    "periods.Y": "年份",
    "avg.M": "月均",
    "avg.Q": "季均",
    "avg.Y": "年均",
    "month_names": "1 2 3 4 5 6 7 8 9 10 11 12",
    "span_month": "{y}年{m}月",
    "span_month_same_year": "{y}年{m1}–{m2}月",
    "span_month_years": "{y1}年{m1}月–{y2}年{m2}月",
    "span_quarter": "{y}年第{q}季度",
    "span_quarter_same_year": "{y}年第{q1}–{q2}季度",
    "span_quarter_years": "{y1}年第{q1}季度–{y2}年第{q2}季度",
    "span_year": "{y}年",
    "span_years": "{y1}–{y2}年",
    "who_units": "试点单位{names}",
    "who_pilot_units": "试点单位",
    "who_comparison": "对照单位",
    "who_pooled": "试点单位合计",
    # descriptive
    "d.fell": "下降",
    "d.rose": "上升",
    "d.move": "{verb}{amount}",
    "d.unchanged": "基本持平",
    "d.basis.year_on_year": "同比",
    "d.basis.adjacent": "环比",
    "d.change": "{label}（{who}）{aspan}为{after}，{basis}{move}",
    "d.change_vs": "{label}（{who}）{aspan}为{after}，较{bspan}的{before}{move}",
    "d.before_part": "{bspan}为{before}",
    "d.fold": "{label}（{who}）{aspan}为{after}，是{bspan}（{before}）的{fold}倍",
    "d.undefined": (
        "{label}（{who}）{aspan}为{after}，{bspan}为{before}；前期为零，相对变化无法计算"
    ),
    "d.per_period": "{avg}{x}",
    "d.rate": "{x}/{per}",
    "d.mean": "平均{x}",
    "d.admin": "行政数据，无抽样误差",
    "d.no_interval": "数值过少，无法给出抽样区间",
    "d.zero": "，与无变化无法区分",
    "d.zero_diff": "，与无差异无法区分",
    "d.compact": "{label}（{who}）{basis}{move}",
    "d.compact_vs": "{label}（{who}）较{bspan}{move}",
    "d.compact_fold": "{label}（{who}）为{bspan}的{fold}倍",
    "d.compact_comparison": "同期对照单位{move}",
    "d.compact_comparison_fold": "同期对照单位为此前的{fold}倍",
    "d.ratio_of_ratios": "{label}：试点单位的前后比值为对照单位的{ratio}倍",
    "d.level": "{label}：{value}",
    "d.of": "{num}/{den}",
    # causal heads
    "c.did": "{label}：以{n}个对照单位为参照，试点的估计效果为{est}",
    "c.did_name": "双重差分",
    "c.its": "{label}（{unit}）：相对于试点前趋势，试点的估计效果{when}为{est}",
    "c.its_pulse": "{label}（{unit}）：相对于试点前趋势，试点的估计暂时效果{when}为{est}",
    "c.when_pulse": "在其持续的{n}{period}内平均",
    "c.its_name": "中断时间序列",
    "c.sts": "{label}（{unit}）：相对于依据试点前数据的预测，试点的估计效果{when}为{est}",
    "c.sts_name": "结构时间序列",
    "c.sts_step": (
        "{label}（{unit}）：在对整个序列拟合的结构模型中，试点的估计效果（阶跃项）{when}为{est}"
    ),
    "c.compact_sts_step": "在对整个序列拟合的结构模型中，试点的估计效果（阶跃项）为{est}",
    "c.when_horizon": "在试点第{h}{period}",
    "c.when_average": "在试点后各期平均",
    "c.synth": (
        "{label}（{unit}）：以对照单位构建的合成控制为参照，试点的估计效果在试点后各期平均为{est}"
    ),
    "c.synth_name": "合成控制法",
    "c.event": "{label}：试点的估计效果{when}为{est}",
    "c.event_when_0": "在实施当期",
    "c.event_when_e": "在实施后第{e}期",
    "c.event_name": "含单位和时期固定效应的事件研究",
    "c.staggered": "{label}：按推广批次和实施时长平均，试点的估计效果为{est}",
    "c.staggered_name.nevertreated": "Callaway–Sant'Anna估计，以从未实施试点的单位为参照",
    "c.staggered_name.notyettreated": "Callaway–Sant'Anna估计，以尚未实施试点的单位为参照",
    "c.twfe": "{label}：试点的估计效果为{est}",
    "c.twfe_name": "双向固定效应",
    "c.did2x2_name": "2×2双重差分",
    "c.unit_text": "{unit}",
    "c.compact": "试点的估计效果为{est}",
    "c.compact_its": "相对于试点前趋势，试点的估计效果为{est}",
    "c.compact_sts": "相对于依据试点前数据的预测，试点的估计效果为{est}",
    "c.not_applicable": "{label}：{design}不适用，无法估计试点效果",
    # gates
    "g.zero": "，与无变化无法区分",
    "g.placebo": "未实施试点的对照单位中也出现过同样大的变化",
    "g.placebo_did": "置换检验{p}",
    "g.placebo_synth": "{unit}在{n}个单位的安慰剂检验中排第{rank}位，{p}",
    "g.min_p_did": "仅有{n}个对照单位，可达到的最小p值为{minp}，检验无法达到{sig}%的显著性水平",
    "g.min_p_synth": (
        "安慰剂检验仅有{n}个单位，可达到的最小p值为{minp}，检验无法达到{sig}%的显著性水平"
    ),
    "g.min_p_hit_did": "{p}，已是{n}个对照单位下可达到的最小值",
    "g.min_p_hit_synth": "{p}，已是安慰剂检验{n}个单位下可达到的最小值",
    "g.pretrend": "试点前对照单位已出现分化",
    "g.pretrend_p": "试点前趋势检验{p}",
    "g.placebo_time_sig": "同一模型在试点前{n}个虚拟起点中的{k}个也估计出显著变化",
    "g.placebo_time_large": "试点前的虚拟起点也出现过同样大的变化",
    "g.sensitivity": "结果随模型设定而改变",
    "g.mde": "该设计能可靠检出的最小效果约为{mde}",
    "g.no_inference": "无置信区间或安慰剂检验",
    "g.but": "但",
    "g.also": "此外，",
    "g.disagree_twfe": (
        "双向固定效应估计为{est}（{ci}）；分批推广时Callaway–Sant'Anna估计更可信，"
        "因为双向固定效应也把已实施试点的单位用作对照"
    ),
    # triangulation
    "t.row": "{design}{est}（{ci}）",
    "t.placebo_p": "安慰剂检验{p}",
    "t.name.interrupted time series": "中断时间序列",
    "t.name.structural time series": "结构时间序列",
    "t.name.difference-in-differences": "双重差分",
    "t.name.synthetic control": "合成控制法",
    "t.name.controlled interrupted time series": "有对照的中断时间序列",
    "t.name.regression difference-in-differences": "回归双重差分",
    "t.agree": "{label}：各设计对试点估计效果的结论一致：{rows}",
    "t.disagree": (
        "{label}：各设计对试点估计效果的结论不一致。仅用试点序列：{single}。使用对照单位：{comp}"
    ),
    "t.credible_shock": (
        "使用对照单位的估计更可信：同期对照单位也变化了{c}，单序列模型会把这种共同变化归于试点"
    ),
    "t.credible_generic": (
        "使用对照单位的估计更可信：单序列模型会把同期所有单位共同的变化都归于试点"
    ),
    "t.lead_zero": "最可信的估计（{design}）与无变化无法区分",
    "t.lead_unknown": "最可信的估计（{design}）没有抽样区间，无法判断它是否不同于没有变化",
    "t.one": "{label}：只有一个设计估计了试点效果：{rows}",
    "t.lead_supported": "最可信的估计（{design}）明确不为零",
    "t.list": "{label}：各设计的试点估计效果：{rows}",
    "t.comp_disagree": "使用对照单位的各设计之间结论不一致，因此对效果没有可靠的估计",
    "t.single_only": (
        "{label}：只有仅用试点序列的设计给出了试点估计效果：{single}。"
        "这类设计会把同期所有单位共同的变化都归于试点"
    ),
    "t.none": "{label}：没有设计估计出试点效果",
    "t.sentence_sep": "。",
    # paragraph
    "p.placebo_range": "安慰剂估计值介于{lo}至{hi}之间",
}

TABLES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}

#: Words that mark a causal statement: never in a descriptive sentence.
CAUSAL_MARKERS: dict[str, tuple[str, ...]] = {
    "en": (
        "effect",
        "caused",
        "because of",
        "due to",
        "impact",
        "attribut",
        "led to",
        "reduced by the pilot",
        "thanks to",
    ),
    "zh": ("效果", "导致", "由于", "归因", "归于", "影响", "使得", "得益于"),
}

#: Words that mark a descriptive before/after statement: never in a causal sentence.
DESCRIPTIVE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("fell", "rose", "year on year", "essentially no change", "went from", "reached"),
    "zh": ("下降", "上升", "同比", "环比", "持平"),
}


def phrase(tables: dict[str, dict[str, str]], lang: str, key: str, **fields: object) -> str:
    """The phrase ``key`` of a module's ``{"en": ..., "zh": ...}`` tables in ``lang``
    with its fields filled in; any other language is an error (every narrative module
    looks its phrases up this way)."""
    try:
        table = tables[lang]
    except KeyError:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}") from None
    return table[key].format(**fields) if fields else table[key]


def t(lang: str, key: str, **fields: object) -> str:
    """The phrase ``key`` of the shared vocabulary in ``lang`` ('en' or 'zh')."""
    return phrase(TABLES, lang, key, **fields)


_ZH_PUNCT = {"(": "（", ")": "）", ";": "；", ":": "：", ",": "，"}


def label_for(lang: str, en: str, zh: str | None = None) -> str:
    """The label to print: English, or the Chinese one (English if none) with ASCII
    punctuation made full-width (a comma between digits, as in 1,000, is kept)."""
    if lang != "zh":
        return en
    text = zh or en
    out = []
    for i, ch in enumerate(text):
        if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append(ch)
        elif ch in _ZH_PUNCT:
            out.append(_ZH_PUNCT[ch])
        else:
            out.append(ch)
    # full-width punctuation takes no spaces around it
    return re.sub(r"\s*([（），；：])\s*", r"\1", "".join(out))
