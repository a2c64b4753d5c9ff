"""The report's front matter says plainly what the study compares."""

from __future__ import annotations

from conftest import COMPARISON, write_study

from analysis.intake.validate import load_study
from analysis.numbers.study import run_analysis
from analysis.report.sections.front import header


def _header(tmp_path, overrides, lang="en") -> str:
    spec = write_study(tmp_path / "s", spec_overrides=overrides)
    return str(header(run_analysis(load_study(spec)), lang))


def test_header_names_the_comparison_units(tmp_path):
    html = _header(tmp_path, {})
    assert "Comparison units" in html and "0 ()" not in html


def test_header_without_comparison_units_says_so(tmp_path):
    overrides = {"comparison": {"exclude": list(COMPARISON)}}
    en = _header(tmp_path, overrides)
    assert "0 ()" not in en
    assert "compared only with their own past" in en
    zh = _header(tmp_path / "zh", overrides, "zh")
    assert "只与自身过去相比" in zh
