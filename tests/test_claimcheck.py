"""Claims of the demo studies checked against their data (issue 5's done-when list), bad
claims listed with a reason, and every number of the front-page sentences traceable to
results.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from analysis.narrative.study import headline_sentences
from analysis.numbers.claims.recompute import check_claims
from analysis.report.sections.front import claim_sentences
from analysis.results.claims import VERDICTS, ClaimsTable

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dadeng(dadeng_results):
    return dadeng_results


@pytest.fixture(scope="module")
def gaomi(gaomi_results):
    return gaomi_results


def test_every_seed_claim_has_a_verdict(dadeng, gaomi):
    ids = {c.claim_id for c in dadeng.claims.checks} | {c.claim_id for c in gaomi.claims.checks}
    assert ids == {f"D{i}" for i in range(1, 12)} | {f"G{i}" for i in range(1, 13)}
    for c in (*dadeng.claims.checks, *gaomi.claims.checks):
        assert c.verdict.verdict in VERDICTS


def test_d1_consistent_with_the_adjusted_effect_beside_it(dadeng):
    c = dadeng.claims.get("D1")
    assert c.verdict.verdict == "consistent"
    assert c.observed == pytest.approx(68 / 87 - 1)
    assert c.adjusted_design == "did_permutation"  # the preferred estimate's design key
    did = dadeng.comparisons["fraud_incidents"]
    assert c.adjusted_estimate == pytest.approx(did.estimate)
    assert c.adjusted_low < c.adjusted_estimate < c.adjusted_high
    lines = claim_sentences(dadeng, dadeng.langs)["D1"]
    assert any("comparison units fell 12%" in s and "cannot be told apart" in s for s in lines)
    assert any("同比下降22%" in s for s in lines)  # language "both": Chinese too


def test_d2_ambiguous_with_both_readings(dadeng):
    c = dadeng.claims.get("D2.2")
    assert c.verdict.verdict == "ambiguous"
    assert set(c.parsed.readings) == {3.0, 4.0}
    assert c.observed == pytest.approx(12016 / 3800)
    assert c.verdict.supported == ("to 3×",)
    assert "3.16" in c.verdict.arithmetic


def test_d3_consistent_with_wilson_interval(dadeng):
    c = dadeng.claims.get("D3.3")
    assert c.verdict.verdict == "consistent"
    assert c.observed == pytest.approx(75 / 77)
    # Wilson 95% for 75/77 (issue 2's reference: 0.91015-0.99285)
    assert c.observed_low == pytest.approx(0.91015, abs=1e-5)
    assert c.observed_high == pytest.approx(0.99285, abs=1e-5)


def test_gaomi_g2_consistent_g4_not_derivable(gaomi):
    g2 = gaomi.claims.get("G2.2")
    assert g2.verdict.verdict == "consistent" and g2.observed == pytest.approx(221 / 364)
    g4 = gaomi.claims.get("G4.3")
    assert g4.verdict.verdict == "not_derivable"
    assert "238 / 426 = 55.9%" in g4.verdict.arithmetic


def test_bad_claims_are_listed_with_a_reason(dadeng):
    spec = dadeng.spec.model_copy(
        update={
            "claims": [
                type(dadeng.spec.claims[0])(
                    id="X1", lang="en", text="Things got much better.", indicator="fraud_incidents"
                ),
                type(dadeng.spec.claims[0])(
                    id="X2", lang="en", text="Fraud fell 22%", indicator="fraud_incident"
                ),
                type(dadeng.spec.claims[0])(
                    id="X3",
                    lang="zh",
                    text="2015年电信诈骗警情同比下降22%",
                    indicator="fraud_incidents",
                ),
                type(dadeng.spec.claims[0])(id="X4", lang="en", text="Fraud fell 22%"),
            ]
        }
    )
    table = check_claims(spec, dadeng.panel, dadeng.indicators)
    by = {c.claim_id: c for c in table.checks}
    assert all(c.verdict.verdict == "cannot_check" for c in table.checks)
    assert "could not be read" in by["X1"].problem
    assert "'fraud_incident' is not defined" in by["X2"].problem
    assert "did you mean 'fraud_incidents'" in by["X2"].problem
    assert "2015, outside the data" in by["X3"].problem
    assert "no indicator given" in by["X4"].problem
    assert ClaimsTable.from_dict(json.loads(json.dumps(table.to_dict()))) == table


def _numbers(obj) -> list[float]:
    if isinstance(obj, bool):
        return []
    if isinstance(obj, int | float):
        return [float(obj)]
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in _numbers(v)]
    if isinstance(obj, list | tuple):
        return [x for v in obj for x in _numbers(v)]
    return []


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_headline_numbers_are_in_results_json(study, request):
    """Every number a front-page sentence quotes (Sentence.values: unrounded, as stored)
    is a value of results.json; the narrative's own tests check the printed digits are
    those values at the printed precision."""
    rep = request.getfixturevalue(study)
    stored = _numbers(json.loads(json.dumps(rep.to_dict(), allow_nan=True)))
    for lang in rep.langs:
        for sentence in headline_sentences(rep, lang):
            for v in sentence.values:
                assert any(math.isclose(v, s, rel_tol=1e-12, abs_tol=1e-15) for s in stored), (
                    sentence.text,
                    v,
                )
