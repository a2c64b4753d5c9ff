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

Results follow :mod:`analysis.core.result` (JSON round trip keeps NaN and ±inf).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep, test_poisson_2indep

from analysis.core.errors import AnalysisError
from analysis.core.result import Result
from analysis.intake.files import parse_period_text
from analysis.intake.panel import Panel
from analysis.intake.spec import Indicator, Windows
from analysis.report.html import esc, fmt_number, fmt_pct
from analysis.report.tables import frame_html

NAN = float("nan")
RateRatioMethod = Literal["wald", "exact", "midp"]

RATE_RATIO_METHODS: dict[str, str] = {
    "wald": "Wald (log scale)",
    "exact": "exact conditional (Clopper–Pearson)",
    "midp": "mid-p exact conditional",
}
WILSON = "Wilson score"
NEWCOMBE = "Newcombe hybrid score"
POISSON_EXACT = "exact Poisson (Garwood)"
RATE_DIFF_WALD = "Wald"
RRR_METHOD = "Wald (log scale), four Poisson counts"

NOTE_STOCK = "administrative stock: no sampling error"
NOTE_AMOUNT = "administrative amount: no sampling error"
NOTE_CENSUS = "complete count (census) of the register: no sampling error"
NOTE_FIGURE = "administrative figure: no sampling error"
NOTE_SHARE_RATIO = "no interval for the relative change of a share; see the percentage-point change"
NOTE_DESCRIPTIVE = (
    "descriptive: the treated group's before/after rate ratio divided by the "
    "comparison group's; Poisson variation only, no model of trends; not a causal "
    "estimate"
)
ASSUMPTION_NOTES = (
    "Before/after changes are descriptive: they do not separate the pilot from trends, "
    "seasonality or other events.",
    "Poisson and binomial intervals reflect chance variation only; overdispersed or "
    "autocorrelated series vary more, so the intervals are too narrow for them.",
    "Stocks, amounts and census shares are complete administrative figures: reported "
    "without sampling error.",
)

# Chinese for the fixed method labels and notes (sentences are built per language).
_ZH = {
    RATE_RATIO_METHODS["wald"]: "Wald法（对数尺度）",
    RATE_RATIO_METHODS["exact"]: "精确条件法（Clopper–Pearson）",
    RATE_RATIO_METHODS["midp"]: "mid-p精确条件法",
    WILSON: "Wilson得分法",
    NEWCOMBE: "Newcombe混合得分法",
    NOTE_STOCK: "行政存量数据，无抽样误差",
    NOTE_AMOUNT: "行政金额数据，无抽样误差",
    NOTE_CENSUS: "登记册全数统计，无抽样误差",
    NOTE_FIGURE: "行政统计数据，无抽样误差",
    NOTE_SHARE_RATIO: "占比的相对变化不给出区间，见百分点变化",
}

