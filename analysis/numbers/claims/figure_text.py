"""A claim value in the claim's own terms (22%, +3.2 pp, 3×, 12,000).

These strings are data, not prose: they go into the stored fields of parsed claims and
verdicts (reading labels, notes, arithmetic, tolerance, reason) and so into
``results.json``; the sentences a reader sees are written by
:mod:`analysis.narrative.claims` with :mod:`analysis.narrative.numbers`."""

from __future__ import annotations

import math


def fmt_num(x: float | None) -> str:
    """12000 → '12,000'; 235.5 → '235.5'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if float(x).is_integer():
        return f"{int(x):,}".replace("-", "−")
    return f"{x:,.4f}".rstrip("0").rstrip(".").replace("-", "−")


def fmt_pct(x: float | None, decimals: int = 1, sign: bool = False) -> str:
    if x is None or math.isnan(x):
        return "–"
    s = f"{x * 100:+.{decimals}f}%" if sign else f"{x * 100:.{decimals}f}%"
    return s.replace("-", "−")


def fmt_mult(x: float, decimals: int | None = None) -> str:
    if decimals is None:
        return f"{int(x)}×" if float(x).is_integer() else f"{x:g}×"
    return f"{x:.{decimals}f}×"


def pct_decimals(step: float | None) -> int:
    if not step:
        return 1
    return max(1, -math.floor(math.log10(step * 100 / 2) + 1e-9))


def fmt_value(x: float | None, kind: str, step: float | None = None, sign: bool = False) -> str:
    """A value in the claim's own terms: 22% / 3× / 12,000."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if kind in ("percent_change", "percentage_point_change"):
        d = pct_decimals(step) if step else _stated_decimals(x)
        s = fmt_pct(x, d, sign=True)
        return s.replace("%", " pp") if kind == "percentage_point_change" else s
    if kind == "share":
        return fmt_pct(x, pct_decimals(step) if step else _stated_decimals(x))
    if kind == "multiple":
        return fmt_mult(x) if step is None else fmt_mult(x, max(1, step_decimals(step / 2)))
    return fmt_num(x)


def _stated_decimals(x: float) -> int:
    s = f"{x * 100:.6f}".rstrip("0").rstrip(".")
    return len(s.split(".")[1]) if "." in s else 0


def step_decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9))
