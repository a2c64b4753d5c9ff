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
# # Walkthrough: staggered roll-outs
#
# Gaomi's residential compounds adopted the pilot in three waves (April 2019, 2020 and
# 2021), with 50 compounds never adopting. With effects that differ by wave and grow
# over time, two-way fixed effects compares later adopters with earlier ones and can
# even get the sign wrong; Callaway and Sant'Anna's ATT(g, t) compares each wave only
# with never-treated compounds. Synthetic data with a planted effect, `data/gaomi`.

# %% tags=["parameters"]
spec_path: str = "data/gaomi/study.yml"
indicator: str = "complaints_rate"
seed: int = 1

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
# ## ATT(g, t) directly
# The same estimator on any long frame: one row per unit and period, the cohort as the
# first treated period (0 = never treated).

# %%
cohort = {u: (p.ordinal if p is not None else 0) for u, p in study.panel.adoption.items()}
long = frame.assign(
    time=frame["period"].map(lambda p: p.ordinal),
    cohort=frame["unit"].map(cohort),
    y=frame["value"] / frame["exposure"] if "exposure" in frame else frame["value"],
)
attgt = pe.att_gt(long, unit="unit", time="time", outcome="y", cohort="cohort")
pe.aggregate(attgt, "dynamic").to_frame().head(12)
