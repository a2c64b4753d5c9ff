"""Descriptive sentences: before/after changes, the treated-vs-comparison ratio of
before/after ratios, administrative levels. Words from the ``d.*`` vocabulary only
("fell", "rose", "was", "同比", "下降", "上升"); never an effect or a cause."""

from __future__ import annotations

import math

import pandas as pd

from analysis.narrative.numbers import Quoter, decimals_for, level
from analysis.narrative.sentence import Sentence
from analysis.narrative.vocab import label_for, t
from analysis.results.indicators import (
    DELTA_LOG_RATIO,
    EXP_LOG_DIFFERENCE,
    NEWCOMBE,
    NOTE_AMOUNT,
    NOTE_CENSUS,
    NOTE_FIGURE,
    NOTE_LOG,
    NOTE_MEAN_CLUSTER,
    NOTE_MEAN_HAC,
    NOTE_MEAN_RECORDS,
    NOTE_MEAN_TOO_FEW,
    NOTE_SHARE_POINTS,
    NOTE_SHARE_RATIO,
    NOTE_STOCK,
    POISSON_EXACT,
    RATE_DIFF_WALD,
    RATE_RATIO_METHODS,
    RRR_METHOD,
    WILSON,
    ChangeComparison,
    Estimate,
    FactLevel,
    IndicatorChange,
    IndicatorSeries,
    IndicatorTable,
)

#: Chinese for the fixed method labels and notes the indicator results carry.
METHOD_ZH = {
    RATE_RATIO_METHODS["wald"]: "Wald法（对数尺度）",
    RATE_RATIO_METHODS["exact"]: "精确条件法（Clopper–Pearson）",
    RATE_RATIO_METHODS["midp"]: "mid-p精确条件法",
    WILSON: "Wilson得分法",
    NEWCOMBE: "Newcombe混合得分法",
    NOTE_STOCK: "行政存量数据，无抽样误差",
    NOTE_AMOUNT: "行政金额数据，无抽样误差",
    NOTE_CENSUS: "登记册全数统计，无抽样误差",
    NOTE_FIGURE: "行政统计数据，无抽样误差",
    NOTE_SHARE_RATIO: "占比的相对变化不给出区间，见百分点变化",
    POISSON_EXACT: "精确泊松法（Garwood）",
    RATE_DIFF_WALD: "Wald法",
    NOTE_MEAN_HAC: "各期均值的抽样误差（Newey–West）：期间的随机波动，未对趋势建模",
    NOTE_MEAN_CLUSTER: (
        "各单位均值的抽样误差，按单位聚类稳健：单位为独立样本；未涵盖同期所有单位共同的冲击"
    ),
    NOTE_MEAN_RECORDS: "各记录均值的抽样误差：每条记录为独立抽样",
    NOTE_MEAN_TOO_FEW: "数值过少，无法给出抽样区间",
    NOTE_SHARE_POINTS: "占比：变化及其区间以百分点计",
    NOTE_LOG: "对数尺度分析：水平为几何均值，相对变化为exp(对数均值之差) − 1",
    DELTA_LOG_RATIO: "均值之比的对数，delta法（t分布）",
    EXP_LOG_DIFFERENCE: "对数均值之差的t区间取指数",
    RRR_METHOD: "Wald法（对数尺度），四个泊松计数",
    # the notes of the plain-number estimates (analysis.numbers.rates), '; '-split
    "no events in either group: the rate ratio is undefined": "两组均无事件，率比无法定义",
    "Wald interval undefined with a zero count (log of 0)": "有零计数时Wald区间无定义（0的对数）",
    "use method='exact'": "请改用 method='exact'",
    "no events in the first group: the lower bound is 0": "第一组无事件，下限为0",
    "no events in the reference group: the estimate and upper bound are infinite": (
        "参照组无事件，估计值与上限为无穷大"
    ),
    "no events in either group: the Wald interval is degenerate": "两组均无事件，Wald区间退化",
    "a zero count: the Wald interval is unreliable": "存在零计数，Wald区间不可靠",
    "a zero count: the log-scale interval is undefined": "存在零计数，对数尺度区间无定义",
    "denominator is 0: the share is undefined": "分母为0，占比无法定义",
    "a denominator is 0: the difference is undefined": "分母为0，差值无法定义",
}
#: Chinese names of the plain-number estimates (``Estimate.quantity``).
QUANTITY_ZH = {
    "rate_ratio": "率比",
    "rate_difference": "率差",
    "ratio_of_rate_ratios": "率比之比",
    "proportion": "占比",
    "proportion_difference": "占比之差",
}
#: Chinese for the series measures (``IndicatorSeries.measure``); "pooled rate per N"
#: is handled by :func:`_measure`.
MEASURE_ZH = {
    "pooled share": "合并占比",
    "value": "数值",
    "mean per unit": "单位均值",
    "weighted mean per unit": "单位加权均值",
    "geometric mean per unit": "单位几何均值",
    "weighted geometric mean per unit": "单位加权几何均值",
    "mean over records": "记录均值",
    "weighted mean over records": "记录加权均值",
    "geometric mean over records": "记录几何均值",
    "weighted geometric mean over records": "记录加权几何均值",
}


