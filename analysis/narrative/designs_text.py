"""Headline sentences of the comparison-design results, in English and Chinese: DiD and
its wild cluster bootstrap, the TWFE event study, the controlled ITS and the synthetic
control (fit, placebo-in-space, leave-one-out).

These are the technical one-line summaries a result's ``headline(lang)`` returns (the
design, its conventions and its numbers); the gated causal sentences of a report come
from :mod:`analysis.narrative.causal`. Numbers are formatted by
:mod:`analysis.narrative.numbers`: an estimate and its interval bounds share the decimals
the interval supports; values without an interval print as levels.
"""

from __future__ import annotations

import math

from analysis.narrative.numbers import Quoter, decimals_for, level, unsigned
from analysis.results.controlled_its import ControlledITSResult
from analysis.results.did import DiDResult, WildBootstrapResult
from analysis.results.event_study import EventStudyResult
from analysis.results.synth import SynthLeaveOneOutResult, SynthPlaceboResult, SynthResult

NAN = float("nan")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "end": ".",
        "sep": "; ",
        "list_sep": ", ",
        "ci": "{level}% CI {lo} to {hi}",
        "p_eq": "p = {p}",
        "p_lt": "p < 0.001",
        "did.name.did_2x2": "2×2 DiD",
        "did.name.twfe": "two-way FE DiD",
        "did": "{outcome}, {name}: {est} (SE {se}; {ci}; {p})",
        "did.zero": "; cannot be told apart from no difference",
        "wild": (
            "{outcome}, {design}: {est}; wild cluster bootstrap (WCR, {weights}, {n_boot} "
            "draws, {n_clusters} clusters) {p}; {ci}"
        ),
        "es": "{outcome}, TWFE event study (reference e = {ref}, {ends} endpoints): ",
        "es.binned": "binned",
        "es.dropped": "dropped",
        "es.first": "effect at adoption {est} ({ci}); ",
        "es.pretrend": "pre-trend test {status} ({p})",
        "status.pass": "pass",
        "status.warn": "warn",
        "status.fail": "fail",
        "status.not_applicable": "not_applicable",
        "status.info": "info",
        "cits": (
            "{outcome}, controlled ITS at {start} ({treated} vs {n} comparison unit(s)): "
            "extra level change {lc} ({ci}), extra slope change {sc} per period "
            "({slo} to {shi}); post-period trend difference {pt} (SE {se})"
        ),
        "synth": (
            "{outcome}, synthetic control for {unit} (from {start}): the estimated effect "
            "averaged {avg} ({rel} relative to the synthetic unit) after the start; "
            "pre-period RMSPE {pre}, post/pre RMSPE ratio {ratio}. Synthetic unit: {mix}. "
            "No sampling interval; judge it by the placebo-in-space p-value"
        ),
        "synth.weight": "{unit} {w}",
        "placebo": (
            "{outcome}: {unit}'s post/pre MSPE ratio ranks {rank} of {n} units in the "
            "placebo-in-space test, permutation {p} (the smallest attainable with {n} "
            "units is {p_min})"
        ),
        "placebo.null": "; the effect cannot be told apart from the placebo gaps",
        "loo": (
            "{outcome}: dropping each of the {k} donors with positive weight in turn, the "
            "average post-period effect ranges {lo} to {hi} (all donors: {full})"
        ),
    },
    "zh": {
        "end": "。",
        "sep": "；",
        "list_sep": "，",
        "ci": "{level}%置信区间{lo}至{hi}",
        "p_eq": "p值为{p}",
        "p_lt": "p值小于0.001",
        "did.name.did_2x2": "2×2双重差分",
        "did.name.twfe": "双向固定效应双重差分",
        "did": "{outcome}，{name}：{est}（标准误{se}；{ci}；{p}）",
        "did.zero": "；与无差异无法区分",
        "wild": (
            "{outcome}，{design}：{est}；野聚类自助法（WCR，{weights}权重，{n_boot}次抽样，"
            "{n_clusters}个聚类）{p}；{ci}"
        ),
        "es": "{outcome}，双向固定效应事件研究（参照期 e = {ref}，端点{ends}）：",
        "es.binned": "合并",
        "es.dropped": "删除",
        "es.first": "采纳当期效果{est}（{ci}）；",
        "es.pretrend": "预趋势检验{status}（{p}）",
        "status.pass": "通过",
        "status.warn": "警示",
        "status.fail": "未通过",
        "status.not_applicable": "不适用",
        "status.info": "仅供参考",
        "cits": (
            "{outcome}，对照中断时间序列（{start}起；{treated}对比{n}个对照单位）："
            "额外水平变化{lc}（{ci}），每期额外斜率变化{sc}（{slo}至{shi}）；"
            "干预后趋势差异{pt}（标准误{se}）"
        ),
        "synth": (
            "{outcome}，{unit}的合成控制（自{start}起）：开始后估计效果平均为{avg}"
            "（相对合成单位{rel}）；干预前RMSPE为{pre}，前后RMSPE之比为{ratio}。"
            "合成单位：{mix}。无抽样区间，请以空间安慰剂检验的p值判断"
        ),
        "synth.weight": "{unit} {w}",
        "placebo": (
            "{outcome}：在空间安慰剂检验中，{unit}的前后MSPE之比在{n}个单位中排第{rank}，"
            "置换{p}（{n}个单位时可达到的最小p值为{p_min}）"
        ),
        "placebo.null": "；效果与安慰剂差距无法区分",
        "loo": (
            "{outcome}：依次剔除{k}个正权重供体中的每一个，干预后平均效果介于{lo}至{hi}"
            "（全部供体：{full}）"
        ),
    },
}


