"""Data shapes on reading: period forms, wide files, aggregation of finer rows, microdata
(pooled cross-sections), periods that are not consecutive; each bad input named by file,
column and row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.core.errors import DataValidationError
from analysis.intake import validate as validate_module
from analysis.intake.files import parse_period_text, read_period_cells
from analysis.intake.spec import load_spec
from analysis.intake.validate import load_study, validate_study

UNITS = ("A", "B", "C")
QUARTERS = [str(p) for p in pd.period_range("2009Q1", "2010Q4", freq="Q")]


def value(u: str, q: str) -> float:
    return 10.0 * (UNITS.index(u) + 1) + QUARTERS.index(q) + 0.5


def spec_for(source: dict, frequency: str = "quarter", **over) -> dict:
    spec = {
        "id": "shapes",
        "title": "Shapes",
        "question": "Did it change?",
        "sources": {"s": source},
        "frequency": frequency,
        "treatment": {"units": ["A"], "start": "2010Q1"},
        "indicators": {
            "v": {"label": "Value", "kind": "amount", "source": "s", "column": "v"},
        },
        "windows": {
            "before": {"start": "2009-Q1", "end": "2009-Q4"},
            "after": {"start": "2010-Q1", "end": "2010-Q4"},
        },
        "min_pre_periods": 2,
    }
    spec.update(over)
    return spec


def write(folder: Path, spec: dict, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "study.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def long_csv(quarter_text=lambda q: q) -> str:
    lines = ["unit,quarter,v"]
    lines += [f"{u},{quarter_text(q)},{value(u, q)}" for u in UNITS for q in QUARTERS]
    return "\n".join(lines) + "\n"


LONG = {"file": "long.csv", "unit": "unit", "period": "quarter"}


def errors(path: Path, code: str | None = None):
    report = validate_study(path)
    found = [i for i in report.issues if i.severity == "error"]
    return [i for i in found if code is None or i.code == code]


def one(path: Path, code: str):
    found = errors(path, code)
    assert len(found) == 1, [str(i) for i in errors(path)]
    return found[0]


# -- period forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2010Q4",
        "Q4 2010",
        "2010-Q4",
        "Q42010",
        "2010 Q4",
        "2010年第4季度",
        "2010年4季度",
        "2010年第四季度",
        "q4-2010",
        "２０１０Ｑ４",
    ],
)
def test_quarter_forms(text):
    cells = read_period_cells(pd.Series([text], dtype="string"), "Q")
    assert cells.periods.iloc[0] == pd.Period("2010Q4", "Q")
    assert parse_period_text(text, "Q") == pd.Period("2010Q4", "Q")


@pytest.mark.parametrize("text", ["2010", "2010年", "2010.0"])
def test_year_forms(text):
    assert read_period_cells(pd.Series([text]), "Y").periods.iloc[0] == pd.Period("2010", "Y")


@pytest.mark.parametrize(
    "text, freq, period",
    [
        ("2021-03-17", "M", "2021-03"),
        ("2021-03-17", "Q", "2021Q1"),
        ("2021年3月17日", "Y", "2021"),
        ("17/03/2021", "M", "2021-03"),
        ("2021-W05", "M", "2021-02"),  # Thursday 4 February 2021
        ("2021-03", "Q", "2021Q1"),
    ],
)
def test_finer_cells_fall_in_their_period(text, freq, period):
    assert read_period_cells(pd.Series([text]), freq).periods.iloc[0] == pd.Period(period, freq)


def test_day_month_order_comes_from_the_column():
    cells = read_period_cells(pd.Series(["03/04/2021", "17/04/2021"]), "M")
    assert list(cells.periods) == [pd.Period("2021-04", "M")] * 2  # day first
    cells = read_period_cells(pd.Series(["03/04/2021", "04/17/2021"]), "M")
    assert list(cells.periods) == [pd.Period("2021-03", "M"), pd.Period("2021-04", "M")]
    alone = read_period_cells(pd.Series(["03/04/2021", "05/05/2021"]), "M")
    assert alone.ambiguous.tolist() == [True, False]  # 5 May either way
    assert not read_period_cells(pd.Series(["03/04/2021"]), "Y").bad.iloc[0]  # same year


@pytest.mark.parametrize("start", ["2010Q1", "Q1 2010", "2010-Q1", "Q12010", "2010年第1季度"])
def test_spec_periods_in_the_forms_users_write(tmp_path, start):
    spec = spec_for(LONG)
    spec["treatment"]["start"] = start
    spec["windows"]["after"] = {"start": "2010年1季度", "end": "2010-12-31"}
    path = write(tmp_path, spec, {"long.csv": long_csv()})
    study = load_study(path)
    assert study.panel.start == pd.Period("2010Q1", "Q")
    win = study.panel.windows["v"]
    assert (win.after_start, win.after_end) == (pd.Period("2010Q1", "Q"), pd.Period("2010Q4", "Q"))


@pytest.mark.parametrize("bad", ["2010Q5", "Q0 2010", "2010-13", "2021-02-30", "fourth 2010"])
def test_bad_spec_period_names_the_accepted_forms(tmp_path, bad):
    spec = spec_for(LONG)
    spec["treatment"]["start"] = bad
    path = write(tmp_path, spec, {"long.csv": long_csv()})
    issue = one(path, "spec.value_error")
    assert issue.column == "treatment.start"
    assert f"'{bad}' is not a period" in issue.message
    assert "2021-Q1, 2021Q1, Q1 2021, 2021年第1季度" in issue.message


@pytest.mark.parametrize(
    "form",
    [
        lambda q: q.replace("Q", " Q"),
        lambda q: f"Q{q[-1]} {q[:4]}",
        lambda q: f"{q[:4]}年第{q[-1]}季度",
        lambda q: f"Q{q[-1]}{q[:4]}",
    ],
)
def test_data_periods_in_quarter_forms_load_the_same(tmp_path, form):
    base = load_study(write(tmp_path / "a", spec_for(LONG), {"long.csv": long_csv()}))
    other = load_study(write(tmp_path / "b", spec_for(LONG), {"long.csv": long_csv(form)}))
    pd.testing.assert_frame_equal(base.panel.frames["s"], other.panel.frames["s"])


def test_ambiguous_dates_are_named_by_file_column_and_row(tmp_path):
    lines = ["unit,day,v"]
    for u in UNITS:
        for m in range(1, 13):
            lines.append(f"{u},05/{m:02d}/2021,1")  # 5 January or 1 May?
    spec = spec_for({"file": "d.csv", "unit": "unit", "period": "day"}, "month")
    spec["treatment"]["start"] = "2021-07"
    spec["windows"] = {"after": {"start": "2021-07", "end": "2021-09"}}
    path = write(tmp_path, spec, {"d.csv": "\n".join(lines) + "\n"})
    issue = one(path, "period.ambiguous")
    assert issue.file.endswith("d.csv") and issue.column == "day"
    assert 2 in issue.rows and "day first or month first" in issue.message
    assert "05/05/2021" not in issue.message  # 5 May reads the same either way


# -- wide files ------------------------------------------------------------------------------


def wide_by_period(header=lambda q: q) -> str:
    lines = ["unit," + ",".join(header(q) for q in QUARTERS)]
    lines += [u + "," + ",".join(str(value(u, q)) for q in QUARTERS) for u in UNITS]
    return "\n".join(lines) + "\n"


def wide_by_unit() -> str:
    lines = ["quarter," + ",".join(UNITS)]
    lines += [q + "," + ",".join(str(value(u, q)) for u in UNITS) for q in QUARTERS]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "layout, text",
    [
        ("periods", wide_by_period()),
        ("periods", wide_by_period(lambda q: f"{q[:4]}年第{q[-1]}季度")),
        ("units", wide_by_unit()),
    ],
)
def test_a_wide_file_equals_the_long_file(tmp_path, layout, text):
    base = load_study(write(tmp_path / "long", spec_for(LONG), {"long.csv": long_csv()}))
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": layout, "value": "v"},
    }
    wide = load_study(write(tmp_path / "wide", spec_for(src), {"w.csv": text}))
    pd.testing.assert_frame_equal(base.panel.frames["s"], wide.panel.frames["s"])
    pd.testing.assert_frame_equal(base.panel.indicator_frame("v"), wide.panel.indicator_frame("v"))


def test_wide_header_that_is_not_a_period_is_named(tmp_path):
    text = wide_by_period().replace("2009Q3", "region", 1)
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "v"},
    }
    issue = one(write(tmp_path, spec_for(src), {"w.csv": text}), "wide.header")
    assert issue.file.endswith("w.csv") and issue.column == "region" and issue.rows == (1,)
    assert "not a period" in issue.message


def test_wide_header_coarser_than_the_study_is_named(tmp_path):
    text = wide_by_period().replace("2009Q3", "2009", 1)
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "v"},
    }
    issue = one(write(tmp_path, spec_for(src), {"w.csv": text}), "wide.header")
    assert issue.column == "2009" and "does not say which quarter" in issue.message


def test_wide_units_header_that_is_a_period_is_named(tmp_path):
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "units", "value": "v"},
    }
    path = write(tmp_path, spec_for(src), {"w.csv": wide_by_period().replace("unit,", "quarter,")})
    found = errors(path, "wide.header")
    assert {i.column for i in found} == set(QUARTERS)
    assert all(i.rows == (1,) for i in found) and "looks like a period" in found[0].message


def test_wide_bad_value_names_its_own_column_and_row(tmp_path):
    text = wide_by_period().splitlines()
    text[2] = text[2].replace("21.5", "n/a")  # unit B, 2009Q2
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "v"},
    }
    issue = one(
        write(tmp_path, spec_for(src), {"w.csv": "\n".join(text) + "\n"}), "value.non_numeric"
    )
    assert (issue.column, issue.rows) == ("2009Q2", (3,))


def test_wide_indicator_must_read_the_value_name(tmp_path):
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "amount"},
    }
    issue = one(write(tmp_path, spec_for(src), {"w.csv": wide_by_period()}), "wide.column")
    assert issue.column == "indicators.v.column" and "'amount'" in issue.message


# -- finer rows aggregated -------------------------------------------------------------------


def daily(tmp_path: Path, rule: str | None, shuffle: bool = True) -> tuple[Path, pd.DataFrame]:
    rng = np.random.default_rng(7)
    days = pd.date_range("2020-01-01", "2020-12-31", freq="D")
    rows = pd.DataFrame(
        [(u, d, float(rng.integers(0, 50))) for u in UNITS for d in days],
        columns=["unit", "day", "v"],
    )
    file_rows = rows.sample(frac=1, random_state=3) if shuffle else rows
    text = "unit,day,v\n" + "".join(
        f"{u},{d:%Y-%m-%d},{v:g}\n" for u, d, v in file_rows.itertuples(index=False)
    )
    src = {"file": "d.csv", "unit": "unit", "period": "day"}
    if rule:
        src["aggregate"] = rule
    spec = spec_for(src, "month")
    spec["treatment"]["start"] = "2020-07"
    spec["windows"] = {"after": {"start": "2020-07", "end": "2020-12"}}
    return write(tmp_path, spec, {"d.csv": text}), rows


@pytest.mark.parametrize("rule", ["sum", "mean", "last"])
def test_daily_rows_aggregate_to_months(tmp_path, rule):
    path, rows = daily(tmp_path, rule)
    got = load_study(path).panel.frames["s"]["v"]
    expect = rows.sort_values("day").groupby(["unit", rows["day"].dt.to_period("M")])["v"].agg(rule)
    assert len(got) == 3 * 12
    np.testing.assert_allclose(got.to_numpy(), expect.to_numpy())
    assert list(got.index) == list(expect.index)


def test_duplicates_without_aggregate_say_to_set_it(tmp_path):
    path, _ = daily(tmp_path, None, shuffle=False)
    found = errors(path, "row.duplicate")
    assert len(found) == 3 and "aggregate" in found[0].hint
    assert found[0].rows[:2] == (2, 3)  # unit A's first days, in January


# -- microdata -------------------------------------------------------------------------------


def pooled(n_per_cell: int = 40):
    """Two survey years (1978, 1981), four groups, records with a weight, a covariate and a
    text cluster (the village)."""
    rng = np.random.default_rng(11)
    recs = []
    for g in ("near", "far", "mid", "edge"):
        for year in (1978, 1981):
            for i in range(n_per_cell):
                recs.append(
                    {
                        "town": g,
                        "year": str(year),
                        "price": round(float(rng.normal(100 if g == "near" else 80, 15)), 2),
                        "w": round(float(rng.uniform(0.5, 2.0)), 3),
                        "age": int(rng.integers(0, 60)),
                        "village": f"v{i % 5}",
                    }
                )
    return pd.DataFrame(recs)


def micro_spec(**ind_over) -> dict:
    ind = {
        "label": "Price",
        "kind": "measure",
        "source": "sales",
        "column": "price",
        "weight": "w",
        "covariates": ["age"],
        "did": {"cluster": "village"},
    }
    ind.update(ind_over)
    return {
        "id": "pooled",
        "title": "Pooled",
        "question": "Did the incinerator lower prices?",
        "sources": {
            "sales": {"file": "sales.csv", "shape": "microdata", "unit": "town", "period": "year"}
        },
        "frequency": "year",
        "treatment": {"units": ["near"], "start": "1981"},
        "indicators": {"price": ind},
        "windows": {
            "before": {"start": "1978", "end": "1978"},
            "after": {"start": "1981", "end": "1981"},
        },
        "min_pre_periods": 1,
        "designs": ["descriptive", "did"],
    }


@pytest.fixture
def no_pending(monkeypatch):
    """kind measure, weight, covariates and did are other changes' keys: not refused here."""
    monkeypatch.setattr(validate_module, "pending_issues", lambda spec: [])


