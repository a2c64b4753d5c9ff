"""The results-object contract shared by every estimator.

Results are frozen dataclasses of plain values (floats, strings, tuples and
nested results), so ``to_dict`` is JSON and ``from_dict`` rebuilds the object.
Subclasses implement ``to_frame``, ``headline`` and ``plot``.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd

# Tidy column vocabulary (DESIGN.md): every table uses these names.
ESTIMATE_COLUMNS = ("estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high")


def _jsonable(v: Any) -> Any:
    """JSON-safe form: NaN -> null, ±inf -> "inf"/"-inf" (JSON has no infinity, and an
    exact interval bound can be infinite), numpy scalars -> Python."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {
            f.name: _jsonable(getattr(v, f.name))
            for f in dataclasses.fields(v)
            if f.metadata.get("json", True)
        }
    if isinstance(v, tuple | list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, float | np.floating):
        f = float(v)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    if isinstance(v, np.integer):
        return int(v)
    return v


def _rebuild(tp: Any, v: Any) -> Any:
    if tp is float:  # null was NaN; "inf"/"-inf" were infinities
        return float("nan") if v is None else float(v)
    if v is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        for a in args:
            try:
                return _rebuild(a, v)
            except (TypeError, ValueError, KeyError):
                continue
        return v
    if origin is tuple:
        args = typing.get_args(tp)
        inner = args[0] if args else Any
        return tuple(_rebuild(inner, x) for x in v)
    if origin is dict:
        _, vt = typing.get_args(tp)
        return {k: _rebuild(vt, x) for k, x in v.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(v, dict):
            raise TypeError(f"expected mapping for {tp.__name__}")
        return tp.from_dict(v) if hasattr(tp, "from_dict") else tp(**v)
    return v


class Result:
    """Mixin giving results the common contract.

    Subclasses are ``@dataclass(frozen=True, eq=False)``: equality compares the JSON
    form, so results holding NaN equal themselves and survive a round trip.
    """

    kind: ClassVar[str] = "result"

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - abstract
        raise NotImplementedError

    def headline(self, lang: str = "en") -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def plot(self, *, ax=None):  # pragma: no cover - abstract
        raise NotImplementedError

    def summary(self) -> str:
        """Plain-text summary: the headline then the table."""
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            return f"{self.headline()}\n\n{self.to_frame().to_string(index=False)}"

    def to_dict(self) -> dict:
        return {"kind": self.kind, **_jsonable(self)}

    @classmethod
    def from_dict(cls, d: dict) -> Self:
        d = {k: v for k, v in d.items() if k != "kind"}
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in d:
                kwargs[f.name] = _rebuild(hints.get(f.name, Any), d[f.name])
        return cls(**kwargs)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        import json

        return hash(json.dumps(self.to_dict(), sort_keys=True))

    def _repr_html_(self) -> str:
        from analysis.report.tables import frame_html

        return frame_html(self.to_frame(), caption=self.headline())
