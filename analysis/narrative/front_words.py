"""The words of the brief at the top of a report and of the reports index, EN and ZH.

The brief answers three things on the first screen: the question, the ONE preferred
estimate per indicator (:class:`~analysis.results.preferred.PreferredEstimate`) with its
interval, and the verdict on every claim figure. Headings, labels, the estimate cells,
the verdict counts and the short claim descriptions are made here, in the page's one
language (the page never mixes English and Chinese). Numbers follow
:mod:`analysis.narrative.numbers` (U+2212 minus, precision the interval supports,
percentage points for shares, 万 in Chinese).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeGuard

from analysis.narrative.numbers import Quoter, decimals_for, level
from analysis.narrative.sentence import Sentence, Tone
from analysis.narrative.vocab import label_for, phrase

__all__ = [
    "CHECKED",
    "WORDS",
    "brief_sentence",
    "claim_short",
    "context_note",
    "design_words",
    "estimate_text",
    "fw",
    "includes_zero",
    "page_text",
    "verdict_counts_text",
    "verdict_word",
]

#: Verdicts that compare a claim figure with independent data (the rest: "reported",
#: a figure only comparable with itself, and "cannot_check").
CHECKED = ("consistent", "overstated", "understated", "ambiguous", "not_derivable")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "question": "Question",
        "estimates_heading": "What the evidence shows: one estimate per indicator",
        "col_indicator": "Indicator",
        "col_estimate": "Estimated effect of the pilot ({level}% interval)",
        "col_design": "Design",
        "no_estimate": "no design estimated an effect",
        "zero": "cannot be told apart from no change",
        "clear": "clear of zero",
        "no_interval": "no sampling interval",
        "claims_heading": "The claims",
        "checked_group": "Checked against the data",
        "reported_group": "Reported; no independent data",
        "other_group": "Not checked",
        "figures_heading": "Key figures",
        "details_claims": "Every claim figure in full: as written, as read, recomputed, "
        "adjusted estimate",
        "details_results": "In words: the estimates, the before/after changes, the trend models",
        "details_study": "About the study: units, periods, milestones",
        "est_abs": "{est} {unit} per {noun} per {freq}",
        "noun": "unit",
        "est_rate": "{est} {unit} a {freq}",
        "est_abs_rel": "; {rel} of the untreated level",
        "est_abs_rel_ci": "; {rel} ({lo} to {hi}) of the untreated level",
        "sentence_control": "{label}: an outcome the pilot should not touch changed by {est} "
        "({ci}; {design}){rel}{tail}.",
        "sentence_recording": "{label}: after the recording change “{change}”, the recorded "
        "figure changed by {est} ({ci}; {design}){rel} — a change in what is recorded, not an "
        "effect of the pilot.",
        "falsified_tail": " But a change as large appeared in {controls}, an outcome the pilot "
        "should not touch.",
        "note_control": "negative control",
        "note_recording": "recording change, not an effect",
        "note_falsified": "negative control moved as much",
        "ci": " ({lo} to {hi})",
        "ci_none": " (no sampling interval)",
        "sentence": "{label}: the preferred estimate of the effect of the pilot is {est} "
        "({ci}; {design}){rel}{tail}.",
        "sentence_ci": "{level}% interval {lo} to {hi}",
        "tail_zero": ", which cannot be told apart from no change",
        "counts_checked": "{n} checked: {parts}",
        "counts_checked_none": "none checked against independent data",
        "counts_part": "{n} {verdict}",
        "counts_reported": "{n} reported figures without independent data",
        "counts_reported_1": "1 reported figure without independent data",
        "counts_cannot": "{n} cannot be checked",
        "counts_sep": " · ",
        "list_sep": ", ",
        "reported": "reported; no independent data",
        "reported_badge": "reported only",
        "zero_run": "{n} months at zero",
        "fold": "{x}×",
        "pp": "{x} percentage points",
        "basis_yoy": " year on year",
        "basis_mom": " month on month",
        "basis_before_after": "",
        "d_did_permutation": "difference-in-differences",
        "d_did_regression": "regression difference-in-differences",
        "d_synth": "synthetic control",
        "d_cits": "controlled interrupted time series",
        "d_staggered": "Callaway–Sant'Anna roll-out estimator",
        "d_its": "interrupted time series of the pilot series alone",
        "d_sts": "structural time series",
        "freq_month": "month",
        "freq_quarter": "quarter",
        "freq_year": "year",
        "freq_week": "week",
        "freq_day": "day",
        "no_indicator": "a figure with no indicator in the data",
        "index_claims": "Claims",
        "index_estimates": "Estimated effects of the pilot (the preferred estimate per indicator)",
    },
    "zh": {
        "question": "研究问题",
        "estimates_heading": "证据显示：每个指标一个估计",
        "col_indicator": "指标",
        "col_estimate": "试点效果的估计（{level}%区间）",
        "col_design": "设计",
        "no_estimate": "没有设计估计出效果",
        "zero": "与无变化无法区分",
        "clear": "明确不为零",
        "no_interval": "无抽样区间",
        "claims_heading": "核查的说法",
        "checked_group": "与数据核对",
        "reported_group": "仅有通报数字，无独立数据",
        "other_group": "未核查",
        "figures_heading": "关键图表",
        "details_claims": "每个说法数字的完整核查：原文、理解、重算、调整后的估计",
        "details_results": "文字说明：估计、前后变化、趋势模型",
        "details_study": "研究概况：单位、时期、节点",
        "est_abs": "每{noun}每{freq}{est}{unit}",
        "noun": "单位",
        "est_rate": "每{freq}{est}{unit}",
        "est_abs_rel": "；相当于未试点水平的{rel}",
        "est_abs_rel_ci": "；相当于未试点水平的{rel}（{lo}至{hi}）",
        "sentence_control": "{label}：试点不应影响的结果指标变化为{est}"
        "（{ci}；{design}）{rel}{tail}。",
        "sentence_recording": "{label}：统计口径变化“{change}”之后，记录数变化{est}"
        "（{ci}；{design}）{rel}——这是记录口径的变化，而非试点的效果。",
        "falsified_tail": "但试点不应影响的{controls}也出现了同样大的变化。",
        "note_control": "对照指标",
        "note_recording": "统计口径变化，非效果",
        "note_falsified": "对照指标变化同样大",
        "ci": "（{lo}至{hi}）",
        "ci_none": "（无抽样区间）",
        "sentence": "{label}：试点效果的首选估计为{est}（{ci}；{design}）{rel}{tail}。",
        "sentence_ci": "{level}%置信区间为{lo}至{hi}",
        "tail_zero": "，与无变化无法区分",
        "counts_checked": "核查{n}项：{parts}",
        "counts_checked_none": "没有可与独立数据核对的数字",
        "counts_part": "{verdict}{n}项",
        "counts_reported": "{n}项仅有通报数字，无独立数据",
        "counts_reported_1": "1项仅有通报数字，无独立数据",
        "counts_cannot": "{n}项无法核查",
        "counts_sep": " · ",
        "list_sep": "，",
        "reported": "仅有通报数字，无独立数据",
        "reported_badge": "仅有通报",
        "zero_run": "连续{n}个月为零",
        "fold": "{x}倍",
        "pp": "{x}个百分点",
        "basis_yoy": "同比",
        "basis_mom": "环比",
        "basis_before_after": "",
        "d_did_permutation": "双重差分",
        "d_did_regression": "回归双重差分",
        "d_synth": "合成控制法",
        "d_cits": "有对照的中断时间序列",
        "d_staggered": "Callaway–Sant'Anna分批推开估计",
        "d_its": "仅用试点序列的中断时间序列",
        "d_sts": "结构时间序列",
        "freq_month": "月",
        "freq_quarter": "季度",
        "freq_year": "年",
        "freq_week": "周",
        "freq_day": "日",
        "no_indicator": "数据中没有对应指标的数字",
        "index_claims": "说法",
        "index_estimates": "试点效果的估计（每个指标的首选估计）",
    },
}


def page_text(lang: str, en: str, zh: str | None = None) -> str:
    """A spec text (title, question, label) in the page's language: the Chinese one with
    full-width punctuation (``vocab.label_for``, and ？ ！ for ? !), else the English one."""
    text = label_for(lang, en, zh)
    return text.replace("?", "？").replace("!", "！") if lang == "zh" else text


def fw(lang: str, key: str, **fields: object) -> str:
    """The brief's word ``key`` in ``lang`` ('en' or 'zh')."""
    return phrase(WORDS, lang, key, **fields)


