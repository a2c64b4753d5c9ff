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

from analysis.narrative import claim_kinds
from analysis.narrative.descriptive import span
from analysis.narrative.numbers import Quoter
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, phrase, t

__all__ = [
    "DESIGN_NAME",
    "KIND_LABEL",
    "VERDICT_LABEL",
    "adjusted_text",
    "design_name",
    "figure_subject",
    "measure_text",
    "narrate_claim",
    "narrate_claims_table",
    "narrate_parsed_claim",
    "narrate_reading_check",
    "narrate_verdict",
    "part_label",
    "reading_text",
    "recomputed_text",
    "table_words",
]

#: Short verdict labels for the claims table.
VERDICT_LABEL = {
    "en": {
        "consistent": "consistent",
        "overstated": "overstated",
        "understated": "understated",
        "ambiguous": "ambiguous wording",
        "not_derivable": "not derivable from the data given",
        "reported": "reported; no independent data",
        "shown": "reported statistic, not checked",
        "cannot_check": "cannot check",
    },
    "zh": {
        "consistent": "相符",
        "overstated": "夸大",
        "understated": "低报",
        "ambiguous": "表述有歧义",
        "not_derivable": "无法由所给数据推出",
        "reported": "仅有通报数字，无独立数据",
        "shown": "报告的统计量，未核查",
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
        "level_change": "change of level",
        "rank": "rank",
        "range": "range",
        "reported_statistic": "reported statistic",
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
        "level_change": "水平变化",
        "rank": "排名",
        "range": "区间",
        "reported_statistic": "报告的统计量",
        "unknown": "未能解读",
    },
}

_PCT_KINDS = ("percent_change", "share", "percentage_point_change")

#: English for the Chinese units a parsed figure may carry (measure words have none).
_UNIT_EN = {"年": "years", "个月": "months", "月": "months", "元": "yuan", "人": "people"}

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
    (
        r"^the claim ranks among (\d+) units; the data hold (\d+)",
        r"表述的排名范围为\1个单位，而数据中有\2个，无法重新计算位次",
    ),
    (r"^the pilot has (\d+) units", r"试点有\1个单位，而排名只针对一个单位，表述未说明是哪一个"),
    (r"^no comparison units", "没有可比较的单位：数据中只有试点单位"),
    (r"^a rank needs a panel", "排名需要多个单位的数据，而此数据没有"),
    (r"^the claim ranks by '(\w+)'", "表述按“最好/最差”排名，但该指标未设定期望方向"),
    (r"^the range's kind", "无法确定区间所指的数字类型"),
    (r"^the data have no level for the pilot unit", "数据中没有试点单位在该时段的水平"),
    (
        r"^a ([\w ]+) cannot be recomputed from a single administrative figure",
        "单个行政数字无法用于重新计算",
    ),
)

