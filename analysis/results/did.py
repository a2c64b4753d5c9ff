"""Results of the difference-in-differences estimators (:mod:`analysis.numbers.designs.did`):
the DiD coefficient (2×2 or two-way fixed effects), the wild cluster bootstrap test, and a
study indicator's regression DiD as the report shows it (:mod:`analysis.numbers.regression_did`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.results.effects import Coefficient
from analysis.results.event_study import EventStudyResult

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
        """One row: the DiD coefficient on the outcome's own scale (``scale='absolute'``)."""
        row = {
            "design": self.design,
            "outcome": self.outcome,
            "term": self.term,
            **{k: getattr(self, k) for k in ESTIMATE_COLUMNS},
            "scale": "absolute",
            "n_obs": self.n_obs,
            "n_clusters": self.n_clusters,
            "se_type": self.se_type,
        }
        return pd.DataFrame([row])

    def coefficients_frame(self) -> pd.DataFrame:
        """Every model term (all on the outcome's scale)."""
        frame = pd.concat([c.to_frame() for c in self.coefficients], ignore_index=True)
        return frame.assign(scale="absolute")

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import did_headline

        return did_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The DiD coefficient with its confidence interval, zero marked."""
        from analysis.pictures.designs import plot_did

        return plot_did(self, ax=ax, lang=lang, context=context)


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
            "scale": "absolute",
            "null": self.null,
            "n_boot": self.n_boot,
            "weights": self.weights,
            "n_clusters": self.n_clusters,
        }
        return pd.DataFrame([row])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import wild_bootstrap_headline

        return wild_bootstrap_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The estimate with the test-inversion interval, the null marked."""
        from analysis.pictures.designs import plot_wild_bootstrap

        return plot_wild_bootstrap(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class RegressionDiD(Result):
    """The regression DiD of one study indicator: the 2×2 or two-way fixed-effects
    coefficient on the outcome as the report defines it (``outcome``, ``scale``), the SE
    convention that was used (``inference``: cluster, wild_bootstrap, classical, hc1 or
    none), and where no valid sampling interval exists the reason (``no_interval_reason``;
    then ``std_error``, the interval and ``p_value`` are NaN). ``relative_*`` is the same
    effect relative to the treated units' counterfactual (exp(b) − 1 on the log scale;
    b over the after-window counterfactual mean otherwise), for the triangulation."""

    kind: ClassVar[str] = "regression_did"

    indicator: str
    label: str
    design: str  # did_2x2 | twfe
    outcome: str  # the regression's outcome in words
    scale: str  # absolute | log
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float
    alpha: float
    inference: str  # cluster | wild_bootstrap | classical | hc1 | none
    se_type: str
    n_obs: int
    n_units: int
    n_periods: int
    n_treated_units: int
    n_comparison_units: int
    before: str
    after: str
    r_squared: float = NAN
    r_squared_kind: str = "R²"
    n_clusters: int | None = None
    n_treated_clusters: int | None = None
    covariates: tuple[str, ...] = ()
    relative_estimate: float = NAN
    relative_conf_low: float = NAN
    relative_conf_high: float = NAN
    relative_basis: str = ""
    coefficients: tuple[Coefficient, ...] = ()
    bootstrap: WildBootstrapResult | None = None
    event_study: EventStudyResult | None = None
    event_study_note: str = ""
    no_interval_reason: str = ""
    notes: tuple[str, ...] = ()
    label_zh: str = ""
    outcome_code: str = ""  # count | rate | proportion | share_percent | share_fraction | given
    frequency: str = ""

    @property
    def has_interval(self) -> bool:
        return not self.no_interval_reason

    def to_frame(self) -> pd.DataFrame:
        """The DiD coefficient on its own scale; with a log outcome also the relative
        effect exp(b) − 1 (``scale='relative'``, no SE on that scale)."""
        base = {
            "design": f"regression_{self.design}",
            "indicator": self.indicator,
            "n_obs": self.n_obs,
            "n_clusters": self.n_clusters,
            "inference": self.inference,
        }
        rows = [{**base, **{k: getattr(self, k) for k in ESTIMATE_COLUMNS}, "scale": self.scale}]
        if self.scale == "log":
            rows.append(
                {
                    **base,
                    "estimate": self.relative_estimate,
                    "std_error": NAN,
                    "statistic": NAN,
                    "p_value": self.p_value,
                    "conf_low": self.relative_conf_low,
                    "conf_high": self.relative_conf_high,
                    "scale": "relative",
                }
            )
        columns = ["design", "indicator", *ESTIMATE_COLUMNS, "scale", "n_obs", "n_clusters"]
        return pd.DataFrame(rows)[[*columns, "inference"]]

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.regression_did_text import regression_did_headline

        return regression_did_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The DiD coefficient with its interval (a point alone where there is none)."""
        from analysis.pictures.comparisons import plot_regression_did

        return plot_regression_did(self, ax=ax, lang=lang, context=context)
