"""Read study data files (CSV in any common encoding, Excel, Parquet) as raw text tables.

Values are read as strings so that validation, not the reader, decides what a
cell means and can point at the exact row. Raw files are never written to.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import Issue

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
    the report can state it instead of guessing silently.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "byte-order mark"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "byte-order mark"
    for enc in _CANDIDATES:
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8":
            return enc, "decodes as UTF-8"
        return enc, "not UTF-8; decodes as GB18030 (GBK-compatible, Excel on Chinese Windows)"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return best.encoding, "detected by charset-normalizer (low confidence: check the text)"
    return None, "no encoding decodes this file"


def _strip(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    for c in frame.columns:
        s = frame[c].astype("string").str.strip()
        frame[c] = s.mask(s == "", pd.NA)
    return frame


def read_source(path: str | Path, encoding: str = "auto", sheet: str | int | None = None
                ) -> tuple[RawTable | None, list[Issue]]:
    """Read one file as a text table; return (table or None, issues)."""
    path = Path(path)
    fname = str(path)
    issues: list[Issue] = []
    if not path.exists():
        issues.append(Issue("error", "source.not_found", "data file not found", file=fname,
                            hint="paths in study.yml are relative to the study folder"))
        return None, issues
    digest = sha256_file(path)
    suffix = path.suffix.lower()
    used: str | None = None
    try:
        if suffix in {".csv", ".txt"}:
            data = path.read_bytes()
            if encoding == "auto":
                used, how = detect_encoding(data)
                if used is None:
                    issues.append(Issue("error", "source.encoding", how, file=fname,
                                        hint="save the file as UTF-8 or set 'encoding' in the spec"))
                    return None, issues
                if used not in ("utf-8", "utf-8-sig"):
                    issues.append(Issue("info", "source.encoding",
                                        f"read as {used}: {how}", file=fname))
            else:
                used = encoding
            try:
                text = data.decode(used)
            except (UnicodeDecodeError, LookupError) as exc:
                line = data[: getattr(exc, "start", 0)].count(b"\n") + 1
                issues.append(Issue("error", "source.encoding",
                                    f"cannot decode as '{used}': {exc}", file=fname,
                                    rows=(line,) if hasattr(exc, "start") else (),
                                    hint="use encoding: auto, or the file's real encoding"))
                return None, issues
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                sep=None if _looks_semicolon(text) else ",", engine="python")
        elif suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=object, engine="openpyxl")
            frame = frame.map(_excel_cell_to_text)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
            frame = frame.map(_excel_cell_to_text)
        else:
            issues.append(Issue("error", "source.type", f"unsupported file type '{suffix}'",
                                file=fname, hint="use .csv, .xlsx or .parquet"))
            return None, issues
    except Exception as exc:  # parser errors: report, do not crash
        issues.append(Issue("error", "source.unreadable", f"cannot read file: {exc}", file=fname))
        return None, issues
    frame = _strip(frame)
    if frame.empty:
        issues.append(Issue("error", "source.empty", "file has no data rows", file=fname))
    frame.index = pd.RangeIndex(len(frame))
    return RawTable(fname, frame, used, digest, len(frame)), issues


def _looks_semicolon(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return first.count(";") > first.count(",")


def _excel_cell_to_text(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return pd.NA
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")  # datetime.date / datetime
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# -- cell parsing --------------------------------------------------------------

_CN_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$")
_YM_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")


def parse_timestamp(text: str) -> pd.Timestamp | None:
    """Parse one date cell (ISO, slashes, Chinese 年月日, YYYYMM, YYYY-Qn, YYYY); None if not."""
    t = str(text).strip()
    for rx in (_CN_DATE, _YMD):
        m = rx.match(t)
        if m:
            y, mth, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
            try:
                return pd.Timestamp(year=y, month=mth, day=d)
            except ValueError:
                return None
    m = _YM_COMPACT.match(t)
    if m and 1 <= int(m.group(2)) <= 12:
        return pd.Timestamp(year=int(m.group(1)), month=int(m.group(2)), day=1)
    m = _QUARTER.match(t)
    if m:
        return pd.Timestamp(year=int(m.group(1)), month=3 * int(m.group(2)) - 2, day=1)
    m = _YEAR.match(t)
    if m:
        return pd.Timestamp(year=int(m.group(1)), month=1, day=1)
    return None


def parse_periods(values: pd.Series, freq: str) -> tuple[pd.Series, pd.Series]:
    """Cells -> pandas Periods at ``freq``; returns (periods, bad mask). Missing cells are bad."""
    cache: dict[str, pd.Period | None] = {}
    out = []
    for v in values.tolist():
        if v is pd.NA or v is None:
            out.append(None)
            continue
        if v not in cache:
            ts = parse_timestamp(v)
            cache[v] = None if ts is None else ts.to_period(freq)
        out.append(cache[v])
    per = pd.Series(out, index=values.index, dtype=object)
    return per, per.isna()


def parse_period_text(text: str, freq: str) -> pd.Period:
    """Spec period text (validated by the spec) -> Period at ``freq``."""
    ts = parse_timestamp(text)
    if ts is None:  # pragma: no cover - the spec validator guarantees the format
        raise ValueError(f"not a period: {text!r}")
    return ts.to_period(freq)


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
    bad = num.isna() & ~missing
    return num, missing.astype(bool), bad.astype(bool)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
