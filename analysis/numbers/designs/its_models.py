"""The model fits behind the single-series ITS: one engine per error model.

Gaussian (identity link): GLS with AR(1) errors, ρ by REML and the Kenward–Roger
covariance and df (:mod:`analysis.numbers.designs.ar1`, the default), OLS with
Newey–West (:func:`ols_hac`), Prais–Winsten feasible GLS with AR(1) errors, or
classical OLS. Counts (log link, ``log(exposure)`` offset): Poisson, quasi-Poisson
(Pearson dispersion), negative binomial (NB2), model-based or Newey–West covariance.
Each engine returns a :class:`FittedModel`: what the effect computations and the
diagnostics need, with the standard-error convention stated in ``se_type``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from analysis.core.errors import AnalysisError
from analysis.numbers.designs._internals.hac import hac_meat

__all__ = [
    "MAX_RHO",
    "FittedModel",
    "OLSHACFit",
    "critical_value",
    "fit_count",
    "fit_gaussian",
    "hac_lag_rule",
    "ols_hac",
    "two_sided_p",
]

#: |rho| is kept below this in the AR(1) fit (a unit root is not a stationary AR(1)).
MAX_RHO = 0.99


def hac_lag_rule(n_obs: int) -> int:
    """The default Newey–West lag, ``floor(4·(n/100)^(2/9))`` (Newey & West 1994).

    Parameters
    ----------
    n_obs : int
        Observations in the fit.

    Returns
    -------
    int
        The lag; e.g. 2 for n = 24, 3 for n = 60, 4 for n = 120.
    """
    if n_obs <= 0:
        raise AnalysisError(f"cannot choose a Newey–West lag for {n_obs} observations")
    return math.floor(4.0 * (n_obs / 100.0) ** (2.0 / 9.0))


# -- OLS with Newey–West ----------------------------------------------------------------------


@dataclass(frozen=True)
class OLSHACFit:
    """OLS coefficients with a Newey–West (Bartlett) covariance."""

    params: pd.Series
    cov: pd.DataFrame
    std_errors: pd.Series
    resid: np.ndarray = field(repr=False)
    n_obs: int
    df_resid: int
    lag: int
    small_sample: bool

    @property
    def description(self) -> str:
        factor = (
            "× n/(n−k) small-sample factor (Stata newey)"
            if self.small_sample
            else "no small-sample factor (Wooldridge; statsmodels use_correction=False)"
        )
        return f"Newey–West HAC, Bartlett kernel, lag {self.lag}, {factor}"


def ols_hac(
    y: Any, X: Any, lag: int, small_sample: bool = False, *, positions: Any = None
) -> OLSHACFit:
    """OLS with Newey–West standard errors (Bartlett weights ``1 − j/(lag+1)``).

    Parameters
    ----------
    y : array-like, shape (n,)
        The outcome.
    X : array-like or DataFrame, shape (n, k)
        The regressors (include the constant). Column names are kept.
    lag : int
        The truncation lag ``L`` (0 gives White's heteroskedasticity-robust
        covariance).
    small_sample : bool
        False: no correction, as in Wooldridge's textbook and statsmodels'
        ``get_robustcov_results('HAC', use_correction=False)``. True: times
        ``n/(n−k)``, as Stata's ``newey`` (and so Linden's ``itsa``).
    positions : array-like of int, optional
        Calendar positions of the rows (default ``0..n−1``). With gaps (e.g.
        phase-in periods left out) lags are counted in calendar time.

    Returns
    -------
    OLSHACFit
        Coefficients, covariance, standard errors, residuals.

    Raises
    ------
    AnalysisError
        Shapes disagree, missing values, a rank-deficient ``X``, or a lag
        outside ``0..n−1``.
    """
    names = list(X.columns) if isinstance(X, pd.DataFrame) else None
    x = np.asarray(X, dtype=float)
    yv = np.asarray(y, dtype=float).ravel()
    if x.ndim != 2 or x.shape[0] != len(yv):
        raise AnalysisError(f"y has {len(yv)} values but X has shape {x.shape}")
    if not (np.isfinite(x).all() and np.isfinite(yv).all()):
        raise AnalysisError("y or X has missing or infinite values")
    n, k = x.shape
    if isinstance(lag, bool) or not isinstance(lag, int | np.integer):
        raise AnalysisError(f"the Newey–West lag must be a whole number, got {lag!r}")
    if not 0 <= lag < n:
        raise AnalysisError(f"the Newey–West lag {lag} is outside 0..{n - 1}")
    if n <= k or np.linalg.matrix_rank(x) < k:
        raise AnalysisError(f"X ({n} × {k}) is rank-deficient: the coefficients are not identified")
    pos = np.arange(n) if positions is None else np.asarray(positions, dtype=int).ravel()
    if len(pos) != n or (np.diff(pos) <= 0).any():
        raise AnalysisError("positions must be increasing, one per row of X")
    q, r = np.linalg.qr(x)
    beta = np.linalg.solve(r, q.T @ yv)
    resid = yv - x @ beta
    r_inv = np.linalg.inv(r)
    bread = r_inv @ r_inv.T
    cov = bread @ hac_meat(x * resid[:, None], pos, int(lag)) @ bread
    if small_sample:
        cov *= n / (n - k)
    cov = (cov + cov.T) / 2.0
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    labels = names or [f"x{i}" for i in range(k)]
    return OLSHACFit(
        params=pd.Series(beta, index=labels),
        cov=pd.DataFrame(cov, index=labels, columns=labels),
        std_errors=pd.Series(se, index=labels),
        resid=resid,
        n_obs=n,
        df_resid=n - k,
        lag=int(lag),
        small_sample=bool(small_sample),
    )


# -- the fit ----------------------------------------------------------------------------------


@dataclass
class FittedModel:
    """What the effect computations need from a fitted model (all periods known)."""

    params: np.ndarray
    cov: np.ndarray
    df: float  # residual df for t quantiles; inf for normal
    link: str  # identity | log
    se_type: str
    fitted_model: Any
    resid: np.ndarray  # residuals for the autocorrelation diagnostics, in time order
    resid_kind: str
    noise_var: float = 0.0  # Gaussian: variance of a new observation's error
    dispersion: float = 1.0  # quasi-Poisson Pearson φ; Poisson 1
    nb_alpha: float = 0.0
    pearson_dispersion: float = float("nan")
    hac_lag: int | None = None
    extra_notes: list[str] = field(default_factory=list)
    ols_results: Any = None  # for Breusch–Godfrey
    cov_name: str = "the model's covariance"  # how interval_method names cov and df
    log_outcome: bool = False  # Gaussian on log(y): link 'log', a lognormal prediction band


def critical_value(df: float, alpha: float) -> float:
    """The two-sided ``1 - alpha`` quantile: t(df), or normal for an infinite df. The
    special functions behind ``scipy.stats`` (``stdtrit``, ``ndtri``), the same floats
    without building a distribution object per call."""
    q = 1.0 - alpha / 2.0
    return float(special.ndtri(q) if not math.isfinite(df) else special.stdtrit(df, q))


def two_sided_p(stat: float, df: float) -> float:
    """Two-sided p-value of a t(df) (normal for an infinite df) statistic, by the special
    functions behind ``scipy.stats`` (``stdtr``, ``ndtr``): the floats of
    ``stats.t(df).sf`` without a frozen distribution per call (~500× cheaper)."""
    if not math.isfinite(stat):
        return 0.0 if math.isinf(stat) else float("nan")
    x = -abs(stat)
    return float(2.0 * (special.ndtr(x) if not math.isfinite(df) else special.stdtr(df, x)))


def fit_gaussian(
    y: np.ndarray,
    X: pd.DataFrame,
    positions: np.ndarray,
    se: str,
    hac_lag: int | None,
    small_sample: bool,
) -> FittedModel:
    import statsmodels.api as sm

    n, k = X.shape
    if se == "hac":
        rule = hac_lag is None
        lag = hac_lag_rule(n) if rule else int(hac_lag)
        if not 0 <= lag < n:
            raise AnalysisError(f"hac_lag {lag} is outside 0..{n - 1} for {n} fitted periods")
        mine = ols_hac(y, X, lag, small_sample, positions=positions)
        res = sm.OLS(y, X).fit(
            cov_type="HAC",
            use_t=True,
            cov_kwds={"maxlags": lag, "use_correction": bool(small_sample)},
        )
        how = (
            f"lag {lag} by the rule floor(4·(n/100)^(2/9)), n = {n}"
            if rule
            else f"lag {lag} (given)"
        )
        factor = (
            "× n/(n−k) small-sample factor (Stata newey)"
            if small_sample
            else "no small-sample factor (Wooldridge; statsmodels use_correction=False)"
        )
        se_type = f"Newey–West HAC, Bartlett kernel, {how}, {factor}; t({n - k}) intervals"
        notes = []
        if (np.diff(positions) > 1).any():
            notes.append(
                "Newey–West lags are counted in calendar periods across the "
                "left-out phase-in (fitted_model's HAC treats the rows as "
                "consecutive)."
            )
        s2 = float(mine.resid @ mine.resid / (n - k))
        return FittedModel(
            params=mine.params.to_numpy(),
            cov=mine.cov.to_numpy(),
            df=n - k,
            link="identity",
            se_type=se_type,
            fitted_model=res,
            resid=mine.resid,
            resid_kind="OLS residuals",
            noise_var=s2,
            hac_lag=lag,
            extra_notes=notes,
            ols_results=res,
        )
    if se == "ar1_reml":
        return _fit_ar1_reml(y, X, positions)
    if se == "ols":
        res = sm.OLS(y, X).fit()
        return FittedModel(
            params=np.asarray(res.params),
            cov=np.asarray(res.cov_params()),
            df=n - k,
            link="identity",
            se_type=f"classical OLS (independent errors); t({n - k}) intervals",
            fitted_model=res,
            resid=np.asarray(res.resid),
            resid_kind="OLS residuals",
            noise_var=float(res.scale),
            ols_results=res,
        )
    return _fit_ar1(y, X, positions)


def _ar1_sigma(positions: np.ndarray, rho: float) -> np.ndarray:
    d = np.abs(np.subtract.outer(positions, positions)).astype(float)
    return rho**d / (1.0 - rho**2)


def _fit_ar1_reml(y: np.ndarray, X: pd.DataFrame, positions: np.ndarray) -> FittedModel:
    """GLS with AR(1) errors, ρ by REML (bounded, on the calendar positions), the
    Kenward–Roger covariance, and t intervals with the smallest KR df of the
    interruption terms (one df per model: the intervals that matter are the effects')."""
    import statsmodels.api as sm

    from analysis.numbers.designs.ar1 import ar1_reml_kr

    if len(np.flatnonzero(np.diff(positions) == 1)) < 3:
        raise AnalysisError("too few consecutive fitted periods to estimate an AR(1) error")
    names = list(X.columns)
    terms = [j for j, c in enumerate(names) if c.startswith(("level_", "slope_", "pulse_"))]
    fit = ar1_reml_kr(y, X.to_numpy(float), positions=positions, terms=terms or None, bound=MAX_RHO)
    rho, df = float(fit["rho"]), float(fit["df"])
    res = sm.GLS(y, X, sigma=_ar1_sigma(positions, rho)).fit(use_t=True)
    notes = []
    if fit["at_bound"]:
        notes.append(
            f"The AR(1) coefficient hit the bound ±{MAX_RHO}: the errors look "
            "non-stationary; treat the intervals with caution."
        )
    which = "the interruption terms" if terms else "all terms"
    se_type = (
        f"GLS with AR(1) errors, ρ by REML (bounded to ±{MAX_RHO}; ρ = {rho:.3f}), "
        f"Kenward–Roger covariance; t({df:.1f}) intervals (the smallest "
        f"Kenward–Roger df of {which})"
    )
    return FittedModel(
        params=np.asarray(fit["params"]),
        cov=np.asarray(fit["cov"]),
        df=df,
        link="identity",
        se_type=se_type,
        fitted_model=res,
        resid=np.asarray(res.wresid),
        resid_kind="whitened (AR(1) innovation) residuals",
        noise_var=float(fit["sigma2"]) / (1.0 - rho**2),
        extra_notes=notes,
        cov_name="the Kenward–Roger covariance and df",
    )


def _fit_ar1(y: np.ndarray, X: pd.DataFrame, positions: np.ndarray) -> FittedModel:
    """Feasible GLS with AR(1) errors: Prais–Winsten (first observation kept, scaled by
    sqrt(1 − ρ²)), ρ from the lag-1 residual autocorrelation, iterated to convergence.
    Written as GLS with Var(e) ∝ ρ^|s−t|/(1−ρ²), which is Prais–Winsten without gaps and
    stays exact across left-out phase-in periods."""
    import statsmodels.api as sm

    n, k = X.shape
    x = X.to_numpy(float)
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    pairs = np.flatnonzero(np.diff(positions) == 1)
    if len(pairs) < 3:
        raise AnalysisError("too few consecutive fitted periods to estimate an AR(1) error")
    rho = 0.0
    converged = False
    for _ in range(100):
        e = y - x @ beta
        den = float(e[pairs] @ e[pairs])
        new = float(e[pairs + 1] @ e[pairs] / den) if den > 0 else 0.0
        new = float(np.clip(new, -MAX_RHO, MAX_RHO))
        sigma = _ar1_sigma(positions, new)
        beta = sm.GLS(y, x, sigma=sigma).fit().params
        done = abs(new - rho) < 1e-8
        rho = new
        if done:
            converged = True
            break
    res = sm.GLS(y, X, sigma=_ar1_sigma(positions, rho)).fit(use_t=True)
    notes = []
    if not converged:
        notes.append(
            "The AR(1) coefficient did not settle within 100 iterations; the last value was used."
        )
    if abs(rho) >= MAX_RHO:
        notes.append(
            f"The AR(1) coefficient hit the bound ±{MAX_RHO}: the errors look "
            "non-stationary; treat the intervals with caution."
        )
    innov = float(res.scale)
    return FittedModel(
        params=np.asarray(res.params),
        cov=np.asarray(res.cov_params()),
        df=n - k,
        link="identity",
        se_type=(
            f"feasible GLS with AR(1) errors (Prais–Winsten keeping the first "
            f"observation, ρ iterated to convergence, own code; ρ = {rho:.3f}); "
            f"t({n - k}) intervals"
        ),
        fitted_model=res,
        resid=np.asarray(res.wresid),
        resid_kind="whitened (AR(1) innovation) residuals",
        noise_var=innov / (1.0 - rho**2),
        extra_notes=notes,
    )


def _count_hac(
    n: int, se: str, hac_lag: int | None, small_sample: bool
) -> tuple[dict[str, Any], int | None, str]:
    """``(covariance keywords, lag, description)`` of a count fit's standard errors."""
    if se != "hac":
        return {}, None, ""
    rule = hac_lag is None
    lag = hac_lag_rule(n) if rule else int(hac_lag)
    if not 0 <= lag < n:
        raise AnalysisError(f"hac_lag {lag} is outside 0..{n - 1} for {n} fitted periods")
    cov_kw = {
        "cov_type": "HAC",
        "cov_kwds": {"maxlags": lag, "use_correction": bool(small_sample)},
    }
    how = (
        "Newey–West HAC sandwich, Bartlett kernel, "
        + (
            f"lag {lag} by the rule floor(4·(n/100)^(2/9)), n = {n}"
            if rule
            else f"lag {lag} (given)"
        )
        + (", × n/(n−k) small-sample factor" if small_sample else ", no small-sample factor")
    )
    return cov_kw, lag, how


def _fit_poisson(y: np.ndarray, X: pd.DataFrame, offset: np.ndarray) -> tuple[Any, Any]:
    """``(GLM model, its Poisson fit)``; refuses a fit that separates or diverges."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", PerfectSeparationWarning)
        try:
            pois_model = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset)
            pois = pois_model.fit()
        except (PerfectSeparationWarning, ValueError, np.linalg.LinAlgError) as exc:
            raise AnalysisError(
                f"the Poisson model cannot be fitted to this series: {exc}"
            ) from None
    if not pois.converged or not np.isfinite(pois.params).all():
        raise AnalysisError(
            "the Poisson model did not converge on this series (counts too "
            "sparse for the terms asked?); try seasonality='none'"
        )
    return pois_model, pois


def _poisson_family(
    y: np.ndarray,
    pois_model: Any,
    pois: Any,
    family: str,
    se: str,
    cov_kw: dict[str, Any],
    how: str,
    pearson: float,
    lag: int | None,
) -> FittedModel:
    """Poisson or quasi-Poisson: model-based, Pearson-scaled or Newey–West covariance."""
    z_note = "normal-quantile Wald intervals"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if se == "hac":
            res = pois_model.fit(**cov_kw)
            se_type = f"{how} (Poisson quasi-likelihood scores); {z_note}"
            disp = 1.0
        elif family == "quasipoisson":
            res = pois_model.fit(scale="X2")
            disp = float(res.scale)
            se_type = (
                f"quasi-Poisson: model-based, scaled by the Pearson dispersion "
                f"X²/(n−p) = {disp:.3f}; {z_note}"
            )
        else:
            res = pois
            disp = 1.0
            se_type = f"Poisson: model-based (dispersion fixed at 1); {z_note}"
    mu = np.asarray(pois.fittedvalues)
    pr = (y - mu) / np.sqrt(mu)
    return FittedModel(
        params=np.asarray(res.params),
        cov=np.asarray(res.cov_params()),
        df=math.inf,
        link="log",
        se_type=se_type,
        fitted_model=res,
        resid=pr,
        resid_kind="Pearson residuals",
        dispersion=disp,
        pearson_dispersion=pearson,
        hac_lag=lag,
    )


def _negbin_fit(
    y: np.ndarray, X: pd.DataFrame, offset: np.ndarray, pois: Any, cov_kw: dict[str, Any]
) -> Any:
    """statsmodels' discrete NegativeBinomial (NB2, alpha by ML) from the Poisson start,
    trying Newton, BFGS then Nelder–Mead until one converges."""
    import statsmodels.api as sm

    nb_model = sm.NegativeBinomial(y, X, loglike_method="nb2", offset=offset)
    start = np.append(np.asarray(pois.params), 0.1)
    for method, maxiter in (("newton", 100), ("bfgs", 1000), ("nm", 5000)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                cand = nb_model.fit(
                    start_params=start, method=method, maxiter=maxiter, disp=0, **cov_kw
                )
            except (ValueError, np.linalg.LinAlgError):
                continue
        if (
            cand.mle_retvals.get("converged", False)
            and np.isfinite(cand.params).all()
            and np.isfinite(np.asarray(cand.bse)).all()
        ):
            return cand
    raise AnalysisError(
        "the negative binomial model did not converge on this series; use family='quasipoisson'"
    )


def _negbin_family(
    y: np.ndarray,
    X: pd.DataFrame,
    offset: np.ndarray,
    pois: Any,
    se: str,
    cov_kw: dict[str, Any],
    how: str,
    lag: int | None,
) -> FittedModel:
    """Negative binomial (NB2): the coefficients without alpha, Pearson residuals of NB2."""
    n, k = X.shape
    res = _negbin_fit(y, X, offset, pois, cov_kw)
    params = np.asarray(res.params)
    cov = np.asarray(res.cov_params())
    alpha_nb = float(params[-1])
    mu_nb = np.exp(X.to_numpy(float) @ params[:k] + offset)
    pr = (y - mu_nb) / np.sqrt(mu_nb + alpha_nb * mu_nb**2)
    notes = []
    if alpha_nb < 1e-6:
        notes.append(
            "The negative binomial dispersion alpha is essentially 0: the counts look Poisson."
        )
    z_note = "normal-quantile Wald intervals"
    se_type = (
        f"{how}; {z_note}"
        if se == "hac"
        else f"maximum likelihood (observed information), NB2 alpha = {alpha_nb:.4g} "
        f"estimated jointly; {z_note}"
    )
    return FittedModel(
        params=params[:k],
        cov=cov[:k, :k],
        df=math.inf,
        link="log",
        se_type=se_type,
        fitted_model=res,
        resid=pr,
        resid_kind="Pearson residuals",
        nb_alpha=max(alpha_nb, 0.0),
        pearson_dispersion=float(np.sum(pr**2) / (n - k)),
        hac_lag=lag,
        extra_notes=notes,
    )


def fit_count(
    y: np.ndarray,
    X: pd.DataFrame,
    offset: np.ndarray,
    family: str,
    se: str,
    hac_lag: int | None,
    small_sample: bool,
) -> FittedModel:
    """A count model (log link, ``offset`` = log exposure): Poisson first, then the
    family asked for (Poisson, quasi-Poisson, negative binomial)."""
    n, k = X.shape
    cov_kw, lag, how = _count_hac(n, se, hac_lag, small_sample)
    pois_model, pois = _fit_poisson(y, X, offset)
    mu = np.asarray(pois.fittedvalues)
    pearson = float(np.sum((y - mu) ** 2 / mu) / (n - k))
    if family in ("poisson", "quasipoisson"):
        return _poisson_family(y, pois_model, pois, family, se, cov_kw, how, pearson, lag)
    return _negbin_family(y, X, offset, pois, se, cov_kw, how, lag)
