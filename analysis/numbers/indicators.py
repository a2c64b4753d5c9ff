"""Before/after indicators: levels and changes per group and unit, facts, comparisons.

Descriptive facts only ("fell 22% year on year"); nothing here models trends or
estimates an effect. Conventions:

* Counts and rates get Poisson intervals. They describe chance variation in
  how many events occur at a given underlying rate; month-to-month
  overdispersion and trends are *not* accounted for, so they are lower bounds
  on the uncertainty (the model-based designs handle both).
* Shares get Wilson intervals per level and a Newcombe interval for the
  percentage-point difference; sums over periods are treated as binomial.
* Measures, ready-made rates and shares are averaged, never summed across units: the
  (weighted) mean of the window's values with the sampling error of that mean
  (:mod:`analysis.numbers.indicator_means`); shares in percentage points, logs as
  geometric means and exp(δ) − 1.
* Administrative stocks and amounts (a register's size, money spent) and
  census shares are complete counts: no sampling error, NaN intervals and a
  note saying so.

The plain-number estimates are in :mod:`analysis.numbers.rates`, the result objects in
:mod:`analysis.results.indicators`; windows arrive resolved
(:attr:`analysis.intake.panel.Panel.windows`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.rates import confint_poisson

from analysis.core.errors import AnalysisError
from analysis.intake.panel import Panel
from analysis.intake.spec import Indicator
from analysis.intake.windows import WindowPair
from analysis.numbers.indicator_means import (
    averaged,
    change_identity,
    mean_change_result,
    mean_rows,
    mean_series,
)
from analysis.numbers.rates import (
    divide,
    fold_change,
    proportion,
    proportion_difference,
    rate_difference,
    rate_ratio,
    ratio_of_rate_ratios,
)
from analysis.results.indicators import (
    NAN,
    NOTE_AMOUNT,
    NOTE_CENSUS,
    NOTE_FIGURE,
    NOTE_SHARE_RATIO,
    NOTE_STOCK,
    POISSON_EXACT,
    RATE_RATIO_METHODS,
    WILSON,
    ChangeComparison,
    Estimate,
    FactLevel,
    IndicatorChange,
    IndicatorSeries,
    IndicatorTable,
    RateRatioMethod,
)

# -- computing from a panel ------------------------------------------------------------------


@dataclass(frozen=True)
class _Sums:
    n_periods: int
    numerator: float  # Σvalue (counts, amounts, stock level, share numerator)
    denominator: float  # Σdenominator / Σexposure / n_periods for counts
    level: float
    per_period: float


@dataclass(frozen=True)
class _Wide:
    """One indicator as period × unit arrays, built once so groups sum fast."""

    periods: pd.PeriodIndex
    units: dict[str, int]
    cols: dict[str, np.ndarray]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Wide:
        names = [c for c in ("value", "denominator", "exposure") if c in frame]
        wide = frame.pivot(index="period", columns="unit", values=names).sort_index()
        units = list(dict.fromkeys(wide.columns.get_level_values("unit")))
        cols = {c: wide[c].reindex(columns=units).to_numpy(dtype=float) for c in names}
        return cls(pd.PeriodIndex(wide.index), {u: i for i, u in enumerate(units)}, cols)

    def by_period(self, units: tuple[str, ...]) -> tuple[pd.PeriodIndex, dict[str, np.ndarray]]:
        """Sums over ``units`` per period (periods where none of them has data dropped)."""
        idx = [self.units[u] for u in units if u in self.units]
        present = ~np.isnan(self.cols["value"][:, idx]).all(axis=1)
        sums = {c: np.nansum(a[:, idx], axis=1)[present] for c, a in self.cols.items()}
        return self.periods[present], sums


def _window_sums(
    periods: pd.PeriodIndex,
    sums: dict[str, np.ndarray],
    ind: Indicator,
    start: pd.Period,
    end: pd.Period,
) -> _Sums:
    mask = np.asarray((periods >= start) & (periods <= end))
    value = sums["value"][mask]
    n = int(mask.sum())
    total = float(value.sum())
    kind = ind.kind
    if kind == "proportion":
        den = float(sums["denominator"][mask].sum())
        return _Sums(n, total, den, divide(total, den), NAN)
    if kind == "rate":
        den = float(sums["exposure"][mask].sum())
        return _Sums(n, total, den, divide(total, den) * ind.per, NAN)
    if kind == "stock":
        if n == 0:
            return _Sums(0, NAN, NAN, NAN, NAN)
        level = float(value[-1]) if ind.stock_summary == "last" else float(value.mean())
        return _Sums(n, level, NAN, level, NAN)
    return _Sums(n, total, float(n), total, divide(total, n))


def _whole(*xs: float) -> bool:
    return all(float(x).is_integer() for x in xs)


def _per_label(per: float) -> str:
    """``per`` as it appears in scale labels ("rate per 100,000"): thousands separators."""
    return f"{int(per):,}" if float(per).is_integer() and abs(per) < 1e15 else f"{per:,.1f}"


@dataclass(frozen=True)
class _Intervals:
    """The intervals of one change: levels, absolute change, rate ratio, notes."""

    before: tuple[float, float] = (NAN, NAN)
    after: tuple[float, float] = (NAN, NAN)
    level_method: str = ""
    absolute: Estimate | None = None
    ratio: Estimate | None = None
    notes: tuple[str, ...] = ()


def _scale(ind: Indicator, b: _Sums, a: _Sums, n_units: int) -> tuple[str, float, float, str]:
    """(change scale, absolute change, fold change, level definition) for the kind."""
    kind = ind.kind
    if kind in ("count", "amount"):
        equal = b.n_periods == a.n_periods
        abs_change = (a.level - b.level) if equal else (a.per_period - b.per_period)
        scale = "total" if equal else "per period"
        return scale, abs_change, fold_change(a.per_period, b.per_period), "total over window"
    abs_change, fold = a.level - b.level, fold_change(a.level, b.level)
    if kind == "rate":
        per = _per_label(ind.per)
        return f"rate per {per}", abs_change, fold, f"Σcount / Σexposure × {per}"
    if kind == "proportion":
        return "share (proportion points)", abs_change, fold, "Σnumerator / Σdenominator"
    definition = (
        "value at the window's last period"
        if ind.stock_summary == "last"
        else "mean over the window"
    ) + (", summed over units" if n_units > 1 else "")
    return "level", abs_change, fold, definition


def _count_intervals(
    ind: Indicator, b: _Sums, a: _Sums, alpha: float, ci_method: RateRatioMethod
) -> _Intervals:
    """Counts and rates: rate ratio, rate difference and exact Poisson level intervals.
    The indicator's ``ratio_interval`` overrides ``ci_method`` for the rate ratio."""
    kind = ind.kind
    ci_method = ind.ratio_interval or ci_method
    notes: list[str] = []
    method_used = ci_method
    if method_used != "wald" and not _whole(a.numerator, b.numerator):
        method_used = "wald"
        notes.append(
            f"fractional counts: Wald interval used instead of {RATE_RATIO_METHODS[ci_method]}"
        )
    ratio = rate_ratio(a.numerator, a.denominator, b.numerator, b.denominator, method_used, alpha)
    equal = b.n_periods == a.n_periods
    per = (a.n_periods if equal else 1.0) if kind == "count" else ind.per
    absolute = rate_difference(
        a.numerator, a.denominator, b.numerator, b.denominator, per=per, alpha=alpha
    )
    scale_lvl = 1.0 if kind == "count" else ind.per
    levels = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        # totals for counts (exposure 1), rates per `per` for rates
        for s in (b, a):
            expo = 1.0 if kind == "count" else s.denominator
            lo, hi = confint_poisson(s.numerator, expo, method="exact-c", alpha=alpha)
            levels.append((float(lo) * scale_lvl, float(hi) * scale_lvl))
    notes += [n for n in (ratio.note, absolute.note) if n]
    return _Intervals(levels[0], levels[1], POISSON_EXACT, absolute, ratio, tuple(notes))


