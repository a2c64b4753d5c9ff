"""Spec keys accepted by the schema but not acted on yet are refused, never ignored
(analysis/intake/pending.py; every key of issue 11's schema is implemented now, so the
mechanism is checked with a stand-in entry)."""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis.intake import pending
from analysis.intake.validate import validate_study

DEMO = Path(__file__).resolve().parents[1] / "data" / "dadeng"


def test_nothing_is_pending():
    assert pending._PENDING == []


def test_a_pending_key_is_an_error_naming_the_key(tmp_path, monkeypatch):
    monkeypatch.setattr(
        pending,
        "_PENDING",
        [("indicators.<id>.trend.pulse", "trend", lambda t: t.pulse is not None)],
    )
    dest = tmp_path / "dadeng"
    shutil.copytree(DEMO, dest)
    spec = dest / "study.yml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace(
            "trend: {family: quasipoisson, horizons: [9]}",
            "trend: {family: quasipoisson, horizons: [9], pulse: 3}",
        ),
        encoding="utf-8",
    )
    report = validate_study(spec)
    errors = [i for i in report.issues if i.code == "spec.not_implemented"]
    assert [i.column for i in errors] == ["indicators.fraud_incidents.trend.pulse"]
    assert "not implemented" in errors[0].message
