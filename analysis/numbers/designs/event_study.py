"""Two-way fixed-effects event study (dynamic DiD) with a joint pre-trend test.

:func:`fit_event_study` regresses the outcome on relative-time dummies
``D_e = 1{unit treated and t − adoption = e}`` for ``e = −leads … lags`` except the
reference period (default ``e = −1``, *excluded*, so every coefficient is the
difference to the period before adoption), with unit and time fixed effects:

    y_it = α_i + λ_t + Σ_{e ≠ ref} β_e D_e,it + ε_it

* Endpoints: with ``bin_endpoints=True`` (default) the end dummies are *binned* —
  ``D_{−leads}`` is 1 for all ``e ≤ −leads`` and ``D_{lags}`` for all ``e ≥ lags`` —
  so no observation is dropped. With ``bin_endpoints=False`` the rows of treated units
  outside the window are *dropped* (never-treated units keep all rows).
* Never-treated units have ``adoption == never_value`` (default 0, as
  :mod:`analysis.numbers.designs.staggered`) or ``±inf``; a missing adoption is an error.
  Relative time is counted in periods: ``(time − adoption) / step`` with ``step`` the
  smallest gap between observed periods (``time`` must be numeric).
* Fixed effects are absorbed by two-way demeaning (balanced panel) or alternating
  projections (unbalanced), as in :func:`analysis.numbers.designs.did.twfe`; the coefficients
  equal the dummy-variable OLS (tested to 1e-8 against statsmodels).
* SEs: cluster-robust by ``cluster`` (default the unit) with the fixest "nested"
  small-sample factor ``G/(G−1)·(N−1)/(N−K)``, K = the event-time coefficients +
  intercept + the fixed-effect dummies not nested in the clusters (clustering by unit:
  K = n_coef + 1 + (T − 1)); Student t with G − 1 df — the convention of
  :func:`analysis.numbers.designs.did.twfe`.
* Pre-trends: joint Wald test that all lead coefficients (``e < 0``, reference
  excluded) are 0, ``F = b' V⁻¹ b / q`` against F(q, G − 1), returned as a
  :class:`~analysis.results.checks.CheckResult` named ``pretrend_wald`` ("warn" when p < 0.05).
  A non-rejection is weak evidence (Roth 2022: low power, and conditioning on passing
  distorts the post-period estimates).

**Caveat — staggered adoption.** When units adopt at different times and effects are
heterogeneous across cohorts or over event time, the TWFE event-study coefficients
are contaminated by effects from other relative periods (Sun & Abraham 2021): a lead
can be non-zero without any pre-trend, and a lag mixes other lags. A report using this
estimator under staggered timing must pair it with the Callaway–Sant'Anna estimates
(:func:`analysis.numbers.designs.staggered.att_gt` / ``aggregate(..., "dynamic")``); the result
carries a note saying so when timing varies.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.numbers.designs.did import _codes, _demean_two_way, _nested
from analysis.results.checks import CheckResult
from analysis.results.effects import Coefficient
from analysis.results.event_study import EventStudyResult

NAN = float("nan")


def _prep(
    frame: Any, unit: str, time: str, outcome: str, adoption: str, cluster: str, never_value: Any
) -> tuple[pd.DataFrame, np.ndarray, float]:
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("expected a pandas DataFrame")
    cols = list(dict.fromkeys([unit, time, outcome, adoption, cluster]))
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise AnalysisError(f"column(s) not in the data: {', '.join(map(repr, missing))}")
    sub = frame[cols].copy()
    for c in cols:
        n_bad = int(sub[c].isna().sum())
        if n_bad:
            hint = (
                f"; code never-treated units as {never_value!r}"
                if c == adoption
                else "; drop or impute them first"
            )
            raise AnalysisError(f"column '{c}' has {n_bad} missing value(s){hint}")
    for c in (outcome, time, adoption):
        try:
            sub[c] = sub[c].astype(float)
        except (TypeError, ValueError) as exc:
            raise AnalysisError(f"column '{c}' must be numeric") from exc
    if not np.isfinite(sub[[outcome, time]].to_numpy()).all():
        raise AnalysisError(f"'{outcome}' or '{time}' has non-finite values")
    if sub.duplicated([unit, time]).any():
        raise AnalysisError(f"duplicate ({unit}, {time}) rows: one row per unit and period")
    if (sub.groupby(unit)[adoption].nunique() > 1).any():
        raise AnalysisError(
            f"'{adoption}' varies within a unit: it must be the unit's "
            "first treated period (constant per unit)"
        )
    adopt = sub[adoption].to_numpy()
    never = np.isinf(adopt) | (adopt == float(never_value))
    periods = np.sort(pd.unique(sub[time]))
    if len(periods) < 2:
        raise AnalysisError("need at least two periods")
    step = float(np.diff(periods).min())
    return sub, never, step


def fit_event_study(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    adoption: str,
    leads: int = 4,
    lags: int = 8,
    reference: int = -1,
    cluster: str | None = None,
    alpha: float = 0.05,
    bin_endpoints: bool = True,
    never_value: Any = 0,
) -> EventStudyResult:
    """TWFE event study with cluster-robust SEs and a joint pre-trend Wald test.

    Parameters
    ----------
    frame : long DataFrame, one row per unit and period.
    unit, time, outcome : column names (``time`` numeric, e.g. years).
    adoption : column with the unit's first treated period, or ``never_value`` / ±inf for
        never-treated units.
    leads, lags : window ``e = −leads … lags`` (leads ≥ 2 so a lead remains besides −1).
    reference : the omitted event time (default −1), must lie in ``[−leads, −1]``.
    cluster : clustering column (default ``unit``).
    alpha : 1 − confidence level.
    bin_endpoints : True — bin ``e ≤ −leads`` and ``e ≥ lags`` into the end dummies;
        False — drop treated units' rows outside the window.
    never_value : the never-treated marker in ``adoption`` (default 0).

    Raises
    ------
    AnalysisError
        Missing columns or values, duplicates, adoption varying within a unit, no treated
        units, no never-treated units with a single adoption date (relative time is then
        collinear with the time effects), a reference outside the window, fewer than two
        clusters, or event-time dummies not identified.
    """
    if not 0 < alpha < 1:
        raise AnalysisError(f"alpha must be in (0, 1); got {alpha}")
    for nm, v in (("leads", leads), ("lags", lags), ("reference", reference)):
        if isinstance(v, bool) or not isinstance(v, int | np.integer):
            raise AnalysisError(f"{nm} must be a whole number; got {v!r}")
    if leads < 2 or lags < 0:
        raise AnalysisError(f"need leads ≥ 2 and lags ≥ 0; got leads={leads}, lags={lags}")
    if not -leads <= reference <= -1:
        raise AnalysisError(
            f"reference e = {reference} is outside the pre-period window [{-leads}, -1]"
        )
    cluster = unit if cluster is None else cluster
    sub, never, step = _prep(frame, unit, time, outcome, adoption, cluster, never_value)
    if never.all():
        raise AnalysisError(f"no treated units: every '{adoption}' is the never marker")
    cohorts = np.unique(sub[adoption].to_numpy()[~never])
    if not never.any() and len(cohorts) == 1:
        raise AnalysisError(
            "no never-treated units and a single adoption date: relative "
            "time is collinear with the time fixed effects; an event study "
            "needs never-treated units or variation in timing"
        )
    rel_raw = (sub[time].to_numpy() - np.where(never, 0.0, sub[adoption].to_numpy())) / step
    rel = np.rint(rel_raw)
    if not np.allclose(rel[~never], rel_raw[~never], atol=1e-8):
        raise AnalysisError(f"'{adoption}' is not on the grid of '{time}' (step {step:g})")
    notes: list[str] = []
    if bin_endpoints:
        rel = np.clip(rel, -leads, lags)
    else:
        keep = never | ((rel >= -leads) & (rel <= lags))
        if not keep.all():
            notes.append(
                f"{int((~keep).sum())} treated-unit rows outside e ∈ [{-leads}, "
                f"{lags}] dropped (bin_endpoints=False)"
            )
        sub, never, rel = sub[keep].reset_index(drop=True), never[keep], rel[keep]
    event_times = [e for e in range(-leads, lags + 1) if e != reference]
    d = np.column_stack([((~never) & (rel == e)).astype(float) for e in event_times])
    empty = [e for e, col in zip(event_times, d.T, strict=True) if not col.any()]
    if empty:
        raise AnalysisError(
            f"no treated observations at event time(s) {empty}: shrink the window (leads/lags)"
        )
    y = sub[outcome].to_numpy(dtype=float)
    u, n_u = _codes(sub[unit])
    t, n_t = _codes(sub[time])
    g, n_g = _codes(sub[cluster])
    if n_g < 2:
        raise AnalysisError(f"cluster-robust SEs need at least 2 clusters; '{cluster}' has 1")
    n = len(y)
    balanced = n == n_u * n_t
    zt = _demean_two_way(np.column_stack([y, d]), u, n_u, t, n_t, balanced)
    yt, xt = zt[:, 0], zt[:, 1:]
    m = xt.shape[1]
    sv = np.linalg.svd(xt, compute_uv=False)
    if sv.min() < 1e-8 * max(sv.max(), 1.0) * math.sqrt(n):
        raise AnalysisError(
            "the event-time dummies are not identified after the unit and "
            "time fixed effects (collinear); add never-treated units, "
            "shrink the window or bin the endpoints"
        )
    xtx_inv = np.linalg.inv(xt.T @ xt)
    beta = xtx_inv @ (xt.T @ yt)
    resid = yt - xt @ beta
    unit_nested, time_nested = _nested(u, g), _nested(t, g)
    k = m + 1 + (0 if unit_nested else n_u - 1) + (0 if time_nested else n_t - 1)
    if n - k <= 0:
        raise AnalysisError("too few observations for the number of parameters")
    factor = n_g / (n_g - 1) * (n - 1) / (n - k)
    sg = np.zeros((n_g, m))
    np.add.at(sg, g, xt * resid[:, None])
    cov = factor * xtx_inv @ (sg.T @ sg) @ xtx_inv
    cov = (cov + cov.T) / 2.0
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    df = float(n_g - 1)
    crit = float(stats.t.ppf(1 - alpha / 2, df))
    coefs = []
    for i, e in enumerate(event_times):
        tstat = beta[i] / se[i] if se[i] > 0 else NAN
        p = float(2 * stats.t.sf(abs(tstat), df)) if se[i] > 0 else NAN
        binned = bin_endpoints and e in (-leads, lags)
        desc = (
            f"{'lead' if e < 0 else 'lag'} e = {e}"
            + ((f" (binned: e ≤ {e})" if e < 0 else f" (binned: e ≥ {e})") if binned else "")
            + f", relative to e = {reference}"
        )
        coefs.append(
            Coefficient(
                term=f"e={e}",
                estimate=float(beta[i]),
                std_error=float(se[i]),
                statistic=tstat,
                p_value=p,
                conf_low=float(beta[i] - crit * se[i]),
                conf_high=float(beta[i] + crit * se[i]),
                description=desc,
            )
        )
    pretrend = _pretrend(beta, cov, event_times, n_g)
    se_type = (
        f"cluster-robust by '{cluster}' ({n_g} clusters), fixest 'nested' factor "
        f"G/(G−1)·(N−1)/(N−K), K = {k}; Student t with {n_g - 1} df"
    )
    if len(cohorts) > 1:
        notes.append(
            f"staggered adoption ({len(cohorts)} cohorts): TWFE event-study "
            "coefficients are contaminated under heterogeneous effects (Sun & "
            "Abraham 2021); pair with Callaway–Sant'Anna (designs.staggered)"
        )
    if n_g < 30:
        notes.append(f"only {n_g} clusters: cluster-robust SEs and the Wald test may over-reject")
    if not never.any():
        notes.append(
            "no never-treated units: identification rests on not-yet-treated "
            "units and the binned endpoints"
        )
    n_treated = int(pd.Series(u[~never]).nunique())
    n_never = int(pd.Series(u[never]).nunique())
    return EventStudyResult(
        outcome=outcome,
        event_times=tuple(event_times),
        coefficients=tuple(coefs),
        reference=int(reference),
        leads=int(leads),
        lags=int(lags),
        bin_endpoints=bool(bin_endpoints),
        pretrend=pretrend,
        alpha=alpha,
        n_obs=int(n),
        n_units=int(n_u),
        n_treated_units=n_treated,
        n_never_treated=n_never,
        n_periods=int(n_t),
        n_clusters=int(n_g),
        k_params=int(k),
        df=df,
        se_type=se_type,
        notes=tuple(notes),
    )


def _pretrend(beta: np.ndarray, cov: np.ndarray, event_times: list[int], n_g: int) -> CheckResult:
    idx = [i for i, e in enumerate(event_times) if e < 0]
    label = f"Pre-trends: joint Wald test of {len(idx)} lead(s) = 0"
    b = beta[idx]
    v = cov[np.ix_(idx, idx)]
    q = len(idx)
    df2 = n_g - 1
    if q > df2:
        return CheckResult.not_applicable(
            "pretrend_wald", label, f"{q} leads but only {n_g} clusters"
        )
    try:
        w = float(b @ np.linalg.solve(v, b))
    except np.linalg.LinAlgError:
        return CheckResult.not_applicable(
            "pretrend_wald", label, "the leads' covariance is singular"
        )
    f = w / q
    p = float(stats.f.sf(f, q, df2))
    status = "pass" if p >= 0.05 else "warn"
    detail = f"F({q}, {df2}) = {f:.3g}, p = {p:.3g}: " + (
        "no evidence against parallel pre-trends (a weak test: low power)"
        if status == "pass"
        else "the leads differ jointly from 0 — parallel trends is doubtful"
    )
    return CheckResult(
        name="pretrend_wald",
        label=label,
        status=status,
        detail=detail,
        statistic=f,
        p_value=p,
        threshold=0.05,
        values=(("q", float(q)), ("df_denominator", float(df2))),
    )
