"""Study-level trend models: ITS and structural time series for every panel indicator.

Reads each indicator's ``trend`` options from the spec, fits what the study's
``designs`` ask for, and keeps a model that cannot be fitted as a
``not_applicable`` outcome with its reason (never a crash, never a NaN shown).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.intake.panel import Panel
from analysis.intake.spec import TrendModel
from analysis.results.checks import CheckResult
from analysis.results.effects import EffectResult
from analysis.results.trends import ModelOutcome, TrendModels

COUNT_KINDS = ("count", "rate")
#: Kinds whose per-period effects add up to a total (events, money); a stock, a share,
#: a rate or a measure summed over months is no quantity anyone can read
#: ("+45,134.9 person-months"), so their cumulative effects are left empty.
ACCUMULATING_KINDS = ("count", "amount")
#: Kinds whose effects and minimum detectable effect are in percentage points.
SHARE_KINDS = ("proportion", "share")


def _options(panel: Panel, indicator: str) -> TrendModel:
    return panel.spec.indicators[indicator].trend or TrendModel()


def _family(panel: Panel, indicator: str, opts: TrendModel) -> str:
    if opts.family != "auto":
        return opts.family
    ind = panel.spec.indicators[indicator]
    if ind.transform == "log":  # log(y) with Gaussian errors
        return "gaussian"
    counts = ind.kind in COUNT_KINDS and not ind.ready_made_rate  # given rates are not counts
    return "quasipoisson" if counts else "gaussian"


def milestone_period(panel: Panel, mid: str) -> pd.Period:
    """The period of the spec's milestone ``mid``, from the panel's typed milestones."""
    try:
        return panel.milestone_periods[mid]
    except KeyError:
        raise AnalysisError(f"unknown milestone '{mid}'") from None


def _partial_start(panel: Panel, indicator: str) -> bool:
    """The trend model starts at a ``kind: recording_change`` milestone that affects
    ``indicator``: the milestone's period is partial (the drive began during it) and is
    left out of the fit, as a one-period phase-in."""
    opts = _options(panel, indicator)
    rc = panel.spec.recording_change_for(indicator)
    return rc is not None and opts.start == rc.id


def interruption_of(panel: Panel, indicator: str) -> tuple[str, str]:
    """(milestone id, kind) of the trend model's interruption: ("", "pilot_start") at the
    pilot start, else the start milestone and its ``kind`` (event | recording_change),
    which sentences and figures name instead of "the pilot"."""
    opts = _options(panel, indicator)
    if not opts.start:
        return "", "pilot_start"
    rc = panel.spec.recording_change_for(indicator)
    kind = "recording_change" if rc is not None and rc.id == opts.start else "event"
    return opts.start, kind


def points_unit(panel: Panel, indicator: str) -> float | None:
    """What one (100 percentage points) is in the modelled values of a share: 1 for a
    proportion or a share written as a fraction, 100 for a share written in percent;
    None for every other kind (their effects and MDE are relative)."""
    ind = panel.spec.indicators[indicator]
    if ind.kind not in SHARE_KINDS or ind.log_scale:
        return None
    return 100.0 if ind.kind == "share" and ind.scale == "percent" else 1.0


def _in_context(panel: Panel, outcome: ModelOutcome) -> ModelOutcome:
    """The outcome with what its interruption is and the indicator's kind; effects of a
    kind that does not accumulate lose their cumulative sums."""
    iid = outcome.indicator
    kind = panel.spec.indicators[iid].kind
    mid, mkind = interruption_of(panel, iid)
    effect = outcome.effect
    if effect is not None and mkind != "pilot_start":  # "month 2 of the pilot" it is not
        after = (
            " after the recording change" if mkind == "recording_change" else " after the milestone"
        )
        effect = dataclasses.replace(
            effect,
            effects=tuple(
                dataclasses.replace(e, label=e.label.replace(" of the pilot", after))
                for e in effect.effects
            ),
        )
    if effect is not None and kind not in ACCUMULATING_KINDS:
        nan = float("nan")
        effect = dataclasses.replace(
            effect,
            effects=tuple(
                dataclasses.replace(
                    e, cumulative_estimate=nan, cumulative_conf_low=nan, cumulative_conf_high=nan
                )
                for e in effect.effects
            ),
        )
    milestone = next((m for m in panel.spec.treatment.milestones if m.id == mid), None)
    label = milestone.label if milestone is not None and milestone.label else None
    return dataclasses.replace(
        outcome,
        effect=effect,
        interruption=mid,
        interruption_kind=mkind,
        interruption_period=str(milestone_period(panel, mid)) if mid else "",
        interruption_label=label.en if label else mid,
        interruption_label_zh=label.zh if label else None,
        indicator_kind=kind,
        points_unit=points_unit(panel, iid) or float("nan"),
    )


def covariate_names(panel: Panel, indicator: str) -> list[str]:
    """The trend model's covariates: ``trend.covariates`` when given (an empty list means
    none), else the indicator's ``covariates``."""
    opts = _options(panel, indicator)
    if opts.covariates is not None:
        return list(opts.covariates)
    return list(panel.spec.indicators[indicator].covariates)


