"""Staggered difference-in-differences: Callaway & Sant'Anna (2021) ATT(g,t) and aggregations.

Scope: a balanced panel, unconditional parallel trends (no covariates; the
outcome-regression, IPW and doubly-robust estimators then coincide), analytic
influence-function standard errors (no multiplier bootstrap), the "varying"
(short-difference) base period.

* :func:`att_gt` -- the group-time average treatment effects. For cohort ``g`` (first
  treated period) and period ``t`` the base period is ``b = g−1`` when ``t ≥ g`` and
  ``b = t−1`` when ``t < g`` (the period *before* in the sorted list of periods), and
  ``ATT(g,t) = mean_{G=g}(Y_t − Y_b) − mean_{control}(Y_t − Y_b)``. Controls are the
  never-treated units (``control="nevertreated"``) or the never-treated plus the
  not-yet-treated, ``{G = never} ∪ {G > max(t, b)}`` without cohort ``g``
  (``control="notyettreated"``). Per unit ``i`` the influence function is
  ``IF_i = D_i(ΔY_i − μ_g)/p_g − C_i(ΔY_i − μ_C)/p_C`` (``p`` the shares of all ``n``
  units) and ``SE = sqrt(Σ IF_i²)/n``.
* :func:`aggregate` -- ``simple``, ``dynamic`` (event study), ``group`` and ``calendar``
  summaries as in R ``did::aggte``: cells weighted by the cohort shares
  ``P(G=g | treated, cell included)``; the influence function of an aggregate includes
  the term for the estimated weights (the IF of ``p_g`` is ``1{G=g} − p_g``). Dynamic
  overall = mean of θ(e) over ``e ≥ 0``; group overall = ``Σ_g θ(g) P(G=g | treated)``
  with θ(g) the unweighted mean of ATT(g,t) over ``t ≥ g``; calendar overall = mean of
  θ(t) over ``t ≥`` the first cohort.

Reproduces the published R ``did`` numbers on ``mpdta`` exactly (all ATT(g,t), all
aggregations, analytic SEs to 6 d.p.; ``tests/test_staggered.py``).

Input checks (each an :class:`~analysis.errors.AnalysisError`): missing columns,
missing outcomes / periods / cohorts, an unbalanced panel (duplicate or absent
unit-period rows), a cohort that varies within a unit, a cohort that is not one of the
observed periods, a cohort treated in the first period (no pre-period), no
never-treated units with ``control="nevertreated"``, no treated cohort, and a cell
without any control unit. A cohort with fewer than five units is *not* an error
(R ``did`` proceeds too) but is reported in ``notes``: with a single unit its
within-cohort variation is zero, so its part of the standard error is missing.

The influence functions stay on the :class:`ATTgt` object for :func:`aggregate`; they
are not serialised, so an ``ATTgt`` rebuilt by ``from_dict`` cannot be aggregated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import AnalysisError
from analysis.results import ESTIMATE_COLUMNS, Result

__all__ = ["ATTgt", "Aggregate", "aggregate", "att_gt"]

#: Cohorts smaller than this are flagged in the notes (R ``did`` warns below 5 too).
SMALL_COHORT = 5

Control = Literal["nevertreated", "notyettreated"]
AggKind = Literal["simple", "dynamic", "group", "calendar"]

_ELEMENT_COLUMN = {"dynamic": "event_time", "group": "group", "calendar": "time"}


def _inference(est: np.ndarray, se: np.ndarray, alpha: float) -> dict[str, np.ndarray]:
    """Normal-theory statistic, two-sided p value and (1−alpha) interval."""
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = np.where(se > 0, est / se, np.nan)
    return {"statistic": stat, "p_value": 2 * stats.norm.sf(np.abs(stat)),
            "conf_low": est - z * se, "conf_high": est + z * se}


def _floats(a: Any) -> tuple[float, ...]:
    return tuple(float(x) for x in np.asarray(a, dtype=float).ravel())


def _se(infl: np.ndarray) -> np.ndarray:
    """Analytic SE from influence functions (units in rows): sqrt(Σ IF²)/n."""
    n = infl.shape[0]
    return np.sqrt((infl ** 2).sum(axis=0)) / n


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ATTgt(Result):
    """ATT(g,t) for every cohort ``g`` and period ``t`` (one entry per cell).

    ``influence`` (units × cells) and ``unit_cohort`` (one per unit, in the row order of
    ``influence``) are kept for :func:`aggregate` and are not serialised.
    """

    kind: ClassVar[str] = "att_gt"

    outcome: str
    group: tuple[int, ...]
    time: tuple[int, ...]
    estimate: tuple[float, ...]
    std_error: tuple[float, ...]
    statistic: tuple[float, ...]
    p_value: tuple[float, ...]
    conf_low: tuple[float, ...]
    conf_high: tuple[float, ...]
    periods: tuple[int, ...]
    cohorts: tuple[int, ...]
    cohort_sizes: tuple[int, ...]
    n_units: int
    n_never: int
    control: str
    base_period: str
    alpha: float
    never_value: int = 0
    notes: tuple[str, ...] = ()
    influence: Any = field(default=None, repr=False, metadata={"json": False})
    unit_cohort: Any = field(default=None, repr=False, metadata={"json": False})

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame({"group": self.group, "time": self.time})
        for col in ESTIMATE_COLUMNS:
            frame[col] = getattr(self, col)
        frame["post"] = frame["time"] >= frame["group"]
        return frame

    def cell(self, g: int, t: int) -> dict[str, float]:
        """The row of cell (g, t) as a dict (estimate, std_error, ...)."""
        for i, (gg, tt) in enumerate(zip(self.group, self.time, strict=True)):
            if gg == g and tt == t:
                return {c: getattr(self, c)[i] for c in ESTIMATE_COLUMNS}
        raise KeyError(f"no ATT(g,t) cell for g={g}, t={t}")

    def headline(self, lang: str = "en") -> str:
        return (f"ATT(g,t) of {self.outcome or 'the outcome'}: {len(self.estimate)} cells, "
                f"{len(self.cohorts)} cohorts, {self.n_units} units, {self.control} controls")

    def plot(self, *, ax=None):
        """One panel line per cohort: ATT(g,t) with its interval against t."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        frame = self.to_frame()
        k = len(self.cohorts)
        for j, g in enumerate(self.cohorts):
            sub = frame[frame["group"] == g]
            x = sub["time"].to_numpy(dtype=float) + (j - (k - 1) / 2) * 0.08
            ax.errorbar(x, sub["estimate"], yerr=[sub["estimate"] - sub["conf_low"],
                                                  sub["conf_high"] - sub["estimate"]],
                        fmt="o", ms=4, capsize=2, label=f"g = {g}")
        ax.axhline(0, color="#555555", lw=0.8)
        ax.set_xlabel("period t")
        ax.set_ylabel("ATT(g,t)")
        ax.legend(frameon=False)
        return ax


