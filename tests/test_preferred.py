"""The one preferred estimate per indicator (results/preferred.py), on the demo studies.

The rule: the triangulation's lead design where one exists, else Callaway–Sant'Anna, else
ITS, else STS; counts on the relative scale, shares in percentage points (never a percent
of a percent), staggered effects in the outcome's units.
"""

from __future__ import annotations

import json
import math

from analysis.results.preferred import DESIGN_KEYS, preferred_estimate


def test_lead_design_of_the_triangulation(dadeng_results):
    res = dadeng_results
    for iid, tri in res.triangulation.items():
        p = res.preferred(iid)
        assert p is not None, iid
        assert p.design == DESIGN_KEYS[tri.agreement.lead_design]
        assert p.agreement == tri.agreement.verdict
        row = next(r for r in tri.rows if r.design == tri.agreement.lead_design)
        if p.scale == "relative":
            assert p.estimate == row.estimate


def test_counts_relative_with_the_permutation_interval(dadeng_results):
    p = dadeng_results.preferred("fraud_incidents")
    did = dadeng_results.comparisons["fraud_incidents"]
    assert (p.design, p.scale) == ("did_permutation", "relative")
    assert (p.estimate, p.lo, p.hi) == (did.estimate, did.conf_low, did.conf_high)
    assert (p.unit_label_en, p.unit_label_zh) == ("incidents", "起")


def test_share_in_percentage_points_from_the_designs_own_absolute_estimate(dadeng_results):
    res = dadeng_results
    p = res.preferred("disputes_resolved_share")
    assert p.scale == "pp"
    e = res.trends.get("disputes_resolved_share", p.design).effect.headline_effect()
    assert p.estimate == e.estimate and (p.lo, p.hi) == (e.conf_low, e.conf_high)
    # the percentage points are the relative effect times the counterfactual level
    assert math.isclose(p.estimate / p.level, e.relative_estimate, rel_tol=1e-9)
    assert 0 < p.level < 1  # a share, in fractions


def test_staggered_study_takes_callaway_santanna(gaomi_results):
    res = gaomi_results
    p = res.preferred("complaints")
    s = res.staggered["complaints"].simple
    assert (p.design, p.scale) == ("staggered", "absolute")
    assert (p.estimate, p.lo, p.hi) == (
        s.overall_estimate,
        s.overall_conf_low,
        s.overall_conf_high,
    )


def test_none_for_an_administrative_figure_and_an_unknown_indicator(gaomi_results):
    assert gaomi_results.preferred("party_branches") is None
    assert preferred_estimate(gaomi_results, "no_such_indicator") is None


def test_its_then_sts_without_comparison_designs(dadeng_results):
    """With no triangulation and no staggered result, ITS comes first, then STS."""
    from dataclasses import replace

    res = replace(dadeng_results, triangulation={}, staggered={})
    p = res.preferred("fraud_incidents")
    e = res.trends.get("fraud_incidents", "its").effect.headline_effect()
    assert (p.design, p.estimate) == ("its", e.relative_estimate)
    no_its = replace(
        res.trends, outcomes=tuple(o for o in res.trends.outcomes if o.design != "its")
    )
    p = replace(res, trends=no_its).preferred("fraud_incidents")
    assert p.design == "sts"


def test_to_dict_is_json(dadeng_results):
    d = dadeng_results.preferred("fraud_incidents").to_dict()
    assert json.loads(json.dumps(d, allow_nan=False)) == d
    assert set(d) >= {"indicator", "design", "estimate", "lo", "hi", "scale", "level"}
