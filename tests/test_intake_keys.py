"""Reading keys of a source: a row filter (``rows``), period labels (``period_values``), a
single series without a unit column (``unit_name``), a period from two columns
(``period: [year, month]``) and covariates written ``log(column)``; each on the shapes
where it has a meaning, and each bad input named by file, column and row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.core.errors import SpecError
from analysis.intake import validate as validate_module
from analysis.intake.row_filter import matches
from analysis.intake.spec import load_spec
from analysis.intake.validate import load_study, validate_study

ROOT = Path(__file__).resolve().parents[1]
VALIDATION = ROOT.parent / "shared" / "validation"
YEARS = ["2019", "2020", "2021", "2022"]


def write(folder: Path, spec: dict, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "study.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def study(source: dict, frequency: str = "year", treated=("A",), start="2021", **over) -> dict:
    spec = {
        "id": "keys",
        "title": "Keys",
        "question": "Did it change?",
        "sources": {"s": {"file": "data.csv", **source}},
        "frequency": frequency,
        "treatment": {"units": list(treated), "start": start},
        "indicators": {"v": {"label": "Value", "kind": "amount", "source": "s", "column": "v"}},
        "windows": {
            "before": {"start": "2019", "end": "2020"},
            "after": {"start": "2021", "end": "2022"},
        },
        "min_pre_periods": 2,
    }
    spec.update(over)
    return spec


def errors(path: Path, code: str | None = None):
    found = [i for i in validate_study(path).issues if i.severity == "error"]
    return [i for i in found if code is None or i.code == code]


def one(path: Path, code: str):
    found = errors(path, code)
    assert len(found) == 1, [str(i) for i in errors(path)]
    return found[0]


def spec_error(tmp_path: Path, spec: dict, files: dict[str, str] | None = None) -> str:
    path = write(tmp_path, spec, files or {"data.csv": "x\n1\n"})
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    return " | ".join(f"{i.column}: {i.message}" for i in exc.value.issues)


@pytest.fixture
def no_pending(monkeypatch):
    """covariates, kind measure and did are other changes' keys: not refused here."""
    monkeypatch.setattr(validate_module, "pending_issues", lambda spec: [])


# -- rows ------------------------------------------------------------------------------------


