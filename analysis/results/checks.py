"""Diagnostics and robustness checks as values: ``CheckResult``.

"Not applicable" is a status with a reason (too few pre-periods for placebos,
a Gaussian model asked about overdispersion ...), never an exception or a
missing row, so a report can always say what was and was not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

import pandas as pd

from analysis.core.result import Result

Status = Literal["pass", "warn", "fail", "not_applicable", "info"]


@dataclass(frozen=True, eq=False)
class CheckResult(Result):
    """One diagnostic: what was tested, the statistic, and what it means for the reader."""

    kind: ClassVar[str] = "check"

    name: str  # machine id, e.g. "ljung_box"
    label: str  # human label, e.g. "Residual autocorrelation (Ljung–Box, 12 lags)"
    status: Status
    detail: str  # one sentence a reader can act on
    statistic: float = float("nan")
    p_value: float = float("nan")
    threshold: float = float("nan")
    reason: str | None = None  # why not applicable
    values: tuple[tuple[str, float], ...] = ()  # extra named numbers (lags, placebo ranks ...)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "check": self.name,
                    "label": self.label,
                    "status": self.status,
                    "statistic": self.statistic,
                    "p_value": self.p_value,
                    "detail": self.detail,
                    "reason": self.reason,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.checks_text import check_headline

        return check_headline(self, lang)

    def plot(self, *, ax=None):  # checks are tabled, not plotted
        raise NotImplementedError("checks have no figure; see to_frame()")

    @classmethod
    def not_applicable(cls, name: str, label: str, reason: str) -> CheckResult:
        return cls(
            name=name,
            label=label,
            status="not_applicable",
            detail=f"Not applicable: {reason}",
            reason=reason,
        )


def checks_frame(checks: tuple[CheckResult, ...] | list[CheckResult]) -> pd.DataFrame:
    """Tidy table of several checks."""
    if not checks:
        return pd.DataFrame(
            columns=["check", "label", "status", "statistic", "p_value", "detail", "reason"]
        )
    return pd.concat([c.to_frame() for c in checks], ignore_index=True)
