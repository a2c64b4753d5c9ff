"""The validated study data: tidy unit x period frames plus facts, and the treatment map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.intake.files import parse_period_text
from analysis.intake.microdata import group_means
from analysis.intake.spec import StudySpec
from analysis.intake.windows import WindowPair, resolve_windows


@dataclass(frozen=True)
class Panel:
    """Data for one study after validation.

    ``frames`` maps a source id to a frame indexed by (unit, period) holding
    numeric columns (events sources hold one count column per indicator);
    ``facts`` maps a facts source id to its item -> value series; ``micro`` a microdata
    source id to its record-level frame. ``adoption``
    maps every unit to its first treated period, or None if never treated.
    """

    spec: StudySpec
    periods: pd.PeriodIndex
    units: tuple[str, ...]
    frames: Mapping[str, pd.DataFrame]
    facts: Mapping[str, pd.Series] = field(default_factory=dict)
    adoption: Mapping[str, pd.Period | None] = field(default_factory=dict)
    #: microdata source id -> one row per record: ``unit`` (the group), ``period``, the
    #: numeric columns its indicators read, cluster columns as text (file order within a
    #: group and period)
    micro: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    #: unit id -> its Chinese name (a source's ``unit_zh`` column); units without one
    #: are shown by their id
    unit_zh: Mapping[str, str] = field(default_factory=dict)

    def unit_label(self, unit: str, lang: str = "en") -> str:
        """How a page names ``unit``: its Chinese name on a Chinese page where the data
        give one, else its id."""
        return self.unit_zh.get(unit, unit) if lang == "zh" else unit

    @property
    def treated_units(self) -> tuple[str, ...]:
        return tuple(u for u in self.units if self.adoption.get(u) is not None)

    @property
    def comparison_units(self) -> tuple[str, ...]:
        comp = self.spec.comparison
        if comp.units == "all_untreated":
            pool = [u for u in self.units if self.adoption.get(u) is None]
        else:
            pool = [u for u in comp.units if u in self.units]
        return tuple(u for u in pool if u not in set(comp.exclude))

    @property
    def start(self) -> pd.Period | None:
        """The single pilot start (earliest adoption for staggered designs)."""
        starts = [p for p in self.adoption.values() if p is not None]
        return min(starts) if starts else None

    @cached_property
    def windows(self) -> dict[str, WindowPair]:
        """Each indicator's before/after windows as Periods (indicators with windows only)."""
        spec = self.spec
        out = {}
        for name in spec.indicators:
            windows = spec.windows_for(name)
            if windows is not None:
                out[name] = resolve_windows(windows, spec.pandas_freq, self.start)
        return out

    @cached_property
    def milestone_periods(self) -> dict[str, pd.Period]:
        """Each treatment milestone's date as a Period, by milestone id (spec order)."""
        freq = self.spec.pandas_freq
        return {m.id: parse_period_text(m.date, freq) for m in self.spec.treatment.milestones}

    def milestones(self) -> list[tuple[str, pd.Period, str]]:
        """(id, period, English label) per milestone, in spec order."""
        return [
            (m.id, self.milestone_periods[m.id], m.label.en if m.label else m.id)
            for m in self.spec.treatment.milestones
        ]

    def indicator_frame(self, indicator: str) -> pd.DataFrame:
        """Tidy frame for one panel/events indicator.

        Columns: ``unit, period, value`` and, by kind, ``denominator``
        (proportion) or ``exposure`` (rate, or count with exposure). For a microdata
        indicator, one row per (unit, period) with ``value`` = the mean of its records
        (weighted by the indicator's ``weight`` when given), ``n`` = the number of records
        and, with a weight, ``weight`` = the sum of the weights.
        """
        ind = self.spec.indicators.get(indicator)
        if ind is None:
            raise AnalysisError(
                f"unknown indicator '{indicator}'; defined: {', '.join(self.spec.indicators)}"
            )
        if ind.source in self.facts:
            raise AnalysisError(f"indicator '{indicator}' comes from facts, not a panel")
        if ind.source in self.micro:
            return group_means(self.rows(indicator))
        frame = self.frames[ind.source]
        out = pd.DataFrame(index=frame.index)
        if ind.kind == "proportion":
            out["value"] = frame[ind.numerator]
            out["denominator"] = frame[ind.denominator]
        elif self.spec.sources[ind.source].shape == "events":
            out["value"] = frame[indicator]
        else:
            out["value"] = frame[ind.column]
        if ind.exposure:
            out["exposure"] = frame[ind.exposure]
        return out.reset_index()

    def rows(self, indicator: str) -> pd.DataFrame:
        """Row-level frame for the regression designs: ``unit, period, value`` plus, when
        the spec gives them, ``weight``, ``cluster`` and one column per covariate (named as
        in the source). For panel and events sources a row is a unit-period (the same rows
        as :meth:`indicator_frame`); for microdata sources a row is one record.
        """
        ind = self.spec.indicators.get(indicator)
        if ind is None:
            raise AnalysisError(
                f"unknown indicator '{indicator}'; defined: {', '.join(self.spec.indicators)}"
            )
        if ind.source in self.micro:
            frame = self.micro[ind.source]
            out = frame[["unit", "period"]].copy()
            out["value"] = frame[ind.column].to_numpy()
        else:
            out = self.indicator_frame(indicator)
            frame = self.frames[ind.source].reset_index()
        extra = list(ind.covariates)
        if ind.weight:
            out["weight"] = frame[ind.weight].to_numpy()
        cluster = ind.did.cluster if ind.did is not None else None
        src = self.spec.sources[ind.source]
        if not cluster or cluster == src.unit_column:
            out["cluster"] = out["unit"]
        elif cluster == src.period_column:
            out["cluster"] = out["period"].astype(str)
        else:
            out["cluster"] = frame[cluster].to_numpy()
        for col in extra:
            out[col] = frame[col].to_numpy()
        return out

    def fact(self, source: str, item: str) -> float:
        try:
            return float(self.facts[source][item])
        except KeyError:
            raise AnalysisError(f"no fact '{item}' in source '{source}'") from None

    def summary_frame(self) -> pd.DataFrame:
        """One row per source: shape, units, periods covered, rows."""
        rows = []
        for sid, src in self.spec.sources.items():
            if sid in self.facts:
                rows.append(
                    {
                        "source": sid,
                        "file": src.file,
                        "shape": src.shape,
                        "units": None,
                        "first": None,
                        "last": None,
                        "rows": len(self.facts[sid]),
                    }
                )
                continue
            if sid in self.micro:
                fr = self.micro[sid].set_index(["unit", "period"])
            else:
                fr = self.frames[sid]
            per = fr.index.get_level_values("period")
            rows.append(
                {
                    "source": sid,
                    "file": src.file,
                    "shape": src.shape,
                    "units": fr.index.get_level_values("unit").nunique(),
                    "first": str(per.min()),
                    "last": str(per.max()),
                    "rows": len(fr),
                }
            )
        return pd.DataFrame(rows)
