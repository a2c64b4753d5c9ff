"""Causal sentences, one function per design: "the estimated effect of the pilot is …",
the design named, the interval, and the gates of :mod:`analysis.narrative.gates`.

Each design has a ``summarize_*`` (result → :class:`EffectSummary`: the numbers and
diagnostics, no words) and a ``narrate_*`` (summary + design-specific head → words).
"""

from __future__ import annotations

import math
from functools import singledispatch
from typing import Any

from analysis.narrative.comparisons_text import staggered_relative_text, staggered_unit_text
from analysis.narrative.effects_text import no_effect_sentence
from analysis.narrative.gates import (
    EffectSummary,
    estimate_text,
    gate_text,
    gates,
    tone_of,
)
from analysis.narrative.numbers import Quoter
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, phrase, t
from analysis.results.checks import CheckResult
from analysis.results.comparisons import PermutationDiD
from analysis.results.did import DiDResult
from analysis.results.effects import Coefficient, EffectResult
from analysis.results.event_study import EventStudyResult
from analysis.results.staggered import StaggeredComparison
from analysis.results.synth import SynthPlaceboResult, SynthResult
from analysis.results.trends import ModelOutcome

NAN = float("nan")

#: Words of this module beyond the shared vocabulary: a recording change (a
#: registration drive, a new counting rule) is a change in what is recorded, never "the
#: effect of the pilot".
_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "rc.its": (
            "{label} at {unit}: after the recording change “{milestone}” ({start}), the "
            "recorded figure{when} is {est} relative to the trend before it"
        ),
        "rc.sts": (
            "{label} at {unit}: after the recording change “{milestone}” ({start}), the "
            "recorded figure{when} is {est} relative to a forecast from before it"
        ),
        "rc.when_period": " in {period}",
        "rc.when_average": ", averaged over the periods since,",
        "rc.meaning": (
            " — a change in what is recorded, not an effect of the pilot on what it measures"
        ),
    },
    "zh": {
        "rc.its": (
            "{label}（{unit}）：统计口径变化“{milestone}”（{start}）之后，{when}的记录数"
            "相对于此前趋势为{est}"
        ),
        "rc.sts": (
            "{label}（{unit}）：统计口径变化“{milestone}”（{start}）之后，{when}的记录数"
            "相对于依据此前数据的预测为{est}"
        ),
        "rc.when_period": "{period}",
        "rc.when_average": "此后各期平均",
        "rc.meaning": "——这是记录口径的变化，而非试点对所测对象的效果",
    },
}


def _w(lang: str, key: str, **fields: object) -> str:
    return phrase(_TEXT, lang, key, **fields)


# -- summaries: results -> plain numbers and diagnostics ---------------------------------


@singledispatch
def summarize(result: Any) -> EffectSummary:
    """The :class:`EffectSummary` of a causal result (dispatch on its type)."""
    raise TypeError(f"no causal summary for {type(result).__name__}")


@summarize.register
def _(result: EffectSummary) -> EffectSummary:
    return result


def _check(checks: tuple[CheckResult, ...], name: str) -> CheckResult | None:
    return next((c for c in checks if c.name == name), None)


def _value(check: CheckResult, key: str) -> float:
    return next((float(v) for k, v in check.values if k == key), NAN)


@summarize.register
def summarize_effect(result: EffectResult) -> EffectSummary:
    """ITS / STS: the headline horizon's relative effect; placebo-in-time and
    sensitivity checks, when attached, gate the wording."""
    e = result.headline_effect()
    placebo = _check(result.checks, "placebo_in_time")
    sens = _check(result.checks, "sensitivity")
    n_sig, n_pl, large = 0.0, NAN, False
    if placebo is not None and placebo.status in ("pass", "warn", "fail"):
        n_sig = _value(placebo, "n_placebo_significant")
        n_sig = 0.0 if math.isnan(n_sig) else n_sig
        n_pl = _value(placebo, "n_placebos")
        large = placebo.status in ("warn", "fail")
    return EffectSummary(
        design=result.design,
        estimate=e.relative_estimate,
        conf_low=e.relative_conf_low,
        conf_high=e.relative_conf_high,
        alpha=result.alpha,
        placebo_time_significant=n_sig,
        placebo_time_n=n_pl,
        placebo_time_as_large=large,
        sensitivity_unstable=sens is not None and sens.status in ("warn", "fail"),
        mde=result.mde,
    )


