"""``sources.<id>.period_values: {label: period}``: the period column holds labels (0/1,
before/after, group names) and each label stands for a period (``{"0": 1980, "1": 1981}``).

A cell matches a label as in a row filter (text after stripping; a number in any
spelling: ``1``, ``1.0``). Each matched cell is replaced by its period's text, which the
period checks of the source's shape then read at the study frequency, as if the file had
held it. A cell whose label is not listed is an error naming the file, the column, the
labels found and their rows; those rows are left out of the later checks (they have no
period), so one problem is reported once. Empty cells are left to the period checks
("empty period cell").
"""

from __future__ import annotations

import pandas as pd

from analysis.intake.cells import Collector, file_rows, listing, sample_values
from analysis.intake.row_filter import matches


def map_labels(
    sid: str, labels: dict[str, str], column: str, frame: pd.DataFrame, fname: str, out: Collector
) -> pd.DataFrame:
    """``frame`` with ``column``'s labels replaced by their periods, without the rows whose
    label is not listed (reported)."""
    if column not in frame.columns:
        return frame  # the shape's checks report the missing period column
    cells = frame[column]
    periods = pd.Series(pd.NA, index=frame.index, dtype="string")
    for label, period in labels.items():
        hit = matches(cells, label) & periods.isna()
        periods[hit] = period
    unmapped = cells.notna() & periods.isna()
    if unmapped.any():
        out.add(
            "error",
            "period.unmapped_label",
            f"label(s) {sample_values(cells[unmapped], 6)} in the period column are not in "
            f"sources.{sid}.period_values (labels: {listing(list(labels), 12)})",
            file=fname,
            column=column,
            rows=file_rows(unmapped),
            hint="add each label with its period to period_values, or filter the rows out "
            f"with sources.{sid}.rows",
        )
    frame = frame[~unmapped].copy()
    frame[column] = periods[~unmapped]
    return frame
