"""The report's tables: compact reader-facing views of results, not the tidy dump.

The tidy frames (``to_frame()``) go to CSV for analysts; the report shows what a reader
needs: pilot vs comparison per indicator, per-unit detail folded away, administrative
figures, effects, diagnostics, triangulation, staggered estimators, claims. Every
string from the spec or data is escaped with ``markupsafe`` (as Jinja2's autoescape
does); tables are rendered through ``templates/sections/table.html.j2``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup
from markupsafe import escape as esc

from analysis.core.errors import ValidationReport, format_rows
from analysis.narrative.descriptive import span
from analysis.narrative.numbers import fmt_level, fmt_number, fmt_pct
from analysis.narrative.trends_text import regression_summary
from analysis.report.claims_table import claims_table  # noqa: F401  (front.py: tables.claims_table)
from analysis.report.render import render

if TYPE_CHECKING:  # type names only: numbers/indicators.py renders with frame_html
    from analysis.results.indicators import ChangeComparison, IndicatorChange, IndicatorTable


def _nan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def level_text(x: float, kind: str, per: float = 1.0, *, averaged: bool = False) -> str:
    """A level cell; ``averaged``: a mean of given values (measure, ready-made rate,
    share), with two significant digits below 1 (0.27, never "0.3")."""
    if _nan(x):
        return "–"
    if kind in ("proportion", "share"):
        return fmt_pct(x, sign=False)
    if averaged:
        text = fmt_level(x, 2 if abs(x) < 10 else 1)
        return f"{text} per {fmt_number(per)}" if kind == "rate" and per != 1 else text
    if kind == "rate":
        return f"{x:,.2f} per {fmt_number(per)}"
    return fmt_number(round(x, 1))


def _pp(v: float) -> str:
    return "–" if _nan(v) else f"{v * 100:+.1f} pp".replace("-", "−")


def change_text(c: IndicatorChange) -> tuple[str, str]:
    """(change, interval) as a reader sees them: pp for shares, % otherwise."""
    if c.in_points:
        ci = "–" if _nan(c.abs_conf_low) else f"{_pp(c.abs_conf_low)} to {_pp(c.abs_conf_high)}"
        return _pp(c.absolute_change), ci
    ci = (
        "too few values for an interval"
        if c.averaged and _nan(c.relative_conf_low)
        else "no sampling error"
        if c.interval_note and _nan(c.relative_conf_low)
        else "–"
        if _nan(c.relative_conf_low)
        else f"{fmt_pct(c.relative_conf_low)} to {fmt_pct(c.relative_conf_high)}"
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


def _group_name(c: IndicatorChange) -> str:
    if c.group == "treated":
        return (
            f"Pilot: {', '.join(c.units)}" if len(c.units) <= 3 else f"Pilot units ({len(c.units)})"
        )
    if c.group == "comparison":
        return f"Comparison units ({len(c.units)})"
    return c.group


def _change_row(c: IndicatorChange, label: str | None = None) -> str:
    change, ci = change_text(c)
    return _row(
        [
            esc(label or _group_name(c)),
            esc(level_text(c.before_level, c.indicator_kind, c.per, averaged=c.averaged)),
            esc(level_text(c.after_level, c.indicator_kind, c.per, averaged=c.averaged)),
            esc(change),
            esc(ci),
        ]
    )


def _comparison_row(cmp: ChangeComparison) -> str:
    r = cmp.ratio
    est = "–" if _nan(r.estimate) else fmt_pct(r.estimate - 1)
    ci = "–" if _nan(r.conf_low) else f"{fmt_pct(r.conf_low - 1)} to {fmt_pct(r.conf_high - 1)}"
    return _row(
        ["Pilot change relative to comparison change (descriptive)", "", "", esc(est), esc(ci)]
    )


def _changes(table: IndicatorTable, iid: str) -> list[IndicatorChange]:
    return [c for c in table.changes if c.indicator == iid]


def key_figures(table: IndicatorTable) -> str:
    """One row per before/after indicator: windows, pilot change, comparison change."""
    rows = []
    for iid in table.indicators():
        by = {c.group: c for c in _changes(table, iid)}
        t, k = by.get("treated"), by.get("comparison")
        ref = t or k
        if ref is None:
            continue
        win = (
            f"{span(ref.after_start, ref.after_end, ref.frequency)} vs "
            f"{span(ref.before_start, ref.before_end, ref.frequency)}"
        )
        cells = [esc(ref.label), esc(win)]
        for c in (t, k):
            if c is None:
                cells.append("–")
                continue
            change, ci = change_text(c)
            cells.append(f"{esc(change)}<br><span class='pe-hint'>{esc(ci)}</span>")
        rows.append(_row(cells, num_from=2))
    level = f"{(1 - table.alpha) * 100:g}%"
    return _table(
        ["Indicator", "After vs before", "Pilot unit(s)", "Comparison units"],
        rows,
        caption=f"Before/after change with {level} interval (descriptive)",
    )


def _averaged_method(changes: list[IndicatorChange]) -> str:
    """The standard error of each pooled row of an averaged kind, then what the intervals
    mean (each note once)."""
    who = {"treated": "pilot", "comparison": "comparison units"}
    ses = " / ".join(f"{who.get(c.group, c.group)}: {c.level_ci_method}" for c in changes)
    notes = dict.fromkeys(n for c in changes for n in c.interval_note.split("; ") if n)
    return "; ".join([ses, *notes])


def indicator_section(
    table: IndicatorTable, iid: str, figure: str = "", heading: bool = True
) -> str:
    """Heading (unless ``heading`` is False), pilot-vs-comparison table, figure, and
    per-unit detail folded away."""
    figure = str(figure)
    changes = _changes(table, iid)
    if not changes:
        return ""
    ref = changes[0]
    by = {c.group: c for c in changes}
    head = [
        "",
        f"Before ({span(ref.before_start, ref.before_end, ref.frequency)})",
        f"After ({span(ref.after_start, ref.after_end, ref.frequency)})",
        "Change",
        f"{(1 - table.alpha) * 100:g}% interval",
    ]
    rows = [_change_row(by[g]) for g in ("treated", "comparison") if g in by]
    cmp = next((c for c in table.comparisons if c.indicator == iid), None)
    if cmp is not None:
        rows.append(_comparison_row(cmp))
    basis = (
        "same calendar months one year apart"
        if ref.basis == "year_on_year"
        else "windows as stated in the spec"
    )
    pooled = [by[g] for g in ("treated", "comparison") if g in by]
    method = (
        _averaged_method(pooled)
        if ref.averaged
        else ref.ci_method
        if ref.indicator_kind in ("count", "rate")
        else ref.abs_ci_method
        if ref.indicator_kind == "proportion"
        else ref.interval_note
    )
    definition = ref.level_definition[:1].upper() + ref.level_definition[1:]
    html = (
        f"<h3>{esc(ref.label)}</h3>" if heading else ""
    ) + f"<p class='pe-hint'>{esc(definition)}; {esc(basis)}. Interval: {esc(method)}.</p>"
    html += _table(head, rows)
    html += figure
    units = [c for c in changes if c.group not in ("treated", "comparison")]
    if units:
        unit_rows = [_change_row(c, f"{c.group} ({c.role})") for c in units]
        html += (
            f"<details><summary>Each unit ({len(units)})</summary>"
            + _table(["Unit", "Before", "After", "Change", "Interval"], unit_rows)
            + "</details>"
        )
    if cmp is not None:
        html += f"<p class='pe-hint'>{esc(cmp.note)}</p>"
    return html


def facts_table(table: IndicatorTable) -> str:
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
        )
        if f.indicator_kind == "proportion" and not _nan(f.denominator):
            value += f" ({fmt_number(f.numerator)} of {fmt_number(f.denominator)})"
        note = f.interval_note or (
            ""
            if _nan(f.conf_low)
            else f"{fmt_pct(f.conf_low, sign=False)} to "
            f"{fmt_pct(f.conf_high, sign=False)} ({f.ci_method})"
        )
        rows.append(_row([esc(f.label), esc(value), esc(note)], num_from=1))
    return _table(
        ["Figure", "Value", "Note"],
        rows,
        caption="Administrative figures (complete counts: no sampling error)",
    )


# -- trend models ------------------------------------------------------------------------

_STATUS_MARK = {
    "pass": "pass",
    "warn": "warning",
    "fail": "fail",
    "not_applicable": "not applicable",
    "info": "note",
}


def _bound(x: float) -> str:
    return "unbounded" if math.isinf(x) else fmt_pct(x)


def _pct_ci(lo: float, hi: float) -> str:
    """Interval of a relative effect; an infinite bound (counterfactual band reaching 0)
    is shown as 'unbounded', never as a number."""
    return "–" if _nan(lo) or _nan(hi) else f"{_bound(lo)} to {_bound(hi)}"


def _num_ci(lo: float, hi: float) -> str:
    return "–" if _nan(lo) or _nan(hi) else f"{lo:,.1f} to {hi:,.1f}"


def effects_table(effect, naive: IndicatorChange | None = None) -> str:
    """Effects at each horizon: relative, absolute per period, cumulative; naive beside."""
    level = f"{(1 - effect.alpha) * 100:g}%"
    rows = []
    if naive is not None:
        change, ci = change_text(naive)
        rows.append(
            _row(
                [
                    esc(
                        f"Naive before/after "
                        f"({span(naive.after_start, naive.after_end, naive.frequency)} vs "
                        f"{span(naive.before_start, naive.before_end, naive.frequency)})"
                    ),
                    esc(change),
                    esc(ci),
                    "",
                    "",
                    "",
                ]
            )
        )
    for e in effect.effects:
        rows.append(
            _row(
                [
                    esc(
                        f"{e.label} ({e.period})"
                        if e.period and e.period not in e.label
                        else e.label
                    ),
                    esc(fmt_pct(e.relative_estimate)),
                    esc(_pct_ci(e.relative_conf_low, e.relative_conf_high)),
                    esc("–" if _nan(e.estimate) else f"{e.estimate:+,.1f}"),
                    esc("–" if _nan(e.cumulative_estimate) else f"{e.cumulative_estimate:+,.1f}"),
                    esc(_num_ci(e.cumulative_conf_low, e.cumulative_conf_high)),
                ]
            )
        )
    return _table(
        [
            "",
            "Relative to counterfactual",
            f"{level} interval",
            "Absolute (per period)",
            "Cumulative",
            f"Cumulative {level} interval",
        ],
        rows,
    )


def checks_table(checks) -> str:
    if not checks:
        return ""
    rows = [
        _row([esc(c.label), esc(_STATUS_MARK.get(c.status, c.status)), esc(c.detail)], num_from=99)
        for c in checks
    ]
    return _table(["Diagnostic", "Result", "What it means"], rows, caption="Diagnostics")


def coefficients_table(effect) -> str:
    rows = []
    for c in effect.coefficients:
        if c.scale == "log":
            est = f"{math.exp(c.estimate):.3f} (ratio)"
            ci = f"{math.exp(c.conf_low):.3f} to {math.exp(c.conf_high):.3f}"
        else:
            est = f"{c.estimate:,.4g}"
            ci = f"{c.conf_low:,.4g} to {c.conf_high:,.4g}"
        p = "–" if _nan(c.p_value) else ("<0.001" if c.p_value < 0.001 else f"{c.p_value:.3f}")
        rows.append(_row([esc(c.term), esc(c.description), esc(est), esc(ci), esc(p)], num_from=2))
    return _table(
        ["Term", "Meaning", "Estimate", f"{(1 - effect.alpha) * 100:g}% interval", "p-value"],
        rows,
        caption="Model coefficients",
    )


def methods_note(effect) -> str:
    """Model, standard-error convention (with the lag) and sample, in two sentences."""
    parts = [
        f"Model: {effect.model}; {effect.n_pre} pre-periods and {effect.n_post} "
        f"post-periods (start {effect.start}).",
        f"Standard errors: {effect.se_type}.",
    ]
    return f"<p class='pe-hint'>{esc(' '.join(parts))}</p>"


def methods_details(effect) -> str:
    """The long form: seasonality, interval method and model notes, for the folded part."""
    items = []
    if effect.seasonality and effect.seasonality != "none":
        items.append(f"Seasonality: {effect.seasonality}.")
    if effect.interval_method:
        items.append(f"Effect intervals: {effect.interval_method}.")
    if effect.design == "its":
        items.extend(regression_summary(effect))
    items.extend(effect.notes)
    if not items:
        return ""
    return "<ul class='pe-hint'>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def effect_section(
    effect, figure: str = "", naive: IndicatorChange | None = None, mde_text: str | None = None
) -> str:
    """One model for one indicator: effects table first, figure, then details folded. A
    trend regression without an interruption term has no effects: its coefficient table
    is the result and comes first."""
    figure = str(figure)
    if not effect.effects:
        return (
            f"<h4>{esc(effect.model)}</h4>"
            + coefficients_table(effect)
            + figure
            + methods_note(effect)
            + "<details><summary>Method details and diagnostics</summary>"
            + methods_details(effect)
            + checks_table(effect.checks)
            + "</details>"
        )
    html = f"<h4>{esc(effect.model)}</h4>" + effects_table(effect, naive)
    if mde_text:
        html += f"<p class='pe-hint'>{esc(mde_text)}</p>"
    html += figure + methods_note(effect)
    html += (
        "<details><summary>Method details, coefficients and diagnostics</summary>"
        + methods_details(effect)
        + coefficients_table(effect)
        + checks_table(effect.checks)
        + "</details>"
    )
    return html


def triangulation_table(tri, sentences: list[str] | None = None) -> str:
    """Designs side by side for one indicator, then the agreement sentence(s) (from the
    narrative module when given)."""
    rows = []
    for r in tri.rows:
        p = "–" if _nan(r.p_value) else f"{r.p_value:.3f}"
        rows.append(
            _row(
                [
                    esc(r.design),
                    esc(r.quantity),
                    esc(fmt_pct(r.estimate)),
                    esc(_pct_ci(r.conf_low, r.conf_high)),
                    esc(p),
                    f"<span class='pe-hint'>{esc(r.note)}</span>",
                ],
                num_from=2,
                num_to=5,
            )
        )
    return _table(
        ["Design", "Quantity", "Estimate", "Interval", "p-value", "Note"],
        rows,
        caption="Triangulation: the pilot's effect by each design",
    ) + "".join(f"<p>{esc(t)}</p>" for t in (sentences or [tri.headline()]))


def staggered_table(res, alpha: float) -> str:
    """Callaway–Sant'Anna aggregations and TWFE in one table."""
    rows = []
    for _, r in res.to_frame().iterrows():
        p = (
            "–"
            if _nan(r["p_value"])
            else ("<0.001" if r["p_value"] < 0.001 else f"{r['p_value']:.3f}")
        )
        rows.append(
            _row(
                [
                    esc(r["design"]),
                    esc(f"{r['estimate']:+.3f}"),
                    esc(f"{r['conf_low']:+.3f} to {r['conf_high']:+.3f}"),
                    esc(p),
                ]
            )
        )
    return _table(
        ["Estimator", f"Effect ({res.outcome})", f"{(1 - alpha) * 100:g}% interval", "p-value"],
        rows,
    )