def micro_study(tmp_path, frame: pd.DataFrame, **ind_over) -> Path:
    return write(tmp_path, micro_spec(**ind_over), {"sales.csv": frame.to_csv(index=False)})


def test_microdata_rows_and_group_means(tmp_path, no_pending):
    frame = pooled()
    panel = load_study(micro_study(tmp_path, frame)).panel
    assert list(panel.periods) == [pd.Period("1978", "Y"), pd.Period("1981", "Y")]
    rows = panel.rows("price")
    assert len(rows) == len(frame)
    assert list(rows.columns) == ["unit", "period", "value", "weight", "cluster", "age"]
    assert rows["cluster"].map(type).eq(str).all()
    ordered = frame.sort_values(["town", "year"], kind="stable")
    np.testing.assert_allclose(rows["value"], ordered["price"])
    np.testing.assert_allclose(rows["age"], ordered["age"])
    means = panel.indicator_frame("price")
    assert len(means) == 8
    key = frame.assign(year=frame["year"].astype(int))
    g = key.groupby(["town", "year"])
    weighted = (key["price"] * key["w"]).groupby([key["town"], key["year"]]).sum() / g["w"].sum()
    np.testing.assert_allclose(means["value"], weighted.to_numpy())
    np.testing.assert_array_equal(means["n"], g.size().to_numpy())
    np.testing.assert_allclose(means["weight"], g["w"].sum().to_numpy())


