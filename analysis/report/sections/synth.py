"""The synthetic-control block of an indicator's comparison section: what the treated unit
was matched on and how V was chosen, the average gap, the placebo rank, the donor weights
and the predictor balance table (treated, synthetic, donor mean, V)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from analysis.core.applicability import NotApplicable
from analysis.narrative.numbers import fmt_level
from analysis.narrative.synth_text import (
    st,
    synth_gap_text,
    synth_method_text,
    synth_placebo_text,
)
from analysis.report.render import render
from analysis.report.sections.common import sentence_langs, word_lang
from analysis.results.study import StudyResults

MIN_WEIGHT = 0.001  # donors shown in the weights table


def _period(ordinal, freq: str) -> str:
    """A fit's time ordinal back to its period label (``1989``, ``2021-03``)."""
    return str(pd.Period(ordinal=int(ordinal), freq=freq))


def _row(cells: list[str]) -> Markup:
    """A table row; every cell after the first is a right-aligned number."""
    tds = [
        Markup("<td{}>{}</td>").format(Markup(" class='num'") if i else "", c)
        for i, c in enumerate(cells)
    ]
    return Markup("<tr>{}</tr>").format(Markup("").join(tds))


def _table(head: list[str], rows: list[Markup], caption: str) -> Markup:
    return render("table", head=head, rows=rows, caption=caption)


def _cell(x: float) -> str:
    return fmt_level(x, 3) if abs(x) < 1000 else fmt_level(x, 1)


def synth_parts(res: StudyResults, iid: str, lang: str) -> list[tuple[str, object]]:
    """The block as section parts (empty when no synthetic control ran for ``iid``)."""
    pair = res.synth.get(iid)
    if pair is None or isinstance(pair, NotApplicable):  # the reason is in the not-run list
        return []
    fit, placebo = pair
    wl = word_lang(lang)
    freq = res.spec.pandas_freq
    pre_t = [t for t in fit.times if t < fit.start]
    post_t = [t for t in fit.times if t >= fit.start]
    pre = f"{_period(pre_t[0], freq)}–{_period(pre_t[-1], freq)}"
    post = f"{_period(post_t[0], freq)}–{_period(post_t[-1], freq)}"
    parts: list[tuple[str, object]] = [("h4", st(wl, "heading"))]
    for sl in sentence_langs(lang):
        text = ("" if sl == "zh" else " ").join(
            (
                synth_method_text(fit, pre, sl),
                synth_gap_text(fit, post, sl),
                synth_placebo_text(placebo, bool(fit.predictor_names), sl),
            )
        )
        parts.append(("p", text))
    unit = res.panel.unit_label(fit.treated_unit, wl)
    weights = fit.to_frame("weights")
    weights = weights[weights["weight"] >= MIN_WEIGHT]
    rows = [
        _row([res.panel.unit_label(str(u), wl), f"{w:.3f}"])
        for u, w in zip(weights.unit, weights.weight, strict=True)
    ]
    head = [st(wl, "col.donor"), st(wl, "col.weight")]
    parts.append(("html", _table(head, rows, st(wl, "weights_caption", unit=unit))))
    if fit.predictor_names:
        bal = fit.to_frame("predictors")
        rows = [
            _row(
                [
                    str(r.predictor),
                    _cell(r.treated),
                    _cell(r.synthetic),
                    _cell(r.donor_mean),
                    f"{r.v_weight:.3f}",
                ]
            )
            for r in bal.itertuples()
        ]
        head = [
            st(wl, "col.predictor"),
            st(wl, "col.treated", unit=unit),
            st(wl, "col.synthetic"),
            st(wl, "col.donor_mean"),
            st(wl, "col.v"),
        ]
        caption = st(wl, "balance_caption", unit=unit, n=len(fit.donors))
        parts.append(("html", _table(head, rows, caption)))
    if fit.notes:
        parts.append(("notes", list(fit.notes)))
    return parts
