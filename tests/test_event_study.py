"""TWFE event study: recovery of a planted dynamic effect, size and power of the
pre-trend Wald test, equality with dummy-variable OLS, and input errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.event_study import fit_event_study
from analysis.results.event_study import EventStudyResult

N_UNITS, YEARS, ADOPT = 60, np.arange(2000, 2016), 2008
LEADS, LAGS = 4, 6


def truth(e: int) -> float:
    """Planted dynamic effect: 0 before adoption, 1 + 0.5·min(e, 6) from it on."""
    return 0.0 if e < 0 else 1.0 + 0.5 * min(e, LAGS)


def simulate(
    seed: int, *, effect: bool = True, pretrend: float = 0.0, cohorts: tuple[int, ...] = (ADOPT,)
) -> pd.DataFrame:
    """Half the units adopt (split over ``cohorts``), half never (adoption 0); unit and
    year effects, iid N(0, 1) noise; ``pretrend`` = extra slope per period of the treated
    units before adoption (a linear pre-trend that stops at adoption)."""
    rng = np.random.default_rng(seed)
    alpha_i = rng.normal(0, 1, N_UNITS)
    lam_t = rng.normal(0, 1, len(YEARS))
    treated = np.arange(N_UNITS) < N_UNITS // 2
    adopt = np.where(treated, np.array(cohorts)[np.arange(N_UNITS) % len(cohorts)], 0)
    u = np.repeat(np.arange(N_UNITS), len(YEARS))
    t = np.tile(YEARS, N_UNITS)
    a = adopt[u]
    e = np.where(a > 0, t - a, -999)
    y = alpha_i[u] + lam_t[np.searchsorted(YEARS, t)] + rng.normal(0, 1, len(u))
    if effect:
        y += np.array([truth(x) if x != -999 else 0.0 for x in e])
    y += np.where((a > 0) & (e < 0), pretrend * e, 0.0)
    return pd.DataFrame({"unit": [f"u{i:02d}" for i in u], "year": t, "y": y, "adopt": a})


def fit(df: pd.DataFrame, **kw) -> EventStudyResult:
    args = {
        "unit": "unit",
        "time": "year",
        "outcome": "y",
        "adoption": "adopt",
        "leads": LEADS,
        "lags": LAGS,
        **kw,
    }
    return fit_event_study(df, **args)


def test_recovers_planted_dynamic_effect():
    res = fit(simulate(11))
    assert res.event_times == (-4, -3, -2, 0, 1, 2, 3, 4, 5, 6)
    assert res.n_never_treated == 30 and res.n_treated_units == 30
    # Tolerance from the simulation's own SE: every coefficient within 3.5 SE of the truth
    # (SEs here are 0.29–0.44, so 3.5 SE ≈ 1.0–1.5; a miss has probability ~1/2,000 per
    # coefficient under the model).
    for e, c in zip(res.event_times, res.coefficients, strict=True):
        assert 0.15 < c.std_error < 0.45
        assert abs(c.estimate - truth(e)) < 3.5 * c.std_error, (e, c.estimate, truth(e))
    # averaged over the post-period the error is far smaller
    post = [
        (c.estimate - truth(e))
        for e, c in zip(res.event_times, res.coefficients, strict=True)
        if e >= 0
    ]
    assert abs(np.mean(post)) < 0.3
    assert res.pretrend.name == "pretrend_wald"


def test_wald_size_near_nominal():
    """200 null replications (seeds 0..199: 6.0% rejected). Over 1,500 other seeds the
    size is 6.2% (F(q, G−1) with 60 clusters), so the 2–9% band is ~2 binomial SDs."""
    rej = []
    for seed in range(200):
        res = fit(simulate(seed, effect=seed % 2 == 0))
        rej.append(res.pretrend.p_value < 0.05)
    rate = float(np.mean(rej))
    assert 0.02 <= rate <= 0.09, rate


def test_linear_pretrend_detected():
    res = fit(simulate(5, pretrend=0.25))
    assert res.pretrend.status == "warn"
    assert res.pretrend.p_value < 1e-3
    # the leads slope down towards the reference: e=-4 (binned) < e=-3 < e=-2 < 0
    b = [res.coefficient(e).estimate for e in (-4, -3, -2)]
    assert b[0] < b[1] < b[2] < 0


def _dummy_ols(df: pd.DataFrame, res: EventStudyResult, bin_endpoints: bool = True):
    import statsmodels.formula.api as smf

    d = df.copy()
    rel = np.where(d["adopt"] > 0, d["year"] - d["adopt"], np.nan)
    if bin_endpoints:
        rel = np.clip(rel, -res.leads, res.lags)
    else:
        keep = np.isnan(rel) | ((rel >= -res.leads) & (rel <= res.lags))
        d, rel = d[keep].copy(), rel[keep]
    names = []
    for e in res.event_times:
        nm = f"D{'m' if e < 0 else 'p'}{abs(e)}"
        d[nm] = (rel == e).astype(float)
        names.append(nm)
    model = smf.ols(f"y ~ {' + '.join(names)} + C(unit) + C(year)", data=d)
    codes = pd.factorize(d["unit"], sort=True)[0]
    return model.fit(cov_type="cluster", cov_kwds={"groups": codes}), names, len(d)


@pytest.mark.parametrize("kw", [{}, {"bin_endpoints": False}, {"reference": -3}])
def test_matches_dummy_variable_ols(kw):
    df = simulate(21, cohorts=(2006, 2009))  # staggered, balanced
    res = fit(df, **kw)
    sm_fit, names, n = _dummy_ols(df, res, kw.get("bin_endpoints", True))
    np.testing.assert_allclose(res.estimates, sm_fit.params[names].to_numpy(), atol=1e-8)
    # SEs: statsmodels' factor counts all unit dummies (K_full); ours the fixest nested K.
    k_full = len(sm_fit.params)
    scale = np.sqrt((n - k_full) / (n - res.k_params))
    np.testing.assert_allclose(res.std_errors, sm_fit.bse[names].to_numpy() * scale, rtol=1e-6)
    assert any("Sun & Abraham" in s for s in res.notes)


def test_unbalanced_panel_matches_dummy_variable_ols():
    df = simulate(8).sample(frac=0.9, random_state=2).reset_index(drop=True)
    res = fit(df)
    sm_fit, names, _ = _dummy_ols(df, res)
    np.testing.assert_allclose(res.estimates, sm_fit.params[names].to_numpy(), atol=1e-8)


def test_result_contract_and_plot():
    import matplotlib

    matplotlib.use("Agg")
    res = fit(simulate(3))
    assert EventStudyResult.from_dict(res.to_dict()) == res
    frame = res.to_frame()
    assert list(frame["event_time"]) == list(range(-LEADS, LAGS + 1))
    ref = frame[frame["event_time"] == -1].iloc[0]
    assert ref["estimate"] == 0.0 and np.isnan(ref["std_error"])
    assert "reference e = -1" in res.headline()
    assert "参照期 e = -1" in res.headline("zh")
    assert "binned" in res.coefficient(6).description
    assert res.plot() is not None


def test_bad_input():
    df = simulate(4)
    all_treated_same = df.assign(adopt=ADOPT)
    with pytest.raises(AnalysisError, match="never-treated"):
        fit(all_treated_same)
    with pytest.raises(AnalysisError, match="outside"):
        fit(df, reference=-5)
    with pytest.raises(AnalysisError, match="outside"):
        fit(df, reference=0)
    missing = df.copy()
    missing.loc[7, "y"] = np.nan
    with pytest.raises(AnalysisError, match="missing"):
        fit(missing)
    missing_adopt = df.copy()
    missing_adopt.loc[0, "adopt"] = np.nan
    with pytest.raises(AnalysisError, match="missing"):
        fit(missing_adopt)
    with pytest.raises(AnalysisError, match="no treated"):
        fit(df.assign(adopt=0))
    varying = df.copy()
    varying.loc[0, "adopt"] = 2009
    with pytest.raises(AnalysisError, match="varies"):
        fit(varying)
    with pytest.raises(AnalysisError, match="event time"):
        fit(df, lags=10)  # no treated observation at e = 8, 9, 10 beyond 2015
    with pytest.raises(AnalysisError, match="not in the data"):
        fit(df, outcome="yy")