def test_microdata_unweighted_mean(tmp_path, no_pending):
    frame = pooled()
    panel = load_study(micro_study(tmp_path, frame, weight=None)).panel
    means = panel.indicator_frame("price")
    expect = frame.groupby(["town", "year"])["price"].mean()
    np.testing.assert_allclose(means["value"], expect.to_numpy())
    assert "weight" not in means


def test_microdata_without_group_column(tmp_path, no_pending):
    path = micro_study(tmp_path, pooled().drop(columns="town"))
    issue = one(path, "microdata.no_group")
    assert issue.file.endswith("sales.csv") and issue.column == "town"
    assert "group" in issue.message


def test_microdata_covariate_with_missing_values(tmp_path, no_pending):
    frame = pooled().astype({"age": object})
    frame.loc[[4, 90], "age"] = None
    issue = one(micro_study(tmp_path, frame), "value.missing")
    assert issue.file.endswith("sales.csv") and issue.column == "age"
    assert issue.rows == (6, 92)


def test_microdata_weight_must_be_a_positive_number(tmp_path, no_pending):
    frame = pooled().astype({"w": object})
    frame.loc[3, "w"] = "heavy"
    frame.loc[7, "w"] = "-1"
    path = micro_study(tmp_path, frame)
    assert one(path, "value.non_numeric").rows == (5,)
    neg = one(path, "value.negative")
    assert (neg.column, neg.rows) == ("w", (9,))