def _t(lang: str, key: str, **fields: object) -> str:
    if lang not in TEXT:
        raise ValueError(f"lang must be one of {', '.join(TEXT)}; got {lang!r}")
    return TEXT[lang][key].format(**fields)


def _finite(*xs: float) -> bool:
    return all(x is not None and math.isfinite(x) for x in xs)


def _p(q: Quoter, p: float) -> str:
    """'p = 0.04' / 'p < 0.001' (a missing p prints as '–')."""
    if not _finite(p):
        return _t(q.lang, "p_eq", p=level(p, q.lang))
    text = q.p(p)
    return _t(q.lang, "p_lt") if text.startswith("<") else _t(q.lang, "p_eq", p=text)


def _bound(q: Quoter, x: float, d: int) -> str:
    return level(x, q.lang) if x is None or math.isnan(x) else q.num(x, d)


def _with_interval(q: Quoter, est: float, lo: float, hi: float) -> tuple[str, str, str, int]:
    """Estimate and bounds with the decimals the interval supports (an estimate without a
    finite interval prints as a level); returns the three texts and the decimals."""
    if not _finite(est, lo, hi):
        return q.level(est), _bound(q, lo, 2), _bound(q, hi, 2), 2
    d = decimals_for(lo, hi, scale=1.0, max_decimals=6)
    return q.num(est, d), q.num(lo, d), q.num(hi, d), d


def _ci(q: Quoter, alpha: float, lo: str, hi: str) -> str:
    return _t(q.lang, "ci", level=f"{(1 - alpha) * 100:g}", lo=lo, hi=hi)


def did_headline(r: DiDResult, lang: str = "en") -> str:
    """The DiD coefficient with SE, interval and p; says so when the interval spans zero."""
    q = Quoter(lang)
    est, lo, hi, d = _with_interval(q, r.estimate, r.conf_low, r.conf_high)
    text = _t(
        lang,
        "did",
        outcome=r.outcome,
        name=_t(lang, f"did.name.{'did_2x2' if r.design == 'did_2x2' else 'twfe'}"),
        est=est,
        se=unsigned(r.std_error, d + 1),
        ci=_ci(q, r.alpha, lo, hi),
        p=_p(q, r.p_value),
    )
    if r.conf_low <= 0 <= r.conf_high:
        text += _t(lang, "did.zero")
    return text + _t(lang, "end")


def wild_bootstrap_headline(r: WildBootstrapResult, lang: str = "en") -> str:
    """The estimate, the bootstrap's design and draws, its p and inverted interval."""
    q = Quoter(lang)
    est, lo, hi, _ = _with_interval(q, r.estimate, r.conf_low, r.conf_high)
    return _t(
        lang,
        "wild",
        outcome=r.outcome,
        design=r.design,
        est=est,
        weights=r.weights,
        n_boot=q.count(r.n_boot),
        n_clusters=q.count(r.n_clusters),
        p=_p(q, r.p_value),
        ci=_ci(q, r.alpha, lo, hi),
    ) + _t(lang, "end")


