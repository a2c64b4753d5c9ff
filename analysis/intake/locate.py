"""Where a study's spec is: a relative path read from the working folder first, then from
the project root found upward from it.

Why: the notebooks' default ``spec_path`` ("data/dadeng/study.yml") is written relative to
the project root, which is the working folder of the pipeline (papermill runs with the
root as cwd) but not of JupyterLab, whose kernel runs in the notebook's own folder
(``notebooks/``). Looking in the working folder first keeps every path that works today
working unchanged; the project root is the nearest folder at or above the working folder
holding both ``pyproject.toml`` and ``data/``. Nothing found: a :class:`SpecError` naming
every place looked at. A spec found under the project root has its validation issues
name files from that root, as a run from the root names them, so ``results.json`` does not
depend on the folder the notebook ran in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import Issue, SpecError, ValidationReport
from analysis.intake.checksums import relative_to_root

ROOT_MARKERS = ("pyproject.toml", "data")  # a file and a folder the project root holds


@dataclass(frozen=True)
class SpecLocation:
    """The spec path to read and, when it was found under a project root rather than
    from the working folder, that root (else None)."""

    path: Path
    root: Path | None = None


def is_project_root(folder: Path) -> bool:
    """True when ``folder`` holds ``pyproject.toml`` (a file) and ``data/`` (a folder)."""
    return (folder / ROOT_MARKERS[0]).is_file() and (folder / ROOT_MARKERS[1]).is_dir()


def project_roots(start: Path) -> list[Path]:
    """Every project root at or above ``start``, nearest first."""
    start = start.resolve()
    return [f for f in (start, *start.parents) if is_project_root(f)]


def locate_spec(path: str | Path, cwd: str | Path | None = None) -> SpecLocation:
    """Where to read the spec ``path`` (a ``study.yml`` or its folder) from.

    Absolute, or present from ``cwd`` (default: the working folder): ``path`` as given,
    so recorded paths do not change. Otherwise the first project root at or above
    ``cwd`` holding it: the absolute path and that root. Raises :class:`SpecError`
    (code ``spec.not_found``) listing every place looked at.
    """
    given = Path(path)
    here = Path(cwd) if cwd is not None else Path.cwd()
    if given.is_absolute() or (here / given).exists():
        return SpecLocation(given)
    looked = [(here / given).resolve()]
    roots = project_roots(here)
    for root in roots:
        candidate = root / given
        if candidate.exists():
            return SpecLocation(candidate, root)
        if candidate not in looked:
            looked.append(candidate)
    where = "; ".join(str(p) for p in looked)
    no_root = (
        ""
        if roots
        else f"; no project root (a folder with {ROOT_MARKERS[0]} and {ROOT_MARKERS[1]}/) "
        f"at or above {here.resolve()}"
    )
    raise SpecError(
        [
            Issue(
                "error",
                "spec.not_found",
                f"spec file not found (looked in: {where}{no_root})",
                file=str(path),
                hint="give the path of the study's study.yml (or its folder): absolute, "
                "or relative to the working folder or to the project root",
            )
        ],
        str(path),
    )


def named_from_root(report: ValidationReport, root: Path) -> ValidationReport:
    """``report`` with every issue's file named relative to ``root`` (as a run with the
    root as working folder names it); files outside ``root`` keep their absolute path."""

    def rename(issue: Issue) -> Issue:
        if not issue.file:
            return issue
        return dataclasses.replace(issue, file=relative_to_root(issue.file, root))

    return dataclasses.replace(
        report,
        issues=tuple(rename(i) for i in report.issues),
        designs=tuple(rename(i) for i in report.designs),
    )
