"""Covariates written ``log(column)`` (in ``indicators.<id>.covariates`` and
``indicators.<id>.trend.covariates``): the column is read and checked as any covariate
(a number in every row), and the natural log of it is added to the source's frame as a
column named ``log(column)``, the name the covariate has in ``Panel.frames``,
``Panel.rows`` and every term name downstream. Only ``log`` is a transform: any other
``f(x)`` is read as a column name, and when the file has no such column the error says so.

A value ≤ 0 under ``log`` is an error naming the file, the column and the rows (no
constant is ever added). With ``aggregate`` the log is taken after the rows of a period are
combined (the log of the period's value), and the raw rows are the ones checked.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.core.errors import Issue
from analysis.intake.cells import Collector, file_rows, missing_column
from analysis.intake.source_keys import covariate_column, other_function
from analysis.intake.spec import StudySpec


def log_terms(spec: StudySpec, sid: str) -> dict[str, str]:
    """``log(x)`` -> ``x`` for every logged covariate of the indicators reading ``sid``."""
    terms: dict[str, str] = {}
    for ind in spec.indicators.values():
        if ind.source != sid:
            continue
        for name in ind.all_covariates:
            col, transform = covariate_column(name)
            if transform == "log":
                terms[name] = col
    return terms


def missing_covariate(fname: str, col: str, present: list[str], terms: dict[str, str]) -> Issue:
    """The missing-column error of a covariate, saying which ``log(...)`` reads it or that
    only ``log`` transforms a covariate."""
    issue = missing_column(fname, col, present, "covariate")
    logged = [t for t, c in terms.items() if c == col]
    fn = other_function(col)
    if logged:
        issue = replace(issue, message=f"{issue.message} (covariate {logged[0]} reads it)")
    if fn:
        issue = replace(
            issue,
            hint=f"only log(column) transforms a covariate; '{col}' is read as a column name",
        )
    return issue


def check_log_values(terms: dict[str, str], data: pd.DataFrame, fname: str, out: Collector) -> None:
    """Every value of a logged column is > 0 (file, column, rows of the others)."""
    for term, col in terms.items():
        if col not in data:
            continue
        values = data[col]
        bad = values.notna() & (values <= 0)
        if bad.any():
            shown = ", ".join(f"{v:g}" for v in values[bad].unique()[:3])
            out.add(
                "error",
                "value.not_positive_for_log",
                f"covariate {term} takes the log of column '{col}', which holds value(s) ≤ 0 "
                f"({shown}); the log of 0 or of a negative number is not defined",
                file=fname,
                column=col,
                rows=file_rows(bad),
                hint=f"correct the values, or use the column itself ('{col}') as the "
                "covariate (a log never adds a constant silently)",
            )


def add_log_terms(terms: dict[str, str], data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with a column ``log(x)`` per term (NaN where ``x`` ≤ 0, already an error)."""
    if not terms:
        return data
    data = data.copy()
    for term, col in terms.items():
        if col in data:
            values = data[col].to_numpy(dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                data[term] = np.where(values > 0, np.log(values), np.nan)
    return data
