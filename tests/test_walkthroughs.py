"""The walkthrough notebooks (one per design family) run under papermill on the demo data,
and stay short lessons on the public API."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WALKTHROUGHS = sorted((ROOT / "notebooks").glob("walkthrough_*.py"))
FAMILIES = {"its_sts", "did_synth", "staggered", "claims"}


def test_one_walkthrough_per_design_family():
    assert {p.stem.removeprefix("walkthrough_") for p in WALKTHROUGHS} == FAMILIES


@pytest.mark.parametrize("source", WALKTHROUGHS, ids=lambda p: p.stem)
def test_walkthrough_uses_only_the_public_api(source):
    """``import analysis as pe`` and nothing deeper: a walkthrough teaches the public API."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    deep = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
            deep.append(ast.unparse(node))
        elif isinstance(node, ast.Import):
            deep += [a.name for a in node.names if a.name.startswith("analysis.")]
    assert deep == []
    assert "import analysis as pe" in source.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("source", WALKTHROUGHS, ids=lambda p: p.stem)
def test_walkthrough_runs_under_papermill(source, tmp_path, monkeypatch):
    import jupytext
    import nbformat
    import papermill as pm

    nb = jupytext.read(source)
    for cell in nb.cells:  # papermill looks the tags up without a default
        cell.metadata.setdefault("tags", [])
    src = tmp_path / f"{source.stem}.ipynb"
    nbformat.write(nb, src)
    out = tmp_path / f"{source.stem}.out.ipynb"
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    if "PYTHONPATH" not in os.environ:
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pm.execute_notebook(
        str(src),
        str(out),
        kernel_name="python3",
        cwd=str(ROOT),
        progress_bar=False,
        log_output=False,
    )
    executed = nbformat.read(out, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = [o for o in outputs if o.get("output_type") in ("execute_result", "display_data")]
    assert any("text/html" in o.get("data", {}) for o in shown), "no result object is shown"