def test_microdata_kind_must_be_a_value_per_record(tmp_path, no_pending):
    issue = one(micro_study(tmp_path, pooled(), kind="stock"), "microdata.kind")
    assert issue.column == "indicators.price.kind"


def test_microdata_group_without_records_in_a_year(tmp_path, no_pending):
    frame = pooled()
    frame = frame[~((frame["town"] == "edge") & (frame["year"] == "1981"))]
    issue = one(micro_study(tmp_path, frame), "grid.gap")
    assert "'edge'" in issue.message and "1981" in issue.message


# -- periods that are not consecutive ----------------------------------------------------------


def two_years_panel(tmp_path: Path, designs: list[str]) -> Path:
    text = "unit,year,v\n" + "".join(
        f"{u},{y},{i + (y == 1981)}\n" for i, u in enumerate(UNITS) for y in (1978, 1981)
    )
    spec = spec_for({"file": "p.csv", "unit": "unit", "period": "year"}, "year")
    spec["treatment"]["start"] = "1981"
    spec["windows"] = {
        "before": {"start": "1978", "end": "1978"},
        "after": {"start": "1981", "end": "1981"},
    }
    spec["min_pre_periods"] = 1
    spec["designs"] = designs
    return write(tmp_path, spec, {"p.csv": text})


