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
from analysis import report

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
# ## Before and after
#
# Each indicator is compared over the windows stated in the study spec, for the
# pilot unit(s) and the comparison units side by side. Counts carry a rate-ratio
# interval, shares a Wilson interval; administrative stocks (a register's size)
# are reported without a sampling interval because they are not samples.

# %%
rep.indicator_sections()

# %% [markdown]
# ## Trend models: what would have happened anyway
#
# A before/after change is not an effect: a series already falling would have
# "fallen" without any pilot. Interrupted time series (segmented regression)
# fits the pre-pilot level, trend and seasonality, projects them past the start
# as the counterfactual, and reports observed minus counterfactual with an
# interval. A structural time-series model, using the comparison units as a
# control series, gives a second counterfactual. Both describe one pilot
# series: a change that also touched the comparison units is not separated here.

# %%
rep.trend_models()

# %% [markdown]
# ## Comparison units: separating the pilot from what changed everywhere
#
# A district-wide change (a national anti-fraud drive, say) moves every unit.
# Difference-in-differences sets the pilot unit's change against the
# comparison units' change over the same windows. With a single pilot unit,
# inference comes from placebos: each comparison unit in turn is treated as if
# it had run the pilot. The triangulation table then puts every design's
# estimate side by side.

# %%
rep.comparison_designs()

# %% [markdown]
# ## Roll-out in waves
#
# When units adopt the pilot at different times, a plain two-way fixed-effects
# regression can be biased; the Callaway–Sant'Anna estimator compares each wave
# with units not (yet) treated and is shown beside it.

# %%
rep.staggered_designs()

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
