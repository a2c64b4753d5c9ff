"""Spec keys accepted by the schema but not acted on yet are refused, never ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.intake.pending import _PENDING
from analysis.intake.validate import validate_study

DEMO = Path(__file__).resolve().parents[1] / "data" / "dadeng"


def test_a_pending_key_is_an_error_naming_the_key(tmp_path):
    if not any(key.endswith(".did") for key, _, _ in _PENDING):
        pytest.skip("every key of the schema is implemented")
    dest = tmp_path / "dadeng"
    shutil.copytree(DEMO, dest)
    spec = dest / "study.yml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace(
            "trend: {family: quasipoisson, horizons: [9]}",
            "trend: {family: quasipoisson, horizons: [9]}\n    did: {se: cluster}",
        ),
        encoding="utf-8",
    )
    report = validate_study(spec)
    errors = [i for i in report.issues if i.code == "spec.not_implemented"]
    assert [i.column for i in errors] == ["indicators.fraud_incidents.did"]
    assert "not implemented" in errors[0].message
