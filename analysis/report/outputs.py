"""Files written beside a report: ``results.json`` (byte-stable) and tidy CSVs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from analysis.results.study import StudyResults


def results_json(res: StudyResults) -> str:
    """``StudyResults.to_dict()`` as text: sorted keys, no NaN, no timestamps (same inputs,
    same bytes)."""
    text = json.dumps(res.to_dict(), indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return text + "\n"


def write_outputs(res: StudyResults, out: Path) -> list[str]:
    """Write results.json, indicators.csv and, with trend models, effects.csv and
    effect_paths.csv into ``out``; the names written, in order."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(results_json(res), encoding="utf-8")
    written = ["results.json"]
    if res.indicators is not None:
        _write_csv(res.indicators.to_frame(), out / "indicators.csv")
        written.append("indicators.csv")
    if res.trends is not None and res.trends.outcomes:
        _write_csv(res.trends.to_frame(), out / "effects.csv")
        paths = [
            o.effect.path.to_frame().assign(indicator=o.indicator, design=o.design)
            for o in res.trends.outcomes
            if o.effect is not None
        ]
        if paths:
            _write_csv(pd.concat(paths, ignore_index=True), out / "effect_paths.csv")
        written += ["effects.csv", "effect_paths.csv"]
    return written


def save(res: StudyResults, output_dir: str | Path = "") -> HTML:
    """Write the outputs into ``output_dir`` (empty: nothing) and say what was written."""
    from analysis.report.sections.appendix import written

    names = write_outputs(res, Path(output_dir)) if str(output_dir) else []
    return HTML(str(written(names, res.language)))


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, float_format="%.10g", lineterminator="\n")