#: Reader words for the checker's reasons that speak to the spec's author (pattern → text;
#: the author's version stays in ``ClaimCheck.problem`` and results.json).
_PROBLEMS_EN = (
    (r"^no indicator given", "no indicator of the study measures this figure."),
    (
        r"^'[^']*' is a ([\w -]+): it has no (numerator|denominator)",
        r"it is not a share: a \1 has no \2.",
    ),
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
    if p.kind in claim_kinds.NEW_KINDS:
        text = claim_kinds.kind_sentence(
            check.verdict, p, check.observed, lang, getattr(check, "rank_field", -1)
        )
        if text:
            return Sentence(text, (), "descriptive", (), lang)
    return _verdict_sentence(
        check.verdict,
        p.kind,
        p.precision,
        p.value,
        p.bound,
        check.observed,
        check.problem,
        lang,
        own=check.evidence == "arithmetic",
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
    *,
    own: bool = False,
) -> Sentence:
    """The verdict sentence, by verdict: cannot check, not derivable, ambiguous, reported,
    or stated against the data (``own``: against the source's own figures, a share
    recomputed from the administrative numerator and denominator)."""
    q = Quoter(lang)
    zh = lang == "zh"
    ds = _stated_decimals(precision, kind)
    stated = _value(q, value, kind, ds) if value is not None else "–"
    stated = _with_bound(stated, bound, lang)
    observed = _value(q, observed_value, kind) if math.isfinite(observed_value) else None
    verdict = v.verdict
    if verdict == "shown":  # a reported statistic on its own: the label says it all
        text = VERDICT_LABEL[lang]["shown"]
        text = (text[0].upper() + text[1:] + ".") if not zh else text + "。"
        return Sentence(text, tuple(q.values), "descriptive", (), lang)
    if verdict == "cannot_check":
        reason = problem or v.reason
        low = reason[0].lower() + reason[1:] if reason else ""
        if zh:
            why = _zh_for(low, reasons_zh, "") or _problem_zh(low)
            text = f"无法核查：{why}。"
        else:
            text = f"Cannot check: {_zh_for(low, _PROBLEMS_EN, low)}"
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
    if verdict == "reported":
        text = (
            f"仅有通报数字，无独立数据：所称{stated}即同一来源通报的行政数字（{observed}），"
            "没有独立的数据可供核查。"
            if zh
            else f"Reported; no independent data: the {stated} stated is the administrative "
            f"figure ({observed}) from the same source, so nothing independent checks it."
        )
        return Sentence(text, tuple(q.values), "descriptive", (), lang)
    arith = v.arithmetic if v.arithmetic and not v.arithmetic.startswith("observed") else ""
    if zh:
        head = {"consistent": "与数据相符", "overstated": "夸大了", "understated": "低报了"}
        if own:
            head["consistent"] = "与原文自身的数字相符"
        gives = "按原文数字计算为" if own else "数据为"
        text = f"{head[verdict]}：所称{stated}，{gives}{observed}"
        text += f"（{arith}）。" if arith else "。"
    else:
        head = {
            "consistent": "Consistent with the source's own figures"
            if own
            else "Consistent with the data",
            "overstated": "Overstated",
            "understated": "Understated",
        }
        gives = "its own figures give" if own else "the data give"
        text = f"{head[verdict]}: stated {stated}, {gives} {observed}"
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
    if kind in claim_kinds.NEW_KINDS:
        return claim_kinds.stated_value(q, claim, q.lang)
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
    if re.search(r"[\u3400-\u9fff]", unit):  # a Chinese measure word: English has none
        unit = _UNIT_EN.get(unit, "")
    return f"{text} {unit}" if unit else text


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
    stated = _stated_figure(q, claim, claim.value)
    if claim.kind not in ("rank", "reported_statistic"):  # their words carry the bound
        stated = _with_bound(stated, claim.bound, lang)
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
    """How many claim figures there are, how many were checked (and with which verdicts),
    and — apart — how many are administrative figures only ("reported") or could not be
    checked."""
    _check_lang(lang)
    n = len(table.checks)
    if not n:
        return Sentence(phrase(_WORDS, lang, "none_checked"), (), "descriptive", (), lang)
    checked = table.checked_counts()
    counts = table.counts()
    labels = VERDICT_LABEL[lang]
    sep = "、" if lang == "zh" else ", "
    parts = [
        phrase(
            _WORDS,
            lang,
            "n_checked",
            n=sum(checked.values()),
            detail=sep.join(
                phrase(_WORDS, lang, "n_verdict", k=k, label=labels[v])
                for v, k in sorted(checked.items())
            ),
        )
        if checked
        else phrase(_WORDS, lang, "n_checked_none")
    ]
    for verdict in ("reported", "shown", "cannot_check"):
        if counts.get(verdict):
            key = "n_shown_1" if verdict == "shown" and counts[verdict] == 1 else f"n_{verdict}"
            parts.append(phrase(_WORDS, lang, key, k=counts[verdict]))
    joiner = "；" if lang == "zh" else "; "
    text = phrase(_WORDS, lang, "summary", n=n, s="s" if n != 1 else "", parts=joiner.join(parts))
    return Sentence(text, (float(n), *map(float, counts.values())), "descriptive", (), lang)


# -- the claims table's words (analysis.report.claims_table composes the HTML) -------------

#: Every word of the claims table and of its summary, EN and ZH (``phrase``).
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "h.claim": "Claim",
        "h.written": "As written",
        "h.verdict": "Verdict",
        "h.read": "Read as",
        "h.recomputed": "Recomputed from the data",
        "h.adjusted": "Adjusted estimate",
        "h.says": "What the evidence says",
        "caption": "Headline claims and the data ({counts})",
        "figure_of": "figure {i} of {n}",
        "ci": "{level}% CI {lo} to {hi}",
        "no_interval": "no sampling interval",
        "pp": "{x} percentage points",
        "pp_ci": "{level}% CI {lo} to {hi}",
        "absolute": "{x} {unit} per unit and {period}",
        "adjusted": "{value} ({ci}); {design}",
        "readings": "readings {items}",
        "reading_item": "{label} = {value}",
        "or": " or ",
        "read": "{kind}: {value}",
        "bound.at_least": "at least",
        "bound.at_most": "at most",
        "bound.approx": "about",
        "none_checked": "No claim figures checked.",
        "summary": "{n} claim figure{s}: {parts}.",
        "n_checked": "{n} checked against the data or the source's own arithmetic ({detail})",
        "n_checked_none": "none checked against independent data",
        "n_verdict": "{k} {label}",
        "n_reported": "{k} reported with no independent data",
        "n_shown": "{k} reported statistics shown, not checked",
        "n_shown_1": "1 reported statistic shown, not checked",
        "n_cannot_check": "{k} cannot be checked",
        "numerator_of": "the numerator of {label}",
        "denominator_of": "the denominator of {label}",
        "m.relative_change": "change at {who}, {aspan} against {bspan}{basis}",
        "m.level_ratio": "level at {who} in {aspan} over the level in {bspan}",
        "m.after_level": "level at {who} in {aspan} (from {bspan})",
        "m.share_sum": "{num} ÷ {den} at {who}, {aspan}",
        "m.mean_share": "mean share at {who}, {aspan}",
        "m.share_change": "share at {who} in {aspan} minus the share in {bspan}, "
        "in percentage points",
        "m.part_total": "{part} at {who}, {aspan}",
        "m.total": "total at {who}, {aspan}",
        "m.zero_run": "longest run of {periods} with none at {who}, {aspan}; runs as long "
        "before: {runs} in {n} {periods}",
        "m.admin_figure": "the administrative figure from the same source (no independent data)",
        "m.admin_part": "the administrative figure of {part} from the same source",
        "m.admin_share": "the administrative share from the same source",
        "m.admin_ratio": "the source's own figures: {num} ÷ {den}",
        "year_on_year": " (year on year)",
    },
    "zh": {
        "h.claim": "表述",
        "h.written": "原文",
        "h.verdict": "核查结论",
        "h.read": "解读为",
        "h.recomputed": "由数据重新计算",
        "h.adjusted": "调整后估计",
        "h.says": "证据说明",
        "caption": "主要表述与数据核对（{counts}）",
        "figure_of": "第{i}个数字（共{n}个）",
        "ci": "{level}%置信区间{lo}至{hi}",
        "no_interval": "无抽样区间",
        "pp": "{x}个百分点",
        "pp_ci": "{level}%置信区间{lo}至{hi}个百分点",
        "absolute": "每个单位每{period}{x}{unit}",
        "adjusted": "{value}（{ci}）；{design}",
        "readings": "可理解为{items}",
        "reading_item": "{label}＝{value}",
        "or": "或",
        "read": "{kind}：{value}",
        "bound.at_least": "至少",
        "bound.at_most": "至多",
        "bound.approx": "约",
        "none_checked": "没有需要核查的数字。",
        "summary": "共{n}个数字：{parts}。",
        "n_checked": "{n}个经数据或原文自身的算术核查（{detail}）",
        "n_checked_none": "没有一个可用独立数据核查",
        "n_verdict": "{label}{k}个",
        "n_reported": "{k}个仅有通报数字、无独立数据",
        "n_shown": "{k}个报告的统计量（列出，未核查）",
        "n_shown_1": "1个报告的统计量（列出，未核查）",
        "n_cannot_check": "{k}个无法核查",
        "numerator_of": "{label}的分子",
        "denominator_of": "{label}的分母",
        "m.relative_change": "{who}在{aspan}较{bspan}的{basis}变化",
        "m.level_ratio": "{who}在{aspan}的水平与{bspan}水平之比",
        "m.after_level": "{who}在{aspan}的水平（对比{bspan}）",
        "m.share_sum": "{who}在{aspan}的{num}÷{den}",
        "m.mean_share": "{who}在{aspan}的平均占比",
        "m.share_change": "{who}在{aspan}的占比减{bspan}占比（百分点）",
        "m.part_total": "{who}在{aspan}的{part}",
        "m.total": "{who}在{aspan}的合计",
        "m.zero_run": "{who}在{aspan}最长连续零发生{runlen}；此前{n}{periods}中同样长的连续零发生"
        "{runs}次",
        "m.admin_figure": "同一来源通报的行政数字（无独立数据）",
        "m.admin_part": "同一来源通报的{part}数字",
        "m.admin_share": "同一来源通报的占比",
        "m.admin_ratio": "原文自身的数字：{num}÷{den}",
        "year_on_year": "同比",
    },
}

