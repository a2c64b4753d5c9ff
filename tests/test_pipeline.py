"""End to end: the real notebook through papermill, and publishing rules.

The demo reports come from the session fixture ``demo_reports`` (both demos run once);
failed-run, stale and verify tests run the tiny study of ``conftest.write_study``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core.errors import PilotEvalError
from analysis.face import pipeline
from analysis.face.index import write_index

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "dadeng"
# Any attribute or CSS reference that would make the browser fetch something.
EXTERNAL_REF = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""",
    re.IGNORECASE,
)

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture(scope="module")
def study_copy(tmp_path_factory) -> Path:
    """A private copy of the Dadeng demo study (tests must not touch data/)."""
    dest = tmp_path_factory.mktemp("studies") / "dadeng"
    shutil.copytree(DEMO, dest)
    return dest / "study.yml"


@pytest.fixture(scope="module")
def published(demo_reports):
    return demo_reports


def _run(spec, reports, **kw):
    return pipeline.run_study(spec, reports, progress=False, log=lambda *_: None, **kw)


def test_report_files_and_manifest(published):
    reports = published
    out = reports / "dadeng"
    for name in (
        "index.html",
        "results.json",
        "manifest.json",
        "indicators.csv",
        "notebooks/study_report.ipynb",
    ):
        assert (out / name).exists(), name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["inputs"]["spec"]["sha256"])
    assert all(re.fullmatch(r"[0-9a-f]{64}", d["sha256"]) for d in manifest["inputs"]["data"])
    assert manifest["packages"]["statsmodels"] and manifest["packages"]["papermill"]
    assert manifest["seed"] == 20210101 or isinstance(manifest["seed"], int)
    assert manifest["started"] <= manifest["finished"]
    assert "commit" in manifest["git"] and "dirty" in manifest["git"]
    assert manifest["rerun"].startswith("pilot-eval run ")
    assert all(s["rows"] > 0 for s in manifest["sources"])


def test_html_shows_computed_headline_and_is_offline(published):
    reports = published
    out = reports / "dadeng"
    html = (out / "index.html").read_text(encoding="utf-8")
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["headlines"], "the run produced no headline"
    # every headline sentence computed by the library appears in the page (escaped)
    from markupsafe import escape as esc

    # (language: both — the English sentences on index.html, the Chinese on index.zh.html)
    zh_html = (out / "index.zh.html").read_text(encoding="utf-8")
    for sentence in results["headlines"] + results["model_headlines"]:
        assert esc(sentence) in (zh_html if re.search(r"[\u4e00-\u9fff]", sentence) else html)
    # the fraud year-on-year figure (−22% ± 1 point, the article's claim) is in the page
    pct = re.findall(r"[−-]2[12]\.\d%", html)
    assert pct, "fraud year-on-year change not shown"
    assert "3.16×" in html  # registration fold change 12,000 / 3,800
    # the ITS effect at month 9 (Sep 2021) is shown beside the naive change
    fraud = next(
        o
        for o in results["trend_models"]["outcomes"]
        if o["indicator"] == "fraud_incidents" and o["design"] == "its"
    )
    e9 = next(e for e in fraud["effect"]["effects"] if e["horizon"] == 9)
    assert f"{e9['relative_estimate'] * 100:+.1f}%".replace("-", "−") in html
    assert "Naive before/after" in html
    # comparison designs: the triangulation table with each design's fraud estimate
    rows = {r["design"]: r for r in results["triangulation"]["fraud_incidents"]["rows"]}
    assert {
        "naive",
        "difference-in-differences",
        "synthetic control",
        "interrupted time series",
    } <= set(rows)
    assert "Triangulation" in html and "smallest attainable" in html
    did = rows["difference-in-differences"]["estimate"]
    assert f"{did * 100:+.1f}%".replace("-", "−") in html
    assert not EXTERNAL_REF.search(html), EXTERNAL_REF.search(html).group(0)
    # one script only: the print helper opening folded sections, allowed by its hash
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I)
    assert len(scripts) == 1 and "beforeprint" in scripts[0], scripts
    assert html.lower().count("<script") == 1
    # the report's own markup is never escaped twice (shown as text)
    twice = re.findall(r"&lt;/?(?:p|div|table|tr|td|figure|h[1-6]|ul|li|details)\b", html)
    assert not twice, twice[:5]
    assert "Content-Security-Policy" in html
    # code is hidden
    assert "run_analysis(" not in html and "results.show(" not in html
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "dadeng/index.html" in index and not EXTERNAL_REF.search(index)


def _without_paths(results: dict) -> dict:
    """results.json with the input files named by checksum and file name only (the demo
    reports are built from private copies, outside the project root)."""
    out = dict(results)
    inputs = out.pop("inputs")
    out["input_sha256"] = [inputs["spec"]["sha256"], *(d["sha256"] for d in inputs["data"])]
    out["validation"] = json.loads(
        re.sub(r'"file": "[^"]*/([^"/]+)"', r'"file": "\1"', json.dumps(results["validation"]))
    )
    return out


def test_same_inputs_same_results(published):
    """The notebook run gives the golden results.json (taken before the architecture move;
    tests/test_golden.py checks run_analysis byte for byte): same values, same checksums
    of the inputs, only the copies' paths differ."""
    reports = published
    for study in ("dadeng", "gaomi"):
        golden = json.loads((ROOT / "tests" / "golden" / f"{study}.results.json").read_bytes())
        built = json.loads((reports / study / "results.json").read_bytes())
        assert _without_paths(built) == _without_paths(golden), study


