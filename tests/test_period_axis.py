"""Figures label their time axis at the study's frequency (yearly and quarterly series
used to get monthly tick labels, or bare positions)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from analysis.numbers.designs.its import fit_its


def _labels(ax) -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels()]


@pytest.mark.parametrize(
    ("first", "last", "start", "freq", "pattern"),
    [
        ("1970", "2000", "1989", "Y", r"^\d{4}$"),
        ("2004Q1", "2015Q4", "2010Q3", "Q", r"^\d{4}Q[1-4]$"),
    ],
)
def test_its_figure_ticks_at_the_series_frequency(first, last, start, freq, pattern):
    periods = pd.period_range(first, last, freq=freq)
    rng = np.random.default_rng(3)
    y = 50 + 0.5 * np.arange(len(periods)) + rng.normal(0, 1, len(periods))
    res = fit_its(y, periods, pd.Period(start, freq), family="gaussian", se="ols")
    labels = _labels(res.plot())
    assert 3 <= len(labels) <= 10
    assert all(pd.Series(labels).str.match(pattern)), labels
    assert labels[0] == str(periods[0])
    assert set(labels) <= {str(p) for p in periods}
