"""The Gaomi demo study (residential compounds adopting in three waves), with its planted
truth in the frozen config :class:`GaomiTruth` and the true ATT(g, t) it implies.

Each component draws from its own stream ``default_rng([seed, component])``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.simulate.panels import simulate_count_panel

# component streams: default_rng([seed, component])
_C_GAOMI_UNITS = 11


_C_COMPLAINTS = 12


_C_DISPUTES = 13


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


def simulate_gaomi_full(
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
    return simulate_gaomi_full(truth, seed)[0]


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
    sims = simulate_gaomi_full(truth, seed)[1]
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


GAOMI_SEED = 20211102
