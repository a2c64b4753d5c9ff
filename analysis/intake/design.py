"""Checks of the study design against the data: the adoption map of a staggered roll-out,
treated and comparison units, the start and milestones on the grid, and the before/after
windows.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from analysis.core.errors import Issue, suggest
from analysis.intake.applicability import design_issues
from analysis.intake.cells import FREQ_WORD, Collector, listing, sample_values
from analysis.intake.files import parse_period_text, parse_periods
from analysis.intake.kinds import check_kind_values
from analysis.intake.spec import StudySpec
from analysis.intake.synth_keys import check_synth_keys
from analysis.intake.windows import resolve_windows


def adoption_map(
    spec: StudySpec, frames: dict[str, pd.DataFrame], units: list[str], out: Collector
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
    for key, vals in texts.groupby(level="unit", sort=True):
        u = cast(str, key)
        urows = rows.loc[vals.index]
        counts = vals.value_counts()
        if len(counts) > 1:
            common = counts.index[0]
            odd = urows[vals != common]
            shown = sample_values(pd.Series(counts.index), 4)
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


def check_design(
    spec: StudySpec,
    panel_units: list[str],
    grid: pd.PeriodIndex,
    adoption: dict[str, pd.Period | None],
    frames: dict[str, pd.DataFrame],
    out: Collector,
) -> None:
    check_kind_values(spec, frames, out)
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
                    f"{listing(panel_units)}",
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
                        f"{listing(panel_units)}",
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
        check_start(spec, parse_period_text(tr.start, freq), grid, out, "treatment.start")
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
            check_start(spec, cohort, grid, out, None, units, rows)
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
    check_windows(spec, grid, out)
    check_synth_keys(spec, grid, out)
    check_trend_pulses(spec, grid, out)
    check_trend_transform(spec, out)
    check_recording_changes(spec, out)


def check_recording_changes(spec: StudySpec, out: Collector) -> None:
    """A recording change named for an indicator whose trend model does not start at it
    sits inside that model's pre- or post-period: its partial period stays in the fit and
    the jump reads as part of the pilot's effect. Warn, naming the key to set."""
    if not {"its", "sts"} & set(spec.designs):
        return
    for i, m in enumerate(spec.treatment.milestones):
        if m.kind != "recording_change":
            continue
        for iid in m.indicators:
            ind = spec.indicators.get(iid)
            if ind is None or spec.sources[ind.source].shape == "facts":
                continue
            start = ind.trend.start if ind.trend is not None else None
            if start != m.id:
                out.spec(
                    "warning",
                    "milestone.recording_change_inside",
                    f"milestone '{m.id}' is a recording change of indicator '{iid}', but "
                    f"its trend model starts at {repr(start) if start else 'the pilot start'}: "
                    "the change in what is recorded is then fitted as part of the series",
                    f"treatment.milestones.{i}.indicators",
                    hint=f"set indicators.{iid}.trend.start: {m.id}",
                )


def check_trend_transform(spec: StudySpec, out: Collector) -> None:
    """``transform: log`` with a count family in ``trend.family`` is a contradiction when
    a trend model runs: the trend models then fit log(y) with Gaussian errors, while a
    count family models the log of the counts' mean."""
    if not {"its", "sts"} & set(spec.designs):
        return
    for iid, ind in spec.indicators.items():
        family = ind.trend.family if ind.trend is not None else "auto"
        if ind.transform == "log" and family in ("poisson", "quasipoisson", "negbin"):
            key = f"indicators.{iid}.trend.family"
            out.spec(
                "error",
                "trend.log_count_family",
                f"indicator '{iid}' has transform: log and trend.family: {family}: the trend "
                "models fit log(y) with Gaussian errors, a count family models the log of "
                "the counts' mean",
                key,
                hint="use family gaussian (or auto) with transform: log, or drop the transform",
            )


