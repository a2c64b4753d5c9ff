"""The import contract and size limits of ``analysis/``, checked on the source with ``ast``.

Layers (ARCHITECTURE.md): face -> report, numbers, intake, results, core; report ->
narrative, pictures, results, core; narrative -> results, core; pictures -> narrative,
results, core; numbers -> intake, results, core; intake -> core; results -> core; core -> nothing;
simulate -> numbers, intake, results, core. A result's ``plot()``/``headline()`` may import
pictures/narrative lazily (inside the method). No private name (``_x``) is imported across
modules; a package ``_internals`` may be imported only from within its own layer.
No module over 800 lines, no function over 120 lines. ARCHITECTURE.md's module table lists
exactly the modules in the tree.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "analysis"

ALLOWED: dict[str, set[str]] = {
    "face": {"face", "report", "numbers", "intake", "results", "core"},
    "report": {"report", "narrative", "pictures", "results", "core"},
    "narrative": {"narrative", "results", "core"},
    "pictures": {"pictures", "narrative", "results", "core"},
    "numbers": {"numbers", "intake", "results", "core"},
    "intake": {"intake", "core"},
    "results": {"results", "core"},
    "core": {"core"},
    "simulate": {"simulate", "numbers", "intake", "results", "core"},
}
# imports allowed only inside a function (a result delegating its drawing and wording)
LAZY_ALLOWED: dict[str, set[str]] = {"results": {"narrative", "pictures"}}
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 120


@dataclass(frozen=True)
class Import:
    file: Path
    line: int
    module: str  # absolute dotted module imported from
    names: tuple[str, ...]  # names imported (empty for ``import x``)
    lazy: bool  # inside a function


def _modules() -> list[Path]:
    return sorted(PKG.rglob("*.py"))


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PKG).parts
    return parts[0] if len(parts) > 1 else None


@functools.cache
def _parsed(path: Path) -> tuple[str, ast.Module]:
    src = path.read_text(encoding="utf-8")
    return src, ast.parse(src)


def _imports(path: Path) -> list[Import]:
    tree = _parsed(path)[1]
    lazy_ids = {
        id(sub)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for sub in ast.walk(fn)
        if isinstance(sub, ast.Import | ast.ImportFrom)
    }
    here = _dotted(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names = tuple(a.name for a in node.names)
            out.append(Import(path, node.lineno, module, names, id(node) in lazy_ids))
        elif isinstance(node, ast.Import):
            for a in node.names:
                out.append(Import(path, node.lineno, a.name, (), id(node) in lazy_ids))
    return [i for i in out if i.module == "analysis" or i.module.startswith("analysis.")]


def _where(i: Import) -> str:
    return f"{i.file.relative_to(ROOT)}:{i.line}"


def _layer_violations(layer_filter: str | None = None) -> list[str]:
    bad = []
    for path in _modules():
        layer = _layer(path)
        if layer is None or (layer_filter and layer != layer_filter):
            continue
        for i in _imports(path):
            parts = i.module.split(".")
            if len(parts) < 2:
                bad.append(f"{_where(i)} {layer} imports the package root")
                continue
            target = parts[1]
            if target in ALLOWED.get(layer, set()):
                continue
            if i.lazy and target in LAZY_ALLOWED.get(layer, set()):
                continue
            how = "lazily " if i.lazy else ""
            bad.append(f"{_where(i)} {layer} {how}imports {i.module}")
    return bad


def test_core_imports_nothing_from_the_package():
    assert _layer_violations("core") == []


def test_intake_imports_only_core():
    assert _layer_violations("intake") == []


def test_simulate_respects_layers():
    assert _layer_violations("simulate") == []


def test_import_layers():
    bad = _layer_violations()
    assert bad == [], "\n".join(bad)


def _private_violations() -> list[str]:
    bad = []
    for path in _modules():
        here = _dotted(path)
        for i in _imports(path):
            for name in i.names:
                if name.startswith("_") and not name.startswith("__"):
                    bad.append(f"{_where(i)} imports private {i.module}.{name}")
            parts = i.module.split(".")
            for part in parts:
                if not part.startswith("_") or part.startswith("__"):
                    continue
                layer = ".".join(parts[:2])  # an _internals package serves its own layer
                inside = here == layer or here.startswith(layer + ".")
                if part != "_internals" or not inside:
                    bad.append(f"{_where(i)} imports private module {i.module}")
                break
    return bad


def test_no_private_name_imported_across_modules():
    bad = _private_violations()
    assert bad == [], "\n".join(bad)


def _size_violations() -> tuple[list[str], list[str]]:
    modules, functions = [], []
    for path in _modules():
        src, tree = _parsed(path)
        rel = path.relative_to(ROOT)
        n = len(src.splitlines())
        if n > MAX_MODULE_LINES:
            modules.append(f"{rel}: {n} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if length > MAX_FUNCTION_LINES:
                    functions.append(f"{rel}:{node.lineno} {node.name}: {length} lines")
    return modules, functions


def test_no_module_over_800_lines():
    bad = _size_violations()[0]
    assert bad == [], "\n".join(bad)


def test_no_function_over_120_lines():
    bad = _size_violations()[1]
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("layer", ["core", "intake", "simulate"])
def test_sizes_in_finished_layers(layer):
    modules, functions = _size_violations()
    bad = [b for b in modules + functions if b.startswith(f"analysis/{layer}/")]
    assert bad == [], "\n".join(bad)


def _is_trivial_init(path: Path) -> bool:
    """A package marker: nothing but a docstring."""
    body = _parsed(path)[1].body
    return all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body)


def _table_modules() -> set[str]:
    """Module paths (relative to analysis/) named in ARCHITECTURE.md's module table."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Modules", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        first = line.split("|")[1]
        listed |= set(re.findall(r"`([^`]+\.py)`", first))
    return listed


