"""Segmented-regression interrupted time series (ITS) for one series.

The model (Lopez Bernal, Cummins & Gasparrini 2017, with the published
correction) is

    g(E y_t) = b0 + b1·t + Σ_j [c_j·1{t ≥ t_j} + d_j·(t − t_j)·1{t ≥ t_j}] + seasonal + offset

with ``t = 1..n``, one level term ``c_j`` and one slope term ``d_j`` per
interruption ``j`` (the pilot start, plus any milestones). The post-period
slope is always counted **from the interruption**, ``(t − t_j)·post``, never
``t·post`` (with ``t·post`` the level coefficient is the change at time 0, not
at the interruption — the error the tutorial's correction fixed).

``g`` is the identity (Gaussian: by default GLS with AR(1) errors, ρ by REML and
the Kenward–Roger covariance and df, see :mod:`analysis.numbers.designs.ar1`; or OLS with
Newey–West, Prais–Winsten AR(1) or classical standard errors) or the log
(Poisson, quasi-Poisson, negative binomial, with ``log(exposure)`` as offset;
effects are rate ratios).

The counterfactual is the fitted model with every interruption term set to
zero; effects are reported at chosen horizons (absolute, relative and
cumulative) with intervals simulated from the coefficients' sampling
distribution. Diagnostics (autocorrelation, overdispersion, pre-period fit)
come back as :class:`~analysis.results.checks.CheckResult` values.

Public API: :func:`design_matrix`, :func:`fit_its`, :func:`fit_its_panel`,
:func:`ols_hac`, :func:`hac_lag_rule`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.core.errors import AnalysisError
from analysis.results.checks import CheckResult
from analysis.results.effects import Coefficient, EffectPath, EffectResult, HorizonEffect

__all__ = [
    "COUNT_FAMILIES",
    "FAMILIES",
    "MIN_PRE_PERIODS",
    "OLSHACFit",
    "design_matrix",
    "fit_its",
    "fit_its_panel",
    "hac_lag_rule",
    "ols_hac",
]

FAMILIES = ("gaussian", "poisson", "quasipoisson", "negbin")
COUNT_FAMILIES = ("poisson", "quasipoisson", "negbin")
SEASONALITIES = ("auto", "none", "dummies", "fourier")
#: Pre-periods a fit needs before its first interruption, on top of one per seasonal term:
#: the pre-period carries the trend that is extrapolated, so it needs clearly more
#: observations than the 2 trend terms plus the seasonal ones.
MIN_PRE_PERIODS = 8
#: Seasonal terms are only separable from the trend with two full cycles before the start.
SEASON_CYCLES = 2
#: |rho| is kept below this in the AR(1) fit (a unit root is not a stationary AR(1)).
MAX_RHO = 0.99
MIN_SIMULATIONS = 100
#: Pearson dispersion above this makes a plain Poisson fit's intervals too narrow.
OVERDISPERSION_WARN = 1.5

_SEASON_LENGTH = {"M": 12, "Q": 4}
_PERIOD_WORD = {"M": "month", "Q": "quarter", "Y": "year", "A": "year"}
_FAMILY_NAME = {
    "gaussian": "Gaussian",
    "poisson": "Poisson",
    "quasipoisson": "quasi-Poisson",
    "negbin": "negative binomial (NB2)",
}


# -- small helpers ----------------------------------------------------------------------------


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


def _freq_code(periods: pd.PeriodIndex) -> str:
    return periods.freqstr[:1].upper()


def _season_length(periods: pd.PeriodIndex) -> int | None:
    return _SEASON_LENGTH.get(_freq_code(periods))


def _period_word(periods: pd.PeriodIndex) -> str:
    return _PERIOD_WORD.get(_freq_code(periods), "period")


def as_periods(periods: Any) -> pd.PeriodIndex:
    """Periods as a PeriodIndex that is consecutive, increasing and has no NaT (shared by
    the ITS fit and the robustness refits so both refuse the same inputs)."""
    if isinstance(periods, pd.PeriodIndex):
        pidx = periods
    else:
        try:
            pidx = pd.PeriodIndex(list(periods))
        except (TypeError, ValueError) as exc:
            raise AnalysisError(
                f"periods must be a pandas PeriodIndex (or periods it can be built from): {exc}"
            ) from None
    if len(pidx) == 0:
        raise AnalysisError("the series has no periods")
    if pidx.hasnans:
        raise AnalysisError("the periods contain a missing value (NaT)")
    steps = np.diff(pidx.asi8)
    if (steps != 1).any():
        bad = int(np.flatnonzero(steps != 1)[0])
        raise AnalysisError(
            f"periods must be consecutive and increasing; {pidx[bad]} is followed by "
            f"{pidx[bad + 1]} (fill the gap or fit the periods separately)"
        )
    return pidx


def _as_period(when: Any, periods: pd.PeriodIndex, what: str) -> pd.Period:
    try:
        p = pd.Period(when, freq=periods.freq)
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"{what} '{when}' is not a period: {exc}") from None
    if p < periods[0] or p > periods[-1]:
        raise AnalysisError(f"{what} {p} is outside the data ({periods[0]} to {periods[-1]})")
    if p == periods[0]:
        raise AnalysisError(
            f"{what} {p} is the first period of the data: there is no pre-period to "
            "estimate the trend from"
        )
    return p


def _clean_name(name: Any) -> str:
    text = re.sub(r"[^0-9a-zA-Z_]+", "_", str(name)).strip("_").lower()
    return text or "interruption"


def _interruptions(
    interruptions: Any, periods: pd.PeriodIndex, start: pd.Period
) -> list[tuple[str, pd.Period]]:
    """Validated ``[(name, period), ...]`` of the further interruptions, in time order."""
    out: list[tuple[str, pd.Period]] = []
    for item in interruptions or ():
        if isinstance(item, tuple | list) and len(item) == 2:
            name, when = item
        else:
            name, when = None, item
        p = _as_period(when, periods, f"interruption '{name or when}'")
        label = _clean_name(name if name is not None else f"p{p}")
        if label == "start":
            raise AnalysisError("the interruption name 'start' is reserved for the pilot start")
        if p == start:
            raise AnalysisError(
                f"interruption '{label}' ({p}) falls on the start: its terms would equal "
                "the start's; leave it out"
            )
        if any(label == n for n, _ in out):
            raise AnalysisError(f"two interruptions are named '{label}'")
        if any(p == q for _, q in out):
            raise AnalysisError(f"two interruptions fall on {p}; keep one")
        out.append((label, p))
    return sorted(out, key=lambda x: x[1])


def _resolve_seasonality(
    seasonality: str, harmonics: int, periods: pd.PeriodIndex, n_pre: int
) -> tuple[str, int, str]:
    """``(kind, harmonics, why)`` with kind none | dummies | fourier."""
    if seasonality not in SEASONALITIES:
        raise AnalysisError(f"seasonality '{seasonality}' is not one of {', '.join(SEASONALITIES)}")
    length = _season_length(periods)
    if seasonality == "auto":
        if length == 12:
            if not isinstance(harmonics, int | np.integer) or not 1 <= harmonics <= 6:
                raise AnalysisError(
                    f"harmonics must be a whole number from 1 to 6 for monthly data, got "
                    f"{harmonics!r}"
                )
            need = SEASON_CYCLES * 12
            if n_pre >= need:
                return (
                    "fourier",
                    harmonics,
                    (
                        f"seasonality 'auto': Fourier terms ({harmonics} pair(s)) because the "
                        f"monthly series has {n_pre} pre-periods (≥ {need})"
                    ),
                )
            return (
                "none",
                0,
                (
                    f"seasonality 'auto': none, because the monthly series has only {n_pre} "
                    f"pre-periods (Fourier terms need {need})"
                ),
            )
        if length == 4:
            need = SEASON_CYCLES * 4
            if n_pre >= need:
                return (
                    "dummies",
                    0,
                    (f"seasonality 'auto': quarter dummies ({n_pre} pre-periods ≥ {need})"),
                )
            return (
                "none",
                0,
                (
                    f"seasonality 'auto': none, because the quarterly series has "
                    f"only {n_pre} pre-periods (quarter dummies need {need})"
                ),
            )
        return "none", 0, f"seasonality 'auto': none ({_period_word(periods)}ly data)"
    if seasonality == "none":
        return "none", 0, "seasonality 'none'"
    if length is None:
        raise AnalysisError(
            f"seasonality '{seasonality}' needs monthly or quarterly periods; these are "
            f"'{periods.freqstr}' ({_period_word(periods)}ly data have no season): use "
            "seasonality='none'"
        )
    if seasonality == "fourier":
        top = length // 2
        if not isinstance(harmonics, int | np.integer) or not 1 <= harmonics <= top:
            raise AnalysisError(
                f"harmonics must be a whole number from 1 to {top} for "
                f"{_period_word(periods)}ly data, got {harmonics!r}"
            )
        return "fourier", int(harmonics), f"seasonality 'fourier' ({harmonics} pair(s))"
    return "dummies", 0, "seasonality 'dummies'"


def _seasonal_columns(periods: pd.PeriodIndex, kind: str, harmonics: int) -> dict[str, np.ndarray]:
    if kind == "none":
        return {}
    length = _season_length(periods)
    assert length is not None
    pos = np.asarray(periods.month if length == 12 else periods.quarter, dtype=float)
    cols: dict[str, np.ndarray] = {}
    if kind == "dummies":
        for s in range(2, length + 1):
            cols[f"season_{s}"] = (pos == s).astype(float)
        return cols
    for h in range(1, harmonics + 1):
        angle = 2.0 * np.pi * h * pos / length
        if 2 * h < length:  # at the Nyquist harmonic the sine is identically zero
            cols[f"sin{h}"] = np.sin(angle)
        cols[f"cos{h}"] = np.cos(angle)
    return cols


def _seasonality_label(kind: str, harmonics: int) -> str:
    return f"fourier({harmonics})" if kind == "fourier" else kind


# -- the design matrix ------------------------------------------------------------------------


def design_matrix(
    periods: pd.PeriodIndex,
    start: pd.Period | str,
    *,
    seasonality: str = "auto",
    harmonics: int = 2,
    interruptions: Sequence[tuple[str, pd.Period | str]] = (),
    phase_in: int = 0,
    slope_change: bool = True,
) -> pd.DataFrame:
    """Segmented-regression design matrix of an interrupted time series.

    One row per period (all periods, including any phase-in periods a fit will
    leave out), so the same matrix gives the fitted values, the counterfactual
    (interruption columns set to 0) and the batch fits of many series.

    Parameters
    ----------
    periods : PeriodIndex
        Consecutive periods of the series (monthly, quarterly or yearly).
    start : Period or str
        The first period of the pilot (the interruption). Must fall after the
        first period and at or before the last.
    seasonality : {"auto", "none", "dummies", "fourier"}
        ``"dummies"``: one indicator per month/quarter but the first
        (``season_2`` ...). ``"fourier"``: ``harmonics`` sin/cos pairs of the
        position in the year (``sin1, cos1, ...``; period = periods per year;
        the sine of the Nyquist harmonic is dropped, being identically 0).
        ``"auto"``: Fourier with ``harmonics`` pairs for monthly data with at
        least 24 pre-periods, quarter dummies for quarterly data with at least
        8, otherwise none; yearly data never have seasonal terms.
    harmonics : int
        Fourier pairs (1..6 monthly, 1..2 quarterly).
    interruptions : sequence of (name, period)
        Further interruptions (milestones), each with its own level and slope
        terms ``level_<name>``, ``slope_<name>``.
    phase_in : int
        Periods from the start that a fit leaves out. Here it only moves the
        origin of ``slope_start`` to the end of the phase-in, so that the
        coefficient of ``level_start`` is the change at the first fitted
        post-period. Fitted values are the same either way.
    slope_change : bool
        Include the slope terms (a change in trend as well as in level).

    Returns
    -------
    DataFrame
        Indexed by ``periods``, columns ``const``, ``time`` (1..n),
        ``level_start`` (1 from the start), ``slope_start`` ((t − t0)·post,
        counted from the interruption — never time·post), the same pair per
        further interruption, then the seasonal columns.

    Raises
    ------
    AnalysisError
        Periods not consecutive; start or an interruption in the first period or
        outside the data; seasonal terms asked of yearly data; bad harmonics or
        phase-in. Minimum series lengths are checked by :func:`fit_its`.
    """
    pidx = as_periods(periods)
    s = _as_period(start, pidx, "the start")
    n = len(pidx)
    t = np.arange(1, n + 1, dtype=float)
    n_pre = int((pidx < s).sum())
    kind, h, _ = _resolve_seasonality(seasonality, harmonics, pidx, n_pre)
    further = _interruptions(interruptions, pidx, s)
    n_post = n - n_pre
    if not isinstance(phase_in, int | np.integer) or phase_in < 0:
        raise AnalysisError(f"phase_in must be a whole number ≥ 0, got {phase_in!r}")
    if phase_in >= n_post:
        raise AnalysisError(
            f"a phase-in of {phase_in} period(s) leaves no post-period to fit: the data "
            f"have {n_post} period(s) from the start {s}"
        )
    cols: dict[str, np.ndarray] = {"const": np.ones(n), "time": t}
    for name, p in [("start", s), *further]:
        t0 = float(pidx.get_loc(p) + 1)
        post = (t >= t0).astype(float)
        cols[f"level_{name}"] = post
        if slope_change:
            origin = t0 + (phase_in if name == "start" else 0)
            cols[f"slope_{name}"] = (t - origin) * post
    cols.update(_seasonal_columns(pidx, kind, h))
    return pd.DataFrame(cols, index=pidx)


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


def _hac_meat(scores: np.ndarray, positions: np.ndarray, lag: int) -> np.ndarray:
    """Σ_t u_t u_t' + Σ_{j=1..L} (1 − j/(L+1)) Σ_t (u_t u_{t−j}' + u_{t−j} u_t'), with
    "j apart" measured on ``positions`` (calendar positions; left-out periods score 0)."""
    span = int(positions.max() - positions.min()) + 1
    u = np.zeros((span, scores.shape[1]))
    u[positions - positions.min()] = scores
    meat = u.T @ u
    for j in range(1, lag + 1):
        if j >= span:
            break
        g = u[j:].T @ u[:-j]
        meat += (1.0 - j / (lag + 1.0)) * (g + g.T)
    return meat


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
    cov = bread @ _hac_meat(x * resid[:, None], pos, int(lag)) @ bread
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
class _Model:
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


def _crit(df: float, alpha: float) -> float:
    q = 1.0 - alpha / 2.0
    return float(stats.norm.ppf(q) if not math.isfinite(df) else stats.t.ppf(q, df))


def _p_value(stat: float, df: float) -> float:
    if not math.isfinite(stat):
        return 0.0 if math.isinf(stat) else float("nan")
    dist = stats.norm if not math.isfinite(df) else stats.t(df)
    return float(2.0 * dist.sf(abs(stat)))


def _fit_gaussian(
    y: np.ndarray,
    X: pd.DataFrame,
    positions: np.ndarray,
    se: str,
    hac_lag: int | None,
    small_sample: bool,
) -> _Model:
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
        return _Model(
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
        return _Model(
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


def _fit_ar1_reml(y: np.ndarray, X: pd.DataFrame, positions: np.ndarray) -> _Model:
    """GLS with AR(1) errors, ρ by REML (bounded, on the calendar positions), the
    Kenward–Roger covariance, and t intervals with the smallest KR df of the
    interruption terms (one df per model: the intervals that matter are the effects')."""
    import statsmodels.api as sm

    from analysis.numbers.designs.ar1 import ar1_reml_kr

    if len(np.flatnonzero(np.diff(positions) == 1)) < 3:
        raise AnalysisError("too few consecutive fitted periods to estimate an AR(1) error")
    names = list(X.columns)
    terms = [j for j, c in enumerate(names) if c.startswith(("level_", "slope_"))]
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
    return _Model(
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


def _fit_ar1(y: np.ndarray, X: pd.DataFrame, positions: np.ndarray) -> _Model:
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
    return _Model(
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


def _fit_count(
    y: np.ndarray,
    X: pd.DataFrame,
    offset: np.ndarray,
    family: str,
    se: str,
    hac_lag: int | None,
    small_sample: bool,
) -> _Model:
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    n, k = X.shape
    cov_kw: dict[str, Any] = {}
    lag = None
    how = ""
    if se == "hac":
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
    mu = np.asarray(pois.fittedvalues)
    pearson = float(np.sum((y - mu) ** 2 / mu) / (n - k))
    z_note = "normal-quantile Wald intervals"
    if family in ("poisson", "quasipoisson"):
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
        pr = (y - mu) / np.sqrt(mu)
        return _Model(
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
    # negative binomial: statsmodels' discrete NegativeBinomial (NB2, alpha by ML)
    nb_model = sm.NegativeBinomial(y, X, loglike_method="nb2", offset=offset)
    start = np.append(np.asarray(pois.params), 0.1)
    res = None
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
            res = cand
            break
    if res is None:
        raise AnalysisError(
            "the negative binomial model did not converge on this series; use family='quasipoisson'"
        )
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
    se_type = (
        f"{how}; {z_note}"
        if se == "hac"
        else f"maximum likelihood (observed information), NB2 alpha = {alpha_nb:.4g} "
        f"estimated jointly; {z_note}"
    )
    return _Model(
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


# -- diagnostics ------------------------------------------------------------------------------


def _checks(
    model: _Model, family: str, se: str, n_pre_fit: int, y_pre: np.ndarray, fit_pre: np.ndarray
) -> tuple[CheckResult, ...]:
    from statsmodels.stats.diagnostic import acorr_breusch_godfrey, acorr_ljungbox
    from statsmodels.stats.stattools import durbin_watson

    out: list[CheckResult] = []
    resid = model.resid
    lags = max(1, min(12, n_pre_fit // 4))
    handled = {
        "hac": f"the Newey–West standard errors allow for it up to lag {model.hac_lag}",
        "ar1": "an AR(1) error is already modelled; this tests what remains",
        "ar1_reml": "an AR(1) error is already modelled; this tests what remains",
    }.get(
        se,
        "the standard errors assume independent errors and may be too "
        "small; consider se='hac' or se='ar1'",
    )
    label = f"Residual autocorrelation (Ljung–Box, {lags} lag{'s' if lags > 1 else ''})"
    if len(resid) > lags + 1 and np.var(resid) > 0:
        lb = acorr_ljungbox(resid, lags=[lags], return_df=True)
        stat, p = float(lb["lb_stat"].iloc[0]), float(lb["lb_pvalue"].iloc[0])
        if p < 0.05:
            status, detail = (
                "warn",
                (f"The {model.resid_kind} are autocorrelated (p = {p:.3g}); {handled}."),
            )
        else:
            status, detail = (
                "pass",
                (f"No autocorrelation detected in the {model.resid_kind} (p = {p:.3g})."),
            )
        out.append(
            CheckResult(
                name="ljung_box",
                label=label,
                status=status,
                detail=detail,
                statistic=stat,
                p_value=p,
                threshold=0.05,
                values=(("lags", float(lags)),),
            )
        )
    else:
        out.append(CheckResult.not_applicable("ljung_box", label, "too few residuals for the test"))
    bg_label = f"Residual autocorrelation (Breusch–Godfrey, {lags} lag{'s' * (lags > 1)})"
    if model.ols_results is not None:
        lm, lmp, _, _ = acorr_breusch_godfrey(model.ols_results, nlags=lags, result_object=False)
        status = "warn" if lmp < 0.05 else "pass"
        detail = (
            f"The OLS residuals are serially correlated (p = {lmp:.3g}); {handled}."
            if lmp < 0.05
            else f"No serial correlation detected (p = {lmp:.3g})."
        )
        out.append(
            CheckResult(
                name="breusch_godfrey",
                label=bg_label,
                status=status,
                detail=detail,
                statistic=float(lm),
                p_value=float(lmp),
                threshold=0.05,
                values=(("lags", float(lags)),),
            )
        )
    else:
        why = (
            "Breusch–Godfrey tests OLS residuals; the AR(1) model's innovations are "
            "checked by Ljung–Box"
            if family == "gaussian"
            else "Breusch–Godfrey tests OLS residuals; the count model's Pearson residuals "
            "are checked by Ljung–Box"
        )
        out.append(CheckResult.not_applicable("breusch_godfrey", bg_label, why))
    dw = float(durbin_watson(resid))
    dw_ok = 1.5 <= dw <= 2.5
    out.append(
        CheckResult(
            name="durbin_watson",
            label=f"Durbin–Watson statistic ({model.resid_kind})",
            status="pass" if dw_ok else "warn",
            detail=(
                f"DW = {dw:.2f}, inside 1.5–2.5: no strong first-order autocorrelation."
                if dw_ok
                else f"DW = {dw:.2f}, outside 1.5–2.5: first-order "
                f"{'positive' if dw < 1.5 else 'negative'} autocorrelation; {handled}."
            ),
            statistic=dw,
            values=(("low", 1.5), ("high", 2.5)),
        )
    )
    od_label = "Overdispersion (Pearson dispersion)"
    if family == "gaussian":
        out.append(
            CheckResult.not_applicable(
                "overdispersion", od_label, "a Gaussian model estimates its variance freely"
            )
        )
    else:
        phi = model.pearson_dispersion
        if family == "poisson":
            warn = phi > OVERDISPERSION_WARN
            detail = (
                f"Pearson dispersion {phi:.2f} > {OVERDISPERSION_WARN}: the Poisson "
                "intervals are too narrow; use family='quasipoisson' or 'negbin'."
                if warn
                else f"Pearson dispersion {phi:.2f}: compatible with Poisson."
            )
            status = "warn" if warn else "pass"
        elif family == "quasipoisson":
            status = "info"
            detail = (
                f"Pearson dispersion {phi:.2f}, estimated and used to scale the "
                "intervals (quasi-Poisson)."
            )
        else:
            status = "info"
            detail = (
                f"Negative binomial alpha = {model.nb_alpha:.3g} estimated; "
                f"Pearson dispersion of the NB residuals {phi:.2f}."
            )
        out.append(
            CheckResult(
                name="overdispersion",
                label=od_label,
                status=status,
                detail=detail,
                statistic=phi,
                threshold=OVERDISPERSION_WARN,
            )
        )
    r2_den = float(np.sum((y_pre - y_pre.mean()) ** 2))
    r2 = 1.0 - float(np.sum((y_pre - fit_pre) ** 2)) / r2_den if r2_den > 0 else float("nan")
    nz = y_pre != 0
    mape = (
        float(np.mean(np.abs(y_pre[nz] - fit_pre[nz]) / np.abs(y_pre[nz])))
        if nz.any()
        else float("nan")
    )
    parts = []
    if math.isfinite(r2):
        parts.append(f"R² = {r2:.2f}")
    if math.isfinite(mape):
        parts.append(f"mean absolute percentage error {mape * 100:.1f}%")
    values = tuple((k, v) for k, v in (("r_squared", r2), ("mape", mape)) if math.isfinite(v))
    out.append(
        CheckResult(
            name="pre_fit",
            label="Fit in the pre-period",
            status="info",
            detail=(
                f"Over the {len(y_pre)} pre-periods: " + ", ".join(parts) + "."
                if parts
                else "The pre-period is constant; no fit statistic."
            ),
            statistic=r2 if math.isfinite(r2) else (mape if math.isfinite(mape) else 0.0),
            values=values,
        )
    )
    return tuple(out)


# -- effects ----------------------------------------------------------------------------------


def _mean(eta: np.ndarray, link: str) -> np.ndarray:
    return np.exp(eta) if link == "log" else eta


def _draws(model: _Model, n_sim: int, rng: np.random.Generator) -> np.ndarray:
    k = len(model.params)
    z = rng.multivariate_normal(np.zeros(k), model.cov, size=n_sim, method="eigh")
    if math.isfinite(model.df):  # multivariate t, matching the t intervals
        z = z / np.sqrt(rng.chisquare(model.df, size=n_sim) / model.df)[:, None]
    return model.params[None, :] + z


def _predictive(mu: np.ndarray, model: _Model, family: str, rng: np.random.Generator) -> np.ndarray:
    """One new count per simulated mean (same shape as ``mu``)."""
    if family == "negbin" and model.nb_alpha > 1e-8:
        shape = 1.0 / model.nb_alpha
        lam = rng.gamma(shape, mu / shape)
    elif family == "quasipoisson" and model.dispersion > 1.0:
        shape = mu / (model.dispersion - 1.0)  # gamma-Poisson with variance φ·μ
        lam = rng.gamma(shape, mu / shape)
    else:
        lam = mu
    return rng.poisson(lam).astype(float)


# -- the public fit ---------------------------------------------------------------------------


def _validate_y(y: Any, n: int, family: str, periods: pd.PeriodIndex) -> np.ndarray:
    try:
        values = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError):
        raise AnalysisError("the series must be numeric") from None
    if len(values) != n:
        raise AnalysisError(f"the series has {len(values)} values for {n} periods")
    bad = ~np.isfinite(values)
    if bad.any():
        where = ", ".join(str(p) for p in periods[bad][:8])
        more = f" and {int(bad.sum()) - 8} more" if bad.sum() > 8 else ""
        raise AnalysisError(
            f"the series has {int(bad.sum())} missing value(s) at {where}{more}; an ITS "
            "needs every period (fill the gaps from the source, not with zeros)"
        )
    if (values == 0).all():
        raise AnalysisError("the series is all zeros: there is nothing to model")
    if np.ptp(values) == 0:
        raise AnalysisError(
            f"the series is constant ({values[0]:g} in every period): there is no "
            "variation to model"
        )
    if family in COUNT_FAMILIES:
        neg = values < 0
        if neg.any():
            where = ", ".join(str(p) for p in periods[neg][:8])
            raise AnalysisError(
                f"family '{family}' needs non-negative counts; the series is negative at "
                f"{where}: use family='gaussian'"
            )
    return values


def _validate_exposure(exposure: Any, n: int, family: str) -> np.ndarray:
    if exposure is None:
        return np.zeros(n)
    if family not in COUNT_FAMILIES:
        raise AnalysisError(
            "exposure is an offset of the count families; for a Gaussian model divide the "
            "outcome by the exposure first (model the rate)"
        )
    try:
        e = np.asarray(exposure, dtype=float).ravel()
    except (TypeError, ValueError):
        raise AnalysisError("exposure must be numeric") from None
    if len(e) != n:
        raise AnalysisError(f"exposure has {len(e)} values for {n} periods")
    if not np.isfinite(e).all() or (e <= 0).any():
        raise AnalysisError("exposure must be positive and present in every period")
    return np.log(e)


def fit_its(
    y: Any,
    periods: Any,
    start: pd.Period | str,
    *,
    family: str = "gaussian",
    exposure: Any = None,
    seasonality: str = "auto",
    harmonics: int = 2,
    interruptions: Sequence[tuple[str, pd.Period | str]] = (),
    phase_in: int = 0,
    slope_change: bool = True,
    se: str = "auto",
    hac_lag: int | None = None,
    small_sample: bool = False,
    horizons: Sequence[int] = (6, 12),
    alpha: float = 0.05,
    seed: int = 0,
    n_sim: int = 2000,
    indicator: str = "",
    label: str = "",
    unit: str = "",
) -> EffectResult:
    """Fit a segmented-regression interrupted time series to one series.

    Parameters
    ----------
    y : array-like
        The outcome, one value per period (counts for the count families).
    periods : PeriodIndex
        Consecutive periods of ``y``.
    start : Period or str
        First period of the pilot. Horizon 1 is this period.
    family : {"gaussian", "poisson", "quasipoisson", "negbin"}
        ``gaussian``: linear model, errors as ``se`` says. ``poisson``: Poisson
        GLM. ``quasipoisson``: the Poisson point estimates with the covariance
        scaled by the Pearson dispersion
        X²/(n−p) (statsmodels ``fit(scale='X2')``, as R's ``quasipoisson``).
        ``negbin``: statsmodels' discrete ``NegativeBinomial`` (NB2, alpha
        estimated jointly by maximum likelihood). Count families use the log
        link; their effects are rate ratios, their coefficient intervals Wald
        with the normal quantile.
    exposure : array-like, optional
        Population or other exposure (count families): offset ``log(exposure)``.
    seasonality, harmonics, interruptions, slope_change
        See :func:`design_matrix`.
    phase_in : int
        Periods from the start left out of the fit (implementation period);
        marked ``excluded`` in the path. The level coefficient is then the
        change at the first fitted post-period.
    se : {"auto", "ar1_reml", "hac", "ar1", "ols", "model"}
        Gaussian: ``ar1_reml`` (what ``auto`` means) GLS with AR(1) errors, ρ by
        REML (bounded to ±0.99, lags in calendar periods across a phase-in), the
        Kenward–Roger covariance and t intervals with the smallest Kenward–Roger
        df of the interruption terms (``level_*``, ``slope_*``) -- the default
        because it keeps 95% intervals near 95% in short autocorrelated series,
        where Newey–West covers about 80% (``scripts/its_coverage.py``);
        ``hac`` OLS with Newey–West; ``ar1`` feasible GLS with AR(1) errors (own
        Prais–Winsten keeping the first observation, ρ iterated); ``ols``
        classical. Count families: ``model`` (default: model-based, as
        described under ``family``) or ``hac`` (Newey–West sandwich).
    hac_lag : int, optional
        Newey–West lag; default ``floor(4·(n/100)^(2/9))`` with n fitted
        periods. Always reported in ``se_type`` and ``hac_lag``.
    small_sample : bool
        Newey–West only: multiply by n/(n−k) (Stata ``newey``); default no
        factor (Wooldridge, statsmodels ``use_correction=False``).
    horizons : sequence of int
        Post-periods (1 = the start period) at which effects are reported;
        horizons beyond the data are dropped with a note. The post-period
        average (horizon 0) is always reported.
    alpha : float
        1 − confidence level of every interval.
    seed, n_sim : int
        Effect intervals are percentiles of ``n_sim`` draws of the coefficients
        (``numpy.random.default_rng(seed)``).
    indicator, label, unit : str
        Names carried into the result.

    Returns
    -------
    EffectResult
        ``design='its'``; coefficients (``level_start``, ``slope_start``,
        ``post_trend`` ...; ``scale='log'`` for count families), effects at the
        horizons and on average, the observed/fitted/counterfactual path with
        confidence and prediction bands, diagnostics in ``checks``, the
        statsmodels results in ``fitted_model``.

    Raises
    ------
    AnalysisError
        Missing values, all zeros, a constant series, negative counts, the start
        in the first period or outside the data, too few pre-periods (at least
        8 + one per seasonal term; seasonal terms need two full years before the
        start), a design whose terms cannot be separated, or a model that does
        not converge.

    Notes
    -----
    Effects are model-based: fitted minus counterfactual, both from the same
    coefficients, so they do not carry the period's noise; the path's
    ``effect`` is observed minus counterfactual, with the counterfactual's
    prediction band (a new observation) as its interval.
    """
    if family not in FAMILIES:
        raise AnalysisError(f"family '{family}' is not one of {', '.join(FAMILIES)}")
    count = family in COUNT_FAMILIES
    allowed_se = ("auto", "model", "hac") if count else ("auto", "ar1_reml", "hac", "ar1", "ols")
    if se not in allowed_se:
        raise AnalysisError(
            f"se '{se}' is not available for family '{family}'; use one of "
            f"{', '.join(allowed_se)}"
            + (" (AR(1) and classical OLS errors are Gaussian options)" if count else "")
        )
    se = ("model" if count else "ar1_reml") if se == "auto" else se
    if not (isinstance(alpha, int | float) and 0 < alpha < 1):
        raise AnalysisError(f"alpha must be between 0 and 1, got {alpha!r}")
    if not isinstance(n_sim, int | np.integer) or n_sim < MIN_SIMULATIONS:
        raise AnalysisError(
            f"n_sim must be a whole number ≥ {MIN_SIMULATIONS} (percentile "
            f"intervals need enough draws), got {n_sim!r}"
        )
    if hac_lag is not None and (
        isinstance(hac_lag, bool) or not isinstance(hac_lag, int | np.integer) or hac_lag < 0
    ):
        raise AnalysisError(f"hac_lag must be a whole number ≥ 0, got {hac_lag!r}")
    pidx = as_periods(periods)
    n = len(pidx)
    values = _validate_y(y, n, family, pidx)
    offset_all = _validate_exposure(exposure, n, family)
    s = _as_period(start, pidx, "the start")
    notes: list[str] = []
    if se != "hac" and hac_lag is not None:
        notes.append(f"hac_lag {hac_lag} was ignored: the standard errors are not Newey–West.")

    # design and the fitted rows
    n_pre = int((pidx < s).sum())
    kind, h, why = _resolve_seasonality(seasonality, harmonics, pidx, n_pre)
    X_all = design_matrix(
        pidx,
        s,
        seasonality=kind,
        harmonics=h or harmonics,
        interruptions=interruptions,
        phase_in=phase_in,
        slope_change=slope_change,
    )
    notes.append(why[0].upper() + why[1:] + ".")
    further = _interruptions(interruptions, pidx, s)
    first_break = min([s, *(p for _, p in further)])
    n_before = int((pidx < first_break).sum())
    n_season = sum(c.startswith(("season_", "sin", "cos")) for c in X_all.columns)
    length = _season_length(pidx)
    if kind != "none" and length and n_pre < SEASON_CYCLES * length:
        raise AnalysisError(
            f"seasonality '{seasonality}' needs at least {SEASON_CYCLES * length} "
            f"pre-periods ({SEASON_CYCLES} full years) to separate the season from the "
            f"trend; the series has {n_pre} before the start {s}: use seasonality='none' or "
            "a longer series"
        )
    need = MIN_PRE_PERIODS + n_season
    if n_before < need:
        what = f"the start {s}" if first_break == s else f"the first interruption {first_break}"
        raise AnalysisError(
            f"too few pre-periods: the model needs at least {need} before {what} "
            f"({MIN_PRE_PERIODS} + {n_season} seasonal term(s)); the series has {n_before}"
            + (": use seasonality='none' or a longer series" if n_season else "")
        )
    post = np.asarray(pidx >= s)
    excluded = post & (np.arange(n) < n_pre + phase_in)
    keep = ~excluded
    if phase_in:
        notes.append(
            f"Phase-in: {pidx[n_pre]} to {pidx[n_pre + phase_in - 1]} "
            f"({phase_in} period(s)) left out of the fit."
        )
    X = X_all[keep]
    yv = values[keep]
    off = offset_all[keep]
    positions = np.flatnonzero(keep)
    k = X.shape[1]
    n_fit = len(yv)
    if np.linalg.matrix_rank(X.to_numpy(float)) < k:
        bad = _unidentified(X)
        raise AnalysisError(
            "the model's terms cannot be told apart on the fitted periods ("
            + ", ".join(bad)
            + "): interruptions too close together, too few periods "
            "after one of them, or too long a phase-in; drop an interruption, set "
            "slope_change=False or shorten the phase-in"
        )
    if n_fit - k < 2:
        raise AnalysisError(
            f"{n_fit} fitted periods leave fewer than 2 residual degrees of freedom for {k} terms"
        )
    if count:
        fit_post = post[keep]
        if (yv[~fit_post] == 0).all():
            raise AnalysisError(
                "the pre-period counts are all zero: there is no baseline rate to extrapolate"
            )
        if (yv[fit_post] == 0).all():
            raise AnalysisError(
                "the post-period counts are all zero: a rate ratio is not estimable (it would be 0)"
            )
        if not np.allclose(yv, np.round(yv)):
            notes.append(
                "Some values are not whole numbers; the count model treats them "
                "as counts (quasi-likelihood)."
            )
    if np.ptp(yv[~post[keep]]) == 0:
        notes.append("The pre-period is constant.")

    if count:
        model = _fit_count(yv, X, off, family, se, hac_lag, small_sample)
    else:
        model = _fit_gaussian(yv, X, positions, se, hac_lag, small_sample)
    notes.extend(model.extra_notes)
    if not (np.isfinite(model.params).all() and np.isfinite(model.cov).all()):
        raise AnalysisError("the model gave non-finite estimates on this series")

    names = list(X.columns)
    xa = X_all.to_numpy(float)
    inter_cols = [i for i, c in enumerate(names) if c.startswith(("level_", "slope_"))]
    xcf = xa.copy()
    xcf[:, inter_cols] = 0.0
    link = model.link
    fitted = _mean(xa @ model.params + offset_all, link)
    cf = _mean(xcf @ model.params + offset_all, link)

    # bands of the counterfactual
    crit = _crit(model.df, alpha)
    var_cf = np.einsum("ti,ij,tj->t", xcf, model.cov, xcf)
    rng = np.random.default_rng(seed)
    draws = _draws(model, int(n_sim), rng)
    eta_f = draws @ xa.T + offset_all  # (n_sim, n)
    eta_c = draws @ xcf.T + offset_all
    if link == "identity":
        half = crit * np.sqrt(var_cf)
        cf_lo, cf_hi = cf - half, cf + half
        phalf = crit * np.sqrt(var_cf + model.noise_var)
        pr_lo, pr_hi = cf - phalf, cf + phalf
        sim_f, sim_c = eta_f, eta_c
    else:
        lin = xcf @ model.params + offset_all
        half = crit * np.sqrt(var_cf)
        cf_lo, cf_hi = np.exp(lin - half), np.exp(lin + half)
        sim_f, sim_c = np.exp(eta_f), np.exp(eta_c)
        new = _predictive(sim_c, model, family, rng)
        pr_lo = np.quantile(new, alpha / 2, axis=0)
        pr_hi = np.quantile(new, 1 - alpha / 2, axis=0)
    effect = values - cf
    path = EffectPath(
        time=tuple(str(p) for p in pidx),
        observed=_t(values),
        fitted=_t(fitted),
        counterfactual=_t(cf),
        cf_conf_low=_t(cf_lo),
        cf_conf_high=_t(cf_hi),
        cf_pred_low=_t(pr_lo),
        cf_pred_high=_t(pr_hi),
        effect=_t(effect),
        effect_conf_low=_t(values - pr_hi),
        effect_conf_high=_t(values - pr_lo),
        post=tuple(bool(v) for v in post),
        excluded=tuple(bool(v) for v in excluded),
        unit=unit,
    )

    # horizons
    n_post = n - n_pre
    wanted: list[int] = []
    for hz in horizons:
        if isinstance(hz, bool) or not isinstance(hz, int | np.integer) or hz < 1:
            raise AnalysisError(
                f"horizons are post-period counts ≥ 1 (1 = the start period), got {hz!r}"
            )
        if hz > n_post:
            notes.append(
                f"Horizon {hz} is beyond the {n_post} post-period(s) in the data and was dropped."
            )
        elif int(hz) not in wanted:
            wanted.append(int(hz))
    word = _period_word(pidx)
    effects: list[HorizonEffect] = []
    for hz in sorted(wanted):
        i = n_pre + hz - 1
        effects.append(
            _horizon_effect(
                np.array([i]),
                np.arange(n_pre, i + 1),
                hz,
                str(pidx[i]),
                f"{word} {hz} of the pilot",
                fitted,
                cf,
                sim_f,
                sim_c,
                xa,
                xcf,
                model,
                alpha,
                notes,
            )
        )
    avg_idx = np.flatnonzero(post & keep)
    effects.append(
        _horizon_effect(
            avg_idx,
            avg_idx,
            0,
            f"{pidx[avg_idx[0]]} to {pidx[avg_idx[-1]]}",
            "post-period average",
            fitted,
            cf,
            sim_f,
            sim_c,
            xa,
            xcf,
            model,
            alpha,
            notes,
        )
    )

    coefs = _coefficients(names, model, alpha, link, s, pidx, phase_in, further, word)
    fit_pre = fitted[~post]
    checks = _checks(model, family, se, int((~post[keep]).sum()), values[~post], fit_pre)
    terms = "level + slope change" if slope_change else "level change"
    season_text = {
        "none": "no seasonality",
        "dummies": f"{word} dummies",
        "fourier": f"Fourier({h})",
    }[kind]
    model_text = (
        f"{_FAMILY_NAME[family]} segmented regression ({terms}"
        + (f", {len(further)} further interruption(s)" if further else "")
        + f"), {season_text}"
        + (", offset log(exposure)" if exposure is not None else "")
    )
    sim_dist = (
        f"multivariate t({model.df:.4g})" if math.isfinite(model.df) else "multivariate normal"
    )
    band = (
        "the prediction band adds the residual variance"
        if link == "identity"
        else "the prediction band simulates a new count at each simulated mean ("
        + {
            "poisson": "Poisson",
            "quasipoisson": "gamma-Poisson with variance φ·μ",
            "negbin": "negative binomial with the fitted alpha",
        }[family]
        + ")"
    )
    interval_method = (
        f"simulation: {int(n_sim)} draws of the coefficients from a {sim_dist} with "
        f"{model.cov_name} (numpy default_rng(seed={seed})), percentile intervals; "
        f"p-values by the delta method; counterfactual mean band "
        + ("analytic (t)" if link == "identity" else "Wald on the log scale")
        + f"; {band}"
    )
    return EffectResult(
        design="its",
        indicator=indicator,
        label=label or indicator or "outcome",
        unit=unit,
        model=model_text,
        family=family,
        se_type=model.se_type,
        start=str(s),
        alpha=float(alpha),
        n_obs=int(n_fit),
        n_pre=int(n_pre),
        n_post=int(n_post),
        coefficients=coefs,
        effects=tuple(effects),
        path=path,
        checks=checks,
        interval_method=interval_method,
        seasonality=_seasonality_label(kind, h),
        hac_lag=model.hac_lag,
        notes=tuple(notes),
        fitted_model=model.fitted_model,
    )


def _t(a: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(a, dtype=float))


def _unidentified(X: pd.DataFrame) -> list[str]:
    """Columns that add nothing to the span of the ones before them."""
    x = X.to_numpy(float)
    bad, kept = [], []
    for j, name in enumerate(X.columns):
        trial = [*kept, j]
        if np.linalg.matrix_rank(x[:, trial]) < len(trial):
            bad.append(name)
        else:
            kept.append(j)
    return bad


def _horizon_effect(
    idx: np.ndarray,
    cum_idx: np.ndarray,
    horizon: int,
    period: str,
    label: str,
    fitted: np.ndarray,
    cf: np.ndarray,
    sim_f: np.ndarray,
    sim_c: np.ndarray,
    xa: np.ndarray,
    xcf: np.ndarray,
    model: _Model,
    alpha: float,
    notes: list[str],
) -> HorizonEffect:
    lo_q, hi_q = alpha / 2, 1 - alpha / 2
    est = float(np.mean(fitted[idx] - cf[idx]))
    cf_sum = float(np.sum(cf[idx]))
    d_abs = (sim_f[:, idx] - sim_c[:, idx]).mean(axis=1)
    d_rel = (sim_f[:, idx].sum(axis=1) - sim_c[:, idx].sum(axis=1)) / sim_c[:, idx].sum(axis=1)
    d_cum = (sim_f[:, cum_idx] - sim_c[:, cum_idx]).sum(axis=1)
    cum = float(np.sum(fitted[cum_idx] - cf[cum_idx]))
    # delta method: gradient of the mean absolute effect, and a test of "no effect"
    if model.link == "identity":
        g = (xa[idx] - xcf[idx]).mean(axis=0)
        se_abs = float(math.sqrt(max(g @ model.cov @ g, 0.0)))
        stat = est / se_abs if se_abs > 0 else (math.inf if est else 0.0)
    else:
        gf = (fitted[idx, None] * xa[idx]).mean(axis=0)
        gc = (cf[idx, None] * xcf[idx]).mean(axis=0)
        g = gf - gc
        se_abs = float(math.sqrt(max(g @ model.cov @ g, 0.0)))
        gl = gf / fitted[idx].mean() - gc / cf[idx].mean()
        se_log = float(math.sqrt(max(gl @ model.cov @ gl, 0.0)))
        log_ratio = math.log(fitted[idx].sum() / cf_sum)
        stat = log_ratio / se_log if se_log > 0 else (math.inf if log_ratio else 0.0)
    p = _p_value(stat, model.df)
    if cf_sum > 0:
        rel = (float(np.sum(fitted[idx])) - cf_sum) / cf_sum
        rel_lo, rel_hi = (float(v) for v in np.quantile(d_rel, [lo_q, hi_q]))
    else:
        rel = rel_lo = rel_hi = float("nan")
        notes.append(
            f"The relative effect at {label} is not defined: the counterfactual "
            "is not positive there."
        )
    a_lo, a_hi = (float(v) for v in np.quantile(d_abs, [lo_q, hi_q]))
    c_lo, c_hi = (float(v) for v in np.quantile(d_cum, [lo_q, hi_q]))
    return HorizonEffect(
        horizon=int(horizon),
        period=period,
        label=label,
        estimate=est,
        conf_low=a_lo,
        conf_high=a_hi,
        relative_estimate=rel,
        relative_conf_low=rel_lo,
        relative_conf_high=rel_hi,
        cumulative_estimate=cum,
        cumulative_conf_low=c_lo,
        cumulative_conf_high=c_hi,
        std_error=se_abs,
        p_value=p,
    )


def _coefficients(
    names: list[str],
    model: _Model,
    alpha: float,
    link: str,
    s: pd.Period,
    pidx: pd.PeriodIndex,
    phase_in: int,
    further: list[tuple[str, pd.Period]],
    word: str,
) -> tuple[Coefficient, ...]:
    scale = "log" if link == "log" else "identity"
    crit = _crit(model.df, alpha)
    ratio = link == "log"
    at = {"start": s, **dict(further)}
    origin = {"start": pidx[pidx.get_loc(s) + phase_in]} | dict(further)

    def describe(term: str) -> str:
        if term == "const":
            return (
                "log rate one period before the first (intercept)"
                if ratio
                else "level one period before the first (intercept)"
            )
        if term == "time":
            return (
                f"pre-period trend: rate ratio per {word}"
                if ratio
                else f"pre-period trend per {word}"
            )
        if term.startswith("level_"):
            name = term[6:]
            when = origin[name]
            what = "rate ratio" if ratio else "level change"
            extra = " (end of the phase-in)" if name == "start" and phase_in else ""
            return f"{what} at {when}{extra}, {'start' if name == 'start' else name}"
        if term.startswith("slope_"):
            name = term[6:]
            return (
                (f"change in trend after {at[name]}: rate ratio per {word}")
                if ratio
                else f"change in trend per {word} after {at[name]}"
            )
        if term.startswith("season_"):
            return f"seasonal {word} {term[7:]} against {word} 1"
        if term.startswith(("sin", "cos")):
            return f"seasonal Fourier term ({term[:3]}, harmonic {term[3:]})"
        return ""

    out = []

    def add(term: str, est: float, var: float, desc: str) -> None:
        se = math.sqrt(max(var, 0.0))
        stat = est / se if se > 0 else math.inf
        out.append(
            Coefficient(
                term=term,
                estimate=float(est),
                std_error=float(se),
                statistic=float(stat),
                p_value=_p_value(stat, model.df),
                conf_low=float(est - crit * se),
                conf_high=float(est + crit * se),
                scale=scale,
                description=desc,
            )
        )

    for j, term in enumerate(names):
        add(term, model.params[j], model.cov[j, j], describe(term))
    if "slope_start" in names:
        g = np.zeros(len(names))
        g[names.index("time")] = 1.0
        g[names.index("slope_start")] = 1.0
        add(
            "post_trend",
            float(g @ model.params),
            float(g @ model.cov @ g),
            (
                f"trend after the start: rate ratio per {word} (time + slope_start)"
                if ratio
                else f"trend per {word} after the start (time + slope_start)"
            ),
        )
    return tuple(out)


# -- panel entry point ------------------------------------------------------------------------


def fit_its_panel(
    panel: Any,
    indicator: str,
    group: str | Sequence[str] = "treated",
    *,
    start: pd.Period | str | None = None,
    milestones: bool = False,
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
    spec = panel.spec
    ind = spec.indicators.get(indicator)
    frame = panel.indicator_frame(indicator)  # raises for unknown / facts indicators
    assert ind is not None
    units = _group_units(panel, group)
    family = kwargs.get("family", "gaussian")
    if family in COUNT_FAMILIES and ind.kind not in ("count", "rate"):
        hint = {
            "proportion": "model the pooled share with family='gaussian', or define a "
            "count indicator for the numerator with the denominator as "
            "its exposure",
            "stock": "a stock (a register's size) is not a count of events; use family='gaussian'",
            "amount": "an amount is not a count; use family='gaussian'",
        }[ind.kind]
        raise AnalysisError(
            f"indicator '{indicator}' is a {ind.kind}: family '{family}' needs counts; {hint}"
        )
    if start is None:
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
        start = next(iter(given.values()))
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
    notes: list[str] = []
    kw = dict(kwargs)
    value = pooled["value"].to_numpy(float)
    if ind.kind == "proportion":
        den = pooled["denominator"].to_numpy(float)
        if (den <= 0).any():
            raise AnalysisError(
                f"indicator '{indicator}': the denominator is 0 in some "
                "period; the share is not defined there"
            )
        y = value / den
        notes.append("Outcome: the pooled share Σ numerator / Σ denominator.")
    elif "exposure" in pooled and family in COUNT_FAMILIES:
        y = value
        if kw.get("exposure") is None:
            kw["exposure"] = pooled["exposure"].to_numpy(float)
    elif "exposure" in pooled:
        expo = pooled["exposure"].to_numpy(float)
        if (expo <= 0).any():
            raise AnalysisError(f"indicator '{indicator}': the exposure is 0 in some period")
        y = value / expo * ind.per
        notes.append(f"Outcome: the pooled rate per {ind.per:g} (Σ count / Σ exposure).")
    else:
        y = value
    if milestones:
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
        kw["interruptions"] = tuple(extra)
    unit = units[0] if len(units) == 1 else f"pooled ({len(units)} units)"
    if len(units) > 1:
        notes.append("Units pooled: " + ", ".join(units) + ".")
    kw.pop("indicator", None)
    label = kw.pop("label", None) or ind.label.en
    unit = kw.pop("unit", None) or unit
    res = fit_its(y, panel.periods, start, indicator=indicator, label=label, unit=unit, **kw)
    if not notes:
        return res
    from dataclasses import replace

    return replace(res, notes=res.notes + tuple(notes))


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
