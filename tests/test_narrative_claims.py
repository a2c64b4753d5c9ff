"""Golden texts of the claim verdict sentences (analysis.narrative.claims): every verdict
branch in English and Chinese, on the demo studies' own claims and two made-up ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.narrative.claims import narrate_claim
from analysis.numbers.claims.recompute import check_claims

ROOT = Path(__file__).resolve().parents[1]

GOLDEN = {
    ("dadeng", "D1"): (
        "Consistent with the data: stated −22%, the data give −21.8% (68 / 87 − 1 = −21.8%).",
        "与数据相符：所称−22%，数据为−21.8%（68 / 87 − 1 = −21.8%）。",
    ),
    ("dadeng", "D2.2"): (
        "Ambiguous wording: the data give 3.16× (12,016 / 3,800 = 3.16×); read as 'to 3×' "
        "the claim fits, read as 'by 3× (= 4×)' it does not.",
        "表述有歧义：数据为3.16×（12,016 / 3,800 = 3.16×）；按“达到原来的3倍”理解与数据相符，"
        "按“增加3倍（即原来的4倍）”理解则不符。",
    ),
    ("dadeng", "D4"): (
        "Consistent with the data: stated 220 or more, the data give 226.",
        "与数据相符：所称220以上，数据为226。",
    ),
    ("gaomi", "G4.3"): (
        "Not derivable from the figures given: 238 / 426 = 55.9%, not the 60% or more stated.",
        "无法由所给数据推出：238 / 426 = 55.9%，而非所称的60%以上。",
    ),
    ("dadeng", "D10.1"): (
        "Cannot check: the spec marks this figure as context, not a result to check.",
        "无法核查：研究设定将此数字列为背景信息，不作核查。",
    ),
    ("gaomi", "G9"): (
        "Cannot check: no indicator of the study measures this figure.",
        "无法核查：研究设定未为此数字指定指标。",
    ),
    ("dadeng", "D8"): (
        "Reported; no independent data: the 36 stated is the administrative figure (36) "
        "from the same source, so nothing independent checks it.",
        "仅有通报数字，无独立数据：所称36即同一来源通报的行政数字（36），没有独立的数据可供核查。",
    ),
    ("gaomi", "G2.2"): (
        "Consistent with the source's own figures: stated 60.7%, its own figures give 60.7% "
        "(221 / 364 = 60.7%).",
        "与原文自身的数字相符：所称60.7%，按原文数字计算为60.7%（221 / 364 = 60.7%）。",
    ),
}


@pytest.fixture(scope="module")
def reports(dadeng_results, gaomi_results):
    return {"dadeng": dadeng_results, "gaomi": gaomi_results}


@pytest.mark.parametrize("key", list(GOLDEN), ids=lambda k: k[1])
def test_golden_verdict_sentences(reports, key):
    check = reports[key[0]].claims.get(key[1])
    en, zh = GOLDEN[key]
    assert narrate_claim(check, "en").text == en
    assert narrate_claim(check, "zh").text == zh
    assert narrate_claim(check, "en").tone == "descriptive"


@pytest.mark.parametrize(
    "text, verdict, en, zh",
    [
        (
            "全口径电信诈骗警情同比下降35%",
            "overstated",
            "Overstated: stated −35%, the data give −21.8% (68 / 87 − 1 = −21.8%).",
            "夸大了：所称−35%，数据为−21.8%（68 / 87 − 1 = −21.8%）。",
        ),
        (
            "Fraud incidents fell 10%",
            "understated",
            "Understated: stated −10%, the data give −21.8% (68 / 87 − 1 = −21.8%).",
            "低报了：所称−10%，数据为−21.8%（68 / 87 − 1 = −21.8%）。",
        ),
    ],
)
def test_overstated_and_understated(reports, text, verdict, en, zh):
    rep = reports["dadeng"]
    claim = type(rep.spec.claims[0])(
        id="X", lang="zh" if "警情" in text else "en", text=text, indicator="fraud_incidents"
    )
    table = check_claims(rep.spec.model_copy(update={"claims": [claim]}), rep.panel, rep.indicators)
    check = table.checks[0]
    assert check.verdict.verdict == verdict
    assert narrate_claim(check, "en").text == en
    assert narrate_claim(check, "zh").text == zh


def test_bad_language(reports):
    with pytest.raises(ValueError, match="lang"):
        narrate_claim(reports["dadeng"].claims.get("D1"), "fr")