def _tree_modules() -> set[str]:
    return {
        str(p.relative_to(PKG))
        for p in _modules()
        if not (p.name == "__init__.py" and _is_trivial_init(p))
    }


def test_architecture_table_lists_exactly_the_modules():
    listed, tree = _table_modules(), _tree_modules()
    assert sorted(tree - listed) == [], "modules missing from ARCHITECTURE.md's table"
    assert sorted(listed - tree) == [], "ARCHITECTURE.md lists modules that do not exist"


def test_the_checker_sees_a_violation(tmp_path, monkeypatch):
    """The contract test itself: a core module importing the report layer is caught."""
    fake = tmp_path / "analysis" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text(
        "from analysis.report.html import esc\nfrom analysis.core.x import _private\n"
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PKG", tmp_path / "analysis")
    assert _layer_violations("core") == ["analysis/core/bad.py:1 core imports analysis.report.html"]
    assert _private_violations() == [
        "analysis/core/bad.py:2 imports private analysis.core.x._private"
    ]


# -- the public API (analysis/__init__.py) ------------------------------------------

PENDING_API: dict[str, str] = {}  # name -> reason, while a module of the API is being written


def _api_params():
    import analysis

    for name in analysis.__all__:
        marks = [pytest.mark.xfail(strict=False, reason=r)] if (r := PENDING_API.get(name)) else []
        yield pytest.param(name, marks=marks, id=name)


def _where_defined(name: str) -> list[str]:
    """Modules defining ``name`` at top level (to say where a moved name went)."""
    found = []
    for path in _modules():
        for node in _parsed(path)[1].body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
                found.append(_dotted(path))
    return found


@pytest.mark.parametrize("name", list(_api_params()))
def test_public_name_resolves(name):
    import importlib

    import analysis

    module = analysis._API[name]
    assert module in _where_defined(name), f"{name} is defined in {_where_defined(name)}"
    obj = getattr(analysis, name)
    assert obj is getattr(importlib.import_module(module), name)
    assert callable(obj)


def test_public_api_all_and_dir():
    import analysis

    assert analysis.__all__ == sorted(analysis._API)
    assert set(analysis.__all__) <= set(dir(analysis))
    with pytest.raises(AttributeError, match="no_such_thing"):
        analysis.no_such_thing  # noqa: B018


def test_import_analysis_is_light():
    """``import analysis`` loads no numerical library: the API resolves on first use."""
    import subprocess
    import sys

    heavy = ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "pydantic")
    code = f"import sys, analysis; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def _delegation_violations() -> list[str]:
    """``plot``/``headline`` of a result class: lazy imports and one statement (the call
    that delegates to pictures or narrative, or a raise for results without a figure)."""
    bad = []
    for path in sorted((PKG / "results").glob("*.py")):
        for cls in _parsed(path)[1].body:
            if not isinstance(cls, ast.ClassDef):
                continue
            for fn in cls.body:
                if not isinstance(fn, ast.FunctionDef) or fn.name not in ("plot", "headline"):
                    continue
                body = fn.body
                if (
                    body
                    and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant)
                ):
                    body = body[1:]  # the docstring
                work = [st for st in body if not isinstance(st, ast.Import | ast.ImportFrom)]
                if len(work) > 1:
                    rel = path.relative_to(ROOT)
                    bad.append(f"{rel}:{fn.lineno} {cls.name}.{fn.name}: {len(work)} statements")
    return bad


def test_results_delegate_drawing_and_wording_in_one_call():
    bad = _delegation_violations()
    assert bad == [], "\n".join(bad)
