"""The report's tables: compact reader-facing views of results, not the tidy dump.

The tidy frames (``to_frame()``) go to CSV for analysts; the report shows what a reader
needs: pilot vs comparison per indicator, per-unit detail folded away, administrative
figures, effects, diagnostics, triangulation, staggered estimators, claims. Every
string from the spec or data is escaped with ``markupsafe`` (as Jinja2's autoescape
does); tables are rendered through ``templates/sections/table.html.j2``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup
from markupsafe import escape as esc

from analysis.core.errors import ValidationReport, format_rows
from analysis.narrative.checks_text import STATUS_WORDS
from analysis.narrative.descriptive import span, translate
from analysis.narrative.estimator_words import estimator_text
from analysis.narrative.numbers import fmt_level, fmt_number, fmt_pct
from analysis.narrative.page_words import (
    check_label,
    design_label,
    horizon_label,
    model_name,
    pw,
    readable_ranges,
    zh_fragments,
)
from analysis.narrative.trends_text import regression_summary
from analysis.report.claims_table import claims_table  # noqa: F401  (front.py: tables.claims_table)
from analysis.report.render import render

if TYPE_CHECKING:  # type names only: numbers/indicators.py renders with frame_html
    from analysis.results.indicators import ChangeComparison, IndicatorChange, IndicatorTable


def _nan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def level_text(
    x: float, kind: str, per: float = 1.0, *, averaged: bool = False, lang: str = "en"
) -> str:
    """A level cell; ``averaged``: a mean of given values (measure, ready-made rate,
    share), with two significant digits below 1 (0.27, never "0.3")."""
    if _nan(x):
        return "–"
    if kind in ("proportion", "share"):
        return fmt_pct(x, sign=False)
    if averaged:
        text = fmt_level(x, 2 if abs(x) < 10 else 1)
        if kind == "rate" and per != 1:
            return pw(lang, "per_rate", x=text, per=fmt_number(per))
        return text
    if kind == "rate":
        return pw(lang, "per_rate", x=f"{x:,.2f}", per=fmt_number(per))
    return fmt_number(round(x, 1))


def _pp(v: float, lang: str = "en") -> str:
    return "–" if _nan(v) else pw(lang, "pp", x=f"{v * 100:+.1f}").replace("-", "−")


def _range(lo: str, hi: str, lang: str) -> str:
    return pw(lang, "range", lo=lo, hi=hi)


def change_text(c: IndicatorChange, lang: str = "en") -> tuple[str, str]:
    """(change, interval) as a reader sees them: pp for shares, % otherwise."""
    if c.in_points:
        ci = (
            "–"
            if _nan(c.abs_conf_low)
            else _range(_pp(c.abs_conf_low, lang), _pp(c.abs_conf_high, lang), lang)
        )
        return _pp(c.absolute_change, lang), ci
    ci = (
        pw(lang, "too_few")
        if c.averaged and _nan(c.relative_conf_low)
        else pw(lang, "no_sampling")
        if c.interval_note and _nan(c.relative_conf_low)
        else "–"
        if _nan(c.relative_conf_low)
        else _range(fmt_pct(c.relative_conf_low), fmt_pct(c.relative_conf_high), lang)
    )
    change = fmt_pct(c.relative_change)
    if c.indicator_kind == "stock" and not _nan(c.fold_change):
        change += f" ({c.fold_change:.2f}×)"
    return change, ci


def _row(cells: list[str], num_from: int = 1, tag: str = "td", num_to: int | None = None) -> str:
    """A table row; cells num_from..num_to (exclusive) are right-aligned numbers."""
    out = []
    last = len(cells) if num_to is None else num_to
    for i, cell in enumerate(cells):
        cls = " class='num'" if num_from <= i < last and tag == "td" else ""
        out.append(f"<{tag}{cls}>{cell}</{tag}>")
    return "<tr>" + "".join(out) + "</tr>"


def _table(head: list[str], rows: list[str], caption: str | None = None) -> str:
    """Plain ``str`` (never Markup: adding a str to Markup would escape the str)."""
    return str(render("table", head=head, rows=[Markup(r) for r in rows], caption=caption))


def _group_name(
    c: IndicatorChange, lang: str = "en", names: Mapping[str, str] | None = None
) -> str:
    if c.group == "treated":
        sep = "、" if lang == "zh" else ", "
        return (
            pw(lang, "pilot_named", names=sep.join((names or {}).get(u, u) for u in c.units))
            if len(c.units) <= 3
            else pw(lang, "pilot_units_n", n=len(c.units))
        )
    if c.group == "comparison":
        return pw(lang, "comparison_units_n", n=len(c.units))
    return c.group


def _change_row(
    c: IndicatorChange,
    label: str | None = None,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
) -> str:
    change, ci = change_text(c, lang)
    kind, per, avg = c.indicator_kind, c.per, c.averaged
    return _row(
        [
            esc(label or _group_name(c, lang, names)),
            esc(level_text(c.before_level, kind, per, averaged=avg, lang=lang)),
            esc(level_text(c.after_level, kind, per, averaged=avg, lang=lang)),
            esc(change),
            esc(ci),
        ]
    )


def _comparison_row(cmp: ChangeComparison, lang: str = "en") -> str:
    r = cmp.ratio
    est = "–" if _nan(r.estimate) else fmt_pct(r.estimate - 1)
    ci = (
        "–" if _nan(r.conf_low) else _range(fmt_pct(r.conf_low - 1), fmt_pct(r.conf_high - 1), lang)
    )
    return _row([esc(pw(lang, "ratio_row")), "", "", esc(est), esc(ci)])


def _changes(table: IndicatorTable, iid: str) -> list[IndicatorChange]:
    return [c for c in table.changes if c.indicator == iid]


def key_figures(table: IndicatorTable, lang: str = "en") -> str:
    """One row per before/after indicator: windows, pilot change, comparison change."""
    rows = []
    for iid in table.indicators():
        by = {c.group: c for c in _changes(table, iid)}
        t, k = by.get("treated"), by.get("comparison")
        ref = t or k
        if ref is None:
            continue
        win = pw(
            lang,
            "window_vs",
            after=span(ref.after_start, ref.after_end, ref.frequency, lang),
            before=span(ref.before_start, ref.before_end, ref.frequency, lang),
        )
        cells = [esc(_label(ref, lang)), esc(win)]
        for c in (t, k):
            if c is None:
                cells.append("–")
                continue
            change, ci = change_text(c, lang)
            cells.append(f"{esc(change)}<br><span class='pe-hint'>{esc(ci)}</span>")
        rows.append(_row(cells, num_from=2))
    level = f"{(1 - table.alpha) * 100:g}%"
    head = ["col.indicator", "col.after_vs_before", "col.pilot_units", "col.comparison_units"]
    return _table(
        [pw(lang, h) for h in head], rows, caption=pw(lang, "cap.key_figures", level=level)
    )


def _label(c, lang: str) -> str:
    """A result's indicator label in ``lang`` (its Chinese label on a Chinese page)."""
    zh = getattr(c, "label_zh", None)
    return (zh or c.label) if lang == "zh" else c.label


