"""Project promises: thin notebooks, dependency files in step, documented spec keys."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))


def _sync_module():
    spec = importlib.util.spec_from_file_location(
        "sync_environment", ROOT / "scripts" / "sync_environment.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    """No def, class or loop in a notebook; one typed, commented parameters cell."""
    nb = jupytext.read(path)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    for line in params[0].source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert re.match(r"^\w+: (str|int|float|bool) = .+  # \S", line), line
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        banned = (
            ast.FunctionDef,
            ast.AsyncFunctionDef,
            ast.ClassDef,
            ast.For,
            ast.While,
            ast.AsyncFor,
            ast.ListComp,
            ast.DictComp,
            ast.SetComp,
            ast.GeneratorExp,
            ast.Lambda,
        )
        for node in ast.walk(tree):
            assert not isinstance(node, banned), f"{type(node).__name__} in notebook cell"
        assert len(tree.body) <= 5 or cell is params[0], "a notebook cell does one thing"


def test_no_ipynb_committed_with_outputs():
    assert not list((ROOT / "notebooks").glob("*.ipynb")) or all(
        '"outputs": []' in p.read_text() or '"outputs"' not in p.read_text()
        for p in (ROOT / "notebooks").glob("*.ipynb")
    )


def test_environment_yml_in_step_with_pyproject():
    mod = _sync_module()
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == mod.render(), (
        "environment.yml is out of date: run `make environment`"
    )


def test_every_direct_dependency_is_locked():
    mod = _sync_module()
    locked = mod.locked_versions()
    missing = [d for d in mod.direct_dependencies() if d not in locked]
    assert not missing, f"not in requirements.lock: {missing} (run `make lock`)"


def test_every_spec_key_is_documented():
    from analysis.intake.spec_keys import spec_keys_table

    doc = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    undocumented = [
        key for key, _, _ in spec_keys_table() if f"`{key.rsplit('.', 1)[-1]}`" not in doc
    ]
    assert not undocumented, undocumented


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_makefile_help_lists_every_target():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):", make, flags=re.M)
    documented = re.findall(r"^([a-z][a-z-]*):.*## ", make, flags=re.M)
    assert set(targets) == set(documented)
