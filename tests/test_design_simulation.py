"""Simulation checks with known truth for the comparison designs (scripts/design_coverage.py).

The script runs the full figures (1,000 staggered draws, 2,000 wild-bootstrap
replications, 2,000 permutation draws); these tests run the first replications of the
same seeded streams, fewer of them, against the brief's targets:

* Callaway–Sant'Anna simple ATT on a Gaomi-style staggered panel: |relative bias| < 5%,
  95% CI coverage 93–97%; two-way fixed effects visibly biased (|relative bias| > 5%);
* WCR wild cluster bootstrap, 20 clusters of which 6 treated, Rademacher and Webb
  weights: 95% interval coverage 93–97%.

The permutation test's size (1 treated, 19 comparison units, rejection rate at 5% ≤ 7%)
is already tested at 1,000 draws in tests/test_comparisons.py
(``test_size_under_the_null_with_one_treated_and_19_comparisons``); the script prints it
and it is not re-tested here.

Tolerances. With fewer replications than the script, a figure is held to its target
widened by Z = 2.58 Monte Carlo standard errors of the test's own replications (computed
at the target, fixed before any result was seen): a method sitting exactly on the edge of
its target fails with probability ≤ 0.5%, and one clearly outside it still fails. The
targets themselves are never changed.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import design_coverage as dc  # noqa: E402

from analysis.simulate.gaomi import GAOMI_SEED, GaomiTruth, gaomi_att_gt, simulate_gaomi  # noqa: E402

SEED = dc.DEFAULT_SEED  # the script's seed: the tests use a prefix of the script's draws
Z = 2.58  # two-sided 99% normal quantile: the Monte Carlo allowance, see the docstring
LO, HI = dc.COVERAGE_BAND
STAGGERED_REPS = 400  # ~10 s; MC SE of a 95% coverage 1.1 points, of the relative bias
#                       on expected outcomes about 0.1 point, on realised counts ~2 points
WILD_REPS = 1000  # ~8 s for both weight types; MC SE of a 95% coverage 0.69 points


def _coverage_mcse(n: int) -> float:
    """Binomial MC SE of a 95% interval's coverage over ``n`` replications (at 0.95)."""
    return math.sqrt(dc.LEVEL * (1 - dc.LEVEL) / n)


# -- fast checks of the machinery -----------------------------------------------------------


def test_gaomi_truth_and_data_are_the_library_demo_generators() -> None:
    """The script's private-generator shortcut gives simulate_gaomi's data and, as truth,
    the cohort-share weighted mean of gaomi_att_gt's planted ATT(g,t) over t ≥ g."""
    truth = GaomiTruth()
    from analysis.simulate.gaomi import simulate_gaomi_full

    frame, planted = dc._gaomi_frames(simulate_gaomi_full(truth, GAOMI_SEED)[1]["complaints"])
    cells = gaomi_att_gt(truth, GAOMI_SEED, "complaints", per=1000.0)
    post = cells[cells["event_time"] >= 0]
    want = float((post["n_units"] * post["att_rate"]).sum() / post["n_units"].sum())
    assert planted == pytest.approx(want, rel=1e-12)
    assert planted < 0  # complaints fall in every wave

    demo = simulate_gaomi(truth, GAOMI_SEED)["compounds_monthly"]
    rate = demo["complaints"].to_numpy() / demo["households"].to_numpy() * 1000
    np.testing.assert_allclose(frame["y"].to_numpy(), rate, rtol=1e-12)
    adopted = demo["adopted"].where(demo["adopted"] != "never")
    cohort = pd.PeriodIndex(adopted, freq="M").asi8
    np.testing.assert_array_equal(frame["cohort"].to_numpy(), np.where(adopted.isna(), 0, cohort))


