"""The data contract: spec + files -> ValidationReport (every issue) and a Panel.

Nothing is filled in silently: gaps, duplicates, bad cells and impossible
values are reported with file, column and 1-based file rows (the header is
row 1), and the run stops before any model sees the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError, Issue, SpecError, ValidationReport
from analysis.intake.cells import Collector, listing
from analysis.intake.design import adoption_map, check_design, design_applicability
from analysis.intake.files import RawTable, read_source
from analysis.intake.kinds import check_kind_values
from analysis.intake.locate import locate_spec, named_from_root
from analysis.intake.microdata import microdata_source
from analysis.intake.panel import Panel
from analysis.intake.pending import pending_issues
from analysis.intake.prepare import prepare_source
from analysis.intake.reshape import absent_periods, layout_problems
from analysis.intake.sources import (
    aggregate_events,
    events_source,
    facts_source,
    needs_consecutive_periods,
    panel_source,
)
from analysis.intake.spec import StudySpec, load_spec
from analysis.intake.spec_yaml import spec_key_lines
from analysis.intake.unit_names import unit_names_zh


@dataclass(frozen=True)
class Study:
    """A loaded, validated study: the spec, its data, and the validation report."""

    spec: StudySpec
    panel: Panel
    report: ValidationReport


def validate_spec_and_data(spec: StudySpec) -> tuple[Panel | None, ValidationReport]:
    """Run every data check for a loaded spec; build the Panel when there are no errors."""
    spec_file = str(Path(spec.base_dir) / spec.spec_file)
    out = Collector(spec_file, spec_key_lines(spec_file))
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


def _validate(spec: StudySpec, out: Collector) -> tuple[Panel | None, ValidationReport]:
    out.extend(pending_issues(spec))
    layout_problems(spec, out)
    raws: dict[str, RawTable] = {}
    sources_info: list[dict] = []
    for sid, src in spec.sources.items():
        raw, issues = read_source(spec.path_of(sid), src.encoding, src.sheet)
        out.extend(issues)
        if raw is not None:
            prepared = prepare_source(spec, sid, raw, out)
            if prepared is not None:
                raws[sid] = prepared
            sources_info.append(
                {
                    "source": sid,
                    "file": src.file,
                    "encoding": raw.encoding,
                    "rows": raw.n_rows,
                    "sha256": raw.sha256,
                }
            )
    names_zh = unit_names_zh(spec, raws, out)
    frames: dict[str, pd.DataFrame] = {}
    micro: dict[str, pd.DataFrame] = {}
    events: dict[str, pd.DataFrame] = {}
    facts: dict[str, pd.Series] = {}
    for sid, raw in raws.items():
        shape = spec.sources[sid].shape
        if shape == "panel":
            fr = panel_source(spec, sid, raw, out)
            if fr is not None:
                frames[sid] = fr
        elif shape == "microdata":
            md = microdata_source(spec, sid, raw, out)
            if md is not None:
                micro[sid] = md
        elif shape == "events":
            ev = events_source(spec, sid, raw, out)
            if ev is not None:
                events[sid] = ev
        else:
            s = facts_source(spec, sid, raw, out)
            if s is not None:
                facts[sid] = s
    # the study grid and unit list come from the panel and microdata sources
    keyed = [fr.index.to_frame(index=False) for fr in frames.values()]
    keyed += [md[["unit", "period"]] for md in micro.values()]
    units: list[str] = sorted({str(u) for k in keyed for u in k["unit"].unique()})
    grid = study_grid([pd.PeriodIndex(k["period"]) for k in keyed if len(k)], spec)
    for sid, ev in events.items():
        if not units:
            units = sorted(ev["unit"].astype(str).unique())
        if grid is None and len(ev):
            grid = study_grid([pd.PeriodIndex(ev["period"].tolist(), freq=spec.pandas_freq)], spec)
        if grid is not None:
            frames[sid] = aggregate_events(spec, sid, ev, units, grid, raws[sid].file, out)
    absent = absent_periods(grid) if grid is not None else []
    if absent:
        out.spec(
            "info",
            "grid.not_consecutive",
            f"no data for {listing(absent, 8)}: the periods are not consecutive, and the "
            f"study grid holds the {len(grid) if grid is not None else 0} periods present (designs "
            f"{', '.join(spec.designs)} compare before/after periods only)",
            "designs",
            line_key="designs" if out.has_key("designs") else "sources",
        )
    adoption = adoption_map(spec, frames, units, out) if units else {}
    empty_grid = pd.PeriodIndex([], freq=spec.pandas_freq)
    check_design(spec, units, grid if grid is not None else empty_grid, adoption, frames, out)
    check_kind_values(spec, micro, out)  # the records of microdata sources: same value rules
    designs = design_applicability(spec, units, grid, adoption, out)
    report = ValidationReport(spec.id, tuple(out.issues), tuple(sources_info), designs)
    if not report.ok or grid is None:
        if grid is None and report.ok:
            out.spec(
                "error",
                "source.no_panel",
                "no panel, microdata or events data to analyse",
                "sources",
            )
            report = ValidationReport(spec.id, tuple(out.issues), tuple(sources_info), designs)
        return None, report
    frames = {k: v.drop(columns=["_adoption", "_row"], errors="ignore") for k, v in frames.items()}
    micro = {k: v.drop(columns=["_row"]) for k, v in micro.items()}
    panel = Panel(
        spec=spec,
        periods=grid,
        units=tuple(units),
        frames=frames,
        facts=facts,
        adoption=adoption,
        micro=micro,
        unit_zh={u: n for u, n in names_zh.items() if u in units},
    )
    return panel, report


def study_grid(periods: list[pd.PeriodIndex], spec: StudySpec) -> pd.PeriodIndex | None:
    """Every period from the first to the last in the data; with designs that need only
    before/after periods (descriptive, did), the periods present (survey years 1978 and
    1981 make a grid of two)."""
    if not periods:
        return None
    freq = spec.pandas_freq
    if needs_consecutive_periods(spec):
        lo = min(p.min() for p in periods)
        hi = max(p.max() for p in periods)
        return pd.period_range(lo, hi, freq=freq)
    return pd.PeriodIndex(sorted({p for per in periods for p in per}), freq=freq)


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
    """Load and validate a study; raise SpecError / DataValidationError listing every problem.

    A relative ``path`` is read from the working folder, else from the project root above
    it (:func:`~analysis.intake.locate.locate_spec`), so the notebooks' default
    ``data/<study>/study.yml`` works from ``notebooks/`` (JupyterLab) as from the root,
    with the same validation report."""
    root = None
    if isinstance(path, StudySpec):
        spec = path
    else:
        try:
            where = locate_spec(path)
            root = where.root
            spec = load_spec(where.path)
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
    if root is not None:
        report = named_from_root(report, root)
    if panel is None:
        raise DataValidationError(report)
    return Study(spec, panel, report)
