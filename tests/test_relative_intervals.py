"""Relative effects (a percent of the counterfactual) take their intervals from the log
(or ratio) scale in every design, so no interval implies a count or rate below zero:

* controlled ITS — exp(the delta-method t interval of log(fitted / counterfactual)) − 1;
  a simulation with a planted effect (500 seeded panels) covers the true relative effect
  within Monte Carlo error of 95%, and never goes below −100%;
* STS — observed / the counterfactual forecast's quantiles − 1 (a ratio interval);
* STS intervention form, regression DiD on levels — the interval of b mapped through
  F / (F − b) − 1;
* both demos' results.json: no relative interval below −100%.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analysis.numbers.designs.controlled_its import fit_controlled_its

#: 500 panels: the Monte Carlo SE of a 95% coverage is 0.97 points; "within Monte Carlo
#: error" = within 3 MC SEs (the seeds are fixed, the band was set before the run).
REPS = 500
MC_SE = math.sqrt(0.95 * 0.05 / REPS)


def _panel(seed: int, n_pre: int = 60, n_post: int = 24, effect: float = -6.0):
    """One treated and five comparison units of Poisson counts around 20 a month with a
    common trend; the treated unit's level drops by ``effect`` from the start. The truth:
    effect / the treated unit's mean counterfactual over the post period."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_pre + n_post)
    cf = 20 + 0.1 * t
    rows = []
    for u in range(6):
        mu = cf + np.where(t >= n_pre, effect, 0.0) if u == 0 else 18 + 0.1 * t + rng.normal(0, 2)
        y = rng.poisson(np.clip(mu, 0.1, None))
        rows += [
            {"unit": f"u{u}", "time": int(i), "y": float(v)} for i, v in zip(t, y, strict=True)
        ]
    return pd.DataFrame(rows), effect / cf[n_pre:].mean()


def test_controlled_its_relative_interval_covers_the_truth():
    cover_rel, cover_abs = [], []
    for seed in range(REPS):
        frame, truth = _panel(seed)
        res = fit_controlled_its(
            frame, unit="unit", time="time", outcome="y", treated_units="u0", start=60
        )
        rel, lo, hi = res.relative_effect
        assert -1 < lo < rel < hi
        cover_rel.append(lo <= truth <= hi)
        a = res.avg_post_effect
        cover_abs.append(a.conf_low <= -6.0 <= a.conf_high)
    rate = float(np.mean(cover_rel))
    assert abs(rate - 0.95) <= 3 * MC_SE, f"relative coverage {rate:.3f} over {REPS} panels"
    # the log scale loses nothing against the level effect's own interval
    assert rate >= float(np.mean(cover_abs)) - 2 * MC_SE


def test_controlled_its_small_count_stays_above_minus_100():
    """Dadeng's escalations: a small count falling by two thirds. The level ratio b / C
    with b's Wald interval went to −136%; the log ratio cannot."""
    frame, _ = _panel(3, n_pre=24, n_post=10, effect=-14.0)
    frame["y"] = np.floor(frame["y"] / 5)
    res = fit_controlled_its(
        frame, unit="unit", time="time", outcome="y", treated_units="u0", start=24
    )
    rel, lo, hi = res.relative_effect
    old_lo = res.avg_post_effect.conf_low / res.counterfactual_post_mean
    assert -1 < lo < rel < hi
    assert rel == pytest.approx(res.avg_post_effect.estimate / res.counterfactual_post_mean)
    assert old_lo < lo  # the old interval's lower end was further out


def test_sts_identity_scale_small_count_is_a_ratio_interval():
    """observed / the counterfactual's forecast quantiles − 1: at least −100% (an observed
    zero), the same verdict as the STS's p-value and absolute interval; unbounded above
    only when the normal forecast's lower quantile is not positive."""
    from analysis.numbers.designs.sts import fit_sts

    rng = np.random.default_rng(11)
    periods = pd.period_range("2019-01", periods=34, freq="M")
    y = rng.poisson(np.r_[np.full(24, 3.0), np.full(10, 2.0)]).astype(float)
    res = fit_sts(y, periods, "2021-01", seasonal=None, horizons=(6,), n_param_draws=0)
    for e in res.effects:  # −100% itself when a month has no case at all
        assert -1 <= e.relative_conf_low <= e.relative_estimate <= e.relative_conf_high
        excludes = e.relative_conf_low > 0 or e.relative_conf_high < 0
        assert excludes == (e.conf_low > 0 or e.conf_high < 0)


def test_sts_intervention_identity_ratio_map():
    from analysis.numbers.designs.sts_intervention import fit_sts_intervention

    rng = np.random.default_rng(5)
    periods = pd.period_range("2019-01", periods=36, freq="M")
    y = np.r_[rng.normal(4, 1, 24), rng.normal(1.5, 1, 12)]
    res = fit_sts_intervention(y, periods, "2021-01", seasonal=None, horizons=(6,))
    for e in res.effects:
        assert -1 < e.relative_conf_low <= e.relative_estimate <= e.relative_conf_high


def _relative_intervals(node: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """Every lower end of a relative interval in a results.json tree: ``relative_conf_low``
    fields, rows with ``scale: relative``, and the triangulation rows (all relative)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if "relative" in key and "conf_low" in key and isinstance(value, int | float):
                yield f"{path}/{key}", float(value)
        relative = node.get("scale") == "relative" or "/triangulation/" in path + "/"
        if relative and isinstance(node.get("conf_low"), int | float):
            yield f"{path}/conf_low", float(node["conf_low"])
        for key, value in node.items():
            yield from _relative_intervals(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _relative_intervals(value, f"{path}[{i}]")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["dadeng", "gaomi"])
def test_no_relative_interval_implies_a_negative_level(name, request):
    from analysis.report.outputs import results_json

    tree = json.loads(results_json(request.getfixturevalue(f"{name}_results")))
    found = list(_relative_intervals(tree))
    assert len(found) > 50  # the walk does see the intervals
    bad = [(p, v) for p, v in found if v < -1 - 1e-12]
    assert not bad, bad[:5]
    rows = [r for t in tree["triangulation"].values() for r in t["rows"]]
    assert all(r["conf_high"] is None or r["conf_high"] != "inf" for r in rows)