#: Design keys of a preferred estimate (results/preferred.py) in words.
DESIGN_NAME: dict[str, dict[str, str]] = {
    "en": {
        "did_permutation": "difference-in-differences (placebo-in-space inference)",
        "did_regression": "regression difference-in-differences",
        "synth": "synthetic control",
        "cits": "controlled interrupted time series",
        "staggered": "Callaway–Sant'Anna (staggered roll-out)",
        "its": "interrupted time series",
        "sts": "structural time series",
    },
    "zh": {
        "did_permutation": "双重差分（空间安慰剂检验）",
        "did_regression": "回归双重差分",
        "synth": "合成控制法",
        "cits": "有对照的间断时间序列",
        "staggered": "Callaway–Sant'Anna分批推开估计",
        "its": "间断时间序列",
        "sts": "结构时间序列",
    },
}

_PERIOD = {
    "en": {"M": ("month", "months"), "Q": ("quarter", "quarters"), "Y": ("year", "years")},
    "zh": {"M": ("月", "个月"), "Q": ("季度", "个季度"), "Y": ("年", "年")},
}


def table_words(key: str, lang: str, **fields: object) -> str:
    """A word of the claims table (headers, caption, cell phrases) in ``lang``."""
    return phrase(_WORDS, lang, key, **fields)


