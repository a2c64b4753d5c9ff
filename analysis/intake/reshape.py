"""Reshaping a source on reading: wide files lengthened (``sources.<id>.wide``) and rows
finer than the study frequency aggregated to it (``sources.<id>.aggregate``).

A lengthened row keeps the file row it came from (its frame index), so every later check
names the row of the file; the value checks of a wide file run on its own columns, so they
name the header cell of the value, not the lengthened name.
"""

from __future__ import annotations

import pandas as pd

from analysis.intake.cells import (
    FREQ_WORD,
    Collector,
    check_numeric,
    file_rows,
    listing,
    missing_column,
)
from analysis.intake.files import RawTable, read_period_cells
from analysis.intake.periods import FORMS_HINT, read_period
from analysis.intake.spec import StudySpec


def lengthen(spec: StudySpec, sid: str, raw: RawTable, roles: dict[str, str], out: Collector):
    """A wide file as the long text table (key column, lengthened column, value); None
    when the layout does not fit the file (every reason reported)."""
    src = spec.sources[sid]
    wide = src.wide
    assert wide is not None
    f, fname = raw.frame, raw.file
    by_period = wide.columns == "periods"
    key, made = (
        (src.unit_column, src.period_column) if by_period else (src.period_column, src.unit_column)
    )
    ok = _wide_columns_fit(spec, sid, roles, out)
    if key not in f.columns:
        out.issues.append(
            missing_column(fname, key, list(f.columns), "unit" if by_period else "period")
        )
        return None
    header = [c for c in f.columns if c != key]
    if not header:
        out.add(
            "error",
            "wide.no_columns",
            f"the wide file has only its key column '{key}'; with wide: {{columns: "
            f"{wide.columns}}} every other column holds one {'period' if by_period else 'unit'}",
            file=fname,
            rows=(raw.header_row,),
        )
        return None
    ok &= (_period_header if by_period else _unit_header)(spec, src, header, raw, out)
    if f[key].isna().any():
        out.add(
            "error",
            "unit.missing" if by_period else "period.missing",
            f"empty {'unit name' if by_period else 'period'} cell(s) in the key column",
            file=fname,
            column=key,
            rows=file_rows(f[key].isna()),
        )
        ok = False
    role = roles.get(wide.value, "amount")
    n_before = len([i for i in out.issues if i.severity == "error"])
    for col in header:
        check_numeric(f[col], fname, col, role, out)
    if len([i for i in out.issues if i.severity == "error"]) > n_before or not ok:
        return None
    long = f.melt(
        id_vars=[key], value_vars=header, var_name=made, value_name=wide.value, ignore_index=False
    )
    long = long.sort_index(kind="stable")  # file row order, header order within a row
    return long[[src.unit_column, src.period_column, wide.value]]


def _wide_columns_fit(spec: StudySpec, sid: str, roles: dict[str, str], out: Collector) -> bool:
    """A wide file holds one value per cell: every indicator of it reads ``wide.value``."""
    src = spec.sources[sid]
    value = src.wide.value if src.wide else ""
    fine = True
    for iid, ind in spec.indicators.items():
        if ind.source != sid:
            continue
        for col in ind.columns():
            if col != value:
                key = next(
                    (
                        k
                        for k in ("column", "numerator", "denominator", "exposure", "weight")
                        if getattr(ind, k) == col
                    ),
                    "covariates",
                )
                out.spec(
                    "error",
                    "wide.column",
                    f"indicator '{iid}' reads column '{col}', but source '{sid}' is a wide "
                    f"file with one value per cell, named '{value}' (sources.{sid}.wide.value)",
                    f"indicators.{iid}.{key}",
                    hint=f"write '{key}: {value}', or give the other values a long file of "
                    "their own",
                )
                fine = False
    adopt = spec.treatment.adoption
    if adopt is not None and adopt.source == sid:
        out.spec(
            "error",
            "wide.adoption",
            f"the adoption column '{adopt.column}' cannot be read from the wide file '{sid}'",
            "treatment.adoption.source",
            hint="give the adoption dates in a long (unit x period) source",
        )
        fine = False
    return fine


