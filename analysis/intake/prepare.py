"""A source's text table made ready for its shape's checks, by the keys that say how its
rows are read, in this order:

1. ``rows`` keeps the rows where every listed column equals its value
   (:mod:`analysis.intake.row_filter`), before any other check; in a wide file the filter
   columns are then dropped (they are neither periods nor units).
2. ``unit_name`` (a single series with no unit column) adds the column ``unit_name``
   holding that name on every row; the shapes read it as the unit column
   (``Source.unit_column``). A file that already has a column of that name is refused.
3. ``period: [year, month]`` builds the period column ``"year, month"``
   (:mod:`analysis.intake.period_parts`), or ``period_values`` replaces the labels of the
   period column by their periods (:mod:`analysis.intake.period_labels`).

The table keeps its file row numbers throughout. ``None`` means the source cannot be read
further (the reason is reported).
"""

from __future__ import annotations

from dataclasses import replace

from analysis.intake.cells import Collector
from analysis.intake.files import RawTable
from analysis.intake.period_labels import map_labels
from analysis.intake.period_parts import build_period
from analysis.intake.row_filter import keep_rows
from analysis.intake.source_keys import UNIT_NAME_COLUMN
from analysis.intake.spec import StudySpec


def prepare_source(spec: StudySpec, sid: str, raw: RawTable, out: Collector) -> RawTable | None:
    """``raw`` filtered, with its unit and period columns made (see the module)."""
    src = spec.sources[sid]
    if src.rows:
        kept = keep_rows(sid, dict(src.rows), raw, out)
        if kept is None:
            return None
        raw = kept
        if src.wide is not None:
            drop = [c for c in src.rows if c not in (src.unit_column, src.period_column)]
            raw = replace(raw, frame=raw.frame.drop(columns=drop))
    frame = raw.frame
    if src.unit_name is not None:
        if UNIT_NAME_COLUMN in frame.columns:
            out.add(
                "error",
                "source.unit_name_column",
                f"sources.{sid}.unit_name gives every row the unit '{src.unit_name}', but the "
                f"file already has a column '{UNIT_NAME_COLUMN}'",
                file=raw.file,
                column=UNIT_NAME_COLUMN,
                hint=f"to read the units from that column write unit: {UNIT_NAME_COLUMN} "
                "instead of unit_name",
            )
            return None
        frame = frame.copy()
        frame.insert(0, UNIT_NAME_COLUMN, src.unit_name)
        frame[UNIT_NAME_COLUMN] = frame[UNIT_NAME_COLUMN].astype("string")
    if isinstance(src.period, list):
        built = build_period(sid, src.period, spec.pandas_freq, frame, raw.file, out)
        if built is None:
            return None
        frame = built
    elif src.period_values is not None and src.period is not None:
        frame = map_labels(sid, dict(src.period_values), src.period, frame, raw.file, out)
    return raw if frame is raw.frame else replace(raw, frame=frame)