def design_name(key: str, lang: str = "en") -> str:
    """A preferred estimate's design key in words ('did_permutation' →
    'difference-in-differences (placebo-in-space inference)' / '双重差分（空间安慰剂检验）')."""
    _check_lang(lang)
    return DESIGN_NAME[lang].get(key, key.replace("_", " "))


def _label(lang: str, en: str, zh: str | None) -> str:  # the short name used below
    return label_for(lang, en, zh)


def _lower(label: str) -> str:
    """'Disputes found ...' → 'disputes found ...' inside a phrase (an acronym stays)."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def part_label(check, part: str, lang: str = "en") -> str:
    """A proportion's numerator or denominator in reader words: the spec's
    ``numerator_label`` / ``denominator_label``, else 'the numerator of <label>' /
    '<label>的分子'. Never an internal id."""
    own = getattr(check, f"{part}_label")
    if own:
        return _label(lang, own, getattr(check, f"{part}_label_zh"))
    label = _label(lang, check.indicator_label, check.indicator_label_zh)
    return phrase(_WORDS, lang, f"{part}_of", label=_lower(label) if lang == "en" else label)


def figure_subject(check, lang: str = "en") -> str:
    """What the figure counts, in reader words: a proportion's part by its own label
    (:func:`part_label`), else the indicator's label."""
    if check.part:
        return part_label(check, check.part, lang)
    return _label(lang, check.indicator_label, check.indicator_label_zh)


