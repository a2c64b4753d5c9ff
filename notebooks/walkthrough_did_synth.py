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

# %% [markdown]
# # Walkthrough: difference-in-differences, synthetic control and the permutation test
#
# One pilot station (Dadeng) and 24 comparison stations. With a single treated unit,
# cluster-robust standard errors have no reliable reference distribution, so inference
# is by permutation: the pilot's estimate is ranked among the same estimate computed for
# each comparison station as if it had been the pilot (placebo-in-space). Synthetic
# data, `data/dadeng`.

# %% tags=["parameters"]
spec_path: str = "data/dadeng/study.yml"  # the study: absolute, or relative to the project root
indicator: str = "fraud_incidents"  # the indicator to model
seed: int = 1  # random seed of the simulation-based intervals

# %%
import analysis as pe

# %%
study = pe.load_study(spec_path)
panel = study.panel
print(panel.treated_units, len(panel.comparison_units), "comparison units")

# %% [markdown]
# ## DiD with permutation inference
# The log ratio of rate ratios (pilot against the pooled comparison stations, the spec's
# before and after windows), studentized and ranked among the placebos; the smallest
# attainable p-value with 24 placebos is stated with the result.

# %%
did = pe.permutation_did(panel, indicator)
did.to_frame()

# %%
print(did.headline("en"))
print(did.headline("zh"))

# %%
did.plot()

# %% [markdown]
# ## Synthetic control
# Weights on the comparison stations (non-negative, summing to one) chosen so the
# weighted series tracks the pilot's before the start; the gap after it is the effect.
# In-space placebos give the RMSPE-ratio p-value.

# %%
synth, placebos = pe.synth_for_indicator(panel, indicator, seed=seed)
synth.to_frame().head(8)

# %%
print(synth.headline("en"))
placebos.to_frame().head()

# %%
synth.plot()
