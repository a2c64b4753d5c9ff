"""Check a study's headline claims against its data (issue 5, the wiring).

For each claim in the spec, :mod:`analysis.numbers.claims.parse` parses the text into figures; each
figure is recomputed from the data with the indicator machinery (the same numbers the
report shows elsewhere) and judged by :func:`analysis.numbers.claims.judge.judge`; the
results are :class:`~analysis.results.claims.ClaimCheck` values in a
:class:`~analysis.results.claims.ClaimsTable`. Beside the verdict sits the indicator's one
preferred estimate (:mod:`analysis.results.preferred`, given as ``preferred``) — the
comparison-based or trend-based effect of the pilot — for every figure whose indicator a
design estimated, so that a reader sees both "is the figure right?" and "what does the
change mean?".

What a figure is compared with is recorded (``evidence``): ``data`` (a panel, events,
microdata), ``arithmetic`` (a share from the administrative numerator and denominator) or
``reported`` (the administrative figure itself, copied from the same source: a match is
the verdict ``reported``, "no independent data", never ``consistent``; see
:func:`analysis.numbers.claims.judge.judge`). What was recomputed is kept as structure
(``measure_kind``, the windows, the parts' spec labels) for the narrative to word; the
English ``measure`` of results.json names no internal id.

What is recomputed, by the figure's kind (``treated`` = the pilot units, the indicator's
before/after windows from the spec):

* percent change → the treated units' relative change (year on year when the windows
  say so), with its interval;
* multiple / before→after → the indicator's after level over its before level;
* share → Σ numerator / Σ denominator in the after window (panel) or the administrative
  numerator and denominator (facts), with the Wilson interval; for a ``kind: share``
  indicator the (weighted) mean share in the after window with its interval;
* percentage-point change → after share − before share, in percentage points (a fraction
  difference, judged as points), for ``proportion`` and ``share`` indicators;
* a share or percentage-point figure on any other kind (a measure, a count, a rate) cannot
  be recomputed and says so, naming the kind;
* count / amount → the total in the after window (panel) or the administrative figure;
* run of zeros → the longest run of zero periods at the pilot units in the after window,
  with how many such runs occurred before;
* level change → after level − before level (absolute, the claim's unit);
* range → the value of its ``of_kind`` (as above), judged against the range's ends;
* rank → the pilot unit's position among the panel's units on the indicator in the
  after window (see :func:`_rank_info` for the order and the level per unit);
* reported statistic (a p-value, an interval, a rate ratio quoted in the claim) → not
  recomputed: verdict ``shown``. It takes no place in the claim's ``indicators`` list (the
  list names the judged figures, in order).

A claim whose indicator does not exist, whose text cannot be read, or which is about a
year outside the data is listed as ``cannot_check`` with the reason; it never stops the
run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from analysis.core.errors import suggest
from analysis.numbers.claims.judge import judge
from analysis.numbers.claims.parse import parse_claim
from analysis.numbers.runs import longest_zero_run, zero_runs
from analysis.results.claims import ClaimCheck, ClaimsTable, ParsedClaim
from analysis.results.preferred import PreferredEstimate

NAN = float("nan")

__all__ = ["check_claims"]


# -- recomputation ---------------------------------------------------------------------------


def _year_outside(fig: ParsedClaim, panel) -> str:
    """A reason when the figure names a year the data do not cover, else ''."""
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", fig.period or "")
    if not years or panel is None:
        return ""
    periods = panel.periods
    lo, hi = periods[0].year, periods[-1].year
    bad = [y for y in years if not lo <= int(y) <= hi]
    if bad:
        return (
            f"the claim is about {', '.join(bad)}, outside the data ({periods[0]} to {periods[-1]})"
        )
    return ""


def _split(target: str) -> tuple[str, str | None]:
    """``share_indicator.numerator`` → (``share_indicator``, ``numerator``)."""
    for part in ("numerator", "denominator"):
        if target.endswith("." + part):
            return target[: -len(part) - 1], part
    return target, None


def _window_fields(ch) -> dict[str, Any]:
    """The before/after windows of a change, as structure (the narrative words them)."""
    return {
        "after_start": str(ch.after_start),
        "after_end": str(ch.after_end),
        "before_start": str(ch.before_start),
        "before_end": str(ch.before_end),
        "year_on_year": ch.basis == "year_on_year",
        "frequency": ch.frequency,
        "pilot_units": tuple(ch.units),
    }


def _span(a, b) -> str:
    """An ISO window for the English ``measure`` of results.json: '2021-01 to 2021-09'."""
    return str(a) if str(a) == str(b) else f"{a} to {b}"


def _part_words(ind, part: str) -> str:
    """A proportion's part in English: its spec label, else 'the numerator of <label>'."""
    lab = getattr(ind, f"{part}_label", None)
    return lab.en if lab is not None else f"the {part} of {ind.label.en.lower()}"


