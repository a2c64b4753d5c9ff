"""Reported statistics quoted in a sentence: confidence intervals, p-values, rate, odds and
hazard ratios, test statistics, sample sizes ("IRR 0.663 (95% CI 0.516 to 0.852)",
"P = 0.001", "95%置信区间"). They are figures of kind ``reported_statistic``: shown beside
a claim, never judged as headline figures, and their numbers never become counts or shares.
"""

from __future__ import annotations

from typing import Any


def find_statistics(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every reported statistic of ``norm`` as a figure under construction (``new_figure``
    dicts with ``start``/``end``, kind ``reported_statistic``)."""
    return []
