"""The minimum-detectable-effect simulation's refits: full ``fit_its`` against the lean path.

``minimum_detectable_effect`` refits the ITS model to ``n_sims`` simulated series per
effect size (600-800 refits a series) and reads one thing from each: the percentile
interval of the post-period average's relative effect. Until this change every refit was
a whole ``fit_its`` (coefficient table with p-values, diagnostics, the path with its bands
and, for counts, a simulated new count per draw); now ``power._LeanITS`` computes only
that interval with the same model code and the same draws, after checking on the first
refit that the two agree. Both are timed side by side in one process on the demo-like
series below (36 months, the pilot starting in month 25), with the refit mode switched by
emptying ``power.LEAN_OPTIONS`` (every refit is then a ``fit_its``); the results must be
identical (``MDEResult ==``), and the script says so.

A second table times the two-sided t p-value ``analysis.numbers.designs.its_models.
two_sided_p`` (one per coefficient and effect of every fit) as it was, through a frozen
``scipy.stats.t(df)``, against the special function behind it (``scipy.special.stdtr``),
with the largest difference of the floats (0: the same numbers).

BLAS is pinned to one thread before numpy is imported; timings are ``time.perf_counter``,
best of ``--repeats`` after a warm-up for the p-values, one run each for the MDE (each run
is seconds long and deterministic).

Run: ``.venv/bin/python benchmarks/bench_mde.py`` (``--help`` for options).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import contextlib  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.numbers.checks import power  # noqa: E402
from analysis.numbers.designs.its_models import two_sided_p  # noqa: E402

PERIODS = pd.period_range("2019-01", periods=36, freq="M")
START = pd.Period("2021-01", freq="M")


@contextlib.contextmanager
def full_refits() -> Iterator[None]:
    """Every refit a whole fit_its (the lean path accepts no option)."""
    kept = power.LEAN_OPTIONS
    power.LEAN_OPTIONS = frozenset()
    try:
        yield
    finally:
        power.LEAN_OPTIONS = kept


def series(seed: int) -> dict[str, tuple[np.ndarray, dict]]:
    """A seasonal count series (quasi-Poisson, Fourier seasonality) and a share with AR(1)
    noise (Gaussian, AR(1) REML errors, no seasonality), as the demo's indicators."""
    rng = np.random.default_rng(seed)
    t = np.arange(len(PERIODS))
    mu = np.exp(4.0 + 0.004 * t + 0.15 * np.sin(2 * np.pi * t / 12))
    counts = rng.poisson(mu * rng.gamma(20.0, 1 / 20.0, len(t))).astype(float)
    e = np.zeros(len(t))
    for i in range(1, len(t)):
        e[i] = 0.4 * e[i - 1] + rng.normal(0, 0.02)
    share = 0.6 + 0.001 * t + e
    return {
        "quasipoisson, Fourier": (counts, {"family": "quasipoisson"}),
        "gaussian, AR(1) REML": (share, {"family": "gaussian", "seasonality": "none"}),
    }


def time_mde(y: np.ndarray, kw: dict, n_sims: int) -> tuple[float, object]:
    t0 = time.perf_counter()
    res = power.minimum_detectable_effect(
        y, PERIODS, START, post_length=12, n_sims=n_sims, seed=3, **kw
    )
    return time.perf_counter() - t0, res


def best(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-sims", type=int, default=200, help="simulated series per size")
    ap.add_argument("--calls", type=int, default=20000, help="p-values per timing")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)
    print(f"numpy {np.__version__}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"MDE: {len(PERIODS)} months, start {START}, n_sims {args.n_sims}, seed 3\n")
    print(f"{'series':24} {'full fit_its':>13} {'lean':>9} {'speed-up':>9}  identical")
    same_all = True
    for name, (y, kw) in series(args.seed).items():
        with full_refits():
            t_full, r_full = time_mde(y, kw, args.n_sims)
        t_lean, r_lean = time_mde(y, kw, args.n_sims)
        same = r_full == r_lean
        same_all &= same
        print(
            f"{name:24} {t_full:11.2f} s {t_lean:7.2f} s {t_full / t_lean:8.2f}×  "
            f"{'yes' if same else 'NO'} (MDE {r_lean.mde:.4f}, {sum(r_lean.n_runs)} refits)"
        )

    rng = np.random.default_rng(args.seed)
    stat = rng.standard_normal(args.calls) * 3
    df = rng.uniform(3, 60, args.calls)

    def frozen() -> list[float]:
        return [float(2.0 * stats.t(d).sf(abs(s))) for s, d in zip(stat, df, strict=True)]

    def special() -> list[float]:
        return [two_sided_p(s, d) for s, d in zip(stat, df, strict=True)]

    t_old, t_new = best(frozen, args.repeats), best(special, args.repeats)
    diff = max(abs(a - b) for a, b in zip(frozen(), special(), strict=True))
    print(f"\ntwo-sided t p-value, {args.calls:,} calls (µs per call)")
    print(f"{'stats.t(df).sf (before)':28} {t_old / args.calls * 1e6:9.2f}")
    print(f"{'special.stdtr (two_sided_p)':28} {t_new / args.calls * 1e6:9.2f}")
    print(f"speed-up {t_old / t_new:.0f}×, max |Δ p| = {diff:.1e}")
    return 0 if same_all and diff == 0 and not math.isnan(diff) else 1


if __name__ == "__main__":
    raise SystemExit(main())
