"""Files written beside a report: ``results.json`` (byte-stable), tidy CSVs (UTF-8 with
BOM, so Excel on a Chinese Windows reads the Chinese), ``results.xlsx`` with a sheet per
table, and the figure files the page's figures were also written to
(:mod:`analysis.report.exports`)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from analysis.report import exports
from analysis.results.study import StudyResults


def results_json(res: StudyResults) -> str:
    """``StudyResults.to_dict()`` as text: sorted keys, no NaN, no timestamps (same inputs,
    same bytes)."""
    text = json.dumps(res.to_dict(), indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return text + "\n"


def write_outputs(res: StudyResults, out: Path) -> list[str]:
    """Write results.json, indicators.csv, with trend models effects.csv (ITS, STS) and
    effect_paths.csv, one CSV per comparison design that ran, claims.csv and
    results.xlsx into ``out``; the names written, in order (then the figure files, when
    :func:`collect_figures` was started for ``out``)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(results_json(res), encoding="utf-8")
    written = ["results.json"]
    sheets: dict[str, pd.DataFrame] = {}
    if res.indicators is not None:
        sheets["indicators.csv"] = res.indicators.to_frame()
    if res.trends is not None and res.trends.outcomes:
        sheets["effects.csv"] = res.trends.to_frame()
        paths = [
            o.effect.path.to_frame().assign(indicator=o.indicator, design=o.design)
            for o in res.trends.outcomes
            if o.effect is not None
        ]
        if paths:
            sheets["effect_paths.csv"] = pd.concat(paths, ignore_index=True)
    for name, frame in sheets.items():
        exports.write_csv(frame, out / name)
    written += list(sheets)
    tables = exports.write_tables(res, out)
    written += list(tables)
    sheets.update(tables)
    if sheets:  # Excel refuses a workbook without a sheet
        workbook = {name.removesuffix(".csv"): frame for name, frame in sheets.items()}
        exports.write_workbook(workbook, out / exports.WORKBOOK)
        written.append(exports.WORKBOOK)
    fig_sink = exports.sink()
    if fig_sink is not None and fig_sink.folder.resolve() == out.resolve():
        written += fig_sink.names
    return written


def collect_figures(output_dir: str | Path = "") -> None:
    """From now on, also write every figure the page draws as PNG (200 dpi) and SVG
    into ``output_dir``/figures (empty: do not). The report notebook calls it first."""
    exports.start_figures(output_dir)


def save(res: StudyResults, output_dir: str | Path = "") -> HTML:
    """Write the outputs into ``output_dir`` (empty: nothing) and say what was written."""
    from analysis.report.sections.appendix import written

    names = write_outputs(res, Path(output_dir)) if str(output_dir) else []
    return HTML(str(written(names, res.language)))