def design_words(design: str, lang: str) -> str:
    """A preferred estimate's design key (``did_permutation``, ``staggered`` ...) in words."""
    key = f"d_{design}"
    return fw(lang, key) if key in WORDS[lang] else design.replace("_", " ")


def verdict_word(verdict: str, lang: str) -> str:
    """A claim verdict in words (the claims narrative's label; "reported" from here when
    the claims narrative has none)."""
    from analysis.narrative.claims import VERDICT_LABEL

    labels = VERDICT_LABEL.get(lang, VERDICT_LABEL["en"])
    if verdict in labels:
        return labels[verdict]
    if verdict == "reported":
        return fw(lang, "reported")
    return verdict.replace("_", " ")


def _ok(x: Any) -> TypeGuard[float]:
    return x is not None and isinstance(x, int | float) and math.isfinite(x)


def _bounds(pe: Any) -> tuple[float, float]:
    lo, hi = getattr(pe, "lo", None), getattr(pe, "hi", None)
    return (float(lo), float(hi)) if _ok(lo) and _ok(hi) else (math.nan, math.nan)


def _parts(pe: Any, lang: str, freq: str = "month") -> tuple[str, str, str, list[float]]:
    """(estimate, low, high, values) formatted on the estimate's scale, and the values."""
    q = Quoter(lang)
    lo, hi = _bounds(pe)
    if pe.scale == "relative":
        d = decimals_for(lo, hi, estimate=pe.estimate)
        fmt = lambda x: q.pct(x, d)  # noqa: E731
    elif pe.scale == "pp":
        d = decimals_for(lo, hi, estimate=pe.estimate)
        fmt = lambda x: q.points(x, d)  # noqa: E731
    else:
        if math.isnan(lo):  # no interval: two significant digits, as the narrative does
            a = abs(pe.estimate)
            d = 2 if a < 10 else 1 if a < 100 else 0
        else:
            d = decimals_for(lo, hi, scale=1.0, default=2)
        fmt = lambda x: q.num(x, d)  # noqa: E731
    est = fmt(pe.estimate)
    if math.isnan(lo):
        return est, "", "", q.values
    return est, fmt(lo), fmt(hi), q.values


