"""Number formatting for narrative sentences, per language.

Rules (the same in both languages unless stated):

* **Minus sign** is U+2212 "−" everywhere, as :func:`fmt_pct` prints it;
  signed quantities (effects, interval bounds) carry "+" when positive; a value that
  rounds to zero is printed without a sign ("0%").
* **Precision supported by the interval** (:func:`decimals_for`): with an interval of
  width *w* (in the unit printed: percentage points for percentages), print
  ``1 − floor(log10(w))`` decimals, clamped to ``[0, 2]``: an interval 10 points wide or
  more gives whole percents (−22%), 1–10 points one decimal (−3.4%), under 1 point two
  decimals. The estimate and both bounds use the same number of decimals. If a non-zero
  bound would print as 0 (its side of zero would be lost), one more decimal is used.
  An unbounded interval gives whole numbers. With no interval (synthetic control)
  a percentage gets two significant digits at most: whole percents from 10% (−18%),
  one decimal below (−4.3%).
* **Levels** (counts, amounts, stocks, rates, means): whole numbers exactly; otherwise
  two decimals below 10 (two significant digits below 0.1: 0.034, 0.0012), one below
  100, none from 100.
  English groups thousands with commas (1,922; 12,000). Chinese writes numbers below
  10,000 as plain digits without a separator (1922: GB/T 15835 lets four-digit numbers go
  ungrouped, and Chinese prose rarely groups them) and from 10,000 in 万 or 亿 (12000 →
  1.2万, 328000 → 32.8万, 1.5e8 → 1.5亿) with two decimals below 10, one below 1000
  and none above, trailing zeros dropped.
* **Percent vs percentage points**: a relative change is a percent ("−22%", Chinese
  "下降22%"); a difference of two shares is in percentage points ("+3.2 percentage
  points", Chinese "3.2个百分点").
* **p-values**: two significant digits (0.76, 0.04, 0.013); below 0.001 as "< 0.001".
* **People and cases are whole**: a level of a ``count`` or ``stock`` (a total, a stock
  at a date: people, cases, incidents) is printed without a fractional part — never
  "3,812.4 people" — by :func:`kind_level` (sentences: :meth:`Quoter.kind_level`);
  a mean over periods or units (``mean=True``) keeps the level rule's decimals.

:class:`Quoter` formats and records every number it prints, so a sentence knows exactly
which values it quotes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MINUS = "\u2212"


def _finite(x: float) -> bool:
    return x is not None and math.isfinite(x)


def decimals_for(
    lo: float,
    hi: float,
    *,
    scale: float = 100.0,
    default: int = 1,
    max_decimals: int = 2,
    estimate: float | None = None,
) -> int:
    """Decimals that the interval ``lo..hi`` supports (width measured after ``scale``).

    Parameters
    ----------
    lo, hi : float
        Interval bounds (NaN: no interval; infinite: unbounded).
    scale : float
        Multiplier to the printed unit (100 for fractions printed as percent).
    default : int
        Decimals when there is no interval and no ``estimate``.
    estimate : float, optional
        With no interval: whole numbers when ``|estimate × scale| ≥ 10``, else one
        decimal (two significant digits at most).
    max_decimals : int
        Upper clamp.
    """
    if lo is None or hi is None or math.isnan(lo) or math.isnan(hi):
        if estimate is not None and math.isfinite(estimate):
            return 0 if abs(estimate * scale) >= 9.95 else 1
        return default
    if math.isinf(lo) or math.isinf(hi):
        return 0
    width = abs(hi - lo) * scale
    if width <= 0:
        return default
    d = 1 - math.floor(math.log10(width))
    d = max(0, min(max_decimals, d))
    for bound in (lo, hi):
        if bound != 0 and round(abs(bound) * scale, d) == 0:
            d = min(d + 1, max_decimals + 1)
    return d


def _fixed(x: float, d: int) -> str:
    return f"{abs(x):.{d}f}"


def signed(x: float, d: int, suffix: str = "") -> str:
    """'+12.3', '−4', '0' (no sign when it rounds to zero), with ``suffix``."""
    if math.isinf(x):
        return ("+∞" if x > 0 else f"{MINUS}∞") + suffix
    body = _fixed(x, d)
    if float(body) == 0:
        return body + suffix
    return ("+" if x > 0 else MINUS) + body + suffix


def unsigned(x: float, d: int, suffix: str = "") -> str:
    """Magnitude only: '22' for −0.22 × 100."""
    return _fixed(x, d) + suffix


def _zh_big(x: float) -> str | None:
    a = abs(x)
    if a >= 1e8:
        v, unit = a / 1e8, "亿"
    elif a >= 1e4:
        v, unit = a / 1e4, "万"
    else:
        return None
    d = 2 if v < 10 else 1 if v < 1000 else 0
    text = f"{v:.{d}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (MINUS if x < 0 else "") + text + unit


def level_decimals(a: float) -> int:
    """Decimals of a level below 10: two, or two significant digits below 0.1 (0.27,
    0.034, 0.0012; at most six decimals), so a small rate never prints as 0.0 or 0.3."""
    if a == 0 or a >= 0.1:
        return 2
    return min(6, 1 - math.floor(math.log10(a)))


def level(x: float, lang: str) -> str:
    """A count, amount, stock or rate level (see the module rules)."""
    if x is None or math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else f"{MINUS}∞"
    if lang == "zh":
        big = _zh_big(x)
        if big is not None:
            return big
    a = abs(x)
    d = 0 if float(x).is_integer() or a >= 100 else 1 if a >= 10 else level_decimals(a)
    sep = "," if lang != "zh" else ""
    text = f"{a:{sep}.{d}f}"
    return (MINUS if x < 0 and float(text.replace(",", "")) != 0 else "") + text


#: Kinds whose levels are whole things (people, cases, incidents): printed without a
#: fractional part unless they are means.
WHOLE_KINDS = ("count", "stock")


def whole(x: float, lang: str = "en") -> str:
    """A count of people or cases: rounded half away from zero, thousands separated
    (Chinese: 万/亿 from 10,000, as :func:`level`)."""
    if x is None or math.isnan(x) or math.isinf(x):
        return level(x, lang)
    r = math.copysign(math.floor(abs(x) + 0.5), x)
    return level(r + 0.0, lang)


def kind_level(x: float, kind: str, lang: str = "en", *, mean: bool = False) -> str:
    """A level of an indicator of ``kind`` for a sentence: whole for a count or a stock
    (unless ``mean``: a mean over periods or units), else :func:`level`."""
    if kind in WHOLE_KINDS and not mean:
        return whole(x, lang)
    return level(x, lang)


def fmt_kind_level(
    x: object, kind: str, digits: int = 1, *, mean: bool = False, sign: bool = False
) -> str:
    """A table cell for a level of ``kind``: a count or a stock (not a ``mean``) as a
    whole number with thousands separators ("3,812", never "3,812.4"); otherwise
    :func:`fmt_level` with ``digits``. ``sign``: a signed change or effect in the same
    units ("+8,192 people", U+2212 for minus)."""
    try:
        xf = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return fmt_number(x, digits)
    if kind in WHOLE_KINDS and not mean and math.isfinite(xf):
        xf = math.copysign(math.floor(abs(xf) + 0.5), xf) + 0.0
        text = fmt_number(abs(xf) if sign else xf, 0)
    else:
        text = fmt_level(abs(xf) if sign else xf, digits)
    if not sign or not math.isfinite(xf) or float(text.replace(",", "")) == 0:
        return text.replace("-", MINUS)
    return ("+" if xf > 0 else MINUS) + text


def p_text(p: float) -> str:
    """A p-value: two significant digits; '< 0.001' below 0.001."""
    if p < 0.001:
        return "< 0.001"
    text = f"{p:.2g}"
    return text if "e" not in text else f"{p:.3f}"


@dataclass
class Quoter:
    """Formats numbers for one sentence and remembers each value it printed."""

    lang: str = "en"
    values: list[float] = field(default_factory=list)

    def _keep(self, x: float) -> None:
        self.values.append(float(x))

    def pct(self, x: float, d: int, sign: bool = True) -> str:
        """A fraction as percent: 0.123 → '+12%' (d=0) or '12.3%' unsigned."""
        self._keep(x)
        if math.isinf(x):
            return "+∞" if x > 0 else f"{MINUS}∞"
        return signed(x * 100, d, "%") if sign else unsigned(x * 100, d, "%")

    def points(self, x: float, d: int, sign: bool = True) -> str:
        """A proportion difference as percentage points (number only): 0.032 → '+3.2'."""
        self._keep(x)
        return signed(x * 100, d) if sign else unsigned(x * 100, d)

    def share(self, x: float, d: int) -> str:
        """A share level as percent without sign: 0.607 → '60.7%'."""
        self._keep(x)
        return unsigned(x * 100, d, "%")

    def num(self, x: float, d: int, sign: bool = True) -> str:
        """A plain number on the outcome's scale with ``d`` decimals."""
        self._keep(x)
        if sign:
            return signed(x, d)
        return level(x, self.lang) if d < 0 else unsigned(x, d)

    def level(self, x: float) -> str:
        """A level by the level rule (thousands separators or 万/亿)."""
        self._keep(x)
        return level(x, self.lang)

    def kind_level(self, x: float, kind: str, *, mean: bool = False) -> str:
        """A level by :func:`kind_level` (whole people and cases)."""
        self._keep(x)
        return kind_level(x, kind, self.lang, mean=mean)

    def fold(self, x: float) -> str:
        """A fold (ratio): two decimals below 10, one above."""
        self._keep(x)
        return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"

    def count(self, x: float) -> str:
        """A whole count (units, ranks, horizons)."""
        self._keep(x)
        return str(round(x))

    def p(self, p: float) -> str:
        self._keep(p)
        return p_text(p)


# Table cells (the report's tables): plain fixed decimals, thousands separators, an en
# dash for a missing value. Kept beside the sentence formats so there is one module.


def fmt_number(x: object, digits: int = 1) -> str:
    """Thousands separators; integers without decimals; NaN or None as an en dash."""
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


def fmt_level(x: object, digits: int = 1) -> str:
    """A table cell for a level: :func:`fmt_number`, except that a non-whole value below 1
    gets two significant digits (0.27, 0.034) instead of ``digits`` decimals ("0.3")."""
    try:
        xf = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return fmt_number(x, digits)
    if math.isfinite(xf) and 0 < abs(xf) < 1 and not xf.is_integer():
        d = max(digits, level_decimals(abs(xf)))
        return f"{xf:.{d}f}"
    return fmt_number(xf, digits)


def fmt_pct(x: float | None, digits: int = 1, sign: bool = True) -> str:
    """A fraction as a percentage with U+2212 for minus ('+12.3%', '−4.0%')."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x * 100:+.{digits}f}%" if sign else f"{x * 100:.{digits}f}%"
    return s.replace("-", "−")
