"""Microdata sources (``shape: microdata``): one row per person, sale or respondent, with
its group (the ``unit`` column: state, city, treated or comparison group) and its period;
several rows per group and period. The rows are kept as they are (``Panel.micro``); the
group × period means are computed from them (``Panel.indicator_frame``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.errors import Issue
from analysis.intake.cells import (
    Collector,
    check_numeric,
    missing_column,
)
from analysis.intake.covariate_terms import (
    add_log_terms,
    check_log_values,
    log_terms,
    missing_covariate,
)
from analysis.intake.files import RawTable
from analysis.intake.sources import (
    check_text_column,
    keyed_rows,
    text_columns,
    value_columns,
)
from analysis.intake.spec import StudySpec

#: indicator kinds a record-level source can give: a value per record whose mean is the
#: group's level (a 0/1 column gives a share)
MICRODATA_KINDS = ("measure", "share", "rate")


def microdata_source(
    spec: StudySpec, sid: str, raw: RawTable, out: Collector
) -> pd.DataFrame | None:
    """The record-level frame: ``unit, period``, the numeric columns the indicators read
    (values, weights, covariates, ``log(x)`` for a logged covariate), the cluster columns
    as text, and ``_row`` (file row)."""
    src = spec.sources[sid]
    f, fname = raw.frame, raw.file
    present = list(f.columns)
    _check_kinds(spec, sid, out)
    roles = value_columns(spec, sid)
    texts = text_columns(spec, sid)
    if src.unit_column not in present:
        issue = missing_column(fname, src.unit_column, present, "group (unit)")
        out.issues.append(
            Issue(
                "error",
                "microdata.no_group",
                issue.message + "; a microdata source needs the group of every record",
                file=fname,
                column=src.unit_column,
                hint=(issue.hint + "; " if issue.hint else "")
                + "the group is the state, city or treated/comparison group the "
                "records belong to: add it as a column and name it in 'unit'",
            )
        )
    if src.period_column not in present:
        out.issues.append(missing_column(fname, src.period_column, present, "period"))
    terms = log_terms(spec, sid)
    for c, r in list(roles.items()) + [(c, "cluster") for c in texts]:
        if c not in present:
            word = r if r in ("weight", "covariate", "cluster") else "indicator"
            out.issues.append(
                missing_covariate(fname, c, present, terms)
                if r == "covariate"
                else missing_column(fname, c, present, word)
            )
    data = pd.DataFrame(index=f.index)
    for col, role in roles.items():
        if col in present:
            data[col] = check_numeric(f[col], fname, col, role, out)
    check_log_values(terms, data, fname, out)
    data = add_log_terms(terms, data)
    for col in texts:
        if col in present:
            check_text_column(f[col], fname, col, "cluster", out)
            data[col] = f[col].astype("string")
    if src.unit_column not in present or src.period_column not in present:
        return None
    keyed_rows(
        spec,
        src,
        f,
        data,
        fname,
        out,
        repeats=True,
        empty_unit="empty group name(s): every record needs its group",
    )
    data = data[data["unit"].notna() & data["period"].notna()].copy()
    data["unit"] = data["unit"].astype(str)
    data["period"] = pd.PeriodIndex(data["period"].tolist(), freq=spec.pandas_freq)
    return data.sort_values(["unit", "period", "_row"], kind="stable").reset_index(drop=True)


def _check_kinds(spec: StudySpec, sid: str, out: Collector) -> None:
    for iid, ind in spec.indicators.items():
        if ind.source != sid:
            continue
        if ind.kind not in MICRODATA_KINDS or ind.exposure:
            out.spec(
                "error",
                "microdata.kind",
                f"indicator '{iid}' reads microdata source '{sid}' (one row per record), "
                f"where kind '{ind.kind}'"
                + (" with an exposure" if ind.exposure else "")
                + " has no meaning: a record's value is averaged over its group and period",
                f"indicators.{iid}.kind",
                hint="use kind measure (a value per record), share (a 0/1 or fraction "
                "column) or rate (a ready-made rate per record), or give the group totals as "
                "a panel source",
            )


def group_means(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (unit, period) of record rows ``unit, period, value, [weight]``: the
    mean (weighted by ``weight`` when present), ``n`` (records) and, with weights, the
    sum of the weights as ``weight``."""
    work = rows[["unit", "period", "value"]].copy()
    weighted = "weight" in rows
    w = rows["weight"].to_numpy(dtype=float) if weighted else np.ones(len(rows))
    work["_wv"] = w * rows["value"].to_numpy(dtype=float)
    work["_w"] = w
    g = work.groupby(["unit", "period"], sort=True)
    out = g.agg(_wv=("_wv", "sum"), _w=("_w", "sum"), n=("value", "size"))
    out["value"] = out["_wv"] / out["_w"]
    cols = ["value", "n"] + (["weight"] if weighted else [])
    out["weight"] = out["_w"]
    res = out[cols].reset_index()
    res["n"] = res["n"].astype(int)
    return res
