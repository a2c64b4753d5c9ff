"""Check a study's headline claims against its data (issue 5, the wiring).

For each claim in the spec, :mod:`analysis.numbers.claims.parse` parses the text into figures; each
figure is recomputed from the data with the indicator machinery (the same numbers the
report shows elsewhere) and judged by :func:`analysis.numbers.claims.judge.judge`; the
results are :class:`~analysis.results.claims.ClaimCheck` values in a
:class:`~analysis.results.claims.ClaimsTable`. Beside the
verdict sits the adjusted estimate of the same indicator — the comparison-based or trend-based
effect of the pilot — so that a reader sees both "is the figure right?" and "what does the
change mean?".

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
  with how many such runs occurred before.

A claim whose indicator does not exist, whose text cannot be read, or which is about a
year outside the data is listed as ``cannot_check`` with the reason; it never stops the
run.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from analysis.core.errors import suggest
from analysis.numbers.claims.judge import judge
from analysis.numbers.claims.parse import parse_claim
from analysis.numbers.runs import longest_zero_run, zero_runs
from analysis.results.claims import ClaimCheck, ClaimsTable, ParsedClaim

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


def _recompute(fig: ParsedClaim, target: str, spec, panel, table) -> dict[str, Any]:
    """Observed value(s) for one figure, in the claim's canonical units, and in words.

    ``target`` is an indicator id, or ``<proportion>.numerator`` / ``.denominator`` for a
    count that is one side of a share ("77 disputes found, 75 resolved")."""
    iid, part = _split(target)
    ind = spec.indicators[iid]
    facts = spec.sources[ind.source].shape == "facts"
    if part is not None:
        if ind.kind != "proportion":
            return {"problem": f"'{iid}' is a {ind.kind}: it has no {part}"}
        if facts:
            lv = next((x for x in table.levels if x.indicator == iid), None)
            if lv is None:
                return {"problem": f"no administrative figure for '{iid}' in the data"}
            return {"measure": f"the administrative {part} of {iid}", "observed": getattr(lv, part)}
        ch = table.get(iid, "treated")
        return {
            "measure": f"{part} of {iid} at the pilot unit(s), {ch.after_start}..{ch.after_end}",
            "observed": getattr(ch, f"after_{part}"),
        }
    if fig.kind in ("share", "percentage_point_change") and ind.kind not in SHARE_KINDS:
        what = "a share" if fig.kind == "share" else "a change in percentage points"
        return {
            "problem": f"'{iid}' is a {_kind_name(ind)}, not a share (kind proportion or "
            f"share): {what} cannot be recomputed from it"
        }
    if facts:
        lv = next((x for x in table.levels if x.indicator == iid), None)
        if lv is None:
            return {"problem": f"no administrative figure for '{iid}' in the data"}
        if fig.kind == "share" and ind.kind == "share":
            return {"measure": "the administrative share", "observed": lv.level}
        if fig.kind in ("share",):
            return {
                "measure": f"administrative figures {lv.numerator:,.0f} / {lv.denominator:,.0f}",
                "observed_numerator": lv.numerator,
                "observed_denominator": lv.denominator,
                "observed": lv.level,
                "low": lv.conf_low,
                "high": lv.conf_high,
            }
        if fig.kind in ("count", "amount"):
            return {
                "measure": "the administrative figure (no independent data)",
                "observed": lv.level,
            }
        return {
            "problem": f"a {fig.kind.replace('_', ' ')} cannot be recomputed from a "
            "single administrative figure"
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
        f"{ch.after_start}..{ch.after_end} vs {ch.before_start}..{ch.before_end}"
        f"{' (year on year)' if ch.basis == 'year_on_year' else ''}"
    )
    base = {"comparison": comp}
    if fig.kind == "percent_change":
        return {
            **base,
            "measure": f"relative change at the pilot unit(s), {windows}",
            "observed_before": ch.before_level,
            "observed_after": ch.after_level,
            "observed": ch.relative_change,
            "low": ch.relative_conf_low,
            "high": ch.relative_conf_high,
        }
    if fig.kind in ("multiple", "before_after"):
        return {
            **base,
            "measure": f"after level / before level, {windows} ({ch.level_definition})",
            "observed_before": ch.before_level,
            "observed_after": ch.after_level,
            "observed": (ch.after_level / ch.before_level if ch.before_level else NAN)
            if fig.kind == "multiple"
            else ch.after_level,
        }
    if fig.kind in ("share", "percentage_point_change"):
        return _share_figure(fig, ind, ch, base, windows)
    if fig.kind in ("count", "amount"):
        return {
            **base,
            "measure": f"total at the pilot unit(s), {ch.after_start}..{ch.after_end}",
            "observed": ch.after_level,
        }
    if fig.kind == "zero_run":
        frame = panel.indicator_frame(iid)
        sel = frame[frame["unit"].isin(panel.treated_units)]
        series = sel.groupby("period")["value"].sum().sort_index()
        after = series[(series.index >= ch.after_start) & (series.index <= ch.after_end)]
        before = series[series.index < ch.after_start]
        need = int(fig.value or 1)
        return {
            **base,
            "measure": f"longest run of zero {spec.frequency}s at the pilot "
            f"unit(s), {ch.after_start}..{ch.after_end}; runs of "
            f"≥ {need} before: {zero_runs(before.to_numpy(), need)} "
            f"in {len(before)} {spec.frequency}s",
            "observed": float(longest_zero_run(after.to_numpy())),
        }
    return {"problem": f"cannot recompute a {fig.kind.replace('_', ' ')}"}


def _share_figure(fig: ParsedClaim, ind, ch, base: dict, windows: str) -> dict[str, Any]:
    """A share or percentage-point figure on a ``proportion`` or ``share`` indicator."""
    if fig.kind == "share" and ind.kind == "share":
        return {
            **base,
            "measure": f"{_mean_share(ind)} at the pilot unit(s), {ch.after_start}..{ch.after_end}",
            "observed": ch.after_level,
            "low": ch.after_conf_low,
            "high": ch.after_conf_high,
        }
    if fig.kind == "share":
        return {
            **base,
            "measure": f"Σ numerator / Σ denominator at the pilot unit(s), "
            f"{ch.after_start}..{ch.after_end}",
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
        **base,
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


def _adjusted(iid: str, triangulations: dict, staggered: dict) -> dict[str, Any]:
    """The preferred adjusted estimate of the indicator: a design that uses comparison
    units (DiD, then synthetic control, controlled ITS, STS with controls), else ITS;
    for a staggered roll-out, Callaway–Sant'Anna."""
    tri = triangulations.get(iid)
    if tri is not None:
        order = (
            "difference-in-differences",
            "structural time series",
            "controlled interrupted time series",
            "interrupted time series",
        )
        rows = {r.design: r for r in tri.rows}
        for name in order:
            r = rows.get(name)
            if r is not None and math.isfinite(r.estimate):
                return {
                    "design": name,
                    "estimate": r.estimate,
                    "low": r.conf_low,
                    "high": r.conf_high,
                    "p": r.p_value,
                }
    st = staggered.get(iid)
    if st is not None and not isinstance(st, str):
        s = st.simple
        return {
            "design": f"Callaway–Sant'Anna ({st.outcome})",
            "estimate": s.overall_estimate,
            "low": s.overall_conf_low,
            "high": s.overall_conf_high,
            "p": s.overall_p_value,
        }
    return {}


