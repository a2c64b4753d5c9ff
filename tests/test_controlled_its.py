"""Multiple-group ITS (Linden 2015) on California's Proposition 99 (README part B)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.controlled_its import fit_controlled_its
from analysis.results.controlled_its import ControlledITSResult

SMOKING = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "validation"
    / "prop99_its_synth"
    / "smoking.csv"
)

# README part B: reproduced coefficients and NW(1) within-panel SEs × n/(n−k).
EXPECTED = {
    "Z": (-3.2737, 5.3376),
    "Z:T": (-1.2317, 0.4641),
    "X": (-17.2517, 3.8155),
    "X:Tpost": (-0.5035, 0.5253),
    "Z:X": (-2.8064, 5.8418),
    "Z:X:Tpost": (-0.9911, 0.6658),
    "posttrend_diff": (-2.2228, 0.4941),
}


@pytest.fixture(scope="module")
def smoking() -> pd.DataFrame:
    if not SMOKING.exists():
        pytest.skip(f"validation data not found: {SMOKING}")
    return pd.read_csv(SMOKING)


def _fit(frame: pd.DataFrame, **kw) -> ControlledITSResult:
    return fit_controlled_its(
        frame,
        unit="state",
        time="year",
        outcome="cigsale",
        treated_units="California",
        start=1989,
        **kw,
    )


def test_prop99_coefficients_and_panel_se(smoking):
    res = _fit(smoking)
    assert res.n_obs == 1209 and res.k_params == 8 and res.n_control_units == 38
    for term, (b, se) in EXPECTED.items():
        c = res.coefficient(term)
        assert c.estimate == pytest.approx(b, abs=1e-3), term
        assert c.std_error == pytest.approx(se, abs=1e-3), term
    assert res.level_change.term == "Z:X"
    assert res.slope_change.term == "Z:X:Tpost"
    assert res.posttrend_diff.estimate == pytest.approx(
        res.coefficient("Z:T").estimate + res.coefficient("Z:X:Tpost").estimate
    )


def test_prop99_pool_mean_same_coefficients_other_se(smoking):
    panel = _fit(smoking)
    mean = _fit(smoking, pool="mean")
    assert mean.n_obs == 62
    for cp, cm in zip(panel.coefficients, mean.coefficients, strict=True):
        assert cm.estimate == pytest.approx(cp.estimate, abs=1e-9)
    assert mean.slope_change.std_error == pytest.approx(0.7096, abs=1e-3)
    assert mean.slope_change.std_error != pytest.approx(panel.slope_change.std_error, abs=1e-3)


def test_no_small_sample_factor_scales_by_sqrt(smoking):
    a, b = _fit(smoking), _fit(smoking, small_sample=False)
    ratio = np.sqrt(1209 / (1209 - 8))
    assert a.slope_change.std_error == pytest.approx(b.slope_change.std_error * ratio)


def test_within_panel_hac_matches_manual_lag0_and_unit_boundaries():
    """With lag 0 the SEs are White's HC0 (× n/(n−k)), identical to statsmodels; with
    lag 1 scores of different units are never paired (shuffling unit order is a no-op)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    rows = []
    for u in range(6):
        for t in range(12):
            rows.append(
                {
                    "u": f"u{u}",
                    "t": 2000 + t,
                    "y": u + 0.3 * t + (t >= 6) * (2 + (u == 0) * 3) + rng.normal(),
                }
            )
    df = pd.DataFrame(rows)
    r0 = fit_controlled_its(
        df, unit="u", time="t", outcome="y", treated_units="u0", start=2006, hac_lag=0
    )
    t_ = df["t"] - 2000
    z = (df["u"] == "u0").astype(float)
    x = (df["t"] >= 2006).astype(float)
    tp = np.where(x > 0, t_ - 6, 0)
    X = np.column_stack([np.ones(len(df)), t_, z, z * t_, x, x * tp, z * x, z * x * tp])
    fit = sm.OLS(df["y"].to_numpy(), X).fit(cov_type="HC1")
    np.testing.assert_allclose([c.estimate for c in r0.coefficients], fit.params, rtol=1e-9)
    np.testing.assert_allclose([c.std_error for c in r0.coefficients], fit.bse, rtol=1e-9)
    r1 = fit_controlled_its(df, unit="u", time="t", outcome="y", treated_units="u0", start=2006)
    r1s = fit_controlled_its(
        df.sample(frac=1, random_state=1),
        unit="u",
        time="t",
        outcome="y",
        treated_units="u0",
        start=2006,
    )
    np.testing.assert_allclose(
        [c.std_error for c in r1.coefficients], [c.std_error for c in r1s.coefficients], rtol=1e-10
    )


