"""Comparison-unit results: the placebo-in-space DiD (:class:`PermutationDiD`) and the
triangulation of one indicator's effect across designs (:class:`TriangulationRow`,
:class:`Triangulation`).

Computed by :mod:`analysis.numbers.comparisons`; figures in
:mod:`analysis.pictures.comparisons`, sentences in :mod:`analysis.narrative`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS

NAN = float("nan")

__all__ = ["Agreement", "DesignPair", "PermutationDiD", "Triangulation", "TriangulationRow"]


@dataclass(frozen=True, eq=False)
class PermutationDiD(Result):
    """Treated-vs-comparison change in a count, with placebo-in-space inference.

    ``estimate`` is relative: (treated after/before) / (comparison after/before) − 1,
    the 2×2 Poisson difference-in-differences on the window totals. The interval
    inverts the permutation test under a constant multiplicative effect.
    """

    kind: ClassVar[str] = "permutation_did"

    indicator: str
    label: str
    treated_units: tuple[str, ...]
    before: str
    after: str
    log_estimate: float
    std_error: float  # Poisson SE of the log estimate (studentizes the statistic)
    statistic: float
    estimate: float
    conf_low: float
    conf_high: float
    p_value: float
    min_p_value: float
    n_placebos: int
    placebo_units: tuple[str, ...]
    placebo_statistics: tuple[float, ...]
    alpha: float
    method: str = (
        "placebo-in-space permutation over comparison units, statistic "
        "studentized by its Poisson standard error; interval by test inversion"
    )
    note: str = (
        "With one or two treated units, cluster-robust standard errors and the wild "
        "cluster bootstrap are unreliable; inference comes from how unusual the pilot "
        "unit's change is among the comparison units."
    )

    def to_frame(self) -> pd.DataFrame:
        """Two rows: the log ratio of rate ratios with its Poisson SE and studentized
        statistic (``scale="log"``), and the same effect as a relative change exp(β) − 1
        (``scale="relative"``: no SE on that scale). Both carry the permutation p and the
        test-inversion interval on their own scale."""
        base = {
            "design": "did_permutation",
            "indicator": self.indicator,
            "p_value": self.p_value,
            "min_p_value": self.min_p_value,
            "n_placebos": self.n_placebos,
        }
        log_low = math.log1p(self.conf_low) if self.conf_low > -1 else -math.inf
        log_high = math.log1p(self.conf_high) if math.isfinite(self.conf_high) else math.inf
        rows = [
            {
                **base,
                "estimate": self.log_estimate,
                "std_error": self.std_error,
                "statistic": self.statistic,
                "conf_low": log_low,
                "conf_high": log_high,
                "scale": "log",
            },
            {
                **base,
                "estimate": self.estimate,
                "std_error": NAN,
                "statistic": NAN,
                "conf_low": self.conf_low,
                "conf_high": self.conf_high,
                "scale": "relative",
            },
        ]
        columns = ["design", "indicator", *ESTIMATE_COLUMNS, "scale", "min_p_value", "n_placebos"]
        return pd.DataFrame(rows)[columns]

    def placebo_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"unit": self.placebo_units, "statistic": self.placebo_statistics})

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The pilot's studentized statistic among the placebo pilots'."""
        from analysis.pictures.comparisons import plot_permutation_did

        return plot_permutation_did(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class TriangulationRow(Result):
    kind: ClassVar[str] = "triangulation_row"

    design: str
    quantity: str
    estimate: float
    conf_low: float
    conf_high: float
    p_value: float = NAN
    uses_comparison_units: bool = False
    note: str = ""
    #: The smallest p a placebo/permutation p can reach (1/(N+1)); NaN for a model p.
    min_p_value: float = NAN

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    k: getattr(self, k)
                    for k in (
                        "design",
                        "quantity",
                        "estimate",
                        "conf_low",
                        "conf_high",
                        "p_value",
                        "uses_comparison_units",
                        "note",
                    )
                }
                # every design's effect is relative to its counterfactual; no SE on that scale
                | {"std_error": NAN, "statistic": NAN, "scale": "relative"}
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import triangulation_row_headline

        return triangulation_row_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("see Triangulation.plot")


