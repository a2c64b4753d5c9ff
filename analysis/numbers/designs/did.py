"""Difference-in-differences: the 2×2 regression, two-way fixed effects, and the
restricted wild cluster bootstrap.

* :func:`did_2x2` — OLS of the outcome on ``treated``, ``post`` and
  ``treated × post`` (statsmodels array API). Classical SEs by default
  (residual df N − 4, Student t); with ``cluster`` the cluster-robust
  sandwich with statsmodels' small-sample factor G/(G−1)·(N−1)/(N−K), K = 4,
  and Student t with G − 1 df.
* :func:`twfe` — unit and time fixed effects absorbed by the within
  transformation (one pass of two-way demeaning for a balanced panel,
  alternating projections to convergence otherwise). Cluster-robust SE (by
  unit unless told otherwise) with the fixest "nested" convention
  G/(G−1)·(N−1)/(N−K): K counts the DiD coefficient, the intercept and the
  fixed-effect dummies *not* nested in the clusters. With unit FEs nested in
  the clusters (the default, clustering by unit) that is K = 1 + 1 + (T − 1)
  = T + 1, i.e. the dummy-variable regression's U + T parameters minus the
  U − 1 unit dummies. Checked against pyfixest 0.60.0 (``feols(... | unit + year,
  vcov={"CRV1": unit})``, its default small-sample correction, ``fixef_k="nonnested"``)
  on mpdta: the SE agrees to 1e-12 on the balanced panel and 1e-10 on an unbalanced
  subset (``tests/test_did.py``). Student t with G − 1 df.
* :func:`wild_cluster_bootstrap` — WCR (null imposed) wild cluster bootstrap-t
  of the DiD coefficient, Rademacher or Webb weights, p-value and a confidence
  interval by test inversion. The bootstrap is exact for the full model,
  fixed effects included (the bootstrap residuals are re-projected on the
  whole design, not only on the demeaned regressor), and vectorised over
  draws through G-dimensional cluster sums, so 9,999 draws cost little.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.results.did import DiDResult, WildBootstrapResult
from analysis.results.effects import Coefficient

NAN = float("nan")
DID_TERM = "treated:post"


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------
def _require(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("expected a pandas DataFrame")
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        from analysis.core.errors import suggest

        hints = [
            f"'{c}'" + (f" ({s})" if (s := suggest(c, frame.columns)) else "") for c in missing
        ]
        raise AnalysisError(f"column(s) not in the data: {', '.join(hints)}")
    sub = frame[cols]
    for c in cols:
        bad = np.flatnonzero(sub[c].isna().to_numpy())
        if bad.size:
            from analysis.core.errors import format_rows

            raise AnalysisError(
                f"column '{c}' has {bad.size} missing value(s) at rows "
                f"{format_rows((bad + 1).tolist())} (1-based positions); "
                "drop or impute them first"
            )
    return sub


def _binary(s: pd.Series, name: str) -> np.ndarray:
    vals = pd.unique(s)
    try:
        ok = set(np.asarray(vals, dtype=float).tolist()) <= {0.0, 1.0}
    except (TypeError, ValueError):
        ok = False
    if not ok:
        shown = ", ".join(map(str, list(vals)[:6]))
        raise AnalysisError(f"'{name}' must be a 0/1 indicator; found values {shown}")
    return np.asarray(s, dtype=float)


def _numeric(s: pd.Series, name: str) -> np.ndarray:
    try:
        y = np.asarray(s, dtype=float)
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"outcome '{name}' must be numeric") from exc
    if not np.all(np.isfinite(y)):
        raise AnalysisError(f"outcome '{name}' has non-finite values")
    return y


def _codes(s: pd.Series) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64), len(uniques)


def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise AnalysisError(f"alpha must be in (0, 1); got {alpha}")


# ---------------------------------------------------------------------------
# Shared linear algebra
# ---------------------------------------------------------------------------
def _cluster_var(a_k: np.ndarray, resid: np.ndarray, g: np.ndarray, n_g: int) -> float:
    """Uncorrected cluster sandwich variance of one coefficient: Σ_g (Σ_{i∈g} a_ki e_i)²,
    with a_k the coefficient's row of (X'X)⁻¹X'."""
    s = np.bincount(g, weights=a_k * resid, minlength=n_g)
    return float(s @ s)