def _unit(pe: Any, lang: str) -> str:
    return (pe.unit_label_zh or pe.unit_label_en) if lang == "zh" else pe.unit_label_en


def _core(pe: Any, lang: str, freq: str) -> tuple[str, str, str, str]:
    """(the estimate with its unit, low, high, the share of the untreated level) — the
    bounds empty without an interval, the share empty unless the scale is absolute and
    the result holds the untreated level."""
    est, lo, hi, _ = _parts(pe, lang, freq)
    if pe.scale == "pp":
        main = fw(lang, "pp", x=est)
        hi = fw(lang, "pp", x=hi) if hi else hi  # the interval says its unit too
    elif pe.scale == "relative":
        main = est
    else:
        key = f"freq_{freq}"
        freq_word = fw(lang, key) if key in WORDS[lang] else freq
        unit = _unit(pe, lang)
        per_unit = " per " in unit or "/" in unit  # a rate already says what it is per
        key = "est_rate" if per_unit else "est_abs"
        noun = getattr(pe, "unit_noun", "") if lang == "en" else ""
        main = fw(lang, key, est=est, unit=unit, freq=freq_word, noun=noun or fw(lang, "noun"))
    rel = ""
    lvl = getattr(pe, "level", None)
    r, rlo, rhi = (getattr(pe, k, None) for k in ("relative", "relative_lo", "relative_hi"))
    if pe.scale == "absolute" and _ok(r):
        q, rf = Quoter(lang), float(r)
        if _ok(rlo) and _ok(rhi):
            lo_f, hi_f = float(rlo), float(rhi)
            d = decimals_for(lo_f, hi_f, estimate=rf)
            rel = fw(lang, "est_abs_rel_ci", rel=q.pct(rf, d), lo=q.pct(lo_f, d), hi=q.pct(hi_f, d))
        else:
            rel = fw(lang, "est_abs_rel", rel=q.pct(rf, decimals_for(rf, rf, estimate=rf)))
    elif pe.scale == "absolute" and _ok(lvl) and lvl:
        share = pe.estimate / lvl
        d = decimals_for(*(x / lvl for x in _bounds(pe)), estimate=share)
        rel = fw(lang, "est_abs_rel", rel=Quoter(lang).pct(share, d))
    return main, lo, hi, rel


