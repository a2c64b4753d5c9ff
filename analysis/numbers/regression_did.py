"""The regression difference-in-differences of a study indicator, as the report shows it.

For every panel indicator of a study with ``designs: [did]``, :func:`regression_did_for_indicator`
reads the row-level frame (:meth:`analysis.intake.panel.Panel.rows`: one row per unit-period
for panels, one per record for microdata), keeps the treated and comparison units' rows in the
indicator's before and after windows and fits

* the 2×2 regression ``y ~ treated + post + treated×post (+ covariates)`` when the rows hold
  one period in each window (two survey years, two annual figures), or
* two-way fixed effects ``y ~ treated×post (+ covariates) | unit + period`` otherwise,

with the covariates of ``indicators.<id>.covariates``. The outcome is the indicator's value
per row on its own scale (see :func:`outcome_rows`); ``transform: log`` fits log(y) and reports
exp(b) − 1. Inference (``indicators.<id>.did``) is chosen by :func:`choose_inference`; where no
valid sampling interval exists (one comparison or one treated unit in a unit-period panel) the
point estimate is kept and the interval, SE and p-value are left empty with the reason. The
event study with a joint pre-trend test runs where several units are treated
(:func:`analysis.numbers.designs.event_study.fit_event_study`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.intake.panel import Panel
from analysis.intake.spec import RegressionOptions
from analysis.numbers.designs.did import did_2x2, twfe, wild_cluster_bootstrap
from analysis.numbers.designs.event_study import fit_event_study
from analysis.results.did import DiDResult, RegressionDiD
from analysis.results.event_study import EventStudyResult

NAN = float("nan")
N_BOOT = 9999

#: reasons no valid sampling interval exists (worded by analysis.narrative.regression_did_text)
NO_INTERVAL = (
    "one_comparison_unit",
    "one_treated_unit",
    "few_comparison_clusters",
    "few_treated_clusters",
)


def outcome_rows(panel: Panel, indicator: str) -> tuple[pd.DataFrame, str, str, list[str], str]:
    """The rows of ``indicator`` with the regression's outcome in column ``y``, the outcome
    in words, its scale (``absolute`` or ``log``), notes on rows left out, and the outcome's
    code (count, rate, proportion, share_percent, share_fraction or given) the narrative
    words in each language.

    count: the count per row (a level, not a log ratio); rate with exposure and count with
    exposure: value / exposure × per; proportion: numerator / denominator (rows with a zero
    denominator left out); share, ready-made rate, measure, stock, amount: the value as
    given. ``transform: log``: log of that, every value must be positive.
    """
    spec = panel.spec
    ind = spec.indicators[indicator]
    rows = panel.rows(indicator)
    notes: list[str] = []
    freq = spec.frequency
    if ind.kind == "proportion":
        zero = rows["denominator"] <= 0
        if zero.any():
            notes.append(f"{int(zero.sum())} row(s) with a zero denominator left out")
            rows = rows[~zero]
        y = rows["value"] / rows["denominator"]
        what = f"share ({ind.numerator} / {ind.denominator}) per unit and {freq}"
        code = "proportion"
    elif "exposure" in rows:
        y = rows["value"] / rows["exposure"] * ind.per
        what = f"rate per {ind.per:,.0f} {ind.exposure} per unit and {freq} (level)"
        code = "rate"
    elif ind.kind == "count":
        y = rows["value"]
        what = f"count per unit and {freq} (level)"
        code = "count"
    elif ind.kind == "share":
        y = rows["value"]
        what = (
            "share in percent as given: effects in percentage points"
            if ind.scale == "percent"
            else "share as a fraction (0–1) as given"
        )
        code = f"share_{ind.scale}"
    else:
        y = rows["value"]
        what = f"{ind.kind} as given"
        code = "given"
    y = pd.to_numeric(y, errors="coerce").astype(float)
    scale = "absolute"
    if ind.transform == "log":
        bad = ~(y > 0)
        if bad.any():
            first = rows.loc[bad].iloc[0]
            raise AnalysisError(
                f"indicator '{indicator}': transform log needs positive values; "
                f"{int(bad.sum())} row(s) are zero, negative or missing "
                f"(first: unit '{first['unit']}', period {first['period']})"
            )
        y = np.log(y)
        what = f"log of the {what}"
        scale = "log"
    elif ind.transform == "logged":  # the values are natural logs already
        what = f"{what} (natural logs, as given)"
        scale = "log"
    return rows.assign(y=y.to_numpy()), what, scale, notes, code


def choose_inference(
    options: RegressionOptions, n_treated: int, n_comparison: int, tc: int, cc: int, records: bool
) -> tuple[str, str]:
    """(SE kind, reason no interval exists): kind is cluster, classical, hc1 or none.

    ``se: auto`` clusters when at least two treated and two comparison clusters exist; else,
    when rows are records (several per unit and period), classical; else none. ``cluster``
    with fewer clusters on a side gives none. ``classical``/``hc1`` are used as asked.
    """
    few = (
        "one_comparison_unit"
        if n_comparison < 2
        else "one_treated_unit"
        if n_treated < 2
        else "few_comparison_clusters"
        if cc < 2
        else "few_treated_clusters"
    )
    clusters_ok = tc >= 2 and cc >= 2
    if options.se in ("classical", "hc1"):
        return options.se, ""
    if options.se == "cluster":
        return ("cluster", "") if clusters_ok else ("none", few)
    if clusters_ok:
        return "cluster", ""
    return ("classical", "") if records else ("none", few)


def _design_columns(design: str, records: bool) -> dict:
    """The columns of ``sel`` by role, as :func:`did_2x2`, :func:`twfe` and
    :func:`wild_cluster_bootstrap` name them for the design."""
    if design == "did_2x2":
        return {"outcome": "y", "treated": "treated", "post": "post"}
    return {
        "outcome": "y",
        "unit": "unit",
        "time": "period",
        "treated_post": "d",
        "repeated": records,
    }


def _fit(sel, design, kind, covariates, alpha, records):
    se = "classical" if kind == "none" else kind
    cols = _design_columns(design, records)
    kw = {"covariates": covariates, "alpha": alpha, "se": se}
    if design == "did_2x2":
        return did_2x2(sel, **cols, cluster="cluster" if se == "cluster" else None, **kw)
    return twfe(sel, **cols, cluster="cluster", **kw)


def _bootstrap(sel, design, covariates, records, alpha, seed, n_boot):
    return wild_cluster_bootstrap(
        sel,
        **_design_columns(design, records),
        cluster="cluster",
        covariates=covariates,
        n_boot=n_boot,
        weights="webb",
        seed=seed,
        alpha=alpha,
    )


def _relative(fit: DiDResult, sel: pd.DataFrame, scale: str, lo: float, hi: float):
    """The effect relative to the treated units' counterfactual, and how it was formed."""
    b = fit.estimate
    if scale == "log":
        return math.exp(b) - 1, math.exp(lo) - 1, math.exp(hi) - 1, "exp(b) − 1"
    treated_after = sel.loc[(sel["treated"] == 1) & (sel["post"] == 1), "y"].mean()
    cf = float(treated_after) - b
    if not cf > 0:
        return NAN, NAN, NAN, "no positive counterfactual mean: no relative effect"
    after = float(treated_after)

    def ratio(x: float) -> float:  # after / (after − x) − 1, increasing in x: ≥ −100%
        return x / (after - x) if after - x > 0 else (math.inf if x > 0 else NAN)

    return (
        b / cf,
        ratio(lo),
        ratio(hi),
        f"b ÷ the treated units' counterfactual mean in the after window ({cf:.4g}: their "
        "after-window mean less b); the interval maps b's through after / (after − b) − 1 "
        "with the after-window mean held fixed, so it never implies a counterfactual "
        "below zero",
    )