def _who(check, lang: str) -> str:
    names = list(check.pilot_units)
    if not names or len(names) > 3:
        return t(lang, "who_pilot_units")
    joined = (
        names[0]
        if len(names) == 1
        else (t(lang, "list_sep").join(names[:-1]) + t(lang, "and") + names[-1])
    )
    return t(lang, "who_units", names=joined)


def measure_text(check, lang: str = "en", parts: tuple[str, str] | None = None) -> str:
    """What was recomputed for the figure, in reader words ('change at Dadeng, Jan–Sep 2021
    against Jan–Sep 2020 (year on year)', '大嶝2021年1–10月排查发现的矛盾纠纷'): windows as
    spans, parts of a share by their labels, never an id or a raw range. ``parts``:
    (numerator, denominator) words for a share computed from its parts."""
    _check_lang(lang)
    kind = check.measure_kind
    if not kind:
        return ""
    freq = check.frequency if check.frequency in ("M", "Q", "Y") else "M"
    fields: dict[str, object] = {"who": _who(check, lang)}
    if check.after_start:
        fields["aspan"] = span(check.after_start, check.after_end, freq, lang)
    if check.before_start:
        fields["bspan"] = span(check.before_start, check.before_end, freq, lang)
    fields["basis"] = phrase(_WORDS, lang, "year_on_year") if check.year_on_year else ""
    num, den = parts or (
        part_label(check, "numerator", lang),
        part_label(check, "denominator", lang),
    )
    fields.update(num=num, den=den, part=figure_subject(check, lang))
    many = _PERIOD[lang][freq][1]
    fields.update(periods=many, runs=check.zero_runs_before, n=check.periods_before)
    if kind == "zero_run":
        fields["runlen"] = f"{round(check.observed)}{many}" if math.isfinite(check.observed) else ""
    if kind in ("rank", "level_change"):
        fields.update(claim_kinds.rank_measure_fields(check, lang))
        label = _label(lang, check.indicator_label, check.indicator_label_zh)
        fields["label"] = _lower(label) if lang == "en" and label else label
        if kind == "rank" and check.rank_first.startswith("largest_"):
            kind = "rank_change"
        return claim_kinds.words(lang, f"m.{kind}", **fields)
    try:
        return phrase(_WORDS, lang, f"m.{kind}", **fields)
    except KeyError:
        return ""


def _ci(lang: str, level: str, lo: str, hi: str, key: str = "ci") -> str:
    return phrase(_WORDS, lang, key, level=level, lo=lo, hi=hi)


def reading_text(check, lang: str = "en") -> str:
    """How the figure was read: its kind and value with its bound ('count: 220 (at
    least)' / '数量：至少220'), and the readings of an ambiguous wording."""
    _check_lang(lang)
    p = check.parsed
    q = Quoter(lang)
    kind = KIND_LABEL[lang].get(p.kind, p.kind)
    if p.kind in claim_kinds.NEW_KINDS:
        value = claim_kinds.stated_value(q, p, lang)
        if p.bound != "exact" and p.kind not in ("rank", "reported_statistic"):
            bound = phrase(_WORDS, lang, f"bound.{p.bound}")
            value = f"{bound}{value}" if lang == "zh" else f"{value} ({bound})"
        return phrase(_WORDS, lang, "read", kind=kind, value=value)
    if p.value is None:
        return kind
    value = _stated_figure(q, p, p.value)
    if p.bound != "exact":
        bound = phrase(_WORDS, lang, f"bound.{p.bound}")
        value = f"{bound}{value}" if lang == "zh" else f"{value} ({bound})"
    text = phrase(_WORDS, lang, "read", kind=kind, value=value)
    if p.ambiguous:
        labels = p.reading_labels or [""] * len(p.readings)
        items = phrase(_WORDS, lang, "or").join(
            phrase(
                _WORDS,
                lang,
                "reading_item",
                label=_reading_zh(lab) if lang == "zh" else lab,
                value=_stated_figure(q, p, v),
            )
            for lab, v in zip(labels, p.readings, strict=False)
        )
        text += ("；" if lang == "zh" else "; ") + phrase(_WORDS, lang, "readings", items=items)
    return text


