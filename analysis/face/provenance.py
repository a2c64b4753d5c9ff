"""Provenance facts for the manifest: checksums, package versions, git state, platform."""

from __future__ import annotations

import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from analysis.intake.files import sha256_file
from analysis.intake.spec import StudySpec

# Packages whose versions decide the numbers or the page; listed in every manifest.
KEY_PACKAGES = (
    "pilot-eval",
    "numpy",
    "scipy",
    "pandas",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupytext",
    "pydantic",
    "charset-normalizer",
    "openpyxl",
    "pyarrow",
    "pyyaml",
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def package_versions(names: tuple[str, ...] = KEY_PACKAGES) -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_state(root: Path = PROJECT_ROOT) -> dict[str, object]:
    """Commit and whether the tree has uncommitted changes (None outside a checkout)."""

    def run(*args: str) -> str | None:
        try:
            res = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return res.stdout.strip() if res.returncode == 0 else None

    commit = run("rev-parse", "HEAD")
    status = run("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def relative_to_root(path: str | Path, root: Path = PROJECT_ROOT) -> str:
    """Path relative to the project root when inside it (the demo reports show no machine
    paths); a study kept elsewhere keeps its absolute path so it can be re-run and checked."""
    p = Path(path).resolve()
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


def input_checksums(spec: StudySpec) -> dict[str, object]:
    spec_path = Path(spec.base_dir) / spec.spec_file
    files = []
    for sid in spec.sources:
        path = spec.path_of(sid)
        files.append(
            {
                "source": sid,
                "file": relative_to_root(path),
                "sha256": sha256_file(path) if path.exists() else None,
            }
        )
    return {
        "spec": {"file": relative_to_root(spec_path), "sha256": sha256_file(spec_path)},
        "data": files,
    }


def platform_info() -> dict[str, str]:
    return {"platform": platform.platform(), "executable": Path(sys.executable).name}
