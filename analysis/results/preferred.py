"""The ONE preferred estimate of an indicator's effect, over every design that ran.

A reader (the claims table, the brief on the front page, the index card) needs one number
per indicator, not seven. :func:`preferred_estimate` picks it from the result objects a
:class:`~analysis.results.study.StudyResults` already holds — it computes nothing new:

1. where a triangulation exists (a study with comparison units), its *lead* design:
   ``Triangulation.agreement.lead_design``, decided once by
   :func:`analysis.numbers.checks.agreement.agreement` (the first design using comparison
   units that has an interval, else the first comparison design);
2. else a staggered roll-out's Callaway–Sant'Anna simple average (the comparison design of
   a staggered study);
3. else the interrupted time series (ITS);
4. else the structural time series (STS).

The estimate is given on the scale a reader should see it on (``scale``):

* ``relative``: counts, rates, stocks, amounts, and anything analysed on the log scale —
  the effect as a fraction of the counterfactual (−0.2 = −20%);
* ``pp``: shares (kinds ``proportion`` and ``share``) — a difference of fractions
  (0.05 = 5 percentage points), from the lead design's own absolute estimate, never a
  percent of a percent;
* ``absolute``: an untransformed measure, and the staggered estimators (the outcome's
  unit per unit per period), with ``level`` the level the effect compares with where the
  result holds one.

``lo``/``hi`` are None where the design gives no interval (synthetic control, a regression
DiD without a valid sampling interval). Only ``analysis.core`` is imported: the selection
reads attributes of the results it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["DESIGN_KEYS", "PreferredEstimate", "preferred_estimate"]

#: Triangulation row names → the design keys of a preferred estimate.
DESIGN_KEYS: dict[str, str] = {
    "difference-in-differences": "did_permutation",
    "regression difference-in-differences": "did_regression",
    "synthetic control": "synth",
    "controlled interrupted time series": "cits",
    "interrupted time series": "its",
    "structural time series": "sts",
}

#: Kinds whose effect is read in percentage points.
SHARE_KINDS = ("proportion", "share")


@dataclass(frozen=True)
class PreferredEstimate:
    """One indicator's preferred effect estimate (see the module docstring for the rule).

    ``design`` is a key: ``did_permutation``, ``did_regression``, ``synth``, ``cits``,
    ``staggered``, ``its`` or ``sts`` (words for it: ``analysis.narrative.claims.design_name``).
    ``estimate``/``lo``/``hi`` are on ``scale`` (``relative`` fraction, ``pp`` fraction
    difference, ``absolute`` outcome units); ``lo``/``hi`` None without an interval.
    ``level`` is the counterfactual (untreated or baseline) level the effect compares
    with, in outcome units (None where the result holds none). ``agreement`` is the
    triangulation's verdict where there is one (``agree``, ``comparison_designs_disagree``
    ...), ``alpha`` the interval's level is 1 − alpha.
    """

    indicator: str
    design: str
    estimate: float
    lo: float | None
    hi: float | None
    scale: str
    unit_label_en: str
    unit_label_zh: str
    level: float | None = None
    p_value: float | None = None
    agreement: str | None = None
    alpha: float = 0.05
    relative: float | None = None
    relative_lo: float | None = None
    relative_hi: float | None = None
    unit_noun: str = ""
    context: str = "effect"
    context_label_en: str = ""
    context_label_zh: str = ""
    falsified_by: tuple[str, ...] = ()

    @property
    def has_interval(self) -> bool:
        return self.lo is not None and self.hi is not None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PreferredEstimate:
        """The estimate back from its ``to_dict()`` (results.json's ``preferred``, which
        the reports index reads): a missing field takes its default, a number that is
        not finite becomes None."""
        names = {f.name for f in fields(cls)}
        v: dict[str, Any] = {k: d[k] for k in names if d.get(k) is not None}
        for k in ("lo", "hi", "level", "p_value", "relative", "relative_lo", "relative_hi"):
            v[k] = _num(v.get(k))
        for k in ("indicator", "design", "unit_label_en", "unit_label_zh"):
            v.setdefault(k, "")
        v.setdefault("scale", "relative")
        v["estimate"] = float(d["estimate"])
        v["falsified_by"] = tuple(str(c) for c in v.get("falsified_by", ()))
        return cls(**v)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe fields (no NaN: a missing value is None)."""
        return {f.name: _clean(getattr(self, f.name)) for f in fields(self)}


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, tuple):  # JSON has lists: to_dict equals its own JSON round trip
        return list(x)
    return x


