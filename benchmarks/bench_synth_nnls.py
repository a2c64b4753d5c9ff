"""The synthetic control's V search with the NNLS called directly against through its wrapper.

Every loss evaluation of the V search (Nelder–Mead over the predictor weights, tens of
thousands per fit, ~580,000 for a Prop 99 placebo-in-space) solves one small NNLS
(7 predictors + the sum-to-one row × 37 donors). ``scipy.optimize.nnls`` checks its
inputs (``asarray_chkfinite`` twice, shapes, a deprecation wrapper) and calls a
compiled routine; ``synth._InnerW`` now checks the fixed arrays once and calls that
routine directly. Side by side in one process, on Prop 99 (ADH 2010: California against
the 38 other states, the ADH predictors): the inner solve alone for ``--calls`` V
vectors, and one placebo fit (a donor as fake treated, 15 V starts, as
``placebo_in_space``), each as it was (``synth._nnls_core = None``: the public function)
and as it is; the weights must be identical.

BLAS is pinned to one thread before numpy is imported; ``time.perf_counter``, best of
``--repeats`` after a warm-up (one run for the placebo fit). Needs
``shared/validation/prop99_its_synth/smoking.csv`` beside the project (skipped with a
message otherwise).

Run: ``.venv/bin/python benchmarks/bench_synth_nnls.py``.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import contextlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from analysis.numbers.designs import synth  # noqa: E402

SMOKING = ROOT.parent / "shared" / "validation" / "prop99_its_synth" / "smoking.csv"
PREDICTORS = {
    "lnincome": ("lnincome", range(1980, 1989), "mean"),
    "age15to24": ("age15to24", range(1980, 1989), "mean"),
    "retprice": ("retprice", range(1980, 1989), "mean"),
    "beer": ("beer", range(1984, 1989), "mean"),
}


@contextlib.contextmanager
def wrapped() -> Iterator[None]:
    """The V search as before: every NNLS through ``scipy.optimize.nnls``."""
    kept = synth._nnls_core
    synth._nnls_core = None
    try:
        yield
    finally:
        synth._nnls_core = kept


def best(fn, repeats: int, warm_up: bool = True) -> tuple[float, object]:
    out = fn() if warm_up else None
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=5000, help="inner solves per timing")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--donor", default="Georgia", help="the placebo's fake treated state")
    ap.add_argument("--smoking", type=Path, default=SMOKING, help="the Prop 99 panel")
    args = ap.parse_args(argv)
    if not args.smoking.exists():
        print(f"skipped: {args.smoking} not found")
        return 0
    frame = pd.read_csv(args.smoking)
    prob = synth._prepare(
        frame, unit="state", time="year", outcome="cigsale", treated_unit="California",
        start=1989, predictors=PREDICTORS, special_periods=(1988, 1980, 1975), donors=None,
        fit_periods=None,
    )  # fmt: skip
    j = prob.units.index(args.donor)
    pool = [c for c in range(1, len(prob.units)) if c != j]
    cols = [j, *pool]
    xs = synth._scale(prob.x[:, cols])
    zf = prob.y[prob.fit_mask][:, cols]
    vs = np.random.default_rng(1).dirichlet(np.ones(xs.shape[0]), size=args.calls)
    print(f"numpy {np.__version__}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"Prop 99, placebo {args.donor}: {xs.shape[0]} predictors × {len(pool)} donors\n")

    def solves() -> np.ndarray:
        inner = synth._InnerW(xs[:, 0], xs[:, 1:])
        return np.array([inner(v) for v in vs])

    def placebo() -> tuple:
        return synth._solve_nested(xs[:, 0], xs[:, 1:], zf[:, 0], zf[:, 1:], 15, 0)

    with wrapped():
        t_old, w_old = best(solves, args.repeats)
        p_old, fit_old = best(placebo, 1, warm_up=False)
    t_new, w_new = best(solves, args.repeats)
    p_new, fit_new = best(placebo, 1, warm_up=False)
    same_w = np.array_equal(w_old, w_new)
    same_fit = all(np.array_equal(a, b) for a, b in zip(fit_old, fit_new, strict=True))
    print(f"{'':34} {'nnls wrapper':>13} {'direct':>10} {'speed-up':>9}  identical")
    print(
        f"{f'inner solve (µs, {args.calls:,} V)':34} {t_old / args.calls * 1e6:13.1f} "
        f"{t_new / args.calls * 1e6:10.1f} {t_old / t_new:8.2f}×  {'yes' if same_w else 'NO'}"
    )
    print(
        f"{'one placebo fit, 15 starts (s)':34} {p_old:13.2f} {p_new:10.2f} "
        f"{p_old / p_new:8.2f}×  {'yes' if same_fit else 'NO'}"
    )
    return 0 if same_w and same_fit else 1


if __name__ == "__main__":
    raise SystemExit(main())