@pytest.mark.parametrize("designs", [["descriptive"], ["descriptive", "did"]])
def test_survey_years_are_a_grid_of_two(tmp_path, designs):
    panel = load_study(two_years_panel(tmp_path, designs)).panel
    assert list(panel.periods) == [pd.Period("1978", "Y"), pd.Period("1981", "Y")]
    assert len(panel.indicator_frame("v")) == 6


def test_designs_over_time_need_every_period(tmp_path):
    path = two_years_panel(tmp_path, ["descriptive", "its"])
    found = errors(path, "grid.gap")
    assert len(found) == 3 and all("1979, 1980" in i.message for i in found)
    assert "its, sts and staggered" in found[0].hint
    with pytest.raises(DataValidationError):
        load_study(path)


def test_spec_loads_period_text_unchanged(tmp_path):
    spec = spec_for(LONG)
    spec["treatment"]["start"] = "Q1 2010"
    spec_path = write(tmp_path, spec, {"long.csv": long_csv()})
    assert load_spec(spec_path).treatment.start == "Q1 2010"


def test_survey_years_are_stated_and_empty_windows_refused(tmp_path):
    path = two_years_panel(tmp_path, ["descriptive"])
    info = [i for i in validate_study(path).issues if i.code == "grid.not_consecutive"]
    assert len(info) == 1 and "1979, 1980" in info[0].message
    spec = yaml.safe_load(path.read_text("utf-8"))
    spec["windows"] = {"after": {"start": "1981", "end": "1981"}}  # derived before: 1980
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    issue = one(path, "window.no_data")
    assert issue.column == "windows.after" and "derived before window 1980..1980" in issue.message


