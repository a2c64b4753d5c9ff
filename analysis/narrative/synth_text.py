"""The words of the synthetic-control block of an indicator's comparison section (EN and
ZH): what the treated unit was matched on, how the predictor weights V were chosen and how
close the search got, the average gap, the placebo rank, and the tables' headings.

Periods arrive as text (the report converts the fit's time ordinals back to periods)."""

from __future__ import annotations

from analysis.narrative.numbers import Quoter, decimals_for, level, p_text
from analysis.results.synth import SynthPlaceboResult, SynthResult

NAN = float("nan")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Synthetic control",
        "matched_predictors": (
            "{unit} is matched on {n} predictor(s): {names}. The predictor weights V "
            "(one per predictor, each predictor scaled by its standard deviation across the "
            "units) are chosen to minimise the mean squared gap of the outcome over the "
            "pre-period {pre}: Nelder–Mead from equal weights and {k} random starts (seed "
            "{seed}), the best five polished. Best pre-period RMSPE reached: {rmspe}. V is "
            "not identified (other V give the same donor weights); the weights are the result."
        ),
        "matched_path": (
            "{unit} is matched on its outcome path over the pre-period {pre} alone (no "
            "predictors): the donor weights minimise the pre-period mean squared gap "
            "directly. Pre-period RMSPE: {rmspe}."
        ),
        "gap": (
            "Over {post} the gap between {unit} and its synthetic unit (observed − "
            "synthetic) averaged {avg} ({rel} of the synthetic unit); post/pre RMSPE "
            "ratio {ratio}. There is no sampling interval."
        ),
        "placebo": (
            "Placebo in space: every donor in turn treated as if it had the pilot"
            "{starts}; {unit}'s post/pre MSPE ratio ranks {rank} of {n} units, "
            "permutation p = {p} (the smallest attainable with {n} units is {pmin})."
        ),
        "starts": " ({k} V starts each)",
        "weights_caption": "Synthetic {unit}: donor weights (0.001 or more)",
        "balance_caption": (
            "Predictor balance: {unit}, synthetic {unit} and the mean of the {n} donors"
        ),
        "col.donor": "Donor",
        "col.weight": "Weight",
        "col.predictor": "Predictor",
        "col.treated": "{unit}",
        "col.synthetic": "Synthetic",
        "col.donor_mean": "Donor mean",
        "col.v": "V",
        "fig_alt": "{label}: {unit} and its synthetic control",
        "fig_caption": "Observed {unit} and synthetic {unit}; the line marks the pilot start",
    },
    "zh": {
        "heading": "合成控制法",
        "matched_predictors": (
            "{unit}按{n}个预测变量匹配：{names}。预测变量权重V（每个预测变量一个，"
            "各预测变量按其在各单位间的标准差标准化）以干预前{pre}结果变量的均方差距最小为准："
            "Nelder–Mead算法，自等权重及{k}个随机起点出发（种子{seed}），取最优五个精细求解。"
            "达到的最优干预前RMSPE：{rmspe}。V不可识别（其他V可给出相同的供体权重），"
            "结果以供体权重为准。"
        ),
        "matched_path": (
            "{unit}仅按干预前{pre}的结果变量路径匹配（无预测变量）：供体权重直接使干预前"
            "均方差距最小。干预前RMSPE：{rmspe}。"
        ),
        "gap": (
            "{post}期间，{unit}与其合成单位之差（观测值减合成值）平均为{avg}"
            "（相对合成单位{rel}）；前后RMSPE之比为{ratio}。无抽样区间。"
        ),
        "placebo": (
            "空间安慰剂检验：依次把每个供体当作试点单位{starts}；{unit}的"
            "前后MSPE之比在{n}个单位中排第{rank}，置换p值{p}（{n}个单位时可达到的最小值为{pmin}）。"
        ),
        "starts": "（每个{k}个V起点）",
        "weights_caption": "合成{unit}：供体权重（0.001及以上）",
        "balance_caption": "预测变量平衡：{unit}、合成{unit}与{n}个供体的均值",
        "col.donor": "供体",
        "col.weight": "权重",
        "col.predictor": "预测变量",
        "col.treated": "{unit}",
        "col.synthetic": "合成",
        "col.donor_mean": "供体均值",
        "col.v": "V",
        "fig_alt": "{label}：{unit}及其合成控制",
        "fig_caption": "{unit}观测值与合成{unit}；竖线为试点开始",
    },
}


def st(lang: str, key: str, **kw) -> str:
    """One phrase of :data:`WORDS` in ``lang`` (``en`` or ``zh``), filled in."""
    return WORDS["zh" if lang == "zh" else "en"][key].format(**kw)


def synth_method_text(fit: SynthResult, pre: str, lang: str) -> str:
    """What the treated unit was matched on and how V was chosen (with the RMSPE reached)."""
    q = Quoter(lang)
    rmspe = f"{fit.pre_rmspe:.4g}"
    if not fit.predictor_names:
        return st(lang, "matched_path", unit=fit.treated_unit, pre=pre, rmspe=rmspe)
    sep = "、" if lang == "zh" else "; "
    return st(
        lang,
        "matched_predictors",
        unit=fit.treated_unit,
        n=q.count(len(fit.predictor_names)),
        names=sep.join(fit.predictor_names),
        pre=pre,
        k=q.count(fit.n_starts),
        seed=fit.seed,
        rmspe=rmspe,
    )


def synth_gap_text(fit: SynthResult, post: str, lang: str) -> str:
    """The average post-period gap, absolute and relative, and the RMSPE ratio."""
    q = Quoter(lang)
    rel = fit.avg_post_relative_effect
    finite = rel == rel and abs(rel) != float("inf")
    return st(
        lang,
        "gap",
        post=post,
        unit=fit.treated_unit,
        avg=q.level(fit.avg_post_effect),
        rel=q.pct(rel, decimals_for(NAN, NAN, estimate=rel)) if finite else level(rel, lang),
        ratio=f"{fit.rmspe_ratio:.2f}",
    )


def synth_placebo_text(placebo: SynthPlaceboResult, v_search: bool, lang: str) -> str:
    """The treated unit's rank in the placebo-in-space test and the permutation p
    (``v_search``: the placebos were fitted with a V search, whose starts are named)."""
    p = p_text(placebo.p_value)
    return st(
        lang,
        "placebo",
        unit=placebo.treated_unit,
        starts=st(lang, "starts", k=placebo.n_starts) if v_search else "",
        rank=placebo.rank,
        n=placebo.n_units,
        p=p,
        pmin=p_text(placebo.min_p_value),
    )
