"""Seeded generators of synthetic pilot data with planted effects (tests and demos).

Three layers:

* :func:`simulate_count_panel` -- a general monthly (or quarterly/annual) count
  panel: unit sizes, log-linear trend, seasonality, common shocks,
  gamma-Poisson (negative-binomial) overdispersion and a planted
  multiplicative pilot effect, single-start or staggered. The returned frame
  carries the truth (expected counts with and without the effect) beside the
  realised counts, so estimator tests can compare against it.
* :func:`simulate_dadeng` / :func:`simulate_gaomi` -- the two demo studies in
  ``data/``, calibrated to the figures of the seed article
  (``../shared/seed/FIGURES.md``). Their planted truth lives in the frozen
  configs :class:`DadengTruth` and :class:`GaomiTruth`.
* :func:`write_demo_studies` -- writes the demo data files byte-stably
  (fixed CSV formatting, ``\\n`` line ends, deterministic xlsx).

Randomness only through ``numpy.random.default_rng``; seeds are parameters.
Each component of a demo study draws from its own stream
``default_rng([seed, component])`` so that changing one component never
shifts the draws of another.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

#: ``effect(event_time, cohort) -> multiplier``; called on treated cells only
#: (``event_time >= 0``) with flat arrays: event time in periods since adoption
#: (0 = adoption period) and the adoption period as text (``"2019-04"``).
EffectFn = Callable[[np.ndarray, np.ndarray], np.ndarray]

_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


# -- general generator --------------------------------------------------------


def _period_grid(periods: int | pd.PeriodIndex, first: str, freq: str) -> pd.PeriodIndex:
    if isinstance(periods, pd.PeriodIndex):
        return periods
    return pd.period_range(pd.Period(first, freq=freq), periods=int(periods), freq=freq)


def simulate_count_panel(
    units: int | Sequence[str],
    periods: int | pd.PeriodIndex,
    treated: Sequence[str | int] | Mapping[str, str | pd.Period] = (),
    start: str | pd.Period | None = None,
    effect: float | EffectFn = 1.0,
    *,
    seed: int | Sequence[int] = 0,
    level: float | Sequence[float] = 20.0,
    level_sd: float = 0.5,
    trend: float = 0.0,
    trend_sd: float = 0.0,
    seasonality: Sequence[float] | None = None,
    shocks: Mapping[str | pd.Period, float] | None = None,
    shock_sd: float = 0.0,
    dispersion: float | None = None,
    exposure: float | Sequence[float] | np.ndarray | None = None,
    first_period: str = "2018-01",
    freq: str = "M",
) -> pd.DataFrame:
    """Simulate a unit x period count panel with a planted multiplicative effect.

    The expected untreated count of unit *i* in period *t* is::

        baseline[i, t] = L_i * exp((trend + b_i) * t / P) * s[month(t)]
                         * S[t] * exp(e_t) * x[i, t]

    with ``L_i`` the unit level (``level`` per unit, or ``level * exp(level_sd
    * z_i)``, z standard normal), ``b_i ~ N(0, trend_sd)`` a unit-specific
    deviation from the common log-linear ``trend`` (per year; ``P`` periods per
    year, ``t`` counted from the first period), ``s`` the seasonal multipliers
    (rescaled to mean 1), ``S`` fixed common ``shocks`` (period -> multiplier),
    ``e_t ~ N(0, shock_sd)`` random common shocks, and ``x`` the ``exposure``
    (e.g. households / 1000, so ``level`` is a rate per exposure unit).

    Treated cells get ``mu = baseline * m`` with ``m = effect`` (a constant
    rate ratio from adoption on) or ``m = effect(event_time, cohort)``; all
    other cells have ``m = 1``. Counts are ``Poisson(mu * g)`` with
    ``g ~ Gamma(k, 1/k)`` when ``dispersion=k`` is given (negative binomial,
    variance ``mu + mu**2 / k``), plain Poisson otherwise.

    Parameters
    ----------
    units
        Number of units (named ``u01``, ``u02`` ...) or their names.
    periods
        Number of periods from ``first_period``, or an explicit PeriodIndex.
    treated
        Unit names (or 0-based indices) sharing one ``start``; or a mapping
        unit -> adoption period for a staggered roll-out (``start`` is None).
    start
        First treated period when ``treated`` is a sequence.
    effect
        Planted rate ratio (0.89 = 11% fewer events), or a function of event
        time and cohort (see :data:`EffectFn`).
    seed
        Seed (or seed sequence) for ``numpy.random.default_rng``. Draw order
        is fixed: levels, trends, common shocks, gamma frailties, counts.

    Returns
    -------
    DataFrame
        One row per unit and period (unit-major order) with columns ``unit,
        period, adoption`` (Period or NaT), ``event_time`` (Int64, NA if never
        treated), ``treated`` (bool: in the treated state), ``exposure``,
        ``baseline`` (expected untreated count), ``effect`` (the multiplier),
        ``mu`` (expected count) and ``count`` (int64, the realised data).
    """
    grid = _period_grid(periods, first_period, freq)
    freq = grid.freqstr[0]
    names = (
        [f"u{i + 1:0{len(str(units))}d}" for i in range(units)]
        if isinstance(units, int)
        else [str(u) for u in units]
    )
    n, t_len = len(names), len(grid)
    if len(set(names)) != n:
        raise ValueError("unit names must be unique")
    index = {u: i for i, u in enumerate(names)}

    # adoption period (position on the grid) per unit; -1 = never
    adopt_pos = np.full(n, -1, dtype=np.int64)
    if isinstance(treated, Mapping):
        if start is not None:
            raise ValueError("give 'start' only with a sequence of treated units")
        pairs = [(u, pd.Period(p, freq=freq)) for u, p in treated.items()]
    else:
        if treated and start is None:
            raise ValueError("'start' is required when 'treated' is a sequence")
        pairs = [
            (names[u] if isinstance(u, int | np.integer) else u, pd.Period(start, freq=freq))
            for u in treated
        ]
    for u, p in pairs:
        if u not in index:
            raise ValueError(f"treated unit {u!r} is not among the units")
        if p < grid[0] or p > grid[-1]:
            raise ValueError(f"adoption {p} of {u!r} is outside {grid[0]}..{grid[-1]}")
        adopt_pos[index[u]] = (p - grid[0]).n

    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    b = rng.standard_normal(n) * trend_sd
    e = rng.standard_normal(t_len) * shock_sd

    lv = np.asarray(level, dtype=float)
    unit_level = lv * np.exp(level_sd * z) if lv.ndim == 0 else np.broadcast_to(lv, (n,))
    if lv.ndim and lv.shape != (n,):
        raise ValueError(f"'level' needs one value per unit ({n})")
    years = np.arange(t_len) / _PER_YEAR[freq]
    log_mu = np.log(unit_level)[:, None] + (trend + b)[:, None] * years[None, :] + e[None, :]
    if seasonality is not None:
        s = np.asarray(seasonality, dtype=float)
        if s.shape != (_PER_YEAR[freq],):
            raise ValueError(f"'seasonality' needs {_PER_YEAR[freq]} values")
        s = s / s.mean()
        pos_in_year = np.array([(p.month - 1) * _PER_YEAR[freq] // 12 for p in grid])
        log_mu += np.log(s[pos_in_year])[None, :]
    for p, mult in (shocks or {}).items():
        p = pd.Period(p, freq=freq)
        if p < grid[0] or p > grid[-1]:
            raise ValueError(f"shock at {p} is outside {grid[0]}..{grid[-1]}")
        log_mu[:, (p - grid[0]).n] += np.log(mult)
    x = (
        np.ones((n, t_len))
        if exposure is None
        else np.broadcast_to(
            np.asarray(exposure, dtype=float).reshape(-1, 1)
            if np.ndim(exposure) == 1
            else np.asarray(exposure, dtype=float),
            (n, t_len),
        )
    )
    baseline = np.exp(log_mu) * x

    tpos = np.arange(t_len)[None, :]
    event_time = np.where(adopt_pos[:, None] >= 0, tpos - adopt_pos[:, None], 0)
    is_treated = (adopt_pos[:, None] >= 0) & (event_time >= 0)
    mult = np.ones((n, t_len))
    if is_treated.any():
        if callable(effect):
            cohort = np.array([str(grid[a]) if a >= 0 else "" for a in adopt_pos])
            cohort_cells = np.broadcast_to(cohort[:, None], (n, t_len))[is_treated]
            mult[is_treated] = np.asarray(effect(event_time[is_treated], cohort_cells), float)
        else:
            mult[is_treated] = float(effect)
    mu = baseline * mult
    lam = mu * rng.gamma(dispersion, 1.0 / dispersion, size=(n, t_len)) if dispersion else mu
    count = rng.poisson(lam)

    nat = np.iinfo(np.int64).min
    adopt_ord = np.where(adopt_pos >= 0, grid.asi8[np.maximum(adopt_pos, 0)], nat)
    adoption = pd.PeriodIndex.from_ordinals(np.repeat(adopt_ord, t_len), freq=freq)
    et = pd.array(np.where(adopt_pos[:, None] >= 0, event_time, 0).ravel(), dtype="Int64")
    et[np.repeat(adopt_pos < 0, t_len)] = pd.NA
    return pd.DataFrame(
        {
            "unit": np.repeat(names, t_len),
            "period": pd.PeriodIndex.from_ordinals(np.tile(grid.asi8, n), freq=freq),
            "adoption": adoption,
            "event_time": et,
            "treated": is_treated.ravel(),
            "exposure": x.ravel(),
            "baseline": baseline.ravel(),
            "effect": mult.ravel(),
            "mu": mu.ravel(),
            "count": count.ravel().astype(np.int64),
        }
    )


def longest_zero_run(values: Sequence[float]) -> int:
    """Length of the longest run of consecutive zeros."""
    best = run = 0
    for v in values:
        run = run + 1 if v == 0 else 0
        best = max(best, run)
    return best


def _window_sum(
    frame: pd.DataFrame, units: Sequence[str], lo: str, hi: str, col: str = "count"
) -> float:
    per = frame["period"]
    m = frame["unit"].isin(list(units)) & (per >= pd.Period(lo, "M")) & (per <= pd.Period(hi, "M"))
    return float(frame.loc[m, col].sum())


def _multinomial_fix(rng: np.random.Generator, total: int, weights: np.ndarray) -> np.ndarray:
    """Counts summing exactly to ``total``, spread over cells in proportion to ``weights``."""
    return rng.multinomial(total, weights / weights.sum())


# -- Dadeng ---------------------------------------------------------------------

#: (pinyin unit name, Chinese name, district). Dadeng is the pilot station; the
#: others are real Xiamen locality names used for SYNTHETIC comparison stations.
DADENG_STATIONS: tuple[tuple[str, str, str], ...] = (
    ("Dadeng", "大嶝", "Xiang'an"),
    ("Binhai", "滨海", "Siming"),
    ("Datong", "大同", "Tong'an"),
    ("Dianqian", "殿前", "Huli"),
    ("Guankou", "灌口", "Jimei"),
    ("Gulangyu", "鼓浪屿", "Siming"),
    ("Haicang", "海沧", "Haicang"),
    ("Heshan", "禾山", "Huli"),
    ("Houxi", "后溪", "Jimei"),
    ("Jialian", "嘉莲", "Siming"),
    ("Jiangtou", "江头", "Huli"),
    ("Jimei", "集美", "Jimei"),
    ("Jinshan", "金山", "Huli"),
    ("Kaiyuan", "开元", "Siming"),
    ("Lianqian", "莲前", "Siming"),
    ("Maxiang", "马巷", "Xiang'an"),
    ("Neicuo", "内厝", "Xiang'an"),
    ("Songyu", "嵩屿", "Haicang"),
    ("Wucun", "梧村", "Siming"),
    ("Xiagang", "厦港", "Siming"),
    ("Xiangping", "祥平", "Tong'an"),
    ("Xindian", "新店", "Xiang'an"),
    ("Xinglin", "杏林", "Jimei"),
    ("Xinyang", "新阳", "Haicang"),
    ("Zhonghua", "中华", "Siming"),
)

#: Event categories of the incident file: code -> Chinese sub-types written to
#: the ``note`` column (one drawn uniformly per incident).
INCIDENT_NOTES: dict[str, tuple[str, ...]] = {
    "telecom_fraud": (
        "刷单返利",
        "虚假投资理财",
        "冒充客服",
        "冒充公检法",
        "网络贷款",
        "网络游戏交易",
    ),
    "theft": ("入室盗窃", "电动车被盗", "扒窃", "工地材料被盗"),
    "dispute": ("邻里纠纷", "劳资纠纷", "土地纠纷", "家庭纠纷"),
    "other": ("求助", "噪音扰民", "走失寻人"),
}

# component streams: default_rng([seed, component])
_C_FRAUD, _C_ESCAL, _C_FOUND, _C_MEDIATED, _C_REG, _C_OTHER, _C_EVENTS, _C_POP = range(1, 9)
_C_GAOMI_UNITS, _C_COMPLAINTS, _C_DISPUTES = 11, 12, 13


@dataclass(frozen=True)
class DadengTruth:
    """Planted truth and calibration targets of the Dadeng demo study.

    Multipliers are rate ratios on expected monthly counts. ``*_level`` values
    are expected counts per month in January 2018 before trend and season.
    """

    first: str = "2018-01"
    last: str = "2021-10"
    treated: str = "Dadeng"
    start: str = "2021-01"
    n_comparison: int = 24
    # telecom fraud
    fraud_effect: float = 0.89  # pilot, Dadeng, from 2021-01
    fraud_drive: float = 0.81  # city-wide anti-fraud drive, all stations, 2021-01 on
    fraud_trend: float = 0.05  # common log growth per year
    fraud_trend_sd: float = 0.015
    fraud_level_dadeng: float = 10.0
    fraud_level_median: float = 6.5
    fraud_level_sd: float = 0.45
    fraud_dispersion: float = 30.0
    fraud_shock_sd: float = 0.04
    fraud_seasonality: tuple[float, ...] = (
        1.0,
        0.8,
        0.95,
        1.0,
        1.0,
        1.0,
        1.05,
        1.05,
        1.0,
        1.0,
        1.1,
        1.1,
    )
    covid_shocks: tuple[tuple[str, float], ...] = (("2020-02", 0.75), ("2020-03", 0.9))
    # the article's -22% is a realised value: seeds are searched until it holds
    target_yoy_dadeng: float = -0.22
    tol_yoy_dadeng: float = 0.005
    target_yoy_comparison: float = -0.12
    tol_yoy_comparison: float = 0.01
    yoy_before: tuple[str, str] = ("2020-01", "2020-09")
    yoy_after: tuple[str, str] = ("2021-01", "2021-09")
    # other incident categories (no planted effect): level = share * fraud level
    other_shares: tuple[tuple[str, float], ...] = (
        ("theft", 0.28),
        ("dispute", 0.15),
        ("other", 0.10),
    )
    # registered floating population (a stock)
    registration_april: int = 3800  # Dadeng, 2021-04, exact
    registration_after: int = 12000  # Dadeng 2021-06..10 lie in (this, this + 25]
    registration_drift: float = 0.04  # log growth per year before the drive
    registration_month: str = "2021-05"  # the drive; May is a partial month
    # disputes found in screening / resolved in advance
    found_level_dadeng: float = 5.5
    found_effect: float = 1.15  # more active screening at Dadeng from 2021-01
    found_total_2021: int = 77  # Dadeng, 2021-01..10, exact
    resolved_total_2021: int = 75  # Dadeng, 2021-01..10, exact
    dadeng_resolution: tuple[tuple[int, float], ...] = ((2018, 0.80), (2019, 0.83), (2020, 0.86))
    comparison_resolution: tuple[float, float] = (0.85, 0.90)
    resolution_share_2020: tuple[float, float] = (0.82, 0.90)  # Dadeng, 2020-01..10, realised
    # disputes mediated
    mediated_level_dadeng: float = 16.5
    mediated_effect: float = 1.25
    mediated_total_2021: int = 226  # Dadeng, 2021-01..10, exact
    # civil-to-criminal escalations
    escalation_level_dadeng: float = 1.3
    escalation_effect: float = 0.55
    max_tries: int = 5000


def _dadeng_frame_fraud(
    truth: DadengTruth, stations: list[str], grid: pd.PeriodIndex, levels: np.ndarray, s: int
) -> pd.DataFrame:
    shocks = dict(truth.covid_shocks)
    shocks.update({str(p): truth.fraud_drive for p in grid if p >= pd.Period(truth.start, "M")})
    return simulate_count_panel(
        stations,
        grid,
        [truth.treated],
        truth.start,
        truth.fraud_effect,
        seed=[s, _C_FRAUD],
        level=levels,
        trend=truth.fraud_trend,
        trend_sd=truth.fraud_trend_sd,
        seasonality=truth.fraud_seasonality,
        shocks=shocks,
        shock_sd=truth.fraud_shock_sd,
        dispersion=truth.fraud_dispersion,
    )


def _yoy(
    frame: pd.DataFrame,
    units: Sequence[str],
    before: tuple[str, str],
    after: tuple[str, str],
    col: str = "count",
) -> float:
    return _window_sum(frame, units, *after, col) / _window_sum(frame, units, *before, col) - 1


def _station_sizes(truth: DadengTruth, seed: int) -> dict[str, np.ndarray]:
    """Station levels (fraud, population ...) from one stream so sizes are coherent."""
    rng = np.random.default_rng([seed, _C_POP])
    n = truth.n_comparison
    z = rng.standard_normal(n)
    fraud = np.r_[
        truth.fraud_level_dadeng, truth.fraud_level_median * np.exp(truth.fraud_level_sd * z)
    ]
    # resident population roughly proportional to fraud level (bigger stations, more of both)
    pop = np.r_[28000.0, fraud[1:] / 3.0 * 10000 * np.exp(0.2 * rng.standard_normal(n))]
    pop_growth = np.r_[0.012, rng.normal(0.02, 0.01, n)]
    size = fraud / truth.fraud_level_dadeng  # relative size, Dadeng = 1
    reg = np.r_[np.nan, 1500 * fraud[1:] * np.exp(0.4 * rng.standard_normal(n))]
    reg_growth = np.r_[truth.registration_drift, rng.normal(0.04, 0.02, n)]
    res_p = np.r_[np.nan, rng.uniform(*truth.comparison_resolution, n)]
    found = np.r_[
        truth.found_level_dadeng, 8.0 * size[1:] ** 0.4 * np.exp(0.2 * rng.standard_normal(n))
    ]
    mediated = np.r_[
        truth.mediated_level_dadeng, 14.0 * size[1:] ** 0.7 * np.exp(0.25 * rng.standard_normal(n))
    ]
    escal = np.r_[
        truth.escalation_level_dadeng, 1.2 * size[1:] ** 0.5 * np.exp(0.3 * rng.standard_normal(n))
    ]
    return {
        "fraud": fraud,
        "pop": pop,
        "pop_growth": pop_growth,
        "reg": reg,
        "reg_growth": reg_growth,
        "resolution": res_p,
        "found": found,
        "mediated": mediated,
        "escalation": escal,
    }


@dataclass(frozen=True)
class DemoMeta:
    """What a demo generation used and realised (for the README and tests)."""

    seeds: dict[str, int] = field(default_factory=dict)
    realized: dict[str, float] = field(default_factory=dict)
    expected: dict[str, float] = field(default_factory=dict)


def _simulate_dadeng(truth: DadengTruth, seed: int) -> tuple[dict[str, pd.DataFrame], DemoMeta]:
    stations = [s[0] for s in DADENG_STATIONS[: truth.n_comparison + 1]]
    if len(stations) != truth.n_comparison + 1:
        raise ValueError(f"at most {len(DADENG_STATIONS) - 1} comparison stations are named")
    if stations[0] != truth.treated:
        raise ValueError(f"the treated station must be {stations[0]!r} (first in the list)")
    zh = {s[0]: s[1] for s in DADENG_STATIONS}
    district = {s[0]: s[2] for s in DADENG_STATIONS}
    comp = stations[1:]
    d = truth.treated
    grid = pd.period_range(truth.first, truth.last, freq="M")
    t_len = len(grid)
    sizes = _station_sizes(truth, seed)
    seeds: dict[str, int] = {"base": seed}
    start = pd.Period(truth.start, "M")
    in21 = (grid >= start) & (grid <= pd.Period("2021-10", "M"))

    # fraud: search seed, seed+1, ... until the realised YoY figures hold
    for k in range(truth.max_tries):
        fraud = _dadeng_frame_fraud(truth, stations, grid, sizes["fraud"], seed + k)
        yd = _yoy(fraud, [d], truth.yoy_before, truth.yoy_after)
        yc = _yoy(fraud, comp, truth.yoy_before, truth.yoy_after)
        if (
            abs(yd - truth.target_yoy_dadeng) <= truth.tol_yoy_dadeng
            and abs(yc - truth.target_yoy_comparison) <= truth.tol_yoy_comparison
        ):
            seeds["fraud"] = seed + k
            break
    else:
        raise RuntimeError("no fraud seed met the calibration targets; raise max_tries")

    # escalations: Poisson; 2021 has a longest zero run of exactly 2, before <= 2
    for k in range(truth.max_tries):
        esc = simulate_count_panel(
            stations,
            grid,
            [d],
            truth.start,
            truth.escalation_effect,
            seed=[seed + k, _C_ESCAL],
            level=sizes["escalation"],
            trend=-0.02,
            seasonality=None,
        )
        y = esc.loc[esc["unit"] == d, "count"].to_numpy()
        if longest_zero_run(y[in21]) == 2 and longest_zero_run(y[grid < start]) <= 2:
            seeds["escalations"] = seed + k
            break
    else:
        raise RuntimeError("no escalation seed met the calibration targets; raise max_tries")

    # disputes found (screening) and resolved in advance: search as for fraud
    in20 = (grid >= pd.Period("2020-01", "M")) & (grid <= pd.Period("2020-10", "M"))
    for k in range(truth.max_tries):
        fy, res, mu_found = _dadeng_disputes(truth, stations, grid, sizes, seed + k, in21)
        share20 = res[0, in20].sum() / fy[0, in20].sum()
        lo, hi = truth.resolution_share_2020
        if (
            lo <= share20 <= hi
            and abs(fy[0, in20].sum() / mu_found[0, in20].sum() - 1) <= 0.2
            and fy.min() > 0
        ):
            seeds["disputes"] = seed + k
            break
    else:
        raise RuntimeError("no disputes seed met the calibration targets; raise max_tries")

    mediated = simulate_count_panel(
        stations,
        grid,
        [d],
        truth.start,
        truth.mediated_effect,
        seed=[seed, _C_MEDIATED],
        level=sizes["mediated"],
        trend=0.03,
        dispersion=25.0,
        seasonality=(1.1, 1.25, 1.0, 0.95, 0.95, 0.95, 0.95, 0.95, 1.0, 1.0, 0.95, 1.0),
    )
    my = mediated["count"].to_numpy().reshape(len(stations), t_len).copy()
    rng = np.random.default_rng([seed, _C_MEDIATED, 1])
    my[0, in21] = _multinomial_fix(
        rng,
        truth.mediated_total_2021,
        mediated["mu"].to_numpy().reshape(len(stations), t_len)[0, in21],
    )

    years_f = np.arange(t_len) / 12
    pop = np.rint(sizes["pop"][:, None] * np.exp(sizes["pop_growth"][:, None] * years_f[None, :]))

    panel = pd.DataFrame(
        {
            "station": np.repeat(stations, t_len),
            "month": np.tile([str(p) for p in grid], len(stations)),
            "district": np.repeat([district[s] for s in stations], t_len),
            "resident_population": pop.ravel().astype(np.int64),
            "fraud_incidents": fraud["count"].to_numpy(),
            "disputes_found": fy.ravel(),
            "disputes_resolved": res.ravel(),
            "disputes_mediated": my.ravel(),
            "civil_to_criminal": esc["count"].to_numpy(),
        }
    )

    registration = _dadeng_registration(truth, stations, grid, sizes, seed)
    incidents = _dadeng_incidents(truth, stations, zh, grid, fraud, sizes, seed)
    facts = _dadeng_facts(truth)

    # planted expectation: the model without random shocks and unit trend deviations
    mu_f = _dadeng_frame_fraud(
        dataclasses.replace(truth, fraud_shock_sd=0.0, fraud_trend_sd=0.0),
        stations,
        grid,
        sizes["fraud"],
        seed,
    )
    expected = {
        "fraud_yoy_dadeng": _yoy(mu_f, [d], truth.yoy_before, truth.yoy_after, "mu"),
        "fraud_yoy_comparison": _yoy(mu_f, comp, truth.yoy_before, truth.yoy_after, "mu"),
    }
    realized = dadeng_realized(
        {"stations_monthly": panel, "floating_population": registration, "incidents": incidents},
        truth,
    )
    return (
        {
            "stations_monthly": panel,
            "floating_population": registration,
            "incidents": incidents,
            "admin_facts": facts,
        },
        DemoMeta(seeds, realized, expected),
    )


def _dadeng_disputes(
    truth: DadengTruth,
    stations: list[str],
    grid: pd.PeriodIndex,
    sizes: dict[str, np.ndarray],
    s: int,
    in21: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Disputes found and resolved (unit x period arrays) and the expected found counts.

    Dadeng's 2021 (Jan-Oct) totals are fixed: found counts are multinomial over
    the months with the model's expected weights, and the unresolved ones a
    uniform draw among the disputes found.
    """
    n, t_len = len(stations), len(grid)
    found = simulate_count_panel(
        stations,
        grid,
        [truth.treated],
        truth.start,
        truth.found_effect,
        seed=[s, _C_FOUND],
        level=sizes["found"],
        trend=0.06,
        dispersion=20.0,
        seasonality=(0.9, 1.2, 1.0, 0.95, 0.95, 1.0, 1.0, 1.0, 0.95, 1.0, 1.0, 1.05),
    )
    rng = np.random.default_rng([s, _C_FOUND, 1])
    fy = found["count"].to_numpy().reshape(n, t_len).copy()
    mu_found = found["mu"].to_numpy().reshape(n, t_len)
    fy[0, in21] = _multinomial_fix(rng, truth.found_total_2021, mu_found[0, in21])
    years = np.array([p.year for p in grid])
    dadeng_p = dict(truth.dadeng_resolution)
    p = np.empty((n, t_len))
    p[1:] = sizes["resolution"][1:, None]
    p[0] = [dadeng_p.get(int(y), dadeng_p[max(dadeng_p)]) for y in years]
    res = rng.binomial(fy, p)
    unresolved = rng.multivariate_hypergeometric(
        fy[0, in21], truth.found_total_2021 - truth.resolved_total_2021
    )
    res[0, in21] = fy[0, in21] - unresolved
    return fy, res, mu_found


