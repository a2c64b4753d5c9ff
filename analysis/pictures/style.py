"""One house style for every figure: colour-blind-safe palette, fonts and sizes, one
width for the page, and the drawing helpers every figure shares (new axes in the page
width, ribbons for intervals, milestone lines, limits that keep counts above zero,
interval rows that mark a truncated end with an arrow)."""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

# Okabe–Ito palette (safe for the common colour-vision deficiencies).
PALETTE = {
    "treated": "#D55E00",  # vermillion
    "comparison": "#0072B2",  # blue
    "counterfactual": "#009E73",
    "neutral": "#555555",
    "window": "#E69F00",  # orange, used translucent for window shading
    "milestone": "#CC79A7",
}
#: The full Okabe–Ito cycle, in its usual order after black.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
INTERVENTION = {"color": "#222222", "linestyle": "--", "linewidth": 1.2}
MILESTONE = {"color": PALETTE["milestone"], "linestyle": ":", "linewidth": 1.6}
#: A change in what is recorded (a registration drive, a new counting rule): orange,
#: dash-dot, so it is never read as the pilot start.
RECORDING = {"color": PALETTE["window"], "linestyle": "-.", "linewidth": 1.6}
#: The uniform (simultaneous) band's fill (Okabe–Ito sky blue).
BAND = "#56B4E9"

#: One figure width for the page (inches; the report embeds PNGs at ``savefig.dpi``, so
#: a figure is ``FIG_WIDTH × dpi`` pixels wide and its text keeps the sizes below).
FIG_WIDTH = 7.5
#: Font sizes (points at FIG_WIDTH): nothing on a figure is smaller than ``SMALL``.
SMALL, NORMAL, LARGE = 9, 10, 11


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
            "figure.figsize": (FIG_WIDTH, 3.6),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "savefig.bbox": "tight",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": NORMAL,
            "axes.titlesize": LARGE,
            "axes.labelsize": NORMAL,
            "xtick.labelsize": SMALL,
            "ytick.labelsize": SMALL,
            "legend.fontsize": SMALL,
            "legend.frameon": False,
            # concrete families, not the generic "sans-serif": matplotlib's per-glyph fallback
            # walks the font.family list only
            "font.family": ["DejaVu Sans", *([cjk] if cjk else [])],
            # default colours (any series a figure does not colour itself): Okabe–Ito
            "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
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


def ensure_font(lang: str) -> None:
    """Make sure a Chinese figure can draw its glyphs: the CJK family joins the font list
    (after DejaVu Sans) even when :func:`apply_style` was not called."""
    if lang != "zh":
        return
    families = list(mpl.rcParams["font.family"])
    cjk = cjk_font()
    if cjk and cjk not in families:
        base = [f for f in families if f != "sans-serif"] or ["DejaVu Sans"]
        mpl.rcParams["font.family"] = [*base, cjk]


def new_axes(ax, height: float, lang: str = "en"):
    """``ax``, or new axes in the page width ``FIG_WIDTH`` × ``height`` inches laid out
    so that labels and a legend below stay inside that width."""
    ensure_font(lang)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(FIG_WIDTH, height), layout="constrained")
    return ax


def wrap(text: str, width: int = 60) -> str:
    """``text`` broken into lines of about ``width`` columns (a Chinese character counts
    two), so a long title or axis label stays inside the figure."""
    if not text:
        return text
    if "\n" in text:
        return "\n".join(wrap(line, width) for line in text.split("\n"))

    def cols(s: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in s)

    if cols(text) <= width:
        return text
    for opener in (" (", "（"):  # a label's unit in brackets goes on its own line first
        head, sep, tail = text.rpartition(opener)
        if sep and head and cols(head) <= width and cols(sep.strip() + tail) <= width:
            return f"{head}\n{sep.strip()}{tail}"
    cjk = any(ord(c) > 0x2E80 for c in text)
    tokens = list(text) if cjk else text.split(" ")
    sep = "" if cjk else " "
    lines, cur = [], ""
    for tok in tokens:
        cand = f"{cur}{sep}{tok}" if cur else tok
        if cur and cols(cand) > width:
            lines.append(cur)
            cur = tok
        else:
            cur = cand
    lines.append(cur)
    return "\n".join(lines)


def clip_at_zero(ax, axis: str = "y") -> None:
    """Keep a non-negative quantity's axis from going below zero (its top unchanged)."""
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    if lo < 0 < hi:
        (ax.set_ylim if axis == "y" else ax.set_xlim)(0, hi)


def ribbon(
    ax, x, lo, hi, *, color, alpha: float = 0.25, label=None, floor=None, ceiling=None, **kw
):
    """An interval as a ribbon (``fill_between``), clipped at ``floor`` and ``ceiling``
    when given (zero for a count, 100% for a share)."""
    import numpy as np

    lo = np.asarray(lo, dtype=float)
    hi = np.asarray(hi, dtype=float)
    if floor is not None:
        lo, hi = np.maximum(lo, floor), np.maximum(hi, floor)
    if ceiling is not None:
        lo, hi = np.minimum(lo, ceiling), np.minimum(hi, ceiling)
    return ax.fill_between(x, lo, hi, color=color, alpha=alpha, lw=0, label=label, **kw)


