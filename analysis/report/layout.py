"""The provenance footer of an exported report.

The page's collapsible sections and contents list are made by the nbconvert template
(``templates/pilot/index.html.j2``) from the notebook's ``##`` heading cells and the
display metadata of the cells that write their own sections; nothing re-parses the page.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape as esc

__all__ = ["provenance_footer"]


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
