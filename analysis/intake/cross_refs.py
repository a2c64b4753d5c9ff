"""Cross references between keys of ``study.yml``: unknown sources, indicators and
milestones, duplicate ids, keys one shape needs and another forbids.

Checked on the raw mapping read from YAML (wrong types are skipped here: the schema
reports them), so these problems are listed together with every schema error, each at
its own key and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.core.errors import suggest

# Ids of indicators and milestones: lower_snake_case.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


@dataclass(frozen=True)
class SpecProblem:
    """A cross-reference problem at a key path of the spec mapping."""

    loc: tuple
    code: str
    message: str
    hint: str | None = None


def _mapping(v: object) -> dict:
    return v if isinstance(v, dict) else {}


def _listing(v: object) -> list:
    return v if isinstance(v, list) else []


def cross_ref_problems(data: dict) -> list[SpecProblem]:
    """Problems between keys (unknown source or indicator, duplicate ids ...).

    Works on the raw mapping read from YAML (wrong types are skipped here: the
    schema reports them), so it runs even when other keys are invalid.
    """
    out: list[SpecProblem] = []
    sources = _mapping(data.get("sources"))
    for name, ind in _mapping(data.get("indicators")).items():
        out += _indicator_problems(data, sources, name, ind)
    out += _claim_problems(_listing(data.get("claims")))
    treatment = _mapping(data.get("treatment"))
    out += _adoption_problems(sources, _mapping(treatment.get("adoption")))
    out += _milestone_problems(_listing(treatment.get("milestones")))
    out += _milestone_indicator_problems(
        _listing(treatment.get("milestones")), _mapping(data.get("indicators"))
    )
    return out


def _indicator_problems(data: dict, sources: dict, name: object, ind: object) -> list[SpecProblem]:
    """One indicator: its id, its source, the columns its source's shape needs, its
    trend model's milestones and its windows."""
    out: list[SpecProblem] = []
    if not re.match(ID_PATTERN, str(name)):
        out.append(
            SpecProblem(
                ("indicators", name),
                "spec.bad_id",
                f"indicator id '{name}' is not allowed: use lower_snake_case "
                "(a-z, 0-9 and _, starting with a letter)",
            )
        )
    if not isinstance(ind, dict):
        return out
    src_id = ind.get("source")
    if src_id is None:
        return out
    if src_id not in sources:
        src_names = [str(k) for k in sources]
        out.append(
            SpecProblem(
                ("indicators", name, "source"),
                "spec.unknown_source",
                f"indicator '{name}' uses source '{src_id}', which is not defined; "
                f"sources: {', '.join(src_names) or '(none)'}",
                suggest(src_id, src_names),
            )
        )
        return out
    if not isinstance(sources[src_id], dict):
        return out  # the schema reports the broken source itself
    src = sources[src_id]
    shape = src.get("shape") or "panel"
    out += _shape_problems(name, ind, src_id, src, shape)
    trend = ind.get("trend")
    if isinstance(trend, dict):
        out += _trend_problems(data, name, trend, shape)
    if ind.get("windows") is None and data.get("windows") is None and shape != "facts":
        out.append(
            SpecProblem(
                ("indicators", name),
                "spec.no_windows",
                f"indicator '{name}' has no before/after windows",
                "set top-level 'windows' or the indicator's own 'windows'",
            )
        )
    return out


def _shape_problems(
    name: object, ind: dict, src_id: object, src: dict, shape: str
) -> list[SpecProblem]:
    """The keys an indicator needs given its source's shape (panel, events, facts)."""
    out: list[SpecProblem] = []
    kind = ind.get("kind")
    if shape == "panel" and kind != "proportion" and not ind.get("column"):
        out.append(
            SpecProblem(
                ("indicators", name),
                "spec.missing_column",
                f"indicator '{name}' reads panel source '{src_id}' "
                "and needs 'column' (the value column)",
            )
        )
    if shape == "events":
        if kind is not None and kind != "count":
            out.append(
                SpecProblem(
                    ("indicators", name, "kind"),
                    "spec.events_kind",
                    f"indicator '{name}' counts events from '{src_id}'; kind must be 'count', "
                    f"not '{kind}'",
                )
            )
        if ind.get("categories") and not src.get("category"):
            out.append(
                SpecProblem(
                    ("indicators", name, "categories"),
                    "spec.no_category_column",
                    f"indicator '{name}' counts categories, but source '{src_id}' has no "
                    "'category' column",
                    "add 'category: <column>' to the source",
                )
            )
    if shape == "facts" and not (ind.get("column") or ind.get("numerator")):
        out.append(
            SpecProblem(
                ("indicators", name),
                "spec.missing_column",
                f"indicator '{name}' reads facts source '{src_id}' and needs 'column' (the item)",
            )
        )
    return out


