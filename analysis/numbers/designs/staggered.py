"""Staggered difference-in-differences: Callaway & Sant'Anna (2021) ATT(g,t) and aggregations.

Scope: a balanced panel, the "varying" (short-difference) base period; parallel trends
unconditional or conditional on covariates (outcome regression ``est_method="reg"`` or the
improved doubly-robust estimator of Sant'Anna & Zhao 2020, ``est_method="dr"``, as R
``did`` with ``xformla``); analytic influence-function standard errors, and the multiplier
bootstrap with uniform (simultaneous) bands (:func:`multiplier_bootstrap`).

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

* :func:`multiplier_bootstrap` -- R ``did``'s ``mboot``: per-unit multipliers (Rademacher
  by default) on the influence functions, SEs from the bootstrap interquartile range, and
  the critical value of the maximum absolute t-statistic over all elements for a uniform
  band (so the band covers every ATT(g,t) or every event-time effect at once).
* Covariates (``covariates=[...]``, taken at each cell's base period as R ``did`` does):
  ``"reg"`` regresses ΔY on the covariates among the cell's controls and imputes the
  treated units' counterfactual change, with the regression's estimation effect in the
  influence function; ``"dr"`` (R ``did``'s choice, ``DRDID::drdid_panel``) combines a
  logit propensity score with that outcome regression so that the estimate is consistent
  when either model is right, both first stages' estimation effects in the influence
  function; ``"dr_imp"`` is Sant'Anna & Zhao's (2020) "improved" estimator (propensity by
  inverse probability tilting, Graham, Pinto & Egel 2012; outcome regression weighted by
  the propensity odds; no first-stage terms in its influence function). Controls with a
  propensity above 0.995 are trimmed, as DRDID does.

Reproduces the published R ``did`` numbers on ``mpdta`` exactly (all ATT(g,t), all
aggregations, analytic SEs to 6 d.p.; with ``xformla=~lpop``, ``est_method="reg"`` the
simple ATT −0.041969; ``tests/test_staggered.py``).

Input checks (each an :class:`~analysis.core.errors.AnalysisError`): missing columns,
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

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.numbers.designs._internals.influence import as_floats, influence_se, normal_inference
from analysis.numbers.designs._internals.panels import multipliers, wide_panel
from analysis.results.staggered import Aggregate, ATTgt, BootstrapBands

__all__ = ["aggregate", "att_gt", "multiplier_bootstrap", "untreated_level"]

#: Cohorts smaller than this are flagged in the notes (R ``did`` warns below 5 too).
SMALL_COHORT = 5

Control = Literal["nevertreated", "notyettreated"]
AggKind = Literal["simple", "dynamic", "group", "calendar"]
EstMethod = Literal["dr", "dr_imp", "reg"]

# -- estimation -------------------------------------------------------------------------------


def _ipt_odds(d: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Propensity odds ``exp(x'γ)`` by inverse probability tilting (Graham et al. 2012).

    γ minimises ``mean((1−D)·exp(x'γ) − D·x'γ)``, whose first-order condition makes the
    odds-weighted control means of every covariate equal the treated means exactly. The
    loss is convex; Newton steps with step halving.
    """
    gam = np.zeros(x.shape[1])
    gam[0] = np.log(d.sum() / (~d).sum())  # intercept-only solution as the start
    c = ~d

    def loss(g: np.ndarray) -> float:
        with np.errstate(over="ignore"):
            return float(np.mean(np.where(c, np.exp(x @ g), 0.0) - np.where(d, x @ g, 0.0)))

    cur = loss(gam)
    for _ in range(100):
        e = np.where(c, np.exp(x @ gam), 0.0)
        grad = x.T @ (e - d) / len(d)
        hess = (x * e[:, None]).T @ x / len(d)
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError as err:
            raise AnalysisError(
                "the propensity model cannot be fitted: the covariates are "
                "collinear among the comparison units"
            ) from err
        size = 1.0
        while size > 1e-10:
            new = loss(gam - size * step)
            if np.isfinite(new) and new <= cur + 1e-14:
                break
            size /= 2
        gam, prev, cur = gam - size * step, cur, new
        if np.max(np.abs(grad)) < 1e-10 or abs(prev - cur) < 1e-15:
            break
    return np.exp(x @ gam)


