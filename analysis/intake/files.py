"""Read study data files (CSV in any common encoding, Excel, Parquet) as raw text tables.

Values are read as strings so that validation, not the reader, decides what a
cell means and can point at the exact row. Raw files are never written to.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import Issue
from analysis.intake.periods import RANK, day_month_order, dmy_parts, read_dmy, read_period

# Excel on a Chinese-locale Windows writes GBK; GB18030 is its superset, so it
# decodes every GBK file and more. Tried in this order when no BOM is present.
_CANDIDATES = ("utf-8", "gb18030")


@dataclass(frozen=True)
class RawTable:
    """A data file read as text, with what is needed for provenance."""

    file: str
    frame: pd.DataFrame  # all cells as str (missing -> NA); file row n == index + 2
    encoding: str | None
    sha256: str
    n_rows: int
    header_row: int = 1  # file row of the header (blank lines above it shift it)


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def detect_encoding(data: bytes) -> tuple[str | None, str]:
    """Return (encoding, how) for CSV bytes; ``None`` when no candidate decodes them.

    A BOM decides; otherwise strict UTF-8, then GB18030 (covers GBK/GB2312),
    then charset-normalizer's best guess. ``how`` says which rule applied, so
    the report can state it instead of guessing silently. Text containing NUL
    bytes (UTF-16 without a BOM, binary files) is refused: every candidate
    would "decode" it into garbage.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "byte-order mark"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "byte-order mark (UTF-16)"
    if b"\x00" in data:
        sample = data[:4000]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) // 8:
            return None, (
                "the file looks like UTF-16 text without a byte-order mark "
                "(every other byte is zero)"
            )
        return None, "the file contains NUL bytes: it is binary, not CSV text"
    for enc in _CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8":
            return enc, "decodes as UTF-8"
        if _mostly_common_chinese(text):
            return enc, "not UTF-8; decodes as GB18030 (GBK-compatible, Excel on Chinese Windows)"
        break  # decodes, but into rare characters: probably a Western code page
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return best.encoding, "detected by charset-normalizer (low confidence: check the text)"
    return None, "no known encoding decodes this file"


def _mostly_common_chinese(text: str) -> bool:
    """True when most non-ASCII characters are in GB2312 (everyday Simplified Chinese).

    GB18030 decodes almost any byte string, e.g. Latin-1 'Éa' becomes '蒩';
    real GBK exports consist mostly of the 7,445 GB2312 characters.
    """
    chars = {c for c in text if ord(c) > 127}
    if not chars:
        return True
    common = 0
    for c in chars:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.7 * len(chars)


def _strip(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    for c in frame.columns:
        s = frame[c].astype("string").str.strip()
        frame[c] = s.mask(s == "", pd.NA)
    return frame


_PARSER_LINE = re.compile(r"line (\d+)")


def _decode_csv(
    data: bytes, encoding: str, fname: str, issues: list[Issue]
) -> tuple[str | None, str | None]:
    """Bytes -> (text, encoding used); states the encoding when it is not plain UTF-8."""
    if encoding == "auto":
        used, how = detect_encoding(data)
        if used is None:
            issues.append(
                Issue(
                    "error",
                    "source.encoding",
                    f"cannot read the file as text: {how}",
                    file=fname,
                    hint="save it as 'CSV UTF-8', or set 'encoding' for this source "
                    "in study.yml, e.g. utf-16-le or gb18030",
                )
            )
            return None, None
        if used not in ("utf-8", "utf-8-sig"):
            low = "charset-normalizer" in how
            issues.append(
                Issue(
                    "warning" if low else "info",
                    "source.encoding",
                    f"read as {used}: {how}",
                    file=fname,
                    hint="set 'encoding' for this source in study.yml if the text looks wrong"
                    if low
                    else None,
                )
            )
    else:
        used = encoding
        try:
            if codecs.lookup(used).name == "utf-8" and data.startswith(codecs.BOM_UTF8):
                used = "utf-8-sig"
        except LookupError:
            issues.append(
                Issue(
                    "error",
                    "source.encoding",
                    f"unknown encoding '{used}'",
                    file=fname,
                    hint="use auto, utf-8, gb18030, utf-16 ...",
                )
            )
            return None, None
    try:
        return data.decode(used), used
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        issues.append(
            Issue(
                "error",
                "source.encoding",
                f"cannot decode the file as '{used}' (byte 0x{data[exc.start]:02x} on line {line})",
                file=fname,
                rows=(line,),
                hint="use encoding: auto, or the file's real encoding",
            )
        )
        return None, None


def read_source(
    path: str | Path, encoding: str = "auto", sheet: str | int | None = None
) -> tuple[RawTable | None, list[Issue]]:
    """Read one file as a text table; return (table or None, issues).

    The file is only opened for reading. Row numbers survive blank lines: the
    frame's index ``i`` is file row ``i + 2`` (the header is row 1; blank lines
    above a CSV header shift both).
    """
    path = Path(path)
    fname = str(path)
    issues: list[Issue] = []
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "not found"
        issues.append(
            Issue(
                "error",
                "source.not_found",
                f"data file {what}",
                file=fname,
                hint="paths in study.yml are relative to the study folder",
            )
        )
        return None, issues
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".txt", ".xlsx", ".xlsm", ".parquet"}:
        issues.append(
            Issue(
                "error",
                "source.type",
                f"unsupported file type '{suffix}'",
                file=fname,
                hint="use .csv, .xlsx or .parquet",
            )
        )
        return None, issues
    used: str | None = None
    offset = 0  # blank lines above a CSV header
    try:
        digest = sha256_file(path)
        if path.stat().st_size == 0:
            issues.append(Issue("error", "source.empty", "the file is empty (0 bytes)", file=fname))
            return None, issues
        if suffix in {".csv", ".txt"}:
            data = path.read_bytes()
            text, used = _decode_csv(data, encoding, fname, issues)
            if text is None:
                return None, issues
            frame, offset = _csv_frame(text, fname, issues)
            if frame is None:
                return None, issues
        elif suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=object, engine="openpyxl")
            frame = frame.map(_excel_cell_to_text)
        else:
            frame = pd.read_parquet(path)
            frame = frame.astype(object).map(_excel_cell_to_text)
    except Exception as exc:  # parser errors: report, do not crash
        m = _PARSER_LINE.search(str(exc))
        issues.append(
            Issue(
                "error",
                "source.unreadable",
                f"cannot read the file: {str(exc).strip() or type(exc).__name__}",
                file=fname,
                rows=(int(m.group(1)),) if m else (),
            )
        )
        return None, issues
    frame = _strip(frame)
    frame.index = pd.RangeIndex(offset, offset + len(frame))
    blank = frame.isna().all(axis=1)
    frame = frame[~blank]  # keep the index: it still maps to file rows
    for c in frame.columns:
        base, _, n = c.rpartition(".")
        if n.isdigit() and base in frame.columns:
            issues.append(
                Issue(
                    "warning",
                    "column.duplicate_header",
                    f"the header has column '{base}' more than once; the copy is read as '{c}'",
                    file=fname,
                    column=base,
                    rows=(1 + offset,),
                )
            )
        if c.startswith("Unnamed: ") and frame[c].isna().all():
            frame = frame.drop(columns=c)  # a trailing comma, not a column
    if frame.empty:
        issues.append(
            Issue("error", "source.empty", "the file has a header but no data rows", file=fname)
        )
    return RawTable(fname, frame, used, digest, len(frame), 1 + offset), issues


