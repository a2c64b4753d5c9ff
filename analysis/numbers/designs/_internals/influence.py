"""Normal-theory inference from influence functions (Callaway–Sant'Anna and its
aggregations, the multiplier bootstrap, the staggered pre-trend test)."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

__all__ = ["as_floats", "influence_se", "normal_inference"]


def normal_inference(est: np.ndarray, se: np.ndarray, alpha: float) -> dict[str, np.ndarray]:
    """Normal-theory statistic, two-sided p value and (1−alpha) interval."""
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = np.where(se > 0, est / se, np.nan)
    return {
        "statistic": stat,
        "p_value": 2 * stats.norm.sf(np.abs(stat)),
        "conf_low": est - z * se,
        "conf_high": est + z * se,
    }


def as_floats(a: Any) -> tuple[float, ...]:
    return tuple(float(x) for x in np.asarray(a, dtype=float).ravel())


def influence_se(infl: np.ndarray) -> np.ndarray:
    """Analytic SE from influence functions (units in rows): sqrt(Σ IF²)/n."""
    n = infl.shape[0]
    return np.sqrt((infl**2).sum(axis=0)) / n