@summarize.register
def summarize_outcome(result: ModelOutcome) -> EffectSummary:
    """A trend model's summary; a share's effect in percentage points (its absolute
    effect over ``points_unit``), since a share of 87% cannot rise 22%."""
    from dataclasses import replace

    if result.effect is None:
        raise ValueError(
            f"{result.design} for '{result.indicator}' is not applicable: {result.reason}"
        )
    s = summarize_effect(result.effect)
    if math.isnan(s.mde) and math.isfinite(result.mde):
        s = replace(s, mde=result.mde)
    unit = result.points_unit
    if math.isfinite(unit) and unit > 0:
        e = result.effect.headline_effect()
        s = replace(
            s,
            scale="points",
            estimate=e.estimate / unit,
            conf_low=e.conf_low / unit,
            conf_high=e.conf_high / unit,
        )
    return s


@summarize.register
def summarize_did(result: PermutationDiD) -> EffectSummary:
    """Placebo-in-space permutation DiD: relative estimate, test-inversion interval,
    permutation p and the smallest attainable p = 1/(N+1)."""
    return EffectSummary(
        design="did",
        estimate=result.estimate,
        conf_low=result.conf_low,
        conf_high=result.conf_high,
        alpha=result.alpha,
        placebo_p_value=result.p_value,
        min_p_value=result.min_p_value,
        n_placebo_units=result.n_placebos,
    )


def summarize_synth(
    fit: SynthResult,
    placebo: SynthPlaceboResult | None = None,
    alpha: float = 0.05,
    in_time: SynthResult | None = None,
) -> EffectSummary:
    """Synthetic control: the post-period average relative gap; no sampling interval;
    inference by the in-space placebo rank (p = rank / units). With an in-time placebo
    (the same fit from a fake start before the pilot), a fake-start gap at least as
    large as the real one means the synthetic unit was not tracking the pilot unit
    before the pilot: the pre-trend gate."""
    kw: dict[str, Any] = {}
    if placebo is not None:
        kw = dict(
            placebo_p_value=placebo.p_value,
            min_p_value=placebo.min_p_value,
            n_placebo_units=placebo.n_units,
            rank=placebo.rank,
        )
    diverged = in_time is not None and abs(in_time.avg_post_relative_effect) >= abs(
        fit.avg_post_relative_effect
    )
    return EffectSummary(
        design="synth",
        estimate=fit.avg_post_relative_effect,
        alpha=alpha,
        placebo_unit=str(fit.treated_unit),
        pretrend_failed=diverged,
        **kw,
    )


@summarize.register
def _(result: tuple) -> EffectSummary:
    fit, placebo = result
    return summarize_synth(fit, placebo)


@summarize.register
def _(result: SynthResult) -> EffectSummary:
    return summarize_synth(result)


def _event_coefficient(result: EventStudyResult, event_time: int | None) -> tuple[int, Coefficient]:
    post = [e for e in result.event_times if e >= 0]
    if event_time is None:
        if not post:
            raise ValueError("the event study has no post-adoption coefficient")
        event_time = 0 if 0 in post else post[0]
    return event_time, result.coefficient(event_time)


def summarize_event_study(result: EventStudyResult, event_time: int | None = None) -> EffectSummary:
    """Event study: the coefficient at ``event_time`` (default: the adoption period);
    the joint Wald test of the leads gates the wording."""
    _, c = _event_coefficient(result, event_time)
    pre = result.pretrend
    p = pre.p_value if pre.status in ("pass", "warn", "fail") else NAN
    return EffectSummary(
        design="event_study",
        estimate=c.estimate,
        conf_low=c.conf_low,
        conf_high=c.conf_high,
        alpha=result.alpha,
        scale="absolute",
        pretrend_p_value=p,
    )


@summarize.register
def _(result: EventStudyResult) -> EffectSummary:
    return summarize_event_study(result)


def _staggered_scale(outcome: str) -> tuple[str, str]:
    if outcome == "share":
        return "points", ""
    return "absolute", outcome


@summarize.register
def summarize_staggered(result: StaggeredComparison) -> EffectSummary:
    """Staggered roll-out: the Callaway–Sant'Anna simple average effect; the sup-t
    pre-trend test stored on the result (the test the report prints,
    :mod:`analysis.numbers.checks.pretrend`) gates the wording."""
    s = result.simple
    scale, unit = _staggered_scale(result.outcome)
    return EffectSummary(
        design="staggered",
        estimate=s.overall_estimate,
        conf_low=s.overall_conf_low,
        conf_high=s.overall_conf_high,
        alpha=s.alpha,
        scale=scale,
        unit_text=unit,
        pretrend_p_value=result.pretrend_p_value if result.pretrend_n else NAN,
    )


@summarize.register
def summarize_twfe(result: DiDResult) -> EffectSummary:
    return EffectSummary(
        design=result.design,
        estimate=result.estimate,
        conf_low=result.conf_low,
        conf_high=result.conf_high,
        alpha=result.alpha,
        scale="absolute",
    )


