"""OLS with Newey–West (HAC) standard errors for many series sharing one design matrix.

The single-series ITS fits one unit at a time through statsmodels. When a study
has hundreds or thousands of units (every compound, every station) and they
share a design matrix (same periods, same interruption), the whole batch is one
linear-algebra problem:

* coefficients for every series at once, ``B = (X'X)^-1 X'Y``, from one QR
  decomposition of ``X``;
* residuals ``E = Y - XB``;
* the Newey–West "meat" ``S = Γ_0 + Σ_{j=1..L} w_j (Γ_j + Γ_j')`` with Bartlett
  weights ``w_j = 1 - j/(L+1)`` and ``Γ_j = Σ_t x_t e_t e_{t-j} x_{t-j}'``,
  computed for all series together: one matrix product per lag (the only
  Python loop), no loop over series;
* the sandwich ``V = (X'X)^-1 S (X'X)^-1``, times ``n/(n-k)`` when
  ``small_sample`` (Stata's ``newey`` convention; Wooldridge's textbook formula
  and statsmodels' ``use_correction=False`` have no factor).

This is numerically the model of ``sm.OLS(y, X).fit().get_robustcov_results(
'HAC', maxlags=lag, use_correction=False)`` (``tests/test_batch.py`` checks it
to 1e-8), at a fraction of the cost (``benchmarks/bench_batch_its.py``).

Missing values are not supported: every series must be complete (a gap changes
which observations are "j periods apart", so series with different gaps cannot
share the HAC computation). Incomplete input raises :class:`AnalysisError`
naming the series and periods.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import special
from scipy.linalg import solve_triangular

from analysis.core.errors import AnalysisError
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.intake.panel import Panel

_NAMES_SHOWN = 10


def newey_west_lag(n_obs: int) -> int:
    """The stated default Newey–West lag, ``floor(4 (T/100)^(2/9))``.

    Parameters
    ----------
    n_obs : int
        Number of observations (periods) in the fit.

    Returns
    -------
    int
        The lag (0 for very short series).
    """
    if n_obs <= 0:
        raise AnalysisError(f"cannot choose a Newey–West lag for {n_obs} observations")
    return math.floor(4.0 * (n_obs / 100.0) ** (2.0 / 9.0))


def se_description(lag: int, small_sample: bool) -> str:
    """One line naming the standard-error convention, e.g. for a report."""
    factor = "× n/(n−k) small-sample factor" if small_sample else "no small-sample factor"
    return f"Newey–West HAC, Bartlett, lag {lag}, {factor}"


@dataclass(frozen=True, eq=False)
class BatchFit:
    """OLS + Newey–West fits of N series on one design matrix.

    Attributes
    ----------
    coef : numpy.ndarray
        Coefficients, shape (N, k).
    se : numpy.ndarray
        HAC standard errors, shape (N, k).
    cov : numpy.ndarray or None
        HAC covariance matrices, shape (N, k, k), when asked for (``keep_cov``).
    terms : tuple of str
        Names of the k columns of the design matrix.
    lag : int
        Newey–West lag (Bartlett weights ``1 - j/(lag+1)``, j = 1..lag).
    small_sample : bool
        Whether the covariance includes the factor ``n/(n-k)``.
    n_obs : int
        Observations per series (T).
    df_resid : int
        Residual degrees of freedom ``n - k`` (for t quantiles).
    """

    coef: np.ndarray
    se: np.ndarray
    cov: np.ndarray | None
    terms: tuple[str, ...]
    lag: int
    small_sample: bool
    n_obs: int
    df_resid: int

    @property
    def n_series(self) -> int:
        return int(self.coef.shape[0])

    @property
    def se_type(self) -> str:
        return se_description(self.lag, self.small_sample)

    def to_frame(
        self, units: Sequence[str] | None = None, *, alpha: float = 0.05, use_t: bool = True
    ) -> pd.DataFrame:
        """Tidy table: one row per series × term.

        Parameters
        ----------
        units : sequence of str, optional
            A name per series (default ``0..N-1``).
        alpha : float
            Intervals are ``1 - alpha`` confidence intervals.
        use_t : bool
            Student t with ``n - k`` degrees of freedom for p-values and
            intervals (True, the default: what statsmodels reports after
            ``OLS(y, X).fit().get_robustcov_results('HAC', ...)``, whose
            ``use_t`` is True, and what Stata's ``newey`` reports); False uses
            the normal distribution (statsmodels ``fit(cov_type='HAC')``,
            whose ``use_t`` defaults to False).

        Returns
        -------
        pandas.DataFrame
            Columns ``unit, term, estimate, std_error, statistic, p_value,
            conf_low, conf_high``.
        """
        if not 0 < alpha < 1:
            raise AnalysisError(f"alpha must be between 0 and 1, got {alpha}")
        n, k = self.coef.shape
        if units is None:
            names: list = list(range(n))
        else:
            names = list(units)
            if len(names) != n:
                raise AnalysisError(f"{len(names)} unit names for {n} series")
        # the special functions behind scipy.stats' t and normal (same floats, no
        # distribution object): quantile and upper tail
        df = self.df_resid
        q = float(special.stdtrit(df, 1 - alpha / 2) if use_t else special.ndtri(1 - alpha / 2))
        est = self.coef.ravel()
        se = self.se.ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = est / se
        return pd.DataFrame(
            {
                "unit": np.repeat(np.asarray(names, dtype=object), k),
                "term": np.tile(np.asarray(self.terms, dtype=object), n),
                "estimate": est,
                "std_error": se,
                "statistic": stat,
                "p_value": 2
                * (special.stdtr(df, -np.abs(stat)) if use_t else special.ndtr(-np.abs(stat))),
                "conf_low": est - q * se,
                "conf_high": est + q * se,
            },
            columns=["unit", "term", *ESTIMATE_COLUMNS],
        )


def _listing(items: Sequence[object]) -> str:
    shown = ", ".join(str(i) for i in items[:_NAMES_SHOWN])
    more = len(items) - _NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _as_matrix(a: object, what: str) -> tuple[np.ndarray, list | None, list | None]:
    """Float array plus the row / column labels of a DataFrame input."""
    rows = cols = None
    if isinstance(a, pd.DataFrame):
        rows, cols = list(a.index), list(a.columns)
    elif isinstance(a, pd.Series):
        cols = list(a.index)
    try:
        arr = np.asarray(a, dtype=float)
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"{what} must be numeric: {exc}") from None
    return arr, rows, cols


def ols_hac_batch(
    Y: np.ndarray,
    X: np.ndarray,
    lag: int,
    small_sample: bool = False,
    *,
    terms: Sequence[str] | None = None,
    keep_cov: bool = False,
) -> BatchFit:
    """OLS with Newey–West standard errors for N series sharing one design matrix.

    Parameters
    ----------
    Y : numpy.ndarray
        Outcomes, shape (N, T): one row per series (a 1-D array is one series).
        A DataFrame's index names the series in error messages.
    X : numpy.ndarray
        Design matrix, shape (T, k), full column rank. A DataFrame's columns
        give the term names.
    lag : int
        Newey–West lag L, ``0 <= L < T``; Bartlett weights ``1 - j/(L+1)``.
        0 gives White's heteroscedasticity-robust (HC0) covariance.
    small_sample : bool
        Multiply the covariance by ``n/(n-k)`` (Stata ``newey``); default False
        (Wooldridge, statsmodels ``use_correction=False``).
    terms : sequence of str, optional
        Term names (default: the DataFrame columns of ``X``, else ``x0..``).
    keep_cov : bool
        Keep the full (N, k, k) covariance matrices; by default only their
        diagonals (the standard errors) are computed, which is cheaper.

    Returns
    -------
    BatchFit

    Raises
    ------
    AnalysisError
        Non-finite values (naming the series and periods), mismatched shapes,
        ``T <= k``, a lag outside ``0..T-1``, or a rank-deficient ``X``.
    """
    y, y_rows, y_cols = _as_matrix(Y, "Y")
    x, _, x_cols = _as_matrix(X, "X")
    if y.ndim == 1:
        y = y[None, :]
    names, lag = _check_shapes(y, x, x_cols, terms, lag)
    _check_finite(y, x, names, y_rows, y_cols)
    n_obs = y.shape[1]
    k = x.shape[1]
    coef, bread, resid = _qr_fit(y, x, names)
    factor = n_obs / (n_obs - k) if small_sample else 1.0
    cov, var = _sandwich(resid, x @ bread, lag, factor, keep_cov)
    # Bartlett weights keep the Newey–West sum positive semidefinite, so a negative
    # diagonal can only be rounding around an exact zero (a perfect fit).
    se = np.sqrt(np.clip(var, 0.0, None))
    for arr in (coef, se, cov):
        if arr is not None:
            arr.flags.writeable = False  # results are immutable
    return BatchFit(
        coef=coef,
        se=se,
        cov=cov,
        terms=tuple(names),
        lag=lag,
        small_sample=bool(small_sample),
        n_obs=n_obs,
        df_resid=n_obs - k,
    )


def _check_shapes(
    y: np.ndarray, x: np.ndarray, x_cols: list | None, terms: Sequence[str] | None, lag: Any
) -> tuple[list[str], int]:
    """Shapes, term names and lag of a batch fit: ``(term names, lag as int)``."""
    if y.ndim != 2:
        raise AnalysisError(f"Y must be a (series × periods) matrix, got {y.ndim} dimensions")
    if x.ndim != 2:
        raise AnalysisError(f"X must be a (periods × terms) matrix, got {x.ndim} dimensions")
    n_series, t_len = y.shape
    n_obs, k = x.shape
    if n_series == 0:
        raise AnalysisError("Y holds no series")
    if t_len != n_obs:
        raise AnalysisError(f"Y has {t_len} periods per series but X has {n_obs} rows")
    names = (
        list(terms)
        if terms is not None
        else ([str(c) for c in x_cols] if x_cols is not None else [f"x{i}" for i in range(k)])
    )
    if len(names) != k:
        raise AnalysisError(f"{len(names)} term names for {k} columns of X")
    if n_obs <= k:
        raise AnalysisError(
            f"{n_obs} periods cannot identify {k} terms ({', '.join(names)}); "
            "OLS needs more periods than terms"
        )
    if isinstance(lag, bool) or not isinstance(lag, int | np.integer):
        raise AnalysisError(f"the Newey–West lag must be an integer, got {lag!r}")
    lag = int(lag)
    if not 0 <= lag < n_obs:
        raise AnalysisError(f"Newey–West lag {lag} is outside 0..{n_obs - 1} for {n_obs} periods")
    return names, lag


def _check_finite(
    y: np.ndarray, x: np.ndarray, names: list[str], y_rows: list | None, y_cols: list | None
) -> None:
    """No missing or infinite values (naming the rows, terms, series and periods)."""
    bad_x = ~np.isfinite(x)
    if bad_x.any():
        rows = np.flatnonzero(bad_x.any(axis=1)).tolist()
        cols = [names[i] for i in np.flatnonzero(bad_x.any(axis=0))]
        raise AnalysisError(
            f"the design matrix has missing or infinite values in row(s) {_listing(rows)} "
            f"(term(s) {', '.join(cols)})"
        )
    bad_y = ~np.isfinite(y)
    if bad_y.any():
        rows_i = np.flatnonzero(bad_y.any(axis=1))
        labels = [y_rows[i] for i in rows_i] if y_rows is not None else rows_i.tolist()
        first = rows_i[0]
        per_i = np.flatnonzero(bad_y[first])
        pers = [y_cols[i] for i in per_i] if y_cols is not None else per_i.tolist()
        raise AnalysisError(
            f"{len(rows_i)} series have missing or infinite values (series "
            f"{_listing(labels)}; series {labels[0]} at period(s) {_listing(pers)}); "
            "Newey–West needs complete series: fill or drop them"
        )


def _qr_fit(
    y: np.ndarray, x: np.ndarray, names: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One QR of the shared design: ``(coefficients (N, k), (X'X)^-1, residuals (N, T))``."""
    n_obs, k = x.shape
    q_mat, r_mat = np.linalg.qr(x)
    diag = np.abs(np.diag(r_mat))
    tol = diag.max() * max(n_obs, k) * np.finfo(float).eps
    if (diag <= tol).any():
        dropped = [names[i] for i in np.flatnonzero(diag <= tol)]
        raise AnalysisError(
            "the design matrix is rank-deficient: term(s) "
            f"{', '.join(dropped)} are linear combinations of the others (e.g. no "
            "periods before or after an interruption)"
        )
    coef = solve_triangular(r_mat, q_mat.T @ y.T).T  # (N, k)
    r_inv = solve_triangular(r_mat, np.eye(k))
    bread = r_inv @ r_inv.T  # (X'X)^-1
    resid = y - coef @ x.T  # (N, T)
    return coef, bread, resid


def _sandwich(
    resid: np.ndarray, xa: np.ndarray, lag: int, factor: float, keep_cov: bool
) -> tuple[np.ndarray | None, np.ndarray]:
    """The batched Newey–West sandwich: ``(covariances (N, k, k) or None, variances (N, k))``.

    With a_t = (X'X)^-1 x_t (the rows of ``xa``) the sandwich is V = Σ_j ω_j Σ_t e_t
    e_{t-j} (a_t a_{t-j}' + a_{t-j} a_t') (ω_0 = 1/2, ω_j = w_j): per lag, one (N × T)
    product of lagged residuals times one (T × k²) matrix of lagged outer products of a,
    a single GEMM for all series. Only the diagonal (k columns instead of k²) when no
    cov is kept.
    """
    n_series = resid.shape[0]
    n_obs, k = xa.shape
    weights = 1.0 - np.arange(1, lag + 1) / (lag + 1.0)
    width = k * k if keep_cov else k
    acc = np.zeros((n_series, width))
    for j in range(lag + 1):
        w = 0.5 if j == 0 else float(weights[j - 1])
        a_now, a_lag = xa[j:], xa[: n_obs - j]
        if keep_cov:
            outer = a_now[:, :, None] * a_lag[:, None, :]
            lagged = (outer + outer.transpose(0, 2, 1)).reshape(n_obs - j, width)
        else:
            lagged = 2.0 * a_now * a_lag
        acc += (w * (resid[:, j:] * resid[:, : n_obs - j])) @ lagged
    acc *= factor
    if keep_cov:
        cov = acc.reshape(n_series, k, k)
        return cov, np.diagonal(cov, axis1=1, axis2=2)
    return None, acc


# -- segmented ITS for every unit of a study ------------------------------------------

_SEASON_LENGTH = {"M": 12, "Q": 4}


def _resolve_seasonality(seasonality: str, periods: pd.PeriodIndex) -> str:
    allowed = ("auto", "none", "dummies", "fourier")
    if seasonality not in allowed:
        raise AnalysisError(f"seasonality '{seasonality}' is not one of {', '.join(allowed)}")
    length = _SEASON_LENGTH.get(periods.freqstr[:1])
    if seasonality == "auto":
        return "fourier" if length and len(periods) >= 2 * length else "none"
    if seasonality != "none" and length is None:
        raise AnalysisError(
            f"seasonality '{seasonality}' needs monthly or quarterly periods, "
            f"not '{periods.freqstr}'"
        )
    return seasonality


def _fallback_design(
    periods: pd.PeriodIndex,
    start: pd.Period,
    *,
    seasonality: str,
    harmonics: int,
    slope_change: bool,
) -> pd.DataFrame:
    """const, time (1..T), level_start, slope_start ((t - t0)·post), seasonal terms."""
    t = np.arange(1, len(periods) + 1, dtype=float)
    post = np.asarray(periods >= start, dtype=float)
    t0 = float(np.argmax(post) + 1) if post.any() else float(len(periods) + 1)
    cols: dict[str, np.ndarray] = {"const": np.ones_like(t), "time": t, "level_start": post}
    if slope_change:
        cols["slope_start"] = (t - t0) * post
    if seasonality != "none":
        length = _SEASON_LENGTH[periods.freqstr[:1]]
        pos = np.asarray(periods.month if length == 12 else periods.quarter) - 1
        if seasonality == "dummies":
            for s in range(1, length):
                cols[f"season_{s + 1}"] = (pos == s).astype(float)
        else:
            for h in range(1, min(harmonics, length // 2) + 1):
                angle = 2 * np.pi * h * pos / length
                if 2 * h < length:  # at the Nyquist harmonic the sine is identically 0
                    cols[f"sin{h}"] = np.sin(angle)
                cols[f"cos{h}"] = np.cos(angle)
    return pd.DataFrame(cols, index=periods)


def _design(
    periods: pd.PeriodIndex,
    start: pd.Period,
    *,
    seasonality: str,
    harmonics: int,
    slope_change: bool,
) -> pd.DataFrame:
    """The ITS module's design matrix when it provides one, else the private fallback."""
    try:
        from analysis.numbers.designs import its_design
    except ImportError:
        its_design = None
    make = getattr(its_design, "design_matrix", None)
    if make is None:
        return _fallback_design(
            periods, start, seasonality=seasonality, harmonics=harmonics, slope_change=slope_change
        )
    frame = make(
        periods,
        start,
        seasonality=seasonality,
        harmonics=harmonics,
        interruptions=(),
        phase_in=0,
        slope_change=slope_change,
    )
    if len(frame) != len(periods):
        raise AnalysisError(f"the ITS design has {len(frame)} rows for {len(periods)} periods")
    return frame


def _outcome_matrix(panel: Panel, indicator: str) -> pd.DataFrame:
    """Units × periods matrix of the indicator on the scale the linear ITS models."""
    ind = panel.spec.indicators.get(indicator)
    frame = panel.indicator_frame(indicator)  # raises for unknown / facts indicators
    assert ind is not None
    value = frame["value"].astype(float)
    if ind.kind == "proportion":
        value = value / frame["denominator"].astype(float)
    elif ind.kind == "rate":
        value = value / frame["exposure"].astype(float) * ind.per
    wide = value.set_axis(pd.MultiIndex.from_frame(frame[["unit", "period"]])).unstack("period")
    return wide.reindex(index=list(panel.units), columns=panel.periods)


def fit_its_many(
    panel: Panel,
    indicator: str,
    units: Sequence[str] | None = None,
    *,
    seasonality: str = "auto",
    harmonics: int = 2,
    slope_change: bool = True,
    lag: int | None = None,
    small_sample: bool = False,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Segmented ITS (OLS, Newey–West SEs) for every unit, each at its own adoption period.

    Units adopting in the same period share one design matrix and are fitted
    together by :func:`ols_hac_batch`, so a study with thousands of units costs
    a few matrix products per adoption cohort.

    Parameters
    ----------
    panel : Panel
        The validated study data.
    indicator : str
        A panel (or events) indicator. The outcome is the value itself for
        counts, stocks and amounts, ``value / exposure × per`` for rates and
        ``numerator / denominator`` for proportions; the model is linear
        (Gaussian) on that scale; count models are the single-series ITS's job.
    units : sequence of str, optional
        Units to fit (default: every treated unit). Never-treated units are
        **skipped** when ``units`` is None (they have no interruption to fit; no
        placebo start is invented); naming one explicitly is an error.
    seasonality : {"auto", "none", "dummies", "fourier"}
        Seasonal terms; "auto" means Fourier pairs for monthly or quarterly
        periods covering at least two full years, none otherwise.
    harmonics : int
        Fourier pairs when the seasonality is Fourier.
    slope_change : bool
        Fit a change in slope (``(t - t0)·post``) as well as in level.
    lag : int, optional
        Newey–West lag; default the stated rule ``floor(4 (T/100)^(2/9))`` with
        T the number of periods. The lag used is reported in column ``hac_lag``.
    small_sample : bool
        Multiply the covariance by ``n/(n-k)`` (Stata ``newey``).
    alpha : float
        Intervals are ``1 - alpha`` confidence intervals, t with ``n - k`` df.

    Returns
    -------
    pandas.DataFrame
        One row per unit × term: ``indicator, unit, start, term, estimate,
        std_error, statistic, p_value, conf_low, conf_high, n_obs, n_pre,
        n_post, hac_lag, small_sample, seasonality, se_type``.

    Raises
    ------
    AnalysisError
        Unknown indicator or units, no treated unit, a named never-treated unit,
        incomplete series, or a cohort whose design cannot be estimated (too few
        periods before or after its start).
    """
    periods = panel.periods
    wide = _outcome_matrix(panel, indicator)
    if units is None:
        chosen = list(panel.treated_units)
        if not chosen:
            raise AnalysisError("the study has no treated unit to fit an ITS for")
    else:
        chosen = list(dict.fromkeys(units))
        unknown = [u for u in chosen if u not in wide.index]
        if unknown:
            raise AnalysisError(f"unknown unit(s): {_listing(unknown)}")
        never = [u for u in chosen if panel.adoption.get(u) is None]
        if never:
            raise AnalysisError(
                f"unit(s) {_listing(never)} never adopted the pilot: an ITS needs an "
                "interruption (leave them out, or use them as comparison units)"
            )
    if not chosen:
        raise AnalysisError("no units to fit")
    season = _resolve_seasonality(seasonality, periods)
    n_obs = len(periods)
    use_lag = newey_west_lag(n_obs) if lag is None else lag

    cohorts: dict[pd.Period, list[str]] = {}
    for u in chosen:
        cohorts.setdefault(panel.adoption[u], []).append(u)  # type: ignore[arg-type]
    frames = []
    for start, members in sorted(cohorts.items()):
        design = _design(
            periods, start, seasonality=season, harmonics=harmonics, slope_change=slope_change
        )
        try:
            fit = ols_hac_batch(wide.loc[members], design, use_lag, small_sample)
        except AnalysisError as exc:
            raise AnalysisError(
                f"ITS for '{indicator}', units adopting in {start} ({_listing(members)}): {exc}"
            ) from None
        out = fit.to_frame(members, alpha=alpha)
        n_pre = int((periods < start).sum())
        out.insert(0, "indicator", indicator)
        out.insert(2, "start", str(start))
        out["n_obs"] = n_obs
        out["n_pre"] = n_pre
        out["n_post"] = n_obs - n_pre
        out["hac_lag"] = fit.lag
        out["small_sample"] = fit.small_sample
        out["seasonality"] = season if season != "fourier" else f"fourier({harmonics})"
        out["se_type"] = fit.se_type
        frames.append(out)
    result = pd.concat(frames, ignore_index=True)
    order = {u: i for i, u in enumerate(chosen)}
    result["_order"] = result["unit"].map(order)
    result = result.sort_values("_order", kind="stable").drop(columns="_order")
    return result.reset_index(drop=True)
