"""study.yml: every spec problem is reported at once, at its key and YAML line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DELETE, write_study

from analysis.core.errors import Issue, SpecError
from analysis.intake.spec import StudySpec, load_spec
from analysis.intake.spec_yaml import spec_key_lines
from analysis.intake.validate import load_study, validate_study


def spec_issues(path: Path) -> list[Issue]:
    with pytest.raises(SpecError) as info:
        load_spec(path)
    issues = list(info.value.issues)
    assert issues, "a SpecError always carries issues"
    assert all(i.severity == "error" and i.file == str(path) for i in issues)
    return issues


def only(issues: list[Issue], code: str) -> Issue:
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, f"expected one {code}, got: {[str(i) for i in issues]}"
    return found[0]


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line of the spec file containing ``text``."""
    hits = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line]
    return hits[occurrence - 1]


def write_yaml(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "study.yml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_valid_spec_loads_frozen(tmp_path):
    spec = load_spec(write_study(tmp_path))
    assert isinstance(spec, StudySpec)
    assert spec.treatment.start == "2020-07"
    assert spec.title.get("zh") == "小试点"
    assert spec.base_dir == str(tmp_path)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error type is internal
        spec.id = "other"  # type: ignore[misc]


def test_folder_path_finds_study_yml(tmp_path):
    write_study(tmp_path)
    assert load_spec(tmp_path).id == "tiny"


def test_unknown_key_names_key_and_yaml_line(tmp_path):
    path = write_study(tmp_path, spec_overrides={"sources": {"stations": {"colour": "red"}}})
    issue = only(spec_issues(path), "spec.extra_forbidden")
    assert issue.column == "sources.stations.colour"
    assert issue.rows == (line_of(path, "colour:"),)
    assert "unknown key 'colour'" in issue.message
    assert "allowed here: file, shape, unit, period" in issue.message
    text = str(issue)
    assert f"{path}, key 'sources.stations.colour', line {issue.rows[0]}" in text


def test_misspelled_key_suggests_the_right_one(tmp_path):
    spec = yaml.safe_load(write_study(tmp_path).read_text("utf-8"))
    spec["indicatrs"] = spec.pop("indicators")
    spec["indicatrs"]["incidents"]["colum"] = spec["indicatrs"]["incidents"].pop("column")
    path = write_yaml(tmp_path / "s", yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
    issues = spec_issues(path)
    top = [i for i in issues if i.column == "indicatrs"]
    assert top and top[0].hint == "did you mean 'indicators'?"
    assert top[0].rows == (line_of(path, "indicatrs:"),)
    missing = [i for i in issues if i.code == "spec.missing" and i.column == "indicators"]
    assert missing and "required key 'indicators' is missing" in missing[0].message


def test_misspelled_nested_key(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={"indicators": {"incidents": {"column": DELETE, "colum": "incidents"}}},
    )
    issues = spec_issues(path)
    issue = only(issues, "spec.extra_forbidden")
    assert issue.column == "indicators.incidents.colum"
    assert issue.hint == "did you mean 'column'?"
    assert issue.rows == (line_of(path, "colum:"),)


def test_bad_literal_lists_allowed_values(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={"indicators": {"incidents": {"kind": "counts"}}, "frequency": "monthly"},
    )
    issues = spec_issues(path)
    kind = [i for i in issues if i.column == "indicators.incidents.kind"]
    assert len(kind) == 1
    assert kind[0].code == "spec.literal_error"
    assert "'counts' is not allowed" in kind[0].message
    for allowed in ("'count'", "'stock'", "'proportion'", "'rate'", "'amount'"):
        assert allowed in kind[0].message
    assert kind[0].rows == (line_of(path, "kind: counts"),)
    freq = [i for i in issues if i.column == "frequency"]
    assert "'month', 'quarter' or 'year'" in freq[0].message


def test_missing_required_keys(tmp_path):
    path = write_study(
        tmp_path, spec_overrides={"title": DELETE, "sources": {"stations": {"file": DELETE}}}
    )
    issues = spec_issues(path)
    title = [i for i in issues if i.column == "title"]
    assert title and title[0].message == "required key 'title' is missing"
    file_ = [i for i in issues if i.column == "sources.stations.file"]
    assert file_[0].message == "required key 'file' is missing under 'sources.stations'"
    assert file_[0].rows == (line_of(path, "stations:"),)


def test_treatment_without_start_says_what_is_missing(tmp_path):
    path = write_study(tmp_path, spec_overrides={"treatment": {"start": DELETE}})
    issue = spec_issues(path)[0]
    assert issue.column == "treatment"
    assert "'start' missing" in issue.message
    assert "adoption" in issue.message


@pytest.mark.parametrize(
    "where, overrides, key, shown",
    [
        ("start", {"treatment": {"start": "July 2020"}}, "treatment.start", "July 2020"),
        ("window", {"windows": {"after": {"end": "2021-13"}}}, "windows.after.end", "2021-13"),
        (
            "milestone",
            {"treatment": {"milestones": [{"id": "launch", "date": "2020/07/01"}]}},
            "treatment.milestones.0.date",
            "2020/07/01",
        ),
    ],
)
def test_bad_period_text(tmp_path, where, overrides, key, shown):
    path = write_study(tmp_path, spec_overrides=overrides)
    issue = only(spec_issues(path), "spec.value_error")
    assert issue.column == key
    assert f"'{shown}' is not a period" in issue.message
    assert "YYYY-MM (2021-01)" in issue.message
    assert issue.rows and issue.rows[0] > 1


def test_yaml_dates_and_years_become_period_text(tmp_path):
    path = write_study(tmp_path)
    text = path.read_text("utf-8").replace("start: 2020-07", "start: 2020-07-01")
    path.write_text(text, "utf-8")
    assert load_spec(path).treatment.start == "2020-07"


def test_bad_ids(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "id": "My Study",
            "indicators": {
                "Bad-Name": {
                    "label": "x",
                    "kind": "count",
                    "source": "stations",
                    "column": "incidents",
                }
            },
            "treatment": {"milestones": [{"id": "Go Live", "date": "2020-07"}]},
        },
    )
    issues = spec_issues(path)
    sid = next(i for i in issues if i.column == "id")
    assert sid.code == "spec.string_pattern_mismatch"
    assert "'My Study' is not a valid id" in sid.message and "e.g. 'my_pilot'" in sid.message
    assert sid.rows == (1,)
    ind = only(issues, "spec.bad_id")
    assert ind.column == "indicators.Bad-Name"
    assert "lower_snake_case" in ind.message
    assert ind.rows == (line_of(path, "Bad-Name:"),)
    mil = next(i for i in issues if i.column == "treatment.milestones.0.id")
    assert "'Go Live' is not a valid id" in mil.message


def test_unknown_source_referenced_by_indicator(tmp_path):
    path = write_study(
        tmp_path, spec_overrides={"indicators": {"incidents": {"source": "station"}}}
    )
    issue = only(spec_issues(path), "spec.unknown_source")
    assert issue.column == "indicators.incidents.source"
    assert "source 'station', which is not defined" in issue.message
    assert "sources: stations, cases, register" in issue.message
    assert issue.hint == "did you mean 'stations'?"
    assert issue.rows == (line_of(path, "source: station"),)


def test_duplicate_claim_ids_but_unknown_claim_indicator_is_not_a_spec_error(tmp_path):
    """A claim about an undefined indicator is listed by the claim checker as "cannot
    check" (issue 5: a bad claim never stops the run); duplicate ids are spec errors."""
    path = write_study(
        tmp_path,
        spec_overrides={
            "claims": [
                {"id": "c1", "text": "Incidents fell", "indicator": "incident"},
                {"id": "c2", "text": "Thefts fell", "indicator": "thefts"},
                {"id": "c1", "text": "Resolution rose", "indicator": "resolved_share"},
            ]
        },
    )
    issues = spec_issues(path)
    assert not [i for i in issues if i.code == "spec.unknown_indicator"]
    dup = only(issues, "spec.duplicate_id")
    assert dup.column == "claims.2.id"
    assert "claim id 'c1' is used twice (claims 1 and 3)" in dup.message
    assert dup.rows == (line_of(path, "id: c1", 2),)


def test_cross_reference_checks_run_with_schema_errors(tmp_path):
    """Unknown references are reported even when other keys are invalid too."""
    path = write_study(
        tmp_path,
        spec_overrides={
            "frequency": "weekly",
            "indicators": {"incidents": {"source": "nowhere"}},
            "claims": [{"id": "c1", "text": "x", "indicator": "nothing"}],
        },
    )
    codes = {i.code for i in spec_issues(path)}
    assert {"spec.literal_error", "spec.unknown_source"} <= codes


def test_wrong_types_read_well(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={"sources": {"stations": "panel.csv"}, "min_pre_periods": 0, "claims": "c1"},
    )
    issues = spec_issues(path)
    by_key = {i.column: i for i in issues}
    assert "should be a mapping" in by_key["sources.stations"].message
    assert "got 'panel.csv'" in by_key["sources.stations"].message
    assert "must be greater than or equal to 1, got 0" in by_key["min_pre_periods"].message
    assert "should be a list" in by_key["claims"].message


def test_unsupported_file_type_in_spec(tmp_path):
    path = write_study(tmp_path, spec_overrides={"sources": {"stations": {"file": "panel.xls"}}})
    issue = spec_issues(path)[0]
    assert issue.column == "sources.stations.file"
    assert issue.rows == (line_of(path, "file: panel.xls"),)
    assert "unsupported type '.xls'" in issue.message and "Save As .xlsx" in issue.message


def test_events_categories_need_a_category_column(tmp_path):
    path = write_study(tmp_path, spec_overrides={"sources": {"cases": {"category": DELETE}}})
    issue = only(spec_issues(path), "spec.no_category_column")
    assert issue.column == "indicators.thefts.categories"


def test_adoption_source_must_exist_and_be_a_panel(tmp_path):
    bad = {"treatment": {"start": DELETE, "adoption": {"source": "cases", "column": "x"}}}
    issue = only(
        spec_issues(write_study(tmp_path / "a", spec_overrides=bad)), "spec.adoption_source"
    )
    assert issue.column == "treatment.adoption.source"
    bad["treatment"]["adoption"]["source"] = "station"
    issue = only(
        spec_issues(write_study(tmp_path / "b", spec_overrides=bad)), "spec.unknown_source"
    )
    assert issue.hint == "did you mean 'stations'?"


def test_duplicate_yaml_keys_are_reported(tmp_path):
    path = write_study(tmp_path)
    text = path.read_text("utf-8") + "frequency: quarter\n"
    path.write_text(text, "utf-8")
    issue = only(spec_issues(path), "spec.duplicate_key")
    assert issue.column == "frequency"
    assert issue.rows == (line_of(path, "frequency:"), line_of(path, "frequency:", 2))


@pytest.mark.parametrize(
    "text, got",
    [
        ("- id: tiny\n- title: x\n", "got a list"),
        ("just a sentence\n", "got a str"),
        ("", "got an empty file"),
        ("# only a comment\n", "got an empty file"),
    ],
)
def test_non_mapping_yaml(tmp_path, text, got):
    path = write_yaml(tmp_path, text)
    issue = only(spec_issues(path), "spec.shape")
    assert "the spec must be a mapping of keys" in issue.message and got in issue.message


def test_invalid_yaml_syntax_gives_line(tmp_path):
    path = write_yaml(tmp_path, "id: tiny\ntitle: T\nsources:\n  a: [1, 2\nfrequency: month\n")
    issue = only(spec_issues(path), "spec.yaml")
    assert issue.message.startswith("not valid YAML:")
    assert issue.rows and issue.rows[0] in (4, 5)
    assert f"line {issue.rows[0]}" in issue.message

    path = write_yaml(tmp_path / "b", "id: tiny\ntitle: a: b\n")
    issue = only(spec_issues(path), "spec.yaml")
    assert issue.rows == (2,)
    assert "quotes" in (issue.hint or "")


def test_spec_not_utf8(tmp_path):
    text = "id: tiny\ntitle:\n  en: Pilot\n  zh: 派出所试点\n"
    path = write_yaml(tmp_path, text.encode("gbk"))
    issue = only(spec_issues(path), "spec.encoding")
    assert "not UTF-8" in issue.message
    assert issue.rows == (4,)
    assert "UTF-8" in (issue.hint or "")


def test_spec_with_utf8_bom_loads(tmp_path):
    path = write_study(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_spec(path).id == "tiny"


def test_spec_file_not_found(tmp_path):
    missing = tmp_path / "nowhere" / "study.yml"
    issue = only(spec_issues(missing), "spec.not_found")
    assert "not found" in issue.message
    report = validate_study(missing)
    assert not report.ok and report.errors[0].code == "spec.not_found"
    with pytest.raises(SpecError):
        load_study(missing)


def test_every_spec_problem_at_once(tmp_path):
    path = write_study(
        tmp_path,
        spec_overrides={
            "id": "Bad Id",
            "colour": "blue",
            "frequency": "monthly",
            "title": DELETE,
            "sources": {"stations": {"file": "panel.xls", "encodng": "gbk"}},
            "treatment": {"start": "mid 2020"},
            "indicators": {
                "incidents": {"kind": "counts", "source": "station"},
                "thefts": {"direction": "down"},
            },
            "claims": [
                {"id": "c1", "text": "x", "indicator": "incident"},
                {"id": "c1", "text": "y"},
            ],
            "min_pre_periods": -3,
        },
    )
    issues = spec_issues(path)
    found = {(i.code, i.column) for i in issues}
    expected = {
        ("spec.string_pattern_mismatch", "id"),
        ("spec.extra_forbidden", "colour"),
        ("spec.literal_error", "frequency"),
        ("spec.missing", "title"),
        ("spec.value_error", "sources.stations.file"),
        ("spec.extra_forbidden", "sources.stations.encodng"),
        ("spec.value_error", "treatment.start"),
        ("spec.literal_error", "indicators.incidents.kind"),
        ("spec.literal_error", "indicators.thefts.direction"),
        ("spec.unknown_source", "indicators.incidents.source"),
        ("spec.duplicate_id", "claims.1.id"),
        ("spec.greater_than_equal", "min_pre_periods"),
    }
    assert expected <= found, expected - found
    # every issue that points at a key present in the file carries its line
    assert all(i.rows for i in issues if i.column != "title")
    # the exception text lists every issue, one per line, without a traceback
    with pytest.raises(SpecError) as info:
        load_study(path)
    text = str(info.value)
    assert len(text.splitlines()) == len(issues) + 1
    report = validate_study(path)
    assert len(report.errors) == len(issues)


def test_spec_key_lines_lookup(tmp_path):
    path = write_study(tmp_path)
    line = spec_key_lines(path)
    assert line("treatment.units.0") == line_of(path, "- Northgate")
    assert line("windows.after") == line_of(path, "after:")
    assert line("no.such.key") is None
    assert spec_key_lines(tmp_path / "missing.yml")("id") is None
