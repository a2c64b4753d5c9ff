"""The data contract: every data problem is reported at once with file, column and row."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import (
    COMPARISON,
    DELETE,
    MONTHS,
    TREATED,
    UNITS,
    base_event_rows,
    base_spec,
    file_row,
    index_of,
    write_study,
)

from analysis.core.errors import DataValidationError, Issue, SpecError, ValidationReport
from analysis.intake.spec import load_spec
from analysis.intake.validate import load_study, validate_spec_and_data, validate_study

N_ROWS = len(UNITS) * len(MONTHS)  # panel rows; the last one is file row N_ROWS + 1


def issues_of(report: ValidationReport, code: str) -> list[Issue]:
    return [i for i in report.issues if i.code == code]


def one(report: ValidationReport, code: str) -> Issue:
    found = issues_of(report, code)
    assert len(found) == 1, f"expected one {code}:\n{report.summary()}"
    return found[0]


def codes(report: ValidationReport) -> list[str]:
    return [i.code for i in report.errors]


def set_cell(unit: str, month: str, column: str, value: str):
    def mutate(rows):
        rows[index_of(unit, month)][column] = value
        return rows

    return mutate


def drop(*keys: tuple[str, str]):
    def mutate(rows):
        gone = {index_of(u, m) for u, m in keys}
        return [r for i, r in enumerate(rows) if i not in gone]

    return mutate


def spec_line(path: Path, text: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line]
    return hits[occurrence - 1]


def assert_fails(path: Path) -> ValidationReport:
    """A broken study: validate_study reports it, load_study raises the same report."""
    report = validate_study(path)
    assert not report.ok
    assert not issues_of(report, "internal.error"), report.summary()
    with pytest.raises(DataValidationError) as info:
        load_study(path)
    assert info.value.report.issues == report.issues
    assert str(info.value) == report.summary()
    return report


# -- the valid study ------------------------------------------------------------------------


def test_valid_study_builds_the_panel(tmp_path):
    path = write_study(tmp_path)
    report = validate_study(path)
    assert report.ok and report.issues == (), report.summary()
    study = load_study(path)
    panel = study.panel
    assert panel.units == tuple(sorted(UNITS))
    assert [str(p) for p in panel.periods] == MONTHS
    assert panel.treated_units == (TREATED,)
    assert panel.comparison_units == tuple(sorted(COMPARISON))
    assert panel.start == pd.Period("2020-07", "M")
    frame = panel.indicator_frame("resolved_share")
    assert len(frame) == N_ROWS and (frame["value"] <= frame["denominator"]).all()
    thefts = panel.indicator_frame("thefts")
    assert len(thefts) == N_ROWS  # months without events count 0: events are not a grid
    assert panel.fact("register", "staff") == 120
    assert panel.fact("register", "budget") == 3_500_000
    assert {s["source"] for s in report.sources} == {"stations", "cases", "register"}


def test_load_study_accepts_a_loaded_spec(tmp_path):
    spec = load_spec(write_study(tmp_path))
    assert load_study(spec).spec is spec


# -- columns --------------------------------------------------------------------------------


def test_misspelled_column_in_file_suggests_nearest(tmp_path):
    def rename(rows):
        return [{("incidnets" if k == "incidents" else k): v for k, v in r.items()} for r in rows]

    path = write_study(tmp_path, rows_mutator=rename)
    issue = one(assert_fails(path), "column.missing")
    assert issue.file == str(tmp_path / "panel.csv")
    assert issue.column == "incidents"
    assert "indicator column 'incidents' not found" in issue.message
    assert "columns in file: unit, month, incidnets, resolved, cases" in issue.message
    assert issue.hint == "did you mean 'incidnets'?"


def test_misspelled_column_in_spec_and_case_difference(tmp_path):
    path = write_study(
        tmp_path, spec_overrides={"sources": {"stations": {"unit": "Unit", "period": "months"}}}
    )
    report = assert_fails(path)
    hints = {i.column: i.hint for i in issues_of(report, "column.missing")}
    assert hints == {"Unit": "did you mean 'unit'?", "months": "did you mean 'month'?"}


def test_missing_columns_do_not_hide_value_problems(tmp_path):
    def mutate(rows):
        rows = [{("Month" if k == "month" else k): v for k, v in r.items()} for r in rows]
        rows[3]["incidents"] = "-2"
        return rows

    report = assert_fails(write_study(tmp_path, rows_mutator=mutate))
    assert codes(report) == ["column.missing", "value.negative"]
    assert report.errors[1].rows == (5,)


# -- periods and the grid -----------------------------------------------------------------


def test_unparseable_dates_name_rows(tmp_path):
    def mutate(rows):
        rows[index_of(TREATED, "2019-03")]["month"] = "2019-13"
        rows[index_of("Southbank", "2020-11")]["month"] = "Nov"
        rows[index_of("Westmoor", "2021-01")]["month"] = ""
        return rows

    report = assert_fails(write_study(tmp_path, rows_mutator=mutate))
    bad = one(report, "period.unparseable")
    assert bad.file == str(tmp_path / "panel.csv") and bad.column == "month"
    assert bad.rows == (file_row(TREATED, "2019-03"), file_row("Southbank", "2020-11"))
    assert "'2019-13'" in bad.message and "'Nov'" in bad.message
    assert "2021年1月" in bad.hint
    empty = one(report, "period.missing")
    assert empty.rows == (file_row("Westmoor", "2021-01"),)
    # the rows that could not be placed leave gaps, which are reported too
    assert {i.message.split("'")[1] for i in issues_of(report, "grid.gap")} == {
        TREATED,
        "Southbank",
        "Westmoor",
    }


def test_dates_coarser_than_the_frequency(tmp_path):
    path = write_study(tmp_path, rows_mutator=set_cell(TREATED, "2019-05", "month", "2019"))
    issue = one(assert_fails(path), "period.too_coarse")
    assert issue.rows == (file_row(TREATED, "2019-05"),)
    assert "do not say which month" in issue.message


def test_duplicate_unit_period_rows(tmp_path):
    def mutate(rows):
        rows.append(dict(rows[index_of(TREATED, "2019-04")]))
        rows.append({**rows[index_of("Eastfield", "2020-02")], "month": "2020/2"})
        return rows

    report = assert_fails(write_study(tmp_path, rows_mutator=mutate))
    dups = issues_of(report, "row.duplicate")
    assert [d.rows for d in dups] == [
        (file_row("Eastfield", "2020-02"), N_ROWS + 3),
        (file_row(TREATED, "2019-04"), N_ROWS + 2),
    ]
    assert all(d.column == "unit, month" for d in dups)
    assert (
        f"unit '{TREATED}' has more than one row for 1 period(s): 2019-04 (rows "
        f"{file_row(TREATED, '2019-04')}, {N_ROWS + 2})" in dups[1].message
    )
    assert "is 'frequency' in study.yml right?" in dups[0].hint  # '2020-02' and '2020/2'


def test_monthly_data_under_quarterly_frequency_hints_at_frequency(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "frequency": "quarter",
            "treatment": {"start": "2020-Q3", "milestones": []},
            "windows": {
                "before": {"start": "2019-Q3", "end": "2020-Q2"},
                "after": {"start": "2020-Q3", "end": "2021-Q2"},
            },
            "min_pre_periods": 4,
        },
    )
    dup = issues_of(assert_fails(path), "row.duplicate")
    assert len(dup) == len(UNITS)
    assert "is 'frequency' in study.yml right?" in dup[0].hint


def test_gaps_are_reported_never_filled(tmp_path):
    path = write_study(
        tmp_path,
        rows_mutator=drop((TREATED, "2020-03"), (TREATED, "2020-04"), ("Westmoor", "2021-10")),
    )
    report = assert_fails(path)
    gaps = issues_of(report, "grid.gap")
    assert [g.message for g in gaps] == [
        f"unit '{TREATED}' has no row for 2 period(s): 2020-03, 2020-04 "
        "(the file covers 2019-01..2021-10)",
        "unit 'Westmoor' has no row for 1 period(s): 2021-10 (the file covers 2019-01..2021-10)",
    ]
    assert all(g.file == str(tmp_path / "panel.csv") and g.column == "month" for g in gaps)
    assert "never filled with zeros" in gaps[0].hint
    panel, _ = validate_spec_and_data(load_spec(path))
    assert panel is None  # no Panel, so nothing downstream can see a zero-filled gap


def test_empty_unit_names(tmp_path):
    path = write_study(tmp_path, rows_mutator=set_cell("Eastfield", "2019-02", "unit", " "))
    issue = one(assert_fails(path), "unit.missing")
    assert (issue.column, issue.rows) == ("unit", (file_row("Eastfield", "2019-02"),))


# -- values -------------------------------------------------------------------------------


def test_negative_counts(tmp_path):
    path = write_study(tmp_path, rows_mutator=set_cell("Southbank", "2020-09", "incidents", "-3"))
    issue = one(assert_fails(path), "value.negative")
    assert issue.file == str(tmp_path / "panel.csv")
    assert issue.column == "incidents"
    assert issue.rows == (file_row("Southbank", "2020-09"),)
    assert issue.message == "negative value(s) -3; a count cannot be below 0"


def test_non_numeric_cells(tmp_path):
    def mutate(rows):
        rows[index_of(TREATED, "2019-10")]["incidents"] = "n/a"
        rows[index_of("Westmoor", "2021-02")]["incidents"] = "12 cases"
        rows[index_of("Westmoor", "2021-03")]["cases"] = "—"
        return rows

    report = assert_fails(write_study(tmp_path, rows_mutator=mutate))
    by_col = {i.column: i for i in issues_of(report, "value.non_numeric")}
    assert by_col["incidents"].rows == (
        file_row(TREATED, "2019-10"),
        file_row("Westmoor", "2021-02"),
    )
    assert "'n/a'" in by_col["incidents"].message and "'12 cases'" in by_col["incidents"].message
    assert by_col["cases"].rows == (file_row("Westmoor", "2021-03"),)


def test_empty_cells_are_never_zero(tmp_path):
    path = write_study(tmp_path, rows_mutator=set_cell("Eastfield", "2020-06", "resolved", ""))
    issue = one(assert_fails(path), "value.missing")
    assert (issue.column, issue.rows) == ("resolved", (file_row("Eastfield", "2020-06"),))
    assert "never assumed zero" in issue.message


def test_numerator_above_denominator(tmp_path):
    def mutate(rows):
        for m in ("2021-01", "2021-02", "2021-03"):
            row = rows[index_of(TREATED, m)]
            row["resolved"] = str(int(row["cases"]) + 5)
        return rows

    issue = one(
        assert_fails(write_study(tmp_path, rows_mutator=mutate)),
        "proportion.numerator_exceeds_denominator",
    )
    assert issue.column == "resolved, cases"
    assert issue.rows == tuple(file_row(TREATED, m) for m in ("2021-01", "2021-02", "2021-03"))
    assert str(issue).startswith(
        f"ERROR [proportion.numerator_exceeds_denominator] {tmp_path / 'panel.csv'}, column "
        f"'resolved, cases', rows {file_row(TREATED, '2021-01')}-{file_row(TREATED, '2021-03')}:"
    )
    assert "numerator 'resolved' is larger than denominator 'cases'" in issue.message


def test_zero_denominator_is_a_warning(tmp_path):
    def mutate(rows):
        rows[index_of("Westmoor", "2019-01")].update(resolved="0", cases="0")
        return rows

    report = validate_study(write_study(tmp_path, rows_mutator=mutate))
    assert report.ok
    assert one(report, "proportion.zero_denominator").rows == (file_row("Westmoor", "2019-01"),)


def test_fractional_counts_warn(tmp_path):
    path = write_study(tmp_path, rows_mutator=set_cell(TREATED, "2019-01", "incidents", "2.5"))
    report = validate_study(path)
    assert report.ok and one(report, "value.non_integer").rows == (2,)


# -- treatment, comparison, start -----------------------------------------------------------


def test_treated_unit_absent_suggests_nearest(tmp_path):
    path = write_study(tmp_path, spec_overrides={"treatment": {"units": ["North gate"]}})
    issue = one(assert_fails(path), "treatment.unit_absent")
    assert issue.file == str(path)
    assert issue.column == "treatment.units"
    assert issue.rows == (spec_line(path, "- North gate"),)
    assert "treated unit 'North gate' is not in the data" in issue.message
    assert "Eastfield, Northgate, Southbank, Westmoor" in issue.message
    assert issue.hint == "did you mean 'Northgate'?"
    assert str(issue).startswith(
        f"ERROR [treatment.unit_absent] {path}, key 'treatment.units', line {issue.rows[0]}:"
    )


def test_comparison_unit_absent(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "comparison": {"units": ["Eastfield", "Southbnak"], "exclude": ["Westmore"]}
        },
    )
    report = assert_fails(path)
    absent = {i.column: i for i in issues_of(report, "comparison.unit_absent")}
    assert absent["comparison.units"].hint == "did you mean 'Southbank'?"
    assert absent["comparison.units"].rows == (spec_line(path, "- Southbnak"),)
    assert absent["comparison.exclude"].hint == "did you mean 'Westmoor'?"


def test_treated_unit_listed_as_comparison(tmp_path):
    path = write_study(tmp_path, spec_overrides={"comparison": {"units": [TREATED, "Eastfield"]}})
    issue = one(assert_fails(path), "comparison.treated_in_pool")
    assert issue.column == "comparison.units"


@pytest.mark.parametrize(
    "start, where",
    [
        ("2018-06", "at or before the first period in the data (2019-01)"),
        ("2019-01", "at or before the first period in the data (2019-01)"),
        ("2022-03", "after the last period in the data (2021-10)"),
    ],
)
def test_start_outside_the_data(tmp_path, start, where):
    path = write_study(tmp_path, spec_overrides={"treatment": {"start": start}})
    issue = one(assert_fails(path), "treatment.start_outside")
    assert issue.column == "treatment.start"
    assert issue.rows == (spec_line(path, "start: "),)
    assert where in issue.message and f"in {start}" in issue.message


def test_fewer_pre_periods_than_required(tmp_path):
    path = write_study(tmp_path, spec_overrides={"min_pre_periods": 24})
    issue = one(assert_fails(path), "treatment.too_few_pre_periods")
    assert issue.column == "treatment.start"
    assert "leaving 18 pre-period(s) (2019-01..2020-06)" in issue.message
    assert "at least 24 (min_pre_periods)" in issue.message


def test_no_untreated_units_is_a_warning(tmp_path):
    path = write_study(tmp_path, spec_overrides={"treatment": {"units": list(UNITS)}})
    report = validate_study(path)
    assert report.ok
    assert one(report, "comparison.none").severity == "warning"


# -- windows and milestones -----------------------------------------------------------------


def test_window_outside_the_data(tmp_path):
    path = write_study(
        tmp_path, spec_overrides={"windows": {"after": {"start": "2020-07", "end": "2021-12"}}}
    )
    issue = one(assert_fails(path), "window.outside_data")
    assert issue.column == "windows.after"
    assert issue.rows == (spec_line(path, "after:"),)
    assert issue.message == (
        "the after window 2020-07..2021-12 is outside the data (the data cover 2019-01..2021-10)"
    )


def test_indicator_window_outside_and_reversed(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "indicators": {
                "incidents": {
                    "windows": {
                        "before": {"start": "2018-01", "end": "2018-12"},
                        "after": {"start": "2021-06", "end": "2021-01"},
                    }
                }
            }
        },
    )
    report = assert_fails(path)
    assert one(report, "window.outside_data").column == "indicators.incidents.windows.before"
    assert (
        one(report, "window.reversed").message
        == "the after window starts (2021-06) after it ends (2021-01)"
    )


def test_year_on_year_windows_must_be_one_year_apart(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "windows": {
                "basis": "year_on_year",
                "before": {"start": "2019-09", "end": "2020-06"},
                "after": {"start": "2020-07", "end": "2021-06"},
            }
        },
    )
    issue = one(assert_fails(path), "window.not_year_on_year")
    assert issue.column == "windows.before"
    assert "before 2019-09..2020-06 and after 2020-07..2021-06" in issue.message
    assert "before should be 2019-07..2020-06" in issue.hint


def test_year_on_year_ok_and_derived_before_window_checked(tmp_path):
    ok = write_study(tmp_path / "ok", spec_overrides={"windows": {"basis": "year_on_year"}})
    assert validate_study(ok).ok
    path = write_study(
        tmp_path / "bad",
        spec_overrides={
            "treatment": {"start": "2019-10"},
            "min_pre_periods": 6,
            "windows": {
                "basis": "year_on_year",
                "before": DELETE,
                "after": {"start": "2019-10", "end": "2020-09"},
            },
        },
    )
    issue = one(assert_fails(path), "window.outside_data")
    assert issue.column == "windows.after"
    assert "the derived before window 2018-10..2019-09 is outside the data" in issue.message


def test_windows_straddling_the_start_warn(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "windows": {
                "before": {"start": "2019-09", "end": "2020-08"},
                "after": {"start": "2020-05", "end": "2021-04"},
            }
        },
    )
    report = validate_study(path)
    assert report.ok
    assert one(report, "window.before_overlaps_pilot").column == "windows.before"
    assert one(report, "window.after_precedes_pilot").column == "windows.after"


def test_milestone_outside_the_data(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "treatment": {
                "milestones": [
                    {"id": "launch", "date": "2020-07"},
                    {"id": "review", "date": "2022-01"},
                ]
            }
        },
    )
    issue = one(assert_fails(path), "treatment.milestone_outside")
    assert issue.column == "treatment.milestones.1.date"
    assert issue.rows == (spec_line(path, "date: 2022-01"),)
    assert "milestone 'review' at 2022-01 is after the last period" in issue.message


# -- events and facts -----------------------------------------------------------------------


def test_events_unknown_category(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={"indicators": {"thefts": {"categories": ["theft", "Burglary", "frauds"]}}},
    )
    report = assert_fails(path)
    found = issues_of(report, "events.unknown_category")
    assert [i.hint for i in found] == ["check the spelling", "did you mean 'fraud'?"]
    issue = found[1]
    assert issue.column == "indicators.thefts.categories"
    assert issue.rows == (spec_line(path, "categories:"),)
    assert "never occurs in events.csv (column 'category')" in issue.message
    assert "categories in the file: assault, fraud, theft" in issue.message


def test_events_empty_category_warns(tmp_path):
    def mutate(rows):
        rows[4]["category"] = ""
        return rows

    report = validate_study(write_study(tmp_path, events_mutator=mutate))
    assert report.ok
    assert one(report, "events.missing_category").rows == (6,)


def test_events_outside_range_warn_with_rows(tmp_path):
    def mutate(rows):
        rows.append({"unit": TREATED, "date": "2022-03-05", "category": "theft"})
        rows.append({"unit": "Eastfield", "date": "2018-12-31", "category": "theft"})
        return rows

    report = validate_study(write_study(tmp_path, events_mutator=mutate))
    assert report.ok
    issue = one(report, "events.outside_range")
    assert issue.severity == "warning"
    assert issue.file == str(tmp_path / "events.csv") and issue.column == "date"
    n = len(base_event_rows())
    assert issue.rows == (n + 2, n + 3)
    assert "2 event(s) dated outside the study periods 2019-01..2021-10" in issue.message


def test_events_bad_dates_and_unknown_units(tmp_path):
    def mutate(rows):
        rows[0]["date"] = "yesterday"
        rows[1]["unit"] = "Eastfeld"
        return rows

    report = assert_fails(write_study(tmp_path, events_mutator=mutate))
    bad = one(report, "period.unparseable")
    assert (bad.file, bad.column, bad.rows) == (str(tmp_path / "events.csv"), "date", (2,))
    unknown = one(report, "events.unknown_unit")
    assert unknown.rows == (3,) and unknown.hint == "did you mean 'Eastfield'?"


def test_events_missing_column(tmp_path):
    def mutate(rows):
        return [{("type" if k == "category" else k): v for k, v in r.items()} for r in rows]

    report = assert_fails(write_study(tmp_path, events_mutator=mutate))
    issue = one(report, "column.missing")
    assert (issue.file, issue.column) == (str(tmp_path / "events.csv"), "category")


def test_facts_missing_item(tmp_path):
    path = write_study(
        tmp_path,
        facts_mutator=lambda rows: [
            {"item": "Staff ", "value": "120"},
            {"item": "budget", "value": "1,000"},
        ],
    )
    issue = one(assert_fails(path), "facts.missing_item")
    assert (issue.file, issue.column) == (str(tmp_path / "facts.csv"), "item")
    assert "indicator 'staff' needs item 'staff', which is not in the file" in issue.message
    assert issue.hint == "did you mean 'Staff'?"


def test_facts_duplicate_and_non_numeric(tmp_path):
    path = write_study(
        tmp_path, facts_mutator=lambda rows: [*rows, {"item": "staff", "value": "about 100"}]
    )
    report = assert_fails(path)
    assert one(report, "row.duplicate").rows == (2, 4)
    assert one(report, "value.non_numeric").rows == (4,)


# -- staggered adoption -------------------------------------------------------------------

STAGGERED = {
    "treatment": {
        "units": DELETE,
        "start": DELETE,
        "adoption": {"source": "stations", "column": "adopted"},
    },
    "windows": {
        "before": {"start": "2019-07", "end": "2020-06"},
        "after": {"start": "2021-01", "end": "2021-10"},
    },
}
ADOPTS = {TREATED: "2020-07", "Eastfield": "2021年1月", "Southbank": "never", "Westmoor": ""}


def with_adoption(change=None):
    def mutate(rows):
        for i, row in enumerate(rows):
            row["adopted"] = ADOPTS[row["unit"]]
            if change:
                change(i, row)
        return rows

    return mutate


def test_staggered_adoption_loads(tmp_path):
    study = load_study(
        write_study(tmp_path, spec_overrides=STAGGERED, rows_mutator=with_adoption())
    )
    assert study.panel.adoption == {
        TREATED: pd.Period("2020-07", "M"),
        "Eastfield": pd.Period("2021-01", "M"),
        "Southbank": None,
        "Westmoor": None,
    }
    assert "_adoption" not in study.panel.frames["stations"]
    assert "_row" not in study.panel.frames["stations"]


def test_adoption_inconsistent_within_a_unit(tmp_path):
    def change(i, row):
        if row["unit"] == "Eastfield" and row["month"] in ("2019-05", "2019-06"):
            row["adopted"] = "2021-02"

    report = assert_fails(
        write_study(tmp_path, spec_overrides=STAGGERED, rows_mutator=with_adoption(change))
    )
    issue = one(report, "adoption.inconsistent")
    assert (issue.file, issue.column) == (str(tmp_path / "panel.csv"), "adopted")
    assert issue.rows == (file_row("Eastfield", "2019-05"), file_row("Eastfield", "2019-06"))
    assert "unit 'Eastfield' has different adoption values: '2021年1月', '2021-02'" in issue.message


def test_adoption_unparseable(tmp_path):
    def change(i, row):
        if row["unit"] == "Southbank":
            row["adopted"] = "next spring"

    report = assert_fails(
        write_study(tmp_path, spec_overrides=STAGGERED, rows_mutator=with_adoption(change))
    )
    issue = one(report, "adoption.unparseable")
    assert issue.rows == tuple(file_row("Southbank", m) for m in MONTHS)
    assert "cannot read adoption date 'next spring'" in issue.message
    assert "'never'" in issue.hint


def test_adoption_outside_the_data_points_at_the_unit_rows(tmp_path):
    def change(i, row):
        if row["unit"] == "Eastfield":
            row["adopted"] = "2022-05"

    report = assert_fails(
        write_study(tmp_path, spec_overrides=STAGGERED, rows_mutator=with_adoption(change))
    )
    issue = one(report, "treatment.start_outside")
    assert (issue.file, issue.column) == (str(tmp_path / "panel.csv"), "adopted")
    assert issue.rows == tuple(file_row("Eastfield", m) for m in MONTHS)
    assert "unit 'Eastfield' adopts in 2022-05, after the last period" in issue.message


def test_adoption_column_missing_and_nobody_adopts(tmp_path):
    report = assert_fails(write_study(tmp_path / "a", spec_overrides=STAGGERED))
    assert one(report, "column.missing").column == "adopted"

    def change(i, row):
        row["adopted"] = "never"

    report = assert_fails(
        write_study(tmp_path / "b", spec_overrides=STAGGERED, rows_mutator=with_adoption(change))
    )
    assert one(report, "adoption.none").column == "adopted"


# -- files ----------------------------------------------------------------------------------


def test_data_file_not_found(tmp_path):
    path = write_study(tmp_path, spec_overrides={"sources": {"stations": {"file": "pannel.csv"}}})
    (tmp_path / "panel.csv").rename(tmp_path / "panel_2021.csv")
    report = assert_fails(path)
    issue = one(report, "source.not_found")
    assert issue.file == str(tmp_path / "pannel.csv")
    assert issue.message == "data file not found"
    assert report.errors[0] is issue  # no knock-on noise about units or periods


def test_unsupported_file_type_is_a_spec_error(tmp_path):
    path = write_study(tmp_path, spec_overrides={"sources": {"stations": {"file": "panel.sav"}}})
    report = validate_study(path)
    assert codes(report) == ["spec.value_error"]
    assert "unsupported type '.sav'" in report.errors[0].message
    with pytest.raises(SpecError):
        load_study(path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty (0 bytes)"),
        (b"unit,month,incidents,resolved,cases\n", "the file has a header but no data rows"),
    ],
)
def test_empty_files(tmp_path, content, message):
    path = write_study(tmp_path)
    (tmp_path / "panel.csv").write_bytes(content)
    report = assert_fails(path)
    assert one(report, "source.empty").message == message


# -- all at once ----------------------------------------------------------------------------


def test_every_data_problem_is_reported_at_once(tmp_path):
    def panel(rows):
        rows[index_of(TREATED, "2019-03")]["month"] = "March"
        rows[index_of(TREATED, "2019-08")]["incidents"] = "-1"
        rows[index_of("Eastfield", "2019-02")]["incidents"] = "twelve"
        rows[index_of("Eastfield", "2019-04")]["resolved"] = ""
        row = rows[index_of("Southbank", "2020-01")]
        row["resolved"] = str(int(row["cases"]) + 1)
        rows.append(dict(rows[index_of("Westmoor", "2019-01")]))
        return drop(("Southbank", "2021-05"))(rows)  # after this, later rows move up by one

    def events(rows):
        rows[0]["date"] = "someday"
        rows.append({"unit": TREATED, "date": "2023-01-01", "category": "theft"})
        return rows

    path = write_study(
        tmp_path,
        spec_overrides={
            "treatment": {
                "units": ["Nortgate"],
                "milestones": [{"id": "launch", "date": "2023-01"}],
            },
            "windows": {"after": {"start": "2020-07", "end": "2022-06"}},
            "indicators": {"thefts": {"categories": ["thefts"]}},
        },
        rows_mutator=panel,
        events_mutator=events,
        facts_mutator=lambda rows: [{"item": "budget", "value": "1"}],
    )
    report = assert_fails(path)
    panel_csv, events_csv, facts_csv = (
        str(tmp_path / f) for f in ("panel.csv", "events.csv", "facts.csv")
    )
    got = {(i.code, i.file, i.column, i.rows) for i in report.issues}
    last = N_ROWS + 1  # the appended duplicate, once one row was dropped
    expected = {
        ("period.unparseable", panel_csv, "month", (file_row(TREATED, "2019-03"),)),
        ("value.negative", panel_csv, "incidents", (file_row(TREATED, "2019-08"),)),
        ("value.non_numeric", panel_csv, "incidents", (file_row("Eastfield", "2019-02"),)),
        ("value.missing", panel_csv, "resolved", (file_row("Eastfield", "2019-04"),)),
        (
            "proportion.numerator_exceeds_denominator",
            panel_csv,
            "resolved, cases",
            (file_row("Southbank", "2020-01"),),
        ),
        ("row.duplicate", panel_csv, "unit, month", (file_row("Westmoor", "2019-01") - 1, last)),
        ("period.unparseable", events_csv, "date", (2,)),
        ("facts.missing_item", facts_csv, "item", ()),
        ("treatment.unit_absent", str(path), "treatment.units", (spec_line(path, "- Nortgate"),)),
        (
            "treatment.milestone_outside",
            str(path),
            "treatment.milestones.0.date",
            (spec_line(path, "date: 2023-01"),),
        ),
        ("window.outside_data", str(path), "windows.after", (spec_line(path, "after:"),)),
        (
            "events.unknown_category",
            str(path),
            "indicators.thefts.categories",
            (spec_line(path, "categories:"),),
        ),
    }
    assert expected <= got, "\n".join(map(str, expected - got)) + "\n" + report.summary()
    gaps = {i.message.split("'")[1] for i in issues_of(report, "grid.gap")}
    assert gaps == {TREATED, "Southbank"}
    assert one(report, "events.outside_range").severity == "warning"
    text = report.summary()
    assert text.startswith(f"Study 'tiny': {len(report.errors)} error(s), ")
    assert len(text.splitlines()) == len(report.issues) + 1


# -- never a traceback --------------------------------------------------------------------

WEIRD_PANELS = {
    "no rows at all": lambda rows: [],
    "one column only": lambda rows: [{"unit": r["unit"]} for r in rows],
    "all periods unreadable": lambda rows: [{**r, "month": "?"} for r in rows],
    "all units empty": lambda rows: [{**r, "unit": ""} for r in rows],
    "every value empty": lambda rows: [
        {**r, "incidents": "", "resolved": "", "cases": ""} for r in rows
    ],
    "one row": lambda rows: rows[:1],
    "numbers as units": lambda rows: [{**r, "unit": str(i % 3)} for i, r in enumerate(rows)],
    "huge numbers": lambda rows: [{**r, "incidents": "9" * 400} for r in rows],
    "unicode junk": lambda rows: [
        {**r, "unit": "\u202e\u0000x", "month": "２０２１年１月"} for r in rows
    ],
}


@pytest.mark.parametrize("name", list(WEIRD_PANELS))
def test_weird_panels_never_raise(tmp_path, name):
    path = write_study(tmp_path, rows_mutator=WEIRD_PANELS[name])
    report = validate_study(path)
    assert isinstance(report, ValidationReport)
    assert not issues_of(report, "internal.error"), report.summary()
    with contextlib.suppress(SpecError, DataValidationError):
        load_study(path)


@pytest.mark.parametrize(
    "overrides",
    [
        {"sources": {"stations": {"shape": "facts"}}},
        {"sources": {"cases": {"shape": "panel", "period": "date"}}},
        {"sources": {"stations": {"encoding": "no-such-codec"}}},
        {
            "frequency": "year",
            "treatment": {"start": "2020", "milestones": []},
            "windows": {
                "before": {"start": "2019", "end": "2019"},
                "after": {"start": "2020", "end": "2021"},
            },
            "min_pre_periods": 1,
        },
        {"comparison": {"units": []}},
        {"indicators": {"incidents": {"kind": "rate", "exposure": "cases", "per": 1000}}},
    ],
)
def test_odd_specs_never_raise(tmp_path, overrides):
    path = write_study(tmp_path, spec_overrides=overrides)
    report = validate_study(path)
    assert not issues_of(report, "internal.error"), report.summary()
    with contextlib.suppress(SpecError, DataValidationError):
        load_study(path)


def test_validation_of_a_realistic_panel(tmp_path):
    """The whole contract runs on a realistic panel (40 units x 10 years) without an
    internal error. How long it takes is measured in
    benchmarks/bench_validate.py, not here (no test asserts a time)."""
    units = [f"unit_{i:02d}" for i in range(40)]
    months = [str(p) for p in pd.period_range("2012-01", "2021-12", freq="M")]
    rng = np.random.default_rng(1)
    frame = pd.DataFrame([(u, m) for u in units for m in months], columns=["unit", "month"])
    frame["incidents"] = rng.poisson(30, len(frame))
    frame["cases"] = rng.poisson(60, len(frame)) + 1
    frame["resolved"] = (frame["cases"] * 0.5).astype(int)
    spec = base_spec()
    path = write_study(tmp_path, spec_overrides={"treatment": {"units": ["unit_00"]}})
    frame.to_csv(tmp_path / "panel.csv", index=False)
    assert spec["sources"]["stations"]["file"] == "panel.csv"
    report = validate_study(path)
    assert not issues_of(report, "internal.error")
