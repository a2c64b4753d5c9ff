"""Per indicator: the before/after change, the trend models, the comparison designs (the
permutation and regression DiD with the triangulation) and the staggered estimators, each
with its diagnostics; and the same pieces by design (trend models, comparison designs,
staggered designs)."""

from __future__ import annotations

import re

from markupsafe import Markup

from analysis.core.applicability import NotApplicable
from analysis.narrative.api import narrate
from analysis.narrative.comparisons_text import bacon_text, pretrend_text
from analysis.narrative.estimator_words import estimator_text
from analysis.narrative.falsification_text import heading as falsification_heading
from analysis.narrative.page_words import (
    model_name,
    pw,
    reason_text,
    stag_explanation,
)
from analysis.narrative.study import words
from analysis.pictures.style import apply_style
from analysis.report import tables
from analysis.report.render import figure, render
from analysis.report.sections.common import (
    headline_boxes,
    label,
    plot_in,
    sentence_langs,
    word_lang,
)
from analysis.report.sections.regression import not_applicable_parts, regression_parts
from analysis.report.sections.synth import synth_parts
from analysis.results.study import StudyResults


def _parts(parts: list[tuple[str, object]]) -> Markup:
    """A list of (kind, value) pieces — h3, h4, p, hint, notes, or html — as markup."""
    return render("parts", parts=parts)


def indicators(res: StudyResults, lang: str) -> Markup:
    """One collapsible section per indicator: descriptive change, trend models, comparison
    designs (with triangulation) or the staggered estimator, each with its diagnostics."""
    if res.indicators is None:
        return Markup("")
    apply_style()
    return Markup("").join(indicator(res, iid, lang) for iid in res.indicators.indicators())


def indicator_heading(res: StudyResults, iid: str, lang: str) -> tuple[str, str]:
    """(anchor, title) of one indicator's section: the page's contents list links to it.
    The title is in the page's language only (a page is in one language)."""
    return "ind-" + re.sub(r"[^a-z0-9_-]+", "-", iid.lower()), label(res, iid, lang)


def indicator_headings(res: StudyResults, lang: str) -> list[tuple[str, str]]:
    """(anchor, title) of every indicator section :func:`indicators` writes, in order."""
    if res.indicators is None:
        return []
    return [indicator_heading(res, iid, lang) for iid in res.indicators.indicators()]


def indicator(res: StudyResults, iid: str, lang: str) -> Markup:
    """The collapsible section of one indicator."""
    wl = word_lang(lang)
    anchor, title = indicator_heading(res, iid, lang)
    body: list[tuple[str, object]] = [
        *falsification_parts(res, iid, lang),
        ("h3", words(wl, "before_after")),
        ("html", descriptive_body(res, iid, lang, heading=False)),
    ]
    trend = trend_body(res, iid, lang)
    if trend:
        body += [("h3", words(wl, "trend_heading")), ("html", trend)]
    for name, heading, fn in (
        ("comparisons", "against_comparison", did_body),
        ("staggered", "waves", staggered_body),
    ):
        result = getattr(res, name).get(iid)
        if name == "comparisons" and iid in res.regression_did:
            body += [("h3", words(wl, heading)), ("html", did_body(res, iid, result, lang))]
            continue
        if result is None:
            continue
        body.append(("h3", words(wl, heading)))
        if isinstance(result, NotApplicable):
            body.append(("p", words(wl, "not_applicable", reason=reason_text(result.reason, wl))))
        else:
            body.append(("html", fn(res, iid, result, lang)))
    return render("indicator", anchor=anchor, title=title, body=[_parts(body)])


def falsification_parts(res: StudyResults, iid: str, lang: str) -> list[tuple[str, object]]:
    """The negative controls' falsification check of ``iid``, first in its section (beside
    the main result): "a change as large appeared in an outcome the pilot should not
    touch" when a control moved as much; nothing for an indicator with no check."""
    fals = getattr(res, "falsification", None)
    checks = fals.for_indicator(iid) if fals is not None else []
    if not checks:
        return []
    wl = word_lang(lang)
    texts = [c.headline(sl) for c in checks for sl in sentence_langs(lang)]
    return [("h3", falsification_heading(wl)), ("html", render("boxes", texts=texts))]


def descriptive_body(res: StudyResults, iid: str, lang: str, heading: bool = True) -> Markup:
    """Pilot vs comparison table of one indicator, its figure, per-unit detail folded."""
    wl = word_lang(lang)
    name = label(res, iid, wl)
    fig = figure(
        plot_in(res.indicators.plot, iid, lang=wl, res=res, iid=iid).figure,
        alt=words(wl, "fig_desc_alt", label=name),
        caption=words(wl, "fig_desc_caption", label=name),
    )
    names = res.panel.unit_zh if wl == "zh" else None
    html = tables.indicator_section(res.indicators, iid, fig, heading=heading, lang=wl, names=names)
    return Markup(html)


def trend_body(res: StudyResults, iid: str, lang: str) -> Markup:
    """The naive change beside the ITS (and STS) effect of one indicator."""
    if res.trends is None:
        return Markup("")
    wl = word_lang(lang)
    parts: list[tuple[str, object]] = []
    naive = res.naive(iid)
    name = label(res, iid, wl)
    for o in (o for o in res.trends.outcomes if o.indicator == iid):
        design = o.design.upper() if wl == "en" else words(wl, f"d_{o.design}")
        if o.effect is None:
            parts.append(
                ("na", (design, words(wl, "model_na_tail", reason=reason_text(o.reason, wl))))
            )
            continue
        model = model_name(o.effect.model, wl)
        fig = figure(
            plot_in(o.effect.plot, lang=wl, res=res, iid=iid).figure,
            alt=words(wl, "fig_effect_alt", label=name, start=o.effect.start),
            caption=words(
                wl,
                "fig_effect_caption",
                label=name,
                model=model,
                level=(1 - res.alpha) * 100,
            )
            if o.effect.effects
            else pw(wl, "fig_model_caption", label=name, model=model),
        )
        section = tables.effect_section(o.effect, fig, naive, o.mde_note, lang=wl)
        parts.append(("html", Markup(section)))
        naive = None  # the naive figure is shown once per indicator
    return _parts(parts) if parts else Markup("")


