"""Result objects of the before/after indicators: levels, changes, comparisons, facts.

Data only (with light derived properties and tidy frames); the numbers come from
:mod:`analysis.numbers.indicators`, the sentences from
:mod:`analysis.narrative.descriptive`, the figures from :mod:`analysis.pictures.indicators`.
The method labels and notes below are the values those results carry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.core.result import Result

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
#: What the interval of an averaged kind (measure, ready-made rate, share) means, by the
#: standard error its rows get (:func:`analysis.numbers.means.se_rule`).
NOTE_MEAN_HAC = (
    "sampling error of the mean over the window's periods (Newey–West): chance variation "
    "from period to period, not a model of trends"
)
NOTE_MEAN_CLUSTER = (
    "sampling error of the mean over units, cluster-robust by unit: units are the "
    "independent samples; a shock common to every unit in a period is not covered"
)
NOTE_MEAN_RECORDS = "sampling error of the mean over records: each record an independent draw"
NOTE_MEAN_TOO_FEW = "too few values for a sampling interval"
NOTE_SHARE_POINTS = "a share: changes and intervals in percentage points"
NOTE_LOG = (
    "analysed on the log scale: levels are geometric means, the relative change is "
    "exp(difference of mean logs) − 1"
)
#: How the ``level_definition`` of an averaged kind begins (a ready-made rate's "mean
#: rate ...", against a counted rate's "Σcount / Σexposure").
MEAN_LEVELS = ("mean", "geometric mean")
#: Relative-change interval methods of the averaged kinds.
DELTA_LOG_RATIO = "delta method on the log ratio of the means (t)"
EXP_LOG_DIFFERENCE = "exp of the t interval of the difference of mean logs"
#: ``change_scale`` of the averaged kinds.
SCALE_MEANS = "difference of means"
SCALE_MEAN_RATES = "difference of mean rates"
SCALE_SHARE_POINTS = "share (percentage points)"
SCALE_LOG = "difference of mean logs"
ASSUMPTION_NOTES = (
    "Before/after changes are descriptive: they do not separate the pilot from trends, "
    "seasonality or other events.",
    "Poisson and binomial intervals reflect chance variation only; overdispersed or "
    "autocorrelated series vary more, so the intervals are too narrow for them.",
    "Stocks, amounts and census shares are complete administrative figures: reported "
    "without sampling error.",
)


# -- plain-number estimates ------------------------------------------------------------


#: quantities that are ratios: their tidy rows are on the log scale
RATIO_QUANTITIES = ("rate_ratio", "ratio_of_rate_ratios")


def log_or_nan(x: float) -> float:
    """log(x) for a ratio or bound: log 0 = −inf, log inf = inf, NaN (or x < 0) -> NaN."""
    if x != x or x < 0:
        return NAN
    if x == 0:
        return -math.inf
    return math.log(x)


def wald_statistic(estimate: float, std_error: float) -> float:
    """estimate / std_error (NaN unless both are finite and the SE is positive)."""
    if math.isfinite(estimate) and math.isfinite(std_error) and std_error > 0:
        return estimate / std_error
    return NAN


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
        """One row in the tidy vocabulary. Ratios (rate ratio, ratio of rate ratios) are
        on the log scale there (``scale`` "log": log estimate and bounds, and for Wald
        the log-scale SE and z), with the ratio itself in ``ratio*`` columns; differences
        and shares are on the absolute scale."""
        row: dict[str, Any] = {"quantity": self.quantity}
        if self.quantity in RATIO_QUANTITIES:
            row.update(
                estimate=log_or_nan(self.estimate),
                std_error=self.std_error,
                statistic=self.statistic,
                p_value=self.p_value,
                conf_low=log_or_nan(self.conf_low),
                conf_high=log_or_nan(self.conf_high),
                scale="log",
                ratio=self.estimate,
                ratio_conf_low=self.conf_low,
                ratio_conf_high=self.conf_high,
            )
        else:
            row.update(
                estimate=self.estimate,
                std_error=self.std_error,
                statistic=self.statistic,
                p_value=self.p_value,
                conf_low=self.conf_low,
                conf_high=self.conf_high,
                scale="absolute",
            )
        row.update(method=self.method, note=self.note)
        return pd.DataFrame([row])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.descriptive import narrate_estimate

        return narrate_estimate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The estimate as a point with its interval."""
        from analysis.pictures.indicators import plot_estimate

        return plot_estimate(self, ax=ax, lang=lang, context=context)