def _dadeng_registration(
    truth: DadengTruth,
    stations: list[str],
    grid: pd.PeriodIndex,
    sizes: dict[str, np.ndarray],
    seed: int,
) -> pd.DataFrame:
    """Registered floating population: slow drift, a COVID dip, Dadeng's May 2021 jump."""
    rng = np.random.default_rng([seed, _C_REG])
    n, t_len = len(stations), len(grid)
    years = np.arange(t_len) / 12
    walk = np.cumsum(rng.normal(0, 0.006, (n, t_len)), axis=1)
    dip = np.ones(t_len)
    for p, m in (("2020-02", 0.90), ("2020-03", 0.94), ("2020-04", 0.98)):
        dip[(pd.Period(p, "M") - grid[0]).n] = m
    log_path = sizes["reg_growth"][:, None] * years[None, :] + walk + np.log(dip)[None, :]
    stock = np.empty((n, t_len))
    stock[1:] = sizes["reg"][1:, None] * np.exp(log_path[1:])
    # Dadeng: anchored at exactly `registration_april` in 2021-04
    apr = (pd.Period("2021-04", "M") - grid[0]).n
    may = (pd.Period(truth.registration_month, "M") - grid[0]).n
    stock[0] = truth.registration_april * np.exp(log_path[0] - log_path[0, apr])
    share = rng.uniform(0.35, 0.65)
    stock[0, may] = truth.registration_april + share * (
        truth.registration_after - truth.registration_april
    )
    after = np.arange(may + 1, t_len)
    stock[0, after] = truth.registration_after + np.cumsum(rng.integers(1, 6, len(after)))
    stock = np.rint(stock).astype(np.int64)
    stock[0, apr] = truth.registration_april
    return pd.DataFrame(
        {
            "station": np.repeat(stations, t_len),
            "month": np.tile([p.to_timestamp().to_pydatetime() for p in grid], n),
            "registered_floating": stock.ravel(),
        }
    )


