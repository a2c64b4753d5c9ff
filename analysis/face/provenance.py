"""Provenance facts for the manifest: checksums, package versions, git state, platform."""

from __future__ import annotations

import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from analysis.intake.checksums import PROJECT_ROOT

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


def platform_info() -> dict[str, str]:
    return {"platform": platform.platform(), "executable": Path(sys.executable).name}
