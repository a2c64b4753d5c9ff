"""Claims on the averaged kinds: a share claim on a ``kind: share`` indicator is checked
against the mean share (not refused as "not a share"), a percentage-point claim on a share
is recomputed in percentage points, a percent claim on a ``measure`` against its relative
change; share and point claims on other kinds say why they cannot be recomputed."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.intake.validate import load_study
from analysis.numbers.claims.recompute import check_claims
from analysis.numbers.indicators import compute_indicators

SPEC = """\
id: claimkinds
title: Claims on averaged kinds
question: Did the share rise?
sources:
  panel: {file: panel.csv, shape: panel, unit: unit, period: quarter}
frequency: quarter
treatment: {units: [A], start: "2020-Q1"}
windows:
  before: {start: "2019-Q1", end: "2019-Q4"}
  after: {start: "2020-Q1", end: "2020-Q4"}
min_pre_periods: 4
indicators:
  insured:
    label: Insured share
    kind: share
    source: panel
    column: insured_pct
    scale: percent
  response:
    label: Average response time
    kind: measure
    source: panel
    column: minutes
claims:
  - {id: S1, text: "The insured share rose to 87%", indicator: insured}
  - {id: S2, text: "The insured share reached 90%", indicator: insured}
  - {id: P1, text: "The insured share rose 5 percentage points", indicator: insured}
  - {id: P2, text: "The insured share rose 3 percentage points", indicator: insured}
  - {id: M1, text: "Average response time fell 12%", indicator: response}
  - {id: M2, text: "Average response time fell 20%", indicator: response}
  - {id: X1, text: "The share of fast responses reached 87%", indicator: response}
  - {id: X2, text: "Response time fell 5 percentage points", indicator: response}
designs: [descriptive]
"""


def _panel() -> pd.DataFrame:
    rows = []
    for u in "AB":
        for y in (2019, 2020):
            for q in range(1, 5):
                wiggle = (-0.5, 0.5, -0.5, 0.5)[q - 1]
                ins = ((82 if y == 2019 else 87) if u == "A" else 80) + wiggle
                mins = ((50 if y == 2019 else 44) if u == "A" else 60) + 2 * wiggle
                rows.append(
                    {"unit": u, "quarter": f"{y}-Q{q}", "insured_pct": ins, "minutes": mins}
                )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    d = tmp_path_factory.mktemp("claimkinds")
    (d / "study.yml").write_text(SPEC, encoding="utf-8")
    _panel().to_csv(d / "panel.csv", index=False)
    study = load_study(d / "study.yml")
    table = compute_indicators(study.panel)
    out = {c.claim_id: c for c in check_claims(study.spec, study.panel, table).checks}
    return out, table


def _hand(col: str, year: int) -> float:
    df = _panel()
    sel = df[(df.unit == "A") & df.quarter.str.startswith(str(year))]
    return float(sel[col].mean())


def test_share_claim_on_a_share_indicator_is_checked_against_the_mean_share(checks):
    out, table = checks
    c = out["S1"]
    assert c.problem == "" and c.verdict.verdict == "consistent"
    assert c.observed == pytest.approx(_hand("insured_pct", 2020) / 100, rel=1e-12)
    ch = table.get("insured", "treated")
    assert (c.observed_low, c.observed_high) == (ch.after_conf_low, ch.after_conf_high)
    assert "mean share at the pilot unit(s)" in c.measure
    assert out["S2"].verdict.verdict == "overstated"


def test_percentage_point_claim_on_a_share_is_recomputed_in_points(checks):
    out, table = checks
    c = out["P1"]
    points = (_hand("insured_pct", 2020) - _hand("insured_pct", 2019)) / 100
    assert c.parsed.kind == "percentage_point_change"
    assert c.observed == pytest.approx(points, rel=1e-9)  # 0.05: five points, not 6.1%
    ch = table.get("insured", "treated")
    assert (c.observed_low, c.observed_high) == (ch.abs_conf_low, ch.abs_conf_high)
    assert c.verdict.verdict == "consistent" and "pp" in c.verdict.reason
    assert "percentage points" in c.measure
    assert out["P2"].verdict.verdict == "understated"


def test_percent_claim_on_a_measure_uses_its_relative_change(checks):
    out, table = checks
    c = out["M1"]
    rel = _hand("minutes", 2020) / _hand("minutes", 2019) - 1
    assert rel == pytest.approx(-0.12)
    assert c.observed == pytest.approx(rel, rel=1e-12)
    assert c.verdict.verdict == "consistent"
    ch = table.get("response", "treated")
    assert c.observed_low == ch.relative_conf_low and c.observed_low < rel < c.observed_high
    assert out["M2"].verdict.verdict == "overstated"


@pytest.mark.parametrize("claim", ["X1", "X2"])
def test_share_and_point_claims_on_a_measure_say_why_not(checks, claim):
    c = checks[0][claim]
    assert c.verdict.verdict == "cannot_check"
    assert "'response' is a measure, not a share" in c.problem
