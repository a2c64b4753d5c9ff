"""Falsification with negative controls: did an outcome the pilot should not touch move
as much as the outcomes it targets?

For each ``role: negative_control`` indicator and each primary indicator (with a
series: facts have none), every design that estimated both is compared on the relative
scale: the before/after change at the pilot unit(s), the interrupted and structural
time series (post-period average), and the designs with comparison units of the
triangulation (difference-in-differences, controlled ITS, synthetic control, regression
DiD). A control estimate of the same sign and at least the indicator's magnitude is "as
large": the check warns, since whatever moved the control (a common shock, a change in
reporting) may have moved the indicator too. The comparison is of point estimates, as a
reader compares two numbers on the page; it is a warning sign, not a test. "As large"
allows :data:`AS_LARGE_SHARE`: a control change within a tenth of the indicator's (−39%
beside −40%) reads as the same size.
"""

from __future__ import annotations

import math
from typing import Any

from analysis.intake.spec import StudySpec
from analysis.results.falsification import Falsification, FalsificationCheck, FalsificationRow

NAN = float("nan")
NAIVE = "naive"
#: The control's change counts as "as large" from this share of the indicator's.
AS_LARGE_SHARE = 0.9
TREND_DESIGNS = {"its": "interrupted time series", "sts": "structural time series"}

__all__ = ["as_large", "falsification", "relative_estimates"]


def as_large(control: float, indicator: float) -> bool:
    """The control moved as much as the indicator (at least :data:`AS_LARGE_SHARE` of
    it), the same way (relative)."""
    if not (math.isfinite(control) and math.isfinite(indicator)) or indicator == 0:
        return False
    return (control > 0) == (indicator > 0) and abs(control) >= AS_LARGE_SHARE * abs(indicator)


def _trend_estimate(trends: Any, iid: str, design: str) -> tuple[float, float, float] | None:
    """The post-period average relative effect of a fitted trend model (its headline
    horizon when it has no average)."""
    if trends is None:
        return None
    try:
        outcome = trends.get(iid, design)
    except KeyError:
        return None
    effect = outcome.effect
    if effect is None or not effect.effects:
        return None
    e = next((x for x in effect.effects if x.horizon == 0), None) or effect.headline_effect()
    return (e.relative_estimate, e.relative_conf_low, e.relative_conf_high)


def relative_estimates(
    iid: str, indicators: Any, trends: Any, triangulation: dict[str, Any]
) -> dict[str, tuple[float, float, float]]:
    """Design → (relative estimate, low, high) for one indicator: the before/after change
    (``naive``), the trend models and the triangulation's comparison designs."""
    out: dict[str, tuple[float, float, float]] = {}
    try:
        change = indicators.get(iid, "treated") if indicators is not None else None
    except KeyError:
        change = None
    if change is not None and math.isfinite(change.relative_change):
        out[NAIVE] = (change.relative_change, change.relative_conf_low, change.relative_conf_high)
    for key, name in TREND_DESIGNS.items():
        est = _trend_estimate(trends, iid, key)
        if est is not None and math.isfinite(est[0]):
            out[name] = est
    tri = triangulation.get(iid)
    for row in tri.rows if tri is not None else ():
        if row.design in out or row.design == NAIVE or row.design in TREND_DESIGNS.values():
            continue
        if math.isfinite(row.estimate):
            out[row.design] = (row.estimate, row.conf_low, row.conf_high)
    return out


def _pair(
    spec: StudySpec,
    control: str,
    iid: str,
    estimates: dict[str, dict[str, tuple[float, float, float]]],
) -> FalsificationCheck:
    c_est, i_est = estimates[control], estimates[iid]
    rows = tuple(
        FalsificationRow(
            design=design,
            control_estimate=c_est[design][0],
            indicator_estimate=i_est[design][0],
            control_conf_low=c_est[design][1],
            control_conf_high=c_est[design][2],
            indicator_conf_low=i_est[design][1],
            indicator_conf_high=i_est[design][2],
            as_large=as_large(c_est[design][0], i_est[design][0]),
        )
        for design in i_est
        if design in c_est
    )
    c_ind, i_ind = spec.indicators[control], spec.indicators[iid]
    labels = dict(
        control_label=c_ind.label.en,
        control_label_zh=c_ind.label.zh,
        indicator_label=i_ind.label.en,
        indicator_label_zh=i_ind.label.zh,
    )
    if not rows:
        return FalsificationCheck(
            control=control,
            indicator=iid,
            status="not_applicable",
            reason="no design estimated both the negative control and this indicator",
            **labels,
        )
    status = "warn" if any(r.as_large for r in rows) else "pass"
    return FalsificationCheck(control=control, indicator=iid, status=status, rows=rows, **labels)


def falsification(
    spec: StudySpec, indicators: Any, trends: Any, triangulation: dict[str, Any]
) -> Falsification:
    """Every negative control against every primary indicator with a series (empty when
    the spec names no negative control)."""
    controls = spec.with_role("negative_control")
    if not controls:
        return Falsification()

    def has_series(iid: str) -> bool:
        return spec.sources[spec.indicators[iid].source].shape != "facts"

    primaries = [i for i in spec.with_role("primary") if has_series(i)]
    ids = [*controls, *primaries]
    estimates = {i: relative_estimates(i, indicators, trends, triangulation) for i in ids}
    return Falsification(
        tuple(_pair(spec, c, i, estimates) for c in controls if has_series(c) for i in primaries)
    )