_STEP = {"M": 12, "Q": 4, "Y": 1}
_PERIOD_WORD = {"M": "month", "Q": "quarter", "Y": "year"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# -- plain-number estimates ------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Estimate(Result):
    """One estimate with its interval and the method that produced it.

    ``std_error`` and ``statistic`` are on the scale in ``scale`` (``"log"``
    for Wald rate ratios); ``note`` explains NaN or infinite bounds.
    """

    kind: ClassVar[str] = "estimate"

    quantity: str
    estimate: float
    conf_low: float = NAN
    conf_high: float = NAN
    std_error: float = NAN
    statistic: float = NAN
    p_value: float = NAN
    method: str = ""
    alpha: float = 0.05
    scale: str = "natural"
    note: str = ""

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "quantity": self.quantity,
                    "estimate": self.estimate,
                    "std_error": self.std_error,
                    "statistic": self.statistic,
                    "p_value": self.p_value,
                    "conf_low": self.conf_low,
                    "conf_high": self.conf_high,
                    "method": self.method,
                    "note": self.note,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        ci = _ci_label(self.alpha, lang)
        text = (
            f"{self.quantity}: {_num(self.estimate, 3)} ({ci} {_num(self.conf_low, 3)} "
            f"{'至' if lang == 'zh' else 'to'} {_num(self.conf_high, 3)}, {self.method})"
        )
        return f"{text}; {self.note}" if self.note else text

    def plot(self, *, ax=None):
        """The estimate as a point with its interval."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(5, 1.6))
        lo = self.estimate - self.conf_low if np.isfinite(self.conf_low) else 0.0
        hi = self.conf_high - self.estimate if np.isfinite(self.conf_high) else 0.0
        ax.errorbar([self.estimate], [0], xerr=[[lo], [hi]], fmt="o", color="C0", capsize=4)
        ax.set_yticks([0], [self.quantity])
        ax.set_xlabel(f"{self.method}, {_ci_label(self.alpha)}")
        return ax


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


# -- windows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowPair:
    """Resolved before/after windows as Periods; ``derived`` if before was not given."""

    before_start: pd.Period
    before_end: pd.Period
    after_start: pd.Period
    after_end: pd.Period
    basis: str
    derived: bool

    @property
    def n_before(self) -> int:
        return (self.before_end - self.before_start).n + 1

    @property
    def n_after(self) -> int:
        return (self.after_end - self.after_start).n + 1


def resolve_windows(
    windows: Windows, freq: str, pilot_start: pd.Period | None = None
) -> WindowPair:
    """Windows from the spec -> Periods, deriving ``before`` when it is omitted.

    ``year_on_year``: before = the same calendar periods one year earlier.
    ``period``: before = as many periods as the after window, ending just
    before the after window or the pilot start, whichever is earlier.
    """
    a0 = parse_period_text(windows.after.start, freq)
    a1 = parse_period_text(windows.after.end, freq)
    if windows.before is not None:
        b0 = parse_period_text(windows.before.start, freq)
        b1 = parse_period_text(windows.before.end, freq)
        return WindowPair(b0, b1, a0, a1, windows.basis, False)
    if windows.basis == "year_on_year":
        step = _STEP[freq]
        return WindowPair(a0 - step, a1 - step, a0, a1, windows.basis, True)
    end = a0 - 1 if pilot_start is None else min(a0, pilot_start) - 1
    n = (a1 - a0).n + 1
    return WindowPair(end - (n - 1), end, a0, a1, windows.basis, True)


# -- result objects ----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class IndicatorChange(Result):
    """One indicator for one group or unit, before vs after, with intervals.

    Levels by kind: count and amount = total over the window (and per-period
    mean); stock = value at the window's last period or its mean
    (``stock_summary``), summed over units; proportion = Σnumerator/Σdenominator;
    rate = Σcount/Σexposure × ``per``. Relative and fold change compare
    per-period means for counts and amounts, so unequal windows are fair;
    ``absolute_change`` is on ``change_scale`` ("total" only when the windows
    have equal length). For counts and rates the relative-change interval comes
    from the rate ratio (``ci_method``; default exact conditional, because
    per-unit windows often hold few events, it handles zero counts, and its
    coverage is never below nominal; Wald is available). Shares: Wilson levels
    and a Newcombe percentage-point interval. Stocks and amounts: no interval.
    A count's exposure column, if any, is not used (declare ``kind: rate``).
    """

    kind: ClassVar[str] = "indicator_change"

    indicator: str
    label: str
    indicator_kind: str  # not `kind`: Result.kind names the result type in to_dict
    group: str
    role: str
    units: tuple[str, ...]
    basis: str
    before_start: str
    before_end: str
    after_start: str
    after_end: str
    n_periods_before: int
    n_periods_after: int
    before_derived: bool
    level_definition: str
    before_level: float
    after_level: float
    before_per_period: float
    after_per_period: float
    before_conf_low: float
    before_conf_high: float
    after_conf_low: float
    after_conf_high: float
    level_ci_method: str
    before_numerator: float
    before_denominator: float
    after_numerator: float
    after_denominator: float
    change_scale: str
    absolute_change: float
    abs_std_error: float
    abs_conf_low: float
    abs_conf_high: float
    abs_ci_method: str
    relative_change: float
    relative_conf_low: float
    relative_conf_high: float
    fold_change: float
    p_value: float
    ci_method: str
    alpha: float
    interval_note: str
    per: float = 1.0
    frequency: str = "M"
    label_zh: str | None = None
    unit_label: str | None = None

    @property
    def n_units(self) -> int:
        return len(self.units)

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity: before/after level, changes, fold change."""
        rows = [
            (
                "before_level",
                self.before_level,
                NAN,
                self.before_conf_low,
                self.before_conf_high,
                NAN,
                self.level_ci_method,
            ),
            (
                "after_level",
                self.after_level,
                NAN,
                self.after_conf_low,
                self.after_conf_high,
                NAN,
                self.level_ci_method,
            ),
        ]
        if self.indicator_kind in ("count", "amount"):
            rows += [
                ("before_per_period", self.before_per_period, NAN, NAN, NAN, NAN, ""),
                ("after_per_period", self.after_per_period, NAN, NAN, NAN, NAN, ""),
            ]
        rows += [
            (
                "absolute_change",
                self.absolute_change,
                self.abs_std_error,
                self.abs_conf_low,
                self.abs_conf_high,
                NAN,
                self.abs_ci_method,
            ),
            (
                "relative_change",
                self.relative_change,
                NAN,
                self.relative_conf_low,
                self.relative_conf_high,
                self.p_value,
                self.ci_method,
            ),
            (
                "fold_change",
                self.fold_change,
                NAN,
                self.relative_conf_low + 1,
                self.relative_conf_high + 1,
                self.p_value,
                self.ci_method,
            ),
        ]
        frame = pd.DataFrame(
            rows,
            columns=[
                "quantity",
                "estimate",
                "std_error",
                "conf_low",
                "conf_high",
                "p_value",
                "method",
            ],
        )
        frame.insert(0, "group", self.group)
        frame.insert(0, "indicator", self.indicator)
        frame["note"] = self.interval_note
        return frame

    def headline(self, lang: str = "en") -> str:
        return _change_sentence(self, lang)

    def plot(self, *, ax=None):
        """Before and after levels as bars with their intervals."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(4, 3))
        levels = [self.before_level, self.after_level]
        lows = [self.before_conf_low, self.after_conf_low]
        highs = [self.before_conf_high, self.after_conf_high]
        err = None
        if all(np.isfinite(lows + highs)):
            err = [
                [v - lo for v, lo in zip(levels, lows, strict=True)],
                [hi - v for v, hi in zip(levels, highs, strict=True)],
            ]
        ax.bar([0, 1], levels, yerr=err, color=["0.7", "C0"], capsize=4)
        ax.set_xticks(
            [0, 1],
            [
                _span(self.before_start, self.before_end, self.frequency),
                _span(self.after_start, self.after_end, self.frequency),
            ],
        )
        ax.set_title(f"{self.label} ({self.group})")
        ax.set_ylabel(self.level_definition)
        return ax


@dataclass(frozen=True, eq=False)
class ChangeComparison(Result):
    """Treated vs comparison ratio of before/after rate ratios (descriptive, not causal)."""

    kind: ClassVar[str] = "change_comparison"

    indicator: str
    label: str
    treated_units: tuple[str, ...]
    comparison_units: tuple[str, ...]
    treated_rate_ratio: float
    comparison_rate_ratio: float
    ratio: Estimate
    note: str = NOTE_DESCRIPTIVE
    label_zh: str | None = None

    def to_frame(self) -> pd.DataFrame:
        r = self.ratio
        return pd.DataFrame(
            [
                {
                    "indicator": self.indicator,
                    "quantity": "ratio_of_rate_ratios",
                    "estimate": r.estimate,
                    "std_error": r.std_error,
                    "statistic": r.statistic,
                    "p_value": r.p_value,
                    "conf_low": r.conf_low,
                    "conf_high": r.conf_high,
                    "relative_estimate": r.estimate - 1,
                    "relative_conf_low": r.conf_low - 1,
                    "relative_conf_high": r.conf_high - 1,
                    "method": r.method,
                    "note": "; ".join(x for x in (self.note, r.note) if x),
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        r = self.ratio
        zh = lang == "zh"
        ci = (
            _rel_ci(r.conf_low - 1, r.conf_high - 1, lang)
            if not math.isnan(r.conf_low)
            else _tr(r.note, lang)
        )
        if r.conf_low <= 1 <= r.conf_high:
            ci += "；无法与无差异区分" if zh else "; cannot be told apart from no difference"
        if zh:
            return (
                f"{self.label_zh or self.label}：试点单位前后变化与对照单位相比相差"
                f"{_pct(r.estimate - 1)}（{_ci_label(r.alpha, lang)} {ci}；"
                "描述性比较，非因果估计）。"
            )
        return (
            f"{self.label}: the treated change differs from the comparison change by "
            f"{_pct(r.estimate - 1)} (ratio of rate ratios {_ratio(r.estimate)}; "
            f"{_ci_label(r.alpha)} {ci}; descriptive, not a causal estimate)."
        )

    def plot(self, *, ax=None):
        return self.ratio.plot(ax=ax)


@dataclass(frozen=True, eq=False)
class FactLevel(Result):
    """A level from a facts source (e.g. 221 of 364 = 60.7%); a census has no sampling error."""

    kind: ClassVar[str] = "fact_level"

    indicator: str
    label: str
    indicator_kind: str
    source: str
    numerator: float
    denominator: float
    level: float
    conf_low: float
    conf_high: float
    ci_method: str
    interval_note: str
    alpha: float
    per: float = 1.0
    label_zh: str | None = None
    unit_label: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "indicator": self.indicator,
                    "quantity": "level",
                    "estimate": self.level,
                    "conf_low": self.conf_low,
                    "conf_high": self.conf_high,
                    "numerator": self.numerator,
                    "denominator": self.denominator,
                    "method": self.ci_method,
                    "note": self.interval_note,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        label = (self.label_zh or self.label) if lang == "zh" else self.label
        if self.indicator_kind == "proportion":
            of = "/" if lang == "zh" else " of "
            value = (
                f"{fmt_pct(self.level, sign=False)} "
                f"({fmt_number(self.numerator)}{of}{fmt_number(self.denominator)})"
            )
        else:
            value = _level(self.level, self.indicator_kind, self.per, lang)
        if np.isfinite(self.conf_low):
            tail = (
                f"{_ci_label(self.alpha, lang)} "
                f"{_interval(self.conf_low, self.conf_high, self.indicator_kind, lang)}"
                f"{'，' if lang == 'zh' else ', '}{_tr(self.ci_method, lang)}"
            )
        else:
            tail = _tr(self.interval_note, lang)
        if lang == "zh":
            return f"{label}：{value}（{tail}）。"
        return f"{label}: {value} ({tail})."

    def plot(self, *, ax=None):
        raise AnalysisError(f"indicator '{self.indicator}' is a single figure; nothing to plot")


@dataclass(frozen=True, eq=False)
class IndicatorSeries(Result):
    """The plotted series of one indicator for one group (mean per unit, or pooled rate/share)."""

    kind: ClassVar[str] = "indicator_series"

    indicator: str
    group: str
    measure: str
    periods: tuple[str, ...]
    values: tuple[float, ...]
    n_units: int

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "indicator": self.indicator,
                "group": self.group,
                "time": list(self.periods),
                "observed": list(self.values),
            }
        )

    def headline(self, lang: str = "en") -> str:
        return f"{self.indicator} ({self.group}): {self.measure}"

    def plot(self, *, ax=None):
        raise NotImplementedError("use IndicatorTable.plot(indicator)")


@dataclass(frozen=True, eq=False)
class IndicatorTable(Result):
    """Every before/after indicator of a study: per group and unit, facts, comparisons."""

    kind: ClassVar[str] = "indicator_table"

    study_id: str
    frequency: str
    alpha: float
    ci_method: str
    pilot_start: str | None
    changes: tuple[IndicatorChange, ...]
    comparisons: tuple[ChangeComparison, ...] = ()
    levels: tuple[FactLevel, ...] = ()
    series: tuple[IndicatorSeries, ...] = ()
    notes: tuple[str, ...] = ASSUMPTION_NOTES

    def indicators(self, include_facts: bool = False) -> tuple[str, ...]:
        """Ids of the before/after indicators (each has a series to plot), in spec
        order; with ``include_facts`` the facts-sourced levels follow them."""
        names = [c.indicator for c in self.changes]
        if include_facts:
            names += [f.indicator for f in self.levels]
        return tuple(dict.fromkeys(names))

    def get(
        self, indicator: str, group: str = "treated"
    ) -> IndicatorChange | FactLevel | ChangeComparison:
        """The result for one indicator and group ('treated', 'comparison', a unit,
        'treated_vs_comparison'); facts ignore ``group``."""
        for f in self.levels:
            if f.indicator == indicator:
                return f
        if group == "treated_vs_comparison":
            for c in self.comparisons:
                if c.indicator == indicator:
                    return c
        for ch in self.changes:
            if ch.indicator == indicator and ch.group == group:
                return ch
        groups = sorted({c.group for c in self.changes if c.indicator == indicator})
        if not groups:
            have = ", ".join(self.indicators(include_facts=True))
            raise KeyError(f"unknown indicator '{indicator}'; have: {have}")
        raise KeyError(f"no group '{group}' for '{indicator}'; have: {', '.join(groups)}")

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per indicator × group (``row_type`` change, level or
        difference_in_changes). ``estimate`` is the absolute change (or the
        level); ``relative_*`` the relative change; ``p_value`` tests no change."""
        rows: list[dict[str, Any]] = []
        for c in self.changes:
            rows.append(
                {
                    "indicator": c.indicator,
                    "label": c.label,
                    "kind": c.indicator_kind,
                    "row_type": "change",
                    "group": c.group,
                    "role": c.role,
                    "n_units": c.n_units,
                    "basis": c.basis,
                    "before_window": f"{c.before_start}..{c.before_end}",
                    "after_window": f"{c.after_start}..{c.after_end}",
                    "n_periods_before": c.n_periods_before,
                    "n_periods_after": c.n_periods_after,
                    "before_level": c.before_level,
                    "before_conf_low": c.before_conf_low,
                    "before_conf_high": c.before_conf_high,
                    "after_level": c.after_level,
                    "after_conf_low": c.after_conf_low,
                    "after_conf_high": c.after_conf_high,
                    "change_scale": c.change_scale,
                    "estimate": c.absolute_change,
                    "std_error": c.abs_std_error,
                    "conf_low": c.abs_conf_low,
                    "conf_high": c.abs_conf_high,
                    "p_value": c.p_value,
                    "relative_estimate": c.relative_change,
                    "relative_conf_low": c.relative_conf_low,
                    "relative_conf_high": c.relative_conf_high,
                    "fold_change": c.fold_change,
                    "ci_method": c.ci_method,
                    "note": c.interval_note,
                }
            )
        for k in self.comparisons:
            r = k.ratio
            rows.append(
                {
                    "indicator": k.indicator,
                    "label": k.label,
                    "kind": "",
                    "row_type": "difference_in_changes",
                    "group": "treated_vs_comparison",
                    "role": "",
                    "n_units": len(k.treated_units) + len(k.comparison_units),
                    "std_error": r.std_error,
                    "p_value": r.p_value,
                    "relative_estimate": r.estimate - 1,
                    "relative_conf_low": r.conf_low - 1,
                    "relative_conf_high": r.conf_high - 1,
                    "fold_change": r.estimate,
                    "ci_method": r.method,
                    "note": "; ".join(x for x in (k.note, r.note) if x),
                }
            )
        for f in self.levels:
            rows.append(
                {
                    "indicator": f.indicator,
                    "label": f.label,
                    "kind": f.indicator_kind,
                    "row_type": "level",
                    "group": "all",
                    "role": "",
                    "estimate": f.level,
                    "conf_low": f.conf_low,
                    "conf_high": f.conf_high,
                    "ci_method": f.ci_method,
                    "note": f.interval_note,
                }
            )
        return pd.DataFrame(rows, columns=_TABLE_COLUMNS)

    def headlines(self, lang: str = "en") -> tuple[str, ...]:
        """One sentence per indicator: the treated change (else the comparison's),
        then the facts levels; deterministic."""
        names = self.indicators(include_facts=True)
        return tuple(item.headline(lang) for item in self._headline_items(names))

    def headline(self, lang: str = "en", indicator: str | None = None) -> str:
        """All of :meth:`headlines` as one paragraph, or one indicator's sentence."""
        if indicator is not None:
            return " ".join(item.headline(lang) for item in self._headline_items((indicator,)))
        return ("" if lang == "zh" else " ").join(self.headlines(lang))

    def plot(self, indicator: str | None = None, *, ax=None):
        """Treated vs comparison series, pilot start marked, before/after windows shaded."""
        import matplotlib.pyplot as plt

        indicator = indicator or next((s.indicator for s in self.series), None)
        series = [s for s in self.series if s.indicator == indicator]
        if not series:
            raise AnalysisError(f"no series for indicator '{indicator}' (facts have none)")
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 3.6))
        freq = self.frequency
        styles = {"treated": {"color": "C0", "lw": 2.0}, "comparison": {"color": "0.45", "lw": 1.4}}
        ref = next(
            (
                c
                for g in ("treated", "comparison")
                for c in self.changes
                if c.indicator == indicator and c.group == g
            ),
            None,
        )
        for s in series:
            x = [pd.Period(p, freq).to_timestamp() for p in s.periods]
            units = next(
                (c.units for c in self.changes if c.indicator == indicator and c.group == s.group),
                (),
            )
            who = (
                f"{s.group} ({', '.join(units)})"
                if s.n_units == 1
                else f"{s.group}, {s.measure} (n={s.n_units})"
            )
            ax.plot(x, s.values, marker="o", ms=2.5, label=who, **styles.get(s.group, {}))
        if ref is not None:
            for a, b, color, name in (
                (ref.before_start, ref.before_end, "0.85", "before"),
                (ref.after_start, ref.after_end, "#cfe3f3", "after"),
            ):
                lo = pd.Period(a, freq).to_timestamp()
                hi = (pd.Period(b, freq) + 1).to_timestamp()
                ax.axvspan(
                    lo,
                    hi,
                    color=color,
                    alpha=0.6,
                    lw=0,
                    label=f"{name}: {_span(a, b, freq)}",
                    zorder=0,
                )
            ax.set_title(ref.label)
        if self.pilot_start:
            ax.axvline(
                pd.Period(self.pilot_start, freq).to_timestamp(),
                color="k",
                ls="--",
                lw=1,
                label="pilot start",
            )
        unit = ref.unit_label if ref is not None and ref.unit_label else ""
        measure = series[0].measure if series[0].measure.startswith("pooled") else "per unit"
        ax.set_ylabel(f"{unit}, {measure}" if unit else measure)
        ax.legend(
            frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3
        )
        return ax

    def _repr_html_(self) -> str:
        disp = self.to_frame()
        cols = [
            "label",
            "group",
            "before_window",
            "after_window",
            "before_level",
            "after_level",
            "estimate",
            "relative_estimate",
            "relative_conf_low",
            "relative_conf_high",
            "fold_change",
            "ci_method",
            "note",
        ]
        table = frame_html(
            disp[cols],
            caption="Before/after indicators (descriptive)",
            formats={
                "relative_estimate": "pct",
                "relative_conf_low": "pct",
                "relative_conf_high": "pct",
                "fold_change": "ratio",
            },
        )
        lines = "".join(
            f"<p class='pe-headline'>{esc(item.headline())}</p>"
            for item in self._headline_items(self.indicators(True))
        )
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return f"<div class='pe-indicators'>{lines}{table}<ul class='pe-notes'>{notes}</ul></div>"

    def _headline_items(self, names: tuple[str, ...]) -> list[Result]:
        """Per indicator: the facts level, else the treated change, else the comparison's."""
        items: list[Result] = []
        for name in names:
            for group in ("treated", "comparison"):
                try:
                    items.append(self.get(name, group))
                    break
                except KeyError:
                    continue
        return items


