"""The Goodman-Bacon decomposition of a TWFE estimate (:class:`BaconDecomposition`),
computed by :func:`analysis.numbers.designs.bacon.bacon_decomposition`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from analysis.core.result import Result

__all__ = ["TYPES", "BaconDecomposition"]

TYPES = (
    "treated vs never treated",
    "earlier vs later (not yet treated)",
    "later vs earlier (already treated)",
)


@dataclass(frozen=True, eq=False)
class BaconDecomposition(Result):
    """Every 2×2 comparison behind a TWFE estimate, with its weight."""

    kind: ClassVar[str] = "bacon_decomposition"

    outcome: str
    comparison: tuple[str, ...]  # one of TYPES per 2×2
    treated_group: tuple[int, ...]  # cohort (first treated period)
    control_group: tuple[int, ...]  # cohort, or never_value for never treated
    estimate: tuple[float, ...]
    weight: tuple[float, ...]
    twfe_estimate: float
    identity_gap: float  # Σ weight·estimate − TWFE (zero up to rounding)
    never_value: int = 0

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "comparison": self.comparison,
                "treated": self.treated_group,
                "control": self.control_group,
                "estimate": self.estimate,
                "weight": self.weight,
                "scale": "absolute",
            }
        )

    def by_type(self) -> pd.DataFrame:
        """Total weight and weighted-average estimate per comparison type."""
        f = self.to_frame()
        rows = []
        for t in TYPES:
            sub = f[f["comparison"] == t]
            w = float(sub["weight"].sum())
            rows.append(
                {
                    "comparison": t,
                    "n_comparisons": len(sub),
                    "weight": w,
                    "estimate": float((sub["weight"] * sub["estimate"]).sum() / w)
                    if w > 0
                    else np.nan,
                }
            )
        return pd.DataFrame(rows)

    @property
    def forbidden_weight(self) -> float:
        """Share of the TWFE weight on comparisons with already-treated controls."""
        return float(
            sum(w for c, w in zip(self.comparison, self.weight, strict=True) if c == TYPES[2])
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.comparisons_text import bacon_headline

        return bacon_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Each 2×2 estimate against its weight, coloured by comparison type."""
        from analysis.pictures.comparisons import plot_bacon

        return plot_bacon(self, ax=ax, lang=lang, context=context)
