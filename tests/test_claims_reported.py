"""Verdicts that mean what they say (issue 12, deliverable 1), on the demo studies:

* a figure compared with its own administrative record (a ``facts`` item copied from the
  same article) is ``reported`` — "reported; no independent data" — counted apart and
  shown neutrally; a figure checked against a panel, events or the record's own arithmetic
  keeps its verdict;
* the adjusted (preferred) estimate sits beside every claim whose indicator a design
  estimated, with its design and interval;
* a proportion's parts are named by their own labels;
* no internal id or raw period range in any claims text of the pages, EN or ZH.
"""

from __future__ import annotations

import html
import re

import pytest

from analysis.narrative.claims import design_name, figure_subject, narrate_claims_table
from analysis.numbers.claims.judge import judge
from analysis.numbers.claims.parse import parse_claim
from analysis.numbers.claims.recompute import check_claims
from analysis.report.claims_table import VERDICT_CLASS
from analysis.report.sections.front import claims as claims_section

#: The figures the issue found "consistent" against themselves, plus the parts of the
#: two proportions (G2.1, G4.1, G4.2), which are administrative records too.
SELF_ONLY = {
    "dadeng": {"D6.1", "D6.2", "D7.1", "D7.2", "D8", "D9.1", "D9.2", "D10.2"}
    | {"D11.1", "D11.2", "D11.3"},
    "gaomi": {"G1.1", "G1.2", "G1.3", "G3", "G5", "G6.1", "G6.2", "G6.3", "G7", "G8.1"}
    | {"G8.2", "G10.1", "G10.2", "G11.1", "G11.2", "G11.3", "G12", "G2.1", "G4.1", "G4.2"},
}


@pytest.fixture(scope="module")
def demos(dadeng_results, gaomi_results):
    return {"dadeng": dadeng_results, "gaomi": gaomi_results}


# -- the rule -----------------------------------------------------------------------------


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_figures_against_their_own_record_are_reported(demos, study):
    res = demos[study]
    reported = {c.label for c in res.claims.checks if c.verdict.verdict == "reported"}
    assert reported == SELF_ONLY[study]
    for c in res.claims.checks:
        if c.label in SELF_ONLY[study]:
            assert c.evidence == "reported"
            source = res.spec.indicators[c.indicator.split(".")[0]].source
            assert res.spec.sources[source].shape == "facts"
            assert "same source" in c.verdict.reason


def test_figures_against_independent_data_keep_their_verdict(dadeng_results, gaomi_results):
    by = {c.label: c for c in dadeng_results.claims.checks}
    for label in ("D1", "D2.1", "D3.1", "D3.2", "D3.3", "D4", "D5"):
        assert by[label].evidence == "data"
        assert by[label].verdict.verdict in ("consistent", "ambiguous")
    assert by["D2.2"].verdict.verdict == "ambiguous"
    # a share recomputed from the record's numerator and denominator: the source's own
    # arithmetic, which can fail (G4: 238 / 426 is not "60% or more")
    g = {c.label: c for c in gaomi_results.claims.checks}
    assert (g["G2.2"].evidence, g["G2.2"].verdict.verdict) == ("arithmetic", "consistent")
    assert (g["G4.3"].evidence, g["G4.3"].verdict.verdict) == ("arithmetic", "not_derivable")


def test_a_mismatch_with_the_record_is_still_said():
    """Two published figures that differ are worth saying: only a match is 'reported'."""
    fig = parse_claim("组织召开警民恳谈会36场次", language="zh")
    assert judge(fig, 36, independent=False).verdict == "reported"
    assert judge(fig, 30, independent=False).verdict == "overstated"
    assert judge(fig, 36).verdict == "consistent"