_TABLE_COLUMNS = [
    "indicator",
    "label",
    "kind",
    "row_type",
    "group",
    "role",
    "n_units",
    "basis",
    "before_window",
    "after_window",
    "n_periods_before",
    "n_periods_after",
    "before_level",
    "before_conf_low",
    "before_conf_high",
    "after_level",
    "after_conf_low",
    "after_conf_high",
    "change_scale",
    "estimate",
    "std_error",
    "conf_low",
    "conf_high",
    "p_value",
    "relative_estimate",
    "relative_conf_low",
    "relative_conf_high",
    "fold_change",
    "ci_method",
    "note",
]


# -- formatting ----------------------------------------------------------------------------


def _tr(text: str, lang: str) -> str:
    """Chinese for known labels and '; '-joined notes; anything else unchanged."""
    if lang != "zh":
        return text
    return "；".join(_ZH.get(part, part) for part in text.split("; "))


def _signed(x: float, digits: int = 1) -> str:
    return _num(x, digits) if x < 0 else f"+{_num(x, digits)}"


def _ci_label(alpha: float, lang: str = "en") -> str:
    level = f"{100 * (1 - alpha):g}%"
    return f"{level}置信区间" if lang == "zh" else f"{level} CI"


def _num(x: float, digits: int = 2) -> str:
    if x is None or math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:,.{digits}f}".replace("-", "−")


