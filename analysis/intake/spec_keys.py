"""Every ``study.yml`` key as a (key, type, description) row: what the documentation
test (tests/test_project.py) checks data/README.md against, walked from the schema so a
key added to a model cannot go undocumented."""

from __future__ import annotations

from pydantic import BaseModel

from analysis.intake.spec import (
    Adoption,
    Claim,
    Comparison,
    Indicator,
    Milestone,
    RegressionOptions,
    ReportOptions,
    Source,
    StudySpec,
    SynthOptions,
    SynthPredictor,
    Treatment,
    TrendModel,
    WideLayout,
    Window,
    Windows,
)

__all__ = ["spec_keys_table"]


def spec_keys_table() -> list[tuple[str, str, str]]:
    """(key, type, description) rows for every spec key, for the docs test."""
    rows: list[tuple[str, str, str]] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, f in model.model_fields.items():
            if f.exclude:
                continue
            rows.append((prefix + name, str(f.annotation), f.description or ""))

    models: list[tuple[type[BaseModel], str]] = [
        (StudySpec, ""),
        (Source, "sources.<id>."),
        (WideLayout, "sources.<id>.wide."),
        (Treatment, "treatment."),
        (Adoption, "treatment.adoption."),
        (Milestone, "treatment.milestones[]."),
        (Comparison, "comparison."),
        (Indicator, "indicators.<id>."),
        (TrendModel, "indicators.<id>.trend."),
        (RegressionOptions, "indicators.<id>.did."),
        (SynthOptions, "indicators.<id>.synth."),
        (SynthPredictor, "indicators.<id>.synth.predictors[]."),
        (Windows, "windows."),
        (Window, "windows.before|after."),
        (Claim, "claims[]."),
        (ReportOptions, "report."),
    ]
    for model, prefix in models:
        walk(model, prefix)
    return rows
