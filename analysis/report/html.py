"""HTML fragments for notebooks and reports; every value from data or spec is escaped.

Fragments are plain strings displayed with ``IPython.display.HTML``; they use
CSS classes defined once in ``templates/pilot/static/report.css``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

import pandas as pd

from analysis.core.errors import ValidationReport, format_rows


def esc(value: object) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt_number(x: object, digits: int = 1) -> str:
    """Thousands separators; integers without decimals; NaN as an en dash."""
    if x is None:
        return "–"
    try:
        xf = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(xf):
        return "–"
    if xf.is_integer() and abs(xf) < 1e15:
        return f"{int(xf):,}"
    return f"{xf:,.{digits}f}"


def fmt_pct(x: float | None, digits: int = 1, sign: bool = True) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x * 100:+.{digits}f}%" if sign else f"{x * 100:.{digits}f}%"
    return s.replace("-", "−")


def fmt_rel(x: float) -> str:
    """A relative effect in headline sentences: '+12.3%'; an infinite bound (a
    counterfactual band reaching 0) is 'unbounded', never a number."""
    return "unbounded" if math.isinf(x) else f"{x * 100:+.1f}%"


def fmt_interval(lo: float | None, hi: float | None, pct: bool = False, digits: int = 1) -> str:
    if lo is None or hi is None or any(isinstance(v, float) and math.isnan(v) for v in (lo, hi)):
        return "–"
    f = (lambda v: fmt_pct(v, digits)) if pct else (lambda v: fmt_number(v, digits))
    return f"{f(lo)} to {f(hi)}"


def frame_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    classes: str = "pe-table",
    formats: dict[str, str] | None = None,
) -> str:
    """Render a frame as an escaped HTML table (no index).

    ``formats`` maps column -> 'pct' | 'number' | 'ratio' | 'int' | 'text'.
    """
    formats = formats or {}
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in frame.columns)
    body_rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in frame.columns:
            v = row[c]
            kind = formats.get(c)
            if kind == "pct":
                text = fmt_pct(v)
            elif kind == "ratio":
                text = (
                    "–"
                    if v is None or (isinstance(v, float) and math.isnan(v))
                    else f"{float(v):.2f}×"
                )
            elif kind == "text" or isinstance(v, str):
                text = "" if v is None else str(v)
            else:
                text = (
                    fmt_number(v, 2 if kind != "int" else 0)
                    if v is not None and not (isinstance(v, float) and math.isnan(v))
                    else "–"
                )
            num = kind in ("pct", "ratio", "number", "int") or isinstance(v, int | float)
            cls = " class='num'" if num and not isinstance(v, str) else ""
            cells.append(f"<td{cls}>{esc(text)}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f"<div class='pe-table-wrap'><table class='{esc(classes)}'>{cap}<thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(body_rows)}</tbody></table></div>"
    )


def validation_html(report: ValidationReport) -> str:
    """The validation findings as a list: errors, warnings, infos (all escaped)."""
    if not report.issues:
        return "<p class='pe-ok'>Validation: no problems found in the spec or data.</p>"
    items = []
    for i in report.issues:
        loc = []
        if i.file:
            loc.append(f"<code>{esc(_short(i.file))}</code>")
        if i.column:
            loc.append(f"column <code>{esc(i.column)}</code>")
        if i.rows:
            loc.append(f"row(s) {esc(format_rows(i.rows))}")
        hint = f" <span class='pe-hint'>({esc(i.hint)})</span>" if i.hint else ""
        items.append(
            f"<li class='pe-{esc(i.severity)}'><strong>{esc(i.severity)}</strong> "
            f"{', '.join(loc)}: {esc(i.message)}{hint}</li>"
        )
    n_err, n_warn = len(report.errors), len(report.warnings)
    return (
        f"<p>Validation: {n_err} error(s), {n_warn} warning(s), "
        f"{len(report.issues) - n_err - n_warn} note(s).</p><ul class='pe-issues'>"
        + "".join(items)
        + "</ul>"
    )


def _short(path: str) -> str:
    """Show data paths relative to the study folder, never the machine's absolute path."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) > 2 else path


def definition_list(pairs: Iterable[tuple[str, object]]) -> str:
    return (
        "<dl class='pe-dl'>"
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs)
        + "</dl>"
    )