def _demean_two_way(
    z: np.ndarray,
    u: np.ndarray,
    n_u: int,
    t: np.ndarray,
    n_t: int,
    balanced: bool,
    tol: float = 1e-13,
    max_iter: int = 10_000,
) -> np.ndarray:
    """Project columns of ``z`` (N or N×m) off unit and time dummies.

    Balanced panel: z − unit mean − time mean + grand mean (exact). Otherwise
    alternating projections (demean by unit, then by time) until the largest
    change is below ``tol`` times the scale of ``z``.
    """
    z = np.asarray(z, dtype=float)
    vec = z.ndim == 1
    z = z.reshape(len(z), -1).copy()
    cu = np.bincount(u, minlength=n_u).astype(float)
    ct = np.bincount(t, minlength=n_t).astype(float)

    def means(idx: np.ndarray, counts: np.ndarray, n: int, m: np.ndarray) -> np.ndarray:
        out = np.empty((n, m.shape[1]))
        for j in range(m.shape[1]):
            out[:, j] = np.bincount(idx, weights=m[:, j], minlength=n) / counts
        return out[idx]

    if balanced:
        out = z - means(u, cu, n_u, z) - means(t, ct, n_t, z) + z.mean(axis=0)
        return out[:, 0] if vec else out
    scale = max(float(np.abs(z).max()), 1.0)
    for _ in range(max_iter):
        prev = z
        z = z - means(u, cu, n_u, z)
        z = z - means(t, ct, n_t, z)
        if float(np.abs(z - prev).max()) < tol * scale:
            return z[:, 0] if vec else z
    raise AnalysisError("alternating projections for the fixed effects did not converge")


def _inference(est: float, se: float, df: float, alpha: float) -> tuple[float, float, float, float]:
    tstat = est / se
    p = float(2 * stats.t.sf(abs(tstat), df))
    q = float(stats.t.ppf(1 - alpha / 2, df))
    return tstat, p, est - q * se, est + q * se


# ---------------------------------------------------------------------------
# 2×2
# ---------------------------------------------------------------------------
def _prep_2x2(frame, outcome, treated, post, cluster):
    cols = [outcome, treated, post] + ([cluster] if cluster is not None else [])
    sub = _require(frame, list(dict.fromkeys(cols)))
    y = _numeric(sub[outcome], outcome)
    d = _binary(sub[treated], treated)
    p = _binary(sub[post], post)
    if not d.any():
        raise AnalysisError(f"no treated observations ('{treated}' is never 1)")
    if d.all():
        raise AnalysisError(f"no untreated (comparison) observations ('{treated}' is always 1)")
    if not p.any():
        raise AnalysisError(f"no post-period observations ('{post}' is never 1)")
    if p.all():
        raise AnalysisError(f"no pre-period observations ('{post}' is always 1)")
    for dv in (0, 1):
        for pv in (0, 1):
            if not np.any((d == dv) & (p == pv)):
                raise AnalysisError(
                    f"empty cell: no observations with {treated}={dv} and "
                    f"{post}={pv}; the 2×2 DiD needs all four cells"
                )
    X = np.column_stack([np.ones_like(y), d, p, d * p])
    g = n_g = None
    if cluster is not None:
        g, n_g = _codes(sub[cluster])
        if n_g < 2:
            raise AnalysisError(f"cluster-robust SEs need at least 2 clusters; '{cluster}' has 1")
    return y, X, g, n_g


