"""Checksums of a study's inputs (spec and data files), with project-relative paths."""

from __future__ import annotations

from pathlib import Path

from analysis.intake.files import sha256_file
from analysis.intake.spec import StudySpec

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def relative_to_root(path: str | Path, root: Path = PROJECT_ROOT) -> str:
    """Path relative to the project root when inside it (the demo reports show no machine
    paths); a study kept elsewhere keeps its absolute path so it can be re-run and checked."""
    p = Path(path).resolve()
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


def input_checksums(spec: StudySpec) -> dict[str, object]:
    """SHA-256 of the spec file and of every source file (None for a missing file)."""
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
