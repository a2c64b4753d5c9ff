"""Figures of the comparison designs: DiD and its wild bootstrap, the TWFE event study,
the controlled ITS and the synthetic control (fit, placebo-in-space, leave-one-out).

Each function draws one result object on ``ax`` (a new figure when None) in the house
style of :mod:`analysis.pictures.style` and returns the axes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from analysis.pictures.style import INTERVENTION, PALETTE


def _axes(ax, figsize: tuple[float, float]):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _interval_point(ax, r, *, null: float, label: str | None = None):
    """One estimate as a point with its interval on a row named ``r.term``, the null
    value dashed: the shared body of the DiD and wild-bootstrap figures."""
    ax.errorbar(
        [r.estimate],
        [0],
        xerr=[[r.estimate - r.conf_low], [r.conf_high - r.estimate]],
        fmt="o",
        color=PALETTE["treated"],
        capsize=4,
        label=label,
    )
    ax.axvline(null, color=PALETTE["neutral"], lw=1, ls="--")
    ax.set_yticks([0], [r.term])
    return ax


def plot_did(r, *, ax=None, lang: str = "en", context=None):
    """The DiD coefficient with its confidence interval, zero marked."""
    ax = _interval_point(_axes(ax, (6, 1.8)), r, null=0.0, label=f"{(1 - r.alpha) * 100:g}% CI")
    ax.set_xlabel(f"effect on {r.outcome}")
    ax.set_title(f"{r.design}: {r.se_type}", fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_wild_bootstrap(r, *, ax=None, lang: str = "en", context=None):
    """The estimate with the bootstrap (test-inversion) interval, the null marked."""
    ax = _interval_point(_axes(ax, (6, 1.8)), r, null=r.null)
    ax.set_title(f"wild cluster bootstrap ({r.weights}, B = {r.n_boot})", fontsize=8)
    return ax


def _event_labels(r, ticks: list[int]) -> list[str]:
    labels = [str(x) for x in ticks]
    if r.bin_endpoints:
        labels = [
            f"≤{x}" if x == str(-r.leads) else f"≥{x}" if x == str(r.lags) else x for x in labels
        ]
    return labels


def plot_event_study(r, *, ax=None, lang: str = "en", context=None):
    """Event-study coefficients with confidence intervals; the reference period at 0."""
    ax = _axes(ax, (7, 3.2))
    e = np.array(r.event_times)
    b = r.estimates
    lo = np.array([c.conf_low for c in r.coefficients])
    hi = np.array([c.conf_high for c in r.coefficients])
    colors = [PALETTE["comparison"] if x < 0 else PALETTE["treated"] for x in e]
    for x, est, lo_i, hi_i, col in zip(e, b, lo, hi, colors, strict=True):
        ax.errorbar([x], [est], yerr=[[est - lo_i], [hi_i - est]], fmt="o", color=col, capsize=3)
    ax.plot(
        [r.reference],
        [0.0],
        marker="o",
        mfc="white",
        color=PALETTE["neutral"],
        ls="none",
        label=f"reference e = {r.reference} (0 by construction)",
    )
    ax.axhline(0, color=PALETTE["neutral"], lw=1, ls="--")
    ax.axvline(-0.5, **INTERVENTION)
    ticks = sorted([*e.tolist(), r.reference])
    ax.set_xticks(ticks, _event_labels(r, ticks), fontsize=7)
    ax.set_xlabel("periods relative to adoption")
    ax.set_ylabel(f"{r.outcome} ({(1 - r.alpha) * 100:g}% CI)")
    ax.set_title(f"pre-trend Wald p = {r.pretrend.p_value:.3g}; {r.se_type}", fontsize=6)
    ax.legend(loc="upper left", fontsize=7)
    return ax


def plot_controlled_its(r, *, ax=None, lang: str = "en", context=None):
    """The three headline contrasts of a controlled ITS with their intervals, zero marked."""
    ax = _axes(ax, (6, 2.4))
    cs = [r.level_change, r.slope_change, r.posttrend_diff]
    ys = np.arange(len(cs))[::-1]
    for y, c in zip(ys, cs, strict=True):
        ax.errorbar(
            [c.estimate],
            [y],
            xerr=[[c.estimate - c.conf_low], [c.conf_high - c.estimate]],
            fmt="o",
            color=PALETTE["treated"],
            capsize=4,
        )
    ax.axvline(0, color=PALETTE["neutral"], lw=1, ls="--")
    ax.set_yticks(ys, [c.description for c in cs], fontsize=7)
    ax.set_xlabel(f"{r.outcome} ({(1 - r.alpha) * 100:g}% CI)")
    ax.set_title(f"controlled ITS: {r.se_type}", fontsize=7)
    return ax


def plot_synth(r, *, ax=None, gap: bool = False, lang: str = "en", context=None):
    """Treated vs synthetic outcome (``gap=True``: the gap), start marked."""
    ax = _axes(ax, (7, 3.5))
    t = list(r.times)
    if gap:
        ax.plot(t, r.effect, color=PALETTE["treated"], label="observed − synthetic")
        ax.axhline(0, color=PALETTE["neutral"], lw=1)
    else:
        ax.plot(t, r.observed, color=PALETTE["treated"], label=str(r.treated_unit))
        ax.plot(
            t,
            r.synthetic,
            color=PALETTE["counterfactual"],
            ls="--",
            label=f"synthetic {r.treated_unit}",
        )
    ax.axvline(r.start, **INTERVENTION)
    ax.set_ylabel(r.outcome)
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_synth_placebo(r, *, ax=None, lang: str = "en", context=None):
    """Spaghetti plot of every unit's gap, the treated unit highlighted."""
    ax = _axes(ax, (7, 3.5))
    t = list(r.times)
    for g in r.gaps[1:]:
        ax.plot(t, g, color=PALETTE["neutral"], lw=0.7, alpha=0.45)
    ax.plot(t, r.gaps[0], color=PALETTE["treated"], lw=2, label=str(r.treated_unit))
    ax.plot([], [], color=PALETTE["neutral"], lw=0.7, label="placebo units")
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(r.start, **INTERVENTION)
    ax.set_ylabel(f"gap in {r.outcome}")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def plot_synth_leave_one_out(r, *, ax=None, lang: str = "en", context=None):
    """The gap with all donors beside the gap without each positive-weight donor."""
    ax = _axes(ax, (7, 3.5))
    t = list(r.times)
    for d, g in zip(r.dropped, r.gaps, strict=True):
        ax.plot(t, g, color=PALETTE["neutral"], lw=0.8, alpha=0.6, label=f"without {d}")
    ax.plot(t, r.full_gap, color=PALETTE["treated"], lw=2, label="all donors")
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(r.start, **INTERVENTION)
    ax.set_ylabel(f"gap in {r.outcome}")
    ax.legend(loc="lower left", fontsize=7)
    return ax
