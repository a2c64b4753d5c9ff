"""The published page's collapsible sections and contents list (made by the nbconvert
template from heading cells and display metadata, not by re-parsing the page)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(scope="module", params=["dadeng", "gaomi"])
def page(request, demo_reports) -> BeautifulSoup:
    html = (demo_reports / request.param / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_contents_lists_every_section_in_page_order(page):
    links = [a["href"].lstrip("#") for a in page.select("nav.pe-toc a")]
    headings = [d.summary.h2["id"] for d in page.select("details.pe-section")]
    assert links == headings
    assert len(links) >= 5
    titles = [a.get_text() for a in page.select("nav.pe-toc a")]
    assert "Methods and assumptions" in titles and "Data appendix" in titles


def test_sections_are_open_nonempty_and_not_nested(page):
    sections = page.select("details.pe-section")
    for d in sections:
        assert d.has_attr("open")
        assert d.find_parent("details", class_="pe-section") is None
        body = [c for c in d.find_all(recursive=False) if c.name != "summary"]
        assert body, d.get("id")
    # the contents list comes before the first section, the footer after the last
    nav = page.select_one("nav.pe-toc")
    assert nav.find_next("details", class_="pe-section") is sections[0]
    assert sections[-1].find_next("footer", class_="pe-provenance") is not None


def test_indicator_sections_stay_at_the_top_level(page, request):
    ids = [d["id"] for d in page.select("details.pe-section")]
    indicator_ids = [i for i in ids if i.startswith("sec-ind-")]
    assert indicator_ids
    assert len(set(ids)) == len(ids)
