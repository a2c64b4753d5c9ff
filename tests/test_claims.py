"""Claim parsing (text → ParsedClaim) and the verdict rules (judge → Verdict).

The article's exact sentences D1–D11 and G1–G12 come from
``../shared/seed/FIGURES.md`` (as stored in ``data/*/study.yml``); the other
strings cover every figure family in Chinese and English.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from analysis.numbers.claims.judge import judge
from analysis.numbers.claims.numerals import cn_to_number
from analysis.numbers.claims.parse import parse_claim, parse_claims
from analysis.numbers.claims.text import detect_language
from analysis.numbers.runs import longest_zero_run, zero_runs
from analysis.results.claims import (
    BOUNDS,
    KINDS,
    SCALE_OF_KIND,
    VERDICTS,
    ClaimCheck,
    ClaimsTable,
    ParsedClaim,
    Verdict,
)

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article_zh.txt"

D1 = "全口径电信诈骗警情同比下降22%"
D2 = "流动人口登记人数由4月份的3800人提升至1.2万余人,登记量提升3倍"
D3 = "共排查发现各类矛盾纠纷77起,提前化解75起,化解率达到97%"
D4 = "共妥善化解各类矛盾纠纷220余起"
D5 = '连续两个月实现"民转刑"案件零发生'
D6 = "成功劝阻诈骗警情40余起,挽回群众损失32.8万元"
D7 = "5月以来共开展集中治安清查55次,查处相关案件236起"
D8 = "组织召开警民恳谈会36场次"
D9 = "查获偷私渡案件8起7人"
D10 = "成功调处化解长达十余年的涉土地矛盾纠纷4起"
D11 = "帮扶小嶝特困群体15人,开展法律咨询服务120余人次,上门办证服务33人次"
G1 = "组建364个小区党支部、1185个党小组,2327个党员中心户"
G2 = "221名机关干部、退休干部担任小区党支部书记,占总数的60.7%"
G3 = "1.7万余名党员信息台账"
G4 = "组建业主委员会(或自治小组)426个 … 238名党员担任业委会主任,党员占比60%以上"
G5 = "兜底管理196个无物业管理小区"
G6 = "将283个老旧小区全部纳入改造计划,在完成135个改造的基础上,2021年新启动91个"
G7 = '今年已解决集中供暖、居民纠纷等"大事""小事"4600多件'
G8 = "收回公益性用房5300多平方米,建设党群之家393个"
G9 = "推动60%以上的街道干部下沉社区"
G10 = "135名社区民警、106名执法队员"
G11 = "125个市直单位党组织、6200余名在职党员 … 累计开展活动5600余次"
G12 = "帮助协调解决邻里纠纷600多起"


def assert_fields(claim: ParsedClaim, expected: dict[str, Any]) -> None:
    """Every expected field equals the parsed one (floats and tuples of floats approximately)."""
    for key, want in expected.items():
        got = getattr(claim, key)
        floats = isinstance(want, float) or (
            isinstance(want, tuple) and bool(want) and all(isinstance(x, float) for x in want)
        )
        if floats:
            assert got == pytest.approx(want), f"{key}: {got!r} != {want!r}"
        else:
            assert got == want, f"{key}: {got!r} != {want!r}"


# ---------------------------------------------------------------- the article, headline figure

ARTICLE_HEADLINES = [
    pytest.param(
        D1,
        dict(
            kind="percent_change",
            value=-0.22,
            direction="decrease",
            bound="exact",
            precision=0.01,
            basis="yoy",
            unit="%",
            subject="电信诈骗警情",
            period=None,
            undetermined=("period not stated",),
        ),
        id="D1-yoy-down-22pct",
    ),
    pytest.param(
        D2,
        dict(
            kind="multiple",
            value=3.0,
            readings=(3.0, 4.0),
            reading_labels=("to 3×", "by 3× (= 4×)"),
            direction="increase",
            before=3800.0,
            after=12000.0,
            after_bound="at_least",
            before_period="4月份",
            subject="登记量",
        ),
        id="D2-ambiguous-3x",
    ),
    pytest.param(
        D3,
        dict(
            kind="share",
            value=0.97,
            precision=0.01,
            numerator=75.0,
            denominator=77.0,
            bound="exact",
            subject="化解率",
        ),
        id="D3-share-75-of-77",
    ),
    pytest.param(
        D4,
        dict(
            kind="count",
            value=220.0,
            bound="at_least",
            precision=10.0,
            unit="起",
            subject="矛盾纠纷",
        ),
        id="D4-220-plus",
    ),
    pytest.param(
        D5,
        dict(kind="zero_run", value=2.0, unit="months", subject="民转刑案件"),
        id="D5-two-zero-months",
    ),
    pytest.param(
        D6,
        dict(kind="count", value=40.0, bound="at_least", precision=10.0, subject="诈骗警情"),
        id="D6-40-plus-dissuaded",
    ),
    pytest.param(
        D7,
        dict(
            kind="count",
            value=55.0,
            unit="次",
            period="5月以来",
            subject="集中治安清查",
            undetermined=(),
        ),
        id="D7-55-sweeps",
    ),
    pytest.param(
        D8, dict(kind="count", value=36.0, unit="场次", subject="警民恳谈会"), id="D8-36-meetings"
    ),
    pytest.param(
        D9, dict(kind="count", value=8.0, unit="起", subject="偷私渡案件"), id="D9-8-cases"
    ),
    pytest.param(
        D10,
        dict(kind="count", value=4.0, unit="起", subject="涉土地矛盾纠纷"),
        id="D10-4-land-disputes",
    ),
    pytest.param(
        D11, dict(kind="count", value=15.0, unit="人", subject="小嶝特困群体"), id="D11-15-people"
    ),
    pytest.param(
        G1, dict(kind="count", value=364.0, unit="个", subject="小区党支部"), id="G1-364-branches"
    ),
    pytest.param(
        G2,
        dict(
            kind="share",
            value=0.607,
            precision=0.001,
            numerator=221.0,
            denominator=None,
            subject="机关干部、退休干部",
        ),
        id="G2-share-60.7pct",
    ),
    pytest.param(
        G3,
        dict(
            kind="count",
            value=17000.0,
            bound="at_least",
            precision=1000.0,
            unit="名",
            subject="党员信息台账",
        ),
        id="G3-1.7wan-plus",
    ),
    pytest.param(
        G4,
        dict(
            kind="share",
            value=0.60,
            bound="at_least",
            precision=0.10,
            numerator=238.0,
            denominator=426.0,
            subject="党员",
        ),
        id="G4-share-60pct-plus",
    ),
    pytest.param(
        G5, dict(kind="count", value=196.0, subject="无物业管理小区"), id="G5-196-compounds"
    ),
    pytest.param(G6, dict(kind="count", value=283.0, subject="老旧小区"), id="G6-283-planned"),
    pytest.param(
        G7,
        dict(
            kind="count", value=4600.0, bound="at_least", precision=100.0, unit="件", period="今年"
        ),
        id="G7-4600-plus",
    ),
    pytest.param(
        G8,
        dict(kind="amount", value=5300.0, bound="at_least", unit="平方米", subject="公益性用房"),
        id="G8-5300-m2-plus",
    ),
    pytest.param(
        G9,
        dict(
            kind="share",
            value=0.60,
            bound="at_least",
            numerator=None,
            denominator=None,
            subject="街道干部",
        ),
        id="G9-60pct-plus-cadres",
    ),
    pytest.param(
        G10, dict(kind="count", value=135.0, unit="名", subject="社区民警"), id="G10-135-police"
    ),
    pytest.param(
        G11,
        dict(kind="count", value=125.0, unit="个", subject="市直单位党组织"),
        id="G11-125-units",
    ),
    pytest.param(
        G12,
        dict(kind="count", value=600.0, bound="at_least", precision=100.0, subject="邻里纠纷"),
        id="G12-600-plus",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ARTICLE_HEADLINES)
def test_article_claim_headline(text: str, expected: dict[str, Any]) -> None:
    claim = parse_claim(text)
    assert claim.text == text
    assert claim.language == "zh"
    assert_fields(claim, expected)


# ---------------------------------------------------------------- the article, every figure

# (kind, value, bound, unit, subject) per figure, in order
ARTICLE_FIGURES = [
    pytest.param(
        D2,
        [
            ("before_after", 12000.0, "at_least", "人", "流动人口登记人数"),
            ("multiple", 3.0, "exact", "×", "登记量"),
        ],
        id="D2",
    ),
    pytest.param(
        D3,
        [
            ("count", 77.0, "exact", "起", "矛盾纠纷"),
            ("count", 75.0, "exact", "起", "矛盾纠纷"),
            ("share", 0.97, "exact", "%", "化解率"),
        ],
        id="D3",
    ),
    pytest.param(
        D6,
        [
            ("count", 40.0, "at_least", "起", "诈骗警情"),
            ("amount", 328000.0, "exact", "yuan", "群众损失"),
        ],
        id="D6",
    ),
    pytest.param(
        D7,
        [
            ("count", 55.0, "exact", "次", "集中治安清查"),
            ("count", 236.0, "exact", "起", "相关案件"),
        ],
        id="D7",
    ),
    pytest.param(
        D9,
        [("count", 8.0, "exact", "起", "偷私渡案件"), ("count", 7.0, "exact", "人", "偷私渡案件")],
        id="D9",
    ),
    pytest.param(
        D10,
        [
            ("count", 10.0, "at_least", "年", "涉土地矛盾纠纷"),
            ("count", 4.0, "exact", "起", "涉土地矛盾纠纷"),
        ],
        id="D10",
    ),
    pytest.param(
        D11,
        [
            ("count", 15.0, "exact", "人", "小嶝特困群体"),
            ("count", 120.0, "at_least", "人次", "法律咨询服务"),
            ("count", 33.0, "exact", "人次", "上门办证服务"),
        ],
        id="D11",
    ),
    pytest.param(
        G1,
        [
            ("count", 364.0, "exact", "个", "小区党支部"),
            ("count", 1185.0, "exact", "个", "党小组"),
            ("count", 2327.0, "exact", "个", "党员中心户"),
        ],
        id="G1",
    ),
    pytest.param(
        G2,
        [
            ("count", 221.0, "exact", "名", "机关干部、退休干部"),
            ("share", 0.607, "exact", "%", "机关干部、退休干部"),
        ],
        id="G2",
    ),
    pytest.param(
        G4,
        [
            ("count", 426.0, "exact", "个", "业主委员会(或自治小组)"),
            ("count", 238.0, "exact", "名", "党员"),
            ("share", 0.60, "at_least", "%", "党员"),
        ],
        id="G4",
    ),
    pytest.param(
        G6,
        [
            ("count", 283.0, "exact", "个", "老旧小区"),
            ("count", 135.0, "exact", "个", "改造"),
            ("count", 91.0, "exact", "个", "改造"),
        ],
        id="G6",
    ),
    pytest.param(
        G8,
        [
            ("amount", 5300.0, "at_least", "平方米", "公益性用房"),
            ("count", 393.0, "exact", "个", "党群之家"),
        ],
        id="G8",
    ),
    pytest.param(
        G10,
        [("count", 135.0, "exact", "名", "社区民警"), ("count", 106.0, "exact", "名", "执法队员")],
        id="G10",
    ),
    pytest.param(
        G11,
        [
            ("count", 125.0, "exact", "个", "市直单位党组织"),
            ("count", 6200.0, "at_least", "名", "在职党员"),
            ("count", 5600.0, "at_least", "次", "活动"),
        ],
        id="G11",
    ),
]


@pytest.mark.parametrize(("text", "figures"), ARTICLE_FIGURES)
def test_article_claim_every_figure(text: str, figures: list[tuple]) -> None:
    parsed = parse_claims(text)
    got = [(f.kind, f.value, f.bound, f.unit, f.subject) for f in parsed]
    assert got == [(k, pytest.approx(v), b, u, s) for k, v, b, u, s in figures]
    assert parse_claim(text).figures == tuple(parsed)


def test_d2_pair_and_multiple_carry_before_and_after() -> None:
    pair, mult = parse_claims(D2)
    assert (pair.before, pair.before_bound, pair.before_period) == (3800.0, "exact", "4月份")
    assert (pair.after, pair.after_bound, pair.precision) == (12000.0, "at_least", 1000.0)
    assert pair.basis == "before_after" and pair.direction == "increase"
    assert "after period not stated" in pair.undetermined
    assert (mult.before, mult.after) == (3800.0, 12000.0)
    assert any("'提升3倍' is ambiguous" in n and "4×" in n for n in mult.notes)
    assert "which multiple is meant: to 3× or by 3× (= 4×)" in mult.undetermined


def test_g6_second_year_figure_has_its_period() -> None:
    assert [f.period for f in parse_claims(G6)] == [None, None, "2021年"]


def test_d7_period_scopes_over_the_sentence() -> None:
    assert [f.period for f in parse_claims(D7)] == ["5月以来", "5月以来"]


# ---------------------------------------------------------------- other Chinese wordings

ZH_CASES = [
    pytest.param(
        "电信诈骗警情下降了两成",
        dict(kind="percent_change", value=-0.20, precision=0.1, basis=None),
        id="zh-down-two-tenths",
    ),
    pytest.param(
        "盗窃案件同比下降三成",
        dict(kind="percent_change", value=-0.30, basis="yoy", subject="盗窃案件"),
        id="zh-yoy-down-three-tenths",
    ),
    pytest.param(
        "发案率同比下降22个百分点",
        dict(kind="percentage_point_change", value=-0.22, basis="yoy", subject="发案率"),
        id="zh-pp-down-22",
    ),
    pytest.param(
        "发案率提高5个百分点",
        dict(kind="percentage_point_change", value=0.05, direction="increase"),
        id="zh-pp-up-5",
    ),
    pytest.param(
        "网购诈骗案件环比下降百分之十五",
        dict(kind="percent_change", value=-0.15, basis="mom", subject="网购诈骗案件"),
        id="zh-mom-baifenzhi-15",
    ),
    pytest.param(
        "全口径电信诈骗警情同比下降２２％",
        dict(kind="percent_change", value=-0.22, basis="yoy", source="22%"),
        id="zh-fullwidth-digits",
    ),
    pytest.param(
        "电信诈骗警情同比下降约22%",
        dict(kind="percent_change", value=-0.22, bound="approx"),
        id="zh-approx-yue",
    ),
    pytest.param(
        "电信诈骗警情下降22%",
        dict(
            kind="percent_change",
            value=-0.22,
            undetermined=("comparison basis not stated", "period not stated"),
        ),
        id="zh-no-basis",
    ),
    pytest.param(
        "接处警数量同比上升15.5%",
        dict(kind="percent_change", value=0.155, precision=0.001, direction="increase"),
        id="zh-up-15.5pct",
    ),
    pytest.param(
        "较去年同期增长15%",
        dict(kind="percent_change", value=0.15, basis="yoy", period=None),
        id="zh-same-period-last-year",
    ),
    pytest.param(
        "一季度发案量环比下降10%",
        dict(kind="percent_change", value=-0.10, basis="mom", period="一季度", subject="发案量"),
        id="zh-q1-mom",
    ),
    pytest.param(
        "登记量增长3倍",
        dict(
            kind="multiple",
            readings=(3.0, 4.0),
            undetermined=(
                "which multiple is meant: to 3× or by 3× (= 4×)",
                "levels before and after not stated",
                "period not stated",
            ),
        ),
        id="zh-zengzhang-3bei",
    ),
    pytest.param(
        "登记量增加了3倍", dict(kind="multiple", readings=(3.0, 4.0)), id="zh-zengjiale-3bei"
    ),
    pytest.param(
        "登记量增长了3倍多",
        dict(kind="multiple", readings=(3.0, 4.0), bound="at_least"),
        id="zh-3bei-duo",
    ),
    pytest.param(
        "登记量增长一倍", dict(kind="multiple", value=2.0, readings=(2.0,)), id="zh-yibei-doubled"
    ),
    pytest.param(
        "登记量翻了一番",
        dict(kind="multiple", value=2.0, readings=(2.0,), subject="登记量"),
        id="zh-fan-yi-fan",
    ),
    pytest.param(
        "登记量翻两番", dict(kind="multiple", value=4.0, readings=(4.0,)), id="zh-fan-liang-fan"
    ),
    pytest.param(
        "登记人数是去年同期的3倍",
        dict(kind="multiple", value=3.0, readings=(3.0,), basis="yoy", subject="登记人数"),
        id="zh-shi-de-3bei",
    ),
    pytest.param("登记人数增长到3倍", dict(kind="multiple", readings=(3.0,)), id="zh-to-3bei"),
    pytest.param(
        "电诈警情减少了一半", dict(kind="multiple", value=0.5, direction="decrease"), id="zh-halved"
    ),
    pytest.param(
        "三成居民参与了调解", dict(kind="share", value=0.30, subject="居民"), id="zh-share-sancheng"
    ),
    pytest.param(
        "近两成群众不知道",
        dict(kind="share", value=0.20, bound="at_most", subject="群众"),
        id="zh-jin-liangcheng",
    ),
    pytest.param(
        "八成以上的纠纷在村居化解",
        dict(kind="share", value=0.80, bound="at_least", precision=0.1, subject="纠纷"),
        id="zh-bacheng-yishang",
    ),
    pytest.param(
        "百分之六十的干部下沉社区",
        dict(kind="share", value=0.60, subject="干部"),
        id="zh-baifenzhi-liushi",
    ),
    pytest.param(
        "约3000人参与",
        dict(kind="count", value=3000.0, bound="approx", precision=1000.0, unit="人"),
        id="zh-yue-3000",
    ),
    pytest.param(
        "化解纠纷超过200起",
        dict(kind="count", value=200.0, bound="at_least", subject="纠纷"),
        id="zh-chaoguo-200",
    ),
    pytest.param(
        "矛盾纠纷不足百起",
        dict(kind="count", value=100.0, bound="at_most", subject="矛盾纠纷"),
        id="zh-buzu-bai",
    ),
    pytest.param(
        "累计服务群众3万余人次",
        dict(kind="count", value=30000.0, bound="at_least", precision=10000.0, unit="人次"),
        id="zh-3wan-yu",
    ),
    pytest.param(
        "开展宣传活动二十场",
        dict(kind="count", value=20.0, unit="场", subject="宣传活动"),
        id="zh-cn-numeral-20",
    ),
    pytest.param(
        "出动警力一千二百人次",
        dict(kind="count", value=1200.0, unit="人次"),
        id="zh-cn-numeral-1200",
    ),
    pytest.param(
        "今年以来共受理案件1,234件",
        dict(kind="count", value=1234.0, period="今年以来", subject="案件", undetermined=()),
        id="zh-thousands-comma",
    ),
    pytest.param(
        "去年全年共发生案件300起",
        dict(kind="count", value=300.0, period="去年全年", subject="案件"),
        id="zh-last-year",
    ),
    pytest.param(
        "挽回损失1.5亿元",
        dict(kind="amount", value=1.5e8, precision=1e7, unit="yuan"),
        id="zh-yi-yuan",
    ),
    pytest.param(
        "挽回经济损失328000元",
        dict(kind="amount", value=328000.0, precision=1.0, subject="经济损失"),
        id="zh-yuan-plain",
    ),
    pytest.param(
        "案件数由2020年的87起下降至68起",
        dict(
            kind="before_after",
            before=87.0,
            after=68.0,
            direction="decrease",
            before_period="2020年",
            subject="案件数",
        ),
        id="zh-pair-down",
    ),
    pytest.param(
        "化解率由85%提升至97%",
        dict(kind="before_after", before=0.85, after=0.97, unit="%", direction="increase"),
        id="zh-pair-shares",
    ),
    pytest.param(
        "连续3个月未发生命案",
        dict(kind="zero_run", value=3.0, unit="months", subject="命案"),
        id="zh-run-weifasheng",
    ),
    pytest.param(
        "辖区连续两年实现命案零发生",
        dict(kind="zero_run", value=2.0, unit="years", subject="命案"),
        id="zh-run-two-years",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ZH_CASES)
def test_chinese_wordings(text: str, expected: dict[str, Any]) -> None:
    claim = parse_claim(text)
    assert claim.language == "zh"
    assert_fields(claim, expected)


# ---------------------------------------------------------------- English wordings

EN_CASES = [
    pytest.param(
        "Telecom fraud reports fell 22% year on year",
        dict(kind="percent_change", value=-0.22, basis="yoy", subject="Telecom fraud reports"),
        id="en-fell-22pct-yoy",
    ),
    pytest.param(
        "Reported telecom fraud was down 22%",
        dict(kind="percent_change", value=-0.22, basis=None, subject="Reported telecom fraud"),
        id="en-down-22pct",
    ),
    pytest.param(
        "Telecom fraud fell by 22 percent since May",
        dict(kind="percent_change", value=-0.22, period="since May"),
        id="en-fell-by-22-percent",
    ),
    pytest.param(
        "a 22% year-on-year decrease in telecom fraud reports",
        dict(kind="percent_change", value=-0.22, basis="yoy", subject="telecom fraud reports"),
        id="en-noun-decrease",
    ),
    pytest.param(
        "Burglaries rose 15 per cent",
        dict(kind="percent_change", value=0.15, direction="increase", subject="Burglaries"),
        id="en-rose-15-per-cent",
    ),
    pytest.param(
        "Fraud cases dropped 15% month-on-month",
        dict(kind="percent_change", value=-0.15, basis="mom"),
        id="en-mom",
    ),
    pytest.param(
        "Complaints fell 12.5% from a year earlier",
        dict(kind="percent_change", value=-0.125, precision=0.001, basis="yoy"),
        id="en-year-earlier",
    ),
    pytest.param(
        "the number of cases went down 10%",
        dict(kind="percent_change", value=-0.10, subject="cases"),
        id="en-went-down",
    ),
    pytest.param(
        "In the first nine months of 2021, reported fraud fell 21.8% year-on-year",
        dict(
            kind="percent_change",
            value=-0.218,
            period="In the first nine months of 2021",
            subject="reported fraud",
        ),
        id="en-first-nine-months",
    ),
    pytest.param(
        "The resolution rate was up 5 percentage points",
        dict(kind="percentage_point_change", value=0.05, subject="resolution rate"),
        id="en-pp-up-5",
    ),
    pytest.param(
        "Registrations tripled",
        dict(kind="multiple", value=3.0, readings=(3.0,), subject="Registrations"),
        id="en-tripled",
    ),
    pytest.param("Registrations quadrupled", dict(kind="multiple", value=4.0), id="en-quadrupled"),
    pytest.param(
        "Registrations doubled this year",
        dict(kind="multiple", value=2.0, period="this year"),
        id="en-doubled",
    ),
    pytest.param(
        "Escalations halved",
        dict(kind="multiple", value=0.5, direction="decrease", precision=0.1),
        id="en-halved",
    ),
    pytest.param(
        "a three-fold increase in registrations",
        dict(kind="multiple", value=3.0, readings=(3.0,), subject="registrations"),
        id="en-three-fold",
    ),
    pytest.param(
        "a 3-fold rise in registrations",
        dict(kind="multiple", value=3.0, readings=(3.0,)),
        id="en-3-fold",
    ),
    pytest.param(
        "Registrations increased 3 times",
        dict(kind="multiple", readings=(3.0, 4.0)),
        id="en-increased-3-times",
    ),
    pytest.param(
        "Registrations were 3 times higher than in April",
        dict(kind="multiple", readings=(3.0, 4.0)),
        id="en-3-times-higher",
    ),
    pytest.param(
        "Registrations reached 3 times the April level",
        dict(kind="multiple", readings=(3.0,), subject="Registrations"),
        id="en-3-times-the-level",
    ),
    pytest.param(
        "Registrations rose from 3,800 in April to more than 12,000",
        dict(
            kind="before_after",
            before=3800.0,
            after=12000.0,
            after_bound="at_least",
            before_period="April",
            subject="Registrations",
        ),
        id="en-from-to",
    ),
    pytest.param(
        "97% of disputes were resolved",
        dict(kind="share", value=0.97, subject="disputes", numerator=None),
        id="en-share-of",
    ),
    pytest.param(
        "Over 60% of street cadres were sent down to communities",
        dict(kind="share", value=0.60, bound="at_least", subject="street cadres"),
        id="en-over-60pct",
    ),
    pytest.param(
        "almost 20% of households",
        dict(kind="share", value=0.20, bound="at_most"),
        id="en-almost-20pct",
    ),
    pytest.param(
        "the share of disputes resolved rose to 97%",
        dict(kind="share", value=0.97, direction="increase"),
        id="en-rose-to-share",
    ),
    pytest.param(
        "Of 77 disputes found, 75 were resolved in advance, a resolution rate of 97%",
        dict(kind="share", value=0.97, numerator=75.0, denominator=77.0),
        id="en-share-after-counts",
    ),
    pytest.param(
        "75 of 77 disputes (97%) were resolved in advance",
        dict(kind="share", numerator=75.0, denominator=77.0),
        id="en-of-pair",
    ),
    pytest.param(
        "more than 220 disputes were mediated this year",
        dict(
            kind="count",
            value=220.0,
            bound="at_least",
            precision=10.0,
            unit="disputes",
            period="this year",
        ),
        id="en-more-than-220",
    ),
    pytest.param(
        "nearly 12,000 people registered",
        dict(kind="count", value=12000.0, bound="at_most", unit="people"),
        id="en-nearly",
    ),
    pytest.param(
        "about 3,000 people registered",
        dict(kind="count", value=3000.0, bound="approx", precision=1000.0),
        id="en-about",
    ),
    pytest.param(
        "15,000+ people registered",
        dict(kind="count", value=15000.0, bound="at_least"),
        id="en-plus-sign",
    ),
    pytest.param(
        "fewer than 100 complaints were received",
        dict(kind="count", value=100.0, bound="at_most", unit="complaints"),
        id="en-fewer-than",
    ),
    pytest.param(
        "Police held 36 police-public meetings",
        dict(kind="count", value=36.0, unit="meetings"),
        id="en-count-noun",
    ),
    pytest.param(
        "Security sweeps were conducted 55 times since May",
        dict(kind="count", value=55.0, unit="times", subject="Security sweeps"),
        id="en-55-times-is-a-count",
    ),
    pytest.param(
        "Losses of 328,000 yuan were recovered",
        dict(kind="amount", value=328000.0, unit="yuan", subject="Losses"),
        id="en-yuan",
    ),
    pytest.param(
        "The station recovered RMB 328,000 in losses",
        dict(kind="amount", value=328000.0, unit="yuan", subject="losses"),
        id="en-rmb",
    ),
    pytest.param(
        "There were no civil-to-criminal escalations for two consecutive months",
        dict(kind="zero_run", value=2.0, unit="months", subject="civil-to-criminal escalations"),
        id="en-no-cases-2-months",
    ),
    pytest.param(
        "Two consecutive months without a single escalation",
        dict(kind="zero_run", value=2.0, subject="escalation"),
        id="en-months-without",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_wordings(text: str, expected: dict[str, Any]) -> None:
    claim = parse_claim(text)
    assert claim.language == "en"
    assert_fields(claim, expected)


def test_english_multi_figure_sentence_links_the_multiple_to_the_pair() -> None:
    text = (
        "Since May, registrations rose from 3,800 in April to more than 12,000, "
        "a three-fold increase"
    )
    pair, mult = parse_claims(text)
    assert (pair.kind, pair.before, pair.after, pair.period) == (
        "before_after",
        3800.0,
        12000.0,
        "Since May",
    )
    assert (mult.kind, mult.value, mult.before, mult.after) == ("multiple", 3.0, 3800.0, 12000.0)


def test_ambiguous_english_times_explains_both_readings() -> None:
    claim = parse_claim("Registrations increased 3 times")
    assert claim.reading_labels == ("to 3×", "by 3× (= 4×)")
    assert claim.ambiguous
    assert any("'on 3 occasions'" in n for n in claim.notes)


# ---------------------------------------------------------------- unparseable text

UNKNOWN = [
    pytest.param("这是一个没有数字的句子", id="zh-no-figure-yige-is-an-article"),
    pytest.param("天气很好", id="zh-plain"),
    pytest.param("The pilot was a great success", id="en-no-figure"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown_text_is_a_value_not_an_exception(text: str) -> None:
    claim = parse_claim(text)
    assert claim.kind == "unknown"
    assert claim.reason and not claim.reason.startswith("parser error")
    assert claim.value is None and claim.figures == ()
    assert parse_claims(text) == [claim]


def test_non_text_input_is_unknown() -> None:
    claim = parse_claim(None)  # type: ignore[arg-type]
    assert claim.kind == "unknown" and "not text" in (claim.reason or "")


def test_language_override_and_detection() -> None:
    assert detect_language(D1) == "zh" and detect_language("down 22%") == "en"
    assert parse_claim("down 22%", language="en").value == pytest.approx(-0.22)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("两", 2),
        ("十", 10),
        ("三十五", 35),
        ("一千二百", 1200),
        ("一万二千", 12000),
        ("二十二点五", 22.5),
        ("一亿二千万", 1.2e8),
        ("二〇二一", 2021),
    ],
    ids=lambda x: str(x),
)
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert cn_to_number(numeral) == pytest.approx(value)


def test_whole_article_parses_without_error() -> None:
    if not ARTICLE.exists():
        pytest.skip(f"seed article not found: {ARTICLE}")
    figures = parse_claims(ARTICLE.read_text(encoding="utf-8"))
    kinds = [f.kind for f in figures]
    assert "unknown" not in kinds and len(figures) > 40
    shares = [
        (f.value, f.numerator, f.denominator, f.subject) for f in figures if f.kind == "share"
    ]
    assert shares == [
        (0.607, 221.0, None, "机关干部、退休干部"),
        (0.6, 238.0, 426.0, "党员"),
        (0.6, None, None, "街道干部"),
        (0.97, 75.0, 77.0, "化解率"),
    ]
    assert [f.kind for f in figures if f.kind not in ("count", "amount", "share")] == [
        "zero_run",
        "before_after",
        "multiple",
        "rank",  # 连续三个月排名首位 (issue 13: ranks are figures of their own kind)
        "percent_change",
        "rank",  # 位列分局第一
    ]


def test_every_parsed_value_uses_the_documented_vocabulary() -> None:
    texts = [p.values[0] for p in ARTICLE_HEADLINES + ZH_CASES + EN_CASES]
    for text in texts:
        for f in parse_claims(text):
            assert f.kind in KINDS and f.bound in BOUNDS
            assert f.direction in (None, "increase", "decrease")
            assert f.basis in (None, "yoy", "mom", "before_after")
            assert len(f.readings) == len(f.reading_labels)


def test_parsed_claim_json_round_trip() -> None:
    claim = parse_claim(D2)
    data = json.loads(json.dumps(claim.to_dict(), ensure_ascii=False))
    assert data["kind"] == "multiple" and data["readings"] == [3.0, 4.0]
    assert len(data["figures"]) == 2
    assert ParsedClaim.from_dict(data) == claim
    frame = claim.to_frame()
    assert list(frame["kind"]) == ["before_after", "multiple"]
    assert "登记量" in claim.summary()


# ---------------------------------------------------------------- verdicts


def test_d1_rounds_to_stated_percent() -> None:
    v = judge(parse_claim(D1), -0.218)
    assert v.verdict == "consistent"
    assert "−22.5% < observed ≤ −21.5%" in v.tolerance
    assert v.supported == ("as stated",)


def test_d1_from_counts_shows_the_arithmetic() -> None:
    v = judge(parse_claim(D1), observed_before=87, observed_after=68)
    assert v.verdict == "consistent"
    assert v.arithmetic == "68 / 87 − 1 = −21.8%"
    assert v.observed == pytest.approx(68 / 87 - 1)


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (-0.2150, "consistent"),
        (-0.2249, "consistent"),
        (-0.2251, "understated"),
        (-0.2149, "overstated"),
        (-0.15, "overstated"),
        (-0.30, "understated"),
        (0.05, "overstated"),
    ],
    ids=[
        "edge-21.5",
        "edge-22.49",
        "more-fall-than-claimed",
        "just-less",
        "-15pct",
        "-30pct",
        "rose-instead",
    ],
)
def test_decrease_direction_rules(observed: float, verdict: str) -> None:
    assert judge(parse_claim(D1), observed).verdict == verdict


def test_d2_is_ambiguous_and_data_support_the_to_3x_reading() -> None:
    v = judge(parse_claim(D2), observed_before=3800, observed_after=12000)
    assert v.verdict == "ambiguous"
    assert v.arithmetic == "12,000 / 3,800 = 3.16×"
    assert v.supported == ("to 3×",)
    assert [(r.label, r.stated, r.verdict) for r in v.readings] == [
        ("to 3×", 3.0, "consistent"),
        ("by 3× (= 4×)", 4.0, "overstated"),
    ]
    assert "'to 3×'" in v.reason and "'by 3× (= 4×)' (overstated)" in v.reason


def test_d2_with_a_ratio_far_above_both_readings_is_understated() -> None:
    v = judge(parse_claim(D2), 5.0)
    assert v.verdict == "understated" and v.supported == ()
    assert "the claim's own figures: 12,000 / 3,800 = 3.16×" in v.arithmetic


def test_d3_share_from_numerator_and_denominator() -> None:
    v = judge(parse_claim(D3), observed_numerator=75, observed_denominator=77)
    assert v.verdict == "consistent"
    assert v.arithmetic == "75 / 77 = 97.4%"
    assert "96.5% ≤ observed < 97.5%" in v.tolerance


def test_share_rounding_upper_edge_is_excluded() -> None:
    assert judge(parse_claim(D3), 0.975).verdict == "understated"
    assert judge(parse_claim(D3), 0.965).verdict == "consistent"


def test_g2_consistent_at_one_decimal() -> None:
    v = judge(parse_claim(G2), observed_numerator=221, observed_denominator=364)
    assert v.verdict == "consistent"
    assert v.arithmetic == "221 / 364 = 60.7%"
    assert v.precision == pytest.approx(0.001)


def test_g4_share_not_derivable_from_its_own_figures() -> None:
    v = judge(parse_claim(G4), observed_numerator=238, observed_denominator=426)
    assert v.verdict == "not_derivable"
    assert "238 / 426 = 55.9%" in v.reason and "60% or more" in v.reason
    # needs no data: the claim contradicts itself
    assert judge(parse_claim(G4), None).verdict == "not_derivable"


def test_denominator_mismatch_is_not_derivable() -> None:
    v = judge(parse_claim(G9), 0.62, denominator_matches=False)
    assert v.verdict == "not_derivable" and "denominator" in v.reason


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (219, "overstated"),
        (220, "consistent"),
        (226, "consistent"),
        (229, "consistent"),
        (230, "understated"),
        (260, "understated"),
    ],
    ids=lambda x: str(x),
)
def test_yu_bound_220_means_220_to_229(observed: int, verdict: str) -> None:
    assert judge(parse_claim(D4), observed).verdict == verdict


@pytest.mark.parametrize(
    ("text", "observed", "verdict"),
    [
        (G3, 17000, "consistent"),
        (G3, 16990, "overstated"),
        (G7, 4600, "consistent"),
        (G9, 0.65, "consistent"),
        (G9, 0.75, "understated"),
        (G9, 0.59, "overstated"),
        (D11, 15, "consistent"),
        (D8, 35, "overstated"),
        (D8, 37, "understated"),
    ],
    ids=[
        "G3-17000",
        "G3-below",
        "G7-4600",
        "G9-65pct",
        "G9-75pct",
        "G9-59pct",
        "D11-15",
        "D8-35",
        "D8-37",
    ],
)
def test_counts_and_bounded_shares(text: str, observed: float, verdict: str) -> None:
    assert judge(parse_claim(text), observed).verdict == verdict


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (11400, "overstated"),
        (11600, "consistent"),
        (12000, "consistent"),
        (12100, "understated"),
    ],
    ids=lambda x: str(x),
)
def test_nearly_is_below_and_rounds_to_the_stated_value(observed: int, verdict: str) -> None:
    assert judge(parse_claim("nearly 12,000 people registered"), observed).verdict == verdict


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (2400, "overstated"),
        (2600, "consistent"),
        (3500, "consistent"),
        (3600, "understated"),
    ],
    ids=lambda x: str(x),
)
def test_about_rounds_either_way(observed: int, verdict: str) -> None:
    assert judge(parse_claim("about 3,000 people registered"), observed).verdict == verdict


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (0.52, "consistent"),
        (0.70, "overstated"),
        (0.30, "understated"),
    ],
    ids=["0.52", "0.70-fell-less", "0.30-fell-more"],
)
def test_halved_is_judged_on_the_fall(observed: float, verdict: str) -> None:
    assert judge(parse_claim("Escalations halved"), observed).verdict == verdict


def test_zero_run_length() -> None:
    claim = parse_claim(D5)
    assert judge(claim, 2).verdict == "consistent"
    assert judge(claim, 1).verdict == "overstated"
    assert judge(claim, 4).verdict == "understated"


def test_observed_readings_that_disagree_are_ambiguous() -> None:
    v = judge(parse_claim(D1), None, observed_readings={"Jan–Sep": -0.218, "Jan–Oct": -0.20})
    assert v.verdict == "ambiguous"
    assert v.supported == ("Jan–Sep",)
    assert "Jan–Oct −20.00%: overstated" in v.reason


def test_observed_readings_that_agree_give_their_verdict() -> None:
    v = judge(parse_claim(D1), -0.219, observed_readings={"Jan–Oct": -0.221})
    assert v.verdict == "consistent" and len(v.readings) == 2


@pytest.mark.parametrize("observed", [None, float("nan")], ids=["none", "nan"])
def test_no_observed_value_cannot_be_checked(observed: float | None) -> None:
    v = judge(parse_claim(G9), observed)
    assert v.verdict == "cannot_check" and "No observed value" in v.reason


def test_unknown_claim_cannot_be_checked() -> None:
    v = judge(parse_claim("The pilot was a great success"), 0.3)
    assert v.verdict == "cannot_check"
    assert v.reason.startswith("The claim could not be read: no figure found")


def test_precision_override() -> None:
    claim = parse_claim(D1)
    assert judge(claim, -0.20).verdict == "overstated"
    assert judge(claim, -0.20, precision=0.05).verdict == "consistent"


def test_every_verdict_branch_is_reachable() -> None:
    seen = {
        judge(parse_claim(D1), -0.218).verdict,
        judge(parse_claim(D1), -0.15).verdict,
        judge(parse_claim(D1), -0.30).verdict,
        judge(parse_claim(D2), 3.16).verdict,
        judge(parse_claim(G4), 0.559).verdict,
        judge(parse_claim(G9), None).verdict,
        judge(parse_claim("组织召开警民恳谈会36场次"), 36, independent=False).verdict,
        judge(parse_claim("P = 0.001"), 0.001).verdict,  # a reported statistic: shown
    }
    assert seen == set(VERDICTS)


def test_verdict_json_round_trip_and_summary() -> None:
    v = judge(parse_claim(D2), 12016 / 3800)
    data = json.loads(json.dumps(v.to_dict(), ensure_ascii=False))
    assert data["verdict"] == "ambiguous" and data["kind"] == "claim_verdict"
    assert Verdict.from_dict(data) == v
    assert v.summary().startswith("Ambiguous wording:")
    assert not math.isnan(v.observed or math.nan)


# ---------------------------------------------------------------- headlines, frames, figure


def _check(text: str, observed: float | None, **kw: Any) -> ClaimCheck:
    fig = parse_claim(text)
    return ClaimCheck(
        claim_id="X1",
        figure=1,
        n_figures=1,
        text=text,
        language=fig.language,
        indicator="x",
        indicator_label="x",
        indicator_label_zh=None,
        parsed=fig,
        verdict=judge(fig, observed, **kw),
        measure="",
        observed=math.nan if observed is None else observed,
    )


def _claim_results() -> list[Any]:
    d2 = parse_claim(D2)
    v = judge(d2, 12016 / 3800)
    checks = (_check(D1, -0.218), _check(G4, 0.559), _check(D4, None))
    return [
        d2,
        parse_claim(D1),
        parse_claim(D5),
        parse_claim("no number here"),
        v,
        v.readings[0],
        judge(parse_claim(D1), None),
        *checks,
        ClaimsTable(study_id="x", checks=checks),
        ClaimsTable(study_id="x", checks=()),
    ]


@pytest.mark.parametrize("result", _claim_results(), ids=lambda r: type(r).__name__)
def test_claim_headlines_honour_the_language(result: Any) -> None:
    en, zh = result.headline("en"), result.headline("zh")
    assert en and zh and en != zh
    assert re.search(r"[\u4e00-\u9fff]", zh)


def test_claim_headline_wording() -> None:
    assert parse_claim(D1).headline() == "Percent change −22% of 电信诈骗警情."
    assert parse_claim(D1).headline("zh") == "电信诈骗警情：变化幅度−22%。"
    d2 = parse_claim(D2)
    assert d2.headline() == "Multiple 3× (read as 3× or 4×) of 登记量."
    assert d2.headline("zh") == "登记量：倍数3×（可理解为3×或4×）。"
    table = ClaimsTable(study_id="x", checks=(_check(D1, -0.218), _check(D1, -0.30)))
    assert table.headline() == (
        "2 claim figures: 2 checked against the data or the source's own arithmetic "
        "(1 consistent, 1 understated)."
    )
    assert table.headline("zh") == "共2个数字：2个经数据或原文自身的算术核查（相符1个、低报1个）。"
    v = judge(parse_claim(D1), -0.218)
    assert v.headline() == ("Consistent with the data: stated −22%, the data give −21.8%.")
    assert v.headline("zh") == "与数据相符：所称−22%，数据为−21.8%。"


def test_claim_frames_state_the_scale() -> None:
    frame = parse_claim(D2).to_frame()
    assert frame["scale"].iloc[0] == "absolute" and frame["scale"].isna().iloc[1]
    assert list(frame["readings"]) == ["12000", "3, 4"]
    assert parse_claim(D1).to_frame()["scale"].tolist() == ["relative"]
    assert parse_claim(G4).to_frame()["scale"].tolist()[-1] == "absolute"
    pp = parse_claim("the share rose by 5 percentage points year on year")
    assert pp.to_frame()["scale"].tolist() == ["percentage points"]
    assert judge(parse_claim(D1), -0.218).to_frame()["scale"].tolist() == ["relative"]
    table = ClaimsTable(study_id="x", checks=(_check(D1, -0.218), _check(D4, 226.0)))
    assert table.to_frame()["scale"].tolist() == ["relative", "absolute"]
    assert set(SCALE_OF_KIND) == set(KINDS)


def test_claims_table_plot() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = ClaimsTable(study_id="x", checks=(_check(D1, -0.218), _check(D1, -0.30)))
    ax = table.plot()
    assert len(ax.patches) == 2 and ax.get_xlabel() == "Claim figures"
    plt.close("all")
    ax = ClaimsTable(study_id="x", checks=()).plot()
    assert not ax.patches
    plt.close("all")


def test_zero_run_counter() -> None:
    assert longest_zero_run([1, 0, 0, 2, 0, 0, 0, 1]) == 3
    assert longest_zero_run([]) == 0
    assert zero_runs([0, 0, 1, 0, 1, 0, 0], 2) == 2
    assert zero_runs([0, 0, 1, 0, 1, 0, 0], 3) == 0
