"""Make sure figures can draw Chinese: find a CJK font, or install Debian's (set-up step).

Run by ``make setup`` (and so by ``make report`` / ``make test``). If matplotlib already
finds a CJK font, nothing happens. Otherwise, on Debian/Ubuntu as root, it installs
``fonts-wqy-microhei`` (5 MB, GB18030 coverage) with apt-get. Elsewhere it prints how to
install one and exits 0: reports still run, and the glyph test skips with that message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.pictures.style import cjk_font

PACKAGE = "fonts-wqy-microhei"
HINT = (
    "no CJK font found: Chinese labels in figures would not render. Install one, e.g. "
    f"'apt-get install {PACKAGE}' (Debian/Ubuntu), 'dnf install wqy-microhei-fonts', "
    "or any Noto Sans CJK SC font, then re-run."
)


def main() -> int:
    found = cjk_font()
    if found:
        print(f"CJK font for figures: {found}")
        return 0
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"Installing {PACKAGE} (Debian) so that figures can draw Chinese ...")
        for cmd in (
            [apt, "install", "-y", "-q", PACKAGE],
            [apt, "update", "-q"],
            [apt, "install", "-y", "-q", PACKAGE],
        ):
            done = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=600,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            )
            if done.returncode == 0 and cmd[1] == "install":
                break
        found = cjk_font()
        if found:
            print(f"CJK font for figures: {found}")
            return 0
    print(f"warning: {HINT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