def _trend_problems(data: dict, name: object, trend: dict, shape: str) -> list[SpecProblem]:
    """A trend model's milestone references; no trend model on facts."""
    out: list[SpecProblem] = []
    treatment = _mapping(data.get("treatment"))
    ms = _listing(treatment.get("milestones"))
    ms_ids = [str(m.get("id")) for m in ms if isinstance(m, dict)]
    refs = [("start", trend.get("start"))] + [
        ("milestones", m)
        for m in (trend.get("milestones") or [])
        if isinstance(trend.get("milestones"), list)
    ]
    for key, ref in refs:
        if ref is not None and str(ref) not in ms_ids:
            out.append(
                SpecProblem(
                    ("indicators", name, "trend", key),
                    "spec.unknown_milestone",
                    f"indicator '{name}' trend model refers to milestone '{ref}', which "
                    f"is not defined; milestones: {', '.join(ms_ids) or '(none)'}",
                    suggest(ref, ms_ids),
                )
            )
    if shape == "facts":
        out.append(
            SpecProblem(
                ("indicators", name, "trend"),
                "spec.trend_on_facts",
                f"indicator '{name}' comes from facts: no series to model",
            )
        )
    return out


def _claim_problems(claims: list) -> list[SpecProblem]:
    """Claim ids are unique."""
    out: list[SpecProblem] = []
    seen: dict[str, int] = {}
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict):
            continue
        cid = claim.get("id")
        # An unknown indicator in a claim is not a spec error: the claims table lists the
        # claim as "cannot check" with the reason (a bad claim never stops the run).
        if cid is not None:
            if str(cid) in seen:
                out.append(
                    SpecProblem(
                        ("claims", i, "id"),
                        "spec.duplicate_id",
                        f"claim id '{cid}' is used twice "
                        f"(claims {seen[str(cid)] + 1} and {i + 1}); "
                        "claim ids must be unique",
                    )
                )
            else:
                seen[str(cid)] = i
    return out


def _adoption_problems(sources: dict, adoption: dict) -> list[SpecProblem]:
    """The adoption source exists and is a panel source."""
    asrc = adoption.get("source")
    if asrc is None:
        return []
    if asrc not in sources:
        src_names = [str(k) for k in sources]
        return [
            SpecProblem(
                ("treatment", "adoption", "source"),
                "spec.unknown_source",
                f"adoption source '{asrc}' is not defined; sources: "
                f"{', '.join(src_names) or '(none)'}",
                suggest(asrc, src_names),
            )
        ]
    if (_mapping(sources[asrc]).get("shape") or "panel") != "panel":
        return [
            SpecProblem(
                ("treatment", "adoption", "source"),
                "spec.adoption_source",
                f"adoption source '{asrc}' must be a panel source (one row per unit and "
                "period with the adoption column)",
            )
        ]
    return []


def _milestone_problems(milestones: list) -> list[SpecProblem]:
    """Milestone ids are unique."""
    out: list[SpecProblem] = []
    mids = [m.get("id") for m in milestones if isinstance(m, dict)]
    for i, m in enumerate(milestones):
        if isinstance(m, dict) and m.get("id") is not None and mids.index(m.get("id")) < i:
            out.append(
                SpecProblem(
                    ("treatment", "milestones", i, "id"),
                    "spec.duplicate_id",
                    f"milestone id '{m.get('id')}' is used twice",
                )
            )
    return out


def _milestone_indicator_problems(milestones: list, indicators: dict) -> list[SpecProblem]:
    """A recording change's ``indicators`` are defined indicator ids."""
    out: list[SpecProblem] = []
    names = [str(k) for k in indicators]
    for i, m in enumerate(milestones):
        refs = m.get("indicators") if isinstance(m, dict) else None
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if str(ref) not in names:
                out.append(
                    SpecProblem(
                        ("treatment", "milestones", i, "indicators", j),
                        "spec.unknown_indicator",
                        f"milestone '{m.get('id')}' names indicator '{ref}', which is not "
                        f"defined; indicators: {', '.join(names) or '(none)'}",
                        suggest(ref, names),
                    )
                )
    return out