def _averaged_method(changes: list[IndicatorChange], lang: str = "en") -> str:
    """The standard error of each pooled row of an averaged kind, then what the intervals
    mean (each note once)."""
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    ses = " / ".join(
        f"{pw(lang, 'who.' + c.group) if c.group in ('treated', 'comparison') else c.group}"
        f"{colon}{translate(c.level_ci_method, lang)}"
        for c in changes
    )
    notes = dict.fromkeys(n for c in changes for n in c.interval_note.split("; ") if n)
    return sep.join([ses, *(translate(n, lang) for n in notes)])


def indicator_section(
    table: IndicatorTable,
    iid: str,
    figure: str = "",
    heading: bool = True,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
) -> str:
    """Heading (unless ``heading`` is False), pilot-vs-comparison table, figure, and
    per-unit detail folded away; ``names``: how the page names units (unit id -> name,
    e.g. their Chinese names on a Chinese page; ids without one are shown as they are)."""
    names = names or {}
    figure = str(figure)
    changes = _changes(table, iid)
    if not changes:
        return ""
    ref = changes[0]
    by = {c.group: c for c in changes}
    level = f"{(1 - table.alpha) * 100:g}%"
    head = [
        "",
        pw(
            lang,
            "col.before_span",
            span=span(ref.before_start, ref.before_end, ref.frequency, lang),
        ),
        pw(lang, "col.after_span", span=span(ref.after_start, ref.after_end, ref.frequency, lang)),
        pw(lang, "col.change"),
        pw(lang, "col.interval_level", level=level),
    ]
    rows = [
        _change_row(by[g], lang=lang, names=names) for g in ("treated", "comparison") if g in by
    ]
    cmp = next((c for c in table.comparisons if c.indicator == iid), None)
    if cmp is not None:
        rows.append(_comparison_row(cmp, lang))
    basis = pw(lang, "basis.year_on_year" if ref.basis == "year_on_year" else "basis.windows")
    pooled = [by[g] for g in ("treated", "comparison") if g in by]
    method = (
        _averaged_method(pooled, lang)
        if ref.averaged
        else translate(
            ref.ci_method
            if ref.indicator_kind in ("count", "rate")
            else ref.abs_ci_method
            if ref.indicator_kind == "proportion"
            else ref.interval_note,
            lang,
        )
    )
    definition = zh_fragments(ref.level_definition, lang)
    definition = definition[:1].upper() + definition[1:]
    line = pw(lang, "definition_line", definition=definition, basis=basis, method=method)
    html = (f"<h3>{esc(_label(ref, lang))}</h3>" if heading else "") + (
        f"<p class='pe-hint'>{esc(line)}</p>"
    )
    html += _table(head, rows)
    html += figure
    units = [c for c in changes if c.group not in ("treated", "comparison")]
    if units:
        unit_rows = [
            _change_row(
                c,
                pw(
                    lang,
                    "unit_role",
                    unit=names.get(c.group, c.group),
                    role=pw(lang, f"role.{c.role}"),
                ),
                lang,
            )
            if c.role in ("treated", "comparison")
            else _change_row(c, f"{c.group} ({c.role})", lang)
            for c in units
        ]
        unit_head = ["col.unit", "col.before", "col.after", "col.change", "col.interval"]
        html += (
            f"<details><summary>{esc(pw(lang, 'each_unit', n=len(units)))}</summary>"
            + _table([pw(lang, h) for h in unit_head], unit_rows)
            + "</details>"
        )
    if cmp is not None:
        html += f"<p class='pe-hint'>{esc(zh_fragments(cmp.note, lang))}</p>"
    return html


