"""Callaway & Sant'Anna staggered DiD (analysis.numbers.designs.staggered) against the published
R ``did`` numbers on ``mpdta`` (shared/validation/mpdta_csdid/README.md), plus bad input
and the results contract."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.staggered import aggregate, att_gt
from analysis.results.staggered import Aggregate, ATTgt

MPDTA = Path(__file__).resolve().parents[2] / "shared" / "validation" / "mpdta_csdid" / "mpdta.csv"

#: Published point estimates are printed to 4 d.p.: half a unit in the last place, plus
#: float slack.
PRINTED_4DP = 0.5e-4 + 1e-9
#: Analytic SEs and not-yet-treated figures are recorded to 6 d.p.: half a unit in the
#: last place, plus float slack (the README's 1e-6 recommendation).
PRINTED_6DP = 0.5e-6 + 1e-9
#: Same computation on the same data: rounding only.
SAME = 1e-12

KW = {"unit": "countyreal", "time": "year", "outcome": "lemp", "cohort": "first.treat"}

# README table: ATT(g,t), never-treated controls, varying base period.
ATT_GT = {
    (2004, 2004): -0.0105,
    (2004, 2005): -0.0704,
    (2004, 2006): -0.1373,
    (2004, 2007): -0.1008,
    (2006, 2004): 0.0065,
    (2006, 2005): -0.0028,
    (2006, 2006): -0.0046,
    (2006, 2007): -0.0412,
    (2007, 2004): 0.0305,
    (2007, 2005): -0.0027,
    (2007, 2006): -0.0311,
    (2007, 2007): -0.0261,
}
DYNAMIC_E = dict(
    zip(range(-3, 4), (0.0305, -0.0006, -0.0245, -0.0199, -0.0510, -0.1373, -0.1008), strict=True)
)
GROUP_G = {2004: -0.0797, 2006: -0.0229, 2007: -0.0261}
CALENDAR_T = {2004: -0.0105, 2005: -0.0704, 2006: -0.0488, 2007: -0.0371}
OVERALL = {"simple": -0.0400, "dynamic": -0.0772, "group": -0.0310, "calendar": -0.0417}
# Analytic (bstrap=FALSE) SEs of R did, 6 d.p.
SE_OVERALL = {"simple": 0.012034, "group": 0.012446, "dynamic": 0.019965, "calendar": 0.015972}
# Not-yet-treated controls, 6 d.p.
NYT_OVERALL = {"simple": -0.039764, "dynamic": -0.077399, "group": -0.030462, "calendar": -0.044267}


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    if not MPDTA.exists():
        pytest.skip(f"validation data not found: {MPDTA}")
    return pd.read_csv(MPDTA)


@pytest.fixture(scope="module")
def never(mpdta) -> ATTgt:
    return att_gt(mpdta, **KW)


@pytest.fixture(scope="module")
def notyet(mpdta) -> ATTgt:
    return att_gt(mpdta, **KW, control="notyettreated")


# -- published numbers ------------------------------------------------------------------------


def test_att_gt_all_cells_match_published(never):
    assert len(never.estimate) == 12
    assert never.cohorts == (2004, 2006, 2007) and never.cohort_sizes == (20, 40, 131)
    assert never.n_units == 500 and never.n_never == 309
    for (g, t), ref in ATT_GT.items():
        assert never.cell(g, t)["estimate"] == pytest.approx(ref, abs=PRINTED_4DP), (g, t)


def test_att_gt_analytic_se_match_r(never):
    assert never.cell(2004, 2004)["std_error"] == pytest.approx(0.023251, abs=PRINTED_6DP)
    assert never.cell(2004, 2006)["std_error"] == pytest.approx(0.036436, abs=PRINTED_6DP)


@pytest.mark.parametrize("kind", ["simple", "dynamic", "group", "calendar"])
def test_aggregate_overall_matches_published(never, kind):
    agg = aggregate(never, kind)
    assert agg.overall_estimate == pytest.approx(OVERALL[kind], abs=PRINTED_4DP)
    assert agg.overall_std_error == pytest.approx(SE_OVERALL[kind], abs=PRINTED_6DP)


@pytest.mark.parametrize(
    ("kind", "ref"), [("dynamic", DYNAMIC_E), ("group", GROUP_G), ("calendar", CALENDAR_T)]
)
def test_aggregate_elements_match_published(never, kind, ref):
    agg = aggregate(never, kind)
    assert agg.element == tuple(ref)
    for el, value in ref.items():
        assert agg.at(el)["estimate"] == pytest.approx(value, abs=PRINTED_4DP), (kind, el)


def test_not_yet_treated_matches_r(notyet):
    assert notyet.cell(2004, 2004)["estimate"] == pytest.approx(-0.019372, abs=PRINTED_6DP)
    for kind, ref in NYT_OVERALL.items():
        assert aggregate(notyet, kind).overall_estimate == pytest.approx(ref, abs=PRINTED_6DP), kind


def test_not_yet_treated_controls_exclude_own_cohort(notyet, never):
    # The last cohort's post cell has no later cohort: controls are the never-treated only.
    assert notyet.cell(2007, 2007)["estimate"] == pytest.approx(
        never.cell(2007, 2007)["estimate"], abs=SAME
    )


def test_weight_estimation_term_matters(never):
    # Without the weight-IF term the simple SE would be ~0.0117 (README pitfall).
    w = np.array(
        [
            never.cohort_sizes[never.cohorts.index(g)] if t >= g else 0
            for g, t in zip(never.group, never.time, strict=True)
        ],
        float,
    )
    naive = np.sqrt(((never.influence @ (w / w.sum())) ** 2).sum()) / never.n_units
    assert naive == pytest.approx(0.0117, abs=1e-4)
    assert aggregate(never).overall_std_error > naive + 2e-4


def test_inference_columns_consistent(never):
    f = never.to_frame()
    assert list(f.columns[:8]) == [
        "group",
        "time",
        "estimate",
        "std_error",
        "statistic",
        "p_value",
        "conf_low",
        "conf_high",
    ]
    np.testing.assert_allclose(f["statistic"], f["estimate"] / f["std_error"], atol=SAME)
    np.testing.assert_allclose(
        f["conf_high"] - f["estimate"], 1.959963984540054 * f["std_error"], atol=1e-10
    )


# -- results contract -------------------------------------------------------------------------


def test_round_trip(never):
    d = never.to_dict()
    json.dumps(d)
    back = ATTgt.from_dict(d)
    assert back == never and back.influence is None
    pd.testing.assert_frame_equal(back.to_frame(), never.to_frame())
    with pytest.raises(AnalysisError, match="influence"):
        aggregate(back)
    for kind in ("simple", "dynamic"):
        agg = aggregate(never, kind)
        d = json.loads(json.dumps(agg.to_dict()))
        assert Aggregate.from_dict(d) == agg
    frame = aggregate(never, "dynamic").to_frame()
    assert frame["term"].iloc[0] == "overall" and "event_time" in frame
    assert "ATT" in aggregate(never, "group").headline() and never.headline()
    assert set(frame["scale"]) == {"absolute"} and set(never.to_frame()["scale"]) == {"absolute"}
    assert never.headline("zh") != never.headline("en") and "批次" in never.headline("zh")
    assert aggregate(never, "group").headline("zh") != aggregate(never, "group").headline("en")


def test_plots(never):
    import matplotlib.pyplot as plt

    assert never.plot() is not None
    for kind in ("simple", "dynamic"):
        assert aggregate(never, kind).plot() is not None
    plt.close("all")


# -- bad input --------------------------------------------------------------------------------


def _toy(n_per: int = 5) -> pd.DataFrame:
    """Small balanced panel: cohorts 3 and 4 (n_per units each), 2·n_per never-treated."""
    rng = np.random.default_rng(0)
    cohorts = [3] * n_per + [4] * n_per + [0] * (2 * n_per)
    rows = [
        {"id": i, "t": t, "y": rng.normal() + (t >= g > 0), "g": g}
        for i, g in enumerate(cohorts)
        for t in range(1, 6)
    ]
    return pd.DataFrame(rows)


TOY = {"unit": "id", "time": "t", "outcome": "y", "cohort": "g"}


def test_toy_runs():
    res = att_gt(_toy(), **TOY)
    assert len(res.estimate) == 2 * 4 and not res.notes


def test_unbalanced_panel():
    with pytest.raises(AnalysisError, match="unbalanced"):
        att_gt(_toy().iloc[1:], **TOY)
    df = _toy()
    with pytest.raises(AnalysisError, match="duplicate"):
        att_gt(pd.concat([df, df.iloc[:1]]), **TOY)


def test_no_never_treated():
    df = _toy()
    df = df[df["g"] > 0]
    with pytest.raises(AnalysisError, match="never-treated"):
        att_gt(df, **TOY)
    # not-yet-treated: the last cohort's post cells have no control
    with pytest.raises(AnalysisError, match="no control units"):
        att_gt(df, **TOY, control="notyettreated")


def test_cohort_treated_in_first_period():
    df = _toy()
    df.loc[df["id"] == 0, "g"] = 1
    with pytest.raises(AnalysisError, match="first period"):
        att_gt(df, **TOY)


def test_single_unit_cohort_is_noted_not_fatal():
    df = _toy()
    df.loc[df["id"].isin([1, 2, 3, 4]), "g"] = 0
    res = att_gt(df, **TOY)
    assert any("single unit" in n for n in res.notes)
    assert aggregate(res).notes == res.notes


def test_missing_outcome():
    df = _toy()
    df.loc[3, "y"] = np.nan
    with pytest.raises(AnalysisError, match="missing"):
        att_gt(df, **TOY)


def test_cohort_varies_within_unit():
    df = _toy()
    df.loc[(df["id"] == 0) & (df["t"] == 5), "g"] = 4
    with pytest.raises(AnalysisError, match="varies within unit"):
        att_gt(df, **TOY)


def test_other_bad_arguments():
    df = _toy()
    with pytest.raises(AnalysisError, match="not in the data"):
        att_gt(df, **{**TOY, "outcome": "nope"})
    with pytest.raises(AnalysisError, match="control must be"):
        att_gt(df, **TOY, control="all")
    with pytest.raises(AnalysisError, match="base_period"):
        att_gt(df, **TOY, base_period="universal")
    with pytest.raises(AnalysisError, match="not observed periods"):
        att_gt(df.assign(g=df["g"].replace(4, 9)), **TOY)
    with pytest.raises(AnalysisError, match="kind must be"):
        aggregate(att_gt(df, **TOY), "event")
