"""Minimum detectable effect (MDE) of a single-series ITS, by simulation.

:func:`minimum_detectable_effect` asks: with this series' own noise, trend and
seasonality, how large a multiplicative pilot effect would the ITS model (the
same :func:`analysis.numbers.designs.its.fit_its` options a report uses) detect with
80% power? "Detected" means the interval of the post-period-average relative
effect excludes zero on the side of the effect.

Two ways to get realistic data without an effect, chosen automatically:

* **placebo windows** -- when the pre-period holds enough windows of
  ``post_length`` periods after ``min_pre`` periods (at least ``min_windows``),
  every window's real data is used, with the effect injected into its fake
  post-period;
* **model-based simulation** -- otherwise (the usual case for 2-4 years of
  monthly data) the pre-period is fitted without an interruption and
  ``n_sims`` series of ``pre + post_length`` periods are drawn from that fit:
  Gaussian AR(1) errors with the residuals' variance and lag-1
  autocorrelation, or for counts Poisson / gamma-Poisson noise with the
  Pearson dispersion of the fit.

The same noise draws are used for every effect size (common random numbers),
so the power curve is smooth and close to monotone, and the search over sizes
can bisect. Randomness only through ``numpy.random.default_rng(seed)``.

Cost: ``n_sims`` refits per effect size evaluated, about log2(sizes) + 1 sizes
(3-4 with the default 7): with ``n_sims=200`` roughly 600-800 refits. A refit needs
only the relative interval of the post-period average, so after one whole ``fit_its``
per design (whose interval the lean path must reproduce exactly) the refits skip the
coefficient table, diagnostics, path bands and predictive counts: 1.5× (AR(1) REML)
to 2.5× (quasi-Poisson) faster than whole refits, the same numbers
(``benchmarks/bench_mde.py``).

Power is that of the model as specified: a method whose intervals are too
narrow (e.g. Newey–West in short series, see ``scripts/its_coverage.py``)
detects "more" and so understates the MDE.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.numbers.checks.robustness import as_series, default_min_pre, subset_kwargs
from analysis.results.power import MDEResult

NAN = float("nan")
DEFAULT_EFFECTS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
#: Additive sizes for shares (fractions of one: 0.01 = 1 percentage point).
DEFAULT_POINTS = (0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2)
#: Coefficient draws per refit for the effect intervals (``fit_its``'s ``n_sim``) unless
#: the caller passes ``n_sim``: the percentile intervals' Monte Carlo error at 400 draws
#: is small next to the power's own (n_sims replicates), at a third of the cost of 2000.
FIT_N_SIM = 400
COUNT_FAMILIES = ("poisson", "quasipoisson", "negbin")

__all__ = ["minimum_detectable_effect"]


# -- data without an effect --------------------------------------------------------------


def _pre_fit_design(
    periods: pd.PeriodIndex, start: pd.Period, n_fit: int, fit_kwargs: dict[str, Any]
) -> np.ndarray:
    """Design of the ITS model over ``periods`` without the terms of ``start``: its
    level/slope columns are zero on the first ``n_fit`` rows and dropped."""
    from analysis.numbers.designs.its_design import design_matrix

    allowed = ("seasonality", "harmonics", "interruptions", "slope_change")
    kw = {k: v for k, v in fit_kwargs.items() if k in allowed}
    frame = design_matrix(periods, start, **kw)
    x = np.asarray(frame, dtype=float)
    keep = np.abs(x[:n_fit]).sum(axis=0) > 0
    return x[:, keep]


def _simulate_null(
    values: np.ndarray,
    pidx: pd.PeriodIndex,
    s: pd.Period,
    n_pre: int,
    post_length: int,
    n_sims: int,
    rng: np.random.Generator,
    fit_kwargs: dict[str, Any],
) -> tuple[str, Any]:
    """Mean path (pre + post) and ``n_sims`` noise draws from the pre-period fit.

    Returns ``(note, make)``: what was simulated, and ``make(multiplier)`` turning
    the common draws into ``n_sims`` simulated series whose post-period mean is
    the fitted mean path times ``multiplier`` (plus ``shift``, an additive effect).
    """
    import statsmodels.api as sm
    from scipy import stats

    n = n_pre + post_length
    grid = pd.period_range(pidx[0], periods=n, freq=pidx.freq)
    x = _pre_fit_design(grid, s, n_pre, fit_kwargs)
    y = values[:n_pre]
    family = str(fit_kwargs.get("family", "gaussian"))
    exposure = fit_kwargs.get("exposure")
    expo = np.ones(n)
    if exposure is not None:
        given = np.asarray(exposure, dtype=float).ravel()
        m = min(len(given), n)
        expo[:m] = given[:m]
        expo[m:] = given[min(len(given), n_pre) - 1]  # carried forward
    post = np.arange(n) >= n_pre
    if x.shape[1] >= n_pre:
        raise AnalysisError(
            f"{n_pre} pre-periods cannot identify the {x.shape[1]} terms of the pre-period model"
        )
    if family in COUNT_FAMILIES:
        if (y < 0).any():
            raise AnalysisError("count models need non-negative values")
        glm = sm.GLM(y, x[:n_pre], family=sm.families.Poisson(), offset=np.log(expo[:n_pre])).fit()
        mu = np.exp(x @ glm.params) * expo
        dof = max(n_pre - x.shape[1], 1)
        phi = float(np.sum((y - mu[:n_pre]) ** 2 / mu[:n_pre]) / dof)
        u = rng.random((n_sims, n))
        if phi > 1.05:
            k = float(mu[:n_pre].mean() / (phi - 1.0))
            frailty = rng.gamma(k, 1.0 / k, size=(n_sims, n))
            note = (
                f"gamma-Poisson counts with the pre-period dispersion "
                f"(Pearson φ = {phi:.2f}, negative-binomial k = {k:.3g})"
            )
        else:
            frailty = np.ones((n_sims, n))
            note = f"Poisson counts (pre-period Pearson φ = {phi:.2f} ≤ 1.05)"

        def make(mult: float, shift: float = 0.0) -> np.ndarray:
            mean = np.clip(mu * np.where(post, mult, 1.0) + np.where(post, shift, 0.0), 0, None)
            lam = mean * frailty
            return stats.poisson.ppf(u, lam)  # common uniforms: coupled across sizes

        return note, make
    ols = sm.OLS(y, x[:n_pre]).fit()
    resid = y - ols.fittedvalues
    dof = max(n_pre - x.shape[1], 1)
    r1 = float(np.sum(resid[1:] * resid[:-1]) / np.sum(resid**2)) if resid.any() else 0.0
    rho = float(np.clip(r1, -0.9, 0.9))
    sd = math.sqrt(float(np.sum(resid**2)) / dof)
    innov = sd * math.sqrt(1.0 - rho**2)
    z = rng.standard_normal((n_sims, n))
    noise = np.empty_like(z)
    noise[:, 0] = z[:, 0] * sd
    for t in range(1, n):
        noise[:, t] = rho * noise[:, t - 1] + innov * z[:, t]
    mu = x @ ols.params
    note = (
        f"Gaussian AR(1) errors with the pre-period residual SD ({sd:.4g}) and lag-1 "
        f"autocorrelation ({rho:.2f})"
    )

    def make_gauss(mult: float, shift: float = 0.0) -> np.ndarray:
        return mu * np.where(post, mult, 1.0) + np.where(post, shift, 0.0) + noise

    return note, make_gauss


# -- the search -------------------------------------------------------------------------


def _detected(interval: tuple[float, float], direction: str) -> bool:
    """The post-period average's relative interval excludes zero on the effect's side."""
    low, high = interval
    return bool(high < 0) if direction == "decrease" else bool(low > 0)


def minimum_detectable_effect(
    y: Any,
    periods: Any,
    start: Any,
    *,
    post_length: int,
    effects: Sequence[float] = DEFAULT_EFFECTS,
    n_sims: int = 200,
    power: float = 0.8,
    alpha: float = 0.05,
    seed: int = 0,
    direction: str = "decrease",
    min_pre: int | None = None,
    min_windows: int = 20,
    method: str = "auto",
    additive: float | None = None,
    **fit_kwargs: Any,
) -> MDEResult:
    """Smallest multiplicative effect the ITS detects with the target power (with
    ``additive``: the smallest shift in percentage points, for shares).

    Parameters
    ----------
    y : array-like
        The outcome, one value per period; only the pre-period (periods before
        ``start``) is used.
    periods : PeriodIndex
        Consecutive periods of ``y``.
    start : Period or str
        The real start: the pre-period ends the period before.
    post_length : int
        Post-periods of the design whose power is asked (the actual or planned
        length of the pilot's post-period).
    effects : sequence of float
        Relative effect sizes to try (0.1 = a 10% change of the expected value),
        positive; the direction is ``direction``.
    n_sims : int
        Simulated series per effect size (model-based simulation).
    power : float
        Target power, default 0.8.
    alpha : float
        Interval level ``1 - alpha`` used for detection (passed to ``fit_its``).
    seed : int
        Seed of ``numpy.random.default_rng``.
    direction : {"decrease", "increase"}
        Sign of the planted effect: the post-period mean times ``1 - e`` or
        ``1 + e``. Detection needs the interval on that side of zero.
    min_pre : int, optional
        Pre-periods before a placebo window (default two seasonal cycles).
    min_windows : int
        Placebo windows needed to use them instead of model-based simulation
        (power is a share of windows, so few windows give a coarse answer).
    method : {"auto", "placebo_windows", "model_simulation"}
        Force one of the two ways (``auto`` chooses as described above).
    additive : float, optional
        Shares: plant a shift of ``e × additive`` (``additive`` = 1 for a fraction, 100 for
        percent values), sizes in points/100 (:data:`DEFAULT_POINTS`; ``scale == "points"``).
    **fit_kwargs
        Passed to :func:`analysis.numbers.designs.its.fit_its` for every refit (``n_sim``
        defaults to :data:`FIT_N_SIM` here).

    Returns
    -------
    MDEResult

    Raises
    ------
    AnalysisError
        Bad input (unknown direction or method, effects not positive,
        ``post_length < 1``), a pre-period too short to fit, or placebo
        windows forced where there are none.
    """
    values, pidx, s = as_series(y, periods, start)
    effects = DEFAULT_POINTS if additive is not None and effects is DEFAULT_EFFECTS else effects
    sizes, post_length = _check_inputs(direction, method, effects, post_length, power, additive)
    n_pre = int((pidx < s).sum())
    min_pre = default_min_pre(pidx) if min_pre is None else int(min_pre)
    kw = {k: v for k, v in fit_kwargs.items() if k not in ("horizons",)} | {"alpha": alpha}
    kw.setdefault("n_sim", FIT_N_SIM)
    rng = np.random.default_rng(seed)

    ks = list(range(min_pre, n_pre - post_length + 1))
    use_windows = method == "placebo_windows" or (method == "auto" and len(ks) >= min_windows)
    if use_windows and not ks:
        raise AnalysisError(
            f"no placebo window: {n_pre} pre-periods cannot hold {min_pre} periods and a "
            f"window of {post_length}"
        )
    if use_windows:
        note, runs = _window_runs(
            values, pidx, ks, n_pre, post_length, direction, kw, rng, additive
        )
        method_used = "placebo_windows"
    else:
        why = _why_simulated(method, len(ks), min_windows)
        note, runs = _simulation_runs(
            values, pidx, s, n_pre, post_length, n_sims, direction, kw, rng, why, additive
        )
        method_used = "model_simulation"
    mde, status, cache = _search(sizes, runs, power)
    return MDEResult(
        method=method_used,
        method_note=note,
        direction=direction,
        post_length=post_length,
        n_pre=n_pre,
        effects=sizes,
        power=tuple(
            cache[i][0] / cache[i][1] if i in cache and cache[i][1] else NAN
            for i in range(len(sizes))
        ),
        n_runs=tuple(cache[i][1] if i in cache else 0 for i in range(len(sizes))),
        mde=float(mde),
        mde_status=status,
        target_power=float(power),
        alpha=float(alpha),
        seed=int(seed),
        n_failed=sum(c[2] for c in cache.values()),
        scale="relative" if additive is None else "points",
    )


def _why_simulated(method: str, n_windows: int, min_windows: int) -> str:
    """Why the model-based simulation was used, for its note ("" when it was asked for)."""
    if method != "auto":
        return ""
    if n_windows:
        return f" (only {n_windows} placebo window(s); {min_windows} needed)"
    return " (the pre-period is too short for a placebo window)"


def _check_inputs(
    direction: str,
    method: str,
    effects: Sequence[float],
    post_length: Any,
    power: float,
    additive: float | None = None,
) -> tuple[tuple[float, ...], int]:
    """Refuse bad options; ``(sorted effect sizes, post_length as int)``."""
    if additive is not None and not (math.isfinite(additive) and additive > 0):
        raise AnalysisError(f"additive must be a positive unit, got {additive!r}")
    if direction not in ("decrease", "increase"):
        raise AnalysisError(f"direction '{direction}' is not one of decrease, increase")
    if method not in ("auto", "placebo_windows", "model_simulation"):
        raise AnalysisError(
            f"method '{method}' is not one of auto, placebo_windows, model_simulation"
        )
    sizes = tuple(sorted(float(e) for e in effects))
    if not sizes or sizes[0] <= 0 or (direction == "decrease" and sizes[-1] >= 1):
        raise AnalysisError("effects must be positive relative sizes (below 1 for decreases)")
    post_length = int(post_length)
    if post_length < 1:
        raise AnalysisError("post_length must be at least 1")
    if not 0 < power < 1:
        raise AnalysisError("power must be between 0 and 1")
    return sizes, post_length


def _multiplier(e: float, direction: str) -> float:
    return 1.0 - e if direction == "decrease" else 1.0 + e


def _plant(
    base: np.ndarray, post: np.ndarray, e: float, direction: str, additive: float | None
) -> np.ndarray:
    """``base`` with the effect ``e`` in the ``post`` periods: times ``1 ± e``, or with
    ``additive`` plus or minus ``e × additive`` (percentage points of a share)."""
    if additive is None:
        return base * np.where(post, _multiplier(e, direction), 1.0)
    shift = e * additive * (-1.0 if direction == "decrease" else 1.0)
    return base + np.where(post, shift, 0.0)


def _window_runs(
    values: np.ndarray,
    pidx: pd.PeriodIndex,
    ks: list[int],
    n_pre: int,
    post_length: int,
    direction: str,
    kw: dict[str, Any],
    rng: np.random.Generator,
    additive: float | None = None,
) -> tuple[str, Any]:
    """Placebo windows of the pre-period: ``(note, runs)``, ``runs(e)`` giving
    ``(hits, fits, failures)`` with the effect ``e`` injected into every window's fake
    post-period (counts: binomial thinning / Poisson addition with common uniforms)."""
    from scipy import stats

    count = additive is None and bool(
        np.all(values[:n_pre] >= 0) and np.allclose(values[:n_pre], np.round(values[:n_pre]))
    )
    u = rng.random(n_pre)
    note = (
        f"{len(ks)} placebo windows of {post_length} periods inside the "
        f"{n_pre}-period pre-period, the effect injected into each window's "
        "fake post-period"
        + (" (counts: binomial thinning / Poisson addition with common draws)" if count else "")
    )

    refits: dict[int, _Refit] = {}

    def runs(e: float) -> tuple[int, int, int]:
        hits = fails = 0
        for k in ks:
            end = k + post_length
            yy = values[:end].copy()
            seg = yy[k:]
            if count:
                if direction == "decrease":
                    seg = stats.binom.ppf(u[k:end], seg, 1.0 - e)
                else:
                    seg = seg + stats.poisson.ppf(u[k:end], e * seg)
            else:
                seg = _plant(seg, np.ones(len(seg), dtype=bool), e, direction, additive)
            yy[k:] = seg
            keep = np.zeros(len(pidx), dtype=bool)
            keep[:end] = True
            if k not in refits:
                sub = subset_kwargs(kw, keep, pidx[k], pidx[end - 1], post_length)
                sub["horizons"] = ()
                refits[k] = _Refit(pidx[:end], pidx[k], sub)
            try:
                hits += refits[k].detected(yy, direction)
            except (AnalysisError, KeyError, ValueError, np.linalg.LinAlgError):
                fails += 1
        return hits, len(ks), fails

    return note, runs


def _simulation_runs(
    values: np.ndarray,
    pidx: pd.PeriodIndex,
    s: pd.Period,
    n_pre: int,
    post_length: int,
    n_sims: int,
    direction: str,
    kw: dict[str, Any],
    rng: np.random.Generator,
    why: str,
    additive: float | None = None,
) -> tuple[str, Any]:
    """Model-based simulation from the pre-period fit: ``(note, runs)`` as
    :func:`_window_runs`, over ``n_sims`` simulated series (common draws)."""
    sim_note, make = _simulate_null(values, pidx, s, n_pre, post_length, n_sims, rng, kw)
    grid = pd.period_range(pidx[0], periods=n_pre + post_length, freq=pidx.freq)
    keep = np.ones(n_pre + post_length, dtype=bool)
    sub = subset_kwargs(
        {k: v for k, v in kw.items() if k != "exposure"}, keep, s, grid[-1], post_length
    )
    sub["horizons"] = ()
    if kw.get("exposure") is not None:
        given = np.asarray(kw["exposure"], dtype=float).ravel()
        expo = np.empty(n_pre + post_length)
        m = min(len(given), len(expo))
        expo[:m] = given[:m]
        expo[m:] = given[min(len(given), n_pre) - 1]
        sub["exposure"] = expo
    note = (
        f"model-based simulation{why}: {n_sims} series of {n_pre} + {post_length} "
        f"periods from the pre-period fit, {sim_note}"
    )

    refit = _Refit(grid, s, sub)

    def runs(e: float) -> tuple[int, int, int]:
        if additive is None:
            ys = make(_multiplier(e, direction))
        else:
            ys = make(1.0, e * additive * (-1.0 if direction == "decrease" else 1.0))
        hits = fails = 0
        for row in ys:
            try:
                hits += refit.detected(row, direction)
            except (AnalysisError, KeyError, ValueError, np.linalg.LinAlgError):
                fails += 1
        return hits, len(ys), fails

    return note, runs


def _search(
    sizes: tuple[float, ...], runs: Any, power: float
) -> tuple[float, str, dict[int, tuple[int, int, int]]]:
    """Bisection for the first size reaching the target (power rises with the size under
    common random numbers), then the size below it for the interpolation:
    ``(mde, status, {size index: (hits, fits, failures)})``."""
    cache: dict[int, tuple[int, int, int]] = {}

    def pw(i: int) -> float:
        if i not in cache:
            cache[i] = runs(sizes[i])
        hits, n, _ = cache[i]
        return hits / n if n else NAN

    lo, hi = 0, len(sizes)
    while lo < hi:
        mid = (lo + hi) // 2
        if pw(mid) >= power:
            hi = mid
        else:
            lo = mid + 1
    first = lo
    if first == len(sizes):
        return NAN, "not_reached", cache
    if first == 0:
        return sizes[0], "at_most", cache
    p0, p1 = pw(first - 1), pw(first)
    e0, e1 = sizes[first - 1], sizes[first]
    mde = e1 if p1 == p0 else e0 + (power - p0) * (e1 - e0) / (p1 - p0)
    return mde, "interpolated", cache


# -- the refits -------------------------------------------------------------------------
#
# A refit reads one number pair from fit_its: the percentile interval of the post-period
# average's relative effect. fit_its also builds the coefficient table, diagnostics, the
# path with its bands (for counts a simulated new count per draw) and the horizon
# effects, ~40% of its time here. _LeanITS computes only the interval, by the same steps
# and the same public model code (design_matrix, fit_count / fit_gaussian,
# coefficient_draws) on the same draws of default_rng(seed): the same floats. Each
# _Refit checks that on its first fit that succeeds (the full fit_its and the lean path
# must give the identical interval) and otherwise keeps using fit_its, so an option
# fit_its learns later cannot make the MDE silently differ.

#: fit_its options _LeanITS reproduces; any other keyword means every refit is a fit_its.
LEAN_OPTIONS = frozenset(
    {
        "family", "exposure", "seasonality", "harmonics", "interruptions", "phase_in",
        "slope_change", "se", "hac_lag", "small_sample", "horizons", "alpha", "seed",
        "n_sim", "indicator", "label", "unit",
    }
)  # fmt: skip
#: Beyond these simulated means (or gamma scales) fit_its's predictive counts could
#: overflow numpy's Poisson sampler (a ValueError, so a failed refit): such a refit is
#: left to fit_its.
_SAFE_MEAN, _SAFE_SCALE = 1e12, 1e15
_FAILED = (AnalysisError, KeyError, ValueError, np.linalg.LinAlgError)


def _fit_its(y: np.ndarray, periods: pd.PeriodIndex, start: pd.Period, **kw: Any) -> Any:
    from analysis.numbers.designs.its import fit_its

    return fit_its(y, periods, start, **kw)


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b, strict=True))


class _Refit:
    """``fit_its(y, periods, start, **kw)`` for many series ``y`` on one design: whether
    the post-period average's relative interval excludes zero on the effect's side."""

    def __init__(self, periods: pd.PeriodIndex, start: pd.Period, kw: dict[str, Any]):
        self.periods, self.start, self.kw = periods, start, kw
        self.lean: _LeanITS | None = None
        self.verified = False
        if set(kw) <= LEAN_OPTIONS:
            try:
                self.lean = _LeanITS(periods, start, kw)
            except _FAILED:
                self.lean = None  # fit_its says why, refit by refit

    def detected(self, y: np.ndarray, direction: str) -> bool:
        if self.lean is not None and self.verified:
            interval = self.lean.interval(y)
            if interval is not None:
                return _detected(interval, direction)
        e = _fit_its(y, self.periods, self.start, **self.kw).effect_at(0)
        full = (e.relative_conf_low, e.relative_conf_high)
        if self.lean is not None and not self.verified:
            try:
                mine = self.lean.interval(y)
            except _FAILED:
                mine = (math.inf, math.inf)  # fit_its succeeded: not the same
            if mine is not None:
                self.verified = _same(mine, full)
                if not self.verified:
                    self.lean = None
        return _detected(full, direction)


class _LeanITS:
    """The steps of ``fit_its`` that its post-period average's relative interval needs,
    for one design (periods, start, options) and any series: the checks of the series
    fit_its makes (the same AnalysisError cases), the model fit, ``n_sim`` coefficient
    draws of ``default_rng(seed)``, the fitted and counterfactual means of every draw
    and the percentiles of their relative difference over the fitted post-periods
    (``analysis.numbers.designs.its_effects.simulate_path`` and ``horizon_effect``)."""

    def __init__(self, periods: pd.PeriodIndex, start: pd.Period, kw: dict[str, Any]):
        import inspect

        from analysis.numbers.designs.its import fit_its
        from analysis.numbers.designs.its_design import (
            as_period,
            as_periods,
            design_matrix,
            resolve_seasonality,
        )

        defaults = {
            name: p.default
            for name, p in inspect.signature(fit_its).parameters.items()
            if p.default is not inspect.Parameter.empty
        }
        o = {**defaults, **kw}
        self.family = str(o["family"])
        self.count = self.family in COUNT_FAMILIES
        se = str(o["se"])
        self.se = ("model" if self.count else "ar1_reml") if se == "auto" else se
        self.hac_lag, self.small_sample = o["hac_lag"], bool(o["small_sample"])
        self.alpha, self.seed, self.n_sim = float(o["alpha"]), int(o["seed"]), int(o["n_sim"])
        pidx = as_periods(periods)
        s = as_period(start, pidx, "the start")
        n = len(pidx)
        n_pre = int((pidx < s).sum())
        kind, h, _ = resolve_seasonality(o["seasonality"], o["harmonics"], pidx, n_pre)
        x_all = design_matrix(
            pidx,
            s,
            seasonality=kind,
            harmonics=h or o["harmonics"],
            interruptions=o["interruptions"],
            phase_in=o["phase_in"],
            slope_change=o["slope_change"],
        )
        self.post = np.asarray(pidx >= s)
        self.keep = ~(self.post & (np.arange(n) < n_pre + int(o["phase_in"])))
        self.n = n
        self.x = x_all[self.keep]
        self.xa = x_all.to_numpy(float)
        inter = [i for i, c in enumerate(x_all.columns) if c.startswith(("level_", "slope_"))]
        self.xcf = self.xa.copy()
        self.xcf[:, inter] = 0.0
        expo = o["exposure"]
        self.offset = np.zeros(n) if expo is None else np.log(np.asarray(expo, dtype=float).ravel())
        self.idx = np.flatnonzero(self.post & self.keep)

    def _checked(self, y: np.ndarray) -> np.ndarray:
        """The series as fit_its checks it (missing, all zero, constant, negative counts,
        no baseline or post rate)."""
        values = np.asarray(y, dtype=float).ravel()
        if len(values) != self.n or not np.isfinite(values).all():
            raise AnalysisError("the series has missing values or the wrong length")
        if (values == 0).all() or np.ptp(values) == 0:
            raise AnalysisError("the series is constant")
        if self.count:
            fit_post = self.post[self.keep]
            yv = values[self.keep]
            if (values < 0).any() or (yv[~fit_post] == 0).all() or (yv[fit_post] == 0).all():
                raise AnalysisError("the counts are negative or all zero before or after")
        return values

    def interval(self, y: np.ndarray) -> tuple[float, float] | None:
        """``(relative_conf_low, relative_conf_high)`` of the post-period average, or None
        for a refit fit_its should do itself (means its predictive counts might overflow)."""
        from analysis.numbers.designs.its_effects import coefficient_draws
        from analysis.numbers.designs.its_models import fit_count, fit_gaussian

        values = self._checked(y)
        keep = self.keep
        if self.count:
            model = fit_count(
                values[keep], self.x, self.offset[keep], self.family, self.se,
                self.hac_lag, self.small_sample,
            )  # fmt: skip
        else:
            model = fit_gaussian(
                values[keep], self.x, np.flatnonzero(keep), self.se, self.hac_lag,
                self.small_sample,
            )  # fmt: skip
        if not (np.isfinite(model.params).all() and np.isfinite(model.cov).all()):
            raise AnalysisError("the model gave non-finite estimates on this series")
        draws = coefficient_draws(model, self.n_sim, np.random.default_rng(self.seed))
        sim_f = draws @ self.xa.T + self.offset
        sim_c = draws @ self.xcf.T + self.offset
        cf = self.xcf @ model.params + self.offset
        if model.link == "log":
            sim_f, sim_c, cf = np.exp(sim_f), np.exp(sim_c), np.exp(cf)
            if not self._counts_safe(sim_c, model):
                return None
        idx = self.idx
        if not float(np.sum(cf[idx])) > 0:
            return NAN, NAN
        c_sum = sim_c[:, idx].sum(axis=1)
        d_rel = (sim_f[:, idx].sum(axis=1) - c_sum) / c_sum
        low, high = (float(v) for v in np.quantile(d_rel, [self.alpha / 2, 1 - self.alpha / 2]))
        return low, high

    def _counts_safe(self, mu: np.ndarray, model: Any) -> bool:
        """fit_its's new count per simulated mean cannot fail (numpy's Poisson sampler
        refuses means near 2**63, its gamma a 0/0 scale)."""
        if not (np.isfinite(mu).all() and mu.max() <= _SAFE_MEAN):
            return False
        if self.family == "negbin" and model.nb_alpha > 1e-8:
            return float(mu.max() * model.nb_alpha) <= _SAFE_SCALE
        if self.family == "quasipoisson" and model.dispersion > 1.0:
            return bool(mu.min() > 0) and model.dispersion - 1.0 <= _SAFE_SCALE
        return True