def _dadeng_incidents(
    truth: DadengTruth,
    stations: list[str],
    zh: dict[str, str],
    grid: pd.PeriodIndex,
    fraud: pd.DataFrame,
    sizes: dict[str, np.ndarray],
    seed: int,
) -> pd.DataFrame:
    """One row per police incident; telecom_fraud rows reproduce the panel counts exactly."""
    counts = {"telecom_fraud": fraud["count"].to_numpy()}
    for j, (cat, share) in enumerate(truth.other_shares):
        sim = simulate_count_panel(
            stations,
            grid,
            seed=[seed, _C_OTHER, j],
            level=share * sizes["fraud"],
            trend=0.0,
            dispersion=20.0,
            seasonality=(0.9, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.1, 1.0, 1.0, 0.95, 0.9),
        )
        counts[cat] = sim["count"].to_numpy()
    cells_unit = np.repeat(stations, len(grid))
    cells_period = np.tile(np.arange(len(grid)), len(stations))
    rng = np.random.default_rng([seed, _C_EVENTS])
    parts = []
    for cat, c in counts.items():
        unit = np.repeat(cells_unit, c)
        per = np.repeat(cells_period, c)
        days_in = np.array([grid[p].days_in_month for p in per], dtype=np.int64)
        day = rng.integers(1, days_in + 1) if len(per) else np.zeros(0, np.int64)
        notes = INCIDENT_NOTES[cat]
        note = np.array(notes)[rng.integers(0, len(notes), len(per))]
        date = [
            f"{grid[p].year}-{grid[p].month:02d}-{dd:02d}" for p, dd in zip(per, day, strict=True)
        ]
        parts.append(
            pd.DataFrame({"station": unit, "report_date": date, "category": cat, "note": note})
        )
    ev = pd.concat(parts, ignore_index=True)
    ev = ev.sort_values(
        ["report_date", "station", "category", "note"], kind="stable", ignore_index=True
    )
    ev.insert(0, "incident_id", [f"E{i + 1:06d}" for i in range(len(ev))])
    ev.insert(2, "station_zh", ev["station"].map(zh))
    return ev


