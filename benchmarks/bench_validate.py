"""Validation of a realistic panel against just reading it.

``validate_study`` runs the whole data contract (spec cross references, every cell,
the unit × period grid, the design) on a 40-unit × 120-month panel (4,800 rows). The
obvious alternative a researcher would otherwise run is ``pandas.read_csv`` of the same
file, which checks nothing: the ratio is what the contract costs over parsing alone.
Both are timed side by side in one process, best of ``--repeats`` after a warm-up, with
BLAS pinned to one thread. (This replaces a timed test: timing belongs here.)

Run: ``.venv/bin/python benchmarks/bench_validate.py``.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import write_study  # noqa: E402  (the tests' tiny valid study)

from analysis.intake.validate import validate_study  # noqa: E402


def make_study(folder: Path, units: int, years: int) -> Path:
    """The tests' tiny study with its panel replaced by ``units`` × ``years`` × 12 months."""
    names = [f"unit_{i:02d}" for i in range(units)]
    months = [str(p) for p in pd.period_range("2012-01", periods=12 * years, freq="M")]
    rng = np.random.default_rng(1)
    frame = pd.DataFrame([(u, m) for u in names for m in months], columns=["unit", "month"])
    frame["incidents"] = rng.poisson(30, len(frame))
    frame["cases"] = rng.poisson(60, len(frame)) + 1
    frame["resolved"] = (frame["cases"] * 0.5).astype(int)
    path = write_study(folder, spec_overrides={"treatment": {"units": ["unit_00"]}})
    frame.to_csv(folder / "panel.csv", index=False)
    return path


def best(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=40)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spec = make_study(Path(tmp), args.units, args.years)
        csv = Path(tmp) / "panel.csv"
        report = validate_study(spec)
        errors = [i for i in report.issues if i.severity == "error"]
        t_val = best(lambda: validate_study(spec), args.repeats)
        t_csv = best(lambda: pd.read_csv(csv), args.repeats)
    rows = args.units * args.years * 12
    print(f"panel: {args.units} units x {args.years * 12} months = {rows:,} rows")
    print(f"validate_study        {t_val * 1000:8.1f} ms  ({len(errors)} errors found)")
    print(f"pandas.read_csv only  {t_csv * 1000:8.1f} ms  (no checks)")
    print(f"ratio validate / read_csv: {t_val / t_csv:.1f}x")


if __name__ == "__main__":
    main()
