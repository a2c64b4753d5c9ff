"""Allowed values shared by every layer: the tidy column names, the scales a row's
numbers can be on, issue severities, check statuses and report languages.

Plain constants and ``Literal`` types only; this module imports nothing from the package.
"""

from __future__ import annotations

from typing import Literal, get_args

# Tidy column vocabulary (DESIGN.md): every estimate table uses these names, in this order.
ESTIMATE_COLUMNS = ("estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high")

# The scale of one row of a tidy frame (its ``scale`` column): the estimate, its standard
# error and its interval are all on this scale.
Scale = Literal["absolute", "log", "relative", "percentage points"]
SCALES: tuple[str, ...] = get_args(Scale)

# How serious a validation issue is.
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = get_args(Severity)

# The outcome of a diagnostic check.
CheckStatus = Literal["pass", "warn", "fail", "not_applicable", "info"]
CHECK_STATUSES: tuple[str, ...] = get_args(CheckStatus)

# Languages a sentence can be written in.
Lang = Literal["en", "zh"]
LANGUAGES: tuple[str, ...] = get_args(Lang)