#: item, value, label_en, label_zh, note -- administrative figures of the article
DADENG_FACTS: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "disputes_mediated_2021",
        226,
        "Disputes mediated, 2021 to October",
        "妥善化解各类矛盾纠纷",
        "D4 '220余起'; equals the panel total 2021-01..10",
    ),
    (
        "fraud_dissuaded",
        43,
        "Fraud attempts dissuaded, 2021",
        "成功劝阻诈骗警情",
        "D6 '40余起'; 43 is a synthetic choice",
    ),
    (
        "losses_recovered_yuan",
        328000,
        "Losses recovered (yuan), 2021",
        "挽回群众损失(元)",
        "D6 '32.8万元'",
    ),
    ("security_sweeps", 55, "Security sweeps since May 2021", "集中治安清查(次)", "D7"),
    ("sweep_cases", 236, "Cases handled in sweeps since May 2021", "查处相关案件(起)", "D7"),
    ("police_public_meetings", 36, "Police-public meetings", "警民恳谈会(场次)", "D8"),
    ("smuggling_cases", 8, "Smuggling / illegal crossing cases", "偷私渡案件(起)", "D9"),
    ("smuggling_people", 7, "People caught in smuggling cases", "偷私渡人员(人)", "D9"),
    ("land_disputes_settled", 4, "Land disputes of 10+ years settled", "涉土地矛盾纠纷(起)", "D10"),
    (
        "xiaodeng_hardship_assisted",
        15,
        "Xiaodeng: people in hardship assisted",
        "帮扶小嶝特困群体(人)",
        "D11",
    ),
    (
        "xiaodeng_legal_consultations",
        124,
        "Xiaodeng: legal consultations",
        "法律咨询服务(人次)",
        "D11 '120余人次'; 124 is a synthetic choice",
    ),
    (
        "xiaodeng_home_id_services",
        33,
        "Xiaodeng: home ID-document services",
        "上门办证服务(人次)",
        "D11",
    ),
)


