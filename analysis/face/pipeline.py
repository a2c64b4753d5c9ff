"""Orchestration: validate -> papermill -> nbconvert -> manifest -> atomic publish -> index.

Each study is built in a temporary folder beside its final place and swapped
in only when every notebook ran without a cell error. A failed run leaves the
previous report untouched and records the failure (with the executed notebook
that failed) under ``reports/_failures/<study>/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.errors import DataValidationError, Issue, PilotEvalError, SpecError
from analysis.face.provenance import git_state, package_versions, platform_info
from analysis.intake.checksums import PROJECT_ROOT, input_checksums, relative_to_root
from analysis.intake.spec import StudySpec, load_spec
from analysis.report.pages import Page, chinese_notebook, pages

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "report" / "templates"
FAILURES = "_failures"

# Environment for kernels: one BLAS thread each (studies run in parallel on
# two cores; a second busy process otherwise slows small-matrix code 3-4x),
# a non-interactive matplotlib backend, and no debugger warning noise.
KERNEL_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "PYTHONHASHSEED": "0",
}


@dataclass(frozen=True)
class NotebookStep:
    """One parameterized notebook of a study run; ``html`` names its page, if any."""

    name: str
    source: str  # jupytext py:percent file under notebooks/
    html: str | None = None


STEPS: tuple[NotebookStep, ...] = (
    NotebookStep("study_report", "study_report.py", html="index.html"),
)


@dataclass(frozen=True)
class RunOutcome:
    study: str
    ok: bool
    report: str | None = None
    error: str | None = None
    seconds: float = 0.0
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    pdf: str | None = None  # with --pdf: the PDFs written, or why there is none


class NotebookFailed(PilotEvalError):
    def __init__(self, step: str, message: str, executed: Path | None):
        self.step = step
        self.executed = executed
        super().__init__(f"notebook '{step}' failed: {message}")


# -- notebooks ---------------------------------------------------------------


def load_notebook(step: NotebookStep):
    """The jupytext source as an nbformat notebook (the .ipynb is generated, never committed)."""
    import jupytext

    nb = jupytext.read(NOTEBOOK_DIR / step.source)
    for cell in nb.cells:  # papermill looks the tags up without a default
        cell.metadata.setdefault("tags", [])
    nb.metadata.setdefault(
        "kernelspec",
        {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    )
    return nb


def notebook_parameters(step: NotebookStep) -> dict[str, dict[str, Any]]:
    """Parameters declared in the notebook's ``parameters`` cell: name -> type, default, help."""
    from papermill.inspection import _infer_parameters

    params = _infer_parameters(load_notebook(step))
    return {
        p.name: {"type": p.inferred_type_name, "default": p.default, "help": p.help} for p in params
    }


