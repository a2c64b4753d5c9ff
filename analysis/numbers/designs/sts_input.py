"""Input handling of the structural time-series designs: the series, its periods and
control series checked and aligned, and the model specification resolved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.results.effects import EffectPath

Level = Literal["llevel", "lltrend"]
Seasonal = Literal["auto", "none"] | int

#: Periods per year for the automatic seasonal period, by pandas frequency code.
AUTO_PERIOD = {"M": 12, "Q": 4}
#: Non-diffuse one-step-ahead errors the pre-period must leave after the diffuse
#: start (states to identify) so that variances and diagnostics mean something.
MIN_EFFECTIVE_OBS = 8
#: ``design`` and ``family`` of every structural time-series result.
STS_DESIGN = "sts"
STS_FAMILY = "state_space"


@dataclass(frozen=True)
class SeriesData:
    labels: tuple[str, ...]
    y: np.ndarray  # original scale
    z: np.ndarray  # model scale (log(y) when log)
    exog: pd.DataFrame | None
    i0: int  # index of the first post period
    freq: str | None


def period_labels(periods: Any, n: int) -> tuple[tuple[str, ...], str | None]:
    if isinstance(periods, str) or periods is None:
        raise AnalysisError("periods must be a sequence of period labels, one per value of y")
    labels = tuple(str(p) for p in periods)
    if len(labels) != n:
        raise AnalysisError(
            f"periods has {len(labels)} labels but y has {n} values; give one period per value"
        )
    if len(set(labels)) != n:
        dup = sorted({p for p in labels if labels.count(p) > 1})
        raise AnalysisError(f"periods repeat: {', '.join(dup[:5])}; each period must appear once")
    return labels, _infer_freq(periods, labels)


_FREQ_PATTERNS = (
    ("M", re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")),
    ("Q", re.compile(r"^\d{4}-?Q[1-4]$")),
    ("Y", re.compile(r"^\d{4}$")),
)


def _infer_freq(periods: Any, labels: tuple[str, ...]) -> str | None:
    """'M', 'Q', 'Y' or None, from a PeriodIndex / Periods or from period text."""
    freq = getattr(periods, "freqstr", None)
    if freq is None and labels and isinstance(next(iter(periods)), pd.Period):
        freq = next(iter(periods)).freqstr
    if freq:
        return str(freq).split("-")[0][:1]
    for code, pattern in _FREQ_PATTERNS:
        if all(pattern.match(t) for t in labels):
            return code
    return None


def exog_frame(
    exog: Any, n: int, y_index: pd.Index | None, labels: tuple[str, ...]
) -> pd.DataFrame | None:
    """Exog as a float frame positionally aligned with y; misalignment is an error."""
    if exog is None:
        return None
    if isinstance(exog, pd.Series):
        exog = exog.to_frame(name=exog.name if exog.name is not None else "x1")
    if not isinstance(exog, pd.DataFrame):
        arr = np.asarray(exog, dtype=float)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise AnalysisError("exog must be a DataFrame (one column per control series)")
        exog = pd.DataFrame(arr, columns=[f"x{i + 1}" for i in range(arr.shape[1])])
    if exog.shape[1] == 0:
        return None
    if len(exog) != n:
        raise AnalysisError(
            f"exog has {len(exog)} rows but y has {n} periods; "
            "control series must cover every period of y, pre and post"
        )
    idx = exog.index
    positional = isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1
    if not positional:
        same_as_y = y_index is not None and len(y_index) == n and idx.equals(y_index)
        as_text = tuple(str(v) for v in idx)
        if not same_as_y and as_text != labels:
            bad = next(i for i, (a, b) in enumerate(zip(as_text, labels, strict=True)) if a != b)
            raise AnalysisError(
                f"exog is not aligned with y: row {bad + 1} is labelled '{as_text[bad]}' "
                f"where y has period '{labels[bad]}'; index exog by the same periods (or "
                "use a default 0..n-1 index for positional alignment)"
            )
    names = [str(c) for c in exog.columns]
    if len(set(names)) != len(names):
        raise AnalysisError(f"exog column names repeat: {names}")
    out = {}
    for c, name in zip(exog.columns, names, strict=True):
        col = pd.to_numeric(exog[c], errors="coerce").to_numpy(dtype=float)
        text_bad = exog[c].notna().to_numpy() & np.isnan(col)
        if text_bad.any():
            rows = [labels[i] for i in np.flatnonzero(text_bad)[:5]]
            raise AnalysisError(f"exog column '{name}' is not numeric at {', '.join(rows)}")
        missing = ~np.isfinite(col)
        if missing.any():
            rows = [labels[i] for i in np.flatnonzero(missing)[:5]]
            more = f" and {missing.sum() - 5} more" if missing.sum() > 5 else ""
            raise AnalysisError(
                f"exog column '{name}' has missing or infinite values at "
                f"{', '.join(rows)}{more}; control series must be complete"
            )
        out[name] = col
    return pd.DataFrame(out)


def prepare_series(y: Any, periods: Any, start: Any, exog: Any, log: bool) -> SeriesData:
    y_index = y.index if isinstance(y, pd.Series) else None
    try:
        values = np.asarray(pd.to_numeric(pd.Series(np.asarray(y)), errors="coerce"), dtype=float)
    except (TypeError, ValueError):
        raise AnalysisError("y must be a numeric series") from None
    if values.ndim != 1:
        raise AnalysisError("y must be one series (1-dimensional)")
    n = len(values)
    labels, freq = period_labels(periods, n)
    missing = ~np.isfinite(values)
    if missing.any():
        rows = [labels[i] for i in np.flatnonzero(missing)[:5]]
        more = f" and {missing.sum() - 5} more" if missing.sum() > 5 else ""
        raise AnalysisError(
            f"y has missing values at {', '.join(rows)}{more}; the structural "
            "model here needs a complete series (fill or shorten it first)"
        )
    start_text = str(start)
    if start_text not in labels:
        raise AnalysisError(
            f"start '{start_text}' is not among the periods ({labels[0]} to {labels[-1]})"
        )
    i0 = labels.index(start_text)
    if i0 == 0:
        raise AnalysisError(
            f"start '{start_text}' is the first period: there is no "
            "pre-period to learn the counterfactual from"
        )
    if log:
        nonpos = values <= 0
        if nonpos.any():
            rows = [labels[i] for i in np.flatnonzero(nonpos)[:5]]
            raise AnalysisError(
                f"log=True needs positive values; y is {values[nonpos][0]:g} "
                f"at {', '.join(rows)} (use log=False, or add a stated offset)"
            )
        z = np.log(values)
    else:
        z = values.copy()
    if np.ptp(z[:i0]) == 0:
        raise AnalysisError(
            f"y is constant over the pre-period ({labels[0]} to "
            f"{labels[i0 - 1]}, value {values[0]:g}): there is nothing to model"
        )
    ex = exog_frame(exog, n, y_index, labels)
    return SeriesData(labels, values, z, ex, i0, freq)


@dataclass(frozen=True)
class ModelSpec:
    level: str
    period: int | None
    harmonics: int | None
    exog_names: tuple[str, ...]
    log: bool

    @property
    def n_diffuse(self) -> int:
        """States the exact diffuse start must identify (the Nyquist sine state of a full
        trigonometric seasonal is never observed and does not count)."""
        k = 1 + (self.level == "lltrend")
        if self.period:
            h = self.harmonics or 0
            k += 2 * h - (2 * h == self.period)
        return k + len(self.exog_names)

    @property
    def n_variances(self) -> int:
        return 2 + (self.level == "lltrend") + (self.period is not None)

    def describe(self) -> str:
        parts = ["local level" if self.level == "llevel" else "local linear trend"]
        if self.period:
            parts.append(f"trigonometric seasonal ({self.period}, {self.harmonics} harmonics)")
        k = len(self.exog_names)
        if k:
            parts.append(f"{k} regressor{'s' if k > 1 else ''} ({', '.join(self.exog_names)})")
        return " + ".join(parts)

    def seasonality(self) -> str:
        if not self.period:
            return "none"
        return (
            f"trigonometric, period {self.period}, {self.harmonics} harmonics, "
            "stochastic (one common variance)"
        )


def resolve_spec(
    level: str,
    seasonal: Seasonal,
    harmonics: int | None,
    freq: str | None,
    n_fit: int,
    exog_names: tuple[str, ...],
    log: bool,
    notes: list[str],
) -> ModelSpec:
    if level not in ("llevel", "lltrend"):
        raise AnalysisError(
            f"level must be 'llevel' (local level) or 'lltrend' (local linear trend), not {level!r}"
        )
    period: int | None
    if seasonal == "none" or seasonal is None:
        period = None
    elif seasonal == "auto":
        period = AUTO_PERIOD.get(freq or "")
        if period is not None and n_fit < 2 * period:
            notes.append(
                f"Seasonality 'auto' left out: {n_fit} periods to fit are fewer than "
                f"two full cycles of {period}."
            )
            period = None
    elif isinstance(seasonal, int | np.integer) and not isinstance(seasonal, bool):
        period = int(seasonal)
        if period < 2:
            raise AnalysisError(f"seasonal period must be at least 2, not {period}")
        if n_fit < 2 * period:
            raise AnalysisError(
                f"too short for a seasonal period of {period}: {n_fit} periods "
                f"to fit, at least {2 * period} (two full cycles) needed; use "
                "seasonal='none' or a longer pre-period"
            )
    else:
        raise AnalysisError(f"seasonal must be 'auto', 'none' or a period (int), not {seasonal!r}")
    h = None
    if period:
        h = period // 2 if harmonics is None else int(harmonics)
        if not 1 <= h <= period // 2:
            raise AnalysisError(
                f"harmonics must be between 1 and {period // 2} for period "
                f"{period}, not {harmonics}"
            )
    elif harmonics is not None and seasonal not in ("auto",):
        raise AnalysisError("harmonics given without a seasonal period")
    spec = ModelSpec(level, period, h, exog_names, log)
    need = spec.n_diffuse + max(MIN_EFFECTIVE_OBS, spec.n_variances + 2)
    if n_fit < need:
        raise AnalysisError(
            f"too short: {n_fit} periods to fit, but {spec.describe()} has {spec.n_diffuse} "
            f"initial states to identify and needs at least {need} periods; use fewer "
            "harmonics, seasonal='none', fewer control series or a longer series"
        )
    return spec


def post_horizons(horizons: Sequence[int], n_post: int, notes: list[str]) -> list[int]:
    out = []
    for h in horizons:
        h = int(h)
        if h < 1:
            raise AnalysisError(f"horizons count post-periods from 1; got {h}")
        if h > n_post:
            notes.append(f"Horizon {h} is beyond the {n_post} post-periods; not reported.")
            continue
        if h not in out:
            out.append(h)
    return sorted(out)


def check_alpha(alpha: float) -> None:
    if not 0 < alpha < 0.5:
        raise AnalysisError(f"alpha must be between 0 and 0.5, not {alpha}")


def series_path(
    d: SeriesData,
    *,
    fitted: np.ndarray,
    cf: np.ndarray,
    conf: tuple[np.ndarray, np.ndarray],
    pred: tuple[np.ndarray, np.ndarray],
    unit: str,
) -> EffectPath:
    """The effect path over every period: observed, fitted and counterfactual series with
    the counterfactual's confidence and prediction bands; the effect is observed −
    counterfactual, its band observed − the prediction band."""
    obs = d.y
    n = len(obs)
    return EffectPath(
        time=d.labels,
        observed=tuple(map(float, obs)),
        fitted=tuple(map(float, fitted)),
        counterfactual=tuple(map(float, cf)),
        cf_conf_low=tuple(map(float, conf[0])),
        cf_conf_high=tuple(map(float, conf[1])),
        cf_pred_low=tuple(map(float, pred[0])),
        cf_pred_high=tuple(map(float, pred[1])),
        effect=tuple(map(float, obs - cf)),
        effect_conf_low=tuple(map(float, obs - pred[1])),
        effect_conf_high=tuple(map(float, obs - pred[0])),
        post=tuple(i >= d.i0 for i in range(n)),
        unit=unit,
    )
