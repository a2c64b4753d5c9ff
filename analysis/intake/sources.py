"""Reading each source by its shape into checked frames: panel sources (unit x period
values), events (one row per event, aggregated onto the panel's grid) and facts (one value
per item).
"""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import suggest
from analysis.intake.cells import (
    Collector,
    check_grid,
    check_numeric,
    check_period_cells,
    check_periods,
    file_rows,
    listing,
    missing_column,
    sample_values,
)
from analysis.intake.covariate_terms import (
    add_log_terms,
    check_log_values,
    log_terms,
    missing_covariate,
)
from analysis.intake.files import PeriodCells, RawTable
from analysis.intake.periods import FORMS_HINT
from analysis.intake.reshape import aggregate_rows, lengthen
from analysis.intake.source_keys import covariate_column
from analysis.intake.spec import Source, StudySpec


def keyed_rows(
    spec: StudySpec,
    src: Source,
    f: pd.DataFrame,
    data: pd.DataFrame,
    fname: str,
    out: Collector,
    *,
    repeats: bool,
    empty_unit: str = "empty unit name(s)",
) -> PeriodCells:
    """The unit and period of every row of a panel or microdata file, checked (empty unit
    names, unreadable periods, the grid: duplicates unless ``repeats``, gaps where the
    designs need consecutive periods) and put in front of ``data`` as ``unit``, ``period``
    and the file row ``_row``; returns the parsed period cells."""
    unit_col, period_col = src.unit_column, src.period_column
    assert unit_col is not None and period_col is not None  # callers check both first
    units = f[unit_col]
    if units.isna().any():
        out.add(
            "error",
            "unit.missing",
            empty_unit,
            file=fname,
            column=unit_col,
            rows=file_rows(units.isna()),
        )
    cells = check_period_cells(
        f[period_col],
        fname,
        period_col,
        spec.pandas_freq,
        "period",
        out,
        hint=FORMS_HINT,
    )
    check_grid(
        units,
        cells.periods,
        f[period_col],
        fname,
        unit_col,
        period_col,
        spec.pandas_freq,
        out,
        repeats=repeats,
        contiguous=needs_consecutive_periods(spec),
    )
    data.insert(0, "period", cells.periods)
    data.insert(0, "unit", units)
    data["_row"] = f.index + 2
    return cells


def value_columns(spec: StudySpec, sid: str) -> dict[str, str]:
    """column -> kind-ish role for a panel or microdata source (for the numeric checks).

    Indicator columns take the indicator's kind; weights ``weight`` (must be > 0);
    covariates (the indicator's and its trend model's; ``log(x)`` reads ``x``) ``covariate``
    (any number). A column that is also an indicator's value keeps the indicator's role.
    """
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
    for ind in spec.indicators.values():
        if ind.source != sid:
            continue
        if ind.weight:
            roles.setdefault(ind.weight, "weight")
        for name in ind.all_covariates:
            roles.setdefault(covariate_column(name)[0], "covariate")
        for col in ind.predictor_columns:  # synthetic-control predictors: empty cells allowed
            roles.setdefault(col, "predictor")
    return roles


def text_columns(spec: StudySpec, sid: str) -> list[str]:
    """Columns kept as text for a source: the regression designs' cluster columns."""
    roles = value_columns(spec, sid)
    src = spec.sources[sid]
    cols = [
        ind.did.cluster
        for ind in spec.indicators.values()
        if ind.source == sid and ind.did is not None and ind.did.cluster
    ]
    return [
        c
        for c in dict.fromkeys(cols)
        if c not in roles and c not in (src.unit_column, src.period_column)
    ]


def needs_consecutive_periods(spec: StudySpec) -> bool:
    """Designs that model the path over time (its, sts, staggered) need every period
    between the first and the last; descriptive and did compare before/after periods
    and accept periods that are not consecutive (survey years)."""
    return any(d in ("its", "sts", "staggered") for d in spec.designs)


def check_text_column(col: pd.Series, fname: str, name: str, role: str, out: Collector) -> None:
    if col.isna().any():
        out.add(
            "error",
            "value.missing",
            f"empty {role} cell(s)",
            file=fname,
            column=name,
            rows=file_rows(col.isna()),
            hint=f"every row needs its {role}",
        )


