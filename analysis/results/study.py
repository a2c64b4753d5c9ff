"""``StudyResults``: everything one run of a study computed, frozen, in one object.

Built by :func:`analysis.numbers.study.run_analysis`; ``to_dict()`` is the content of
``results.json``. Per-indicator dicts hold a result or a
:class:`~analysis.core.applicability.NotApplicable` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from analysis.core.applicability import NotApplicable, applicable
from analysis.core.result import Result
from analysis.results.preferred import preferred_estimate

LANGUAGES = ("en", "zh", "both")


def _dict_or_reason(value: Any) -> Any:
    """results.json keeps a reason as its bare string (as before NotApplicable existed)."""
    return value.reason if isinstance(value, NotApplicable) else value.to_dict()


@dataclass(frozen=True, eq=False)
class StudyResults(Result):
    """A study's inputs (``study``: spec, panel, validation report) and every result.

    ``comparisons``, ``staggered``, ``regression_did``: indicator → result or NotApplicable;
    ``synth``: indicator → (SynthResult, SynthPlaceboResult); ``controlled_its``,
    ``triangulation``: indicator → result (only where the design ran).
    """

    kind: ClassVar[str] = "study_results"

    study: Any  # analysis.intake.validate.Study
    language: str
    alpha: float
    seed: int
    inputs: dict[str, Any]
    indicators: Any = None  # IndicatorTable
    trends: Any = None  # TrendModels
    comparisons: dict[str, Any] = field(default_factory=dict)
    synth: dict[str, Any] = field(default_factory=dict)
    staggered: dict[str, Any] = field(default_factory=dict)
    controlled_its: dict[str, Any] = field(default_factory=dict)
    triangulation: dict[str, Any] = field(default_factory=dict)
    claims: Any = None  # ClaimsTable
    regression_did: dict[str, Any] = field(default_factory=dict)

    # -- the study ----------------------------------------------------------
    @property
    def spec(self):
        return self.study.spec

    @property
    def panel(self):
        return self.study.panel

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages sentences are written in: ("en",), ("zh",) or ("en", "zh")."""
        return {"en": ("en",), "zh": ("zh",)}.get(self.language, ("en", "zh"))

    def label(self, iid: str, lang: str = "en") -> str:
        """An indicator's label in ``lang`` (the English one where no Chinese is given)."""
        lab = self.spec.indicators[iid].label
        return (lab.zh or lab.en) if lang == "zh" else lab.en

    def naive(self, iid: str):
        """The pilot unit(s)' before/after change of ``iid`` (None where there is none)."""
        if self.indicators is None:
            return None
        try:
            return self.indicators.get(iid, "treated")
        except KeyError:
            return None

    def effect_for(self, iid: str):
        """The result behind a claim's adjusted estimate (same preference as the claims
        table): the DiD, else the staggered estimator; None where neither ran."""
        for res in (self.comparisons.get(iid), self.staggered.get(iid)):
            if applicable(res):
                return res
        return None

    def preferred(self, iid: str):
        """The ONE preferred estimate of ``iid``'s effect (results/preferred.py), or None."""
        return preferred_estimate(self, iid)

    def designs_run(self) -> dict[str, bool]:
        """Each design the spec asks for → whether it produced a result for at least one
        indicator (the methods section describes only these, and names the others)."""
        trends = self.trends.outcomes if self.trends is not None else ()

        def trend_ran(design: str) -> bool:
            return any(o.design == design and o.effect is not None for o in trends)

        ran = {
            "descriptive": self.indicators is not None,
            "its": trend_ran("its"),
            "sts": trend_ran("sts"),
            "did": any(
                self.applicable(name)
                for name in ("comparisons", "regression_did", "synth", "controlled_its")
            ),
            "staggered": bool(self.applicable("staggered")),
        }
        return {d: ran.get(d, False) for d in self.spec.designs}

    def did_parts_run(self) -> list[str]:
        """The difference-in-differences designs that produced a result for at least one
        indicator, in report order: permutation, synth, cits, regression."""
        parts = (
            ("permutation", "comparisons"),
            ("synth", "synth"),
            ("cits", "controlled_its"),
            ("regression", "regression_did"),
        )
        return [name for name, attr in parts if self.applicable(attr)]

    def applicable(self, name: str) -> dict[str, Any]:
        """The entries of the per-indicator dict ``name`` that hold a result."""
        return {k: v for k, v in getattr(self, name).items() if applicable(v)}

    # -- sentences (narrative module) ---------------------------------------
    def headlines(self) -> list[str]:
        from analysis.narrative.study import headlines

        return headlines(self)

    def model_headlines(self) -> list[str]:
        from analysis.narrative.study import model_headlines

        return model_headlines(self)

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.study import summary_text

        return summary_text(self, lang)

    # -- contract -------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        return self.trends.to_frame() if self.trends is not None else pd.DataFrame()

    def plot(self, *, ax=None):
        raise NotImplementedError("draw one result, e.g. results.trends.plot(indicator)")

    def to_dict(self) -> dict:
        """The JSON-safe results of the run (no timestamps: same inputs, same bytes)."""
        spec = self.spec
        return {
            "study": spec.id,
            "title": spec.title.en,
            "parameters": {"alpha": self.alpha, "seed": self.seed, "language": self.language},
            "inputs": self.inputs,
            "validation": self.study.report.to_dict(),
            "headlines": self.headlines(),
            "claims": self.claims.to_dict() if self.claims is not None else None,
            "model_headlines": self.model_headlines(),
            "indicators": self.indicators.to_dict() if self.indicators else None,
            "trend_models": self.trends.to_dict() if self.trends else None,
            "comparisons": {k: _dict_or_reason(v) for k, v in self.comparisons.items()},
            "synthetic_control": {
                k: _dict_or_reason(v)
                if isinstance(v, NotApplicable)
                else {"fit": v[0].to_dict(), "placebo": v[1].to_dict()}
                for k, v in self.synth.items()
            },
            "staggered": {k: _dict_or_reason(v) for k, v in self.staggered.items()},
            "controlled_its": {k: _dict_or_reason(v) for k, v in self.controlled_its.items()},
            "triangulation": {k: v.to_dict() for k, v in self.triangulation.items()},
            "regression_did": {k: _dict_or_reason(v) for k, v in self.regression_did.items()},
        }

    def show(self, section: str = "all", lang: str | None = None) -> SectionView:
        """One report section (or all) for display: the notebook shows it as report HTML
        (rendered by analysis.report, which registers the display)."""
        return SectionView(self, section, lang or self.language)


@dataclass(frozen=True)
class SectionView:
    """A report section of a study's results, to display (``StudyResults.show``)."""

    results: StudyResults
    section: str
    lang: str