def facts_table(table: IndicatorTable, lang: str = "en") -> str:
    """Administrative figures as recorded, recomputed shares shown with their parts."""
    if not table.levels:
        return ""
    rows = []
    for f in table.levels:
        value = level_text(
            f.level,
            f.indicator_kind,
            f.per,
            averaged=f.indicator_kind in ("measure", "share")
            or (f.indicator_kind == "rate" and _nan(f.denominator)),
            lang=lang,
        )
        if f.indicator_kind == "proportion" and not _nan(f.denominator):
            parts = pw(lang, "of", num=fmt_number(f.numerator), den=fmt_number(f.denominator))
            value += f"（{parts}）" if lang == "zh" else f" ({parts})"
        note = translate(f.interval_note, lang) or (
            ""
            if _nan(f.conf_low)
            else _range(fmt_pct(f.conf_low, sign=False), fmt_pct(f.conf_high, sign=False), lang)
            + (f"（{translate(f.ci_method, lang)}）" if lang == "zh" else f" ({f.ci_method})")
        )
        rows.append(_row([esc(_label(f, lang)), esc(value), esc(note)], num_from=1))
    return _table(
        [pw(lang, "col.figure"), pw(lang, "col.value"), pw(lang, "col.note")],
        rows,
        caption=pw(lang, "cap.facts"),
    )


# -- trend models ------------------------------------------------------------------------


def _bound(x: float, lang: str = "en") -> str:
    return pw(lang, "unbounded") if math.isinf(x) else fmt_pct(x)


def _pct_ci(lo: float, hi: float, lang: str = "en") -> str:
    """Interval of a relative effect; an infinite bound (counterfactual band reaching 0)
    is shown as 'unbounded', never as a number."""
    if _nan(lo) or _nan(hi):
        return "–"
    return _range(_bound(lo, lang), _bound(hi, lang), lang)


