"""Comparison-unit inference for few treated units, and the triangulation table.

With one or two treated units neither cluster-robust SEs nor the wild cluster
bootstrap are reliable (MacKinnon & Webb), so the difference-in-differences of
a count indicator is judged against placebos: every comparison unit in turn
plays the treated unit (placebo-in-space, in the spirit of Conley & Taber).
The statistic is studentized by its Poisson standard error so that small and
large units can be ranked together. With N comparison units the smallest
attainable p-value is 1/(N+1); the report states it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.intake.applicability import counts
from analysis.intake.panel import Panel
from analysis.numbers.checks.agreement import agreement, intervals_disagree
from analysis.numbers.checks.pretrend import sup_t_pretrend
from analysis.results.comparisons import PermutationDiD, Triangulation, TriangulationRow
from analysis.results.controlled_its import ControlledITSResult
from analysis.results.did import RegressionDiD
from analysis.results.staggered import StaggeredComparison

NAN = float("nan")


def _totals(panel: Panel, indicator: str, units, start, end) -> pd.Series:
    frame = panel.indicator_frame(indicator)
    sel = frame[frame["unit"].isin(units) & (frame["period"] >= start) & (frame["period"] <= end)]
    return sel.groupby("unit")["value"].sum().reindex(list(units))


def permutation_test(
    pre: np.ndarray, post: np.ndarray, treated: np.ndarray, alpha: float = 0.05
) -> dict:
    """Placebo-in-space test of a 2×2 Poisson DiD on window totals (pure numpy).

    ``pre``/``post`` hold each unit's total in the before/after window; ``treated``
    marks the treated units. Each comparison unit in turn is the placebo pilot
    against the other comparison units (the real treated units left out). The
    statistic is the log ratio of rate ratios over its Poisson standard error.
    """
    pre = np.asarray(pre, float)
    post = np.asarray(post, float)
    treated = np.asarray(treated, bool)
    comp = np.flatnonzero(~treated)

    def stat(tr: np.ndarray, co: np.ndarray) -> tuple[float, float]:
        a, b, c, d = post[tr].sum(), pre[tr].sum(), post[co].sum(), pre[co].sum()
        return (math.log(a / b) - math.log(c / d), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d))

    beta, se = stat(np.flatnonzero(treated), comp)
    t_real = beta / se
    placebo = []
    for j in comp:
        bj, sj = stat(np.array([j]), comp[comp != j])
        placebo.append(bj / sj)
    abs_p = np.abs(np.asarray(placebo))
    n = len(placebo)
    p = (1 + int((abs_p >= abs(t_real)).sum())) / (n + 1)
    # test inversion under a constant multiplicative effect δ: δ is kept while
    # (1 + #{|t_j| ≥ |β−δ|/se}) / (n+1) > alpha, i.e. |β−δ|/se ≤ the k-th largest |t_j|
    k = math.ceil(alpha * (n + 1)) - 1
    if k < 1:
        lo, hi = -math.inf, math.inf
    else:
        crit = np.sort(abs_p)[::-1][k - 1]
        lo, hi = beta - crit * se, beta + crit * se
    return {
        "beta": beta,
        "se": se,
        "statistic": t_real,
        "p_value": p,
        "log_low": lo,
        "log_high": hi,
        "placebo_statistics": placebo,
    }


def permutation_did(panel: Panel, indicator: str, alpha: float = 0.05) -> PermutationDiD:
    """2×2 Poisson DiD of a count over the indicator's windows, placebo-in-space inference."""
    from analysis.intake.windows import resolve_windows

    spec = panel.spec
    ind = spec.indicators[indicator]
    if not counts(ind):  # the rule validate states (intake.applicability)
        what = "ready-made rate" if ind.ready_made_rate else ind.kind
        raise AnalysisError(
            f"indicator '{indicator}' is a {what}: the permutation DiD compares counts of "
            "events over the windows (Poisson log ratios); the regression DiD is the "
            "difference-in-differences for this indicator"
        )
    treated = panel.treated_units
    comparison = panel.comparison_units
    if not treated:
        raise AnalysisError("no treated unit")
    if len(comparison) < 5:
        raise AnalysisError(
            f"{len(comparison)} comparison unit(s): too few for a permutation "
            "test (the smallest attainable p-value would exceed 0.17)"
        )
    win = resolve_windows(spec.windows_for(indicator), spec.pandas_freq, panel.start)
    b0, b1, a0, a1 = win.before_start, win.before_end, win.after_start, win.after_end
    units = list(treated) + list(comparison)
    pre = _totals(panel, indicator, units, b0, b1)
    post = _totals(panel, indicator, units, a0, a1)
    if (pre <= 0).any() or (post <= 0).any():
        zero = [u for u in units if pre[u] <= 0 or post[u] <= 0]
        raise AnalysisError(
            f"unit(s) with no events in a window: {', '.join(zero[:6])}; the "
            "log change is not defined"
        )

    res = permutation_test(
        pre[list(units)].to_numpy(float),
        post[list(units)].to_numpy(float),
        np.arange(len(units)) < len(treated),
        alpha,
    )
    beta, se, t_real, p, lo, hi, placebo_t = (
        res[k]
        for k in ("beta", "se", "statistic", "p_value", "log_low", "log_high", "placebo_statistics")
    )
    n = len(placebo_t)
    return PermutationDiD(
        indicator=indicator,
        label=ind.label.en,
        treated_units=tuple(treated),
        before=f"{b0}..{b1}",
        after=f"{a0}..{a1}",
        log_estimate=beta,
        std_error=se,
        statistic=t_real,
        estimate=math.exp(beta) - 1,
        conf_low=math.exp(lo) - 1 if math.isfinite(lo) else -1.0,
        conf_high=math.exp(hi) - 1 if math.isfinite(hi) else math.inf,
        p_value=p,
        min_p_value=1 / (n + 1),
        n_placebos=n,
        placebo_units=tuple(comparison),
        placebo_statistics=tuple(float(x) for x in placebo_t),
        alpha=alpha,
    )