def estimate_text(pe: Any, lang: str, freq: str = "month") -> str:
    """The cell of the brief: '−11% (−45% to +44%)', '+5.2 percentage points (+2 to
    +21)', '−0.8 complaints per unit per month (−1.6 to −0.1); −12% of the untreated
    level'; '(no sampling interval)' where the design gives none."""
    main, lo, hi, rel = _core(pe, lang, freq)
    ci = fw(lang, "ci", lo=lo, hi=hi) if lo else fw(lang, "ci_none")
    return main + ci + rel


def includes_zero(pe: Any) -> bool | None:
    """Whether the estimate's interval includes zero (None without an interval)."""
    lo, hi = _bounds(pe)
    if math.isnan(lo):
        return None
    return lo <= 0 <= hi


def brief_sentence(
    pe: Any, label: str, lang: str, freq: str = "month", controls: Sequence[str] = ()
) -> Sentence:
    """One indicator's preferred estimate as a sentence (the study's headline, and the
    reports index): 'Resident complaints: the preferred estimate of the effect of the pilot is
    −0.8 complaints per compound per month (95% interval −1.6 to −0.1; staggered roll-out
    (Callaway–Sant'Anna)); −18% (−30% to −2%) of the untreated level.' A negative control
    is worded as an outcome the pilot should not touch, an indicator whose record changed
    as a change in what is recorded (never an effect), and an effect that a negative
    control matched (``controls``: their labels) says so."""
    _, _, _, values = _parts(pe, lang, freq)
    main, lo, hi, rel = _core(pe, lang, freq)
    zero = includes_zero(pe)
    level_pct = f"{(1 - getattr(pe, 'alpha', 0.05)) * 100:g}"
    ci = fw(lang, "sentence_ci", level=level_pct, lo=lo, hi=hi) if lo else fw(lang, "no_interval")
    context = getattr(pe, "context", "effect")
    common = {"label": label, "est": main, "ci": ci, "design": design_words(pe.design, lang)}
    tail = fw(lang, "tail_zero") if zero else ""
    if context == "recording_change":
        change = (getattr(pe, "context_label_zh", "") if lang == "zh" else "") or getattr(
            pe, "context_label_en", ""
        )
        text = fw(lang, "sentence_recording", **common, rel=rel, change=change)
        return Sentence(text, tuple(values), "descriptive", ("recording_change",), lang)
    if context == "negative_control":
        text = fw(lang, "sentence_control", **common, rel=rel, tail=tail)
        return Sentence(text, tuple(values), "descriptive", ("negative_control",), lang)
    text = fw(lang, "sentence", **common, rel=rel, tail=tail)
    gates: tuple[str, ...] = ("interval_includes_zero",) if zero else ()
    # no interval: nothing to be clear of, so never "supported"
    tone: Tone = "causal_supported" if zero is False else "causal_inconclusive"
    if controls:
        text += fw(lang, "falsified_tail", controls=fw(lang, "list_sep").join(controls))
        tone, gates = "causal_doubtful", (*gates, "negative_control_as_large")
    return Sentence(text, tuple(values), tone, gates, lang)


def context_note(pe: Any, lang: str) -> str:
    """The brief table's note for an estimate that is not (only) an effect of the pilot:
    a negative control, a recording change, an effect matched by a negative control;
    "" otherwise."""
    context = getattr(pe, "context", "effect")
    if context == "negative_control":
        return fw(lang, "note_control")
    if context == "recording_change":
        return fw(lang, "note_recording")
    if getattr(pe, "falsified_by", ()):
        return fw(lang, "note_falsified")
    return ""


