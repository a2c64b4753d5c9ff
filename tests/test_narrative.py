"""Golden-text tests of analysis.narrative: every design × gate × language.

Each case builds small result objects with chosen numbers, narrates them and compares
with the exact expected text. Across all cases (and the real Dadeng fraud results):
descriptive sentences never use causal words and causal sentences never use
descriptive ones; Chinese sentences use full-width punctuation; every number in a
sentence is one of the values it says it quotes, and each of those is a number in the
input results' ``to_dict()``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analysis.narrative.api import narrate
from analysis.narrative.causal import narrate_event_study, narrate_staggered, narrate_synth
from analysis.narrative.comparisons_text import narrate_triangulation
from analysis.narrative.gates import EffectSummary
from analysis.narrative.numbers import decimals_for, level, p_text
from analysis.narrative.paragraph import placebo_range, what_it_means
from analysis.narrative.sentence import Paragraph, Sentence
from analysis.narrative.vocab import CAUSAL_MARKERS, DESCRIPTIVE_MARKERS, EN, ZH
from analysis.numbers.checks.agreement import agreement, intervals_disagree
from analysis.results.checks import CheckResult
from analysis.results.comparisons import PermutationDiD, Triangulation, TriangulationRow
from analysis.results.did import DiDResult
from analysis.results.effects import Coefficient, EffectPath, EffectResult, HorizonEffect
from analysis.results.event_study import EventStudyResult
from analysis.results.indicators import ChangeComparison, Estimate, FactLevel, IndicatorChange
from analysis.results.staggered import Aggregate, StaggeredComparison
from analysis.results.synth import SynthPlaceboResult, SynthResult
from analysis.results.trends import ModelOutcome

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "zh")

# -- factories: small result objects with chosen numbers ---------------------------------

NAN = float("nan")


def change(**kw: Any) -> IndicatorChange:
    """Pilot fraud, Jan–Sep 2021 vs Jan–Sep 2020: 87 → 68 (−21.8%, 95% CI −43.9% to +8.6%)."""
    base: dict[str, Any] = dict(
        indicator="fraud",
        label="Fraud incidents",
        label_zh="电信诈骗警情",
        indicator_kind="count",
        group="treated",
        role="treated",
        units=("Dadeng",),
        basis="year_on_year",
        before_start="2020-01",
        before_end="2020-09",
        after_start="2021-01",
        after_end="2021-09",
        n_periods_before=9,
        n_periods_after=9,
        before_derived=False,
        level_definition="total over window",
        before_level=87.0,
        after_level=68.0,
        before_per_period=87 / 9,
        after_per_period=68 / 9,
        before_conf_low=NAN,
        before_conf_high=NAN,
        after_conf_low=NAN,
        after_conf_high=NAN,
        level_ci_method="",
        before_numerator=87.0,
        before_denominator=9.0,
        after_numerator=68.0,
        after_denominator=9.0,
        change_scale="total",
        absolute_change=-19.0,
        abs_std_error=NAN,
        abs_conf_low=NAN,
        abs_conf_high=NAN,
        abs_ci_method="",
        relative_change=-0.218,
        relative_conf_low=-0.439,
        relative_conf_high=0.086,
        fold_change=0.782,
        p_value=0.15,
        ci_method="exact",
        alpha=0.05,
        interval_note="",
    )
    base.update(kw)
    return IndicatorChange(**base)


def comparison_change(**kw: Any) -> IndicatorChange:
    """The 24 comparison stations: 1,922 → 1,697 (−11.7%, 95% CI −17.3% to −5.7%)."""
    units = tuple(f"S{i}" for i in range(24))
    return change(
        **{
            **dict(
                group="comparison",
                role="comparison",
                units=units,
                before_level=1922.0,
                after_level=1697.0,
                relative_change=-0.117,
                relative_conf_low=-0.173,
                relative_conf_high=-0.057,
                fold_change=0.883,
            ),
            **kw,
        }
    )


def share_change(**kw: Any) -> IndicatorChange:
    """Share resolved: 86.6% → 97.4% (+10.8 points, 95% CI +2.9 to +20.6)."""
    return change(
        **{
            **dict(
                indicator="resolved",
                label="Share of disputes resolved",
                label_zh="矛盾纠纷化解率",
                indicator_kind="proportion",
                before_level=0.866,
                after_level=0.974,
                absolute_change=0.108,
                abs_conf_low=0.029,
                abs_conf_high=0.206,
                relative_change=0.125,
                relative_conf_low=NAN,
                relative_conf_high=NAN,
                fold_change=1.125,
            ),
            **kw,
        }
    )


def stock_change(**kw: Any) -> IndicatorChange:
    """Register: 3,800 (Apr 2021) → 12,016 (Oct 2021), ×3.16; no sampling error."""
    return change(
        **{
            **dict(
                indicator="register",
                label="Registered floating population",
                label_zh="流动人口登记人数",
                indicator_kind="stock",
                basis="period",
                before_start="2020-11",
                before_end="2021-04",
                after_start="2021-05",
                after_end="2021-10",
                level_definition="value at the window's last period",
                before_level=3800.0,
                after_level=12016.0,
                change_scale="level",
                relative_change=2.162,
                relative_conf_low=NAN,
                relative_conf_high=NAN,
                fold_change=3.162,
                interval_note="administrative stock: no sampling error",
            ),
            **kw,
        }
    )


def fact(**kw: Any) -> FactLevel:
    base: dict[str, Any] = dict(
        indicator="secretaries",
        label="Branch secretaries who are officials",
        label_zh="机关干部担任支部书记占比",
        indicator_kind="proportion",
        source="facts",
        numerator=221.0,
        denominator=364.0,
        level=221 / 364,
        conf_low=NAN,
        conf_high=NAN,
        ci_method="",
        interval_note="census",
        alpha=0.05,
    )
    base.update(kw)
    return FactLevel(**base)


def ratio_comparison(lo: float = 0.64, hi: float = 1.22, est: float = 0.885) -> ChangeComparison:
    return ChangeComparison(
        indicator="fraud",
        label="Fraud incidents",
        label_zh="电信诈骗警情",
        treated_units=("Dadeng",),
        comparison_units=("S1", "S2"),
        treated_rate_ratio=0.782,
        comparison_rate_ratio=0.883,
        ratio=Estimate(
            quantity="ratio_of_rate_ratios", estimate=est, conf_low=lo, conf_high=hi, alpha=0.05
        ),
    )


def placebo_check(
    status: str = "pass", n: float = 7.0, n_sig: float = 0.0, lo: float = -0.09, hi: float = 0.18
) -> CheckResult:
    return CheckResult(
        name="placebo_in_time",
        label="Placebo-in-time",
        status=status,
        detail="",
        values=(
            ("rank", 1.0),
            ("n_placebos", n),
            ("n_placebo_significant", n_sig),
            ("placebo_min", lo),
            ("placebo_max", hi),
        ),
    )


def sensitivity_check(status: str = "pass") -> CheckResult:
    return CheckResult(name="sensitivity", label="Sensitivity", status=status, detail="")


def its(
    est: float = -0.486,
    lo: float = -0.702,
    hi: float = -0.131,
    horizon: int = 9,
    checks: tuple[CheckResult, ...] = (),
    design: str = "its",
    unit: str = "Dadeng",
    mde: float = NAN,
) -> EffectResult:
    period = "2021-09" if horizon else "2021-01..2021-09"
    effect = HorizonEffect(
        horizon=horizon,
        period=period,
        label=f"month {horizon} of the pilot" if horizon else "post-period average",
        estimate=NAN,
        conf_low=NAN,
        conf_high=NAN,
        relative_estimate=est,
        relative_conf_low=lo,
        relative_conf_high=hi,
    )
    path = EffectPath(
        time=(),
        observed=(),
        fitted=(),
        counterfactual=(),
        cf_conf_low=(),
        cf_conf_high=(),
        cf_pred_low=(),
        cf_pred_high=(),
        effect=(),
        effect_conf_low=(),
        effect_conf_high=(),
        post=(),
    )
    return EffectResult(
        design=design,
        indicator="fraud",
        label="Fraud incidents",
        unit=unit,
        model="quasi-Poisson segmented regression",
        family="quasipoisson",
        se_type="",
        start="2021-01",
        alpha=0.05,
        n_obs=45,
        n_pre=36,
        n_post=9,
        coefficients=(),
        effects=(effect,),
        path=path,
        checks=checks,
        mde=mde,
    )


def did(
    est: float = -0.1148, lo: float = -0.4549, hi: float = 0.4376, p: float = 0.76, n: int = 24
) -> PermutationDiD:
    return PermutationDiD(
        indicator="fraud",
        label="Fraud incidents",
        treated_units=("Dadeng",),
        before="2020-01..2020-09",
        after="2021-01..2021-09",
        log_estimate=math.log1p(est),
        std_error=0.2,
        statistic=-0.6,
        estimate=est,
        conf_low=lo,
        conf_high=hi,
        p_value=p,
        min_p_value=1 / (n + 1),
        n_placebos=n,
        placebo_units=tuple(f"S{i}" for i in range(n)),
        placebo_statistics=tuple(0.1 * i for i in range(n)),
        alpha=0.05,
    )


def synth_fit(est: float = -0.177) -> SynthResult:
    return SynthResult(
        outcome="Fraud incidents",
        treated_unit="Dadeng",
        start=612,
        method="pre-period outcomes",
        donors=("S1", "S2"),
        weights=(0.6, 0.4),
        predictor_names=(),
        predictor_weights=(),
        predictor_treated=(),
        predictor_synthetic=(),
        predictor_donor_mean=(),
        times=(611, 612),
        observed=(10.0, 8.0),
        synthetic=(10.0, 9.7),
        loss=0.1,
        pre_rmspe=3.2,
        post_rmspe=3.4,
        rmspe_ratio=1.06,
        avg_post_effect=-1.6,
        avg_post_relative_effect=est,
    )


def synth_placebo(rank: int = 15, n: int = 25) -> SynthPlaceboResult:
    return SynthPlaceboResult(
        outcome="Fraud incidents",
        treated_unit="Dadeng",
        start=612,
        units=tuple(f"U{i}" for i in range(n)),
        times=(611, 612),
        gaps=(),
        pre_mspe=(),
        post_mspe=(),
        mspe_ratio=(),
        rank=rank,
        n_units=n,
        p_value=rank / n,
        min_p_value=1 / n,
    )


def coef(term: str, est: float, lo: float, hi: float) -> Coefficient:
    return Coefficient(
        term=term,
        estimate=est,
        std_error=0.1,
        statistic=est / 0.1,
        p_value=0.5,
        conf_low=lo,
        conf_high=hi,
    )


def event_study(
    pre_p: float = 0.42,
    est: float = -1.2,
    lo: float = -1.9,
    hi: float = -0.5,
    pre_status: str | None = None,
) -> EventStudyResult:
    status = pre_status or ("pass" if pre_p >= 0.05 else "warn")
    pretrend = CheckResult(
        name="pretrend_wald",
        label="Pre-trends",
        status=status,
        detail="",
        statistic=1.0,
        p_value=pre_p,
        threshold=0.05,
    )
    return EventStudyResult(
        outcome="Complaints per 1,000 households",
        event_times=(-3, -2, 0, 1, 2),
        coefficients=(
            coef("e=-3", 0.1, -0.5, 0.7),
            coef("e=-2", 0.0, -0.6, 0.6),
            coef("e=0", est, lo, hi),
            coef("e=1", -1.5, -2.4, -0.6),
            coef("e=2", -1.7, -2.8, -0.6),
        ),
        reference=-1,
        leads=3,
        lags=2,
        bin_endpoints=True,
        pretrend=pretrend,
        alpha=0.05,
        n_obs=100,
        n_units=10,
        n_treated_units=5,
        n_never_treated=5,
        n_periods=10,
        n_clusters=10,
        k_params=5,
        df=9.0,
        se_type="cluster-robust by unit",
    )


def aggregate(
    kind: str,
    est: float,
    lo: float,
    hi: float,
    elements: tuple[int, ...] = (),
    el_ci: tuple[tuple[float, float], ...] = (),
) -> Aggregate:
    n = len(elements)
    return Aggregate(
        aggregation=kind,
        outcome="y",
        overall_estimate=est,
        overall_std_error=0.6,
        overall_statistic=est / 0.6,
        overall_p_value=0.06,
        overall_conf_low=lo,
        overall_conf_high=hi,
        element=elements,
        estimate=(0.0,) * n,
        std_error=(0.5,) * n,
        statistic=(0.0,) * n,
        p_value=(0.5,) * n,
        conf_low=tuple(c[0] for c in el_ci),
        conf_high=tuple(c[1] for c in el_ci),
        control="nevertreated",
        alpha=0.05,
    )


def twfe(
    est: float = -1.19,
    lo: float = -1.57,
    hi: float = -0.81,
    design: str = "twfe",
    outcome: str = "y",
) -> DiDResult:
    return DiDResult(
        design=design,
        outcome=outcome,
        term="treated:post",
        estimate=est,
        std_error=0.19,
        statistic=est / 0.19,
        p_value=0.001,
        conf_low=lo,
        conf_high=hi,
        alpha=0.05,
        n_obs=8640,
        se_type="cluster-robust",
        df=179.0,
    )


def staggered(
    simple=(-1.16, -2.37, 0.043),
    tw=(-1.19, -1.57, -0.81),
    outcome: str = "per 1,000 households per period",
    leads_ci: tuple[tuple[float, float], ...] = ((-1.0, 1.0),) * 6,
    pretrend: tuple[float, float] = (1.8, 0.41),  # sup-t statistic, bootstrap p
) -> StaggeredComparison:
    dyn = aggregate(
        "dynamic",
        -1.44,
        -2.71,
        -0.17,
        elements=(*tuple(range(-len(leads_ci), 0)), 0, 1),
        el_ci=(*leads_ci, (-2.0, -0.5), (-2.5, -0.4)),
    )
    return StaggeredComparison(
        indicator="complaints",
        label="Resident complaints",
        outcome=outcome,
        simple=aggregate("simple", *simple),
        group=aggregate("group", -0.55, -1.7, 0.6),
        dynamic=dyn,
        twfe=twfe(*tw),
        pretrend_statistic=pretrend[0],
        pretrend_n=len(leads_ci),
        pretrend_p_value=pretrend[1],
        designs_disagree=intervals_disagree(*simple, *tw),
    )


def row(
    design: str, est: float, lo: float = NAN, hi: float = NAN, p: float = NAN, comp: bool = False
) -> TriangulationRow:
    return TriangulationRow(design, "q", est, lo, hi, p, comp)


def triangulation(*rows: TriangulationRow) -> Triangulation:
    return Triangulation("fraud", "Fraud incidents", rows, agreement(rows))


# -- the branches ------------------------------------------------------------------------

Made = tuple[Sentence | Paragraph, tuple[Any, ...]]


#: Chinese labels for the causal cases (causal results carry only the English label; the
#: caller passes the Chinese one from the spec).
LABELS_ZH = {
    "Fraud incidents": "电信诈骗警情",
    "Complaints per 1,000 households": "每千户投诉",
    "Resident complaints": "居民投诉",
    "Complaints": "投诉",
}


def _zh(lang: str, result: Any) -> dict[str, str]:
    """``label=`` in Chinese for a causal result, nothing for descriptive ones (they carry
    their Chinese label) or in English."""
    if lang != "zh" or hasattr(result, "label_zh"):
        return {}
    first = result[0] if isinstance(result, tuple) else result
    en = getattr(first, "label", None) or getattr(first, "outcome", "")
    return {"label": LABELS_ZH[en]} if en in LABELS_ZH else {}


def _n(obj: Any, **kw: Any) -> Callable[[str], Made]:
    """Case: narrate(obj, lang, **kw); the quoted numbers must be in obj.to_dict()."""
    objs = obj if isinstance(obj, tuple) else (obj,)
    return lambda lang: (narrate(obj, lang, **kw, **_zh(lang, obj)), objs)


def _paragraph(
    change_: IndicatorChange, comp: IndicatorChange | None, effect: Any, **kw: Any
) -> Callable[[str], Made]:
    objs = tuple(o for o in (change_, comp) if o is not None) + (
        effect if isinstance(effect, tuple) else (effect,)
    )
    return lambda lang: (what_it_means(change_, comp, effect, lang, **kw), objs)


_ITS_LARGE = its(checks=(placebo_check("warn"),))
_SYNTH = (synth_fit(), synth_placebo())
_SUMMARY = EffectSummary(
    "did", -0.11, -0.45, 0.44, placebo_p_value=0.76, min_p_value=0.04, n_placebo_units=24
)

CASES: dict[str, Callable[[str], Made]] = {
    # descriptive: before/after changes
    "change_yoy_includes_zero": _n(change()),
    "change_yoy_bound_near_zero": _n(
        change(
            after_level=64.0,
            relative_change=-0.264,
            relative_conf_low=-0.47,
            relative_conf_high=-0.004,
        )
    ),
    "change_rose_one_decimal": _n(
        change(
            after_level=100.0,
            relative_change=0.1494,
            relative_conf_low=0.12,
            relative_conf_high=0.19,
        )
    ),
    "change_adjacent_periods": _n(
        change(
            basis="period",
            before_start="2020-07",
            before_end="2020-12",
            after_start="2021-01",
            after_end="2021-06",
        )
    ),
    "change_other_periods": _n(
        change(
            basis="period",
            before_start="2019-01",
            before_end="2019-06",
            after_start="2021-01",
            after_end="2021-06",
        )
    ),
    "change_across_years": _n(
        change(
            basis="period",
            before_start="2019-11",
            before_end="2020-10",
            after_start="2020-11",
            after_end="2021-10",
        )
    ),
    "change_quarterly": _n(
        change(
            frequency="Q",
            before_start="2020Q1",
            before_end="2020Q3",
            after_start="2021Q1",
            after_end="2021Q3",
        )
    ),
    "change_per_period": _n(
        change(
            change_scale="per period",
            before_start="2020-01",
            before_end="2020-12",
            before_per_period=116 / 12,
            after_per_period=68 / 9,
            relative_change=-0.218,
        )
    ),
    "change_rate": _n(
        change(
            indicator_kind="rate",
            per=1000.0,
            before_level=12.345,
            after_level=10.1,
            relative_change=-0.182,
            relative_conf_low=-0.25,
            relative_conf_high=-0.11,
        )
    ),
    "change_unchanged": _n(
        change(
            after_level=87.0, relative_change=0.001, relative_conf_low=-0.2, relative_conf_high=0.25
        )
    ),
    "change_from_zero": _n(
        change(
            before_level=0.0,
            after_level=5.0,
            relative_change=math.inf,
            relative_conf_low=NAN,
            relative_conf_high=NAN,
            fold_change=math.inf,
        )
    ),
    "change_comparison_units": _n(comparison_change()),
    "change_two_pilot_units": _n(change(units=("Dadeng", "Xiaodeng"))),
    "change_many_pilot_units": _n(change(units=("A", "B", "C", "D"))),
    "change_one_unit": _n(change(group="Xiaodeng", role="comparison", units=("Xiaodeng",))),
    "change_share_points": _n(share_change()),
    "change_stock_fold": _n(stock_change()),
    "change_stock_mean": _n(
        stock_change(
            level_definition="mean over the window",
            after_level=4370.0,
            relative_change=0.15,
            fold_change=1.15,
        )
    ),
    "change_big_numbers": _n(comparison_change(before_level=123456.0, after_level=109000.0)),
    "ratio_of_ratios_includes_one": _n(ratio_comparison()),
    "ratio_of_ratios_clear": _n(ratio_comparison(0.62, 0.9, 0.75)),
    "fact_share_census": _n(fact()),
    "fact_share_sample": _n(fact(conf_low=0.556, conf_high=0.657)),
    "fact_amount_wan": _n(
        fact(
            indicator_kind="amount",
            label="Fraud losses recovered (yuan)",
            label_zh="挽回群众损失(元)",
            numerator=328000.0,
            denominator=NAN,
            level=328000.0,
        )
    ),
    "fact_rate": _n(
        fact(
            indicator_kind="rate",
            label="Complaints",
            label_zh="投诉",
            numerator=42.0,
            denominator=3500.0,
            level=12.0,
            per=1000.0,
        )
    ),
    # causal: interrupted time series and structural time series
    "its_supported": _n(its()),
    "its_includes_zero_mde": _n(its(0.067, -0.061, 0.209, horizon=6, mde=0.219)),
    "its_placebo_as_large": _n(_ITS_LARGE),
    "its_placebo_significant": _n(
        its(1.984, 1.613, 2.475, horizon=6, checks=(placebo_check("pass", 11.0, 5.0),))
    ),
    "its_zero_and_placebo_significant": _n(
        its(-0.206, -0.59, 0.573, horizon=6, checks=(placebo_check("warn", 7.0, 1.0),))
    ),
    "its_sensitivity": _n(its(checks=(placebo_check(), sensitivity_check("warn")))),
    "its_average_pooled": _n(its(horizon=0, unit="pooled")),
    "sts_average": _n(its(-0.12, -0.2, -0.04, horizon=0, design="sts")),
    "its_not_applicable": _n(
        ModelOutcome(
            "fraud",
            "Fraud incidents",
            "its",
            "not_applicable",
            reason="8 pre-periods; at least 12 needed",
        )
    ),
    "its_outcome_mde": _n(
        ModelOutcome(
            "fraud", "Fraud incidents", "its", "ok", effect=its(-0.2, -0.59, 0.57), mde=0.465
        )
    ),
    # causal: difference-in-differences with placebo-in-space permutation
    "did_includes_zero_placebo": _n(did()),
    "did_supported": _n(did(-0.3, -0.45, -0.12, p=0.03, n=49)),
    "did_min_p_reached": _n(did(-0.3, -0.45, -0.12, p=0.04, n=24)),
    "did_min_p_limits": _n(did(-0.2, -1.0, math.inf, p=0.4, n=4)),
    "did_min_p_limits_at_min": _n(did(-0.2, -1.0, math.inf, p=0.2, n=4)),
    # causal: synthetic control
    "synth_placebo_as_large": _n(_SYNTH),
    "synth_supported": _n((synth_fit(-0.043), synth_placebo(rank=1, n=40))),
    "synth_min_p_limits": _n((synth_fit(), synth_placebo(rank=1, n=10))),
    "synth_no_placebo": lambda lang: (
        narrate_synth(synth_fit(), None, lang, **_zh(lang, synth_fit())),
        (synth_fit(),),
    ),
    "synth_in_time_placebo": lambda lang: (
        narrate_synth(
            synth_fit(-0.25),
            synth_placebo(rank=1, n=40),
            lang,
            in_time=synth_fit(0.31),
            **_zh(lang, synth_fit()),
        ),
        (synth_fit(-0.25), synth_placebo(rank=1, n=40), synth_fit(0.31)),
    ),
    # causal: event study
    "event_study_supported": _n(event_study()),
    "event_study_pretrend": _n(event_study(pre_p=0.01)),
    "event_study_zero_and_pretrend": _n(event_study(pre_p=0.003, est=-0.2, lo=-0.9, hi=0.5)),
    "event_study_later_period": lambda lang: (
        narrate_event_study(event_study(), lang, event_time=2, **_zh(lang, event_study())),
        (event_study(),),
    ),
    "event_study_pretrend_not_applicable": _n(event_study(pre_p=NAN, pre_status="not_applicable")),
    # causal: staggered roll-out (Callaway–Sant'Anna beside TWFE)
    "staggered_disagrees_with_twfe": _n(staggered(simple=(-0.4, -1.0, 0.2))),
    "staggered_agrees_with_twfe": _n(staggered(simple=(-1.3, -1.9, -0.7))),
    "staggered_share_points": _n(
        staggered(simple=(-0.021, -0.035, -0.007), tw=(-0.02, -0.03, -0.01), outcome="share")
    ),
    "staggered_leads_diverge": _n(
        staggered(
            simple=(-1.3, -1.9, -0.7),
            leads_ci=((0.2, 1.5), (0.1, 1.2)) + ((-1.0, 1.0),) * 4,
            pretrend=(3.4, 0.004),
        )
    ),
    "staggered_unit_text": lambda lang: (
        narrate_staggered(
            staggered(simple=(-1.3, -1.9, -0.7)),
            lang,
            unit_text="（每千户每月）" if lang == "zh" else "per 1,000 homes",
            **_zh(lang, staggered()),
        ),
        (staggered(simple=(-1.3, -1.9, -0.7)),),
    ),
    "twfe": _n(twfe(outcome="Complaints")),
    "did_2x2_includes_zero": _n(twfe(0.3, -0.2, 0.8, design="did_2x2", outcome="Complaints")),
    # causal: triangulation
    "triangulation_disagree_common_shock": lambda lang: (
        narrate_triangulation(
            triangulation(
                row("naive", -0.218, -0.439, 0.086),
                row("interrupted time series", -0.486, -0.702, -0.131),
                row("difference-in-differences", -0.115, -0.455, 0.438, 0.76, True),
                row("synthetic control", -0.177, p=0.6, comp=True),
            ),
            lang,
            comparison_change=comparison_change(),
            **_zh(lang, triangulation()),
        ),
        (
            triangulation(
                row("interrupted time series", -0.486, -0.702, -0.131),
                row("difference-in-differences", -0.115, -0.455, 0.438, 0.76, True),
                row("synthetic control", -0.177, p=0.6, comp=True),
            ),
            comparison_change(),
        ),
    ),
    "triangulation_disagree": _n(
        triangulation(
            row("interrupted time series", -0.486, -0.702, -0.131),
            row("difference-in-differences", -0.115, -0.455, 0.438, 0.76, True),
        )
    ),
    "triangulation_agree": _n(
        triangulation(
            row("interrupted time series", -0.3, -0.45, -0.1),
            row("difference-in-differences", -0.25, -0.4, -0.08, 0.02, True),
        )
    ),
    "triangulation_comparison_designs_disagree": _n(
        triangulation(
            row("difference-in-differences", -0.3, -0.4, -0.2, 0.01, True),
            row("structural time series", 0.1, 0.02, 0.2, comp=True),
        )
    ),
    "triangulation_single_series_only": _n(
        triangulation(
            row("naive", -0.218, -0.439, 0.086),
            row("interrupted time series", -0.486, -0.702, -0.131),
        )
    ),
    "triangulation_none": _n(triangulation(row("naive", -0.218, -0.439, 0.086))),
    # plain values
    "effect_summary": lambda lang: (
        narrate(
            _SUMMARY,
            lang,
            label=LABELS_ZH["Fraud incidents"] if lang == "zh" else "Fraud incidents",
        ),
        (_SUMMARY,),
    ),
    # what the change means
    "paragraph_did": _paragraph(change(), comparison_change(), did()),
    "paragraph_its_placebo_range": _paragraph(
        change(), comparison_change(), _ITS_LARGE, placebo=placebo_range(_ITS_LARGE)
    ),
    "paragraph_share_no_comparison": _paragraph(
        share_change(), None, EffectSummary("staggered", 0.05, 0.01, 0.09, scale="points")
    ),
    "paragraph_stock_synth": _paragraph(
        stock_change(),
        stock_change(
            group="comparison",
            units=("S1", "S2"),
            after_level=4100.0,
            relative_change=0.079,
            fold_change=1.079,
        ),
        _SYNTH,
    ),
}

GOLDEN: dict[str, tuple[Any, str, str]] = {
    "change_yoy_includes_zero": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 22% year on year, from 87 in Jan–Sep 2020 to 68 "
            "in Jan–Sep 2021 (95% CI −44% to +9%), which cannot be told apart from no "
            "change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为68，同比下降22%（2020年1–9月为87；"
            "95%置信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_yoy_bound_near_zero": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 26.4% year on year, from 87 in Jan–Sep 2020 to "
            "64 in Jan–Sep 2021 (95% CI −47.0% to −0.4%)."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为64，同比下降26.4%（2020年1–9月为"
            "87；95%置信区间为−47.0%至−0.4%）。"
        ),
    ),
    "change_rose_one_decimal": (
        "descriptive",
        (
            "Fraud incidents at Dadeng rose 14.9% year on year, from 87 in Jan–Sep 2020 to "
            "100 in Jan–Sep 2021 (95% CI +12.0% to +19.0%)."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为100，同比上升14.9%（2020年1–9月为"
            "87；95%置信区间为+12.0%至+19.0%）。"
        ),
    ),
    "change_adjacent_periods": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 22%, from 87 in Jul–Dec 2020 to 68 in Jan–Jun "
            "2021 (95% CI −44% to +9%), which cannot be told apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–6月为68，环比下降22%（2020年7–12月为87；"
            "95%置信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_other_periods": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 22%, from 87 in Jan–Jun 2019 to 68 in Jan–Jun "
            "2021 (95% CI −44% to +9%), which cannot be told apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–6月为68，较2019年1–6月的87下降22%（95%置"
            "信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_across_years": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 22%, from 87 in Nov 2019–Oct 2020 to 68 in Nov "
            "2020–Oct 2021 (95% CI −44% to +9%), which cannot be told apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2020年11月–2021年10月为68，环比下降22%（2019年"
            "11月–2020年10月为87；95%置信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_quarterly": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 22% year on year, from 87 in Q1–Q3 2020 to 68 "
            "in Q1–Q3 2021 (95% CI −44% to +9%), which cannot be told apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年第1–3季度为68，同比下降22%（2020年第1–3季"
            "度为87；95%置信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_per_period": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 22% year on year, from 9.67 a month in Jan–Dec "
            "2020 to 7.56 a month in Jan–Sep 2021 (95% CI −44% to +9%), which cannot be "
            "told apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为月均7.56，同比下降22%（2020年1–12月"
            "为月均9.67；95%置信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_rate": (
        "descriptive",
        (
            "Fraud incidents at Dadeng fell 18% year on year, from 12.3 per 1,000 in "
            "Jan–Sep 2020 to 10.1 per 1,000 in Jan–Sep 2021 (95% CI −25% to −11%)."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为10.1/1000，同比下降18%（2020年1–9月"
            "为12.3/1000；95%置信区间为−25%至−11%）。"
        ),
    ),
    "change_unchanged": (
        "descriptive",
        (
            "Fraud incidents at Dadeng showed essentially no change year on year, from 87 "
            "in Jan–Sep 2020 to 87 in Jan–Sep 2021 (95% CI −20% to +25%), which cannot be "
            "told apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为87，同比基本持平（2020年1–9月为87；"
            "95%置信区间为−20%至+25%），与无变化无法区分。"
        ),
    ),
    "change_from_zero": (
        "descriptive",
        (
            "Fraud incidents at Dadeng went from 0 in Jan–Sep 2020 to 5 in Jan–Sep 2021; a "
            "relative change is not defined from zero."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）2021年1–9月为5，2020年1–9月为0；前期为零，相对变"
            "化无法计算。"
        ),
    ),
    "change_comparison_units": (
        "descriptive",
        (
            "Fraud incidents at the comparison units fell 12% year on year, from 1,922 in "
            "Jan–Sep 2020 to 1,697 in Jan–Sep 2021 (95% CI −17% to −6%)."
        ),
        (
            "电信诈骗警情（对照单位）2021年1–9月为1697，同比下降12%（2020年1–9月为1922；"
            "95%置信区间为−17%至−6%）。"
        ),
    ),
    "change_two_pilot_units": (
        "descriptive",
        (
            "Fraud incidents at Dadeng and Xiaodeng fell 22% year on year, from 87 in "
            "Jan–Sep 2020 to 68 in Jan–Sep 2021 (95% CI −44% to +9%), which cannot be told "
            "apart from no change."
        ),
        (
            "电信诈骗警情（试点单位Dadeng、Xiaodeng）2021年1–9月为68，同比下降22%（2020年"
            "1–9月为87；95%置信区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_many_pilot_units": (
        "descriptive",
        (
            "Fraud incidents at the pilot units fell 22% year on year, from 87 in Jan–Sep "
            "2020 to 68 in Jan–Sep 2021 (95% CI −44% to +9%), which cannot be told apart "
            "from no change."
        ),
        (
            "电信诈骗警情（试点单位）2021年1–9月为68，同比下降22%（2020年1–9月为87；95%置信"
            "区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_one_unit": (
        "descriptive",
        (
            "Fraud incidents at Xiaodeng fell 22% year on year, from 87 in Jan–Sep 2020 to "
            "68 in Jan–Sep 2021 (95% CI −44% to +9%), which cannot be told apart from no "
            "change."
        ),
        (
            "电信诈骗警情（Xiaodeng）2021年1–9月为68，同比下降22%（2020年1–9月为87；95%置信"
            "区间为−44%至+9%），与无变化无法区分。"
        ),
    ),
    "change_share_points": (
        "descriptive",
        (
            "Share of disputes resolved at Dadeng rose 11 percentage points year on year, "
            "from 86.6% in Jan–Sep 2020 to 97.4% in Jan–Sep 2021 (95% CI +3 to +21 "
            "percentage points)."
        ),
        (
            "矛盾纠纷化解率（试点单位Dadeng）2021年1–9月为97.4%，同比上升11个百分点（2020年"
            "1–9月为86.6%；95%置信区间为+3至+21个百分点）。"
        ),
    ),
    "change_stock_fold": (
        "descriptive",
        (
            "Registered floating population at Dadeng reached 12,016 in Oct 2021, 3.16 "
            "times the 3,800 of Apr 2021 (an administrative figure without sampling error)."
        ),
        (
            "流动人口登记人数（试点单位Dadeng）2021年10月为1.2万，是2021年4月（3800）的"
            "3.16倍（行政数据，无抽样误差）。"
        ),
    ),
    "change_stock_mean": (
        "descriptive",
        (
            "Registered floating population at Dadeng rose 15%, from 3,800 on average in "
            "Nov 2020–Apr 2021 to 4,370 on average in May–Oct 2021 (an administrative "
            "figure without sampling error)."
        ),
        (
            "流动人口登记人数（试点单位Dadeng）2021年5–10月为平均4370，环比上升15%（2020年"
            "11月–2021年4月为平均3800；行政数据，无抽样误差）。"
        ),
    ),
    "change_big_numbers": (
        "descriptive",
        (
            "Fraud incidents at the comparison units fell 12% year on year, from 123,456 in "
            "Jan–Sep 2020 to 109,000 in Jan–Sep 2021 (95% CI −17% to −6%)."
        ),
        (
            "电信诈骗警情（对照单位）2021年1–9月为10.9万，同比下降12%（2020年1–9月为12.3万"
            "；95%置信区间为−17%至−6%）。"
        ),
    ),
    "ratio_of_ratios_includes_one": (
        "descriptive",
        (
            "Fraud incidents: the after/before ratio at the pilot units was 0.89 times the "
            "comparison units' (95% CI 0.64 to 1.22), which cannot be told apart from no "
            "difference."
        ),
        (
            "电信诈骗警情：试点单位的前后比值为对照单位的0.89倍（95%置信区间为0.64至1.22）"
            "，与无差异无法区分。"
        ),
    ),
    "ratio_of_ratios_clear": (
        "descriptive",
        (
            "Fraud incidents: the after/before ratio at the pilot units was 0.75 times the "
            "comparison units' (95% CI 0.62 to 0.90)."
        ),
        ("电信诈骗警情：试点单位的前后比值为对照单位的0.75倍（95%置信区间为0.62至0.90）。"),
    ),
    "fact_share_census": (
        "descriptive",
        (
            "Branch secretaries who are officials: 60.7% (221 of 364; an administrative "
            "figure without sampling error)."
        ),
        "机关干部担任支部书记占比：60.7%（221/364；行政数据，无抽样误差）。",
    ),
    "fact_share_sample": (
        "descriptive",
        "Branch secretaries who are officials: 61% (221 of 364; 95% CI 56% to 66%).",
        "机关干部担任支部书记占比：61%（221/364；95%置信区间为56%至66%）。",
    ),
    "fact_amount_wan": (
        "descriptive",
        (
            "Fraud losses recovered (yuan): 328,000 (an administrative figure without "
            "sampling error)."
        ),
        "挽回群众损失（元）：32.8万（行政数据，无抽样误差）。",
    ),
    "fact_rate": (
        "descriptive",
        "Complaints: 12 per 1,000 (an administrative figure without sampling error).",
        "投诉：12/1000（行政数据，无抽样误差）。",
    ),
    "its_supported": (
        "causal_supported",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 9 is "
            "−49% relative to the pre-pilot trend (95% CI −70% to −13%; interrupted time "
            "series)."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第9个月为−49%（"
            "95%置信区间为−70%至−13%；中断时间序列）。"
        ),
    ),
    "its_includes_zero_mde": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 6 is +7% "
            "relative to the pre-pilot trend (95% CI −6% to +21%; interrupted time series), "
            "which cannot be told apart from no change; the smallest effect this design "
            "could reliably detect is about 22%."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第6个月为+7%（"
            "95%置信区间为−6%至+21%；中断时间序列），与无变化无法区分；该设计能可靠检出的最"
            "小效果约为22%。"
        ),
    ),
    "its_placebo_as_large": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 9 is "
            "−49% relative to the pre-pilot trend (95% CI −70% to −13%; interrupted time "
            "series); shifts as large were seen at fake start dates before the pilot."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第9个月为−49%（"
            "95%置信区间为−70%至−13%；中断时间序列）；试点前的虚拟起点也出现过同样大的变化"
            "。"
        ),
    ),
    "its_placebo_significant": (
        "causal_doubtful",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 6 is "
            "+198% relative to the pre-pilot trend (95% CI +161% to +248%; interrupted time "
            "series), but the same model finds a shift at 5 of 11 fake start dates before "
            "the pilot."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第6个月为+198%（"
            "95%置信区间为+161%至+248%；中断时间序列），但同一模型在试点前11个虚拟起点中的"
            "5个也估计出显著变化。"
        ),
    ),
    "its_zero_and_placebo_significant": (
        "causal_doubtful",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 6 is "
            "−21% relative to the pre-pilot trend (95% CI −59% to +57%; interrupted time "
            "series), which cannot be told apart from no change; shifts as large were seen "
            "at fake start dates before the pilot; in addition, the same model finds a "
            "shift at 1 of 7 fake start dates before the pilot."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第6个月为−21%（"
            "95%置信区间为−59%至+57%；中断时间序列），与无变化无法区分；试点前的虚拟起点也"
            "出现过同样大的变化；此外，同一模型在试点前7个虚拟起点中的1个也估计出显著变化。"
        ),
    ),
    "its_sensitivity": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 9 is "
            "−49% relative to the pre-pilot trend (95% CI −70% to −13%; interrupted time "
            "series); the result changes with modelling choices."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第9个月为−49%（"
            "95%置信区间为−70%至−13%；中断时间序列）；结果随模型设定而改变。"
        ),
    ),
    "its_average_pooled": (
        "causal_supported",
        (
            "Fraud incidents at the pilot units: the estimated effect of the pilot averaged "
            "over the post-period is −49% relative to the pre-pilot trend (95% CI −70% to "
            "−13%; interrupted time series)."
        ),
        (
            "电信诈骗警情（试点单位合计）：相对于试点前趋势，试点的估计效果在试点后各期平均"
            "为−49%（95%置信区间为−70%至−13%；中断时间序列）。"
        ),
    ),
    "sts_average": (
        "causal_supported",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot averaged over the "
            "post-period is −12% relative to a forecast from the pre-pilot period (95% CI "
            "−20% to −4%; structural time series)."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于依据试点前数据的预测，试点的估计效果在试点后各期"
            "平均为−12%（95%置信区间为−20%至−4%；结构时间序列）。"
        ),
    ),
    "its_not_applicable": (
        "causal_inconclusive",
        ("Fraud incidents: the interrupted time series could not estimate an effect of the pilot."),
        "电信诈骗警情：中断时间序列不适用，无法估计试点效果。",
    ),
    "its_outcome_mde": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot in month 9 is "
            "−20% relative to the pre-pilot trend (95% CI −59% to +57%; interrupted time "
            "series), which cannot be told apart from no change; the smallest effect this "
            "design could reliably detect is about 46%."
        ),
        (
            "电信诈骗警情（Dadeng）：相对于试点前趋势，试点的估计效果在试点第9个月为−20%（"
            "95%置信区间为−59%至+57%；中断时间序列），与无变化无法区分；该设计能可靠检出的"
            "最小效果约为46%。"
        ),
    ),
    "did_includes_zero_placebo": (
        "causal_inconclusive",
        (
            "Fraud incidents: relative to the 24 comparison units, the estimated effect of "
            "the pilot is −11% (95% CI −45% to +44%; difference-in-differences), which "
            "cannot be told apart from no change; changes as large were seen in comparison "
            "units without the pilot (permutation p = 0.76)."
        ),
        (
            "电信诈骗警情：以24个对照单位为参照，试点的估计效果为−11%（95%置信区间为−45%至"
            "+44%；双重差分），与无变化无法区分；未实施试点的对照单位中也出现过同样大的变化"
            "（置换检验p值为0.76）。"
        ),
    ),
    "did_supported": (
        "causal_supported",
        (
            "Fraud incidents: relative to the 49 comparison units, the estimated effect of "
            "the pilot is −30% (95% CI −45% to −12%; difference-in-differences)."
        ),
        (
            "电信诈骗警情：以49个对照单位为参照，试点的估计效果为−30%（95%置信区间为−45%至"
            "−12%；双重差分）。"
        ),
    ),
    "did_min_p_reached": (
        "causal_supported",
        (
            "Fraud incidents: relative to the 24 comparison units, the estimated effect of "
            "the pilot is −30% (95% CI −45% to −12%; difference-in-differences); p = 0.04 "
            "is the smallest attainable with 24 comparison units."
        ),
        (
            "电信诈骗警情：以24个对照单位为参照，试点的估计效果为−30%（95%置信区间为−45%至"
            "−12%；双重差分）；p值为0.04，已是24个对照单位下可达到的最小值。"
        ),
    ),
    "did_min_p_limits": (
        "causal_inconclusive",
        (
            "Fraud incidents: relative to the 4 comparison units, the estimated effect of "
            "the pilot is −20% (95% CI −100% to unbounded; difference-in-differences), "
            "which cannot be told apart from no change; changes as large were seen in "
            "comparison units without the pilot (permutation p = 0.4); with 4 comparison "
            "units the smallest attainable p-value is 0.2, so this test cannot reach the 5% "
            "level."
        ),
        (
            "电信诈骗警情：以4个对照单位为参照，试点的估计效果为−20%（95%置信区间为−100%至"
            "无界；双重差分），与无变化无法区分；未实施试点的对照单位中也出现过同样大的变化"
            "（置换检验p值为0.4）；仅有4个对照单位，可达到的最小p值为0.2，检验无法达到5%的"
            "显著性水平。"
        ),
    ),
    "did_min_p_limits_at_min": (
        "causal_inconclusive",
        (
            "Fraud incidents: relative to the 4 comparison units, the estimated effect of "
            "the pilot is −20% (95% CI −100% to unbounded; difference-in-differences), "
            "which cannot be told apart from no change; with 4 comparison units the "
            "smallest attainable p-value is 0.2, so this test cannot reach the 5% level."
        ),
        (
            "电信诈骗警情：以4个对照单位为参照，试点的估计效果为−20%（95%置信区间为−100%至"
            "无界；双重差分），与无变化无法区分；仅有4个对照单位，可达到的最小p值为0.2，检"
            "验无法达到5%的显著性水平。"
        ),
    ),
    "synth_placebo_as_large": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot, averaged over "
            "the post-period, is −18% relative to a synthetic control built from the "
            "comparison units (no sampling interval; synthetic control); changes as large "
            "were seen in comparison units without the pilot (Dadeng ranks 15 of 25 units "
            "in the placebo test, p = 0.6)."
        ),
        (
            "电信诈骗警情（Dadeng）：以对照单位构建的合成控制为参照，试点的估计效果在试点后"
            "各期平均为−18%（无抽样区间；合成控制法）；未实施试点的对照单位中也出现过同样大"
            "的变化（Dadeng在25个单位的安慰剂检验中排第15位，p值为0.6）。"
        ),
    ),
    "synth_supported": (
        "causal_supported",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot, averaged over "
            "the post-period, is −4.3% relative to a synthetic control built from the "
            "comparison units (no sampling interval; synthetic control); p = 0.025 is the "
            "smallest attainable with 40 units in the placebo test."
        ),
        (
            "电信诈骗警情（Dadeng）：以对照单位构建的合成控制为参照，试点的估计效果在试点后"
            "各期平均为−4.3%（无抽样区间；合成控制法）；p值为0.025，已是安慰剂检验40个单位"
            "下可达到的最小值。"
        ),
    ),
    "synth_min_p_limits": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot, averaged over "
            "the post-period, is −18% relative to a synthetic control built from the "
            "comparison units (no sampling interval; synthetic control); with 10 units in "
            "the placebo test the smallest attainable p-value is 0.1, so this test cannot "
            "reach the 5% level."
        ),
        (
            "电信诈骗警情（Dadeng）：以对照单位构建的合成控制为参照，试点的估计效果在试点后"
            "各期平均为−18%（无抽样区间；合成控制法）；安慰剂检验仅有10个单位，可达到的最小"
            "p值为0.1，检验无法达到5%的显著性水平。"
        ),
    ),
    "synth_no_placebo": (
        "causal_inconclusive",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot, averaged over "
            "the post-period, is −18% relative to a synthetic control built from the "
            "comparison units (no sampling interval; synthetic control); no interval or "
            "placebo test is available."
        ),
        (
            "电信诈骗警情（Dadeng）：以对照单位构建的合成控制为参照，试点的估计效果在试点后"
            "各期平均为−18%（无抽样区间；合成控制法）；无置信区间或安慰剂检验。"
        ),
    ),
    "synth_in_time_placebo": (
        "causal_doubtful",
        (
            "Fraud incidents at Dadeng: the estimated effect of the pilot, averaged over "
            "the post-period, is −25% relative to a synthetic control built from the "
            "comparison units (no sampling interval; synthetic control), but the comparison "
            "units were already diverging before the pilot; p = 0.025 is the smallest "
            "attainable with 40 units in the placebo test."
        ),
        (
            "电信诈骗警情（Dadeng）：以对照单位构建的合成控制为参照，试点的估计效果在试点后"
            "各期平均为−25%（无抽样区间；合成控制法），但试点前对照单位已出现分化；p值为"
            "0.025，已是安慰剂检验40个单位下可达到的最小值。"
        ),
    ),
    "event_study_supported": (
        "causal_supported",
        (
            "Complaints per 1,000 households: the estimated effect of the pilot in the "
            "period of adoption is −1.2 (95% CI −1.9 to −0.5; event study with unit and "
            "period fixed effects)."
        ),
        (
            "每千户投诉：试点的估计效果在实施当期为−1.2（95%置信区间为−1.9至−0.5；含单位和"
            "时期固定效应的事件研究）。"
        ),
    ),
    "event_study_pretrend": (
        "causal_doubtful",
        (
            "Complaints per 1,000 households: the estimated effect of the pilot in the "
            "period of adoption is −1.2 (95% CI −1.9 to −0.5; event study with unit and "
            "period fixed effects), but the comparison units were already diverging before "
            "the pilot (pre-trend test p = 0.01)."
        ),
        (
            "每千户投诉：试点的估计效果在实施当期为−1.2（95%置信区间为−1.9至−0.5；含单位和"
            "时期固定效应的事件研究），但试点前对照单位已出现分化（试点前趋势检验p值为"
            "0.01）。"
        ),
    ),
    "event_study_zero_and_pretrend": (
        "causal_doubtful",
        (
            "Complaints per 1,000 households: the estimated effect of the pilot in the "
            "period of adoption is −0.2 (95% CI −0.9 to +0.5; event study with unit and "
            "period fixed effects), which cannot be told apart from no change; in addition, "
            "the comparison units were already diverging before the pilot (pre-trend test p "
            "= 0.003)."
        ),
        (
            "每千户投诉：试点的估计效果在实施当期为−0.2（95%置信区间为−0.9至+0.5；含单位和"
            "时期固定效应的事件研究），与无变化无法区分；此外，试点前对照单位已出现分化（试"
            "点前趋势检验p值为0.003）。"
        ),
    ),
    "event_study_later_period": (
        "causal_supported",
        (
            "Complaints per 1,000 households: the estimated effect of the pilot 2 periods "
            "after adoption is −1.7 (95% CI −2.8 to −0.6; event study with unit and period "
            "fixed effects)."
        ),
        (
            "每千户投诉：试点的估计效果在实施后第2期为−1.7（95%置信区间为−2.8至−0.6；含单位"
            "和时期固定效应的事件研究）。"
        ),
    ),
    "event_study_pretrend_not_applicable": (
        "causal_supported",
        (
            "Complaints per 1,000 households: the estimated effect of the pilot in the "
            "period of adoption is −1.2 (95% CI −1.9 to −0.5; event study with unit and "
            "period fixed effects)."
        ),
        (
            "每千户投诉：试点的估计效果在实施当期为−1.2（95%置信区间为−1.9至−0.5；含单位和"
            "时期固定效应的事件研究）。"
        ),
    ),
    "staggered_disagrees_with_twfe": (
        "causal_inconclusive",
        (
            "Resident complaints: averaged over adoption waves and periods since adoption, "
            "the estimated effect of the pilot is −0.4 per 1,000 households per period "
            "(95% CI −1.0 to +0.2; Callaway–Sant'Anna, compared with units never in the "
            "pilot), which cannot be told apart from no change; two-way fixed effects gives "
            "−1.19 per 1,000 households per period (95% CI −1.57 to −0.81); the "
            "Callaway–Sant'Anna estimate is more credible for a roll-out in waves, because "
            "two-way fixed effects also uses units already in the pilot as comparisons."
        ),
        (
            "居民投诉：按推广批次和实施时长平均，试点的估计效果为−0.4（95%置信区间为"
            "−1.0至+0.2；Callaway–Sant'Anna估计，以从未实施试点的单位为参照），与无变化无"
            "法区分；双向固定效应估计为−1.19（95%置信区间为−1.57至−0.81）；分批推广时"
            "Callaway–Sant'Anna估计更可信，因为双向固定效应也把已实施试点的单位用作对照。"
        ),
    ),
    "staggered_agrees_with_twfe": (
        "causal_supported",
        (
            "Resident complaints: averaged over adoption waves and periods since adoption, "
            "the estimated effect of the pilot is −1.3 per 1,000 households per period (95% "
            "CI −1.9 to −0.7; Callaway–Sant'Anna, compared with units never in the pilot)."
        ),
        (
            "居民投诉：按推广批次和实施时长平均，试点的估计效果为−1.3（95%置信区间为−1.9至"
            "−0.7；Callaway–Sant'Anna估计，以从未实施试点的单位为参照）。"
        ),
    ),
    "staggered_share_points": (
        "causal_supported",
        (
            "Resident complaints: averaged over adoption waves and periods since adoption, "
            "the estimated effect of the pilot is −2.1 percentage points (95% CI −3.5 to "
            "−0.7 percentage points; Callaway–Sant'Anna, compared with units never in the "
            "pilot)."
        ),
        (
            "居民投诉：按推广批次和实施时长平均，试点的估计效果为−2.1个百分点（95%置信区间"
            "为−3.5至−0.7个百分点；Callaway–Sant'Anna估计，以从未实施试点的单位为参照）。"
        ),
    ),
    "staggered_leads_diverge": (
        "causal_doubtful",
        (
            "Resident complaints: averaged over adoption waves and periods since adoption, "
            "the estimated effect of the pilot is −1.3 per 1,000 households per period (95% "
            "CI −1.9 to −0.7; Callaway–Sant'Anna, compared with units never in the pilot), "
            "but the comparison units were already diverging before the pilot (pre-trend "
            "test p = 0.004)."
        ),
        (
            "居民投诉：按推广批次和实施时长平均，试点的估计效果为−1.3（95%置信区间为−1.9至"
            "−0.7；Callaway–Sant'Anna估计，以从未实施试点的单位为参照），但试点前对照单位已"
            "出现分化（试点前趋势检验p值为0.004）。"
        ),
    ),
    "staggered_unit_text": (
        "causal_supported",
        (
            "Resident complaints: averaged over adoption waves and periods since adoption, "
            "the estimated effect of the pilot is −1.3 per 1,000 homes (95% CI −1.9 to "
            "−0.7; Callaway–Sant'Anna, compared with units never in the pilot)."
        ),
        (
            "居民投诉：按推广批次和实施时长平均，试点的估计效果为−1.3（每千户每月）（95%置"
            "信区间为−1.9至−0.7；Callaway–Sant'Anna估计，以从未实施试点的单位为参照）。"
        ),
    ),
    "twfe": (
        "causal_supported",
        (
            "Complaints: the estimated effect of the pilot is −1.19 (95% CI −1.57 to −0.81; "
            "two-way fixed effects)."
        ),
        "投诉：试点的估计效果为−1.19（95%置信区间为−1.57至−0.81；双向固定效应）。",
    ),
    "did_2x2_includes_zero": (
        "causal_inconclusive",
        (
            "Complaints: the estimated effect of the pilot is +0.3 (95% CI −0.2 to +0.8; "
            "2×2 difference-in-differences), which cannot be told apart from no change."
        ),
        ("投诉：试点的估计效果为+0.3（95%置信区间为−0.2至+0.8；2×2双重差分），与无变化无法区分。"),
    ),
    "triangulation_disagree_common_shock": (
        "causal_inconclusive",
        (
            "Fraud incidents: the designs disagree on the estimated effect of the pilot. "
            "Using the pilot series alone: interrupted time series −49% (95% CI −70% to "
            "−13%). Using comparison units: difference-in-differences −12% (95% CI −46% to "
            "+44%), synthetic control −18% (no sampling interval; placebo p = 0.6). The "
            "comparison-based estimates are more credible: the comparison units also "
            "changed by −12% over the same months, a shared change that a single-series "
            "model attributes to the pilot. The most credible estimate "
            "(difference-in-differences) cannot be told apart from no change."
        ),
        (
            "电信诈骗警情：各设计对试点估计效果的结论不一致。仅用试点序列：中断时间序列"
            "−49%（95%置信区间为−70%至−13%）。使用对照单位：双重差分−12%（95%置信区间为"
            "−46%至+44%），合成控制法−18%（无抽样区间；安慰剂检验p值为0.6）。使用对照单位的"
            "估计更可信：同期对照单位也变化了−12%，单序列模型会把这种共同变化归于试点。最可"
            "信的估计（双重差分）与无变化无法区分。"
        ),
    ),
    "triangulation_disagree": (
        "causal_inconclusive",
        (
            "Fraud incidents: the designs disagree on the estimated effect of the pilot. "
            "Using the pilot series alone: interrupted time series −49% (95% CI −70% to "
            "−13%). Using comparison units: difference-in-differences −12% (95% CI −46% to "
            "+44%). The comparison-based estimates are more credible: a single-series model "
            "attributes to the pilot anything that changed for every unit at the same time. "
            "The most credible estimate (difference-in-differences) cannot be told apart "
            "from no change."
        ),
        (
            "电信诈骗警情：各设计对试点估计效果的结论不一致。仅用试点序列：中断时间序列"
            "−49%（95%置信区间为−70%至−13%）。使用对照单位：双重差分−12%（95%置信区间为"
            "−46%至+44%）。使用对照单位的估计更可信：单序列模型会把同期所有单位共同的变化都"
            "归于试点。最可信的估计（双重差分）与无变化无法区分。"
        ),
    ),
    "triangulation_agree": (
        "causal_supported",
        (
            "Fraud incidents: the designs agree on the estimated effect of the pilot: "
            "difference-in-differences −25% (95% CI −40% to −8%), interrupted time series "
            "−30% (95% CI −45% to −10%). The most credible estimate "
            "(difference-in-differences) is clear of zero."
        ),
        (
            "电信诈骗警情：各设计对试点估计效果的结论一致：双重差分−25%（95%置信区间为"
            "−40%至−8%），中断时间序列−30%（95%置信区间为−45%至−10%）。最可信的估计（双重差"
            "分）明确不为零。"
        ),
    ),
    "triangulation_comparison_designs_disagree": (
        "causal_doubtful",
        (
            "Fraud incidents: the estimated effect of the pilot by design: "
            "difference-in-differences −30% (95% CI −40% to −20%), structural time series "
            "+10% (95% CI +2% to +20%). The designs that use comparison units disagree with "
            "each other, so no estimate of the effect is reliable."
        ),
        (
            "电信诈骗警情：各设计的试点估计效果：双重差分−30%（95%置信区间为−40%至−20%），"
            "结构时间序列+10%（95%置信区间为+2%至+20%）。使用对照单位的各设计之间结论不一致"
            "，因此对效果没有可靠的估计。"
        ),
    ),
    "triangulation_single_series_only": (
        "causal_supported",
        (
            "Fraud incidents: only designs using the pilot series alone gave an estimated "
            "effect of the pilot: interrupted time series −49% (95% CI −70% to −13%). They "
            "attribute to the pilot anything that changed for every unit at the same time."
        ),
        (
            "电信诈骗警情：只有仅用试点序列的设计给出了试点估计效果：中断时间序列−49%（"
            "95%置信区间为−70%至−13%）。这类设计会把同期所有单位共同的变化都归于试点。"
        ),
    ),
    "triangulation_none": (
        "causal_inconclusive",
        "Fraud incidents: no design estimated an effect of the pilot.",
        "电信诈骗警情：没有设计估计出试点效果。",
    ),
    "effect_summary": (
        "causal_inconclusive",
        (
            "Fraud incidents: the estimated effect of the pilot is −11% (95% CI −45% to "
            "+44%), which cannot be told apart from no change; changes as large were seen "
            "in comparison units without the pilot (permutation p = 0.76)."
        ),
        (
            "电信诈骗警情：试点的估计效果为−11%（95%置信区间为−45%至+44%），与无变化无法区"
            "分；未实施试点的对照单位中也出现过同样大的变化（置换检验p值为0.76）。"
        ),
    ),
    "paragraph_did": (
        ("descriptive", "descriptive", "causal_inconclusive"),
        (
            "Fraud incidents at Dadeng fell 22% year on year; the comparison units fell 12% "
            "over the same months; the pilot's estimated effect is −11% (95% CI −45% to "
            "+44%), which cannot be told apart from no change; changes as large were seen "
            "in comparison units without the pilot (permutation p = 0.76)."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）同比下降22%；同期对照单位下降12%；试点的估计效果"
            "为−11%（95%置信区间为−45%至+44%），与无变化无法区分；未实施试点的对照单位中也"
            "出现过同样大的变化（置换检验p值为0.76）。"
        ),
    ),
    "paragraph_its_placebo_range": (
        ("descriptive", "descriptive", "causal_inconclusive", "causal_inconclusive"),
        (
            "Fraud incidents at Dadeng fell 22% year on year; the comparison units fell 12% "
            "over the same months; the pilot's estimated effect relative to the pre-pilot "
            "trend is −49% (95% CI −70% to −13%); shifts as large were seen at fake start "
            "dates before the pilot; placebo estimates ranged from −9% to +18%."
        ),
        (
            "电信诈骗警情（试点单位Dadeng）同比下降22%；同期对照单位下降12%；相对于试点前趋"
            "势，试点的估计效果为−49%（95%置信区间为−70%至−13%）；试点前的虚拟起点也出现过"
            "同样大的变化；安慰剂估计值介于−9%至+18%之间。"
        ),
    ),
    "paragraph_share_no_comparison": (
        ("descriptive", "causal_supported"),
        (
            "Share of disputes resolved at Dadeng rose 11 percentage points year on year; "
            "the pilot's estimated effect is +5.0 percentage points (95% CI +1.0 to +9.0 "
            "percentage points)."
        ),
        (
            "矛盾纠纷化解率（试点单位Dadeng）同比上升11个百分点；试点的估计效果为+5.0个百分"
            "点（95%置信区间为+1.0至+9.0个百分点）。"
        ),
    ),
    "paragraph_stock_synth": (
        ("descriptive", "descriptive", "causal_inconclusive"),
        (
            "Registered floating population at Dadeng reached 3.16 times its level of Apr "
            "2021; the comparison units rose 7.9% over the same months; the pilot's "
            "estimated effect is −18% (no sampling interval); changes as large were seen in "
            "comparison units without the pilot (Dadeng ranks 15 of 25 units in the placebo "
            "test, p = 0.6)."
        ),
        (
            "流动人口登记人数（试点单位Dadeng）为2021年4月的3.16倍；同期对照单位上升7.9%；"
            "试点的估计效果为−18%（无抽样区间）；未实施试点的对照单位中也出现过同样大的变化"
            "（Dadeng在25个单位的安慰剂检验中排第15位，p值为0.6）。"
        ),
    ),
}


# -- checks over every case --------------------------------------------------------------

PARAMS = [(case, lang) for case in CASES for lang in LANGS]


def _sentences(made: Sentence | Paragraph) -> tuple[Sentence, ...]:
    return made.parts if isinstance(made, Paragraph) else (made,)


def _tone(made: Sentence | Paragraph) -> Any:
    return tuple(p.tone for p in made.parts) if isinstance(made, Paragraph) else made.tone


def test_every_branch_has_golden_text() -> None:
    assert set(CASES) == set(GOLDEN)


@pytest.mark.parametrize(("case", "lang"), PARAMS)
def test_golden_text(case: str, lang: str) -> None:
    made, _ = CASES[case](lang)
    tone, en, zh = GOLDEN[case]
    assert made.text == (en if lang == "en" else zh)
    assert _tone(made) == tone
    assert all(s.lang == lang for s in _sentences(made))


def _no_mix(made: Sentence | Paragraph, lang: str) -> None:
    """Descriptive sentences use no causal word; causal sentences no descriptive word."""
    for s in _sentences(made):
        text = s.text.lower()
        banned = CAUSAL_MARKERS[lang] if s.tone == "descriptive" else DESCRIPTIVE_MARKERS[lang]
        found = [w for w in banned if w in text]
        assert not found, f"{s.tone} sentence uses {found}: {s.text}"


def _punctuation(made: Sentence | Paragraph, lang: str) -> None:
    """Chinese: full-width ，。；：（）, no ASCII , ; : ( ) . except inside numbers; no
    space next to a Chinese character. English: no full-width punctuation."""
    text = made.text
    if lang == "zh":
        bare = re.sub(r"(?<=\d)[,.](?=\d)", "", text)
        assert not re.search(r"[,;:().]", bare), text
        assert not re.search(
            r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] | "
            r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]",
            text,
        ), text
        assert text.endswith("。")
    else:
        assert not re.search(r"[，。；：（）]", text), text
        assert text.endswith(".")


_MONTHS = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
_NOT_QUOTED = (
    r"\d+(\.\d+)?%(?= CI|置信区间)",  # the interval level, from alpha
    r"\d+%(?= level|的显著性水平)",  # the significance level, from alpha
    r"p < 0\.001|p值小于0\.001",
    r"\d{4}年第?\d*(–\d+)?(月|季度)?",  # Chinese windows
    _MONTHS,
    r"\bQ\d\b",
    r"\b(19|20)\d\d\b",  # English windows
    r"2×2",
    r"per 1,000 households per period|per 1,000 homes|Complaints per 1,000 households",
    r"Fraud losses recovered \(yuan\)",
)


def _numbers_match(s: Sentence) -> None:
    """Every number printed in the text is one of ``s.values`` at the printed precision
    (as is, ×100 for percent and percentage points, in 万/亿 for Chinese levels)."""
    text = s.text
    for pattern in _NOT_QUOTED:
        text = re.sub(pattern, " ", text)
    cands = [abs(v) * k for v in s.values if math.isfinite(v) for k in (1.0, 100.0)]
    for m in re.finditer(r"\d[\d,]*(?:\.(\d+))?(万|亿)?", text):
        token = m.group(0)
        scale = {"万": 1e4, "亿": 1e8}.get(m.group(2) or "", 1.0)
        number = float(token.rstrip("万亿").replace(",", "")) * scale
        decimals = len(m.group(1) or "")
        tol = 0.5 * 10**-decimals * scale + 1e-9
        assert any(abs(number - c) <= tol for c in cands), (
            f"{token!r} is not a quoted value in: {s.text} (values {s.values})"
        )


def _numbers(obj: Any) -> list[float]:
    """Every number in a result's to_dict() (or a plain dataclass's fields)."""
    data = obj.to_dict() if hasattr(obj, "to_dict") else dataclasses.asdict(obj)
    out: list[float] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list | tuple):
            for v in x:
                walk(v)
        elif isinstance(x, int | float) and not isinstance(x, bool):
            out.append(float(x))

    walk(data)
    return out


def _values_in_results(made: Sentence | Paragraph, objs: tuple[Any, ...]) -> None:
    stored = [x for o in objs for x in _numbers(o)]
    for s in _sentences(made):
        for v in s.values:
            if math.isfinite(v):
                assert any(math.isclose(v, x, rel_tol=1e-12, abs_tol=1e-15) for x in stored), (
                    f"{v} quoted in '{s.text}' is not in the results"
                )


@pytest.mark.parametrize(("case", "lang"), PARAMS)
def test_vocabulary_punctuation_and_numbers(case: str, lang: str) -> None:
    made, objs = CASES[case](lang)
    _no_mix(made, lang)
    _punctuation(made, lang)
    for s in _sentences(made):
        _numbers_match(s)
    _values_in_results(made, objs)


def test_causal_sentences_say_estimated_effect_of_the_pilot() -> None:
    words = ("estimated effect", "试点的估计效果", "试点估计效果")
    for case in CASES:
        for lang in LANGS:
            made, _ = CASES[case](lang)
            if any(s.is_causal for s in _sentences(made)) and not {
                "not_applicable",
                "no_design",
            } & set(made.parts[-1].gates if isinstance(made, Paragraph) else made.gates):
                assert any(w in made.text for w in words), made.text


def test_vocab_tables_match() -> None:
    """Both languages have the same keys and (nearly) the same template fields."""
    from string import Formatter

    assert set(EN) == set(ZH)
    for key in EN:
        en = {f for _, f, _, _ in Formatter().parse(EN[key]) if f}
        zh = {f for _, f, _, _ in Formatter().parse(ZH[key]) if f}
        # a language may leave out a word the other needs (no "a month" in Chinese, no
        # 月均 in English; Chinese puts the before level in a parenthesis)
        assert en ^ zh <= {"avg", "period", "periods", "before", "bspan"}, key


# -- number rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (87.0, "87"),
        (1922.0, "1922"),
        (9999.0, "9999"),
        (12000.0, "1.2万"),
        (12016.0, "1.2万"),
        (35800.0, "3.58万"),
        (328000.0, "32.8万"),
        (1234567.0, "123.5万"),
        (150_000_000.0, "1.5亿"),
        (-12000.0, "−1.2万"),
        (12.345, "12.3"),
        (9.876, "9.88"),
        (123.4, "123"),
    ],
)
def test_chinese_levels_use_wan_and_yi(x: float, text: str) -> None:
    assert level(x, "zh") == text


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (1922.0, "1,922"),
        (12000.0, "12,000"),
        (328000.0, "328,000"),
        (12.345, "12.3"),
        (-1234.5, "−1,234"),
    ],
)
def test_english_levels_group_thousands(x: float, text: str) -> None:
    assert level(x, "en") == text


@pytest.mark.parametrize(
    ("lo", "hi", "decimals"),
    [
        (-0.45, 0.44, 0),  # 89 points wide: whole percents
        (-0.17, -0.06, 0),  # 11 points
        (-0.08, -0.02, 1),  # 6 points: one decimal
        (0.012, 0.018, 2),  # 0.6 points: two decimals
        (-0.47, -0.004, 1),  # whole percents would print the upper bound as 0
        (-1.0, math.inf, 0),  # unbounded
    ],
)
def test_precision_follows_the_interval(lo: float, hi: float, decimals: int) -> None:
    assert decimals_for(lo, hi) == decimals


def test_precision_without_interval_and_p_values() -> None:
    assert decimals_for(NAN, NAN, estimate=-0.177) == 0
    assert decimals_for(NAN, NAN, estimate=-0.043) == 1
    assert [p_text(p) for p in (0.76, 0.04, 0.0132, 0.6, 1 / 6, 0.0004)] == [
        "0.76",
        "0.04",
        "0.013",
        "0.6",
        "0.17",
        "< 0.001",
    ]


def test_minus_sign_matches_render() -> None:
    from analysis.narrative.numbers import fmt_pct

    made, _ = CASES["did_includes_zero_placebo"]("en")
    assert (
        "−" in fmt_pct(-0.1)
        and "−11%" in made.text
        and "-" not in made.text.replace("difference-in-differences", "")
    )


def test_narrate_rejects_unknown_types_and_languages() -> None:
    with pytest.raises(TypeError):
        narrate(object())
    with pytest.raises(ValueError, match="lang"):
        narrate(change(), "fr")


# -- the real demo results -------------------------------------------------------------------


@pytest.fixture(scope="module")
def dadeng() -> dict[str, Any]:
    """Dadeng fraud: indicators, permutation DiD, synthetic control, ITS (fraud only,
    to keep the test light), triangulation."""
    from analysis.intake.validate import load_study
    from analysis.numbers.comparisons import permutation_did, synth_for_indicator, triangulate
    from analysis.numbers.indicators import compute_indicators
    from analysis.numbers.trends import fit_trend_models

    panel = load_study(ROOT / "data" / "dadeng" / "study.yml").panel
    spec = panel.spec
    ind = spec.indicators["fraud_incidents"]
    only = spec.model_copy(
        update={"designs": ["descriptive", "its"], "indicators": {"fraud_incidents": ind}}
    )
    trends = fit_trend_models(load_study(only).panel, alpha=0.05, seed=1)
    table = compute_indicators(panel)
    did_ = permutation_did(panel, "fraud_incidents")
    synth = synth_for_indicator(panel, "fraud_incidents", seed=1)
    naive = table.get("fraud_incidents", "treated")
    tri = triangulate(
        "fraud_incidents", ind.label.en, naive=naive, did=did_, trends=trends, synth=synth
    )
    return dict(
        table=table,
        did=did_,
        synth=synth,
        its=trends.get("fraud_incidents", "its"),
        tri=tri,
        naive=naive,
        comparison=table.get("fraud_incidents", "comparison"),
        ratio=table.get("fraud_incidents", "treated_vs_comparison"),
        label={"en": ind.label.en, "zh": ind.label.zh},
    )


@pytest.mark.parametrize("lang", LANGS)
def test_demo_dadeng_fraud(dadeng: dict[str, Any], lang: str) -> None:
    d = dadeng
    label = {"label": d["label"]["zh"]} if lang == "zh" else {}
    fit, placebo = d["synth"]
    made: list[tuple[Sentence | Paragraph, tuple[Any, ...]]] = [
        (narrate(d["naive"], lang), (d["naive"],)),
        (narrate(d["comparison"], lang), (d["comparison"],)),
        (narrate(d["ratio"], lang), (d["ratio"],)),
        (narrate(d["did"], lang, **label), (d["did"],)),
        (narrate(d["synth"], lang, **label), (fit, placebo)),
        (narrate(d["its"], lang, **label), (d["its"],)),
        (
            narrate_triangulation(d["tri"], lang, comparison_change=d["comparison"], **label),
            (d["tri"], d["comparison"]),
        ),
        (
            what_it_means(d["naive"], d["comparison"], d["did"], lang),
            (d["naive"], d["comparison"], d["did"]),
        ),
        (
            what_it_means(
                d["naive"], d["comparison"], d["its"], lang, placebo=placebo_range(d["its"])
            ),
            (d["naive"], d["comparison"], d["its"]),
        ),
        *(
            (s, (item,))
            for s, item in zip(
                __import__(
                    "analysis.narrative", fromlist=["narrate_indicators"]
                ).narrate_indicators(d["table"], lang),
                [
                    d["table"].get(n, "treated")
                    if n in {c.indicator for c in d["table"].changes}
                    else d["table"].get(n)
                    for n in d["table"].indicators(include_facts=True)
                ],
                strict=True,
            )
        ),
    ]
    for sentence, objs in made:
        assert sentence.text
        _no_mix(sentence, lang)
        _punctuation(sentence, lang)
        for s in _sentences(sentence):
            _numbers_match(s)
        _values_in_results(sentence, objs)
    # the planted story: fraud fell at Dadeng, but about as much as at the comparison
    # stations; the comparison designs cannot tell the pilot's effect from no change
    did_sentence = narrate(d["did"], lang, **label)
    assert did_sentence.tone == "causal_inconclusive"
    assert "interval_includes_zero" in did_sentence.gates
    tri = narrate_triangulation(d["tri"], lang, comparison_change=d["comparison"])
    assert "designs_disagree" in tri.gates and tri.tone == "causal_inconclusive"
