"""The provenance footer of an exported report.

The page's collapsible sections and contents list are made by the nbconvert template
(``templates/pilot/index.html.j2``) from the notebook's ``##`` heading cells and the
display metadata of the cells that write their own sections; nothing re-parses the page.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape as esc

from analysis.narrative.page_words import pw

__all__ = ["provenance_footer"]


def provenance_footer(manifest: dict[str, Any], lang: str = "en") -> str:
    """The manifest in words (in the page language ``lang``): inputs with checksums,
    parameters, versions, times, commands.

    Everything is escaped: ids, file names and parameters come from the spec.
    """

    def w(key: str, **fields: object) -> str:
        return pw(lang, f"prov.{key}", **fields)

    rows: list[tuple[str, str]] = []
    inputs = manifest.get("inputs") or {}
    spec = inputs.get("spec") or {}
    if spec:
        rows.append((w("spec"), f"{spec.get('file', '')} · sha256 {spec.get('sha256', '')}"))
    rows_by_source = {s.get("source"): s.get("rows") for s in manifest.get("sources", [])}
    for d in inputs.get("data", []):
        n = rows_by_source.get(d.get("source"))
        rows.append(
            (
                w("data_file"),
                f"{d.get('file', '')} · sha256 "
                f"{d.get('sha256', '')}" + (w("rows", n=f"{n:,}") if n else ""),
            )
        )
    params = manifest.get("parameters") or {}
    rows.append(
        (w("parameters"), ", ".join(f"{k}={v}" for k, v in sorted(params.items())) or w("defaults"))
    )
    rows.append((w("seed"), str(manifest.get("seed", ""))))
    pk = manifest.get("packages") or {}
    rows.append((w("packages"), ", ".join(f"{k} {v}" for k, v in sorted(pk.items()))))
    git = manifest.get("git") or {}
    if git:
        rows.append(
            (
                w("code"),
                f"git {git.get('commit') or w('unknown')}"
                + (w("dirty") if git.get("dirty") else ""),
            )
        )
    rows.append(
        (w("run"), w("run_value", a=manifest.get("started", ""), b=manifest.get("finished", "")))
    )
    warnings = manifest.get("warnings") or []
    rows.append(
        (
            w("warnings"),
            f"{len(warnings)}" + (": " + " | ".join(warnings[:5]) if warnings else ""),
        )
    )
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    links = " · ".join(
        f"<a href='{esc(href)}'>{esc(label)}</a>"
        for href, label in (
            ("notebooks/study_report.ipynb", w("notebook")),
            ("results.json", "results.json"),
            ("indicators.csv", "indicators.csv"),
            ("manifest.json", "manifest.json"),
        )
    )
    return (
        f"<footer class='pe-provenance' id='provenance'><h2>{esc(w('heading'))}</h2>"
        f"<dl class='pe-dl'>{items}</dl>"
        f"<p>{esc(w('rerun'))}</p>"
        f"<pre class='pe-cmd'>{esc(manifest.get('rerun', ''))}</pre>"
        f"<p>{esc(w('verify'))}</p>"
        f"<pre class='pe-cmd'>{esc(manifest.get('verify', ''))}</pre>"
        f"<p>{esc(w('files'))}{links}</p></footer>"
    )
