"""Words for the claims found in a whole article (``pilot-eval claims extract``): one
line per figure (the YAML comments of the pasted ``claims:`` block), per claim, the
summary and the headline, in English and Chinese."""

from __future__ import annotations

from typing import Any

from analysis.narrative.vocab import phrase

TABLES: dict[str, dict[str, str]] = {
    "en": {
        "headline": "{claims} claim sentences with {figures} figures found in the article",
        "headline_study": "{claims} claim sentences with {figures} figures found in the article; "
        "{linked} of the figures are linked to an indicator of the study",
        "headline_none": "No sentence of the article makes a quantitative claim",
        "figure": "figure {n}: {what}",
        "linked": "→ {target} (score {score}; runner-up {runner_up} {runner_up_score})",
        "linked_alone": "→ {target} (score {score}; no other indicator scores)",
        "how_share_part": "; a part of the share in the same claim",
        "how_continues": "; continues the subject of the figure before it",
        "how_taken": "; its best match went to another figure of this claim",
        "unmatched": "unmatched: no indicator scores {threshold} or more "
        "(nearest {runner_up} {runner_up_score}); checked as 'cannot check'",
        "unmatched_alone": "unmatched: no indicator of the study shares its words; "
        "checked as 'cannot check'",
        "not_claim": "not a claim ({why}); left unlinked",
        "claim": "{id} ({claim_lang}): {n} figure(s): {text}",
        "read": "Read {article} ({how}).",
        "kept": "{sentences} sentences and lines; {claims} kept as claims "
        "with {figures} claim figures.",
        "dropped": "Dropped: {parts}.",
        "links": "Linked to study '{study}': {linked} of {figures} claim figures "
        "(score ≥ {threshold}).",
        "at_least": "at least ",
        "at_most": "at most ",
        "approx": "about ",
        "exact": "",
    },
    "zh": {
        "headline": "文中找到{claims}句含数字的说法，共{figures}个数字",
        "headline_study": "文中找到{claims}句含数字的说法，共{figures}个数字；"
        "其中{linked}个对应到研究的指标",
        "headline_none": "文中没有含数量说法的句子",
        "figure": "第{n}个数字：{what}",
        "linked": "→ {target}（得分{score}；次选{runner_up} {runner_up_score}）",
        "linked_alone": "→ {target}（得分{score}；没有其他指标得分）",
        "how_share_part": "；是同一说法中比例的分子或分母",
        "how_continues": "；承接前一个数字的主语",
        "how_taken": "；最接近的指标已对应到本说法的另一个数字",
        "unmatched": "未对应：没有指标得分达到{threshold}"
        "（最接近的是{runner_up} {runner_up_score}）；该数字将显示为“无法核对”",
        "unmatched_alone": "未对应：研究的指标与其用词都不相同；该数字将显示为“无法核对”",
        "not_claim": "不是说法（{why}）；不对应指标",
        "claim": "{id}（{claim_lang}）：{n}个数字：{text}",
        "read": "读取{article}（{how}）。",
        "kept": "共{sentences}句（行）；{claims}句保留为说法，含{figures}个数字。",
        "dropped": "删去：{parts}。",
        "links": "对应研究“{study}”：{figures}个数字中{linked}个对应到指标（得分≥{threshold}）。",
        "at_least": "至少",
        "at_most": "至多",
        "approx": "约",
        "exact": "",
    },
}


def _num(x: float) -> str:
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.6g}"


def _pct(x: float, signed: bool = False) -> str:
    v = f"{x * 100:.6g}%"
    return ("+" + v if x > 0 else v.replace("-", "−")) if signed else v


#: Chinese names of the figure kinds and bases (English shows the parser's own keys, which
#: are what the spec and the JSON use).
KIND_ZH = {
    "percent_change": "百分比变化",
    "percentage_point_change": "百分点变化",
    "share": "比例",
    "multiple": "倍数",
    "count": "计数",
    "amount": "数额",
    "before_after": "前后对比",
    "level_change": "数量变化",
    "zero_run": "连续零发生",
    "rank": "排名",
    "range": "区间",
    "reported_statistic": "统计量",
    "unknown": "未识别",
}
BASIS_ZH = {"yoy": "同比", "mom": "环比", "before_after": "前后对比"}
#: Why a piece of the article was dropped (``ExtractedClaims.dropped`` keys), in Chinese.
DROPPED_ZH = {
    "heading": "标题",
    "boilerplate": "版权、署名、日期等",
    "no figure": "无数字",
    "no claim figure": "数字不是说法",
    "contact or reference line": "联系方式或编号",
}


