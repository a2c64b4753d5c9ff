"""Writing the demo data files byte-stably: fixed CSV formatting, ``\\n`` line ends,
deterministic xlsx (fixed timestamps, stored zip entries).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.simulate.dadeng import DADENG_SEED, DadengTruth, simulate_dadeng
from analysis.simulate.gaomi import GAOMI_SEED, GaomiTruth, simulate_gaomi

#: Fixed timestamp written into xlsx metadata and zip entries (byte-stable files).
FIXED_TIME = _dt.datetime(2021, 11, 1, 0, 0, 0)


def to_csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    """CSV bytes with fixed formatting: ``\\n`` line ends, floats as ``%.6g``."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode(encoding)


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str, date_format: str = "yyyy-mm") -> bytes:
    """Deterministic xlsx bytes of one sheet.

    openpyxl stamps the save time into ``docProps/core.xml`` and zip entries
    carry the current time, so both are reset to :data:`FIXED_TIME`; entries
    are stored uncompressed so the bytes do not depend on the zlib build.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([v.item() if isinstance(v, np.generic) else v for v in row])
    for j, col in enumerate(frame.columns, start=1):
        if isinstance(frame[col].iloc[0], _dt.datetime):
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = date_format
    wb.properties.creator = "pilot-eval analysis/simulate.py"
    wb.properties.created = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<3>",
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.create_system = 0
            zi.external_attr = 0
            zi.compress_type = zipfile.ZIP_STORED
            zout.writestr(zi, data)
    return out.getvalue()


def demo_files(dadeng_seed: int = DADENG_SEED, gaomi_seed: int = GAOMI_SEED) -> dict[str, bytes]:
    """Every demo data file as bytes, keyed by path relative to ``data/``."""
    dd = simulate_dadeng(DadengTruth(), dadeng_seed)
    gm = simulate_gaomi(GaomiTruth(), gaomi_seed)
    return {
        "dadeng/stations_monthly.csv": to_csv_bytes(dd["stations_monthly"]),
        "dadeng/floating_population.xlsx": to_xlsx_bytes(dd["floating_population"], "registration"),
        # GB18030, as Excel on a Chinese-locale Windows would save it
        "dadeng/incidents.csv": to_csv_bytes(dd["incidents"], "gb18030"),
        "dadeng/admin_facts.csv": to_csv_bytes(dd["admin_facts"]),
        "gaomi/compounds_monthly.csv": to_csv_bytes(gm["compounds_monthly"]),
        "gaomi/admin_counts.csv": to_csv_bytes(gm["admin_counts"]),
    }


def write_demo_studies(root: Path) -> list[Path]:
    """Write the demo data files under ``root`` (``data/``); returns the paths written.

    ``study.yml`` and ``README.md`` are hand-written and not touched.
    """
    written = []
    for rel, data in demo_files().items():
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
