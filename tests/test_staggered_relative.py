"""The staggered effect as a percent of the untreated level (Callaway–Sant'Anna simple
average over the treated cohorts' untreated level, analysis/numbers/designs/staggered.py
``untreated_level``), and in the outcome's unit per unit of observation per period."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.numbers.designs.did import twfe
from analysis.numbers.designs.staggered import aggregate, att_gt
from analysis.results.staggered import Aggregate, StaggeredComparison

KW = {"unit": "unit", "time": "time", "outcome": "y", "cohort": "cohort"}
TRUTH = -0.3  # every treated cell is 70% of its counterfactual


def _panel(seed: int, n: int = 20) -> pd.DataFrame:
    """3 × n units (never, adopting at t = 9, at t = 15), 24 periods of Poisson counts
    around 10–30 with a common trend; adoption multiplies the mean by 0.7."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(3 * n):
        g = (0, 9, 15)[i // n]
        base = rng.uniform(10, 30)
        for t in range(1, 25):
            mu = base * math.exp(0.02 * t) * (0.7 if g and t >= g else 1.0)
            rows.append({"unit": i, "time": t, "cohort": g, "y": float(rng.poisson(mu))})
    return pd.DataFrame(rows)


def test_untreated_level_is_the_treated_level_less_the_att():
    gt = att_gt(_panel(0), **KW)
    simple = aggregate(gt, "simple")
    post = np.asarray(gt.time) >= np.asarray(gt.group)
    # the simple aggregate's weights: cohort shares over the post cells
    sizes = dict(zip(gt.cohorts, gt.cohort_sizes, strict=True))
    w = np.array([sizes[g] for g in np.asarray(gt.group)[post]], dtype=float)
    w /= w.sum()
    level = float(w @ np.asarray(gt.treated_level)[post])
    att = float(w @ np.asarray(gt.estimate)[post])
    assert simple.overall_estimate == pytest.approx(att, rel=1e-12)
    assert simple.treated_level == pytest.approx(level, rel=1e-12)
    assert simple.untreated_level == pytest.approx(level - att, rel=1e-12)
    assert simple.relative_estimate == pytest.approx(att / (level - att), rel=1e-12)
    assert -1 < simple.relative_conf_low < simple.relative_estimate < simple.relative_conf_high
    assert Aggregate.from_dict(simple.to_dict()).relative_conf_low == simple.relative_conf_low
    assert math.isnan(aggregate(gt, "dynamic").relative_estimate)  # simple only


def test_relative_interval_is_the_att_interval_mapped():
    """F/(F − x) − 1 of the ATT's own interval ends: the same verdict as the ATT."""
    simple = aggregate(att_gt(_panel(1), **KW), "simple")
    f = simple.treated_level
    lo, hi = simple.overall_conf_low, simple.overall_conf_high
    assert simple.relative_conf_low == pytest.approx(lo / (f - lo), rel=1e-12)
    assert simple.relative_conf_high == pytest.approx(hi / (f - hi), rel=1e-12)
    assert (simple.relative_conf_high < 0) == (hi < 0)


def test_relative_interval_covers_the_planted_effect():
    """200 seeded panels: coverage of the planted −30% within 3 Monte Carlo SEs of 95%
    (93.5% when this test was written; the ATT's own interval covers as often)."""
    reps = 200
    cover = []
    for seed in range(reps):
        simple = aggregate(att_gt(_panel(100 + seed), **KW), "simple")
        cover.append(simple.relative_conf_low <= TRUTH <= simple.relative_conf_high)
    rate = float(np.mean(cover))
    assert abs(rate - 0.95) <= 3 * math.sqrt(0.95 * 0.05 / reps), rate


def _comparison(**kw) -> StaggeredComparison:
    frame = _panel(2)
    gt = att_gt(frame, **KW)
    frame = frame.assign(d=((frame.cohort > 0) & (frame.time >= frame.cohort)).astype(int))
    tw = twfe(frame, outcome="y", unit="unit", time="time", treated_post="d")
    return StaggeredComparison(
        "complaints",
        "Resident complaints",
        "per unit per period",
        aggregate(gt, "simple"),
        aggregate(gt, "group"),
        aggregate(gt, "dynamic"),
        tw,
        **kw,
    )


def test_staggered_effect_in_the_outcome_unit_and_as_a_percent():
    res = _comparison(
        unit_label_en="complaints", unit_label_zh="件", unit_noun="compound", frequency="M"
    )
    en, zh = res.headline("en"), res.headline("zh")
    assert "complaints per compound per month" in en
    assert "of the level the adopting units would have had without the pilot" in en
    assert "−" in zh and "件/单位/月" in zh and "未实施试点时应有水平" in zh
    pct = f"{res.simple.relative_estimate * 100:+.0f}%".replace("-", "−")
    assert pct in en
    assert set(res.to_frame()["scale"]) == {"absolute"}  # the outcome's unit only
    rel = res.relative_frame()
    assert list(rel["design"]) == ["Callaway–Sant'Anna, simple"]
    assert rel["untreated_level"].iloc[0] == res.simple.untreated_level
    assert StaggeredComparison.from_dict(res.to_dict()).unit_noun == "compound"
    rate = _comparison(
        unit_label_en="complaints per 1,000 households",
        unit_label_zh="件/千户",
        frequency="Q",
        per_unit=False,
    )
    assert "complaints per 1,000 households per quarter" in rate.headline("en")
    assert "件/千户/季度" in rate.headline("zh")
    bare = _comparison()  # no unit words from a spec: the stored outcome
    assert "per unit per period" in bare.headline("en")
