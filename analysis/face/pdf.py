"""The PDF of a published report, printed by headless Chromium.

Why Chromium: the page is HTML with CSS written for print (``@media print`` in
``templates/pilot/report.css``: A4, headers repeated, rows and figures kept whole); a
browser prints it as a reader's browser would. The browser is the system Chromium
driven by the ``playwright`` package through ``executable_path`` (Playwright's own
browser download is never used). Every request that is not ``file:`` or ``data:`` is
refused, so the PDF is made offline. Folded sections (``<details>``) are opened first,
so the PDF holds everything the page holds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import PilotEvalError

__all__ = [
    "PdfUnavailable",
    "PrintedPdf",
    "find_browser",
    "offline",
    "pdf_note",
    "print_pdf",
    "publish_pdf",
    "require_browser",
]

BROWSER_ENV = "PILOT_EVAL_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: page name → PDF name; index.zh.html exists when the report is written in both languages
PAGES = (("index.html", "report.pdf"), ("index.zh.html", "report.zh.pdf"))
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
# page number at the foot of every page (Chromium fills the spans)
FOOTER = (
    '<div style="font-size:8px;color:#666;width:100%;text-align:center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
TIMEOUT_MS = 120_000
_OPEN_ALL = """
async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const imgs = Array.from(document.images);
  await Promise.all(imgs.map(i => i.complete ? null :
    new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  if (document.fonts && document.fonts.ready) { await document.fonts.ready; }
  return document.querySelectorAll('details:not([open])').length;
}
"""


class PdfUnavailable(PilotEvalError):
    """No PDF can be made here (no Chromium, no playwright): said in one sentence."""


@dataclass(frozen=True)
class PrintedPdf:
    """One PDF written: where, how many pages."""

    path: Path
    pages: int


def find_browser() -> str | None:
    """Path of a Chromium/Chrome executable: ``$PILOT_EVAL_CHROMIUM`` first, then PATH,
    then ``/usr/bin/chromium``; None when there is none."""
    override = os.environ.get(BROWSER_ENV)
    if override:
        return shutil.which(override)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def require_browser() -> str:
    """The browser's path, or :class:`PdfUnavailable` saying what is missing and how to
    get it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise PdfUnavailable(
            "cannot make a PDF: the 'playwright' Python package is not installed "
            "(pip install playwright; its browser download is not needed)"
        ) from exc
    found = find_browser()
    if found is None:
        why = (
            f"${BROWSER_ENV}={os.environ[BROWSER_ENV]!r} is not an executable"
            if os.environ.get(BROWSER_ENV)
            else f"no Chromium found (looked for ${BROWSER_ENV}, {', '.join(CANDIDATES)})"
        )
        raise PdfUnavailable(
            f"cannot make a PDF: {why}; install Chromium (Debian: apt-get install chromium) "
            f"or set {BROWSER_ENV} to its path"
        )
    return found


def count_pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def print_pdf(html: Path, pdf: Path, browser: str | None = None) -> PrintedPdf:
    """Print the page ``html`` to ``pdf``: A4, print CSS, every ``<details>`` open,
    backgrounds kept, page numbers at the foot, network refused."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = browser or require_browser()
    if not html.is_file():
        raise PilotEvalError(f"{html}: no such page to print")
    tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(
                executable_path=executable, headless=True, args=list(LAUNCH_ARGS)
            )
            try:
                page = chrome.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                offline(page)
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                page.evaluate(_OPEN_ALL)
                page.pdf(
                    path=str(tmp),
                    format="A4",
                    print_background=True,
                    margin=MARGIN,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER,
                )
            finally:
                chrome.close()
        data = tmp.read_bytes()
        tmp.replace(pdf)
    except PlaywrightError as exc:
        tmp.unlink(missing_ok=True)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfUnavailable(f"Chromium could not print {html.name}: {first}") from exc
    return PrintedPdf(pdf, count_pages(data))


def publish_pdf(report_dir: str | Path, browser: str | None = None) -> list[PrintedPdf]:
    """Print each page of a published report (``index.html``, and ``index.zh.html`` when
    there is one) to ``report.pdf`` (``report.zh.pdf``) beside it, and list the PDFs in
    its ``manifest.json``."""
    folder = Path(report_dir)
    if not (folder / "index.html").is_file():
        raise PilotEvalError(f"{folder}: no index.html, so this is not a published report")
    executable = browser or require_browser()
    printed = [
        print_pdf(folder / page, folder / name, executable)
        for page, name in PAGES
        if (folder / page).is_file()
    ]
    _list_in_manifest(folder, [p.path.name for p in printed])
    return printed


def _list_in_manifest(folder: Path, names: list[str]) -> None:
    """Add ``names`` to the manifest's file list (written atomically; no manifest: none)."""
    path = folder / "manifest.json"
    if not path.is_file():
        return
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"] = sorted({*manifest.get("files", []), *names})
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".manifest-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    os.replace(tmp, path)


def pdf_note(report_dir: str | Path) -> str:
    """:func:`publish_pdf` for ``pilot-eval run --pdf``: never raises; one line saying
    which PDFs were written (with their pages) or why none was."""
    try:
        printed = publish_pdf(report_dir)
    except PilotEvalError as exc:
        return f"no PDF: {exc}"
    except Exception as exc:  # a browser crash must not turn a published report into a failure
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return f"no PDF: {type(exc).__name__}: {first}"
    return ", ".join(f"{p.path.name} ({p.pages} pages, A4)" for p in printed)


def offline(page) -> None:
    """Let a Playwright ``page`` load only ``file:`` and ``data:`` URLs (the report is
    offline by rule: any other request is aborted, so a page that reaches out shows it)."""
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file:", "data:"))
            else r.abort("blockedbyclient")
        ),
    )