def _csv_frame(text: str, fname: str, issues: list[Issue]) -> tuple[pd.DataFrame | None, int]:
    """Parse CSV text into a frame of strings, one frame row per file row after the header.

    The csv module is used instead of ``pd.read_csv``: pandas silently turns
    surplus cells into an index and skips blank lines, which shifts values and
    row numbers. A row with more cells than the header (often an unquoted
    ``1,234``) is reported; blank lines keep their row numbers. Returns the
    frame (None if there is no header) and the number of blank lines above the
    header, so that frame row ``i`` is file row ``i + 2 + offset``.
    """
    records = list(csv.reader(io.StringIO(text), delimiter=_separator(text)))
    offset = 0
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
        offset += 1
    if not records:
        issues.append(
            Issue("error", "source.empty", "the file has no header and no rows", file=fname)
        )
        return None, offset
    header = [c.strip() or f"Unnamed: {j}" for j, c in enumerate(records[0])]
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if name in seen:
            seen[name] += 1
            header[j] = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
    n = len(header)
    body = records[1:]
    long_rows = [
        i + 2 + offset for i, r in enumerate(body) if len(r) > n and any(c.strip() for c in r[n:])
    ]
    if long_rows:
        issues.append(
            Issue(
                "error",
                "source.extra_cells",
                f"row(s) with more cells than the header ({n} columns): the values after the "
                "first extra separator cannot be placed in a column",
                file=fname,
                rows=tuple(long_rows),
                hint='a number with a thousands separator must be quoted ("1,234"); saving '
                "from Excel as CSV does this",
            )
        )
    cells = [(r + [""] * (n - len(r)))[:n] for r in body]
    return pd.DataFrame(cells, columns=header, dtype=object), offset


def _separator(text: str) -> str:
    """',' unless the header line has more semicolons or tabs (European Excel, TSV)."""
    first = text.split("\n", 1)[0]
    counts = {",": first.count(","), ";": first.count(";"), "\t": first.count("\t")}
    return max(counts, key=lambda k: (counts[k], k == ","))


def _excel_cell_to_text(v: object) -> object:
    if v is None or v is pd.NA or v is pd.NaT:
        return pd.NA
    if isinstance(v, float | np.floating) and np.isnan(v):
        return pd.NA
    if isinstance(v, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(v)
        return pd.NA if pd.isna(ts) else ts.strftime("%Y-%m-%d")
    if isinstance(v, pd.Period):
        return str(v)
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")  # datetime.date / datetime
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, np.integer):
        return str(int(v))
    return str(v)


# -- cell parsing --------------------------------------------------------------