def _num(x: Any) -> float | None:
    """A finite float, else None."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _scale_of(ind: Any) -> str:
    if ind.kind in SHARE_KINDS:
        return "pp"
    if ind.kind == "measure" and getattr(ind, "transform", "none") == "none":
        return "absolute"
    return "relative"


def _share_factor(ind: Any) -> float:
    """A share written in percent (27) → fractions (0.27)."""
    return 0.01 if getattr(ind, "scale", "fraction") == "percent" else 1.0


def _trend_estimate(res: Any, iid: str, design: str, scale: str, ind: Any) -> dict | None:
    """ITS or STS: the headline effect (the last requested horizon of an ITS, the
    post-period average of an STS)."""
    if res.trends is None:
        return None
    outcome = next(
        (o for o in res.trends.outcomes if o.indicator == iid and o.design == design), None
    )
    if outcome is None or outcome.effect is None or not outcome.effect.effects:
        return None
    e = outcome.effect.headline_effect()
    level = None
    rel = _num(e.relative_estimate)
    if rel is not None and rel != -1 and _num(e.estimate) is not None:
        level = e.estimate / rel if rel else None  # effect = counterfactual × relative
    if scale == "relative":
        est, lo, hi = e.relative_estimate, e.relative_conf_low, e.relative_conf_high
    else:
        f = _share_factor(ind) if scale == "pp" else 1.0
        est, lo, hi = e.estimate * f, e.conf_low * f, e.conf_high * f
        level = level * f if level is not None else None
    return {"estimate": est, "lo": lo, "hi": hi, "p": e.p_value, "level": level}


def _regression_estimate(res: Any, iid: str, scale: str) -> dict | None:
    reg = res.regression_did.get(iid)
    if reg is None or not hasattr(reg, "relative_estimate"):
        return None
    if scale == "relative" or reg.scale == "log":
        return {
            "estimate": reg.relative_estimate,
            "lo": reg.relative_conf_low,
            "hi": reg.relative_conf_high,
            "p": reg.p_value,
        }
    f = 0.01 if scale == "pp" and reg.outcome_code == "share_percent" else 1.0
    return {
        "estimate": reg.estimate * f,
        "lo": reg.conf_low * f,
        "hi": reg.conf_high * f,
        "p": reg.p_value,
    }


def _from_triangulation(res: Any, iid: str, scale: str, ind: Any) -> tuple[str, dict] | None:
    tri = res.triangulation.get(iid)
    if tri is None or not tri.rows:
        return None
    agreement = tri.agreement
    lead = agreement.lead_design if agreement is not None else ""
    rows = [r for r in tri.rows if r.design != "naive"]
    row = next((r for r in rows if r.design == lead), None)
    if row is None or _num(row.estimate) is None:
        row = next(
            (r for r in rows if r.uses_comparison_units and _num(r.estimate) is not None), None
        )
    if row is None:
        return None
    key = DESIGN_KEYS.get(row.design, row.design)
    values: dict | None = None
    if scale != "relative" and key in ("its", "sts"):
        values = _trend_estimate(res, iid, key, scale, ind)
    elif scale != "relative" and key == "did_regression":
        values = _regression_estimate(res, iid, scale)
    if values is None:
        if scale != "relative":  # a design that is only relative (counts): say so honestly
            scale = "relative"
        values = {"estimate": row.estimate, "lo": row.conf_low, "hi": row.conf_high}
        values["p"] = row.p_value
    values["scale"] = scale
    values["agreement"] = agreement.verdict if agreement is not None else None
    return key, values


def _from_staggered(res: Any, iid: str) -> tuple[str, dict] | None:
    st = res.staggered.get(iid)
    simple = getattr(st, "simple", None)
    if simple is None or _num(simple.overall_estimate) is None:
        return None
    return "staggered", {
        "estimate": simple.overall_estimate,
        "lo": simple.overall_conf_low,
        "hi": simple.overall_conf_high,
        "p": simple.overall_p_value,
        "scale": "absolute",
        "level": _num(getattr(simple, "untreated_level", None)),
        "relative": _num(getattr(simple, "relative_estimate", None)),
        "relative_lo": _num(getattr(simple, "relative_conf_low", None)),
        "relative_hi": _num(getattr(simple, "relative_conf_high", None)),
        "unit_noun": str(getattr(st, "unit_noun", "") or ""),
    }


def preferred_estimate(res: Any, iid: str) -> PreferredEstimate | None:
    """The preferred estimate of ``iid``'s effect in ``res`` (a ``StudyResults``), or None
    where no design estimated it (an administrative figure, a descriptive-only study)."""
    ind = res.spec.indicators.get(iid)
    if ind is None:
        return None
    scale = _scale_of(ind)
    found = _from_triangulation(res, iid, scale, ind) or _from_staggered(res, iid)
    if found is None:
        for design in ("its", "sts"):
            values = _trend_estimate(res, iid, design, scale, ind)
            if values is not None and _num(values["estimate"]) is not None:
                found = design, {**values, "scale": scale}
                break
    if found is None:
        return None
    key, v = found
    est = _num(v["estimate"])
    if est is None:
        return None
    lo, hi = _num(v.get("lo")), _num(v.get("hi"))
    if lo is None or hi is None:
        lo = hi = None
    unit = ind.unit_label
    context, change = _context(res, iid, ind)
    falsified: tuple[str, ...] = ()
    fals = getattr(res, "falsification", None)
    if fals is not None:
        falsified = tuple(c.control for c in fals.for_indicator(iid) if c.status == "warn")
    rel_lo, rel_hi = _num(v.get("relative_lo")), _num(v.get("relative_hi"))
    en = unit.en if unit is not None else ""
    zh = (unit.zh or unit.en) if unit is not None else ""
    return PreferredEstimate(
        indicator=iid,
        design=key,
        estimate=est,
        lo=lo,
        hi=hi,
        scale=v["scale"],
        unit_label_en=en,
        unit_label_zh=zh,
        level=_num(v.get("level")),
        p_value=None if _num(v.get("p")) is None else max(0.0, float(v["p"])),
        agreement=v.get("agreement"),
        alpha=float(getattr(res, "alpha", 0.05)),
        relative=_num(v.get("relative")),
        relative_lo=rel_lo if rel_hi is not None else None,
        relative_hi=rel_hi if rel_lo is not None else None,
        unit_noun=str(v.get("unit_noun") or ""),
        context=context,
        context_label_en=change.label.en if change is not None else "",
        context_label_zh=(change.label.zh or change.label.en) if change is not None else "",
        falsified_by=falsified,
    )


def _context(res: Any, iid: str, ind: Any) -> tuple[str, Any]:
    """What the indicator's number is (``effect``, ``negative_control``,
    ``recording_change``) and the recording-change milestone where there is one."""
    if getattr(ind, "role", "primary") == "negative_control":
        return "negative_control", None
    finder = getattr(res.spec, "recording_change_for", None)
    change = finder(iid) if finder is not None else None
    if change is not None:
        return "recording_change", change
    return "effect", None
