"""Sentences of the negative-control falsification check, EN and ZH.

One sentence per (negative control, primary indicator): when the control moved at least
as much, the same way, in some design, "a change as large appeared in an outcome the
pilot should not touch", with the designs and both estimates; otherwise that no change
as large appeared. Results: :mod:`analysis.results.falsification`.
"""

from __future__ import annotations

import math

from analysis.narrative.comparisons_text import design_name
from analysis.narrative.numbers import Quoter, decimals_for
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, phrase
from analysis.results.falsification import Falsification, FalsificationCheck, FalsificationRow

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "warn": (
            "{label}: a change as large appeared in an outcome the pilot should not touch "
            "({control}: {rows}), so part of the change may come from something other than "
            "the pilot"
        ),
        "pass": (
            "{label}: no change as large appeared in an outcome the pilot should not touch "
            "({control}: {rows})"
        ),
        "none": (
            "{label}: the outcome the pilot should not touch ({control}) could not be "
            "compared: no design estimated both"
        ),
        "row": "{design} {control} against {indicator}",
        "sep": "; ",
        "end": ".",
        "summary_none": "No outcome the pilot should not touch was named (role: negative_control).",
        "name.naive": "before/after change",
        "name.controlled interrupted time series": "controlled interrupted time series",
        "name.regression difference-in-differences": "regression difference-in-differences",
        "heading": "Falsification: an outcome the pilot should not touch",
    },
    "zh": {
        "warn": (
            "{label}：在试点不应影响的指标中出现了同样大的变化（{control}：{rows}），"
            "部分变化可能并非来自试点"
        ),
        "pass": "{label}：试点不应影响的指标未出现同样大的变化（{control}：{rows}）",
        "none": "{label}：无法与试点不应影响的指标（{control}）比较：没有设计同时估计二者",
        "row": "{design}{control}，对比{indicator}",
        "sep": "；",
        "end": "。",
        "summary_none": "未指定试点不应影响的对照指标（role: negative_control）。",
        "name.naive": "前后变化",
        "name.controlled interrupted time series": "带对照组的中断时间序列",
        "name.regression difference-in-differences": "回归双重差分",
        "heading": "证伪检验：试点不应影响的指标",
    },
}


def _w(lang: str, key: str, **fields: object) -> str:
    return phrase(_TEXT, lang, key, **fields)


def _name(design: str, lang: str) -> str:
    key = f"name.{design}"
    if key in _TEXT[lang]:
        return _w(lang, key)
    return design_name(design, lang)


def _row(row: FalsificationRow, q: Quoter) -> str:
    """'before/after change −28% against −22%': both with the decimals of the larger
    (two significant digits at most, as for an estimate without an interval)."""
    big = max(abs(row.control_estimate), abs(row.indicator_estimate))
    d = decimals_for(math.nan, math.nan, estimate=big)
    return _w(
        q.lang,
        "row",
        design=_name(row.design, q.lang),
        control=q.pct(row.control_estimate, d),
        indicator=q.pct(row.indicator_estimate, d),
    )


def row_text(row: FalsificationRow, lang: str = "en") -> str:
    """One design's two estimates as a phrase."""
    return _row(row, Quoter(lang))


def narrate_falsification(check: FalsificationCheck, lang: str = "en", **_: object) -> Sentence:
    """The check's sentence: the designs in which the control moved as much (warn), else
    every design compared (pass). Tone ``causal_doubtful`` when it warns (it casts doubt
    on the indicator's effect), ``descriptive`` otherwise."""
    q = Quoter(lang)
    label = label_for(lang, check.indicator_label, check.indicator_label_zh)
    control = label_for(lang, check.control_label, check.control_label_zh)
    if check.status == "not_applicable":
        text = _w(lang, "none", label=label, control=control)
        return Sentence(text + _w(lang, "end"), (), "descriptive", ("not_applicable",), lang)
    shown = check.as_large if check.status == "warn" else check.rows
    rows = _w(lang, "sep").join(_row(r, q) for r in shown)
    text = _w(lang, check.status, label=label, control=control, rows=rows)
    warn = check.status == "warn"
    return Sentence(
        text + _w(lang, "end"),
        tuple(q.values),
        "causal_doubtful" if warn else "descriptive",
        ("negative_control_as_large",) if warn else (),
        lang,
    )


def falsification_headline(check: FalsificationCheck, lang: str = "en") -> str:
    """:func:`narrate_falsification` as text."""
    return narrate_falsification(check, lang).text


def falsification_sentences(
    fals: Falsification, indicator: str | None = None, lang: str = "en"
) -> list[str]:
    """The sentences of every check (or one indicator's), in spec order."""
    checks = fals.checks if indicator is None else fals.for_indicator(indicator)
    return [falsification_headline(c, lang) for c in checks]


def falsification_summary(fals: Falsification, lang: str = "en") -> str:
    """Every check's sentence, joined; that no negative control was named when none was."""
    if not fals.checks:
        return _w(lang, "summary_none")
    return (
        " ".join(falsification_sentences(fals, None, lang))
        if lang == "en"
        else "".join(falsification_sentences(fals, None, lang))
    )


def heading(lang: str = "en") -> str:
    """A heading for the falsification sentences of a report section."""
    return _w(lang, "heading")
