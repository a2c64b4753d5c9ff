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
from analysis.numbers.designs._internals.fixed_effects import codes, demean_two_way, nested
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


def _inference(est: float, se: float, df: float, alpha: float) -> tuple[float, float, float, float]:
    if not se > 0:  # zero (or undefined) residual variance: the rows are fitted exactly
        raise AnalysisError(
            "the regression fits the rows exactly (no residual variation, e.g. every unit "
            "has the same series), so there is no standard error and no interval"
        )
    tstat = est / se
    p = float(2 * stats.t.sf(abs(tstat), df))
    q = float(stats.t.ppf(1 - alpha / 2, df))
    return tstat, p, est - q * se, est + q * se


# ---------------------------------------------------------------------------
# 2×2
# ---------------------------------------------------------------------------
def _covariate_matrix(sub: pd.DataFrame, covariates: tuple[str, ...]) -> np.ndarray:
    """The covariate columns as an N × m float matrix (numeric, finite: checked)."""
    cols = []
    for c in covariates:
        try:
            x = np.asarray(sub[c], dtype=float)
        except (TypeError, ValueError) as exc:
            raise AnalysisError(f"covariate '{c}' must be numeric") from exc
        if not np.all(np.isfinite(x)):
            raise AnalysisError(f"covariate '{c}' has non-finite values")
        cols.append(x)
    return np.column_stack(cols) if cols else np.empty((len(sub), 0))


def _check_rank(X: np.ndarray, names: list[str], what: str) -> None:
    """Refuse a design whose columns are collinear, naming the first dependent column."""
    if X.shape[1] == 0:
        return
    scale = np.maximum(np.abs(X).max(axis=0), 1.0)
    for j in range(X.shape[1]):
        if np.linalg.matrix_rank(X[:, : j + 1] / scale[: j + 1], tol=1e-9) < j + 1:
            raise AnalysisError(f"'{names[j]}' is collinear with the other terms{what}; drop it")


def _prep_2x2(frame, outcome, treated, post, cluster, covariates=()):
    covariates = tuple(covariates)
    cols = [outcome, treated, post, *covariates] + ([cluster] if cluster is not None else [])
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
    X = np.column_stack([np.ones_like(y), d, p, d * p, _covariate_matrix(sub, covariates)])
    _check_rank(X, ["intercept", treated, post, DID_TERM, *covariates], "")
    g = n_g = None
    if cluster is not None:
        g, n_g = codes(sub[cluster])
        if n_g < 2:
            raise AnalysisError(f"cluster-robust SEs need at least 2 clusters; '{cluster}' has 1")
    return y, X, g, n_g


def _se_kind(se: str | None, cluster: str | None) -> str:
    kind = se or ("cluster" if cluster is not None else "classical")
    if kind not in ("classical", "hc1", "cluster"):
        raise AnalysisError(f"se must be 'classical', 'hc1' or 'cluster'; got '{kind}'")
    if kind == "cluster" and cluster is None:
        raise AnalysisError("se='cluster' needs cluster= (the cluster column)")
    return kind


def did_2x2(
    frame: pd.DataFrame,
    *,
    outcome: str,
    treated: str,
    post: str,
    cluster: str | None = None,
    covariates: tuple[str, ...] | list[str] = (),
    se: Literal["classical", "hc1", "cluster"] | None = None,
    alpha: float = 0.05,
) -> DiDResult:
    """Classic 2×2 DiD: ``outcome ~ 1 + treated + post + treated:post (+ covariates)`` by OLS.

    ``se``: ``classical`` (σ̂² with N − K df, Student t with N − K df; the default without
    ``cluster``), ``hc1`` (White's sandwich times N/(N − K), Student t with N − K df) or
    ``cluster`` (the default with ``cluster``: the cluster-robust sandwich with the factor
    G/(G−1)·(N−1)/(N−K), K = every coefficient, as statsmodels and fixest, Student t with
    G − 1 df). Rows may repeat within a group and period (pooled cross-sections).
    """
    import statsmodels.api as sm

    _check_alpha(alpha)
    kind = _se_kind(se, cluster)
    covariates = tuple(covariates)
    y, X, g, n_g = _prep_2x2(frame, outcome, treated, post, cluster, covariates)
    n, k = X.shape
    model = sm.OLS(y, X)
    if kind == "classical":
        fit = model.fit()
        df = float(n - k)
        se_type = f"classical OLS (σ̂² on N − K = {n - k} df), Student t with {n - k} df"
    elif kind == "hc1":
        fit = model.fit(cov_type="HC1", use_t=True)
        df = float(n - k)
        se_type = (
            f"heteroskedasticity-robust HC1 (White sandwich × N/(N − K), K = {k}), "
            f"Student t with {n - k} df"
        )
    else:
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": g}, use_t=True)
        df = float(n_g - 1)
        se_type = (
            f"cluster-robust CR1 by '{cluster}' ({n_g} clusters), small-sample factor "
            f"G/(G−1)·(N−1)/(N−K) with K = {k} (statsmodels and fixest agree without fixed "
            f"effects), Student t with G − 1 = {n_g - 1} df"
        )
    params = np.asarray(fit.params)
    ses = np.asarray(fit.bse)
    names = ("intercept", treated, post, DID_TERM, *covariates)
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
    if kind == "cluster" and n_g < 30:
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
        n_clusters=n_g if kind == "cluster" else None,
        k_params=k,
        r_squared=float(fit.rsquared),
        coefficients=tuple(coefs),
        notes=notes,
    )


