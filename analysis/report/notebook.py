"""What the study notebook calls: one object that loads the study, computes, displays, saves.

Every cell of ``notebooks/study_report.py`` is a single call on a
:class:`StudyReport`; all numbers and all sentences come from here and the
modules it calls, never from the notebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from IPython.display import HTML

from analysis.core.applicability import NotApplicable
from analysis.core.errors import AnalysisError
from analysis.intake.validate import load_study
from analysis.narrative.study import headline_sentences
from analysis.pictures.style import apply_style
from analysis.report import html as render
from analysis.report import views
from analysis.report.figures import figure_html
from analysis.report.outputs import write_outputs
from analysis.results.study import LANGUAGES, StudyResults


@dataclass
class StudyReport:
    """The page sections of one computed study (a :class:`StudyResults`)."""

    res: StudyResults
    output_dir: Path | None

    study = property(lambda self: self.res.study)
    language = property(lambda self: self.res.language)
    alpha = property(lambda self: self.res.alpha)
    seed = property(lambda self: self.res.seed)
    indicators = property(lambda self: self.res.indicators)
    trends = property(lambda self: self.res.trends)
    comparisons = property(lambda self: self.res.comparisons)
    synth = property(lambda self: self.res.synth)
    staggered = property(lambda self: self.res.staggered)
    controlled_its = property(lambda self: self.res.controlled_its)
    claims = property(lambda self: self.res.claims)

    @property
    def spec(self):
        return self.study.spec

    @property
    def panel(self):
        return self.study.panel

    # -- sections ------------------------------------------------------------
    def header(self) -> HTML:
        """Title, question and the study design in one glance."""
        spec, panel = self.spec, self.panel
        lang = "zh" if self.language == "zh" else "en"
        title = spec.title.get(lang)
        sub = spec.title.zh if self.language == "both" and spec.title.zh else None
        start = ", ".join(sorted({str(p) for p in panel.adoption.values() if p is not None}))
        design = [
            ("Question", spec.question.get(lang)),
            ("Pilot unit(s)", _list(panel.treated_units)),
            ("Pilot start", start if not spec.staggered else f"staggered: {start}"),
            (
                "Comparison units",
                f"{len(panel.comparison_units)} ({_list(panel.comparison_units, 6)})",
            ),
            (
                "Periods",
                f"{panel.periods[0]} to {panel.periods[-1]} "
                f"({len(panel.periods)} {spec.frequency}s)",
            ),
        ]
        for _mid, per, label in panel.milestones():
            design.append((f"Milestone: {label}", str(per)))
        html = f"<h1>{render.esc(title)}</h1>"
        if sub:
            html += f"<p class='pe-lede'>{render.esc(sub)}</p>"
        html += render.definition_list(design)
        return HTML(html)

    def key_results(self) -> HTML:
        """Front-page sentences (narrative module): what the data show before/after, then
        the estimated effects with their diagnostics; and the key-figures table."""
        note = (
            "Before/after comparisons of the data as recorded. They are not estimates "
            "of the pilot's effect: a change can come from trends or events that also "
            "touched the comparison units."
        )
        desc, causal = [], []
        for lang in self.langs:
            for sent in self.headline_sentences(lang):
                (causal if sent.is_causal else desc).append(sent.text)
        html = (
            "<div class='pe-headline'><ul>"
            + "".join(f"<li>{render.esc(h)}</li>" for h in desc)
            + "</ul></div>"
            + f"<p class='pe-hint'>{render.esc(note)}</p>"
        )
        if causal:
            html += (
                "<h3>Estimated effects of the pilot</h3><div class='pe-headline'><ul>"
                + "".join(f"<li>{render.esc(h)}</li>" for h in causal)
                + "</ul></div>"
            )
        model_lines = self.model_headlines()
        if model_lines:
            lis = "".join(f"<li>{render.esc(h)}</li>" for h in model_lines)
            html += (
                "<h3>Against the trend (single-series models)</h3>"
                f"<div class='pe-headline'><ul>{lis}</ul></div>"
                "<p class='pe-hint'>Each model projects the pilot series' own pre-pilot "
                "level, trend and seasonality; it cannot separate the pilot from a change "
                "that touched every unit at the same time.</p>"
            )
        return HTML(html + views.key_figures(self.indicators))

    def key_figure(self) -> HTML:
        """The one figure of the summary: every design's estimate of the first indicator
        with comparison units, else the staggered effect by time since adoption, else the
        first indicator's series."""
        apply_style()
        for iid, did in self.comparisons.items():
            if not isinstance(did, NotApplicable):
                label = self._label(iid, "en")
                return HTML(
                    figure_html(
                        self.triangulation(iid).plot().figure,
                        alt=f"{label}: the pilot's effect estimated by each design, with its "
                        "interval.",
                        caption=f"{label}: each design's estimate of the pilot's effect.",
                    )
                )
        for iid, st in self.staggered.items():
            if not isinstance(st, NotApplicable):
                label = self._label(iid, "en")
                return HTML(
                    figure_html(
                        st.plot().figure,
                        alt=f"{label}: effect by time since adoption with its uniform band.",
                        caption=f"{label}: effect by periods since adoption (Callaway–Sant'Anna).",
                    )
                )
        if self.indicators is not None and self.indicators.indicators():
            iid = self.indicators.indicators()[0]
            return HTML(
                figure_html(
                    self.indicators.plot(iid).figure,
                    alt=f"Time series of {self._label(iid, 'en')}.",
                    caption=self._label(iid, "en"),
                )
            )
        return HTML("")

    def methods(self) -> HTML:
        """Each design's assumptions in plain words, then the study's own assumptions and
        caveats from the spec."""
        designs = set(self.spec.designs)
        text = {
            "descriptive": "Before/after changes describe the data as recorded; they assume "
            "nothing and prove nothing about causes.",
            "its": "Interrupted time series assumes the pilot series would have continued "
            "its pre-pilot level, trend and seasonality; anything else that changed "
            "at the start is counted as the pilot.",
            "sts": "The structural time-series model assumes the comparison units' series "
            "predicts the pilot series as well after the start as before it.",
            "did": "Difference-in-differences, synthetic control and controlled ITS assume "
            "the pilot unit would have moved like the comparison units (parallel "
            "trends, or a weighted mix of them) had there been no pilot, and that the "
            "pilot did not affect the comparison units. With one pilot unit, "
            "inference comes from placebos over the comparison units, so the "
            "smallest attainable p-value is 1/(number of comparison units + 1).",
            "staggered": "The staggered estimator assumes parallel trends between each "
            "adoption wave and the never-treated units and no anticipation "
            "before adoption; the pre-adoption estimates test this.",
        }
        items = "".join(
            f"<li>{render.esc(text[d])}</li>"
            for d in self.spec.designs
            if d in designs and d in text
        )
        html = f"<h3>Designs and their assumptions</h3><ul>{items}</ul>"
        if self.spec.assumptions:
            html += (
                "<h3>This study's assumptions and caveats</h3><ul>"
                + "".join(f"<li>{render.esc(a)}</li>" for a in self.spec.assumptions)
                + "</ul>"
            )
        return HTML(html)

    def model_headlines(self) -> list[str]:
        return self.res.model_headlines()

    def data_summary(self) -> HTML:
        """Files read, their encodings, rows and coverage."""
        info = {s["source"]: s for s in self.study.report.sources}
        summ = self.panel.summary_frame()
        summ["encoding"] = [info.get(s, {}).get("encoding") or "binary" for s in summ["source"]]
        summ["sha256"] = [(info.get(s, {}).get("sha256") or "")[:12] for s in summ["source"]]
        summ = summ.rename(columns={"first": "first period", "last": "last period", "rows": "rows"})
        html = render.frame_html(
            summ, caption="Data files", formats={"units": "int", "rows": "int"}
        )
        codebook = Path(self.spec.base_dir) / "README.md"
        if codebook.is_file():
            text = codebook.read_text(encoding="utf-8", errors="replace")
            html += (
                "<details class='pe-codebook'><summary>Codebook (the study's "
                f"README.md)</summary><pre>{render.esc(text)}</pre></details>"
            )
        return HTML(html)

    def validation(self) -> HTML:
        return HTML(render.validation_html(self.study.report))

    def indicator_sections(self) -> HTML:
        """Per indicator: pilot vs comparison table, its figure, per-unit detail folded."""
        apply_style()
        return HTML("".join(self._descriptive_body(iid) for iid in self.indicators.indicators()))

    def indicator_reports(self) -> HTML:
        """One collapsible section per indicator: the descriptive change, the trend models,
        the comparison designs (with triangulation) or the staggered estimator, each with its
        diagnostics. The pieces are the same as in the per-design methods above."""
        import re

        if self.indicators is None:
            return HTML("")
        apply_style()
        parts = []
        for iid in self.indicators.indicators():
            label = self._label(iid, "en")
            zh = self._label(iid, "zh") if self.language in ("zh", "both") else ""
            title = label + (f" · {zh}" if zh and zh != label else "")
            anchor = "ind-" + re.sub(r"[^a-z0-9_-]+", "-", iid.lower())
            body = [
                "<h3>Before and after</h3>",
                self._descriptive_body(iid).replace(
                    f"<h3>{render.esc(self.spec.indicators[iid].label.en)}</h3>", "", 1
                ),
            ]
            trend = self._trend_body(iid)
            if trend:
                body += ["<h3>Against the trend (single-series models)</h3>", *trend]
            did = self.comparisons.get(iid)
            if did is not None:
                body.append("<h3>Against the comparison units</h3>")
                body += (
                    [f"<p>Not applicable: {render.esc(did.reason)}</p>"]
                    if isinstance(did, NotApplicable)
                    else self._did_body(iid, label, did)
                )
            st = self.staggered.get(iid)
            if st is not None:
                body.append("<h3>Roll-out in waves</h3>")
                body += (
                    [f"<p>Not applicable: {render.esc(st.reason)}</p>"]
                    if isinstance(st, NotApplicable)
                    else self._staggered_body(iid, label, st)
                )
            parts.append(
                f"<details open class='pe-section' id='sec-{anchor}'><summary>"
                f"<h2 id='{anchor}'>{render.esc(title)}</h2></summary>"
                + "".join(body)
                + "</details>"
            )
        return HTML("".join(parts))

    def _descriptive_body(self, iid: str) -> str:
        label = self.spec.indicators[iid].label.en
        fig = figure_html(
            self.indicators.plot(iid).figure,
            alt=f"Time series of {label}: pilot unit(s) against the comparison units, "
            f"with the pilot start marked and the before/after windows shaded.",
            caption=f"{label}. Dashed line: pilot start; shaded: before and after windows.",
        )
        return views.indicator_section(self.indicators, iid, fig)

    def _trend_body(self, iid: str) -> list[str]:
        """The naive change beside the ITS (and STS) effect of one indicator."""
        if self.trends is None:
            return []
        parts = []
        naive = self._naive(iid)
        for o in (o for o in self.trends.outcomes if o.indicator == iid):
            if o.effect is None:
                parts.append(
                    f"<p><strong>{render.esc(o.design.upper())}</strong>: not "
                    f"applicable. {render.esc(o.reason)}</p>"
                )
                continue
            fig = figure_html(
                o.effect.plot().figure,
                alt=f"{o.label}: observed series, fitted model and the counterfactual "
                f"path with its band after the start ({o.effect.start}).",
                caption=f"{o.label}: {o.effect.model}. Dashed green: what the model "
                f"projects without the pilot; bands: "
                f"{(1 - self.alpha) * 100:g}% confidence and prediction.",
            )
            parts.append(views.effect_section(o.effect, fig, naive, o.mde_note))
            naive = None  # the naive figure is shown once per indicator
        return parts

    def trend_models(self) -> HTML:
        """Per indicator: the naive change beside the ITS (and STS) effect, figure, checks."""
        if self.trends is None or not self.trends.outcomes:
            return HTML(
                "<p class='pe-hint'>No trend model requested for this study "
                "(add <code>its</code> or <code>sts</code> to <code>designs</code>).</p>"
            )
        apply_style()
        parts = []
        for iid in self.trends.indicators():
            label = next(o.label for o in self.trends.outcomes if o.indicator == iid)
            parts.append(f"<h3>{render.esc(label)}</h3>")
            parts += self._trend_body(iid)
        return HTML("".join(parts))

    def _naive(self, iid: str):
        if self.indicators is None:
            return None
        try:
            return self.indicators.get(iid, "treated")
        except KeyError:
            return None

    def comparison_designs(self) -> HTML:
        """Per count indicator: DiD with placebo-in-space inference, then the triangulation."""
        if not self.comparisons:
            return HTML(
                "<p class='pe-hint'>No comparison design requested (add "
                "<code>did</code> to <code>designs</code>) or no comparison units.</p>"
            )
        apply_style()
        return HTML("".join(self._indicator_sections(self.comparisons, self._did_body)))

    def _did_body(self, iid: str, label: str, did) -> list[str]:
        tri = self.triangulation(iid)
        return [
            *self._narrated(did, iid),
            f"<p class='pe-hint'>{render.esc(did.note)} Method: {render.esc(did.method)}.</p>",
            views.triangulation_table(
                tri, [self._narrate(tri, iid, lang).text for lang in self.langs]
            ),
            figure_html(
                tri.plot().figure,
                alt=f"{label}: the pilot effect estimated by each design with its interval.",
                caption="Each design's estimate and interval; blue rows use the comparison "
                "units, orange rows the pilot series alone.",
            ),
        ]

    def _indicator_sections(self, results: dict[str, Any], body) -> list[str]:
        """One section per indicator: its heading, then ``body(iid, label, result)``, or the
        reason the design could not run (results hold a string then)."""
        parts = []
        for iid, res in results.items():
            label = self.spec.indicators[iid].label.en
            parts.append(f"<h3>{render.esc(label)}</h3>")
            if isinstance(res, NotApplicable):
                parts.append(f"<p>Not applicable: {render.esc(res.reason)}</p>")
            else:
                parts.extend(body(iid, label, res))
        return parts

    def staggered_designs(self) -> HTML:
        """Roll-out in waves: Callaway–Sant'Anna aggregations beside TWFE, with the reason
        they can differ, and the effect by time since adoption."""
        if not self.staggered:
            return HTML(
                "<p class='pe-hint'>Not a staggered roll-out, or <code>staggered</code> "
                "is not in <code>designs</code>.</p>"
            )
        apply_style()
        return HTML("".join(self._indicator_sections(self.staggered, self._staggered_body)))

    def _staggered_body(self, iid: str, label: str, res) -> list[str]:
        parts = [
            *self._narrated(res, iid),
            views.staggered_table(res, self.alpha),
            f"<p class='pe-hint'>{render.esc(res.explanation)} "
            f"{render.esc(res.bacon_sentence())}</p>",
            f"<p>{render.esc(res.pretrend_sentence())}</p>",
            figure_html(
                res.plot().figure,
                alt=f"{label}: effect by time since adoption (Callaway–Sant'Anna), with "
                f"pointwise intervals and a uniform band; before adoption the estimates "
                f"test parallel trends.",
                caption="Effect by periods since adoption (negative: before adoption, a check "
                "of parallel trends). Bars: pointwise intervals; shaded: the uniform "
                f"band from the multiplier bootstrap ({res.bands.n_boot} draws, seed "
                f"{res.bands.seed}) that covers all periods at once."
                if res.bands is not None
                else "Effect by periods since adoption.",
            ),
        ]
        if res.bacon is not None:
            parts.append(views.bacon_table(res.bacon))
            parts.append(
                figure_html(
                    res.bacon.plot().figure,
                    alt=f"{label}: each two-by-two comparison behind the TWFE estimate, its "
                    "estimate against its weight, by comparison type.",
                    caption="Goodman-Bacon decomposition: TWFE is the weighted average of these "
                    "comparisons (dashed line).",
                )
            )
        if res.notes:
            parts.append(
                "<ul class='pe-notes'>"
                + "".join(f"<li>{render.esc(n)}</li>" for n in res.notes)
                + "</ul>"
            )
        return parts

    def triangulation(self, iid: str):
        return self.res.triangulation[iid]

    def administrative_figures(self) -> HTML:
        """Figures reported by the administration (facts sources), shares recomputed."""
        html = views.facts_table(self.indicators)
        return HTML(html or "<p class='pe-hint'>No administrative figures in this study.</p>")

    # -- results -------------------------------------------------------------
    @property
    def langs(self) -> tuple[str, ...]:
        """The languages sentences are written in: ("en",), ("zh",) or ("en", "zh")."""
        return {"en": ("en",), "zh": ("zh",)}.get(self.language, ("en", "zh"))

    def headline_sentences(self, lang: str = "en") -> list:
        return headline_sentences(self.res, lang)

    def _narrate(self, result, iid: str, lang: str):
        from analysis.narrative.api import narrate

        return narrate(result, lang, label=self._label(iid, lang))

    def _narrated(self, result, iid: str) -> list[str]:
        """The narrative's sentence for ``result``, one headline box per report language."""
        return [
            f"<div class='pe-headline'>{render.esc(self._narrate(result, iid, lang).text)}</div>"
            for lang in self.langs
        ]

    def _label(self, iid: str, lang: str) -> str:
        lab = self.spec.indicators[iid].label
        return (lab.zh or lab.en) if lang == "zh" else lab.en

    def headlines(self) -> list[str]:
        return self.res.headlines()

    def claims_section(self) -> HTML:
        """The claims table: as written, as read, recomputed, verdict, adjusted estimate,
        and what the change means (sentences from the narrative module)."""
        if self.claims is None or not self.claims.checks:
            return HTML("<p class='pe-hint'>No claims listed in the study spec.</p>")
        return HTML(
            views.claims_table(self.claims, self._claim_sentences(), self.langs, self.alpha)
        )

    def _claim_sentences(self) -> dict[str, list[str]]:
        """Per claim figure: the verdict sentence(s) and, for a change claim with an
        adjusted estimate, what the change means — in each language of the report."""
        from analysis.narrative.claims import narrate_claim
        from analysis.narrative.paragraph import what_it_means

        out: dict[str, list[str]] = {}
        for c in self.claims.checks:
            lines = [narrate_claim(c, lang).text for lang in self.langs]
            effect = self._effect_for(c.indicator) if c.adjusted_design else None
            if effect is not None and c.parsed.kind in (
                "percent_change",
                "multiple",
                "before_after",
            ):
                for lang in self.langs:
                    try:
                        comp = self.indicators.get(c.indicator, "comparison")
                    except KeyError:
                        comp = None
                    lines.append(
                        what_it_means(
                            self.indicators.get(c.indicator, "treated"),
                            comp,
                            effect,
                            lang,
                            label=self._label(c.indicator, lang),
                        ).text
                    )
            out[c.label] = lines
        return out

    def _effect_for(self, iid: str):
        return self.res.effect_for(iid)

    def results(self) -> dict[str, Any]:
        return self.res.to_dict()

    def save(self) -> HTML:
        """Write results.json and tidy CSVs to ``output_dir`` (byte-stable)."""
        if self.output_dir is None:
            return HTML("<p class='pe-hint'>No output folder given: nothing written.</p>")
        written = write_outputs(self.res, self.output_dir)
        return HTML(
            "<p class='pe-hint'>Written beside this report: "
            + ", ".join(f"<code>{render.esc(w)}</code>" for w in written)
            + ".</p>"
        )


def _list(items, limit: int = 10) -> str:
    items = list(items)
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def start(
    spec_path: str, output_dir: str = "", language: str = "", alpha: float = 0.0, seed: int = -1
) -> StudyReport:
    """Load and validate the study, compute everything once, set the style."""
    from analysis.numbers.study import run_analysis

    if language and language not in LANGUAGES:
        raise AnalysisError(f"parameter language={language!r} is not one of {', '.join(LANGUAGES)}")
    if not 0 <= alpha < 0.5:
        raise AnalysisError(f"parameter alpha={alpha!r} must be in (0, 0.5), or 0 for the spec's")
    study = load_study(spec_path)
    apply_style()
    res = run_analysis(study, alpha=alpha, seed=seed, language=language)
    return StudyReport(res=res, output_dir=Path(output_dir) if output_dir else None)
