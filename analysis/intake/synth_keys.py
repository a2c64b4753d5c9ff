"""``indicators.<id>.synth`` against the study's periods, before any kernel starts: the
predictors' windows and periods lie in the data and before the pilot start, a window's
start is not after its end, predictors are read from a panel source, and a ``synth`` key
that nothing would use (no design ``did``) is named rather than ignored."""

from __future__ import annotations

import pandas as pd

from analysis.intake.cells import Collector
from analysis.intake.files import parse_period_text
from analysis.intake.spec import StudySpec


def check_synth_keys(spec: StudySpec, grid: pd.PeriodIndex, out: Collector) -> None:
    """One issue per unusable ``synth`` setting (errors for periods, a warning when unused)."""
    freq = spec.pandas_freq
    start = parse_period_text(spec.treatment.start, freq) if spec.treatment.start else None
    for iid, ind in spec.indicators.items():
        if ind.synth is None:
            continue
        key = f"indicators.{iid}.synth"
        if "did" not in spec.designs:
            out.spec(
                "warning",
                "synth.unused",
                f"{key} is set but the synthetic control runs only with design did "
                f"(designs: {', '.join(spec.designs)}); it is not used",
                key,
            )
        src = spec.sources[ind.source]
        if ind.synth.predictors and src.shape != "panel":
            out.spec(
                "error",
                "synth.predictors_source",
                f"{key}.predictors: predictors are read from a panel source (one row per "
                f"unit and period); source '{ind.source}' is {src.shape}",
                f"{key}.predictors",
            )
        if start is None or not len(grid):
            continue
        for i, p in enumerate(ind.synth.predictors):
            _check_predictor(p, f"{key}.predictors.{i}", start, grid, freq, out)


def _check_predictor(p, key: str, start, grid: pd.PeriodIndex, freq: str, out: Collector) -> None:
    periods = {
        name: parse_period_text(text, freq)
        for name, text in (("start", p.start), ("end", p.end), ("outcome_in", p.outcome_in))
        if text
    }
    for name, period in periods.items():
        if period < grid[0] or period >= start:
            where = (
                f"before the first period in the data ({grid[0]})"
                if period < grid[0]
                else f"not before the pilot start {start}"
            )
            out.spec(
                "error",
                "synth.predictor_period",
                f"{key}.{name} {period} is {where}: a predictor uses pre-period values only",
                f"{key}.{name}",
                hint=f"give a period from {grid[0]} to {start - 1}",
            )
    if "start" in periods and "end" in periods and periods["start"] > periods["end"]:
        out.spec(
            "error",
            "synth.predictor_window",
            f"{key}: start {periods['start']} is after end {periods['end']}",
            f"{key}.start",
        )
