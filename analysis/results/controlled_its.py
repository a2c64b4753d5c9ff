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

    @property
    def relative_effect(self) -> tuple[float, float, float]:
        """Average post effect / counterfactual mean, with its interval (the base is
        treated as known, so the interval is somewhat too narrow)."""
        c, base = self.avg_post_effect, self.counterfactual_post_mean
        if c is None or not np.isfinite(base) or base <= 0:
            return (NAN, NAN, NAN)
        return (c.estimate / base, c.conf_low / base, c.conf_high / base)

    def coefficient(self, term: str) -> Coefficient:
        for c in (*self.coefficients, self.posttrend_diff):
            if c.term == term:
                return c
        raise KeyError(f"no term '{term}'; have {', '.join(c.term for c in self.coefficients)}")

    def to_frame(self) -> pd.DataFrame:
        rows = [c.to_frame().iloc[0].to_dict() for c in (*self.coefficients, self.posttrend_diff)]
        out = pd.DataFrame(rows).assign(scale="absolute")  # every term on the outcome's scale
        return out[["term", *ESTIMATE_COLUMNS, "scale", "description"]]

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import controlled_its_headline

        return controlled_its_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """The three headline contrasts with their intervals, zero marked."""
        from analysis.pictures.designs import plot_controlled_its

        return plot_controlled_its(self, ax=ax, lang=lang, context=context)