def _recompute(fig: ParsedClaim, target: str, spec, panel, table) -> dict[str, Any]:
    """Observed value(s) for one figure, in the claim's canonical units, what it was
    compared with (``evidence``), and what was recomputed (``measure_kind`` and windows
    for the narrative; ``measure`` in English for results.json).

    ``target`` is an indicator id, or ``<proportion>.numerator`` / ``.denominator`` for a
    count that is one side of a share ("77 disputes found, 75 resolved")."""
    iid, part = _split(target)
    ind = spec.indicators[iid]
    if spec.sources[ind.source].shape == "facts":
        return _from_facts(fig, iid, ind, part, table)
    if part is not None:
        if ind.kind != "proportion":
            return {"problem": f"'{iid}' is a {ind.kind}: it has no {part}"}
        ch = table.get(iid, "treated")
        return {
            "evidence": "data",
            "measure_kind": "part_total",
            "measure": f"{_part_words(ind, part)} at the pilot unit(s), "
            f"{_span(ch.after_start, ch.after_end)}",
            "observed": getattr(ch, f"after_{part}"),
            **_window_fields(ch),
        }
    if fig.kind in ("share", "percentage_point_change") and ind.kind not in SHARE_KINDS:
        what = "a share" if fig.kind == "share" else "a change in percentage points"
        return {
            "problem": f"'{iid}' is a {_kind_name(ind)}, not a share (kind proportion or "
            f"share): {what} cannot be recomputed from it"
        }
    try:
        ch = table.get(iid, "treated")
    except KeyError:
        return {"problem": f"indicator '{iid}' has no before/after change in this study"}
    try:
        comp = table.get(iid, "comparison").relative_change
    except KeyError:
        comp = NAN
    windows = (
        f"{_span(ch.after_start, ch.after_end)} vs {_span(ch.before_start, ch.before_end)}"
        f"{' (year on year)' if ch.basis == 'year_on_year' else ''}"
    )
    base = {"comparison": comp, "evidence": "data", **_window_fields(ch)}
    after = _span(ch.after_start, ch.after_end)
    if fig.kind == "percent_change":
        return {
            **base,
            "measure_kind": "relative_change",
            "measure": f"relative change at the pilot unit(s), {windows}",
            "observed_before": ch.before_level,
            "observed_after": ch.after_level,
            "observed": ch.relative_change,
            "low": ch.relative_conf_low,
            "high": ch.relative_conf_high,
        }
    if fig.kind == "level_change":
        return {
            **base,
            "measure_kind": "level_change",
            "measure": f"after level − before level, {windows} ({ch.level_definition})",
            "observed_before": ch.before_level,
            "observed_after": ch.after_level,
            "observed": ch.after_level - ch.before_level,
        }
    if fig.kind == "rank":
        return {**base, **_rank_info(fig, iid, ind, spec, panel, ch)}
    if fig.kind == "range":
        if fig.of_kind in (None, "range", "rank"):
            return {"problem": "the range's kind of figure is not known"}
        proxy = replace(fig, kind=fig.of_kind, value=fig.high, low=None, high=None)
        return _recompute(proxy, target, spec, panel, table)
    if fig.kind in ("multiple", "before_after"):
        return {
            **base,
            "measure_kind": "level_ratio" if fig.kind == "multiple" else "after_level",
            "measure": f"after level / before level, {windows} ({ch.level_definition})",
            "observed_before": ch.before_level,
            "observed_after": ch.after_level,
            "observed": (ch.after_level / ch.before_level if ch.before_level else NAN)
            if fig.kind == "multiple"
            else ch.after_level,
        }
    if fig.kind in ("share", "percentage_point_change"):
        return {**base, **_share_figure(fig, ind, ch, windows)}
    if fig.kind in ("count", "amount"):
        return {
            **base,
            "measure_kind": "total",
            "measure": f"total at the pilot unit(s), {after}",
            "observed": ch.after_level,
        }
    if fig.kind == "zero_run":
        frame = panel.indicator_frame(iid)
        sel = frame[frame["unit"].isin(panel.treated_units)]
        series = sel.groupby("period")["value"].sum().sort_index()
        in_after = series[(series.index >= ch.after_start) & (series.index <= ch.after_end)]
        before = series[series.index < ch.after_start]
        need = int(fig.value or 1)
        runs = zero_runs(before.to_numpy(), need)
        return {
            **base,
            "measure_kind": "zero_run",
            "measure": f"longest run of zero {spec.frequency}s at the pilot unit(s), {after}; "
            f"runs of ≥ {need} before: {runs} in {len(before)} {spec.frequency}s",
            "observed": float(longest_zero_run(in_after.to_numpy())),
            "zero_runs_before": int(runs),
            "periods_before": len(before),
        }
    return {"problem": f"cannot recompute a {fig.kind.replace('_', ' ')}"}


