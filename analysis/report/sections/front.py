"""The front of the report: header, claims table, key results, key figure."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from analysis.narrative.claims import narrate_claim
from analysis.narrative.front_words import fw, page_text
from analysis.narrative.paragraph import what_it_means
from analysis.narrative.study import (
    brief_sentences,
    descriptive_sentences,
    effect_sentences,
    model_sentences,
    words,
)
from analysis.narrative.vocab import label_for
from analysis.pictures.style import apply_style
from analysis.report import tables
from analysis.report.render import figure, render
from analysis.report.sections import brief
from analysis.report.sections.common import plot_in, sentence_langs, word_lang
from analysis.results.study import StudyResults


def _listing(items, lang: str, limit: int = 10) -> str:
    items = list(items)
    more = words(lang, "and_more", n=len(items) - limit) if len(items) > limit else ""
    return ("、" if lang == "zh" else ", ").join(items[:limit]) + more


def _facts(res: StudyResults, wl: str) -> list[tuple[str, str]]:
    """The study design in pairs (pilot units, start, comparison units, periods,
    milestones): folded under the brief."""
    spec, panel = res.spec, res.panel
    start = ", ".join(sorted({str(p) for p in panel.adoption.values() if p is not None}))
    pairs = [
        (words(wl, "pilot_units"), _listing(panel.treated_units, wl)),
        (
            words(wl, "pilot_start"),
            start if not spec.staggered else words(wl, "staggered_start", start=start),
        ),
        (
            words(wl, "comparison_units"),
            f"{len(panel.comparison_units)} ({_listing(panel.comparison_units, wl, 6)})"
            if panel.comparison_units
            else words(wl, "no_comparison_units"),
        ),
        (
            words(wl, "periods"),
            words(
                wl,
                "periods_value",
                first=panel.periods[0],
                last=panel.periods[-1],
                n=len(panel.periods),
                freq=words(wl, f"freq_{spec.frequency}"),
            ),
        ),
    ]
    for m in spec.treatment.milestones:  # the milestone's label in the page's language
        label = label_for(wl, m.label.en, m.label.zh) if m.label else m.id
        pairs.append((words(wl, "milestone", label=label), str(panel.milestone_periods[m.id])))
    if wl == "zh":
        pairs = [(page_text("zh", k), page_text("zh", v)) for k, v in pairs]
    return pairs


def header(res: StudyResults, lang: str) -> Markup:
    """The brief, the first screen of the report: title, the question, the ONE preferred
    estimate per indicator with its interval, and the verdict on every claim figure; the
    study design (units, periods, milestones) folded below it."""
    spec = res.spec
    wl = word_lang(lang)
    return render(
        "header",
        title=page_text(wl, spec.title.en, spec.title.zh),
        sub=page_text("zh", spec.title.zh) if lang == "both" and spec.title.zh else None,
        question_label=fw(wl, "question"),
        question=page_text(wl, spec.question.en, spec.question.zh),
        estimates=brief.estimates(res, wl),
        verdicts=brief.verdicts(res, wl),
        facts_summary=fw(wl, "details_study"),
        pairs=_facts(res, wl),
    )


def _trend_note(res: StudyResults) -> str:
    """The caveat under the trend models' sentences: none of them projects a
    counterfactual when every fitted one is a trend regression without an interruption."""
    fitted = [o.effect for o in (res.trends.outcomes if res.trends else ()) if o.effect]
    if fitted and all(not e.effects for e in fitted):
        return "trend_note_regression"
    return "trend_note"


def key_results(res: StudyResults, lang: str) -> Markup:
    """The front page's sentences (narrative module), folded: what the data show
    before/after, the estimated effects with their diagnostics, the trend models; and the
    key-figures table. The brief above already gives the one estimate per indicator."""
    wl = word_lang(lang)
    lead, desc, causal, models = [], [], [], []
    for sl in sentence_langs(lang):
        lead += [s.text for s in brief_sentences(res, sl)]
        desc += [s.text for s in descriptive_sentences(res, sl)]
        causal += [s.text for s in effect_sentences(res, sl)]
        models += [s.text for s in model_sentences(res, sl)]
    return render(
        "key_results",
        summary=fw(wl, "details_results"),
        lead=lead,
        descriptive=desc,
        causal=causal,
        models=models,
        note=words(wl, "descriptive_note"),
        effects_heading=words(wl, "effects_heading"),
        trend_heading=words(wl, "trend_heading"),
        trend_note=words(wl, _trend_note(res)),
        table=Markup(tables.key_figures(res.indicators, lang=wl)),
    )


def _plot(result: Any, *args: Any, lang: str, res: StudyResults, iid: str) -> Any:
    """``result.plot(*args)`` in the page's language, with the indicator's figure context
    (labels, units, milestones, waves)."""
    return plot_in(result.plot, *args, lang=lang, res=res, iid=iid)


def _key_figure(res: StudyResults, iid: str, wl: str) -> Markup:
    """One indicator's key figure: every design's estimate (with comparison units), else
    the staggered effect by time since adoption, else the indicator's series."""
    label = page_text(wl, res.label(iid, wl))
    tri = res.triangulation.get(iid)
    if tri is not None:
        return figure(
            _plot(tri, lang=wl, res=res, iid=iid).figure,
            name=f"{iid}-key",
            alt=words(wl, "fig_tri_alt", label=label),
            caption=words(wl, "fig_tri_caption", label=label),
        )
    st = res.applicable("staggered").get(iid)
    if st is not None:
        return figure(
            _plot(st, lang=wl, res=res, iid=iid).figure,
            name=f"{iid}-key",
            alt=words(wl, "fig_stag_alt", label=label),
            caption=words(wl, "fig_stag_caption", label=label),
        )
    if res.indicators is not None and iid in res.indicators.indicators():
        return figure(
            _plot(res.indicators, iid, lang=wl, res=res, iid=iid).figure,
            name=f"{iid}-key",
            alt=words(wl, "fig_series_alt", label=label),
            caption=label,
        )
    return Markup("")


