"""Diagnostics that gate causal wording, in one place.

Every causal result is first reduced to an :class:`EffectSummary` (plain values: the
estimate, its interval and the diagnostics); :func:`gates` turns the diagnostics into
named gates; :func:`tone_of` turns the gates into the sentence's tone; :func:`gate_text`
words them. The rules:

==============================  ==================================================  ============
gate                            fires when                                          tone
==============================  ==================================================  ============
``interval_includes_zero``      the interval contains 0 (bounds inclusive)          inconclusive
``placebo_as_large``            placebo / permutation p ≥ alpha and above the       inconclusive
                                smallest attainable p (some placebo is as large:
                                DiD permutation, synthetic-control rank > 1)
``min_p_limits``                smallest attainable p = 1/(N+1) (or 1/N units)      inconclusive
                                ≥ alpha: the test can never reach significance
``min_p_reached``               p equals the smallest attainable p (< alpha): the   (info)
                                number of comparison units limits how small p gets
``placebo_in_time_as_large``    ITS placebo-in-time check warns: shifts as large    inconclusive
                                at fake start dates
``sensitivity``                 ITS sensitivity check warns or fails (sign or       inconclusive
                                significance changes with the specification)
``no_inference``                neither an interval nor a placebo p                 inconclusive
``mde``                         interval includes zero and an MDE is known          (info)
``pretrend``                    event-study joint Wald test of the leads p < alpha, doubtful
                                or other evidence that the comparison units were
                                diverging before the pilot: the staggered sup-t
                                pre-trend test p < alpha (same rule, stored on the
                                result), or a synthetic-control in-time placebo gap
                                as large as the real one
``placebo_in_time_significant`` an ITS placebo-in-time interval excludes zero       doubtful
                                (the model finds "effects" at fake start dates)
==============================  ==================================================  ============

The tone is the most severe gate: ``causal_doubtful`` > ``causal_inconclusive`` >
``causal_supported``; info gates only add words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.narrative.numbers import Quoter, decimals_for
from analysis.narrative.sentence import Tone
from analysis.narrative.vocab import t

NAN = float("nan")

INCONCLUSIVE = (
    "interval_includes_zero",
    "placebo_as_large",
    "min_p_limits",
    "placebo_in_time_as_large",
    "sensitivity",
    "no_inference",
)
DOUBTFUL = ("pretrend", "placebo_in_time_significant")
INFO = ("min_p_reached", "mde")


@dataclass(frozen=True)
class EffectSummary:
    """A causal estimate and the diagnostics that gate its wording, as plain values.

    Built from a result by :func:`analysis.narrative.summarize`, or directly by whoever
    has the numbers. NaN means "not available".

    Attributes
    ----------
    design : str
        ``its``, ``sts``, ``did`` (placebo-in-space permutation), ``synth``,
        ``event_study``, ``staggered``, ``twfe``, ``did_2x2``.
    estimate, conf_low, conf_high : float
        On ``scale``: ``relative`` (a fraction: −0.11 is −11%), ``points`` (a
        difference of proportions: 0.032 is 3.2 percentage points) or ``absolute``
        (the outcome's own unit, named by ``unit_text``).
    alpha : float
        The interval is (1 − alpha); tests compare p with alpha.
    placebo_p_value, min_p_value : float
        Placebo/permutation p and the smallest attainable p (1/(N+1)).
    n_placebo_units : float
        N behind ``min_p_value`` (comparison units for the DiD, all units for synth).
    rank, placebo_unit : float, str
        Synthetic control: the treated unit's rank among ``n_placebo_units``.
    pretrend_p_value : float
        Joint Wald test of the leads (event study); sup-t pre-trend test (staggered).
    pretrend_failed : bool
        Other evidence the comparison units diverged before the pilot (synthetic-control
        in-time placebo).
    placebo_time_significant, placebo_time_n : float
        ITS placebo-in-time: fake start dates whose interval excludes zero, of how many.
    placebo_time_as_large, sensitivity_unstable : bool
        ITS robustness checks that warn.
    mde : float
        Minimum detectable relative effect (80% power), when computed.
    """

    design: str
    estimate: float
    conf_low: float = NAN
    conf_high: float = NAN
    alpha: float = 0.05
    scale: str = "relative"
    unit_text: str = ""
    placebo_p_value: float = NAN
    min_p_value: float = NAN
    n_placebo_units: float = NAN
    rank: float = NAN
    placebo_unit: str = ""
    pretrend_p_value: float = NAN
    pretrend_failed: bool = False
    placebo_time_significant: float = 0.0
    placebo_time_n: float = NAN
    placebo_time_as_large: bool = False
    sensitivity_unstable: bool = False
    mde: float = NAN

    @property
    def has_interval(self) -> bool:
        return not (math.isnan(self.conf_low) or math.isnan(self.conf_high))

    @property
    def includes_zero(self) -> bool:
        return self.has_interval and self.conf_low <= 0 <= self.conf_high


def gates(s: EffectSummary) -> tuple[str, ...]:
    """The gates that fire for ``s``, in the order they are worded."""
    out: list[str] = []
    if s.includes_zero:
        out.append("interval_includes_zero")
    at_min = not math.isnan(s.min_p_value) and s.placebo_p_value <= s.min_p_value * (1 + 1e-9)
    if not math.isnan(s.placebo_p_value) and s.placebo_p_value >= s.alpha and not at_min:
        out.append("placebo_as_large")
    if not math.isnan(s.min_p_value):
        if s.min_p_value >= s.alpha:
            out.append("min_p_limits")
        elif at_min:
            out.append("min_p_reached")
    if s.placebo_time_as_large:
        out.append("placebo_in_time_as_large")
    if s.sensitivity_unstable:
        out.append("sensitivity")
    if not s.has_interval and math.isnan(s.placebo_p_value):
        out.append("no_inference")
    if s.includes_zero and math.isfinite(s.mde):
        out.append("mde")
    if (not math.isnan(s.pretrend_p_value) and s.pretrend_p_value < s.alpha) or s.pretrend_failed:
        out.append("pretrend")
    if s.placebo_time_significant >= 1:
        out.append("placebo_in_time_significant")
    return tuple(out)


def tone_of(fired: tuple[str, ...]) -> Tone:
    """The most severe gate decides the tone of a causal sentence."""
    if any(g in DOUBTFUL for g in fired):
        return "causal_doubtful"
    if any(g in INCONCLUSIVE for g in fired):
        return "causal_inconclusive"
    return "causal_supported"


def p_phrase(p: float, q: Quoter) -> str:
    """'p = 0.76' / 'p值为0.76' (recording p)."""
    text = q.p(p)
    return t(q.lang, "p_lt") if p < 0.001 else t(q.lang, "p_eq", p=text)


def estimate_text(s: EffectSummary, q: Quoter) -> tuple[str, str]:
    """The estimate and its interval phrase, at the precision the interval supports."""
    lang = q.lang
    level = f"{(1 - s.alpha) * 100:g}"

    def bound(x: float, fmt) -> str:
        return t(lang, "unbounded") if math.isinf(x) else fmt(x)

    if s.scale == "points":
        d = decimals_for(s.conf_low, s.conf_high, scale=100.0, estimate=s.estimate)
        est = t(lang, "pp", x=q.points(s.estimate, d))
        if not s.has_interval:
            return est, t(lang, "no_interval")
        return est, t(
            lang,
            "ci_pp",
            level=level,
            lo=bound(s.conf_low, lambda x: q.points(x, d)),
            hi=bound(s.conf_high, lambda x: q.points(x, d)),
        )
    if s.scale == "absolute":
        d = decimals_for(s.conf_low, s.conf_high, scale=1.0, default=2, max_decimals=3)
        unit = t(lang, "c.unit_text", unit=s.unit_text) if s.unit_text else ""
        est = q.num(s.estimate, d) + unit
        if not s.has_interval:
            return est, t(lang, "no_interval")
        return est, t(
            lang,
            "ci",
            level=level,
            lo=bound(s.conf_low, lambda x: q.num(x, d)),
            hi=bound(s.conf_high, lambda x: q.num(x, d)),
        )
    d = decimals_for(s.conf_low, s.conf_high, scale=100.0, estimate=s.estimate)
    est = q.pct(s.estimate, d)
    if not s.has_interval:
        return est, t(lang, "no_interval")
    return est, t(
        lang,
        "ci",
        level=level,
        lo=bound(s.conf_low, lambda x: q.pct(x, d)),
        hi=bound(s.conf_high, lambda x: q.pct(x, d)),
    )


def gate_text(s: EffectSummary, fired: tuple[str, ...], q: Quoter) -> str:
    """The words the gates add after the estimate and its parenthesis (no final stop):
    ", which cannot be told apart from no change", then the other inconclusive gates,
    then the doubts (", but …" when nothing else was said, else "; in addition, …"),
    then the information (smallest attainable p reached, MDE)."""
    lang = q.lang
    o, c = t(lang, "open"), t(lang, "close")
    synth = s.design == "synth"
    out = t(lang, "g.zero") if "interval_includes_zero" in fired else ""
    clauses: list[str] = []
    if "placebo_as_large" in fired:
        if synth and not math.isnan(s.rank):
            detail = t(
                lang,
                "g.placebo_synth",
                unit=s.placebo_unit,
                rank=q.count(s.rank),
                n=q.count(s.n_placebo_units),
                p=p_phrase(s.placebo_p_value, q),
            )
        else:
            detail = t(lang, "g.placebo_did", p=p_phrase(s.placebo_p_value, q))
        clauses.append(t(lang, "g.placebo") + o + detail + c)
    if "min_p_limits" in fired:
        clauses.append(
            t(
                lang,
                "g.min_p_synth" if synth else "g.min_p_did",
                n=q.count(s.n_placebo_units),
                minp=q.p(s.min_p_value),
                sig=f"{s.alpha * 100:g}",
            )
        )
    if "placebo_in_time_as_large" in fired:
        clauses.append(t(lang, "g.placebo_time_large"))
    if "sensitivity" in fired:
        clauses.append(t(lang, "g.sensitivity"))
    if "no_inference" in fired:
        clauses.append(t(lang, "g.no_inference"))
    doubts: list[str] = []
    if "pretrend" in fired:
        text = t(lang, "g.pretrend")
        if not math.isnan(s.pretrend_p_value):
            text += o + t(lang, "g.pretrend_p", p=p_phrase(s.pretrend_p_value, q)) + c
        doubts.append(text)
    if "placebo_in_time_significant" in fired:
        doubts.append(
            t(
                lang,
                "g.placebo_time_sig",
                k=q.count(s.placebo_time_significant),
                n=q.count(s.placebo_time_n),
            )
        )
    notes: list[str] = []
    if "min_p_reached" in fired:
        notes.append(
            t(
                lang,
                "g.min_p_hit_synth" if synth else "g.min_p_hit_did",
                p=p_phrase(s.placebo_p_value, q),
                n=q.count(s.n_placebo_units),
            )
        )
    if "mde" in fired:
        mde = (  # a share's MDE is a shift in percentage points
            t(lang, "pp", x=q.points(s.mde, 0 if s.mde >= 0.1 else 1, sign=False))
            if s.scale == "points"
            else q.pct(s.mde, 0, sign=False)
        )
        notes.append(t(lang, "g.mde", mde=mde))
    sep = t(lang, "sep")
    if clauses:
        out += sep + sep.join(clauses)
    if doubts:
        if out:
            out += sep + t(lang, "g.also") + sep.join(doubts)
        else:
            out += t(lang, "comma") + t(lang, "g.but") + sep.join(doubts)
    if notes:
        out += sep + sep.join(notes)
    return out
