"""Figures of effect estimates and their checks: the ITS/STS path
(:func:`plot_effect`), placebo-in-time (:func:`plot_placebo`), sensitivity
(:func:`plot_sensitivity`) and power (:func:`plot_power`). House style from
:mod:`analysis.pictures.style`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from analysis.pictures.style import INTERVENTION, PALETTE, period_axis

if TYPE_CHECKING:
    from analysis.results.effects import EffectResult
    from analysis.results.power import MDEResult
    from analysis.results.robustness import PlaceboResult, SensitivityResult

__all__ = ["plot_effect", "plot_placebo", "plot_power", "plot_sensitivity"]


def _axes(ax, **kw):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(**kw)
    return ax


def _path_freq(time: tuple[str, ...]) -> str | None:
    """The frequency of period labels (``2021-01`` month, ``2021Q1`` quarter, ``2021``
    year), or None for labels that are not periods."""
    if not time:
        return None
    t = time[0]
    if len(t) == 7 and t[4] == "-":
        return "M"
    if len(t) == 6 and t[4] == "Q":
        return "Q"
    if len(t) == 4 and t.isdigit():
        return "Y"
    return None


def _path_x(time: tuple[str, ...]):
    """Period labels as timestamps (a date axis, ticks at the series' frequency); labels
    that are not periods as positions."""
    freq = _path_freq(time)
    if freq is None:
        return list(range(len(time)))
    return pd.PeriodIndex(time, freq=freq).to_timestamp()


def _log_model(result: EffectResult) -> bool:
    """A Gaussian or state-space model of log(y) (``transform: log``): log-scale terms
    without a count family's log link; its path is shown back-transformed."""
    counts = result.family in ("poisson", "quasipoisson", "negbin")
    return not counts and any(c.scale == "log" for c in result.coefficients)


def plot_effect(result: EffectResult, *, ax=None, lang: str = "en", context=None):
    """Observed, fitted, counterfactual with its bands; the start marked."""
    ax = _axes(ax)
    p = result.path
    x = _path_x(p.time)
    level = f"{(1 - result.alpha) * 100:g}%"
    ax.plot(x, p.observed, "o", ms=3, color=PALETTE["neutral"], label="observed")
    ax.plot(x, p.fitted, color=PALETTE["treated"], lw=1.6, label="fitted")
    post = [i for i, v in enumerate(p.post) if v]
    if post and not result.effects:  # no interruption term: no counterfactual to draw
        ax.axvline(x[post[0]], **INTERVENTION, label="pilot start")
    elif post:
        i0 = max(post[0] - 1, 0)
        xs = x[i0:]
        ax.plot(
            xs,
            p.counterfactual[i0:],
            color=PALETTE["counterfactual"],
            lw=1.6,
            ls="--",
            label="counterfactual",
        )
        ax.fill_between(
            xs,
            p.cf_pred_low[i0:],
            p.cf_pred_high[i0:],
            color=PALETTE["counterfactual"],
            alpha=0.12,
            label=f"{level} prediction band",
        )
        ax.fill_between(
            xs,
            p.cf_conf_low[i0:],
            p.cf_conf_high[i0:],
            color=PALETTE["counterfactual"],
            alpha=0.25,
            label=f"{level} confidence band",
        )
        ax.axvline(x[post[0]], **INTERVENTION, label="pilot start")
    if (freq := _path_freq(p.time)) is not None:
        period_axis(ax, freq, p.time[0], p.time[-1])
    ax.set_title(f"{result.label}: {result.model}")
    if _log_model(result):
        ax.set_ylabel("back-transformed from the log scale (exp)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _interval_points(ax, rows, *, horizontal: bool, highlight) -> None:
    """One point with its interval per row; ``highlight(row)`` marks the reference one."""
    for i, r in enumerate(rows):
        colour = PALETTE["treated"] if highlight(r) else PALETTE["neutral"]
        err = [[r.estimate - r.conf_low], [r.conf_high - r.estimate]]
        if horizontal:
            ax.errorbar([r.estimate], [i], xerr=err, fmt="o", color=colour, ms=4, capsize=2)
        else:
            ax.errorbar([i], [r.estimate], yerr=err, fmt="o", color=colour, ms=4, capsize=2)


def plot_placebo(result: PlaceboResult, *, ax=None, lang: str = "en", context=None):
    """Placebo estimates with intervals by fake start; the real estimate highlighted."""
    ax = _axes(ax)
    rows = list(result.placebos) + ([result.real] if result.real is not None else [])
    _interval_points(ax, rows, horizontal=False, highlight=lambda r: r.role == "real")
    ax.axhline(0.0, color="#222222", lw=0.8)
    ax.set_xticks(range(len(rows)), [r.start for r in rows], rotation=90)
    ax.set_xlabel("start (placebo starts, then the real start)")
    ax.set_ylabel(result.quantity)
    ax.set_title(result.check.label)
    return ax


def plot_sensitivity(result: SensitivityResult, *, ax=None, lang: str = "en", context=None):
    """Forest plot: one interval per specification, the baseline highlighted."""
    rows = [r for r in result.rows if r.fitted]
    ax = _axes(ax, figsize=(6.0, 0.25 * len(rows) + 1.0))
    _interval_points(ax, rows, horizontal=True, highlight=lambda r: r.dimension == "baseline")
    ax.axvline(0.0, color="#222222", lw=0.8)
    ax.set_yticks(range(len(rows)), [f"{r.dimension}: {r.setting}" for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel(result.quantity)
    ax.set_title(result.check.label)
    return ax


def plot_power(result: MDEResult, *, ax=None, lang: str = "en", context=None):
    """Power against effect size, the target and the MDE marked."""
    ax = _axes(ax)
    f = result.to_frame().dropna(subset=["power"])
    ax.plot(f["effect"] * 100, f["power"], "o-", color=PALETTE["treated"])
    ax.axhline(result.target_power, color=PALETTE["neutral"], ls=":", lw=1)
    if math.isfinite(result.mde):
        ax.axvline(result.mde * 100, color=PALETTE["counterfactual"], ls="--", lw=1)
    ax.set_xlabel(f"planted {result.direction} (%)")
    ax.set_ylabel("power")
    ax.set_ylim(0, 1.02)
    ax.set_title(result.headline())
    return ax