def _share_intervals(b: _Sums, a: _Sums, alpha: float) -> _Intervals:
    """Shares: Wilson levels and a Newcombe interval for the difference."""
    pb = proportion(b.numerator, b.denominator, alpha)
    pa = proportion(a.numerator, a.denominator, alpha)
    absolute = proportion_difference(a.numerator, a.denominator, b.numerator, b.denominator, alpha)
    notes = [n for n in (pb.note, pa.note, absolute.note) if n] + [NOTE_SHARE_RATIO]
    return _Intervals(
        (pb.conf_low, pb.conf_high),
        (pa.conf_low, pa.conf_high),
        WILSON,
        absolute,
        None,
        tuple(notes),
    )


def _intervals(
    ind: Indicator, b: _Sums, a: _Sums, alpha: float, ci_method: RateRatioMethod
) -> _Intervals:
    if ind.kind in ("count", "rate"):
        return _count_intervals(ind, b, a, alpha, ci_method)
    if ind.kind == "proportion":
        return _share_intervals(b, a, alpha)
    return _Intervals(notes=(NOTE_STOCK if ind.kind == "stock" else NOTE_AMOUNT,))


def _change(
    panel: Panel,
    indicator: str,
    wide: _Wide,
    units: tuple[str, ...],
    group: str,
    role: str,
    win: WindowPair,
    alpha: float,
    ci_method: RateRatioMethod,
) -> IndicatorChange:
    ind = panel.spec.indicators[indicator]
    periods, sums = wide.by_period(units)
    b = _window_sums(periods, sums, ind, win.before_start, win.before_end)
    a = _window_sums(periods, sums, ind, win.after_start, win.after_end)
    scale, abs_change, fold, definition = _scale(ind, b, a, len(units))
    iv = _intervals(ind, b, a, alpha, ci_method)
    abs_est, ratio_est = iv.absolute, iv.ratio
    rel_lo = ratio_est.conf_low - 1 if ratio_est else NAN
    rel_hi = ratio_est.conf_high - 1 if ratio_est else NAN
    return IndicatorChange(
        **change_identity(indicator, ind, group, role, units, win),
        n_periods_before=b.n_periods,
        n_periods_after=a.n_periods,
        before_derived=win.derived,
        level_definition=definition,
        before_level=b.level,
        after_level=a.level,
        before_per_period=b.per_period,
        after_per_period=a.per_period,
        before_conf_low=iv.before[0],
        before_conf_high=iv.before[1],
        after_conf_low=iv.after[0],
        after_conf_high=iv.after[1],
        level_ci_method=iv.level_method,
        before_numerator=b.numerator,
        before_denominator=b.denominator,
        after_numerator=a.numerator,
        after_denominator=a.denominator,
        change_scale=scale,
        absolute_change=abs_change,
        abs_std_error=abs_est.std_error if abs_est else NAN,
        abs_conf_low=abs_est.conf_low if abs_est else NAN,
        abs_conf_high=abs_est.conf_high if abs_est else NAN,
        abs_ci_method=abs_est.method if abs_est else "",
        relative_change=fold - 1,
        relative_conf_low=rel_lo,
        relative_conf_high=rel_hi,
        fold_change=fold,
        p_value=ratio_est.p_value if ratio_est else NAN,
        ci_method=ratio_est.method if ratio_est else "",
        alpha=alpha,
        interval_note="; ".join(dict.fromkeys(iv.notes)),
        per=ind.per,
        frequency=panel.spec.pandas_freq,
    )


