"""Results of the difference-in-differences estimators (:mod:`analysis.numbers.designs.did`):
the DiD coefficient (2×2 or two-way fixed effects) and the wild cluster bootstrap test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.results.effects import Coefficient

NAN = float("nan")


@dataclass(frozen=True, eq=False)
class DiDResult(Result):
    """The DiD coefficient (tidy vocabulary), the model's other terms and the SE convention."""

    kind: ClassVar[str] = "did"

    design: str  # did_2x2 | twfe
    outcome: str
    term: str
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float
    alpha: float
    n_obs: int
    se_type: str  # the SE convention in one line (small-sample factor, K, df)
    df: float  # degrees of freedom of the Student t used for p and CI
    n_clusters: int | None = None
    n_units: int | None = None
    n_periods: int | None = None
    k_params: int | None = None  # the K in the small-sample factor
    r_squared: float = NAN  # 2×2: R²; TWFE: within R²
    coefficients: tuple[Coefficient, ...] = ()
    notes: tuple[str, ...] = ()

    def coefficient(self, term: str) -> Coefficient:
        for c in self.coefficients:
            if c.term == term:
                return c
        raise KeyError(f"no term '{term}'; have {', '.join(c.term for c in self.coefficients)}")

    def to_frame(self) -> pd.DataFrame:
        row = {
            "design": self.design,
            "outcome": self.outcome,
            "term": self.term,
            **{k: getattr(self, k) for k in ESTIMATE_COLUMNS},
            "n_obs": self.n_obs,
            "n_clusters": self.n_clusters,
            "se_type": self.se_type,
        }
        return pd.DataFrame([row])

    def coefficients_frame(self) -> pd.DataFrame:
        return pd.concat([c.to_frame() for c in self.coefficients], ignore_index=True)

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import did_headline

        return did_headline(self, lang)

    def plot(self, *, ax=None):
        """The DiD coefficient with its confidence interval, zero marked."""
        from analysis.pictures.designs import plot_did

        return plot_did(self, ax=ax)


@dataclass(frozen=True, eq=False)
class WildBootstrapResult(Result):
    """WCR wild cluster bootstrap-t test of ``estimate == null`` and its inverted interval."""

    kind: ClassVar[str] = "wild_cluster_bootstrap"

    design: str
    outcome: str
    term: str
    estimate: float
    std_error: float  # the analytic cluster-robust SE the t statistic uses
    statistic: float  # t of (estimate − null)
    p_value: float  # bootstrap, symmetric: share of |t*| >= |t|
    conf_low: float  # by test inversion (NaN if not computed)
    conf_high: float
    null: float
    alpha: float
    n_boot: int
    weights: str
    seed: int
    n_clusters: int
    n_obs: int
    ci_method: str = ""
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        row = {
            "design": self.design,
            "outcome": self.outcome,
            "term": self.term,
            **{k: getattr(self, k) for k in ESTIMATE_COLUMNS},
            "null": self.null,
            "n_boot": self.n_boot,
            "weights": self.weights,
            "n_clusters": self.n_clusters,
        }
        return pd.DataFrame([row])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import wild_bootstrap_headline

        return wild_bootstrap_headline(self, lang)

    def plot(self, *, ax=None):
        """The estimate with the test-inversion interval, the null marked."""
        from analysis.pictures.designs import plot_wild_bootstrap

        return plot_wild_bootstrap(self, ax=ax)
