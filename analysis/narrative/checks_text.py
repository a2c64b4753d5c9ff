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
        "not_informative": "not informative",
    },
    "zh": {
        "pass": "通过",
        "warn": "需注意",
        "fail": "未通过",
        "not_applicable": "不适用",
        "info": "说明",
        "not_informative": "不具信息量",
    },
}


def status_key(check: CheckResult) -> str:
    """The status to word: ``not_informative`` for an ``info`` check whose values say it
    could not reach p < alpha (a placebo test with too few placebos), else the status."""
    if check.status == "info" and dict(check.values).get("informative") == 0.0:
        return "not_informative"
    return check.status


def check_headline(check: CheckResult, lang: str = "en") -> str:
    """``label: status. detail`` (English) or ``label：状态。detail`` (Chinese)."""
    if lang not in STATUS_WORDS:
        raise ValueError(f"lang must be one of {', '.join(STATUS_WORDS)}; got {lang!r}")
    key = status_key(check)
    status = STATUS_WORDS[lang].get(key, key.replace("_", " "))
    if lang == "zh":
        return f"检查“{check.label}”：{status}。{check.detail or check.reason or ''}"
    return f"{check.label}: {status}. {check.detail}"