# ---------------------------------------------------------------------------
# TWFE
# ---------------------------------------------------------------------------
def _prep_twfe(frame, outcome, unit, time, treated_post, cluster, covariates=(), repeated=False):
    cluster = unit if cluster is None else cluster
    covariates = tuple(covariates)
    cols = [outcome, unit, time, treated_post, cluster, *covariates]
    sub = _require(frame, list(dict.fromkeys(cols)))
    y = _numeric(sub[outcome], outcome)
    d = _binary(sub[treated_post], treated_post)
    u, n_u = codes(sub[unit])
    t, n_t = codes(sub[time])
    g, n_g = codes(sub[cluster])
    dup = pd.DataFrame({"u": u, "t": t}).duplicated()
    if dup.any() and not repeated:
        raise AnalysisError(
            f"duplicate ({unit}, {time}) rows: TWFE needs one row per unit and period "
            "(repeated=True for pooled cross-sections)"
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
    balanced = not dup.any() and len(y) == n_u * n_t
    z = _covariate_matrix(sub, covariates)
    return y, d, z, u, n_u, t, n_t, g, n_g, balanced, cluster


def _within(y, d, z, u, n_u, t, n_t, balanced, treated_post, covariates):
    """Demeaned outcome, DiD regressor and covariates; collinear terms refused."""
    zt = demean_two_way(np.column_stack([y, d, z]), u, n_u, t, n_t, balanced)
    n = len(y)
    names = [treated_post, *covariates]
    raw = np.column_stack([d, z])
    for j, name in enumerate(names):
        scale = max(1.0, float(np.mean(raw[:, j] ** 2)))
        if float(zt[:, 1 + j] @ zt[:, 1 + j]) < 1e-10 * n * scale:
            what = "" if j == 0 else "covariate "
            raise AnalysisError(
                f"{what}'{name}' is absorbed by the unit and time fixed effects "
                "(no within variation)"
            )
    _check_rank(zt[:, 1:], names, " after the unit and time fixed effects")
    return zt[:, 0], zt[:, 1:]


def _sandwich(xt, resid, kind, g, n_g, factor):
    """Covariance of the coefficients of ``xt`` (already within-transformed)."""
    bread = np.linalg.inv(xt.T @ xt)
    if kind == "classical":
        return factor * bread
    scores = xt * resid[:, None]
    if kind == "hc1":
        meat = scores.T @ scores
    else:
        s = np.column_stack(
            [np.bincount(g, weights=scores[:, j], minlength=n_g) for j in range(xt.shape[1])]
        )
        meat = s.T @ s
    return factor * bread @ meat @ bread


def twfe(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    treated_post: str,
    cluster: str | None = None,
    covariates: tuple[str, ...] | list[str] = (),
    se: Literal["classical", "hc1", "cluster"] = "cluster",
    repeated: bool = False,
    alpha: float = 0.05,
) -> DiDResult:
    """Two-way fixed-effects DiD: ``outcome ~ treated_post (+ covariates) | unit + time``.

    Fixed effects are absorbed by the within transformation; the coefficients equal the
    dummy-variable regression's. ``se='cluster'`` (default): cluster-robust CR1 by
    ``cluster`` (default: ``unit``) with fixest's "nested" convention
    G/(G−1)·(N−1)/(N−K) where K = 1 (DiD) + covariates + 1 (intercept) + unit dummies
    (U − 1) unless units are nested in the clusters + time dummies (T − 1) unless periods
    are nested in the clusters; clustering by unit gives K = T + 1 + covariates; Student t
    with G − 1 df. ``classical``: σ̂² on N − K df, ``hc1``: White's sandwich × N/(N − K),
    both with K counting every dummy (the dummy-variable regression's K) and Student t
    with N − K df. ``repeated=True`` allows several rows per unit and period (pooled
    cross-sections; the fixed effects are then absorbed by alternating projections).
    """
    _check_alpha(alpha)
    if se not in ("classical", "hc1", "cluster"):
        raise AnalysisError(f"se must be 'classical', 'hc1' or 'cluster'; got '{se}'")
    covariates = tuple(covariates)
    y, d, z, u, n_u, t, n_t, g, n_g, balanced, cluster = _prep_twfe(
        frame, outcome, unit, time, treated_post, cluster, covariates, repeated
    )
    n, m = len(y), len(covariates)
    yt, xt = _within(y, d, z, u, n_u, t, n_t, balanced, treated_post, covariates)
    if m == 0:  # one regressor: β = d̃'ỹ / d̃'d̃ (the arithmetic of the release before)
        beta = np.array([float(xt[:, 0] @ yt) / float(xt[:, 0] @ xt[:, 0])])
    else:
        beta = np.linalg.lstsq(xt, yt, rcond=None)[0]
    resid = yt - xt @ beta
    k_full = 1 + m + 1 + (n_u - 1) + (n_t - 1)
    if se == "cluster":
        unit_nested, time_nested = nested(u, g), nested(t, g)
        k = 2 + m + (0 if unit_nested else n_u - 1) + (0 if time_nested else n_t - 1)
    else:
        k = k_full
    if n - k_full <= 0:
        raise AnalysisError("too few observations for the number of parameters")
    rss = float(resid @ resid)
    if se == "cluster":
        factor = n_g / (n_g - 1) * (n - 1) / (n - k)
        df = float(n_g - 1)
        nested_txt = ", ".join(x for x, f in (("unit", unit_nested), ("time", time_nested)) if f)
        covs = f" + {m} covariate(s)" if m else ""
        se_type = (
            f"cluster-robust by '{cluster}' ({n_g} clusters), fixest 'nested' factor "
            f"G/(G−1)·(N−1)/(N−K) with K = {k} (DiD{covs} + intercept + FE dummies not nested "
            f"in clusters; nested: {nested_txt or 'none'}), Student t with {n_g - 1} df"
        )
    elif se == "hc1":
        factor = n / (n - k)
        df = float(n - k)
        se_type = (
            f"heteroskedasticity-robust HC1 (White sandwich × N/(N − K), K = {k} counting "
            f"every fixed-effect dummy), Student t with {n - k} df"
        )
    else:
        factor = rss / (n - k)
        df = float(n - k)
        se_type = (
            f"classical OLS (σ̂² on N − K = {n - k} df, K counting every fixed-effect "
            f"dummy), Student t with {n - k} df"
        )
    cov = _sandwich(xt, resid, se, g, n_g, factor)
    if m == 0 and se == "cluster":  # the release before's arithmetic, to the last bit
        sxx = float(xt[:, 0] @ xt[:, 0])
        cov[0, 0] = factor * _cluster_var(xt[:, 0] / sxx, resid, g, n_g)
    within_r2 = 1 - rss / float(yt @ yt) if float(yt @ yt) > 0 else NAN
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
    if se == "cluster" and n_g < 30:
        notes.append(f"only {n_g} clusters: consider wild_cluster_bootstrap")
    coefs = []
    for j, name in enumerate((DID_TERM, *covariates)):
        sej = math.sqrt(float(cov[j, j]))
        tj, pj, lo, hi = _inference(float(beta[j]), sej, df, alpha)
        coefs.append(Coefficient(name, float(beta[j]), sej, tj, pj, lo, hi))
    c = coefs[0]
    return DiDResult(
        design="twfe",
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
        n_clusters=n_g if se == "cluster" else None,
        n_units=n_u,
        n_periods=n_t,
        k_params=k,
        r_squared=within_r2,
        coefficients=tuple(coefs),
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


def _bootstrap_design(n_boot, weights, treated, post, unit, time, treated_post) -> bool:
    """Check the bootstrap's arguments; True for the 2×2 design, False for TWFE."""
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
    if is_2x2 and (treated is None or post is None):
        raise AnalysisError("the 2×2 bootstrap needs both treated= and post=")
    if not is_2x2 and (unit is None or time is None or treated_post is None):
        raise AnalysisError("the TWFE bootstrap needs unit=, time= and treated_post=")
    return is_2x2


def _wcr_2x2(frame, outcome, treated, post, cluster, covariates=()):
    """The 2×2 pieces of the bootstrap: y, the DiD row a of (X'X)⁻¹X', β̂, the restricted
    residuals of y and of the DiD regressor, the full residual maker, clusters and K."""
    y, X, g, n_g = _prep_2x2(frame, outcome, treated, post, cluster, covariates)
    _, k = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    A = xtx_inv @ X.T
    a = A[3]
    beta = float(a @ y)
    x_k, X_r = X[:, 3], np.delete(X, 3, axis=1)

    def m_r(z):
        return z - X_r @ np.linalg.lstsq(X_r, z, rcond=None)[0]

    def m_full(z):
        return z - X @ (A @ z)

    r_y, r_x = m_r(y), m_r(x_k)
    return y, a, beta, r_y, r_x, m_full, g, n_g, k


def _wcr_twfe(frame, outcome, unit, time, treated_post, cluster, covariates=(), repeated=False):
    """The TWFE pieces of the bootstrap (as :func:`_wcr_2x2`); the restricted residual
    maker is the projection off the fixed effects and the covariates."""
    covariates = tuple(covariates)
    y, d, z, u, n_u, t, n_t, g, n_g, balanced, cluster = _prep_twfe(
        frame, outcome, unit, time, treated_post, cluster, covariates, repeated
    )
    yt, xt = _within(y, d, z, u, n_u, t, n_t, balanced, treated_post, covariates)
    q = np.linalg.qr(xt[:, 1:])[0] if covariates else np.empty((len(y), 0))

    def m_z(w):
        return w - q @ (q.T @ w)

    r_y, r_x = m_z(yt), m_z(xt[:, 0])  # restricted residual maker: M_[FE, covariates]
    sxx = float(r_x @ r_x)
    a = r_x / sxx
    beta = float(a @ r_y)

    def m_full(w):
        zz = m_z(demean_two_way(w, u, n_u, t, n_t, balanced))
        return zz - np.outer(r_x, a @ zz) if zz.ndim == 2 else zz - r_x * (a @ zz)

    dfk = 2 + len(covariates) + (0 if nested(u, g) else n_u - 1) + (0 if nested(t, g) else n_t - 1)
    return y, a, beta, r_y, r_x, m_full, g, n_g, dfk


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
    covariates: tuple[str, ...] | list[str] = (),
    repeated: bool = False,
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
    to ``unit``), with optional ``covariates`` (kept in the restricted model) and, for
    TWFE, ``repeated`` rows per unit and period. The null ``coef = null`` is imposed when
    forming the residuals;
    weights are drawn per cluster from ``numpy.random.default_rng(seed)``. The
    p-value is symmetric, the share of |t*| ≥ |t|. With ``ci=True`` the interval
    collects the nulls not rejected at ``alpha`` (test inversion with the same
    draws, bisection to 1e-6 of the SE on each side).
    """
    _check_alpha(alpha)
    is_2x2 = _bootstrap_design(n_boot, weights, treated, post, unit, time, treated_post)
    if is_2x2:
        if cluster is None:
            raise AnalysisError("the wild cluster bootstrap needs cluster=")
        y, a, beta, r_y, r_x, m_full, g, n_g, dfk = _wcr_2x2(
            frame, outcome, treated, post, cluster, covariates
        )
        design = "did_2x2"
    else:
        y, a, beta, r_y, r_x, m_full, g, n_g, dfk = _wcr_twfe(
            frame, outcome, unit, time, treated_post, cluster, covariates, repeated
        )
        design = "twfe"
    n = len(y)
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
