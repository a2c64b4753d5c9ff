"""Sentences of the study-level trend models (ITS and STS outcomes), EN and ZH."""

from __future__ import annotations

from analysis.narrative.api import narrate
from analysis.results.trends import TrendModels


def trend_models_headline(models: TrendModels, lang: str = "en") -> str:
    """One sentence per fitted outcome (not-applicable outcomes left out), joined; when
    none was fitted, the not-applicable sentences instead (never an empty headline)."""
    fitted = [o for o in models.outcomes if o.status == "ok"]
    return " ".join(narrate(o, lang).text for o in fitted or models.outcomes)
