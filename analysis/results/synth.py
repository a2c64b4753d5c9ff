"""Results of the synthetic control (:mod:`analysis.numbers.designs.synth`): the fit,
the placebo-in-space test and the leave-one-out refits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from analysis.core.result import Result

NAN = float("nan")


@dataclass(frozen=True, eq=False)
class SynthResult(Result):
    """A synthetic-control fit: donor weights, predictor balance and the gap path.

    ``effect`` is observed − synthetic (the gap); there are no sampling intervals —
    inference is by :func:`placebo_in_space`.
    """

    kind: ClassVar[str] = "synth"

    outcome: str
    treated_unit: Any
    start: Any
    method: str  # "nested V (predictors)" | "pre-period outcomes"
    donors: tuple[Any, ...]
    weights: tuple[float, ...]
    predictor_names: tuple[str, ...]
    predictor_weights: tuple[float, ...]  # V (not identified: many V give the same W)
    predictor_treated: tuple[float, ...]
    predictor_synthetic: tuple[float, ...]
    predictor_donor_mean: tuple[float, ...]
    times: tuple[Any, ...]
    observed: tuple[float, ...]
    synthetic: tuple[float, ...]
    loss: float  # fit-period MSPE minimised by the V search
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float  # post / pre RMSPE
    avg_post_effect: float
    avg_post_relative_effect: float  # mean gap / mean synthetic over the post period
    n_starts: int = 0
    seed: int = 0
    notes: tuple[str, ...] = ()

    @property
    def effect(self) -> tuple[float, ...]:
        return tuple(o - s for o, s in zip(self.observed, self.synthetic, strict=True))

    def weight(self, donor: Any) -> float:
        return self.weights[self.donors.index(donor)]

    def gap_at(self, t: Any) -> float:
        return self.effect[self.times.index(t)]

    def to_frame(self, table: str = "weights") -> pd.DataFrame:
        """``weights`` (donor, weight; largest first), ``path`` (time, unit, observed,
        counterfactual, effect, conf_low, conf_high — NaN: no sampling interval —,
        relative_effect, post) or ``predictors``."""
        if table == "weights":
            df = pd.DataFrame({"unit": list(self.donors), "weight": list(self.weights)})
            return df.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)
        if table == "path":
            obs = np.asarray(self.observed)
            cf = np.asarray(self.synthetic)
            return pd.DataFrame(
                {
                    "time": list(self.times),
                    "unit": self.treated_unit,
                    "observed": obs,
                    "counterfactual": cf,
                    "effect": obs - cf,
                    "conf_low": NAN,
                    "conf_high": NAN,
                    "scale": "absolute",
                    "relative_effect": np.where(
                        cf != 0, (obs - cf) / np.where(cf != 0, cf, 1), NAN
                    ),
                    "post": [t >= self.start for t in self.times],
                }
            )
        if table == "predictors":
            return pd.DataFrame(
                {
                    "predictor": list(self.predictor_names),
                    "treated": list(self.predictor_treated),
                    "synthetic": list(self.predictor_synthetic),
                    "donor_mean": list(self.predictor_donor_mean),
                    "v_weight": list(self.predictor_weights),
                }
            )
        raise ValueError(f"table must be 'weights', 'path' or 'predictors', got {table!r}")

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import synth_headline

        return synth_headline(self, lang)

    def plot(self, *, ax=None, gap: bool = False, lang: str = "en", context=None):
        """Treated vs synthetic outcome (``gap=True``: the gap), start marked."""
        from analysis.pictures.designs import plot_synth

        return plot_synth(self, ax=ax, gap=gap, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class SynthPlaceboResult(Result):
    """Placebo-in-space: every unit's gap path and post/pre MSPE ratio; the treated unit's rank.

    ``p_value = rank / n_units`` (rank 1 = largest ratio; ties counted against the
    treated unit); ``min_p_value = 1 / n_units`` is the smallest attainable.
    """

    kind: ClassVar[str] = "synth_placebo_space"

    outcome: str
    treated_unit: Any
    start: Any
    units: tuple[Any, ...]  # treated unit first
    times: tuple[Any, ...]
    gaps: tuple[tuple[float, ...], ...]
    pre_mspe: tuple[float, ...]
    post_mspe: tuple[float, ...]
    mspe_ratio: tuple[float, ...]
    rank: int
    n_units: int
    p_value: float
    min_p_value: float
    n_starts: int = 0
    seed: int = 0
    notes: tuple[str, ...] = ()

    def ranking(self) -> list[Any]:
        order = np.argsort(-np.asarray(self.mspe_ratio), kind="stable")
        return [self.units[i] for i in order]

    def p_value_filtered(self, max_pre_mspe_multiple: float) -> tuple[int, int, float]:
        """(rank, units kept, p) after dropping placebos whose pre-MSPE exceeds the
        multiple of the treated unit's (ADH use 20, 5, 2). Sensitive to the optimiser."""
        pre = np.asarray(self.pre_mspe)
        keep = pre <= max_pre_mspe_multiple * pre[0]
        ratio = np.asarray(self.mspe_ratio)[keep]
        rank = int(np.sum(ratio >= ratio[0]))
        return rank, int(keep.sum()), rank / int(keep.sum())

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame(
            {
                "unit": list(self.units),
                "pre_mspe": list(self.pre_mspe),
                "post_mspe": list(self.post_mspe),
                "mspe_ratio": list(self.mspe_ratio),
                "treated": [i == 0 for i in range(len(self.units))],
            }
        )
        df["pre_rmspe"] = np.sqrt(df.pre_mspe)
        df["rank"] = df.mspe_ratio.rank(ascending=False, method="max").astype(int)
        return df.sort_values("rank", kind="stable").reset_index(drop=True)

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import synth_placebo_headline

        return synth_placebo_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Spaghetti plot of every unit's gap, the treated unit highlighted."""
        from analysis.pictures.designs import plot_synth_placebo

        return plot_synth_placebo(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class SynthLeaveOneOutResult(Result):
    """Refits dropping, one at a time, each donor with a positive weight."""

    kind: ClassVar[str] = "synth_leave_one_out"

    outcome: str
    treated_unit: Any
    start: Any
    times: tuple[Any, ...]
    full_gap: tuple[float, ...]
    dropped: tuple[Any, ...]
    gaps: tuple[tuple[float, ...], ...]
    pre_rmspe: tuple[float, ...]
    avg_post_effect: tuple[float, ...]
    full_avg_post_effect: float
    n_starts: int = 0
    seed: int = 0

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "dropped": list(self.dropped),
                "pre_rmspe": list(self.pre_rmspe),
                "avg_post_effect": list(self.avg_post_effect),
                "scale": "absolute",
            }
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.designs_text import synth_leave_one_out_headline

        return synth_leave_one_out_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        from analysis.pictures.designs import plot_synth_leave_one_out

        return plot_synth_leave_one_out(self, ax=ax, lang=lang, context=context)
