"""Before/after means with sampling error estimated from the data: the levels and changes
of a ``measure``, a ready-made ``rate`` and a ``share`` (and of any of them on the log
scale).

A window's level is a mean, never a sum: the (weighted) mean of the values the window
holds. The before and after levels and their difference come from one weighted least
squares fit of the value on a constant and an after-window dummy,

    y_i = α + δ·after_i + e_i   (weights w_i; 1 without a ``weight`` column),

so that α is the before mean, α + δ the after mean and δ their difference, all with one
covariance matrix. Its standard errors depend on what the rows are (:func:`se_rule`):

* one unit's series of periods: Newey–West (Bartlett kernel, lag ``floor(4·(T/100)^(2/9))``
  by calendar position, no small-sample factor), t with T − 2 degrees of freedom: the
  periods are the sampling units, neighbouring periods may be correlated;
* several units' periods: cluster-robust by unit (CR1: G/(G − 1)·(N − 1)/(N − 2), the
  statsmodels and Stata convention), t with G − 1 degrees of freedom: a unit's periods are
  correlated, units are independent;
* records of a microdata source: heteroskedasticity-robust HC2 over records, t with N − 2
  degrees of freedom: each record an independent draw. For this two-window fit HC2 is
  exactly the textbook s/√n of each window's mean (weighted: its linearised form) and
  Welch's standard error of their difference.

Pure numpy; the tests check every SE against statsmodels' WLS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.numbers.designs._internals.hac import hac_meat
from analysis.numbers.designs.its_models import hac_lag_rule

NAN = float("nan")

#: The kinds of standard error :func:`mean_change` computes.
SE_TYPES = ("hac", "cluster", "hc2")


@dataclass(frozen=True)
class MeanChange:
    """Before and after means, their difference and the covariance they share."""

    before: float
    after: float
    difference: float
    se_before: float
    se_after: float
    se_difference: float
    cov_before_after: float
    df: float
    method: str
    n_before: int
    n_after: int
    weight_before: float  # Σw over the before rows
    weight_after: float
    sum_before: float  # Σw·y over the before rows
    sum_after: float

    def interval(self, estimate: float, se: float, alpha: float) -> tuple[float, float]:
        """estimate ± t(1 − α/2, df)·se (NaN without a finite SE)."""
        if not (math.isfinite(se) and math.isfinite(self.df) and self.df > 0):
            return NAN, NAN
        q = float(stats.t.ppf(1 - alpha / 2, self.df))
        return estimate - q * se, estimate + q * se

    def p_value(self) -> float:
        """Two-sided t test of no difference."""
        se = self.se_difference
        if not (math.isfinite(se) and se > 0 and math.isfinite(self.df) and self.df > 0):
            return NAN
        return float(2 * stats.t.sf(abs(self.difference / se), self.df))

    def log_ratio(self) -> tuple[float, float]:
        """log(after / before) and its delta-method SE (NaN unless both means are > 0)."""
        a, b = self.after, self.before
        if not (a > 0 and b > 0):
            return NAN, NAN
        var = (
            self.se_after**2 / a**2 + self.se_before**2 / b**2 - 2 * self.cov_before_after / (a * b)
        )
        return math.log(a / b), math.sqrt(var) if var >= 0 else NAN


def se_rule(microdata: bool, n_units: int) -> str:
    """Which standard error a window mean gets: ``hc2`` for microdata records,
    ``hac`` for one unit's series of periods, ``cluster`` (by unit) for several units."""
    if microdata:
        return "hc2"
    return "hac" if n_units == 1 else "cluster"


def mean_change(
    y: np.ndarray,
    after: np.ndarray,
    *,
    weight: np.ndarray | None = None,
    se: str = "hc2",
    cluster: np.ndarray | None = None,
    position: np.ndarray | None = None,
) -> MeanChange:
    """Weighted before/after means, their difference and standard errors (module rules).

    Parameters
    ----------
    y : array, shape (n,)
        The values (already on the analysis scale, e.g. logs).
    after : bool array, shape (n,)
        True for rows of the after window, False for the before window.
    weight : array, optional
        Non-negative weights (n, population); equal weights without.
    se : "hac" | "cluster" | "hc2"
        The standard error (see the module docstring).
    cluster : array, optional
        Cluster labels (``se="cluster"``).
    position : int array, optional
        Calendar positions of the rows (``se="hac"``: one row per period).
    """
    y = np.asarray(y, dtype=float)
    d = np.asarray(after, dtype=bool)
    w = np.ones_like(y) if weight is None else np.asarray(weight, dtype=float)
    if se not in SE_TYPES:
        raise AnalysisError(f"unknown standard error '{se}'; one of {', '.join(SE_TYPES)}")
    n_b, n_a = int((~d).sum()), int(d.sum())
    wb, wa = float(w[~d].sum()), float(w[d].sum())
    sb, sa = float((w * y)[~d].sum()), float((w * y)[d].sum())
    if n_b == 0 or n_a == 0 or wb <= 0 or wa <= 0:
        side = "before" if n_b == 0 or wb <= 0 else "after"
        raise AnalysisError(f"no values (or only zero weights) in the {side} window")
    before, after_mean = sb / wb, sa / wa
    X = np.column_stack([np.ones_like(y), d.astype(float)])
    resid = y - np.where(d, after_mean, before)
    scores = X * (w * resid)[:, None]
    bread = np.linalg.inv(X.T @ (X * w[:, None]))
    n, k = len(y), 2
    if se == "hc2":
        # leverage of row i in the two-window fit: w_i / Σw of its window
        h = w / np.where(d, wa, wb)
        with np.errstate(divide="ignore", invalid="ignore"):
            adj = scores / np.sqrt(1.0 - h)[:, None]
        meat = adj.T @ adj if np.isfinite(adj).all() else np.full((k, k), NAN)
        df, method = float(n - k), f"HC2 over {n} records (s/√n per window, Welch's difference)"
    elif se == "cluster":
        if cluster is None:
            raise AnalysisError("cluster-robust standard errors need the cluster labels")
        labels, inv = np.unique(np.asarray(cluster), return_inverse=True)
        g = len(labels)
        sums = np.zeros((g, k))
        np.add.at(sums, inv, scores)
        factor = g / (g - 1) * (n - 1) / (n - k) if g > 1 and n > k else NAN
        meat = sums.T @ sums * factor
        df, method = float(g - 1), f"cluster-robust by unit (CR1, {g} clusters)"
    else:
        pos = np.arange(n) if position is None else np.asarray(position, dtype=int)
        lag = hac_lag_rule(n)
        meat = hac_meat(scores, pos, lag) if n > k else np.full((k, k), NAN)
        df = float(n - k)
        method = f"Newey–West HAC over {n} periods (Bartlett, lag {lag})"
    cov = bread @ meat @ bread
    var_b = cov[0, 0]
    var_a = cov[0, 0] + cov[1, 1] + 2 * cov[0, 1]
    cov_ba = cov[0, 0] + cov[0, 1]
    return MeanChange(
        before=before,
        after=after_mean,
        difference=after_mean - before,
        se_before=_sqrt(var_b),
        se_after=_sqrt(var_a),
        se_difference=_sqrt(cov[1, 1]),
        cov_before_after=float(cov_ba),
        df=df if df > 0 else NAN,
        method=method,
        n_before=n_b,
        n_after=n_a,
        weight_before=wb,
        weight_after=wa,
        sum_before=sb,
        sum_after=sa,
    )


def _sqrt(v: float) -> float:
    return math.sqrt(v) if math.isfinite(v) and v >= 0 else NAN
