"""Design context (issue 12): indicator roles and the negative-control falsification
check, milestones of kind recording_change (the partial month left out of the fits,
sentences about what is recorded), no cumulative sums for stocks, shares in percentage
points, whole people and cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import MONTHS, TREATED, write_study

from analysis.core.errors import SpecError
from analysis.intake.spec import load_spec
from analysis.intake.validate import load_study
from analysis.narrative.api import narrate
from analysis.narrative.numbers import Quoter, fmt_kind_level, kind_level, whole
from analysis.numbers.checks.falsification import as_large, falsification
from analysis.numbers.checks.power import minimum_detectable_effect
from analysis.numbers.indicators import compute_indicators
from analysis.numbers.trends import fit_trend_models
from analysis.results.falsification import Falsification

START = MONTHS.index("2020-07")  # the tiny study's pilot start
DRIVE = MONTHS.index("2021-01")  # a registration drive


def _line(path, text: str) -> int:
    return next(n for n, ln in enumerate(path.read_text("utf-8").splitlines(), 1) if text in ln)


def _issues(path) -> list:
    with pytest.raises(SpecError) as info:
        load_spec(path)
    return list(info.value.issues)


# -- spec keys ------------------------------------------------------------------------------


def test_role_and_milestone_kind_default_and_read(tmp_path):
    spec = load_spec(write_study(tmp_path / "a"))
    assert {i.role for i in spec.indicators.values()} == {"primary"}
    assert spec.treatment.milestones[0].kind == "event"
    assert spec.recording_change_for("incidents") is None
    path = write_study(
        tmp_path / "b",
        spec_overrides={
            "indicators": {"thefts": {"role": "negative_control"}},
            "treatment": {
                "milestones": [
                    {
                        "id": "drive",
                        "date": "2021-01",
                        "kind": "recording_change",
                        "indicators": ["incidents"],
                    }
                ]
            },
        },
    )
    spec = load_spec(path)
    assert spec.with_role("negative_control") == ["thefts"]
    assert spec.with_role("primary") == ["incidents", "resolved_share", "staff"]
    rc = spec.recording_change_for("incidents")
    assert rc is not None and rc.id == "drive"
    assert spec.recording_change_for("resolved_share") is None


def test_bad_role_names_key_line_and_allowed_values(tmp_path):
    path = write_study(tmp_path, spec_overrides={"indicators": {"thefts": {"role": "placebo"}}})
    (issue,) = [i for i in _issues(path) if i.column == "indicators.thefts.role"]
    assert "'placebo' is not allowed" in issue.message
    for allowed in ("'primary'", "'secondary'", "'negative_control'"):
        assert allowed in issue.message
    assert issue.rows == (_line(path, "role: placebo"),)


def test_bad_milestone_kind_names_key_and_line(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "treatment": {"milestones": [{"id": "launch", "date": "2020-07", "kind": "drive"}]}
        },
    )
    (issue,) = [i for i in _issues(path) if i.column == "treatment.milestones.0.kind"]
    assert "'drive' is not allowed" in issue.message
    assert "'event'" in issue.message and "'recording_change'" in issue.message
    assert issue.rows == (_line(path, "kind: drive"),)


def test_milestone_indicators_need_a_recording_change(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "treatment": {
                "milestones": [{"id": "launch", "date": "2020-07", "indicators": ["incidents"]}]
            }
        },
    )
    issues = _issues(path)
    assert any(
        "milestone 'launch'" in i.message and "kind: recording_change" in i.message for i in issues
    ), [str(i) for i in issues]


def test_unknown_indicator_of_a_recording_change(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "treatment": {
                "milestones": [
                    {
                        "id": "drive",
                        "date": "2021-01",
                        "kind": "recording_change",
                        "indicators": ["incident"],
                    }
                ]
            }
        },
    )
    (issue,) = [i for i in _issues(path) if i.code == "spec.unknown_indicator"]
    assert issue.column == "treatment.milestones.0.indicators.0"
    assert "names indicator 'incident', which is not defined" in issue.message
    assert issue.hint == "did you mean 'incidents'?"
    assert issue.rows == (_line(path, "- incident"),)


def test_recording_change_outside_the_trend_start_is_a_warning(tmp_path):
    from analysis.intake.validate import validate_study

    milestone = {
        "id": "drive",
        "date": "2021-01",
        "kind": "recording_change",
        "indicators": ["incidents"],
    }
    path = write_study(
        tmp_path, spec_overrides={"designs": ["its"], "treatment": {"milestones": [milestone]}}
    )
    report = validate_study(path)
    (issue,) = [i for i in report.issues if i.code == "milestone.recording_change_inside"]
    assert issue.severity == "warning"
    assert "'incidents'" in issue.message and "the pilot start" in issue.message
    assert issue.hint == "set indicators.incidents.trend.start: drive"
    assert issue.rows == (_line(path, "kind: recording_change") + 1,)  # its indicators:


# -- falsification ---------------------------------------------------------------------------


def _with_control(planted: float):
    """Panel rows with a negative-control column; the pilot unit's incidents fall 40%
    from the start, its burglaries by ``planted``."""

    def mutate(rows):
        for i, row in enumerate(rows):
            mi = i % len(MONTHS)
            treated = row["unit"] == TREATED and mi >= START
            inc = int(row["incidents"])
            row["incidents"] = str(round(inc * 0.6) if treated else inc)
            burg = 30 + (mi * 5) % 7
            row["burglaries"] = str(round(burg * (1 - planted)) if treated else burg)
        return rows

    return mutate


def _control_study(tmp_path, planted: float):
    spec = {
        "designs": ["descriptive", "its"],
        "indicators": {
            "burglaries": {
                "label": {"en": "Burglaries", "zh": "入室盗窃"},
                "kind": "count",
                "source": "stations",
                "column": "burglaries",
                "role": "negative_control",
                "trend": {"sts": False, "seasonality": "none"},
            },
            "incidents": {"trend": {"sts": False, "seasonality": "none"}},
            "resolved_share": {"role": "secondary"},
            "thefts": {"role": "secondary"},
        },
    }
    return load_study(
        write_study(tmp_path, spec_overrides=spec, rows_mutator=_with_control(planted))
    )


def _falsify(study) -> Falsification:
    panel = study.panel
    indicators = compute_indicators(panel, alpha=0.05)
    trends = fit_trend_models(panel, alpha=0.05, seed=1, robustness=False)
    return falsification(study.spec, indicators, trends, {})


def test_negative_control_with_an_equal_planted_change_warns(tmp_path):
    fals = _falsify(_control_study(tmp_path, planted=0.4))
    (check,) = fals.for_indicator("incidents")  # the secondary share and facts: not compared
    assert [c.indicator for c in fals.checks] == ["incidents"]
    assert check.status == "warn" and fals.status == "warn"
    designs = {r.design: r for r in check.rows}
    assert set(designs) == {"naive", "interrupted time series"}
    naive = designs["naive"]
    assert naive.as_large
    assert naive.control_estimate == pytest.approx(naive.indicator_estimate, abs=0.03)
    assert naive.indicator_estimate == pytest.approx(-0.4, abs=0.03)
    en, zh = check.headline("en"), check.headline("zh")
    assert "a change as large appeared in an outcome the pilot should not touch" in en
    assert "Burglaries" in en and "before/after change" in en
    assert "在试点不应影响的指标中出现了同样大的变化" in zh and "入室盗窃" in zh
    sent = narrate(check, "en")
    assert sent.tone == "causal_doubtful" and sent.values
    cr = check.as_check()
    assert cr.status == "warn" and cr.statistic == pytest.approx(max(r.ratio for r in check.rows))
    assert fals.to_dict()["checks"][0]["status"] == "warn"


def test_negative_control_without_a_change_passes(tmp_path):
    fals = _falsify(_control_study(tmp_path, planted=0.0))
    (check,) = fals.checks
    assert check.status == "pass", check.headline("en")
    naive = next(r for r in check.rows if r.design == "naive")
    assert abs(naive.control_estimate) < 0.1 and not naive.as_large
    en = check.headline("en")
    assert "no change as large appeared in an outcome the pilot should not touch" in en
    assert "试点不应影响的指标未出现同样大的变化" in check.headline("zh")


def test_as_large_rule():
    assert as_large(-0.28, -0.22) and as_large(0.3, 0.3)
    assert as_large(-0.39, -0.40) and not as_large(-0.35, -0.40)  # within a tenth
    assert not as_large(-0.2, -0.49)  # smaller
    assert not as_large(-0.28, 2.16)  # the other way
    assert not as_large(math.nan, -0.2) and not as_large(-0.2, 0.0)


def test_no_negative_control_no_checks(tmp_path):
    study = load_study(write_study(tmp_path))
    fals = falsification(study.spec, compute_indicators(study.panel, alpha=0.05), None, {})
    assert fals.checks == () and fals.status == "not_applicable"
    assert "negative_control" in fals.headline("en")


# -- recording change ------------------------------------------------------------------------


def _registered(rows):
    """A stock that grows 5 a month with a little noise; a registration drive adds 3,000
    from 2021-01, which it began half-way through (the month holds half the step)."""
    for i, row in enumerate(rows):
        mi = i % len(MONTHS)
        base = 1000 + 400 * (row["unit"] != TREATED) + 5 * mi + ((mi * 37) % 11 - 5)
        if row["unit"] == TREATED:
            base += 3000 if mi > DRIVE else 1500 if mi == DRIVE else 0
        row["registered"] = str(base)
    return rows


def _drive_study(tmp_path, kind: str):
    spec = {
        "designs": ["descriptive", "its"],
        "treatment": {
            "milestones": [
                {"id": "drive", "date": "2021-01", "label": "Registration drive", "kind": kind}
            ]
        },
        "indicators": {
            "registered": {
                "label": {"en": "Registered residents", "zh": "登记人数"},
                "kind": "stock",
                "source": "stations",
                "column": "registered",
                "direction": "increase",
                "unit_label": {"en": "people", "zh": "人"},
                "trend": {
                    "family": "gaussian",
                    "start": "drive",
                    "slope_change": False,
                    "seasonality": "none",
                    "se": "ols",
                    "sts": False,
                    "horizons": [6],
                },
            },
            "incidents": {"trend": {"sts": False, "seasonality": "none"}},
        },
    }
    return load_study(write_study(tmp_path, spec_overrides=spec, rows_mutator=_registered))


def test_recording_change_leaves_the_partial_month_out_of_the_fit(tmp_path):
    study = _drive_study(tmp_path / "rc", "recording_change")
    its = fit_trend_models(study.panel, alpha=0.05, seed=1, robustness=False).get("registered")
    assert (its.interruption, its.interruption_kind) == ("drive", "recording_change")
    assert its.interruption_period == "2021-01" and its.interruption_label == "Registration drive"
    e = its.effect
    path = pd.DataFrame({"t": e.path.time, "y": e.path.observed, "fit": e.path.fitted})
    full = path[path.t > "2021-01"]  # the post-period without the partial month
    # the fitted line goes through the post-period, not below every point of it
    assert (full.fit > full.y).any() and (full.fit < full.y).any()
    assert e.coefficient("level_start").estimate == pytest.approx(3000, rel=0.01)
    assert any("Phase-in: 2021-01 to 2021-01" in n for n in e.notes)
    assert [h.label for h in e.effects if h.horizon == 6] == ["month 6 after the recording change"]
    # stocks do not accumulate: no "cumulative +18,000 person-months"
    assert all(math.isnan(h.cumulative_estimate) for h in e.effects)

    # the same drive as an ordinary event: the partial month pulls the fit below every
    # full post-period point (the bug the recording change fixes)
    event = _drive_study(tmp_path / "ev", "event")
    ev = fit_trend_models(event.panel, alpha=0.05, seed=1, robustness=False).get("registered")
    assert ev.interruption_kind == "event"
    p2 = pd.DataFrame(
        {"t": ev.effect.path.time, "y": ev.effect.path.observed, "fit": ev.effect.path.fitted}
    )
    assert (p2[p2.t > "2021-01"].fit < p2[p2.t > "2021-01"].y).all()


def test_recording_change_sentence_is_about_what_is_recorded(tmp_path):
    study = _drive_study(tmp_path, "recording_change")
    models = fit_trend_models(study.panel, alpha=0.05, seed=1, robustness=False)
    its = models.get("registered")
    en, zh = narrate(its, "en"), narrate(its, "zh")
    assert "a change in what is recorded, not an effect of the pilot" in en.text
    assert "after the recording change “Registration drive” (Jan 2021)" in en.text
    assert "in Jun 2021" in en.text  # horizon 6 (the drive's month is 1) named by its date
    assert "effect of the pilot in" not in en.text and "month" not in en.text
    assert en.tone == "descriptive" and "recording_change" in en.gates
    assert "记录口径的变化" in zh.text and "试点第" not in zh.text and "2021年6月" in zh.text
    from analysis.narrative.paragraph import what_it_means

    table = compute_indicators(study.panel, alpha=0.05)
    para = what_it_means(table.get("registered", "treated"), None, its, "en")
    assert "a change in what is recorded, not an effect of the pilot" in para.text
    assert "estimated effect" not in para.text and para.parts[-1].tone == "descriptive"
    assert (
        "记录口径的变化" in what_it_means(table.get("registered", "treated"), None, its, "zh").text
    )
    # a count at the pilot start is still the pilot's effect, with its cumulative sum
    inc = models.get("incidents")
    assert inc.interruption_kind == "pilot_start"
    assert "effect of the pilot" in narrate(inc, "en").text
    assert all(math.isfinite(h.cumulative_estimate) for h in inc.effect.effects)


def test_dadeng_spec_roles_and_recording_change():
    spec = load_spec("data/dadeng/study.yml")
    assert spec.with_role("negative_control") == ["theft_incidents"]
    rc = spec.recording_change_for("registered_floating")
    assert rc is not None and rc.id == "registration_drive"
    assert all(
        spec.recording_change_for(i) is None for i in spec.indicators if i != rc.indicators[0]
    )


# -- shares in percentage points ---------------------------------------------------------------


def test_share_effect_and_mde_in_percentage_points(tmp_path):
    study = load_study(
        write_study(
            tmp_path,
            spec_overrides={
                "designs": ["descriptive", "its"],
                "indicators": {"resolved_share": {"trend": {"sts": False, "seasonality": "none"}}},
            },
        )
    )
    its = fit_trend_models(study.panel, alpha=0.05, seed=1, robustness=False).get("resolved_share")
    assert its.indicator_kind == "proportion" and its.points_unit == 1.0
    en = narrate(its, "en").text
    zh = narrate(its, "zh").text
    assert "percentage points relative to the pre-pilot trend" in en
    assert "%" not in en.split("relative to")[0]  # the estimate itself is in points
    assert "个百分点" in zh
    from analysis.narrative.causal import summarize

    h, s = its.effect.headline_effect(), summarize(its)
    assert (s.scale, s.estimate, s.conf_low) == ("points", h.estimate, h.conf_low)


def test_additive_mde_matches_the_relative_one_for_a_flat_share():
    """For a flat series at level L, a relative effect e and a shift of e·L are the same
    planted data: the two MDEs must agree (additive ≈ relative × L), and the additive one
    is reported on the points scale."""
    rng = np.random.default_rng(3)
    periods = pd.period_range("2018-01", periods=48, freq="M")
    level = 0.87
    y = level + rng.normal(0, 0.02, len(periods))
    kw = dict(
        post_length=12,
        direction="increase",
        n_sims=60,
        seed=5,
        family="gaussian",
        seasonality="none",
        se="ols",
        slope_change=False,
    )
    rel = minimum_detectable_effect(
        y, periods, periods[36], effects=(0.005, 0.01, 0.02, 0.04, 0.08), **kw
    )
    pts = minimum_detectable_effect(
        y,
        periods,
        periods[36],
        effects=(0.005 * level, 0.01 * level, 0.02 * level, 0.04 * level, 0.08 * level),
        additive=1.0,
        **kw,
    )
    assert rel.scale == "relative" and pts.scale == "points"
    assert pts.mde == pytest.approx(rel.mde * level, rel=0.1)
    assert "percentage points" in pts.headline("en") and "个百分点" in pts.headline("zh")
    assert "%" not in pts.headline("en").split(":", 1)[1].split(";")[0]


def test_mde_additive_refuses_a_bad_unit():
    periods = pd.period_range("2018-01", periods=40, freq="M")
    with pytest.raises(Exception, match="additive must be a positive unit"):
        minimum_detectable_effect(
            np.full(40, 0.5), periods, periods[30], post_length=10, additive=0.0
        )


def test_share_mde_gate_in_points():
    from analysis.narrative.gates import EffectSummary

    s = EffectSummary(
        design="its", estimate=0.06, conf_low=-0.06, conf_high=0.19, scale="points", mde=0.191
    )
    text = narrate(s, "en", label="Share resolved").text
    assert "about 19 percentage points" in text and "19%" not in text
    assert "约为19个百分点" in narrate(s, "zh", label="化解率").text


# -- whole people and cases ----------------------------------------------------------------


def test_people_and_cases_are_whole():
    assert whole(3812.4) == "3,812" and whole(3812.5) == "3,813" and whole(-2.5) == "−3"
    assert kind_level(3812.4, "stock") == "3,812"
    assert kind_level(45.5, "count") == "46"
    assert kind_level(45.5, "count", mean=True) == "45.5"  # a mean over months keeps it
    assert kind_level(45.55, "amount") == "45.5"  # money: the level rule
    assert kind_level(12345.6, "stock", "zh") == "1.23万"
    assert fmt_kind_level(3812.4, "stock") == "3,812"
    assert fmt_kind_level(3812.4, "count", mean=True) == "3,812.4"
    assert fmt_kind_level(0.27, "measure") == "0.27"
    assert fmt_kind_level(math.nan, "count") == "–"
    assert fmt_kind_level(8192.3, "stock", sign=True) == "+8,192"  # an effect in people
    assert fmt_kind_level(-2.6, "count", sign=True) == "−3"
    assert fmt_kind_level(0.2, "count", sign=True) == "0"
    assert fmt_kind_level(-7420.41, "amount", sign=True) == "−7,420.4"
    q = Quoter("en")
    assert q.kind_level(7.6, "count") == "8" and q.values == [7.6]
