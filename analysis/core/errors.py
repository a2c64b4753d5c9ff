"""Domain errors and the `Issue` record every check reports.

A researcher acts on a message, not a traceback: each issue names the file,
the column (or spec key) and the rows it concerns, and what would be allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analysis.core.vocabulary import Severity


def format_rows(rows: Sequence[int], limit: int = 12) -> str:
    """Compact 1-based row list: ``2-5, 9, 14`` (runs collapsed, long lists cut)."""
    if not rows:
        return ""
    rs = sorted(set(int(r) for r in rows))
    runs: list[tuple[int, int]] = []
    start = prev = rs[0]
    for r in rs[1:]:
        if r == prev + 1:
            prev = r
            continue
        runs.append((start, prev))
        start = prev = r
    runs.append((start, prev))
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:limit]]
    more = len(runs) - limit
    text = ", ".join(parts)
    if more > 0:
        text += f" and {more} more run(s)"
    return text


def suggest(name: object, options: Iterable[object]) -> str | None:
    """'did you mean ...?' for the closest option (also a case-only difference), or None."""
    import difflib

    opts = [str(o) for o in options]
    text = str(name)
    close = difflib.get_close_matches(text, opts, n=1, cutoff=0.5)
    if not close:
        lowered = {o.lower(): o for o in opts}
        close = [lowered[text.lower()]] if text.lower() in lowered else []
    return f"did you mean '{close[0]}'?" if close else None


@dataclass(frozen=True)
class Issue:
    """One problem found in a spec or data file."""

    severity: Severity
    code: str
    message: str
    file: str | None = None
    column: str | None = None
    rows: tuple[int, ...] = ()
    hint: str | None = None

    @property
    def in_spec(self) -> bool:
        """True when the issue points into the YAML spec (a key and line, not a column and row)."""
        return bool(self.file) and str(self.file).lower().endswith((".yml", ".yaml"))

    def location(self) -> str:
        """``file, column 'x', rows 2-5`` (``key 'a.b', line 7`` for the YAML spec)."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.column:
            parts.append(f"{'key' if self.in_spec else 'column'} '{self.column}'")
        if self.rows:
            word = "line" if self.in_spec else "row"
            label = word if len(self.rows) == 1 else word + "s"
            parts.append(f"{label} {format_rows(self.rows)}")
        return ", ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        text = f"{self.severity.upper()} [{self.code}] {loc + ': ' if loc else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "column": self.column,
            "rows": list(self.rows),
            "hint": self.hint,
        }


@dataclass(frozen=True)
class ValidationReport:
    """All issues found for a study, in the order they were found.

    ``designs`` lists, separately, each design of the spec that cannot run (or runs on
    too little data) for an indicator, with the reason; ``summary()`` prints them after
    the issues. They never make the report fail, and ``to_dict`` (results.json) leaves
    them out for now, so that the demo studies' recorded validation stays as it was.
    """

    study: str
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    sources: tuple[dict, ...] = field(default_factory=tuple)  # file, encoding, rows, sha256
    designs: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        head = f"Study '{self.study}': {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        if self.designs:
            warned = sum(1 for i in self.designs if i.severity == "warning")
            head += f"; {len(self.designs)} note(s) on designs that cannot run" + (
                f", {warned} of them warning(s)" if warned else ""
            )
        lines = [head] + [f"  {i}" for i in self.issues]
        if self.designs:
            lines.append("Designs that cannot run for every indicator:")
            lines += [f"  {i}" for i in self.designs]
        return "\n".join(lines)

    def to_frame(self):
        import pandas as pd

        cols = ["severity", "code", "file", "column", "rows", "message", "hint"]
        return pd.DataFrame(
            [{**i.to_dict(), "rows": format_rows(i.rows)} for i in self.issues],
            columns=cols,
        )

    def to_dict(self) -> dict:
        return {
            "study": self.study,
            "ok": self.ok,
            "issues": [i.to_dict() for i in self.issues],
            "sources": [dict(s) for s in self.sources],
        }

    def _repr_html_(self) -> str:
        """The summary line and the issues as a plain escaped table (notebooks); the
        report's validation section is built by the report layer."""
        import html

        head = f"<p>{html.escape(self.summary().splitlines()[0], quote=True)}</p>"
        if not self.issues:
            return head
        return head + self.to_frame().to_html(index=False, escape=True, na_rep="", border=0)


class PilotEvalError(Exception):
    """Base for errors a researcher can act on (printed without traceback)."""


class SpecError(PilotEvalError):
    """The study spec is invalid; carries every issue found."""

    def __init__(self, issues: Iterable[Issue], path: str | None = None):
        self.issues = tuple(issues)
        self.path = path
        text = "\n".join(f"  {i}" for i in self.issues)
        super().__init__(f"Invalid study spec {path or ''}:\n{text}")


class DataValidationError(PilotEvalError):
    """The data broke the contract; carries the full ValidationReport."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(report.summary())


class AnalysisError(PilotEvalError):
    """An analysis cannot be carried out on this input (too short, constant ...)."""