def check_parameters(step: NotebookStep, given: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown names (papermill only warns) and coerce CLI strings to declared types."""
    declared = notebook_parameters(step)
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(f"{k} ({v['type']})" for k, v in declared.items())
        raise PilotEvalError(
            f"unknown notebook parameter(s) {', '.join(unknown)} for '{step.name}'; "
            f"allowed: {allowed}"
        )
    out = {}
    for k, v in given.items():
        typ = declared[k]["type"]
        try:
            if typ == "int":
                out[k] = int(v)
            elif typ == "float":
                out[k] = float(v)
            elif typ == "bool":
                out[k] = v if isinstance(v, bool) else str(v).lower() in {"1", "true", "yes"}
            else:
                out[k] = str(v)
        except (TypeError, ValueError):
            raise PilotEvalError(f"parameter '{k}' must be {typ}, got {v!r}") from None
    return out


def _cell_errors(nb) -> list[str]:
    """Error outputs in an executed notebook (papermill can exit 0 on some failures)."""
    errors = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return errors


def execute_step(
    step: NotebookStep, parameters: dict[str, Any], out_dir: Path, progress: bool | dict = True
) -> Path:
    """Run one notebook with papermill into ``out_dir/notebooks``; raise NotebookFailed."""
    import nbformat
    import papermill as pm

    nb_dir = out_dir / "notebooks"
    nb_dir.mkdir(parents=True, exist_ok=True)
    src = nb_dir / f"{step.name}.source.ipynb"
    nbformat.write(load_notebook(step), src)
    executed = nb_dir / f"{step.name}.ipynb"
    try:
        with _env(KERNEL_ENV):
            pm.execute_notebook(
                str(src),
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(PROJECT_ROOT),
                progress_bar=progress,
                log_output=False,
                report_mode=False,
                kernel_manager_class=_kernel_manager_class(),
            )
    except Exception as exc:  # PapermillExecutionError, kernel death, timeouts
        msg = f"{type(exc).__name__}: {getattr(exc, 'evalue', None) or exc}"
        raise NotebookFailed(
            step.name, msg.splitlines()[0][:500], executed if executed.exists() else None
        ) from exc
    finally:
        src.unlink(missing_ok=True)
    errs = _cell_errors(nbformat.read(executed, as_version=4))
    if errs:
        raise NotebookFailed(step.name, "; ".join(errs)[:500], executed)
    return executed


def _kernel_manager_class():
    """Kernel manager talking to the kernel over local IPC sockets, not TCP ports:
    nothing listens on the network, and ipykernel's unencrypted-TCP warning goes away."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        # jupyter_client names IPC sockets <ip>-<n> and picks n by probing which files
        # exist: two kernels started at once in one folder can race for the same
        # name. A unique prefix per kernel in the temp folder rules that out.
        @default("ip")
        def _default_ip(self) -> str:
            import tempfile
            import uuid

            return os.path.join(
                tempfile.gettempdir(), f"pilot-eval-kernel-{os.getpid()}-{uuid.uuid4().hex[:12]}"
            )

    return IPCKernelManager


@contextlib.contextmanager
def _env(values: dict[str, str]):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def notebook_warnings(executed: Path, limit: int = 50) -> list[str]:
    """Distinct warning lines the executed notebook wrote to stderr (for the manifest)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    seen: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                for line in str(out.get("text", "")).splitlines():
                    line = line.strip()
                    if "Warning" in line and line not in seen:
                        seen.append(line[:300])
    return seen[:limit]


def export_html(
    executed: Path,
    target: Path,
    title: str,
    lang: str,
    manifest: dict[str, Any] | None = None,
    page: Page | None = None,
) -> None:
    """Executed notebook -> self-contained HTML, code hidden (nbconvert in-process), with
    collapsible sections, a contents list and the provenance footer; ``page``: which
    language's page (the Chinese page of a ``both`` report swaps in its renderings)."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from analysis.report.layout import provenance_footer

    nb = nbformat.read(executed, as_version=4)
    tags = TagRemovePreprocessor(
        remove_cell_tags=("remove_cell",), remove_all_outputs_tags=("remove_output",)
    )
    nb, _ = tags.preprocess(nb, {})
    page = page or Page(target.name, "zh" if lang == "zh" else "en")
    nb = chinese_notebook(nb) if page.swap else nb
    exporter = HTMLExporter(
        template_name="pilot",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"pilot": page.resources(title)})
    if manifest is not None:
        body = body.replace("</main>", provenance_footer(manifest, page.lang) + "</main>", 1)
    target.write_text(body, encoding="utf-8")


