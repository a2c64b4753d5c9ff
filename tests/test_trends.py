"""Study-level trend models: spec options reach the estimators; failures become reasons."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.intake.validate import load_study
from analysis.numbers.trends import fit_trend_models, its_kwargs
from analysis.results.trends import ModelOutcome, TrendModels

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dadeng():
    study = load_study(ROOT / "data" / "dadeng" / "study.yml")
    spec = study.spec.model_copy(update={"designs": ["descriptive", "its"]})
    return load_study(spec).panel


def test_spec_options_reach_the_model(dadeng):
    kw = its_kwargs(dadeng, "registered_floating", 0.05, 1)
    assert kw["start"] == pd.Period("2021-05", "M")  # the registration drive milestone
    assert kw["slope_change"] is False and kw["family"] == "gaussian"
    assert its_kwargs(dadeng, "fraud_incidents", 0.05, 1)["family"] == "quasipoisson"
    # defaults: counts -> quasi-Poisson, shares -> Gaussian with the estimator's default SE
    share = its_kwargs(dadeng, "disputes_resolved_share", 0.05, 1)
    assert share["family"] == "gaussian" and share["se"] == "auto"


@pytest.fixture(scope="module")
def models(dadeng):
    return fit_trend_models(dadeng, alpha=0.05, seed=1)


def test_every_panel_indicator_gets_an_outcome(dadeng, models):
    panel_inds = [
        i
        for i, ind in dadeng.spec.indicators.items()
        if dadeng.spec.sources[ind.source].shape != "facts"
    ]
    assert list(models.indicators()) == panel_inds
    fraud = models.get("fraud_incidents", "its")
    assert fraud.status == "ok"
    e9 = fraud.effect.effect_at(9)
    assert e9.period == "2021-09"
    assert e9.relative_conf_low <= e9.relative_estimate <= e9.relative_conf_high
    reg = models.get("registered_floating", "its").effect
    assert reg.start == "2021-05"
    # the registration drive roughly tripled the register: a large positive level shift
    assert reg.coefficient("level_start").estimate > 5000


def test_unfittable_series_is_not_applicable_with_reason(dadeng):
    # month dummies plus a 9-month phase-in leave one post-period: cannot be fitted
    from analysis.intake.spec import TrendModel

    spec = dadeng.spec
    ind = spec.indicators["civil_to_criminal"]
    bad = ind.model_copy(update={"trend": TrendModel(seasonality="dummies", phase_in=9)})
    spec2 = spec.model_copy(update={"indicators": {**spec.indicators, "civil_to_criminal": bad}})
    panel = load_study(spec2).panel
    out = fit_trend_models(panel, alpha=0.05, seed=1, robustness=False).get(
        "civil_to_criminal", "its"
    )
    assert out.status == "not_applicable" and out.reason and out.effect is None
    assert "could not estimate" in out.headline()
    assert out.headline("zh") != out.headline("en") and "不适用" in out.headline("zh")
    with pytest.raises(AnalysisError, match="no model for civil_to_criminal"):
        out.plot()
    frame = out.to_frame()
    assert frame["status"].tolist() == ["not_applicable"] and frame["estimate"].isna().all()
    assert {"statistic", "scale"} <= set(frame.columns)


def test_robustness_checks_and_mde(models):
    """Placebo-in-time and sensitivity are attached; an interval with 0 gets an MDE."""
    for o in models.outcomes:
        names = {c.name for c in o.effect.checks}
        assert {"placebo_in_time", "sensitivity"} <= names, o.indicator
        head = o.effect.headline_effect()
        if head.includes_zero:
            assert o.mde_note and "Minimum detectable effect" in o.mde_note
        else:
            assert o.mde_note is None
    assert any(o.mde_note for o in models.outcomes)  # Dadeng has such indicators


def test_headlines_honour_lang(models):
    fraud = models.get("fraud_incidents", "its")
    assert fraud.headline("zh") != fraud.headline("en")
    assert models.headline("zh") != models.headline("en")
    assert fraud.headline("en") in models.headline("en")


def test_plot_draws_the_effect(models):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = models.plot("fraud_incidents", "its")
    assert ax.get_lines()  # observed, fitted and counterfactual
    assert models.get("fraud_incidents").plot() is not None
    plt.close("all")


def test_round_trip(models):
    back = TrendModels.from_dict(models.to_dict())
    assert back == models
    assert isinstance(back.outcomes[0], ModelOutcome)
    assert back.outcomes[0].effect.fitted_model is None
    assert not math.isnan(back.get("fraud_incidents").effect.effect_at(9).relative_estimate)