def did_2x2(
    frame: pd.DataFrame,
    *,
    outcome: str,
    treated: str,
    post: str,
    cluster: str | None = None,
    alpha: float = 0.05,
) -> DiDResult:
    """Classic 2×2 DiD: ``outcome ~ 1 + treated + post + treated:post`` by OLS.

    Classical SEs (σ̂² with N − 4 df, Student t with N − 4 df) unless ``cluster``
    names a column; then the cluster-robust sandwich with statsmodels' factor
    G/(G−1)·(N−1)/(N−K), K = 4, and Student t with G − 1 df.
    """
    import statsmodels.api as sm

    _check_alpha(alpha)
    y, X, g, n_g = _prep_2x2(frame, outcome, treated, post, cluster)
    n, k = X.shape
    model = sm.OLS(y, X)
    if cluster is None:
        fit = model.fit()
        df = float(n - k)
        se_type = f"classical OLS (σ̂² on N − K = {n - k} df), Student t with {n - k} df"
    else:
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": g}, use_t=True)
        df = float(n_g - 1)
        se_type = (
            f"cluster-robust by '{cluster}' ({n_g} clusters), statsmodels factor "
            f"G/(G−1)·(N−1)/(N−K) with K = {k}, Student t with G − 1 = {n_g - 1} df"
        )
    params = np.asarray(fit.params)
    ses = np.asarray(fit.bse)
    names = ("intercept", treated, post, DID_TERM)
    coefs = []
    for j, name in enumerate(names):
        tj, pj, lo, hi = _inference(float(params[j]), float(ses[j]), df, alpha)
        coefs.append(
            Coefficient(
                term=name,
                estimate=float(params[j]),
                std_error=float(ses[j]),
                statistic=tj,
                p_value=pj,
                conf_low=lo,
                conf_high=hi,
            )
        )
    c = coefs[3]
    notes = (
        "the DiD coefficient is the treated group's pre→post change minus the "
        "comparison group's; causal only under parallel trends",
    )
    if cluster is not None and n_g < 30:
        notes += (
            f"only {n_g} clusters: cluster-robust SEs may be too small; consider "
            "wild_cluster_bootstrap",
        )
    return DiDResult(
        design="did_2x2",
        outcome=outcome,
        term=DID_TERM,
        estimate=c.estimate,
        std_error=c.std_error,
        statistic=c.statistic,
        p_value=c.p_value,
        conf_low=c.conf_low,
        conf_high=c.conf_high,
        alpha=alpha,
        n_obs=n,
        se_type=se_type,
        df=df,
        n_clusters=n_g,
        k_params=k,
        r_squared=float(fit.rsquared),
        coefficients=tuple(coefs),
        notes=notes,
    )


# ---------------------------------------------------------------------------
# TWFE
# ---------------------------------------------------------------------------
def _nested(inner: np.ndarray, outer: np.ndarray) -> bool:
    """True when every level of ``inner`` falls in a single level of ``outer``."""
    pairs = pd.DataFrame({"i": inner, "o": outer}).drop_duplicates()
    return bool(pairs["i"].is_unique)


def _prep_twfe(frame, outcome, unit, time, treated_post, cluster):
    cluster = unit if cluster is None else cluster
    sub = _require(frame, list(dict.fromkeys([outcome, unit, time, treated_post, cluster])))
    y = _numeric(sub[outcome], outcome)
    d = _binary(sub[treated_post], treated_post)
    u, n_u = _codes(sub[unit])
    t, n_t = _codes(sub[time])
    g, n_g = _codes(sub[cluster])
    if pd.DataFrame({"u": u, "t": t}).duplicated().any():
        raise AnalysisError(
            f"duplicate ({unit}, {time}) rows: TWFE needs one row per unit and period"
        )
    if not d.any():
        raise AnalysisError(f"no treated units ('{treated_post}' is never 1)")
    ever = np.bincount(u, weights=d, minlength=n_u) > 0
    if ever.all():
        raise AnalysisError(
            f"no untreated units: every '{unit}' has '{treated_post}' = 1 "
            "at some time; a never-treated comparison group is required"
        )
    any_treated_t = np.bincount(t, weights=d, minlength=n_t) > 0
    if any_treated_t.all():
        raise AnalysisError(f"no pre-period: some unit is treated in every '{time}' period")
    if n_g < 2:
        raise AnalysisError(f"cluster-robust SEs need at least 2 clusters; '{cluster}' has 1")
    balanced = len(y) == n_u * n_t
    return y, d, u, n_u, t, n_t, g, n_g, balanced, cluster


