"""From YAML nodes and pydantic errors to :class:`Issue` records: the YAML line of a key
path, duplicate keys (which YAML silently drops), and schema errors rewritten as
messages that name the key, the allowed keys or values, and the line.
"""

from __future__ import annotations

import types
import typing
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from analysis.core.errors import Issue, suggest
from analysis.intake.cross_refs import ID_PATTERN

SPEC_HINT = "every allowed key is listed in data/README.md"


def line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """1-based YAML line of the deepest node found along a key path."""
    node = root
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if getattr(k, "value", None) == str(key):
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                break
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def spec_key_lines(spec_file: str | Path) -> typing.Callable[[str], int | None]:
    """A lookup: dotted key path (``treatment.units``, ``claims.0.id``) -> 1-based line."""
    try:
        root = yaml.compose(Path(spec_file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        root = None

    def line(dotted: str) -> int | None:
        loc = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        return line_of(root, loc)

    return line


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/Union wrappers down to the model or container inside."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            containers = [a for a in args if typing.get_origin(a) in (list, dict)]
            picked = models or containers or args
            tp = picked[0]
            continue
        return tp


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Allowed keys of the mapping that holds the last element of ``loc`` in ``model``."""
    tp: Any = model
    for part in loc[:-1]:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            f = tp.model_fields.get(str(part))
            if f is None:
                return []
            tp = f.annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        elif typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [n for n, f in tp.model_fields.items() if not f.exclude]
    return []


_TYPE_WORDS = {
    "dict_type": "a mapping (indented 'key: value' lines)",
    "model_type": "a mapping (indented 'key: value' lines)",
    "model_attributes_type": "a mapping (indented 'key: value' lines)",
    "list_type": "a list ('- item' lines or [a, b])",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _friendly_pattern(path: str, value: object, pattern: str) -> str:
    if pattern == ID_PATTERN:
        rule = "lower_snake_case: a-z, 0-9 and _, starting with a letter (e.g. 'calls_110')"
    elif path == "id":
        rule = "1-64 characters a-z, 0-9, _ or -, starting with a letter or digit (e.g. 'my_pilot')"
    else:
        rule = f"text matching {pattern}"
    return f"{value!r} is not a valid id; use {rule}"


def issue_from_error(
    err: ErrorDetails, root: yaml.Node | None, fname: str, model: type[BaseModel]
) -> Issue:
    """One pydantic error of ``model`` as an Issue at its key path and YAML line."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # drop pydantic's union-branch labels ('str', 'Text', literal names ...)
    clean = [
        p
        for p in loc
        if not (isinstance(p, str) and ("[" in p or p in {"str", "int", "list[str]"}))
    ]
    path = ".".join(str(p) for p in clean) or "(top level)"
    line = line_of(root, tuple(clean))
    etype = err["type"]
    msg = err["msg"].removeprefix("Value error, ")
    hint = None
    value = err.get("input")
    if etype == "extra_forbidden":
        key = clean[-1] if clean else path
        msg = f"unknown key '{key}'"
        allowed = _allowed_keys(model, tuple(clean))
        hint = suggest(key, allowed) if allowed else None
        if allowed:
            msg += f"; allowed here: {', '.join(allowed)}"
        hint = hint or f"check the spelling; {SPEC_HINT}"
    elif etype == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        msg = f"value {value!r} is not allowed; allowed: {allowed}"
    elif etype == "missing":
        key = clean[-1] if clean else path
        parent = ".".join(str(p) for p in clean[:-1])
        msg = f"required key '{key}' is missing" + (f" under '{parent}'" if parent else "")
        line = line_of(root, tuple(clean[:-1])) or line
    elif etype == "string_pattern_mismatch":
        msg = _friendly_pattern(path, value, err.get("ctx", {}).get("pattern", ""))
    elif etype in _TYPE_WORDS:
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        msg = f"should be {_TYPE_WORDS[etype]}, got {shown}"
    elif etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        msg = f"{msg.replace('Input should be', 'must be')}, got {value!r}"
    return Issue(
        "error",
        "spec." + etype,
        msg,
        file=fname,
        column=path,
        rows=(line,) if line else (),
        hint=hint,
    )


def merge_union_issues(issues: list[Issue]) -> list[Issue]:
    """One issue per key: a value failing every branch of a union gives one message."""
    merged: dict[str | None, Issue] = {}
    out: list[Issue] = []
    for i in issues:
        first = merged.get(i.column)
        if first is None or i.code == "spec.extra_forbidden" or first.code == "spec.missing":
            merged.setdefault(i.column, i)
            out.append(i)
            continue
        combined = replace(
            first, code="spec.invalid_value", message=f"{first.message}; or {i.message}"
        )
        out[out.index(first)] = combined
        merged[i.column] = combined
    return out


def duplicate_keys(node: yaml.Node | None, fname: str, prefix: str = "") -> list[Issue]:
    """YAML silently keeps the last of two equal keys; report them instead."""
    issues: list[Issue] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = str(getattr(k, "value", ""))
            line = k.start_mark.line + 1
            path = f"{prefix}.{key}" if prefix else key
            if key in seen:
                issues.append(
                    Issue(
                        "error",
                        "spec.duplicate_key",
                        f"key '{key}' appears twice (lines {seen[key]} and {line}); "
                        "YAML would silently keep only the second",
                        file=fname,
                        column=path,
                        rows=(seen[key], line),
                        hint="merge the two entries into one",
                    )
                )
            else:
                seen[key] = line
            issues += duplicate_keys(v, fname, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            issues += duplicate_keys(v, fname, f"{prefix}.{i}" if prefix else str(i))
    return issues