def figure_value(fig: Any, lang: str) -> str:
    """The figure as structure, in a few words: kind, value in its units, bound."""
    bound = phrase(TABLES, lang, fig.bound) if fig.bound in TABLES[lang] else ""
    k, v, unit = fig.kind, fig.value, fig.unit or ""
    name = KIND_ZH.get(k, k) if lang == "zh" else k
    if v is None:
        body = name
    elif k == "percentage_point_change":
        pts = f"{v * 100:+.6g}".replace("-", "−")
        body = f"{name} {pts}" + ("个百分点" if lang == "zh" else " pp")
    elif k in ("share", "percent_change"):
        body = f"{name} {_pct(v, k != 'share')}"
    elif k == "before_after":
        before = _num(fig.before) if fig.before is not None else "?"
        body = f"{name} {before} → {bound}{_num(v)} {unit}".strip()
        bound = ""
    elif k == "multiple":
        if lang == "zh":
            more = f"（读法 {'、'.join(_num(r) for r in fig.readings)}）"
        else:
            more = f" (readings {', '.join(_num(r) for r in fig.readings)})"
        body = f"{name} ×{_num(v)}" + (more if fig.ambiguous else "")
    else:
        body = f"{name} {_num(v)} {unit}".strip()
    if fig.basis:
        body += (
            f"，{BASIS_ZH.get(fig.basis, fig.basis)}" if lang == "zh" else f", basis {fig.basis}"
        )
    return (bound + body) if bound else body


def figure_line(ef: Any, lang: str = "en") -> str:
    """The comment line of one figure: its structure and its link (or why none)."""
    n, threshold = ef.number, ef.threshold
    what = figure_value(ef.figure, lang)
    line = phrase(TABLES, lang, "figure", n=n, what=what)
    if ef.role != "claim":
        return f"{line} — " + phrase(TABLES, lang, "not_claim", why=ef.role.replace("_", " "))
    if not ef.linked:
        return line
    if ef.target:
        key = "linked" if ef.runner_up and ef.runner_up_score > 0 else "linked_alone"
        text = phrase(
            TABLES,
            lang,
            key,
            target=ef.target,
            score=f"{ef.score:.2f}",
            runner_up=ef.runner_up,
            runner_up_score=f"{ef.runner_up_score:.2f}",
        )
        if ef.how and ef.how != "label":
            close = ")" if lang == "en" else "）"
            text = text[: -len(close)] + phrase(TABLES, lang, f"how_{ef.how}") + close
        return f"{line} {text}"
    if ef.runner_up and ef.runner_up_score > 0:
        return f"{line} — " + phrase(
            TABLES,
            lang,
            "unmatched",
            threshold=f"{threshold:.2f}",
            runner_up=ef.runner_up,
            runner_up_score=f"{ef.runner_up_score:.2f}",
        )
    return f"{line} — " + phrase(TABLES, lang, "unmatched_alone")


def claim_line(claim: Any, lang: str = "en") -> str:
    """One line per kept claim: id, language, number of claim figures, text."""
    n = len(claim.claim_figures)
    return phrase(TABLES, lang, "claim", id=claim.id, claim_lang=claim.lang, n=n, text=claim.text)


def headline_extracted(res: Any, lang: str = "en") -> str:
    """One sentence: how many claims and figures, and how many linked."""
    if not res.claims:
        return phrase(TABLES, lang, "headline_none")
    key = "headline_study" if res.study else "headline"
    return phrase(
        TABLES, lang, key, claims=len(res.claims), figures=res.n_figures, linked=res.n_linked
    )


def summary_lines(res: Any, lang: str = "en") -> str:
    """A few lines: what was read, kept, dropped and linked."""
    out = [
        phrase(TABLES, lang, "read", article=res.article or "text", how=res.how or res.encoding),
        phrase(
            TABLES,
            lang,
            "kept",
            sentences=res.sentences,
            claims=len(res.claims),
            figures=res.n_figures,
        ),
    ]
    if res.dropped:
        sep = "、" if lang == "zh" else ", "
        out.append(
            phrase(
                TABLES,
                lang,
                "dropped",
                parts=sep.join(
                    f"{(DROPPED_ZH if lang == 'zh' else {}).get(w, w)} {n}" for w, n in res.dropped
                ),
            )
        )
    if res.study:
        out.append(
            phrase(
                TABLES,
                lang,
                "links",
                study=res.study,
                linked=res.n_linked,
                figures=res.n_figures,
                threshold=f"{res.threshold:.2f}",
            )
        )
    return "\n".join(out)
