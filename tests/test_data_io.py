"""Reading data files: encodings, Excel, Parquet, date and number formats, read-only access."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import MONTHS, TREATED, UNITS, base_panel_rows, file_row, write_study

from analysis.core.errors import DataValidationError, SpecError
from analysis.intake.files import (
    detect_encoding,
    parse_numbers,
    parse_periods,
    parse_timestamp,
    read_source,
)
from analysis.intake.validate import load_study, validate_study

# -- Chinese headers and unit names, in every encoding Excel users produce ------------

ZH_UNITS = dict(zip(UNITS, ("城关派出所", "东城派出所", "南湖派出所", "西山派出所"), strict=True))
ZH_COLUMNS = {
    "unit": "派出所",
    "month": "月份",
    "incidents": "案件数",
    "resolved": "已结案",
    "cases": "受理数",
}
ZH_SPEC = {
    "sources": {"stations": {"unit": "派出所", "period": "月份"}},
    "treatment": {"units": [ZH_UNITS[TREATED]]},
    "indicators": {
        "incidents": {"column": "案件数"},
        "resolved_share": {"numerator": "已结案", "denominator": "受理数"},
    },
}


def to_chinese(rows):
    out = []
    for row in rows:
        y, m = row["month"].split("-")
        zh = {**row, "unit": ZH_UNITS[row["unit"]], "month": f"{y}年{int(m)}月"}
        out.append({ZH_COLUMNS[k]: v for k, v in zh.items()})
    return out


def events_in_chinese(rows):
    return [{**r, "unit": ZH_UNITS[r["unit"]]} for r in rows]


def chinese_study(folder: Path, encoding: str, panel_file: str = "panel.csv") -> Path:
    return write_study(
        folder,
        spec_overrides=ZH_SPEC,
        rows_mutator=to_chinese,
        events_mutator=events_in_chinese,
        panel_file=panel_file,
        encoding=encoding,
    )


def assert_same_panel(a, b) -> None:
    assert a.units == b.units
    assert a.periods.equals(b.periods)
    assert dict(a.adoption) == dict(b.adoption)
    assert set(a.frames) == set(b.frames)
    for sid in a.frames:
        pd.testing.assert_frame_equal(a.frames[sid], b.frames[sid])
    for sid in a.facts:
        pd.testing.assert_series_equal(a.facts[sid], b.facts[sid])


@pytest.fixture(scope="module")
def utf8_chinese(tmp_path_factory):
    return load_study(chinese_study(tmp_path_factory.mktemp("utf8"), "utf-8"))


@pytest.mark.parametrize(
    "encoding, stated",
    [
        ("utf-8-sig", None),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_encodings_load_identical_panels(tmp_path, utf8_chinese, encoding, stated):
    path = chinese_study(tmp_path, encoding)
    raw = (tmp_path / "panel.csv").read_bytes()
    if encoding == "gbk":
        assert "派出所".encode("gbk") in raw  # really saved as GBK, not UTF-8
    study = load_study(path)
    assert_same_panel(study.panel, utf8_chinese.panel)
    assert study.panel.treated_units == ("城关派出所",)
    assert study.panel.indicator_frame("incidents")["value"].notna().all()
    info = [i for i in study.report.issues if i.code == "source.encoding"]
    source = next(s for s in study.report.sources if s["source"] == "stations")
    if stated is None:
        assert info == []
        assert source["encoding"] == "utf-8-sig"
    else:
        assert len(info) == 1 and info[0].severity == "info"
        assert info[0].file == str(tmp_path / "panel.csv")
        assert f"read as {stated}" in info[0].message
        assert "GBK" in info[0].message
        assert source["encoding"] == stated


def test_utf8_report_states_encoding_in_sources(utf8_chinese):
    source = next(s for s in utf8_chinese.report.sources if s["source"] == "stations")
    assert source["encoding"] == "utf-8"
    assert source["rows"] == len(UNITS) * len(MONTHS)
    assert len(source["sha256"]) == 64
    assert utf8_chinese.report.issues == ()


def test_utf16_with_bom_loads(tmp_path, utf8_chinese):
    study = load_study(chinese_study(tmp_path, "utf-16"))
    assert_same_panel(study.panel, utf8_chinese.panel)


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf16_no_bom", "派出所,月份\n城关派出所,2021-01\n".encode("utf-16-le")),
        ("random_bytes", np.random.default_rng(7).integers(0, 256, 3000, dtype=np.uint8).tobytes()),
    ],
)
def test_undecodable_file_is_a_clear_error(tmp_path, name, data):
    path = write_study(tmp_path)
    (tmp_path / "panel.csv").write_bytes(data)
    report = validate_study(path)  # never raises
    issue = next(i for i in report.errors if i.code == "source.encoding")
    assert issue.file == str(tmp_path / "panel.csv")
    assert "cannot read the file as text" in issue.message
    if name == "utf16_no_bom":
        assert "UTF-16" in issue.message
    assert "UTF-8" in (issue.hint or "")
    assert "Traceback" not in report.summary()
    with pytest.raises(DataValidationError) as info:
        load_study(path)
    assert "source.encoding" in str(info.value)


def test_wrong_explicit_encoding_names_the_line(tmp_path):
    path = chinese_study(tmp_path, "gbk")
    text = path.read_text("utf-8").replace("period: 月份", "period: 月份\n    encoding: utf-8")
    path.write_text(text, "utf-8")
    issue = next(i for i in validate_study(path).errors if i.code == "source.encoding")
    assert "cannot decode the file as 'utf-8'" in issue.message
    assert issue.rows == (1,)  # the Chinese header is the first undecodable line
    assert "line 1" in issue.message


def test_explicit_encoding_is_used(tmp_path, utf8_chinese):
    path = chinese_study(tmp_path, "gbk")
    text = path.read_text("utf-8").replace("period: 月份", "period: 月份\n    encoding: gbk")
    path.write_text(text, "utf-8")
    study = load_study(path)
    assert_same_panel(study.panel, utf8_chinese.panel)


def test_low_confidence_encoding_is_a_warning_that_names_it(tmp_path):
    def accented(rows):
        return [{**r, "unit": r["unit"].replace("Eastfield", "Éastfield")} for r in rows]

    def accented_events(rows):
        return [{**r, "unit": r["unit"].replace("Eastfield", "Éastfield")} for r in rows]

    path = write_study(
        tmp_path, rows_mutator=accented, events_mutator=accented_events, encoding="latin-1"
    )
    study = load_study(path)
    assert "Éastfield" in study.panel.units
    issue = next(i for i in study.report.issues if i.code == "source.encoding")
    assert issue.severity == "warning"
    assert issue.message.startswith("read as ") and "low confidence" in issue.message


def test_detect_encoding_rules():
    assert detect_encoding("月份".encode())[0] == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbfunit")[0] == "utf-8-sig"
    assert detect_encoding("派出所".encode("gbk"))[0] == "gb18030"
    # a rare 4-byte GB18030 character among everyday ones
    assert detect_encoding("派出所\U00020000".encode("gb18030"))[0] == "gb18030"
    # Latin-1 'Éa' is valid GB18030 ('蒩'); rare characters send it to charset-normalizer
    enc, how = detect_encoding("Éastfield,Café\n".encode("latin-1") * 20)
    assert enc != "gb18030" and "low confidence" in how
    enc, how = detect_encoding("unit,month\n".encode("utf-16-le"))
    assert enc is None and "UTF-16" in how
    enc, how = detect_encoding(b"PK\x03\x04\x00\x00binary")
    assert enc is None and "NUL" in how


# -- Excel and Parquet ----------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_study(tmp_path_factory):
    return load_study(write_study(tmp_path_factory.mktemp("csv")))


@pytest.mark.parametrize("panel_file", ["panel.xlsx", "panel.parquet"])
def test_excel_and_parquet_load_like_csv(tmp_path, csv_study, panel_file):
    study = load_study(write_study(tmp_path, panel_file=panel_file))
    assert_same_panel(study.panel, csv_study.panel)


def typed_panel() -> pd.DataFrame:
    """The base panel with real types: dates as datetimes, counts as integers."""
    frame = pd.DataFrame(base_panel_rows())
    frame["month"] = pd.to_datetime(frame["month"] + "-01")
    for c in ("incidents", "resolved", "cases"):
        frame[c] = frame[c].astype("int64")
    return frame


def test_typed_excel_cells_load_like_csv(tmp_path, csv_study):
    path = write_study(tmp_path, panel_file="panel.xlsx")
    typed_panel().to_excel(tmp_path / "panel.xlsx", index=False)
    assert_same_panel(load_study(path).panel, csv_study.panel)


def test_typed_parquet_loads_like_csv(tmp_path, csv_study):
    path = write_study(tmp_path, panel_file="panel.parquet")
    typed_panel().to_parquet(tmp_path / "panel.parquet", index=False)
    assert_same_panel(load_study(path).panel, csv_study.panel)


def test_parquet_missing_values_are_empty_cells_not_text(tmp_path):
    path = write_study(tmp_path, panel_file="panel.parquet")
    frame = typed_panel()
    frame["resolved"] = frame["resolved"].astype("Int64")
    frame.loc[5, "resolved"] = pd.NA
    frame.to_parquet(tmp_path / "panel.parquet", index=False)
    report = validate_study(path)
    assert [i.code for i in report.errors] == ["value.missing"]
    assert report.errors[0].rows == (7,)
    assert report.errors[0].column == "resolved"


def test_excel_sheet_by_name(tmp_path, csv_study):
    path = write_study(
        tmp_path,
        panel_file="panel.xlsx",
        spec_overrides={"sources": {"stations": {"sheet": "data"}}},
    )
    with pd.ExcelWriter(tmp_path / "panel.xlsx") as xw:
        pd.DataFrame({"note": ["read me first"]}).to_excel(xw, sheet_name="notes", index=False)
        typed_panel().to_excel(xw, sheet_name="data", index=False)
    assert_same_panel(load_study(path).panel, csv_study.panel)


def test_excel_blank_rows_keep_row_numbers(tmp_path):
    path = write_study(tmp_path, panel_file="panel.xlsx")
    frame = typed_panel()
    frame.loc[10, "incidents"] = -5
    top, bottom = frame.iloc[:5], frame.iloc[5:]
    with pd.ExcelWriter(tmp_path / "panel.xlsx") as xw:
        top.to_excel(xw, index=False)
        bottom.to_excel(xw, index=False, header=False, startrow=len(top) + 2)  # one blank row
    issue = next(i for i in validate_study(path).errors if i.code == "value.negative")
    assert issue.rows == (10 + 2 + 1,)  # the row Excel shows


def test_missing_excel_sheet_is_reported(tmp_path):
    path = write_study(
        tmp_path,
        panel_file="panel.xlsx",
        spec_overrides={"sources": {"stations": {"sheet": "Sheet9"}}},
    )
    issue = next(i for i in validate_study(path).errors if i.code == "source.unreadable")
    assert issue.file == str(tmp_path / "panel.xlsx")
    assert "Sheet9" in issue.message


def test_corrupt_excel_is_reported(tmp_path):
    path = write_study(tmp_path, panel_file="panel.xlsx")
    (tmp_path / "panel.xlsx").write_bytes(b"this is not a zip file")
    report = validate_study(path)
    assert [i.code for i in report.errors] == ["source.unreadable"]
    with pytest.raises(DataValidationError):
        load_study(path)


# -- dates and numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021年1月",
        "2021年01月",
        "2021 年 1 月",
        "2021/1",
        "2021/01",
        "2021-01",
        "2021-1",
        "2021-01-01",
        "2021/1/15",
        "2021.01",
        "202101",
        "2021年1月15日",
        "2021-01-31 00:00:00",
    ],
)
def test_month_formats_parse(text):
    periods, bad = parse_periods(pd.Series([text], dtype="string"), "M")
    assert not bad.iloc[0]
    assert periods.iloc[0] == pd.Period("2021-01", "M")


@pytest.mark.parametrize("text", ["2021-13", "Jan 2021", "21/1", "2021-02-30", "soon", "44197"])
def test_unreadable_dates(text):
    assert parse_periods(pd.Series([text], dtype="string"), "M")[1].iloc[0]


def test_coarse_dates_are_not_months():
    """'2021' in monthly data does not say which month: never read as January."""
    s = pd.Series(["2021", "2021-Q1", "2021年3月"], dtype="string")
    assert parse_periods(s, "M")[1].tolist() == [True, True, False]
    assert parse_periods(s, "Q")[1].tolist() == [True, False, False]
    assert parse_periods(s, "Y")[1].tolist() == [False, False, False]
    assert parse_timestamp("2021-Q3") == pd.Timestamp("2021-07-01")


def test_panel_with_mixed_date_formats_loads(tmp_path, csv_study):
    formats = [
        lambda y, m: f"{y}年{m}月",
        lambda y, m: f"{y}/{m}",
        lambda y, m: f"{y}-{m:02d}-01",
        lambda y, m: f"{y}{m:02d}",
    ]

    def mixed(rows):
        for i, row in enumerate(rows):
            y, m = (int(x) for x in row["month"].split("-"))
            row["month"] = formats[i % 4](y, m)
        return rows

    study = load_study(write_study(tmp_path, rows_mutator=mixed))
    assert_same_panel(study.panel, csv_study.panel)


def test_parse_numbers():
    s = pd.Series(
        ["1,234", "1 234", "1,234,567.5", "-3", "１２３", "12", pd.NA, "12,34", "n/a", "inf", "5%"],
        dtype="string",
    )
    num, missing, bad = parse_numbers(s)
    assert num.iloc[:6].tolist() == [1234, 1234, 1234567.5, -3, 123, 12]
    assert missing.tolist() == [False] * 6 + [True] + [False] * 4
    assert bad.tolist() == [False] * 7 + [True] * 4


def test_thousands_separators_in_a_panel(tmp_path, csv_study):
    def big(rows):
        for row in rows:
            row["cases"] = f"{int(row['cases']) * 1000:,}"
            row["resolved"] = f"{int(row['resolved']) * 1000:,}"
        return rows

    study = load_study(write_study(tmp_path, rows_mutator=big))
    assert (tmp_path / "panel.csv").read_text().count('"') > 0  # really quoted "12,000"
    got = study.panel.frames["stations"]
    want = csv_study.panel.frames["stations"]
    assert (got["cases"] == want["cases"] * 1000).all()
    pd.testing.assert_series_equal(got["incidents"], want["incidents"])


def test_unquoted_thousands_separator_is_reported_not_shifted(tmp_path):
    path = write_study(tmp_path)
    lines = (tmp_path / "panel.csv").read_text().splitlines()
    row = file_row(UNITS[2], "2020-02")
    unit, month, incidents, resolved, _cases = lines[row - 1].split(",")
    lines[row - 1] = ",".join([unit, month, incidents, resolved, "1", "234"])
    (tmp_path / "panel.csv").write_text("\n".join(lines) + "\n")
    report = validate_study(path)
    assert report.errors[0].code == "source.extra_cells"
    assert '"1,234"' in report.errors[0].hint
    # the surplus cell is dropped, never shifted into another row or column; any
    # consequence (here resolved > cases) points at the same row
    assert {i.rows for i in report.errors} == {(row,)}


def test_blank_lines_above_the_header(tmp_path, csv_study):
    path = write_study(
        tmp_path,
        rows_mutator=lambda rows: [
            {**r, "incidents": "-1"} if i == 4 else r for i, r in enumerate(rows)
        ],
    )
    text = (tmp_path / "panel.csv").read_text()
    (tmp_path / "panel.csv").write_text("\n\n" + text)
    issue = validate_study(path).errors[0]
    assert (issue.code, issue.rows) == ("value.negative", (4 + 2 + 2,))


def test_semicolon_and_tab_separated_files(tmp_path, csv_study):
    path = write_study(tmp_path)
    frame = pd.DataFrame(base_panel_rows())
    frame.to_csv(tmp_path / "panel.csv", sep=";", index=False)
    assert_same_panel(load_study(path).panel, csv_study.panel)
    frame.to_csv(tmp_path / "panel.csv", sep="\t", index=False)
    assert_same_panel(load_study(path).panel, csv_study.panel)


def test_blank_lines_keep_row_numbers(tmp_path):
    path = write_study(tmp_path)
    lines = (tmp_path / "panel.csv").read_text().splitlines()
    row = file_row(TREATED, "2019-06")
    cells = lines[row - 1].split(",")
    cells[2] = "-4"
    lines[row - 1] = ",".join(cells)
    lines.insert(3, "")  # a blank line as row 4: every later row moves down one
    lines.append("")
    (tmp_path / "panel.csv").write_text("\n".join(lines) + "\n\n")
    issues = validate_study(path).errors
    assert [(i.code, i.rows) for i in issues] == [("value.negative", (row + 1,))]


def test_trailing_commas_and_spaces_are_tolerated(tmp_path, csv_study):
    path = write_study(tmp_path)
    lines = (tmp_path / "panel.csv").read_text().splitlines()
    lines = [" , ".join(line.split(",")) + "," for line in lines]
    (tmp_path / "panel.csv").write_text("\n".join(lines) + "\n")
    assert_same_panel(load_study(path).panel, csv_study.panel)


# -- read_source on its own ---------------------------------------------------------------


def test_read_source_file_problems(tmp_path):
    raw, issues = read_source(tmp_path / "nope.csv")
    assert raw is None and issues[0].code == "source.not_found"
    assert issues[0].file == str(tmp_path / "nope.csv")

    (tmp_path / "data.json").write_text("{}")
    raw, issues = read_source(tmp_path / "data.json")
    assert raw is None and issues[0].code == "source.type"
    assert "'.json'" in issues[0].message and ".xlsx" in (issues[0].hint or "")

    (tmp_path / "empty.csv").write_bytes(b"")
    raw, issues = read_source(tmp_path / "empty.csv")
    assert raw is None and issues[0].code == "source.empty"
    assert "empty" in issues[0].message

    (tmp_path / "blank.csv").write_text("\n\n  \n")
    raw, issues = read_source(tmp_path / "blank.csv")
    assert raw is None and issues[0].code == "source.empty"

    (tmp_path / "header.csv").write_text("unit,month,incidents\n")
    raw, issues = read_source(tmp_path / "header.csv")
    assert raw is not None and raw.n_rows == 0
    assert issues[0].code == "source.empty" and "no data rows" in issues[0].message

    (tmp_path / "ragged.csv").write_text("unit,month\nA,2021-01\nB,2021-02,9,9\nC,2021-03,,\n")
    raw, issues = read_source(tmp_path / "ragged.csv")
    assert raw is not None and raw.frame["unit"].tolist() == ["A", "B", "C"]
    assert [(i.code, i.rows) for i in issues] == [("source.extra_cells", (3,))]

    (tmp_path / "folder.csv").mkdir()
    raw, issues = read_source(tmp_path / "folder.csv")
    assert raw is None and "folder" in issues[0].message


def test_duplicate_header_is_a_warning(tmp_path):
    (tmp_path / "dup.csv").write_text("unit,month,cases,cases\nA,2021-01,1,2\n")
    raw, issues = read_source(tmp_path / "dup.csv")
    assert raw is not None
    assert [(i.code, i.column, i.rows) for i in issues] == [
        ("column.duplicate_header", "cases", (1,))
    ]


def test_cells_are_text_and_stripped(tmp_path):
    (tmp_path / "t.csv").write_text("unit , month\n  A ,2021-01\nB,\n")
    raw, _ = read_source(tmp_path / "t.csv")
    assert list(raw.frame.columns) == ["unit", "month"]
    assert raw.frame.loc[0, "unit"] == "A"
    assert raw.frame["month"].isna().tolist() == [False, True]


# -- raw files are read-only ----------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.mark.parametrize(
    "panel_file, broken",
    [
        ("panel.csv", False),
        ("panel.csv", True),
        ("panel.xlsx", False),
        ("panel.parquet", True),
    ],
)
def test_raw_files_are_never_written(tmp_path, panel_file, broken):
    def mutate(rows):
        rows[3]["incidents"] = "-1" if broken else rows[3]["incidents"]
        return rows[:-2] if broken else rows

    path = write_study(tmp_path, panel_file=panel_file, rows_mutator=mutate)
    old = 1_600_000_000_000_000_000
    for p in tmp_path.iterdir():
        os.utime(p, ns=(old, old))  # an mtime change would show even within one tick
    before = fingerprint(tmp_path)
    report = validate_study(path)
    assert report.ok is not broken
    try:
        load_study(path)
    except (SpecError, DataValidationError):
        assert broken
    assert fingerprint(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # nothing new
    sha = next(s["sha256"] for s in report.sources if s["source"] == "stations")
    assert sha == before[panel_file][0]
