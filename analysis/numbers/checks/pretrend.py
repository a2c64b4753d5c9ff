"""The pre-trend test of a staggered roll-out: a sup-t test that every pre-adoption
Callaway–Sant'Anna event-time effect is zero, with the multiplier bootstrap of the same
influence functions as its null distribution. It is the test the report prints and the
test that gates the staggered headline."""

from __future__ import annotations

import numpy as np

from analysis.numbers.designs._internals.panels import multipliers
from analysis.results.staggered import Aggregate

NAN = float("nan")

__all__ = ["sup_t_pretrend"]


def sup_t_pretrend(
    dynamic: Aggregate, n_boot: int = 1999, seed: int = 0
) -> tuple[float, int, float]:
    """Sup-t test that every pre-adoption (e < 0) event-time effect is zero.

    The statistic is the largest |estimate / analytic SE| over the pre-adoption event
    times; its null distribution comes from the multiplier bootstrap of the same
    influence functions (Rademacher, seeded). A Wald χ² with the estimated covariance is
    not used: with dozens of pre-periods and a few dozen units per wave the covariance is
    poorly estimated and the χ² test over-rejects badly (52–60% at a nominal 5% on
    simulated Gaomi panels without any pre-trend; the sup-t test: 2.5–10%).
    """
    el = np.asarray(dynamic.element)
    pre = el < 0
    if not pre.any() or dynamic.influence is None:
        return NAN, 0, NAN
    infl = np.asarray(dynamic.influence)[:, pre]
    n = infl.shape[0]
    se = np.sqrt((infl**2).sum(axis=0)) / n
    ok = se > 0
    if not ok.any():
        return NAN, 0, NAN
    infl, se = infl[:, ok], se[ok]
    theta = np.asarray(dynamic.estimate)[pre][ok]
    t_obs = float(np.max(np.abs(theta / se)))
    draws = multipliers(np.random.default_rng(seed), (n_boot, n), "rademacher") @ infl / n
    t_boot = np.max(np.abs(draws / se), axis=1)
    p = (1 + int((t_boot >= t_obs).sum())) / (n_boot + 1)
    return t_obs, int(ok.sum()), float(p)