# -- result objects ----------------------------------------------------------------------


_ROW = {
    "quantity": "",
    "estimate": NAN,
    "std_error": NAN,
    "statistic": NAN,
    "p_value": NAN,
    "conf_low": NAN,
    "conf_high": NAN,
    "scale": "absolute",
    "method": "",
}


def _row(
    quantity: str, estimate: float, lo: float = NAN, hi: float = NAN, scale: str = "absolute"
) -> dict[str, Any]:
    """One tidy row of :meth:`IndicatorChange.to_frame` (other columns NaN or empty)."""
    return _ROW | {
        "quantity": quantity,
        "estimate": estimate,
        "conf_low": lo,
        "conf_high": hi,
        "scale": scale,
    }


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

    Averaged kinds (:attr:`averaged`: measure, share, ready-made rate) are means of the
    given values, never sums: ``before_numerator`` is Σw·y and ``before_denominator`` Σw;
    the intervals are the sampling error of the mean (``level_ci_method`` names the
    standard error, ``interval_note`` says what it covers); shares change in percentage
    points (:attr:`in_points`); on the log scale (:attr:`log_scale`) the levels are
    geometric means and ``absolute_change`` is the difference of mean logs.
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

    @property
    def averaged(self) -> bool:
        """A level that is a mean of given values (measure, share, ready-made rate),
        never a sum: its interval is the sampling error of the mean."""
        kind = self.indicator_kind
        return kind in ("measure", "share") or (
            kind == "rate" and self.level_definition.startswith(MEAN_LEVELS)
        )

    @property
    def log_scale(self) -> bool:
        """Analysed on the log scale (``transform: log``): levels are geometric means."""
        return self.change_scale == SCALE_LOG

    @property
    def in_points(self) -> bool:
        """Changes in percentage points (proportions and shares)."""
        return self.indicator_kind in ("proportion", "share")

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity, each on the scale in ``scale``: before/after levels and
        the absolute change ("absolute"; ``statistic`` = change / SE where there is an
        SE), the relative change ("relative", interval from the rate ratio) and the log
        fold change ("log", the same interval on the log scale). ``p_value`` is the
        test of no change named in ``method``."""
        rows = [
            _row("before_level", self.before_level, self.before_conf_low, self.before_conf_high)
            | {"method": self.level_ci_method},
            _row("after_level", self.after_level, self.after_conf_low, self.after_conf_high)
            | {"method": self.level_ci_method},
        ]
        if self.indicator_kind in ("count", "amount"):
            rows += [
                _row("before_per_period", self.before_per_period),
                _row("after_per_period", self.after_per_period),
            ]
        rel_lo, rel_hi = self.relative_conf_low, self.relative_conf_high
        rows += [
            _row("absolute_change", self.absolute_change, self.abs_conf_low, self.abs_conf_high)
            | {
                "std_error": self.abs_std_error,
                "statistic": wald_statistic(self.absolute_change, self.abs_std_error),
                "method": self.abs_ci_method,
            },
            _row("relative_change", self.relative_change, rel_lo, rel_hi, "relative")
            | {"p_value": self.p_value, "method": self.ci_method},
            _row(
                "log_fold_change",
                log_or_nan(self.fold_change),
                log_or_nan(rel_lo + 1),
                log_or_nan(rel_hi + 1),
                "log",
            )
            | {"p_value": self.p_value, "method": self.ci_method},
        ]
        frame = pd.DataFrame(rows, columns=list(_ROW))
        frame.insert(0, "group", self.group)
        frame.insert(0, "indicator", self.indicator)
        frame["note"] = self.interval_note
        return frame

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Before and after levels as bars with their intervals."""
        from analysis.narrative.descriptive import span
        from analysis.pictures.indicators import plot_change

        return plot_change(self, span, ax=ax, lang=lang, context=context)


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
        """One row on the log scale (log ratio, its Wald SE and z), the ratio and the
        relative difference (ratio − 1) beside it."""
        r = self.ratio
        return pd.DataFrame(
            [
                {
                    "indicator": self.indicator,
                    "quantity": "ratio_of_rate_ratios",
                    "estimate": log_or_nan(r.estimate),
                    "std_error": r.std_error,
                    "statistic": r.statistic,
                    "p_value": r.p_value,
                    "conf_low": log_or_nan(r.conf_low),
                    "conf_high": log_or_nan(r.conf_high),
                    "scale": "log",
                    "ratio": r.estimate,
                    "ratio_conf_low": r.conf_low,
                    "ratio_conf_high": r.conf_high,
                    "relative_estimate": r.estimate - 1,
                    "relative_conf_low": r.conf_low - 1,
                    "relative_conf_high": r.conf_high - 1,
                    "method": r.method,
                    "note": "; ".join(x for x in (self.note, r.note) if x),
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

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
                    "std_error": NAN,
                    "statistic": NAN,
                    "p_value": NAN,
                    "conf_low": self.conf_low,
                    "conf_high": self.conf_high,
                    "scale": "absolute",
                    "numerator": self.numerator,
                    "denominator": self.denominator,
                    "method": self.ci_method,
                    "note": self.interval_note,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

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
        from analysis.narrative.descriptive import narrate_series

        return narrate_series(self, lang).text

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
        difference_in_changes). ``estimate``, ``std_error``, ``statistic`` and
        ``conf_*`` are on the row's ``scale``: the absolute change or the level
        ("absolute"; ``statistic`` = change / SE), the log ratio of rate ratios ("log",
        Wald SE and z); ``relative_*`` the relative change; ``p_value`` tests no change."""
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
                    "statistic": wald_statistic(c.absolute_change, c.abs_std_error),
                    "conf_low": c.abs_conf_low,
                    "conf_high": c.abs_conf_high,
                    "scale": "absolute",
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
                    "estimate": log_or_nan(r.estimate),
                    "std_error": r.std_error,
                    "statistic": r.statistic,
                    "conf_low": log_or_nan(r.conf_low),
                    "conf_high": log_or_nan(r.conf_high),
                    "scale": "log",
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
                    "scale": "absolute",
                    "ci_method": f.ci_method,
                    "note": f.interval_note,
                }
            )
        return pd.DataFrame(rows, columns=_TABLE_COLUMNS)

    def headlines(self, lang: str = "en") -> tuple[str, ...]:
        """One sentence per indicator: the treated change (else the comparison's),
        then the facts levels; deterministic."""
        from analysis.narrative.descriptive import narrate_indicators

        return tuple(s.text for s in narrate_indicators(self, lang))

    def headline(self, lang: str = "en", indicator: str | None = None) -> str:
        """All of :meth:`headlines` as one paragraph, or one indicator's sentence."""
        from analysis.narrative.descriptive import indicators_text

        return indicators_text(self, lang, indicator)

    def plot(self, indicator: str | None = None, *, ax=None, lang: str = "en", context=None):
        """Treated vs comparison series, pilot start marked, before/after windows shaded."""
        from analysis.narrative.descriptive import span
        from analysis.pictures.indicators import plot_indicator_series

        return plot_indicator_series(self, indicator, span, ax=ax, lang=lang, context=context)


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
    "statistic",
    "conf_low",
    "conf_high",
    "scale",
    "p_value",
    "relative_estimate",
    "relative_conf_low",
    "relative_conf_high",
    "fold_change",
    "ci_method",
    "note",
]
