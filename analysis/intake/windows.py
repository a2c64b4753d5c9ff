"""Before/after windows resolved from the spec's period text into typed Periods.

Intake parses every window once; the numbers layer receives :class:`WindowPair`
values (``Panel.windows``) and never reads period text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.intake.files import parse_period_text
from analysis.intake.spec import Windows

#: periods per year, by pandas frequency
PERIODS_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


@dataclass(frozen=True)
class WindowPair:
    """Resolved before/after windows as Periods; ``derived`` if before was not given."""

    before_start: pd.Period
    before_end: pd.Period
    after_start: pd.Period
    after_end: pd.Period
    basis: str
    derived: bool

    @property
    def n_before(self) -> int:
        return (self.before_end - self.before_start).n + 1

    @property
    def n_after(self) -> int:
        return (self.after_end - self.after_start).n + 1


def resolve_windows(
    windows: Windows, freq: str, pilot_start: pd.Period | None = None
) -> WindowPair:
    """Windows from the spec -> Periods, deriving ``before`` when it is omitted.

    ``year_on_year``: before = the same calendar periods one year earlier.
    ``period``: before = as many periods as the after window, ending just
    before the after window or the pilot start, whichever is earlier.
    """
    a0 = parse_period_text(windows.after.start, freq)
    a1 = parse_period_text(windows.after.end, freq)
    if windows.before is not None:
        b0 = parse_period_text(windows.before.start, freq)
        b1 = parse_period_text(windows.before.end, freq)
        return WindowPair(b0, b1, a0, a1, windows.basis, False)
    if windows.basis == "year_on_year":
        step = PERIODS_PER_YEAR[freq]
        return WindowPair(a0 - step, a1 - step, a0, a1, windows.basis, True)
    end = a0 - 1 if pilot_start is None else min(a0, pilot_start) - 1
    n = (a1 - a0).n + 1
    return WindowPair(end - (n - 1), end, a0, a1, windows.basis, True)
