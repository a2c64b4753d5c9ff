"""The brief on the report's first screen, and the same brief for the reports index.

Two blocks, each in the page's one language (words: :mod:`analysis.narrative.front_words`):

* :func:`estimates` — one row per indicator: the ONE preferred estimate of the pilot's
  effect (``StudyResults.preferred``, the claims helper's rule in
  :mod:`analysis.results.preferred`) with its interval and design;
* :func:`verdicts` — every claim figure (id, a few words, verdict badge), figures checked
  against independent data apart from figures that are only reported ("reported; no
  independent data", neutral, never green), with the counts of each.

:func:`index_card` gives the reports index (which reads only ``results.json``) the same
counts and the preferred estimates' sentences.
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from analysis.narrative.front_words import (
    CHECKED,
    brief_sentence,
    claim_short,
    context_note,
    design_words,
    estimate_text,
    fw,
    includes_zero,
    page_text,
    verdict_counts_text,
    verdict_word,
)
from analysis.report.claims_table import VERDICT_CLASS
from analysis.report.render import render
from analysis.results.preferred import PreferredEstimate
from analysis.results.study import StudyResults

__all__ = [
    "GROUP_TITLES",
    "VERDICT_CLASS",
    "estimates",
    "index_card",
    "index_groups",
    "index_words",
    "verdict_groups",
    "verdicts",
]


#: The verdict groups of the brief and the index, in order, with their words' keys.
GROUP_TITLES = {"checked": "checked_group", "reported": "reported_group", "other": "other_group"}


def index_words(lang: str = "en") -> dict[str, str]:
    """The index card's own headings, in ``lang``."""
    return {"claims": fw(lang, "index_claims"), "estimates": fw(lang, "index_estimates")}


def index_groups(lang: str = "en") -> list[tuple[str, str]]:
    """(group key, its title) in order, for the reports index."""
    return [(k, fw(lang, v)) for k, v in GROUP_TITLES.items()]


def _freq(res: StudyResults) -> str:
    return str(getattr(res.spec, "frequency", "month"))


def _indicators(res: StudyResults) -> list[str]:
    """The analysed indicators (not the administrative figures), in spec order."""
    iids = list(res.indicators.indicators()) if res.indicators is not None else []
    extra = (*res.triangulation, *res.applicable("staggered"))
    return iids + [i for i in extra if i not in iids]


def estimate_rows(res: StudyResults, lang: str) -> list[dict[str, str]]:
    """One row per indicator: label, estimate with interval, design, a note."""
    rows = []
    for iid in _indicators(res):
        pe = res.preferred(iid)
        row = {"iid": iid, "label": page_text(lang, res.label(iid, lang))}
        if pe is None:
            row.update(estimate=fw(lang, "no_estimate"), design="", note="", tone="none")
        else:
            zero = includes_zero(pe)
            note = fw(lang, "zero") if zero else fw(lang, "clear") if zero is False else ""
            tone = "zero" if zero else "clear" if zero is False else "none"
            context = context_note(pe, lang)
            if context:  # not (only) an effect of the pilot: say what the number is first
                sep = "；" if lang == "zh" else "; "
                note, tone = (f"{context}{sep}{note}" if note else context), "none"
            row.update(
                estimate=estimate_text(pe, lang, _freq(res)),
                design=design_words(pe.design, lang),
                note=note,
                tone=tone,
            )
        rows.append(row)
    return rows


def estimates(res: StudyResults, lang: str) -> Markup:
    """The brief's table of preferred estimates (empty without analysed indicators)."""
    rows = estimate_rows(res, lang)
    if not rows:
        return Markup("")
    level = f"{(1 - res.alpha) * 100:g}"
    return render(
        "brief_estimates",
        heading=fw(lang, "estimates_heading"),
        col_indicator=fw(lang, "col_indicator"),
        col_estimate=fw(lang, "col_estimate", level=level),
        col_design=fw(lang, "col_design"),
        rows=rows,
    )


def verdict_groups(checks: Any, lang: str) -> list[dict[str, Any]]:
    """The claim figures in groups: checked against the data, reported only, not checked
    (cannot check); empty groups left out."""
    groups: dict[str, list[dict[str, str]]] = {"checked": [], "reported": [], "other": []}
    for c in checks:
        v = c.verdict.verdict
        key = "checked" if v in CHECKED else "reported" if v == "reported" else "other"
        stated, what = claim_short(c, lang)
        groups[key].append(
            {
                "label": c.label,
                "stated": stated,
                "what": what,
                "title": c.text,
                # under its group's heading a reported figure's badge can be short
                "verdict": fw(lang, "reported_badge") if v == "reported" else verdict_word(v, lang),
                "cls": VERDICT_CLASS.get(v, "muted"),
                "key": v,
            }
        )
    return [
        {"key": k, "title": fw(lang, GROUP_TITLES[k]), "items": items}
        for k, items in groups.items()
        if items
    ]


