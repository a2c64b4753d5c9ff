"""Both demo studies' results.json, byte for byte, against the golden fixtures taken
before the architecture move (tests/golden/*.results.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.report.outputs import results_json

GOLDEN = Path(__file__).resolve().parent / "golden"

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["dadeng", "gaomi"])
def test_results_json_is_golden(name, request):
    res = request.getfixturevalue(f"{name}_results")
    assert results_json(res).encode("utf-8") == (GOLDEN / f"{name}.results.json").read_bytes()
