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
# # Walkthrough: interrupted time series and structural time series
#
# Did telecom fraud at Dadeng police station fall after the pilot began in January 2021,
# compared with what its own past predicts? Two designs answer from the pilot's series
# alone (synthetic demo data, `data/dadeng`):
#
# * **ITS** (segmented regression): a model of the pre-period trend and season,
#   extended past the interruption as the counterfactual; the effect is the gap.
# * **STS** (structural time series, CausalImpact-style): a state-space model fitted on
#   the pre-period, with the comparison stations' mean as a control series, forecast
#   over the post-period.

# %% tags=["parameters"]
spec_path: str = "data/dadeng/study.yml"  # the study: absolute, or relative to the project root
indicator: str = "fraud_incidents"  # the indicator to model
seed: int = 1  # random seed of the simulation-based intervals

# %%
import analysis as pe

# %% [markdown]
# ## Load and validate
# `load_study` reads the spec and every file, checks the data contract and returns the
# validated panel; a problem stops here with the file, column and rows named.

# %%
study = pe.load_study(spec_path)
study.report

# %%
frame = study.panel.indicator_frame(indicator)
frame[frame["unit"].isin(study.panel.treated_units)].tail(6)

# %% [markdown]
# ## ITS
# Quasi-Poisson segmented regression with Fourier seasonality, the count-model default;
# the level change at the start and the slope change after it, and the effect nine
# months in (September 2021, the end of the article's January-September comparison).

# %%
its = pe.fit_its_panel(study.panel, indicator, family="quasipoisson", horizons=(9,), seed=seed)
its.to_frame()

# %%
print(its.headline("en"))
print(its.headline("zh"))

# %%
its.plot()

# %% [markdown]
# ## STS
# The same question with a local-level model and the comparison stations as control:
# intervals include the uncertainty of the variances (a mixture over parameter draws).

# %%
sts = pe.fit_sts_panel(study.panel, indicator, horizons=(9,), seed=seed, n_param_draws=32)
sts.to_frame()

# %%
print(sts.headline("en"))

# %%
sts.plot()

# %% [markdown]
# Both designs compare the pilot with a forecast of itself. A city-wide change that
# began at the same time (Xiamen's anti-fraud drive of 2021) would look the same: the
# comparison designs (next walkthrough) separate the pilot from what changed everywhere.
