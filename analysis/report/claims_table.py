"""The claims table of the front page (id ``claims``): each claim figure as written, how
it was read, the recomputed value, the verdict, the adjusted estimate beside it, and the
narrative's sentences. Every string from the spec or data is escaped.

Moved out of :mod:`analysis.report.tables` so the claims table has one owner; the words
are :mod:`analysis.narrative.claims`'s.
"""

from __future__ import annotations

import math

from markupsafe import escape as esc

from analysis.narrative.numbers import fmt_number, fmt_pct

__all__ = ["claims_table"]


def _nan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _pp(v: float) -> str:
    return "–" if _nan(v) else f"{v * 100:+.1f} pp".replace("-", "−")


_VERDICT_CLASS = {
    "consistent": "ok",
    "overstated": "failed",
    "understated": "stale",
    "ambiguous": "stale",
    "not_derivable": "failed",
    "cannot_check": "muted",
}


def _claim_value(x: float, kind: str) -> str:
    if _nan(x):
        return "–"
    if kind in ("percent_change",):
        return fmt_pct(x)
    if kind in ("share",):
        return fmt_pct(x, sign=False)
    if kind == "percentage_point_change":
        return _pp(x)
    if kind == "multiple":
        return f"{x:.2f}×"
    return fmt_number(round(x, 2))


def claims_table(
    table, sentences: dict[str, list[str]], langs: tuple[str, ...], alpha: float
) -> str:
    """The claims table of the front page (id ``claims``): the claim as written, how it was
    read, the recomputed value, the verdict, the adjusted estimate, and the narrative's
    sentences. Everything from the spec or data is escaped."""
    from analysis.narrative.claims import VERDICT_LABEL

    rows = []
    level = f"{(1 - alpha) * 100:g}%"
    for c in table.checks:
        p = c.parsed
        reading = p.kind.replace("_", " ")
        if p.value is not None:
            reading += f": {_claim_value(p.value, p.kind)}"
            if p.bound != "exact":
                reading += f" ({p.bound.replace('_', ' ')})"
        if p.ambiguous:
            reading += "; readings " + " or ".join(
                f"{lab} = {_claim_value(v, p.kind)}"
                for lab, v in zip(
                    p.reading_labels or [""] * len(p.readings), p.readings, strict=False
                )
            )
        recomputed = _claim_value(c.observed, p.kind)
        if not _nan(c.observed_low):
            recomputed += (
                f" ({level} CI {_claim_value(c.observed_low, p.kind)} to "
                f"{_claim_value(c.observed_high, p.kind)})"
            )
        if c.verdict.arithmetic and not c.verdict.arithmetic.startswith("observed"):
            recomputed += f"; {c.verdict.arithmetic}"
        v = c.verdict.verdict
        badge = " / ".join(VERDICT_LABEL[lang][v] for lang in langs)
        adjusted = "–"
        if c.adjusted_design and not _nan(c.adjusted_estimate):
            pct = "Callaway" not in c.adjusted_design
            fmt = (lambda x: fmt_pct(x)) if pct else (lambda x: f"{x:+.2f}")
            adjusted = (
                f"{fmt(c.adjusted_estimate)} ({level} CI {fmt(c.adjusted_low)} to "
                f"{fmt(c.adjusted_high)}); {c.adjusted_design}"
            )
        says = "".join(f"<p>{esc(t)}</p>" for t in sentences.get(c.label, []))
        written = f"<span lang='{'zh' if c.language == 'zh' else 'en'}'>{esc(c.text)}</span>"
        if c.n_figures > 1:
            written += f"<br><span class='pe-hint'>figure {c.figure} of {c.n_figures}</span>"
        rows.append(
            f"<tr><th scope='row'>{esc(c.label)}</th>"
            f"<td data-label='As written'>{written}</td>"
            f"<td data-label='Verdict'><span class='pe-badge {_VERDICT_CLASS[v]}'>"
            f"{esc(badge)}</span></td>"
            f"<td data-label='Read as'>{esc(reading)}<br>"
            f"<span class='pe-hint'>{esc(c.indicator_label)}</span></td>"
            f"<td data-label='Recomputed from the data'>{esc(recomputed)}<br>"
            f"<span class='pe-hint'>{esc(c.measure)}</span></td>"
            f"<td data-label='Adjusted estimate'>{esc(adjusted)}</td>"
            f"<td class='pe-says' data-label='What the evidence says'>{says}</td></tr>"
        )
    head = [
        "Claim",
        "As written",
        "Verdict",
        "Read as",
        "Recomputed from the data",
        "Adjusted estimate",
        "What the evidence says",
    ]
    th = "".join(f"<th scope='col'>{esc(h)}</th>" for h in head)
    counts = ", ".join(f"{n} {VERDICT_LABEL['en'][k]}" for k, n in sorted(table.counts().items()))
    return (
        f"<div class='pe-table-wrap' id='claims'><table class='pe-table pe-claims'>"
        f"<caption>Headline claims checked against the data ({esc(counts)})</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
