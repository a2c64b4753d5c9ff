"""Spec keys the schema accepts but this release does not yet act on.

A key a study sets must either change what runs or be refused: nothing a study asks for
is silently skipped. Each entry below is removed by the change that implements it.
"""

from __future__ import annotations

from analysis.core.errors import Issue
from analysis.intake.spec import StudySpec

#: (description of the key, predicate on the spec) for every key not yet implemented.
_PENDING: list[tuple[str, str, object]] = []


def pending_issues(spec: StudySpec) -> list[Issue]:
    """One error per spec key set that this release does not act on yet."""
    out: list[Issue] = []
    fname = spec.spec_file
    targets: dict[str, list[tuple[str, object]]] = {
        "source": list(spec.sources.items()),
        "indicator": list(spec.indicators.items()),
        "trend": [(k, i.trend) for k, i in spec.indicators.items() if i.trend is not None],
    }
    for key, where, applies in _PENDING:
        for name, obj in targets[where]:
            if applies(obj):  # type: ignore[operator]
                out.append(
                    Issue(
                        "error",
                        "spec.not_implemented",
                        f"{key.replace('<id>', name)} is not implemented in this release",
                        file=fname,
                        column=key.replace("<id>", name),
                        hint="remove the key; it is accepted by the schema for the next release",
                    )
                )
    return out