def event_study_for_rows(
    rows: pd.DataFrame, panel: Panel, units: list[str], alpha: float
) -> tuple[EventStudyResult | None, str]:
    """The TWFE event study of the outcome rows over every period (leads up to 4, lags up
    to 8, reference e = −1, end points binned, clustered as the regression), or None and
    the reason it did not run."""
    frame = rows[rows["unit"].isin(units)].copy()
    frame["time"] = frame["period"].map(lambda p: p.ordinal).astype(float)
    adopt = {u: (p.ordinal if p is not None else math.inf) for u, p in panel.adoption.items()}
    frame["adoption"] = frame["unit"].map(adopt).astype(float)
    first = min(v for v in adopt.values() if math.isfinite(v))
    n_pre = int((frame.loc[frame["time"] < first, "time"]).nunique())
    n_post = int((frame.loc[frame["time"] >= first, "time"]).nunique())
    leads, lags = min(4, n_pre), min(8, n_post - 1)
    if leads < 2:
        return None, f"{n_pre} period(s) before adoption: the event study needs at least 2"
    try:
        res = fit_event_study(
            frame,
            unit="unit",
            time="time",
            outcome="y",
            adoption="adoption",
            leads=leads,
            lags=lags,
            cluster="cluster",
            alpha=alpha,
        )
    except AnalysisError as exc:
        return None, str(exc)
    return res, ""