def test_draws_are_deterministic_and_prefix_stable() -> None:
    """Same seed, same draws; a shorter run is the start of a longer one (what lets the
    tests below use the first replications of the script's run)."""
    a = dc.gaomi_draws(3, SEED)
    pd.testing.assert_frame_equal(a.iloc[:2], dc.gaomi_draws(2, SEED))
    pd.testing.assert_frame_equal(a, dc.gaomi_draws(3, SEED))
    cols = ["rademacher_cover", "webb_cover", "cr1_cover", "estimate"]
    w = dc.wild_draws(3, SEED, n_boot=99)[cols]
    pd.testing.assert_frame_equal(w.iloc[:2], dc.wild_draws(2, SEED, n_boot=99)[cols])
    p = dc.permutation_draws(5, SEED)
    pd.testing.assert_frame_equal(p.iloc[:3], dc.permutation_draws(3, SEED))


def test_script_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert dc.main(["--reps", "3", "--boot", "99"]) == 0
    out = capsys.readouterr().out
    for text in (
        "CS simple ATT: relative bias",
        "TWFE: relative bias",
        "CS 95% CI coverage",
        "Rademacher, B = 99",
        "Webb, B = 99",
        "rejection rate at 5%",
        "smallest attainable p = 1/(N+1), N = 19",
        "wall clock",
    ):
        assert text in out, text
    assert "0.0500" in out


# -- the figures (reduced replications) -------------------------------------------------------


@pytest.mark.slow
def test_callaway_santanna_is_unbiased_and_covers_twfe_is_biased() -> None:
    draws = dc.gaomi_draws(STAGGERED_REPS, SEED)
    assert np.isfinite(draws.to_numpy()).all()
    n = len(draws)
    cs, cs_se = dc.relative_bias(draws["cs"], draws["truth"])
    cse, cse_se = dc.relative_bias(draws["cs_expected"], draws["truth"])
    tw, tw_se = dc.relative_bias(draws["tw"], draws["truth"])
    verdict = (
        f"over {n} draws: CS relative bias {cs:+.2%} (MC SE {cs_se:.2%}), on expected "
        f"outcomes {cse:+.2%} (MC SE {cse_se:.2%}); TWFE {tw:+.2%} (MC SE {tw_se:.2%})"
    )

    # the precise bias figure: CS on each draw's expected outcomes (same expectation as on
    # the realised counts, the estimator being linear; MC SE ~0.1 point)
    assert abs(cse) < dc.BIAS_TARGET + Z * cse_se, verdict
    # on the realised counts (MC SE ~2 points at this number of draws)
    assert abs(cs) < dc.BIAS_TARGET + Z * cs_se, verdict
    # and the two agree within the MC SE of their difference (count noise has mean zero)
    diff = (draws["cs"] - draws["cs_expected"]).to_numpy()
    diff_se = diff.std(ddof=1) / math.sqrt(n) / abs(draws["truth"].mean())
    assert abs(cs - cse) <= Z * diff_se, verdict
    # TWFE is visibly biased: outside the ±5% band by more than the MC allowance
    assert abs(tw) > dc.VISIBLE_BIAS + Z * tw_se, verdict

    truth = draws["truth"].to_numpy()
    cover = float(np.mean((draws["cs_lo"] <= truth) & (truth <= draws["cs_hi"])))
    m = _coverage_mcse(n)
    assert LO - Z * m <= cover <= HI + Z * m, (
        f"CS 95% CI coverage {cover:.1%} over {n} draws (MC SE {m:.1%}); {verdict}"
    )


@pytest.mark.slow
def test_wild_cluster_bootstrap_covers_with_20_clusters_6_treated() -> None:
    draws = dc.wild_draws(WILD_REPS, SEED, n_boot=dc.DEFAULT_BOOT)
    m = _coverage_mcse(len(draws))
    for weights in ("rademacher", "webb"):
        cover = float(draws[f"{weights}_cover"].mean())
        assert np.isfinite(draws[f"{weights}_width"]).all()
        assert LO - Z * m <= cover <= HI + Z * m, (
            f"WCR {weights} 95% interval coverage {cover:.1%} over {len(draws)} "
            f"replications (MC SE {m:.1%})"
        )