def _unit_levels(panel, iid: str, ind, start, end):
    """Each unit's level on the indicator in [start, end]: Σ numerator / Σ denominator for a
    proportion, Σ value / Σ exposure × per for a rate (or a count with exposure), else the
    mean over the periods (a count's mean per period: the same order as its total when the
    units share the periods)."""
    frame = panel.indicator_frame(iid)
    sel = frame[(frame["period"] >= start) & (frame["period"] <= end)]
    g = sel.groupby("unit")
    if ind.kind == "proportion":
        return g["value"].sum() / g["denominator"].sum()
    if "exposure" in sel.columns:
        return g["value"].sum() / g["exposure"].sum() * ind.per
    return g["value"].mean()


#: which value a rank puts first, by the claim's words (``ParsedClaim.rank_order``)
_FIRST = {"lowest": "lowest", "highest": "highest"}


def _rank_order(fig: ParsedClaim, ind) -> tuple[str, str] | str:
    """(first, basis): which value is first (lowest | highest | largest_fall |
    largest_rise) and why (words | direction | assumed); a problem string when the words
    say best/worst and the indicator has no desired direction."""
    order = fig.rank_order
    if order in _FIRST:
        return _FIRST[order], "words"
    if order in ("largest_fall", "largest_rise"):
        return order, "words"
    if order in ("best", "worst"):
        if ind.direction == "neutral":
            return (
                f"the claim ranks by '{order}' but the indicator has no desired direction "
                "(set 'direction: decrease' or 'increase' on the indicator)"
            )
        low_good = ind.direction == "decrease"
        return ("lowest" if low_good == (order == "best") else "highest"), "direction"
    if ind.direction == "decrease":
        return "lowest", "direction"
    if ind.direction == "increase":
        return "highest", "direction"
    return "highest", "assumed"


