"""Cell-level checks shared by every source shape: numbers, periods, the unit x period
grid, and the collector the checks report their issues to (with file rows, header = row 1,
or spec keys and lines).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.core.errors import Issue, suggest
from analysis.core.vocabulary import Severity
from analysis.intake.files import parse_numbers, read_period_cells

FREQ_WORD = {"M": "month", "Q": "quarter", "Y": "year"}


def file_rows(mask: pd.Series) -> tuple[int, ...]:
    """File row numbers (header is row 1) where mask is True."""
    return tuple(int(i) + 2 for i in mask[mask].index)


def row_ranges(rows) -> str:
    """File rows as short runs: 2-32, 40, 45-46."""
    runs: list[list[int]] = []
    for r in sorted(set(rows)):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in runs)


def listing(values: list[str], limit: int = 10) -> str:
    shown = ", ".join(str(v) for v in values[:limit])
    return shown + (f" ... ({len(values)} in all)" if len(values) > limit else "")


def sample_values(values: pd.Series, n: int = 3) -> str:
    """A few distinct cell values, quoted and shortened, for a message."""
    shown = []
    for v in pd.unique(values.to_numpy())[:n]:
        text = str(v)
        shown.append(repr(text if len(text) <= 40 else text[:37] + "..."))
    more = len(pd.unique(values.to_numpy())) - n
    return ", ".join(shown) + (f" (and {more} other value(s))" if more > 0 else "")


def missing_column(fname: str, col: str | None, present: list[str], role: str) -> Issue:
    hint = suggest(col, present)
    return Issue(
        "error",
        "column.missing",
        f"{role} column '{col}' not found; columns in file: {listing(present, 20)}",
        file=fname,
        column=col,
        hint=hint or "check the column name in study.yml",
    )


class Collector:
    def __init__(
        self, spec_file: str = "", line: Callable[[str], int | None] | None = None
    ) -> None:
        self.issues: list[Issue] = []
        self.spec_file = spec_file
        self._line = line or (lambda _key: None)

    def add(self, *a, **k) -> None:
        self.issues.append(Issue(*a, **k))

    def extend(self, items: list[Issue]) -> None:
        self.issues.extend(items)

    def has_key(self, key: str) -> bool:
        return self._line(key) is not None

    def line_of(self, key: str) -> int | None:
        """The study.yml line of a spec key (None when it is not written there)."""
        return self._line(key)

    def spec(
        self,
        severity: Severity,
        code: str,
        message: str,
        key: str,
        hint: str | None = None,
        line_key: str | None = None,
    ) -> None:
        """An issue located at a key of study.yml (with its line)."""
        line = self._line(line_key or key)
        self.issues.append(
            Issue(
                severity,
                code,
                message,
                file=self.spec_file,
                column=key,
                rows=(line,) if line else (),
                hint=hint,
            )
        )


def check_numeric(col: pd.Series, fname: str, name: str, role: str, out: Collector) -> pd.Series:
    num, missing, bad = parse_numbers(col)
    if bad.any():
        sample = sample_values(col[bad])
        out.add(
            "error",
            "value.non_numeric",
            f"not a number: {sample}",
            file=fname,
            column=name,
            rows=file_rows(bad),
            hint="use plain numbers, e.g. 1234 or 1,234; leave no text or symbols in cells",
        )
    if missing.any() and role != "predictor":  # a predictor's mean is over the values given
        out.add(
            "error",
            "value.missing",
            "empty cell(s); missing values are never assumed zero",
            file=fname,
            column=name,
            rows=file_rows(missing),
            hint="enter 0 only where the true value is zero",
        )
    if role in ("count", "stock", "proportion", "rate", "denominator", "exposure", "weight"):
        neg = num < 0
        if neg.any():
            word = {"denominator": "denominator", "exposure": "exposure", "weight": "weight"}.get(
                role, role
            )
            out.add(
                "error",
                "value.negative",
                f"negative value(s) {', '.join(f'{v:g}' for v in num[neg].unique()[:3])}; "
                f"a {word} cannot be below 0",
                file=fname,
                column=name,
                rows=file_rows(neg),
            )
    if role in ("count",):
        frac = num.notna() & (num % 1 != 0)
        if frac.any():
            out.add(
                "warning",
                "value.non_integer",
                "a count with fractional values",
                file=fname,
                column=name,
                rows=file_rows(frac),
                hint="Poisson intervals assume whole counts: declare kind measure for a "
                "continuous value, or kind rate (column without exposure) for a given rate",
            )
    if role in ("exposure", "weight"):
        zero = num == 0
        if zero.any():
            out.add(
                "error",
                f"value.zero_{role}",
                f"{role} must be > 0",
                file=fname,
                column=name,
                rows=file_rows(zero),
            )
    return num


def check_periods(
    col: pd.Series, fname: str, name: str, freq: str, what: str, out: Collector, hint: str
) -> pd.Series:
    """Parse a period/date column, reporting empty, unreadable, ambiguous and too-coarse
    cells."""
    return check_period_cells(col, fname, name, freq, what, out, hint).periods


def check_period_cells(
    col: pd.Series, fname: str, name: str, freq: str, what: str, out: Collector, hint: str
):
    """:func:`check_periods` returning the whole read (periods and each cell's first day)."""
    cells = read_period_cells(col, freq)
    word = FREQ_WORD.get(freq, freq)
    if cells.missing.any():
        out.add(
            "error",
            "period.missing",
            f"empty {what} cell(s)",
            file=fname,
            column=name,
            rows=file_rows(cells.missing),
        )
    if cells.unreadable.any():
        out.add(
            "error",
            "period.unparseable",
            f"cannot read {what}(s) {sample_values(col[cells.unreadable])}",
            file=fname,
            column=name,
            rows=file_rows(cells.unreadable),
            hint=hint,
        )
    dotted = cells.ambiguous & col.astype(str).str.strip().str.fullmatch(r"\d{4}\.[1-4]")
    if dotted.any():
        out.add(
            "error",
            "period.ambiguous",
            f"{what}(s) {sample_values(col[dotted])} can be read as a quarter (2019.1 = "
            "2019Q1) or as a month (January 2019), which fall in different periods",
            file=fname,
            column=name,
            rows=file_rows(dotted),
            hint="write quarters as 2019Q1 or 2019-Q1",
        )
    if (cells.ambiguous & ~dotted).any():
        out.add(
            "error",
            "period.ambiguous",
            f"{what}(s) {sample_values(col[cells.ambiguous & ~dotted])} can be read day first "
            "or month "
            f"first, which falls in a different {word}, and no cell in the column shows the "
            "order (a first or second number above 12)",
            file=fname,
            column=name,
            rows=file_rows(cells.ambiguous & ~dotted),
            hint="write dates year first, e.g. 2021-04-03",
        )
    if cells.coarse.any():
        out.add(
            "error",
            "period.too_coarse",
            f"{what}(s) {sample_values(col[cells.coarse])} do not say which {word} "
            f"(the study frequency is '{word}')",
            file=fname,
            column=name,
            rows=file_rows(cells.coarse),
            hint=hint,
        )
    return cells


def check_grid(
    units: pd.Series,
    periods: pd.Series,
    raw_periods: pd.Series,
    fname: str,
    unit_col: str,
    period_col: str,
    freq: str,
    out: Collector,
    *,
    repeats: bool = False,
    contiguous: bool = True,
) -> None:
    """Duplicates and gaps of a unit x period table (gaps are reported, never filled).

    ``repeats``: several rows per unit and period are expected (microdata, or a source
    with ``aggregate``), so only gaps are checked. ``contiguous``: every period between
    the first and the last must be present; otherwise the grid is the periods present
    (designs that compare before/after periods only) and each unit needs every one of them.
    """
    ok = periods.notna() & units.notna()
    if not ok.any():
        return
    if not repeats:
        _check_duplicates(units, periods, raw_periods, ok, fname, unit_col, period_col, freq, out)
    pvals = pd.PeriodIndex(periods[ok].tolist(), freq=freq)
    full = (
        pd.period_range(pvals.min(), pvals.max(), freq=freq)
        if contiguous
        else pd.PeriodIndex(sorted(set(pvals)), freq=freq)
    )
    absent = full.difference(pvals)
    have = pd.DataFrame({"u": units[ok].astype(str).to_numpy(), "p": pvals})
    for u, grp in have.groupby("u", sort=True):
        missing = full.difference(pd.PeriodIndex(grp["p"]))
        if len(missing):
            listed = ", ".join(str(p) for p in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            hint = (
                "gaps are never filled with zeros: add the missing rows, with 0 "
                "only where the true value is zero"
            )
            if len(absent):
                hint = (
                    f"no unit has a row for {listing([str(p) for p in absent], 8)}: the "
                    "designs its, sts and staggered need every period between the first and "
                    "the last; with designs descriptive and did only, periods that are not "
                    "consecutive (survey years) are accepted"
                )
            out.add(
                "error",
                "grid.gap",
                f"unit '{u}' has no row for {len(missing)} period(s): {listed}{more} "
                f"(the file covers {full[0]}..{full[-1]})",
                file=fname,
                column=period_col,
                hint=hint,
            )


def _check_duplicates(
    units: pd.Series,
    periods: pd.Series,
    raw_periods: pd.Series,
    ok: pd.Series,
    fname: str,
    unit_col: str,
    period_col: str,
    freq: str,
    out: Collector,
) -> None:
    key = pd.DataFrame(
        {
            "u": units[ok].astype(str),
            "p": periods[ok].astype(str),
            "raw": raw_periods[ok].astype(str),
        }
    )
    dup = key.duplicated(["u", "p"], keep=False)
    if dup.any():
        for u, grp in key[dup].groupby("u", sort=True):
            groups = list(grp.groupby("p", sort=True))
            detail = "; ".join(
                f"{p} (rows {row_ranges(int(i) + 2 for i in g.index)})" for p, g in groups[:6]
            )
            more = f"; and {len(groups) - 6} more period(s)" if len(groups) > 6 else ""
            hint = (
                "keep one row per unit and period, or set 'aggregate: sum', 'mean' or "
                "'last' for this source in study.yml to combine them"
            )
            if any(g["raw"].nunique() > 1 for _, g in groups):
                word = FREQ_WORD.get(freq, freq)
                hint += (
                    f"; rows with different dates fall in the same {word}: "
                    "is 'frequency' in study.yml right?"
                )
            out.add(
                "error",
                "row.duplicate",
                f"unit '{u}' has more than one row for {len(groups)} period(s): {detail}{more}",
                file=fname,
                column=f"{unit_col}, {period_col}",
                rows=tuple(sorted({int(i) + 2 for i in grp.index})),
                hint=hint,
            )
