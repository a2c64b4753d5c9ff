"""Staggered roll-out results: Callaway–Sant'Anna ATT(g,t) (:class:`ATTgt`), its
aggregations (:class:`Aggregate`), the multiplier-bootstrap bands
(:class:`BootstrapBands`) and the study-level comparison with TWFE and the
Goodman-Bacon decomposition (:class:`StaggeredComparison`).

Computed by :mod:`analysis.numbers.designs.staggered` and
:func:`analysis.numbers.comparisons.staggered_comparison`; figures in
:mod:`analysis.pictures.comparisons`, sentences in :mod:`analysis.narrative.comparisons_text`.
The influence functions stay on the objects for aggregation and the bootstrap; they are
not serialised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.results.bacon import BaconDecomposition
from analysis.results.did import DiDResult

NAN = float("nan")

__all__ = ["ATTgt", "Aggregate", "BootstrapBands", "StaggeredComparison"]

ELEMENT_COLUMN = {"dynamic": "event_time", "group": "group", "calendar": "time"}


@dataclass(frozen=True, eq=False)
class ATTgt(Result):
    """ATT(g,t) for every cohort ``g`` and period ``t`` (one entry per cell).

    ``influence`` (units × cells) and ``unit_cohort`` (one per unit, in the row order of
    ``influence``) are kept for :func:`aggregate` and are not serialised.
    """

    kind: ClassVar[str] = "att_gt"

    outcome: str
    group: tuple[int, ...]
    time: tuple[int, ...]
    estimate: tuple[float, ...]
    std_error: tuple[float, ...]
    statistic: tuple[float, ...]
    p_value: tuple[float, ...]
    conf_low: tuple[float, ...]
    conf_high: tuple[float, ...]
    periods: tuple[int, ...]
    cohorts: tuple[int, ...]
    cohort_sizes: tuple[int, ...]
    n_units: int
    n_never: int
    control: str
    base_period: str
    alpha: float
    never_value: int = 0
    notes: tuple[str, ...] = ()
    covariates: tuple[str, ...] = ()
    est_method: str = "unconditional"
    influence: Any = field(default=None, repr=False, metadata={"json": False})
    unit_cohort: Any = field(default=None, repr=False, metadata={"json": False})
    #: Per cell, the treated cohort's observed mean outcome at t (E[Y_t | G = g]), the
    #: level the untreated level of :class:`Aggregate` is taken from.
    treated_level: tuple[float, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame({"group": self.group, "time": self.time})
        for col in ESTIMATE_COLUMNS:
            frame[col] = getattr(self, col)
        frame["scale"] = "absolute"
        frame["post"] = frame["time"] >= frame["group"]
        return frame

    def cell(self, g: int, t: int) -> dict[str, float]:
        """The row of cell (g, t) as a dict (estimate, std_error, ...)."""
        for i, (gg, tt) in enumerate(zip(self.group, self.time, strict=True)):
            if gg == g and tt == t:
                return {c: getattr(self, c)[i] for c in ESTIMATE_COLUMNS}
        raise KeyError(f"no ATT(g,t) cell for g={g}, t={t}")

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import att_gt_headline

        return att_gt_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """One line per cohort: ATT(g,t) with its interval against t."""
        from analysis.pictures.comparisons import plot_att_gt

        return plot_att_gt(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class Aggregate(Result):
    """An aggregation of ATT(g,t): the overall effect plus one estimate per element.

    Elements are event times ``e = t − g`` (``aggregation="dynamic"``), cohorts
    (``"group"``) or periods (``"calendar"``); none for ``"simple"``.
    """

    kind: ClassVar[str] = "att_aggregate"

    aggregation: str
    outcome: str
    overall_estimate: float
    overall_std_error: float
    overall_statistic: float
    overall_p_value: float
    overall_conf_low: float
    overall_conf_high: float
    element: tuple[int, ...]
    estimate: tuple[float, ...]
    std_error: tuple[float, ...]
    statistic: tuple[float, ...]
    p_value: tuple[float, ...]
    conf_low: tuple[float, ...]
    conf_high: tuple[float, ...]
    control: str
    alpha: float
    notes: tuple[str, ...] = ()
    influence: Any = field(default=None, repr=False, metadata={"json": False})
    overall_influence: Any = field(default=None, repr=False, metadata={"json": False})
    #: ``simple`` only: the treated cohorts' observed mean level over the post cells (F,
    #: weighted as the ATT), their untreated (counterfactual) level C = F − ATT — their
    #: own earlier level carried forward by the comparison units' change — and the ATT as
    #: a share of C, F/C − 1, with the ATT's interval mapped through F/(F − x) − 1 (F
    #: held at its observed value: never below −100%, clear of zero exactly when the ATT
    #: is). NaN when F or C is not positive or not computed.
    treated_level: float = NAN
    untreated_level: float = NAN
    relative_estimate: float = NAN
    relative_conf_low: float = NAN
    relative_conf_high: float = NAN

    @property
    def element_column(self) -> str | None:
        return ELEMENT_COLUMN.get(self.aggregation)

    def to_frame(self) -> pd.DataFrame:
        """Overall row first (``term="overall"``), then one row per element."""
        col = self.element_column
        rows = [
            {
                "term": "overall",
                **({col: pd.NA} if col else {}),
                **{c: getattr(self, f"overall_{c}") for c in ESTIMATE_COLUMNS},
            }
        ]
        for i, el in enumerate(self.element):
            rows.append(
                {
                    "term": f"{col}={el}",
                    **({col: el} if col else {}),
                    **{c: getattr(self, c)[i] for c in ESTIMATE_COLUMNS},
                }
            )
        frame = pd.DataFrame(rows)
        frame["scale"] = "absolute"
        if col:
            frame[col] = frame[col].astype("Int64")
        return frame

    def at(self, element: int) -> dict[str, float]:
        """The row of one element (event time, cohort or period) as a dict."""
        if element not in self.element:
            raise KeyError(f"no {self.element_column} {element} in this aggregation")
        i = self.element.index(element)
        return {c: getattr(self, c)[i] for c in ESTIMATE_COLUMNS}

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import aggregate_headline

        return aggregate_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Estimates with intervals against the element (event time, cohort, period)."""
        from analysis.pictures.comparisons import plot_aggregate

        return plot_aggregate(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class BootstrapBands(Result):
    """Multiplier-bootstrap SEs, pointwise intervals and a uniform band, per element.

    ``band_low``/``band_high`` cover all elements at once with probability 1 − alpha
    (``crit_value`` replaces the normal quantile); ``conf_low``/``conf_high`` are the
    pointwise intervals from the bootstrap SE. For an aggregation the overall effect is
    the first row (pointwise only: it is not part of the band).
    """

    kind: ClassVar[str] = "multiplier_bootstrap"

    target: str  # "att_gt" or the aggregation
    outcome: str
    label: tuple[str, ...]
    estimate: tuple[float, ...]
    std_error: tuple[float, ...]
    analytic_std_error: tuple[float, ...]
    conf_low: tuple[float, ...]
    conf_high: tuple[float, ...]
    band_low: tuple[float, ...]
    band_high: tuple[float, ...]
    in_band: tuple[bool, ...]
    crit_value: float
    n_boot: int
    seed: int
    weights: str
    alpha: float

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "term": self.label,
                "estimate": self.estimate,
                "std_error": self.std_error,
                "statistic": [
                    e / s if s > 0 else NAN
                    for e, s in zip(self.estimate, self.std_error, strict=True)
                ],
                "scale": "absolute",
                "analytic_std_error": self.analytic_std_error,
                "conf_low": self.conf_low,
                "conf_high": self.conf_high,
                "band_low": self.band_low,
                "band_high": self.band_high,
                "in_band": self.in_band,
            }
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import bands_headline

        return bands_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Estimates with pointwise intervals (bars) inside the uniform band (shaded)."""
        from analysis.pictures.comparisons import plot_bands

        return plot_bands(self, ax=ax, lang=lang, context=context)


STAGGERED_EXPLANATION = (
    "Two-way fixed effects (TWFE) averages every 2×2 comparison in the data, including "
    "comparisons that use already-treated units as controls; when effects grow with time "
    "since adoption or differ by wave, those comparisons pull the TWFE estimate away from "
    "any average effect (Goodman-Bacon 2021). Callaway–Sant'Anna compares each adoption "
    "wave only with never-treated units, period by period, and then averages."
)


@dataclass(frozen=True, eq=False)
class StaggeredComparison(Result):
    """Callaway–Sant'Anna aggregations beside the TWFE estimate, for one indicator."""

    kind: ClassVar[str] = "staggered_comparison"

    indicator: str
    label: str
    outcome: str  # what was modelled, in words
    simple: Aggregate
    group: Aggregate
    dynamic: Aggregate
    twfe: DiDResult
    explanation: str = STAGGERED_EXPLANATION
    bacon: BaconDecomposition | None = None
    bands: BootstrapBands | None = None  # multiplier bootstrap of ``dynamic``
    pretrend_statistic: float = NAN  # largest |t| over the pre-adoption event times
    pretrend_n: int = 0  # number of pre-adoption event times tested
    pretrend_p_value: float = NAN
    notes: tuple[str, ...] = ()
    #: Callaway–Sant'Anna's simple average and TWFE disagree (one outside the other's
    #: interval, or only one interval excludes zero):
    #: :func:`analysis.numbers.checks.agreement.intervals_disagree` (the one agreement rule,
    #: on the outcome's scale with no margin), decided once in numbers.
    designs_disagree: bool = False
    #: The outcome's measurement unit from the spec (``unit_label``), the unit of
    #: observation (the source's unit column: "compound") and the study frequency (M, Q,
    #: Y): the effect is "<unit_label> per <unit_noun> per <period>"; ``per_unit`` False
    #: for a rate or a share (already per exposure, or a fraction).
    unit_label_en: str = ""
    unit_label_zh: str = ""
    unit_noun: str = ""
    frequency: str = ""
    per_unit: bool = True

    def to_frame(self) -> pd.DataFrame:
        rows = []
        for name, agg in (
            ("Callaway–Sant'Anna, simple", self.simple),
            ("Callaway–Sant'Anna, by wave", self.group),
            ("Callaway–Sant'Anna, by time since adoption", self.dynamic),
        ):
            rows.append(
                {
                    "design": name,
                    "estimate": agg.overall_estimate,
                    "std_error": agg.overall_std_error,
                    "statistic": agg.overall_statistic,
                    "p_value": agg.overall_p_value,
                    "conf_low": agg.overall_conf_low,
                    "conf_high": agg.overall_conf_high,
                }
            )
        t = self.twfe
        rows.append(
            {
                "design": "two-way fixed effects",
                "estimate": t.estimate,
                "std_error": t.std_error,
                "statistic": t.statistic,
                "p_value": t.p_value,
                "conf_low": t.conf_low,
                "conf_high": t.conf_high,
            }
        )
        frame = pd.DataFrame(rows)
        frame.insert(0, "indicator", self.indicator)
        # outcome units (a share's effect is a difference of fractions, not points)
        frame["scale"] = "absolute"
        return frame

    def relative_frame(self) -> pd.DataFrame:
        """The Callaway–Sant'Anna simple average as a share of the adopting units'
        untreated level (``scale="relative"``; one row, none when not computed), with the
        two levels it rests on. Apart from :meth:`to_frame`, whose rows are all in the
        outcome's unit."""
        sim = self.simple
        if not math.isfinite(sim.relative_estimate):
            return pd.DataFrame()
        row = {
            "indicator": self.indicator,
            "design": "Callaway–Sant'Anna, simple",
            "estimate": sim.relative_estimate,
            "std_error": NAN,
            "statistic": NAN,
            "p_value": sim.overall_p_value,
            "conf_low": sim.relative_conf_low,
            "conf_high": sim.relative_conf_high,
            "scale": "relative",
            "treated_level": sim.treated_level,
            "untreated_level": sim.untreated_level,
        }
        return pd.DataFrame([row])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Effect by time since adoption with pointwise intervals and, when bootstrapped,
        the uniform band that covers every event time at once."""
        from analysis.pictures.comparisons import plot_staggered

        return plot_staggered(self, ax=ax, lang=lang, context=context)