def test_round_trip_frame_headline_plot(smoking):
    import matplotlib

    matplotlib.use("Agg")
    res = _fit(smoking)
    assert ControlledITSResult.from_dict(res.to_dict()) == res
    frame = res.to_frame()
    assert list(frame["term"])[-2:] == ["posttrend_diff", "log_ratio"] and len(frame) == 10
    assert set(frame["scale"][:-1]) == {"absolute"} and frame["statistic"].notna().all()
    assert frame["scale"].iloc[-1] == "log"  # the relative effect's own scale
    assert "California" in res.headline()
    assert "对照中断时间序列" in res.headline("zh")
    assert res.plot() is not None


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"treated_units": "Atlantis"}, "not in"),
        ({"start": 1950}, "not one of"),
        ({"start": 1970}, "first period"),
        ({"pool": "median"}, "pool"),
        ({"hac_lag": -1}, "hac_lag"),
        ({"alpha": 1.5}, "alpha"),
    ],
)
def test_bad_input(smoking, kw, match):
    args = {
        "unit": "state",
        "time": "year",
        "outcome": "cigsale",
        "treated_units": "California",
        "start": 1989,
        **kw,
    }
    with pytest.raises(AnalysisError, match=match):
        fit_controlled_its(smoking, **args)


def test_missing_outcome_and_no_controls(smoking):
    bad = smoking.copy()
    bad.loc[3, "cigsale"] = np.nan
    with pytest.raises(AnalysisError, match="missing"):
        _fit(bad)
    with pytest.raises(AnalysisError, match="comparison"):
        _fit(smoking[smoking["state"] == "California"])


def test_average_post_effect_is_the_linear_combination(smoking):
    """avg_post_effect = Z:X + Z:X:Tpost · mean(T'); its SE matches statsmodels' OLS
    ``t_test`` of the same combination under the same covariance (cluster-free HAC per
    unit = statsmodels 'hac-panel' with Bartlett weights and no small-sample factor)."""
    import statsmodels.api as sm

    res = fit_controlled_its(
        smoking,
        unit="state",
        time="year",
        outcome="cigsale",
        treated_units="California",
        start=1989,
        hac_lag=1,
        small_sample=False,
    )
    years = np.sort(smoking["year"].unique())
    post = years[years >= 1989]
    tbar = float(np.mean(np.arange(len(post))))
    lc, sc = res.level_change.estimate, res.slope_change.estimate
    assert res.avg_post_effect.estimate == pytest.approx(lc + tbar * sc, abs=1e-9)
    sub = smoking.sort_values(["state", "year"]).reset_index(drop=True)
    pos = np.searchsorted(years, sub["year"])
    s_pos = int(np.searchsorted(years, 1989))
    z = (sub["state"] == "California").to_numpy(float)
    x = (pos >= s_pos).astype(float)
    tp = np.where(x == 1, pos - s_pos, 0).astype(float)
    design = np.column_stack([np.ones(len(sub)), pos, z, z * pos, x, x * tp, z * x, z * x * tp])
    fit = sm.OLS(sub["cigsale"].to_numpy(float), design).fit(
        cov_type="hac-panel",
        cov_kwds={
            "groups": sub["state"].astype("category").cat.codes,
            "maxlags": 1,
            "use_correction": False,
        },
    )
    tt = fit.t_test(np.r_[np.zeros(6), 1.0, tbar])
    assert res.avg_post_effect.estimate == pytest.approx(float(tt.effect[0]), abs=1e-9)
    assert res.avg_post_effect.std_error == pytest.approx(float(tt.sd[0][0]), rel=1e-6)
    rel, lo, hi = res.relative_effect
    assert lo < rel < hi and rel < 0  # Prop 99 lowered sales relative to the counterfactual
    assert res.counterfactual_post_mean > 0
    # the relative interval is exp(the log-ratio's t interval) − 1; log(F/C) and its
    # delta-method SE by a numerical gradient of statsmodels' coefficients
    rows = (z == 1) & (x == 1)
    x_f = design[rows].mean(axis=0)
    x_c = x_f.copy()
    x_c[[6, 7]] = 0.0

    def log_ratio(b: np.ndarray) -> float:
        return float(np.log((x_f @ b) / (x_c @ b)))

    b0 = np.asarray(fit.params)
    grad = np.array(
        [(log_ratio(b0 + e * 1e-6) - log_ratio(b0 - e * 1e-6)) / 2e-6 for e in np.eye(8)]
    )
    se = float(np.sqrt(grad @ np.asarray(fit.cov_params()) @ grad))
    assert res.log_ratio.estimate == pytest.approx(log_ratio(b0), abs=1e-9)
    assert res.log_ratio.std_error == pytest.approx(se, rel=1e-5)
    assert rel == pytest.approx(np.expm1(log_ratio(b0)), abs=1e-9)
    assert lo == pytest.approx(np.expm1(res.log_ratio.conf_low)) and lo > -1
    assert res.counterfactual_post_mean * (1 + rel) == pytest.approx(
        res.counterfactual_post_mean + res.avg_post_effect.estimate, rel=1e-9
    )