def _abs_digits(*xs: float) -> int:
    """Decimals of an absolute effect cell: one below 100 (−6.2 incidents a month), none
    from 100 up (+8,192 people, never +8,192.3: four digits already say more than the
    interval supports)."""
    return 0 if max(abs(x) for x in xs) >= 100 else 1


def _num_ci(lo: float, hi: float, lang: str = "en") -> str:
    if _nan(lo) or _nan(hi):
        return "–"
    d = _abs_digits(lo, hi)
    return _range(f"{lo:,.{d}f}".replace("-", "−"), f"{hi:,.{d}f}".replace("-", "−"), lang)


def _signed(x: float) -> str:
    """A signed table number with a true minus sign (−6.2, +3.1, +8,192)."""
    return "–" if _nan(x) else f"{x:+,.{_abs_digits(x)}f}".replace("-", "−")


def effects_table(effect, naive: IndicatorChange | None = None, lang: str = "en") -> str:
    """Effects at each horizon: relative, absolute per period, cumulative; naive beside."""
    level = f"{(1 - effect.alpha) * 100:g}%"
    rows = []
    if naive is not None:
        change, ci = change_text(naive, lang)
        label = pw(
            lang,
            "naive_row",
            after=span(naive.after_start, naive.after_end, naive.frequency, lang),
            before=span(naive.before_start, naive.before_end, naive.frequency, lang),
        )
        rows.append(_row([esc(label), esc(change), esc(ci), "", "", ""]))
    for e in effect.effects:
        rows.append(
            _row(
                [
                    esc(horizon_label(e.label, e.horizon, e.period, lang)),
                    esc(fmt_pct(e.relative_estimate)),
                    esc(_pct_ci(e.relative_conf_low, e.relative_conf_high, lang)),
                    esc(_signed(e.estimate)),
                    esc(_signed(e.cumulative_estimate)),
                    esc(_num_ci(e.cumulative_conf_low, e.cumulative_conf_high, lang)),
                ]
            )
        )
    return _table(
        [
            "",
            pw(lang, "col.relative"),
            pw(lang, "col.interval_level", level=level),
            pw(lang, "col.absolute"),
            pw(lang, "col.cumulative"),
            pw(lang, "col.cumulative_interval", level=level),
        ],
        rows,
    )


def _status(status: str, lang: str) -> str:
    return STATUS_WORDS["zh" if lang == "zh" else "en"].get(status, status.replace("_", " "))


def checks_table(checks, lang: str = "en") -> str:
    if not checks:
        return ""
    rows = [
        _row(
            [
                esc(check_label(c.name, c.label, lang)),
                esc(_status(c.status, lang)),
                esc(estimator_text(c.detail, lang)),
            ],
            num_from=99,
        )
        for c in checks
    ]
    head = [pw(lang, "col.diagnostic"), pw(lang, "col.result"), pw(lang, "col.meaning")]
    return _table(head, rows, caption=pw(lang, "cap.diagnostics"))


def _p_cell(p: float) -> str:
    return "–" if _nan(p) else ("<0.001" if p < 0.001 else f"{p:.3f}")


def coefficients_table(effect, lang: str = "en") -> str:
    rows = []
    for c in effect.coefficients:
        if c.scale == "log":
            est = f"{math.exp(c.estimate):.3f}{pw(lang, 'ratio_suffix')}"
            ci = _range(f"{math.exp(c.conf_low):.3f}", f"{math.exp(c.conf_high):.3f}", lang)
        else:
            est = f"{c.estimate:,.4g}"
            ci = (
                "–"  # a variance parameter without an interval (STS): nothing, never "nan"
                if _nan(c.conf_low) or _nan(c.conf_high)
                else _range(f"{c.conf_low:,.4g}", f"{c.conf_high:,.4g}", lang)
            )
        rows.append(
            _row(
                [
                    esc(c.term),
                    esc(estimator_text(c.description, lang)),
                    esc(est),
                    esc(ci),
                    esc(_p_cell(c.p_value)),
                ],
                num_from=2,
            )
        )
    level = f"{(1 - effect.alpha) * 100:g}%"
    head = ["col.term", "col.term_meaning", "col.estimate"]
    return _table(
        [
            *(pw(lang, h) for h in head),
            pw(lang, "col.interval_level", level=level),
            pw(lang, "col.p"),
        ],
        rows,
        caption=pw(lang, "cap.coefficients"),
    )


