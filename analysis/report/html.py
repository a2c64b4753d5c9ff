"""Number formats of the report tables (to merge into analysis/narrative/numbers.py) and
``esc`` for the numbers modules that still build HTML (the report itself escapes through
Jinja2/markupsafe: analysis/report/render.py)."""

from __future__ import annotations

import html
import math


def esc(value: object) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt_number(x: object, digits: int = 1) -> str:
    """Thousands separators; integers without decimals; NaN as an en dash."""
    if x is None:
        return "–"
    try:
        xf = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(xf):
        return "–"
    if xf.is_integer() and abs(xf) < 1e15:
        return f"{int(xf):,}"
    return f"{xf:,.{digits}f}"


def fmt_pct(x: float | None, digits: int = 1, sign: bool = True) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x * 100:+.{digits}f}%" if sign else f"{x * 100:.{digits}f}%"
    return s.replace("-", "−")


def fmt_rel(x: float) -> str:
    """A relative effect in headline sentences: '+12.3%'; an infinite bound (a
    counterfactual band reaching 0) is 'unbounded', never a number."""
    return "unbounded" if math.isinf(x) else f"{x * 100:+.1f}%"


def fmt_interval(lo: float | None, hi: float | None, pct: bool = False, digits: int = 1) -> str:
    if lo is None or hi is None or any(isinstance(v, float) and math.isnan(v) for v in (lo, hi)):
        return "–"
    f = (lambda v: fmt_pct(v, digits)) if pct else (lambda v: fmt_number(v, digits))
    return f"{f(lo)} to {f(hi)}"
