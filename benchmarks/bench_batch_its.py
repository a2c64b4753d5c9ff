"""Batched OLS + Newey–West (``ols_hac_batch``) against loops of statsmodels fits.

Segmented ITS (const, time, level, slope, 2 Fourier pairs: k = 8) for N seeded
monthly series of 60 periods sharing one interruption; Newey–West lag from the
stated rule floor(4 (T/100)^(2/9)) = 3; no small-sample factor. Compares

* ``ols_hac_batch(Y, X, lag)``                  (best of ``--repeats`` runs)
* statsmodels array API, one fit per series:
  ``sm.OLS(y, X).fit(cov_type='HAC', cov_kwds={'maxlags': lag})``, reading
  ``params`` and ``bse``
* statsmodels formula API, what users write: ``for unit, g in long.groupby('unit'):
  smf.ols('y ~ time + level + slope + sin1 + cos1 + sin2 + cos2', g).fit(...)``
  (1,000 series only)

BLAS is pinned to one thread before numpy is imported (DESIGN.md: the bundled
OpenBLAS otherwise competes with any other busy process). Loops over more than
``--loop-max`` series are timed on the first ``--loop-max`` and scaled linearly;
the output says so. Agreement: max |difference| of coefficients and SEs between
the batch and every statsmodels fit that was run.

Run: ``.venv/bin/python benchmarks/bench_batch_its.py`` (``--help`` for options).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels  # noqa: E402
import statsmodels.api as sm  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.numbers.designs.batch import BatchFit, newey_west_lag, ols_hac_batch  # noqa: E402

TARGET = 50.0  # required speedup over the array-API loop at 10,000 series
FORMULA = "y ~ time + level + slope + sin1 + cos1 + sin2 + cos2"


def design(n_periods: int, start: int) -> pd.DataFrame:
    """const, time, level, slope ((t − t0)·post), two Fourier pairs (period 12)."""
    t = np.arange(1, n_periods + 1, dtype=float)
    t0 = start + 1.0
    post = (t >= t0).astype(float)
    cols = {"const": np.ones(n_periods), "time": t, "level": post, "slope": (t - t0) * post}
    for h in (1, 2):
        cols[f"sin{h}"] = np.sin(2 * np.pi * h * t / 12)
        cols[f"cos{h}"] = np.cos(2 * np.pi * h * t / 12)
    return pd.DataFrame(cols)


def simulate(n_series: int, x: np.ndarray, seed: int) -> np.ndarray:
    """Random coefficients plus AR(1) errors (ρ = 0.5), seeded."""
    rng = np.random.default_rng(seed)
    beta = rng.normal(size=(n_series, x.shape[1]))
    eps = rng.normal(size=(n_series, x.shape[0]))
    for t in range(1, x.shape[0]):
        eps[:, t] += 0.5 * eps[:, t - 1]
    return beta @ x.T + eps


def time_batch(y: np.ndarray, x: np.ndarray, lag: int, repeats: int) -> tuple[float, BatchFit]:
    fit = ols_hac_batch(y, x, lag)  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fit = ols_hac_batch(y, x, lag)
        best = min(best, time.perf_counter() - t0)
    return best, fit


def time_array_loop(y: np.ndarray, x: np.ndarray, lag: int) -> tuple[float, np.ndarray, np.ndarray]:
    _ = sm.OLS(y[0], x).fit(cov_type="HAC", cov_kwds={"maxlags": lag}).bse  # warm-up
    coef = np.empty((y.shape[0], x.shape[1]))
    se = np.empty_like(coef)
    t0 = time.perf_counter()
    for i in range(y.shape[0]):
        res = sm.OLS(y[i], x).fit(cov_type="HAC", cov_kwds={"maxlags": lag})
        coef[i] = res.params
        se[i] = res.bse
    return time.perf_counter() - t0, coef, se


def time_formula_loop(
    y: np.ndarray, frame: pd.DataFrame, lag: int
) -> tuple[float, np.ndarray, np.ndarray]:
    n_series, n_periods = y.shape
    long = pd.concat([frame] * n_series, ignore_index=True)
    long.insert(0, "unit", np.repeat(np.arange(n_series), n_periods))
    long["y"] = y.ravel()
    smf.ols(FORMULA, long[long.unit == 0]).fit(cov_type="HAC", cov_kwds={"maxlags": lag})
    coef = np.empty((n_series, frame.shape[1]))
    se = np.empty_like(coef)
    t0 = time.perf_counter()
    for unit, g in long.groupby("unit"):
        res = smf.ols(FORMULA, g).fit(cov_type="HAC", cov_kwds={"maxlags": lag})
        coef[unit] = res.params.to_numpy()
        se[unit] = res.bse.to_numpy()
    return time.perf_counter() - t0, coef, se


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--series", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument(
        "--loop-max",
        type=int,
        default=1000,
        help="time statsmodels loops on at most this many series, scale linearly",
    )
    ap.add_argument(
        "--formula-series",
        type=int,
        default=1000,
        help="series for the formula-API loop (0 to skip)",
    )
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)

    frame = design(args.months, start=args.months * 3 // 5)
    x = frame.to_numpy()
    lag = newey_west_lag(args.months)
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, statsmodels "
        f"{statsmodels.__version__}, {os.cpu_count()} CPUs, BLAS threads pinned to "
        f"{os.environ['OPENBLAS_NUM_THREADS']}"
    )
    print(
        f"ITS design: T = {args.months} months, k = {x.shape[1]} "
        f"({', '.join(frame.columns)}), Newey–West lag {lag}, no small-sample factor; "
        f"seed {args.seed}\n"
    )

    rows = []
    notes = []
    ratios: dict[int, float] = {}
    for n in args.series:
        y = simulate(n, x, args.seed + n)
        t_batch, fit = time_batch(y, x, lag, args.repeats)
        rows.append((n, "ols_hac_batch", t_batch, "", float("nan"), float("nan"), ""))
        m = min(n, args.loop_max)
        t_loop, coef, se = time_array_loop(y[:m], x, lag)
        t_full = t_loop * n / m
        scaled = f"timed on {m:,}, ×{n / m:g}" if m < n else ""
        if scaled:
            notes.append(
                f"{n:,} series: the statsmodels array loop was timed on the first "
                f"{m:,} series ({t_loop:.2f} s) and scaled linearly ×{n / m:g}."
            )
        ratios[n] = t_full / t_batch
        rows.append(
            (
                n,
                "statsmodels OLS array loop",
                t_full,
                f"{ratios[n]:.0f}×",
                np.abs(coef - fit.coef[:m]).max(),
                np.abs(se - fit.se[:m]).max(),
                scaled,
            )
        )
        if args.formula_series and n == args.formula_series:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_form, coef_f, se_f = time_formula_loop(y, frame, lag)
            rows.append(
                (
                    n,
                    "statsmodels formula loop",
                    t_form,
                    f"{t_form / t_batch:.0f}×",
                    np.abs(coef_f - fit.coef).max(),
                    np.abs(se_f - fit.se).max(),
                    "",
                )
            )

    table = pd.DataFrame(
        rows,
        columns=[
            "series",
            "method",
            "seconds",
            "speedup of batch",
            "max |Δ coef|",
            "max |Δ se|",
            "note",
        ],
    )
    table["ms per series"] = table["seconds"] / table["series"] * 1e3
    table = table[
        [
            "series",
            "method",
            "seconds",
            "ms per series",
            "speedup of batch",
            "max |Δ coef|",
            "max |Δ se|",
            "note",
        ]
    ]
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print(
            table.to_string(
                index=False,
                na_rep="",
                formatters={
                    "seconds": "{:.4f}".format,
                    "ms per series": "{:.4f}".format,
                    "max |Δ coef|": "{:.1e}".format,
                    "max |Δ se|": "{:.1e}".format,
                },
            )
        )
    for note in notes:
        print(f"\nnote: {note}")
    key = 10000 if 10000 in ratios else max(ratios)
    verdict = "met" if ratios[key] >= TARGET else "NOT met"
    print(
        f"\ntarget ≥ {TARGET:g}× over the array-API loop at {key:,} series: "
        f"{ratios[key]:.0f}× ({verdict})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