def verdict_counts_text(counts: dict[str, int], lang: str) -> str:
    """'3 checked: 1 consistent, 2 overstated · 12 reported figures without independent
    data · 1 cannot be checked' — the figures checked against independent data apart
    from the figures only comparable with themselves."""
    checked = [(v, counts[v]) for v in CHECKED if counts.get(v)]
    checked += [
        (v, n)
        for v, n in sorted(counts.items())
        if v not in CHECKED and v not in ("reported", "shown", "cannot_check") and n
    ]
    out = []
    if checked:
        parts = fw(lang, "list_sep").join(
            fw(lang, "counts_part", n=n, verdict=verdict_word(v, lang)) for v, n in checked
        )
        out.append(fw(lang, "counts_checked", n=sum(n for _, n in checked), parts=parts))
    else:
        out.append(fw(lang, "counts_checked_none"))
    n_rep = counts.get("reported", 0)
    if n_rep:
        out.append(
            fw(lang, "counts_reported_1") if n_rep == 1 else fw(lang, "counts_reported", n=n_rep)
        )
    if counts.get("shown"):  # reported statistics quoted in the claims: shown, not checked
        from analysis.narrative.claim_kinds import words

        n_shown = counts["shown"]
        out.append(
            words(lang, "counts_shown_1")
            if n_shown == 1
            else words(lang, "counts_shown", n=n_shown)
        )
    if counts.get("cannot_check"):
        out.append(fw(lang, "counts_cannot", n=counts["cannot_check"]))
    return fw(lang, "counts_sep").join(out)


def _stated(parsed: Any, lang: str) -> str:
    """A claim figure's stated value, short: '−22% year on year', '≥ 220', '3×', '97%'."""
    raw = getattr(parsed, "value", None)
    kind = getattr(parsed, "kind", "unknown")
    if kind in ("range", "rank", "level_change", "reported_statistic"):  # issue 13's kinds
        from analysis.narrative.claim_kinds import stated_value

        return stated_value(Quoter(lang), parsed, lang)
    if not _ok(raw):
        return ""
    v = float(raw)
    bound = {"at_least": "≥", "at_most": "≤", "approx": "≈"}.get(getattr(parsed, "bound", ""), "")
    q = Quoter(lang)
    if kind == "percent_change":
        d = 0 if float(v * 100).is_integer() else 1
        basis = fw(lang, f"basis_{parsed.basis}") if getattr(parsed, "basis", None) else ""
        body = q.pct(v, d)
        return (basis + bound + body) if lang == "zh" else (bound + body + basis)
    if kind == "percentage_point_change":
        d = 0 if float(v * 100).is_integer() else 1
        return bound + fw(lang, "pp", x=q.points(v, d))
    if kind == "share":
        d = 0 if float(v * 100).is_integer() else 1
        return bound + q.share(v, d)
    if kind == "multiple":
        return bound + fw(lang, "fold", x=f"{v:g}")
    if kind == "zero_run":
        return fw(lang, "zero_run", n=f"{v:g}")
    return bound + level(v, lang)


def claim_short(check: Any, lang: str, limit: int = 18) -> tuple[str, str]:
    """A claim figure in a few words of the page's language: (the stated figure, the
    indicator's label), e.g. ('−22% year on year', 'Telecom-fraud incidents reported');
    without an indicator, ('', the start of the claim as written)."""
    en = getattr(check, "indicator_label", "") or ""
    zh = getattr(check, "indicator_label_zh", None)
    label = label_for(lang, en, zh) if (en or zh) else ""
    if getattr(check.parsed, "kind", "") == "reported_statistic":  # shown beside its claim
        text = check.text if len(check.text) <= limit else check.text[:limit] + "…"
        return _stated(check.parsed, lang), text
    if not label:
        if lang == "en" and getattr(check, "language", "en") != "en":
            return "", fw(lang, "no_indicator")  # the quote stays in the full table
        text = check.text if len(check.text) <= limit else check.text[:limit] + "…"
        return "", text
    return _stated(check.parsed, lang), label
