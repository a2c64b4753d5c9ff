"""What a figure needs to know about its study that a result object does not carry: the
indicator's label and unit in both languages, its kind (counts, rates, shares and
stocks are never below zero), the frequency, the pilot start, the adoption waves and the
spec's milestones with their labels and kinds.

:func:`figure_context` builds it from a :class:`~analysis.results.study.StudyResults`;
every figure function takes it as the keyword ``context`` (optional: without it a
figure falls back on the result's own English label and neutral words).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.narrative.figure_words import figure_lang
from analysis.narrative.vocab import label_for

__all__ = ["NON_NEGATIVE", "FigureContext", "Milestone", "figure_context"]

#: Indicator kinds whose values (and so every band drawn for them) are never below zero.
NON_NEGATIVE = frozenset({"count", "stock", "proportion", "rate", "amount", "share"})


@dataclass(frozen=True)
class Milestone:
    """A dated event of the study, named in both languages; ``kind`` is
    ``recording_change`` for a change in what is recorded (a registration drive, a new
    counting rule), else ``event``."""

    date: str
    label_en: str
    label_zh: str = ""
    kind: str = "event"

    def label(self, lang: str) -> str:
        return label_for(figure_lang(lang), self.label_en, self.label_zh or None)


@dataclass(frozen=True)
class FigureContext:
    """The study facts a figure draws (both languages; the figure picks by ``lang``)."""

    label_en: str = ""
    label_zh: str = ""
    unit_en: str = ""
    unit_zh: str = ""
    kind: str = ""
    frequency: str | None = None
    pilot_start: str | None = None
    waves: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = field(default_factory=tuple)

    def label(self, lang: str, fallback: str = "") -> str:
        """The indicator's label in ``lang`` (the English one, else ``fallback``)."""
        en = self.label_en or fallback
        return label_for(figure_lang(lang), en, self.label_zh or None) if en else ""

    def unit(self, lang: str) -> str:
        return label_for(figure_lang(lang), self.unit_en, self.unit_zh or None)

    @property
    def non_negative(self) -> bool:
        return self.kind in NON_NEGATIVE

    def milestone_at(self, period: str) -> Milestone | None:
        """The milestone dated ``period`` (None where there is none)."""
        return next((m for m in self.milestones if m.date == str(period)), None)


def _text(t) -> tuple[str, str]:
    if t is None:
        return "", ""
    return str(getattr(t, "en", "") or ""), str(getattr(t, "zh", "") or "")


def figure_context(res, iid: str | None = None) -> FigureContext:
    """The figure context of indicator ``iid`` of study results ``res`` (study-wide facts
    only when ``iid`` is None): labels and unit from the spec, milestones with their
    ``kind`` (``recording_change`` where the spec says so), the adoption waves."""
    spec = res.spec
    label_en = label_zh = unit_en = unit_zh = kind = ""
    if iid is not None and iid in spec.indicators:
        ind = spec.indicators[iid]
        label_en, label_zh = _text(ind.label)
        unit_en, unit_zh = _text(ind.unit_label)
        kind = str(ind.kind)
    treatment = spec.treatment
    milestones = []
    for m in getattr(treatment, "milestones", None) or ():
        en, zh = _text(m.label)
        milestones.append(
            Milestone(
                date=str(m.date),
                label_en=en or str(m.id),
                label_zh=zh,
                kind=str(getattr(m, "kind", None) or "event"),
            )
        )
    adoption = getattr(res.panel, "adoption", {}) or {}
    waves = tuple(sorted({str(p) for p in adoption.values() if p is not None}))
    start = getattr(treatment, "start", None) or (waves[0] if waves else None)
    return FigureContext(
        label_en=label_en,
        label_zh=label_zh,
        unit_en=unit_en,
        unit_zh=unit_zh,
        kind=kind,
        frequency=str(spec.frequency) if getattr(spec, "frequency", None) else None,
        pilot_start=str(start) if start else None,
        waves=waves,
        milestones=tuple(milestones),
    )