def translate(text: str, lang: str) -> str:
    """Chinese for known method labels and '; '-joined notes; anything else unchanged."""
    if lang != "zh":
        return text
    return "；".join(METHOD_ZH.get(part, part) for part in text.split("; "))


def span(start: str, end: str, freq: str, lang: str = "en") -> str:
    """A window in words: 'Jan–Sep 2021', 'Q4 2020–Q2 2021', '2021年1–9月'."""
    a, b = pd.Period(start, freq), pd.Period(end, freq)
    if freq == "M":
        names = t(lang, "month_names").split()
        m1, m2 = names[a.month - 1], names[b.month - 1]
        if a == b:
            return t(lang, "span_month", m=m1, y=a.year)
        if a.year == b.year:
            return t(lang, "span_month_same_year", m1=m1, m2=m2, y=a.year)
        return t(lang, "span_month_years", m1=m1, y1=a.year, m2=m2, y2=b.year)
    if freq == "Q":
        if a == b:
            return t(lang, "span_quarter", q=a.quarter, y=a.year)
        if a.year == b.year:
            return t(lang, "span_quarter_same_year", q1=a.quarter, q2=b.quarter, y=a.year)
        return t(lang, "span_quarter_years", q1=a.quarter, y1=a.year, q2=b.quarter, y2=b.year)
    if a == b:
        return t(lang, "span_year", y=a.year)
    return t(lang, "span_years", y1=a.year, y2=b.year)


def who(c: IndicatorChange, lang: str) -> str:
    """Whose change: the named pilot unit(s) (up to three), the comparison units, a unit."""
    if c.group == "treated":
        if len(c.units) > 3:
            return t(lang, "who_pilot_units")
        names = list(c.units)
        joined = (
            names[0]
            if len(names) == 1
            else (t(lang, "list_sep").join(names[:-1]) + t(lang, "and") + names[-1])
        )
        return t(lang, "who_units", names=joined)
    if c.group == "comparison":
        return t(lang, "who_comparison")
    return c.group


def _freq(c: IndicatorChange) -> str:
    return c.frequency if c.frequency in ("M", "Q", "Y") else "M"


def _adjacent(c: IndicatorChange) -> bool:
    f = _freq(c)
    return pd.Period(c.before_end, f) + 1 == pd.Period(c.after_start, f)


def _at_end(c: IndicatorChange) -> bool:
    """A stock summarised by its value in the window's last period."""
    return c.indicator_kind == "stock" and c.level_definition.startswith(
        "value at the window's last period"
    )