def twfe(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    treated_post: str,
    cluster: str | None = None,
    alpha: float = 0.05,
) -> DiDResult:
    """Two-way fixed-effects DiD: ``outcome ~ treated_post | unit + time``.

    Fixed effects are absorbed by the within transformation; the coefficient
    equals the dummy-variable regression's. SEs are cluster-robust by
    ``cluster`` (default: ``unit``) with G/(G−1)·(N−1)/(N−K) where
    K = 1 (DiD) + 1 (intercept) + unit dummies (U − 1) unless units are nested in
    the clusters + time dummies (T − 1) unless periods are nested in the
    clusters. Clustering by unit gives K = T + 1. p-values and CIs use
    Student t with G − 1 df.
    """
    _check_alpha(alpha)
    y, d, u, n_u, t, n_t, g, n_g, balanced, cluster = _prep_twfe(
        frame, outcome, unit, time, treated_post, cluster
    )
    n = len(y)
    zt = _demean_two_way(np.column_stack([y, d]), u, n_u, t, n_t, balanced)
    yt, dt = zt[:, 0], zt[:, 1]
    sxx = float(dt @ dt)
    if sxx < 1e-10 * n:
        raise AnalysisError(
            f"'{treated_post}' is absorbed by the unit and time fixed effects (no within variation)"
        )
    beta = float(dt @ yt) / sxx
    resid = yt - beta * dt
    unit_nested = _nested(u, g)
    time_nested = _nested(t, g)
    k = 2 + (0 if unit_nested else n_u - 1) + (0 if time_nested else n_t - 1)
    if n - k <= 0:
        raise AnalysisError("too few observations for the number of parameters")
    factor = n_g / (n_g - 1) * (n - 1) / (n - k)
    var = factor * _cluster_var(dt / sxx, resid, g, n_g)
    se = math.sqrt(var)
    df = float(n_g - 1)
    tstat, p, lo, hi = _inference(beta, se, df, alpha)
    rss = float(resid @ resid)
    within_r2 = 1 - rss / float(yt @ yt) if float(yt @ yt) > 0 else NAN
    nested_txt = ", ".join(x for x, f in (("unit", unit_nested), ("time", time_nested)) if f)
    se_type = (
        f"cluster-robust by '{cluster}' ({n_g} clusters), fixest 'nested' factor "
        f"G/(G−1)·(N−1)/(N−K) with K = {k} (DiD + intercept + FE dummies not nested "
        f"in clusters; nested: {nested_txt or 'none'}), Student t with {n_g - 1} df"
    )
    notes = [
        f"{'balanced' if balanced else 'unbalanced'} panel: {n_u} units × {n_t} periods, "
        f"{n} rows; fixed effects absorbed by "
        f"{'two-way demeaning' if balanced else 'alternating projections'}"
    ]
    if not _all_start_same(u, t, d):
        notes.append(
            "treatment starts at different times: TWFE weights can be negative "
            "under heterogeneous effects (Goodman-Bacon 2021)"
        )
    if n_g < 30:
        notes.append(f"only {n_g} clusters: consider wild_cluster_bootstrap")
    coef = Coefficient(
        term=DID_TERM,
        estimate=beta,
        std_error=se,
        statistic=tstat,
        p_value=p,
        conf_low=lo,
        conf_high=hi,
    )
    return DiDResult(
        design="twfe",
        outcome=outcome,
        term=DID_TERM,
        estimate=beta,
        std_error=se,
        statistic=tstat,
        p_value=p,
        conf_low=lo,
        conf_high=hi,
        alpha=alpha,
        n_obs=n,
        se_type=se_type,
        df=df,
        n_clusters=n_g,
        n_units=n_u,
        n_periods=n_t,
        k_params=k,
        r_squared=within_r2,
        coefficients=(coef,),
        notes=tuple(notes),
    )


def _all_start_same(u: np.ndarray, t: np.ndarray, d: np.ndarray) -> bool:
    starts = pd.Series(t[d > 0]).groupby(u[d > 0]).min()
    return starts.nunique() <= 1


# ---------------------------------------------------------------------------
# Wild cluster bootstrap (WCR)
# ---------------------------------------------------------------------------
_WEBB = np.array([-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)])


def _draw_weights(rng: np.random.Generator, n_boot: int, n_g: int, kind: str) -> np.ndarray:
    if kind == "rademacher":
        return rng.integers(0, 2, size=(n_boot, n_g)).astype(float) * 2.0 - 1.0
    if kind == "webb":
        return _WEBB[rng.integers(0, 6, size=(n_boot, n_g))]
    raise AnalysisError(f"weights must be 'rademacher' or 'webb'; got '{kind}'")