def test_the_same_figure_on_a_panel_is_checked_and_on_facts_reported(dadeng_results):
    """One wording, two sources: against the stations panel it is judged, against the
    administrative facts it is reported."""
    res = dadeng_results
    claim = type(res.spec.claims[0])
    spec = res.spec.model_copy(
        update={
            "claims": [
                claim(
                    id="P",
                    lang="zh",
                    text="共妥善化解各类矛盾纠纷220余起",
                    indicator="disputes_mediated",
                ),
                claim(
                    id="F",
                    lang="zh",
                    text="组织召开警民恳谈会36场次",
                    indicator="police_public_meetings",
                ),
            ]
        }
    )
    by = {c.claim_id: c for c in check_claims(spec, res.panel, res.indicators).checks}
    assert (by["P"].verdict.verdict, by["P"].evidence) == ("consistent", "data")
    assert (by["F"].verdict.verdict, by["F"].evidence) == ("reported", "reported")


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_reported_counted_apart(demos, study):
    table = demos[study].claims
    counts = table.counts()
    assert "reported" not in table.checked_counts()
    assert table.n_reported == len(SELF_ONLY[study]) == counts["reported"]
    assert table.n_checked + table.n_reported + counts.get("cannot_check", 0) == len(table.checks)
    en, zh = narrate_claims_table(table, "en").text, narrate_claims_table(table, "zh").text
    assert f"{table.n_reported} reported with no independent data" in en
    assert f"{table.n_checked} checked against the data" in en
    assert f"{table.n_reported}个仅有通报数字、无独立数据" in zh


def test_reported_is_neutral_in_the_table_and_the_figure(gaomi_results):
    assert VERDICT_CLASS["reported"] not in (VERDICT_CLASS["consistent"], "ok")
    page = str(claims_section(gaomi_results, "en"))
    assert page.count("pe-badge reported") == len(SELF_ONLY["gaomi"])
    assert page.count("pe-badge ok") == 1  # G2.2 only

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from analysis.pictures.claims import VERDICT_COLOUR
    from analysis.pictures.style import PALETTE

    ax = gaomi_results.claims.plot()
    colours = {
        tick.get_text(): to_hex(bar.get_facecolor())
        for tick, bar in zip(ax.get_yticklabels(), ax.patches, strict=True)
    }
    from analysis.narrative.claims import VERDICT_LABEL

    words = VERDICT_LABEL["en"]
    assert (
        colours[words["reported"]]
        == PALETTE["neutral"].lower()
        == VERDICT_COLOUR["reported"].lower()
    )
    assert colours[words["consistent"]] != colours[words["reported"]]
    plt.close(ax.figure)


# -- the adjusted estimate ----------------------------------------------------------------


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_adjusted_estimate_beside_every_claim_whose_indicator_was_estimated(demos, study):
    res = demos[study]
    for c in res.claims.checks:
        p = res.preferred(c.indicator.split(".")[0]) if c.indicator else None
        if p is None:
            assert c.adjusted_design == "", c.label
            continue
        assert (c.adjusted_design, c.adjusted_estimate, c.adjusted_scale) == (
            p.design,
            p.estimate,
            p.scale,
        ), c.label


def test_d1_to_d5_have_an_adjusted_estimate_with_design_and_interval(dadeng_results):
    res = dadeng_results
    have = {c.label for c in res.claims.checks if c.adjusted_design}
    assert have == {"D1", "D2.1", "D2.2", "D3.1", "D3.2", "D3.3", "D4", "D5"}
    for lang in ("en", "zh"):
        rows = _rows(str(claims_section(res, lang)))
        for label in have:
            c = res.claims.get(label)
            cell = rows[label][4]  # the adjusted-estimate column
            assert design_name(c.adjusted_design, lang) in cell, (label, cell)
            assert ("95% CI" if lang == "en" else "95%置信区间") in cell, (label, cell)
    # a share's effect in percentage points, never a percent of a percent
    d3 = res.claims.get("D3.3")
    assert d3.adjusted_scale == "pp"
    assert "percentage points" in _rows(str(claims_section(res, "en")))["D3.3"][4]


# -- labels of a proportion's parts -------------------------------------------------------


