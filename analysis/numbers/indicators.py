"""Before/after indicators: levels, changes, rate ratios and shares, with intervals.

Descriptive facts only ("fell 22% year on year"); nothing here models trends or
estimates an effect. Conventions:

* Counts and rates get Poisson intervals. They describe chance variation in
  how many events occur at a given underlying rate; month-to-month
  overdispersion and trends are *not* accounted for, so they are lower bounds
  on the uncertainty (the model-based designs handle both).
* Shares get Wilson intervals per level and a Newcombe interval for the
  percentage-point difference; sums over periods are treated as binomial.
* Administrative stocks and amounts (a register's size, money spent) and
  census shares are complete counts: no sampling error, NaN intervals and a
  note saying so.

The result objects live in :mod:`analysis.results.indicators`; windows arrive resolved
(:attr:`analysis.intake.panel.Panel.windows`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep, test_poisson_2indep

from analysis.core.errors import AnalysisError
from analysis.intake.panel import Panel
from analysis.intake.spec import Indicator
from analysis.intake.windows import WindowPair
from analysis.results.indicators import (
    NAN,
    NEWCOMBE,
    NOTE_AMOUNT,
    NOTE_CENSUS,
    NOTE_FIGURE,
    NOTE_SHARE_RATIO,
    NOTE_STOCK,
    POISSON_EXACT,
    RATE_DIFF_WALD,
    RATE_RATIO_METHODS,
    RRR_METHOD,
    WILSON,
    ChangeComparison,
    Estimate,
    FactLevel,
    IndicatorChange,
    IndicatorSeries,
    IndicatorTable,
    RateRatioMethod,
)


def _check_rates(a: float, t_a: float, b: float, t_b: float) -> None:
    if min(a, b) < 0 or not all(np.isfinite([a, b, t_a, t_b])):
        raise ValueError("counts must be finite and >= 0")
    if t_a <= 0 or t_b <= 0:
        raise ValueError("exposures (person-time, periods) must be > 0")


def _div(x: float, y: float) -> float:
    """x / y with 0/0 -> NaN and x/0 -> inf (a ratio with an empty reference)."""
    if y == 0:
        return NAN if x == 0 else math.copysign(math.inf, x)
    return x / y


def _odds_to_ratio(p: float, t_a: float, t_b: float) -> float:
    """Binomial share of events in group a -> rate ratio a:b given the exposures."""
    return math.inf if p >= 1 else p / (1 - p) * t_b / t_a


def _clopper_pearson(x: int, n: int, alpha: float) -> tuple[float, float]:
    """Clopper–Pearson limits in their closed beta-quantile form.

    Identical to ``scipy.stats.binomtest(...).proportion_ci(method="exact")``
    (the tests check both) but ~50× faster, which matters over hundreds of units.
    """
    lo = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2, x, n - x + 1))
    hi = 1.0 if x == n else float(stats.beta.ppf(1 - alpha / 2, x + 1, n - x))
    return lo, hi


def _midp_binomial_ci(x: int, n: int, alpha: float) -> tuple[float, float]:
    """Central mid-p interval for a binomial proportion (no scipy/statsmodels equivalent)."""
    binom = stats.binom
    lo = (
        0.0
        if x == 0
        else optimize.brentq(
            lambda p: binom.sf(x, n, p) + 0.5 * binom.pmf(x, n, p) - alpha / 2, 0.0, 1.0, xtol=1e-14
        )
    )
    hi = (
        1.0
        if x == n
        else optimize.brentq(
            lambda p: binom.cdf(x - 1, n, p) + 0.5 * binom.pmf(x, n, p) - alpha / 2,
            0.0,
            1.0,
            xtol=1e-14,
        )
    )
    return float(lo), float(hi)


def rate_ratio(
    a: float,
    t_a: float,
    b: float,
    t_b: float,
    method: RateRatioMethod = "wald",
    alpha: float = 0.05,
) -> Estimate:
    """Incidence-rate ratio (a/t_a)/(b/t_b) with a Poisson interval.

    ``wald``: exp(log IRR ± z·sqrt(1/a + 1/b)) (statsmodels ``wald-log``); its
    p-value is the same Wald z test. ``exact``: Clopper–Pearson interval for
    a/(a+b) given a+b, mapped by p/(1−p)·t_b/t_a; p-value from scipy's two-sided
    binomial test (likelihood-ordered). ``midp``: the central mid-p version of
    that interval; p-value statsmodels ``cond-midp``.

    Zero counts never raise: with a = 0 or b = 0 the Wald bounds are NaN (use
    ``exact``, whose bounds are then 0 or inf); with a = b = 0 everything is NaN.
    ``note`` says which case applied.
    """
    if method not in RATE_RATIO_METHODS:
        raise ValueError(f"method '{method}' not allowed; allowed: {', '.join(RATE_RATIO_METHODS)}")
    _check_rates(a, t_a, b, t_b)
    label = RATE_RATIO_METHODS[method]
    est = _div(a / t_a, b / t_b)
    base = {"quantity": "rate_ratio", "method": label, "alpha": alpha}
    if a + b == 0:
        return Estimate(
            estimate=NAN, note="no events in either group: the rate ratio is undefined", **base
        )
    if method == "wald":
        if a == 0 or b == 0:
            return Estimate(
                estimate=est,
                note="Wald interval undefined with a zero count (log of 0); use method='exact'",
                **base,
            )
        lo, hi = confint_poisson_2indep(
            a, t_a, b, t_b, method="wald-log", compare="ratio", alpha=alpha
        )
        test = test_poisson_2indep(a, t_a, b, t_b, method="wald-log")
        return Estimate(
            estimate=est,
            conf_low=float(lo),
            conf_high=float(hi),
            std_error=math.sqrt(1 / a + 1 / b),
            statistic=float(test.statistic),
            p_value=float(test.pvalue),
            scale="log",
            **base,
        )
    if a != int(a) or b != int(b):
        raise ValueError("exact and mid-p methods need whole-number counts; use method='wald'")
    n, p0 = int(a + b), t_a / (t_a + t_b)
    if method == "exact":
        plo, phi = _clopper_pearson(int(a), n, alpha)
        pval = float(stats.binomtest(int(a), n, p0).pvalue)
    else:
        plo, phi = _midp_binomial_ci(int(a), n, alpha)
        pval = float(test_poisson_2indep(a, t_a, b, t_b, method="cond-midp").pvalue)
    note = ""
    if a == 0:
        note = "no events in the first group: the lower bound is 0"
    elif b == 0:
        note = "no events in the reference group: the estimate and upper bound are infinite"
    return Estimate(
        estimate=est,
        conf_low=_odds_to_ratio(plo, t_a, t_b),
        conf_high=_odds_to_ratio(phi, t_a, t_b),
        p_value=min(pval, 1.0),
        note=note,
        **base,
    )


def rate_difference(
    a: float, t_a: float, b: float, t_b: float, per: float = 1.0, alpha: float = 0.05
) -> Estimate:
    """Rate difference (a/t_a − b/t_b)·per with a Wald interval (statsmodels ``wald``).

    ``per`` scales the difference (e.g. 100,000 person-years); it never applies
    to a ratio. With no events in either group the Wald interval is degenerate
    and is returned as NaN.
    """
    _check_rates(a, t_a, b, t_b)
    est = (a / t_a - b / t_b) * per
    base = {"quantity": "rate_difference", "method": RATE_DIFF_WALD, "alpha": alpha}
    if a + b == 0:
        return Estimate(
            estimate=est, note="no events in either group: the Wald interval is degenerate", **base
        )
    lo, hi = confint_poisson_2indep(a, t_a, b, t_b, method="wald", compare="diff", alpha=alpha)
    se = math.sqrt(a / t_a**2 + b / t_b**2)
    z = (a / t_a - b / t_b) / se
    note = "a zero count: the Wald interval is unreliable" if min(a, b) == 0 else ""
    return Estimate(
        estimate=est,
        conf_low=float(lo) * per,
        conf_high=float(hi) * per,
        std_error=se * per,
        statistic=z,
        p_value=float(2 * stats.norm.sf(abs(z))),
        note=note,
        **base,
    )


def ratio_of_rate_ratios(
    a1: float,
    t_a1: float,
    a0: float,
    t_a0: float,
    c1: float,
    t_c1: float,
    c0: float,
    t_c0: float,
    alpha: float = 0.05,
) -> Estimate:
    """(a1/t_a1 ÷ a0/t_a0) / (c1/t_c1 ÷ c0/t_c0): a descriptive difference in changes.

    Wald interval on the log scale with SE sqrt(1/a1 + 1/a0 + 1/c1 + 1/c0)
    (four independent Poisson counts); NaN bounds when any count is zero.
    """
    for args in ((a1, t_a1, a0, t_a0), (c1, t_c1, c0, t_c0)):
        _check_rates(*args)
    est = _div(_div(a1 / t_a1, a0 / t_a0), _div(c1 / t_c1, c0 / t_c0))
    base = {"quantity": "ratio_of_rate_ratios", "method": RRR_METHOD, "alpha": alpha}
    if min(a1, a0, c1, c0) == 0:
        return Estimate(
            estimate=est, note="a zero count: the log-scale interval is undefined", **base
        )
    se = math.sqrt(1 / a1 + 1 / a0 + 1 / c1 + 1 / c0)
    z_crit = stats.norm.isf(alpha / 2)
    z = math.log(est) / se
    return Estimate(
        estimate=est,
        conf_low=est * math.exp(-z_crit * se),
        conf_high=est * math.exp(z_crit * se),
        std_error=se,
        statistic=z,
        p_value=float(2 * stats.norm.sf(abs(z))),
        scale="log",
        **base,
    )


def proportion(x: float, n: float, alpha: float = 0.05) -> Estimate:
    """Share x/n with a Wilson score interval (statsmodels ``proportion_confint``)."""
    if n < 0 or x < 0 or x > n:
        raise ValueError(f"need 0 <= x <= n; got x={x}, n={n}")
    base = {"quantity": "proportion", "method": WILSON, "alpha": alpha}
    if n == 0:
        return Estimate(estimate=NAN, note="denominator is 0: the share is undefined", **base)
    lo, hi = proportion_confint(x, n, alpha=alpha, method="wilson")
    return Estimate(estimate=x / n, conf_low=float(lo), conf_high=float(hi), **base)


def proportion_difference(
    x1: float, n1: float, x0: float, n0: float, alpha: float = 0.05
) -> Estimate:
    """Difference of shares x1/n1 − x0/n0 with Newcombe's hybrid score interval.

    statsmodels ``confint_proportions_2indep(method="newcomb")`` (Newcombe 1998,
    method 10: Wilson intervals combined by MOVER); it reproduces Newcombe's
    56/70 vs 48/80 example (0.0524 to 0.3339).
    """
    for x, n in ((x1, n1), (x0, n0)):
        if n < 0 or x < 0 or x > n:
            raise ValueError(f"need 0 <= x <= n; got x={x}, n={n}")
    base = {"quantity": "proportion_difference", "method": NEWCOMBE, "alpha": alpha}
    if n1 == 0 or n0 == 0:
        return Estimate(
            estimate=NAN, note="a denominator is 0: the difference is undefined", **base
        )
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = confint_proportions_2indep(
            x1, n1, x0, n0, compare="diff", method="newcomb", alpha=alpha
        )
    return Estimate(estimate=x1 / n1 - x0 / n0, conf_low=float(lo), conf_high=float(hi), **base)


def fold_change(after: float, before: float) -> float:
    """after / before (12,000 vs 3,800 -> 3.16); inf if only before is 0, NaN if both are."""
    return _div(float(after), float(before))


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
        return _Sums(n, total, den, _div(total, den), NAN)
    if kind == "rate":
        den = float(sums["exposure"][mask].sum())
        return _Sums(n, total, den, _div(total, den) * ind.per, NAN)
    if kind == "stock":
        if n == 0:
            return _Sums(0, NAN, NAN, NAN, NAN)
        level = float(value[-1]) if ind.stock_summary == "last" else float(value.mean())
        return _Sums(n, level, NAN, level, NAN)
    return _Sums(n, total, float(n), total, _div(total, n))


def _whole(*xs: float) -> bool:
    return all(float(x).is_integer() for x in xs)


def _per_label(per: float) -> str:
    """``per`` as it appears in scale labels ("rate per 100,000"): thousands separators."""
    return f"{int(per):,}" if float(per).is_integer() and abs(per) < 1e15 else f"{per:,.1f}"


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
    kind = ind.kind
    periods, sums = wide.by_period(units)
    b = _window_sums(periods, sums, ind, win.before_start, win.before_end)
    a = _window_sums(periods, sums, ind, win.after_start, win.after_end)
    nan_ci = (NAN, NAN)
    lvl_b, lvl_a, lvl_method = nan_ci, nan_ci, ""
    abs_est: Estimate | None = None
    ratio_est: Estimate | None = None
    notes: list[str] = []
    equal = b.n_periods == a.n_periods
    if kind in ("count", "amount"):
        scale = "total" if equal else "per period"
        abs_change = (a.level - b.level) if equal else (a.per_period - b.per_period)
        fold = fold_change(a.per_period, b.per_period)
        definition = "total over window"
    elif kind == "rate":
        scale = f"rate per {_per_label(ind.per)}"
        abs_change, fold = a.level - b.level, fold_change(a.level, b.level)
        definition = f"Σcount / Σexposure × {_per_label(ind.per)}"
    elif kind == "proportion":
        scale = "share (proportion points)"
        abs_change, fold = a.level - b.level, fold_change(a.level, b.level)
        definition = "Σnumerator / Σdenominator"
    else:
        scale = "level"
        abs_change, fold = a.level - b.level, fold_change(a.level, b.level)
        definition = (
            "value at the window's last period"
            if ind.stock_summary == "last"
            else "mean over the window"
        ) + (", summed over units" if len(units) > 1 else "")
    method_used = ci_method
    if kind in ("count", "rate"):
        if method_used != "wald" and not _whole(a.numerator, b.numerator):
            method_used = "wald"
            notes.append(
                f"fractional counts: Wald interval used instead of {RATE_RATIO_METHODS[ci_method]}"
            )
        ratio_est = rate_ratio(
            a.numerator, a.denominator, b.numerator, b.denominator, method_used, alpha
        )
        per = (a.n_periods if equal else 1.0) if kind == "count" else ind.per
        abs_est = rate_difference(
            a.numerator, a.denominator, b.numerator, b.denominator, per=per, alpha=alpha
        )
        scale_lvl = 1.0 if kind == "count" else ind.per
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            # totals for counts (exposure 1), rates per `per` for rates
            for s, slot in ((b, "b"), (a, "a")):
                expo = 1.0 if kind == "count" else s.denominator
                lo, hi = confint_poisson(s.numerator, expo, method="exact-c", alpha=alpha)
                ci = (float(lo) * scale_lvl, float(hi) * scale_lvl)
                if slot == "b":
                    lvl_b = ci
                else:
                    lvl_a = ci
        lvl_method = POISSON_EXACT
        notes += [n for n in (ratio_est.note, abs_est.note) if n]
    elif kind == "proportion":
        pb, pa = (
            proportion(b.numerator, b.denominator, alpha),
            proportion(a.numerator, a.denominator, alpha),
        )
        lvl_b, lvl_a, lvl_method = (pb.conf_low, pb.conf_high), (pa.conf_low, pa.conf_high), WILSON
        abs_est = proportion_difference(
            a.numerator, a.denominator, b.numerator, b.denominator, alpha
        )
        notes += [n for n in (pb.note, pa.note, abs_est.note) if n] + [NOTE_SHARE_RATIO]
    else:
        notes.append(NOTE_STOCK if kind == "stock" else NOTE_AMOUNT)
    rel_lo = ratio_est.conf_low - 1 if ratio_est else NAN
    rel_hi = ratio_est.conf_high - 1 if ratio_est else NAN
    return IndicatorChange(
        indicator=indicator,
        label=ind.label.en,
        label_zh=ind.label.zh,
        unit_label=ind.unit_label.en if ind.unit_label else None,
        indicator_kind=kind,
        group=group,
        role=role,
        units=tuple(units),
        basis=win.basis,
        before_start=str(win.before_start),
        before_end=str(win.before_end),
        after_start=str(win.after_start),
        after_end=str(win.after_end),
        n_periods_before=b.n_periods,
        n_periods_after=a.n_periods,
        before_derived=win.derived,
        level_definition=definition,
        before_level=b.level,
        after_level=a.level,
        before_per_period=b.per_period,
        after_per_period=a.per_period,
        before_conf_low=lvl_b[0],
        before_conf_high=lvl_b[1],
        after_conf_low=lvl_a[0],
        after_conf_high=lvl_a[1],
        level_ci_method=lvl_method,
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
        interval_note="; ".join(dict.fromkeys(notes)),
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
            level = _div(num, den) * ind.per
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
        wide = _Wide.of(panel.indicator_frame(name))
        win = _windows(panel, name)
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
