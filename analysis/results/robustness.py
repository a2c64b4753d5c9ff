"""Robustness checks of a single-series ITS as values.

:class:`PlaceboResult` (the real estimate among estimates at fake start dates) and
:class:`SensitivityResult` (the headline effect across specifications), with their rows
:class:`PlaceboEstimate` and :class:`SensitivityRow`. Computed by
:mod:`analysis.numbers.checks.robustness`; drawn by :mod:`analysis.pictures.effects`;
worded by :mod:`analysis.narrative.effects_text`.

Every row states the scale of its numbers (``scale``: ``relative`` for a share of the
counterfactual, ``absolute`` for the outcome's units).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from analysis.core.result import Result
from analysis.results.checks import CheckResult

NAN = float("nan")

__all__ = [
    "PlaceboEstimate",
    "PlaceboResult",
    "SensitivityResult",
    "SensitivityRow",
    "excludes_zero",
]

#: Tidy columns of a placebo table (the order of ``PlaceboResult.to_frame``).
PLACEBO_COLUMNS = (
    "role",
    "start",
    "n_pre",
    "n_post",
    "estimate",
    "p_value",
    "conf_low",
    "conf_high",
    "excludes_zero",
)


def excludes_zero(lo: float, hi: float) -> bool:
    """True when the interval ``lo..hi`` lies on one side of zero."""
    return bool(lo > 0 or hi < 0)


def _frame_scale(scale: str) -> str:
    """The ``scale`` column's word for a check's ``scale`` field."""
    return "relative" if scale == "relative" else "absolute"


@dataclass(frozen=True, eq=False)
class PlaceboEstimate(Result):
    """One (real or placebo) estimate of the headline quantity."""

    kind: ClassVar[str] = "placebo_estimate"

    role: str  # real | placebo
    start: str
    n_pre: int
    n_post: int
    estimate: float
    conf_low: float
    conf_high: float
    p_value: float = NAN

    @property
    def excludes_zero(self) -> bool:
        return excludes_zero(self.conf_low, self.conf_high)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "role": self.role,
                    "start": self.start,
                    "n_pre": self.n_pre,
                    "n_post": self.n_post,
                    "estimate": self.estimate,
                    "p_value": self.p_value,
                    "conf_low": self.conf_low,
                    "conf_high": self.conf_high,
                    "excludes_zero": self.excludes_zero,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import placebo_estimate_headline

        return placebo_estimate_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("tabled; see PlaceboResult.plot")


@dataclass(frozen=True, eq=False)
class PlaceboResult(Result):
    """Placebo-in-time check: the real estimate among estimates at fake start dates."""

    kind: ClassVar[str] = "placebo_in_time"

    quantity: str  # e.g. "relative effect, post-period average"
    scale: str  # relative | absolute
    horizon: int
    real: PlaceboEstimate | None
    placebos: tuple[PlaceboEstimate, ...]
    check: CheckResult
    skipped: tuple[str, ...] = ()  # placebo starts whose fit failed, with the reason

    @property
    def estimates(self) -> np.ndarray:
        return np.array([p.estimate for p in self.placebos], dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """One row per estimate (the real one first) with its ``scale``; ``std_error``
        and ``statistic`` are NaN (the intervals are simulation percentiles)."""
        rows = ([self.real] if self.real is not None else []) + list(self.placebos)
        if not rows:
            return pd.DataFrame(columns=[*PLACEBO_COLUMNS, "std_error", "statistic", "scale"])
        frame = pd.concat([r.to_frame() for r in rows], ignore_index=True)
        frame["std_error"] = NAN
        frame["statistic"] = NAN
        frame["scale"] = _frame_scale(self.scale)
        return frame

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import placebo_headline

        return placebo_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Placebo estimates with intervals by fake start; the real estimate highlighted."""
        from analysis.pictures.effects import plot_placebo

        return plot_placebo(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class SensitivityRow(Result):
    """The headline effect under one specification (or why it could not be fitted)."""

    kind: ClassVar[str] = "sensitivity_row"

    dimension: str  # baseline | hac_lag | se | family | seasonality
    setting: str
    family: str
    se: str
    seasonality: str
    hac_lag: int | None
    estimate: float = NAN
    conf_low: float = NAN
    conf_high: float = NAN
    p_value: float = NAN
    error: str | None = None

    @property
    def fitted(self) -> bool:
        return self.error is None and math.isfinite(self.estimate)

    @property
    def excludes_zero(self) -> bool:
        return self.fitted and excludes_zero(self.conf_low, self.conf_high)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "dimension": self.dimension,
                    "setting": self.setting,
                    "family": self.family,
                    "se": self.se,
                    "seasonality": self.seasonality,
                    "hac_lag": pd.NA if self.hac_lag is None else self.hac_lag,
                    "estimate": self.estimate,
                    "p_value": self.p_value,
                    "conf_low": self.conf_low,
                    "conf_high": self.conf_high,
                    "excludes_zero": self.excludes_zero,
                    "error": self.error,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import sensitivity_row_headline

        return sensitivity_row_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("tabled; see SensitivityResult.plot")


@dataclass(frozen=True, eq=False)
class SensitivityResult(Result):
    """The headline effect across specifications, and whether its sign and
    significance hold."""

    kind: ClassVar[str] = "sensitivity"

    quantity: str
    scale: str
    horizon: int
    rows: tuple[SensitivityRow, ...]
    check: CheckResult

    @property
    def baseline(self) -> SensitivityRow:
        return self.rows[0]

    def to_frame(self) -> pd.DataFrame:
        """One row per specification with its ``scale``; ``std_error`` and ``statistic``
        are NaN (the intervals are simulation percentiles)."""
        frame = pd.concat([r.to_frame() for r in self.rows], ignore_index=True)
        frame["std_error"] = NAN
        frame["statistic"] = NAN
        frame["scale"] = _frame_scale(self.scale)
        return frame

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import sensitivity_headline

        return sensitivity_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Forest plot: one interval per specification, the baseline highlighted."""
        from analysis.pictures.effects import plot_sensitivity

        return plot_sensitivity(self, ax=ax, lang=lang, context=context)
