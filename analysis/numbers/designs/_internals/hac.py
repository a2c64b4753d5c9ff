"""The Newey–West (Bartlett) "meat" of a HAC sandwich, shared by the single-series ITS
(:func:`analysis.numbers.designs.its_models.ols_hac`) and the controlled ITS."""

from __future__ import annotations

import numpy as np

__all__ = ["hac_meat"]


def hac_meat(scores: np.ndarray, positions: np.ndarray, lag: int) -> np.ndarray:
    """Σ_t u_t u_t' + Σ_{j=1..L} (1 − j/(L+1)) Σ_t (u_t u_{t−j}' + u_{t−j} u_t'), with
    "j apart" measured on ``positions`` (calendar positions; left-out periods score 0)."""
    span = int(positions.max() - positions.min()) + 1
    u = np.zeros((span, scores.shape[1]))
    u[positions - positions.min()] = scores
    meat = u.T @ u
    for j in range(1, lag + 1):
        if j >= span:
            break
        g = u[j:].T @ u[:-j]
        meat += (1.0 - j / (lag + 1.0)) * (g + g.T)
    return meat
