"""Placebo-in-time and sensitivity checks of the single-series ITS
(analysis.numbers.checks.robustness)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.numbers.checks.robustness import placebo_in_time, sensitivity
from analysis.results.checks import CheckResult
from analysis.results.robustness import PlaceboResult, SensitivityResult
from analysis.simulate.panels import simulate_count_panel

START = "2022-01"


def count_series(
    effect: float, *, n: int = 72, seed: int = 1, level: float = 50.0
) -> tuple[np.ndarray, pd.PeriodIndex]:
    """One monthly count series 2018-01.., start 2022-01 (48 pre, 24 post)."""
    f = simulate_count_panel(
        1,
        n,
        treated=[0],
        start=START,
        effect=effect,
        seed=seed,
        level=level,
        level_sd=0.0,
        trend=0.03,
        dispersion=40.0,
        seasonality=[1.0, 0.9, 0.95, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 1.0, 0.95, 0.9],
    )
    return f["count"].to_numpy(dtype=float), pd.PeriodIndex(f["period"])


def gaussian_series(
    effect: float, *, n: int = 72, sd: float = 2.0, seed: int = 3
) -> tuple[np.ndarray, pd.PeriodIndex]:
    rng = np.random.default_rng(seed)
    periods = pd.period_range("2018-01", periods=n, freq="M")
    t = np.arange(n)
    y = 100 + 0.1 * t + 3 * np.sin(2 * np.pi * t / 12) + rng.standard_normal(n) * sd
    y[periods >= pd.Period(START, "M")] += effect
    return y, periods


def test_big_planted_effect_ranks_first_among_placebos() -> None:
    y, periods = count_series(0.55)
    # every admissible start with fake windows of 3+ months: 22 placebos, smallest p 1/23
    full = placebo_in_time(y, periods, START, min_post=3, family="quasipoisson")
    assert dict(full.check.values)["n_placebos"] == 22 and full.check.p_value == 1 / 23
    assert full.check.status == "pass" and dict(full.check.values)["informative"] == 1.0
    assert "通过" in full.headline("zh")
    res = placebo_in_time(y, periods, START, n_placebos=10, family="quasipoisson")
    assert isinstance(res, PlaceboResult)
    check = res.check
    values = dict(check.values)
    # 10 placebos: the smallest attainable p is 1/11 > 0.05 — ranking first says nothing
    assert check.status == "info" and values["informative"] == 0.0
    assert values["min_attainable_p"] == pytest.approx(1 / 11) and check.p_value == 1 / 11
    assert "Not informative" in check.detail and "not informative" in res.headline("en")
    assert values["rank"] == 1
    assert values["share_as_large"] == 0
    assert values["n_placebos"] == len(res.placebos) == 10
    assert res.real is not None and res.real.estimate < -0.3
    # fake starts lie inside the pre-period, each with min_pre periods before it,
    # and the fake post windows end before the real start
    real_start = pd.Period(START, "M")
    for p in res.placebos:
        assert p.n_pre >= 24
        start = pd.Period(p.start, "M")
        assert start + p.n_post - 1 < real_start
        assert p.n_post <= 24
    frame = res.to_frame()
    assert list(frame["role"]).count("real") == 1
    assert {"estimate", "std_error", "statistic", "conf_low", "conf_high"} <= set(frame.columns)
    assert set(frame["scale"]) == {"relative"}
    assert PlaceboResult.from_dict(res.to_dict()) == res
    zh = res.headline("zh")
    assert zh != res.headline("en") and "时间安慰剂检验" in zh and "不具信息量" in zh
    assert res.real.headline("zh") != res.real.headline("en")


def test_no_effect_is_not_singled_out() -> None:
    y, periods = gaussian_series(0.0, seed=5)
    res = placebo_in_time(y, periods, START)
    # every admissible fake start: 24 periods before it, 6 after it, all before 2022-01
    assert [p.start for p in res.placebos] == [str(p) for p in periods[24:43]]
    values = dict(res.check.values)
    # 19 placebos: the smallest attainable p is 1/20 = 0.05, not below alpha
    assert values["min_attainable_p"] == pytest.approx(0.05) and values["informative"] == 0
    as_large = values["share_as_large"] > 0.1  # placebos as large: evidence however few
    assert res.check.status == ("warn" if values["miscalibrated"] or as_large else "info")


def test_placebo_not_applicable_when_pre_period_too_short() -> None:
    y, periods = gaussian_series(5.0, n=40)
    short_start = str(periods[26])  # 26 pre-periods: no room for 24 + a window
    res = placebo_in_time(y, periods, short_start)
    assert res.check.status == "not_applicable"
    assert res.check.reason and "pre-period has 26 periods" in res.check.reason
    assert res.placebos == ()
    assert isinstance(res.check, CheckResult)


def test_placebo_rejects_bad_input() -> None:
    y, periods = gaussian_series(0.0)
    with pytest.raises(AnalysisError, match="values but there are"):
        placebo_in_time(y[:-1], periods, START)
    with pytest.raises(AnalysisError, match="start"):
        placebo_in_time(y, periods, "2030-01")


def test_sensitivity_stable_for_a_clear_effect() -> None:
    y, periods = count_series(0.55)
    res = sensitivity(y, periods, START, family="quasipoisson")
    assert isinstance(res, SensitivityResult)
    frame = res.to_frame()
    assert frame.iloc[0]["dimension"] == "baseline"
    dims = set(frame["dimension"])
    assert {"family", "seasonality"} <= dims
    assert set(frame.loc[frame["dimension"] == "family", "setting"]) == {
        "gaussian",
        "quasipoisson",
        "negbin",
    }
    fitted = frame[frame["error"].isna()]
    assert (fitted["estimate"] < 0).all()
    assert res.check.status == "pass"
    assert SensitivityResult.from_dict(res.to_dict()) == res
    assert set(frame["scale"]) == {"relative"}
    zh = res.headline("zh")
    assert zh != res.headline("en") and "敏感性分析" in zh and "通过" in zh
    assert res.rows[1].headline("zh") != res.rows[1].headline("en")


def test_sensitivity_hac_lags_cover_rule_and_six() -> None:
    y, periods = gaussian_series(4.0)
    res = sensitivity(y, periods, START, family="gaussian", se="hac")
    frame = res.to_frame()
    lags = frame.loc[frame["dimension"] == "hac_lag", "hac_lag"].astype(int).tolist()
    assert lags == list(range(max(lags) + 1)) and max(lags) >= 6
    assert "family" not in set(frame["dimension"])  # not count data
    assert res.check.status in ("pass", "warn", "fail")


def test_placebo_cuts_exposure_and_respects_phase_in() -> None:
    y, periods = count_series(0.55)
    res = placebo_in_time(
        y,
        periods,
        START,
        n_placebos=4,
        family="quasipoisson",
        exposure=np.full(len(y), 1000.0),
        phase_in=2,
    )
    assert len(res.placebos) == 4 and not res.skipped
    assert all(p.n_post >= 3 for p in res.placebos)  # a window longer than the phase-in
    # 4 placebo starts: p cannot go below 1/5 = 0.2, so the check is not informative
    assert res.check.status == "info" and dict(res.check.values)["min_attainable_p"] == 0.2


def test_sensitivity_not_applicable_when_the_baseline_cannot_be_fitted() -> None:
    y, periods = gaussian_series(4.0, n=30)
    res = sensitivity(y, periods, str(periods[20]), seasonality="dummies")
    assert res.check.status == "not_applicable"
    assert res.check.reason and "baseline" in res.check.reason
    assert res.rows[0].error


def _placebos(n: int, n_excluding: int) -> list:
    from analysis.results.robustness import PlaceboEstimate

    return [
        PlaceboEstimate(
            "placebo",
            f"2019-{i + 1:02d}",
            24,
            6,
            0.01 * (i - n / 2),
            *((0.02, 0.3) if i < n_excluding else (-0.2, 0.2)),
        )
        for i in range(n)
    ]


def test_as_large_placebos_warn_even_when_too_few_to_pass() -> None:
    from analysis.numbers.checks.robustness import placebo_check
    from analysis.results.robustness import PlaceboEstimate

    real = PlaceboEstimate("real", "2022-01", 48, 24, 0.004, -0.2, 0.2)
    few = placebo_check("placebo_in_time", "P", real, _placebos(7, 0), 0.1, "relative")
    assert few.status == "warn" and "Shifts this large" in few.detail
    assert "Not informative" not in few.detail


def test_miscalibrated_placebos_warn_with_the_expected_count() -> None:
    """5 of 11 placebo intervals exclude zero where 0.55 would by chance: warn, whatever
    the rank; 1 of 25 is what chance gives: the rank decides (here: pass)."""
    from analysis.numbers.checks.robustness import placebo_check
    from analysis.results.robustness import PlaceboEstimate

    real = PlaceboEstimate("real", "2022-01", 48, 24, -0.4, -0.6, -0.2)
    bad = placebo_check("placebo_in_time", "P", real, _placebos(11, 5), 0.1, "relative")
    v = dict(bad.values)
    assert bad.status == "warn" and v["miscalibrated"] == 1.0
    assert v["expected_placebo_significant"] == pytest.approx(0.55)
    assert v["miscalibration_p"] < 0.001 and v["informative"] == 0.0
    assert "miscalibrated" in bad.detail and "5 of 11" in bad.detail and "0.55" in bad.detail
    ok = placebo_check("placebo_in_time", "P", real, _placebos(25, 1), 0.1, "relative")
    assert ok.status == "pass" and dict(ok.values)["miscalibrated"] == 0.0
    from analysis.results.robustness import PlaceboResult

    zh = PlaceboResult("relative effect", "relative", 0, real, tuple(_placebos(11, 5)), bad)
    text = zh.headline("zh")
    assert "校准不足" in text and "0.55" in text and "即使排第一也不能说明" in text