def test_wide_and_aggregate_only_reshape_panel_sources(tmp_path, no_pending):
    spec = micro_spec()
    spec["sources"]["sales"]["aggregate"] = "mean"
    path = write(tmp_path, spec, {"sales.csv": pooled().to_csv(index=False)})
    assert one(path, "source.layout_shape").column == "sources.sales.aggregate"


def test_wide_headers_in_the_same_period_need_aggregate(tmp_path):
    text = wide_by_period(lambda q: f"{q[:4]}-{3 * int(q[-1]):02d}-15")  # one day a quarter
    text = text.replace("2009-06-15", "2009-03-20")  # two days in 2009Q1, none in Q2
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "v"},
    }
    issue = one(write(tmp_path, spec_for(src), {"w.csv": text}), "wide.duplicate_period")
    assert issue.column == "2009-03-15, 2009-03-20" and "aggregate" in issue.hint


def test_wide_daily_headers_aggregate(tmp_path):
    text = wide_by_period(lambda q: f"{q[:4]}-{3 * int(q[-1]):02d}-15")
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "v"},
        "aggregate": "sum",
    }
    wide = load_study(write(tmp_path / "w", spec_for(src), {"w.csv": text}))
    base = load_study(write(tmp_path / "l", spec_for(LONG), {"long.csv": long_csv()}))
    pd.testing.assert_frame_equal(base.panel.indicator_frame("v"), wide.panel.indicator_frame("v"))


def test_wide_unit_listed_twice_names_both_rows(tmp_path):
    lines = wide_by_period().splitlines()
    lines.append(lines[1])  # unit A again, file row 5
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "periods", "value": "v"},
    }
    issue = one(write(tmp_path, spec_for(src), {"w.csv": "\n".join(lines) + "\n"}), "row.duplicate")
    assert issue.rows == (2, 5) and "unit 'A'" in issue.message


def test_wide_by_unit_bad_value_names_the_unit_column(tmp_path):
    lines = wide_by_unit().splitlines()
    lines[3] = lines[3].replace("32.5", "")  # unit C, 2009Q3 (file row 4)
    src = {
        "file": "w.csv",
        "unit": "unit",
        "period": "quarter",
        "wide": {"columns": "units", "value": "v"},
    }
    issue = one(write(tmp_path, spec_for(src), {"w.csv": "\n".join(lines) + "\n"}), "value.missing")
    assert (issue.column, issue.rows) == ("C", (4,))


def test_panel_covariates_weight_and_text_cluster_reach_rows(tmp_path, no_pending):
    lines = ["unit,quarter,v,pop,x,region"]
    lines += [
        f"{u},{q},{value(u, q)},{100 + i},{i % 4},{'north' if u != 'C' else 'south'}"
        for u in UNITS
        for i, q in enumerate(QUARTERS)
    ]
    spec = spec_for(LONG)
    spec["indicators"]["v"].update(
        {"kind": "measure", "weight": "pop", "covariates": ["x"], "did": {"cluster": "region"}}
    )
    path = write(tmp_path, spec, {"long.csv": "\n".join(lines) + "\n"})
    rows = load_study(path).panel.rows("v")
    assert list(rows.columns) == ["unit", "period", "value", "weight", "cluster", "x"]
    assert set(rows["cluster"]) == {"north", "south"} and len(rows) == 24
    np.testing.assert_allclose(rows["weight"].to_numpy()[:8], np.arange(100, 108))
    bad = path.parent / "long.csv"
    bad.write_text(bad.read_text("utf-8").replace(",north\n", ",\n", 1), encoding="utf-8")
    issue = one(path, "value.missing")
    assert (issue.column, issue.rows) == ("region", (2,))
