# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
spec_path: str = "data/dadeng/study.yml"  # the study: absolute, or relative to the project root
output_dir: str = ""  # folder for results.json and CSVs (empty: write nothing)
language: str = ""  # en, zh or both (empty: the report.language of the spec)
alpha: float = 0.0  # significance level for intervals (0: the report.alpha of the spec)
seed: int = -1  # random seed (-1: the report.seed of the spec)

# %% tags=["remove_cell"]
# pilot-eval study report. Thin by rule: every code cell is one library call or shows
# one result object; all numbers and sentences come from the `analysis` package.
from analysis.intake.validate import load_study
from analysis.numbers.study import run_analysis
from analysis.report import outputs
from analysis.report.render import register_display

register_display()

# %% tags=["remove_cell"]
outputs.collect_figures(output_dir)  # every figure also as PNG and SVG beside the report

# %% tags=["remove_cell"]
# Load and validate: the spec and every data file (stops here on any error).
study = load_study(spec_path)

# %% tags=["remove_cell"]
# The whole analysis, computed once: indicators, trend models, comparison designs,
# staggered estimators, claims.
results = run_analysis(study, alpha=alpha, seed=seed, language=language)

# %%
results.show("header")

# %%
results.show("key_figure")

# %%
results.show("heading_summary")

# %%
results.show("claims")

# %%
results.show("key_results")

# %% [markdown]
# <!-- One section per indicator follows: the before/after change (pilot against the
#      comparison units, over the spec's windows), the trend models (what the series
#      would have done anyway), the comparison designs and the roll-out estimators, each
#      with its diagnostics. A before/after change is not an effect; the designs that use
#      comparison units separate the pilot from what changed everywhere. In JupyterLab,
#      `results.indicators`, `results.trends` (one model: `results.trends["<indicator>"]`),
#      `results.comparisons`, `results.regression_did`, `results.triangulation`,
#      `results.staggered` and `results.claims` are the objects behind these sections;
#      each displays as its headline and tidy table. Every heading and word of the page
#      comes from the sections in the report's language (the `heading_*` sections write
#      the section headings); a `both` report shows English here and carries the Chinese
#      in each display's metadata for the Chinese page. -->

# %%
results.show("indicators")

# %%
results.show("heading_administrative")

# %%
results.show("administrative")

# %%
results.show("heading_methods")

# %%
results.show("methods")

# %%
results.show("heading_data")

# %%
results.show("data")

# %%
results.show("validation")

# %% tags=["remove_output"]
outputs.save(results, output_dir)
