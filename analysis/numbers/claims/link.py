"""Sentence-level links between the figures of one text: subjects, a share's numerator and
denominator, a multiple's levels."""

from __future__ import annotations

from typing import Any

from analysis.numbers.claims.en_words import EN_PERIOD
from analysis.numbers.claims.figure_text import fmt_num
from analysis.numbers.claims.figures import DURATION_UNITS
from analysis.numbers.claims.parse_zh import zh_subject_prefix
from analysis.numbers.claims.text import clause_spans, sentence_spans, span_of
from analysis.numbers.claims.zh_words import ZH_PERIOD


def link_figures(figs: list[dict[str, Any]], norm: str, lang: str) -> None:
    """Sentence-level links: subjects, a share's numerator/denominator, a multiple's levels."""
    sentences = sentence_spans(norm)
    clauses = clause_spans(norm, lang)
    periods = [
        (m.start(), m.end(), m.group(0))
        for m in (ZH_PERIOD if lang == "zh" else EN_PERIOD).finditer(norm)
    ]
    for i, f in enumerate(figs):
        ss, _ = span_of(f["start"], sentences)
        same = [g for g in figs[:i] if g["start"] >= ss]
        cs, _ = span_of(f["start"], clauses)
        # Chinese subject from the words before the figure (after any earlier figure)
        if lang == "zh" and not f["subject"] and f.get("_subject_text") is not None:
            base = f.get("_subject_base", cs)
            prev_end = max([g["end"] for g in same if g["end"] <= f["start"]] + [base])
            cut = max(prev_end - base, 0)
            text = f["_subject_text"][cut:]
            f["subject"] = zh_subject_prefix(text, periods, base + cut) or None
        # inherit the subject of the figure just before (8起7人; 77起 … 提前化解75起;
        # "Of 77 disputes found, 75 were resolved")
        if not f["subject"] and same and f["kind"] in ("count", "amount"):
            prev = same[-1]
            gap = norm[prev["end"] : f["start"]]
            if prev["kind"] in ("count", "amount") and (
                gap.strip() == ""
                or prev["unit"] == f["unit"]
                or (lang == "en" and f["unit"] is None)
            ):
                f["subject"] = prev["subject"]
                f["unit"] = f["unit"] or prev["unit"]
        if f["kind"] == "share" and not f.get("_own_base"):
            _link_share(f, same)
        # a multiple or change after a before → after pair: its levels
        if f["kind"] in ("multiple", "percent_change") and f["before"] is None:
            pair_fig = next((g for g in reversed(same) if g["kind"] == "before_after"), None)
            if pair_fig is not None:
                for k in ("before", "before_bound", "before_period", "after", "after_bound"):
                    f[k] = pair_fig[k]
                f["notes"] = [
                    *f["notes"],
                    f"levels {fmt_num(pair_fig['before'])} → "
                    f"{fmt_num(pair_fig['after'])} taken from the "
                    "pair stated before",
                ]
                if not f["subject"]:
                    f["subject"] = pair_fig["subject"]


def _link_share(f: dict[str, Any], same: list[dict[str, Any]]) -> None:
    """A share after counts: the nearest count is the numerator, the nearest larger one
    before it the denominator ('77起, 提前化解75起, 化解率达到97%'); '75 of 77' is explicit."""
    pair = next((g["_of_pair"] for g in reversed(same) if g.get("_of_pair")), None)
    counts = [
        g
        for g in same
        if g["kind"] == "count" and g["bound"] == "exact" and g["unit"] not in DURATION_UNITS
    ]
    if pair:
        f["numerator"], f["denominator"] = pair
        f["notes"] = [
            *f["notes"],
            f"numerator {fmt_num(pair[0])} and denominator {fmt_num(pair[1])} as stated ('… of …')",
        ]
        num_subject = next((g["subject"] for g in reversed(same) if g.get("_of_pair")), None)
    elif counts:
        num = counts[-1]
        den = next((g for g in reversed(counts[:-1]) if g["value"] >= num["value"]), None)
        f["numerator"] = num["value"]
        num_subject = num["subject"]
        if den is not None:
            f["denominator"] = den["value"]
            f["notes"] = [
                *f["notes"],
                f"numerator {fmt_num(num['value'])} and denominator "
                f"{fmt_num(den['value'])} taken from the figures "
                "stated before the share",
            ]
        else:
            f["notes"] = [
                *f["notes"],
                f"numerator {fmt_num(num['value'])} taken from the figure stated before the share",
            ]
    else:
        return
    if not f["subject"]:
        f["subject"] = num_subject
