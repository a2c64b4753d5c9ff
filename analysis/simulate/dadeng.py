"""The Dadeng demo study (one pilot police station, 24 comparison stations), calibrated
to the figures of the seed article (``../shared/seed/FIGURES.md``); its planted truth lives
in the frozen config :class:`DadengTruth`.

Each component draws from its own stream ``default_rng([seed, component])`` so that
changing one component never shifts the draws of another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.simulate.panels import longest_zero_run, simulate_count_panel


def _window_sum(
    frame: pd.DataFrame, units: Sequence[str], lo: str, hi: str, col: str = "count"
) -> float:
    per = frame["period"]
    m = frame["unit"].isin(list(units)) & (per >= pd.Period(lo, "M")) & (per <= pd.Period(hi, "M"))
    return float(frame.loc[m, col].sum())


def _multinomial_fix(rng: np.random.Generator, total: int, weights: np.ndarray) -> np.ndarray:
    """Counts summing exactly to ``total``, spread over cells in proportion to ``weights``."""
    return rng.multinomial(total, weights / weights.sum())


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


def simulate_dadeng_full(truth: DadengTruth, seed: int) -> tuple[dict[str, pd.DataFrame], DemoMeta]:
    """The Dadeng files (file stem -> frame) and what their generation used and realised."""
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

    fraud, seeds["fraud"] = _calibrated_fraud(truth, stations, grid, sizes, seed)
    esc, seeds["escalations"] = _calibrated_escalations(truth, stations, grid, sizes, seed, in21)
    fy, res, seeds["disputes"] = _calibrated_disputes(truth, stations, grid, sizes, seed, in21)
    my = _mediated_counts(truth, stations, grid, sizes, seed, in21)

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


def _calibrated_fraud(
    truth: DadengTruth,
    stations: list[str],
    grid: pd.PeriodIndex,
    sizes: dict[str, np.ndarray],
    seed: int,
) -> tuple[pd.DataFrame, int]:
    """Fraud counts: search seed, seed+1, ... until the realised YoY figures hold."""
    d, comp = truth.treated, stations[1:]
    for k in range(truth.max_tries):
        fraud = _dadeng_frame_fraud(truth, stations, grid, sizes["fraud"], seed + k)
        yd = _yoy(fraud, [d], truth.yoy_before, truth.yoy_after)
        yc = _yoy(fraud, comp, truth.yoy_before, truth.yoy_after)
        if (
            abs(yd - truth.target_yoy_dadeng) <= truth.tol_yoy_dadeng
            and abs(yc - truth.target_yoy_comparison) <= truth.tol_yoy_comparison
        ):
            return fraud, seed + k
    raise RuntimeError("no fraud seed met the calibration targets; raise max_tries")


def _calibrated_escalations(
    truth: DadengTruth,
    stations: list[str],
    grid: pd.PeriodIndex,
    sizes: dict[str, np.ndarray],
    seed: int,
    in21: np.ndarray,
) -> tuple[pd.DataFrame, int]:
    """Escalations: Poisson; 2021 has a longest zero run of exactly 2, before <= 2."""
    d = truth.treated
    start = pd.Period(truth.start, "M")
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
            return esc, seed + k
    raise RuntimeError("no escalation seed met the calibration targets; raise max_tries")


def _calibrated_disputes(
    truth: DadengTruth,
    stations: list[str],
    grid: pd.PeriodIndex,
    sizes: dict[str, np.ndarray],
    seed: int,
    in21: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Disputes found (screening) and resolved in advance: search as for fraud."""
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
            return fy, res, seed + k
    raise RuntimeError("no disputes seed met the calibration targets; raise max_tries")


def _mediated_counts(
    truth: DadengTruth,
    stations: list[str],
    grid: pd.PeriodIndex,
    sizes: dict[str, np.ndarray],
    seed: int,
    in21: np.ndarray,
) -> np.ndarray:
    """Disputes mediated (units x periods); Dadeng's 2021 total is fixed (multinomial)."""
    t_len = len(grid)
    mediated = simulate_count_panel(
        stations,
        grid,
        [truth.treated],
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
    return my


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
    return simulate_dadeng_full(truth, seed)[0]


DADENG_SEED = 20211101
