"""``sources.<id>.rows: {column: value, ...}``: keep only the rows of a file where every
listed column equals its value, before any other check of the source (any shape).

Cells and values are compared as text after stripping spaces; when the value is a number,
a cell holding the same number in another spelling matches too (``1``, ``"1"``, ``1.0``,
``1.00``). Text is compared exactly (case matters). The rows kept keep their file row
numbers, so every later message names the row of the file. ``validate`` states how many
rows were kept of how many (an info line); a listed column the file does not have, or a
filter that keeps no row, is an error naming the file and the column.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.intake.cells import Collector, missing_column, sample_values
from analysis.intake.files import RawTable
from analysis.intake.source_keys import as_number, scalar_text


def matches(cells: pd.Series, value: object) -> pd.Series:
    """Boolean mask of the cells equal to ``value`` (text after stripping, or the same
    number); empty cells never match."""
    want = scalar_text(value, "a value")
    text = cells.astype("string").str.strip()
    same = (text == want).fillna(False).astype(bool)
    number = as_number(want)
    if number is not None:
        numbers = pd.to_numeric(text, errors="coerce")
        same |= (numbers == number).fillna(False).astype(bool)
    return same


def condition_text(rows: dict[str, object]) -> str:
    """``ky = 1 and state = CA``."""
    return " and ".join(f"{col} = {scalar_text(v, col)}" for col, v in rows.items())


def keep_rows(sid: str, rows: dict[str, object], raw: RawTable, out: Collector) -> RawTable | None:
    """The table with only the rows matching every ``column: value`` of ``rows``; None
    (with the reason reported) when a column is missing or no row matches."""
    frame, fname = raw.frame, raw.file
    present = list(frame.columns)
    absent = [c for c in rows if c not in present]
    for col in absent:
        issue = missing_column(fname, col, present, f"row filter (sources.{sid}.rows)")
        out.issues.append(issue)
    if absent:
        return None
    keep = pd.Series(True, index=frame.index)
    for col, value in rows.items():
        keep &= matches(frame[col], value)
    total, kept = len(frame), int(keep.sum())
    cond = condition_text(rows)
    if kept == 0:
        seen = "; ".join(
            f"column '{c}' holds {sample_values(frame[c].dropna(), 6) or 'only empty cells'}"
            for c in rows
        )
        out.add(
            "error",
            "rows.none_kept",
            f"no row has {cond} (of {total:,} rows): sources.{sid}.rows keeps nothing",
            file=fname,
            column=", ".join(rows),
            hint=f"{seen}; check the value(s) in study.yml",
        )
        return None
    out.add(
        "info",
        "rows.kept",
        f"kept {kept:,} of {total:,} rows, those with {cond} (sources.{sid}.rows)",
        file=fname,
        column=", ".join(rows),
    )
    return replace(raw, frame=frame[keep])