def _rank_info(fig: ParsedClaim, iid: str, ind, spec, panel, ch) -> dict[str, Any]:
    """The pilot unit's position among the panel's units (competition ranking: 1 + the
    units strictly ahead of it; ties share a position). Which value is first: the claim's
    words ("lowest", "最低", "largest reduction"), else the indicator's desired
    ``direction`` (decrease: the lowest first), else the highest first (assumed, and said
    so). 'Cannot check' when the pilot is not one unit, when there are no other units,
    or when the data hold a different number of units from the claim's field
    (``rank_of``)."""
    if panel is None:
        return {"problem": "a rank needs a panel of units; the data have none"}
    treated = tuple(panel.treated_units)
    if len(treated) != 1:
        return {
            "problem": f"the pilot has {len(treated)} units; a rank is the position of one "
            "unit, and the claim does not say which"
        }
    order = _rank_order(fig, ind)
    if isinstance(order, str):
        return {"problem": order}
    first, basis = order
    levels = _unit_levels(panel, iid, ind, ch.after_start, ch.after_end)
    if first in ("largest_fall", "largest_rise"):
        before = _unit_levels(panel, iid, ind, ch.before_start, ch.before_end)
        levels = (levels / before.where(before != 0) - 1).dropna()
    levels = levels.dropna()
    pilot = treated[0]
    if pilot not in levels.index:
        return {"problem": f"the data have no level for the pilot unit in {ch.after_start}"}
    n = len(levels)
    if n < 2:
        return {"problem": "no comparison units: the data hold only the pilot unit"}
    if fig.rank_of and fig.rank_of != n:
        more = "fewer" if n < fig.rank_of else "more"
        return {
            "problem": f"the claim ranks among {fig.rank_of} units; the data hold {n} "
            f"({more}), so the position cannot be recomputed"
        }
    mine = float(levels[pilot])
    ahead = levels < mine if first in ("lowest", "largest_fall") else levels > mine
    pos = 1 + int(ahead.sum())
    way = {
        "lowest": "lowest first",
        "highest": "highest first",
        "largest_fall": "largest fall first",
        "largest_rise": "largest rise first",
    }[first]
    why = {
        "words": "as the claim says",
        "direction": f"the indicator's desired direction is a {ind.direction}",
        "assumed": "assumed: neither the claim nor the indicator says which way is first",
    }[basis]
    return {
        "measure_kind": "rank",
        "measure": f"position of {pilot} among the {n} units of the data, "
        f"{_span(ch.after_start, ch.after_end)}, {way} ({why})",
        "observed": float(pos),
        "rank_field": n,
        "rank_first": first,
        "rank_basis": basis,
    }


def _from_facts(fig: ParsedClaim, iid: str, ind, part: str | None, table) -> dict[str, Any]:
    """A figure against an administrative (``facts``) indicator: the record itself is no
    independent evidence (``reported``), except a share recomputed from the record's
    numerator and denominator (the source's own arithmetic)."""
    lv = next((x for x in table.levels if x.indicator == iid), None)
    if part is not None and ind.kind != "proportion":
        return {"problem": f"'{iid}' is a {ind.kind}: it has no {part}"}
    if lv is None:
        return {"problem": f"no administrative figure for '{iid}' in the data"}
    if part is not None:
        return {
            "evidence": "reported",
            "measure_kind": "admin_part",
            "measure": f"the administrative figure of {_part_words(ind, part)}",
            "observed": getattr(lv, part),
        }
    if fig.kind == "share" and ind.kind == "share":
        return {
            "evidence": "reported",
            "measure_kind": "admin_share",
            "measure": "the administrative share",
            "observed": lv.level,
        }
    if fig.kind == "share" and ind.kind == "proportion":
        return {
            "evidence": "arithmetic",
            "measure_kind": "admin_ratio",
            "measure": f"administrative figures {lv.numerator:,.0f} / {lv.denominator:,.0f}",
            "observed_numerator": lv.numerator,
            "observed_denominator": lv.denominator,
            "observed": lv.level,
            "low": lv.conf_low,
            "high": lv.conf_high,
        }
    if fig.kind == "share":
        return {
            "problem": f"'{iid}' is a {_kind_name(ind)}, not a share (kind proportion or "
            "share): a share cannot be recomputed from it"
        }
    if fig.kind in ("count", "amount"):
        return {
            "evidence": "reported",
            "measure_kind": "admin_figure",
            "measure": "the administrative figure (no independent data)",
            "observed": lv.level,
        }
    return {
        "problem": f"a {fig.kind.replace('_', ' ')} cannot be recomputed from a "
        "single administrative figure"
    }