class _WCR:
    """The pieces of the bootstrap-t that are linear in the null value β₀.

    With a = row k of (X'X)⁻¹X' (the DiD coefficient), restricted residuals
    ũ(β₀) = M₋ₖ(y − β₀x) = r_y − β₀ r_x, bootstrap outcome y* = fitted₀ + ũ⊙v:
      β̂* − β₀ = Σ_h v_h c_h,            c_h = Σ_{i∈h} a_i ũ_i
      score_g* = Σ_h v_h S_gh,          S_gh = Σ_{i∈h} (M a_(g))_i ũ_i
    where a_(g) is a restricted to cluster g and M the full residual maker.
    Both c and S are affine in β₀, so any null is a few G×G products away.
    """

    def __init__(
        self,
        a: np.ndarray,
        ma: np.ndarray,
        r_y: np.ndarray,
        r_x: np.ndarray,
        g: np.ndarray,
        n_g: int,
        factor: float,
        v: np.ndarray,
    ):
        self.v, self.factor = v, factor

        def csum(w: np.ndarray) -> np.ndarray:
            return np.bincount(g, weights=w, minlength=n_g)

        self.c_y, self.c_x = csum(a * r_y), csum(a * r_x)
        # S[g, h]: ma[:, g] is M a_(g)
        onehot = np.zeros((len(g), n_g))
        onehot[np.arange(len(g)), g] = 1.0
        self.s_y = ma.T @ (onehot * r_y[:, None])
        self.s_x = ma.T @ (onehot * r_x[:, None])

    def tstats(self, beta0: float) -> np.ndarray:
        c = self.c_y - beta0 * self.c_x
        s = self.s_y - beta0 * self.s_x  # G × G
        num = self.v @ c
        scores = self.v @ s.T  # B × G
        se = np.sqrt(self.factor * np.einsum("bg,bg->b", scores, scores))
        with np.errstate(divide="ignore", invalid="ignore"):
            return num / se


