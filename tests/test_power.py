"""Minimum detectable effect by simulation (analysis.numbers.checks.power)."""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.checks.power import minimum_detectable_effect
from analysis.results.power import MDEResult

START = "2021-01"
EFFECTS = (0.02, 0.05, 0.1, 0.2, 0.4)
N_SIMS = 40  # enough to order MDEs that differ by a factor ~3; keeps the file fast


def gaussian_series(
    sd: float, *, n_pre: int = 36, seed: int = 7
) -> tuple[np.ndarray, pd.PeriodIndex]:
    """A pre-period only (the MDE uses nothing else): level 20, trend, season, noise."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range("2018-01", periods=n_pre + 1, freq="M")
    t = np.arange(n_pre + 1)
    y = 20 + 0.02 * t + np.sin(2 * np.pi * t / 12) + rng.standard_normal(n_pre + 1) * sd
    return y, periods


def mde(sd: float, post_length: int = 24, seed: int = 0, effects=EFFECTS, **kw) -> MDEResult:
    y, periods = gaussian_series(sd)
    return minimum_detectable_effect(
        y, periods, START, post_length=post_length, effects=effects, n_sims=N_SIMS, seed=seed, **kw
    )


def test_mde_grows_with_noise() -> None:
    quiet, noisy = mde(1.0), mde(6.0)
    assert quiet.method == noisy.method == "model_simulation"
    assert quiet.mde_status == "interpolated"
    assert math.isfinite(quiet.mde)
    assert noisy.mde_status == "not_reached" or noisy.mde > 2 * quiet.mde


def test_mde_larger_for_shorter_post_period() -> None:
    # Beyond ~6 post-periods the counterfactual's extrapolation error dominates and the
    # MDE of the post-period average flattens; a very short post-period is clearly worse.
    long_, short = mde(2.0, post_length=24), mde(2.0, post_length=3)
    assert math.isfinite(long_.mde)
    assert short.mde_status == "not_reached" or short.mde > long_.mde


def test_mde_is_deterministic_given_the_seed() -> None:
    a, b = mde(2.0, seed=11), mde(2.0, seed=11)
    assert a == b
    assert a.to_dict() == b.to_dict()
    assert MDEResult.from_dict(a.to_dict()) == a


def test_mde_table_and_headline() -> None:
    res = mde(2.0)
    frame = res.to_frame()
    assert list(frame["effect"]) == list(EFFECTS)
    evaluated = frame[frame["n_runs"] > 0]
    assert (evaluated["n_runs"] == N_SIMS).all()
    # the interpolation lies between the last size below the target and the first above
    p = dict(zip(evaluated["effect"], evaluated["power"], strict=True))
    below = [e for e, v in p.items() if v < 0.8 and e < res.mde]
    above = [e for e, v in p.items() if v >= 0.8]
    assert below and above and max(below) <= res.mde <= min(above)
    assert "decrease" in res.headline() and "simulation" in res.headline()
    assert set(frame["scale"]) == {"relative"}
    zh = res.headline("zh")
    assert zh != res.headline() and "最小可检测效应" in zh and "下降" in zh
    from analysis.narrative.api import narrate

    assert narrate(res, "zh").text == zh and narrate(res).values[-1] == res.mde
    assert "AR(1)" in res.method_note


def test_not_reached_is_reported_honestly() -> None:
    res = mde(6.0, post_length=3, effects=(0.02, 0.05))
    assert res.mde_status == "not_reached"
    assert math.isnan(res.mde)
    assert "not reached within the sizes tried" in res.headline()


def test_bad_input() -> None:
    y, periods = gaussian_series(1.0)
    with pytest.raises(AnalysisError, match="direction"):
        minimum_detectable_effect(y, periods, START, post_length=12, direction="down")
    with pytest.raises(AnalysisError, match="effects"):
        minimum_detectable_effect(y, periods, START, post_length=12, effects=(-0.1,))
    with pytest.raises(AnalysisError, match="placebo window"):
        minimum_detectable_effect(y, periods, START, post_length=30, method="placebo_windows")


def test_counts_simulate_gamma_poisson_and_placebo_windows_use_real_data() -> None:
    from analysis.simulate.panels import simulate_count_panel

    f = simulate_count_panel(
        1,
        49,
        treated=[0],
        start="2022-01",
        effect=1.0,
        seed=4,
        level=40.0,
        level_sd=0.0,
        dispersion=15.0,
    )
    y, periods = f["count"].to_numpy(dtype=float), pd.PeriodIndex(f["period"])
    sim = minimum_detectable_effect(
        y,
        periods,
        "2022-01",
        post_length=12,
        effects=(0.1, 0.3, 0.6),
        n_sims=30,
        seed=1,
        family="quasipoisson",
    )
    assert sim.method == "model_simulation"
    assert "gamma-Poisson" in sim.method_note and "13 placebo window" in sim.method_note
    win = minimum_detectable_effect(
        y,
        periods,
        "2022-01",
        post_length=12,
        effects=(0.1, 0.3, 0.6),
        seed=1,
        family="quasipoisson",
        method="placebo_windows",
    )
    assert win.method == "placebo_windows"
    assert set(n for n in win.n_runs if n) == {13}  # one run per window
    assert win.mde_status in ("interpolated", "at_most", "not_reached")


LEAN_CASES = {
    "gaussian AR(1) REML": ({}, False),
    "gaussian Newey-West, phase-in": ({"se": "hac", "phase_in": 2}, False),
    "gaussian OLS, an interruption": ({"se": "ols", "interruptions": (("mid", "2020-03"),)}, False),
    "gaussian Prais-Winsten, no slope change": ({"se": "ar1", "slope_change": False}, False),
    "poisson with exposure": ({"family": "poisson"}, True),
    "quasipoisson": ({"family": "quasipoisson"}, True),
    "negbin, Newey-West": ({"family": "negbin", "se": "hac"}, True),
    "quasipoisson placebo windows": ({"family": "quasipoisson", "method": "placebo_windows"}, True),
}


@pytest.mark.parametrize("case", list(LEAN_CASES))
def test_lean_refits_give_the_full_fits_numbers(case, monkeypatch) -> None:
    """The MDE's refits read only the post-period average's relative interval from
    fit_its; the lean path computing only that must give the same MDE result, float
    for float, as whole fit_its refits (every option the lean path takes), and really be
    used: one fit_its per design (its check), not one per refit."""
    from analysis.numbers.checks import power
    from analysis.numbers.designs import its

    kw, count = LEAN_CASES[case]
    windows = kw.get("method") == "placebo_windows"
    sizes = (0.1, 0.3) if windows else (0.2,)  # a window's design is refitted once per size
    rng = np.random.default_rng(11)
    periods = pd.period_range("2018-01", periods=49, freq="M")
    t = np.arange(49)
    if count:
        expo = 1000.0 + 5 * t
        y = rng.poisson(expo * 0.04 * np.exp(0.1 * np.sin(2 * np.pi * t / 12))).astype(float)
        kw = {**kw, "exposure": expo} if kw["family"] == "poisson" else kw
    else:
        y = 20 + 0.02 * t + np.sin(2 * np.pi * t / 12) + rng.standard_normal(49)
    calls = []
    real = its.fit_its

    @functools.wraps(real)
    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(its, "fit_its", counted)

    def run():
        calls.clear()
        res = minimum_detectable_effect(
            y, periods, "2022-01", post_length=12, effects=sizes, n_sims=15, seed=5, **kw,
        )  # fmt: skip
        return res, len(calls)

    lean, lean_calls = run()
    monkeypatch.setattr(power, "LEAN_OPTIONS", frozenset())
    full, full_calls = run()
    assert lean == full
    assert full_calls == sum(full.n_runs) > 0
    designs = 13 if windows else 1
    assert lean_calls == designs