def recomputed_text(check, lang: str = "en", alpha: float = 0.05) -> str:
    """The recomputed value with its interval and arithmetic ('97.4% (95% CI 91.0% to
    99.3%); 75 / 77 = 97.4%')."""
    _check_lang(lang)
    q = Quoter(lang)
    kind = check.parsed.kind
    if kind in claim_kinds.NEW_KINDS:
        if not math.isfinite(check.observed):
            return "–"
        return claim_kinds.observed_value(q, kind, check.parsed.of_kind, check.observed, lang)
    text = _value(q, check.observed, kind)
    if math.isfinite(check.observed_low) and math.isfinite(check.observed_high):
        lo, hi = _value(q, check.observed_low, kind), _value(q, check.observed_high, kind)
        ci = _ci(lang, f"{(1 - alpha) * 100:g}", lo, hi)
        text += f"（{ci}）" if lang == "zh" else f" ({ci})"
    arith = check.verdict.arithmetic
    if arith and not arith.startswith("observed"):
        text += ("；" if lang == "zh" else "; ") + arith
    return text


def adjusted_text(check, lang: str = "en", alpha: float = 0.05) -> str:
    """The adjusted (preferred) estimate beside a claim: value, interval and design
    ('−11.5% (95% CI −45.5% to +43.8%); difference-in-differences (placebo-in-space
    inference)'; a share in percentage points); '–' where no design estimated it."""
    _check_lang(lang)
    if not check.adjusted_design or not math.isfinite(check.adjusted_estimate):
        return "–"
    q = Quoter(lang)
    level = f"{(1 - alpha) * 100:g}"
    has_ci = math.isfinite(check.adjusted_low) and math.isfinite(check.adjusted_high)
    scale = check.adjusted_scale or "relative"
    if scale == "pp":
        value = phrase(_WORDS, lang, "pp", x=q.points(check.adjusted_estimate, 1))
        lo, hi = (
            (q.points(check.adjusted_low, 1), q.points(check.adjusted_high, 1))
            if has_ci
            else ("", "")
        )
        key = "pp_ci"
    elif scale == "absolute":
        unit = label_for(lang, check.adjusted_unit, check.adjusted_unit_zh)
        period = _PERIOD[lang].get(check.frequency or "M", _PERIOD[lang]["M"])[0]
        value = phrase(
            _WORDS, lang, "absolute", x=q.num(check.adjusted_estimate, 2), unit=unit, period=period
        )
        lo, hi = (
            (q.num(check.adjusted_low, 2), q.num(check.adjusted_high, 2)) if has_ci else ("", "")
        )
        key = "ci"
    else:
        value = q.pct(check.adjusted_estimate, 1)
        lo, hi = (
            (q.pct(check.adjusted_low, 1), q.pct(check.adjusted_high, 1)) if has_ci else ("", "")
        )
        key = "ci"
    ci = _ci(lang, level, lo, hi, key) if has_ci else phrase(_WORDS, lang, "no_interval")
    return phrase(
        _WORDS,
        lang,
        "adjusted",
        value=value,
        ci=ci,
        design=design_name(check.adjusted_design, lang),
    )