def _pct(x: float, digits: int = 1) -> str:
    if x is not None and math.isinf(x):
        return "+∞"
    return fmt_pct(x, digits)


def _ratio(x: float) -> str:
    return "–" if math.isnan(x) else ("∞" if math.isinf(x) else f"{x:.2f}×")


def _rel_ci(lo: float, hi: float, lang: str = "en") -> str:
    joiner = "至" if lang == "zh" else "to"
    return f"{_pct(lo)} {joiner} {_pct(hi)}"


def _interval(lo: float, hi: float, kind: str, lang: str = "en") -> str:
    joiner = "至" if lang == "zh" else "to"
    if kind == "proportion":
        return f"{fmt_pct(lo, sign=False)} {joiner} {fmt_pct(hi, sign=False)}"
    return f"{_num(lo, 1)} {joiner} {_num(hi, 1)}"


def _level(x: float, kind: str, per: float = 1.0, lang: str = "en") -> str:
    if kind == "proportion":
        return fmt_pct(x, sign=False)
    if kind == "rate":
        return (
            f"每{fmt_number(per)} {_num(x, 2)}"
            if lang == "zh"
            else f"{_num(x, 2)} per {fmt_number(per)}"
        )
    return fmt_number(x, 1)


def _span(start: str, end: str, freq: str, lang: str = "en") -> str:
    """Deterministic window text: 'Jan–Sep 2021', 'Q4 2020–Q2 2021', '2021年1–9月'."""
    a, b = pd.Period(start, freq), pd.Period(end, freq)
    if freq == "M":
        if lang == "zh":
            if a.year == b.year:
                return f"{a.year}年{a.month}月" if a == b else f"{a.year}年{a.month}–{b.month}月"
            return f"{a.year}年{a.month}月–{b.year}年{b.month}月"
        ma, mb = _MONTHS[a.month - 1], _MONTHS[b.month - 1]
        if a == b:
            return f"{ma} {a.year}"
        return f"{ma}–{mb} {b.year}" if a.year == b.year else f"{ma} {a.year}–{mb} {b.year}"
    if freq == "Q":
        if lang == "zh":
            if a.year == b.year:
                q = f"{a.quarter}" if a == b else f"{a.quarter}–{b.quarter}"
                return f"{a.year}年第{q}季度"
            return f"{a.year}年第{a.quarter}季度–{b.year}年第{b.quarter}季度"
        if a == b:
            return f"Q{a.quarter} {a.year}"
        if a.year == b.year:
            return f"Q{a.quarter}–Q{b.quarter} {b.year}"
        return f"Q{a.quarter} {a.year}–Q{b.quarter} {b.year}"
    text = f"{a.year}" if a == b else f"{a.year}–{b.year}"
    return f"{text}年" if lang == "zh" else text