def regression_did_for_indicator(
    panel: Panel, indicator: str, alpha: float = 0.05, seed: int = 0, n_boot: int = N_BOOT
) -> RegressionDiD:
    """The regression DiD of one panel indicator (see the module text); AnalysisError
    where it cannot be fitted (the study keeps that as not applicable)."""
    spec = panel.spec
    ind = spec.indicators[indicator]
    if spec.sources[ind.source].shape == "facts":
        raise AnalysisError(f"indicator '{indicator}' comes from facts, not a panel")
    options = ind.did or RegressionOptions()
    treated, comparison = list(panel.treated_units), list(panel.comparison_units)
    if not treated:
        raise AnalysisError("no treated unit")
    if not comparison:
        raise AnalysisError("no comparison unit: the DiD needs at least one")
    win = panel.windows.get(indicator)
    if win is None:
        raise AnalysisError(f"indicator '{indicator}' has no before/after windows")
    rows, what, scale, notes, code = outcome_rows(panel, indicator)
    per = rows["period"]
    pre = (per >= win.before_start) & (per <= win.before_end)
    post = (per >= win.after_start) & (per <= win.after_end)
    sel = rows[(pre | post) & rows["unit"].isin(treated + comparison)].copy()
    sel["treated"] = sel["unit"].isin(treated).astype(int)
    sel["post"] = post[sel.index].astype(int)
    sel["d"] = sel["treated"] * sel["post"]
    sel = sel.reset_index(drop=True)
    covariates = tuple(ind.covariates)
    records = bool(sel.duplicated(["unit", "period"]).any())
    n_pre = sel.loc[sel["post"] == 0, "period"].nunique()
    n_post = sel.loc[sel["post"] == 1, "period"].nunique()
    design = "did_2x2" if n_pre == 1 and n_post == 1 else "twfe"
    n_t_units = sel.loc[sel["treated"] == 1, "unit"].nunique()
    n_c_units = sel.loc[sel["treated"] == 0, "unit"].nunique()
    tc = sel.loc[sel["treated"] == 1, "cluster"].nunique()
    cc = sel.loc[sel["treated"] == 0, "cluster"].nunique()
    kind, no_interval = choose_inference(options, n_t_units, n_c_units, tc, cc, records)
    fit = _fit(sel, design, kind, covariates, alpha, records)
    boot = None
    inference, est_se, p, lo, hi, stat = (
        kind,
        fit.std_error,
        fit.p_value,
        fit.conf_low,
        fit.conf_high,
        fit.statistic,
    )
    n_g = sel["cluster"].nunique()
    few_clusters = options.bootstrap == "always" or n_g < 30 or tc < 6
    if kind == "cluster" and options.bootstrap != "never" and few_clusters:
        boot = _bootstrap(sel, design, covariates, records, alpha, seed, n_boot)
        inference, p, lo, hi = "wild_bootstrap", boot.p_value, boot.conf_low, boot.conf_high
        if tc < 6:
            notes.append(
                f"{tc} treated clusters: even the wild cluster bootstrap can misstate "
                "the size of the test with so few (MacKinnon & Webb 2017)"
            )
    if kind == "classical" and not records and (n_t_units < 2 or n_c_units < 2):
        notes.append(
            "classical SEs on a unit-period panel treat the periods of one unit as "
            "independent; with serial correlation the interval is too narrow"
        )
    coefficients = fit.coefficients
    if kind == "none":
        inference, est_se, p, lo, hi, stat, coefficients = "none", NAN, NAN, NAN, NAN, NAN, ()
    rel, rel_lo, rel_hi, basis = _relative(fit, sel, scale, lo, hi)
    es, es_note = None, ""
    if options.event_study and not records:
        if n_t_units >= 2:
            es, es_note = event_study_for_rows(rows, panel, treated + comparison, alpha)
            if es is not None and covariates:
                es_note = "the event study has no covariates"
        else:
            es_note = (
                "one treated unit: no event study (its cluster-robust pre-trend test has "
                "no reliable reference distribution with a single treated cluster)"
            )
    if ind.weight:
        notes.append(f"the weight column '{ind.weight}' is not used: each row counts once")
    return RegressionDiD(
        indicator=indicator,
        label=ind.label.en,
        label_zh=ind.label.zh or "",
        design=design,
        outcome=what,
        scale=scale,
        outcome_code=code,
        frequency=spec.frequency,
        estimate=fit.estimate,
        std_error=est_se,
        statistic=stat,
        p_value=p,
        conf_low=lo,
        conf_high=hi,
        alpha=alpha,
        inference=inference,
        se_type="" if kind == "none" else fit.se_type,
        n_obs=fit.n_obs,
        n_units=int(sel["unit"].nunique()),
        n_periods=int(sel["period"].nunique()),
        n_treated_units=int(n_t_units),
        n_comparison_units=int(n_c_units),
        before=f"{win.before_start}..{win.before_end}",
        after=f"{win.after_start}..{win.after_end}",
        r_squared=fit.r_squared,
        r_squared_kind="R²" if design == "did_2x2" else "within R²",
        n_clusters=int(n_g) if kind == "cluster" else None,
        n_treated_clusters=int(tc) if kind == "cluster" else None,
        covariates=covariates,
        relative_estimate=rel,
        relative_conf_low=rel_lo,
        relative_conf_high=rel_hi,
        relative_basis=basis,
        coefficients=coefficients,
        bootstrap=boot,
        event_study=es,
        event_study_note=es_note,
        no_interval_reason=no_interval,
        notes=tuple(notes) + tuple(fit.notes),
    )
