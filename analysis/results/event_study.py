"""Result of the TWFE event study (:mod:`analysis.numbers.designs.event_study`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.results.checks import CheckResult
from analysis.results.effects import Coefficient

NAN = float("nan")


@dataclass(frozen=True, eq=False)
class EventStudyResult(Result):
    """Event-time coefficients (reference excluded), the pre-trend test and the conventions."""

    kind: ClassVar[str] = "event_study"

    outcome: str
    event_times: tuple[int, ...]  # e of each coefficient, reference excluded
    coefficients: tuple[Coefficient, ...]
    reference: int
    leads: int
    lags: int
    bin_endpoints: bool
    pretrend: CheckResult
    alpha: float
    n_obs: int
    n_units: int
    n_treated_units: int
    n_never_treated: int
    n_periods: int
    n_clusters: int
    k_params: int
    df: float
    se_type: str
    notes: tuple[str, ...] = ()

    def coefficient(self, e: int) -> Coefficient:
        if e not in self.event_times:
            raise KeyError(
                f"no coefficient for e = {e} (reference {self.reference}); have "
                f"{list(self.event_times)}"
            )
        return self.coefficients[self.event_times.index(e)]

    @property
    def estimates(self) -> np.ndarray:
        return np.array([c.estimate for c in self.coefficients])

    @property
    def std_errors(self) -> np.ndarray:
        return np.array([c.std_error for c in self.coefficients])

    def to_frame(self) -> pd.DataFrame:
        rows = []
        for e, c in zip(self.event_times, self.coefficients, strict=True):
            rows.append(
                {
                    "event_time": e,
                    "term": c.term,
                    **{k: getattr(c, k) for k in ESTIMATE_COLUMNS},
                    "scale": "absolute",
                    "description": c.description,
                }
            )
        rows.append(
            {
                "event_time": self.reference,
                "term": f"e={self.reference}",
                "estimate": 0.0,
                "std_error": NAN,
                "statistic": NAN,
                "p_value": NAN,
                "conf_low": NAN,
                "conf_high": NAN,
                "scale": "absolute",
                "description": "reference period (normalised to 0, excluded)",
            }
        )
        return pd.DataFrame(rows).sort_values("event_time", kind="mergesort").reset_index(drop=True)

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import event_study_headline

        return event_study_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Coefficients with confidence intervals; the reference period marked at 0."""
        from analysis.pictures.designs import plot_event_study

        return plot_event_study(self, ax=ax, lang=lang, context=context)
