"""Runs of zeros in a series: the one zero-run counter of the package."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["longest_zero_run", "zero_runs"]


def longest_zero_run(values: Iterable[float]) -> int:
    """Length of the longest run of consecutive zeros."""
    best = run = 0
    for v in values:
        run = run + 1 if v == 0 else 0
        best = max(best, run)
    return best


def zero_runs(values: Iterable[float], length: int) -> int:
    """How many maximal runs of zeros last at least ``length`` periods."""
    n = run = 0
    for v in (*values, 1.0):
        if v == 0:
            run += 1
        else:
            n += run >= length
            run = 0
    return n
