"""Before/after indicators whose levels are means of given values: a ``measure``, a
ready-made ``rate`` (``column`` without ``exposure``) and a ``share`` (``scale: fraction``
or ``percent``), each optionally weighted (``weight``) and optionally on the log scale
(``transform: log``).

A level is the (weighted) mean of the window's values over the group's units and periods
(over records for microdata), never a sum across units; its interval is the sampling
error of that mean, estimated from the data (:mod:`analysis.numbers.means`). A share is
kept as a fraction whatever its ``scale``, so its changes and intervals are in percentage
points. On the log scale the levels are geometric means (the mean of the logs,
exponentiated) and the relative change is exp(δ) − 1 for the difference δ of mean logs,
its interval exp of δ's interval − 1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.intake.panel import Panel
from analysis.intake.spec import Indicator
from analysis.intake.windows import WindowPair
from analysis.numbers.means import MeanChange, mean_change, se_rule
from analysis.results.indicators import (
    DELTA_LOG_RATIO,
    EXP_LOG_DIFFERENCE,
    NAN,
    NOTE_LOG,
    NOTE_MEAN_CLUSTER,
    NOTE_MEAN_HAC,
    NOTE_MEAN_RECORDS,
    NOTE_MEAN_TOO_FEW,
    NOTE_SHARE_POINTS,
    NOTE_SHARE_RATIO,
    SCALE_LOG,
    SCALE_MEAN_RATES,
    SCALE_MEANS,
    SCALE_SHARE_POINTS,
    IndicatorChange,
    IndicatorSeries,
)

_SE_NOTE = {"hac": NOTE_MEAN_HAC, "cluster": NOTE_MEAN_CLUSTER, "hc2": NOTE_MEAN_RECORDS}


def averaged(ind: Indicator) -> bool:
    """Whether an indicator's level is a mean of given values (measure, share, ready-made
    rate) rather than a sum or a ratio of sums."""
    return ind.kind in ("measure", "share") or ind.ready_made_rate


def mean_rows(panel: Panel, indicator: str) -> pd.DataFrame:
    """``unit, period, y, w``: the indicator's values on the analysis scale (shares as
    fractions, logs under ``transform: log``) with their weights (1 without ``weight``);
    one row per unit-period, or per record for microdata."""
    ind = panel.spec.indicators[indicator]
    rows = panel.rows(indicator)
    y = rows["value"].to_numpy(dtype=float)
    if ind.kind == "share" and ind.scale == "percent":
        y = y / 100.0
    if ind.transform == "log":  # ("logged": the values are logs already)
        bad = ~(y > 0)
        if bad.any():
            raise AnalysisError(
                f"indicator '{indicator}': transform log needs values > 0; column "
                f"'{ind.column}' has {int(bad.sum())} value(s) ≤ 0 "
                f"(first at unit {rows['unit'].iloc[int(np.argmax(bad))]}, period "
                f"{rows['period'].iloc[int(np.argmax(bad))]})"
            )
        y = np.log(y)
    w = rows["weight"].to_numpy(dtype=float) if "weight" in rows else np.ones(len(rows))
    return pd.DataFrame({"unit": rows["unit"], "period": rows["period"], "y": y, "w": w})


def _definition(ind: Indicator, microdata: bool, n_units: int) -> str:
    over = (
        "over records"
        if microdata
        else "of the window's periods"
        if n_units == 1
        else "over units and periods"
    )
    head = "geometric mean (mean of the logs, exponentiated)" if ind.log_scale else "mean"
    weighted = f", weighted by '{ind.weight}'" if ind.weight else ""
    what = {"share": " share", "rate": " rate"}.get(ind.kind, "")
    return f"{head}{what} {over}{weighted}"


def _scale(ind: Indicator) -> str:
    if ind.log_scale:
        return SCALE_LOG
    if ind.kind == "share":
        return SCALE_SHARE_POINTS
    return SCALE_MEAN_RATES if ind.kind == "rate" else SCALE_MEANS


def _relative(ind: Indicator, m: MeanChange, alpha: float) -> tuple[float, float, float, str]:
    """(fold change, relative low, relative high, method) of after vs before."""
    if ind.log_scale:
        lo, hi = m.interval(m.difference, m.se_difference, alpha)
        return math.exp(m.difference), math.exp(lo) - 1, math.exp(hi) - 1, EXP_LOG_DIFFERENCE
    # a relative change needs a positive reference (a measure can be 0 or negative)
    fold = m.after / m.before if m.before > 0 else NAN
    if ind.kind == "share":
        return fold, NAN, NAN, ""
    log_ratio, se = m.log_ratio()
    lo, hi = m.interval(log_ratio, se, alpha)
    if math.isnan(lo):
        return fold, NAN, NAN, ""
    return fold, math.exp(lo) - 1, math.exp(hi) - 1, DELTA_LOG_RATIO


def _levels(ind: Indicator, m: MeanChange, alpha: float) -> tuple[float, ...]:
    """(before, after, before low, before high, after low, after high) in natural units."""
    blo, bhi = m.interval(m.before, m.se_before, alpha)
    alo, ahi = m.interval(m.after, m.se_after, alpha)
    values = (m.before, m.after, blo, bhi, alo, ahi)
    if ind.log_scale:
        return tuple(math.exp(v) if math.isfinite(v) else NAN for v in values)
    return values


def change_identity(indicator: str, ind: Indicator, group: str, role: str, units, win) -> dict:
    """The fields of an :class:`IndicatorChange` that say what it is about (indicator,
    labels, kind, group, units, windows), shared by every kind's change."""
    return {
        "indicator": indicator,
        "label": ind.label.en,
        "label_zh": ind.label.zh,
        "unit_label": ind.unit_label.en if ind.unit_label else None,
        "indicator_kind": ind.kind,
        "group": group,
        "role": role,
        "units": tuple(units),
        "basis": win.basis,
        "before_start": str(win.before_start),
        "before_end": str(win.before_end),
        "after_start": str(win.after_start),
        "after_end": str(win.after_end),
    }


