"""Regenerate the synthetic example data (examples/synthetic_monthly_pulse/series.csv).

Usage: python scripts/make_example_data.py [--root examples]

A monthly single series with a covariate and a temporary (pulse) intervention of known
size, for the end-to-end check that pilot-eval recovers a planted pulse and covariate
effect. The output is byte-stable (a test regenerates it and compares).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

#: The planted truth, stated in the example's README.md.
SEED = 20221
LEVEL, TREND, COVARIATE_EFFECT, PULSE_EFFECT, NOISE_SD = 200.0, 0.4, 3.0, -25.0, 4.0
FIRST, LAST, PULSE_START, PULSE_LENGTH = "2018-01", "2023-12", "2022-03", 4


def series() -> pd.DataFrame:
    """The example series: month, unit, outcome and its covariate (temperature)."""
    rng = np.random.default_rng(SEED)
    months = pd.period_range(FIRST, LAST, freq="M")
    t = np.arange(len(months), dtype=float)
    temperature = 15 + 10 * np.sin(2 * np.pi * (months.month.to_numpy() - 4) / 12)
    temperature = temperature + rng.normal(0, 1.5, len(months))
    start = months.get_loc(pd.Period(PULSE_START, "M"))
    pulse = ((t >= start) & (t < start + PULSE_LENGTH)).astype(float)
    noise = rng.normal(0, NOISE_SD, len(months))
    y = LEVEL + TREND * t + COVARIATE_EFFECT * temperature + PULSE_EFFECT * pulse + noise
    return pd.DataFrame(
        {
            "month": months.astype(str),
            "district": "Riverside",
            "response_minutes": np.round(y, 2),
            "temperature": np.round(temperature, 2),
        }
    )


def write(root: Path) -> Path:
    path = root / "synthetic_monthly_pulse" / "series.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    series().to_csv(path, index=False, lineterminator="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("examples"))
    args = parser.parse_args(argv)
    path = write(args.root)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
