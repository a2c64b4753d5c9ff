"""Result of Linden's multiple-group (controlled) ITS
(:mod:`analysis.numbers.designs.controlled_its`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.results.effects import Coefficient

NAN = float("nan")


@dataclass(frozen=True, eq=False)
class ControlledITSResult(Result):
    """Linden's multiple-group ITS: all terms, the headline contrasts and the SE convention."""

    kind: ClassVar[str] = "controlled_its"

    outcome: str
    start: str
    treated_units: tuple[str, ...]
    n_control_units: int
    pool: str
    n_obs: int
    k_params: int
    df: float
    alpha: float
    hac_lag: int
    small_sample: bool
    se_type: str
    coefficients: tuple[Coefficient, ...]
    level_change: Coefficient  # Z:X
    slope_change: Coefficient  # Z:X:Tpost
    posttrend_diff: Coefficient  # Z:T + Z:X:Tpost
    notes: tuple[str, ...] = ()
    #: Z:X + Z:X:Tpost · mean(T') over the post periods: the treated unit's average extra
    #: change after the interruption, beyond the comparison units' change.
    avg_post_effect: Coefficient | None = None
    #: The treated unit's average fitted level over the post periods without the two
    #: treated-extra terms (its counterfactual), the base of ``relative_*``.
    counterfactual_post_mean: float = NAN
    #: log(F/C): the treated unit's fitted post-period mean over its counterfactual one,
    #: SE by the delta method on the full covariance (None when F or C is not positive).
    log_ratio: Coefficient | None = None

    @property
    def relative_effect(self) -> tuple[float, float, float]:
        """F/C − 1 with the interval exp(log-ratio interval) − 1: from the log scale, so it
        never implies a level below zero, and the counterfactual's own uncertainty counts.
        NaN without a positive fitted and counterfactual level."""
        r = self.log_ratio
        if r is None or not np.isfinite(self.counterfactual_post_mean):
            return (NAN, NAN, NAN)
        return (
            float(np.expm1(r.estimate)),
            float(np.expm1(r.conf_low)),
            float(np.expm1(r.conf_high)),
        )

    def coefficient(self, term: str) -> Coefficient:
        for c in (*self.coefficients, self.posttrend_diff):
            if c.term == term:
                return c
        raise KeyError(f"no term '{term}'; have {', '.join(c.term for c in self.coefficients)}")

    def to_frame(self) -> pd.DataFrame:
        extra = (self.log_ratio,) if self.log_ratio is not None else ()
        rows = [
            c.to_frame().iloc[0].to_dict()
            for c in (*self.coefficients, self.posttrend_diff, *extra)
        ]
        out = pd.DataFrame(rows)  # every term on the outcome's scale, the log ratio on its own
        return out[["term", *ESTIMATE_COLUMNS, "scale", "description"]]

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import controlled_its_headline

        return controlled_its_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The three headline contrasts with their intervals, zero marked."""
        from analysis.pictures.designs import plot_controlled_its

        return plot_controlled_its(self, ax=ax, lang=lang, context=context)
