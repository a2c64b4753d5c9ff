"""Support for the real-browser tests: find (or install) Chromium, open a page offline, measure it.

The browser is the system Chromium driven by the ``playwright`` package through
``executable_path``; Playwright's own browser download (``playwright install``)
is never used. Every request that is not ``file:`` or ``data:`` is aborted and
recorded, so a report that tries to reach the network fails the tests rather
than quietly fetching something.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.face.pdf import BROWSER_ENV as ENV_VAR
from analysis.face.pdf import CANDIDATES, find_browser
from analysis.face.pdf import LAUNCH_ARGS as _PDF_ARGS

APT_TIMEOUT = 900  # seconds, for each of `apt-get update` and `apt-get install -y chromium`
# Passed to Chromium as given; Playwright adds its automation flags, and the
# fresh profile folder goes through launch_persistent_context (it refuses a
# --user-data-dir argument), which Chromium receives as --user-data-dir=<tmp>.
LAUNCH_ARGS = ("--headless", *_PDF_ARGS)
DESKTOP = (1280, 900)
PHONE = (375, 812)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
# A table cell with this much text needs at least this content width (in em) to be read
# as words; narrower, the browser breaks it into a column of single characters.
CRUSHED_TEXT, CRUSHED_EM = 8, 3.0


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome executable: the product's own rule
    (``$PILOT_EVAL_CHROMIUM`` first, then PATH), so tests find what ``--pdf`` finds."""
    return find_browser()


