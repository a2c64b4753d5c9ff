"""Schema rules of the keys that change how a source's rows are read, checked when
``study.yml`` loads (plain Python, no data read):

* ``rows: {column: value}`` — a row filter: a non-empty mapping of column names to one
  value each (text or a number; ``true``/``false`` and lists are refused, so YAML's
  ``yes``/``no`` cannot become a silent filter on ``True``).
* ``period_values: {label: period}`` — labels of the period column and their periods
  (written as spec periods: ``1980``, ``2021-01``, ``2010-Q4``); two labels that are the
  same number (``1`` and ``1.0``) are refused, since a cell would match both.
* ``period: [year, month]`` (or ``[year, quarter]``) — two different column names.
* ``unit_name`` — a single series without a unit column; never with ``unit``.
* Covariates written ``log(column)``: :func:`covariate_column` splits them into the
  column read and the transform; :func:`canonical_covariate` writes every covariate in
  one form (``log(PetrolPrice)``, no inner spaces), the name it has in the Panel's frames
  and rows and in term names downstream. Only ``log`` is a transform.

Which combinations make no sense (a filter is fine on any shape; a period built from
columns or mapped from labels needs a period column, i.e. a panel or microdata source;
``unit_name`` a unit, i.e. not facts; wide layouts that already say where periods or units
are) is :func:`combination_problem`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from analysis.intake.periods import SPEC_FORMS, spec_period_ok

#: the frame column made for ``unit_name`` (the file must not have a column of that name)
UNIT_NAME_COLUMN = "unit_name"

_LOG = re.compile(r"^\s*log\s*\(\s*(?P<col>.*?)\s*\)\s*$")
_CALL = re.compile(r"^\s*(?P<fn>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<arg>.*)\)\s*$")


def as_number(text: str) -> float | None:
    """The finite number a text spells (``"1.0"`` -> 1.0), else None."""
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def scalar_text(v: Any, what: str) -> str:
    """A spec value (text or number) as the text it is compared by; 1.0 -> '1'."""
    if isinstance(v, bool) or v is None or isinstance(v, list | dict):
        shown = "empty" if v is None else repr(v)
        raise ValueError(
            f"{what} must be one text or number, got {shown}"
            + (
                " (YAML reads yes/no/true/false as booleans: put the value in quotes)"
                if isinstance(v, bool)
                else ""
            )
        )
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def row_filter(v: Any) -> Any:
    """``rows``: a non-empty mapping column -> one value (kept as given, keys as text)."""
    if v is None or not isinstance(v, dict):
        return v  # the schema reports a wrong type
    if not v:
        raise ValueError("rows needs at least one column: value pair, e.g. {state: CA}")
    out = {}
    for col, val in v.items():
        scalar_text(val, f"rows.{col}")
        out[str(col).strip()] = val.strip() if isinstance(val, str) else val
    return out


def period_labels(v: Any) -> Any:
    """``period_values``: labels (text or numbers) -> spec period text."""
    if v is None or not isinstance(v, dict):
        return v
    if not v:
        raise ValueError("period_values needs at least one label: period pair, e.g. {'0': 1980}")
    out: dict[str, str] = {}
    for label, period in v.items():
        key = scalar_text(label, "a period_values label")
        text = scalar_text(period, f"period_values.{key}")
        if not spec_period_ok(text):
            raise ValueError(f"period_values.{key}: '{text}' is not a period; write {SPEC_FORMS}")
        out[key] = text
    numbers: dict[float, str] = {}
    for key in out:
        x = as_number(key)
        if x is not None and x in numbers:
            raise ValueError(
                f"period_values labels '{numbers[x]}' and '{key}' are the same number: "
                "a cell would match both"
            )
        if x is not None:
            numbers[x] = key
    return out


def period_parts(v: Any) -> Any:
    """``period``: a column name, or a list of two different column names."""
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, list):
        names = [str(c).strip() for c in v]
        if len(names) != 2 or not all(names) or names[0] == names[1]:
            raise ValueError(
                "period as a list names two different columns, the year and the month (or "
                f"quarter), e.g. [year, month]; got {v}"
            )
        return names
    return v


def period_column_name(period: str | list[str] | None) -> str | None:
    """The frame column of the period: the column itself, or ``"year, month"`` for a
    period built from two columns."""
    if isinstance(period, list):
        return ", ".join(period)
    return period


def combination_problem(src: Any) -> str | None:
    """Why a source's keys contradict each other (``None`` when they do not)."""
    wide = src.wide.columns if src.wide is not None else None
    built = isinstance(src.period, list)
    if src.unit is not None and src.unit_name is not None:
        return (
            "give 'unit' (the unit column) or 'unit_name' (a single series without a unit "
            "column), not both"
        )
    if src.unit_name is not None and src.shape == "facts":
        return "unit_name applies to panel, microdata and events sources, not to facts"
    if src.shape in ("events", "facts") and (built or src.period_values is not None):
        what = "period: [..]" if built else "period_values"
        return (
            f"{what} applies to panel and microdata sources (a period column); a "
            f"'{src.shape}' source has none"
            + (": its rows are dated by 'date'" if src.shape == "events" else "")
        )
    if built and src.period_values is not None:
        return "period_values maps the labels of one period column, not of [year, month]"
    if wide == "units" and src.unit_name is not None:
        return "with wide: {columns: units} the units are the header cells: remove unit_name"
    if wide is not None and built:
        return "a wide file's periods are one column or the header cells, not [year, month]"
    if wide == "periods" and src.period_values is not None:
        return (
            "with wide: {columns: periods} the periods are the header cells: period_values "
            "has no column to map"
        )
    return None


def covariate_column(name: str) -> tuple[str, str | None]:
    """(column read, transform) of a covariate: ``log(x)`` -> ``("x", "log")``."""
    m = _LOG.match(name)
    if m:
        return m.group("col"), "log"
    return name.strip(), None


def canonical_covariate(name: Any) -> Any:
    """One spelling per covariate: ``log( x )`` -> ``log(x)``; other names stripped."""
    if not isinstance(name, str):
        return name
    col, transform = covariate_column(name)
    if transform == "log":
        if not col:
            raise ValueError("log() needs a column: write log(column)")
        return f"log({col})"
    return col


def other_function(name: str) -> str | None:
    """The function name of a covariate written ``f(x)`` with ``f`` not ``log``."""
    m = _CALL.match(name)
    return m.group("fn") if m and m.group("fn") != "log" else None