def _dadeng_facts(truth: DadengTruth) -> pd.DataFrame:
    rows = [
        dict(zip(("item", "value", "label_en", "label_zh", "note"), r, strict=True))
        for r in DADENG_FACTS
    ]
    facts = pd.DataFrame(rows)
    facts.loc[facts["item"] == "disputes_mediated_2021", "value"] = truth.mediated_total_2021
    return facts


def dadeng_realized(
    files: Mapping[str, pd.DataFrame], truth: DadengTruth | None = None
) -> dict[str, float]:
    """The calibration figures the Dadeng files realise (for README and checks)."""
    truth = truth or DadengTruth()
    p = files["stations_monthly"]
    d = truth.treated
    comp = sorted(set(p["station"]) - {d})

    def tot(col: str, units: Sequence[str], lo: str, hi: str) -> float:
        m = p["station"].isin(units) & (p["month"] >= lo) & (p["month"] <= hi)
        return float(p.loc[m, col].sum())

    b, a = truth.yoy_before, truth.yoy_after
    reg = files["floating_population"]
    rd = reg[reg["station"] == d].set_index(
        reg.loc[reg["station"] == d, "month"].map(lambda t: t.strftime("%Y-%m"))
    )
    dy = p.loc[p["station"] == d].set_index("month")
    esc = dy["civil_to_criminal"]
    return {
        "fraud_yoy_dadeng": tot("fraud_incidents", [d], *a) / tot("fraud_incidents", [d], *b) - 1,
        "fraud_yoy_comparison": tot("fraud_incidents", comp, *a) / tot("fraud_incidents", comp, *b)
        - 1,
        "fraud_dadeng_before": tot("fraud_incidents", [d], *b),
        "fraud_dadeng_after": tot("fraud_incidents", [d], *a),
        "registration_2021_04": float(rd.loc["2021-04", "registered_floating"]),
        "registration_2021_05": float(rd.loc["2021-05", "registered_floating"]),
        "registration_2021_10": float(rd.loc["2021-10", "registered_floating"]),
        "registration_mean_06_10": float(rd.loc["2021-06":"2021-10", "registered_floating"].mean()),
        "found_2021": tot("disputes_found", [d], "2021-01", "2021-10"),
        "resolved_2021": tot("disputes_resolved", [d], "2021-01", "2021-10"),
        "found_2020": tot("disputes_found", [d], "2020-01", "2020-10"),
        "resolved_2020": tot("disputes_resolved", [d], "2020-01", "2020-10"),
        "comparison_resolution_share": tot("disputes_resolved", comp, "2018-01", "2021-10")
        / tot("disputes_found", comp, "2018-01", "2021-10"),
        "mediated_2021": tot("disputes_mediated", [d], "2021-01", "2021-10"),
        "escalations_2020": tot("civil_to_criminal", [d], "2020-01", "2020-10"),
        "escalations_2021": tot("civil_to_criminal", [d], "2021-01", "2021-10"),
        "zero_run_2021": float(longest_zero_run(esc.loc["2021-01":"2021-10"])),
        "zero_run_before": float(longest_zero_run(esc.loc[:"2020-12"])),
        "incidents_rows": float(len(files["incidents"])) if "incidents" in files else np.nan,
    }