def _levels(c: IndicatorChange, q: Quoter, d_share: int) -> tuple[str, str, str, str]:
    """(before, after, before span, after span) in words for the indicator's kind."""
    lang, f = q.lang, _freq(c)
    bspan = span(c.before_start, c.before_end, f, lang)
    aspan = span(c.after_start, c.after_end, f, lang)
    kind = c.indicator_kind
    if c.in_points:  # levels are data: at least one decimal
        d = max(d_share, 1)
        return q.share(c.before_level, d), q.share(c.after_level, d), bspan, aspan
    if c.averaged:  # a mean of given values: "28,795 on average"
        if kind == "rate" and c.per != 1:
            per = q.level(c.per)
            return (
                t(lang, "d.rate", x=t(lang, "d.mean", x=q.level(c.before_level)), per=per),
                t(lang, "d.rate", x=t(lang, "d.mean", x=q.level(c.after_level)), per=per),
                bspan,
                aspan,
            )
        return (
            t(lang, "d.mean", x=q.level(c.before_level)),
            t(lang, "d.mean", x=q.level(c.after_level)),
            bspan,
            aspan,
        )
    if kind == "rate":
        per = q.level(c.per)
        return (
            t(lang, "d.rate", x=q.level(c.before_level), per=per),
            t(lang, "d.rate", x=q.level(c.after_level), per=per),
            bspan,
            aspan,
        )
    if kind in ("count", "amount") and c.change_scale == "per period":
        word = {"period": t(lang, f"period.{f}"), "avg": t(lang, f"avg.{f}")}
        return (
            t(lang, "d.per_period", x=q.level(c.before_per_period), **word),
            t(lang, "d.per_period", x=q.level(c.after_per_period), **word),
            bspan,
            aspan,
        )
    if kind == "stock":
        if _at_end(c):  # people or things at a date: whole
            return (
                q.kind_level(c.before_level, kind),
                q.kind_level(c.after_level, kind),
                span(c.before_end, c.before_end, f, lang),
                span(c.after_end, c.after_end, f, lang),
            )
        return (
            t(lang, "d.mean", x=q.level(c.before_level)),
            t(lang, "d.mean", x=q.level(c.after_level)),
            bspan,
            aspan,
        )
    # totals over the window: whole people and cases (kind_level), amounts by the level rule
    return q.kind_level(c.before_level, kind), q.kind_level(c.after_level, kind), bspan, aspan


def _move(x: float, lo: float, hi: float, q: Quoter, points: bool) -> tuple[str, int]:
    """'fell 22%' / '上升3.2个百分点' at the precision the interval supports."""
    lang = q.lang
    d = decimals_for(lo, hi, scale=100.0, estimate=x)
    if round(abs(x) * 100, d) == 0:
        return t(lang, "d.unchanged"), d
    verb = t(lang, "d.fell" if x < 0 else "d.rose")
    amount = t(lang, "pp", x=q.points(x, d, sign=False)) if points else q.pct(x, d, sign=False)
    return t(lang, "d.move", verb=verb, amount=amount), d


def change_clause(
    c: IndicatorChange, lang: str = "en", *, compact: bool = False, label: str | None = None
) -> tuple[str, tuple[float, ...], bool]:
    """A descriptive clause for one change, without the final stop.

    Returns ``(text, values, interval_includes_zero)``. ``compact`` gives the short
    form used in paragraphs ("Fraud at Dadeng fell 22% year on year"; for the
    comparison group "the comparison units fell 12% over the same months").
    """
    q = Quoter(lang)
    lab = label or label_for(lang, c.label, c.label_zh)
    whom = who(c, lang)
    f = _freq(c)
    points = c.in_points
    x, lo, hi = (
        (c.absolute_change, c.abs_conf_low, c.abs_conf_high)
        if points
        else (c.relative_change, c.relative_conf_low, c.relative_conf_high)
    )
    has_ci = not (math.isnan(lo) or math.isnan(hi))
    zero = has_ci and lo <= 0 <= hi
    if c.basis == "year_on_year":
        basis, tmpl = t(lang, "d.basis.year_on_year"), "d.change"
    elif _adjacent(c):
        basis, tmpl = t(lang, "d.basis.adjacent"), "d.change"
    else:
        basis, tmpl = "", "d.change_vs"
    comparison = compact and c.group == "comparison"
    if not math.isfinite(x):
        before, after, bspan, aspan = _levels(c, q, 1)
        return (
            t(
                lang,
                "d.undefined",
                label=lab,
                who=whom,
                before=before,
                after=after,
                bspan=bspan,
                aspan=aspan,
            ),
            tuple(q.values),
            False,
        )
    if not has_ci and not points and x >= 1 and not c.averaged:  # a fold reads better
        fold = q.fold(c.fold_change)
        bspan = span(c.before_end if _at_end(c) else c.before_start, c.before_end, f, lang)
        if comparison:
            return (
                t(lang, "d.compact_comparison_fold", fold=fold, periods=t(lang, f"periods.{f}")),
                tuple(q.values),
                False,
            )
        if compact:
            return (
                t(lang, "d.compact_fold", label=lab, who=whom, fold=fold, bspan=bspan),
                tuple(q.values),
                False,
            )
        before, after, bspan, aspan = _levels(c, q, 1)
        text = t(
            lang,
            "d.fold",
            label=lab,
            who=whom,
            after=after,
            aspan=aspan,
            fold=fold,
            before=before,
            bspan=bspan,
        )
        return (
            text + t(lang, "open") + t(lang, "d.admin") + t(lang, "close"),
            tuple(q.values),
            False,
        )
    move, d = _move(x, lo, hi, q, points)
    if compact:
        if comparison:
            text = t(lang, "d.compact_comparison", move=move, periods=t(lang, f"periods.{f}"))
        else:
            key = "d.compact" if tmpl == "d.change" else "d.compact_vs"
            text = t(
                lang,
                key,
                label=lab,
                who=whom,
                move=move,
                basis=basis,
                bspan=span(c.before_start, c.before_end, f, lang),
            )
        return text, tuple(q.values), zero
    before, after, bspan, aspan = _levels(c, q, d)
    text = t(
        lang,
        tmpl,
        label=lab,
        who=whom,
        move=move,
        basis=basis,
        before=before,
        after=after,
        bspan=bspan,
        aspan=aspan,
    )
    parts = []
    if tmpl == "d.change" and t(lang, "d.before_part"):
        parts.append(t(lang, "d.before_part", bspan=bspan, before=before))
    level = f"{(1 - c.alpha) * 100:g}"
    if has_ci:
        if points:
            parts.append(t(lang, "ci_pp", level=level, lo=q.points(lo, d), hi=q.points(hi, d)))
        else:
            parts.append(t(lang, "ci", level=level, lo=q.pct(lo, d), hi=q.pct(hi, d)))
    else:
        parts.append(t(lang, "d.no_interval" if c.averaged else "d.admin"))
    text += t(lang, "open") + t(lang, "sep").join(parts) + t(lang, "close")
    if zero:
        text += t(lang, "d.zero")
    return text, tuple(q.values), zero


