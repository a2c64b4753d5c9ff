"""The methods section describes only the designs that ran, and names the others."""

from __future__ import annotations

from conftest import COMPARISON, write_study

from analysis.intake.validate import load_study
from analysis.numbers.study import run_analysis
from analysis.report.sections.appendix import methods


def _methods(tmp_path, overrides, lang="en") -> tuple[str, dict]:
    res = run_analysis(load_study(write_study(tmp_path / "s", spec_overrides=overrides)))
    return str(methods(res, lang)), res.designs_run()


def test_a_design_that_ran_is_described(tmp_path):
    html, ran = _methods(tmp_path, {"designs": ["descriptive", "did"]})
    assert ran == {"descriptive": True, "did": True}
    assert "parallel trends" in html and "could not run" not in html


def test_a_design_that_could_not_run_is_named_not_described(tmp_path):
    overrides = {"designs": ["descriptive", "did"], "comparison": {"exclude": list(COMPARISON)}}
    html, ran = _methods(tmp_path, overrides)
    assert ran == {"descriptive": True, "did": False}
    assert "Difference-in-differences: asked for in the study spec, but it could not run" in html
    assert "parallel trends" not in html
    zh, _ = _methods(tmp_path / "zh", overrides, "zh")
    assert "双重差分：研究设定要求了这一设计，但它对任何指标都无法运行" in zh
