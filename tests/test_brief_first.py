"""Brief first: the report's first screen answers the question.

At 1280×800 the first screen shows the question, the ONE preferred estimate per
indicator with its interval, and the verdict on every claim figure (measured by bounding
boxes in headless Chromium on both demo reports); at 375 px a figure appears within the
first ``PHONE_SCREENS`` screens. The words are in the page's one language; figures only
reported ("reported; no independent data") are counted and shown apart from the checked
ones, never green.

The browser tests run the demos through the pipeline once (session fixture
``demo_reports``); ``PILOT_EVAL_DEMO_REPORTS=<reports folder>`` reuses a folder already
made by ``pilot-eval run data/<study> --reports <folder>``.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import write_study

from analysis.face.pdf import offline
from analysis.intake.validate import load_study
from analysis.narrative.front_words import (
    brief_sentence,
    claim_short,
    estimate_text,
    verdict_counts_text,
)
from analysis.numbers.study import run_analysis
from analysis.report.sections import brief
from analysis.report.sections.front import claims, header, key_figure, key_results

ROOT = Path(__file__).resolve().parents[1]
FIRST_SCREEN = (1280, 800)
PHONE = (375, 812)
PHONE_SCREENS = 3  # a figure within the first three phone screens
ARTIFACTS = ROOT / "test-artifacts"


@dataclass(frozen=True)
class FakeEstimate:
    """The fields of results.preferred.PreferredEstimate the words read."""

    indicator: str
    design: str
    estimate: float
    lo: float | None
    hi: float | None
    scale: str
    unit_label_en: str = "incidents"
    unit_label_zh: str = "起"
    level: float | None = None
    alpha: float = 0.05


# -- the words ------------------------------------------------------------------------------


def test_relative_estimate_with_interval_in_both_languages():
    pe = FakeEstimate("fraud", "did_permutation", -0.1148, -0.45, 0.44, "relative")
    assert estimate_text(pe, "en") == "−11% (−45% to +44%)"
    assert estimate_text(pe, "zh") == "−11%（−45%至+44%）"


def test_share_estimate_is_in_percentage_points():
    pe = FakeEstimate("share", "sts", 0.11, -0.10, 0.31, "pp")
    en, zh = estimate_text(pe, "en"), estimate_text(pe, "zh")
    assert en == "+11 percentage points (−10 to +31 percentage points)"
    assert zh == "+11个百分点（−10至+31个百分点）"
    assert "%" not in en and "%" not in zh


def test_staggered_estimate_in_the_outcome_unit_and_percent_of_untreated_level():
    pe = FakeEstimate(
        "complaints", "staggered", -0.8, -1.6, -0.1, "absolute", "complaints", "件", level=8.0
    )
    en = estimate_text(pe, "en")
    assert en.startswith("−0.8 complaints per unit per month (−1.6 to −0.1)")
    assert "−10% of the untreated level" in en
    zh = estimate_text(pe, "zh")
    assert zh.startswith("每单位每月−0.8件（−1.6至−0.1）") and "未试点水平的−10%" in zh


def test_estimate_without_interval_says_so():
    pe = FakeEstimate("x", "synth", -0.18, None, None, "relative")
    assert estimate_text(pe, "en") == "−18% (no sampling interval)"
    s = brief_sentence(pe, "Fraud", "en")
    assert s.tone == "causal_inconclusive"  # nothing to be clear of
    assert "no sampling interval" in s.text


def test_brief_sentence_tone_follows_the_interval():
    clear = brief_sentence(
        FakeEstimate("x", "did_permutation", -0.3, -0.5, -0.1, "relative"), "Fraud", "en"
    )
    assert clear.tone == "causal_supported" and "told apart" not in clear.text
    assert "95% interval −50% to −10%" in clear.text and "difference-in-differences" in clear.text
    zero = brief_sentence(
        FakeEstimate("x", "did_permutation", -0.1, -0.5, 0.4, "relative"), "电信诈骗警情", "zh"
    )
    assert zero.tone == "causal_inconclusive" and zero.text.endswith("与无变化无法区分。")
    assert "(" not in zero.text and "（" in zero.text  # full-width brackets


def test_counts_put_reported_figures_apart_from_checked_ones():
    counts = {"consistent": 1, "overstated": 2, "reported": 12, "cannot_check": 1}
    en = verdict_counts_text(counts, "en")
    assert en == (
        "3 checked: 1 consistent, 2 overstated · 12 reported figures without independent "
        "data · 1 cannot be checked"
    )
    zh = verdict_counts_text(counts, "zh")
    assert zh.startswith("核查3项：相符1项，夸大2项") and "12项仅有通报数字，无独立数据" in zh
    assert verdict_counts_text({"reported": 1}, "en").startswith("none checked")


def test_claim_short_gives_the_stated_figure_in_the_page_language():
    @dataclass
    class Parsed:
        kind: str
        value: float
        bound: str = "exact"
        basis: str | None = None

    @dataclass
    class Check:
        parsed: Parsed
        indicator_label: str = "Telecom-fraud incidents"
        indicator_label_zh: str | None = "电信诈骗警情"
        text: str = "全口径电信诈骗警情同比下降22%"
        language: str = "zh"

    c = Check(Parsed("percent_change", -0.22, basis="yoy"))
    assert claim_short(c, "en") == ("−22% year on year", "Telecom-fraud incidents")
    assert claim_short(c, "zh") == ("同比−22%", "电信诈骗警情")
    big = Check(Parsed("amount", 328000.0, "at_least"))
    assert claim_short(big, "zh")[0] == "≥32.8万"
    assert claim_short(big, "en")[0] == "≥328,000"
    orphan = Check(Parsed("count", 4.0), indicator_label="", indicator_label_zh=None)
    assert not re.search(r"[\u4e00-\u9fff]", "".join(claim_short(orphan, "en")))


# -- the sections on a small study -----------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    spec = write_study(
        tmp_path_factory.mktemp("brief") / "s",
        spec_overrides={"designs": ["descriptive", "its", "did"]},
    )
    return run_analysis(load_study(spec))


def test_header_is_the_brief(small):
    html = str(header(small, "en"))
    assert "class='pe-brief'" in html and small.spec.question.en.split()[0] in html
    rows = re.findall(r"data-indicator='([^']+)'", html)
    assert rows and len(rows) == len(set(rows))  # one row per indicator
    for iid in rows:
        pe = small.preferred(iid)
        if pe is not None:
            assert estimate_text(pe, "en").split(" ")[0] in html
    claim_items = re.findall(r"data-claim='([^']+)'", html)
    assert claim_items == [c.label for c in small.claims.checks]
    # the study facts are folded below the brief, not on the first screen
    assert "<details class='pe-fold' id='study-facts'>" in html


def test_details_are_folded(small):
    for section in (claims, key_results):
        html = str(section(small, "en"))
        assert html.startswith("<details class='pe-fold'") and "<details open" not in html


def test_one_key_figure_per_indicator(small):
    html = str(key_figure(small, "en"))
    n = len(small.indicators.indicators())
    assert html.count("<figure") == n


def test_zh_brief_has_no_english_words(small):
    """Every heading, label and table header of the zh brief is Chinese: after removing
    numbers, unit ids, and names from the data, no Latin word remains."""
    html = str(header(small, "zh"))
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"title='[^']*'", " ", text)
    data_words = set()
    for iid in small.spec.indicators:
        data_words |= set(re.findall(r"[A-Za-z]+", small.label(iid, "zh")))
    for u in (*small.panel.treated_units, *small.panel.comparison_units):
        data_words |= set(re.findall(r"[A-Za-z]+", str(u)))
    data_words |= set(re.findall(r"[A-Za-z]+", small.spec.title.zh or small.spec.title.en))
    data_words |= set(re.findall(r"[A-Za-z]+", small.spec.question.zh or small.spec.question.en))
    for _mid, _per, label in small.panel.milestones():  # a spec label without a zh one
        data_words |= set(re.findall(r"[A-Za-z]+", label))
    data_words |= {"Callaway", "Sant", "Anna"}
    latin = [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in data_words]
    assert latin == [], latin
    question = re.search(r"<p class='pe-question'>(.*?)</p>", html, re.S).group(1)
    assert not re.search(r"[?!;:,()]", re.sub(r"<[^>]+>", "", question))  # full-width


def test_index_card_reads_counts_and_preferred_from_results_json():
    results = {
        "claims": {
            "checks": [
                {"claim_id": "G1", "figure": 1, "n_figures": 2, "verdict": {"verdict": "reported"}},
                {"claim_id": "G1", "figure": 2, "n_figures": 2, "verdict": {"verdict": "reported"}},
                {
                    "claim_id": "G2",
                    "figure": 1,
                    "n_figures": 1,
                    "verdict": {"verdict": "overstated"},
                },
            ]
        },
        "indicators": {
            "frequency": "M",
            "changes": [{"indicator": "complaints", "label": "Resident complaints"}],
        },
        "preferred": {
            "complaints": {
                "indicator": "complaints",
                "design": "staggered",
                "estimate": -0.8,
                "lo": -1.6,
                "hi": -0.1,
                "scale": "absolute",
                "unit_label_en": "complaints",
                "unit_label_zh": "件",
                "level": 8.0,
                "alpha": 0.05,
            }
        },
        "headlines": ["Resident complaints at the pilot units fell 17.2%."],
    }
    card = brief.index_card(results)
    assert card["counts"] == "1 checked: 1 overstated · 2 reported figures without independent data"
    assert [(b[0], b[2], b[3]) for b in card["verdicts"]] == [
        ("G1.1", "reported", "reported"),
        ("G1.2", "reported", "reported"),
        ("G2", "failed", "checked"),
    ]
    assert card["estimates"] == [
        "Resident complaints: the preferred estimate of the effect of the pilot is −0.8 complaints "
        "per unit per month (95% interval −1.6 to −0.1; Callaway–Sant'Anna "
        "roll-out estimator); −10% of the untreated level."
    ]
    # without "preferred" the index falls back on the headlines, which lead with it
    del results["preferred"]
    assert brief.index_card(results)["estimates"] == results["headlines"]


def test_reported_badge_is_neutral():
    assert brief.VERDICT_CLASS["reported"] not in ("ok", "failed", "stale")
    css = (ROOT / "analysis/report/templates/pilot/report.css").read_text(encoding="utf-8")
    rule = re.search(r"\.pe-badge\.reported \{([^}]*)\}", css)
    assert rule and "--pe-ok" not in rule.group(1)


def test_headline_is_the_preferred_estimate(small):
    """The study's headline (results.json headlines lead, the index card) is the
    preferred estimate, not the naive before/after change."""
    iids = [i for i in small.indicators.indicators() if small.preferred(i) is not None]
    assert iids
    heads = small.headlines()
    for i, iid in enumerate(iids):
        assert heads[i].startswith(small.label(iid, "en") + ": the preferred estimate")
    assert small.headline("en").startswith(small.label(iids[0], "en") + ": the preferred")


# -- in the browser ------------------------------------------------------------------------


_MEASURE = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}; };
  const q = document.querySelector('.pe-question');
  const imgs = Array.from(document.querySelectorAll('figure img, .output_png img'));
  return {
    question: q ? box(q) : null,
    claims: Array.from(document.querySelectorAll('ul.pe-verdicts li'))
      .map(li => ({id: li.dataset.claim, ...box(li.querySelector('.pe-badge'))})),
    estimates: Array.from(document.querySelectorAll('table.pe-brief-table tr[data-indicator]'))
      .map(tr => ({id: tr.dataset.indicator, ...box(tr.querySelector('td.pe-est'))})),
    firstFigure: imgs.length ? box(imgs[0]).top : null,
    height: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
  };
}
"""