# -- sentences -----------------------------------------------------------------------------


def _sentence(
    head: str, name: str, s: EffectSummary, q: Quoter, ci: str, extra: str = ""
) -> Sentence:
    """head (ci; design name) + gates + extra, stopped."""
    lang = q.lang
    fired = gates(s)
    inner = t(lang, "sep").join(x for x in (ci, name) if x)
    text = head + t(lang, "open") + inner + t(lang, "close") + gate_text(s, fired, q) + extra
    return Sentence(text + t(lang, "end"), tuple(q.values), tone_of(fired), fired, lang)


def _unit_name(unit: str, lang: str) -> str:
    return t(lang, "who_pooled") if unit == "pooled" else unit


def _horizon(result: EffectResult, q: Quoter) -> str:
    e = result.headline_effect()
    lang = q.lang
    if e.horizon <= 0:
        return t(lang, "c.when_average")
    period = e.period or ""
    f = "Q" if "Q" in period else "Y" if len(period) == 4 else "M"
    return t(lang, "c.when_horizon", period=t(lang, f"period.{f}"), h=q.count(e.horizon))


def _pulse_length(effect: EffectResult) -> int:
    """Periods of a temporary (pulse) ITS effect: where fitted and counterfactual differ
    after the start; 0 for a permanent effect."""
    if effect.design != "its" or not any(c.term == "pulse_start" for c in effect.coefficients):
        return 0
    p = effect.path
    return sum(
        1 for on, f, c in zip(p.post, p.fitted, p.counterfactual, strict=True) if on and f != c
    )


def narrate_effect(
    result: EffectResult | ModelOutcome, lang: str = "en", *, label: str | None = None
) -> Sentence:
    """ITS or STS as a causal sentence. A not-applicable model outcome says so (its
    ``reason`` is English free text with numbers of its own: show it beside the
    sentence, not in it)."""
    if isinstance(result, ModelOutcome):
        if result.effect is None:
            lab = label_for(lang, label or result.label)
            name = t(lang, "c.its_name" if result.design == "its" else "c.sts_name")
            text = t(lang, "c.not_applicable", label=lab, design=name)
            return Sentence(
                text + t(lang, "end"), (), "causal_inconclusive", ("not_applicable",), lang
            )
        effect = result.effect
    else:
        effect = result
    if not effect.effects:  # a trend regression without an interruption term
        return no_effect_sentence(effect, lang, label)
    s = summarize_outcome(result) if isinstance(result, ModelOutcome) else summarize_effect(result)
    q = Quoter(lang)
    lab = label_for(lang, label or effect.label)
    sts = effect.design == "sts"
    when = _horizon(effect, q)
    pulse = _pulse_length(effect)
    if pulse and effect.headline_effect().horizon <= 0:
        first = effect.path.time[0] if effect.path.time else ""
        f = "Q" if "Q" in first else "Y" if len(first) == 4 else "M"
        when = t(lang, "c.when_pulse", n=q.count(pulse), period=t(lang, f"period.{f}"))
    est, ci = estimate_text(s, q)
    if isinstance(result, ModelOutcome) and result.interruption_kind == "recording_change":
        return _recording_change(result, s, q, lab, est, ci)
    step = sts and any(c.term == "step" for c in effect.coefficients)  # intervention form
    head = t(
        lang,
        "c.its_pulse" if pulse else "c.sts_step" if step else "c.sts" if sts else "c.its",
        label=lab,
        unit=_unit_name(effect.unit, lang),
        when=when,
        est=est,
    )
    return _sentence(head, t(lang, "c.sts_name" if sts else "c.its_name"), s, q, ci)


def _freq_of(period: str) -> str:
    return "Q" if "Q" in period else "Y" if len(period) == 4 else "M"


def _recording_change(
    outcome: ModelOutcome, s: EffectSummary, q: Quoter, lab: str, est: str, ci: str
) -> Sentence:
    """A trend model interrupted at a ``kind: recording_change`` milestone: the change
    after it is a change in what is recorded, not an effect of the pilot; its periods
    are named by date, never "month 2 of the pilot". Tone descriptive."""
    from dataclasses import replace

    from analysis.narrative.descriptive import span

    lang = q.lang
    effect = outcome.effect
    assert effect is not None  # narrate_effect answered the not-applicable outcome
    e = effect.headline_effect()
    if e.horizon > 0 and e.period:
        when = _w(lang, "rc.when_period", period=span(e.period, e.period, _freq_of(e.period), lang))
    else:
        when = _w(lang, "rc.when_average")
    start = outcome.interruption_period
    head = _w(
        lang,
        "rc.sts" if effect.design == "sts" else "rc.its",
        label=lab,
        unit=_unit_name(effect.unit, lang),
        milestone=label_for(lang, outcome.interruption_label, outcome.interruption_label_zh),
        start=span(start, start, _freq_of(start), lang) if start else "",
        when=when,
        est=est,
    )
    name = t(lang, "c.sts_name" if effect.design == "sts" else "c.its_name")
    sent = _sentence(head, name, s, q, ci, _w(lang, "rc.meaning"))
    return replace(sent, tone="descriptive", gates=(*sent.gates, "recording_change"))