def _period_header(spec, src, header: list[str], raw: RawTable, out: Collector) -> bool:
    """Every header cell but the key must be a period at the study frequency (or finer,
    with ``aggregate``); each one that is not is named."""
    freq = spec.pandas_freq
    cells = read_period_cells(pd.Series(header, dtype=object), freq)
    word = FREQ_WORD.get(freq, freq)
    fine = True
    for j, name in enumerate(header):
        why = (
            "is not a period"
            if cells.unreadable.iloc[j]
            else "can be read day first or month first"
            if cells.ambiguous.iloc[j]
            else f"does not say which {word}"
            if cells.coarse.iloc[j]
            else ""
        )
        if why:
            out.add(
                "error",
                "wide.header",
                f"header cell '{name}' {why}: with wide: {{columns: periods}} every column "
                f"but the key column '{src.unit_column}' holds one {word}",
                file=raw.file,
                column=name,
                rows=(raw.header_row,),
                hint=FORMS_HINT + "; or remove the column",
            )
            fine = False
    per = cells.periods
    dup = per.notna() & per.astype(str).duplicated(keep=False)
    if dup.any() and src.aggregate is None:
        names = [h for h, d in zip(header, dup, strict=True) if d]
        out.add(
            "error",
            "wide.duplicate_period",
            f"header cells {listing([repr(n) for n in names], 8)} fall in the same {word}",
            file=raw.file,
            column=", ".join(names),
            rows=(raw.header_row,),
            hint="keep one column per period, or set 'aggregate: sum', 'mean' or 'last' for "
            "this source in study.yml to combine them",
        )
        fine = False
    return fine


def _unit_header(spec, src, header: list[str], raw: RawTable, out: Collector) -> bool:
    """Every header cell but the key must be a unit name: not empty, not a period."""
    fine = True
    for name in header:
        problem = ""
        if name.startswith("Unnamed: "):
            problem = "is empty"
        elif read_period(name)[0] is not None:
            problem = "looks like a period, not a unit: is wide: {columns: periods} meant?"
        if problem:
            out.add(
                "error",
                "wide.header",
                f"header cell '{name}' {problem} (with wide: {{columns: units}} every column "
                f"but the key column '{src.period_column}' holds one unit)",
                file=raw.file,
                column=name,
                rows=(raw.header_row,),
            )
            fine = False
    return fine


def aggregate_rows(
    data: pd.DataFrame,
    rule: str,
    value_cols: list[str],
    fname: str,
    adoption_column: str | None,
    out: Collector,
) -> pd.DataFrame:
    """Rows of one unit and period combined by ``rule`` (sum, mean, or the last by date,
    ties in file order). ``data`` has ``unit, period, _day`` (each row's first day), the
    value columns and ``_row`` (and ``_adoption``); the result has one row per unit and
    period, ``_row`` = its first file row."""
    work = data.assign(_day=pd.to_datetime(data["_day"]), _pstr=data["period"].astype(str))
    work = work.reset_index(drop=True).sort_values(["unit", "_pstr", "_day", "_row"], kind="stable")
    spec: dict[str, str] = {c: rule for c in value_cols}
    spec["_row"] = "min"
    spec["period"] = "first"
    groups = work.groupby(["unit", "_pstr"], sort=True)
    if "_adoption" in work:
        spec["_adoption"] = "first"
        texts = work["_adoption"].fillna("").astype(str)
        mixed = texts.groupby([work["unit"], work["_pstr"]]).transform("nunique") > 1
        if mixed.any():
            out.add(
                "error",
                "adoption.inconsistent",
                "rows combined into one period have different adoption values",
                file=fname,
                column=adoption_column,
                rows=tuple(sorted(int(r) for r in work.loc[mixed, "_row"])),
                hint="adoption is a property of the unit: the same value on every row",
            )
    res = groups.agg(spec).reset_index().drop(columns="_pstr")
    return res.set_index(pd.Index(res["_row"].to_numpy() - 2)).sort_index()


def layout_problems(spec: StudySpec, out: Collector) -> None:
    """``wide`` and ``aggregate`` reshape a panel source; on any other shape they would do
    nothing, so they are refused there."""
    for sid, src in spec.sources.items():
        if src.shape == "panel":
            continue
        for key, val in (("wide", src.wide), ("aggregate", src.aggregate)):
            if val is not None:
                out.spec(
                    "error",
                    "source.layout_shape",
                    f"sources.{sid}.{key} applies to panel sources; source '{sid}' has "
                    f"shape '{src.shape}'",
                    f"sources.{sid}.{key}",
                    hint="events are counted per period and microdata records averaged per "
                    "group and period already: remove the key",
                )


def absent_periods(grid: pd.PeriodIndex) -> list[str]:
    """Periods between the grid's first and last that it does not hold."""
    if not len(grid):
        return []
    full = pd.period_range(grid[0], grid[-1], freq=grid.freq)
    return [str(p) for p in full.difference(grid)]