def legend_below(ax, ncol: int = 2, **kw):
    """The legend under the axes, in ``ncol`` columns: it never widens the figure."""
    handles, labels = kw.pop("handles", None), kw.pop("labels", None)
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    from matplotlib.transforms import offset_copy

    # a fixed distance under the axes (tick labels and the x label fit between)
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-kw.pop("gap", 34), units="points")
    fig = ax.figure
    limit = fig.get_size_inches()[0] * fig.dpi * 0.98
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    for n in range(max(ncol, 1), 0, -1):  # fewer columns until the legend fits the width
        leg = ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=below,
            ncol=n,
            frameon=False,
            **kw,
        )
        if renderer is None or n == 1 or leg.get_window_extent(renderer).width <= limit:
            return leg
    return leg


#: The gid of the number tags :func:`mark_line` writes (the title clears them).
TAG = "pe-event-tag"


def mark_line(ax, x, style: dict, label: str, tag: str | None = None, ha: str = "center") -> None:
    """A vertical line at ``x`` in ``style`` named ``label`` in the legend, with a small
    ``tag`` at the top of the axes so each line can be told from its legend entry."""
    ax.axvline(x, label=f"{tag}  {label}" if tag else label, zorder=2, **style)
    if tag:
        ax.text(
            x,
            1.0,
            tag,
            transform=ax.get_xaxis_transform(),
            ha=ha,
            va="bottom",
            fontsize=SMALL,
            color=style.get("color", "#222222"),
            clip_on=False,
            gid=TAG,
        )


def set_title(ax, text: str, width: int = 80) -> None:
    """The axes title, wrapped, raised above the event tags when there are any."""
    tagged = any(t.get_gid() == TAG for t in ax.texts)
    ax.set_title(wrap(text, width), y=1.07 if tagged else None)


def capped_range(
    lows,
    highs,
    estimates,
    *,
    floor: float | None = None,
    spread: float = 3.0,
    include: float | None = 0.0,
):
    """Axis limits for a forest plot: the whole of every interval unless one end reaches
    far beyond the estimates (more than ``spread`` × their span past them); then that
    side is cut there and the intervals that go on are marked with an arrow. ``include``
    (the null, zero) is always on the axis."""
    import numpy as np

    est = np.asarray([e for e in estimates if np.isfinite(e)], dtype=float)
    lo = np.asarray([v for v in lows if np.isfinite(v)], dtype=float)
    hi = np.asarray([v for v in highs if np.isfinite(v)], dtype=float)
    if not est.size:
        return None
    span = max(float(np.ptp(est)), float(np.max(np.abs(est))), 1e-9)
    a = float(min(est.min(), lo.min() if lo.size else est.min()))
    b = float(max(est.max(), hi.max() if hi.size else est.max()))
    a = max(a, float(est.min()) - spread * span)
    b = min(b, float(est.max()) + spread * span)
    if include is not None:
        a, b = min(a, include), max(b, include)
    if floor is not None:
        a = max(a, floor)
    pad = 0.05 * (b - a or 1.0)
    return a - pad, b + pad


def interval_row(
    ax, y, est, lo, hi, *, color, limits=None, lw: float = 2.2, ms: float = 6, note=None
):
    """One estimate with its interval on row ``y`` (horizontal); an end beyond
    ``limits`` is drawn to the limit with an arrow head, so a truncated interval shows
    (``note(value)``, when given, writes the true end beside the arrow)."""
    import numpy as np

    if np.isfinite(lo) and np.isfinite(hi):
        a, b = lo, hi
        cut_lo = cut_hi = False
        if limits is not None:
            cut_lo, cut_hi = lo < limits[0], hi > limits[1]
            a, b = max(lo, limits[0]), min(hi, limits[1])
        ax.plot([a, b], [y, y], color=color, lw=lw, solid_capstyle="butt", zorder=2)
        for cut, end, start in ((cut_lo, a, a + 0.02 * (b - a)), (cut_hi, b, b - 0.02 * (b - a))):
            if cut:
                ax.annotate(
                    "",
                    xy=(end, y),
                    xytext=(start, y),
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": lw},
                    zorder=3,
                )
        if note is not None and cut_hi:
            ax.annotate(
                note(hi),
                (b, y),
                xytext=(-2, 5),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=SMALL,
                color=color,
            )
        if note is not None and cut_lo:
            ax.annotate(
                note(lo),
                (a, y),
                xytext=(2, 5),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=SMALL,
                color=color,
            )
    ax.plot([est], [y], "o", color=color, ms=ms, zorder=4)
