"""The data contract: spec + files -> ValidationReport (every issue) and a Panel.

Nothing is filled in silently: gaps, duplicates, bad cells and impossible
values are reported with file, column and 1-based file rows (the header is
row 1), and the run stops before any model sees the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError, Issue, SpecError, ValidationReport, suggest
from analysis.intake.files import (
    RawTable,
    parse_numbers,
    parse_period_text,
    parse_periods,
    parse_timestamp,
    read_source,
)
from analysis.intake.panel import Panel
from analysis.intake.spec import StudySpec, load_spec, spec_key_lines

_FREQ_WORD = {"M": "month", "Q": "quarter", "Y": "year"}


@dataclass(frozen=True)
class Study:
    """A loaded, validated study: the spec, its data, and the validation report."""

    spec: StudySpec
    panel: Panel
    report: ValidationReport


def _rows(mask: pd.Series) -> tuple[int, ...]:
    """File row numbers (header is row 1) where mask is True."""
    return tuple(int(i) + 2 for i in mask[mask].index)


def _listing(values: list[str], limit: int = 10) -> str:
    shown = ", ".join(str(v) for v in values[:limit])
    return shown + (f" ... ({len(values)} in all)" if len(values) > limit else "")


def _sample(values: pd.Series, n: int = 3) -> str:
    """A few distinct cell values, quoted and shortened, for a message."""
    shown = []
    for v in pd.unique(values.to_numpy())[:n]:
        text = str(v)
        shown.append(repr(text if len(text) <= 40 else text[:37] + "..."))
    more = len(pd.unique(values.to_numpy())) - n
    return ", ".join(shown) + (f" (and {more} other value(s))" if more > 0 else "")


def _missing_column(fname: str, col: str, present: list[str], role: str) -> Issue:
    hint = suggest(col, present)
    return Issue(
        "error",
        "column.missing",
        f"{role} column '{col}' not found; columns in file: {_listing(present, 20)}",
        file=fname,
        column=col,
        hint=hint or "check the column name in study.yml",
    )


class _Collector:
    def __init__(
        self, spec_file: str = "", line: Callable[[str], int | None] | None = None
    ) -> None:
        self.issues: list[Issue] = []
        self.spec_file = spec_file
        self._line = line or (lambda _key: None)

    def add(self, *a, **k) -> None:
        self.issues.append(Issue(*a, **k))

    def extend(self, items: list[Issue]) -> None:
        self.issues.extend(items)

    def has_key(self, key: str) -> bool:
        return self._line(key) is not None

    def spec(
        self,
        severity: str,
        code: str,
        message: str,
        key: str,
        hint: str | None = None,
        line_key: str | None = None,
    ) -> None:
        """An issue located at a key of study.yml (with its line)."""
        line = self._line(line_key or key)
        self.issues.append(
            Issue(
                severity,
                code,
                message,
                file=self.spec_file,  # type: ignore[arg-type]
                column=key,
                rows=(line,) if line else (),
                hint=hint,
            )
        )


def _value_columns(spec: StudySpec, sid: str) -> dict[str, str]:
    """column -> kind-ish role for a panel source (for the negative/numeric checks)."""
    roles: dict[str, str] = {}
    for ind in spec.indicators.values():
        if ind.source != sid:
            continue
        if ind.column:
            roles[ind.column] = ind.kind
        if ind.numerator:
            roles[ind.numerator] = "count"
        if ind.denominator:
            roles[ind.denominator] = "denominator"
        if ind.exposure:
            roles[ind.exposure] = "exposure"
    return roles


def _check_numeric(col: pd.Series, fname: str, name: str, role: str, out: _Collector) -> pd.Series:
    num, missing, bad = parse_numbers(col)
    if bad.any():
        sample = _sample(col[bad])
        out.add(
            "error",
            "value.non_numeric",
            f"not a number: {sample}",
            file=fname,
            column=name,
            rows=_rows(bad),
            hint="use plain numbers, e.g. 1234 or 1,234; leave no text or symbols in cells",
        )
    if missing.any():
        out.add(
            "error",
            "value.missing",
            "empty cell(s); missing values are never assumed zero",
            file=fname,
            column=name,
            rows=_rows(missing),
            hint="enter 0 only where the true value is zero",
        )
    if role in ("count", "stock", "proportion", "rate", "denominator", "exposure"):
        neg = num < 0
        if neg.any():
            word = {"denominator": "denominator", "exposure": "exposure"}.get(role, role)
            out.add(
                "error",
                "value.negative",
                f"negative value(s) {', '.join(f'{v:g}' for v in num[neg].unique()[:3])}; "
                f"a {word} cannot be below 0",
                file=fname,
                column=name,
                rows=_rows(neg),
            )
    if role in ("count",):
        frac = num.notna() & (num % 1 != 0)
        if frac.any():
            out.add(
                "warning",
                "value.non_integer",
                "a count with fractional values",
                file=fname,
                column=name,
                rows=_rows(frac),
            )
    if role == "exposure":
        zero = num == 0
        if zero.any():
            out.add(
                "error",
                "value.zero_exposure",
                "exposure must be > 0",
                file=fname,
                column=name,
                rows=_rows(zero),
            )
    return num


def _check_periods(
    col: pd.Series, fname: str, name: str, freq: str, what: str, out: _Collector, hint: str
) -> pd.Series:
    """Parse a period/date column, reporting empty, unreadable and too-coarse cells."""
    periods, bad = parse_periods(col, freq)
    empty = col.isna()
    if empty.any():
        out.add(
            "error",
            "period.missing",
            f"empty {what} cell(s)",
            file=fname,
            column=name,
            rows=_rows(empty),
        )
    bad = bad & ~empty
    if bad.any():
        coarse = bad & col.map(lambda v: parse_timestamp(v) is not None).astype(bool)
        unread = bad & ~coarse
        if unread.any():
            sample = _sample(col[unread])
            out.add(
                "error",
                "period.unparseable",
                f"cannot read {what}(s) {sample}",
                file=fname,
                column=name,
                rows=_rows(unread),
                hint=hint,
            )
        if coarse.any():
            sample = _sample(col[coarse])
            word = _FREQ_WORD.get(freq, freq)
            out.add(
                "error",
                "period.too_coarse",
                f"{what}(s) {sample} do not say which {word} (the study frequency is '{word}')",
                file=fname,
                column=name,
                rows=_rows(coarse),
                hint=hint,
            )
    return periods


def _check_grid(
    units: pd.Series,
    periods: pd.Series,
    raw_periods: pd.Series,
    fname: str,
    unit_col: str,
    period_col: str,
    freq: str,
    out: _Collector,
) -> None:
    """Duplicates and gaps of a unit x period table (gaps are reported, never filled)."""
    ok = periods.notna() & units.notna()
    if not ok.any():
        return
    key = pd.DataFrame(
        {
            "u": units[ok].astype(str),
            "p": periods[ok].astype(str),
            "raw": raw_periods[ok].astype(str),
        }
    )
    dup = key.duplicated(["u", "p"], keep=False)
    if dup.any():
        for u, grp in key[dup].groupby("u", sort=True):
            groups = list(grp.groupby("p", sort=True))
            detail = "; ".join(
                f"{p} (rows {', '.join(str(int(i) + 2) for i in g.index)})" for p, g in groups[:6]
            )
            more = f"; and {len(groups) - 6} more period(s)" if len(groups) > 6 else ""
            hint = "keep one row per unit and period"
            if any(g["raw"].nunique() > 1 for _, g in groups):
                word = _FREQ_WORD.get(freq, freq)
                hint += (
                    f"; rows with different dates fall in the same {word}: "
                    "is 'frequency' in study.yml right?"
                )
            out.add(
                "error",
                "row.duplicate",
                f"unit '{u}' has more than one row for {len(groups)} period(s): {detail}{more}",
                file=fname,
                column=f"{unit_col}, {period_col}",
                rows=tuple(int(i) + 2 for i in grp.index),
                hint=hint,
            )
    pvals = pd.PeriodIndex(periods[ok].tolist(), freq=freq)
    full = pd.period_range(pvals.min(), pvals.max(), freq=freq)
    have = pd.DataFrame({"u": units[ok].astype(str).to_numpy(), "p": pvals})
    for u, grp in have.groupby("u", sort=True):
        missing = full.difference(pd.PeriodIndex(grp["p"]))
        if len(missing):
            listed = ", ".join(str(p) for p in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            out.add(
                "error",
                "grid.gap",
                f"unit '{u}' has no row for {len(missing)} period(s): {listed}{more} "
                f"(the file covers {full[0]}..{full[-1]})",
                file=fname,
                column=period_col,
                hint="gaps are never filled with zeros: add the missing rows, with 0 "
                "only where the true value is zero",
            )


def _panel_source(spec: StudySpec, sid: str, raw: RawTable, out: _Collector) -> pd.DataFrame | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    roles = _value_columns(spec, sid)
    adopt = (
        spec.treatment.adoption
        if spec.treatment.adoption and spec.treatment.adoption.source == sid
        else None
    )
    needed = [(src.unit, "unit"), (src.period, "period")]
    needed += [(c, "indicator") for c in roles]
    if adopt:
        needed.append((adopt.column, "adoption"))
    for c, r in needed:
        if c not in present:
            out.issues.append(_missing_column(fname, c, present, r))
    # value checks run even when the unit or period column is missing: all problems at once
    data = pd.DataFrame(index=f.index)
    for col, role in roles.items():
        if col in present:
            data[col] = _check_numeric(f[col], fname, col, role, out)
    for iid, ind in spec.indicators.items():
        if (
            ind.source != sid
            or ind.kind != "proportion"
            or ind.numerator not in data
            or ind.denominator not in data
        ):
            continue
        over = data[ind.numerator] > data[ind.denominator]
        if over.any():
            out.add(
                "error",
                "proportion.numerator_exceeds_denominator",
                f"numerator '{ind.numerator}' is larger than denominator "
                f"'{ind.denominator}' (indicator '{iid}'): a share cannot exceed 100%",
                file=fname,
                column=f"{ind.numerator}, {ind.denominator}",
                rows=_rows(over),
            )
        zero = data[ind.denominator] == 0
        if zero.any():
            out.add(
                "warning",
                "proportion.zero_denominator",
                f"denominator '{ind.denominator}' is 0: the share (indicator '{iid}') is "
                "undefined in those periods",
                file=fname,
                column=ind.denominator,
                rows=_rows(zero),
            )
    if src.unit not in present or src.period not in present:
        return None
    units = f[src.unit]
    if units.isna().any():
        out.add(
            "error",
            "unit.missing",
            "empty unit name(s)",
            file=fname,
            column=src.unit,
            rows=_rows(units.isna()),
        )
    periods = _check_periods(
        f[src.period],
        fname,
        src.period,
        spec.pandas_freq,
        "period",
        out,
        hint="write periods as 2021-01, 2021-01-15, 2021/1, 202101 or "
        "2021年1月; quarters as 2021-Q1",
    )
    _check_grid(units, periods, f[src.period], fname, src.unit, src.period, spec.pandas_freq, out)
    data.insert(0, "period", periods)
    data.insert(0, "unit", units)
    data["_row"] = f.index + 2
    if adopt and adopt.column in present:
        data["_adoption"] = f[adopt.column]
    keep = data["unit"].notna() & data["period"].notna()
    data = data[keep]
    data = data[~data.duplicated(["unit", "period"], keep="first")]
    data["unit"] = data["unit"].astype(str)
    data["period"] = pd.PeriodIndex(data["period"].tolist(), freq=spec.pandas_freq)
    return data.set_index(["unit", "period"]).sort_index()


def _events_source(
    spec: StudySpec, sid: str, raw: RawTable, out: _Collector
) -> pd.DataFrame | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    cols = [(src.unit, "unit"), (src.date, "date")]
    if src.category:
        cols.append((src.category, "category"))
    for c, r in cols:
        if c not in present:
            out.issues.append(_missing_column(fname, c, present, r))
    ev = pd.DataFrame(index=f.index)
    if src.date in present:
        ev["period"] = _check_periods(
            f[src.date],
            fname,
            str(src.date),
            spec.pandas_freq,
            "date",
            out,
            hint="write dates as 2021-01-15, 2021/1/15 or 2021年1月15日",
        )
    if src.unit in present and f[src.unit].isna().any():
        out.add(
            "error",
            "unit.missing",
            "empty unit name(s)",
            file=fname,
            column=src.unit,
            rows=_rows(f[src.unit].isna()),
        )
    if src.category and src.category in present:
        ev["category"] = f[src.category]
        known = sorted(str(c) for c in ev["category"].dropna().unique())
        counted = any(ind.source == sid and ind.categories for ind in spec.indicators.values())
        if counted and ev["category"].isna().any():
            out.add(
                "warning",
                "events.missing_category",
                "event(s) without a category are not counted by any category indicator",
                file=fname,
                column=src.category,
                rows=_rows(ev["category"].isna()),
            )
        for iid, ind in spec.indicators.items():
            if ind.source != sid or not ind.categories:
                continue
            for cat in ind.categories:
                if cat not in known:
                    out.spec(
                        "error",
                        "events.unknown_category",
                        f"indicator '{iid}' counts category '{cat}', which never occurs "
                        f"in {src.file} (column '{src.category}'); categories in the file: "
                        f"{_listing(known, 12)}",
                        f"indicators.{iid}.categories",
                        hint=suggest(cat, known) or "check the spelling",
                    )
    if any(c not in present for c, _ in cols):
        return None
    ev["unit"] = f[src.unit]
    return ev[ev["unit"].notna() & ev["period"].notna()]


def _aggregate_events(
    spec: StudySpec,
    sid: str,
    ev: pd.DataFrame,
    units: list[str],
    grid: pd.PeriodIndex,
    fname: str,
    out: _Collector,
) -> pd.DataFrame:
    """Count events per unit and period on the study grid (0 where a unit had none)."""
    per = pd.PeriodIndex(ev["period"].tolist(), freq=spec.pandas_freq)
    outside = ~per.isin(grid)
    if outside.any():
        out.add(
            "warning",
            "events.outside_range",
            f"{int(outside.sum())} event(s) dated outside the study periods "
            f"{grid[0]}..{grid[-1]} are not counted",
            file=fname,
            column=spec.sources[sid].date,
            rows=tuple(int(i) + 2 for i in ev.index[outside]),
        )
    unknown = sorted(set(ev["unit"].astype(str)) - set(units))
    if unknown and units:
        rows = tuple(int(i) + 2 for i in ev.index[ev["unit"].astype(str).isin(unknown)])
        out.add(
            "warning",
            "events.unknown_unit",
            f"event(s) for unit(s) not in the panel are not counted: {_listing(unknown, 8)}",
            file=fname,
            column=spec.sources[sid].unit,
            rows=rows,
            hint=suggest(unknown[0], units),
        )
    idx = pd.MultiIndex.from_product([units, grid], names=["unit", "period"])
    result = pd.DataFrame(index=idx)
    ev = ev.assign(period=per, unit=ev["unit"].astype(str))
    for iid, ind in spec.indicators.items():
        if ind.source != sid:
            continue
        sel = ev
        if ind.categories and "category" in ev:
            sel = ev[ev["category"].isin(ind.categories)]
        counts = sel.groupby(["unit", "period"]).size()
        result[iid] = counts.reindex(idx, fill_value=0).astype("float64")
    return result


def _facts_source(spec: StudySpec, sid: str, raw: RawTable, out: _Collector) -> pd.Series | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    for c, role in ((src.item, "item"), (src.value, "value")):
        if c not in present:
            out.issues.append(_missing_column(fname, c, present, f"facts {role}"))
    if src.item not in present or src.value not in present:
        return None
    if f[src.item].isna().any():
        out.add(
            "error",
            "facts.empty_item",
            "empty item name(s)",
            file=fname,
            column=src.item,
            rows=_rows(f[src.item].isna()),
        )
    dup = f[src.item].duplicated(keep=False) & f[src.item].notna()
    if dup.any():
        names = _sample(f[src.item][dup], 4)
        out.add(
            "error",
            "row.duplicate",
            f"item(s) listed more than once: {names}",
            file=fname,
            column=src.item,
            rows=_rows(dup),
            hint="keep one row per item",
        )
    num = _check_numeric(f[src.value], fname, src.value, "amount", out)
    keep = f[src.item].notna()
    series = pd.Series(num[keep].to_numpy(), index=f[src.item][keep].astype(str).to_numpy())
    series = series[~series.index.duplicated()]
    items = list(series.index)
    for iid, ind in spec.indicators.items():
        if ind.source != sid:
            continue
        for field_name in ("column", "numerator", "denominator"):
            key = getattr(ind, field_name)
            if key and key not in items:
                out.add(
                    "error",
                    "facts.missing_item",
                    f"indicator '{iid}' needs item '{key}', which is not in the file; "
                    f"items: {_listing(items, 12)}",
                    file=fname,
                    column=src.item,
                    hint=suggest(key, items) or f"add a row with {src.item} = {key}",
                )
    return series


def _adoption_map(
    spec: StudySpec, frames: dict[str, pd.DataFrame], units: list[str], out: _Collector
) -> dict[str, pd.Period | None]:
    freq = spec.pandas_freq
    tr = spec.treatment
    if tr.adoption is None:
        start = parse_period_text(tr.start, freq) if tr.start else None
        return {u: (start if u in tr.units else None) for u in units}
    sid = tr.adoption.source
    fname = str(spec.path_of(sid))
    column = tr.adoption.column
    frame = frames.get(sid)
    if frame is None or "_adoption" not in frame:
        return {u: None for u in units}
    adoption: dict[str, pd.Period | None] = {}
    never = {str(v).strip().lower() for v in tr.adoption.never}
    texts = frame["_adoption"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    rows = frame["_row"]
    for u, vals in texts.groupby(level="unit", sort=True):
        urows = rows.loc[vals.index]
        counts = vals.value_counts()
        if len(counts) > 1:
            common = counts.index[0]
            odd = urows[vals != common]
            shown = _sample(pd.Series(counts.index), 4)
            out.add(
                "error",
                "adoption.inconsistent",
                f"unit '{u}' has different adoption values: {shown}; most rows say {common!r}",
                file=fname,
                column=column,
                rows=tuple(int(r) for r in odd),
                hint="adoption is a property of the unit: the same value on every row",
            )
            adoption[u] = None
            continue
        text = str(counts.index[0])
        if text.lower() in never:
            adoption[u] = None
            continue
        per, bad = parse_periods(pd.Series([text]), freq)
        if bad.iloc[0]:
            out.add(
                "error",
                "adoption.unparseable",
                f"unit '{u}': cannot read adoption date {text!r}",
                file=fname,
                column=column,
                rows=tuple(int(r) for r in urows),
                hint="a period such as 2021-01, or for never-treated units one of "
                f"{', '.join(repr(n) for n in tr.adoption.never)}",
            )
            adoption[u] = None
        else:
            adoption[u] = per.iloc[0]
    for u in units:
        adoption.setdefault(u, None)
    return adoption


def _check_design(
    spec: StudySpec,
    panel_units: list[str],
    grid: pd.PeriodIndex,
    adoption: dict[str, pd.Period | None],
    frames: dict[str, pd.DataFrame],
    out: _Collector,
) -> None:
    unit_rows: dict[str, tuple[int, ...]] = {}
    if spec.treatment.adoption is not None and spec.treatment.adoption.source in frames:
        row_col = frames[spec.treatment.adoption.source]["_row"]
        unit_rows = {str(u): tuple(int(r) for r in grp) for u, grp in row_col.groupby(level="unit")}
    freq = spec.pandas_freq
    tr = spec.treatment
    comp = spec.comparison
    listed = comp.units if isinstance(comp.units, list) else []
    if panel_units:  # when no data could be read, the read errors say why
        for i, u in enumerate(tr.units):
            if u not in panel_units:
                out.spec(
                    "error",
                    "treatment.unit_absent",
                    f"treated unit '{u}' is not in the data; units in the data: "
                    f"{_listing(panel_units)}",
                    "treatment.units",
                    hint=suggest(u, panel_units),
                    line_key=f"treatment.units.{i}",
                )
        for key, names in (("comparison.units", listed), ("comparison.exclude", comp.exclude)):
            for i, u in enumerate(names):
                if u not in panel_units:
                    out.spec(
                        "error",
                        "comparison.unit_absent",
                        f"comparison unit '{u}' is not in the data; units in the data: "
                        f"{_listing(panel_units)}",
                        key,
                        hint=suggest(u, panel_units),
                        line_key=f"{key}.{i}",
                    )
    treated = [u for u, p in adoption.items() if p is not None]
    for i, u in enumerate(listed):
        if u in treated:
            out.spec(
                "error",
                "comparison.treated_in_pool",
                f"unit '{u}' is treated and cannot also be a comparison unit",
                "comparison.units",
                line_key=f"comparison.units.{i}",
            )
    if not len(grid):
        return
    first, last = grid[0], grid[-1]
    span = f"the data cover {first}..{last}"
    if tr.start is not None:
        _check_start(spec, parse_period_text(tr.start, freq), grid, out, "treatment.start")
    elif tr.adoption is not None and panel_units and tr.adoption.source in frames:
        if not treated and not any(i.code.startswith("adoption.") for i in out.issues):
            out.add(
                "error",
                "adoption.none",
                f"no unit adopts the pilot: every value in column '{tr.adoption.column}' "
                f"means never ({', '.join(repr(n) for n in tr.adoption.never)})",
                file=str(spec.path_of(tr.adoption.source)),
                column=tr.adoption.column,
            )
        for cohort in sorted({p for p in adoption.values() if p is not None}):
            units = [u for u, p in adoption.items() if p == cohort]
            rows = tuple(sorted(r for u in units for r in unit_rows.get(u, ())))
            _check_start(spec, cohort, grid, out, None, units, rows)
    for i, m in enumerate(tr.milestones):
        p = parse_period_text(m.date, freq)
        if p < first or p > last:
            where = "before the first" if p < first else "after the last"
            out.spec(
                "error",
                "treatment.milestone_outside",
                f"milestone '{m.id}' at {p} is {where} period in the data ({span})",
                f"treatment.milestones.{i}.date",
            )
    pool = listed if isinstance(comp.units, list) else panel_units
    comparison = [
        u for u in pool if u in panel_units and adoption.get(u) is None and u not in comp.exclude
    ]
    if panel_units and not comparison:
        out.spec(
            "warning",
            "comparison.none",
            "no comparison units (every unit is treated, excluded or not listed): only "
            "single-series analyses (before/after, trend) are possible",
            "comparison.units",
            line_key="comparison.units" if out.has_key("comparison.units") else "treatment",
        )
    _check_windows(spec, grid, out)


def _check_start(
    spec: StudySpec,
    start: pd.Period,
    grid: pd.PeriodIndex,
    out: _Collector,
    key: str | None,
    units: list[str] | None = None,
    rows: tuple[int, ...] = (),
) -> None:
    """The pilot start must leave pre-periods in the data (units: a staggered cohort)."""
    first, last = grid[0], grid[-1]
    who = (
        f"units {_listing(units, 6)} adopt"
        if units and len(units) > 1
        else f"unit '{units[0]}' adopts"
        if units
        else "the pilot starts"
    )
    tr = spec.treatment

    def report(code: str, msg: str, hint: str | None = None) -> None:
        if key is not None:
            out.spec("error", code, msg, key, hint=hint)
        elif tr.adoption is not None:
            out.add(
                "error",
                code,
                msg,
                file=str(spec.path_of(tr.adoption.source)),
                column=tr.adoption.column,
                rows=rows,
                hint=hint,
            )

    if start <= first or start > last:
        where = (
            f"at or before the first period in the data ({first})"
            if start <= first
            else f"after the last period in the data ({last})"
        )
        report(
            "treatment.start_outside",
            f"{who} in {start}, {where}; the data cover {first}..{last}",
            "the pilot must start after the first period, so that there is a 'before', "
            "and no later than the last",
        )
        return
    n_pre = int((grid < start).sum())
    if n_pre < spec.min_pre_periods:
        word = _FREQ_WORD.get(spec.pandas_freq, "period")
        report(
            "treatment.too_few_pre_periods",
            f"{who} in {start}, leaving {n_pre} pre-period(s) ({first}..{start - 1}); "
            f"the analyses need at least {spec.min_pre_periods} (min_pre_periods)",
            f"add earlier {word}s to the data, or lower min_pre_periods in study.yml "
            "knowing that trends are then less certain",
        )


def _check_windows(spec: StudySpec, grid: pd.PeriodIndex, out: _Collector) -> None:
    freq = spec.pandas_freq
    first, last = grid[0], grid[-1]
    step = {"M": 12, "Q": 4, "Y": 1}[freq]
    start = parse_period_text(spec.treatment.start, freq) if spec.treatment.start else None
    seen: set[str] = set()
    for iid, ind in spec.indicators.items():
        if spec.sources[ind.source].shape == "facts":
            continue
        win = spec.windows_for(iid)
        if win is None:
            continue
        key = f"indicators.{iid}.windows" if ind.windows else "windows"
        if key in seen:
            continue
        seen.add(key)
        after = (parse_period_text(win.after.start, freq), parse_period_text(win.after.end, freq))
        before = None
        derived = False
        if win.before is not None:
            before = (
                parse_period_text(win.before.start, freq),
                parse_period_text(win.before.end, freq),
            )
        elif win.basis == "year_on_year":
            before, derived = (after[0] - step, after[1] - step), True
        pairs = [("after", after)] + ([("before", before)] if before else [])
        for label, (a, b) in pairs:
            wkey = f"{key}.{label}" if not (label == "before" and derived) else f"{key}.after"
            name = "derived before" if label == "before" and derived else label
            if a > b:
                out.spec(
                    "error",
                    "window.reversed",
                    f"the {name} window starts ({a}) after it ends ({b})",
                    wkey,
                )
            elif a < first or b > last:
                out.spec(
                    "error",
                    "window.outside_data",
                    f"the {name} window {a}..{b} is outside the data "
                    f"(the data cover {first}..{last})",
                    wkey,
                    hint="year on year, 'before' is 'after' one year earlier" if derived else None,
                )
        if (
            win.basis == "year_on_year"
            and before is not None
            and not derived
            and ((after[0] - before[0]).n != step or (after[1] - before[1]).n != step)
        ):
            out.spec(
                "error",
                "window.not_year_on_year",
                f"year on year compares the same calendar periods one year apart; got "
                f"before {before[0]}..{before[1]} and after {after[0]}..{after[1]}",
                f"{key}.before",
                hint=f"before should be {after[0] - step}..{after[1] - step}, or omit "
                "'before' and it is derived from 'after'",
            )
        # windows that straddle a later milestone (e.g. a registration drive) compare
        # around that milestone, not around the pilot start: no warning then
        straddles = before is not None and any(
            before[1] < parse_period_text(m.date, freq) <= after[0]
            for m in spec.treatment.milestones
        )
        if start is not None and before is not None and before[1] >= start and not straddles:
            out.spec(
                "warning",
                "window.before_overlaps_pilot",
                f"the before window ends in {before[1]}, after the pilot started ({start})",
                f"{key}.before" if not derived else f"{key}.after",
            )
        if start is not None and after[0] < start:
            out.spec(
                "warning",
                "window.after_precedes_pilot",
                f"the after window starts in {after[0]}, before the pilot started ({start})",
                f"{key}.after",
            )


def validate_spec_and_data(spec: StudySpec) -> tuple[Panel | None, ValidationReport]:
    """Run every data check for a loaded spec; build the Panel when there are no errors."""
    spec_file = str(Path(spec.base_dir) / spec.spec_file)
    out = _Collector(spec_file, spec_key_lines(spec_file))
    try:
        return _validate(spec, out)
    except Exception as exc:  # a bug must not look like a crash on the user's data
        out.add(
            "error",
            "internal.error",
            f"validation stopped on an unexpected problem ({type(exc).__name__}: {exc}); "
            "the issues above were found before it",
            file=spec_file,
            hint="please report this with the study folder",
        )
        return None, ValidationReport(spec.id, tuple(out.issues), ())


def _validate(spec: StudySpec, out: _Collector) -> tuple[Panel | None, ValidationReport]:
    raws: dict[str, RawTable] = {}
    sources_info: list[dict] = []
    for sid, src in spec.sources.items():
        raw, issues = read_source(spec.path_of(sid), src.encoding, src.sheet)
        out.extend(issues)
        if raw is not None:
            raws[sid] = raw
            sources_info.append(
                {
                    "source": sid,
                    "file": src.file,
                    "encoding": raw.encoding,
                    "rows": raw.n_rows,
                    "sha256": raw.sha256,
                }
            )
    frames: dict[str, pd.DataFrame] = {}
    events: dict[str, pd.DataFrame] = {}
    facts: dict[str, pd.Series] = {}
    for sid, raw in raws.items():
        shape = spec.sources[sid].shape
        if shape == "panel":
            fr = _panel_source(spec, sid, raw, out)
            if fr is not None:
                frames[sid] = fr
        elif shape == "events":
            ev = _events_source(spec, sid, raw, out)
            if ev is not None:
                events[sid] = ev
        else:
            s = _facts_source(spec, sid, raw, out)
            if s is not None:
                facts[sid] = s
    # the study grid and unit list come from the panel sources
    units: list[str] = sorted(
        {str(u) for fr in frames.values() for u in fr.index.get_level_values("unit").unique()}
    )
    grid = None
    nonempty = [fr for fr in frames.values() if len(fr)]
    if nonempty:
        pers = [fr.index.get_level_values("period") for fr in nonempty]
        lo = min(p.min() for p in pers)
        hi = max(p.max() for p in pers)
        grid = pd.period_range(lo, hi, freq=spec.pandas_freq)
    for sid, ev in events.items():
        if not units:
            units = sorted(ev["unit"].astype(str).unique())
        if grid is None and len(ev):
            per = pd.PeriodIndex(ev["period"].tolist(), freq=spec.pandas_freq)
            grid = pd.period_range(per.min(), per.max(), freq=spec.pandas_freq)
        if grid is not None:
            frames[sid] = _aggregate_events(spec, sid, ev, units, grid, raws[sid].file, out)
    adoption = _adoption_map(spec, frames, units, out) if units else {}
    empty_grid = pd.PeriodIndex([], freq=spec.pandas_freq)
    _check_design(spec, units, grid if grid is not None else empty_grid, adoption, frames, out)
    report = ValidationReport(spec.id, tuple(out.issues), tuple(sources_info))
    if not report.ok or grid is None:
        if grid is None and report.ok:
            out.spec("error", "source.no_panel", "no panel or events data to analyse", "sources")
            report = ValidationReport(spec.id, tuple(out.issues), tuple(sources_info))
        return None, report
    frames = {k: v.drop(columns=["_adoption", "_row"], errors="ignore") for k, v in frames.items()}
    panel = Panel(
        spec=spec, periods=grid, units=tuple(units), frames=frames, facts=facts, adoption=adoption
    )
    return panel, report


def _study_name(path: str | Path) -> str:
    p = Path(path)
    return p.parent.name if p.suffix else p.name


def validate_study(path: str | Path) -> ValidationReport:
    """Validate spec and data; never raises for bad input (spec errors become issues)."""
    try:
        spec = load_spec(path)
    except SpecError as exc:
        return ValidationReport(_study_name(path), exc.issues)
    except Exception as exc:  # a bug must not look like a crash on the user's data
        return ValidationReport(
            _study_name(path),
            (
                Issue(
                    "error",
                    "internal.error",
                    "reading the spec stopped on an unexpected problem "
                    f"({type(exc).__name__}: {exc})",
                    file=str(path),
                    hint="please report this with the study folder",
                ),
            ),
        )
    return validate_spec_and_data(spec)[1]


def load_study(path: str | Path | StudySpec) -> Study:
    """Load and validate a study; raise SpecError / DataValidationError listing every problem."""
    if isinstance(path, StudySpec):
        spec = path
    else:
        try:
            spec = load_spec(path)
        except SpecError:
            raise
        except Exception as exc:
            raise SpecError(
                [
                    Issue(
                        "error",
                        "internal.error",
                        f"reading the spec stopped on an unexpected problem "
                        f"({type(exc).__name__}: {exc})",
                        file=str(path),
                        hint="please report this with the study folder",
                    )
                ],
                str(path),
            ) from None
    panel, report = validate_spec_and_data(spec)
    if panel is None:
        raise DataValidationError(report)
    return Study(spec, panel, report)