def _lstsq(x: np.ndarray, y: np.ndarray, w: np.ndarray, what: str) -> np.ndarray:
    """Weighted least squares coefficients, refusing rank-deficient designs."""
    sw = np.sqrt(w)
    coef, _, rank, _ = np.linalg.lstsq(x * sw[:, None], y * sw, rcond=None)
    if rank < x.shape[1]:
        raise AnalysisError(
            f"the {what} cannot be fitted: the covariates are collinear "
            "(or constant) among the comparison units of a cell"
        )
    return coef


def _cell_reg(dy: np.ndarray, x: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Outcome-regression DiD on one cell's units (DRDID ``reg_did_panel``): ATT and IF."""
    c = ~d
    beta = _lstsq(x[c], dy[c], np.ones(int(c.sum())), "outcome regression")
    fit = x @ beta
    wt = d.astype(float)
    eta_t = np.mean(wt * dy) / wt.mean()
    eta_c = np.mean(wt * fit) / wt.mean()
    wc = c.astype(float)
    xpx = (x * wc[:, None]).T @ x / len(dy)
    lin = ((wc * (dy - fit))[:, None] * x) @ np.linalg.inv(xpx)  # the OLS's own IF
    m1 = (x * wt[:, None]).mean(axis=0)
    inf_t = (wt * dy - wt * eta_t) / wt.mean()
    inf_c = (wt * fit - wt * eta_c + lin @ m1) / wt.mean()
    return eta_t - eta_c, inf_t - inf_c


#: Comparison units with a propensity score above this are dropped (DRDID's default).
TRIM_LEVEL = 0.995


def _logit(d: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression by Newton–Raphson: fitted probabilities and (X'WX/n)⁻¹."""
    beta = np.zeros(x.shape[1])
    n = len(d)
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        w = p * (1 - p)
        info = (x * w[:, None]).T @ x
        try:
            step = np.linalg.solve(info, x.T @ (d - p))
        except np.linalg.LinAlgError as err:
            raise AnalysisError(
                "the propensity model cannot be fitted: the covariates are "
                "collinear (or constant) in a cell"
            ) from err
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    p = 1 / (1 + np.exp(-(x @ beta)))
    info = (x * (p * (1 - p))[:, None]).T @ x / n
    return p, np.linalg.inv(info)


def _cell_dr(dy: np.ndarray, x: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Locally efficient doubly-robust DiD on one cell (DRDID ``drdid_panel``, what R
    ``did`` uses for ``est_method="dr"``): logit propensity score, OLS outcome regression
    on the controls, and both first stages' estimation effects in the IF."""
    n = len(dy)
    c = ~d
    df = d.astype(float)
    ps, hess = _logit(df, x)
    ps = np.minimum(ps, 1 - 1e-6)
    trim = np.where(c, ps < TRIM_LEVEL, True)
    beta = _lstsq(x[c], dy[c], np.ones(int(c.sum())), "outcome regression")
    resid = dy - x @ beta
    wt = trim * df
    wc = trim * ps * (1 - df) / (1 - ps)
    eta_t = np.mean(wt * resid) / wt.mean()
    eta_c = np.mean(wc * resid) / wc.mean()
    wols = 1 - df
    xpx_inv = np.linalg.inv((x * wols[:, None]).T @ x / n)
    lin_ols = ((wols * resid)[:, None] * x) @ xpx_inv
    lin_ps = ((df - ps)[:, None] * x) @ hess
    inf_t = (wt * resid - wt * eta_t - lin_ols @ (x * wt[:, None]).mean(axis=0)) / wt.mean()
    m2 = (x * (wc * (resid - eta_c))[:, None]).mean(axis=0)
    inf_c = (
        wc * resid - wc * eta_c + lin_ps @ m2 - lin_ols @ (x * wc[:, None]).mean(axis=0)
    ) / wc.mean()
    return eta_t - eta_c, inf_t - inf_c


def _cell_dr_imp(dy: np.ndarray, x: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Improved doubly-robust DiD on one cell (DRDID ``drdid_imp_panel``): ATT and IF."""
    c = ~d
    odds = _ipt_odds(d, x)
    ps = np.minimum(odds / (1 + odds), 1 - 1e-16)
    beta = _lstsq(x[c], dy[c], odds[c], "outcome regression")
    resid = dy - x @ beta
    wt = d.astype(float)
    wc = np.where(c & (ps < TRIM_LEVEL), ps / (1 - ps), 0.0)
    eta_t = np.mean(wt * resid) / wt.mean()
    eta_c = np.mean(wc * resid) / wc.mean()
    infl = (wt * resid - wt * eta_t) / wt.mean() - (wc * resid - wc * eta_c) / wc.mean()
    return eta_t - eta_c, infl


def att_gt(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    cohort: str,
    never_value: int = 0,
    control: Control = "nevertreated",
    base_period: str = "varying",
    alpha: float = 0.05,
    covariates: Sequence[str] = (),
    est_method: EstMethod = "dr",
) -> ATTgt:
    """Callaway & Sant'Anna ATT(g,t) on a balanced panel, with or without covariates.

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
    covariates : sequence of str
        Columns for conditional parallel trends, taken at each cell's base period (an
        intercept is added). Empty: the unconditional estimator.
    est_method : {"dr", "dr_imp", "reg"}
        With covariates: doubly robust as R ``did`` (``DRDID::drdid_panel``, default),
        the improved doubly-robust estimator (``drdid_imp_panel``) or outcome regression.
        Ignored without covariates (all methods coincide).

    Returns
    -------
    ATTgt
        One row per (g, t) with t over all periods but the first, sorted by g then t.

    Raises
    ------
    AnalysisError
        On any input listed in the module docstring.
    """
    _check_options(control, base_period, alpha, est_method)
    if isinstance(covariates, str):
        covariates = (covariates,)
    covariates = tuple(covariates)
    y, periods, gu, xw = wide_panel(frame, unit, time, outcome, cohort, never_value, covariates)
    n = len(gu)
    never = gu == never_value
    cohorts = _treated_cohorts(gu, periods, never, cohort, never_value, control)
    g_cells, t_idx, b_idx, treated, ctrl = _cells(periods, cohorts, gu, never, control)
    t_cells = periods[t_idx]
    dy = y[:, t_idx] - y[:, b_idx]  # units × cells
    n_ctrl = ctrl.sum(axis=0)
    n_treat = treated.sum(axis=0)
    if covariates:
        est, infl = _with_covariates(dy, treated, ctrl, xw, b_idx, est_method)
    else:
        p_g, p_c = n_treat / n, n_ctrl / n
        mu_g = (treated * dy).sum(axis=0) / n_treat
        mu_c = (ctrl * dy).sum(axis=0) / n_ctrl
        est = mu_g - mu_c
        infl = treated * (dy - mu_g) / p_g - ctrl * (dy - mu_c) / p_c
    se = influence_se(infl)
    inf = normal_inference(est, se, alpha)
    level = (treated * y[:, t_idx]).sum(axis=0) / n_treat  # E[Y_t | G = g], observed
    sizes = np.array([(gu == g).sum() for g in cohorts])
    notes = _cohort_notes(cohorts, sizes, control, never)

    return ATTgt(
        outcome=outcome,
        group=tuple(int(g) for g in g_cells),
        time=tuple(int(t) for t in t_cells),
        estimate=as_floats(est),
        std_error=as_floats(se),
        statistic=as_floats(inf["statistic"]),
        p_value=as_floats(inf["p_value"]),
        conf_low=as_floats(inf["conf_low"]),
        conf_high=as_floats(inf["conf_high"]),
        periods=tuple(int(p) for p in periods),
        cohorts=tuple(int(g) for g in cohorts),
        cohort_sizes=tuple(int(k) for k in sizes),
        n_units=n,
        n_never=int(never.sum()),
        control=control,
        base_period=base_period,
        alpha=float(alpha),
        never_value=int(never_value),
        notes=tuple(notes),
        covariates=covariates,
        est_method=est_method if covariates else "unconditional",
        influence=infl,
        unit_cohort=gu,
        treated_level=as_floats(level),
    )


def _check_options(control: str, base_period: str, alpha: float, est_method: str) -> None:
    if control not in ("nevertreated", "notyettreated"):
        raise AnalysisError(f"control must be 'nevertreated' or 'notyettreated', not {control!r}")
    if base_period != "varying":
        raise AnalysisError(f"base_period {base_period!r} is not implemented; only 'varying' is")
    if not 0 < alpha < 1:
        raise AnalysisError(f"alpha must lie strictly between 0 and 1, not {alpha!r}")
    if est_method not in ("dr", "dr_imp", "reg"):
        raise AnalysisError(f"est_method must be 'dr', 'dr_imp' or 'reg', not {est_method!r}")


def _treated_cohorts(
    gu: np.ndarray,
    periods: np.ndarray,
    never: np.ndarray,
    cohort: str,
    never_value: int,
    control: str,
) -> np.ndarray:
    """The treated cohorts, sorted; refuses cohorts outside the panel, a cohort treated in
    the first period and never-treated controls that do not exist."""
    cohorts = np.unique(gu[~never])
    if cohorts.size == 0:
        raise AnalysisError(f"no treated units: every '{cohort}' equals {never_value!r}")
    outside = cohorts[~np.isin(cohorts, periods)]
    if outside.size:
        raise AnalysisError(
            f"cohort(s) {outside.tolist()} in '{cohort}' are not observed periods "
            f"({periods[0]}..{periods[-1]}); code units treated after the panel as "
            f"never-treated ({never_value!r}) or drop them"
        )
    if cohorts[0] == periods[0]:
        k = int((gu == periods[0]).sum())
        raise AnalysisError(
            f"cohort {int(periods[0])} ({k} unit(s)) is treated in the first period, so it "
            "has no pre-period to difference against; drop those units"
        )
    if control == "nevertreated" and not never.any():
        raise AnalysisError(
            f"no never-treated units ('{cohort}' == {never_value!r}) to serve as controls; "
            "use control='notyettreated' or add never-treated units"
        )
    return cohorts


def _cells(
    periods: np.ndarray, cohorts: np.ndarray, gu: np.ndarray, never: np.ndarray, control: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every cohort × every period but the first with its varying base period: the cell's
    cohort, period and base-period columns, and the treated and control unit masks
    (units × cells). Refuses a cell without any control unit."""
    pos_of = {int(p): i for i, p in enumerate(periods)}
    g_cells = np.repeat(cohorts, len(periods) - 1)
    t_idx = np.tile(np.arange(1, len(periods)), len(cohorts))
    g_idx = np.array([pos_of[int(g)] for g in g_cells])
    b_idx = np.where(t_idx >= g_idx, g_idx - 1, t_idx - 1)
    t_cells = periods[t_idx]
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
            "or not-yet-treated unit is left; drop the last periods or add never-treated units"
        )
    return g_cells, t_idx, b_idx, treated, ctrl


def _cohort_notes(
    cohorts: np.ndarray, sizes: np.ndarray, control: str, never: np.ndarray
) -> list[str]:
    """Small cohorts (standard errors on few units) and not-yet-treated-only controls."""
    notes = []
    for g, k in zip(cohorts, sizes, strict=True):
        if k == 1:
            notes.append(
                f"cohort {int(g)} has a single unit: its within-cohort variation is "
                "zero, so its standard errors leave out treated-side noise and are "
                "too small"
            )
        elif k < SMALL_COHORT:
            notes.append(
                f"cohort {int(g)} has only {int(k)} units: its standard errors rest "
                "on very few units"
            )
    if control == "notyettreated" and not never.any():
        notes.append("no never-treated units: controls are not-yet-treated units only")
    return notes


def _with_covariates(
    dy: np.ndarray,
    treated: np.ndarray,
    ctrl: np.ndarray,
    xw: np.ndarray,
    b_idx: np.ndarray,
    method: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-cell conditional estimates and their IFs, scaled to all ``n`` units as R ``did``
    does (``n/n₁`` times the cell's IF on its own units, zero elsewhere)."""
    n, k = dy.shape
    est = np.empty(k)
    infl = np.zeros((n, k))
    fit = {"dr": _cell_dr, "dr_imp": _cell_dr_imp, "reg": _cell_reg}[method]
    for j in range(k):
        keep = treated[:, j] | ctrl[:, j]
        x = np.column_stack([np.ones(int(keep.sum())), xw[:, keep, b_idx[j]].T])
        est[j], f = fit(dy[keep, j], x, treated[keep, j])
        infl[keep, j] = f * n / keep.sum()
    return est, infl


# -- aggregation ------------------------------------------------------------------------------


def _weighted(
    att: np.ndarray,
    infl: np.ndarray,
    keep: np.ndarray,
    pg: np.ndarray,
    onehot: np.ndarray,
    cell_cohort: np.ndarray,
) -> tuple[float, np.ndarray]:
    """Cohort-share weighted mean of cells ``keep`` and its influence function.

    ``pg[k]`` is the share of all units in the cohort of cell k, ``cell_cohort[k]`` that
    cohort's column in ``onehot`` (units × cohorts indicators). The weights
    ``w_k = pg_k / S`` are estimated, so the IF adds ``Σ_k att_k ∂w_k`` with
    ``∂w_k = (1{G=g_k} − pg_k)/S − pg_k Σ_j (1{G=g_j} − pg_j)/S²`` (R ``did``: ``wif``).
    The sums over cells are taken per cohort first, so no units × cells array is built.
    """
    pgk = pg[keep]
    s = pgk.sum()
    w = pgk / s
    a = att[keep]
    ck = cell_cohort[keep]
    n_c = onehot.shape[1]
    ind_a = onehot @ np.bincount(ck, weights=a, minlength=n_c)  # Σ_k 1{G=g_k} att_k
    ind_1 = onehot @ np.bincount(ck, minlength=n_c).astype(float)  # Σ_k 1{G=g_k}
    pa = float(pgk @ a)
    wif_a = (ind_a - pa) / s - (ind_1 - s) * pa / s**2
    return float(a @ w), infl[:, keep] @ w + wif_a


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
        raise AnalysisError(f"kind must be one of simple, dynamic, group, calendar; not {kind!r}")
    if attgt.influence is None or attgt.unit_cohort is None:
        raise AnalysisError(
            "this ATTgt has no influence functions (rebuilt from a dict?); "
            "re-run att_gt to aggregate"
        )
    infl = np.asarray(attgt.influence, dtype=float)
    gu = np.asarray(attgt.unit_cohort)
    att = np.asarray(attgt.estimate, dtype=float)
    g = np.asarray(attgt.group)
    t = np.asarray(attgt.time)
    cohorts_all = np.asarray(attgt.cohorts)
    onehot = (gu[:, None] == cohorts_all[None, :]).astype(float)  # unit × cohort
    cell_cohort = np.searchsorted(cohorts_all, g)  # cohort column of each cell
    pg = onehot.mean(axis=0)[cell_cohort]  # share of all units in the cell's cohort
    post = t >= g

    elements: list[int] = []
    el_est: list[float] = []
    el_if: list[np.ndarray] = []
    relative: dict[str, float] = {}
    if kind == "simple":
        overall, ov_if = _weighted(att, infl, post, pg, onehot, cell_cohort)
        if attgt.treated_level:  # the same cohort-share weights as the ATT
            w = pg[post] / pg[post].sum()
            relative["level"] = float(w @ np.asarray(attgt.treated_level, dtype=float)[post])
    elif kind == "dynamic":
        e = t - g
        for ee in np.unique(e):
            est, f = _weighted(att, infl, e == ee, pg, onehot, cell_cohort)
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
        overall, ov_if = _weighted(
            np.array(el_est),
            np.column_stack(el_if),
            np.ones(len(cohorts), bool),
            onehot.mean(axis=0),
            onehot,
            np.arange(len(cohorts)),
        )
    else:  # calendar
        for tt in np.unique(t[t >= g.min()]):
            keep = (t == tt) & post
            est, f = _weighted(att, infl, keep, pg, onehot, cell_cohort)
            elements.append(int(tt))
            el_est.append(est)
            el_if.append(f)
        overall = float(np.mean(el_est))
        ov_if = np.column_stack(el_if).mean(axis=1)

    ov_se = influence_se(ov_if[:, None])
    ov = normal_inference(np.array([overall]), ov_se, attgt.alpha)
    if elements:
        est_a = np.array(el_est)
        se_a = influence_se(np.column_stack(el_if))
    else:
        est_a = se_a = np.array([])
    inf = normal_inference(est_a, se_a, attgt.alpha)
    return Aggregate(
        aggregation=kind,
        outcome=attgt.outcome,
        overall_estimate=overall,
        overall_std_error=float(ov_se[0]),
        overall_statistic=float(ov["statistic"][0]),
        overall_p_value=float(ov["p_value"][0]),
        overall_conf_low=float(ov["conf_low"][0]),
        overall_conf_high=float(ov["conf_high"][0]),
        element=tuple(elements),
        estimate=as_floats(est_a),
        std_error=as_floats(se_a),
        statistic=as_floats(inf["statistic"]),
        p_value=as_floats(inf["p_value"]),
        conf_low=as_floats(inf["conf_low"]),
        conf_high=as_floats(inf["conf_high"]),
        control=attgt.control,
        alpha=attgt.alpha,
        notes=attgt.notes,
        influence=np.column_stack(el_if) if el_if else None,
        overall_influence=ov_if,
        **_relative(relative, overall, ov),
    )


def _relative(level: dict[str, float], att: float, ov: dict[str, np.ndarray]) -> dict:
    """:func:`untreated_level`'s fields for the simple aggregate (nothing for the others)."""
    if not level:
        return {}
    return untreated_level(level["level"], att, float(ov["conf_low"][0]), float(ov["conf_high"][0]))


def untreated_level(treated: float, att: float, lo: float, hi: float) -> dict[str, float]:
    """The ATT as a share of the treated cohorts' untreated level.

    F = ``treated`` (their observed mean level over the aggregated cells, weighted as the
    ATT), C = F − ATT (what they would have had without the pilot: by parallel trends,
    their own base-period level carried forward by the comparison units' change); F/C − 1,
    with the ATT's own (influence-function) interval mapped through F/(F − x) − 1, F held
    at its observed value. The map is increasing in x, so the relative interval excludes
    zero exactly when the ATT's does, and its lower end is above −100% (+∞ when the
    upper end reaches F). Only F and C when either is not positive."""
    cf = treated - att
    out = {"treated_level": float(treated), "untreated_level": float(cf)}
    if not (treated > 0 and cf > 0):
        return out

    def share(x: float) -> float:
        return x / (treated - x) if treated - x > 0 else math.inf

    return out | {
        "relative_estimate": att / cf,
        "relative_conf_low": share(lo),
        "relative_conf_high": share(hi),
    }


# -- multiplier bootstrap ---------------------------------------------------------------------


Multipliers = Literal["rademacher", "mammen"]


def multiplier_bootstrap(
    result: ATTgt | Aggregate,
    *,
    n_boot: int = 999,
    seed: int = 0,
    weights: Multipliers = "rademacher",
) -> BootstrapBands:
    """R ``did``'s multiplier bootstrap on the influence functions of ``result``.

    Each draw multiplies every unit's influence function by an independent multiplier
    (units are the clusters, as in R ``did`` for panels), so no model is re-fitted. SEs are
    the bootstrap interquartile range / 1.349 (robust to a few wild draws); the uniform
    critical value is the (1 − alpha) quantile of the maximum |t| over the elements with a
    positive SE. Deterministic given ``seed``.
    """
    if n_boot < 99:
        raise AnalysisError(f"n_boot must be at least 99, not {n_boot!r}")
    if weights not in ("rademacher", "mammen"):
        raise AnalysisError(f"weights must be 'rademacher' or 'mammen', not {weights!r}")
    if isinstance(result, ATTgt):
        if result.influence is None:
            raise AnalysisError(
                "this ATTgt has no influence functions (rebuilt from a "
                "dict?); re-run att_gt to bootstrap"
            )
        infl = np.asarray(result.influence, dtype=float)
        est = np.asarray(result.estimate, dtype=float)
        labels = [f"ATT({g},{t})" for g, t in zip(result.group, result.time, strict=True)]
        band = np.ones(len(est), bool)
        target, ase = "att_gt", np.asarray(result.std_error)
    elif isinstance(result, Aggregate):
        if result.overall_influence is None:
            raise AnalysisError(
                "this aggregation has no influence functions (rebuilt from a "
                "dict?); re-run aggregate to bootstrap"
            )
        ov = np.asarray(result.overall_influence, dtype=float)[:, None]
        el = (
            np.asarray(result.influence, dtype=float)
            if result.influence is not None
            else np.empty((ov.shape[0], 0))
        )
        infl = np.hstack([ov, el])
        est = np.r_[result.overall_estimate, np.asarray(result.estimate, dtype=float)]
        col = result.element_column
        labels = ["overall"] + [f"{col}={e}" for e in result.element]
        band = np.r_[False, np.ones(el.shape[1], bool)]
        target = result.aggregation
        ase = np.r_[result.overall_std_error, np.asarray(result.std_error)]
    else:
        raise AnalysisError(
            f"cannot bootstrap a {type(result).__name__}; pass the result of att_gt or aggregate"
        )
    n = infl.shape[0]
    rng = np.random.default_rng(seed)
    draws = np.empty((n_boot, infl.shape[1]))
    chunk = max(1, 2_000_000 // max(n, 1))
    for lo in range(0, n_boot, chunk):
        hi = min(n_boot, lo + chunk)
        draws[lo:hi] = multipliers(rng, (hi - lo, n), weights) @ infl / n
    q75, q25 = np.quantile(draws, [0.75, 0.25], axis=0, method="inverted_cdf")
    se = (q75 - q25) / (stats.norm.ppf(0.75) - stats.norm.ppf(0.25))
    ok = se > np.sqrt(np.finfo(float).eps) * 10
    band &= ok
    alpha = result.alpha
    z = stats.norm.ppf(1 - alpha / 2)
    if band.any():
        tmax = np.max(np.abs(draws[:, band] / se[band]), axis=1)
        crit = float(np.quantile(tmax, 1 - alpha, method="inverted_cdf"))
    else:
        crit = float(z)
    return BootstrapBands(
        target=target,
        outcome=result.outcome,
        label=tuple(labels),
        estimate=as_floats(est),
        std_error=as_floats(se),
        analytic_std_error=as_floats(ase),
        conf_low=as_floats(est - z * se),
        conf_high=as_floats(est + z * se),
        band_low=as_floats(np.where(band, est - crit * se, np.nan)),
        band_high=as_floats(np.where(band, est + crit * se, np.nan)),
        in_band=tuple(bool(b) for b in band),
        crit_value=crit,
        n_boot=int(n_boot),
        seed=int(seed),
        weights=weights,
        alpha=float(alpha),
    )