def _check_pulse(panel: Panel, indicator: str, opts: TrendModel, start: pd.Period) -> None:
    """A pulse longer than the post-period is refused naming the spec key."""
    if opts.pulse is None:
        return
    n_post = int((panel.periods >= start).sum())
    if opts.pulse > n_post:
        raise AnalysisError(
            f"indicators.{indicator}.trend.pulse is {opts.pulse} period(s), longer than the "
            f"post-period: the data have {n_post} period(s) from the start {start} to "
            f"{panel.periods[-1]}"
        )


def its_kwargs(panel: Panel, indicator: str, alpha: float, seed: int) -> dict:
    """fit_its keyword arguments from the spec's trend options for one indicator."""
    opts = _options(panel, indicator)
    family = _family(panel, indicator, opts)
    kw: dict = dict(
        family=family,
        seasonality=opts.seasonality,
        harmonics=opts.harmonics,
        slope_change=opts.slope_change,
        level_change=opts.level_change,
        phase_in=opts.phase_in,
        horizons=tuple(opts.horizons),
        alpha=alpha,
        seed=seed,
    )
    if family == "gaussian":
        kw["se"] = opts.se  # "auto": the estimator's documented default
        if opts.hac_lag is not None:
            kw["hac_lag"] = opts.hac_lag
    if opts.hac_small_sample:
        kw["small_sample"] = True
    if opts.start:
        kw["start"] = milestone_period(panel, opts.start)
        if _partial_start(panel, indicator):  # the drive's own month: neither before nor after
            kw["phase_in"] = max(opts.phase_in, 1)
    if opts.milestones:
        kw["interruptions"] = tuple((m, milestone_period(panel, m)) for m in opts.milestones)
    if opts.pulse is not None:
        kw["pulse"] = opts.pulse
    names = covariate_names(panel, indicator)
    if names:
        kw["covariates"] = tuple(names)
    if panel.spec.indicators[indicator].transform == "log":
        kw["log"] = True  # fit_its refuses it with a count family
    return kw


def _series(
    panel: Panel, iid: str, effect: EffectResult, kw: dict
) -> tuple[np.ndarray, pd.PeriodIndex, dict]:
    """The modelled series of an ITS fit (the path's observed values) and the exposure
    a count model used, for refits by the robustness checks."""
    periods = pd.PeriodIndex(list(effect.path.time), freq=panel.spec.pandas_freq)
    y = np.asarray(effect.path.observed, dtype=float)
    extra: dict = {}
    if kw.get("covariates"):
        from analysis.numbers.designs.its_panel import panel_covariates

        frame = panel_covariates(panel, iid, list(kw["covariates"]), list(panel.treated_units), [])
        extra["covariates"] = frame.reindex(periods) if frame is not None else None
    ind = panel.spec.indicators[iid]
    if ind.exposure and kw.get("family") in ("poisson", "quasipoisson", "negbin"):
        frame = panel.indicator_frame(iid)
        sub = frame[frame["unit"].isin(panel.treated_units)]
        extra["exposure"] = (
            sub.groupby("period")
            .sum(numeric_only=True)["exposure"]
            .reindex(periods)
            .to_numpy(float)
        )
    return y, periods, extra