@dataclass(frozen=True, eq=False)
class Aggregate(Result):
    """An aggregation of ATT(g,t): the overall effect plus one estimate per element.

    Elements are event times ``e = t − g`` (``aggregation="dynamic"``), cohorts
    (``"group"``) or periods (``"calendar"``); none for ``"simple"``.
    """

    kind: ClassVar[str] = "att_aggregate"

    aggregation: str
    outcome: str
    overall_estimate: float
    overall_std_error: float
    overall_statistic: float
    overall_p_value: float
    overall_conf_low: float
    overall_conf_high: float
    element: tuple[int, ...]
    estimate: tuple[float, ...]
    std_error: tuple[float, ...]
    statistic: tuple[float, ...]
    p_value: tuple[float, ...]
    conf_low: tuple[float, ...]
    conf_high: tuple[float, ...]
    control: str
    alpha: float
    notes: tuple[str, ...] = ()

    @property
    def element_column(self) -> str | None:
        return _ELEMENT_COLUMN.get(self.aggregation)

    def to_frame(self) -> pd.DataFrame:
        """Overall row first (``term="overall"``), then one row per element."""
        col = self.element_column
        rows = [{"term": "overall", **({col: pd.NA} if col else {}),
                 **{c: getattr(self, f"overall_{c}") for c in ESTIMATE_COLUMNS}}]
        for i, el in enumerate(self.element):
            rows.append({"term": f"{col}={el}", col: el,
                         **{c: getattr(self, c)[i] for c in ESTIMATE_COLUMNS}})
        frame = pd.DataFrame(rows)
        if col:
            frame[col] = frame[col].astype("Int64")
        return frame

    def at(self, element: int) -> dict[str, float]:
        """The row of one element (event time, cohort or period) as a dict."""
        if element not in self.element:
            raise KeyError(f"no {self.element_column} {element} in this aggregation")
        i = self.element.index(element)
        return {c: getattr(self, c)[i] for c in ESTIMATE_COLUMNS}

    def headline(self, lang: str = "en") -> str:
        level = round((1 - self.alpha) * 100)
        return (f"{self.aggregation} ATT of {self.outcome or 'the outcome'}: "
                f"{self.overall_estimate:.4g} ({level}% CI {self.overall_conf_low:.4g} to "
                f"{self.overall_conf_high:.4g})")

    def plot(self, *, ax=None):
        """Estimates with intervals against the element (event time, cohort, period)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        if self.element:
            est = np.asarray(self.estimate)
            x = np.asarray(self.element, dtype=float)
            ax.errorbar(x, est, yerr=[est - np.asarray(self.conf_low),
                                      np.asarray(self.conf_high) - est],
                        fmt="o", ms=4, capsize=2, color="#D55E00")
            ax.set_xlabel(self.element_column)
        else:
            ax.errorbar([0], [self.overall_estimate],
                        yerr=[[self.overall_estimate - self.overall_conf_low],
                              [self.overall_conf_high - self.overall_estimate]],
                        fmt="o", capsize=2, color="#D55E00")
            ax.set_xticks([0], ["overall"])
        ax.axhline(0, color="#555555", lw=0.8)
        if self.aggregation == "dynamic":
            ax.axvline(-0.5, color="#222222", ls="--", lw=1.0)
        ax.set_ylabel(f"ATT ({self.aggregation})")
        return ax


# -- input checks -----------------------------------------------------------------------------


def _integer_values(values: pd.Series, what: str, column: str) -> np.ndarray:
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(arr) | (arr != np.round(arr))
    if bad.any():
        example = values[bad].iloc[0]
        raise AnalysisError(
            f"{what} column '{column}' must hold whole numbers; found {example!r} "
            f"in {int(bad.sum())} row(s)")
    return arr.astype(np.int64)


def _wide_panel(frame: pd.DataFrame, unit: str, time: str, outcome: str, cohort: str,
                never_value: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate and reshape: outcomes (units × periods), periods, cohort per unit."""
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("att_gt needs a pandas DataFrame (one row per unit and period)")
    missing = [c for c in (unit, time, outcome, cohort) if c not in frame.columns]
    if missing:
        raise AnalysisError(f"column(s) {missing} not in the data; "
                            f"available: {list(frame.columns)}")
    if frame.empty:
        raise AnalysisError("the data have no rows")
    for col, what in ((unit, "unit"), (time, "period"), (cohort, "cohort")):
        na = frame[col].isna()
        if na.any():
            raise AnalysisError(
                f"{what} column '{col}' has {int(na.sum())} missing value(s)"
                + (f"; code never-treated units as {never_value!r}" if col == cohort else ""))
    y = pd.to_numeric(frame[outcome], errors="coerce")
    bad_y = y.isna() | ~np.isfinite(y.to_numpy(dtype=float))
    if bad_y.any():
        units = frame.loc[bad_y, unit].unique()[:5].tolist()
        raise AnalysisError(
            f"outcome '{outcome}' is missing or not numeric in {int(bad_y.sum())} row(s) "
            f"(e.g. units {units}); the estimator needs a balanced panel without gaps -- "
            "drop those units or impute first")
    t = _integer_values(frame[time], "period", time)
    g = _integer_values(frame[cohort], "cohort", cohort)
    work = pd.DataFrame({"u": frame[unit].to_numpy(), "t": t, "g": g,
                         "y": y.to_numpy(dtype=float)})
    n_g = work.groupby("u", sort=True)["g"].nunique()
    if (n_g > 1).any():
        bad = n_g[n_g > 1].index[:5].tolist()
        raise AnalysisError(
            f"cohort '{cohort}' varies within unit(s) {bad} ({int((n_g > 1).sum())} in all); "
            "it must be the unit's first treated period, constant over its rows")
    dup = work.duplicated(["u", "t"])
    if dup.any():
        ex = work.loc[dup, ["u", "t"]].iloc[0].tolist()
        raise AnalysisError(
            f"unbalanced panel: {int(dup.sum())} duplicate unit-period row(s), "
            f"e.g. unit {ex[0]!r} in period {ex[1]}")
    periods = np.sort(work["t"].unique())
    n_units = work["u"].nunique()
    if len(work) != n_units * len(periods):
        counts = work.groupby("u")["t"].size()
        short = counts[counts < len(periods)].index[:5].tolist()
        raise AnalysisError(
            f"unbalanced panel: {len(work)} rows for {n_units} units × "
            f"{len(periods)} periods; units missing periods include {short}")
    if len(periods) < 2:
        raise AnalysisError("at least two periods are needed")
    wide = work.pivot(index="u", columns="t", values="y").reindex(columns=periods)
    unit_cohort = work.groupby("u")["g"].first().reindex(wide.index).to_numpy(dtype=np.int64)
    return wide.to_numpy(dtype=float), periods, unit_cohort