def mean_change_result(
    panel: Panel,
    indicator: str,
    rows: pd.DataFrame,
    units: tuple[str, ...],
    group: str,
    role: str,
    win: WindowPair,
    alpha: float,
) -> IndicatorChange:
    """Before/after change of an averaged indicator for one group of units."""
    ind = panel.spec.indicators[indicator]
    microdata = panel.spec.sources[ind.source].shape == "microdata"
    sel = rows[rows["unit"].isin(units)]
    per = pd.PeriodIndex(sel["period"])
    in_b = np.asarray((per >= win.before_start) & (per <= win.before_end))
    in_a = np.asarray((per >= win.after_start) & (per <= win.after_end))
    keep = in_b | in_a
    sel, after = sel[keep], in_a[keep]
    present = tuple(u for u in units if u in set(sel["unit"]))
    rule = se_rule(microdata, len(present))
    try:
        m = mean_change(
            sel["y"].to_numpy(),
            after,
            weight=sel["w"].to_numpy(),
            se=rule,
            cluster=sel["unit"].to_numpy(),
            position=np.asarray([p.ordinal for p in per[keep]], dtype=int),
        )
    except AnalysisError as exc:
        raise AnalysisError(f"indicator '{indicator}', group '{group}': {exc}") from None
    b, a, blo, bhi, alo, ahi = _levels(ind, m, alpha)
    fold, rel_lo, rel_hi, rel_method = _relative(ind, m, alpha)
    lo, hi = m.interval(m.difference, m.se_difference, alpha)
    notes = [NOTE_MEAN_TOO_FEW if math.isnan(lo) else _SE_NOTE[rule]]
    if ind.kind == "share":
        notes += [NOTE_SHARE_POINTS, NOTE_SHARE_RATIO]
    if ind.log_scale:
        notes.append(NOTE_LOG)
    n_periods = (
        len(set(per[keep][~after])),
        len(set(per[keep][after])),
    )
    return IndicatorChange(
        **change_identity(indicator, ind, group, role, units, win),
        n_periods_before=n_periods[0],
        n_periods_after=n_periods[1],
        before_derived=win.derived,
        level_definition=_definition(ind, microdata, len(present)),
        before_level=b,
        after_level=a,
        before_per_period=NAN,
        after_per_period=NAN,
        before_conf_low=blo,
        before_conf_high=bhi,
        after_conf_low=alo,
        after_conf_high=ahi,
        level_ci_method=m.method,
        before_numerator=m.sum_before,
        before_denominator=m.weight_before,
        after_numerator=m.sum_after,
        after_denominator=m.weight_after,
        change_scale=_scale(ind),
        absolute_change=m.difference,
        abs_std_error=m.se_difference,
        abs_conf_low=lo,
        abs_conf_high=hi,
        abs_ci_method=m.method,
        relative_change=fold - 1,
        relative_conf_low=rel_lo,
        relative_conf_high=rel_hi,
        fold_change=fold,
        p_value=m.p_value(),
        ci_method=rel_method,
        alpha=alpha,
        interval_note="; ".join(notes),
        per=ind.per,
        frequency=panel.spec.pandas_freq,
    )


def _period_means(rows: pd.DataFrame, units, log: bool) -> pd.Series:
    sel = rows[rows["unit"].isin(list(units))]
    wy = (sel["w"] * sel["y"]).groupby(sel["period"]).sum()
    ws = sel["w"].groupby(sel["period"]).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (wy / ws).sort_index()
    return np.exp(mean) if log else mean


def period_means(panel: Panel, indicator: str, units) -> pd.Series:
    """The units' (weighted) mean per period on ``panel.periods``, in natural units
    (geometric means on the log scale, shares as fractions): the series a trend model of
    an averaged indicator fits, never a sum across units. Periods without data are an
    error naming them."""
    ind = panel.spec.indicators[indicator]
    mean = _period_means(mean_rows(panel, indicator), units, ind.log_scale)
    mean = mean.reindex(panel.periods)
    if mean.isna().any():
        gaps = ", ".join(str(p) for p in mean.index[mean.isna()][:6])
        raise AnalysisError(
            f"indicator '{indicator}' has periods with no data for units "
            f"{', '.join(map(str, units))}: {gaps}"
        )
    return mean.astype(float)


def mean_series(
    panel: Panel, indicator: str, rows: pd.DataFrame, units: tuple[str, ...], group: str
) -> IndicatorSeries:
    """The group's (weighted) mean per period, in natural units (geometric on the log
    scale; shares as fractions)."""
    ind = panel.spec.indicators[indicator]
    mean = _period_means(rows, units, ind.log_scale)
    values = mean.to_numpy()
    microdata = panel.spec.sources[ind.source].shape == "microdata"
    what = "geometric mean" if ind.log_scale else "mean"
    if ind.weight:
        what = f"weighted {what}"
    measure = (
        f"{what} over records" if microdata else "value" if len(units) == 1 else f"{what} per unit"
    )
    return IndicatorSeries(
        indicator=indicator,
        group=group,
        measure=measure,
        periods=tuple(str(p) for p in mean.index),
        values=tuple(float(v) for v in values),
        n_units=len(units),
    )
