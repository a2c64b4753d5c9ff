"""Which indicator of a study a figure most likely refers to: label similarity in both
languages, the kind of figure, and the structure of a share.

Each indicator offers *targets*: its id, and for a ``proportion`` also its parts
``<id>.numerator`` and ``<id>.denominator`` (the spec's claim form for a share's
parts). A target's words are its id (split at ``_``), its ``label`` (en, zh) and, for a
part, the ``numerator_label`` / ``denominator_label`` and the part's column name.

A figure's words are its clause and its subject. The score of a target is

    similarity(words) = 0.6 × R + 0.4 × P   (the best label variant counts)
    sim   = similarity(subject + clause), or, when two figures share one clause,
            ½ similarity(subject + clause) + ½ similarity(subject)
    score = kind factor × unit factor × sim + unit bonus + share bonus

with R the share of the label's terms found in the figure's words (recall) and P the
share of the figure's words found in the label (precision); the subject is the words
the parser tied to the number ("135名社区民警" → 社区民警), which decide between two
figures of one clause (a share's words are its clause and its parts' clauses).
Terms are character bigrams for Chinese (after dropping function characters
的/了/等/各类/相关 …) and word stems for English (stop words dropped).
The kind factor keeps a share on a proportion and a count on a count, stock, amount or
a proportion's part (:data:`KIND_FACTORS`); the unit bonus (+0.10) rewards the
indicator's own unit word (起, 人, yuan …), a different Chinese count word (人 for an
indicator counted in 起) multiplies by 0.8; the share bonus (+0.30) goes to a
proportion's part when the share figure of the same claim was matched to that
proportion and names this figure's value as its numerator or denominator.

A figure is matched when its best score is at least :data:`THRESHOLD`; otherwise it is
"unmatched". The runner-up (the best other indicator) and its score are kept so the
choice can be explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from analysis.results.claims import ParsedClaim

#: The least score for a link (below it the figure is "unmatched").
THRESHOLD = 0.35
SHARE_BONUS = 0.30
UNIT_BONUS = 0.10
UNIT_MISMATCH = 0.8

_ZH_DROP = re.compile(
    r"各类|各項|各项|相关|相關|累计|累計|所有|全部|共计|共計|[的了等共之及与與和、“”\"'‘’「」()（）\s\d.,，%％]"
)
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "and",
        "or",
        "from",
        "per",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "its",
        "their",
        "our",
        "than",
        "as",
        "into",
        "over",
        "under",
        "since",
        "year",
        "years",
        "month",
        "months",
        "number",
        "total",
    ]
)
_CHANGE_KINDS = (
    "percent_change",
    "percentage_point_change",
    "multiple",
    "before_after",
    "level_change",
    "zero_run",
    "rank",
)
_MONEY = ("yuan", "元", "万元", "£", "$", "pounds", "dollars", "HK$", "NT$")

#: Kind factor by (figure kind group, target group).
KIND_FACTORS: dict[tuple[str, str], float] = {
    ("share", "proportion"): 1.0,
    ("share", "part"): 0.2,
    ("share", "level"): 0.4,
    ("level", "proportion"): 0.25,
    ("level", "part"): 0.9,
    ("level", "level"): 1.0,
    ("change", "proportion"): 0.7,
    ("change", "part"): 0.4,
    ("change", "level"): 1.0,
}


@dataclass(frozen=True)
class Target:
    """One thing a figure may refer to: an indicator, or a proportion's part."""

    id: str
    group: str  # "proportion", "part" or "level"
    terms_zh: tuple[frozenset[str], ...]
    terms_en: tuple[frozenset[str], ...]
    unit_words: tuple[str, ...]
    facts: bool  # the indicator comes from a facts source (a single figure)
    kind: str


@dataclass(frozen=True)
class Match:
    """The link chosen for one figure."""

    target: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    #: how the link was made: "label" (similarity), "share_part" (the share bonus),
    #: "continues" (the target of the figure before it), "taken" (its best target went to
    #: another figure of the claim, so this is its next best)
    how: str = "label"


