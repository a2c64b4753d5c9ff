"""Reported statistics quoted in a sentence: confidence intervals, p-values, rate, odds and
hazard ratios, test statistics, sample sizes ("IRR 0.663 (95% CI 0.516 to 0.852)",
"P = 0.001", "95%置信区间"). They are figures of kind ``reported_statistic``: shown beside
a claim, never judged as headline figures, and their numbers never become counts or shares.

How they are read
-----------------
- A named statistic with its value: ``statistic`` the key (irr, rr, or, hr, t, z, chi2, n,
  se, r, beta, mean_difference, p), ``value`` the point value, ``bound`` from the operator
  ("p < 0.05" → at_most 0.05, "p > 0.1" → at_least, "=" / ":" / a space → exact).
- An interval right after it ("(95% CI 0.516 to 0.852)", "; 95% confidence interval,
  2.72–13.07", "(0.52–0.85)") is the same figure: ``low``/``high`` and ``level`` (0.95).
- An interval on its own ("95% CI 0.52-0.85", "95%置信区间：1.10～2.10") is ``statistic``
  ci, with no ``value``.
- Percent signs inside an interval give fractions (10% → 0.10), as every figure does.

The vocabulary is kept here, in both languages and both Chinese scripts (traditional text
may reach this module unconverted): 置信区间/置信區間/信赖区间/信賴區間/可信区间, P值,
比值比, 优势比/優勢比/勝算比, 相对危险度/相對危險度, 风险比/風險比, 发生率比/發生率比, 均数差,
标准误/標準誤, 相关系数/相關係數, 回归系数/迴歸係數, 卡方.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from analysis.numbers.claims.figures import new_figure, no_overlaps
from analysis.numbers.claims.numerals import literal_step

#: A signed Arabic number as statistics are written (".001", "−0.23", "1,234", "13.07").
NUM = r"(?<!\d)(?:[−-]\s?)?(?:\d{1,3}(?:,\d{3}){1,4}(?!\d)|\d{1,12})?(?:\.\d{1,12})?(?<=\d)"

#: Named statistics, English: (pattern, key, needs an operator). Ratio names take their
#: value after a space or a comma too ("IRR 0.663", "odds ratio, 5.97"); one-letter names
#: need an operator ("t = 2.1", "n=260").
_EN_NAMES: tuple[tuple[str, str, bool], ...] = (
    (r"(?i:inciden(?:ce|t)[- ]rate[- ]ratios?|rate[- ]ratios?)|a?IRR", "irr", False),
    (r"(?i:adjusted\s+)?(?i:odds[- ]ratios?)|[aA]?OR", "or", False),
    (r"(?i:hazard[- ]ratios?)|a?HR", "hr", False),
    (r"(?i:relative[- ]risks?|risk[- ]ratios?)|a?RR", "rr", False),
    (
        r"(?i:(?:standardi[sz]ed\s+)?mean[- ]differences?|differences?\s+in\s+means?)|S?MD",
        "mean_difference",
        False,
    ),
    (r"(?i:standard[- ]errors?)|SE|s\.e\.", "se", False),
    (r"(?i:chi[- ]?squared?|chi2|χ2|χ²|χ\^2)|[Xx]2|[Xx]²", "chi2", True),
    (r"(?i:beta|β)|(?<![A-Za-z])b", "beta", True),
    (r"(?<![A-Za-z])[tT]", "t", True),
    (r"(?<![A-Za-z])[zZ]", "z", True),
    (r"(?<![A-Za-z])r", "r", True),
    (r"(?<![A-Za-z])[nN]", "n", True),
)

#: Named statistics, Chinese (simplified and traditional): (pattern, key).
_ZH_NAMES: tuple[tuple[str, str, bool], ...] = (
    (r"发生率比|發生率比|率比|a?IRR", "irr", False),
    (r"比值比|优势比|優勢比|勝算比|胜算比|[aA]?OR", "or", False),
    (r"风险比|風險比|危险比|危險比|a?HR", "hr", False),
    (r"相对危险度|相對危險度|相对风险|相對風險|相对危险|相對危險|a?RR", "rr", False),
    (r"均数差|均數差|平均差值?|均值差|MD", "mean_difference", False),
    (r"标准误|標準誤|SE", "se", False),
    (r"相关系数|相關係數|相關系數", "r", False),
    (r"回归系数|迴歸係數|回歸係數|回归系數|β", "beta", False),
    (r"卡方值?|χ2值?|χ²值?", "chi2", False),
    (r"[Xx]2值?|[Xx]²值?", "chi2", True),
    (r"[tT]值?", "t", True),
    (r"[zZ]值?", "z", True),
    (r"(?:样本量|樣本量)(?=\D{0,3}\d+(?:\.\d+)?(?![\d万萬亿億千百人户戶个個名]))", "n", False),
    (r"[nN]", "n", True),
    (r"[rR]值?", "r", True),
)

#: Comparison operators and the bound they give.
_OPS = {
    "<": "at_most",
    "≤": "at_most",
    "<=": "at_most",
    ">": "at_least",
    "≥": "at_least",
    ">=": "at_least",
    "=": "exact",
    ":": "exact",
    "为": "exact",
    "為": "exact",
    "是": "exact",
    "of": "exact",
    "was": "exact",
    "is": "exact",
    "＜": "at_most",
    "＞": "at_least",
    "小于": "at_most",
    "小於": "at_most",
    "大于": "at_least",
    "大於": "at_least",
    "<0": "at_most",
}
_OP_RE = r"(?:<=|>=|[<>≤≥=:＜＞]|小于|小於|大于|大於|为|為|是)"
_EN_OP_RE = r"(?:<=|>=|[<>≤≥=:]|\b(?:of|was|is)\b)"

#: The interval's name, with its level before or after it.
_LEVEL = r"(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?"
_CI_NAME = (
    r"(?:(?<![A-Za-z])(?:CIs?|CrI|C\.I\.|UI)(?![A-Za-z])|(?i:confidence|credible|credibility|uncertainty)\s+intervals?"
    r"|置信区间|置信區間|信赖区间|信賴區間|可信区间|可信區間|信赖區間|置信区間)"
)
_SEP = r"\s*(?:\bto\b|–|—|-|~|～|至|到|,|，|、)\s*"
_ENDS = rf"(?P<lo>{NUM})\s?(?P<lop>%)?{_SEP}(?P<hi>{NUM})\s?(?P<hip>%)?"

_CI_RE = re.compile(
    rf"(?:{_LEVEL}{_CI_NAME}|{_CI_NAME}\s?\(?(?:{_LEVEL.replace('lvl', 'lvl2')})?\)?)"
    r"(?:\s?[(\[](?:CI|CrI|UI)[)\]])?"  # "95% confidence interval [CI] 1.34 to 1.57"
    rf"\s*(?:[:=：,，]|\bwas\b|\bof\b|为|為|是)?\s*[(\[]?\s*{_ENDS}\s*[)\]]?"
)

#: A bare interval in brackets right after a named value: "IRR 0.663 (0.516–0.852)".
_PAREN_ENDS = re.compile(rf"[\s,;:]*[(\[]\s*{_ENDS}\s*[)\]]")

_P_EN = re.compile(
    rf"(?<![A-Za-z])[pP](?:\s?-?\s?values?)?\s*(?P<op>{_EN_OP_RE})\s*(?P<v>{NUM})(?!\.?\d)"
)
_P_ZH = re.compile(
    rf"(?<![A-Za-z])[pP]\s?值?\s*(?:均|都|皆)?\s*(?P<op>{_OP_RE})\s*(?P<v>{NUM})(?!\.?\d)"
)

#: "或0.01", "or 0.001": a second p-value under the same operator.
_P_MORE = re.compile(rf"\s*(?:或|或者|or|/)\s*(?P<v>{NUM})(?!\.?\d)")

#: What may stand between a named value and its interval ("0.35, 95% CI", "5.97; 95%").
_GLUE = re.compile(
    r"(?:\s?[A-Za-z\u4e00-\u9fff%]{1,10}(?=[\s,;:(\[，；：（]))?"
    r"[\s,;:()\[\]，；：、]*(?:with\s+an?\s+)?[\s(\[]*"
)


def _num(s: str) -> float:
    return float(s.replace(",", "").replace("−", "-").replace(" ", ""))


def _step(s: str) -> float:
    lit = s.replace(",", "").lstrip("−- ")
    return literal_step(lit if not lit.startswith(".") else "0" + lit, False)


def _named_values(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every named statistic with its value ("OR=0.35", "odds ratio, 5.97", "t(42) = 2.1")."""
    out: list[dict[str, Any]] = []
    # an abbreviation "(IRR)" and degrees of freedom "(1)", "(2, N = 300)" after the name
    df = (
        r"(?:\s?[(\[][A-Za-z]{1,5}[)\]])?"
        r"(?:\s?\(\s*\d+(?:\.\d+)?(?:\s*,\s*(?:[nN]\s*=\s*)?[\d,]+)?\s*\))?"
    )
    if lang == "zh":
        names = list(_ZH_NAMES)
        op_re = _OP_RE
    else:
        names = list(_EN_NAMES)
        op_re = _EN_OP_RE
    for pat, key, needs_op in names:
        if needs_op:
            op = r"\s*(?P<op><=|>=|[<>≤≥=])\s*"
        elif lang == "zh":
            op = rf"\s*(?P<op>{op_re})?\s*"
        else:
            op = rf"(?:\s*(?P<op>{op_re})\s*|\s*,\s*|\s+)"
        rx = re.compile(
            rf"(?<![A-Za-z])(?:{pat})(?![A-Za-z]){df}{op}(?P<v>{NUM})\s?(?P<pct>%)?(?!\.?\d)"
        )
        for m in rx.finditer(norm):
            if key in ("n",) and "." in m.group("v"):
                continue
            op_word = (m.group("op") or "=").strip()
            scale = 0.01 if m.group("pct") else 1.0
            out.append(
                new_figure(
                    kind="reported_statistic",
                    statistic=key,
                    value=_num(m.group("v")) * scale,
                    bound=_OPS.get(op_word, "exact"),
                    precision=_step(m.group("v")) * scale,
                    source=m.group(0).strip(),
                    start=m.start(),
                    end=m.end(),
                )
            )
    for m in (_P_ZH if lang == "zh" else _P_EN).finditer(norm):
        bound = _OPS.get(m.group("op").strip(), "exact")
        spans = [(m.start(), m.end(), m.group("v"))]
        more = _P_MORE.match(norm, m.end())  # "P<0.05或0.01": the same operator
        while more:
            spans.append((more.start("v"), more.end(), more.group("v")))
            more = _P_MORE.match(norm, more.end())
        for s, e, v in spans:
            out.append(
                new_figure(
                    kind="reported_statistic",
                    statistic="p",
                    value=_num(v),
                    bound=bound,
                    precision=_step(v),
                    source=norm[s:e].strip(),
                    start=s,
                    end=e,
                )
            )
    return no_overlaps(out)


