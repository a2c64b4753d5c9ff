"""`indicators.<id>.synth`: synthetic-control predictors from the spec (column means over
pre-period windows, the outcome in given periods), the missing-value rule (a unit's mean
over the periods of the window that have a value, as Synth does), the checks, and the
report's balance table. The ADH (2010) reproduction through the spec is in
tests/test_examples.py (`test_prop99_synth_*`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError, DataValidationError, SpecError
from analysis.intake.spec import load_spec
from analysis.intake.validate import load_study, validate_study
from analysis.numbers.comparisons import synth_for_indicator
from analysis.numbers.designs.synth import fit_synth

UNITS = ["T", "A", "B", "C", "D", "E"]
YEARS = list(range(2000, 2012))  # pilot from 2008: 8 pre-periods

SPEC = """\
id: synthspec
title: Synth predictors
question: Did y fall?
sources:
  panel: {{file: panel.csv, shape: panel, unit: unit, period: year}}
frequency: year
treatment: {{units: [T], start: "2008"}}
windows:
  before: {{start: "2004", end: "2007"}}
  after: {{start: "2008", end: "2011"}}
min_pre_periods: 4
indicators:
  y:
    label: Outcome
    kind: rate
    source: panel
    column: y
    synth:
{synth}designs: [descriptive, did]
"""
PREDICTORS = """\
      predictors:
        - {column: x, start: "2003", end: "2007"}
        - {column: z}
        - {outcome_in: "2002"}
      v_starts: 5
      placebo_v_starts: 2