def simulate_dadeng(truth: DadengTruth, seed: int) -> dict[str, pd.DataFrame]:
    """Files of the Dadeng demo study (file stem -> frame); deterministic given the seed."""
    return _simulate_dadeng(truth, seed)[0]


# -- Gaomi ----------------------------------------------------------------------

#: (code, pinyin, Chinese) of Gaomi's three subdistricts.
GAOMI_SUBDISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("CY", "Chaoyang", "朝阳"),
    ("LQ", "Liquan", "醴泉"),
    ("MS", "Mishui", "密水"),
)


@dataclass(frozen=True)
class GaomiTruth:
    """Planted truth of the Gaomi demo study (staggered adoption by compound).

    For a compound adopting in wave ``g`` the expected count ``t`` months after
    adoption (``e = 0`` in the adoption month) is the untreated expectation times
    ``exp(-delta[g] * min(e + 1, ramp) / ramp)``: the effect builds up linearly
    on the log scale over ``ramp`` months and is larger for earlier waves.
    """

    first: str = "2018-01"
    last: str = "2021-12"
    waves: tuple[tuple[str, int], ...] = (("2019-04", 50), ("2020-04", 45), ("2021-04", 35))
    n_never: int = 50
    ramp: int = 12
    complaints_delta: tuple[float, ...] = (0.40, 0.28, 0.16)  # per wave, in wave order
    disputes_delta: tuple[float, ...] = (0.30, 0.20, 0.10)
    households_median: float = 600.0
    households_sd: float = 0.6
    households_range: tuple[int, int] = (80, 4000)
    complaints_rate: float = 6.0  # per 1,000 households per month, median compound, 2018-01
    complaints_rate_sd: float = 0.35
    complaints_trend: float = 0.03
    complaints_seasonality: tuple[float, ...] = (
        1.25,
        1.2,
        1.1,
        0.85,
        0.85,
        1.0,
        1.0,
        1.0,
        0.85,
        0.9,
        1.2,
        1.3,
    )
    complaints_shocks: tuple[tuple[str, float], ...] = (("2020-02", 1.15),)
    disputes_rate: float = 2.0
    disputes_rate_sd: float = 0.35
    disputes_trend: float = 0.0
    disputes_seasonality: tuple[float, ...] = (
        0.9,
        1.0,
        0.9,
        0.95,
        1.05,
        1.15,
        1.2,
        1.15,
        1.0,
        0.95,
        0.9,
        0.85,
    )
    disputes_shocks: tuple[tuple[str, float], ...] = (("2020-02", 1.3), ("2020-03", 1.1))
    shock_sd: float = 0.05
    dispersion: float = 8.0

    def log_effect(self, indicator: str, cohort: str, event_time: np.ndarray) -> np.ndarray:
        """Planted log rate ratio for ``indicator`` (complaints|neighbour_disputes)."""
        deltas = self.complaints_delta if indicator == "complaints" else self.disputes_delta
        delta = dict(zip([w for w, _ in self.waves], deltas, strict=True))[cohort]
        e = np.asarray(event_time, dtype=float)
        return np.where(e >= 0, -delta * np.minimum(e + 1, self.ramp) / self.ramp, 0.0)


