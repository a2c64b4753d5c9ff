"""Hostile names corpus: every string a study can put on a page is shown as text, never run.

A small synthetic study (the ``conftest`` tiny study) goes through the real pipeline with
markup, script, template syntax, quotes, a 5,000-character word, right-to-left override,
CJK and emoji in its unit names, indicator labels, title, question, assumptions, claim
texts, a data column header, an event category, a data file name and milestone labels.
Every HTML page produced is then parsed: no script or other active element, no ``on*``
attribute, no ``javascript:`` URL, images only as embedded PNG, and each hostile string
appears in the page's text (so it was escaped, not interpreted). Study ids that would
steer output paths (``../evil``, ``/abs``) are refused before anything is written.
"""

from __future__ import annotations

import base64
import hashlib
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import UNITS, Rows, write_study

from analysis.core.errors import SpecError
from analysis.face import pipeline
from analysis.face.index import write_index
from analysis.intake.spec import load_spec

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
STYLE = "</style><script>"
TEMPLATE = "{{7*7}}"
ATTR = "' onmouseover='x"
LONG = "Long" + "x" * 4992 + "end."  # 5,000 characters, no break opportunity
RTL = "مرحبا\u202e"  # ends with RIGHT-TO-LEFT OVERRIDE
CJK = "大嶝派出所"
EMOJI = "🚓📉✅"
HOSTILE = {
    "script": SCRIPT,
    "img": IMG,
    "js_url": JS_URL,
    "style": STYLE,
    "template": TEMPLATE,
    "attr": ATTR,
    "long": LONG,
    "rtl": RTL,
    "cjk": CJK,
    "emoji": EMOJI,
}
# Strings with markup characters must never occur verbatim in the HTML source.
MARKUP = {k: v for k, v in HOSTILE.items() if any(ch in v for ch in '<>"')}

UNIT_NAMES = {
    UNITS[0]: f"{SCRIPT} {CJK}",
    UNITS[1]: IMG,
    UNITS[2]: f"{RTL} {EMOJI}",
    UNITS[3]: f"{TEMPLATE}{ATTR}",
}
COLUMN = f"{STYLE}incidents"
CATEGORY = f"{SCRIPT}theft"
PANEL_FILE = f"{CJK}{IMG}{ATTR}.csv"  # no "/": it is a file name
STUDY_ID = "hostile"

# Elements that run code, load something or change where links and forms go.
ACTIVE_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "link",
    "form",
    "meta-refresh",
    "svg",
    "math",
}
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "srcset",
    "ping",
    "longdesc",
    "usemap",
}


def _hostile_spec() -> dict:
    """Spec overrides for the conftest tiny study: a hostile string in every free-text field."""
    return {
        "id": STUDY_ID,
        "title": {"en": f"{SCRIPT} {TEMPLATE} {EMOJI}", "zh": f"{CJK}{STYLE}"},
        "question": f"{IMG} {JS_URL} {LONG}",
        "treatment": {
            "units": [UNIT_NAMES[UNITS[0]]],
            "milestones": [{"id": "launch", "date": "2020-07", "label": f"{JS_URL} {ATTR} {RTL}"}],
        },
        "indicators": {
            "incidents": {"column": COLUMN, "label": f"{IMG} {CJK}"},
            "resolved_share": {"label": f"{STYLE} {EMOJI}"},
            "thefts": {"label": f"{ATTR} {TEMPLATE}", "categories": [CATEGORY]},
            "staff": {"label": f"{JS_URL} {RTL}"},
        },
        "designs": ["descriptive", "its", "sts", "did"],
        "claims": [
            {
                "id": "c1",
                "text": f"{SCRIPT} Incidents fell 20% {LONG}",
                "indicator": "incidents",
                "note": f"{IMG} {TEMPLATE}",
            }
        ],
        "assumptions": list(HOSTILE.values()),
    }


def _rename_units(rows: Rows) -> Rows:
    for row in rows:
        row["unit"] = UNIT_NAMES[row["unit"]]
    return rows


def _panel(rows: Rows) -> Rows:
    for row in _rename_units(rows):
        row[COLUMN] = row.pop("incidents")
    return rows