"""


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for i, u in enumerate(UNITS):
        for t in YEARS:
            y = 50 + 3 * i + 0.5 * (t - 2000) + rng.normal(0, 0.5)
            if u == "T" and t >= 2008:
                y -= 5
            rows.append(
                {
                    "unit": u,
                    "year": t,
                    "y": round(y, 3),
                    "x": round(i + rng.normal(0, 0.2), 3),
                    "z": round(10 - i + rng.normal(0, 0.2), 3),
                }
            )
    df = pd.DataFrame(rows)
    # empty predictor cells: B has no x in 2003-2004, T none in 2007; z empty before 2002
    df.loc[(df.unit == "B") & df.year.isin([2003, 2004]), "x"] = np.nan
    df.loc[(df.unit == "T") & (df.year == 2007), "x"] = np.nan
    df.loc[df.year < 2002, "z"] = np.nan
    return df


def _write(tmp_path, synth: str = PREDICTORS, panel: pd.DataFrame | None = None):
    (tmp_path / "study.yml").write_text(SPEC.format(synth=synth), encoding="utf-8")
    (_panel() if panel is None else panel).to_csv(tmp_path / "panel.csv", index=False)
    return tmp_path / "study.yml"


def test_predictors_are_means_of_the_available_values(tmp_path):
    study = load_study(_write(tmp_path))
    fit, placebo = synth_for_indicator(study.panel, "y", seed=3)
    df = _panel()
    names = list(fit.predictor_names)
    assert names == ["x mean 2003–2007", "z mean 2000–2007", "y 2002"]
    units = list(fit.donors)
    assert fit.treated_unit == "T" and units == UNITS[1:]

    def mean(col, lo, hi, u):  # pandas skips NaN: the mean of the years with a value
        sel = df[(df.unit == u) & df.year.between(lo, hi)][col]
        return float(sel.mean())

    expect = {
        names[0]: [mean("x", 2003, 2007, u) for u in UNITS],
        names[1]: [mean("z", 2000, 2007, u) for u in UNITS],
        names[2]: [float(df[(df.unit == u) & (df.year == 2002)].y.iloc[0]) for u in UNITS],
    }
    # B's x is the mean of 2005-2007 only, T's of 2003-2006
    assert expect[names[0]][2] == pytest.approx(
        df[(df.unit == "B") & df.year.between(2005, 2007)].x.mean()
    )
    w = np.asarray(fit.weights)
    for k, name in enumerate(names):
        vals = np.asarray(expect[name])
        assert fit.predictor_treated[k] == pytest.approx(vals[0], rel=1e-12)
        assert fit.predictor_synthetic[k] == pytest.approx(vals[1:] @ w, rel=1e-12)
        assert fit.predictor_donor_mean[k] == pytest.approx(vals[1:].mean(), rel=1e-12)
    assert fit.method == "nested V (predictors)"
    assert fit.n_starts == 5 and placebo.n_starts == 2 and placebo.n_units == 6
    # the notes say how many cells were empty and the rule used
    notes = " ".join(fit.notes)
    assert "x mean 2003–2007: 3 of 30 unit-periods empty" in notes
    assert "z mean 2000–2007: 12 of 48 unit-periods empty" in notes
    assert "periods with a value" in notes


def test_same_fit_as_the_library_called_by_hand(tmp_path):
    """The spec route gives the fit of fit_synth on the same predictors and ordinals."""
    study = load_study(_write(tmp_path))
    fit, _ = synth_for_indicator(study.panel, "y", seed=3)
    df = _panel()
    by_hand = fit_synth(
        df,
        unit="unit",
        time="year",
        outcome="y",
        treated_unit="T",
        start=2008,
        predictors={
            "x": ("x", range(2003, 2008), "mean"),
            "z": ("z", range(2000, 2008), "mean"),
            "y2002": ("y", [2002], "mean"),
        },
        n_starts=5,
        seed=3,
    )
    assert fit.weights == pytest.approx(by_hand.weights, abs=1e-12)
    assert fit.loss == pytest.approx(by_hand.loss, rel=1e-10)


def test_outcome_path_alone_without_predictors(tmp_path):
    study = load_study(_write(tmp_path, synth="      v_starts: 5\n"))
    fit, _ = synth_for_indicator(study.panel, "y", seed=3)
    assert fit.predictor_names == () and fit.method == "pre-period outcomes"


def test_unit_with_no_value_in_a_window_is_named(tmp_path):
    df = _panel()
    df.loc[(df.unit == "C") & df.year.between(2003, 2007), "x"] = np.nan
    study = load_study(_write(tmp_path, panel=df))
    with pytest.raises(AnalysisError) as err:
        synth_for_indicator(study.panel, "y")
    text = str(err.value)
    assert "panel.csv" in text and "column 'x'" in text and "C" in text and "2003..2007" in text


@pytest.mark.parametrize(
    ("synth", "key", "words"),
    [
        (
            "      predictors: [{column: x, start: '2005', end: '2008'}]\n",
            "indicators.y.synth.predictors.0.end",
            "2008 is not before the pilot start 2008",
        ),
        (
            "      predictors: [{outcome_in: '2009'}]\n",
            "indicators.y.synth.predictors.0.outcome_in",
            "not before the pilot start",
        ),
        (
            "      predictors: [{column: x, start: '1998'}]\n",
            "indicators.y.synth.predictors.0.start",
            "before the first period in the data (2000)",
        ),
        (
            "      predictors: [{column: x, start: '2006', end: '2004'}]\n",
            "indicators.y.synth.predictors.0.start",
            "start 2006 is after end 2004",
        ),
    ],
)
def test_validate_refuses_windows_outside_the_pre_period(tmp_path, synth, key, words):
    report = validate_study(_write(tmp_path, synth=synth))
    errors = [i for i in report.issues if i.severity == "error"]
    assert [i.column for i in errors] == [key], errors
    assert words in errors[0].message and errors[0].file.endswith("study.yml")
    assert errors[0].rows  # the line of the key in study.yml


def test_synth_key_without_design_did_is_named(tmp_path):
    path = _write(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("[descriptive, did]", "[descriptive]"),
        encoding="utf-8",
    )
    report = validate_study(path)
    (w,) = [i for i in report.issues if i.code == "synth.unused"]
    assert w.severity == "warning" and "not used" in w.message


@pytest.mark.parametrize(
    ("synth", "words"),
    [
        ("      predictors: [{column: x, outcome_in: '2002'}]\n", "either"),
        ("      predictors: [{start: '2002'}]\n", "either"),
        ("      predictors: [{outcome_in: '2002', end: '2003'}]\n", "one period"),
        ("      predictors: [{column: x, start: 'soon'}]\n", "not a period"),
        ("      v_starts: -1\n", "v_starts"),
        ("      predictors: [{column: x, lag: 2}]\n", "lag"),
    ],
)
def test_bad_predictor_keys_are_refused(tmp_path, synth, words):
    with pytest.raises(SpecError) as err:
        load_spec(_write(tmp_path, synth=synth))
    assert words in str(err.value)


def test_empty_predictor_cells_pass_validate_but_a_missing_column_does_not(tmp_path):
    report = validate_study(_write(tmp_path))
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    df = _panel().drop(columns="z")
    path = _write(tmp_path, panel=df)
    with pytest.raises(DataValidationError) as err:
        load_study(path)
    text = str(err.value)
    assert "predictor column 'z' not found" in text and "panel.csv" in text


def test_report_shows_predictors_and_balance(tmp_path):
    from analysis.numbers.study import run_analysis
    from analysis.report.sections.synth import synth_parts

    res = run_analysis(load_study(_write(tmp_path)))
    en = " ".join(str(v) for _, v in synth_parts(res, "y", "en"))
    assert "matched on 3 predictor(s): x mean 2003–2007; z mean 2000–2007; y 2002" in en
    assert "pre-period 2000–2007" in en and "Predictor balance" in en and "Donor mean" in en
    assert "random starts (seed" in en and "Best pre-period RMSPE reached" in en
    zh = " ".join(str(v) for _, v in synth_parts(res, "y", "zh"))
    assert "预测变量平衡" in zh and zh != en
    assert res.to_dict()["synthetic_control"]["y"]["fit"]["predictor_names"][2] == "y 2002"