def zh_terms(text: str) -> frozenset[str]:
    """Character bigrams of the CJK runs of ``text`` (function characters dropped)."""
    s = _ZH_DROP.sub(" ", text)
    out: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", s):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            out.add(run)
    return frozenset(out)


def _stem(w: str) -> str:
    for suf in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def en_terms(text: str) -> frozenset[str]:
    """Stems of the English words of ``text`` (stop words dropped)."""
    words = re.findall(r"[a-z]+", text.lower().replace("_", " "))
    return frozenset(_stem(w) for w in words if w not in _EN_STOP and len(w) > 1)


def _text(v: Any) -> tuple[str, str]:
    if v is None:
        return "", ""
    return getattr(v, "en", "") or "", getattr(v, "zh", "") or ""


def _variants(*texts: str) -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    zh = tuple(t for t in (zh_terms(x) for x in texts) if t)
    en = tuple(t for t in (en_terms(x) for x in texts) if t)
    return zh, en


def targets_of(spec: Any) -> list[Target]:
    """Every target of a study spec, in the spec's indicator order."""
    out = []
    facts = {k for k, s in spec.sources.items() if getattr(s, "shape", "") == "facts"}
    for iid, ind in spec.indicators.items():
        en, zh = _text(ind.label)
        unit_en, unit_zh = _text(getattr(ind, "unit_label", None))
        units = tuple(u for u in (unit_en, unit_zh) if u)
        is_facts = getattr(ind, "source", None) in facts
        group = "proportion" if ind.kind == "proportion" else "level"
        tz, te = _variants(en, zh, iid)
        out.append(Target(iid, group, tz, te, units, is_facts, ind.kind))
        if ind.kind != "proportion":
            continue
        for side in ("numerator", "denominator"):
            pen, pzh = _text(getattr(ind, f"{side}_label", None))
            col = str(getattr(ind, side, "") or "")
            tz, te = _variants(pen, pzh, col)
            out.append(Target(f"{iid}.{side}", "part", tz, te, units, is_facts, "count"))
    return out


def _group(kind: str) -> str:
    if kind in ("share", "range"):
        return "share"
    if kind in _CHANGE_KINDS:
        return "change"
    return "level"


def _similarity(ctx: frozenset[str], variants: tuple[frozenset[str], ...]) -> float:
    best = 0.0
    for lab in variants:
        common = len(ctx & lab)
        if not common:
            continue
        r, p = common / len(lab), common / max(len(ctx), 1)
        best = max(best, 0.6 * r + 0.4 * p)
    return best


def _unit_factor(fig: ParsedClaim, t: Target) -> tuple[float, float]:
    """(factor, bonus) from the figure's unit against the indicator's unit word: the
    same unit +0.10; a different count word in the same language (人 against 起) ×0.8."""
    unit = fig.unit or ""
    if not unit or not t.unit_words:
        return 1.0, 0.0
    if any(u == unit or (unit in _MONEY and u in _MONEY) for u in t.unit_words):
        return 1.0, UNIT_BONUS
    if unit in _MONEY and t.kind == "amount":
        return 1.0, UNIT_BONUS
    zh_units = [u for u in t.unit_words if re.search(r"[\u3400-\u9fff]", u)]
    count_word = re.fullmatch(r"[\u3400-\u9fff]{1,2}", unit)
    if fig.language == "zh" and fig.kind == "count" and zh_units and count_word:
        return UNIT_MISMATCH, 0.0
    return 1.0, 0.0


def score(fig: ParsedClaim, t: Target, extra: str = "", shared: bool = False) -> float:
    """The score of target ``t`` for figure ``fig`` (``extra``: more words of the claim
    that belong to this figure, the clauses of a share's parts; ``shared``: another
    figure has the same clause, so the subject decides) before the share bonus."""
    terms = zh_terms if fig.language == "zh" else en_terms
    variants = t.terms_zh if fig.language == "zh" else t.terms_en
    sim = _similarity(terms(f"{fig.subject or ''} {fig.text} {extra}"), variants)
    if fig.subject and shared:  # one clause, two figures: the words next to each decide
        sim = 0.5 * sim + 0.5 * _similarity(terms(fig.subject), variants)
    if not sim:
        return 0.0
    group = _group(fig.kind if fig.kind != "range" else (fig.of_kind or "share"))
    factor = KIND_FACTORS[(group, t.group)]
    if group == "change" and t.facts:
        factor *= 0.6  # a change needs a series; a facts indicator is one figure
    if t.kind == "share" and group == "share":
        factor = 1.0
    ufactor, bonus = _unit_factor(fig, t)
    return round(factor * ufactor * sim + bonus, 4)