def verdicts(res: StudyResults, lang: str) -> Markup:
    """Every claim figure's verdict, compact, with the counts apart (empty without claims)."""
    if res.claims is None or not res.claims.checks:
        return Markup("")
    return render(
        "brief_verdicts",
        heading=fw(lang, "claims_heading"),
        counts=verdict_counts_text(res.claims.counts(), lang),
        groups=verdict_groups(res.claims.checks, lang),
        lang=lang,
    )


# -- the reports index (results.json only) --------------------------------------------------


def _num(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _labels(results: dict[str, Any]) -> dict[str, str]:
    """Indicator id → English label, from results.json (before/after changes, trend
    models, triangulations, claims), so the index never prints an internal id."""
    out: dict[str, str] = {}
    claims = ((results.get("claims") or {}).get("checks")) or []
    trends = ((results.get("trend_models") or {}).get("outcomes")) or []
    changes = ((results.get("indicators") or {}).get("changes")) or []
    tri = [t for t in (results.get("triangulation") or {}).values() if isinstance(t, dict)]
    rows = [
        *[(c.get("indicator"), c.get("indicator_label")) for c in claims],
        *[(t.get("indicator"), t.get("label")) for t in (*trends, *tri)],
        *[(c.get("indicator"), c.get("label")) for c in changes],
    ]
    for iid, label in rows:  # later sources win: the indicators' own labels last
        if iid and label:
            out[str(iid)] = str(label)
    return out


def index_card(results: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """What the index card of one study shows, from its results.json: ``counts`` (the
    verdict counts, reported figures apart), ``verdicts`` [(label, words, class)] and
    ``estimates`` (one sentence per indicator's preferred estimate; the first headlines,
    which lead with those estimates, when results.json has no ``preferred``)."""
    checks = ((results.get("claims") or {}).get("checks")) or []
    counts: dict[str, int] = {}
    badges = []
    for c in checks:
        v = (c.get("verdict") or {}).get("verdict", "cannot_check")
        counts[v] = counts.get(v, 0) + 1
        label = c.get("claim_id", "?")
        if c.get("n_figures", 1) > 1:
            label = f"{label}.{c.get('figure')}"
        group = "checked" if v in CHECKED else "reported" if v == "reported" else "other"
        word = fw(lang, "reported_badge") if v == "reported" else verdict_word(v, lang)
        badges.append((label, word, VERDICT_CLASS.get(v, "muted"), group))
    preferred = results.get("preferred")
    if isinstance(preferred, dict) and preferred:
        labels = _labels(results)
        sentences = [
            _index_sentence(PreferredEstimate.from_dict(d), iid, labels, lang, _frequency(results))
            for iid, d in preferred.items()
            if isinstance(d, dict) and _num(d.get("estimate")) is not None
        ]
    else:
        sentences = _brief_headlines(list(results.get("headlines", [])))
    return {
        "counts": verdict_counts_text(counts, lang) if checks else "",
        "verdicts": badges,
        "estimates": sentences,
    }


def _index_sentence(
    pe: PreferredEstimate, iid: str, labels: dict[str, str], lang: str, freq: str
) -> str:
    controls = [labels.get(c, c) for c in pe.falsified_by]
    return brief_sentence(pe, labels.get(iid, iid), lang, freq, controls).text


def _brief_headlines(heads: list[str]) -> list[str]:
    """The headlines that are preferred-estimate sentences (they lead results.json's
    headlines; recognised by the words of :func:`brief_sentence`), else the first four."""
    template = fw("en", "sentence")
    marker = template.split("{label}", 1)[1].split("{est}", 1)[0]
    brief_ones = [h for h in heads if marker in h]
    return brief_ones or heads[:4]


def _frequency(results: dict[str, Any]) -> str:
    freq = str((results.get("indicators") or {}).get("frequency") or "M")
    return {"M": "month", "Q": "quarter", "Y": "year", "A": "year", "W": "week", "D": "day"}.get(
        freq[:1], "month"
    )
