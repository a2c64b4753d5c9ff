"""One house style for every figure: colour-blind-safe palette, markers, fonts."""

from __future__ import annotations

import matplotlib as mpl

# Okabe–Ito palette (safe for the common colour-vision deficiencies).
PALETTE = {
    "treated": "#D55E00",  # vermillion
    "comparison": "#0072B2",  # blue
    "counterfactual": "#009E73",
    "neutral": "#555555",
    "window": "#E69F00",  # orange, used translucent for window shading
    "milestone": "#CC79A7",
}
INTERVENTION = {"color": "#222222", "linestyle": "--", "linewidth": 1.2}
MILESTONE = {"color": PALETTE["milestone"], "linestyle": ":", "linewidth": 1.2}


#: CJK families tried in order (Simplified Chinese first); the first one matplotlib can
#: find becomes the fallback after DejaVu Sans, so Latin text keeps one look and Chinese
#: labels render instead of empty boxes.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Arial Unicode MS",
)
#: Where fonts installed after matplotlib built its cache usually live.
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)


def cjk_font() -> str | None:
    """The family name of a CJK font matplotlib can use, or None.

    Looks in matplotlib's font list first; if none is there (a font installed after the
    cache was built), scans the usual font folders once and registers what it finds.
    """
    from pathlib import Path

    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((fam for fam in CJK_FAMILIES if fam in names), None)

    found = known()
    if found is not None:
        return found
    keys = ("noto", "cjk", "wqy", "wenquanyi", "sourcehan", "simhei", "msyh", "pingfang")
    for root in _FONT_DIRS:
        base = Path(root).expanduser()
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            name = path.name.lower()
            if path.suffix.lower() in (".ttf", ".otf", ".ttc") and any(k in name for k in keys):
                try:
                    font_manager.fontManager.addfont(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue
    return known()


def apply_style() -> None:
    """Set matplotlib rcParams for report figures (idempotent)."""
    cjk = cjk_font()
    mpl.rcParams.update(
        {
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
            # concrete families, not the generic "sans-serif": matplotlib's per-glyph fallback
            # walks the font.family list only
            "font.family": ["DejaVu Sans", *([cjk] if cjk else [])],
            "svg.hashsalt": "pilot-eval",
            "path.simplify": True,
        }
    )


def period_axis(ax, freq: str, first: str, last: str, max_ticks: int = 10) -> None:
    """Tick labels at the study's frequency on a date axis of period starts: years as
    ``2010``, quarters as ``2010Q1``, months left to matplotlib's date locator. Without
    this a yearly or quarterly series gets monthly tick labels."""
    import pandas as pd
    from matplotlib.ticker import FixedFormatter, FixedLocator

    code = freq[:1].upper()
    if code not in ("Y", "A", "Q"):
        return
    import matplotlib.dates as mdates

    periods = pd.period_range(first, last, freq="Y" if code in ("Y", "A") else "Q")
    step = max(1, -(-len(periods) // max_ticks))
    if code == "Q" and step > 1:
        step = 4 * -(-step // 4)  # whole years of quarters: 2010Q1, 2011Q1 ...
        periods = periods[[i for i, p in enumerate(periods) if p.quarter == periods[0].quarter]]
        step //= 4
    shown = periods[::step]
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(shown.to_timestamp())))
    ax.xaxis.set_major_formatter(FixedFormatter([str(p) for p in shown]))
    ax.xaxis.set_minor_locator(FixedLocator([]))
