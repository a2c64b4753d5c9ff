"""The report's pages, one language each: which HTML files a report language writes,
their resources for the page template, and the Chinese copy of an executed notebook.

A ``both`` report runs its notebook once; every section display carries its Chinese
rendering in the display metadata (``pilot_zh``, see
:func:`analysis.report.render.show_with_index`). The English page is the notebook as
executed; the Chinese page is the same notebook with each such output's HTML and
metadata swapped for the Chinese ones. The two pages link to each other.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from analysis.narrative.page_words import pw

__all__ = ["Page", "chinese_notebook", "pages"]

#: The ``<html lang>`` of a page language.
HTML_LANG = {"en": "en", "zh": "zh-CN"}


@dataclass(frozen=True)
class Page:
    """One HTML page of a report: its file, language and the page it links to."""

    file: str
    lang: str  # en | zh
    other: str | None = None  # the file of the same report in the other language
    swap: bool = False  # True: use the outputs' Chinese renderings (a `both` report)

    def resources(self, title: str) -> dict[str, Any]:
        """The ``pilot`` resources the page template reads: title, ``<html lang>``, the
        contents label and the link to the other language."""
        out: dict[str, Any] = {
            "title": title,
            "lang": HTML_LANG[self.lang],
            "contents": pw(self.lang, "contents"),
        }
        if self.other:
            other = "en" if self.lang == "zh" else "zh"
            out["switch"] = {
                "href": self.other,
                "hreflang": HTML_LANG[other],
                "label": pw(self.lang, "switch"),
                "title": pw(self.lang, "switch_title"),
                "aria": pw(self.lang, "switch_title"),
            }
        return out


def zh_name(html: str) -> str:
    """The Chinese page's file beside ``html``: index.html -> index.zh.html."""
    stem, dot, ext = html.rpartition(".")
    return f"{stem}.zh.{ext}" if dot else f"{html}.zh"


def pages(language: str, html: str) -> list[Page]:
    """The pages of a report in ``language`` (en, zh or both) whose main file is ``html``:
    one page, or for ``both`` the English ``html`` and the Chinese ``index.zh.html``,
    linked to each other."""
    if language == "both":
        zh = zh_name(html)
        return [Page(html, "en", other=zh), Page(zh, "zh", other=html, swap=True)]
    return [Page(html, "zh" if language == "zh" else "en")]


def chinese_notebook(nb):
    """A copy of executed notebook ``nb`` with every output that carries a Chinese
    rendering (``pilot_zh`` in its HTML display metadata) showing that rendering."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("text/html", {})
            zh = meta.get("pilot_zh") if isinstance(meta, dict) else None
            if not zh:
                continue
            output["data"]["text/html"] = zh["html"]
            output["metadata"]["text/html"] = zh["metadata"]
    return nb
