"""Period and date text in the forms people write them, read into (date, resolution).

Plain Python (no pandas): the spec validator uses it as well as the data readers. A cell
is read as the first day of what it names, with its resolution: ``D`` (a date), ``W`` (an
ISO week, read as its Thursday, the day that places a week in its ISO year), ``M``
(a month), ``Q`` (a quarter) or ``Y`` (a year). The readers aggregate finer cells to the
study frequency and refuse coarser ones.

Accepted (full-width digits too): dates ``2021-03-17``, ``2021/3/17``, ``2021.3.17``,
``2021年3月17日``, day-first or month-first ``17/03/2021`` (the order is taken from the
column, see :func:`day_month_order`); months ``2021-03``, ``2021/3``, ``2021.03``,
``202103``, ``2021年3月``; quarters ``2021Q1``, ``2021-Q1``, ``2021 Q1``, ``Q1 2021``,
``Q12021``, ``Q1-2021``, ``2021年第1季度``, ``2021年1季度``, ``2021年第一季度``; ISO weeks
``2021-W05``, ``2021W05``; years ``2021``, ``2021年``.
"""

from __future__ import annotations

import datetime as _dt
import re

#: resolutions from finest to coarsest
RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}

FULLWIDTH = str.maketrans("０１２３４５６７８９．－／Ｑｑ　", "0123456789.-/Qq ")

_CN_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$")
_YM_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_QUARTER_YQ = re.compile(r"^(\d{4})\s*[-/]?\s*[Qq]\s*([1-4])$")
_QUARTER_QY = re.compile(r"^[Qq]\s*([1-4])\s*[-/]?\s*(\d{4})$")
_QUARTER_CN = re.compile(r"^(\d{4})\s*年\s*(?:第\s*)?([1-4一二三四])\s*季(?:度)?$")
_WEEK = re.compile(r"^(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?\s*(?:年)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")

_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}

#: the forms listed for a user, in messages about period text
FORMS_HINT = (
    "write periods as 2021-01, 2021-01-15, 2021/1, 202101 or 2021年1月; quarters as "
    "2021-Q1, 2021Q1, Q1 2021 or 2021年第1季度; years as 2021 or 2021年"
)


def normalise(text: object) -> str:
    return str(text).strip().translate(FULLWIDTH)


def read_period(text: object) -> tuple[_dt.date | None, str]:
    """(first day, resolution) of one period or date cell; (None, "") if not readable.

    A day-first or month-first date (``03/04/2021``) is not read here: its order is a
    property of the column (:func:`read_dmy`).
    """
    t = normalise(text)
    m = _YEAR.match(t)
    if m:
        return _dt.date(int(m.group(1)), 1, 1), "Y"
    for rx in (_CN_DATE, _YMD):
        m = rx.match(t)
        if m:
            y, mth, d = int(m.group(1)), int(m.group(2)), m.group(3)
            return _date(y, mth, int(d or 1)), "D" if d else "M"
    m = _YM_COMPACT.match(t)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), 1), "M"
    for rx, yi, qi in ((_QUARTER_YQ, 1, 2), (_QUARTER_QY, 2, 1), (_QUARTER_CN, 1, 2)):
        m = rx.match(t)
        if m:
            q = m.group(qi)
            q = _CN_DIGIT.get(q) or int(q)
            return _dt.date(int(m.group(yi)), 3 * q - 2, 1), "Q"
    m = _WEEK.match(t)
    if m:
        try:
            return _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 4), "W"
        except ValueError:
            return None, ""
    return None, ""


def _date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def dmy_parts(text: object) -> tuple[int, int, int] | None:
    """(first, second, year) of a ``dd/mm/yyyy`` or ``mm/dd/yyyy`` cell, else None."""
    m = _DMY.match(normalise(text))
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def day_month_order(parts: list[tuple[int, int, int]]) -> str | None:
    """'dm' or 'md' for a column of ``a/b/yyyy`` cells; None when the column does not say.

    A first number above 12 somewhere means day first; a second above 12 means month
    first; both, or neither, leave the order open (the caller reports the cells that
    would read differently).
    """
    day_first = any(a > 12 for a, _, _ in parts)
    month_first = any(b > 12 for _, b, _ in parts)
    if day_first != month_first:
        return "dm" if day_first else "md"
    return None


def read_dmy(parts: tuple[int, int, int], order: str) -> _dt.date | None:
    a, b, y = parts
    return _date(y, b, a) if order == "dm" else _date(y, a, b)


# -- the spec's period text -----------------------------------------------------------

SPEC_FORMS = (
    "YYYY-MM (2021-01), YYYY-MM-DD (2021-01-15), a quarter (2021-Q1, 2021Q1, Q1 2021, "
    "2021年第1季度), 2021年1月, an ISO week (2021-W05) or YYYY (2021, 2021年)"
)
_SPEC_MONTH = re.compile(
    r"^\d{4}-\d{2}(?:-\d{2})?$|^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$"
)


def spec_period_ok(text: str) -> bool:
    """True for the period forms the spec accepts (every form above but slash, dot,
    compact and day/month-first dates, which read ambiguously in a hand-written file)."""
    t = normalise(text)
    if _SPEC_MONTH.match(t):
        return read_period(t)[0] is not None
    if any(rx.match(t) for rx in (_QUARTER_YQ, _QUARTER_QY, _QUARTER_CN, _WEEK)):
        return read_period(t)[0] is not None
    return bool(re.match(r"^\d{4}\s*年?$", t))