def wild_cluster_bootstrap(
    frame: pd.DataFrame,
    *,
    outcome: str,
    treated: str | None = None,
    post: str | None = None,
    unit: str | None = None,
    time: str | None = None,
    treated_post: str | None = None,
    cluster: str | None = None,
    null: float = 0.0,
    n_boot: int = 9999,
    weights: Literal["rademacher", "webb"] = "rademacher",
    seed: int = 0,
    alpha: float = 0.05,
    ci: bool = True,
) -> WildBootstrapResult:
    """Restricted (WCR) wild cluster bootstrap-t for the DiD coefficient.

    The design is the 2×2 (give ``treated`` and ``post``; ``cluster`` required)
    or TWFE (give ``unit``, ``time`` and ``treated_post``; ``cluster`` defaults
    to ``unit``). The null ``coef = null`` is imposed when forming the residuals;
    weights are drawn per cluster from ``numpy.random.default_rng(seed)``. The
    p-value is symmetric, the share of |t*| ≥ |t|. With ``ci=True`` the interval
    collects the nulls not rejected at ``alpha`` (test inversion with the same
    draws, bisection to 1e-6 of the SE on each side).
    """
    _check_alpha(alpha)
    if n_boot < 1:
        raise AnalysisError("n_boot must be positive")
    if weights not in ("rademacher", "webb"):
        raise AnalysisError(f"weights must be 'rademacher' or 'webb'; got '{weights}'")
    is_twfe = unit is not None or time is not None or treated_post is not None
    is_2x2 = treated is not None or post is not None
    if is_twfe == is_2x2:
        raise AnalysisError(
            "give either treated= and post= (2×2) or unit=, time= and treated_post= (TWFE)"
        )
    if is_2x2:
        if treated is None or post is None:
            raise AnalysisError("the 2×2 bootstrap needs both treated= and post=")
        if cluster is None:
            raise AnalysisError("the wild cluster bootstrap needs cluster=")
        y, X, g, n_g = _prep_2x2(frame, outcome, treated, post, cluster)
        n, k = X.shape
        xtx_inv = np.linalg.inv(X.T @ X)
        A = xtx_inv @ X.T
        a = A[3]
        beta = float(a @ y)
        x_k, X_r = X[:, 3], X[:, :3]

        def m_r(z):
            return z - X_r @ np.linalg.lstsq(X_r, z, rcond=None)[0]

        def m_full(z):
            return z - X @ (A @ z)

        r_y, r_x = m_r(y), m_r(x_k)
        design, dfk = "did_2x2", k
    else:
        if unit is None or time is None or treated_post is None:
            raise AnalysisError("the TWFE bootstrap needs unit=, time= and treated_post=")
        y, d, u, n_u, t, n_t, g, n_g, balanced, cluster = _prep_twfe(
            frame, outcome, unit, time, treated_post, cluster
        )
        n = len(y)
        zt = _demean_two_way(np.column_stack([y, d]), u, n_u, t, n_t, balanced)
        r_y, r_x = zt[:, 0], zt[:, 1]  # M_FE y, M_FE d: restricted residual maker is M_FE
        sxx = float(r_x @ r_x)
        if sxx < 1e-10 * n:
            raise AnalysisError(f"'{treated_post}' is absorbed by the fixed effects")
        a = r_x / sxx
        beta = float(a @ r_y)

        def m_full(z):
            zz = _demean_two_way(z, u, n_u, t, n_t, balanced)
            return zz - np.outer(r_x, a @ zz) if zz.ndim == 2 else zz - r_x * (a @ zz)

        dfk = 2 + (0 if _nested(u, g) else n_u - 1) + (0 if _nested(t, g) else n_t - 1)
        design = "twfe"
    factor = n_g / (n_g - 1) * (n - 1) / (n - dfk)
    # analytic cluster-robust SE of the unrestricted fit
    resid = m_full(y)
    se = math.sqrt(factor * _cluster_var(a, resid, g, n_g))
    # M a_(g) for every cluster g (N × G)
    a_g = np.zeros((n, n_g))
    a_g[np.arange(n), g] = a
    ma = m_full(a_g)
    v = _draw_weights(np.random.default_rng(seed), n_boot, n_g, weights)
    wcr = _WCR(a, ma, r_y, r_x, g, n_g, factor, v)

    def pval(b0: float) -> float:
        t_obs = (beta - b0) / se
        t_star = wcr.tstats(b0)
        return float(np.mean(np.abs(t_star) >= abs(t_obs) - 1e-12 * max(1.0, abs(t_obs))))

    t_obs = (beta - null) / se
    p = pval(null)
    lo = hi = NAN
    ci_method = ""
    notes: list[str] = []
    if n_g <= 12 and weights == "rademacher":
        notes.append(
            f"only {n_g} clusters: Rademacher weights give at most "
            f"{2**n_g} distinct draws; Webb weights are advised"
        )
    if ci:
        lo, hi, ci_note = _invert(pval, beta, se, alpha)
        ci_method = "test inversion of the WCR bootstrap-t with common draws, bisection to 1e-6·SE"
        if ci_note:
            notes.append(ci_note)
    return WildBootstrapResult(
        design=design,
        outcome=outcome,
        term=DID_TERM,
        estimate=beta,
        std_error=se,
        statistic=t_obs,
        p_value=p,
        conf_low=lo,
        conf_high=hi,
        null=null,
        alpha=alpha,
        n_boot=n_boot,
        weights=weights,
        seed=seed,
        n_clusters=n_g,
        n_obs=n,
        ci_method=ci_method,
        notes=tuple(notes),
    )


def _invert(pval, beta: float, se: float, alpha: float) -> tuple[float, float, str]:
    """Bounds where the bootstrap p-value crosses ``alpha`` on each side of the estimate."""
    note = ""
    if pval(beta) <= alpha:  # pragma: no cover - t = 0 is never rejected
        return NAN, NAN, "the estimate itself is rejected; no interval"

    def bound(sign: float) -> float:
        inside = 0.0
        step = 2.0
        outside = None
        for _ in range(40):
            if pval(beta + sign * step * se) <= alpha:
                outside = step
                break
            inside, step = step, step * 2
        if outside is None:
            return sign * math.inf
        while outside - inside > 1e-6:
            mid = 0.5 * (inside + outside)
            if pval(beta + sign * mid * se) <= alpha:
                outside = mid
            else:
                inside = mid
        return beta + sign * 0.5 * (inside + outside) * se

    lo, hi = bound(-1.0), bound(1.0)
    if math.isinf(lo) or math.isinf(hi):
        note = "the interval is unbounded on at least one side (too few clusters)"
    return lo, hi, note
