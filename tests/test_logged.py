"""``transform: logged``: a column that already holds natural logs is analysed on the log
scale as given (never as percent changes of the log values)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.intake.validate import load_study
from analysis.numbers.study import run_analysis

CPS = Path(__file__).resolve().parents[1] / "examples" / "cps78_85_gender_gap"


def test_logged_levels_are_geometric_means_and_changes_exp_of_log_differences():
    res = run_analysis(load_study(CPS / "study.yml"))
    change = next(
        c for c in res.indicators.changes if c.indicator == "log_wage" and c.group == "treated"
    )
    d = pd.read_csv(CPS / "cps78_85.csv")
    women = d[d["female"] == 1]
    before = math.exp(women.loc[women["year"] == 1978, "lwage"].mean())
    after = math.exp(women.loc[women["year"] == 1985, "lwage"].mean())
    assert np.isclose(change.before_level, before, rtol=1e-12)
    assert np.isclose(change.after_level, after, rtol=1e-12)
    assert np.isclose(change.relative_change, after / before - 1, rtol=1e-12)


def test_logged_regression_did_reports_exp_of_the_coefficient():
    res = run_analysis(load_study(CPS / "study.yml"))
    reg = res.regression_did["log_wage"]
    assert reg.scale == "log"
    assert np.isclose(reg.estimate, 0.0850520, atol=5e-7)  # Wooldridge Ex. 13.2: .085
    assert np.isclose(reg.relative_estimate, math.expm1(reg.estimate), rtol=1e-12)