def narrate_did(result: PermutationDiD, lang: str = "en", *, label: str | None = None) -> Sentence:
    """Difference-in-differences with placebo-in-space permutation inference."""
    s = summarize_did(result)
    q = Quoter(lang)
    est, ci = estimate_text(s, q)
    head = t(
        lang,
        "c.did",
        label=label_for(lang, label or result.label),
        n=q.count(result.n_placebos),
        est=est,
    )
    return _sentence(head, t(lang, "c.did_name"), s, q, ci)


def narrate_synth(
    fit: SynthResult,
    placebo: SynthPlaceboResult | None = None,
    lang: str = "en",
    *,
    label: str | None = None,
    alpha: float = 0.05,
    in_time: SynthResult | None = None,
) -> Sentence:
    """Synthetic control with its in-space placebo test (no sampling interval) and,
    optionally, an in-time placebo fit (see :func:`summarize_synth`)."""
    s = summarize_synth(fit, placebo, alpha, in_time)
    q = Quoter(lang)
    est, ci = estimate_text(s, q)
    head = t(
        lang,
        "c.synth",
        label=label_for(lang, label or fit.outcome),
        unit=str(fit.treated_unit),
        est=est,
    )
    return _sentence(head, t(lang, "c.synth_name"), s, q, ci)


def narrate_event_study(
    result: EventStudyResult,
    lang: str = "en",
    *,
    label: str | None = None,
    event_time: int | None = None,
) -> Sentence:
    """Event study: the effect at one event time, gated by the joint pre-trend test."""
    e, _ = _event_coefficient(result, event_time)
    s = summarize_event_study(result, e)
    q = Quoter(lang)
    when = t(lang, "c.event_when_0") if e == 0 else t(lang, "c.event_when_e", e=q.count(e))
    est, ci = estimate_text(s, q)
    head = t(lang, "c.event", label=label_for(lang, label or result.outcome), when=when, est=est)
    return _sentence(head, t(lang, "c.event_name"), s, q, ci)


def narrate_staggered(
    result: StaggeredComparison,
    lang: str = "en",
    *,
    label: str | None = None,
    unit_text: str | None = None,
) -> Sentence:
    """Callaway–Sant'Anna average effect; TWFE quoted when it disagrees, with why the
    Callaway–Sant'Anna estimate is the more credible one under staggered timing.

    ``unit_text`` overrides the outcome's unit words (English comes with the result;
    Chinese has none unless given)."""
    from dataclasses import replace

    s = summarize_staggered(result)
    if s.scale == "absolute":
        s = replace(
            s,
            unit_text=unit_text if unit_text is not None else staggered_unit_text(result, lang),
        )
    q = Quoter(lang)
    est, ci = estimate_text(s, q)
    head = t(lang, "c.staggered", label=label_for(lang, label or result.label), est=est)
    control = (
        result.simple.control
        if result.simple.control in ("nevertreated", "notyettreated")
        else "nevertreated"
    )
    name = t(lang, f"c.staggered_name.{control}")
    tw = result.twfe
    extra = staggered_relative_text(result, q)  # the effect as a share of the untreated level
    if result.designs_disagree:  # decided in numbers (checks/agreement.intervals_disagree)
        ts = replace(s, estimate=tw.estimate, conf_low=tw.conf_low, conf_high=tw.conf_high)
        t_est, t_ci = estimate_text(ts, q)
        extra += t(lang, "sep") + t(lang, "g.disagree_twfe", est=t_est, ci=t_ci)
    sent = _sentence(head, name, s, q, ci, extra)
    if extra:
        sent = replace(sent, gates=(*sent.gates, "designs_disagree"))
    return sent


def narrate_twfe(result: DiDResult, lang: str = "en", *, label: str | None = None) -> Sentence:
    """A 2×2 or two-way fixed-effects DiD coefficient."""
    s = summarize_twfe(result)
    q = Quoter(lang)
    est, ci = estimate_text(s, q)
    head = t(lang, "c.twfe", label=label_for(lang, label or result.outcome), est=est)
    name = t(lang, "c.did2x2_name" if result.design == "did_2x2" else "c.twfe_name")
    return _sentence(head, name, s, q, ci)