def event_study_headline(r: EventStudyResult, lang: str = "en") -> str:
    """The design and reference, the effect at the first post-adoption event time and the
    pre-trend test's verdict."""
    q = Quoter(lang)
    ends = _t(lang, "es.binned" if r.bin_endpoints else "es.dropped")
    text = _t(lang, "es", outcome=r.outcome, ref=q.count(r.reference), ends=ends)
    post = [c for e, c in zip(r.event_times, r.coefficients, strict=True) if e >= 0]
    if post:
        first = post[0]
        est, lo, hi, _ = _with_interval(q, first.estimate, first.conf_low, first.conf_high)
        text += _t(lang, "es.first", est=est, ci=_ci(q, r.alpha, lo, hi))
    status = _t(lang, f"status.{r.pretrend.status}")
    return (
        text + _t(lang, "es.pretrend", status=status, p=_p(q, r.pretrend.p_value)) + _t(lang, "end")
    )


def controlled_its_headline(r: ControlledITSResult, lang: str = "en") -> str:
    """Extra level and slope change of the treated unit(s) and the post-period trend
    difference."""
    q = Quoter(lang)
    lc, sc, pt = r.level_change, r.slope_change, r.posttrend_diff
    lc_est, lc_lo, lc_hi, _ = _with_interval(q, lc.estimate, lc.conf_low, lc.conf_high)
    sc_est, sc_lo, sc_hi, _ = _with_interval(q, sc.estimate, sc.conf_low, sc.conf_high)
    pt_est, _, _, d = _with_interval(q, pt.estimate, pt.conf_low, pt.conf_high)
    return _t(
        lang,
        "cits",
        outcome=r.outcome,
        start=r.start,
        treated=_t(lang, "list_sep").join(r.treated_units),
        n=q.count(r.n_control_units),
        lc=lc_est,
        ci=_ci(q, r.alpha, lc_lo, lc_hi),
        sc=sc_est,
        slo=sc_lo,
        shi=sc_hi,
        pt=pt_est,
        se=unsigned(pt.std_error, d + 1),
    ) + _t(lang, "end")


def synth_headline(r: SynthResult, lang: str = "en") -> str:
    """Average post-period gap (absolute and relative), fit quality and the donor mix."""
    q = Quoter(lang)
    top = r.to_frame("weights")
    top = top[top.weight >= 0.005]
    mix = _t(lang, "list_sep").join(
        _t(lang, "synth.weight", unit=u, w=unsigned(w, 3))
        for u, w in zip(top.unit, top.weight, strict=True)
    )
    rel = r.avg_post_relative_effect
    rel_d = decimals_for(NAN, NAN, estimate=rel) if _finite(rel) else 1
    return _t(
        lang,
        "synth",
        outcome=r.outcome,
        unit=r.treated_unit,
        start=r.start,
        avg=q.level(r.avg_post_effect),
        rel=q.pct(rel, rel_d) if _finite(rel) else level(rel, lang),
        pre=q.level(r.pre_rmspe),
        ratio=q.fold(r.rmspe_ratio) if _finite(r.rmspe_ratio) else level(r.rmspe_ratio, lang),
        mix=mix,
    ) + _t(lang, "end")


def synth_placebo_headline(r: SynthPlaceboResult, lang: str = "en") -> str:
    """The treated unit's rank among the placebos and the permutation p."""
    q = Quoter(lang)
    text = _t(
        lang,
        "placebo",
        outcome=r.outcome,
        unit=r.treated_unit,
        rank=q.count(r.rank),
        n=q.count(r.n_units),
        p=_p(q, r.p_value),
        p_min=q.p(r.min_p_value),
    )
    if r.rank > 1 and r.p_value > 0.1:
        text += _t(lang, "placebo.null")
    return text + _t(lang, "end")


def synth_leave_one_out_headline(r: SynthLeaveOneOutResult, lang: str = "en") -> str:
    """The range of the average post-period gap over the leave-one-out refits."""
    q = Quoter(lang)
    effects = r.avg_post_effect
    lo, hi = (min(effects), max(effects)) if effects else (NAN, NAN)
    return _t(
        lang,
        "loo",
        outcome=r.outcome,
        k=q.count(len(r.dropped)),
        lo=q.level(lo),
        hi=q.level(hi),
        full=q.level(r.full_avg_post_effect),
    ) + _t(lang, "end")
