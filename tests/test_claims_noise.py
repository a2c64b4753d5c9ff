"""Numbers that are not figures (``noise_spans``), in English and Chinese: the spans found, and
that the claim parser then reads no figure from them while the real figure beside them
survives. Sentences in the styles of UK/US/Australian police and council pages and mainland
government pages (not the corpus snippets)."""

from __future__ import annotations

import pytest

from analysis.numbers.claims.noise import noise_spans
from analysis.numbers.claims.parse import parse_claim
from analysis.numbers.claims.text import normalize


def figures(text: str) -> list[tuple[str, float | None]]:
    return [(f.kind, f.value) for f in parse_claim(text).figures if f.kind != "unknown"]


def kinds_of_noise(text: str) -> set[str]:
    norm = normalize(text)
    return {
        w
        for _s, _e, w in noise_spans(
            norm, "zh" if any("\u4e00" <= c <= "\u9fff" for c in norm) else "en"
        )
    }


NOISE = [
    # phones
    pytest.param("For advice ring 0161 872 5050 between 9 and 5.", "phone", id="uk-landline"),
    pytest.param("Call Crimestoppers anonymously on 0800 555 111.", "phone", id="freephone"),
    pytest.param("Report it to police on 101.", "phone", id="101"),
    pytest.param(
        "Contact Policelink on 131 444 or Crime Stoppers on 1800 333 000.", "phone", id="au-numbers"
    ),
    pytest.param("For information call (202) 555-0143.", "phone", id="us-number"),
    pytest.param("举报电话：0571-87654321", "phone", id="zh-hotline"),
    pytest.param("群众可拨打12345热线反映。", "phone", id="zh-12345"),
    # ISBN, DOI, citations
    pytest.param("ISBN 978-1-84726-311-5", "isbn", id="isbn"),
    pytest.param("doi:10.1136/bmj.k1234", "citation", id="doi"),
    pytest.param("Hot-spot patrols reduce crime [14, 15].", "citation", id="bracket-citation"),
    pytest.param(
        "as found earlier (Braga and Weisburd, 2010; Sherman, 1995).", "citation", id="author-year"
    ),
    # years, dates, times
    pytest.param("The 2020/21 annual report is out.", "year_range", id="financial-year"),
    pytest.param("Figures for FY2022 are provisional.", "year_range", id="fy"),
    pytest.param("Posted: 03/11/2021 09:42", "dateline", id="numeric-date"),
    pytest.param("Last updated 2022-06-30 14:05:11", "dateline", id="iso-datetime"),
    pytest.param("Doors open at 6.30pm.", "time", id="time-pm"),
    # statutes, documents, cases
    pytest.param("Officers used powers under section 1 of PACE.", "statute", id="section"),
    pytest.param("See Part 4 of the Act.", "statute", id="part"),
    pytest.param("Please quote crime reference 24/78123/22.", "document_number", id="crime-ref"),
    pytest.param("quoting incident 871 of 4 March", "document_number", id="incident-of"),
    pytest.param(
        "《关于加强社会治安防控的意见》（公通字〔2019〕23号）", "document_number", id="zh-document"
    ),
    pytest.param("沪ICP备05028231号-2", "document_number", id="zh-icp"),
    # addresses, web, versions, ages
    pytest.param("The front counter at 42 Queen Street is closed.", "address", id="street"),
    pytest.param("Write to PO Box 1234, Sydney NSW 2001.", "address", id="po-box"),
    pytest.param("地址：南京市鼓楼区北京西路15号", "address", id="zh-road"),
    pytest.param(
        "Visit www.police.vic.gov.au/report2 or email info@council2.gov.uk",
        "url_email",
        id="url-email",
    ),
    pytest.param("Download version 3.4.1 of the app.", "other", id="version"),
    pytest.param("A 19-year-old woman was arrested.", "other", id="age"),
    pytest.param("Photo 2 of 7", "other", id="gallery-caption"),
    pytest.param("Updated 5 hours ago · 4 min read", "other", id="page-furniture"),
    pytest.param("嫌疑人张某（男，32岁）已被刑事拘留。", "other", id="zh-age"),
]


@pytest.mark.parametrize(("text", "what"), NOISE)
def test_noise_spans_name_the_family(text: str, what: str) -> None:
    assert what in kinds_of_noise(text)


@pytest.mark.parametrize(("text", "_what"), NOISE)
def test_noise_yields_no_figure(text: str, _what: str) -> None:
    assert figures(text) == []


KEEPS_THE_FIGURE = [
    pytest.param(
        "Burglary fell 12% in 2020/21, police said; call 101 to report a crime.",
        [("percent_change", -0.12)],
        id="change-beside-phone-and-year",
    ),
    pytest.param(
        "Since 1 April 2021, arrests rose by 18 per cent.",
        [("percent_change", 0.18)],
        id="change-after-date",
    ),
    pytest.param(
        "Under section 60, officers carried out 1,200 searches.",
        [("count", 1200.0)],
        id="count-after-statute",
    ),
    pytest.param(
        "A 45-year-old man was one of 230 people arrested.",
        [("count", 230.0)],
        id="count-beside-age",
    ),
    pytest.param(
        "Robbery fell 10.5% between 2012 and 2013 (Home Office, 2014).",
        [("percent_change", -0.105)],
        id="decimal-beside-citation",
    ),
    pytest.param(
        "2023年1-11月，全市刑事案件同比下降12.5%，举报电话12345。",
        [("percent_change", -0.125)],
        id="zh-change-beside-hotline",
    ),
    pytest.param(
        "热线电话接听群众来电3200余个。",
        [("count", 3200.0)],
        id="zh-hotline-count-is-a-figure",
    ),
]


@pytest.mark.parametrize(("text", "want"), KEEPS_THE_FIGURE)
def test_real_figures_survive_beside_noise(text: str, want: list[tuple[str, float]]) -> None:
    got = figures(text)
    assert [(k, pytest.approx(v)) for k, v in want] == got


def test_a_date_blanks_only_its_digits() -> None:
    norm = "since 16 July 2015"
    spans = [(norm[s:e], w) for s, e, w in noise_spans(norm, "en")]
    assert spans == [("16", "dateline"), ("2015", "dateline")]


def test_chinese_dates_are_left_to_the_grammar() -> None:
    assert noise_spans("2021年1月至11月", "zh") == []


def test_year_range_with_spaced_dash_is_not_one() -> None:
    """ "March 2011 – 11 fewer …": a year, a dash, and a figure."""
    assert all(w != "year_range" for _s, _e, w in noise_spans("March 2011 – 11 fewer", "en"))


def test_decimals_are_not_times() -> None:
    assert noise_spans("Crime fell 10.45 per cent", "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "Residents can call the 311 call centre for non-emergency help.",
        "Most calls were passed to 911 dispatchers.",
        "Collisions within 200m of the new crossings were counted.",
        "Drivers exceeding the speed limit by more than 10 mph were stopped.",
        "The return was counted for every £1 invested.",
        "Savings were estimated for each $1 spent.",
    ],
)
def test_hotlines_and_thresholds_are_noise(text: str) -> None:
    """Hotline numbers and distance / speed thresholds defining a statistic (convention 11)
    yield no figure."""
    figs = [f for f in parse_claim(text).figures if f.kind != "unknown"]
    assert figs == [], [(f.kind, f.value) for f in figs]
