"""The study-panel entry point of the single-series ITS: :func:`fit_its_panel` pools a
group of units' series (and their covariates) from a validated panel and calls
:func:`~analysis.numbers.designs.its.fit_its`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.its_design import COUNT_FAMILIES
from analysis.numbers.indicator_means import averaged, period_means
from analysis.results.effects import EffectResult

__all__ = ["fit_its_panel"]


# -- panel entry point ------------------------------------------------------------------------


def fit_its_panel(
    panel: Any,
    indicator: str,
    group: str | Sequence[str] = "treated",
    *,
    start: pd.Period | str | None = None,
    milestones: bool = False,
    covariates: Any = None,
    **kwargs: Any,
) -> EffectResult:
    """ITS of one indicator for the pooled series of a group of units.

    Parameters
    ----------
    panel : Panel
        A validated study panel (``analysis.intake.validate.load_study(...).panel``).
    indicator : str
        A panel or events indicator of the spec.
    group : "treated", "comparison", a unit name, or a list of unit names
        Units whose series are pooled (counts and exposures summed per period;
        proportions pooled as Σ numerator / Σ denominator).
    start : Period or str, optional
        The interruption; default the pilot start (``panel.start``).
    milestones : bool
        Add the spec's milestones (other than the start, inside the data) as
        further interruptions.
    covariates : list of str or DataFrame, optional
        Column names of the indicator's source, read for the pooled units and averaged
        over them per period (:func:`panel_covariates`); or a frame passed on as is.
    **kwargs
        Passed to :func:`fit_its` (``family``, ``seasonality``, ``horizons`` ...).

    Returns
    -------
    EffectResult
        With ``indicator``, ``label`` (the spec's English label) and ``unit``
        (the unit name, or ``pooled (n units)``) set.

    Raises
    ------
    AnalysisError
        Unknown indicator or unit; treated units pooled with different
        adoption periods; a count family asked of a proportion, stock or amount;
        or anything :func:`fit_its` refuses.

    Notes
    -----
    Count families model the pooled count, with ``log(Σ exposure)`` as offset
    when the indicator has an exposure (a rate, or a count with exposure); the
    Gaussian family models the pooled count, the pooled rate
    (Σ count / Σ exposure × ``per``) or the pooled share.
    """
    ind = panel.spec.indicators.get(indicator)
    frame = panel.indicator_frame(indicator)  # raises for unknown / facts indicators
    assert ind is not None
    units = _group_units(panel, group)
    family = kwargs.get("family", "gaussian")
    _check_panel_family(indicator, ind.kind, family)
    if start is None:
        start = _common_start(panel, units)
    notes: list[str] = []
    kw = dict(kwargs)
    if averaged(ind):  # measures, shares, given rates: the mean per period, never a sum
        y = period_means(panel, indicator, units).to_numpy(float)
        notes.append("Outcome: the units' mean per period (" + ind.kind + ").")
    else:
        pooled = _pooled(panel, frame, indicator, units)
        y = _pooled_outcome(pooled, indicator, ind, family, kw, notes)
    if milestones:
        kw["interruptions"] = _milestone_interruptions(panel, start, kw, notes)
    unit = units[0] if len(units) == 1 else f"pooled ({len(units)} units)"
    if len(units) > 1:
        notes.append("Units pooled: " + ", ".join(units) + ".")
    kw.pop("indicator", None)
    label = kw.pop("label", None) or ind.label.en
    unit = kw.pop("unit", None) or unit
    if covariates is not None and not isinstance(covariates, pd.DataFrame):
        kw["covariates"] = panel_covariates(panel, indicator, list(covariates), units, notes)
    elif covariates is not None:
        kw["covariates"] = covariates
    from analysis.numbers.designs.its import fit_its

    res = fit_its(y, panel.periods, start, indicator=indicator, label=label, unit=unit, **kw)
    if not notes:
        return res
    return replace(res, notes=res.notes + tuple(notes))


def panel_covariates(
    panel: Any, indicator: str, names: list[str], units: list[str], notes: list[str]
) -> pd.DataFrame | None:
    """The covariate columns ``names`` of the indicator's source for ``units``, one row per
    panel period: the unit's values, or their mean over the units per period (noted).
    A missing value is an error naming the column, the unit and the periods."""
    if not names:
        return None
    ind = panel.spec.indicators[indicator]
    src = panel.spec.sources[ind.source]
    frame = panel.frames.get(ind.source)
    if src.shape == "events" or frame is None:
        raise AnalysisError(
            f"indicator '{indicator}': covariates are columns of a panel source; source "
            f"'{ind.source}' is {src.shape}"
        )
    absent = [c for c in names if c not in frame.columns]
    if absent:
        raise AnalysisError(
            f"indicator '{indicator}': covariate column(s) {', '.join(absent)} not read from "
            f"source '{ind.source}' ({src.file})"
        )
    sub = frame.reset_index()
    sub = sub[sub["unit"].isin(units)]
    for col in names:
        gaps = sub[sub[col].isna()]
        if len(gaps):
            where = ", ".join(f"{r.unit} {r.period}" for r in gaps.head(6).itertuples())
            raise AnalysisError(
                f"covariate '{col}' of indicator '{indicator}' is missing in {src.file} at "
                f"{len(gaps)} unit-period(s): {where}"
            )
    out = sub.groupby("period", sort=True)[names].mean().reindex(panel.periods)
    empty = out.isna().any(axis=1)
    if empty.any():
        where = ", ".join(str(p) for p in out.index[empty.to_numpy()][:8])
        raise AnalysisError(
            f"covariate(s) {', '.join(names)} of indicator '{indicator}' have no value at {where}"
        )
    if len(units) > 1:
        notes.append(
            f"Covariates ({', '.join(names)}): the mean over the {len(units)} pooled units "
            "in each period."
        )
    return out


def _check_panel_family(indicator: str, kind: str, family: str) -> None:
    """Count families only for counts and rates."""
    if family in COUNT_FAMILIES and kind not in ("count", "rate"):
        hint = {
            "measure": "a measure is a continuous value, not a count; use family='gaussian'",
            "share": "a share is not a count; use family='gaussian'",
            "proportion": "model the pooled share with family='gaussian', or define a "
            "count indicator for the numerator with the denominator as "
            "its exposure",
            "stock": "a stock (a register's size) is not a count of events; use family='gaussian'",
            "amount": "an amount is not a count; use family='gaussian'",
        }[kind]
        raise AnalysisError(
            f"indicator '{indicator}' is a {kind}: family '{family}' needs counts; {hint}"
        )


def _common_start(panel: Any, units: list[str]) -> Any:
    """The one adoption period of the units (refused when they differ or none adopted)."""
    starts = {u: panel.adoption.get(u) for u in units}
    given = {u: p for u, p in starts.items() if p is not None}
    if not given:
        raise AnalysisError(
            "no start: none of the units "
            + ", ".join(units[:5])
            + " adopted the pilot; give start=..."
        )
    if len(set(given.values())) > 1:
        shown = ", ".join(f"{u}: {p}" for u, p in list(given.items())[:6])
        raise AnalysisError(
            f"the units adopt at different periods ({shown}); a single-series ITS needs "
            "one start: fit each unit separately (group='<unit>') or give start=..."
        )
    return next(iter(given.values()))


def _pooled(panel: Any, frame: pd.DataFrame, indicator: str, units: list[str]) -> pd.DataFrame:
    """The units' values summed per period, on the panel's periods (no gaps allowed)."""
    sub = frame[frame["unit"].isin(units)]
    has_missing = sub.drop(columns=["unit", "period"]).isna().any(axis=1)
    if has_missing.any():
        bad = sub[has_missing]
        shown = ", ".join(f"{r.unit} {r.period}" for r in bad.head(6).itertuples())
        raise AnalysisError(
            f"indicator '{indicator}' has {len(bad)} missing value(s) "
            f"({shown}); an ITS needs every period"
        )
    pooled = sub.groupby("period", sort=True).sum(numeric_only=True)
    pooled = pooled.reindex(panel.periods)
    if pooled.isna().any().any():
        raise AnalysisError(
            f"indicator '{indicator}' has periods with no data for the chosen units"
        )
    return pooled


def _pooled_outcome(
    pooled: pd.DataFrame,
    indicator: str,
    ind: Any,
    family: str,
    kw: dict[str, Any],
    notes: list[str],
) -> np.ndarray:
    """The outcome to model: the pooled share, count (with its exposure as offset for
    count families, set in ``kw``) or rate."""
    value = pooled["value"].to_numpy(float)
    if ind.kind == "proportion":
        den = pooled["denominator"].to_numpy(float)
        if (den <= 0).any():
            raise AnalysisError(
                f"indicator '{indicator}': the denominator is 0 in some "
                "period; the share is not defined there"
            )
        notes.append("Outcome: the pooled share Σ numerator / Σ denominator.")
        return value / den
    if "exposure" in pooled and family in COUNT_FAMILIES:
        if kw.get("exposure") is None:
            kw["exposure"] = pooled["exposure"].to_numpy(float)
        return value
    if "exposure" in pooled:
        expo = pooled["exposure"].to_numpy(float)
        if (expo <= 0).any():
            raise AnalysisError(f"indicator '{indicator}': the exposure is 0 in some period")
        notes.append(f"Outcome: the pooled rate per {ind.per:g} (Σ count / Σ exposure).")
        return value / expo * ind.per
    return value


def _milestone_interruptions(panel: Any, start: Any, kw: dict[str, Any], notes: list[str]) -> tuple:
    """The given interruptions plus the spec's milestones that can be fitted."""
    s_p = pd.Period(start, freq=panel.periods.freq)
    extra = list(kw.get("interruptions", ()) or ())
    have = {pd.Period(p, freq=panel.periods.freq) for _, p in extra}
    for mid, when, _label in panel.milestones():
        if when == s_p or when <= panel.periods[0] or when > panel.periods[-1] or when in have:
            notes.append(
                f"Milestone '{mid}' ({when}) is not fitted: it falls on the "
                "start, in the first period or outside the data."
            )
            continue
        extra.append((mid, when))
    return tuple(extra)


def _group_units(panel: Any, group: str | Sequence[str]) -> list[str]:
    if isinstance(group, str):
        if group == "treated":
            units = list(panel.treated_units)
            if not units:
                raise AnalysisError("the study has no treated units")
            return units
        if group == "comparison":
            units = list(panel.comparison_units)
            if not units:
                raise AnalysisError("the study has no comparison units")
            return units
        group = [group]
    units = list(dict.fromkeys(group))
    unknown = [u for u in units if u not in panel.units]
    if unknown:
        from analysis.core.errors import suggest

        hint = suggest(unknown[0], panel.units)
        raise AnalysisError(
            f"unknown unit(s): {', '.join(unknown)}"
            + (f" ({hint})" if hint else "")
            + "; group is 'treated', 'comparison', or unit names"
        )
    if not units:
        raise AnalysisError("no units to pool")
    return units
