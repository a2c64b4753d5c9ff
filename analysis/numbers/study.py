"""One analysis of a study: every estimate the report shows, computed once.

:func:`run_analysis` takes a loaded, validated study and returns a frozen
:class:`~analysis.results.study.StudyResults`; the report sections only read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from analysis.core.applicability import NotApplicable, applicable
from analysis.core.errors import AnalysisError
from analysis.intake.applicability import counts
from analysis.intake.checksums import input_checksums
from analysis.intake.validate import Study
from analysis.numbers.checks.falsification import falsification
from analysis.numbers.claims.recompute import check_claims
from analysis.numbers.comparisons import (
    REGRESSION_DID,
    controlled_its_for_indicator,
    permutation_did,
    staggered_comparison,
    synth_for_indicator,
    triangulate,
)
from analysis.numbers.indicators import compute_indicators
from analysis.numbers.regression_did import regression_did_for_indicator
from analysis.numbers.trends import fit_trend_models
from analysis.results.study import LANGUAGES, StudyResults


def run_analysis(
    study: Study, *, alpha: float = 0.0, seed: int = -1, language: str = ""
) -> StudyResults:
    """Compute every result of ``study``: indicators, trend models, comparison designs
    (DiD, synthetic control, controlled ITS and their triangulation), staggered
    estimators, the negative-control falsification check and the claims check.
    ``alpha=0``, ``seed=-1``, ``language=""`` take the
    spec's ``report`` options."""
    if language and language not in LANGUAGES:
        raise AnalysisError(f"parameter language={language!r} is not one of {', '.join(LANGUAGES)}")
    if not 0 <= alpha < 0.5:
        raise AnalysisError(f"parameter alpha={alpha!r} must be in (0, 0.5), or 0 for the spec's")
    spec, panel = study.spec, study.panel
    opts = spec.report
    alpha = alpha if alpha > 0 else opts.alpha
    seed = seed if seed >= 0 else opts.seed
    designs = set(spec.designs)

    indicators = compute_indicators(panel, alpha=alpha)
    trends = fit_trend_models(panel, alpha=alpha, seed=seed) if {"its", "sts"} & designs else None
    comparisons: dict[str, Any] = {}
    regression: dict[str, Any] = {}
    synth: dict[str, Any] = {}
    cits: dict[str, Any] = {}
    staggered: dict[str, Any] = {}
    if "did" in designs:
        comparisons = _per_indicator(study, lambda p, i: permutation_did(p, i, alpha))
        regression = _per_indicator(
            study, lambda p, i: regression_did_for_indicator(p, i, alpha, seed=seed)
        )
        paths = {i for i, ind in spec.indicators.items() if ind.kind in ("count", "rate")}
        event_counts = {i for i in paths if counts(spec.indicators[i])}
        synth = _per_indicator(
            study,
            _only(
                paths,
                "it matches count and rate paths",
                lambda p, i: synth_for_indicator(p, i, seed=seed),
            ),
        )
        cits = _per_indicator(
            study,
            _only(
                event_counts,
                "it compares event counts",
                lambda p, i: controlled_its_for_indicator(p, i, alpha),
            ),
        )
    if "staggered" in designs:
        staggered = _per_indicator(study, lambda p, i: staggered_comparison(p, i, alpha, seed=seed))
    triangulation = {
        iid: triangulate(
            iid,
            spec.indicators[iid].label.en,
            naive=_naive(indicators, iid),
            did=_or_none(comparisons.get(iid)),
            trends=trends,
            synth=_or_none(synth.get(iid)),
            cits=_or_none(cits.get(iid)),
            regression=_or_none(regression.get(iid)),
            not_applicable={
                name: res.reason
                for name, res in (
                    ("difference-in-differences", comparisons.get(iid)),
                    (REGRESSION_DID, regression.get(iid)),
                    ("synthetic control", synth.get(iid)),
                    ("controlled interrupted time series", cits.get(iid)),
                )
                if isinstance(res, NotApplicable)
            },
        )
        for iid in spec.indicators
        if applicable(comparisons.get(iid)) or applicable(regression.get(iid))
    }
    res = StudyResults(
        study=study,
        language=language or opts.language,
        alpha=alpha,
        seed=seed,
        inputs=input_checksums(spec),
        indicators=indicators,
        trends=trends,
        comparisons=comparisons,
        synth={k: v for k, v in synth.items() if applicable(v)},
        staggered=staggered,
        controlled_its={k: v for k, v in cits.items() if applicable(v)},
        regression_did=regression,
        triangulation=triangulation,
        falsification=falsification(spec, indicators, trends, triangulation),
    )
    # the claims read the one preferred estimate per indicator (results/preferred.py),
    # the same number the brief and the index show
    return replace(res, claims=check_claims(spec, panel, indicators, res.preferred))


def _or_none(value):
    return value if applicable(value) else None


def _naive(indicators, iid: str):
    try:
        return indicators.get(iid, "treated")
    except KeyError:
        return None


def _only(ids: set[str], why: str, fit: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """``fit`` for the indicators in ``ids``; for the others a stated reason (the rule
    validate states: every design asked for runs or says why not)."""

    def run(panel: Any, iid: str) -> Any:
        if iid not in ids:
            ind = panel.spec.indicators[iid]
            what = "ready-made rate" if ind.ready_made_rate else ind.kind
            raise AnalysisError(f"not run for a {what}: {why}")
        return fit(panel, iid)

    return run


def _per_indicator(study: Study, fit: Callable[[Any, str], Any]) -> dict[str, Any]:
    """``fit(panel, indicator)`` for each panel indicator; where it raises AnalysisError
    the reason is kept as :class:`NotApplicable`."""
    spec = study.spec
    out: dict[str, Any] = {}
    for iid, ind in spec.indicators.items():
        if spec.sources[ind.source].shape == "facts":
            continue
        try:
            out[iid] = fit(study.panel, iid)
        except AnalysisError as exc:
            out[iid] = NotApplicable(str(exc))
    return out
