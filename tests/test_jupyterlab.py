"""The notebooks in JupyterLab: `make lab` opens ``notebooks/study_report.py`` as a notebook
(no Open With), Run All there reproduces the report's ``results.json`` byte for byte, and
the default spec path works from the notebook's folder as from the project root.

The end-to-end test runs the real ``make lab`` recipe on a private copy of the project (so
nothing Lab writes, autosaves included, can reach the repository), with every Jupyter
folder (config, data, runtime, user settings, workspaces, IPython) in the test's temporary
folder, so neither the user's home configuration is read or written nor can a setting
there decide the default viewer. It drives the page with Playwright and the system
Chromium (``executable_path``; never ``playwright install``), and shuts the server and its
kernels down through the server API, checking afterwards that no kernel is left.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jupytext
import pytest
from browser_support import ensure_chromium, launch

from analysis.core.errors import DataValidationError, SpecError
from analysis.intake.locate import locate_spec
from analysis.intake.validate import load_study
from analysis.report.outputs import results_json

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/study_report.py"
# What the JupyterLab run needs of the project: the package, the data, the notebooks and
# the files `make lab` reads (its stamp prerequisites, the Lab and Jupytext settings).
PROJECT_FILES = (
    "analysis",
    "data",
    "notebooks",
    "jupyter",
    "Makefile",
    "pyproject.toml",
    "requirements.lock",
    "jupytext.toml",
)
ARTIFACTS = ROOT / "test-artifacts" / "jupyterlab"
SERVER_START = 180  # seconds for the server to answer
RUN_ALL = 1200  # seconds for Run All (about a minute alone; the machine may be shared)


# -- the default spec path, from the notebook's folder and from the root --------------------


def _project(tmp_path: Path, make_study) -> Path:
    """A project folder: pyproject.toml, data/tiny (a valid study), notebooks/."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    make_study(tmp_path / "data" / "tiny")
    (tmp_path / "notebooks").mkdir()
    return tmp_path


def test_spec_path_found_from_the_notebook_folder(tmp_path, make_study, monkeypatch):
    root = _project(tmp_path, make_study)
    monkeypatch.chdir(root / "notebooks")
    where = locate_spec("data/tiny/study.yml")
    assert where.path == root.resolve() / "data" / "tiny" / "study.yml"
    assert where.root == root.resolve()
    study = load_study("data/tiny/study.yml")
    assert Path(study.spec.base_dir) == root.resolve() / "data" / "tiny"
    assert study.spec.id == "tiny"


def test_spec_path_from_the_working_folder_is_kept_as_given(tmp_path, make_study, monkeypatch):
    """The pipeline runs with the root as working folder: its relative path is unchanged."""
    root = _project(tmp_path, make_study)
    monkeypatch.chdir(root)
    assert locate_spec("data/tiny/study.yml").path == Path("data/tiny/study.yml")
    assert locate_spec("data/tiny/study.yml").root is None
    assert locate_spec("data/tiny").path == Path("data/tiny")
    spec = root / "data" / "tiny" / "study.yml"
    assert locate_spec(spec).path == spec  # absolute: as given
    assert load_study("data/tiny/study.yml").spec.base_dir == "data/tiny"


def test_validation_names_files_as_from_the_root(tmp_path, make_study, monkeypatch):
    """A bad file is named ``data/tiny/panel.csv`` wherever the notebook runs."""
    root = _project(tmp_path, make_study)
    make_study(root / "data" / "tiny", rows_mutator=lambda rows: rows[:5] + rows[6:])
    reports = []
    for cwd in (root, root / "notebooks"):
        monkeypatch.chdir(cwd)
        with pytest.raises(DataValidationError) as err:
            load_study("data/tiny/study.yml")
        reports.append(err.value.report.to_dict())
    assert reports[0] == reports[1]
    files = {i["file"] for i in reports[0]["issues"] if i["file"]}
    assert "data/tiny/panel.csv" in files, files


def test_missing_spec_names_every_place_looked_at(tmp_path, make_study, monkeypatch):
    root = _project(tmp_path, make_study)
    monkeypatch.chdir(root / "notebooks")
    with pytest.raises(SpecError) as err:
        load_study("data/nowhere/study.yml")
    (issue,) = err.value.issues
    assert issue.code == "spec.not_found"
    assert str(root.resolve() / "notebooks" / "data" / "nowhere" / "study.yml") in issue.message
    assert str(root.resolve() / "data" / "nowhere" / "study.yml") in issue.message
    assert issue.file == "data/nowhere/study.yml"


def test_missing_spec_without_a_project_root_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as err:
        load_study("data/nowhere/study.yml")
    assert "no project root (a folder with pyproject.toml and data/)" in str(err.value)


