"""Each unit's Chinese name, from the column a source names with ``unit_zh`` (e.g. the
``station_zh`` column beside ``station``): Chinese pages show it instead of the unit id.

The unit id stays the key everywhere (spec, results, CSVs); only the page words change.
A unit with no Chinese name keeps its id; a unit given two different Chinese names is
reported (the first, in file order, is used), and a missing column is an error naming
the file and column.
"""

from __future__ import annotations

from analysis.intake.cells import Collector
from analysis.intake.files import RawTable
from analysis.intake.spec import StudySpec

__all__ = ["unit_names_zh"]


def unit_names_zh(spec: StudySpec, raws: dict[str, RawTable], out: Collector) -> dict[str, str]:
    """unit id -> Chinese name, over every source that sets ``unit_zh``."""
    names: dict[str, str] = {}
    for sid, raw in raws.items():
        src = spec.sources[sid]
        column = src.unit_zh
        if column is None:
            continue
        frame = raw.frame
        if column not in frame.columns:
            out.add(
                "error",
                "unit_zh.missing",
                f"sources.{sid}.unit_zh names column '{column}', which is not in the file "
                f"(columns: {', '.join(map(str, frame.columns))})",
                file=raw.file,
                column=column,
            )
            continue
        unit_col = src.unit_column
        if unit_col is None or unit_col not in frame.columns:
            continue  # the unit column's own problem is reported where it is read
        pairs = frame[[unit_col, column]].dropna()
        pairs = pairs[pairs[column].astype(str).str.strip() != ""]
        clashes: list[int] = []
        for row, (unit, zh) in zip(pairs.index, pairs.itertuples(index=False), strict=True):
            unit, zh = str(unit).strip(), str(zh).strip()
            if names.setdefault(unit, zh) != zh:
                clashes.append(int(row) + raw.header_row + 1)
        if clashes:
            out.add(
                "warning",
                "unit_zh.differs",
                f"a unit has more than one Chinese name in column '{column}'; the first in "
                "file order is shown",
                file=raw.file,
                column=column,
                rows=tuple(clashes[:20]),
            )
    return names