def did_body(res: StudyResults, iid: str, did, lang: str) -> Markup:
    """The permutation DiD sentence and method (or why it did not run), the regression DiD
    block, the synthetic control, the triangulation table and figure, and the designs that
    could not run here."""
    wl = word_lang(lang)
    parts: list[tuple[str, object]] = []
    if isinstance(did, NotApplicable):
        parts.append(("p", words(wl, "not_applicable", reason=reason_text(did.reason, wl))))
    elif did is not None:
        parts += [
            ("html", headline_boxes(res, did, iid, lang)),
            (
                "hint",
                words(
                    wl,
                    "did_method",
                    note=estimator_text(did.note, wl),
                    method=estimator_text(did.method, wl),
                ),
            ),
        ]
    parts += regression_parts(res, iid, lang)
    parts += synth_parts(res, iid, lang)
    tri = res.triangulation.get(iid)
    if tri is not None:
        sentences = [narrate(tri, sl, label=res.label(iid, sl)).text for sl in sentence_langs(lang)]
        parts += [
            ("html", Markup(tables.triangulation_table(tri, sentences, lang=wl))),
            (
                "html",
                figure(
                    plot_in(tri.plot, lang=wl, res=res, iid=iid).figure,
                    alt=words(wl, "fig_tri_detail_alt", label=label(res, iid, wl)),
                    caption=words(wl, "fig_tri_detail_caption"),
                ),
            ),
        ]
        parts += not_applicable_parts(res, iid, lang)
    return _parts(parts)


def staggered_body(res: StudyResults, iid: str, st, lang: str) -> Markup:
    """Callaway–Sant'Anna beside TWFE, the event-time figure, the Bacon decomposition."""
    wl = word_lang(lang)
    name = label(res, iid, wl)
    sep = "" if wl == "zh" else " "
    caption = (
        words(wl, "fig_event_caption_band", n_boot=st.bands.n_boot, seed=st.bands.seed)
        if st.bands is not None
        else words(wl, "fig_event_caption")
    )
    parts: list[tuple[str, object]] = [
        ("html", headline_boxes(res, st, iid, lang)),
        ("html", Markup(tables.staggered_table(st, res.alpha, lang=wl))),
        ("hint", f"{stag_explanation(st.explanation, wl)}{sep}{bacon_text(st, wl)}"),
        ("p", pretrend_text(st, wl)),
        (
            "html",
            figure(
                plot_in(st.plot, lang=wl, res=res, iid=iid).figure,
                alt=words(wl, "fig_event_alt", label=name),
                caption=caption,
            ),
        ),
    ]
    if st.bacon is not None:
        parts.append(("html", Markup(tables.bacon_table(st.bacon, lang=wl))))
        parts.append(
            (
                "html",
                figure(
                    plot_in(st.bacon.plot, lang=wl, res=res, iid=iid).figure,
                    alt=words(wl, "fig_bacon_alt", label=name),
                    caption=words(wl, "fig_bacon_caption"),
                ),
            )
        )
    if st.notes:
        parts.append(("notes", list(st.notes)))
    return _parts(parts)


# -- the same pieces by design -------------------------------------------------------------
def trends(res: StudyResults, lang: str) -> Markup:
    """Per indicator: the naive change beside the ITS (and STS) effect, figure, checks."""
    wl = word_lang(lang)
    if res.trends is None or not res.trends.outcomes:
        return render("hint", text=words(wl, "no_trend"))
    apply_style()
    parts: list[tuple[str, object]] = []
    for iid in res.trends.indicators():
        parts += [("h3", label(res, iid, wl)), ("html", trend_body(res, iid, lang))]
    return _parts(parts)


def _by_design(res: StudyResults, name: str, body, lang: str) -> Markup:
    wl = word_lang(lang)
    parts: list[tuple[str, object]] = []
    results = getattr(res, name)
    if name == "comparisons":  # the regression DiD shares the comparison section
        results = {i: results.get(i) for i in {**results, **res.regression_did}}
    for iid, result in results.items():
        parts.append(("h3", label(res, iid, wl)))
        if name == "comparisons":
            parts.append(("html", body(res, iid, result, lang)))
        elif isinstance(result, NotApplicable):
            parts.append(("p", words(wl, "not_applicable", reason=reason_text(result.reason, wl))))
        else:
            parts.append(("html", body(res, iid, result, lang)))
    return _parts(parts)


def comparisons(res: StudyResults, lang: str) -> Markup:
    """Per count indicator: DiD with placebo-in-space inference, then the triangulation."""
    if not res.comparisons and not res.regression_did:
        return render("hint", text=words(word_lang(lang), "no_comparison"))
    apply_style()
    return _by_design(res, "comparisons", did_body, lang)


def staggered(res: StudyResults, lang: str) -> Markup:
    """Roll-out in waves: Callaway–Sant'Anna aggregations beside TWFE, with the reason they
    can differ, and the effect by time since adoption."""
    if not res.staggered:
        return render("hint", text=words(word_lang(lang), "no_staggered"))
    apply_style()
    return _by_design(res, "staggered", staggered_body, lang)