def test_parts_named_by_their_own_labels(dadeng_results, gaomi_results):
    d, g = dadeng_results.claims, gaomi_results.claims
    assert figure_subject(d.get("D3.1"), "en") == "disputes found"
    assert figure_subject(d.get("D3.2"), "en") == "disputes resolved in advance"
    assert figure_subject(d.get("D3.1"), "zh") == "排查发现的矛盾纠纷"
    assert figure_subject(g.get("G4.1"), "en") == "owners' committees (or self-governing groups)"
    assert figure_subject(g.get("G4.2"), "zh") == "由党员担任主任的业委会"
    page = _text(str(claims_section(dadeng_results, "en")))
    assert "77 disputes found that were" not in page
    assert "disputes resolved in advance ÷ disputes found" in page


def test_parts_without_labels_fall_back_to_honest_words(dadeng_results):
    res = dadeng_results
    ind = res.spec.indicators["disputes_resolved_share"]
    bare = ind.model_copy(update={"numerator_label": None, "denominator_label": None})
    spec = res.spec.model_copy(
        update={"indicators": {**res.spec.indicators, "disputes_resolved_share": bare}}
    )
    c = check_claims(spec, res.panel, res.indicators).get("D3.1")
    assert (
        figure_subject(c, "en") == "the denominator of disputes found that were resolved in advance"
    )
    assert figure_subject(c, "zh") == "矛盾纠纷提前化解率的分母"
    assert "disputes_resolved_share" not in figure_subject(c, "en")


def test_part_labels_only_on_proportions(make_study, tmp_path):
    from analysis.core.errors import SpecError
    from analysis.intake.validate import load_study

    label = {"en": "cases resolved", "zh": "已解决的案件"}
    ok = make_study(tmp_path / "ok", {"indicators": {"resolved_share": {"numerator_label": label}}})
    ind = load_study(ok).spec.indicators["resolved_share"]
    assert (ind.numerator_label.en, ind.numerator_label.zh) == ("cases resolved", "已解决的案件")
    bad = make_study(tmp_path / "bad", {"indicators": {"incidents": {"numerator_label": label}}})
    with pytest.raises(SpecError, match="numerator_label"):
        load_study(bad)


# -- no internal ids or raw ranges --------------------------------------------------------


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_internal_id_or_raw_range_in_the_claims_text(demos, study, lang):
    res = demos[study]
    text = _text(str(claims_section(res, lang)))
    # ids that are not also plain words ("incidents", "compounds" are both)
    ids = {i for i in set(res.spec.indicators) | set(res.spec.sources) if "_" in i}
    assert len(ids) > 10
    found = [i for i in ids if re.search(rf"(?<![\w]){re.escape(i)}(?![\w])", text)]
    assert found == [], found
    assert ".." not in text
    assert not re.search(r"\b(19|20)\d\d-\d\d\b", text), re.search(r"\b(19|20)\d\d-\d\d\b", text)
    assert "numerator of disputes" not in text


# -- helpers ------------------------------------------------------------------------------


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _rows(page: str) -> dict[str, list[str]]:
    """Claim label → the text of its cells (As written, Verdict, Read as, Recomputed,
    Adjusted estimate, What the evidence says)."""
    out = {}
    for row in re.findall(r"<tr><th scope='row'>(.*?)</tr>", page, flags=re.S):
        label, rest = row.split("</th>", 1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", rest, flags=re.S)
        out[html.unescape(label)] = [_text(c) for c in cells]
    return out


def test_claims_table_words_in_both_languages_and_chinese_headers(dadeng_results):
    from analysis.narrative import claims as words
    from analysis.results.preferred import DESIGN_KEYS

    tables = words._WORDS  # the module's own EN/ZH table
    assert set(tables["en"]) == set(tables["zh"])
    keys = {*DESIGN_KEYS.values(), "staggered"}
    assert set(words.DESIGN_NAME["en"]) == set(words.DESIGN_NAME["zh"]) == keys
    page = str(claims_section(dadeng_results, "zh"))
    head = re.search(r"<thead>(.*?)</thead>", page, flags=re.S).group(1)
    caption = re.search(r"<caption>(.*?)</caption>", page, flags=re.S).group(1)
    for text in (_text(head), caption):
        assert not re.search(r"[A-Za-z]", text), text
    assert all(not re.search(r"[A-Za-z]", lab) for lab in re.findall(r"data-label='([^']*)'", page))