def narrate_change(c: IndicatorChange, lang: str = "en", *, label: str | None = None) -> Sentence:
    """One before/after change as a descriptive sentence.

    >>> narrate_change(change).text  # doctest: +SKIP
    'Fraud at Dadeng fell 22% year on year, from 87 in Jan–Sep 2020 to 68 in Jan–Sep 2021
    (95% CI −44% to +9%), which cannot be told apart from no change.'
    """
    text, values, zero = change_clause(c, lang, label=label)
    gates = ("interval_includes_zero",) if zero else ()
    return Sentence(text + t(lang, "end"), values, "descriptive", gates, lang)


def narrate_change_comparison(
    cc: ChangeComparison, lang: str = "en", *, label: str | None = None
) -> Sentence:
    """The pilot's after/before ratio as a multiple of the comparison units' (descriptive)."""
    q = Quoter(lang)
    r = cc.ratio
    lab = label or label_for(lang, cc.label, cc.label_zh)
    d = decimals_for(r.conf_low, r.conf_high, scale=1.0, default=2)
    text = t(lang, "d.ratio_of_ratios", label=lab, ratio=q.num(r.estimate, d, sign=False))
    gates: tuple[str, ...] = ()
    if not (math.isnan(r.conf_low) or math.isnan(r.conf_high)):
        level = f"{(1 - r.alpha) * 100:g}"
        text += (
            t(lang, "open")
            + t(
                lang,
                "ci",
                level=level,
                lo=q.num(r.conf_low, d, False),
                hi=q.num(r.conf_high, d, False),
            )
            + t(lang, "close")
        )
        if r.conf_low <= 1 <= r.conf_high:
            text += t(lang, "d.zero_diff")
            gates = ("interval_includes_zero",)
    return Sentence(text + t(lang, "end"), tuple(q.values), "descriptive", gates, lang)


def narrate_fact(f: FactLevel, lang: str = "en", *, label: str | None = None) -> Sentence:
    """An administrative level ("… was 60.7% (221 of 364)")."""
    q = Quoter(lang)
    lab = label or label_for(lang, f.label, f.label_zh)
    parts: list[str] = []
    has_ci = math.isfinite(f.conf_low) and math.isfinite(f.conf_high)
    share = f.indicator_kind in ("proportion", "share")
    d = decimals_for(f.conf_low, f.conf_high, scale=100.0)

    def fmt(x: float) -> str:
        return q.share(x, d) if share else q.level(x)

    if share:
        value = fmt(f.level)
        parts.append(t(lang, "d.of", num=q.level(f.numerator), den=q.level(f.denominator)))
    elif f.indicator_kind == "rate" and (f.per != 1 or math.isfinite(f.denominator)):
        value = t(lang, "d.rate", x=q.level(f.level), per=q.level(f.per))
    else:
        value = q.kind_level(f.level, f.indicator_kind)
    if has_ci:
        level = f"{(1 - f.alpha) * 100:g}"
        parts.append(t(lang, "ci", level=level, lo=fmt(f.conf_low), hi=fmt(f.conf_high)))
    else:
        parts.append(t(lang, "d.admin"))
    text = (
        t(lang, "d.level", label=lab, value=value)
        + t(lang, "open")
        + t(lang, "sep").join(parts)
        + t(lang, "close")
        + t(lang, "end")
    )
    return Sentence(text, tuple(q.values), "descriptive", (), lang)