@pytest.mark.parametrize("source", sorted((ROOT / "notebooks").glob("*.py")), ids=lambda p: p.name)
def test_every_notebook_default_spec_path_is_found_from_its_folder(source):
    """JupyterLab runs a kernel in the notebook's folder: each default spec is found."""
    nb = jupytext.read(source)
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    values: dict = {}
    exec(params.source, {}, values)  # typed assignments of literals only (test_project)
    where = locate_spec(values["spec_path"], cwd=ROOT / "notebooks")
    assert where.root == ROOT and where.path.is_file(), where


# -- the Lab configuration ------------------------------------------------------------------


def test_lab_opens_python_files_as_jupytext_notebooks():
    """The setting `make lab` passes to JupyterLab as its application settings."""
    overrides = json.loads((ROOT / "jupyter/lab-settings/overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"python": "Jupytext Notebook"}
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--LabApp.app_settings_dir=$(LAB_SETTINGS)" in make
    assert "LAB_SETTINGS := $(CURDIR)/jupyter/lab-settings" in make


def test_saving_from_lab_keeps_the_notebook_sources_as_they_are(tmp_path, monkeypatch):
    """Jupytext's contents manager (what Lab saves through) writes each notebook back
    byte for byte and writes no paired .ipynb."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))  # its notary db
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copy(ROOT / "jupytext.toml", tmp_path)
    manager = build_sync_jupytext_contents_manager_class(FileContentsManager)(
        root_dir=str(tmp_path)
    )
    for source in sorted((ROOT / "notebooks").glob("*.py")):
        path = f"notebooks/{source.name}"
        model = manager.get(path, type="notebook", content=True)
        manager.save(model, path)
        assert (tmp_path / path).read_bytes() == source.read_bytes(), source.name
    assert not list(tmp_path.rglob("*.ipynb"))


# -- Run All in a real JupyterLab -------------------------------------------------------------


def _lab_missing() -> str:
    for module in ("jupyterlab", "jupytext", "playwright"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed"
    if not (Path(sys.prefix) / "bin" / "jupyter").exists():
        return f"no jupyter executable in {sys.prefix}/bin"
    if not shutil.which("make"):
        return "make is not installed"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_project(dest: Path) -> None:
    dest.mkdir()
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


class Lab:
    """A JupyterLab server started by `make lab` in ``project``; ``api()`` talks to it."""

    def __init__(self, project: Path, home: Path):
        self.project, self.home = project, home
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "lab.log"
        self.runtime = home / "runtime"
        self.proc: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        dirs = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "user-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "IPYTHONDIR": "ipython",
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
        for var, name in dirs.items():
            (self.home / name).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.home / name)
        # no news or update prompt over the page (a user's choice, made here for the test)
        notes = self.home / "user-settings/@jupyterlab/apputils-extension"
        notes.mkdir(parents=True, exist_ok=True)
        (notes / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env.update(
            PYTHONPATH=str(self.project),  # the kernel imports the copy's analysis
            PYTHONDONTWRITEBYTECODE="1",
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
        )
        return env

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        stamp = self.home / "installed.stamp"  # newer than the copy's pyproject.toml: no setup
        stamp.touch()
        args = (
            f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={self.port} "
            f"--ServerApp.port_retries=0 --IdentityProvider.token={self.token}"
        )
        cmd = ["make", "--no-print-directory", "-C", str(self.project), "lab",
               f"VENV={sys.prefix}", f"STAMP={stamp}", f"LAB_ARGS={args}"]  # fmt: skip
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env(), start_new_session=True
            )
        deadline = time.monotonic() + SERVER_START
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"`make lab` exited ({self.proc.returncode}):\n{self.tail()}")
            with contextlib.suppress(OSError, ValueError):
                self.api("GET", "/api/status")
                return
            time.sleep(1)
        raise AssertionError(f"JupyterLab did not answer in {SERVER_START} s:\n{self.tail()}")

    def tail(self, n: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-n:])

    def api(self, method: str, path: str) -> object:
        req = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def kernel_processes(self) -> list[str]:
        """Command lines of live processes started with a connection file of this server."""
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            with contextlib.suppress(OSError):
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if str(self.runtime) in cmdline:
                    found.append(f"{proc.name}: {cmdline[:160]}")
        return found

    def stop(self) -> None:
        """Shut every kernel down, then the server, through the API; the process group
        `make` leads (make and the server) is signalled only if that did not end it."""
        if self.proc is None:
            return
        with contextlib.suppress(OSError, ValueError, urllib.error.URLError):
            for kernel in self.api("GET", "/api/kernels") or []:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            self.api("POST", "/api/shutdown")
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)


@contextlib.contextmanager
def lab_server(project: Path, home: Path) -> Iterator[Lab]:
    lab = Lab(project, home)
    try:
        lab.start()
        yield lab
    finally:
        lab.stop()
        deadline = time.monotonic() + 30
        while lab.kernel_processes() and time.monotonic() < deadline:
            time.sleep(1)
    assert not lab.kernel_processes(), "kernels left running"


# Runs in the page: the state of every code cell of the open notebook.
_CELLS_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
    .map(p => p.textContent.trim());
  const errors = Array.from(panel.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    .map(e => e.textContent.trim()).filter(t => /Error|Traceback/.test(t));
  return {prompts, errors,
          kernel: Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
                  .map(t => t.textContent).join(' | ')};
}
"""


def _wait_for_run_all(page, lab: Lab) -> dict:
    deadline = time.monotonic() + RUN_ALL
    state: dict = {}
    while time.monotonic() < deadline:
        state = page.evaluate(_CELLS_JS) or {}
        prompts = state.get("prompts", [])
        running = [p for p in prompts if "*" in p]
        idle = "Idle" in state.get("kernel", "")
        if state.get("errors") and not running:
            raise AssertionError("Run All stopped on an error:\n" + "\n".join(state["errors"]))
        if prompts and not running and idle and all(p not in ("[ ]:", "") for p in prompts):
            return state
        time.sleep(2)
    raise AssertionError(f"Run All did not finish in {RUN_ALL} s: {state}\n{lab.tail()}")


@pytest.mark.slow
@pytest.mark.e2e
def test_run_all_in_jupyterlab_reproduces_results_json(tmp_path, dadeng_results):
    missing = _lab_missing()
    if missing:
        pytest.skip(f"JupyterLab test needs it: {missing}")
    chromium, why = ensure_chromium()
    if chromium is None:
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    project, out = tmp_path / "project", tmp_path / "out"
    _copy_project(project)
    before = _files(project)
    source = (project / NOTEBOOK).read_text(encoding="utf-8")
    params = next(
        c.source for c in jupytext.reads(source, fmt="py:percent").cells
        if "parameters" in c.metadata.get("tags", [])
    )  # fmt: skip
    default = 'output_dir: str = ""'
    assert default in params
    edited = params.replace(default, f'output_dir: str = "{out}"')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    with lab_server(project, tmp_path / "jupyter") as lab, sync_playwright() as pw:
        context = launch(pw, chromium, tmp_path / "profile")
        try:
            page = context.new_page()
            page.goto(f"{lab.url}/lab?token={lab.token}")
            # the file browser opens in notebooks/; a double click opens the default viewer
            item = page.locator(".jp-DirListing-item", has_text="study_report.py")
            item.wait_for(timeout=120_000)
            assert "notebooks" in page.locator(".jp-FileBrowser .jp-BreadCrumbs").inner_text()
            item.dblclick()
            panel = page.locator(".jp-NotebookPanel")
            panel.wait_for(timeout=60_000)
            assert page.locator(".jp-FileEditor").count() == 0, "opened as a text file"
            page.locator(".jp-NotebookPanel .jp-Cell").nth(3).wait_for()
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
                ".some(t => /Idle/.test(t.textContent))",
                timeout=120_000,
            )
            page.screenshot(path=str(ARTIFACTS / "study_report-opened.png"))

            # set output_dir in the parameters cell, as a user would, then Run All
            cell = page.locator(".jp-CodeCell", has_text="output_dir: str").first
            cell.locator(".cm-content").click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(edited)
            page.keyboard.press("Escape")
            assert str(out) in cell.locator(".cm-content").inner_text()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
            page.wait_for_timeout(3000)
            _wait_for_run_all(page, lab)
            page.locator(
                ".jp-NotebookPanel .jp-OutputArea-output"
            ).first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "study_report-run-all.png"))

            # save: the .py is written back, with only the edited parameter changed
            page.keyboard.press("Control+s")
            page.wait_for_function(
                "() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')", timeout=30_000
            )
        finally:
            context.close()

    written = (out / "results.json").read_bytes()
    assert written == results_json(dadeng_results).encode("utf-8")
    saved = (project / NOTEBOOK).read_text(encoding="utf-8")
    assert saved == source.replace(params, edited)
    after = _files(project)
    changed = sorted(k for k in after if before.get(k) != after[k])
    stray = [k for k in changed if k != NOTEBOOK and ".ipynb_checkpoints/" not in k]
    assert stray == [], f"Lab wrote files besides the notebook: {stray}"
    assert ".ipynb_checkpoints/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