def bacon_table(bacon) -> str:
    """Goodman-Bacon decomposition by comparison type: weight and average estimate."""
    rows = []
    for _, r in bacon.by_type().iterrows():
        est = "–" if _nan(r["estimate"]) else f"{r['estimate']:+.3f}"
        rows.append(
            _row(
                [
                    esc(r["comparison"]),
                    esc(f"{int(r['n_comparisons'])}"),
                    esc(f"{r['weight']:.0%}"),
                    esc(est),
                ],
                num_from=1,
                num_to=4,
            )
        )
    return _table(
        ["Comparison", "2×2 comparisons", "Weight in TWFE", "Average estimate"],
        rows,
        caption=f"Where the TWFE estimate ({bacon.twfe_estimate:+.3f}) comes from",
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


def validation_html(report: ValidationReport) -> str:
    """The validation findings as a list: errors, warnings, infos (all escaped)."""
    if not report.issues:
        return "<p class='pe-ok'>Validation: no problems found in the spec or data.</p>"
    items = []
    for i in report.issues:
        loc = []
        if i.file:
            loc.append(f"<code>{esc(_short(i.file))}</code>")
        if i.column:
            loc.append(f"column <code>{esc(i.column)}</code>")
        if i.rows:
            loc.append(f"row(s) {esc(format_rows(i.rows))}")
        hint = f" <span class='pe-hint'>({esc(i.hint)})</span>" if i.hint else ""
        items.append(
            f"<li class='pe-{esc(i.severity)}'><strong>{esc(i.severity)}</strong> "
            f"{', '.join(loc)}: {esc(i.message)}{hint}</li>"
        )
    n_err, n_warn = len(report.errors), len(report.warnings)
    return (
        f"<p>Validation: {n_err} error(s), {n_warn} warning(s), "
        f"{len(report.issues) - n_err - n_warn} note(s).</p><ul class='pe-issues'>"
        + "".join(items)
        + "</ul>"
    )


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