@functools.cache
def ensure_chromium() -> tuple[str | None, str]:
    """``(path, "")`` when a browser is available, else ``(None, why)`` for the skip message.

    When none is found and we are root with apt-get, install Debian's ``chromium``
    once per test session (cached), with a timeout and the output captured.
    """
    found = find_chromium()
    if found:
        return found, ""
    if os.environ.get(ENV_VAR):
        return None, f"${ENV_VAR}={os.environ[ENV_VAR]!r} is not an executable"
    apt = shutil.which("apt-get")
    if not apt or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None, (
            "no Chromium found (looked for $PILOT_EVAL_CHROMIUM, "
            f"{', '.join(CANDIDATES)}) and cannot install it (needs root and apt-get); "
            "install Debian's `chromium` or set PILOT_EVAL_CHROMIUM"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for cmd in ([apt, "update"], [apt, "install", "-y", "chromium"]):
            res = subprocess.run(
                cmd, capture_output=True, text=True, env=env, timeout=APT_TIMEOUT, check=False
            )
            if res.returncode != 0:
                tail = (res.stdout + "\n" + res.stderr).strip().splitlines()[-5:]
                return None, f"`{' '.join(cmd)}` failed ({res.returncode}): " + " | ".join(tail)
    except subprocess.TimeoutExpired as exc:
        return None, f"`{' '.join(exc.cmd)}` timed out after {APT_TIMEOUT} s"
    found = find_chromium()
    return (found, "") if found else (None, "apt-get installed chromium but no executable found")


def _render_one(args: tuple[str, str]) -> tuple[str, bool, str | None]:
    """Worker: one study through ``pipeline.run_study`` (in a fresh spawned process)."""
    from analysis.face import pipeline

    spec, reports = args
    outcome = pipeline.run_study(spec, reports, progress=False, log=lambda *_: None)
    return outcome.study, outcome.ok, outcome.error


def render_studies(specs: list[Path], reports: Path) -> list[tuple[str, bool, str | None]]:
    """Run studies through the real pipeline, two at a time, in spawned processes.

    Spawned rather than forked: the test process may already hold threads (kernels,
    Playwright), and forking a threaded process can deadlock the child.
    """
    jobs = max(1, min(len(specs), os.cpu_count() or 1))
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        return list(pool.map(_render_one, [(str(s), str(reports)) for s in specs]))


@dataclass
class PageCheck:
    """What one page did in the browser at one viewport width."""

    url: str
    width: int
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    scroll_width: int = 0
    inner_width: int = 0
    overflowing: list[str] = field(default_factory=list)
    has_claims: bool = False
    claims_tables: int = 0
    crushed_cells: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    screenshot_note: str = ""


# Runs in the page: image load state, page width, the offenders (elements sticking
# out of the viewport that are not inside a scrolling table box), crushed table cells.
_MEASURE_JS = """
async ([minText, minEm]) => {
  const imgs = Array.from(document.images);
  await Promise.all(imgs.map(i => i.complete ? null :
    new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  const broken = imgs.filter(i => !(i.complete && i.naturalWidth > 0))
                     .map(i => (i.getAttribute('alt') || '').slice(0, 80) || i.src.slice(0, 60));
  const vw = window.innerWidth;
  const offenders = [];
  const where = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ?
      '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}`;
  };
  // Elements (a table wrap itself counts; what scrolls inside one does not) ...
  for (const el of document.body.querySelectorAll('*')) {
    if (el.parentElement && el.parentElement.closest('.pe-table-wrap')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && r.width > 0)
      offenders.push(`${where(el)} right=${Math.round(r.right)}px`);
  }
  // ... and text runs that spill out of a narrow box (an unbreakable long word).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement || n.parentElement.closest('.pe-table-wrap')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.right > vw + 1)
      offenders.push(`text in ${where(n.parentElement)} right=${Math.round(r.right)}px ` +
                     `"${n.textContent.trim().slice(0, 40)}"`);
  }
  const crushed = [];
  for (const c of document.querySelectorAll('table td, table th')) {
    const t = (c.textContent || '').trim();
    if (t.length < minText) continue;
    const cs = getComputedStyle(c);
    if (c.getClientRects().length === 0) continue;  // not rendered (e.g. a hidden header)
    const w = c.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (w < minEm * parseFloat(cs.fontSize))
      crushed.push(`${Math.round(w)}px "${t.slice(0, 40)}"`);
  }
  const claims = document.getElementById('claims');
  return {
    images: imgs.length, broken,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: vw,
    offenders: offenders.slice(0, 8),
    hasClaims: claims !== null,
    claimsTables: claims ? claims.querySelectorAll('table').length : 0,
    crushed: crushed.slice(0, 8), crushedCount: crushed.length,
  };
}
"""


def launch(playwright: Any, executable: str, profile: Path) -> Any:
    """A persistent context on a fresh profile folder, ready for :func:`check_page`."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=executable,
        headless=True,
        args=list(LAUNCH_ARGS),
        viewport={"width": DESKTOP[0], "height": DESKTOP[1]},
        service_workers="block",
        accept_downloads=False,
    )
    context.set_default_timeout(30_000)
    return context


def check_page(context: Any, path: Path, size: tuple[int, int], screenshot: Path) -> PageCheck:
    """Open ``path`` (a local file) at ``size`` with the network blocked; measure; screenshot."""
    url = path.resolve().as_uri()
    result = PageCheck(url=url, width=size[0])
    page = context.new_page()

    def route(r: Any) -> None:
        req_url = r.request.url
        if req_url.startswith(("file:", "data:")):
            r.continue_()
        else:
            result.external_requests.append(req_url)
            r.abort("blockedbyclient")

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and result.console_errors.append(
                f"{m.text} @ {m.location.get('url', '')}:{m.location.get('lineNumber', '')}"
            )
        ),
    )
    page.on("pageerror", lambda e: result.console_errors.append(f"uncaught: {e}"))

    def dialog(d: Any) -> None:
        result.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on(
        "requestfailed", lambda r: result.failed_requests.append(f"{r.url[:120]} ({r.failure})")
    )
    try:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(url, wait_until="load")
        m = page.evaluate(_MEASURE_JS, [CRUSHED_TEXT, CRUSHED_EM])
        result.images = m["images"]
        result.broken_images = m["broken"]
        result.scroll_width = m["scrollWidth"]
        result.inner_width = m["innerWidth"]
        result.overflowing = m["offenders"]
        result.has_claims = m["hasClaims"]
        result.claims_tables = m["claimsTables"]
        result.crushed_cells = (
            [f"{m['crushedCount']} cells, e.g."] + m["crushed"] if m["crushedCount"] else []
        )
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(screenshot), full_page=True)
        except Exception as exc:  # a page too large for one capture: keep the first screen
            result.screenshot_note = f"full-page capture failed ({exc}); first screen only"
            page.screenshot(path=str(screenshot), full_page=False)
        result.screenshot = screenshot
    finally:
        page.close()
    return result
