"""Results of the study-level trend models: one outcome per (indicator, design).

``ModelOutcome`` holds an ITS or STS effect for one indicator, or the reason why
there is none (``status='not_applicable'``); ``TrendModels`` holds them all.
Sentences come from :mod:`analysis.narrative.trends_text`, figures from
:mod:`analysis.pictures.trends`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.core.vocabulary import ESTIMATE_COLUMNS
from analysis.results.effects import EffectResult


@dataclass(frozen=True, eq=False)
class ModelOutcome(Result):
    """One design for one indicator: the effect, or why there is none."""

    kind: ClassVar[str] = "model_outcome"

    indicator: str
    label: str
    design: str  # its | sts
    status: str  # ok | not_applicable
    reason: str | None = None
    effect: EffectResult | None = None
    mde: float = float("nan")  # minimum detectable relative effect (80% power)
    mde_note: str | None = None
    #: what the model's interruption is: the milestone id it starts at ("" = the pilot
    #: start) and its kind: pilot_start | event | recording_change (a change in what is
    #: recorded: sentences and figures call it that, not an effect of the pilot)
    interruption: str = ""
    interruption_kind: str = "pilot_start"
    interruption_period: str = ""  # the milestone's period ("" at the pilot start)
    interruption_label: str = ""  # the milestone's label (EN; its id when it has none)
    interruption_label_zh: str | None = None
    #: the indicator's spec kind (count, stock, proportion, share ...)
    indicator_kind: str = ""
    #: shares: what 100 percentage points are in the modelled values (1, or 100 for a
    #: share written in percent); their effects and ``mde`` are read in percentage
    #: points (``mde`` is then a shift, 0.05 = 5 points). NaN for other kinds.
    points_unit: float = float("nan")

    def to_frame(self) -> pd.DataFrame:
        """The effect's tidy frame; a not-applicable outcome is one row with its reason
        and empty estimate columns (``scale`` empty: there is no estimate)."""
        if self.effect is not None:
            return self.effect.to_frame()
        row: dict = {
            "design": self.design,
            "indicator": self.indicator,
            "status": self.status,
            "reason": self.reason,
        }
        row.update(dict.fromkeys(ESTIMATE_COLUMNS, float("nan")))
        row["scale"] = None
        return pd.DataFrame([row])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.api import narrate

        return narrate(self, lang).text

    def plot(self, *, ax=None, lang: str = "en", context=None):
        from analysis.pictures.trends import plot_outcome

        return plot_outcome(self, ax=ax, lang=lang, context=context)


@dataclass(frozen=True, eq=False)
class TrendModels(Result):
    """Every trend-model outcome of a study."""

    kind: ClassVar[str] = "trend_models"

    outcomes: tuple[ModelOutcome, ...]

    def get(self, indicator: str, design: str = "its") -> ModelOutcome:
        for o in self.outcomes:
            if o.indicator == indicator and o.design == design:
                return o
        raise KeyError(f"no {design} outcome for '{indicator}'")

    def __getitem__(self, key: str | tuple[str, str]) -> ModelOutcome:
        """``trends["fraud_incidents"]`` (the ITS outcome) or ``trends["fraud_incidents",
        "sts"]``: one indicator's model, which a notebook displays as its headline and
        coefficient table."""
        indicator, design = (key, "its") if isinstance(key, str) else key
        return self.get(indicator, design)

    def indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.indicator for o in self.outcomes))

    def to_frame(self) -> pd.DataFrame:
        frames = [o.to_frame() for o in self.outcomes]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.trends_text import trend_models_headline

        return trend_models_headline(self, lang)

    def plot(  # type: ignore[override]  # a table of models draws one of them
        self, indicator: str, design: str = "its", *, ax=None, lang: str = "en", context=None
    ):
        from analysis.pictures.trends import plot_trend_model

        return plot_trend_model(self, indicator, design, ax=ax, lang=lang, context=context)