# -- estimation -------------------------------------------------------------------------------


def att_gt(frame: pd.DataFrame, *, unit: str, time: str, outcome: str, cohort: str,
           never_value: int = 0, control: Control = "nevertreated",
           base_period: str = "varying", alpha: float = 0.05) -> ATTgt:
    """Callaway & Sant'Anna ATT(g,t) on a balanced panel, no covariates.

    Parameters
    ----------
    frame : DataFrame
        Long panel: one row per unit and period.
    unit, time, outcome, cohort : str
        Column names. ``time`` and ``cohort`` hold whole numbers; ``cohort`` is the
        unit's first treated period (one of the observed periods) or ``never_value``.
    never_value : int
        The cohort code of never-treated units (R ``did``: 0).
    control : {"nevertreated", "notyettreated"}
        Comparison units of cell (g,t): never-treated only, or never-treated plus
        ``{G > max(t, b)}`` other than cohort g.
    base_period : {"varying"}
        Only the varying (short-difference) base period is implemented.
    alpha : float
        1 − confidence level of the normal intervals.

    Returns
    -------
    ATTgt
        One row per (g, t) with t over all periods but the first, sorted by g then t.

    Raises
    ------
    AnalysisError
        On any input listed in the module docstring.
    """
    if control not in ("nevertreated", "notyettreated"):
        raise AnalysisError(
            f"control must be 'nevertreated' or 'notyettreated', not {control!r}")
    if base_period != "varying":
        raise AnalysisError(
            f"base_period {base_period!r} is not implemented; only 'varying' is")
    if not 0 < alpha < 1:
        raise AnalysisError(f"alpha must lie strictly between 0 and 1, not {alpha!r}")
    y, periods, gu = _wide_panel(frame, unit, time, outcome, cohort, never_value)
    n = len(gu)
    never = gu == never_value
    cohorts = np.unique(gu[~never])
    if cohorts.size == 0:
        raise AnalysisError(f"no treated units: every '{cohort}' equals {never_value!r}")
    outside = cohorts[~np.isin(cohorts, periods)]
    if outside.size:
        raise AnalysisError(
            f"cohort(s) {outside.tolist()} in '{cohort}' are not observed periods "
            f"({periods[0]}..{periods[-1]}); code units treated after the panel as "
            f"never-treated ({never_value!r}) or drop them")
    if cohorts[0] == periods[0]:
        k = int((gu == periods[0]).sum())
        raise AnalysisError(
            f"cohort {int(periods[0])} ({k} unit(s)) is treated in the first period, so it "
            "has no pre-period to difference against; drop those units")
    if control == "nevertreated" and not never.any():
        raise AnalysisError(
            f"no never-treated units ('{cohort}' == {never_value!r}) to serve as controls; "
            "use control='notyettreated' or add never-treated units")

    # cells: every cohort × every period but the first, varying base period
    pos_of = {int(p): i for i, p in enumerate(periods)}
    g_cells = np.repeat(cohorts, len(periods) - 1)
    t_idx = np.tile(np.arange(1, len(periods)), len(cohorts))
    g_idx = np.array([pos_of[int(g)] for g in g_cells])
    b_idx = np.where(t_idx >= g_idx, g_idx - 1, t_idx - 1)
    t_cells = periods[t_idx]

    dy = y[:, t_idx] - y[:, b_idx]  # units × cells
    treated = gu[:, None] == g_cells[None, :]
    if control == "nevertreated":
        ctrl = np.repeat(never[:, None], len(g_cells), axis=1)
    else:
        later = periods[np.maximum(t_idx, b_idx)]
        ctrl = never[:, None] | ((gu[:, None] > later[None, :]) & ~treated)
    n_ctrl = ctrl.sum(axis=0)
    if (n_ctrl == 0).any():
        j = int(np.flatnonzero(n_ctrl == 0)[0])
        raise AnalysisError(
            f"no control units for ATT({int(g_cells[j])},{int(t_cells[j])}): no never-treated "
            "or not-yet-treated unit is left; drop the last periods or add never-treated units")
    n_treat = treated.sum(axis=0)
    p_g, p_c = n_treat / n, n_ctrl / n
    mu_g = (treated * dy).sum(axis=0) / n_treat
    mu_c = (ctrl * dy).sum(axis=0) / n_ctrl
    est = mu_g - mu_c
    infl = treated * (dy - mu_g) / p_g - ctrl * (dy - mu_c) / p_c
    se = _se(infl)
    inf = _inference(est, se, alpha)

    sizes = np.array([(gu == g).sum() for g in cohorts])
    notes = []
    for g, k in zip(cohorts, sizes, strict=True):
        if k == 1:
            notes.append(f"cohort {int(g)} has a single unit: its within-cohort variation is "
                         "zero, so its standard errors leave out treated-side noise and are "
                         "too small")
        elif k < SMALL_COHORT:
            notes.append(f"cohort {int(g)} has only {int(k)} units: its standard errors rest "
                         "on very few units")
    if control == "notyettreated" and not never.any():
        notes.append("no never-treated units: controls are not-yet-treated units only")

    return ATTgt(
        outcome=outcome, group=tuple(int(g) for g in g_cells),
        time=tuple(int(t) for t in t_cells), estimate=_floats(est), std_error=_floats(se),
        statistic=_floats(inf["statistic"]), p_value=_floats(inf["p_value"]),
        conf_low=_floats(inf["conf_low"]), conf_high=_floats(inf["conf_high"]),
        periods=tuple(int(p) for p in periods), cohorts=tuple(int(g) for g in cohorts),
        cohort_sizes=tuple(int(k) for k in sizes), n_units=n, n_never=int(never.sum()),
        control=control, base_period=base_period, alpha=float(alpha),
        never_value=int(never_value), notes=tuple(notes), influence=infl, unit_cohort=gu)


