"""Which of the designs a study asks for can run for which indicator, decided before any
kernel starts: every design in ``designs`` either runs for an indicator or ``validate``
names the indicator, the design and the reason (deliverable "nothing silently dropped").

The rules are in one function, :func:`design_issues`; its docstring is the list.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import Issue
from analysis.intake.cells import Collector
from analysis.intake.spec import Indicator, StudySpec, TrendModel

#: Comparison units the permutation DiD needs (below, its smallest p-value exceeds 0.17).
PERMUTATION_MIN_COMPARISON = 5


def counts(ind: Indicator) -> bool:
    """Event counts (``count``, or ``rate`` as a count over ``exposure``): what the
    permutation DiD and the controlled ITS of counts compare."""
    return ind.kind == "count" or (ind.kind == "rate" and not ind.ready_made_rate)


def design_issues(
    spec: StudySpec,
    adoption: dict[str, pd.Period | None],
    comparison: list[str],
    grid: pd.PeriodIndex,
    line_of=None,
    spec_file: str | None = None,
) -> list[Issue]:
    """One issue per (indicator, design) of ``spec.designs`` that cannot run, or runs on
    too little data. The rules (update them here when a design learns a new case):

    * any design but ``descriptive`` on indicators from ``facts`` sources: does not run
      (a single administrative figure has no series) — one info listing them;
    * ``did`` on an indicator that is not a count (``stock``, ``amount``, ``proportion``,
      ``measure``, ``share``, a ready-made ``rate``): the permutation DiD and the
      controlled ITS compare event counts and do not run; the regression DiD does — info;
    * ``did`` with fewer than :data:`PERMUTATION_MIN_COMPARISON` comparison units: the
      permutation DiD does not run — warning; with no comparison unit nothing of ``did``
      runs — warning;
    * ``did`` with other than exactly one treated unit: the synthetic control does not
      run — info; with one treated unit and no more pre-periods than donors, the weights
      can match any pre-period path (a pre-period fit near 0 then means nothing) —
      warning;
    * ``its`` when the treated units adopt at different periods: the single-series ITS
      pools them and needs one start, so it does not run for an indicator without its
      own ``trend.start`` — warning; ``sts`` and ``did`` then use the earliest start for
      every treated unit — warning;
    * ``staggered`` without ``treatment.adoption``: there is no roll-out in waves, so
      nothing of it runs — warning; with no never-treated unit the never-treated
      comparison of Callaway–Sant'Anna cannot be formed — warning.
    """
    designs = set(spec.designs)
    out = Collector(spec_file or str(spec.spec_file), line_of)
    treated = [u for u, p in adoption.items() if p is not None]
    start = min((p for p in adoption.values() if p is not None), default=None)
    n_pre = int((grid < start).sum()) if start is not None and len(grid) else 0
    panel_ids = [
        i for i, ind in spec.indicators.items() if spec.sources[ind.source].shape != "facts"
    ]
    facts_ids = [i for i in spec.indicators if i not in panel_ids]
    asked = [d for d in spec.designs if d != "descriptive"]
    if facts_ids and asked:
        out.spec(
            "info",
            "design.facts_indicator",
            f"design(s) {', '.join(asked)} do not run for the {len(facts_ids)} indicator(s) "
            f"from facts sources, single figures without a series ({', '.join(facts_ids)}); "
            "their levels are reported",
            f"indicators.{facts_ids[0]}",
        )
    waves = sorted({p for p in adoption.values() if p is not None})
    if len(waves) > 1 and panel_ids:
        _waves(spec, designs, panel_ids, waves, out)
    if "did" in designs and panel_ids:
        _did(spec, panel_ids, treated, comparison, n_pre, out)
    if "staggered" in designs and panel_ids:
        _staggered(spec, panel_ids, adoption, treated, out)
    return out.issues


def _waves(
    spec: StudySpec, designs: set, panel_ids: list[str], waves: list, out: Collector
) -> None:
    """The rules of :func:`design_issues` for a roll-out in waves."""
    shown = ", ".join(str(p) for p in waves[:6]) + (" ..." if len(waves) > 6 else "")
    when = f"the treated units adopt at {len(waves)} different periods ({shown})"
    hint = "use design staggered for a roll-out in waves"
    own_start = [i for i in panel_ids if (spec.indicators[i].trend or TrendModel()).start]
    no_start = [i for i in panel_ids if i not in own_start]
    if "its" in designs and no_start:
        out.spec(
            "warning",
            "design.its_staggered",
            f"design its: {when}; the single-series ITS needs one start and does not run "
            f"for indicator(s) {', '.join(no_start)} (set trend.start to a milestone)",
            "designs",
            hint=hint,
        )
    for design in ("sts", "did"):
        if design in designs:
            out.spec(
                "warning",
                f"design.{design}_staggered",
                f"design {design}: {when}; it uses the earliest start, {waves[0]}, for "
                f"every treated unit (indicator(s) {', '.join(panel_ids)})",
                "designs",
                hint=hint,
            )


def _did(
    spec: StudySpec,
    panel_ids: list[str],
    treated: list[str],
    comparison: list[str],
    n_pre: int,
    out: Collector,
) -> None:
    """The ``did`` rules of :func:`design_issues`."""
    for iid in panel_ids:
        ind = spec.indicators[iid]
        if not counts(ind):
            what = "ready-made rate" if ind.ready_made_rate else ind.kind
            out.spec(
                "info",
                "design.did_not_counts",
                f"design did, indicator '{iid}' ({what}): the permutation DiD and the "
                "controlled ITS compare event counts and do not run for it; the regression "
                "DiD does",
                f"indicators.{iid}",
            )
    listed = ", ".join(panel_ids)
    if not comparison:
        out.spec(
            "warning",
            "design.did_no_comparison",
            "design did: no comparison units, so no difference-in-differences runs for "
            f"indicator(s) {listed}",
            "designs",
        )
    elif len(comparison) < PERMUTATION_MIN_COMPARISON:
        out.spec(
            "warning",
            "design.did_few_comparison",
            f"design did: {len(comparison)} comparison unit(s); the permutation DiD needs "
            f"at least {PERMUTATION_MIN_COMPARISON} (its smallest p-value would be "
            f"1/{len(comparison) + 1}) and does not run for indicator(s) {listed}",
            "designs",
        )
    if len(treated) != 1:
        out.spec(
            "info",
            "design.synth_not_one_treated",
            f"design did: synthetic control needs exactly one treated unit "
            f"({len(treated)} treated); it does not run for indicator(s) {listed}",
            "designs",
        )
    elif comparison and n_pre <= len(comparison):
        out.spec(
            "warning",
            "design.synth_few_pre_periods",
            f"design did: synthetic control on {n_pre} pre-period(s) with "
            f"{len(comparison)} donor units: the weights can match almost any pre-period "
            f"path, so a close pre-period fit says little (indicator(s) {listed})",
            "designs",
            hint="more pre-periods than donors, or fewer donors (comparison.units)",
        )


def _staggered(
    spec: StudySpec,
    panel_ids: list[str],
    adoption: dict[str, pd.Period | None],
    treated: list[str],
    out: Collector,
) -> None:
    """The ``staggered`` rules of :func:`design_issues`."""
    listed = ", ".join(panel_ids)
    if spec.treatment.adoption is None:
        out.spec(
            "warning",
            "design.staggered_no_adoption",
            "design staggered needs treatment.adoption (a column of adoption dates per "
            "unit); with one start date there is no roll-out in waves, so it does not run "
            f"for indicator(s) {listed}",
            "designs",
            hint="set treatment.adoption, or use design did for a single start",
        )
    elif treated and not [u for u, p in adoption.items() if p is None]:
        out.spec(
            "warning",
            "design.staggered_no_never_treated",
            "design staggered: every unit adopts, so the never-treated comparison of "
            f"Callaway–Sant'Anna cannot be formed (indicator(s) {listed})",
            "designs",
        )