def key_figure(res: StudyResults, lang: str) -> Markup:
    """One key figure per indicator, right after the brief (the details follow, folded)."""
    apply_style()
    wl = word_lang(lang)
    iids = list(res.indicators.indicators()) if res.indicators is not None else []
    iids += [i for i in (*res.triangulation, *res.applicable("staggered")) if i not in iids]
    figures = [f for f in (_key_figure(res, iid, wl) for iid in iids) if f]
    if not figures:
        return Markup("")
    return render("key_figures", heading=fw(wl, "figures_heading"), figures=figures)


def claims(res: StudyResults, lang: str) -> Markup:
    """The full claims table (as written, as read, recomputed, verdict, adjusted estimate,
    what the change means), folded: the brief above lists every verdict."""
    if res.claims is None or not res.claims.checks:
        return render("hint", text=words(word_lang(lang), "no_claims"))
    langs = sentence_langs(lang)
    table = Markup(tables.claims_table(res.claims, claim_sentences(res, langs), langs, res.alpha))
    return render(
        "brief_fold", summary=fw(word_lang(lang), "details_claims"), body=table, id="claims-full"
    )


def claim_sentences(res: StudyResults, langs: tuple[str, ...]) -> dict[str, list[str]]:
    """Per claim figure: the verdict sentence(s) and, for a change claim with an adjusted
    estimate, what the change means — in each language of the report."""
    out: dict[str, list[str]] = {}
    for c in res.claims.checks:
        lines = [narrate_claim(c, sl).text for sl in langs]
        effect = res.effect_for(c.indicator) if c.adjusted_design else None
        if effect is not None and c.parsed.kind in ("percent_change", "multiple", "before_after"):
            for sl in langs:
                try:
                    comp = res.indicators.get(c.indicator, "comparison")
                except KeyError:
                    comp = None
                lines.append(
                    what_it_means(
                        res.indicators.get(c.indicator, "treated"),
                        comp,
                        effect,
                        sl,
                        label=res.label(c.indicator, sl),
                    ).text
                )
        out[c.label] = lines
    return out