def check_trend_pulses(spec: StudySpec, grid: pd.PeriodIndex, out: Collector) -> None:
    """A trend model's pulse (temporary effect) must fit in the post-period of its start
    (the trend's own start milestone, else the pilot start)."""
    freq = spec.pandas_freq
    dates = {m.id: m.date for m in spec.treatment.milestones}
    for iid, ind in spec.indicators.items():
        trend = ind.trend
        if trend is None or trend.pulse is None:
            continue
        text = dates.get(trend.start) if trend.start else spec.treatment.start
        if text is None:
            continue
        start = parse_period_text(text, freq)
        n_post = int((grid >= start).sum())
        if trend.pulse > n_post:
            key = f"indicators.{iid}.trend.pulse"
            out.spec(
                "error",
                "trend.pulse_too_long",
                f"{key} is {trend.pulse} period(s), longer than the post-period: the data "
                f"have {n_post} period(s) from the start {start} to {grid[-1]}",
                key,
                hint=f"give a pulse of at most {n_post} period(s), or leave it out for a "
                "permanent effect",
            )


def design_applicability(
    spec: StudySpec,
    panel_units: list[str],
    grid: pd.PeriodIndex | None,
    adoption: dict[str, pd.Period | None],
    out: Collector,
) -> tuple[Issue, ...]:
    """The designs that cannot run for an indicator, with the reason
    (:func:`analysis.intake.applicability.design_issues`); none while the data have errors
    or no grid (the errors say why first)."""
    if grid is None or not len(grid) or any(i.severity == "error" for i in out.issues):
        return ()
    comp = spec.comparison
    pool = comp.units if isinstance(comp.units, list) else panel_units
    comparison = [
        u for u in pool if u in panel_units and adoption.get(u) is None and u not in comp.exclude
    ]
    return tuple(design_issues(spec, adoption, comparison, grid, out.line_of, out.spec_file))


def check_start(
    spec: StudySpec,
    start: pd.Period,
    grid: pd.PeriodIndex,
    out: Collector,
    key: str | None,
    units: list[str] | None = None,
    rows: tuple[int, ...] = (),
) -> None:
    """The pilot start must leave pre-periods in the data (units: a staggered cohort)."""
    first, last = grid[0], grid[-1]
    who = (
        f"units {listing(units, 6)} adopt"
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
        word = FREQ_WORD.get(spec.pandas_freq, "period")
        report(
            "treatment.too_few_pre_periods",
            f"{who} in {start}, leaving {n_pre} pre-period(s) ({first}..{start - 1}); "
            f"the analyses need at least {spec.min_pre_periods} (min_pre_periods)",
            f"add earlier {word}s to the data, or lower min_pre_periods in study.yml "
            "knowing that trends are then less certain",
        )


def check_windows(spec: StudySpec, grid: pd.PeriodIndex, out: Collector) -> None:
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
        _check_windows_hold_data(win, grid, freq, start, key, out)
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


def _check_windows_hold_data(
    win, grid: pd.PeriodIndex, freq: str, start: pd.Period | None, key: str, out: Collector
) -> None:
    """A window inside the data range must hold a period of the data: with periods that
    are not consecutive (survey years 1978 and 1981), 1979..1980 holds none."""
    pair = resolve_windows(win, freq, start)
    first, last = grid[0], grid[-1]
    for label, a, b in (
        ("after", pair.after_start, pair.after_end),
        ("before", pair.before_start, pair.before_end),
    ):
        if a > b or a < first or b > last or ((grid >= a) & (grid <= b)).any():
            continue
        derived = label == "before" and pair.derived
        out.spec(
            "error",
            "window.no_data",
            f"the {'derived ' if derived else ''}{label} window {a}..{b} holds no period of "
            f"the data (periods present: {listing([str(p) for p in grid], 12)})",
            f"{key}.after" if derived else f"{key}.{label}",
            hint="set the window to periods the data have"
            + ("; give 'before' explicitly" if derived else ""),
        )