def _share_figure(fig: ParsedClaim, ind, ch, windows: str) -> dict[str, Any]:
    """A share or percentage-point figure on a ``proportion`` or ``share`` indicator."""
    after = _span(ch.after_start, ch.after_end)
    if fig.kind == "share" and ind.kind == "share":
        return {
            "measure_kind": "mean_share",
            "measure": f"{_mean_share(ind)} at the pilot unit(s), {after}",
            "observed": ch.after_level,
            "low": ch.after_conf_low,
            "high": ch.after_conf_high,
        }
    if fig.kind == "share":
        return {
            "measure_kind": "share_sum",
            "measure": f"Σ {_part_words(ind, 'numerator')} / Σ {_part_words(ind, 'denominator')}"
            f" at the pilot unit(s), {after}",
            "observed_numerator": ch.after_numerator,
            "observed_denominator": ch.after_denominator,
            "observed": ch.after_level,
            "low": ch.after_conf_low,
            "high": ch.after_conf_high,
        }
    what = (  # a percentage-point change
        f"after {_mean_share(ind)} − before {_mean_share(ind)} (percentage points)"
        if ind.kind == "share"
        else "after share − before share"
    )
    return {
        "measure_kind": "share_change",
        "measure": f"{what}, {windows}",
        "observed": ch.after_level - ch.before_level,
        "low": ch.abs_conf_low,
        "high": ch.abs_conf_high,
    }


#: the indicator kinds a share or percentage-point figure is recomputed from
SHARE_KINDS = ("proportion", "share")


def _kind_name(ind) -> str:
    return "ready-made rate" if ind.ready_made_rate else ind.kind


def _mean_share(ind) -> str:
    """How a ``kind: share`` level is formed: a mean of the given shares, never a sum."""
    return f"mean share{f' weighted by {ind.weight}' if ind.weight else ''}"


def check_claims(
    spec,
    panel,
    table,
    preferred: Callable[[str], PreferredEstimate | None] | None = None,
) -> ClaimsTable:
    """Parse, recompute and judge every claim of ``spec`` (never raises on a bad claim).

    ``preferred(indicator)`` gives the indicator's preferred estimate
    (:meth:`~analysis.results.study.StudyResults.preferred`); it is put beside every
    figure whose indicator any design estimated, whatever the figure's kind."""
    checks: list[ClaimCheck] = []
    for claim in spec.claims:
        parsed = parse_claim(claim.text, language=claim.lang)
        figs = parsed.figures or (parsed,)
        judged = 0  # the claim's 'indicators' name the judged figures (no statistics)
        for j, fig in enumerate(figs):
            if fig.kind == "reported_statistic":
                checks.append(_shown_figure(claim, j, fig, len(figs)))
                continue
            checks.append(
                _check_figure(spec, panel, table, preferred, claim, judged, fig, len(figs), j)
            )
            judged += 1
    return ClaimsTable(study_id=spec.id, checks=tuple(checks))


def _shown_figure(claim, j: int, fig: ParsedClaim, n_figs: int) -> ClaimCheck:
    """A reported statistic of a claim: shown, not checked (no indicator, no recomputing)."""
    return ClaimCheck(
        claim_id=claim.id,
        figure=j + 1,
        n_figures=n_figs,
        text=claim.text,
        language=claim.lang,
        indicator=None,
        indicator_label="",
        indicator_label_zh=None,
        parsed=fig,
        verdict=judge(fig),
        measure="",
        note=claim.note or "",
    )


def _problem(spec, panel, claim, j: int, fig: ParsedClaim, iid: str | None) -> str:
    """Why the figure cannot be recomputed before any data are read ('' when it can)."""
    if fig.kind == "unknown":
        return f"the text could not be read: {fig.reason or 'no figure found'}"
    if iid is None and j < len(claim.indicators):
        return "the spec marks this figure as context, not a result to check"
    if iid is None:
        return (
            "no indicator given for this figure (add 'indicator' or "
            "'indicators' to the claim in the spec)"
        )
    if _split(iid)[0] not in spec.indicators:
        hint = suggest(iid, list(spec.indicators))
        return f"indicator '{iid}' is not defined in this study" + (f"; {hint}" if hint else "")
    return _year_outside(fig, panel)