def synth_for_indicator(panel: Panel, indicator: str, seed: int = 0):
    """Synthetic control of a panel indicator's treated unit, with in-space placebos.

    Without ``indicators.<id>.synth.predictors`` W minimises the pre-period outcome MSPE
    (the outcome path alone); with them the treated unit is matched on the predictors
    (:mod:`analysis.numbers.synth_predictors`) and V minimises the pre-period outcome
    MSPE from ``synth.v_starts`` starts (``placebo_v_starts`` for each placebo)."""
    from dataclasses import replace

    from analysis.numbers.designs.synth import fit_synth, placebo_in_space
    from analysis.numbers.synth_predictors import predictor_inputs

    if len(panel.treated_units) != 1:
        raise AnalysisError("synthetic control needs exactly one treated unit")
    opts = panel.spec.indicators[indicator].synth
    frame = panel.indicator_frame(indicator)
    if "denominator" in frame:
        frame = frame.assign(value=frame["value"] / frame["denominator"])
    frame = frame.assign(time=frame["period"].map(lambda p: p.ordinal))
    kw = dict(
        unit="unit",
        time="time",
        outcome="value",
        treated_unit=panel.treated_units[0],
        start=panel.start.ordinal,
        donors=list(panel.comparison_units),
        seed=seed,
    )
    if opts is None or not opts.predictors:
        return fit_synth(frame, **kw), placebo_in_space(frame, **kw)
    inputs = predictor_inputs(
        panel, indicator, frame, [panel.treated_units[0], *panel.comparison_units]
    )
    kw.update(frame=inputs.frame, predictors=inputs.predictors)
    fit = fit_synth(**kw, n_starts=opts.v_starts)
    placebo = placebo_in_space(**kw, n_starts=opts.placebo_v_starts, treated_n_starts=opts.v_starts)
    return replace(fit, notes=(*fit.notes, *inputs.notes)), placebo


