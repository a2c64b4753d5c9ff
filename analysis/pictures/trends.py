"""Figures of the study-level trend models (the effect's own figure, or an error)."""

from __future__ import annotations

from analysis.core.errors import AnalysisError
from analysis.results.trends import ModelOutcome, TrendModels


def plot_outcome(outcome: ModelOutcome, *, ax=None, lang: str = "en", context=None):
    """The figure of an outcome's effect, in ``lang``; a not-applicable outcome has none."""
    if outcome.effect is None:
        raise AnalysisError(f"no model for {outcome.indicator}: {outcome.reason}")
    return outcome.effect.plot(ax=ax, lang=lang, context=context)


def plot_trend_model(
    models: TrendModels,
    indicator: str,
    design: str = "its",
    *,
    ax=None,
    lang: str = "en",
    context=None,
):
    """The figure of one (indicator, design) outcome of a study's trend models."""
    return plot_outcome(models.get(indicator, design), ax=ax, lang=lang, context=context)
