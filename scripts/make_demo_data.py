"""Regenerate the synthetic demo data in data/dadeng and data/gaomi.

Usage: python scripts/make_demo_data.py [--root data]

Writes only the data files (CSV, xlsx); each study's study.yml and README.md
are written by hand. The output is byte-stable: a test compares a fresh
generation with the committed files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.simulate.files import write_demo_studies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("data"),
        help="folder holding the study folders (default: data)",
    )
    args = parser.parse_args(argv)
    for path in write_demo_studies(args.root):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