def _windows(panel: Panel, indicator: str) -> WindowPair:
    win = panel.windows.get(indicator)
    if win is None:
        raise AnalysisError(f"indicator '{indicator}' has no windows; set 'windows' in study.yml")
    first, last = panel.periods[0], panel.periods[-1]
    for name, lo, hi in (
        ("before", win.before_start, win.before_end),
        ("after", win.after_start, win.after_end),
    ):
        if lo < first or hi > last:
            how = (
                " (derived: "
                + (
                    "same periods one year earlier"
                    if win.basis == "year_on_year"
                    else "equal length before the pilot"
                )
                + ")"
                if name == "before" and win.derived
                else ""
            )
            raise AnalysisError(
                f"indicator '{indicator}': {name} window {lo}..{hi}{how} is outside the data "
                f"({first}..{last}); set windows.before explicitly or shorten the after window"
            )
    return win


def indicator_change(
    panel: Panel,
    indicator: str,
    group: str = "treated",
    *,
    alpha: float | None = None,
    ci_method: RateRatioMethod = "exact",
) -> IndicatorChange:
    """Before/after change of one panel/events indicator for 'treated', 'comparison'
    (pooled) or one unit."""
    alpha = panel.spec.report.alpha if alpha is None else alpha
    if group == "treated":
        units, role = panel.treated_units, "treated"
    elif group == "comparison":
        units, role = panel.comparison_units, "comparison"
    elif group in panel.units:
        units, role = (group,), _role(panel, group)
    else:
        raise AnalysisError(
            f"unknown group '{group}'; use treated, comparison or a unit: {', '.join(panel.units)}"
        )
    if not units:
        raise AnalysisError(f"group '{group}' has no units")
    if averaged(panel.spec.indicators[indicator]):
        return mean_change_result(
            panel,
            indicator,
            mean_rows(panel, indicator),
            tuple(units),
            group,
            role,
            _windows(panel, indicator),
            alpha,
        )
    return _change(
        panel,
        indicator,
        _Wide.of(panel.indicator_frame(indicator)),
        tuple(units),
        group,
        role,
        _windows(panel, indicator),
        alpha,
        ci_method,
    )


