"""``sources.<id>.period: [year, month]`` (or ``[year, quarter]``): the period of each row
built from two columns.

The first column is the year (a whole number such as ``2002`` or ``2002.0``, 1000–9999);
the second is the month in a monthly study (``1``–``12``, ``01``, ``Jan``, ``January``,
``1月``) or the quarter in a quarterly one (``1``–``4``, ``Q1``, ``第1季度``). A yearly
study has no second part: name the year column alone. The period is written as
``2002-01`` / ``2002-Q1`` in a column named ``"year, month"`` (the two names), which the
period checks of the source's shape then read. Every empty or bad cell is an error naming
the file, its column and its rows; those rows are left out of the later checks.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.intake.cells import Collector, file_rows, missing_column, sample_values

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {
    name: i + 1 for i, full in enumerate(_MONTH_NAMES.split(" ")) for name in (full, full[:3])
}
_WRITTEN = {
    "M": re.compile(r"^(?P<n>\d{1,2})(?:\.0+)?\s*月?$"),
    "Q": re.compile(r"^(?:[Qq]\s*|第\s*)?(?P<n>\d)(?:\.0+)?\s*(?:季度?)?$"),
}
_YEAR = re.compile(r"^(?P<n>\d{4})(?:\.0+)?\s*年?$")
_TOP = {"M": 12, "Q": 4}
_WORD = {"M": "month", "Q": "quarter"}


def _read(cells: pd.Series, pattern: re.Pattern, low: int, top: int, names: dict) -> pd.Series:
    """Each cell's number (low..top), or NA when it is not one."""
    values: list[int | None] = []
    for text in cells:
        if pd.isna(text):
            values.append(None)
            continue
        t = str(text).strip()
        n = names.get(t.lower())
        if n is None:
            m = pattern.match(t)
            n = int(m.group("n")) if m else None
        values.append(n if n is not None and low <= n <= top else None)
    return pd.Series(values, index=cells.index, dtype="Int64")


def build_period(
    sid: str, parts: list[str], freq: str, frame: pd.DataFrame, fname: str, out: Collector
) -> pd.DataFrame | None:
    """``frame`` with the column ``"<year>, <part>"`` holding each row's period text, and
    without the rows whose year or part is empty or unreadable (reported); None when a
    column is missing or the study is yearly."""
    year_col, part_col = parts
    if freq not in _TOP:
        out.spec(
            "error",
            "period.parts_frequency",
            f"sources.{sid}.period builds the period from two columns ({year_col}, "
            f"{part_col}), which needs frequency month or quarter",
            f"sources.{sid}.period",
            hint=f"in a yearly study name the year column alone: period: {year_col}",
        )
        return None
    present = list(frame.columns)
    absent = [c for c in parts if c not in present]
    for col, role in zip(parts, ("year (period)", f"{_WORD[freq]} (period)"), strict=True):
        if col in absent:
            out.issues.append(missing_column(fname, col, present, role))
    if absent:
        return None
    years = _read(frame[year_col], _YEAR, 1000, 9999, {})
    names = _MONTHS if freq == "M" else {}
    numbers = _read(frame[part_col], _WRITTEN[freq], 1, _TOP[freq], names)
    bad = pd.Series(False, index=frame.index)
    for col, got, word, allowed in (
        (year_col, years, "year", "a year such as 2002"),
        (part_col, numbers, _WORD[freq], _allowed(freq)),
    ):
        empty = frame[col].isna()
        wrong = frame[col].notna() & got.isna()
        if empty.any():
            out.add(
                "error",
                "period.missing",
                f"empty {word} cell(s): the period is built from {year_col} and {part_col}",
                file=fname,
                column=col,
                rows=file_rows(empty),
            )
        if wrong.any():
            out.add(
                "error",
                "period.unparseable",
                f"not a {word}: {sample_values(frame[col][wrong])}",
                file=fname,
                column=col,
                rows=file_rows(wrong),
                hint=f"write {allowed}",
            )
        bad |= empty | wrong
    keep = frame[~bad].copy()
    y, n = years[~bad].astype(int), numbers[~bad].astype(int)
    text = [
        f"{a:04d}-{b:02d}" if freq == "M" else f"{a:04d}-Q{b}" for a, b in zip(y, n, strict=True)
    ]
    keep[", ".join(parts)] = pd.Series(text, index=keep.index, dtype="string")
    return keep


def _allowed(freq: str) -> str:
    if freq == "M":
        return "the month as 1-12, 01, Jan or January"
    return "the quarter as 1-4 or Q1-Q4"