def panel_source(spec: StudySpec, sid: str, raw: RawTable, out: Collector) -> pd.DataFrame | None:
    src = spec.sources[sid]
    fname = raw.file
    roles = value_columns(spec, sid)
    values_out = out
    if src.wide is not None:
        f = lengthen(spec, sid, raw, roles, out)
        if f is None:
            return None
        values_out = Collector()  # the wide file's own columns were checked, with their names
    else:
        f = raw.frame
    present = list(f.columns)
    texts = text_columns(spec, sid)
    adopt = (
        spec.treatment.adoption
        if spec.treatment.adoption and spec.treatment.adoption.source == sid
        else None
    )
    needed = [(src.unit_column, "unit"), (src.period_column, "period")]
    needed += [
        (c, "indicator" if r not in ("weight", "covariate", "predictor") else r)
        for c, r in roles.items()
    ]
    needed += [(c, "cluster") for c in texts]
    if adopt:
        needed.append((adopt.column, "adoption"))
    terms = log_terms(spec, sid)
    for c, r in needed:
        if c not in present:
            out.issues.append(
                missing_covariate(fname, str(c), present, terms)
                if r == "covariate"
                else missing_column(fname, c, present, r)
            )
    # value checks run even when the unit or period column is missing: all problems at once
    data = pd.DataFrame(index=f.index)
    for col, role in roles.items():
        if col in present:
            data[col] = check_numeric(f[col], fname, col, role, values_out)
    for col in texts:
        if col in present:
            check_text_column(f[col], fname, col, "cluster", out)
            data[col] = f[col].astype("string")
    _check_proportions(spec, sid, data, fname, out)
    check_log_values(terms, data, fname, values_out)
    if src.unit_column not in present or src.period_column not in present:
        return None
    cells = keyed_rows(spec, src, f, data, fname, out, repeats=src.aggregate is not None)
    data["_day"] = cells.days
    if adopt and adopt.column in present:
        data["_adoption"] = f[adopt.column]
    keep = data["unit"].notna() & data["period"].notna()
    data = data[keep]
    if src.aggregate is not None:
        data = aggregate_rows(
            data, src.aggregate, list(roles), fname, adopt.column if adopt else None, out
        )
    data = data[~data.duplicated(["unit", "period"], keep="first")].drop(
        columns="_day", errors="ignore"
    )
    data = add_log_terms(terms, data)
    data["unit"] = data["unit"].astype(str)
    data["period"] = pd.PeriodIndex(data["period"].tolist(), freq=spec.pandas_freq)
    return data.set_index(["unit", "period"]).sort_index()


def _check_proportions(
    spec: StudySpec, sid: str, data: pd.DataFrame, fname: str, out: Collector
) -> None:
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
                rows=file_rows(over),
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
                rows=file_rows(zero),
            )


def events_source(spec: StudySpec, sid: str, raw: RawTable, out: Collector) -> pd.DataFrame | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    cols = [(src.unit_column, "unit"), (src.date, "date")]
    if src.category:
        cols.append((src.category, "category"))
    for c, r in cols:
        if c not in present:
            out.issues.append(missing_column(fname, c, present, r))
    ev = pd.DataFrame(index=f.index)
    if src.date in present:
        ev["period"] = check_periods(
            f[src.date],
            fname,
            str(src.date),
            spec.pandas_freq,
            "date",
            out,
            hint="write dates as 2021-01-15, 2021/1/15 or 2021年1月15日",
        )
    if src.unit_column in present and f[src.unit_column].isna().any():
        out.add(
            "error",
            "unit.missing",
            "empty unit name(s)",
            file=fname,
            column=src.unit_column,
            rows=file_rows(f[src.unit_column].isna()),
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
                rows=file_rows(ev["category"].isna()),
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
                        f"{listing(known, 12)}",
                        f"indicators.{iid}.categories",
                        hint=suggest(cat, known) or "check the spelling",
                    )
    if any(c not in present for c, _ in cols):
        return None
    ev["unit"] = f[src.unit_column]
    return ev[ev["unit"].notna() & ev["period"].notna()]


def aggregate_events(
    spec: StudySpec,
    sid: str,
    ev: pd.DataFrame,
    units: list[str],
    grid: pd.PeriodIndex,
    fname: str,
    out: Collector,
) -> pd.DataFrame:
    """Count events per unit and period on the study grid (0 where a unit had none)."""
    per = pd.PeriodIndex(ev["period"].tolist(), freq=spec.pandas_freq)
    outside = ~per.isin(grid)
    if outside.any():
        out.add(
            "warning",
            "events.outside_range",
            f"{int(outside.sum())} event(s) dated outside the study periods "
            f"{grid[0]}..{grid[-1]} are not counted"
            if len(grid) == (grid[-1] - grid[0]).n + 1
            else f"{int(outside.sum())} event(s) dated in periods the study grid does not "
            f"hold ({listing([str(p) for p in grid], 8)}) are not counted",
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
            f"event(s) for unit(s) not in the panel are not counted: {listing(unknown, 8)}",
            file=fname,
            column=spec.sources[sid].unit_column,
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


def facts_source(spec: StudySpec, sid: str, raw: RawTable, out: Collector) -> pd.Series | None:
    src = spec.sources[sid]
    f = raw.frame
    fname = raw.file
    present = list(f.columns)
    for c, role in ((src.item, "item"), (src.value, "value")):
        if c not in present:
            out.issues.append(missing_column(fname, c, present, f"facts {role}"))
    if src.item not in present or src.value not in present:
        return None
    if f[src.item].isna().any():
        out.add(
            "error",
            "facts.empty_item",
            "empty item name(s)",
            file=fname,
            column=src.item,
            rows=file_rows(f[src.item].isna()),
        )
    dup = f[src.item].duplicated(keep=False) & f[src.item].notna()
    if dup.any():
        names = sample_values(f[src.item][dup], 4)
        out.add(
            "error",
            "row.duplicate",
            f"item(s) listed more than once: {names}",
            file=fname,
            column=src.item,
            rows=file_rows(dup),
            hint="keep one row per item",
        )
    num = check_numeric(f[src.value], fname, src.value, "amount", out)
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
                    f"items: {listing(items, 12)}",
                    file=fname,
                    column=src.item,
                    hint=suggest(key, items) or f"add a row with {src.item} = {key}",
                )
    return series
