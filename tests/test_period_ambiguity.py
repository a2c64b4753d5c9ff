"""A quarterly study's ``2019.1`` is a quarter or a month: it is refused, never guessed."""

from __future__ import annotations

import pandas as pd

from analysis.intake.cells import Collector, check_period_cells
from analysis.intake.periods import FORMS_HINT


def test_dotted_quarter_is_ambiguous_in_a_quarterly_study():
    out = Collector()
    col = pd.Series(["2019.1", "2019.2", "2019Q3", "2019-Q4"])
    cells = check_period_cells(col, "q.csv", "quarter", "Q", "period", out, FORMS_HINT)
    (issue,) = [i for i in out.issues if i.code == "period.ambiguous"]
    assert issue.file == "q.csv" and issue.column == "quarter" and issue.rows == (2, 3)
    assert "quarter" in issue.message and "month" in issue.message
    assert [str(p) for p in cells.periods[2:]] == ["2019Q3", "2019Q4"]


def test_dotted_month_is_read_in_a_monthly_study():
    out = Collector()
    cells = check_period_cells(
        pd.Series(["2019.1", "2019.12"]), "m.csv", "month", "M", "period", out, FORMS_HINT
    )
    assert not out.issues
    assert [str(p) for p in cells.periods] == ["2019-01", "2019-12"]
