"""The regression difference-in-differences block of an indicator's comparison section: the
sentence, the regression table (estimate, interval, SE type, rows, clusters, R², covariates),
the event study's pre-trend test where it ran, and the designs that could not run here with
their reasons."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from analysis.core.applicability import NotApplicable
from analysis.narrative.comparisons_text import design_name
from analysis.narrative.estimator_words import estimator_text
from analysis.narrative.gates import p_phrase
from analysis.narrative.numbers import Quoter
from analysis.narrative.page_words import reason_text
from analysis.narrative.regression_did_text import (
    inference_text,
    no_interval_text,
    outcome_text,
    rt,
)
from analysis.report.render import figure
from analysis.report.sections.common import plot_in, sentence_langs, word_lang
from analysis.results.did import RegressionDiD
from analysis.results.study import StudyResults


def _cell(x: float, scale: str, signed: bool = True) -> str:
    """A coefficient for the table: four decimals on the log scale, else one decimal with
    thousands separators from 100 up (−11,863.9), three from 1, four significant digits
    below; never scientific notation; a true minus sign."""
    if math.isnan(x):
        return "–"
    if scale == "log":
        text = f"{x:+.4f}"
    elif abs(x) >= 100:
        text = f"{x:+,.1f}"
    elif abs(x) >= 1:
        text = f"{x:+.3f}"
    else:
        text = f"{x:+.4g}" if abs(x) >= 1e-4 or x == 0 else f"{x:+.2e}"
    if not signed:
        text = text.lstrip("+")
    return text.replace("-", "−")


def regression_table(reg: RegressionDiD, lang: str) -> Markup:
    """One row per design term: the DiD coefficient (and, on the log scale, exp(b) − 1)."""
    wl = word_lang(lang)
    head = [
        rt(wl, k)
        for k in (
            "col.design",
            "col.estimate",
            "col.interval",
            "col.se",
            "col.n",
            "col.clusters",
            "col.r2",
            "col.covariates",
        )
    ]
    interval = (
        f"{_cell(reg.conf_low, reg.scale)} … {_cell(reg.conf_high, reg.scale)}"
        if reg.has_interval
        else no_interval_text(reg, wl)
    )
    if reg.has_interval and reg.scale == "log":
        interval += f" (exp(b) − 1: {reg.relative_conf_low:+.1%} … {reg.relative_conf_high:+.1%})"
    est = _cell(reg.estimate, reg.scale)
    if reg.scale == "log":
        est += f" ({reg.relative_estimate:+.1%})"
    se = (
        f"{_cell(reg.std_error, reg.scale, signed=False)}; {reg.se_type}"
        if reg.has_interval
        else "–"
    )
    clusters = f"{reg.n_clusters} ({reg.n_treated_clusters})" if reg.n_clusters is not None else "–"
    cells = [
        rt(wl, f"design.{reg.design}"),
        est,
        interval,
        f"{inference_text(reg, wl)}: {se}" if reg.has_interval else inference_text(reg, wl),
        f"{reg.n_obs:,}",
        clusters,
        f"{reg.r_squared_kind} {reg.r_squared:.4f}" if not math.isnan(reg.r_squared) else "–",
        ", ".join(reg.covariates) or rt(wl, "covariates.none"),
    ]
    th = Markup("").join(Markup("<th>{}</th>").format(h) for h in head)
    td = Markup("").join(Markup("<td>{}</td>").format(c) for c in cells)
    return Markup(
        "<div class='pe-table-wrap'><table class='pe-table'><caption>{}</caption><thead>"
        "<tr>{}</tr></thead><tbody><tr>{}</tr></tbody></table></div>"
    ).format(f"{rt(wl, 'heading')}: {outcome_text(reg, wl)}", th, td)


def regression_parts(res: StudyResults, iid: str, lang: str) -> list[tuple[str, object]]:
    """The regression DiD block as section parts (empty when the study did not ask for it)."""
    reg = res.regression_did.get(iid)
    if reg is None:
        return []
    wl = word_lang(lang)
    parts: list[tuple[str, object]] = [("h4", rt(wl, "heading"))]
    if isinstance(reg, NotApplicable):
        return [
            *parts,
            ("p", rt(wl, "na", design=rt(wl, "heading"), reason=reason_text(reg.reason, wl))),
        ]
    texts = [reg.headline(sl) for sl in sentence_langs(lang)]
    parts += [("p", text) for text in texts]
    parts.append(("html", regression_table(reg, lang)))
    es = reg.event_study
    if es is not None:
        n = len([e for e in es.event_times if e < 0])
        check = es.pretrend
        if math.isnan(check.p_value):
            parts.append(("hint", f"{check.label}: {check.reason or check.detail}"))
        else:
            p = p_phrase(check.p_value, Quoter(wl))
            parts.append(("p", rt(wl, "pretrend", n=n, p=p, status=check.status)))
    elif reg.event_study_note:
        parts.append(("hint", estimator_text(reg.event_study_note, wl)))
    parts.append(
        (
            "html",
            figure(
                plot_in(reg.plot, lang=wl, res=res, iid=iid).figure,
                alt=f"{rt(wl, 'heading')}: {reg.label}",
                caption=f"{rt(wl, 'heading')} ({outcome_text(reg, wl)})",
            ),
        )
    )
    if reg.notes:
        notes = [estimator_text(n, wl) for n in reg.notes]
        parts.append(("notes", [*notes, escape(reg.relative_basis)]))
    return parts


def _na_name(design: str, lang: str) -> str:
    """A design's name in the not-run list: the permutation DiD is named as such (the
    regression DiD beside it is a difference-in-differences too)."""
    try:
        return rt(lang, f"na_name.{design}")
    except KeyError:
        return design_name(design, lang)


def not_applicable_parts(res: StudyResults, iid: str, lang: str) -> list[tuple[str, object]]:
    """The designs the triangulation could not include for ``iid``, each with its reason."""
    tri = res.triangulation.get(iid)
    if tri is None or not tri.not_applicable:
        return []
    wl = word_lang(lang)
    notes = [
        rt(wl, "na", design=_na_name(d, wl), reason=reason_text(r, wl))
        for d, r in tri.not_applicable
    ]
    return [("notes", notes)]
