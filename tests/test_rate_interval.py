"""`indicators.<id>.ratio_interval`: the interval of the before/after rate ratio (exact
conditional by default, Wald on the log scale, mid-p) on the Boice & Monson (1977) counts
(41 / 28,010 vs 15 / 19,017 woman-years; ../shared/validation/rate_ratio, typed in here).
Reference values: Wald 1.0272–3.3526 (Episheet prints 1.03–3.35), exact 1.0057–3.6093,
mid-p 1.0411–3.4494 (the case's README), and statsmodels for the Wald interval."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.rates import confint_poisson_2indep

from analysis.core.errors import SpecError
from analysis.intake.spec import load_spec
from analysis.intake.validate import load_study
from analysis.numbers.indicators import compute_indicators, indicator_change

SPEC = """\
id: rr
title: Rate ratio
question: Is the rate higher after?
sources:
  cohort: {{file: cohort.csv, shape: panel, unit_name: women, period: group,
            period_values: {{unexposed: "2000", exposed: "2001"}}}}
frequency: year
treatment: {{units: [women], start: "2001"}}
windows:
  before: {{start: "2000", end: "2000"}}
  after: {{start: "2001", end: "2001"}}
min_pre_periods: 1
indicators:
  cancer:
    label: Breast cancer per 100,000 woman-years
    kind: rate
    source: cohort
    column: cases
    exposure: person_years
    per: 100000
{extra}designs: [descriptive]
"""
CSV = "group,cases,person_years\nexposed,41,28010\nunexposed,15,19017\n"

# (method, low, high, label): the case README's 4-d.p. figures
REFERENCE = [
    (None, 1.0057, 3.6093, "exact conditional (Clopper–Pearson)"),
    ("exact", 1.0057, 3.6093, "exact conditional (Clopper–Pearson)"),
    ("wald", 1.0272, 3.3526, "Wald (log scale)"),
    ("midp", 1.0411, 3.4494, "mid-p exact conditional"),
]


def _study(tmp_path, extra: str = ""):
    (tmp_path / "study.yml").write_text(SPEC.format(extra=extra), encoding="utf-8")
    (tmp_path / "cohort.csv").write_text(CSV, encoding="utf-8")
    return load_study(tmp_path / "study.yml")


@pytest.mark.parametrize(("method", "low", "high", "label"), REFERENCE)
def test_ratio_interval_key_chooses_the_method(tmp_path, method, low, high, label):
    extra = f"    ratio_interval: {method}\n" if method else ""
    c = compute_indicators(_study(tmp_path, extra).panel).get("cancer", "treated")
    assert c.fold_change == pytest.approx((41 / 28010) / (15 / 19017), rel=1e-12)
    assert 1 + c.relative_conf_low == pytest.approx(low, abs=0.00005)
    assert 1 + c.relative_conf_high == pytest.approx(high, abs=0.00005)
    assert c.ci_method == label
    # the report's words and results.json carry the method with each change
    assert c.to_dict()["ci_method"] == label


def test_wald_matches_statsmodels_and_the_formula(tmp_path):
    study = _study(tmp_path, "    ratio_interval: wald\n")
    c = indicator_change(study.panel, "cancer")
    lo, hi = confint_poisson_2indep(41, 28010, 15, 19017, method="wald-log", compare="ratio")
    assert 1 + c.relative_conf_low == pytest.approx(lo, rel=1e-12)
    assert 1 + c.relative_conf_high == pytest.approx(hi, rel=1e-12)
    se = math.sqrt(1 / 41 + 1 / 15)
    irr = (41 / 28010) / (15 / 19017)
    assert 1 + c.relative_conf_high == pytest.approx(irr * math.exp(1.959963984540054 * se))
    # Episheet's printed interval, 1.03–3.35
    assert round(1 + c.relative_conf_low, 2) == 1.03 and round(1 + c.relative_conf_high, 2) == 3.35
    # the rate difference keeps its Wald interval (7.49–127.51 per 100,000)
    assert c.abs_conf_low == pytest.approx(7.49, abs=0.005)
    assert c.abs_conf_high == pytest.approx(127.51, abs=0.005)


def test_ratio_interval_refused_where_there_is_no_poisson_ratio(tmp_path):
    spec = SPEC.format(extra="    ratio_interval: wald\n").replace(
        "    exposure: person_years\n    per: 100000\n", ""
    )
    (tmp_path / "study.yml").write_text(spec, encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(tmp_path / "study.yml")
    text = str(err.value)
    assert "ratio_interval" in text and "ready-made rate" in text


def test_ratio_interval_value_checked(tmp_path):
    (tmp_path / "study.yml").write_text(
        SPEC.format(extra="    ratio_interval: score\n"), encoding="utf-8"
    )
    with pytest.raises(SpecError) as err:
        load_spec(tmp_path / "study.yml")
    assert "ratio_interval" in str(err.value) and "wald" in str(err.value)
