"""Shared fixtures: a tiny, valid study written to a temporary folder.

``make_study(tmp_path, ...)`` writes ``study.yml`` plus a panel CSV (1 treated
+ 3 comparison units, monthly 2019-01..2021-10, a count column and a
proportion numerator/denominator), an events CSV and a facts CSV, and returns
the path of ``study.yml``. Tests break one thing at a time through
``spec_overrides`` (deep-merged; the value ``DELETE`` removes a key) and the
``*_mutator`` callables, which receive the rows as a list of ``dict[str, str]``
(list index ``i`` is file row ``i + 2``; the header is row 1) and return the
rows to write.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
import pytest
import yaml

matplotlib.use("Agg")

DELETE = "__delete__"

TREATED = "Northgate"
COMPARISON = ("Eastfield", "Southbank", "Westmoor")
UNITS = (TREATED, *COMPARISON)
MONTHS = [str(p) for p in pd.period_range("2019-01", "2021-10", freq="M")]  # 34 months


def index_of(unit: str, month: str) -> int:
    """List index of a unit-month in ``base_panel_rows()`` (file row = index + 2)."""
    return UNITS.index(unit) * len(MONTHS) + MONTHS.index(month)


def file_row(unit: str, month: str) -> int:
    """1-based file row of a unit-month in the panel CSV (the header is row 1)."""
    return index_of(unit, month) + 2


Rows = list[dict[str, str]]
Mutator = Callable[[Rows], Rows]


def base_spec() -> dict[str, Any]:
    return {
        "id": "tiny",
        "title": {"en": "Tiny pilot", "zh": "小试点"},
        "question": "Did the pilot reduce incidents?",
        "sources": {
            "stations": {"file": "panel.csv", "unit": "unit", "period": "month"},
            "cases": {
                "file": "events.csv",
                "shape": "events",
                "unit": "unit",
                "date": "date",
                "category": "category",
            },
            "register": {"file": "facts.csv", "shape": "facts"},
        },
        "frequency": "month",
        "treatment": {
            "units": [TREATED],
            "start": "2020-07",
            "milestones": [{"id": "launch", "date": "2020-07", "label": "Launch"}],
        },
        "comparison": {"units": "all_untreated"},
        "indicators": {
            "incidents": {
                "label": "Incidents",
                "kind": "count",
                "source": "stations",
                "column": "incidents",
                "direction": "decrease",
            },
            "resolved_share": {
                "label": "Share resolved",
                "kind": "proportion",
                "source": "stations",
                "numerator": "resolved",
                "denominator": "cases",
            },
            "thefts": {
                "label": "Thefts",
                "kind": "count",
                "source": "cases",
                "categories": ["theft"],
            },
            "staff": {"label": "Staff", "kind": "stock", "source": "register", "column": "staff"},
        },
        "windows": {
            "before": {"start": "2019-07", "end": "2020-06"},
            "after": {"start": "2020-07", "end": "2021-06"},
        },
        "min_pre_periods": 12,
        "claims": [
            {"id": "c1", "text": "Incidents fell 20% year on year", "indicator": "incidents"},
        ],
    }


def base_panel_rows() -> Rows:
    rows: Rows = []
    for ui, unit in enumerate(UNITS):
        for mi, month in enumerate(MONTHS):
            cases = 40 + 3 * ui + (mi % 5)
            rows.append(
                {
                    "unit": unit,
                    "month": month,
                    "incidents": str(20 + 2 * ui + (mi * 7) % 9),
                    "resolved": str(cases - 10 - (mi % 3)),
                    "cases": str(cases),
                }
            )
    return rows


def base_event_rows() -> Rows:
    rows: Rows = []
    cats = ("theft", "fraud", "assault")
    for ui, unit in enumerate(UNITS):
        for mi, month in enumerate(MONTHS):
            if (mi + ui) % 4 == 0:
                continue  # months without events are zero counts, not gaps
            rows.append(
                {
                    "unit": unit,
                    "date": f"{month}-{1 + (mi + ui) % 27:02d}",
                    "category": cats[(mi + ui) % 3],
                }
            )
    return rows


def base_fact_rows() -> Rows:
    return [{"item": "staff", "value": "120"}, {"item": "budget", "value": "3,500,000"}]


def deep_merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if value == DELETE:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def write_rows(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    """Write rows as CSV (any encoding), .xlsx or .parquet, chosen by the suffix."""
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif suffix == ".parquet":
        frame.astype("string").to_parquet(path, index=False)
    else:
        text = frame.to_csv(index=False, lineterminator="\n")
        path.write_bytes(text.encode(encoding))
    return path


def write_study(
    folder: Path,
    spec_overrides: dict[str, Any] | None = None,
    rows_mutator: Mutator | None = None,
    events_mutator: Mutator | None = None,
    facts_mutator: Mutator | None = None,
    panel_file: str = "panel.csv",
    encoding: str = "utf-8",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    spec = base_spec()
    spec["sources"]["stations"]["file"] = panel_file
    spec = deep_merge(spec, spec_overrides or {})
    panel = base_panel_rows()
    events = base_event_rows()
    facts = base_fact_rows()
    write_rows(folder / panel_file, rows_mutator(panel) if rows_mutator else panel, encoding)
    write_rows(folder / "events.csv", events_mutator(events) if events_mutator else events)
    write_rows(folder / "facts.csv", facts_mutator(facts) if facts_mutator else facts)
    path = folder / "study.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def make_study() -> Callable[..., Path]:
    """Factory: ``make_study(tmp_path, spec_overrides=..., rows_mutator=...) -> study.yml``."""
    return write_study


# -- demo studies, computed once per test session ---------------------------------------
ROOT = Path(__file__).resolve().parents[1]


def _demo_results(name: str):
    """As the pipeline runs it: spec path relative to the project root, which is the
    working directory (validation messages quote data files by that path)."""
    import contextlib

    from analysis.intake.validate import load_study
    from analysis.numbers.study import run_analysis

    with contextlib.chdir(ROOT):
        return run_analysis(load_study(f"data/{name}/study.yml"))


def _once_per_run(tmp_path_factory, name: str, build: Callable[[], Any]) -> Any:
    """``build()`` once per test run, shared by every pytest-xdist worker.

    A session fixture is otherwise computed once per worker. The first worker to ask
    builds the value under an exclusive lock in the run's shared temporary folder and
    pickles it there; the others wait for the lock and load it. Without workers the value
    is simply built."""
    import fcntl
    import os
    import pickle

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build()
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, all workers
    stored = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        value = build()
        stored.write_bytes(pickle.dumps(value))
        return value


def _all_once_per_run(tmp_path_factory, builders: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Every value of ``builders`` as :func:`_once_per_run` gives it, the workers sharing
    the building: each first builds (or loads) the values no other worker is building at
    that moment, and only then waits for the rest. Two workers asking at once build one
    each instead of one building both while the other waits."""
    import fcntl
    import os
    import pickle

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return {name: build() for name, build in builders.items()}
    shared = tmp_path_factory.getbasetemp().parent
    values: dict[str, Any] = {}
    for name, build in builders.items():
        with open(shared / f"{name}.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # another worker is building it: wait for it below
            stored = shared / f"{name}.pickle"
            if stored.exists():
                values[name] = pickle.loads(stored.read_bytes())
            else:
                values[name] = build()
                stored.write_bytes(pickle.dumps(values[name]))
    for name, build in builders.items():
        if name not in values:
            values[name] = _once_per_run(tmp_path_factory, name, build)
    return values


@pytest.fixture(scope="session")
def demo_results(tmp_path_factory) -> dict[str, Any]:
    """``run_analysis`` of both demo studies, computed once per run (every test that needs
    one needs the other too)."""
    return _all_once_per_run(
        tmp_path_factory,
        {
            "dadeng_results": lambda: _demo_results("dadeng"),
            "gaomi_results": lambda: _demo_results("gaomi"),
        },
    )


@pytest.fixture(scope="session")
def dadeng_results(demo_results):
    """``run_analysis`` of the Dadeng demo study (one pilot unit), computed once per run."""
    return demo_results["dadeng_results"]


@pytest.fixture(scope="session")
def gaomi_results(demo_results):
    """``run_analysis`` of the Gaomi demo study (staggered roll-out), computed once per run."""
    return demo_results["gaomi_results"]


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory) -> Path:
    """Both demo studies run once per test run through the pipeline (papermill, nbconvert;
    two at a time) from private copies into one reports folder, with the index written.
    Tests only read it, so the workers share one folder."""
    return _once_per_run(
        tmp_path_factory, "demo_reports", lambda: _build_demo_reports(tmp_path_factory)
    )


def _build_demo_reports(tmp_path_factory) -> Path:
    import shutil

    from browser_support import render_studies

    from analysis.face.index import write_index

    studies = tmp_path_factory.mktemp("demo_studies")
    reports = tmp_path_factory.mktemp("demo_reports")
    specs = []
    for name in ("dadeng", "gaomi"):
        shutil.copytree(ROOT / "data" / name, studies / name)
        specs.append(studies / name / "study.yml")
    failed = [(s, err) for s, ok, err in render_studies(specs, reports) if not ok]
    assert not failed, failed
    write_index(reports)
    return reports


@pytest.fixture
def tiny_study(tmp_path) -> Path:
    """The tiny valid study of :func:`write_study` in ``tmp_path``; returns study.yml."""
    return write_study(tmp_path / "tiny")