def _with_robustness(
    panel: Panel, iid: str, label: str, effect: EffectResult, kw: dict, enabled: bool
) -> ModelOutcome:
    """Add placebo-in-time and sensitivity checks; the MDE when the interval includes 0."""
    if not enabled or not effect.effects:  # no interruption term: nothing to check
        return ModelOutcome(iid, label, "its", "ok", effect=effect)
    from analysis.numbers.checks.power import minimum_detectable_effect
    from analysis.numbers.checks.robustness import placebo_in_time, sensitivity

    y, periods, extra = _series(panel, iid, effect, kw)
    start = kw.get("start", panel.start)
    fit_kw = {k: v for k, v in kw.items() if k not in ("start", "horizons", "alpha", "seed")}
    fit_kw.update(extra)
    checks = list(effect.checks)
    head = effect.headline_effect()
    if head.horizon > 0:  # refits must report the horizon the headline quotes
        fit_kw["horizons"] = (head.horizon,)
    for name, run in (
        (
            "placebo",
            lambda: (
                placebo_in_time(
                    y,
                    periods,
                    start,
                    horizon=head.horizon,
                    alpha=kw["alpha"],
                    seed=kw["seed"],
                    **fit_kw,
                ).check
            ),
        ),
        (
            "sensitivity",
            lambda: (
                sensitivity(
                    y,
                    periods,
                    start,
                    horizon=head.horizon,
                    alpha=kw["alpha"],
                    seed=kw["seed"],
                    **fit_kw,
                ).check
            ),
        ),
    ):
        try:
            checks.append(run())
        except AnalysisError as exc:
            checks.append(CheckResult.not_applicable(name, name.replace("_", " "), str(exc)))
    effect = dataclasses.replace(effect, checks=tuple(checks))
    if not head.includes_zero:
        return ModelOutcome(iid, label, "its", "ok", effect=effect)
    if kw.get("log"):  # its simulation plants effects in a model of y, not of log(y)
        note = "Minimum detectable effect not computed: not available for a model of log(y)."
        return ModelOutcome(iid, label, "its", "ok", effect=effect, mde_note=note)
    ind = panel.spec.indicators[iid]
    direction = "increase" if ind.direction == "increase" else "decrease"
    try:
        mde = minimum_detectable_effect(
            y,
            periods,
            start,
            post_length=int(kw.get("pulse") or effect.n_post),  # a pulse: only its periods
            direction=direction,
            additive=points_unit(panel, iid),
            alpha=kw["alpha"],
            seed=kw["seed"],
            **fit_kw,
        )
    except AnalysisError as exc:
        return ModelOutcome(
            iid,
            label,
            "its",
            "ok",
            effect=effect,
            mde_note=f"Minimum detectable effect not computed: {exc}",
        )
    note = f"The interval includes zero. {mde.headline()}"
    return ModelOutcome(
        iid,
        label,
        "its",
        "ok",
        effect=dataclasses.replace(effect, mde=mde.mde),
        mde=mde.mde,
        mde_note=note,
    )


def fit_trend_models(panel: Panel, alpha: float, seed: int, robustness: bool = True) -> TrendModels:
    """Fit ITS (and STS where asked) for every panel indicator of a study; with
    ``robustness`` add placebo-in-time and sensitivity checks and, where the interval
    includes zero, the minimum detectable effect."""
    from analysis.numbers.designs.its import fit_its_panel

    designs = set(panel.spec.designs)
    outcomes: list[ModelOutcome] = []
    for iid, ind in panel.spec.indicators.items():
        if panel.spec.sources[ind.source].shape == "facts":
            continue
        label = ind.label.en
        opts = _options(panel, iid)
        if "its" in designs:
            kw = its_kwargs(panel, iid, alpha, seed)
            try:
                _check_pulse(panel, iid, opts, kw.get("start", panel.start))
                eff = fit_its_panel(panel, iid, **kw)
            except AnalysisError as exc:
                outcomes.append(ModelOutcome(iid, label, "its", "not_applicable", reason=str(exc)))
                continue
            outcomes.append(_with_robustness(panel, iid, label, eff, kw, robustness))
        if "sts" in designs and opts.sts:
            outcomes.append(_fit_sts(panel, iid, label, alpha, seed))
    return TrendModels(tuple(_in_context(panel, o) for o in outcomes))


def _fit_sts(panel: Panel, iid: str, label: str, alpha: float, seed: int) -> ModelOutcome:
    from analysis.numbers.designs.sts import fit_sts_panel

    opts = _options(panel, iid)
    kw: dict = dict(alpha=alpha, seed=seed, horizons=tuple(opts.horizons))
    if panel.spec.indicators[iid].transform == "log":
        kw["log"] = True  # log(y) modelled; paths back-transformed
    if opts.seasonality == "fourier" and opts.harmonics is not None:
        kw["harmonics"] = opts.harmonics
    if opts.start:
        kw["start"] = milestone_period(panel, opts.start)
    controls = "comparison" if panel.comparison_units else None
    try:
        names = covariate_names(panel, iid)
        if names:
            from analysis.numbers.designs.its_panel import panel_covariates

            frame = panel_covariates(panel, iid, names, list(panel.treated_units), [])
            kw["exog"] = frame.reset_index(drop=True) if frame is not None else None
        eff = fit_sts_panel(panel, iid, controls=controls, form=opts.sts_form, **kw)
        return ModelOutcome(iid, label, "sts", "ok", effect=eff)
    except AnalysisError as exc:
        return ModelOutcome(iid, label, "sts", "not_applicable", reason=str(exc))