def controlled_its_for_indicator(
    panel: Panel, indicator: str, alpha: float = 0.05
) -> ControlledITSResult:
    """Linden's controlled ITS of the pilot unit(s) against the comparison units' series
    (level and slope differences, Newey–West within unit, lag 1)."""
    from analysis.numbers.designs.controlled_its import fit_controlled_its

    if not panel.comparison_units:
        raise AnalysisError("controlled ITS needs comparison units")
    frame = panel.indicator_frame(indicator)
    if "denominator" in frame:
        frame = frame.assign(value=frame["value"] / frame["denominator"])
    frame = frame.assign(time=frame["period"].map(lambda p: p.ordinal))
    frame = frame[frame["unit"].isin([*panel.treated_units, *panel.comparison_units])]
    return fit_controlled_its(
        frame,
        unit="unit",
        time="time",
        outcome="value",
        treated_units=list(panel.treated_units),
        start=panel.start.ordinal,
        hac_lag=1,
        alpha=alpha,
    )


def triangulate(
    indicator: str,
    label: str,
    naive=None,
    did: PermutationDiD | None = None,
    trends=None,
    synth=None,
    cits: ControlledITSResult | None = None,
    alpha: float = 0.05,
    regression: RegressionDiD | None = None,
    not_applicable: dict[str, str] | None = None,
) -> Triangulation:
    """Collect the estimates of one indicator's pilot effect from every design available,
    and judge whether they agree (:func:`analysis.numbers.checks.agreement.agreement`).
    The regression DiD comes last (after the trend models); ``not_applicable`` maps each
    design asked for that could not run to its reason."""
    rows: list[TriangulationRow] = []
    if naive is not None:
        rows.append(
            TriangulationRow(
                "naive",
                f"before/after change at the pilot unit(s), {naive.after_start}.."
                f"{naive.after_end} vs {naive.before_start}..{naive.before_end} (descriptive)",
                naive.relative_change,
                naive.relative_conf_low,
                naive.relative_conf_high,
                naive.p_value,
            )
        )
    if did is not None:
        rows.append(
            TriangulationRow(
                "difference-in-differences",
                f"change relative to the comparison units, {did.after} vs {did.before}",
                did.estimate,
                did.conf_low,
                did.conf_high,
                did.p_value,
                True,
                f"permutation p; smallest attainable {did.min_p_value:.3f}",
                did.min_p_value,
            )
        )
    if cits is not None:
        rel, lo, hi = cits.relative_effect
        one = len(cits.treated_units) == 1
        rows.append(
            TriangulationRow(
                "controlled interrupted time series",
                "post-period average extra change of the "
                "pilot beyond the comparison units' change, relative to its counterfactual",
                rel,
                lo,
                hi,
                # the p of the log ratio the interval comes from (same verdict as it)
                cits.log_ratio.p_value
                if cits.log_ratio is not None
                else cits.avg_post_effect.p_value
                if cits.avg_post_effect
                else NAN,
                True,
                "Newey–West within unit"
                + ("; one treated series, so the interval is indicative" if one else ""),
            )
        )
    if synth is not None:
        fit, placebo = synth
        rows.append(
            TriangulationRow(
                "synthetic control",
                "post-period average gap relative to the synthetic unit",
                fit.avg_post_relative_effect,
                NAN,
                NAN,
                placebo.p_value,
                True,
                f"no sampling interval; in-space placebo p (MSPE ratio rank), smallest attainable "
                f"{placebo.min_p_value:.3f}; pre-period RMSPE {fit.pre_rmspe:.2f}",
                placebo.min_p_value,
            )
        )
    for o in trends.outcomes if trends is not None else ():
        if o.indicator != indicator or o.effect is None or not o.effect.effects:
            continue
        e = o.effect.headline_effect()
        name = {"its": "interrupted time series", "sts": "structural time series"}.get(
            o.design, o.design
        )
        uses = o.design == "sts" and "regressor" in o.effect.model
        rows.append(
            TriangulationRow(
                name,
                f"{e.label}, relative to the counterfactual",
                e.relative_estimate,
                e.relative_conf_low,
                e.relative_conf_high,
                e.p_value,
                uses,
                "comparison units' mean as control series" if uses else "pilot series alone",
            )
        )
    not_applicable = dict(not_applicable or {})
    if regression is not None:
        if math.isfinite(regression.relative_estimate):
            rows.append(regression_row(regression))
        else:
            not_applicable[REGRESSION_DID] = regression.relative_basis
    return Triangulation(
        indicator,
        label,
        tuple(rows),
        agreement(rows, alpha),
        tuple(not_applicable.items()),
    )