def _role(panel: Panel, unit: str) -> str:
    if unit in panel.treated_units:
        return "treated"
    return "comparison" if unit in panel.comparison_units else "other"


def _series(
    panel: Panel, indicator: str, wide: _Wide, units: tuple[str, ...], group: str
) -> IndicatorSeries:
    ind = panel.spec.indicators[indicator]
    periods, by = wide.by_period(units)
    with np.errstate(divide="ignore", invalid="ignore"):
        if ind.kind == "proportion":
            values, measure = by["value"] / by["denominator"], "pooled share"
        elif ind.kind == "rate":
            values = by["value"] / by["exposure"] * ind.per
            measure = f"pooled rate per {_per_label(ind.per)}"
        else:
            values = by["value"] / len(units)
            measure = "value" if len(units) == 1 else "mean per unit"
    return IndicatorSeries(
        indicator=indicator,
        group=group,
        measure=measure,
        periods=tuple(str(p) for p in periods),
        values=tuple(float(v) for v in values),
        n_units=len(units),
    )


def _fact_level(panel: Panel, indicator: str, alpha: float, facts_as_sample: bool) -> FactLevel:
    ind = panel.spec.indicators[indicator]
    src = ind.source
    lo = hi = NAN
    method = ""
    if ind.kind == "proportion":
        num, den = panel.fact(src, ind.numerator), panel.fact(src, ind.denominator)
        est = proportion(num, den, alpha)
        level = est.estimate
        note = NOTE_CENSUS
        if facts_as_sample:
            lo, hi, method = est.conf_low, est.conf_high, WILSON
            note = "treated as a random sample of a larger population (facts_as_sample)"
    else:
        num = panel.fact(src, ind.column or ind.numerator)
        den = NAN
        level = num
        if ind.kind == "rate" and ind.exposure:
            den = panel.fact(src, ind.exposure)
            level = divide(num, den) * ind.per
        elif ind.kind == "share" and ind.scale == "percent":
            level = num / 100.0
        note = NOTE_STOCK if ind.kind == "stock" else NOTE_FIGURE
    return FactLevel(
        indicator=indicator,
        label=ind.label.en,
        label_zh=ind.label.zh,
        unit_label=ind.unit_label.en if ind.unit_label else None,
        indicator_kind=ind.kind,
        source=src,
        numerator=num,
        denominator=den,
        level=level,
        conf_low=lo,
        conf_high=hi,
        ci_method=method,
        interval_note=note,
        alpha=alpha,
        per=ind.per,
    )