def methods_note(effect, lang: str = "en") -> str:
    """Model, standard-error convention (with the lag) and sample, in two sentences."""
    parts = [
        pw(
            lang,
            "model_line",
            model=model_name(effect.model, lang),
            n_pre=effect.n_pre,
            n_post=effect.n_post,
            start=effect.start,
        ),
        pw(lang, "se_line", se=estimator_text(effect.se_type, lang)),
    ]
    return f"<p class='pe-hint'>{esc(('' if lang == 'zh' else ' ').join(parts))}</p>"


def methods_details(effect, lang: str = "en") -> str:
    """The long form: seasonality, interval method and model notes, for the folded part."""
    items = []
    if effect.seasonality and effect.seasonality != "none":
        items.append(pw(lang, "seasonality_line", x=zh_fragments(effect.seasonality, lang)))
    if effect.interval_method:
        items.append(pw(lang, "intervals_line", x=effect.interval_method))
    if effect.design == "its":
        items.extend(regression_summary(effect))
    items.extend(estimator_text(n, lang) for n in effect.notes)
    if not items:
        return ""
    return "<ul class='pe-hint'>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def effect_section(
    effect,
    figure: str = "",
    naive: IndicatorChange | None = None,
    mde_text: str | None = None,
    lang: str = "en",
) -> str:
    """One model for one indicator: effects table first, figure, then details folded. A
    trend regression without an interruption term has no effects: its coefficient table
    is the result and comes first."""
    figure = str(figure)
    title = f"<h4>{esc(model_name(effect.model, lang))}</h4>"
    if not effect.effects:
        return (
            title
            + coefficients_table(effect, lang)
            + figure
            + methods_note(effect, lang)
            + f"<details><summary>{esc(pw(lang, 'details_short'))}</summary>"
            + methods_details(effect, lang)
            + checks_table(effect.checks, lang)
            + "</details>"
        )
    html = title + effects_table(effect, naive, lang)
    if mde_text:
        html += f"<p class='pe-hint'>{esc(mde_text)}</p>"
    html += figure + methods_note(effect, lang)
    html += (
        f"<details><summary>{esc(pw(lang, 'details_long'))}</summary>"
        + methods_details(effect, lang)
        + coefficients_table(effect, lang)
        + checks_table(effect.checks, lang)
        + "</details>"
    )
    return html


def triangulation_table(tri, sentences: list[str] | None = None, lang: str = "en") -> str:
    """Designs side by side for one indicator, then the agreement sentence(s) (from the
    narrative module when given)."""
    rows = []
    for r in tri.rows:
        p = "–" if _nan(r.p_value) else f"{r.p_value:.3f}"
        rows.append(
            _row(
                [
                    esc(design_label(r.design, lang)),
                    esc(readable_ranges(zh_fragments(r.quantity, lang), lang)),
                    esc(fmt_pct(r.estimate)),
                    esc(_pct_ci(r.conf_low, r.conf_high, lang)),
                    esc(p),
                    f"<span class='pe-hint'>{esc(zh_fragments(r.note, lang))}</span>",
                ],
                num_from=2,
                num_to=5,
            )
        )
    head = ["col.design", "col.quantity", "col.estimate", "col.interval", "col.p", "col.note"]
    return _table(
        [pw(lang, h) for h in head], rows, caption=pw(lang, "cap.triangulation")
    ) + "".join(f"<p>{esc(t)}</p>" for t in (sentences or [tri.headline()]))


def staggered_table(res, alpha: float, lang: str = "en") -> str:
    """Callaway–Sant'Anna aggregations and TWFE in one table."""
    rows = []
    for _, r in res.to_frame().iterrows():
        rows.append(
            _row(
                [
                    esc(zh_fragments(r["design"], lang)),
                    esc(f"{r['estimate']:+.3f}"),
                    esc(_range(f"{r['conf_low']:+.3f}", f"{r['conf_high']:+.3f}", lang)),
                    esc(_p_cell(r["p_value"])),
                ]
            )
        )
    return _table(
        [
            pw(lang, "col.estimator"),
            pw(lang, "col.effect_unit", unit=zh_fragments(res.outcome, lang)),
            pw(lang, "col.interval_level", level=f"{(1 - alpha) * 100:g}%"),
            pw(lang, "col.p"),
        ],
        rows,
    )