def _check_figure(
    spec,
    panel,
    table,
    preferred,
    claim,
    j: int,
    fig: ParsedClaim,
    n_figs: int,
    position: int | None = None,
) -> ClaimCheck:
    """One figure of one claim: recomputed, judged, with the adjusted estimate beside it
    (``j`` its place among the judged figures, for the claim's indicators; ``position``
    its place among all the figures, when they differ)."""
    targets = claim.targets
    iid = targets[j] if j < len(targets) else targets[0] if len(targets) == 1 else None
    problem = _problem(spec, panel, claim, j, fig, iid)
    info: dict[str, Any] = {}
    if not problem:
        info = _recompute(fig, iid, spec, panel, table)
        problem = info.get("problem", "")
    kw = {
        k: info[k]
        for k in ("observed_numerator", "observed_denominator", "observed_before", "observed_after")
        if k in info
    }
    independent = info.get("evidence") != "reported"
    if problem:
        verdict = replace(
            judge(fig, None),
            verdict="cannot_check",
            reason=problem[0].upper() + problem[1:] + ".",
        )
    elif fig.kind == "share" and "observed_numerator" in kw:
        verdict = judge(fig, info.get("observed"), independent=independent, **kw)
    else:
        verdict = judge(
            fig,
            info.get("observed"),
            independent=independent,
            **{k: v for k, v in kw.items() if fig.kind != "count"},
        )
    base, part = _split(iid) if iid else ("", None)
    ind = spec.indicators.get(base) if iid else None
    adj = preferred(base) if ind is not None and preferred is not None else None
    return ClaimCheck(
        claim_id=claim.id,
        figure=(j if position is None else position) + 1,
        n_figures=n_figs,
        text=claim.text,
        language=claim.lang,
        indicator=iid if ind else None,
        indicator_label=ind.label.en if ind else "",
        indicator_label_zh=ind.label.zh if ind else None,
        parsed=fig,
        verdict=verdict,
        measure=info.get("measure", ""),
        observed=float(info.get("observed", NAN)),
        observed_low=float(info.get("low", NAN)),
        observed_high=float(info.get("high", NAN)),
        comparison_change=float(info.get("comparison", NAN)),
        adjusted_design=adj.design if adj else "",
        adjusted_estimate=adj.estimate if adj else NAN,
        adjusted_low=_or_nan(adj.lo) if adj else NAN,
        adjusted_high=_or_nan(adj.hi) if adj else NAN,
        adjusted_p_value=_or_nan(adj.p_value) if adj else NAN,
        adjusted_scale=adj.scale if adj else "",
        adjusted_unit=adj.unit_label_en if adj else "",
        adjusted_unit_zh=adj.unit_label_zh if adj else None,
        problem=problem,
        note=claim.note or "",
        evidence=info.get("evidence", ""),
        measure_kind=info.get("measure_kind", ""),
        after_start=info.get("after_start", ""),
        after_end=info.get("after_end", ""),
        before_start=info.get("before_start", ""),
        before_end=info.get("before_end", ""),
        year_on_year=bool(info.get("year_on_year", False)),
        frequency=info.get("frequency", ""),
        pilot_units=tuple(info.get("pilot_units", ())),
        zero_runs_before=int(info.get("zero_runs_before", -1)),
        periods_before=int(info.get("periods_before", -1)),
        part=part or "",
        rank_field=int(info.get("rank_field", -1)),
        rank_first=info.get("rank_first", ""),
        rank_basis=info.get("rank_basis", ""),
        **_part_labels(ind),
    )


def _part_labels(ind) -> dict[str, str | None]:
    """The spec's reader labels of a proportion's parts (``numerator_label`` /
    ``denominator_label``), as ClaimCheck fields ('' / None where the spec gives none)."""
    out: dict[str, str | None] = {}
    for side in ("numerator", "denominator"):
        lab = getattr(ind, f"{side}_label", None) if ind is not None else None
        out[f"{side}_label"] = lab.en if lab is not None else ""
        out[f"{side}_label_zh"] = lab.zh if lab is not None else None
    return out


def _or_nan(x: float | None) -> float:
    return NAN if x is None else float(x)