REGRESSION_DID = "regression difference-in-differences"


def regression_row(reg: RegressionDiD) -> TriangulationRow:
    """The regression DiD as a triangulation row: the effect relative to the treated units'
    counterfactual, with its interval only where a valid one exists."""
    design = "2×2 regression" if reg.design == "did_2x2" else "two-way fixed effects"
    covs = f", covariates {', '.join(reg.covariates)}" if reg.covariates else ""
    if reg.has_interval:
        note = f"{reg.inference.replace('_', ' ')} inference; {reg.relative_basis}"
    else:
        note = f"point estimate only: no valid sampling interval ({reg.no_interval_reason})"
    return TriangulationRow(
        REGRESSION_DID,
        f"{design} on the {reg.outcome}{covs}, {reg.after} vs {reg.before}, relative to the "
        "counterfactual",
        reg.relative_estimate,
        reg.relative_conf_low,
        reg.relative_conf_high,
        reg.p_value,
        True,
        note,
    )


def staggered_comparison(
    panel: Panel, indicator: str, alpha: float = 0.05, seed: int = 0, n_boot: int = 999
) -> StaggeredComparison:
    """Callaway–Sant'Anna (never-treated controls) and TWFE for a staggered roll-out, with
    the multiplier-bootstrap uniform band, the pre-trend test and the Goodman-Bacon
    decomposition of TWFE."""
    from analysis.numbers.designs.bacon import bacon_decomposition
    from analysis.numbers.designs.did import twfe
    from analysis.numbers.designs.staggered import aggregate, att_gt, multiplier_bootstrap

    ind = panel.spec.indicators[indicator]
    if panel.spec.treatment.adoption is None:  # the rule validate states (design_issues)
        raise AnalysisError(
            "design staggered needs treatment.adoption (adoption dates per unit); with one "
            "start date there is no roll-out in waves: the did design is the comparison"
        )
    frame = panel.indicator_frame(indicator)
    if "denominator" in frame:
        frame = frame.assign(y=frame["value"] / frame["denominator"])
        outcome = "share"
    elif "exposure" in frame and ind.kind == "rate":
        frame = frame.assign(y=frame["value"] / frame["exposure"] * ind.per)
        outcome = f"per {ind.per:,.0f} {ind.exposure} per period"
    else:
        frame = frame.assign(y=frame["value"])
        outcome = "per unit per period"
    frame = frame.assign(
        time=frame["period"].map(lambda p: p.ordinal),
        cohort=frame["unit"].map(
            lambda u: 0 if panel.adoption.get(u) is None else panel.adoption[u].ordinal
        ),
    )
    frame = frame.assign(d=((frame["cohort"] > 0) & (frame["time"] >= frame["cohort"])).astype(int))
    kw = {"unit": "unit", "time": "time", "outcome": "y", "cohort": "cohort"}
    gt = att_gt(frame, **kw, alpha=alpha)
    tw = twfe(frame, outcome="y", unit="unit", time="time", treated_post="d", alpha=alpha)
    dyn = aggregate(gt, "dynamic")
    simple = aggregate(gt, "simple")
    stat, k, p = sup_t_pretrend(dyn, seed=seed)
    source = panel.spec.sources[ind.source]
    unit_label = ind.unit_label
    return StaggeredComparison(
        indicator,
        ind.label.en,
        outcome,
        simple,
        aggregate(gt, "group"),
        dyn,
        tw,
        bacon=bacon_decomposition(frame, **kw),
        bands=multiplier_bootstrap(dyn, n_boot=n_boot, seed=seed),
        pretrend_statistic=stat,
        pretrend_n=k,
        pretrend_p_value=p,
        notes=gt.notes,
        designs_disagree=intervals_disagree(
            simple.overall_estimate,
            simple.overall_conf_low,
            simple.overall_conf_high,
            tw.estimate,
            tw.conf_low,
            tw.conf_high,
        ),
        unit_label_en=unit_label.en if unit_label is not None else "",
        unit_label_zh=(unit_label.zh or "") if unit_label is not None else "",
        unit_noun=source.unit or "",
        frequency=panel.spec.pandas_freq,
        per_unit=outcome == "per unit per period",
    )
