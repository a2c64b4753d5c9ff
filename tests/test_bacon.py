"""Goodman-Bacon decomposition: the exact identity (weighted 2×2 estimates = TWFE, the
TWFE computed independently by analysis.numbers.designs.did.twfe), weights that sum to one, and
the forbidden comparisons that pull TWFE away when effects grow with time."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.bacon import bacon_decomposition
from analysis.numbers.designs.did import twfe
from analysis.results.bacon import TYPES, BaconDecomposition

MPDTA = Path(__file__).resolve().parents[2] / "shared" / "validation" / "mpdta_csdid" / "mpdta.csv"
KW = {"unit": "countyreal", "time": "year", "outcome": "lemp", "cohort": "first.treat"}


def _twfe(frame: pd.DataFrame, unit: str, time: str, outcome: str, cohort: str) -> float:
    """Our TWFE where it applies; statsmodels OLS with unit and period dummies when there
    are no never-treated units (our twfe refuses those panels)."""
    d = ((frame[cohort] > 0) & (frame[time] >= frame[cohort])).astype(int)
    work = frame.assign(_d=d)
    if (frame[cohort] == 0).any():
        return twfe(work, outcome=outcome, unit=unit, time=time, treated_post="_d").estimate
    import statsmodels.formula.api as smf

    work = work.rename(columns={outcome: "y_", unit: "u_", time: "t_"})
    return float(smf.ols("y_ ~ _d + C(u_) + C(t_)", data=work).fit().params["_d"])


def _staggered(seed: int, growing: bool, never: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 120
    cohorts = [3, 5, 7] + ([0] if never else [])
    g = rng.choice(cohorts, size=n)
    rows = []
    for t in range(1, 10):
        e = t - g
        post = (g > 0) & (e >= 0)
        eff = np.where(post, (1 + e) if growing else 2.0, 0.0)
        rows.append(
            pd.DataFrame(
                {"id": np.arange(n), "t": t, "g": g, "y": rng.normal(size=n) + 0.2 * t + eff}
            )
        )
    return pd.concat(rows, ignore_index=True)


def test_mpdta_identity_and_known_twfe():
    if not MPDTA.exists():
        pytest.skip(f"validation data not found: {MPDTA}")
    frame = pd.read_csv(MPDTA)
    b = bacon_decomposition(frame, **KW)
    assert b.twfe_estimate == pytest.approx(_twfe(frame, **KW), abs=1e-12)
    assert abs(b.identity_gap) < 1e-12
    assert sum(b.weight) == pytest.approx(1.0, abs=1e-12)
    assert len(b.estimate) == 9  # 3 vs never + 3 pairs × 2 directions
    by = b.by_type().set_index("comparison")
    assert by.loc[TYPES[0], "n_comparisons"] == 3


@pytest.mark.parametrize("never", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_identity_on_simulated_panels(seed, never):
    frame = _staggered(seed, growing=True, never=never)
    kw = {"unit": "id", "time": "t", "outcome": "y", "cohort": "g"}
    b = bacon_decomposition(frame, **kw)
    assert b.twfe_estimate == pytest.approx(_twfe(frame, **kw), abs=1e-10)
    assert abs(b.identity_gap) < 1e-10
    assert min(b.weight) > 0


def test_forbidden_comparisons_explain_twfe_bias():
    """With effects growing in event time, the 'later vs earlier' comparisons are pulled
    below the clean ones (the early cohort's growing effect is subtracted); with a
    constant effect all comparisons estimate it."""
    kw = {"unit": "id", "time": "t", "outcome": "y", "cohort": "g"}
    grow = bacon_decomposition(_staggered(5, growing=True), **kw).by_type()
    clean = grow.set_index("comparison").loc[TYPES[0], "estimate"]
    forbidden = grow.set_index("comparison").loc[TYPES[2], "estimate"]
    assert forbidden < clean - 1.0
    flat = bacon_decomposition(_staggered(5, growing=False), **kw).by_type()
    assert np.allclose(flat["estimate"], 2.0, atol=0.35)


def test_round_trip_and_views():
    b = bacon_decomposition(
        _staggered(1, growing=True), unit="id", time="t", outcome="y", cohort="g"
    )
    back = BaconDecomposition.from_dict(json.loads(json.dumps(b.to_dict())))
    assert back == b
    assert "already-treated" in b.headline()
    assert 0 < b.forbidden_weight < 1
    assert b.plot().get_xlabel() == "Weight in the two-way fixed-effects estimate"


def test_bad_input():
    frame = _staggered(1, growing=True)
    kw = {"unit": "id", "time": "t", "outcome": "y", "cohort": "g"}
    with pytest.raises(AnalysisError, match="no treated units"):
        bacon_decomposition(frame.assign(g=0), **kw)
    one = frame[frame["g"].isin([0, 3])].assign(g=lambda f: np.where(f["g"] > 0, 3, 0))
    assert bacon_decomposition(one, **kw).comparison == (TYPES[0],)
    with pytest.raises(AnalysisError, match="no comparison"):
        bacon_decomposition(frame[frame["g"] == 3], **kw)
    with pytest.raises(AnalysisError, match="unbalanced"):
        bacon_decomposition(frame.iloc[1:], **kw)
