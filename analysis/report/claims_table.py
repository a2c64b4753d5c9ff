"""The claims table of the front page (id ``claims``): each claim figure as written, how
it was read, the recomputed value, the verdict, the adjusted estimate beside it, and the
narrative's sentences. Every string from the spec or data is escaped.

Moved out of :mod:`analysis.report.tables` so the claims table has one owner; every word
(headers, caption, cells) is :mod:`analysis.narrative.claims`'s, in the page's language.
A ``reported`` figure (an administrative figure with no independent data) gets the
neutral badge class ``reported``, never the green ``ok``.
"""

from __future__ import annotations

from markupsafe import escape as esc

from analysis.narrative.claims import (
    VERDICT_LABEL,
    adjusted_text,
    figure_subject,
    measure_text,
    narrate_claims_table,
    reading_text,
    recomputed_text,
    table_words,
)

__all__ = ["VERDICT_CLASS", "claims_table"]

#: The badge class of each verdict (report.css): green only for a checked "consistent".
VERDICT_CLASS = {
    "consistent": "ok",
    "overstated": "failed",
    "understated": "stale",
    "ambiguous": "stale",
    "not_derivable": "failed",
    "reported": "reported",
    "shown": "reported",  # a reported statistic: shown, not checked (neutral, never green)
    "cannot_check": "muted",
}

_HEADERS = ("claim", "written", "verdict", "read", "recomputed", "adjusted", "says")


def _words(langs: tuple[str, ...], key: str, **fields: object) -> str:
    """A table word in each language of the page, joined (one language: just it)."""
    return " / ".join(table_words(key, lang, **fields) for lang in langs)


def _cell(langs: tuple[str, ...], make) -> str:
    """A reader-words cell: ``make(lang)`` per language, escaped, one per line (a text
    the same in both languages, a number or '–', once)."""
    texts = dict.fromkeys(make(lang) for lang in langs)
    return "<br>".join(str(esc(t)) for t in texts if t)


def _row(c, sentences: dict[str, list[str]], langs: tuple[str, ...], alpha: float) -> str:
    v = c.verdict.verdict
    badge = "<br>".join(
        f"<span class='pe-badge {VERDICT_CLASS[v]}' lang='{lang}'>{esc(VERDICT_LABEL[lang][v])}"
        "</span>"
        for lang in langs
    )
    says = "".join(f"<p>{esc(t)}</p>" for t in sentences.get(c.label, []))
    written = f"<span lang='{'zh' if c.language == 'zh' else 'en'}'>{esc(c.text)}</span>"
    if c.n_figures > 1:
        figure_of = _words(langs, "figure_of", i=c.figure, n=c.n_figures)
        written += f"<br><span class='pe-hint'>{esc(figure_of)}</span>"
    head = {k: _words(langs, f"h.{k}") for k in _HEADERS}
    subject = _cell(langs, lambda lang: figure_subject(c, lang) if c.indicator else "")
    measure = _cell(langs, lambda lang: measure_text(c, lang))
    return (
        f"<tr><th scope='row'>{esc(c.label)}</th>"
        f"<td data-label='{esc(head['written'])}'>{written}</td>"
        f"<td data-label='{esc(head['verdict'])}'>{badge}</td>"
        f"<td data-label='{esc(head['read'])}'>{_cell(langs, lambda lang: reading_text(c, lang))}"
        f"<br><span class='pe-hint'>{subject}</span></td>"
        f"<td data-label='{esc(head['recomputed'])}'>"
        f"{_cell(langs, lambda lang: recomputed_text(c, lang, alpha))}<br>"
        f"<span class='pe-hint'>{measure}</span></td>"
        f"<td data-label='{esc(head['adjusted'])}'>"
        f"{_cell(langs, lambda lang: adjusted_text(c, lang, alpha))}</td>"
        f"<td class='pe-says' data-label='{esc(head['says'])}'>{says}</td></tr>"
    )


def claims_table(
    table, sentences: dict[str, list[str]], langs: tuple[str, ...], alpha: float
) -> str:
    """The claims table of the front page (id ``claims``): the claim as written, how it was
    read, the recomputed value, the verdict, the adjusted (preferred) estimate with its
    design and interval, and the narrative's sentences; headers and caption in the
    page's language(s). Everything from the spec or data is escaped."""
    rows = [_row(c, sentences, langs, alpha) for c in table.checks]
    th = "".join(f"<th scope='col'>{esc(_words(langs, f'h.{k}'))}</th>" for k in _HEADERS)
    caption = " / ".join(
        table_words("caption", lang, counts=narrate_claims_table(table, lang).text.rstrip("。."))
        for lang in langs
    )
    return (
        f"<div class='pe-table-wrap' id='claims'><table class='pe-table pe-claims'>"
        f"<caption>{esc(caption)}</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