def _who(c: IndicatorChange, lang: str) -> str:
    n = c.n_units
    if lang == "zh":
        if c.group == "treated":
            return f"试点单位{'、'.join(c.units)}" if n <= 3 else f"{n}个试点单位"
        if c.group == "comparison":
            return f"{n}个对照单位"
        return c.group
    if c.group == "treated":
        noun = "unit" if n == 1 else "units"
        return f"the treated {noun} ({', '.join(c.units)})" if n <= 3 else f"the {n} treated units"
    if c.group == "comparison":
        return f"the comparison units (n={n})"
    return c.group


def _change_sentence(c: IndicatorChange, lang: str = "en") -> str:
    """Deterministic descriptive sentence for one change (no causal wording)."""
    zh = lang == "zh"
    label = (c.label_zh or c.label) if zh else c.label
    after = _span(c.after_start, c.after_end, c.frequency, lang)
    before = _span(c.before_start, c.before_end, c.frequency, lang)
    basis = (
        ("同比" if zh else "year on year")
        if c.basis == "year_on_year"
        else ("前后对比" if zh else "after vs before")
    )
    vs = f"{after} 对比 {before}" if zh else f"{after} vs {before}"
    kind = c.indicator_kind
    if kind in ("count", "amount") and c.change_scale == "per period":
        word = _PERIOD_WORD.get(c.frequency, "period")
        per_word = f"每{'月' if c.frequency == 'M' else '期'}" if zh else f"per {word}"
        levels = f"{_num(c.before_per_period, 1)} → {_num(c.after_per_period, 1)} {per_word}"
    else:
        levels = (
            f"{_level(c.before_level, kind, c.per, lang)} → "
            f"{_level(c.after_level, kind, c.per, lang)}"
        )
    comma = "，" if zh else ", "
    if kind in ("stock", "amount") and np.isfinite(c.fold_change):
        levels += f"{comma}{_ratio(c.fold_change)}"
    ci_lab = _ci_label(c.alpha, lang)
    if kind == "proportion":
        pp = c.absolute_change * 100
        change = f"{_signed(pp)}{'个百分点' if zh else ' percentage points'}"
        lo, hi = c.abs_conf_low, c.abs_conf_high
        ci = (
            f"{ci_lab} {_signed(lo * 100)} {'至' if zh else 'to'} {_signed(hi * 100)}"
            f"{'个百分点' if zh else ' pp'}{comma}{_tr(c.abs_ci_method, lang)}"
            if np.isfinite(lo)
            else _tr(c.interval_note, lang)
        )
    else:
        if math.isnan(c.relative_change):
            change = (
                "相对变化无法计算（前期为零）"
                if zh
                else "relative change not defined (zero in the before window)"
            )
        else:
            change = _pct(c.relative_change)
        lo, hi = c.relative_conf_low, c.relative_conf_high
        ci = (
            f"{ci_lab} {_rel_ci(lo, hi, lang)}{comma}{_tr(c.ci_method, lang)}"
            if not math.isnan(lo)
            else _tr(c.interval_note, lang)
        )
    if not math.isnan(lo) and lo <= 0 <= hi:
        ci += "；无法与无变化区分" if zh else "; cannot be told apart from no change"
    if zh:
        return f"{label}（{_who(c, lang)}）：{basis}{change}，{levels}（{vs}；{ci}）。"
    return f"{label} at {_who(c, lang)}: {change} {basis}, {levels} ({vs}; {ci})."


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
        scale = f"rate per {fmt_number(ind.per)}"
        abs_change, fold = a.level - b.level, fold_change(a.level, b.level)
        definition = f"Σcount / Σexposure × {fmt_number(ind.per)}"
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
    spec = panel.spec
    windows = spec.windows_for(indicator)
    if windows is None:
        raise AnalysisError(f"indicator '{indicator}' has no windows; set 'windows' in study.yml")
    win = resolve_windows(windows, spec.pandas_freq, panel.start)
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
            measure = f"pooled rate per {fmt_number(ind.per)}"
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