def two_regions_csv(ky_text=("1", "1.0", " 1 ", "1")) -> str:
    """Units A, B in region ky (flag spelled several ways) and C, D elsewhere (flag 0)."""
    lines = ["unit,year,ky,v"]
    for u in "ABCD":
        for j, y in enumerate(YEARS):
            flag = ky_text[j] if u in "AB" else "0"
            lines.append(f"{u},{y},{flag},{10 * 'ABCD'.index(u) + j}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("value", [1, "1", 1.0])
def test_rows_keeps_the_matching_rows_in_any_spelling(tmp_path, value):
    spec = study({"unit": "unit", "period": "year", "rows": {"ky": value}})
    st = load_study(write(tmp_path, spec, {"data.csv": two_regions_csv()}))
    assert st.panel.units == ("A", "B")
    frame = st.panel.indicator_frame("v")
    assert len(frame) == 8
    np.testing.assert_allclose(frame["value"], [0, 1, 2, 3, 10, 11, 12, 13])
    (info,) = [i for i in st.report.issues if i.code == "rows.kept"]
    assert info.severity == "info" and info.column == "ky"
    assert "kept 8 of 16 rows" in info.message and "ky = 1" in info.message


def test_rows_compares_text_exactly_and_keeps_file_rows(tmp_path):
    text = "unit,year,region,v\n" + "".join(
        f"{u},{y},{'North' if u != 'C' else 'north'},{'x' if (u, y) == ('B', '2020') else 1}\n"
        for u in "ABC"
        for y in YEARS
    )
    spec = study({"unit": "unit", "period": "year", "rows": {"region": "North"}})
    issue = one(write(tmp_path, spec, {"data.csv": text}), "value.non_numeric")
    # B 2020 is the 6th data row: file row 7 (header = row 1), kept after the filter
    assert issue.column == "v" and issue.rows == (7,)


def test_rows_with_several_columns_all_must_match(tmp_path):
    spec = study({"unit": "unit", "period": "year", "rows": {"ky": 1, "unit": "A"}})
    path = write(tmp_path, spec, {"data.csv": two_regions_csv()})
    report = validate_study(path)
    (info,) = [i for i in report.issues if i.code == "rows.kept"]
    assert "kept 4 of 16 rows" in info.message and "ky = 1 and unit = A" in info.message


def test_rows_column_not_in_the_file(tmp_path):
    spec = study({"unit": "unit", "period": "year", "rows": {"kx": 1}})
    issue = one(write(tmp_path, spec, {"data.csv": two_regions_csv()}), "column.missing")
    assert issue.file.endswith("data.csv") and issue.column == "kx"
    assert "rows" in issue.message and issue.hint and "ky" in issue.hint


def test_rows_keeping_nothing_is_an_error(tmp_path):
    spec = study({"unit": "unit", "period": "year", "rows": {"ky": 2}})
    issue = one(write(tmp_path, spec, {"data.csv": two_regions_csv()}), "rows.none_kept")
    assert issue.file.endswith("data.csv") and issue.column == "ky"
    assert "of 16 rows" in issue.message and "'0'" in issue.hint and "'1'" in issue.hint


def test_matches_numbers_and_text():
    cells = pd.Series(["1", "1.0", " 1 ", "01", "1a", None, "2"], dtype="string")
    assert matches(cells, 1).tolist() == [True, True, True, True, False, False, False]
    assert matches(cells, "1a").tolist() == [False, False, False, False, True, False, False]
    assert matches(pd.Series(["CA", "ca"]), "CA").tolist() == [True, False]


@pytest.mark.parametrize("rows", [{}, {"ky": True}, {"ky": [1, 2]}, {"ky": None}])
def test_rows_spec_values_are_one_text_or_number(tmp_path, rows):
    msg = spec_error(tmp_path, study({"unit": "unit", "period": "year", "rows": rows}))
    assert "rows" in msg


def test_rows_on_events_and_facts(tmp_path):
    events = "station,date,kind\n" + "".join(
        f"{u},{y}-03-01,{k}\n" for u in "AB" for y in YEARS for k in ("x", "y", "y")
    )
    facts = "item,value,keep\ntotal,5,yes\ntotal,6,no\n"
    spec = study(
        {"shape": "events", "unit": "station", "date": "date", "rows": {"kind": "y"}},
        indicators={
            "n": {"label": "Events", "kind": "count", "source": "s"},
            "t": {"label": "Total", "kind": "amount", "source": "f", "column": "total"},
        },
    )
    spec["sources"]["f"] = {"file": "facts.csv", "shape": "facts", "rows": {"keep": "yes"}}
    st = load_study(write(tmp_path, spec, {"data.csv": events, "facts.csv": facts}))
    counts = st.panel.indicator_frame("n")
    assert counts["value"].tolist() == [2.0] * 8
    assert st.panel.fact("f", "total") == 5.0


def test_rows_on_microdata(tmp_path, no_pending):
    recs = ["grp,year,ky,y"] + [
        f"{g},{y},{ky},{i + (5 if ky else 0)}"
        for g in ("t", "c")
        for y in ("2020", "2021")
        for ky in (0, 1)
        for i in range(3)
    ]
    spec = study(
        {"shape": "microdata", "unit": "grp", "period": "year", "rows": {"ky": 1}},
        treated=("t",),
        indicators={"y": {"label": "Y", "kind": "measure", "source": "s", "column": "y"}},
        windows={
            "before": {"start": "2020", "end": "2020"},
            "after": {"start": "2021", "end": "2021"},
        },
        min_pre_periods=1,
    )
    st = load_study(write(tmp_path, spec, {"data.csv": "\n".join(recs) + "\n"}))
    rows = st.panel.rows("y")
    assert len(rows) == 12 and rows["value"].min() == 5


# -- period_values ------------------------------------------------------------------------------


def injury_like(labels=("0", "1")) -> str:
    lines = ["high,after,y"]
    for g in ("0", "1"):
        for k, lab in enumerate(labels):
            lines += [f"{g},{lab},{1 + k + 2 * int(g) * k + i / 10}" for i in range(3)]
    return "\n".join(lines) + "\n"


def label_study(labels: dict, **source) -> dict:
    return study(
        {
            "shape": "microdata",
            "unit": "high",
            "period": "after",
            "period_values": labels,
            **source,
        },
        treated=("1",),
        start="1981",
        comparison={"units": ["0"]},
        indicators={"y": {"label": "Y", "kind": "measure", "source": "s", "column": "y"}},
        windows={
            "before": {"start": "1980", "end": "1980"},
            "after": {"start": "1981", "end": "1981"},
        },
        min_pre_periods=1,
    )


def test_period_values_read_labels_as_periods(tmp_path, no_pending):
    path = write(
        tmp_path, label_study({0: 1980, 1: "1981"}), {"data.csv": injury_like(("0", "1.0"))}
    )
    st = load_study(path)
    assert [str(p) for p in st.panel.periods] == ["1980", "1981"]
    means = st.panel.indicator_frame("y")
    assert means["n"].tolist() == [3, 3, 3, 3]
    np.testing.assert_allclose(means["value"], [1.1, 2.1, 1.1, 4.1])


def test_period_values_group_names_on_a_panel(tmp_path):
    text = "group,cases\nexposed,41\nunexposed,15\n"
    spec = study(
        {
            "unit_name": "cohort",
            "period": "group",
            "period_values": {"unexposed": 2000, "exposed": 2001},
        },
        treated=("cohort",),
        start="2001",
        windows={
            "before": {"start": "2000", "end": "2000"},
            "after": {"start": "2001", "end": "2001"},
        },
        indicators={"v": {"label": "Cases", "kind": "count", "source": "s", "column": "cases"}},
        min_pre_periods=1,
    )
    frame = load_study(write(tmp_path, spec, {"data.csv": text})).panel.indicator_frame("v")
    assert [str(p) for p in frame["period"]] == ["2000", "2001"]
    assert frame["value"].tolist() == [15.0, 41.0]
    assert frame["unit"].tolist() == ["cohort", "cohort"]


def test_period_values_unmapped_label_names_file_column_rows(tmp_path, no_pending):
    path = write(
        tmp_path, label_study({"0": 1980, "1": 1981}), {"data.csv": injury_like(("0", "2"))}
    )
    issue = one(path, "period.unmapped_label")
    assert issue.file.endswith("data.csv") and issue.column == "after"
    assert issue.rows == (5, 6, 7, 11, 12, 13)
    assert "'2'" in issue.message
    assert not errors(path, "period.unparseable") and not errors(path, "period.missing")


@pytest.mark.parametrize(
    ("labels", "words"),
    [({"0": "soon"}, "not a period"), ({"1": 1980, "1.0": 1981}, "same number"), ({}, "at least")],
)
def test_period_values_spec_checks(tmp_path, labels, words):
    assert words in spec_error(tmp_path, label_study(labels))


def test_period_values_need_a_period_column(tmp_path):
    spec = study({"shape": "events", "unit": "u", "date": "d", "period_values": {"a": 2020}})
    assert "period_values applies to panel and microdata" in spec_error(tmp_path, spec)


# -- unit_name -----------------------------------------------------------------------------------


def single_series(cols: str = "year,v") -> str:
    return cols + "\n" + "".join(f"{y},{i + 1}\n" for i, y in enumerate(YEARS))


def test_unit_name_single_series(tmp_path):
    spec = study({"unit_name": "Sicily", "period": "year"}, treated=("Sicily",))
    st = load_study(write(tmp_path, spec, {"data.csv": single_series()}))
    assert st.panel.units == ("Sicily",) and st.panel.treated_units == ("Sicily",)
    assert st.panel.indicator_frame("v")["value"].tolist() == [1.0, 2.0, 3.0, 4.0]


def test_unit_name_duplicate_period_names_rows(tmp_path):
    text = single_series() + "2022,9\n"
    spec = study({"unit_name": "Sicily", "period": "year"}, treated=("Sicily",))
    issue = one(write(tmp_path, spec, {"data.csv": text}), "row.duplicate")
    assert issue.rows == (5, 6) and "'Sicily'" in issue.message


def test_unit_and_unit_name_together_is_a_spec_error(tmp_path):
    spec = study({"unit": "unit", "unit_name": "X", "period": "year"})
    assert "not both" in spec_error(tmp_path, spec)


def test_unit_name_on_facts_is_a_spec_error(tmp_path):
    spec = study({"unit": "u", "period": "year"})
    spec["sources"]["f"] = {"file": "f.csv", "shape": "facts", "unit_name": "X"}
    assert "unit_name applies to panel, microdata and events" in spec_error(tmp_path, spec)


def test_unit_name_when_the_file_has_that_column(tmp_path):
    spec = study({"unit_name": "X", "period": "year"}, treated=("X",))
    text = single_series("year,v").replace("year,v", "year,v,unit_name")
    text = "\n".join(line + ",z" if i else line for i, line in enumerate(text.splitlines()))
    issue = one(write(tmp_path, spec, {"data.csv": text + "\n"}), "source.unit_name_column")
    assert issue.column == "unit_name" and "unit: unit_name" in issue.hint


def test_unit_name_on_events(tmp_path):
    events = "date\n" + "".join(f"{y}-0{k}-15\n" for y in YEARS for k in range(1, 4))
    spec = study(
        {"shape": "events", "unit_name": "Town", "date": "date"},
        treated=("Town",),
        indicators={"n": {"label": "Events", "kind": "count", "source": "s"}},
    )
    frame = load_study(write(tmp_path, spec, {"data.csv": events})).panel.indicator_frame("n")
    assert frame["unit"].unique().tolist() == ["Town"] and frame["value"].tolist() == [3.0] * 4


def test_unit_name_with_a_wide_row_of_periods(tmp_path):
    spec = study(
        {"unit_name": "Town", "period": "year", "wide": {"columns": "periods", "value": "v"}},
        treated=("Town",),
    )
    st = load_study(write(tmp_path, spec, {"data.csv": ",".join(YEARS) + "\n5,6,7,8\n"}))
    assert st.panel.indicator_frame("v")["value"].tolist() == [5.0, 6.0, 7.0, 8.0]


def test_unit_name_with_wide_units_is_refused(tmp_path):
    spec = study({"unit_name": "T", "period": "year", "wide": {"columns": "units", "value": "v"}})
    assert "remove unit_name" in spec_error(tmp_path, spec)


# -- period: [year, month] -----------------------------------------------------------------------


def months_csv(month_text=lambda m: str(m), years=("2020", "2021")) -> str:
    lines = ["year,month,v"]
    lines += [f"{y},{month_text(m)},{int(y) * 100 + m}" for y in years for m in range(1, 13)]
    return "\n".join(lines) + "\n"


def month_study(**source) -> dict:
    return study(
        {"unit_name": "S", "period": ["year", "month"], **source},
        frequency="month",
        treated=("S",),
        start="2021-01",
        windows={
            "before": {"start": "2020-01", "end": "2020-12"},
            "after": {"start": "2021-01", "end": "2021-12"},
        },
        min_pre_periods=12,
        designs=["descriptive", "its"],
    )


@pytest.mark.parametrize(
    "month_text",
    [
        str,
        lambda m: f"{m:02d}",
        lambda m: f"{m}.0",
        lambda m: "janfebmaraprmayjunjulaugsepoctnovdec"[3 * m - 3 : 3 * m].title(),
        lambda m: f"{m}月",
    ],
)
def test_period_from_year_and_month(tmp_path, month_text):
    st = load_study(write(tmp_path, month_study(), {"data.csv": months_csv(month_text)}))
    frame = st.panel.indicator_frame("v")
    assert [str(p) for p in frame["period"]] == [
        str(p) for p in pd.period_range("2020-01", "2021-12", freq="M")
    ]
    expect = [int(str(p)[:4]) * 100 + int(str(p)[5:]) for p in frame["period"]]
    assert frame["value"].tolist() == [float(x) for x in expect]


def test_period_from_year_and_quarter(tmp_path):
    text = "yr,q,v\n" + "".join(f"{y},Q{q},{q}\n" for y in ("2020", "2021") for q in range(1, 5))
    spec = study(
        {"unit_name": "S", "period": ["yr", "q"]},
        frequency="quarter",
        treated=("S",),
        start="2021-Q1",
        windows={
            "before": {"start": "2020-Q1", "end": "2020-Q4"},
            "after": {"start": "2021-Q1", "end": "2021-Q4"},
        },
    )
    frame = load_study(write(tmp_path, spec, {"data.csv": text})).panel.indicator_frame("v")
    assert [str(p) for p in frame["period"]] == [
        str(p) for p in pd.period_range("2020Q1", "2021Q4", freq="Q")
    ]


def test_period_parts_bad_cells_are_named(tmp_path):
    text = months_csv().splitlines()
    text[3] = "2020,13,1"  # file row 4
    text[8] = "2020,,1"  # file row 9
    text[15] = "20x1,3,1"  # file row 16
    path = write(tmp_path, month_study(), {"data.csv": "\n".join(text) + "\n"})
    bad_month = [i for i in errors(path, "period.unparseable") if i.column == "month"]
    assert len(bad_month) == 1 and bad_month[0].rows == (4,) and "'13'" in bad_month[0].message
    bad_year = [i for i in errors(path, "period.unparseable") if i.column == "year"]
    assert len(bad_year) == 1 and bad_year[0].rows == (16,)
    empty = one(path, "period.missing")
    assert (empty.column, empty.rows) == ("month", (9,))
    assert all(i.file.endswith("data.csv") for i in errors(path))


def test_period_parts_missing_column(tmp_path):
    path = write(tmp_path, month_study(), {"data.csv": months_csv().replace("month", "mon", 1)})
    issue = one(path, "column.missing")
    assert issue.column == "month" and issue.hint and "mon" in issue.hint


def test_period_parts_in_a_yearly_study(tmp_path):
    spec = study({"unit_name": "S", "period": ["year", "month"]}, treated=("S",))
    issue = one(write(tmp_path, spec, {"data.csv": months_csv()}), "period.parts_frequency")
    assert issue.column == "sources.s.period" and "period: year" in issue.hint


@pytest.mark.parametrize("period", [["year"], ["year", "month", "day"], ["year", "year"]])
def test_period_parts_spec_shape(tmp_path, period):
    assert "two different columns" in spec_error(tmp_path, month_study(period=period))


# -- covariates written log(column) ----------------------------------------------------------------


def covariate_csv(price=lambda u, j: 1.0 + j + 0.5 * "AB".index(u)) -> str:
    lines = ["unit,year,v,price"]
    lines += [f"{u},{y},{j},{price(u, j)}" for u in "AB" for j, y in enumerate(YEARS)]
    return "\n".join(lines) + "\n"


def covariate_study(covariates, trend=None, **source) -> dict:
    ind = {"label": "V", "kind": "measure", "source": "s", "column": "v", "covariates": covariates}
    if trend is not None:
        ind["trend"] = {"covariates": trend}
    return study({"unit": "unit", "period": "year", **source}, indicators={"v": ind})


def test_log_covariate_in_frames_and_rows(tmp_path, no_pending):
    spec = covariate_study(["log( price )", "price"], trend=["log(price)"])
    st = load_study(write(tmp_path, spec, {"data.csv": covariate_csv()}))
    assert st.spec.indicators["v"].covariates == ["log(price)", "price"]
    assert st.spec.indicators["v"].trend.covariates == ["log(price)"]
    rows = st.panel.rows("v")
    assert list(rows.columns) == ["unit", "period", "value", "cluster", "log(price)", "price"]
    np.testing.assert_allclose(rows["log(price)"], np.log(rows["price"]))
    assert "log(price)" in st.panel.frames["s"]


def test_log_covariate_of_a_trend_model_only(tmp_path, no_pending):
    spec = covariate_study([], trend=["log(price)"])
    frame = load_study(write(tmp_path, spec, {"data.csv": covariate_csv()})).panel.frames["s"]
    np.testing.assert_allclose(frame["log(price)"], np.log(frame["price"]))


def test_log_covariate_zero_or_negative_names_rows(tmp_path, no_pending):
    bad = {("A", 1): 0.0, ("B", 2): -2.0}
    csv = covariate_csv(lambda u, j: bad.get((u, j), 1.0))
    issue = one(
        write(tmp_path, covariate_study(["log(price)"]), {"data.csv": csv}),
        "value.not_positive_for_log",
    )
    assert issue.file.endswith("data.csv") and issue.column == "price"
    assert issue.rows == (3, 8) and "log(price)" in issue.message


def test_log_covariate_missing_column_says_log(tmp_path, no_pending):
    path = write(tmp_path, covariate_study(["log(prices)"]), {"data.csv": covariate_csv()})
    issue = one(path, "column.missing")
    assert issue.column == "prices" and "log(prices)" in issue.message


def test_other_functions_are_column_names(tmp_path, no_pending):
    path = write(tmp_path, covariate_study(["sqrt(price)"]), {"data.csv": covariate_csv()})
    issue = one(path, "column.missing")
    assert issue.column == "sqrt(price)" and "only log(column)" in issue.hint


def test_empty_log_is_a_spec_error(tmp_path):
    assert "log() needs a column" in spec_error(tmp_path, covariate_study(["log()"]))


def test_log_covariate_after_aggregation(tmp_path, no_pending):
    text = "unit,date,v,price\n" + "".join(
        f"{u},{y}-0{k}-01,1,{k}\n" for u in "AB" for y in YEARS for k in (1, 2)
    )
    spec = covariate_study(["log(price)"], aggregate="sum")
    spec["sources"]["s"]["period"] = "date"
    frame = load_study(write(tmp_path, spec, {"data.csv": text})).panel.frames["s"]
    np.testing.assert_allclose(frame["log(price)"], np.log(3.0))


def test_log_covariate_on_microdata(tmp_path, no_pending):
    recs = ["grp,year,y,x"] + [
        f"{g},{y},{i},{i + 1}" for g in ("t", "c") for y in ("2020", "2021") for i in range(4)
    ]
    spec = study(
        {"shape": "microdata", "unit": "grp", "period": "year"},
        treated=("t",),
        indicators={
            "y": {
                "label": "Y",
                "kind": "measure",
                "source": "s",
                "column": "y",
                "covariates": ["log(x)"],
            }
        },
        windows={
            "before": {"start": "2020", "end": "2020"},
            "after": {"start": "2021", "end": "2021"},
        },
        min_pre_periods=1,
    )
    rows = load_study(write(tmp_path, spec, {"data.csv": "\n".join(recs) + "\n"})).panel.rows("y")
    np.testing.assert_allclose(rows["log(x)"], np.log(rows["value"] + 1))


# -- a published figure through the keys -----------------------------------------------------------


def test_injury_rows_and_period_values_reproduce_wooldridge_13_4(no_pending):
    """Wooldridge Ex. 13.4 (13.12): with the Kentucky rows (``rows: {ky: 1}``) and afchnge
    0/1 read as 1980/1981, OLS of ldurat on afchnge, highearn and their product gives DiD
    .191 (.069), n = 5,626 (classical SEs; computed here by least squares on Panel.rows)."""
    if not (VALIDATION / "injury_did").is_dir():
        pytest.skip("validation case ../shared/validation/injury_did is absent")
    rows = load_study(ROOT / "examples" / "injury_did" / "study.yml").panel.rows("log_duration")
    assert len(rows) == 5626
    after = (rows["period"].astype(str) == "1981").to_numpy(float)
    high = (rows["unit"] == "1").to_numpy(float)
    X = np.column_stack([np.ones(len(rows)), after, high, after * high])
    y = rows["value"].to_numpy(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    sigma2 = resid @ resid / (len(y) - X.shape[1])
    se = np.sqrt(np.diag(sigma2 * np.linalg.inv(X.T @ X)))
    assert abs(beta[3] - 0.191) <= 0.0005 and abs(se[3] - 0.069) <= 0.0005


def test_rows_on_a_wide_file_drop_the_filter_column(tmp_path):
    text = "unit,region," + ",".join(YEARS) + "\nA,N,1,2,3,4\nB,N,5,6,7,8\nC,S,9,9,9,9\n"
    spec = study(
        {
            "unit": "unit",
            "period": "year",
            "rows": {"region": "N"},
            "wide": {"columns": "periods", "value": "v"},
        }
    )
    st = load_study(write(tmp_path, spec, {"data.csv": text}))
    assert st.panel.units == ("A", "B")
    assert st.panel.indicator_frame("v")["value"].tolist() == [1.0, 2, 3, 4, 5, 6, 7, 8]


def test_period_values_on_a_wide_file_by_unit(tmp_path):
    text = "when,A,B\nbefore,1,2\nafter,3,4\n"
    spec = study(
        {
            "unit": "unit",
            "period": "when",
            "period_values": {"before": 2020, "after": 2021},
            "wide": {"columns": "units", "value": "v"},
        },
        windows={
            "before": {"start": "2020", "end": "2020"},
            "after": {"start": "2021", "end": "2021"},
        },
        min_pre_periods=1,
    )
    frame = load_study(write(tmp_path, spec, {"data.csv": text})).panel.indicator_frame("v")
    got = {(u, str(p)): v for u, p, v in frame[["unit", "period", "value"]].itertuples(index=False)}
    assert got == {("A", "2020"): 1, ("A", "2021"): 3, ("B", "2020"): 2, ("B", "2021"): 4}


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ({"unit": "u", "period": ["y", "m"], "wide": {"columns": "periods", "value": "v"}}, "wide"),
        (
            {
                "unit": "u",
                "period": "p",
                "period_values": {"a": 2020},
                "wide": {"columns": "periods", "value": "v"},
            },
            "header cells",
        ),
        (
            {"shape": "events", "unit": "u", "date": "d", "period": ["y", "m"]},
            "period: [..] applies",
        ),
        ({"unit": "u", "period": ["y", "m"], "period_values": {"a": 2020}}, "not of [year, month]"),
    ],
)
def test_reading_keys_that_contradict_each_other(tmp_path, source, words):
    assert words in spec_error(tmp_path, study(source))