def bacon_table(bacon, lang: str = "en") -> str:
    """Goodman-Bacon decomposition by comparison type: weight and average estimate."""
    rows = []
    for _, r in bacon.by_type().iterrows():
        est = "–" if _nan(r["estimate"]) else f"{r['estimate']:+.3f}"
        rows.append(
            _row(
                [
                    esc(zh_fragments(r["comparison"], lang)),
                    esc(f"{int(r['n_comparisons'])}"),
                    esc(f"{r['weight']:.0%}"),
                    esc(est),
                ],
                num_from=1,
                num_to=4,
            )
        )
    head = ["col.comparison", "col.n_2x2", "col.weight_twfe", "col.avg_estimate"]
    return _table(
        [pw(lang, h) for h in head],
        rows,
        caption=pw(lang, "cap.bacon", x=f"{bacon.twfe_estimate:+.3f}"),
    )


# -- generic ------------------------------------------------------------------------------


def frame_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    classes: str = "pe-table",
    formats: dict[str, str] | None = None,
) -> str:
    """Render a frame as an escaped HTML table (no index).

    ``formats`` maps column -> 'pct' | 'number' | 'ratio' | 'int' | 'text'.
    """
    formats = formats or {}
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in frame.columns)
    body_rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in frame.columns:
            v = row[c]
            kind = formats.get(c)
            if kind == "pct":
                text = fmt_pct(v)
            elif kind == "ratio":
                text = (
                    "–"
                    if v is None or (isinstance(v, float) and math.isnan(v))
                    else f"{float(v):.2f}×"
                )
            elif kind == "text" or isinstance(v, str):
                text = "" if v is None else str(v)
            else:
                text = (
                    fmt_number(v, 2 if kind != "int" else 0)
                    if v is not None and not (isinstance(v, float) and math.isnan(v))
                    else "–"
                )
            num = kind in ("pct", "ratio", "number", "int") or isinstance(v, int | float)
            cls = " class='num'" if num and not isinstance(v, str) else ""
            cells.append(f"<td{cls}>{esc(text)}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f"<div class='pe-table-wrap'><table class='{esc(classes)}'>{cap}<thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(body_rows)}</tbody></table></div>"
    )


def validation_html(report: ValidationReport, lang: str = "en") -> str:
    """The validation findings as a list: errors, warnings, infos (all escaped). The
    findings themselves name files, columns and rows as the intake wrote them."""
    if not report.issues:
        return f"<p class='pe-ok'>{esc(pw(lang, 'valid_ok'))}</p>"
    items = []
    for i in report.issues:
        loc = []
        if i.file:
            loc.append(f"<code>{esc(_short(i.file))}</code>")
        if i.column:
            loc.append(f"{esc(pw(lang, 'valid_column'))} <code>{esc(i.column)}</code>")
        if i.rows:
            loc.append(f"{esc(pw(lang, 'valid_rows'))} {esc(format_rows(i.rows))}")
        hint = f" <span class='pe-hint'>({esc(i.hint)})</span>" if i.hint else ""
        sev = (
            pw(lang, f"sev.{i.severity}")
            if i.severity in ("error", "warning", "info")
            else i.severity
        )
        items.append(
            f"<li class='pe-{esc(i.severity)}'><strong>{esc(sev)}</strong> "
            f"{', '.join(loc)}{'：' if lang == 'zh' else ': '}{esc(i.message)}{hint}</li>"
        )
    n_err, n_warn = len(report.errors), len(report.warnings)
    counts = pw(lang, "valid_counts", e=n_err, w=n_warn, n=len(report.issues) - n_err - n_warn)
    return f"<p>{esc(counts)}</p><ul class='pe-issues'>" + "".join(items) + "</ul>"


def _short(path: str) -> str:
    """Show data paths relative to the study folder, never the machine's absolute path."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) > 2 else path


def definition_list(pairs: Iterable[tuple[str, object]]) -> str:
    return (
        "<dl class='pe-dl'>"
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs)
        + "</dl>"
    )
