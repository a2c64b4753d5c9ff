"""Study-level trend models: ITS and structural time series for every panel indicator.

Reads each indicator's ``trend`` options from the spec, fits what the study's
``designs`` ask for, and keeps a model that cannot be fitted as a
``not_applicable`` outcome with its reason (never a crash, never a NaN shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.data import parse_period_text
from analysis.designs.base import EffectResult
from analysis.errors import AnalysisError
from analysis.panel import Panel
from analysis.results import Result
from analysis.spec import TrendModel

COUNT_KINDS = ("count", "rate")


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

    def to_frame(self) -> pd.DataFrame:
        if self.effect is not None:
            return self.effect.to_frame()
        return pd.DataFrame([{"design": self.design, "indicator": self.indicator,
                              "status": self.status, "reason": self.reason}])

    def headline(self, lang: str = "en") -> str:
        if self.effect is not None:
            return self.effect.headline(lang)
        return f"{self.label}: {self.design.upper()} not applicable: {self.reason}"

    def plot(self, *, ax=None):
        if self.effect is None:
            raise AnalysisError(f"no model for {self.indicator}: {self.reason}")
        return self.effect.plot(ax=ax)


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

    def indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.indicator for o in self.outcomes))

    def to_frame(self) -> pd.DataFrame:
        frames = [o.to_frame() for o in self.outcomes]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def headline(self, lang: str = "en") -> str:
        return " ".join(o.headline(lang) for o in self.outcomes if o.status == "ok")

    def plot(self, indicator: str, design: str = "its", *, ax=None):
        return self.get(indicator, design).plot(ax=ax)


def _options(panel: Panel, indicator: str) -> TrendModel:
    return panel.spec.indicators[indicator].trend or TrendModel()


def _family(panel: Panel, indicator: str, opts: TrendModel) -> str:
    if opts.family != "auto":
        return opts.family
    return "quasipoisson" if panel.spec.indicators[indicator].kind in COUNT_KINDS \
        else "gaussian"


def _milestone(panel: Panel, mid: str) -> pd.Period:
    for m in panel.spec.treatment.milestones:
        if m.id == mid:
            return parse_period_text(m.date, panel.spec.pandas_freq)
    raise AnalysisError(f"unknown milestone '{mid}'")


def its_kwargs(panel: Panel, indicator: str, alpha: float, seed: int) -> dict:
    """fit_its keyword arguments from the spec's trend options for one indicator."""
    opts = _options(panel, indicator)
    family = _family(panel, indicator, opts)
    kw: dict = dict(family=family, seasonality=opts.seasonality, harmonics=opts.harmonics,
                    slope_change=opts.slope_change, phase_in=opts.phase_in,
                    horizons=tuple(opts.horizons), alpha=alpha, seed=seed)
    if family == "gaussian":
        kw["se"] = "hac" if opts.se == "auto" else opts.se
        if opts.hac_lag is not None:
            kw["hac_lag"] = opts.hac_lag
    if opts.start:
        kw["start"] = _milestone(panel, opts.start)
    if opts.milestones:
        kw["interruptions"] = tuple((m, _milestone(panel, m)) for m in opts.milestones)
    return kw


def fit_trend_models(panel: Panel, alpha: float, seed: int) -> TrendModels:
    """Fit ITS (and STS where asked) for every panel indicator of a study."""
    from analysis.designs.its import fit_its_panel

    designs = set(panel.spec.designs)
    outcomes: list[ModelOutcome] = []
    for iid, ind in panel.spec.indicators.items():
        if panel.spec.sources[ind.source].shape == "facts":
            continue
        label = ind.label.en
        opts = _options(panel, iid)
        if "its" in designs:
            try:
                eff = fit_its_panel(panel, iid, **its_kwargs(panel, iid, alpha, seed))
                outcomes.append(ModelOutcome(iid, label, "its", "ok", effect=eff))
            except AnalysisError as exc:
                outcomes.append(ModelOutcome(iid, label, "its", "not_applicable",
                                             reason=str(exc)))
        if "sts" in designs and opts.sts:
            outcomes.append(_fit_sts(panel, iid, label, alpha, seed))
    return TrendModels(tuple(outcomes))


def _fit_sts(panel: Panel, iid: str, label: str, alpha: float, seed: int) -> ModelOutcome:
    from analysis.designs.sts import fit_sts_panel

    opts = _options(panel, iid)
    kw: dict = dict(alpha=alpha, seed=seed, horizons=tuple(opts.horizons))
    if opts.start:
        kw["start"] = _milestone(panel, opts.start)
    controls = "comparison" if panel.comparison_units else None
    try:
        eff = fit_sts_panel(panel, iid, controls=controls, **kw)
        return ModelOutcome(iid, label, "sts", "ok", effect=eff)
    except AnalysisError as exc:
        return ModelOutcome(iid, label, "sts", "not_applicable", reason=str(exc))
