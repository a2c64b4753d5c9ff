"""Power of a single-series ITS as a value: :class:`MDEResult`.

Computed by :mod:`analysis.numbers.checks.power`; drawn by
:mod:`analysis.pictures.effects`; worded by :mod:`analysis.narrative.effects_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from analysis.core.result import Result

NAN = float("nan")

__all__ = ["MDEResult"]


@dataclass(frozen=True, eq=False)
class MDEResult(Result):
    """Power at several effect sizes and the minimum detectable effect.

    ``mde`` is the relative effect size (0.15 = a 15% change) reaching
    ``target_power``, linearly interpolated between the sizes tried;
    ``mde_status`` says how to read it: ``interpolated``, ``at_most`` (already
    reached at the smallest size tried: the MDE is at most that), or
    ``not_reached`` (``mde`` is NaN: not reached within the sizes tried).
    Sizes that the search did not need carry NaN power.
    """

    kind: ClassVar[str] = "mde"

    method: str  # placebo_windows | model_simulation
    method_note: str  # one sentence: what was simulated and why
    direction: str  # decrease | increase
    post_length: int
    n_pre: int
    effects: tuple[float, ...]
    power: tuple[float, ...]
    n_runs: tuple[int, ...]  # fits behind each power value (0 = not evaluated)
    mde: float
    mde_status: str  # interpolated | at_most | not_reached
    target_power: float
    alpha: float
    seed: int
    n_failed: int = 0  # simulated fits that raised (counted as not detected)
    #: relative: ``mde`` and ``effects`` are relative sizes (0.15 = a 15% change);
    #: points: additive shifts of a share (0.05 = 5 percentage points)
    scale: str = "relative"

    def to_frame(self) -> pd.DataFrame:
        """Power by planted effect size; ``effect`` is a relative size (``scale``
        ``relative``), ``mc_std_error`` the Monte Carlo standard error of the power."""
        power = np.array(self.power, dtype=float)
        n = np.array(self.n_runs, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            mc_se = np.sqrt(power * (1 - power) / n)
        return pd.DataFrame(
            {
                "effect": self.effects,
                "power": power,
                "mc_std_error": np.where(n > 0, mc_se, NAN),
                "n_runs": self.n_runs,
                "scale": [self.scale] * len(self.effects),
            }
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import mde_headline

        return mde_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Power against effect size, the target and the MDE marked."""
        from analysis.pictures.effects import plot_power

        return plot_power(self, ax=ax, lang=lang, context=context)
