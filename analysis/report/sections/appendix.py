"""The back of the report: administrative figures, methods, data appendix, validation,
and the note on the files written."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from analysis.narrative.page_words import TABLES, pw
from analysis.narrative.study import words
from analysis.report import tables
from analysis.report.render import render
from analysis.report.sections.common import word_lang
from analysis.results.study import StudyResults

_DESIGN_TEXT = ("descriptive", "its", "sts", "did", "staggered")


def _design_texts(res: StudyResults, wl: str) -> list[str]:
    """One item per design asked for: its assumptions when it ran (for DiD, only the
    parts that ran), else that it could not run."""
    out: list[str] = []
    for d, ran in res.designs_run().items():
        if d not in _DESIGN_TEXT:
            continue
        if not ran:
            out.append(words(wl, "m_not_run", design=words(wl, f"d_{d}")))
            continue
        out.append(words(wl, _design_key(res, d)))
        if d == "did":
            out += [words(wl, f"m_did_{part}") for part in res.did_parts_run()]
    return out


def administrative(res: StudyResults, lang: str) -> Markup:
    """Figures reported by the administration (facts sources), shares recomputed."""
    wl = word_lang(lang)
    html = tables.facts_table(res.indicators, lang=wl)
    return Markup(html) if html else render("hint", text=words(wl, "no_facts"))


def _design_key(res: StudyResults, design: str) -> str:
    """The words of a design's assumptions: the trend models' own when every fitted model
    of the design is a trend regression without an interruption term (ITS) or the
    whole-series intervention form (STS)."""
    fitted = [
        o.effect
        for o in (res.trends.outcomes if res.trends is not None else ())
        if o.design == design and o.effect is not None
    ]
    if design == "its" and fitted and all(not e.effects for e in fitted):
        return "m_its_regression"
    if (
        design == "sts"
        and fitted
        and all(any(c.term == "step" for c in e.coefficients) for e in fitted)
    ):
        return "m_sts_step"
    return f"m_{design}"


def methods(res: StudyResults, lang: str) -> Markup:
    """Each design's assumptions in plain words, then the study's own assumptions and
    caveats from the spec."""
    wl = word_lang(lang)
    spec = res.spec
    return render(
        "methods",
        designs_heading=words(wl, "designs_heading"),
        designs=_design_texts(res, wl),
        assumptions_heading=words(wl, "assumptions_heading"),
        assumptions=[a.get(wl) for a in spec.assumptions or ()],
    )


def data(res: StudyResults, lang: str) -> Markup:
    """Files read, their encodings, rows and coverage; the study's codebook folded."""
    wl = word_lang(lang)
    info = {s["source"]: s for s in res.study.report.sources}
    summ = res.panel.summary_frame()
    summ["encoding"] = [
        info.get(s, {}).get("encoding") or pw(wl, "enc.binary") for s in summ["source"]
    ]
    summ["sha256"] = [(info.get(s, {}).get("sha256") or "")[:12] for s in summ["source"]]
    shapes = TABLES[wl]
    summ["shape"] = [shapes.get(f"shape.{x}", str(x)) for x in summ["shape"]]
    names = {c: pw(wl, f"col.{c}") for c in summ.columns if f"col.{c}" in TABLES["en"]}
    summ = summ.rename(columns=names)
    table = tables.frame_html(
        summ,
        caption=words(wl, "data_files"),
        formats={names.get("units", "units"): "int", names.get("rows", "rows"): "int"},
    )
    path = Path(res.spec.base_dir) / "README.md"
    codebook = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    return render("data", table=Markup(table), codebook=codebook, summary=words(wl, "codebook"))


def validation(res: StudyResults, lang: str) -> Markup:
    """The validation findings: errors, warnings, notes (all escaped)."""
    return Markup(tables.validation_html(res.study.report, lang=word_lang(lang)))


def written(names: list[str], lang: str) -> Markup:
    """The note listing the files written beside the report (none: said so)."""
    wl = word_lang(lang)
    if not names:
        return render("hint", text=words(wl, "nothing_written"))
    return render("written", lead=words(wl, "written"), written=names)
