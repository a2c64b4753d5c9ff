"""Page structure of an exported report: one collapsible section per ``##`` heading, a
table of contents, and the provenance footer (no scripts: plain ``<details>`` elements).

nbconvert renders every notebook cell as a sibling ``div.cell``; the cells from one
``##`` heading to the next become one ``<details open class="pe-section">`` whose
``<summary>`` is the heading, so a reader can fold what they do not need and the page
still prints whole (sections are open by default).
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape as esc

__all__ = ["provenance_footer", "sectioned"]


def sectioned(html: str) -> str:
    """Wrap the cells under each ``h2`` into a collapsible section and add a contents list."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main", class_="pe-report")
    if main is None:
        return html
    cells = [
        c
        for c in main.find_all("div", recursive=True)
        if "cell" in (c.get("class") or []) and c.find_parent("div", class_="cell") is None
    ]
    if not cells:
        return html
    container = cells[0].parent
    toc: list[tuple[str, str]] = []
    current = None
    for cell in list(container.find_all("div", class_="cell", recursive=False)):
        h2 = cell.find("h2")
        if h2 is not None:
            hid = h2.get("id") or f"section-{len(toc) + 1}"
            title = h2.get_text(" ", strip=True).rstrip("¶").strip()
            for a in h2.find_all("a", class_="anchor-link"):
                a.decompose()
            current = soup.new_tag(
                "details", attrs={"open": "", "class": "pe-section", "id": f"sec-{hid}"}
            )
            summary = soup.new_tag("summary")
            h2.extract()
            summary.append(h2)
            current.append(summary)
            cell.insert_before(current)
            toc.append((hid, title))
            if not cell.get_text(strip=True) and not cell.find(["img", "table"]):
                cell.decompose()
                continue
        if cell.find("details", class_="pe-section") is not None:
            current = None  # a cell that brings its own sections stays at the top level
            continue
        if current is not None:
            current.append(cell.extract())
    # sections written by the report itself (one per indicator) join the contents list
    toc = [
        (d.summary.h2.get("id") or "", d.summary.h2.get_text(" ", strip=True))
        for d in container.find_all("details", class_="pe-section")
        if d.summary is not None and d.summary.h2 is not None
    ] or toc
    if len(toc) > 1:
        nav = soup.new_tag("nav", attrs={"class": "pe-toc", "aria-label": "Contents"})
        nav_h = soup.new_tag("strong")
        nav_h.string = "Contents"
        nav.append(nav_h)
        ol = soup.new_tag("ol")
        for hid, title in toc:
            li = soup.new_tag("li")
            a = soup.new_tag("a", href=f"#{hid}")
            a.string = title
            li.append(a)
            ol.append(li)
        nav.append(ol)
        first = container.find("details", class_="pe-section")
        first.insert_before(nav)
    return str(soup)


def provenance_footer(manifest: dict[str, Any]) -> str:
    """The manifest in words: inputs with checksums, parameters, versions, times, commands.

    Everything is escaped: ids, file names and parameters come from the spec.
    """
    rows: list[tuple[str, str]] = []
    inputs = manifest.get("inputs") or {}
    spec = inputs.get("spec") or {}
    if spec:
        rows.append(("Study spec", f"{spec.get('file', '')} · sha256 {spec.get('sha256', '')}"))
    rows_by_source = {s.get("source"): s.get("rows") for s in manifest.get("sources", [])}
    for d in inputs.get("data", []):
        n = rows_by_source.get(d.get("source"))
        rows.append(
            (
                "Data file",
                f"{d.get('file', '')} · sha256 "
                f"{d.get('sha256', '')}" + (f" · {n:,} rows" if n else ""),
            )
        )
    params = manifest.get("parameters") or {}
    rows.append(
        ("Parameters", ", ".join(f"{k}={v}" for k, v in sorted(params.items())) or "defaults")
    )
    rows.append(("Seed", str(manifest.get("seed", ""))))
    pk = manifest.get("packages") or {}
    rows.append(("Packages", ", ".join(f"{k} {v}" for k, v in sorted(pk.items()))))
    git = manifest.get("git") or {}
    if git:
        rows.append(
            (
                "Code version",
                f"git {git.get('commit') or 'unknown'}"
                + (" (working tree had uncommitted changes)" if git.get("dirty") else ""),
            )
        )
    rows.append(("Run", f"{manifest.get('started', '')} to {manifest.get('finished', '')}"))
    warnings = manifest.get("warnings") or []
    rows.append(
        (
            "Warnings raised",
            f"{len(warnings)}" + (": " + " | ".join(warnings[:5]) if warnings else ""),
        )
    )
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    links = " · ".join(
        f"<a href='{esc(href)}'>{esc(label)}</a>"
        for href, label in (
            ("notebooks/study_report.ipynb", "executed notebook"),
            ("results.json", "results.json"),
            ("indicators.csv", "indicators.csv"),
            ("manifest.json", "manifest.json"),
        )
    )
    return (
        "<footer class='pe-provenance' id='provenance'><h2>Provenance</h2>"
        f"<dl class='pe-dl'>{items}</dl>"
        "<p>Re-run this report:</p>"
        f"<pre class='pe-cmd'>{esc(manifest.get('rerun', ''))}</pre>"
        "<p>Confirm that a re-run gives identical results:</p>"
        f"<pre class='pe-cmd'>{esc(manifest.get('verify', ''))}</pre>"
        f"<p>Files: {links}</p></footer>"
    )
