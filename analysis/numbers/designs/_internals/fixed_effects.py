"""Unit and time fixed effects by the within transformation, shared by the TWFE DiD
(:mod:`analysis.numbers.designs.did`) and the TWFE event study
(:mod:`analysis.numbers.designs.event_study`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError


def codes(s: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes 0..n−1 of the sorted distinct values of ``s``, and n."""
    c, uniques = pd.factorize(s, sort=True)
    return c.astype(np.int64), len(uniques)


def nested(inner: np.ndarray, outer: np.ndarray) -> bool:
    """True when every level of ``inner`` falls in a single level of ``outer``."""
    pairs = pd.DataFrame({"i": inner, "o": outer}).drop_duplicates()
    return bool(pairs["i"].is_unique)


def _group_means(idx: np.ndarray, counts: np.ndarray, n: int, m: np.ndarray) -> np.ndarray:
    out = np.empty((n, m.shape[1]))
    for j in range(m.shape[1]):
        out[:, j] = np.bincount(idx, weights=m[:, j], minlength=n) / counts
    return out[idx]


def demean_two_way(
    z: np.ndarray,
    u: np.ndarray,
    n_u: int,
    t: np.ndarray,
    n_t: int,
    balanced: bool,
    tol: float = 1e-13,
    max_iter: int = 10_000,
) -> np.ndarray:
    """Project columns of ``z`` (N or N×m) off unit and time dummies.

    Balanced panel: z − unit mean − time mean + grand mean (exact). Otherwise
    alternating projections (demean by unit, then by time) until the largest
    change is below ``tol`` times the scale of ``z``.
    """
    z = np.asarray(z, dtype=float)
    vec = z.ndim == 1
    z = z.reshape(len(z), -1).copy()
    cu = np.bincount(u, minlength=n_u).astype(float)
    ct = np.bincount(t, minlength=n_t).astype(float)
    if balanced:
        out = z - _group_means(u, cu, n_u, z) - _group_means(t, ct, n_t, z) + z.mean(axis=0)
        return out[:, 0] if vec else out
    scale = max(float(np.abs(z).max()), 1.0)
    for _ in range(max_iter):
        prev = z
        z = z - _group_means(u, cu, n_u, z)
        z = z - _group_means(t, ct, n_t, z)
        if float(np.abs(z - prev).max()) < tol * scale:
            return z[:, 0] if vec else z
    raise AnalysisError("alternating projections for the fixed effects did not converge")
