"""pilot-eval: reproducible evaluation of pilot programmes.

The public API, loaded lazily (PEP 562) so that ``import analysis`` stays light::

    import analysis as pe

    study = pe.load_study("data/dadeng/study.yml")   # spec + data, validated
    fit = pe.fit_its(series, start="2021-01")         # an EffectResult
    print(fit.headline("zh"))

Layers (ARCHITECTURE.md): ``core`` (errors, the Result base, allowed values),
``intake`` (spec, files, validation, Panel), ``results`` (result dataclasses),
``numbers`` (indicators, designs, checks, claims, the study analysis), ``narrative``
(sentences, EN and ZH), ``pictures`` (figures), ``report`` (page sections, results.json),
``face`` (CLI, pipeline), ``simulate`` (seeded generators with planted truth).
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module that defines it
_API: dict[str, str] = {
    # intake: spec and data in, every problem listed
    "load_spec": "analysis.intake.spec",
    "load_study": "analysis.intake.validate",
    "validate_study": "analysis.intake.validate",
    # numbers: the study analysis, indicators, designs, checks, claims
    "run_analysis": "analysis.numbers.study",
    "compute_indicators": "analysis.numbers.indicators",
    "fit_its": "analysis.numbers.designs.its",
    "fit_its_panel": "analysis.numbers.designs.its_panel",
    "fit_its_many": "analysis.numbers.designs.batch",
    "fit_controlled_its": "analysis.numbers.designs.controlled_its",
    "fit_sts": "analysis.numbers.designs.sts",
    "fit_sts_panel": "analysis.numbers.designs.sts",
    "did_2x2": "analysis.numbers.designs.did",
    "twfe": "analysis.numbers.designs.did",
    "wild_cluster_bootstrap": "analysis.numbers.designs.did",
    "fit_event_study": "analysis.numbers.designs.event_study",
    "att_gt": "analysis.numbers.designs.staggered",
    "aggregate": "analysis.numbers.designs.staggered",
    "bacon_decomposition": "analysis.numbers.designs.bacon",
    "fit_synth": "analysis.numbers.designs.synth",
    "placebo_in_space": "analysis.numbers.designs.synth",
    "permutation_did": "analysis.numbers.comparisons",
    "synth_for_indicator": "analysis.numbers.comparisons",
    "staggered_comparison": "analysis.numbers.comparisons",
    "placebo_in_time": "analysis.numbers.checks.robustness",
    "sensitivity": "analysis.numbers.checks.robustness",
    "minimum_detectable_effect": "analysis.numbers.checks.power",
    "parse_claim": "analysis.numbers.claims.parse",
    "judge": "analysis.numbers.claims.judge",
    "check_claims": "analysis.numbers.claims.recompute",
    # narrative: the sentence a result supports, in English or Chinese
    "narrate": "analysis.narrative.api",
    # face: a whole study, notebook to published report
    "run_study": "analysis.face.pipeline",
    # simulate: data with a planted effect
    "simulate_count_panel": "analysis.simulate.panels",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
