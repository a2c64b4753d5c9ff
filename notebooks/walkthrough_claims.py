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
# # Walkthrough: checking claims
#
# A report's headline claims ("telecom fraud fell 22% year on year") are read into
# structured figures, recomputed from the data with the indicator machinery, and judged:
# does the stated figure match what the data show? The verdict is descriptive (does the
# number hold), never causal; the adjusted estimate of the pilot's effect stands beside
# it. Synthetic data, `data/dadeng`.

# %% tags=["parameters"]
spec_path: str = "data/dadeng/study.yml"  # the study: absolute, or relative to the project root

# %%
import analysis as pe

# %% [markdown]
# ## Reading a claim
# `parse_claim` reads English or Chinese text into a figure: its kind (a change, a
# level, a share ...), value, bound (exact, at least, about) and basis (year on year,
# before/after). It never raises: text without a readable figure says why.

# %%
claim = pe.parse_claim("电信诈骗警情同比下降22%")
claim

# %%
pe.parse_claim("Telecom fraud fell by more than 20% year on year")

# %% [markdown]
# ## Judging a figure
# `judge` compares a parsed figure with an observed value in the claim's units (here a
# fraction: -0.218 is a 21.8% fall).

# %%
pe.judge(claim, -0.218)

# %%
pe.judge(claim, -0.12)

# %% [markdown]
# ## Every claim of a study
# `check_claims` parses each claim of the spec, recomputes its figures from the
# indicator table and judges them.

# %%
study = pe.load_study(spec_path)
table = pe.compute_indicators(study.panel)
claims = pe.check_claims(study.spec, study.panel, table)
claims.to_frame()

# %%
print(claims.headline("en"))
