"""The synthetic control's predictors from ``indicators.<id>.synth.predictors``.

Each predictor is one number per unit, built before the fit:

* ``{column, start, end}``: the unit's mean of ``column`` over the periods start..end
  (default: the first period of the data to the last pre-period) **that have a value**.
  Empty cells are allowed in a predictor column (a series that starts late, a survey
  that skips years); a unit's mean is over its available periods, as Synth does. A unit
  with no value at all in the window is an error naming the file, column, window and
  units; every window must end before the pilot start.
* ``{outcome_in: period}``: the outcome in that pre-period (the outcome itself must be
  complete over the pre-period, checked by the fit).

The predictors are passed to :func:`analysis.numbers.designs.synth.fit_synth` as column
means over explicit time ordinals, so the two forms share one code path.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.intake.files import parse_period_text
from analysis.intake.panel import Panel


@dataclass(frozen=True)
class PredictorInputs:
    """A frame with the predictor columns beside ``value`` and the arguments of the fit."""

    frame: pd.DataFrame  # unit, period, time, value and one column per predictor column
    predictors: dict[str, tuple[str, list[int], str]]  # name -> (column, ordinals, "mean")
    notes: tuple[str, ...]  # how missing cells were handled, per predictor with any


def _period(panel: Panel, text: str, where: str) -> pd.Period:
    try:
        return parse_period_text(text, panel.spec.pandas_freq)
    except Exception as exc:  # the spec check already refused text that is no period
        raise AnalysisError(f"{where}: '{text}' is not a period ({exc})") from None


def predictor_inputs(
    panel: Panel, indicator: str, frame: pd.DataFrame, units: list[str]
) -> PredictorInputs:
    """The predictors of ``indicator``'s synthetic control, checked against the data for
    ``units`` (the treated unit and the donors).

    ``frame`` is the indicator's tidy frame with ``time`` (period ordinals); the result's
    frame adds each predictor column read from the source."""
    spec = panel.spec
    ind = spec.indicators[indicator]
    src = spec.sources[ind.source]
    key = f"indicators.{indicator}.synth.predictors"
    if src.shape != "panel" or ind.source in panel.micro:
        raise AnalysisError(
            f"{key}: predictors are read from a panel source (one row per unit and period); "
            f"source '{ind.source}' is {src.shape}"
        )
    fname = str(spec.path_of(ind.source))
    start = panel.start
    pre = [p for p in panel.periods if p < start]
    data = panel.frames[ind.source].reset_index()
    cols = ind.predictor_columns
    out = frame.merge(data[["unit", "period", *cols]], on=["unit", "period"], how="left")
    outcome_name = ind.column or indicator
    predictors: dict[str, tuple[str, list[int], str]] = {}
    notes: list[str] = []
    for i, p in enumerate(ind.synth.predictors):
        where = f"{key}[{i}]"
        if p.outcome_in is not None:
            t = _period(panel, p.outcome_in, where)
            if t not in pre:
                raise AnalysisError(
                    f"{where}: outcome_in {t} is not a pre-period ({pre[0]}..{pre[-1]})"
                )
            predictors[f"{outcome_name} {t}"] = ("value", [t.ordinal], "mean")
            continue
        lo = _period(panel, p.start, where) if p.start else panel.periods[0]
        hi = _period(panel, p.end, where) if p.end else pre[-1]
        if not lo <= hi:
            raise AnalysisError(f"{where}: start {lo} is after end {hi}")
        if not hi < start:
            raise AnalysisError(
                f"{where}: the window {lo}..{hi} of '{p.column}' reaches the pilot start "
                f"{start}; a predictor may only use pre-period values"
            )
        if lo < panel.periods[0]:
            raise AnalysisError(
                f"{where}: the window {lo}..{hi} starts before the data ({panel.periods[0]})"
            )
        window = [q for q in panel.periods if lo <= q <= hi]
        cells = out[out["period"].isin(window)]
        have = cells.dropna(subset=[p.column]).groupby("unit").size()
        empty = [u for u in units if have.get(u, 0) == 0]
        if empty:
            raise AnalysisError(
                f"{fname}, column '{p.column}': no value in {lo}..{hi} for unit(s) "
                f"{', '.join(map(str, empty[:8]))}{' ...' if len(empty) > 8 else ''}; a "
                f"predictor's mean needs at least one value per unit ({where})"
            )
        name = f"{p.column} {lo}" if lo == hi else f"{p.column} mean {lo}–{hi}"
        predictors[name] = (p.column, [q.ordinal for q in window], "mean")
        n_missing = len(units) * len(window) - int(have.sum())
        if n_missing:
            notes.append(
                f"{name}: {n_missing} of {len(units) * len(window)} unit-periods empty; each "
                "unit's mean is over its periods with a value"
            )
    return PredictorInputs(out, predictors, tuple(notes))
