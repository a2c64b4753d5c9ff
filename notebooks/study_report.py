# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# <!-- pilot-eval study report. Thin by rule: every code cell is one library call;
#      all numbers and sentences come from the `analysis` package. -->

# %% tags=["parameters"]
spec_path: str = "data/dadeng/study.yml"  # study spec, relative to the project root
output_dir: str = ""  # folder for results.json and CSVs (empty: write nothing)
language: str = ""  # en, zh or both (empty: the report.language of the spec)
alpha: float = 0.0  # significance level for intervals (0: the report.alpha of the spec)
seed: int = -1  # random seed (-1: the report.seed of the spec)

# %% tags=["remove_cell"]
from analysis.report import notebook as report

# %% tags=["remove_cell"]
rep = report.start(spec_path, output_dir=output_dir, language=language, alpha=alpha, seed=seed)

# %%
rep.header()

# %% [markdown]
# ## Summary: the claims and what the evidence shows
#
# Each headline claim as written in the source, how it was read, the figure
# recomputed from the data, a verdict, and the adjusted estimate of the pilot's
# effect beside it.

# %%
rep.claims_section()

# %%
rep.key_results()

# %%
rep.key_figure()

# %% [markdown]
# <!-- One section per indicator follows: the before/after change (pilot against the
#      comparison units, over the spec's windows), the trend models (what the series
#      would have done anyway), the comparison designs and the roll-out estimators, each
#      with its diagnostics. A before/after change is not an effect; the designs that use
#      comparison units separate the pilot from what changed everywhere. -->

# %%
rep.indicator_reports()

# %% [markdown]
# ## Administrative figures
#
# Figures kept by the administration (register sizes, counts of measures taken).
# They are complete counts, not samples, so they carry no sampling interval;
# shares are recomputed from their numerator and denominator.

# %%
rep.administrative_figures()

# %% [markdown]
# ## Methods and assumptions

# %%
rep.methods()

# %% [markdown]
# ## Data appendix

# %%
rep.data_summary()

# %%
rep.validation()

# %% tags=["remove_output"]
rep.save()