def _events(rows: Rows) -> Rows:
    for row in _rename_units(rows):
        if row["category"] == "theft":
            row["category"] = CATEGORY
    return rows


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile study run once through the real pipeline; the reports folder."""
    base = tmp_path_factory.mktemp("hostile")
    spec = write_study(
        base / "study",
        _hostile_spec(),
        rows_mutator=_panel,
        events_mutator=_events,
        panel_file=PANEL_FILE,
    )
    reports = base / "reports"
    outcome = pipeline.run_study(spec, reports, progress=False, log=lambda *_: None)
    assert outcome.ok, outcome.error
    write_index(reports)
    return reports


@dataclass
class PageAudit:
    """What an HTML parser found in one page."""

    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    tags: dict[str, int] = field(default_factory=dict)

    @property
    def joined(self) -> str:
        return "".join(self.text)


class _Auditor(HTMLParser):
    """Collects text nodes and flags active content (html.parser, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.audit = PageAudit()
        self.in_body = False
        self.raw_text = False  # inside <style>/<script>: not page text
        self.csp_hashes: set[str] = set()  # script-src 'sha256-...' of the page's CSP
        self.script: tuple[int, list[str]] | None = None  # the open <script>: line, text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = self.audit
        a.tags[tag] = a.tags.get(tag, 0) + 1
        line = self.getpos()[0]
        if tag == "body":
            self.in_body = True
        self.raw_text = tag in ("style", "script")
        values = {k: v or "" for k, v in attrs}
        kind = (
            "meta-refresh"
            if tag == "meta" and values.get("http-equiv", "").lower() == "refresh"
            else tag
        )
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.csp_hashes |= set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", values["content"]))
        if tag == "script" and not values:
            # allowed only as the browser allows it: its text hashed in the page's CSP
            self.script = (line, [])
        elif kind in ACTIVE_TAGS:
            a.problems.append(f"line {line}: <{tag}> element")
        if tag == "style" and self.in_body:
            a.problems.append(f"line {line}: <style> inside the body")
        for name, value in values.items():
            if name.startswith("on"):
                a.problems.append(f"line {line}: <{tag} {name}=...> event-handler attribute")
            squashed = "".join(ch for ch in value if ch > " ").lower()
            if name in URL_ATTRS and squashed.startswith(("javascript:", "vbscript:")):
                a.problems.append(f"line {line}: <{tag} {name}={value[:40]!r}>")
            if name == "style" and ("url(" in squashed or "expression(" in squashed):
                a.problems.append(f"line {line}: <{tag} style={value[:40]!r}>")
        if tag == "img" and not values.get("src", "").startswith("data:image/png;base64,"):
            a.problems.append(f"line {line}: <img src={values.get('src', '')[:40]!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.raw_text = False

    def handle_endtag(self, tag: str) -> None:
        self.raw_text = False
        if tag == "script" and self.script is not None:
            line, parts = self.script
            digest = hashlib.sha256("".join(parts).encode("utf-8")).digest()
            if base64.b64encode(digest).decode() not in self.csp_hashes:
                self.audit.problems.append(f"line {line}: <script> element")
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)
        if not self.raw_text:
            self.audit.text.append(data)


def audit_html(source: str) -> PageAudit:
    """Parse a page and return its text and the active content found."""
    parser = _Auditor()
    parser.feed(source)
    parser.close()
    return parser.audit


def _pages(reports: Path) -> Iterator[Path]:
    yield from sorted(reports.rglob("*.html"))


pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def test_auditor_catches_what_it_should() -> None:
    """The parser check itself: each kind of active content is reported."""
    bad = textwrap.dedent("""\
        <html><head><style>p{}</style></head><body>
        <script>alert(1)</script><p onclick="x">a</p><a href=" JaVa&#x0A;script:alert(1)">b</a>
        <img src="x"><img src="data:image/svg+xml;base64,AAAA"><style>p{}</style>
        <meta http-equiv="refresh" content="0;url=https://example.com">
        <div style="background:url(https://example.com/x.png)">c</div></body></html>""")
    problems = audit_html(bad).problems
    for needle in (
        "<script>",
        "onclick",
        "href=",
        "<img src='x'>",
        "svg+xml",
        "<style> inside",
        "<meta>",
        "style=",
    ):
        assert any(needle in p for p in problems), (needle, problems)
    good = audit_html(
        '<html><head><style>p{}</style></head><body><p title="&lt;b&gt;">'
        "&lt;script&gt;</p><img src='data:image/png;base64,AA' alt='x'></body>"
        "</html>"
    )
    assert not good.problems and good.joined == "<script>"


def test_outputs_stay_under_the_study_id(hostile_reports: Path) -> None:
    """The run wrote only ``reports/<id>/`` and the index; the report page exists."""
    assert {p.name for p in hostile_reports.iterdir()} == {STUDY_ID, "index.html"}
    assert (hostile_reports / STUDY_ID / "index.html").is_file()
    assert not list(hostile_reports.rglob(".build-*"))


def test_no_active_content_in_any_page(hostile_reports: Path) -> None:
    """No script, event handler, javascript: URL or non-PNG image in any produced page."""
    pages = list(_pages(hostile_reports))
    assert len(pages) >= 2, pages
    problems = []
    for page in pages:
        audit = audit_html(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(hostile_reports)} {p}" for p in audit.problems]
    assert not problems, "\n".join(problems[:20])


def test_markup_never_verbatim_in_source(hostile_reports: Path) -> None:
    """Strings with ``<``, ``>`` or ``"`` never reach the HTML source unescaped."""
    found = []
    for page in _pages(hostile_reports):
        source = page.read_text(encoding="utf-8")
        found += [f"{page.name}: {name}" for name, s in MARKUP.items() if s in source]
    assert not found, found


def test_every_hostile_string_shown_as_text_in_the_report(hostile_reports: Path) -> None:
    """Each hostile string is in the report's text nodes, exactly as written."""
    audit = audit_html((hostile_reports / STUDY_ID / "index.html").read_text(encoding="utf-8"))
    text = audit.joined
    missing = [name for name, s in HOSTILE.items() if s not in text]
    assert not missing, f"not shown as text: {missing}"
    assert f"{SCRIPT} {TEMPLATE} {EMOJI}" in text, "the title was altered (template evaluated?)"
    for name in UNIT_NAMES.values():
        assert name in text, f"unit name not shown: {name!r}"


def test_index_shows_the_hostile_title_as_text(hostile_reports: Path) -> None:
    """The reports index lists the study with its title as text and links by the id."""
    source = (hostile_reports / "index.html").read_text(encoding="utf-8")
    audit = audit_html(source)
    assert f"{SCRIPT} {TEMPLATE} {EMOJI}" in audit.joined
    assert f'href="{STUDY_ID}/index.html"' in source


@pytest.fixture(scope="module")
def hostile_in_browser(hostile_reports: Path, tmp_path_factory: pytest.TempPathFactory):
    """The hostile report opened once in Chromium at phone width (skips without one)."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from browser_support import ARTIFACTS, PHONE, check_page, ensure_chromium, launch
    from playwright.sync_api import sync_playwright

    executable, why = ensure_chromium()
    if executable is None:
        pytest.skip(f"no Chromium for the browser checks: {why}")
    with sync_playwright() as pw:
        context = launch(pw, executable, tmp_path_factory.mktemp("chromium-profile"))
        try:
            return check_page(
                context,
                hostile_reports / STUDY_ID / "index.html",
                PHONE,
                ARTIFACTS / f"{STUDY_ID}-{PHONE[0]}.png",
            )
        finally:
            context.close()


def test_hostile_report_runs_nothing_in_a_browser(hostile_in_browser) -> None:
    """In Chromium: no alert dialog, no console error, no request, every image decoded."""
    result = hostile_in_browser
    assert not result.dialogs, result.dialogs
    assert not result.console_errors, result.console_errors
    assert not result.external_requests and not result.failed_requests
    assert not result.broken_images, result.broken_images


def test_hostile_report_fits_a_phone(hostile_in_browser) -> None:
    """At 375 px the page does not scroll sideways, whatever the spec's text."""
    result = hostile_in_browser
    assert result.scroll_width <= result.inner_width + 1, result.overflowing


@pytest.mark.parametrize(
    "bad_id",
    [
        "../evil",
        "/abs",
        "..",
        "evil/../../x",
        "a/b",
        "Evil",
        "evil\n",
        "",
        "-evil",
        "a" * 65,
        "évil",
        "evil.",
        " evil",
    ],
    ids=repr,
)
def test_path_like_study_ids_are_refused(bad_id: str, tmp_path: Path) -> None:
    """A study id that is not a plain lower-case name is a spec error naming the id key."""
    spec = write_study(tmp_path / "case", {"id": bad_id})
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    assert any(i.code.startswith("spec.") and "id" in str(i) for i in info.value.issues), [
        str(i) for i in info.value.issues
    ]


@pytest.mark.parametrize("bad_id", ["../evil", "/abs"])
def test_run_with_path_like_id_writes_nothing_outside_reports(bad_id: str, tmp_path: Path) -> None:
    """The pipeline refuses the spec before building anything; the failure record is filed
    under a name derived from the folder, inside the reports folder."""
    spec = write_study(tmp_path / "work" / "case", {"id": bad_id})
    reports = tmp_path / "work" / "reports"
    outcome = pipeline.run_study(spec, reports, progress=False, log=lambda *_: None)
    assert not outcome.ok
    assert "id" in outcome.error
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["case", "reports"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    written = sorted(str(p.relative_to(reports)) for p in reports.rglob("*") if p.is_file())
    assert written == ["_failures/case/failure.json"], written
    assert not Path("/abs").exists() and not (tmp_path / "evil").exists()