@pytest.fixture(scope="module")
def reports(request) -> Path:
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from browser_support import ensure_chromium

    path, why = ensure_chromium()
    if path is None:
        pytest.skip(f"browser tests need Chromium: {why}")
    given = os.environ.get("PILOT_EVAL_DEMO_REPORTS")
    return Path(given) if given else request.getfixturevalue("demo_reports")


@pytest.fixture(scope="module")
def browser():
    from browser_support import LAUNCH_ARGS, ensure_chromium
    from playwright.sync_api import sync_playwright

    exe, _ = ensure_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=list(LAUNCH_ARGS))
        yield b
        b.close()


def _measure(browser, page_path: Path, size: tuple[int, int], shot: Path) -> dict:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        offline(page)
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        m = page.evaluate(_MEASURE)
        shot.parent.mkdir(parents=True, exist_ok=True)
        screens = 1 if size == FIRST_SCREEN else PHONE_SCREENS + 1
        height = min(m["height"], size[1] * screens)
        page.screenshot(
            path=str(shot),
            full_page=True,
            clip={"x": 0, "y": 0, "width": size[0], "height": height},
        )
        return m
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("page", ["index.html", "index.zh.html"])
@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_first_screen_shows_question_verdicts_and_estimates(reports, browser, study, page):
    path = reports / study / page
    if not path.exists():  # the zh page of a 'both' report (written once h-lang is merged)
        pytest.skip(f"{study} has no {page}")
    tag = "" if page == "index.html" else "-zh"
    m = _measure(browser, path, FIRST_SCREEN, ARTIFACTS / f"after-{study}{tag}-1280.png")
    limit = FIRST_SCREEN[1]
    assert m["question"] is not None and m["question"]["bottom"] <= limit
    results = json.loads((reports / study / "results.json").read_text(encoding="utf-8"))
    labels = [
        c["claim_id"] if c.get("n_figures", 1) == 1 else f"{c['claim_id']}.{c['figure']}"
        for c in results["claims"]["checks"]
    ]
    # every claim figure's verdict, once (grouped: checked, reported, not checked)
    assert sorted(c["id"] for c in m["claims"]) == sorted(labels)
    late = [c["id"] for c in m["claims"] if c["bottom"] > limit]
    assert late == [], f"claim verdicts below the first screen: {late}"
    assert m["estimates"], "no preferred estimate on the page"
    late = [e["id"] for e in m["estimates"] if e["bottom"] > limit]
    assert late == [], f"estimates below the first screen: {late}"
    assert m["scrollWidth"] <= FIRST_SCREEN[0]


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_phone_reaches_a_figure_within_three_screens(reports, browser, study):
    m = _measure(
        browser, reports / study / "index.html", PHONE, ARTIFACTS / f"after-{study}-375.png"
    )
    assert m["firstFigure"] is not None
    screens = m["firstFigure"] / PHONE[1]
    assert screens < PHONE_SCREENS, f"first figure at screen {screens:.1f}"
    assert m["scrollWidth"] <= PHONE[0], "the page scrolls sideways"
    assert not math.isnan(screens)


def test_brief_shows_reported_figures_apart_and_neutral(small):
    """A figure only comparable with itself ("reported") is listed under its own heading,
    with a neutral badge, and counted apart from the checked figures."""
    from dataclasses import replace

    first, *rest = small.claims.checks
    reported = replace(first, verdict=replace(first.verdict, verdict="reported"))
    res = replace(small, claims=replace(small.claims, checks=(reported, *rest)))
    html = str(brief.verdicts(res, "en"))
    groups = re.findall(r"<div class='pe-verdict-group pe-group-(\w+)'>", html)
    assert "reported" in groups
    block = html.split("pe-group-reported", 1)[1].split("</ul>", 1)[0]
    assert f"data-claim='{first.label}'" in block
    assert "pe-badge reported" in block and "pe-badge ok" not in block
    assert "1 reported figure without independent data" in html
    zh = str(brief.verdicts(res, "zh"))
    assert "仅有通报数字，无独立数据" in zh and "1项仅有通报数字" in zh