@dataclass(frozen=True, eq=False)
class DesignPair(Result):
    """Two designs' estimates compared under the one agreement rule
    (:func:`analysis.numbers.checks.agreement.compare_estimates`, where the rule is).

    ``relation`` is ``equivalent`` (same size on the rule's margin or factor),
    ``compatible`` (different, but not beyond their uncertainty), ``conflict_sign``
    (opposite signs, both clear of zero) or ``conflict_magnitude`` (intervals apart, or
    one clear of zero and the magnitudes more than the factor apart). ``difference`` is
    a − b; ``magnitude_ratio`` the smaller magnitude over the larger;
    ``intervals_apart`` None when neither has an interval.
    """

    kind: ClassVar[str] = "design_pair"

    design_a: str
    design_b: str
    relation: str
    difference: float
    magnitude_ratio: float
    same_sign: bool
    intervals_apart: bool | None = None
    a_clear_of_zero: bool | None = None
    b_clear_of_zero: bool | None = None

    @property
    def conflict(self) -> bool:
        return self.relation in ("conflict_sign", "conflict_magnitude")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{f: getattr(self, f) for f in self.__dataclass_fields__}])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import design_pair_headline

        return design_pair_headline(self, lang)

    def plot(self, *, ax=None):  # a comparison is worded, not drawn
        raise NotImplementedError("a design pair has no figure; see Triangulation.plot")


@dataclass(frozen=True, eq=False)
class Agreement(Result):
    """Do one indicator's designs agree? The verdict, what it rests on and the rule's
    parameters, computed once by :func:`analysis.numbers.checks.agreement.agreement`
    (the rules are there).

    ``verdict`` is ``agree`` (every pair practically equivalent), ``compatible`` (no
    conflict, but not every pair equivalent), ``single_series_disagree`` (a single-series
    model conflicts with the most credible comparison design),
    ``comparison_designs_disagree`` (two designs using comparison units conflict: no
    reliable estimate), ``one_design``, ``single_series_only`` or ``no_design``.
    ``lead_design`` is the most credible design, ``lead_clear_of_zero`` whether its
    interval (or placebo p) excludes no change. ``pairs``: every comparison made (each
    pair of comparison designs, each single-series design against the lead); ``factor``
    and ``margin`` the rule's parameters.
    """

    kind: ClassVar[str] = "agreement"

    verdict: str
    lead_design: str = ""
    lead_clear_of_zero: bool | None = None
    comparison_designs: tuple[str, ...] = ()
    single_series_designs: tuple[str, ...] = ()
    comparison_magnitudes_differ: bool = False
    comparison_signs_differ: bool = False
    single_series_disagreeing: tuple[str, ...] = ()
    alpha: float = 0.05
    factor: float = 2.0
    margin: float = 0.05
    pairs: tuple[DesignPair, ...] = ()

    @property
    def comparison_designs_disagree(self) -> bool:
        return self.comparison_magnitudes_differ or self.comparison_signs_differ

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "verdict": self.verdict,
                    "lead_design": self.lead_design,
                    "lead_clear_of_zero": self.lead_clear_of_zero,
                    "comparison_designs_disagree": self.comparison_designs_disagree,
                    "single_series_disagreeing": ", ".join(self.single_series_disagreeing),
                    "factor": self.factor,
                    "margin": self.margin,
                }
            ]
        )

    def pairs_frame(self) -> pd.DataFrame:
        """One row per compared pair (the rule's evidence)."""
        return (
            pd.concat([p.to_frame() for p in self.pairs], ignore_index=True)
            if self.pairs
            else (pd.DataFrame(columns=list(DesignPair.__dataclass_fields__)))
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import agreement_headline

        return agreement_headline(self, lang)

    def plot(self, *, ax=None):  # a verdict is worded, not drawn
        raise NotImplementedError("an agreement verdict has no figure; see Triangulation.plot")


@dataclass(frozen=True, eq=False)
class Triangulation(Result):
    """The same question answered by several designs, side by side, and whether they agree
    (``agreement``: the one verdict, computed by
    :func:`analysis.numbers.checks.agreement.agreement` when the table is built)."""

    kind: ClassVar[str] = "triangulation"

    indicator: str
    label: str
    rows: tuple[TriangulationRow, ...]
    agreement: Agreement | None = None
    #: (design, reason) for each design the study asked for that could not run here
    not_applicable: tuple[tuple[str, str], ...] = ()

    def to_frame(self) -> pd.DataFrame:
        frame = pd.concat([r.to_frame() for r in self.rows], ignore_index=True)
        frame.insert(0, "indicator", self.indicator)
        return frame

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Each design's estimate and interval, comparison designs in blue."""
        from analysis.pictures.comparisons import plot_triangulation

        return plot_triangulation(self, ax=ax, lang=lang, context=context)
