"""Synthetic control: ADH (2010) Prop 99 reproduction, placebos, bad input, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.synth import (
    fit_synth,
    leave_one_out,
    placebo_in_space,
    placebo_in_time,
)
from analysis.results.synth import SynthLeaveOneOutResult, SynthPlaceboResult, SynthResult

matplotlib.use("Agg")

SMOKING = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "validation"
    / "prop99_its_synth"
    / "smoking.csv"
)

# ADH (2010) Table 2 weights are printed to 3 d.p.; our reproduction is within 0.005 of them
# (the V search has local optima and the published V is not identified), README asks ±0.01.
WEIGHT_TOL = 0.01
# Donors outside ADH's five get weight 0 in Table 2; anything below this is "zero".
ZERO_WEIGHT_TOL = 0.01
# Stata synth2 replication prints pre-RMSPE 1.75567; our better-or-equal optimum gives 1.7540.
RMSPE_TOL = 0.05
# Gaps: synth2 prints −7.59 (1989) and −25.76 (2000); reproduced −7.59 / −25.73 (W differs at
# the 3rd decimal, which moves the 2000 gap by a few hundredths).
GAP_1989_TOL = 0.1
GAP_2000_TOL = 0.3
# The best pre-period MSPE we know for this problem (RMSPE 1.75404); a fit worse than this
# by more than the tolerance means the V search stopped at a worse local optimum.
BEST_KNOWN_RMSPE = 1.75404
LOSS_TOL = 1e-3

ADH_WEIGHTS = {
    "Utah": 0.334,
    "Nevada": 0.234,
    "Montana": 0.199,
    "Colorado": 0.164,
    "Connecticut": 0.069,
}
PREDICTORS = {
    "lnincome": ("lnincome", range(1980, 1989), "mean"),
    "age15to24": ("age15to24", range(1980, 1989), "mean"),
    "retprice": ("retprice", range(1980, 1989), "mean"),
    "beer": ("beer", range(1984, 1989), "mean"),
}
KW = dict(
    unit="state",
    time="year",
    outcome="cigsale",
    treated_unit="California",
    start=1989,
    predictors=PREDICTORS,
    special_periods=(1988, 1980, 1975),
)


@pytest.fixture(scope="module")
def smoking() -> pd.DataFrame:
    if not SMOKING.exists():
        pytest.skip(f"validation data not found: {SMOKING}")
    return pd.read_csv(SMOKING)


@pytest.fixture(scope="module")
def adh(smoking) -> SynthResult:
    return fit_synth(smoking, **KW)


# ---------------------------------------------------------------------------
# Published numbers
# ---------------------------------------------------------------------------
def test_adh_weights(adh):
    for state, w in ADH_WEIGHTS.items():
        assert adh.weight(state) == pytest.approx(w, abs=WEIGHT_TOL), state
    others = [w for d, w in zip(adh.donors, adh.weights, strict=True) if d not in ADH_WEIGHTS]
    assert max(others) < ZERO_WEIGHT_TOL
    assert sum(adh.weights) == pytest.approx(1.0, abs=1e-6)
    assert min(adh.weights) >= 0


def test_adh_fit_and_gaps(adh):
    assert adh.pre_rmspe == pytest.approx(1.75, abs=RMSPE_TOL)
    assert adh.gap_at(1989) == pytest.approx(-7.59, abs=GAP_1989_TOL)
    assert adh.gap_at(2000) == pytest.approx(-25.7, abs=GAP_2000_TOL)
    assert adh.avg_post_effect == pytest.approx(-19.0, abs=GAP_2000_TOL)
    assert adh.rmspe_ratio == pytest.approx(adh.post_rmspe / adh.pre_rmspe)


def test_v_search_reaches_best_known_optimum(adh, smoking):
    # DESIGN.md: a faster V search that lands on a worse optimum is wrong, not fast.
    assert np.sqrt(adh.loss) <= BEST_KNOWN_RMSPE + LOSS_TOL
    single = fit_synth(smoking, **KW, n_starts=0)
    assert single.loss >= adh.loss - 1e-9


def test_deterministic_given_seed(adh, smoking):
    again = fit_synth(smoking, **KW)
    assert again == adh


@pytest.mark.slow
def test_placebo_in_space_california_ranks_first(smoking):
    # 15 V starts per placebo (README part C): the ranking of California is unaffected.
    res = placebo_in_space(smoking, **KW, n_starts=15)
    assert res.n_units == 39
    assert res.rank == 1
    assert res.p_value == pytest.approx(1 / 39)
    assert res.min_p_value == pytest.approx(1 / 39)
    assert res.ranking()[0] == "California"
    assert res.ranking()[1:3] == ["Georgia", "Virginia"]  # as in Stata synth2
    assert "1 of 39" in res.headline()
    assert "39个单位中排第1" in res.headline("zh")
    back = SynthPlaceboResult.from_dict(json.loads(json.dumps(res.to_dict())))
    assert back == res
    assert res.to_frame().iloc[0]["unit"] == "California"
    res.plot()


@pytest.mark.slow
def test_leave_one_out(smoking, adh):
    res = leave_one_out(smoking, **KW, n_starts=15)
    assert set(res.dropped) == set(ADH_WEIGHTS)
    assert all(e < 0 for e in res.avg_post_effect)  # the drop survives losing any donor
    assert res.full_avg_post_effect == pytest.approx(adh.avg_post_effect, abs=0.05)
    assert SynthLeaveOneOutResult.from_dict(json.loads(json.dumps(res.to_dict()))) == res
    assert "5 donors" in res.headline() and "剔除5个" in res.headline("zh")
    res.plot()


def test_placebo_in_time(smoking):
    kw = {
        **KW,
        "predictors": {
            k: (c, range(1975, 1982), "mean") for k, (c, _, _) in PREDICTORS.items() if k != "beer"
        },
        "special_periods": (1970, 1975, 1980),
    }
    res = placebo_in_time(smoking, **kw, fake_start=1982, n_starts=10)
    assert res.start == 1982 and res.times[-1] == 1988
    # no real effect before 1989: the fake post-period gap stays small
    assert abs(res.avg_post_effect) < 10
    with pytest.raises(AnalysisError, match="before the real start"):
        placebo_in_time(smoking, **kw, fake_start=1990)


# ---------------------------------------------------------------------------
# Outcome-only fit on a planted effect
# ---------------------------------------------------------------------------
def _planted(effect: float = -5.0) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    t = np.arange(2000, 2020)
    donors = {
        f"d{i}": 50 + rng.normal(0, 3) + (0.5 + 0.2 * i) * (t - 2000) + rng.normal(0, 0.2, len(t))
        for i in range(6)
    }
    treated = 0.5 * donors["d1"] + 0.5 * donors["d4"] + effect * (t >= 2012)
    rows = [
        (u, int(tt), float(y))
        for u, ys in {"T": treated, **donors}.items()
        for tt, y in zip(t, ys, strict=True)
    ]
    return pd.DataFrame(rows, columns=["unit", "time", "y"])


def test_outcome_only_recovers_planted_effect():
    res = fit_synth(_planted(), unit="unit", time="time", outcome="y", treated_unit="T", start=2012)
    assert res.method == "pre-period outcomes"
    assert res.weight("d1") + res.weight("d4") > 0.8
    assert res.avg_post_effect == pytest.approx(-5.0, abs=0.5)
    path = res.to_frame("path")
    assert list(path.columns[:7]) == [
        "time",
        "unit",
        "observed",
        "counterfactual",
        "effect",
        "conf_low",
        "conf_high",
    ]
    assert path.effect.to_numpy() == pytest.approx(np.asarray(res.effect))
    pl = placebo_in_space(
        _planted(), unit="unit", time="time", outcome="y", treated_unit="T", start=2012
    )
    assert pl.n_units == 7 and pl.min_p_value == pytest.approx(1 / 7)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------
BASE = dict(unit="unit", time="time", outcome="y", treated_unit="T", start=2012)


def test_treated_in_donor_pool():
    with pytest.raises(AnalysisError, match="donor pool") as exc:
        fit_synth(_planted(), **BASE, donors=["T", "d1", "d2"])
    assert "the treated unit 'T' is in the donor pool" in str(exc.value)
    with pytest.raises(AnalysisError, match="'T' is in the donor pool"):
        placebo_in_space(_planted(), **BASE, donors=["d1", "d2", "T"])


def test_donor_missing_pre_period_named():
    df = _planted()
    df.loc[(df.unit == "d3") & (df.time == 2003), "y"] = np.nan
    with pytest.raises(AnalysisError, match=r"missing pre-period.*d3") as exc:
        fit_synth(df, **BASE)
    msg = str(exc.value)
    assert "donor(s) with missing pre-period values of 'y'" in msg
    assert "d3 at time 2003" in msg
    df = _planted()
    df = df[~((df.unit == "d2") & (df.time == 2005))]  # a missing row counts too
    with pytest.raises(AnalysisError, match=r"missing pre-period.*d2 at time 2005"):
        fit_synth(df, **BASE)


def test_missing_pre_period_lists_every_donor_and_period():
    df = _planted()
    df.loc[(df.unit == "d1") & df.time.isin([2001, 2004]), "y"] = np.nan
    df = df[~((df.unit == "d5") & (df.time <= 2008))]  # nine absent rows
    with pytest.raises(AnalysisError) as exc:
        placebo_in_space(df, **BASE)
    msg = str(exc.value)
    assert "(NaN or no row)" in msg
    assert "d1 at time 2001, 2004" in msg
    assert "d5 at time 2000, 2001, 2002, 2003, 2004, 2005, … (9 periods)" in msg
    assert "d2" not in msg and "T at" not in msg


def test_treated_missing_pre_period_named():
    df = _planted()
    df.loc[(df.unit == "T") & (df.time == 2010), "y"] = np.nan
    with pytest.raises(
        AnalysisError,
        match=r"treated unit with missing pre-period.*T at time "
        r"2010",
    ):
        fit_synth(df, **BASE)


def test_empty_donor_pool():
    with pytest.raises(AnalysisError, match="donor pool is empty") as exc:
        fit_synth(_planted(), **BASE, donors=[])
    assert "'T'" in str(exc.value) and "column 'unit'" in str(exc.value)
    alone = _planted().query("unit == 'T'")
    with pytest.raises(AnalysisError, match="donor pool is empty"):
        fit_synth(alone, **BASE)


def test_fewer_than_two_donors():
    with pytest.raises(AnalysisError, match="at least 2 donor units; got 1: d1"):
        fit_synth(_planted(), **BASE, donors=["d1"])


@pytest.mark.parametrize("start", [2000, 1990, 2025])
def test_start_outside_data(start):
    with pytest.raises(AnalysisError, match="outside the data"):
        fit_synth(_planted(), **{**BASE, "start": start})


def test_predictor_without_data_in_window():
    df = _planted()
    df["x"] = np.where(df.time >= 2005, 1.0, np.nan)
    with pytest.raises(AnalysisError, match="no data in its window"):
        fit_synth(df, **BASE, predictors={"x": ("x", range(2000, 2004), "mean")})
    with pytest.raises(AnalysisError, match="post-period"):
        fit_synth(df, **BASE, predictors={"x": ("x", range(2010, 2015), "mean")})
    with pytest.raises(AnalysisError, match="not in the data"):
        fit_synth(df, **BASE, predictors={"z": ("nope", None, "mean")})


def test_unknown_treated_unit():
    with pytest.raises(AnalysisError, match="not in column"):
        fit_synth(_planted(), **{**BASE, "treated_unit": "Atlantis"})


# ---------------------------------------------------------------------------
# Contract
# ---------------------------------------------------------------------------
def test_round_trip_and_frames(adh):
    back = SynthResult.from_dict(json.loads(json.dumps(adh.to_dict())))
    assert back == adh
    assert back.weights == adh.weights and back.times == adh.times
    w = adh.to_frame()
    assert list(w.columns) == ["unit", "weight"] and w.iloc[0]["unit"] == "Utah"
    assert len(adh.to_frame("predictors")) == 7
    assert "California" in adh.headline() and "Utah" in adh.summary()
    assert "合成控制" in adh.headline("zh")
    adh.plot()
    adh.plot(gap=True)
    with pytest.raises(ValueError):
        adh.to_frame("nope")
