"""A diagnostic check in one line, in English or Chinese.

The check's label and detail are the estimator's own (stored) words; the status is
worded in the page language so that a Chinese page does not show "pass" or "warn".
"""

from __future__ import annotations

from analysis.results.checks import CheckResult

STATUS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "pass": "pass",
        "warn": "warn",
        "fail": "fail",
        "not_applicable": "not applicable",
        "info": "info",
    },
    "zh": {
        "pass": "通过",
        "warn": "需注意",
        "fail": "未通过",
        "not_applicable": "不适用",
        "info": "说明",
    },
}


def check_headline(check: CheckResult, lang: str = "en") -> str:
    """``label: status. detail`` (English) or ``label：状态。detail`` (Chinese)."""
    if lang not in STATUS_WORDS:
        raise ValueError(f"lang must be one of {', '.join(STATUS_WORDS)}; got {lang!r}")
    status = STATUS_WORDS[lang].get(check.status, check.status.replace("_", " "))
    if lang == "zh":
        return f"检查“{check.label}”：{status}。{check.detail or check.reason or ''}"
    return f"{check.label}: {status}. {check.detail}"