def test_failed_run_keeps_previous_report(tiny_study, tmp_path):
    """A cell error fails the run; the good report stays; the failure is recorded and indexed."""
    reports = tmp_path / "reports"
    ok = _run(tiny_study, reports)
    assert ok.ok, ok.error
    good = (reports / "tiny" / "index.html").read_bytes()
    bad = _run(tiny_study, reports, parameters={"language": "klingon"})
    assert not bad.ok
    assert "language" in bad.error
    assert (reports / "tiny" / "index.html").read_bytes() == good
    fail = reports / "_failures" / "tiny"
    record = json.loads((fail / "failure.json").read_text(encoding="utf-8"))
    assert record["status"] == "failed" and record["stage"] == "notebook"
    assert (fail / "notebooks" / "study_report.ipynb").exists()
    write_index(reports)
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "previous good one" in index
    assert not list(reports.glob(".build-*")), "build folder left behind"
    # a later good run clears the failure record
    again = _run(tiny_study, reports)
    assert again.ok and not fail.exists()


def test_invalid_data_fails_before_any_kernel(make_study, tmp_path):
    broken = make_study(tmp_path / "study", {"treatment": {"units": ["Northgat"]}})
    outcome = _run(broken, tmp_path / "reports")
    assert not outcome.ok
    assert "Northgat" in outcome.error and "did you mean 'Northgate'" in outcome.error
    assert not (tmp_path / "reports" / "tiny").exists()
    rec = json.loads((tmp_path / "reports" / "_failures" / "tiny" / "failure.json").read_text())
    assert rec["stage"] == "validation" and rec["issues"]


def test_stale_when_data_change(tiny_study, tmp_path):
    reports = tmp_path / "r"
    assert _run(tiny_study, reports).ok
    write_index(reports)
    assert "pe-badge ok" in (reports / "index.html").read_text(encoding="utf-8")
    csv = tiny_study.parent / "panel.csv"
    csv.write_bytes(csv.read_bytes() + b"\n")
    write_index(reports)
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "pe-badge stale" in page and "changed since this report was built" in page


def test_unknown_parameter_is_refused():
    step = pipeline.STEPS[0]
    with pytest.raises(PilotEvalError, match=r"unknown notebook parameter.*colour"):
        pipeline.check_parameters(step, {"spec_path": "x", "colour": "red"})
    assert pipeline.check_parameters(step, {"alpha": "0.1", "seed": "7"}) == {
        "alpha": 0.1,
        "seed": 7,
    }
    with pytest.raises(PilotEvalError, match="must be int"):
        pipeline.check_parameters(step, {"seed": "seven"})


def test_cli_validate_broken_copy_lists_everything_without_traceback(study_copy, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(study_copy.parent, broken)
    panel = next(p for p in broken.glob("*.csv") if "monthly" in p.name)
    lines = panel.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    lines[3] = lines[2]  # duplicate unit-period row (file row 4 repeats row 3)
    cells = lines[5].split(",")
    cells[1] = "2020-13"  # unparseable period on file row 6
    lines[5] = ",".join(cells)
    cells = lines[7].split(",")
    cells[-1] = "-4"  # negative value on file row 8
    lines[7] = ",".join(cells)
    panel.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "analysis.face.cli", "validate", str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    out = res.stdout + res.stderr
    assert res.returncode != 0
    assert "Traceback" not in out
    assert "row.duplicate" in out and "period.unparseable" in out and "value.negative" in out
    assert panel.name in out and f"column '{header[-1]}'" in out
    assert re.search(r"rows? [0-9]", out)


def test_cli_run_bad_parameter_exits_nonzero_without_traceback(study_copy, tmp_path):
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis.face.cli",
            "run",
            str(study_copy),
            "--reports",
            str(tmp_path),
            "-p",
            "colour=red",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert res.returncode != 0
    assert "Traceback" not in res.stdout + res.stderr
    assert "unknown notebook parameter" in res.stdout + res.stderr


def test_verify_reruns_and_compares_results(tiny_study, tmp_path):
    """`pilot-eval verify` re-runs the study with the manifest's parameters: on a copy
    of the report whose results.json was tampered with, the only difference it reports is
    the tampered value (so the re-run reproduced everything else byte for byte)."""
    reports = tmp_path / "reports"
    assert _run(tiny_study, reports).ok
    copy = tmp_path / "copy" / "tiny"
    shutil.copytree(reports / "tiny", copy)
    results = json.loads((copy / "results.json").read_text(encoding="utf-8"))
    results["parameters"]["alpha"] = 0.1
    (copy / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    out = pipeline.verify_report(copy, log=lambda *_: None)
    assert out.study == "tiny" and not out.changed_inputs
    assert not out.identical
    assert out.differences == ["/parameters/alpha: 0.1 -> 0.05"]
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["verify"] == f"pilot-eval verify {reports / 'tiny'}"
    assert manifest["rerun"].endswith(f"--reports {reports}")
    with pytest.raises(PilotEvalError, match=r"no manifest\.json"):
        pipeline.verify_report(tmp_path / "nowhere")
