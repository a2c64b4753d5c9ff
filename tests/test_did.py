"""DiD designs: 2×2 (Wooldridge Example 13.4), TWFE vs dummy variables, WCR bootstrap."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.did import (
    _draw_weights,
    did_2x2,
    twfe,
    wild_cluster_bootstrap,
)
from analysis.results.did import DiDResult, WildBootstrapResult

matplotlib.use("Agg")

INJURY = Path(__file__).resolve().parents[2] / "shared" / "validation" / "injury_did" / "injury.csv"
TOL = 0.0005  # README: coefficients and SEs ±0.0005 (book prints 3 d.p.)


@pytest.fixture(scope="module")
def injury() -> pd.DataFrame:
    if not INJURY.exists():
        pytest.skip("injury_did validation data not present")
    return pd.read_csv(INJURY)


def test_injury_kentucky_reproduces_wooldridge_13_12(injury):
    r = did_2x2(injury[injury.ky == 1], outcome="ldurat", treated="highearn", post="afchnge")
    assert r.n_obs == 5626
    # published (Wooldridge eq. 13.12): .191 (.069), R² .021
    assert abs(r.estimate - 0.191) <= TOL
    assert abs(r.std_error - 0.069) <= TOL
    assert abs(r.r_squared - 0.021) <= TOL
    # README's unrounded reproduction: 0.1906 (0.0685), R² 0.0207
    assert r.estimate == pytest.approx(0.1906, abs=5e-5)
    assert r.std_error == pytest.approx(0.0685, abs=5e-5)
    assert r.r_squared == pytest.approx(0.0207, abs=5e-5)
    # the other terms: 1.126 (.031), .0077 (.0447), .256 (.047)
    for term, est, se in (
        ("intercept", 1.126, 0.031),
        ("afchnge", 0.0077, 0.0447),
        ("highearn", 0.256, 0.047),
    ):
        c = r.coefficient(term)
        assert abs(c.estimate - est) <= TOL and abs(c.std_error - se) <= TOL
    assert r.df == 5622 and r.n_clusters is None
    assert "classical" in r.se_type


def test_injury_michigan(injury):
    mi = injury[injury.mi == 1]
    r = did_2x2(mi, outcome="ldurat", treated="highearn", post="afchnge")
    assert r.n_obs == 1524
    assert abs(r.estimate - 0.1919) <= TOL and abs(r.std_error - 0.1542) <= TOL


def _panel(
    seed=1, n_units=20, n_treated=6, n_periods=10, start=5, effect=0.0, drop=0.0
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    u = np.repeat(np.arange(n_units), n_periods)
    t = np.tile(np.arange(n_periods), n_units)
    d = ((u < n_treated) & (t >= start)).astype(int)
    # unit and time effects, within-unit AR-ish shock so clustering matters
    y = (
        rng.normal(size=n_units)[u]
        + rng.normal(size=n_periods)[t]
        + rng.normal(scale=0.7, size=n_units)[u] * (t / n_periods)
        + rng.normal(size=len(u))
        + effect * d
    )
    f = pd.DataFrame(
        {
            "y": y,
            "unit": [f"u{i:02d}" for i in u],
            "time": t,
            "d": d,
            "treated": (u < n_treated).astype(int),
            "post": (t >= start).astype(int),
        }
    )
    if drop:
        keep = rng.random(len(f)) >= drop
        f = f[keep].reset_index(drop=True)
    return f


def _dummy_fit(f: pd.DataFrame):
    X = np.column_stack(
        [
            np.ones(len(f)),
            pd.get_dummies(f["unit"], drop_first=True).to_numpy(float),
            pd.get_dummies(f["time"], drop_first=True).to_numpy(float),
            f["d"].to_numpy(float),
        ]
    )
    g = pd.factorize(f["unit"])[0]
    fit = sm.OLS(f["y"].to_numpy(float), X).fit(
        cov_type="cluster", cov_kwds={"groups": g}, use_t=True
    )
    return fit, X


@pytest.mark.parametrize("drop", [0.0, 0.15])
def test_twfe_matches_dummy_variable_regression(drop):
    f = _panel(drop=drop, effect=0.4)
    r = twfe(f, outcome="y", unit="unit", time="time", treated_post="d")
    fit, X = _dummy_fit(f)
    n, k_full = X.shape
    assert r.estimate == pytest.approx(fit.params[-1], abs=1e-8)
    # statsmodels uses K = U + T (all dummies); the documented fixest 'nested' K drops
    # the U − 1 unit dummies nested in the unit clusters: K = T + 1.
    assert r.k_params == f["time"].nunique() + 1
    se_nested = fit.bse[-1] * np.sqrt((n - k_full) / (n - r.k_params))
    assert r.std_error == pytest.approx(se_nested, rel=1e-8)
    assert r.df == f["unit"].nunique() - 1
    assert ("unbalanced" if drop else "balanced") in r.notes[0]


def test_twfe_not_nested_cluster_counts_all_dummies():
    f = _panel()
    # clusters cut across units and periods: neither FE is nested
    f["cl"] = (pd.factorize(f["unit"])[0] + f["time"]) % 4
    r = twfe(f, outcome="y", unit="unit", time="time", treated_post="d", cluster="cl")
    X = _dummy_fit(f)[1]
    fit = sm.OLS(f["y"].to_numpy(float), X).fit(
        cov_type="cluster", cov_kwds={"groups": f["cl"].to_numpy()}
    )
    assert r.k_params == X.shape[1]
    assert r.std_error == pytest.approx(fit.bse[-1], rel=1e-8)


def test_did_2x2_cluster_matches_statsmodels_convention():
    f = _panel(effect=0.3)
    r = did_2x2(f, outcome="y", treated="treated", post="post", cluster="unit")
    X = np.column_stack([np.ones(len(f)), f.treated, f.post, f.treated * f.post])
    fit = sm.OLS(f.y.to_numpy(), X).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(f.unit)[0]}
    )
    assert r.estimate == pytest.approx(fit.params[3], abs=1e-10)
    assert r.std_error == pytest.approx(fit.bse[3], rel=1e-10)
    assert r.df == 19 and "K = 4" in r.se_type


def _brute_p(f, *, twfe_design: bool, n_boot: int, seed: int, weights: str) -> float:
    """Explicit WCR loop: full dummy-variable regressions, statsmodels cluster SEs."""
    y = f["y"].to_numpy(float)
    g = pd.factorize(f["unit"], sort=True)[0]
    if twfe_design:
        X = _dummy_fit(f)[1]
        k_adj = np.sqrt((len(f) - X.shape[1]) / (len(f) - (f["time"].nunique() + 1)))
    else:
        X = np.column_stack([np.ones(len(f)), f.treated, f.post, f.treated * f.post])
        k_adj = 1.0
    fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})
    t_obs = fit.params[-1] / fit.bse[-1]
    Xr = X[:, :-1]
    r_fit = sm.OLS(y, Xr).fit()
    u_r, fitted = r_fit.resid, r_fit.fittedvalues
    v = _draw_weights(np.random.default_rng(seed), n_boot, g.max() + 1, weights)
    ts = []
    for b in range(n_boot):
        fb = sm.OLS(fitted + u_r * v[b, g], X).fit(cov_type="cluster", cov_kwds={"groups": g})
        ts.append(fb.params[-1] / (fb.bse[-1] * k_adj))
    return float(np.mean(np.abs(ts) >= abs(t_obs / k_adj) - 1e-12))


@pytest.mark.parametrize(
    "twfe_design,drop,weights", [(False, 0.0, "rademacher"), (True, 0.1, "webb")]
)
def test_wild_bootstrap_matches_explicit_loop(twfe_design, drop, weights):
    f = _panel(seed=3, drop=drop, effect=0.3)
    kw = (
        dict(unit="unit", time="time", treated_post="d")
        if twfe_design
        else dict(treated="treated", post="post", cluster="unit")
    )
    r = wild_cluster_bootstrap(f, outcome="y", n_boot=60, seed=5, weights=weights, ci=False, **kw)
    assert r.p_value == _brute_p(f, twfe_design=twfe_design, n_boot=60, seed=5, weights=weights)


def test_wild_bootstrap_deterministic_and_ci_inverts_test():
    f = _panel(seed=4, effect=0.5)
    kw = dict(outcome="y", unit="unit", time="time", treated_post="d", n_boot=999, seed=11)
    a = wild_cluster_bootstrap(f, **kw)
    b = wild_cluster_bootstrap(f, **kw)
    assert a == b and a.p_value == b.p_value and a.conf_low == b.conf_low
    assert a.conf_low < a.estimate < a.conf_high
    eps = 1e-3 * a.std_error
    for edge, inward in ((a.conf_low, 1), (a.conf_high, -1)):
        inside = wild_cluster_bootstrap(f, null=edge + inward * eps, ci=False, **kw)
        outside = wild_cluster_bootstrap(f, null=edge - inward * eps, ci=False, **kw)
        assert inside.p_value > 0.05 >= outside.p_value
    # 0 outside the interval exactly when p <= alpha
    assert (a.p_value <= 0.05) == (not a.conf_low <= 0 <= a.conf_high)


def test_wild_bootstrap_size_under_null():
    """Quick sanity check (the 1,000-replication coverage study is separate)."""
    rejections = 0
    reps = 200
    for rep in range(reps):
        f = _panel(seed=1000 + rep, effect=0.0)
        r = wild_cluster_bootstrap(
            f,
            outcome="y",
            unit="unit",
            time="time",
            treated_post="d",
            n_boot=399,
            seed=rep,
            ci=False,
        )
        rejections += r.p_value <= 0.05
    assert 0.01 <= rejections / reps <= 0.10


def test_round_trip_frame_plot():
    f = _panel(effect=0.3)
    for r in (
        twfe(f, outcome="y", unit="unit", time="time", treated_post="d"),
        did_2x2(f, outcome="y", treated="treated", post="post"),
    ):
        back = DiDResult.from_dict(json.loads(json.dumps(r.to_dict())))
        assert back == r and back.coefficients == r.coefficients
        assert list(r.to_frame().columns[3:9]) == [
            "estimate",
            "std_error",
            "statistic",
            "p_value",
            "conf_low",
            "conf_high",
        ]
        assert r.headline().startswith("y, ")
        assert r.headline("zh").startswith("y，") and "置信区间" in r.headline("zh")
        assert r.plot() is not None
    w = wild_cluster_bootstrap(
        f, outcome="y", unit="unit", time="time", treated_post="d", n_boot=199
    )
    assert WildBootstrapResult.from_dict(json.loads(json.dumps(w.to_dict()))) == w
    assert "p =" in w.headline() and w.plot() is not None
    assert "自助法" in w.headline("zh")


@pytest.mark.parametrize(
    "mutate,call,match",
    [
        (lambda f: f.assign(treated=0, d=0), "2x2", "no treated"),
        (lambda f: f.assign(treated=1), "2x2", "no untreated"),
        (lambda f: f.assign(post=0), "2x2", "no post"),
        (lambda f: f.assign(post=1), "2x2", "no pre"),
        (lambda f: f.assign(treated=f.treated * 2), "2x2", "0/1 indicator"),
        (lambda f: f.assign(y=f.y.where(f.index != 3)), "2x2", "missing"),
        (lambda f: f.assign(unit="one"), "2x2c", "at least 2 clusters"),
        (lambda f: f.assign(d=0), "twfe", "no treated"),
        (lambda f: f.assign(d=(f.time >= 5).astype(int)), "twfe", "no untreated"),
        (lambda f: f.assign(d=f.treated), "twfe", "no pre-period"),
        (lambda f: f.assign(d=f.d * 0.5), "twfe", "0/1 indicator"),
        (lambda f: f.assign(time=f.time.where(f.index != 7)), "twfe", "missing"),
        (lambda f: f.assign(cl=1), "twfe_cl", "at least 2 clusters"),
        (lambda f: pd.concat([f, f.iloc[:1]]), "twfe", "duplicate"),
        (lambda f: f, "boot_both", "either"),
    ],
)
def test_bad_input(mutate, call, match):
    f = mutate(_panel())
    with pytest.raises(AnalysisError, match=match):
        if call == "2x2":
            did_2x2(f, outcome="y", treated="treated", post="post")
        elif call == "2x2c":
            did_2x2(f, outcome="y", treated="treated", post="post", cluster="unit")
        elif call == "twfe":
            twfe(f, outcome="y", unit="unit", time="time", treated_post="d")
        elif call == "twfe_cl":
            twfe(f, outcome="y", unit="unit", time="time", treated_post="d", cluster="cl")
        else:
            wild_cluster_bootstrap(
                f,
                outcome="y",
                treated="treated",
                post="post",
                unit="unit",
                time="time",
                treated_post="d",
            )


def test_unknown_column_and_weights():
    f = _panel()
    with pytest.raises(AnalysisError, match="did you mean"):
        did_2x2(f, outcome="Y", treated="treated", post="post")
    with pytest.raises(AnalysisError, match="rademacher"):
        wild_cluster_bootstrap(
            f, outcome="y", unit="unit", time="time", treated_post="d", weights="mammen"
        )


# pyfixest 0.60.0, feols("lemp ~ D | countyreal + year", vcov={"CRV1": "countyreal"}) with
# its default small-sample correction (fixef_k="nonnested", fixest's "nested" K); recorded
# by running pyfixest in a separate venv (it is not a project dependency). The unbalanced
# panel drops every 7th row of mpdta.
PYFIXEST_MPDTA = {
    "balanced": (-0.03654893667406722, 0.01326515542933893),
    "unbalanced": (-0.03754663440035068, 0.014531545883321308),
}


@pytest.mark.parametrize("case", ["balanced", "unbalanced"])
def test_twfe_cluster_se_matches_pyfixest(case):
    path = Path(__file__).resolve().parents[2] / "shared/validation/mpdta_csdid/mpdta.csv"
    if not path.exists():
        pytest.skip(f"validation data not found: {path}")
    d = pd.read_csv(path)
    d["D"] = ((d["first.treat"] > 0) & (d["year"] >= d["first.treat"])).astype(int)
    if case == "unbalanced":
        d = d.drop(index=d.index[::7])
    r = twfe(d, outcome="lemp", unit="countyreal", time="year", treated_post="D")
    est, se = PYFIXEST_MPDTA[case]
    # balanced: one exact demeaning pass; unbalanced: alternating projections converge to
    # ~1e-10, so the tolerance there is the projection tolerance, not rounding
    tol = 1e-12 if case == "balanced" else 1e-9
    assert r.estimate == pytest.approx(est, abs=tol)
    assert r.std_error == pytest.approx(se, abs=tol)
