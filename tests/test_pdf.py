"""The PDF of a report (analysis/face/pdf.py, ``pilot-eval run --pdf`` and ``pilot-eval
pdf``): printed by headless Chromium, A4, folded sections opened; checked with poppler
(``pdfinfo`` for the page size, ``pdftoppm`` to render page 1 and see ink on it,
``pdftotext`` to find text that was folded away on the page).

A small study is run once through the real pipeline with Chromium hidden, which must
say so clearly and still publish the HTML report; the PDF is then made by
``pilot-eval pdf``. Skipped (with the reason) when Chromium or poppler is missing."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_study

from analysis.face import cli, pdf

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
POPPLER = ("pdfinfo", "pdftoppm", "pdftotext")


@pytest.fixture(scope="module")
def browser() -> str:
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    found = pdf.find_browser()
    if found is None:
        pytest.skip("no Chromium (set PILOT_EVAL_CHROMIUM or install chromium)")
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils missing: {', '.join(missing)}")
    return found


@pytest.fixture(scope="module")
def published(browser, tmp_path_factory) -> tuple[Path, int, str]:
    """The tiny study run by ``pilot-eval run --pdf`` with no browser to be found: the exit
    code, what it said, and the published folder."""
    base = tmp_path_factory.mktemp("pdf")
    spec = write_study(base / "tiny")
    reports = base / "reports"
    mp = pytest.MonkeyPatch()
    mp.setenv(pdf.BROWSER_ENV, str(base / "no-such-chromium"))
    try:
        import contextlib
        import io

        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            rc = cli.main(["run", str(spec), "--reports", str(reports), "--jobs", "1", "--pdf"])
    finally:
        mp.undo()
    return reports / "tiny", rc, err.getvalue() + out.getvalue()


def test_run_pdf_without_chromium_says_so_and_publishes_the_html(published):
    folder, rc, said = published
    assert rc == 0, said
    assert "--pdf: cannot make a PDF" in said and "no-such-chromium" in said
    assert "The HTML reports are published without a PDF" in said
    assert "Traceback" not in said
    assert (folder / "index.html").is_file() and not (folder / "report.pdf").exists()


def test_pdf_command_without_chromium_is_a_clear_error(published, tmp_path, monkeypatch, capsys):
    folder, _, _ = published
    monkeypatch.setenv(pdf.BROWSER_ENV, str(tmp_path / "nothing"))
    assert cli.main(["pdf", str(folder)]) == 2
    said = capsys.readouterr().err
    assert said.startswith("error: cannot make a PDF:") and "Traceback" not in said


def _folded_text(page: str) -> str:
    """The first six words of a paragraph or list item inside a <details> that is closed
    on the page."""
    for m in re.finditer(r"<details(?![^>]*\bopen\b)[^>]*>(.*?)</details>", page, re.S):
        for item in re.findall(r"<(?:p|li)\b[^>]*>(.*?)</(?:p|li)>", m.group(1), re.S):
            words = html_lib.unescape(re.sub(r"<[^>]+>", " ", item)).split()
            if len(words) >= 6:
                return " ".join(words[:6])
    return ""


def test_pdf_is_a4_with_ink_and_folded_sections_opened(published, browser, tmp_path, capsys):
    folder, _, _ = published
    assert cli.main(["pdf", str(folder)]) == 0
    said = capsys.readouterr().out
    target = folder / "report.pdf"
    assert target.is_file() and "pages, A4" in said
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert size, info.stdout
    assert abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages >= 1 and f"({pages} pages, A4)" in said
    # page 1 rendered: not blank (dark pixels for text and figures)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(target), str(tmp_path / "p")],
        check=True,
    )
    from PIL import Image

    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as im:
        grey = im.convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 0.005 * grey.size[0] * grey.size[1], f"page 1 looks blank ({dark} dark px)"
    # what is folded on the page is printed in the PDF: fold every section of a copy
    page = (folder / "index.html").read_text(encoding="utf-8")
    shut = re.sub(r"<details([^>]*?)\s+open(?:=\"[^\"]*\")?", r"<details\1", page)
    assert "<details open" not in shut and shut != page
    # without the page's beforeprint script (Chromium's printing fires it too), so that
    # it is pdf.py itself that opens the sections here
    shut = re.sub(r"<script>.*?</script>", "", shut, flags=re.S)
    (tmp_path / "folded.html").write_text(shut, encoding="utf-8")
    pdf.print_pdf(tmp_path / "folded.html", tmp_path / "folded.pdf", browser)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "folded.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    folded = _folded_text(shut)
    assert folded, "the page has no folded paragraph to look for"
    assert folded in " ".join(text.split()), folded
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "report.pdf" in manifest["files"]


def test_print_script_is_allowed_by_the_csp_and_opens_folded_sections(published, browser):
    """The page's one inline script is allowed by its CSP hash; in the browser, the
    `beforeprint` event opens every folded section and `afterprint` folds them back."""
    folder, _, _ = published
    page_html = (folder / "index.html").read_text(encoding="utf-8")
    (script,) = re.findall(r"<script>(.*?)</script>", page_html, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page_html
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=browser, headless=True, args=["--no-sandbox"])
        try:
            page = chrome.new_page()
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto((folder / "index.html").resolve().as_uri())
            # printed on A4 (186 mm between the margins = 703 CSS px), nothing is wider
            # than the page: wider content makes Chromium shrink every page of the PDF
            page.set_viewport_size({"width": 703, "height": 1000})
            page.emulate_media(media="print")
            wide = page.evaluate(
                """() => { document.querySelectorAll('details').forEach(d => { d.open = true; });
                  return document.documentElement.scrollWidth; }"""
            )
            page.emulate_media(media="screen")
            counts = page.evaluate(
                """() => {
                  const all = Array.from(document.querySelectorAll('details'));
                  all.forEach((d, i) => { d.open = i % 2 === 0; });  // fold every other one
                  const closed = () => all.filter(d => !d.open).length;
                  const before = closed();
                  dispatchEvent(new Event('beforeprint'));
                  const printing = closed();
                  dispatchEvent(new Event('afterprint'));
                  return [all.length, before, printing, closed()];
                }"""
            )
        finally:
            chrome.close()
    assert wide <= 704, f"the printed page is {wide} px wide (A4 gives 703)"
    total, before, printing, after = counts
    assert total >= 2 and before >= 1, counts
    assert printing == 0 and after == before, counts
    assert not errors, errors


def test_print_css_block_is_last_and_sets_a4():
    css = (
        Path(__file__).resolve().parents[1] / "analysis/report/templates/pilot/report.css"
    ).read_text(encoding="utf-8")
    block = css[css.rindex("==== print") :]
    assert block.rstrip().endswith("==== end of the print block ==== */")
    for rule in (
        "size: A4",
        "thead { display: table-header-group; break-after: avoid; }",
        "break-inside: avoid",
        "break-after: avoid",
    ):
        assert rule in block, rule


def test_run_study_with_pdf_publishes_the_pdf(browser, tmp_path):
    """``pipeline.run_study(pdf=True)`` (what ``run --pdf`` calls) prints after publishing
    and says what it wrote."""
    from analysis.face import pipeline

    spec = write_study(tmp_path / "tiny")
    outcome = pipeline.run_study(
        spec, tmp_path / "reports", progress=False, log=lambda *_: None, pdf=True
    )
    assert outcome.ok, outcome.error
    assert outcome.pdf and re.fullmatch(r"report\.pdf \(\d+ pages, A4\)", outcome.pdf), outcome.pdf
    assert (tmp_path / "reports" / "tiny" / "report.pdf").read_bytes().startswith(b"%PDF-")