def check_claims(
    spec, panel, table, triangulations: dict | None = None, staggered: dict | None = None
) -> ClaimsTable:
    """Parse, recompute and judge every claim of ``spec`` (never raises on a bad claim)."""
    triangulations = triangulations or {}
    staggered = staggered or {}
    names = list(spec.indicators)
    checks: list[ClaimCheck] = []
    for claim in spec.claims:
        parsed = parse_claim(claim.text, language=claim.lang)
        figs = parsed.figures or (parsed,)
        targets = claim.targets
        for j, fig in enumerate(figs):
            iid = targets[j] if j < len(targets) else targets[0] if len(targets) == 1 else None
            problem = ""
            info: dict[str, Any] = {}
            if fig.kind == "unknown":
                problem = f"the text could not be read: {fig.reason or 'no figure found'}"
            elif iid is None and j < len(claim.indicators):
                problem = "the spec marks this figure as context, not a result to check"
            elif iid is None:
                problem = (
                    "no indicator given for this figure (add 'indicator' or "
                    "'indicators' to the claim in the spec)"
                )
            elif _split(iid)[0] not in spec.indicators:
                hint = suggest(iid, names)
                problem = f"indicator '{iid}' is not defined in this study" + (
                    f"; {hint}" if hint else ""
                )
            else:
                problem = _year_outside(fig, panel)
                if not problem:
                    info = _recompute(fig, iid, spec, panel, table)
                    problem = info.get("problem", "")
            kw = {
                k: info[k]
                for k in (
                    "observed_numerator",
                    "observed_denominator",
                    "observed_before",
                    "observed_after",
                )
                if k in info
            }
            if problem:
                verdict = replace(
                    judge(fig, None),
                    verdict="cannot_check",
                    reason=problem[0].upper() + problem[1:] + ".",
                )
            elif fig.kind == "share" and "observed_numerator" in kw:
                verdict = judge(fig, info.get("observed"), **kw)
            else:
                verdict = judge(
                    fig,
                    info.get("observed"),
                    **{k: v for k, v in kw.items() if fig.kind != "count"},
                )
            ind = spec.indicators.get(_split(iid)[0]) if iid else None
            adj = (
                _adjusted(_split(iid)[0], triangulations, staggered)
                if iid
                and not problem
                and fig.kind in ("percent_change", "multiple", "before_after")
                else {}
            )
            checks.append(
                ClaimCheck(
                    claim_id=claim.id,
                    figure=j + 1,
                    n_figures=len(figs),
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
                    adjusted_design=adj.get("design", ""),
                    adjusted_estimate=float(adj.get("estimate", NAN)),
                    adjusted_low=float(adj.get("low", NAN)),
                    adjusted_high=float(adj.get("high", NAN)),
                    adjusted_p_value=float(adj.get("p", NAN)),
                    problem=problem,
                    note=claim.note or "",
                )
            )
    return ClaimsTable(study_id=spec.id, checks=tuple(checks))
