"""The front of the report: header, claims table, key results, key figure."""

from __future__ import annotations

from markupsafe import Markup

from analysis.narrative.claims import narrate_claim
from analysis.narrative.paragraph import what_it_means
from analysis.narrative.study import headline_sentences, model_sentences, words
from analysis.pictures.style import apply_style
from analysis.report import tables
from analysis.report.render import figure, render
from analysis.report.sections.common import sentence_langs, word_lang
from analysis.results.study import StudyResults


def _listing(items, lang: str, limit: int = 10) -> str:
    items = list(items)
    more = words(lang, "and_more", n=len(items) - limit) if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def header(res: StudyResults, lang: str) -> Markup:
    """Title, question and the study design in one glance."""
    spec, panel = res.spec, res.panel
    wl = word_lang(lang)
    title = spec.title.get(wl)
    sub = spec.title.zh if lang == "both" and spec.title.zh else None
    start = ", ".join(sorted({str(p) for p in panel.adoption.values() if p is not None}))
    pairs = [
        (words(wl, "question"), spec.question.get(wl)),
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
    for _mid, per, label in panel.milestones():
        pairs.append((words(wl, "milestone", label=label), str(per)))
    return render("header", title=title, sub=sub, pairs=pairs)


def _trend_note(res: StudyResults) -> str:
    """The caveat under the trend models' sentences: none of them projects a
    counterfactual when every fitted one is a trend regression without an interruption."""
    fitted = [o.effect for o in (res.trends.outcomes if res.trends else ()) if o.effect]
    if fitted and all(not e.effects for e in fitted):
        return "trend_note_regression"
    return "trend_note"


def key_results(res: StudyResults, lang: str) -> Markup:
    """Front-page sentences (narrative module): what the data show before/after, then the
    estimated effects with their diagnostics; and the key-figures table."""
    wl = word_lang(lang)
    desc, causal, models = [], [], []
    for sl in sentence_langs(lang):
        for sent in headline_sentences(res, sl):
            (causal if sent.is_causal else desc).append(sent.text)
        models += [s.text for s in model_sentences(res, sl)]
    return render(
        "key_results",
        descriptive=desc,
        causal=causal,
        models=models,
        note=words(wl, "descriptive_note"),
        effects_heading=words(wl, "effects_heading"),
        trend_heading=words(wl, "trend_heading"),
        trend_note=words(wl, _trend_note(res)),
        table=Markup(tables.key_figures(res.indicators)),
    )


def key_figure(res: StudyResults, lang: str) -> Markup:
    """The one figure of the summary: every design's estimate of the first indicator with
    comparison units, else the staggered effect by time since adoption, else the first
    indicator's series."""
    apply_style()
    wl = word_lang(lang)
    for iid, tri in res.triangulation.items():
        label = res.label(iid, wl)
        return figure(
            tri.plot().figure,
            alt=words(wl, "fig_tri_alt", label=label),
            caption=words(wl, "fig_tri_caption", label=label),
        )
    for iid, st in res.applicable("staggered").items():
        label = res.label(iid, wl)
        return figure(
            st.plot().figure,
            alt=words(wl, "fig_stag_alt", label=label),
            caption=words(wl, "fig_stag_caption", label=label),
        )
    if res.indicators is not None and res.indicators.indicators():
        iid = res.indicators.indicators()[0]
        label = res.label(iid, wl)
        return figure(
            res.indicators.plot(iid).figure,
            alt=words(wl, "fig_series_alt", label=label),
            caption=label,
        )
    return Markup("")


def claims(res: StudyResults, lang: str) -> Markup:
    """The claims table: as written, as read, recomputed, verdict, adjusted estimate, and
    what the change means (sentences from the narrative module)."""
    if res.claims is None or not res.claims.checks:
        return render("hint", text=words(word_lang(lang), "no_claims"))
    langs = sentence_langs(lang)
    return Markup(tables.claims_table(res.claims, claim_sentences(res, langs), langs, res.alpha))


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