# -- publishing --------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _swap_in(build: Path, final: Path) -> None:
    """Replace ``final`` by ``build`` with two renames; the old report survives until then."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    try:
        build.rename(final)
    except OSError:
        if old.exists():
            old.rename(final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _record_failure(
    reports: Path,
    study: str,
    error: str,
    stage: str,
    build: Path | None,
    issues: tuple[Issue, ...] = (),
) -> Path:
    fail_dir = reports / FAILURES / study
    shutil.rmtree(fail_dir, ignore_errors=True)
    fail_dir.mkdir(parents=True)
    if build is not None and (build / "notebooks").exists():
        shutil.copytree(build / "notebooks", fail_dir / "notebooks")
    record = {
        "study": study,
        "status": "failed",
        "stage": stage,
        "error": error,
        "time": _now(),
        "issues": [i.to_dict() for i in issues],
    }
    (fail_dir / "failure.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return fail_dir


def default_parameters(spec_path: Path) -> dict[str, Any]:
    return {
        "spec_path": relative_to_root(spec_path)
        if _inside_root(spec_path)
        else str(spec_path.resolve())
    }


def _inside_root(p: Path) -> bool:
    try:
        p.resolve().relative_to(PROJECT_ROOT)
        return True
    except ValueError:
        return False


def run_study(
    spec_path: str | Path,
    reports: str | Path = "reports",
    parameters: dict[str, Any] | None = None,
    progress: bool | dict = True,
    log=print,
    pdf: bool = False,
) -> RunOutcome:
    """Validate, execute every notebook, and publish ``reports/<study>/`` atomically;
    with ``pdf``, then print the published page to ``report.pdf`` (a PDF that cannot be
    made is reported in ``RunOutcome.pdf``; the HTML report stays published)."""
    t0 = time.monotonic()
    spec_path = Path(spec_path)
    if spec_path.is_dir():
        spec_path = spec_path / "study.yml"
    reports = Path(reports).resolve()
    reports.mkdir(parents=True, exist_ok=True)
    study_guess = spec_path.parent.name
    try:
        spec = load_spec(spec_path)
    except SpecError as exc:
        _record_failure(
            reports, _safe_id(study_guess), "invalid study spec", "spec", None, exc.issues
        )
        return RunOutcome(
            study_guess, False, error=str(exc), seconds=time.monotonic() - t0, issues=exc.issues
        )
    from analysis.intake.validate import load_study

    log(f"[{spec.id}] validating spec and data ...")
    try:
        study = load_study(spec)
    except DataValidationError as exc:
        _record_failure(
            reports,
            spec.id,
            f"{len(exc.report.errors)} data validation error(s)",
            "validation",
            None,
            exc.report.issues,
        )
        return RunOutcome(
            spec.id,
            False,
            error=exc.report.summary(),
            seconds=time.monotonic() - t0,
            issues=exc.report.issues,
        )
    started = _now()
    build = reports / f".build-{spec.id}-{os.getpid()}"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir()
    params = {
        **default_parameters(spec_path),
        "output_dir": relative_to_root(build) if _inside_root(build) else str(build),
    }
    user_params = dict(parameters or {})
    try:
        timings: dict[str, float] = {}
        warnings: list[str] = []
        executed_steps = []
        for i, step in enumerate(STEPS, 1):
            p = check_parameters(step, {**params, **user_params})
            log(f"[{spec.id}] running notebook {i}/{len(STEPS)}: {step.name}")
            ts = time.monotonic()
            executed = execute_step(step, p, build, progress=progress)
            timings[step.name] = round(time.monotonic() - ts, 2)
            warnings += [w for w in notebook_warnings(executed) if w not in warnings]
            executed_steps.append((step, executed))
        manifest = _manifest(
            spec, study.report, params, user_params, started, timings, warnings, reports
        )
        for step, executed in executed_steps:
            language = user_params.get("language") or spec.report.language  # -p language=
            for page in pages(language, step.html) if step.html else ():
                export_html(
                    executed,
                    build / page.file,
                    spec.title.get(page.lang),
                    page.lang,
                    manifest,
                    page,
                )
        _write_manifest(build, manifest)
        _swap_in(build, reports / spec.id)
    except PilotEvalError as exc:
        _record_failure(reports, spec.id, str(exc), "notebook", build)
        shutil.rmtree(build, ignore_errors=True)
        return RunOutcome(spec.id, False, error=str(exc), seconds=time.monotonic() - t0)
    except Exception as exc:  # unexpected: still never clobber the published report
        _record_failure(reports, spec.id, f"{type(exc).__name__}: {exc}", "publish", build)
        shutil.rmtree(build, ignore_errors=True)
        return RunOutcome(
            spec.id,
            False,
            error="".join(traceback.format_exception_only(exc)),
            seconds=time.monotonic() - t0,
        )
    shutil.rmtree(reports / FAILURES / spec.id, ignore_errors=True)
    pdf_note = None
    if pdf:
        from analysis.face.pdf import pdf_note as make_pdf

        log(f"[{spec.id}] printing the PDF ...")
        pdf_note = make_pdf(reports / spec.id)
    return RunOutcome(
        spec.id,
        True,
        report=str(reports / spec.id / "index.html"),
        seconds=time.monotonic() - t0,
        issues=study.report.issues,
        pdf=pdf_note,
    )


def _safe_id(name: str) -> str:
    import re

    s = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-.")
    return s[:64] or "study"


def _write_manifest(build: Path, manifest: dict[str, Any]) -> None:
    """manifest.json with the list of files published beside it."""
    files = sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file())
    manifest = {**manifest, "files": sorted({*files, "manifest.json"})}
    (build / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )


def _manifest(
    spec: StudySpec,
    report,
    params: dict,
    user_params: dict,
    started: str,
    timings: dict,
    warnings: list[str],
    reports: Path,
) -> dict[str, Any]:
    """Everything a reviewer needs to trust and re-create the run (rendered in the footer
    and written as manifest.json)."""
    return {
        "study": spec.id,
        "title": spec.title.en,
        "status": "ok",
        "started": started,
        "finished": _now(),
        "notebook_seconds": timings,
        "inputs": input_checksums(spec),
        "sources": [dict(s) for s in report.sources],
        "parameters": {**{k: v for k, v in params.items() if k != "output_dir"}, **user_params},
        "seed": user_params.get("seed", spec.report.seed),
        "packages": package_versions(),
        "git": git_state(),
        "platform": platform_info(),
        "validation": {"errors": len(report.errors), "warnings": len(report.warnings)},
        "warnings": warnings,
        "spec": relative_to_root(Path(spec.base_dir) / spec.spec_file),
        "rerun": _rerun_command(spec, user_params, reports),
        "verify": "pilot-eval verify "
        + (
            relative_to_root(reports / spec.id) if _inside_root(reports) else str(reports / spec.id)
        ),
    }


def _rerun_command(spec: StudySpec, user_params: dict, reports: Path) -> str:
    """The exact command that re-creates this report (shell-quoted)."""
    import shlex

    parts = ["pilot-eval", "run", relative_to_root(Path(spec.base_dir) / spec.spec_file)]
    out = relative_to_root(reports) if _inside_root(reports) else str(reports)
    if out != "reports":
        parts += ["--reports", out]
    for k, v in sorted(user_params.items()):
        parts += ["-p", f"{k}={v}"]
    return " ".join(shlex.quote(p) for p in parts)


@dataclass
class VerifyOutcome:
    """Result of re-running a published report and comparing its results.json."""

    study: str
    identical: bool
    changed_inputs: list[str]
    differences: list[str]
    seconds: float


def _json_diff(
    a: Any, b: Any, path: str = "", out: list[str] | None = None, limit: int = 20
) -> list[str]:
    """Paths where two JSON values differ (at most ``limit``)."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'published' if k in a else 're-run'}")
            else:
                _json_diff(a[k], b[k], f"{path}/{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _json_diff(x, y, f"{path}[{i}]", out, limit)
    elif a != b:
        out.append(f"{path or '/'}: {str(a)[:60]} -> {str(b)[:60]}")
    return out


def verify_report(report_dir: str | Path, log=print) -> VerifyOutcome:
    """Re-run the study behind ``report_dir`` with its recorded parameters in a scratch
    folder and compare the new results.json with the published one, byte for byte."""
    import tempfile

    t0 = time.monotonic()
    report_dir = Path(report_dir)
    manifest_path = report_dir / "manifest.json"
    if not manifest_path.is_file():
        raise PilotEvalError(
            f"{report_dir}: no manifest.json, so this is not a published "
            "pilot-eval report (run 'pilot-eval run' first)"
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    spec_rel = manifest.get("spec") or manifest.get("rerun", "").split()[-1]
    spec_path = PROJECT_ROOT / spec_rel
    if not spec_path.is_file():
        raise PilotEvalError(
            f"{report_dir}: the study spec {spec_rel} recorded in the manifest no longer exists"
        )
    published = (report_dir / "results.json").read_bytes()
    changed = []
    now = input_checksums(load_spec(spec_path))
    for name, info in (manifest.get("inputs") or {}).items():
        cur = now.get(name)
        if not isinstance(info, dict) or not isinstance(cur, dict):
            if info != cur:
                changed.append(name)
        elif info.get("sha256") != cur.get("sha256"):
            changed.append(name)
    params = {
        k: v
        for k, v in manifest.get("parameters", {}).items()
        if k not in ("spec_path", "output_dir")
    }
    with tempfile.TemporaryDirectory(prefix="pilot-eval-verify-") as tmp:
        outcome = run_study(spec_path, tmp, params, progress=False, log=log)
        if not outcome.ok:
            raise PilotEvalError(f"the re-run failed: {outcome.error}")
        rerun = (Path(tmp) / manifest["study"] / "results.json").read_bytes()
    diffs = [] if rerun == published else _json_diff(json.loads(published), json.loads(rerun))
    return VerifyOutcome(
        manifest["study"], rerun == published, changed, diffs, time.monotonic() - t0
    )


def _worker(args: tuple) -> RunOutcome:
    spec_path, reports, parameters, progress, pdf = args
    os.environ.update(KERNEL_ENV)
    return run_study(spec_path, reports, parameters, progress=progress, pdf=pdf)


def run_studies(
    spec_paths: list[str | Path],
    reports: str | Path = "reports",
    parameters: dict[str, Any] | None = None,
    jobs: int = 2,
    pdf: bool = False,
) -> list[RunOutcome]:
    """Run several studies (in parallel processes when jobs > 1), then rebuild the index."""
    paths = [Path(p) for p in spec_paths]
    jobs = max(1, min(jobs, len(paths), os.cpu_count() or 1))
    if jobs == 1:
        outcomes = [run_study(p, reports, parameters, pdf=pdf) for p in paths]
    else:
        args = [
            (
                p,
                reports,
                parameters,
                {"desc": p.parent.name if p.suffix else p.name, "position": i, "leave": True},
                pdf,
            )
            for i, p in enumerate(paths)
        ]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(_worker, args))
    from analysis.face.index import write_index

    write_index(Path(reports))
    return outcomes


def log_err(msg: str) -> None:
    print(msg, file=sys.stderr)