def _gaomi_units(truth: GaomiTruth, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, _C_GAOMI_UNITS])
    n = sum(k for _, k in truth.waves) + truth.n_never
    sub = rng.integers(0, len(GAOMI_SUBDISTRICTS), n)
    sub.sort()
    codes = []
    for j, (code, _, _) in enumerate(GAOMI_SUBDISTRICTS):
        codes += [f"{code}-{i + 1:03d}" for i in range(int((sub == j).sum()))]
    lo, hi = truth.households_range
    hh = np.clip(
        np.rint(truth.households_median * np.exp(truth.households_sd * rng.standard_normal(n))),
        lo,
        hi,
    )
    labels = np.array([w for w, k in truth.waves for _ in range(k)] + ["never"] * truth.n_never)
    adopted = labels[rng.permutation(n)]
    return pd.DataFrame(
        {
            "compound": codes,
            "subdistrict": [GAOMI_SUBDISTRICTS[j][1] for j in sub],
            "adopted": adopted,
            "households": hh.astype(np.int64),
        }
    )


def _simulate_gaomi_full(
    truth: GaomiTruth, seed: int
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    units = _gaomi_units(truth, seed)
    grid = pd.period_range(truth.first, truth.last, freq="M")
    treated = {
        u: a for u, a in zip(units["compound"], units["adopted"], strict=True) if a != "never"
    }
    exposure = units["households"].to_numpy() / 1000.0
    sims: dict[str, pd.DataFrame] = {}
    for name, comp, rate, sd, trend, season, shocks in (
        (
            "complaints",
            _C_COMPLAINTS,
            truth.complaints_rate,
            truth.complaints_rate_sd,
            truth.complaints_trend,
            truth.complaints_seasonality,
            truth.complaints_shocks,
        ),
        (
            "neighbour_disputes",
            _C_DISPUTES,
            truth.disputes_rate,
            truth.disputes_rate_sd,
            truth.disputes_trend,
            truth.disputes_seasonality,
            truth.disputes_shocks,
        ),
    ):

        def eff(e: np.ndarray, cohort: np.ndarray, _name: str = name) -> np.ndarray:
            out = np.empty(len(e))
            for c in np.unique(cohort):
                m = cohort == c
                out[m] = np.exp(truth.log_effect(_name, str(c), e[m]))
            return out

        sims[name] = simulate_count_panel(
            list(units["compound"]),
            grid,
            treated,
            None,
            eff,
            seed=[seed, comp],
            level=rate,
            level_sd=sd,
            trend=trend,
            seasonality=season,
            shocks=dict(shocks),
            shock_sd=truth.shock_sd,
            dispersion=truth.dispersion,
            exposure=exposure,
        )
    t_len = len(grid)
    panel = pd.DataFrame(
        {
            "compound": np.repeat(units["compound"].to_numpy(), t_len),
            "month": np.tile([str(p) for p in grid], len(units)),
            "subdistrict": np.repeat(units["subdistrict"].to_numpy(), t_len),
            "adopted": np.repeat(units["adopted"].to_numpy(), t_len),
            "households": np.repeat(units["households"].to_numpy(), t_len),
            "complaints": sims["complaints"]["count"].to_numpy(),
            "neighbour_disputes": sims["neighbour_disputes"]["count"].to_numpy(),
        }
    )
    return {"compounds_monthly": panel, "admin_counts": _gaomi_facts()}, sims


def simulate_gaomi(truth: GaomiTruth, seed: int) -> dict[str, pd.DataFrame]:
    """Files of the Gaomi demo study (file stem -> frame); deterministic given the seed."""
    return _simulate_gaomi_full(truth, seed)[0]


def gaomi_att_gt(
    truth: GaomiTruth, seed: int, indicator: str = "complaints", per: float = 1000.0
) -> pd.DataFrame:
    """True ATT(g, t) of the Gaomi demo for one indicator, from the planted model.

    Columns: ``cohort, period, event_time, n_units``, ``relative`` (planted
    rate ratio minus 1, the same for every unit of the cohort), ``att_count``
    (mean over the cohort's units of expected treated minus untreated count)
    and ``att_rate`` (the same per ``per`` households). Pre-adoption cells
    are 0 by construction (no anticipation). Expected values are conditional
    on the realised unit levels and common shocks of this seed.
    """
    sims = _simulate_gaomi_full(truth, seed)[1]
    f = sims[indicator].copy()
    f = f[f["adoption"].notna()]
    f["diff"] = f["mu"] - f["baseline"]
    f["diff_rate"] = f["diff"] / (f["exposure"] * 1000.0) * per
    f["cohort"] = f["adoption"].astype(str)
    f["event_time"] = f["event_time"].astype(np.int64)
    g = f.groupby(["cohort", "period"], sort=True)
    out = pd.DataFrame(
        {
            "event_time": g["event_time"].first(),
            "n_units": g.size(),
            "relative": g["effect"].mean() - 1.0,
            "att_count": g["diff"].mean(),
            "att_rate": g["diff_rate"].mean(),
        }
    ).reset_index()
    return out


#: item, value, label_zh, note -- the Gaomi article's administrative figures (G1-G12)
GAOMI_FACTS: tuple[tuple[str, int, str, str], ...] = (
    ("party_branches", 364, "小区党支部", "G1"),
    ("party_groups", 1185, "党小组", "G1"),
    ("member_households", 2327, "党员中心户", "G1"),
    ("secretaries_officials", 221, "机关干部、退休干部担任小区党支部书记", "G2: 221/364 = 60.7%"),
    ("party_members", 17000, "党员信息台账", "G3 '1.7万余名'"),
    ("owners_committees", 426, "业主委员会(或自治小组)", "G4"),
    ("joint_posts", 69, "党支部书记、业委会主任“一肩挑”", "G4"),
    ("party_chairs", 238, "党员担任业委会主任", "G4: 238/426 = 55.9%, article says 60%+"),
    ("property_firms_party_orgs", 16, "建立党组织的物业企业", "article, 'red property'"),
    ("community_property_companies", 36, "社区物业公司", "article, 'red property'"),
    ("compounds_no_management", 196, "兜底管理无物业管理小区", "G5"),
    ("old_compounds_planned", 283, "纳入改造计划的老旧小区", "G6"),
    ("old_compounds_done", 135, "已完成改造的老旧小区", "G6"),
    ("old_compounds_started_2021", 91, "2021年新启动改造的老旧小区", "G6"),
    ("matters_resolved", 4600, "解决的“大事”“小事”(件)", "G7 '4600多件'"),
    ("public_rooms_m2", 5300, "收回公益性用房(平方米)", "G8 '5300多平方米'"),
    ("party_citizen_homes", 393, "党群之家", "G8"),
    ("community_police", 135, "进入社区“两委”的社区民警", "G10"),
    ("enforcement_officers", 106, "进入社区“两委”的执法队员", "G10"),
    ("units_reporting", 125, "到社区报到的市直单位党组织", "G11"),
    ("members_reporting", 6200, "到社区报到的在职党员", "G11 '6200余名'"),
    ("activities", 5600, "累计开展活动(次)", "G11 '5600余次'"),
    ("neighbour_disputes_resolved", 600, "协调解决邻里纠纷(起)", "G12 '600多起'"),
)


def _gaomi_facts() -> pd.DataFrame:
    return pd.DataFrame(
        [dict(zip(("item", "value", "label_zh", "note"), r, strict=True)) for r in GAOMI_FACTS]
    )


# -- writing ----------------------------------------------------------------------

#: Fixed timestamp written into xlsx metadata and zip entries (byte-stable files).
FIXED_TIME = _dt.datetime(2021, 11, 1, 0, 0, 0)
DADENG_SEED = 20211101
GAOMI_SEED = 20211102


def to_csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    """CSV bytes with fixed formatting: ``\\n`` line ends, floats as ``%.6g``."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode(encoding)


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str, date_format: str = "yyyy-mm") -> bytes:
    """Deterministic xlsx bytes of one sheet.

    openpyxl stamps the save time into ``docProps/core.xml`` and zip entries
    carry the current time, so both are reset to :data:`FIXED_TIME`; entries
    are stored uncompressed so the bytes do not depend on the zlib build.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([v.item() if isinstance(v, np.generic) else v for v in row])
    for j, col in enumerate(frame.columns, start=1):
        if isinstance(frame[col].iloc[0], _dt.datetime):
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = date_format
    wb.properties.creator = "pilot-eval analysis/simulate.py"
    wb.properties.created = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<3>",
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.create_system = 0
            zi.external_attr = 0
            zi.compress_type = zipfile.ZIP_STORED
            zout.writestr(zi, data)
    return out.getvalue()


def demo_files(dadeng_seed: int = DADENG_SEED, gaomi_seed: int = GAOMI_SEED) -> dict[str, bytes]:
    """Every demo data file as bytes, keyed by path relative to ``data/``."""
    dd = simulate_dadeng(DadengTruth(), dadeng_seed)
    gm = simulate_gaomi(GaomiTruth(), gaomi_seed)
    return {
        "dadeng/stations_monthly.csv": to_csv_bytes(dd["stations_monthly"]),
        "dadeng/floating_population.xlsx": to_xlsx_bytes(dd["floating_population"], "registration"),
        # GB18030, as Excel on a Chinese-locale Windows would save it
        "dadeng/incidents.csv": to_csv_bytes(dd["incidents"], "gb18030"),
        "dadeng/admin_facts.csv": to_csv_bytes(dd["admin_facts"]),
        "gaomi/compounds_monthly.csv": to_csv_bytes(gm["compounds_monthly"]),
        "gaomi/admin_counts.csv": to_csv_bytes(gm["admin_counts"]),
    }


def write_demo_studies(root: Path) -> list[Path]:
    """Write the demo data files under ``root`` (``data/``); returns the paths written.

    ``study.yml`` and ``README.md`` are hand-written and not touched.
    """
    written = []
    for rel, data in demo_files().items():
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