def narrate_indicators(
    table: IndicatorTable, lang: str = "en", indicators: tuple[str, ...] | None = None
) -> tuple[Sentence, ...]:
    """One descriptive sentence per indicator (``indicators``, default all in spec
    order): the pilot's change (else the comparison units'), then each administrative
    level."""
    out: list[Sentence] = []
    names = table.indicators(include_facts=True) if indicators is None else indicators
    for name in names:
        for group in ("treated", "comparison"):
            try:
                item = table.get(name, group)
            except KeyError:
                continue
            if isinstance(item, FactLevel):
                out.append(narrate_fact(item, lang))
            elif isinstance(item, IndicatorChange):
                out.append(narrate_change(item, lang))
            break
    return tuple(out)


def indicators_text(table: IndicatorTable, lang: str = "en", indicator: str | None = None) -> str:
    """:func:`narrate_indicators` as one paragraph, or one indicator's sentence."""
    names = None if indicator is None else (indicator,)
    return _join(lang, [s.text for s in narrate_indicators(table, lang, names)])


def _join(lang: str, texts: list[str]) -> str:
    """Sentences run together: a space between English ones, none between Chinese."""
    return ("" if lang == "zh" else " ").join(texts)


def _plain(q: Quoter, x: float, d: int) -> str:
    """A number with a minus sign when negative and none when positive ('–' if NaN)."""
    if not math.isfinite(x):
        q.values.append(float(x))
        return level(x, q.lang)
    return q.num(x, d, sign=x < 0)


def narrate_estimate(e: Estimate, lang: str = "en") -> Sentence:
    """A plain-number estimate: "rate_ratio: 1.86 (95% CI 1.45 to 2.37; exact …)"."""
    q = Quoter(lang)
    name = QUANTITY_ZH.get(e.quantity, e.quantity) if lang == "zh" else e.quantity
    # one decimal more than the interval strictly supports: a technical read-out
    d = min(decimals_for(e.conf_low, e.conf_high, scale=1.0, default=2) + 1, 3)
    parts = []
    if math.isfinite(e.conf_low) or math.isfinite(e.conf_high):
        lvl = f"{(1 - e.alpha) * 100:g}"
        parts.append(
            t(lang, "ci", level=lvl, lo=_plain(q, e.conf_low, d), hi=_plain(q, e.conf_high, d))
        )
    parts += [translate(x, lang) for x in (e.method, e.note) if x]
    text = t(lang, "d.level", label=name, value=_plain(q, e.estimate, d))
    if parts:
        text += t(lang, "open") + t(lang, "sep").join(parts) + t(lang, "close")
    return Sentence(text + t(lang, "end"), tuple(q.values), "descriptive", (), lang)


def _measure(measure: str, lang: str) -> str:
    if lang != "zh":
        return measure
    if measure.startswith("pooled rate per "):
        return f"每{measure.removeprefix('pooled rate per ')}的合并率"
    return MEASURE_ZH.get(measure, measure)


_GROUP_KEY = {"treated": "who_pilot_units", "comparison": "who_comparison"}


def narrate_series(s: IndicatorSeries, lang: str = "en") -> Sentence:
    """What a plotted series shows: "fraud (treated): mean per unit over 24 periods"."""
    q = Quoter(lang)
    n = q.count(len(s.periods))
    first, last = (s.periods[0], s.periods[-1]) if s.periods else ("", "")
    if lang == "zh":
        group = _GROUP_KEY.get(s.group)
        group = t(lang, group) if group else s.group
        text = f"{s.indicator}（{group}）：{_measure(s.measure, lang)}，{first}至{last}共{n}期"
    else:
        text = f"{s.indicator} ({s.group}): {s.measure}, {first} to {last} ({n} periods)"
    return Sentence(text + t(lang, "end"), tuple(q.values), "descriptive", (), lang)