@dataclass(frozen=True)
class PeriodCells:
    """A period column read at the study frequency: each cell's Period (None when not
    read), its first day (for ordering rows within a period), and why a cell was not read."""

    periods: pd.Series
    days: pd.Series
    missing: pd.Series
    unreadable: pd.Series
    coarse: pd.Series
    ambiguous: pd.Series

    @property
    def bad(self) -> pd.Series:
        return self.periods.isna()


def _is_missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


#: ``2019.1`` .. ``2019.4``: in a quarterly study a quarter or a month (never guessed)
_DOT_QUARTER = re.compile(r"^\d{4}\.[1-4]$")


def read_period_cells(values: pd.Series, freq: str) -> PeriodCells:
    """Cells -> Periods at ``freq``, every cell that is not read classified.

    Finer cells (dates, weeks, months in a quarterly study) fall in their period. A cell
    coarser than ``freq`` is not read: ``2021`` or ``2021-Q1`` in monthly data does not
    say which month, and is never silently read as January. ``03/04/2021`` is read in the
    day/month order the column shows (a first number above 12 somewhere: day first); when
    the column does not show it and the two readings fall in different periods, the cell
    is ambiguous.
    """
    rank = RANK.get(str(freq)[:1].upper(), RANK["M"])
    cells = values.tolist()
    dmy = {v: dmy_parts(v) for v in set(c for c in cells if not _is_missing(c))}
    order = day_month_order([p for p in dmy.values() if p is not None])
    cache: dict[object, tuple[pd.Period | None, pd.Timestamp | None, str]] = {}

    def one(v: object) -> tuple[pd.Period | None, pd.Timestamp | None, str]:
        parts = dmy[v]
        if parts is not None:
            a, b, _ = parts
            how = order or ("dm" if a > 12 else "md" if b > 12 else None)
            if how is None:
                first, second = read_dmy(parts, "dm"), read_dmy(parts, "md")
                if first is None or second is None:
                    return None, None, "unreadable"
                if pd.Period(first, freq) != pd.Period(second, freq):
                    return None, None, "ambiguous"
                how = "dm"
            day = read_dmy(parts, how)
            if day is None:
                return None, None, "unreadable"
            return pd.Period(day, freq), pd.Timestamp(day), ""
        if freq.startswith("Q") and _DOT_QUARTER.match(str(v).strip()):
            return None, None, "ambiguous"  # 2019.1: the first quarter, or January?
        day, res = read_period(v)
        if day is None:
            return None, None, "unreadable"
        if RANK[res] > rank:
            return None, pd.Timestamp(day), "coarse"
        return pd.Period(day, freq), pd.Timestamp(day), ""

    per: list[pd.Period | None] = []
    days: list[pd.Timestamp | None] = []
    why: list[str] = []
    for v in cells:
        p, d, w = (None, None, "missing") if _is_missing(v) else cache.get(v) or one(v)
        if not _is_missing(v):
            cache[v] = (p, d, w)
        per.append(p)
        days.append(d)
        why.append(w)
    idx = values.index
    reason = pd.Series(why, index=idx, dtype=object)
    return PeriodCells(
        periods=pd.Series(per, index=idx, dtype=object),
        days=pd.Series(days, index=idx, dtype=object),
        missing=reason == "missing",
        unreadable=reason == "unreadable",
        coarse=reason == "coarse",
        ambiguous=reason == "ambiguous",
    )


def parse_timestamp(text: str) -> pd.Timestamp | None:
    """Parse one period or date cell (the forms of :mod:`analysis.intake.periods`) to its
    first day; None if not readable (or a day/month-first date whose order it does not show).
    """
    parts = dmy_parts(text)
    if parts is not None:
        a, b, _ = parts
        day = read_dmy(parts, "dm") if a > 12 else read_dmy(parts, "md") if b > 12 else None
        return None if day is None else pd.Timestamp(day)
    day, _ = read_period(text)
    return None if day is None else pd.Timestamp(day)


def parse_periods(values: pd.Series, freq: str) -> tuple[pd.Series, pd.Series]:
    """Cells -> pandas Periods at ``freq``; returns (periods, bad mask). Missing cells are bad.

    A cell coarser than ``freq`` is bad too (see :func:`read_period_cells`).
    """
    cells = read_period_cells(values, freq)
    return cells.periods, cells.bad


def parse_period_text(text: str, freq: str) -> pd.Period:
    """Spec period text (validated by the spec) -> Period at ``freq``."""
    day, _ = read_period(text)
    if day is None:  # pragma: no cover - the spec validator guarantees the format
        raise ValueError(f"not a period: {text!r}")
    return pd.Period(day, freq)


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Cells -> float; returns (numbers, missing mask, non-numeric mask).

    Thousands separators (``1,234``) and full-width digits are accepted.
    """
    s = values.astype("string")
    missing = s.isna()
    cleaned = (
        s.str.translate(_FULLWIDTH)
        .str.replace(r"(?<=\d)[,\s](?=\d{3}\b)", "", regex=True)
        .str.strip()
    )
    num = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    num = num.where(np.isfinite(num))  # 'inf', '1e999' are not values anyone measured
    bad = num.isna() & ~missing
    return num, missing.astype(bool), bad.astype(bool)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
