"""The published pages in a real browser (system Chromium driven by Playwright), offline.

Both demo studies are run once through the real pipeline into a temporary reports
folder; each report page and the reports index are then opened from ``file://`` at
desktop (1280×900) and phone (375×812) widths with every non-``file:``/``data:``
request aborted and recorded. Checked: no console error or dialog, no failed or
external request, every image decoded, no horizontal page overflow (tables may scroll
inside their own ``.pe-table-wrap`` box: the page is measured, not the table), and the
claims table. Full-page screenshots go to ``test-artifacts/screenshots/<page>-<width>.png``.

Skipped with a message when Chromium is not available (``browser_support.ensure_chromium``
installs Debian's ``chromium`` when running as root with apt-get).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    CRUSHED_EM,
    DESKTOP,
    PHONE,
    PageCheck,
    check_page,
    ensure_chromium,
    launch,
)

ROOT = Path(__file__).resolve().parents[1]
STUDIES = ("dadeng", "gaomi")
PAGES = (*STUDIES, "index")  # "index" is reports/index.html
SIZES = {"desktop": DESKTOP, "phone": PHONE}
CASES = [(page, size) for page in PAGES for size in SIZES]

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _case_id(case: tuple[str, str]) -> str:
    return f"{case[0]}-{case[1]}"


@pytest.fixture(scope="module")
def chromium() -> str:
    """Path of the system Chromium; skips the module (before any pipeline run) without one."""
    pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    path, why = ensure_chromium()
    if path is None:
        pytest.skip(f"browser tests need Chromium: {why}")
    return path


@pytest.fixture(scope="module")
def published(chromium: str, demo_reports) -> Path:
    """Both demo studies run once through the pipeline (session fixture), plus the index."""
    return demo_reports


@pytest.fixture(scope="module")
def checks(
    published: Path, chromium: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], PageCheck]:
    """Every page at every width, opened once in one browser; results by (page, size)."""
    from playwright.sync_api import sync_playwright

    pages = {p: published / (f"{p}/index.html" if p in STUDIES else "index.html") for p in PAGES}
    results: dict[tuple[str, str], PageCheck] = {}
    with sync_playwright() as pw:
        context = launch(pw, chromium, tmp_path_factory.mktemp("chromium-profile"))
        try:
            for page, size in CASES:
                dims = SIZES[size]
                results[(page, size)] = check_page(
                    context, pages[page], dims, ARTIFACTS / f"{page}-{dims[0]}.png"
                )
        finally:
            context.close()
    return results


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_no_console_errors_or_dialogs(checks: dict, case: tuple[str, str]) -> None:
    result = checks[case]
    assert not result.console_errors, result.console_errors
    assert not result.dialogs, result.dialogs


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_no_failed_or_external_requests(checks: dict, case: tuple[str, str]) -> None:
    result = checks[case]
    assert not result.external_requests, f"tried the network: {result.external_requests}"
    assert not result.failed_requests, result.failed_requests


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_every_image_loaded(checks: dict, case: tuple[str, str]) -> None:
    result = checks[case]
    assert not result.broken_images, f"images with naturalWidth 0: {result.broken_images}"
    if case[0] in STUDIES:
        assert result.images > 0, "a report page without any figure"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_no_horizontal_page_overflow(checks: dict, case: tuple[str, str]) -> None:
    """The page never scrolls sideways (a wide table scrolls inside its own box)."""
    result = checks[case]
    assert result.inner_width == SIZES[case[1]][0]
    assert result.scroll_width <= result.inner_width + 1, (
        f"page is {result.scroll_width}px wide in a {result.inner_width}px viewport; "
        f"sticking out: {result.overflowing}"
    )


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_full_page_screenshot_saved(checks: dict, case: tuple[str, str]) -> None:
    shot = checks[case].screenshot
    assert shot is not None and shot.is_file()
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert width == SIZES[case[1]][0] and height >= SIZES[case[1]][1]


@pytest.mark.parametrize("study", STUDIES)
def test_claims_table_present(checks: dict, study: str) -> None:
    result = checks[(study, "desktop")]
    assert result.has_claims, "no #claims element on the report's front page"
    assert result.claims_tables >= 1, "#claims has no <table>"


@pytest.mark.parametrize("study", STUDIES)
def test_table_text_readable_on_phone(checks: dict, study: str) -> None:
    """Cells with a few words keep at least ~3 em of width at 375 px (no letter columns)."""
    crushed = checks[(study, "phone")].crushed_cells
    assert not crushed, f"table cells narrower than {CRUSHED_EM} em: {crushed}"


def test_find_chromium_honours_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``$PILOT_EVAL_CHROMIUM`` wins when it names an executable, and is not second-guessed
    (no PATH fallback) when it does not."""
    from browser_support import ENV_VAR, find_chromium

    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(ENV_VAR, str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
    assert find_chromium() is None