def _averaged_changes(
    panel: Panel,
    name: str,
    win: WindowPair,
    alpha: float,
    changes: list[IndicatorChange],
    series: list[IndicatorSeries],
) -> None:
    """The changes and series of an averaged indicator (measure, share, ready-made rate):
    means, never sums; no ratio of rate ratios (that compares Poisson counts)."""
    rows = mean_rows(panel, name)
    for group in ("treated", "comparison"):
        units = panel.treated_units if group == "treated" else panel.comparison_units
        if units:
            changes.append(mean_change_result(panel, name, rows, units, group, group, win, alpha))
            series.append(mean_series(panel, name, rows, units, group))
    for unit in panel.units:
        try:
            changes.append(
                mean_change_result(panel, name, rows, (unit,), unit, _role(panel, unit), win, alpha)
            )
        except AnalysisError:  # a unit without values (or weight) in a window has no row
            continue


def compute_indicators(
    panel: Panel,
    alpha: float | None = None,
    *,
    ci_method: RateRatioMethod = "exact",
    facts_as_sample: bool = False,
) -> IndicatorTable:
    """Every indicator of the study: before/after changes, facts levels, comparisons.

    Panel/events indicators: the change for the treated group pooled, the
    comparison group pooled and each unit; for counts and rates also the
    treated-vs-comparison ratio of rate ratios (descriptive). Facts indicators:
    the level; a facts share is a census of its register, so by default it has
    no interval (``facts_as_sample=True`` adds a Wilson interval when the
    figures are a random sample). ``alpha`` defaults to ``spec.report.alpha``.
    """
    spec = panel.spec
    alpha = spec.report.alpha if alpha is None else alpha
    changes: list[IndicatorChange] = []
    comparisons: list[ChangeComparison] = []
    levels: list[FactLevel] = []
    series: list[IndicatorSeries] = []
    treated, comparison = panel.treated_units, panel.comparison_units
    for name, ind in spec.indicators.items():
        if spec.sources[ind.source].shape == "facts":
            levels.append(_fact_level(panel, name, alpha, facts_as_sample))
            continue
        win = _windows(panel, name)
        if averaged(ind):
            _averaged_changes(panel, name, win, alpha, changes, series)
            continue
        wide = _Wide.of(panel.indicator_frame(name))
        pooled: dict[str, IndicatorChange] = {}
        for group, units in (("treated", treated), ("comparison", comparison)):
            if units:
                pooled[group] = _change(
                    panel, name, wide, units, group, group, win, alpha, ci_method
                )
                changes.append(pooled[group])
                series.append(_series(panel, name, wide, units, group))
        for unit in panel.units:
            changes.append(
                _change(panel, name, wide, (unit,), unit, _role(panel, unit), win, alpha, ci_method)
            )
        if ind.kind in ("count", "rate") and len(pooled) == 2:
            t, c = pooled["treated"], pooled["comparison"]
            rrr = ratio_of_rate_ratios(
                t.after_numerator,
                t.after_denominator,
                t.before_numerator,
                t.before_denominator,
                c.after_numerator,
                c.after_denominator,
                c.before_numerator,
                c.before_denominator,
                alpha,
            )
            comparisons.append(
                ChangeComparison(
                    indicator=name,
                    label=ind.label.en,
                    label_zh=ind.label.zh,
                    treated_units=tuple(treated),
                    comparison_units=tuple(comparison),
                    treated_rate_ratio=t.fold_change,
                    comparison_rate_ratio=c.fold_change,
                    ratio=rrr,
                )
            )
    return IndicatorTable(
        study_id=spec.id,
        frequency=spec.pandas_freq,
        alpha=alpha,
        ci_method=RATE_RATIO_METHODS[ci_method],
        pilot_start=str(panel.start) if panel.start is not None else None,
        changes=tuple(changes),
        comparisons=tuple(comparisons),
        levels=tuple(levels),
        series=tuple(series),
    )
