"""Rendering of report sections: one Jinja2 environment with autoescape, figures as
embedded PNGs, and the notebook display of :class:`StudyResults`.

Every value from the spec or data reaches the page through Jinja2's autoescape (or
``markupsafe`` for the small fragments tables build): one escaping mechanism.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from typing import Any

import matplotlib.pyplot as plt
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from analysis.results.study import SectionView, StudyResults

__all__ = ["Markup", "escape", "figure", "render", "section_html", "show", "show_with_index"]


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("analysis.report", "templates/sections"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(template: str, **context: Any) -> Markup:
    """Render ``templates/sections/<template>.html.j2`` (autoescaped) to markup."""
    return Markup(_env().get_template(f"{template}.html.j2").render(**context).strip())


def figure(fig, alt: str, caption: str | None = None, *, name: str | None = None) -> Markup:
    """A matplotlib figure as a self-contained ``<figure>`` (PNG data URI, alt text,
    caption); the figure is closed. PNG metadata is fixed (no software or date stamp), so
    identical figures give identical bytes. When the run writes figure files
    (:func:`analysis.report.outputs.collect_figures`), the figure is also written as PNG
    (200 dpi) and SVG, named ``<nn>-<slug of name or alt>``."""
    from analysis.report.exports import keep_figure

    keep_figure(fig, alt, name)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return render("figure", data=data, alt=alt, caption=caption)


def page_lang(lang: str) -> str:
    """The language a section is rendered in for report language ``lang``: a ``both``
    report is rendered in English, its Chinese page separately (:func:`show_with_index`)."""
    return "zh" if lang == "zh" else "en"


def section_html(res: StudyResults, section: str = "all", lang: str | None = None) -> Markup:
    """One report section of ``res`` (see :data:`analysis.report.sections.SECTIONS`), an
    indicator's section (``section`` = its id), or the whole page (``"all"``), in ``lang``
    (default: the report's language; ``both``: English)."""
    from analysis.report.sections import PAGE, SECTIONS
    from analysis.report.sections.indicators import indicator

    lang = page_lang(lang or res.language)
    if section == "all":
        return Markup("").join(SECTIONS[name](res, lang) for name in PAGE)
    if section not in SECTIONS and section in res.spec.indicators:
        return indicator(res, section, lang)
    try:
        fn = SECTIONS[section]
    except KeyError:
        raise KeyError(f"no section {section!r}; sections: {', '.join(SECTIONS)}") from None
    return fn(res, lang)


def section_index(res: StudyResults, section: str, lang: str) -> list[list[str]]:
    """[anchor, title] of the collapsible sections a section writes itself (one per
    indicator for ``indicators``; none for the others): the page template lists them in
    the contents and leaves them at the top level."""
    from analysis.report.sections.indicators import indicator_headings

    if section in ("indicators", "all"):
        return [[a, t] for a, t in indicator_headings(res, page_lang(lang))]
    return []


def section_metadata(res: StudyResults, section: str, lang: str) -> dict[str, Any]:
    """The display metadata the page template reads: ``pilot_sections`` (see
    :func:`section_index`) and, for a heading section, ``pilot_heading`` = [anchor,
    title, intro HTML]."""
    from analysis.report.sections.headings import HEADINGS, heading_parts

    meta: dict[str, Any] = {"pilot_sections": section_index(res, section, lang)}
    if section in HEADINGS:
        anchor, title, intro = heading_parts(section, page_lang(lang))
        meta["pilot_heading"] = [anchor, title, str(intro)]
    return meta


def show(obj: StudyResults | SectionView) -> str:
    """HTML of a study's results (every section) or of one :class:`SectionView`."""
    if isinstance(obj, SectionView):
        return str(section_html(obj.results, obj.section, obj.lang))
    return str(section_html(obj))


def show_with_index(obj: StudyResults | SectionView) -> tuple[str, dict]:
    """:func:`show` plus the display metadata of :func:`section_metadata`. For a
    ``both`` report the HTML is English and the metadata also carries the Chinese
    rendering, ``pilot_zh`` = {"html", "metadata"}: the pipeline writes the Chinese page
    from it (:mod:`analysis.report.pages`) without running the notebook twice."""
    res, section, lang = (
        (obj.results, obj.section, obj.lang)
        if isinstance(obj, SectionView)
        else (obj, "all", obj.language)
    )
    meta = section_metadata(res, section, lang)
    if lang == "both":
        meta["pilot_zh"] = {
            "html": str(section_html(res, section, "zh")),
            "metadata": section_metadata(res, section, "zh"),
        }
    return str(section_html(res, section, lang)), meta


def register_display() -> None:
    """Let IPython display StudyResults and its section views as report HTML (the report
    notebook calls it; nothing happens outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the notebook tools
        return
    ip = get_ipython()
    if ip is None:
        return
    html = ip.display_formatter.formatters["text/html"]
    html.for_type(StudyResults, show_with_index)
    html.for_type(SectionView, show_with_index)
