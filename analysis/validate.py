"""The data contract: spec + files -> ValidationReport (every issue) and a Panel.

Nothing is filled in silently: gaps, duplicates, bad cells and impossible
values are reported with file, column and 1-based file rows (the header is
row 1), and the run stops before any model sees the data.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import RawTable, parse_numbers, parse_period_text, parse_periods, read_source
from analysis.errors import DataValidationError, Issue, SpecError, ValidationReport
from analysis.panel import Panel
from analysis.spec import StudySpec, load_spec


@dataclass(frozen=True)
class Study:
    """A loaded, validated study: the spec, its data, and the validation report."""

    spec: StudySpec
    panel: Panel
    report: ValidationReport


def _rows(mask: pd.Series) -> tuple[int, ...]:
    """File row numbers (header is row 1) where mask is True."""
    return tuple(int(i) + 2 for i in mask[mask].index)


def _suggest(name: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.5)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    return f"did you mean '{close[0]}'?" if close else None


def _missing_column(fname: str, col: str, present: list[str], role: str) -> Issue:
    hint = _suggest(col, present)
    avail = f"columns in file: {', '.join(present)}"
    return Issue("error", "column.missing", f"{role} column '{col}' not found; {avail}",
                 file=fname, column=col, hint=hint)


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, *a, **k) -> None:
        self.issues.append(Issue(*a, **k))

    def extend(self, items: list[Issue]) -> None:
        self.issues.extend(items)


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


def _check_numeric(col: pd.Series, fname: str, name: str, role: str, out: _Collector
                   ) -> pd.Series:
    num, missing, bad = parse_numbers(col)
    if bad.any():
        sample = ", ".join(repr(v) for v in col[bad].unique()[:3])
        out.add("error", "value.non_numeric", f"non-numeric value(s) {sample}",
                file=fname, column=name, rows=_rows(bad), hint="use plain numbers, e.g. 1234")
    if missing.any():
        out.add("error", "value.missing", "empty cell(s); missing values are never assumed zero",
                file=fname, column=name, rows=_rows(missing),
                hint="enter 0 only where the true value is zero")
    if role in ("count", "stock", "proportion", "rate", "denominator", "exposure"):
        neg = num < 0
        if neg.any():
            out.add("error", "value.negative",
                    f"negative value(s) {', '.join(f'{v:g}' for v in num[neg].unique()[:3])}; "
                    f"a {role} cannot be below 0",
                    file=fname, column=name, rows=_rows(neg))
    if role in ("count",):
        frac = num.notna() & (num % 1 != 0)
        if frac.any():
            out.add("warning", "value.non_integer", "a count with fractional values",
                    file=fname, column=name, rows=_rows(frac))
    if role == "exposure":
        zero = num == 0
        if zero.any():
            out.add("error", "value.zero_exposure", "exposure must be > 0",
                    file=fname, column=name, rows=_rows(zero))
    return num


def _check_grid(units: pd.Series, periods: pd.Series, fname: str, unit_col: str,
                period_col: str, freq: str, out: _Collector,
                grid: pd.PeriodIndex | None) -> pd.PeriodIndex | None:
    """Duplicates and gaps of a unit x period table; returns the period grid."""
    ok = periods.notna() & units.notna()
    key = pd.DataFrame({"u": units[ok], "p": periods[ok].astype(str)})
    dup = key.duplicated(keep=False)
    if dup.any():
        for (u, p), grp in key[dup].groupby(["u", "p"], sort=True):
            out.add("error", "row.duplicate",
                    f"unit '{u}' has {len(grp)} rows for period {p}",
                    file=fname, column=f"{unit_col}, {period_col}",
                    rows=tuple(int(i) + 2 for i in grp.index),
                    hint="keep one row per unit and period")
    if not ok.any():
        return grid
    pvals = pd.PeriodIndex(periods[ok].tolist(), freq=freq)
    full = grid if grid is not None else pd.period_range(pvals.min(), pvals.max(), freq=freq)
    have = pd.DataFrame({"u": units[ok].to_numpy(), "p": pvals})
    for u, grp in have.groupby("u", sort=True):
        missing = full.difference(pd.PeriodIndex(grp["p"]))
        if len(missing):
            listed = ", ".join(str(p) for p in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            out.add("error", "grid.gap",
                    f"unit '{u}' has no row for {len(missing)} period(s): {listed}{more}",
                    file=fname, column=period_col,
                    hint="gaps are never filled with zeros; add the rows (0 if truly zero)")
    return full


def _panel_source(spec: StudySpec, sid: str, raw: RawTable, out: _Collector
                  ) -> pd.DataFrame | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    needed = [(src.unit, "unit"), (src.period, "period")]
    needed += [(c, "indicator") for c in _value_columns(spec, sid)]
    if spec.treatment.adoption and spec.treatment.adoption.source == sid:
        needed.append((spec.treatment.adoption.column, "adoption"))
    missing = [(c, r) for c, r in needed if c not in present]
    for c, r in missing:
        out.issues.append(_missing_column(fname, c, present, r))
    if src.unit not in present or src.period not in present:
        return None
    units = f[src.unit]
    if units.isna().any():
        out.add("error", "unit.missing", "empty unit name(s)", file=fname, column=src.unit,
                rows=_rows(units.isna()))
    periods, bad = parse_periods(f[src.period], spec.pandas_freq)
    if bad.any():
        sample = ", ".join(repr(v) for v in f[src.period][bad].dropna().unique()[:3]) or "empty"
        out.add("error", "period.unparseable", f"cannot read period(s) {sample}",
                file=fname, column=src.period, rows=_rows(bad),
                hint="use YYYY-MM (2021-01), YYYY-MM-DD, 2021年1月 or YYYY-Qn")
    _check_grid(units, periods, fname, src.unit, src.period, spec.pandas_freq, out, None)
    data = pd.DataFrame({"unit": units, "period": periods})
    for col, role in _value_columns(spec, sid).items():
        if col in present:
            data[col] = _check_numeric(f[col], fname, col, role, out)
    # proportion: numerator <= denominator
    for iid, ind in spec.indicators.items():
        if ind.source == sid and ind.kind == "proportion" and \
                ind.numerator in data and ind.denominator in data:
            over = data[ind.numerator] > data[ind.denominator]
            if over.any():
                out.add("error", "proportion.numerator_exceeds_denominator",
                        f"indicator '{iid}': {ind.numerator} > {ind.denominator}",
                        file=fname, column=ind.numerator, rows=_rows(over))
    if spec.treatment.adoption and spec.treatment.adoption.source == sid and \
            spec.treatment.adoption.column in present:
        data["_adoption"] = f[spec.treatment.adoption.column]
    keep = data["unit"].notna() & data["period"].notna()
    data = data[keep]
    data = data[~data.duplicated(["unit", "period"], keep="first")]
    data["period"] = pd.PeriodIndex(data["period"].tolist(), freq=spec.pandas_freq)
    return data.set_index(["unit", "period"]).sort_index()


def _events_source(spec: StudySpec, sid: str, raw: RawTable, out: _Collector
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
    if src.unit not in present or src.date not in present:
        return None
    periods, bad = parse_periods(f[src.date], spec.pandas_freq)
    if bad.any():
        sample = ", ".join(repr(v) for v in f[src.date][bad].dropna().unique()[:3]) or "empty"
        out.add("error", "period.unparseable", f"cannot read date(s) {sample}",
                file=fname, column=src.date, rows=_rows(bad),
                hint="use YYYY-MM-DD (2021-01-15) or 2021年1月15日")
    if f[src.unit].isna().any():
        out.add("error", "unit.missing", "empty unit name(s)", file=fname, column=src.unit,
                rows=_rows(f[src.unit].isna()))
    ev = pd.DataFrame({"unit": f[src.unit], "period": periods})
    if src.category and src.category in present:
        ev["category"] = f[src.category]
        known = sorted(ev["category"].dropna().unique().tolist())
        for iid, ind in spec.indicators.items():
            if ind.source != sid or not ind.categories:
                continue
            for cat in ind.categories:
                if cat not in known:
                    out.add("error", "events.unknown_category",
                            f"indicator '{iid}' counts category '{cat}', which never occurs; "
                            f"categories in file: {', '.join(map(str, known[:12]))}",
                            file=fname, column=src.category, hint=_suggest(cat, known))
    return ev[ev["unit"].notna() & ev["period"].notna()]


def _aggregate_events(spec: StudySpec, sid: str, ev: pd.DataFrame, units: list[str],
                      grid: pd.PeriodIndex, fname: str, out: _Collector) -> pd.DataFrame:
    """Count events per unit and period on the study grid (0 where a unit had none)."""
    per = pd.PeriodIndex(ev["period"].tolist(), freq=spec.pandas_freq)
    outside = ~per.isin(grid)
    if outside.any():
        out.add("warning", "events.outside_range",
                f"{int(outside.sum())} event(s) dated outside {grid[0]}..{grid[-1]} are not counted",
                file=fname, column=spec.sources[sid].date,
                rows=tuple(int(i) + 2 for i in ev.index[outside]))
    unknown = sorted(set(ev["unit"]) - set(units))
    if unknown and units:
        out.add("warning", "events.unknown_unit",
                f"event(s) for unit(s) not in the panel are not counted: {', '.join(unknown[:8])}",
                file=fname, column=spec.sources[sid].unit)
    idx = pd.MultiIndex.from_product([units, grid], names=["unit", "period"])
    result = pd.DataFrame(index=idx)
    ev = ev.assign(period=per)
    for iid, ind in spec.indicators.items():
        if ind.source != sid:
            continue
        sel = ev
        if ind.categories:
            sel = ev[ev["category"].isin(ind.categories)]
        counts = sel.groupby(["unit", "period"]).size()
        result[iid] = counts.reindex(idx, fill_value=0).astype("float64")
    return result


def _facts_source(spec: StudySpec, sid: str, raw: RawTable, out: _Collector) -> pd.Series | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    for c in (src.item, src.value):
        if c not in present:
            out.issues.append(_missing_column(fname, c, present, "facts"))
    if src.item not in present or src.value not in present:
        return None
    dup = f[src.item].duplicated(keep=False) & f[src.item].notna()
    if dup.any():
        out.add("error", "row.duplicate", "item listed more than once", file=fname,
                column=src.item, rows=_rows(dup))
    num = _check_numeric(f[src.value], fname, src.value, "amount", out)
    series = pd.Series(num.to_numpy(), index=f[src.item].astype(str).to_numpy())
    series = series[~series.index.duplicated()]
    items = list(series.index)
    for iid, ind in spec.indicators.items():
        if ind.source != sid:
            continue
        for key in (ind.column, ind.numerator, ind.denominator):
            if key and key not in items:
                out.add("error", "facts.missing_item",
                        f"indicator '{iid}' needs item '{key}', which is not in the file",
                        file=fname, column=src.item, hint=_suggest(key, items))
    return series


def _adoption_map(spec: StudySpec, frames: dict[str, pd.DataFrame], units: list[str],
                  out: _Collector) -> dict[str, pd.Period | None]:
    freq = spec.pandas_freq
    tr = spec.treatment
    if tr.adoption is None:
        start = parse_period_text(tr.start, freq)
        return {u: (start if u in tr.units else None) for u in units}
    sid = tr.adoption.source
    fname = str(spec.path_of(sid))
    frame = frames.get(sid)
    if frame is None or "_adoption" not in frame:
        return {u: None for u in units}
    adoption: dict[str, pd.Period | None] = {}
    col = frame["_adoption"]
    never = {str(v).strip().lower() for v in tr.adoption.never}
    for u, vals in col.groupby(level="unit"):
        texts = {("" if pd.isna(v) else str(v).strip()) for v in vals}
        if len(texts) > 1:
            out.add("error", "adoption.inconsistent",
                    f"unit '{u}' has different adoption values: {', '.join(sorted(texts)[:4])}",
                    file=fname, column=tr.adoption.column,
                    hint="adoption is a property of the unit: one value on every row")
            adoption[u] = None
            continue
        text = texts.pop()
        if text.lower() in never:
            adoption[u] = None
            continue
        per, bad = parse_periods(pd.Series([text]), freq)
        if bad.iloc[0]:
            out.add("error", "adoption.unparseable",
                    f"unit '{u}': cannot read adoption date {text!r}",
                    file=fname, column=tr.adoption.column,
                    hint=f"a period, or one of {', '.join(repr(n) for n in tr.adoption.never)}")
            adoption[u] = None
        else:
            adoption[u] = per.iloc[0]
    return adoption


def _check_design(spec: StudySpec, panel_units: list[str], grid: pd.PeriodIndex,
                  adoption: dict[str, pd.Period | None], spec_file: str, out: _Collector
                  ) -> None:
    freq = spec.pandas_freq
    tr = spec.treatment
    for u in tr.units:
        if u not in panel_units:
            out.add("error", "treatment.unit_absent",
                    f"treated unit '{u}' is not in the data; units: "
                    f"{', '.join(panel_units[:10])}{' ...' if len(panel_units) > 10 else ''}",
                    file=spec_file, column="treatment.units", hint=_suggest(u, panel_units))
    comp = spec.comparison
    listed = comp.units if isinstance(comp.units, list) else []
    for u in list(listed) + list(comp.exclude):
        if u not in panel_units:
            out.add("error", "comparison.unit_absent",
                    f"comparison unit '{u}' is not in the data",
                    file=spec_file, column="comparison.units", hint=_suggest(u, panel_units))
    treated = [u for u, p in adoption.items() if p is not None]
    for u in listed:
        if u in treated:
            out.add("error", "comparison.treated_in_pool",
                    f"unit '{u}' is treated and cannot be a comparison unit",
                    file=spec_file, column="comparison.units")
    if not len(grid):
        return
    first, last = grid[0], grid[-1]
    starts = sorted({p for p in adoption.values() if p is not None})
    if tr.start is not None:
        starts = [parse_period_text(tr.start, freq)]
    for s in starts:
        if s <= first or s > last:
            out.add("error", "treatment.start_outside",
                    f"start {s} is outside the data ({first}..{last}); the pilot must start "
                    f"after the first period and no later than the last",
                    file=spec_file, column="treatment.start" if tr.start else
                    f"{tr.adoption.column if tr.adoption else 'treatment'}")
            continue
        n_pre = int((grid < s).sum())
        if n_pre < spec.min_pre_periods:
            out.add("error", "treatment.too_few_pre_periods",
                    f"start {s} leaves {n_pre} pre-period(s); the analyses need at least "
                    f"{spec.min_pre_periods} (min_pre_periods)",
                    file=spec_file, column="treatment.start" if tr.start else "treatment.adoption")
    for m in tr.milestones:
        p = parse_period_text(m.date, freq)
        if p < first or p > last:
            out.add("error", "treatment.milestone_outside",
                    f"milestone '{m.id}' at {p} is outside the data ({first}..{last})",
                    file=spec_file, column=f"treatment.milestones.{m.id}")
    if not treated and not spec.staggered:
        pass
    comparison = [u for u in panel_units if adoption.get(u) is None]
    if not comparison:
        out.add("warning", "comparison.none",
                "no untreated units: only single-series (before/after, trend) analyses possible",
                file=spec_file, column="comparison.units")
    # windows
    for iid, ind in spec.indicators.items():
        if spec.sources[ind.source].shape == "facts":
            continue
        win = spec.windows_for(iid)
        if win is None:
            continue
        key = f"indicators.{iid}.windows" if ind.windows else "windows"
        pairs = [("after", win.after)] + ([("before", win.before)] if win.before else [])
        for label, w in pairs:
            a, b = parse_period_text(w.start, freq), parse_period_text(w.end, freq)
            if a > b:
                out.add("error", "window.reversed", f"{label} window starts after it ends",
                        file=spec_file, column=f"{key}.{label}")
            elif a < first or b > last:
                out.add("error", "window.outside_data",
                        f"{label} window {a}..{b} is outside the data ({first}..{last})",
                        file=spec_file, column=f"{key}.{label}")
        if win.basis == "year_on_year" and win.before is not None:
            a0, b0 = parse_period_text(win.before.start, freq), parse_period_text(win.before.end, freq)
            a1, b1 = parse_period_text(win.after.start, freq), parse_period_text(win.after.end, freq)
            step = {"M": 12, "Q": 4, "Y": 1}[freq]
            if (a1 - a0).n != step or (b1 - b0).n != step:
                out.add("error", "window.not_year_on_year",
                        f"year-on-year needs the same calendar periods one year apart; got "
                        f"{a0}..{b0} vs {a1}..{b1}",
                        file=spec_file, column=f"{key}.before",
                        hint="omit 'before' and it is derived from 'after'")


def validate_spec_and_data(spec: StudySpec) -> tuple[Panel | None, ValidationReport]:
    """Run every data check for a loaded spec; build the Panel when there are no errors."""
    out = _Collector()
    spec_file = str(Path(spec.base_dir) / spec.spec_file)
    raws: dict[str, RawTable] = {}
    sources_info: list[dict] = []
    for sid, src in spec.sources.items():
        raw, issues = read_source(spec.path_of(sid), src.encoding, src.sheet)
        out.extend(issues)
        if raw is not None:
            raws[sid] = raw
            sources_info.append({"source": sid, "file": src.file, "encoding": raw.encoding,
                                 "rows": raw.n_rows, "sha256": raw.sha256})
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
    units: list[str] = sorted({u for fr in frames.values()
                               for u in fr.index.get_level_values("unit").unique()})
    grid = None
    if frames:
        pers = [fr.index.get_level_values("period") for fr in frames.values()]
        lo = min(p.min() for p in pers)
        hi = max(p.max() for p in pers)
        grid = pd.period_range(lo, hi, freq=spec.pandas_freq)
    for sid, ev in events.items():
        if not units:
            units = sorted(ev["unit"].unique())
        if grid is None and len(ev):
            per = pd.PeriodIndex(ev["period"].tolist(), freq=spec.pandas_freq)
            grid = pd.period_range(per.min(), per.max(), freq=spec.pandas_freq)
        if grid is not None:
            frames[sid] = _aggregate_events(spec, sid, ev, units, grid, raws[sid].file, out)
    adoption = _adoption_map(spec, frames, units, out) if units else {}
    _check_design(spec, units, grid if grid is not None else pd.PeriodIndex([], freq=spec.pandas_freq),
                  adoption, spec_file, out)
    report = ValidationReport(spec.id, tuple(out.issues), tuple(sources_info))
    if not report.ok or grid is None:
        if grid is None and report.ok:
            report = ValidationReport(spec.id, (*out.issues, Issue(
                "error", "source.no_panel", "no panel or events data to analyse",
                file=spec_file, column="sources")), tuple(sources_info))
        return None, report
    frames = {k: v.drop(columns=["_adoption"], errors="ignore") for k, v in frames.items()}
    panel = Panel(spec=spec, periods=grid, units=tuple(units), frames=frames, facts=facts,
                  adoption=adoption)
    return panel, report


def validate_study(path: str | Path) -> ValidationReport:
    """Validate spec and data; never raises for bad input (spec errors become issues)."""
    try:
        spec = load_spec(path)
    except SpecError as exc:
        return ValidationReport(Path(path).parent.name if Path(path).suffix else Path(path).name,
                                exc.issues)
    return validate_spec_and_data(spec)[1]


def load_study(path: str | Path | StudySpec) -> Study:
    """Load and validate a study; raise SpecError / DataValidationError listing every problem."""
    spec = path if isinstance(path, StudySpec) else load_spec(path)
    panel, report = validate_spec_and_data(spec)
    if panel is None:
        raise DataValidationError(report)
    return Study(spec, panel, report)
