"""The one agreement rule (analysis/numbers/checks/agreement.py) on constructed estimates:
equal but narrow and apart, all the same size, opposite signs, one null, both null; the
pairs and the rule's parameters stored on the result; the words of each relation."""

from __future__ import annotations

import math

import pytest

from analysis.numbers.checks.agreement import (
    DEFAULT_FACTOR,
    DEFAULT_MARGIN,
    agreement,
    compare_estimates,
    intervals_disagree,
)
from analysis.results.comparisons import Agreement, TriangulationRow

NAN = math.nan


def _row(design: str, est: float, lo: float = NAN, hi: float = NAN, comp: bool = True, p=NAN):
    return TriangulationRow(design, "q", est, lo, hi, p, comp)


def test_equal_but_narrow_and_apart_is_agreement():
    """Dadeng's registration drive: +198% (ITS, +163% to +242%) beside +192% (STS,
    +187% to +198%) — the ITS estimate lies outside the STS interval, yet the two say the
    same thing."""
    its = _row("interrupted time series", 1.984, 1.627, 2.417, comp=False)
    sts = _row("structural time series", 1.924, 1.869, 1.981)
    reg = _row("regression difference-in-differences", 1.943)
    ag = agreement([its, sts, reg])
    assert ag.verdict == "agree" and not ag.single_series_disagreeing
    assert {p.relation for p in ag.pairs} == {"equivalent"}
    narrow = compare_estimates((0.50, 0.49, 0.51), (0.60, 0.59, 0.61))
    assert narrow.intervals_apart is True and narrow.relation == "equivalent"


def test_same_size_with_and_without_intervals_clear_of_zero_agree():
    """Dadeng's escalations: five designs between −60% and −74%, some intervals clear
    of zero, some not: the designs agree (the old rule said they disagree)."""
    rows = [
        _row("difference-in-differences", -0.695, -0.92, 0.158, p=0.08),
        _row("controlled interrupted time series", -0.688, -0.868, -0.26),
        _row("synthetic control", -0.599, p=0.72),
        _row("interrupted time series", -0.740, -0.904, -0.281, comp=False),
        _row("structural time series", -0.726, -0.844, 0.129),
        _row("regression difference-in-differences", -0.713),
    ]
    ag = agreement(rows)
    assert ag.verdict == "agree"
    assert ag.lead_design == "difference-in-differences" and ag.lead_clear_of_zero is False
    assert len(ag.pairs) == 10 + 1  # C(5, 2) comparison pairs and one single-series pair
    assert all(p.relation == "equivalent" for p in ag.pairs)


def test_opposite_signs_clear_of_zero_conflict():
    a, b = (-0.30, -0.40, -0.20), (0.10, 0.02, 0.20)
    pair = compare_estimates(a, b, names=("x", "y"))
    assert pair.relation == "conflict_sign" and pair.conflict and not pair.same_sign
    ag = agreement([_row("difference-in-differences", *a), _row("structural time series", *b)])
    assert ag.verdict == "comparison_designs_disagree" and ag.comparison_signs_differ
    # opposite signs but within the margin: +1% and −1% are the same "no change"
    assert compare_estimates((0.01, 0.005, 0.015), (-0.01, -0.015, -0.005)).relation == (
        "equivalent"
    )


def test_one_null_one_clear():
    """One clear of zero, the other not. Same direction and similar size: equivalent;
    same direction and more than the factor apart: a conflict of magnitude; opposite
    direction with overlapping intervals: compatible; opposite with intervals apart:
    a conflict."""
    clear = (-0.49, -0.70, -0.13)
    assert compare_estimates(clear, (-0.40, -0.80, 0.10)).relation == "equivalent"
    assert compare_estimates(clear, (-0.115, -0.455, 0.438)).relation == "conflict_magnitude"
    assert compare_estimates(clear, (0.05, -0.20, 0.30)).relation == "compatible"
    assert compare_estimates(clear, (0.05, -0.10, 0.30)).relation == "conflict_magnitude"
    ag = agreement(
        [
            _row("difference-in-differences", -0.115, -0.455, 0.438),
            _row("interrupted time series", *clear, comp=False),
        ]
    )
    assert ag.verdict == "single_series_disagree"
    assert ag.single_series_disagreeing == ("interrupted time series",)


def test_both_null_and_different_sizes_are_compatible():
    rows = [
        _row("difference-in-differences", -0.176, -0.559, 0.542),
        _row("controlled interrupted time series", -0.086, -0.55, 0.856),
    ]
    ag = agreement(rows)
    assert ag.verdict == "compatible" and ag.pairs[0].relation == "compatible"
    assert not ag.comparison_designs_disagree
    en, zh = ag.headline("en"), ag.headline("zh")
    assert "do not conflict" in en and "不冲突" in zh
    from analysis.narrative.comparisons_text import narrate_triangulation
    from analysis.results.comparisons import Triangulation

    s = narrate_triangulation(Triangulation("theft", "Theft", tuple(rows), ag), "en")
    assert "do not conflict" in s.text and "designs_compatible" in s.gates
    zh_text = narrate_triangulation(Triangulation("theft", "Theft", tuple(rows), ag), "zh").text
    assert "有对照的中断时间序列" in zh_text and "controlled" not in zh_text


def test_parameters_and_pairs_are_stored_and_round_trip():
    ag = agreement(
        [_row("difference-in-differences", 0.2, 0.1, 0.3), _row("synthetic control", 0.05, p=0.4)],
        factor=3.0,
        margin=0.1,
    )
    assert (ag.factor, ag.margin) == (3.0, 0.1)
    # 0.05 vs 0.2: ratio 0.25 < 1/3, difference 0.15 > 0.1, DiD clear of zero: conflict
    assert ag.pairs[0].relation == "conflict_magnitude"
    assert Agreement.from_dict(ag.to_dict()) == ag
    assert list(ag.pairs_frame()["relation"]) == ["conflict_magnitude"]
    assert agreement([]).factor == DEFAULT_FACTOR and agreement([]).margin == DEFAULT_MARGIN
    words = ag.pairs[0].headline("en")
    assert "conflict" in words and "factor of 2" in words
    assert "相互矛盾" in ag.pairs[0].headline("zh")


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ((-1.16, -2.37, 0.043), (-1.19, -1.57, -0.81), False),  # same size: agree
        ((-1.3, -1.9, -0.7), (1.2, 0.8, 1.6), True),  # opposite, both clear
        ((-0.3, -0.9, 0.3), (-1.2, -1.6, -0.8), True),  # 4× apart, TWFE clear of zero
    ],
)
def test_bare_estimates_use_the_same_rule(a, b, conflict):
    assert intervals_disagree(*a, *b) is conflict
