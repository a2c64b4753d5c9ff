"""One house style for every figure: colour-blind-safe palette, markers, fonts."""

from __future__ import annotations

import matplotlib as mpl

# Okabe–Ito palette (safe for the common colour-vision deficiencies).
PALETTE = {
    "treated": "#D55E00",      # vermillion
    "comparison": "#0072B2",   # blue
    "counterfactual": "#009E73",
    "neutral": "#555555",
    "window": "#E69F00",       # orange, used translucent for window shading
    "milestone": "#CC79A7",
}
INTERVENTION = {"color": "#222222", "linestyle": "--", "linewidth": 1.2}
MILESTONE = {"color": PALETTE["milestone"], "linestyle": ":", "linewidth": 1.2}


def apply_style() -> None:
    """Set matplotlib rcParams for report figures (idempotent)."""
    mpl.rcParams.update({
        "figure.figsize": (8.0, 3.6),
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "savefig.bbox": "tight",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Noto Sans CJK SC", "WenQuanYi Zen Hei",
                            "Arial Unicode MS", "sans-serif"],
        "svg.hashsalt": "pilot-eval",
        "path.simplify": True,
    })
