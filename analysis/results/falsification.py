"""The falsification check of a negative-control indicator, as values.

A ``role: negative_control`` indicator is an outcome the pilot should not touch. For
each primary indicator, :class:`FalsificationCheck` puts the control's estimate beside
the indicator's, design by design (the before/after change and every design that ran
for both); a change as large (relative, same direction) in the control is a warning
that something besides the pilot moved the outcomes. Computed by
:func:`analysis.numbers.checks.falsification.falsification`; sentences in
:mod:`analysis.narrative.falsification_text`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.results.checks import CheckResult, Status

NAN = float("nan")


@dataclass(frozen=True, eq=False)
class FalsificationRow(Result):
    """One design's relative estimate for the negative control and for the indicator.

    ``as_large``: same sign and ``|control| ≥ 0.9 |indicator|`` (the control moved as
    much, the same way; :data:`analysis.numbers.checks.falsification.AS_LARGE_SHARE`)."""

    kind: ClassVar[str] = "falsification_row"

    design: str  # naive (before/after) | interrupted time series | difference-in-differences ...
    control_estimate: float
    indicator_estimate: float
    control_conf_low: float = NAN
    control_conf_high: float = NAN
    indicator_conf_low: float = NAN
    indicator_conf_high: float = NAN
    as_large: bool = False

    @property
    def ratio(self) -> float:
        """The control's relative estimate over the indicator's (≥ 1 with the same sign:
        as large)."""
        if not math.isfinite(self.indicator_estimate) or self.indicator_estimate == 0:
            return NAN
        return self.control_estimate / self.indicator_estimate

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "design": self.design,
                    "control_estimate": self.control_estimate,
                    "control_conf_low": self.control_conf_low,
                    "control_conf_high": self.control_conf_high,
                    "indicator_estimate": self.indicator_estimate,
                    "indicator_conf_low": self.indicator_conf_low,
                    "indicator_conf_high": self.indicator_conf_high,
                    "ratio": self.ratio,
                    "as_large": self.as_large,
                    "scale": "relative",
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.falsification_text import row_text

        return row_text(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("falsification rows are tabled; see to_frame()")


@dataclass(frozen=True, eq=False)
class FalsificationCheck(Result):
    """One negative control against one primary indicator.

    ``status``: ``warn`` when a change as large appeared in the control in at least one
    design, ``pass`` when in none, ``not_applicable`` (with ``reason``) when no design
    estimated both."""

    kind: ClassVar[str] = "falsification_check"

    control: str
    control_label: str
    indicator: str
    indicator_label: str
    status: Status
    rows: tuple[FalsificationRow, ...] = ()
    reason: str | None = None
    control_label_zh: str | None = None
    indicator_label_zh: str | None = None

    @property
    def as_large(self) -> tuple[FalsificationRow, ...]:
        """The designs in which the control moved at least as much, the same way."""
        return tuple(r for r in self.rows if r.as_large)

    def as_check(self, lang: str = "en") -> CheckResult:
        """The check as a :class:`CheckResult` for a diagnostics table (its detail is the
        sentence in ``lang``; ``statistic`` the largest control/indicator ratio)."""
        ratios = [r.ratio for r in self.rows if math.isfinite(r.ratio)]
        return CheckResult(
            name="falsification",
            label=f"Falsification: {self.control_label} (negative control)",
            status=self.status,
            detail=self.headline(lang),
            statistic=max(ratios) if ratios else NAN,
            threshold=1.0,
            reason=self.reason,
            values=(
                ("n_designs", float(len(self.rows))),
                ("n_as_large", float(len(self.as_large))),
            ),
        )

    def to_frame(self) -> pd.DataFrame:
        if not self.rows:
            return pd.DataFrame(
                [
                    {
                        "control": self.control,
                        "indicator": self.indicator,
                        "status": self.status,
                        "reason": self.reason,
                    }
                ]
            )
        frame = pd.concat([r.to_frame() for r in self.rows], ignore_index=True)
        frame.insert(0, "status", self.status)
        frame.insert(0, "indicator", self.indicator)
        frame.insert(0, "control", self.control)
        return frame

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.falsification_text import falsification_headline

        return falsification_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("falsification checks are tabled; see to_frame()")


@dataclass(frozen=True, eq=False)
class Falsification(Result):
    """Every negative control against every primary indicator of a study (empty when the
    spec names no negative control)."""

    kind: ClassVar[str] = "falsification"

    checks: tuple[FalsificationCheck, ...] = ()

    def for_indicator(self, indicator: str) -> tuple[FalsificationCheck, ...]:
        """The checks of one primary indicator (one per negative control)."""
        return tuple(c for c in self.checks if c.indicator == indicator)

    @property
    def controls(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.control for c in self.checks))

    @property
    def status(self) -> Status:
        """``warn`` when any check warns, ``pass`` when all that ran pass,
        ``not_applicable`` when none ran."""
        ran = [c.status for c in self.checks if c.status != "not_applicable"]
        if not ran:
            return "not_applicable"
        return "warn" if "warn" in ran else "pass"

    def to_frame(self) -> pd.DataFrame:
        frames = [c.to_frame() for c in self.checks]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.falsification_text import falsification_summary

        return falsification_summary(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("falsification checks are tabled; see to_frame()")