def _ends(m: re.Match) -> tuple[float, float, float]:
    lo = _num(m.group("lo")) * (0.01 if m.group("lop") or m.group("hip") else 1.0)
    hi = _num(m.group("hi")) * (0.01 if m.group("hip") or m.group("lop") else 1.0)
    scale = 0.01 if m.group("hip") or m.group("lop") else 1.0
    step = min(_step(m.group("lo")), _step(m.group("hi"))) * scale
    return min(lo, hi), max(lo, hi), step


def _intervals(norm: str) -> list[dict[str, Any]]:
    """Every named interval ("95% CI 0.516 to 0.852") as a ``ci`` figure."""
    out = []
    for m in _CI_RE.finditer(norm):
        lo, hi, step = _ends(m)
        lvl = m.group("lvl") or m.group("lvl2")
        out.append(
            new_figure(
                kind="reported_statistic",
                statistic="ci",
                low=lo,
                high=hi,
                level=float(lvl) / 100 if lvl else None,
                precision=step,
                source=m.group(0).strip(),
                start=m.start(),
                end=m.end(),
            )
        )
    return out


def find_statistics(norm: str, lang: str) -> list[dict[str, Any]]:
    """Every reported statistic of ``norm`` as a figure under construction (``new_figure``
    dicts with ``start``/``end``, kind ``reported_statistic``): a named value with the
    interval that follows it as one figure, an interval on its own as ``ci``."""
    cis = _intervals(norm)  # in text order, not overlapping
    starts = [c["start"] for c in cis]

    def overlaps_ci(f: dict[str, Any]) -> bool:
        i = bisect.bisect_left(starts, f["end"]) - 1  # the last interval starting before f ends
        return i >= 0 and cis[i]["end"] > f["start"]

    named = [f for f in _named_values(norm, lang) if not overlaps_ci(f)]
    out: list[dict[str, Any]] = []
    used: set[int] = set()
    for f in named:
        if f["statistic"] == "p":
            out.append(f)
            continue
        glue = _GLUE.match(norm, f["end"])
        at = glue.end() if glue else f["end"]
        i = bisect.bisect_left(starts, f["end"])
        ci = i if i < len(cis) and i not in used and cis[i]["start"] <= at else None
        if ci is not None:
            c = cis[ci]
            used.add(ci)
            f.update(low=c["low"], high=c["high"], level=c["level"], end=c["end"])
            f["source"] = norm[f["start"] : f["end"]].strip()
        else:
            pm = _PAREN_ENDS.match(norm, f["end"])
            if pm:
                lo, hi, _ = _ends(pm)
                f.update(low=lo, high=hi, end=pm.end())
                f["source"] = norm[f["start"] : f["end"]].strip()
        out.append(f)
    out += [c for i, c in enumerate(cis) if i not in used]
    for f in out:
        f["notes"] = ["a reported statistic: shown beside the claim, not checked"]
    return sorted(out, key=lambda f: f["start"])