def _best(scores: dict[str, float], exclude: set[str] | None = None) -> tuple[str | None, float]:
    best, val = None, -1.0
    for tid, v in scores.items():  # dict order = spec order: ties go to the first
        if exclude and (tid in exclude or tid.split(".")[0] in exclude):
            continue
        if v > val:
            best, val = tid, v
    return best, max(val, 0.0)


def _share_words(f: ParsedClaim, figs: list[ParsedClaim]) -> str:
    """The clauses of a share's numerator and denominator figures in the same claim."""
    if f.kind != "share":
        return ""
    parts = {x for x in (f.numerator, f.denominator) if x is not None}
    return " ".join(g.text for g in figs if g is not f and g.value in parts)


def _share_bonus(figs: list[ParsedClaim], table: list[dict[str, float]]) -> None:
    for f, row in zip(figs, table, strict=True):
        if f.kind != "share":
            continue
        top, val = _best(row)
        if top is None or val < THRESHOLD or "." in top:
            continue
        for g, grow in zip(figs, table, strict=True):
            if g is f or g.kind not in ("count", "amount") or g.value is None:
                continue
            for side in ("numerator", "denominator"):
                part = getattr(f, side)
                key = f"{top}.{side}"
                if part is not None and abs(part - g.value) < 1e-9 and key in grow:
                    grow[key] = round(grow[key] + SHARE_BONUS, 4)


def _same_thing(a: ParsedClaim, b: ParsedClaim) -> bool:
    return a.unit == b.unit and (a.subject or "") == (b.subject or "") and a.text == b.text


def match_figures(figs: list[ParsedClaim], targets: list[Target]) -> list[Match]:
    """The link of each figure of one claim (in order). Two levels (counts, amounts) of
    one claim share a target only when they read the same thing (one clause, one unit,
    one subject: a before and an after); otherwise the better-scoring one keeps it and
    the other takes its next best. A figure below the threshold whose best candidate is
    the target of the figure before it (the same subject continued: "由3800人提升至1.2万余人,登记量
    提升3倍") takes that target."""
    clauses = [f.text for f in figs]
    table = [
        {t.id: score(f, t, _share_words(f, figs), clauses.count(f.text) > 1) for t in targets}
        for f in figs
    ]
    plain = [dict(row) for row in table]
    _share_bonus(figs, table)
    chosen: dict[int, tuple[str | None, float]] = {}
    taken: dict[str, int] = {}  # target -> the level figure that holds it
    order = sorted(range(len(figs)), key=lambda i: (-_best(table[i])[1], i))
    for i in order:
        level = _group(figs[i].kind) == "level"
        # a level that another level of the claim holds is refused, unless both read the
        # same thing in the same unit (a before and an after split in two: "from 14
        # minutes to 9 minutes")
        held = {t for t, j in taken.items() if not _same_thing(figs[i], figs[j])}
        top, val = _best(table[i], held if level else None)
        chosen[i] = (top, val) if top is not None and val >= THRESHOLD else (None, val)
        if level and chosen[i][0]:
            taken.setdefault(chosen[i][0], i)
    out: list[Match] = []
    for i in range(len(figs)):
        top, val = chosen[i]
        how = "label"
        if top is None:
            cand, cval = _best(table[i])
            prev = out[-1].target if out else None
            if cval > 0 and prev is not None and cand == prev and _group(figs[i].kind) == "change":
                top, val, how = cand, cval, "continues"
            else:
                out.append(Match(None, val, cand, cval))
                continue
        elif table[i][top] > plain[i][top]:
            how = "share_part"
        elif _best(table[i])[0] != top:
            how = "taken"
        ru, rv = _best(table[i], {top.split(".")[0]})
        out.append(Match(top, val, ru, rv, how))
    return out