# -- aggregation ------------------------------------------------------------------------------


def _weighted(att: np.ndarray, infl: np.ndarray, keep: np.ndarray, pg: np.ndarray,
              ind: np.ndarray) -> tuple[float, np.ndarray]:
    """Cohort-share weighted mean of cells ``keep`` and its influence function.

    ``pg[k]`` is the share of all units in the cohort of cell k and ``ind[:, k]`` the
    indicator of that cohort per unit. The weights ``w_k = pg_k / Σ pg`` are estimated,
    so the IF adds ``Σ_k att_k ∂w_k`` with ``∂w_k = (1{G=g_k} − pg_k)/S − pg_k Σ_j
    (1{G=g_j} − pg_j)/S²`` (R ``did``: ``wif``).
    """
    pgk = pg[keep]
    s = pgk.sum()
    w = pgk / s
    dev = ind[:, keep] - pgk[None, :]  # IF of the cohort shares
    wif = dev / s - dev.sum(axis=1, keepdims=True) * (pgk / s ** 2)[None, :]
    return float(att[keep] @ w), infl[:, keep] @ w + wif @ att[keep]


def aggregate(attgt: ATTgt, kind: AggKind = "simple") -> Aggregate:
    """Aggregate ATT(g,t) as R ``did::aggte`` does (analytic SEs, same ``alpha``).

    Parameters
    ----------
    attgt : ATTgt
        From :func:`att_gt` (not one rebuilt by ``from_dict``: it lacks the influence
        functions).
    kind : {"simple", "dynamic", "group", "calendar"}
        ``simple``: post-treatment cells weighted by cohort share. ``dynamic``: θ(e) per
        event time e = t − g (cohort-share weights), overall = mean over e ≥ 0.
        ``group``: θ(g) = mean over t ≥ g, overall weighted by cohort share.
        ``calendar``: θ(t) over post cells of period t (cohort-share weights), overall =
        mean over periods from the first cohort on.

    Returns
    -------
    Aggregate
    """
    if kind not in ("simple", "dynamic", "group", "calendar"):
        raise AnalysisError(
            f"kind must be one of simple, dynamic, group, calendar; not {kind!r}")
    if attgt.influence is None or attgt.unit_cohort is None:
        raise AnalysisError("this ATTgt has no influence functions (rebuilt from a dict?); "
                            "re-run att_gt to aggregate")
    infl = np.asarray(attgt.influence, dtype=float)
    gu = np.asarray(attgt.unit_cohort)
    att = np.asarray(attgt.estimate, dtype=float)
    g = np.asarray(attgt.group)
    t = np.asarray(attgt.time)
    ind = (gu[:, None] == g[None, :]).astype(float)  # unit in the cohort of cell k
    pg = ind.mean(axis=0)
    post = t >= g

    elements: list[int] = []
    el_est: list[float] = []
    el_if: list[np.ndarray] = []
    if kind == "simple":
        overall, ov_if = _weighted(att, infl, post, pg, ind)
    elif kind == "dynamic":
        e = t - g
        for ee in np.unique(e):
            est, f = _weighted(att, infl, e == ee, pg, ind)
            elements.append(int(ee))
            el_est.append(est)
            el_if.append(f)
        pos = np.array(elements) >= 0
        overall = float(np.mean(np.array(el_est)[pos]))
        ov_if = np.column_stack(el_if)[:, pos].mean(axis=1)
    elif kind == "group":
        cohorts = np.asarray(attgt.cohorts)
        for gg in cohorts:
            keep = (g == gg) & post
            elements.append(int(gg))
            el_est.append(float(att[keep].mean()))
            el_if.append(infl[:, keep].mean(axis=1))
        ind_g = (gu[:, None] == cohorts[None, :]).astype(float)
        overall, ov_if = _weighted(np.array(el_est), np.column_stack(el_if),
                                   np.ones(len(cohorts), bool), ind_g.mean(axis=0), ind_g)
    else:  # calendar
        for tt in np.unique(t[t >= g.min()]):
            keep = (t == tt) & post
            est, f = _weighted(att, infl, keep, pg, ind)
            elements.append(int(tt))
            el_est.append(est)
            el_if.append(f)
        overall = float(np.mean(el_est))
        ov_if = np.column_stack(el_if).mean(axis=1)

    ov_se = _se(ov_if[:, None])
    ov = _inference(np.array([overall]), ov_se, attgt.alpha)
    if elements:
        est_a = np.array(el_est)
        se_a = _se(np.column_stack(el_if))
    else:
        est_a = se_a = np.array([])
    inf = _inference(est_a, se_a, attgt.alpha)
    return Aggregate(
        aggregation=kind, outcome=attgt.outcome, overall_estimate=overall,
        overall_std_error=float(ov_se[0]), overall_statistic=float(ov["statistic"][0]),
        overall_p_value=float(ov["p_value"][0]), overall_conf_low=float(ov["conf_low"][0]),
        overall_conf_high=float(ov["conf_high"][0]), element=tuple(elements),
        estimate=_floats(est_a), std_error=_floats(se_a),
        statistic=_floats(inf["statistic"]), p_value=_floats(inf["p_value"]),
        conf_low=_floats(inf["conf_low"]), conf_high=_floats(inf["conf_high"]),
        control=attgt.control, alpha=attgt.alpha, notes=attgt.notes)
