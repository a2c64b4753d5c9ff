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
# # Walkthrough: staggered roll-outs
#
# Gaomi's residential compounds adopted the pilot in three waves (April 2019, 2020 and
# 2021), with 50 compounds never adopting. With effects that differ by wave and grow
# over time, two-way fixed effects compares later adopters with earlier ones and can
# even get the sign wrong; Callaway and Sant'Anna's ATT(g, t) compares each wave only
# with never-treated compounds. Synthetic data with a planted effect, `data/gaomi`.

# %% tags=["parameters"]
spec_path: str = "data/gaomi/study.yml"  # the study: absolute, or relative to the project root
indicator: str = "complaints_rate"  # the indicator to model (complaints per 1,000 households)
seed: int = 1  # random seed of the simulation-based intervals

# %%
import analysis as pe

# %%
study = pe.load_study(spec_path)
frame = study.panel.indicator_frame(indicator)
frame.head()

# %% [markdown]
# ## Callaway-Sant'Anna beside TWFE
# `staggered_comparison` computes ATT(g, t) with never-treated controls, its simple and
# dynamic aggregations with a multiplier-bootstrap uniform band, the pre-trend test, the
# TWFE estimate and its Goodman-Bacon decomposition.

# %%
result = pe.staggered_comparison(study.panel, indicator, seed=seed, n_boot=199)
result.to_frame()

# %%
print(result.headline("en"))
print(result.headline("zh"))

# %%
result.plot()

# %% [markdown]
# ## Inside the result
# The object keeps every piece: the event-time (dynamic) aggregation with its uniform
# band, the TWFE estimate, and the Goodman-Bacon decomposition showing which 2x2
# comparisons TWFE averages (later against earlier adopters among them).

# %%
result.dynamic.to_frame().head(12)

# %%
result.twfe.to_frame()

# %%
result.bacon.to_frame()
