"""The Chinese claim grammar by family, in simplified and traditional script (issue 13).

Each sentence is written in the style of a real release but is NOT a corpus sentence: the
grammar is built for the family, and these check it on sentences it was not tuned on. Every
case lists all the figures of the sentence, in order, with the fields that matter.
"""

from __future__ import annotations

from typing import Any

import pytest

from analysis.numbers.claims.numerals import cn_to_number, number_literal
from analysis.numbers.claims.parse import parse_claim, parse_claims
from analysis.numbers.claims.script import to_simplified
from analysis.numbers.claims.text import detect_language, normalize, normalize_shown


def figures(text: str) -> list[Any]:
    head = parse_claim(text)
    return [f for f in head.figures if f.kind != "unknown"]


def check(text: str, expected: list[dict[str, Any]]) -> None:
    got = figures(text)
    assert len(got) == len(expected), [(g.kind, g.value, g.source) for g in got]
    for g, want in zip(got, expected, strict=True):
        for key, value in want.items():
            have = getattr(g, key)
            if isinstance(value, float):
                assert have == pytest.approx(value), (key, have, value, g.source)
            elif isinstance(value, tuple):
                assert tuple(have) == pytest.approx(value), (key, have, value)
            else:
                assert have == value, (key, have, value, g.source)


PC = "percent_change"
PP = "percentage_point_change"

FAMILIES = [
    # ---- shared or elided verbs: one verb (and basis) for every figure after 分别 / 依次
    pytest.param(
        "全市抢劫、抢夺案件同比分别下降31.2%、27.5%。",
        [
            dict(kind=PC, value=-0.312, basis="yoy", direction="decrease"),
            dict(kind=PC, value=-0.275, basis="yoy", direction="decrease"),
        ],
        id="shared-fenbie-two",
    ),
    pytest.param(
        "入室盗窃、扒窃、盗窃电动车案件降幅分别达22.4%、15.8%和40.3%。",
        [
            dict(kind=PC, value=-0.224, direction="decrease"),
            dict(kind=PC, value=-0.158, direction="decrease"),
            dict(kind=PC, value=-0.403, direction="decrease"),
        ],
        id="shared-jiangfu-three",
    ),
    pytest.param(
        "“十三五”期间,全县财政收入和居民可支配收入年均增长达到8.1%、7.6%。",
        [dict(kind=PC, value=0.081), dict(kind=PC, value=0.076)],
        id="shared-annual-growth",
    ),
    pytest.param(
        "一、二、三季度全区刑事警情环比依次下降4.2%、6.8%、3.1%。",
        [
            dict(kind=PC, value=-0.042, basis="mom"),
            dict(kind=PC, value=-0.068, basis="mom"),
            dict(kind=PC, value=-0.031, basis="mom"),
        ],
        id="shared-yici",
    ),
    pytest.param(
        "搶劫及爆竊案分別較去年同期下跌12%及8.5%。",
        [
            dict(kind=PC, value=-0.12, basis="yoy", direction="decrease"),
            dict(kind=PC, value=-0.085, basis="yoy", direction="decrease"),
        ],
        id="shared-hant-fenbie",
    ),
    pytest.param(
        "两类案件的破案率同比分别提高3.5个百分点和2.1个百分点。",
        [dict(kind=PP, value=0.035, basis="yoy"), dict(kind=PP, value=0.021, basis="yoy")],
        id="shared-points",
    ),
    pytest.param(
        "盗窃和诈骗案件同比均下降5.5%。",
        [
            dict(kind=PC, value=-0.055, basis="yoy", subject="盗窃"),
            dict(kind=PC, value=-0.055, basis="yoy", subject="诈骗案件"),
        ],
        id="shared-jun-subjects",
    ),
    pytest.param(
        "全市居民消费价格同比、环比均上涨0.3%。",
        [dict(kind=PC, value=0.003, basis="yoy"), dict(kind=PC, value=0.003, basis="mom")],
        id="shared-jun-bases",
    ),
    # ---- traditional script
    pytest.param(
        "今年首季錄得罪案一萬二千三百宗,按年下跌百分之三點四。",
        [
            dict(kind="count", value=12300.0, unit="宗"),
            dict(kind=PC, value=-0.034, basis="yoy", source="百分之三點四"),
        ],
        id="hant-dian-decimal",
    ),
    pytest.param(
        "上月失業率為百分之五點一,按月上升零點二個百分點。",
        [dict(kind="share", value=0.051), dict(kind=PP, value=0.002, basis="mom")],
        id="hant-anyue",
    ),
    pytest.param(
        "涉案金額約3.6億元,較去年增加4,500萬元。",
        [
            dict(kind="amount", value=3.6e8, bound="approx", unit="yuan"),
            dict(kind="level_change", value=4.5e7, unit="yuan", basis="yoy"),
        ],
        id="hant-yi-wan",
    ),
    pytest.param(
        "全港共有三百廿五個屋苑參與計劃,增幅為百分之十五。",
        [dict(kind="count", value=325.0, unit="个"), dict(kind=PC, value=0.15)],
        id="hant-nian-ge",
    ),
    pytest.param(
        "本澳去年錄得盜竊案1 820宗,跌幅達6.2%。",
        [dict(kind="count", value=1820.0), dict(kind=PC, value=-0.062)],
        id="hant-spaced-thousands-diefu",
    ),
    # ---- before → after, changes of level
    pytest.param(
        "企业开办时间由原来的15个工作日压缩至3个工作日。",
        [dict(kind="before_after", value=3.0, before=15.0, unit="工作日", direction="decrease")],
        id="pair-yuanlai-gongzuori",
    ),
    pytest.param(
        "平均办证时间由目前30多天缩减到7.5天。",
        [
            dict(
                kind="before_after",
                value=7.5,
                before=30.0,
                before_bound="at_least",
                direction="decrease",
            )
        ],
        id="pair-duo-before",
    ),
    pytest.param(
        "群众满意率从2019年的91.2%提高到2022年的97.6%。",
        [
            dict(
                kind="before_after",
                value=0.976,
                before=0.912,
                before_period="2019年",
                period="2022年",
                direction="increase",
            )
        ],
        id="pair-periods-both-sides",
    ),
    pytest.param(
        "交通事故死亡人數由120人減至96人。",
        [dict(kind="before_after", value=96.0, before=120.0, unit="人", direction="decrease")],
        id="pair-hant",
    ),
    pytest.param(
        "暴力案件3 150宗下降至2 870宗。",
        [dict(kind="before_after", value=2870.0, before=3150.0, direction="decrease")],
        id="pair-without-you",
    ),
    pytest.param(
        "全年新增就业岗位比上年增加1.2万个,登记失业人员减少860人。",
        [
            dict(kind="level_change", value=12000.0, unit="个", basis="yoy"),
            dict(kind="level_change", value=-860.0, unit="人", direction="decrease"),
        ],
        id="level-change-both-signs",
    ),
    pytest.param(
        "受理投诉较上月少了45件,环比下降12.5%。",
        [
            dict(kind="level_change", value=-45.0, unit="件"),
            dict(kind=PC, value=-0.125, basis="mom"),
        ],
        id="level-change-shaole",
    ),
    pytest.param(
        "罪案數字下跌4.1%(-2 310宗)。",
        [dict(kind=PC, value=-0.041), dict(kind="level_change", value=-2310.0)],
        id="level-change-signed-parenthesis",
    ),
    # ---- no change, zeros
    pytest.param(
        "全市火灾起数与去年同期持平。",
        [dict(kind=PC, value=0.0, bound="approx", precision=0.01, basis="yoy")],
        id="flat-yoy",
    ),
    pytest.param(
        "重大刑事案件同比、环比均持平。",
        [dict(kind=PC, value=0.0, basis="yoy"), dict(kind=PC, value=0.0, basis="mom")],
        id="flat-two-bases",
    ),
    pytest.param(
        "辖区内校园周边实现零发案,全年无命案发生。",
        [dict(kind="count", value=0.0), dict(kind="count", value=0.0)],
        id="zero-counts",
    ),
    pytest.param(
        "全县有15个村连续三年以上零发案。",
        [
            dict(kind="count", value=15.0),
            dict(kind="zero_run", value=3.0, bound="at_least", unit="years"),
        ],
        id="zero-run-at-least",
    ),
    pytest.param(
        "該區連續兩個月零發生嚴重交通事故。",
        [dict(kind="zero_run", value=2.0, unit="months")],
        id="zero-run-hant",
    ),
    # ---- qualifiers
    pytest.param(
        "全年接待群众来访突破3万人次。",
        [dict(kind="count", value=30000.0, bound="at_least", unit="人次")],
        id="qualifier-tupo",
    ),
    pytest.param(
        "矛盾纠纷化解数超过全年受理总数的9成。",
        [dict(kind="share", value=0.9, bound="at_least")],
        id="qualifier-chaoguo-de-cheng",
    ),
    pytest.param(
        "今年以来共打掉犯罪团伙将近40个,抓获嫌疑人约300名,涉案金额2000万元左右。",
        [
            dict(kind="count", value=40.0, bound="at_most"),
            dict(kind="count", value=300.0, bound="approx"),
            dict(kind="amount", value=2e7, bound="approx", unit="yuan"),
        ],
        id="qualifier-jiangjin-yue-zuoyou",
    ),
    pytest.param(
        "超600起警情在15分钟内处置完毕。",
        [
            dict(kind="count", value=600.0, bound="at_least", unit="起"),
            dict(kind="amount", value=15.0, bound="at_most", unit="分钟"),
        ],
        id="qualifier-chao-nei",
    ),
    # ---- bases
    pytest.param(
        "全市刑事立案数比降18.6%,破案数比升9.2%。",
        [
            dict(kind=PC, value=-0.186, basis="yoy"),
            dict(kind=PC, value=0.092, basis="yoy"),
        ],
        id="basis-bisheng-bijiang",
    ),
    pytest.param(
        "全年完成固定资产投资较上年增长6.3%。",
        [dict(kind=PC, value=0.063, basis="yoy")],
        id="basis-jiaoshangnian",
    ),
    pytest.param(
        "2021年全区命案较2017年下降40%,较2020年下降12%。",
        [
            dict(kind=PC, value=-0.40, basis="before_after"),
            dict(kind=PC, value=-0.12, basis="yoy"),
        ],
        id="basis-year-against-year",
    ),
    pytest.param(
        "全区盗窃警情同比下降20.5%,其中入室盗窃下降31%。",
        [dict(kind=PC, value=-0.205, basis="yoy"), dict(kind=PC, value=-0.31, basis="yoy")],
        id="basis-taken-from-sentence",
    ),
    # ---- units
    pytest.param(
        "民警平均到场时间缩短至6分钟,群众办事平均等候不超过2小时。",
        [
            dict(kind="amount", value=6.0, unit="分钟"),
            dict(kind="amount", value=2.0, bound="at_most", unit="小时"),
        ],
        id="unit-minutes-hours",
    ),
    pytest.param(
        "查获新型毒品3种,缴获毒品12.5公斤,涉案资金1200万元,走访群众560户、企业35家、学校12所。",
        [
            dict(kind="count", value=3.0, unit="种"),
            dict(kind="amount", value=12.5, unit="公斤"),
            dict(kind="amount", value=1.2e7, unit="yuan"),
            dict(kind="count", value=560.0, unit="户"),
            dict(kind="count", value=35.0, unit="家"),
            dict(kind="count", value=12.0, unit="所"),
        ],
        id="unit-many",
    ),
    pytest.param(
        "全年办理快递投诉1.8万单,服务群众2.4万人次,涉及地块36宗。",
        [
            dict(kind="count", value=18000.0, unit="单"),
            dict(kind="count", value=24000.0, unit="人次"),
            dict(kind="count", value=36.0, unit="宗"),
        ],
        id="unit-dan-renci-zong",
    ),
    # ---- fractions
    pytest.param(
        "电信诈骗案件占全部刑事案件的三分之一。",
        [dict(kind="share", value=1 / 3)],
        id="fraction-third",
    ),
    pytest.param(
        "受害人中一半为60岁以上老人,近三成为在校学生。",
        [dict(kind="share", value=0.5), dict(kind="share", value=0.3, bound="at_most")],
        id="fraction-half-jin-cheng",
    ),
    pytest.param(
        "参与调查的企业过半表示满意,其中八成五认为审批提速。",
        [dict(kind="share", value=0.5, bound="at_least"), dict(kind="share", value=0.85)],
        id="fraction-guoban-cheng-tenth",
    ),
    pytest.param(
        "涉案金額減少四分之一。",
        [dict(kind=PC, value=-0.25, direction="decrease")],
        id="fraction-change-hant",
    ),
    pytest.param(
        "每4名受访者中就有3名支持该项措施。",
        [dict(kind="share", value=0.75, numerator=3.0, denominator=4.0)],
        id="fraction-m-in-n",
    ),
    # ---- more before → after: two clauses, later years, bounds on both ends
    pytest.param(
        "过去办理不动产登记需要15个工作日,现在只需要5个工作日。",
        [dict(kind="before_after", value=5.0, before=15.0, direction="decrease")],
        id="pair-then-now",
    ),
    pytest.param(
        "全市学前教育投入,2015年不足8亿元,2020年达到19.5亿元。",
        [
            dict(kind="amount", value=8e8, bound="at_most"),
            dict(kind="amount", value=1.95e9),
        ],
        id="levels-labelled-by-years-only",  # no transition: two levels (corpus convention 2)
    ),
    pytest.param(
        "刑事案件發生數,二○一五年為四八二一件,二○一六年減為四三○二件。",
        [
            dict(kind="count", value=4821.0),
            dict(kind="before_after", value=4302.0, before=4821.0, direction="decrease"),
        ],
        id="pair-chain-of-years-hant",
    ),
    pytest.param(
        "办理时限从不超过20天压缩到不超过7天。",
        [
            dict(
                kind="before_after",
                value=7.0,
                before=20.0,
                bound="at_most",
                before_bound="at_most",
            )
        ],
        id="pair-bounds-both-ends",
    ),
    pytest.param(
        "比2022年与2019年同期分别上升6.3%及2.1%。",
        [
            dict(kind=PC, value=0.063, basis="yoy"),
            dict(kind=PC, value=0.021, basis="before_after"),
        ],
        id="basis-two-years-each",
    ),
    pytest.param(
        "市民滿意比率大升9個百分比至61%。",
        [dict(kind=PP, value=0.09), dict(kind="share", value=0.61)],
        id="points-baifenbi-hk",
    ),
    pytest.param(
        "第二、第三产业比重分别回落1.2和0.8个百分点。",
        [dict(kind=PP, value=-0.012), dict(kind=PP, value=-0.008)],
        id="points-unit-after-list",
    ),
    pytest.param(
        "外匯儲備為3,920億美元,較上月增加21億美元,涉款約1,200萬港元。",
        [
            dict(kind="amount", value=3.92e11, unit="USD"),
            dict(kind="level_change", value=2.1e9, unit="USD", basis="mom"),
            dict(kind="amount", value=1.2e7, unit="HKD", bound="approx"),
        ],
        id="unit-currencies",
    ),
    pytest.param(
        "救护车平均到达时间为11分20秒,平均处置时间2小时15分。",
        [
            dict(kind="amount", value=680.0, unit="秒"),
            dict(kind="amount", value=135.0, unit="分钟"),
        ],
        id="unit-compound-times",
    ),
    pytest.param(
        "死亡人数较上年减少12人或9.1%。",
        [
            dict(kind="level_change", value=-12.0, basis="yoy"),
            dict(kind=PC, value=-0.091, basis="yoy"),
        ],
        id="level-change-or-percent",
    ),
    pytest.param(
        "竊盜案件於108年發生1,250件,逐年下降至111年僅發生980件。",
        [dict(kind="before_after", value=980.0, before=1250.0, before_period="108年")],
        id="pair-minguo-years-hant",
    ),
    pytest.param(
        "新機制為市民減少辦事成本逾3,000萬元。",
        [dict(kind="level_change", value=-3e7, bound="at_least", unit="yuan")],
        id="level-change-verb-object-hant",
    ),
    pytest.param(
        "緊急個案輪候時間分別不超過2周和不超過6周。",
        [
            dict(kind="amount", value=2.0, bound="at_most", unit="周"),
            dict(kind="amount", value=6.0, bound="at_most", unit="周"),
        ],
        id="unit-weeks-list-hant",
    ),
    pytest.param(
        "全县三次产业结构比为8.5:40.2:51.3。",
        [
            dict(kind="share", value=0.085),
            dict(kind="share", value=0.402),
            dict(kind="share", value=0.513),
        ],
        id="share-ratio-adding-to-100",
    ),
    pytest.param(
        "本周新增病例中,东区及西区各2例,其余地区没有新增病例。",
        [
            dict(kind="count", value=2.0),
            dict(kind="count", value=2.0),
            dict(kind="count", value=0.0),
        ],
        id="ge-distributes-and-zero",
    ),
    # ---- multiples keep their readings explicit
    pytest.param(
        "网络赌博案件同比上升2倍。",
        [dict(kind="multiple", value=2.0, readings=(2.0, 3.0), basis="yoy")],
        id="multiple-ambiguous",
    ),
    pytest.param(
        "涉案金額較前年增加超過1倍。",
        [dict(kind="multiple", value=2.0, bound="at_least")],
        id="multiple-more-than-doubled-hant",
    ),
    pytest.param(
        "案件数是去年的3倍。",
        [dict(kind="multiple", value=3.0, readings=(3.0,))],
        id="multiple-to",
    ),
    # ---- units: a duration pair in two units is read in the smaller one; mass per volume
    pytest.param(
        "窗口平均等候时间从1.2小时压缩至30分钟以内。",
        [dict(kind="before_after", value=30.0, before=72.0, unit="分钟", bound="at_most")],
        id="unit-pair-hours-to-minutes",
    ),
    pytest.param(
        "救護車平均到場時間由12分鐘縮短至9分鐘,出警時間從40秒縮短到1分鐘以內。",
        [
            dict(kind="before_after", value=9.0, before=12.0, unit="分钟"),
            dict(kind="before_after", value=60.0, before=40.0, unit="秒", bound="at_most"),
        ],
        id="unit-pair-minutes-and-seconds-hant",
    ),
    pytest.param(
        "全市PM10年均浓度为52微克/立方米,比上年下降5.5%。",
        [
            dict(kind="amount", value=52.0, unit="微克/立方米"),
            dict(kind=PC, value=-0.055, basis="yoy"),
        ],
        id="unit-microgram-per-cubic-metre",
    ),
    pytest.param(
        "一氧化碳浓度为0.8毫克/立方米,细颗粒物浓度为28微克/立方米。",
        [
            dict(kind="amount", value=0.8, unit="毫克/立方米"),
            dict(kind="amount", value=28.0, unit="微克/立方米"),
        ],
        id="unit-milligram-per-cubic-metre",
    ),
    # ---- bases: 前年 beside 去年 is two years back; 相对; 少/低 after a comparison; 幅度为
    pytest.param(
        "機車事故死亡人數較前年減少12人,較去年增加3人。",
        [
            dict(kind="level_change", value=-12.0, basis="before_after"),
            dict(kind="level_change", value=3.0, basis="yoy"),
        ],
        id="basis-qiannian-beside-qunian-hant",
    ),
    pytest.param(
        "去年全年受理案件1,250宗,較前年減少40宗;與2021年相比減少95宗。",
        [
            dict(kind="count", value=1250.0),
            dict(kind="level_change", value=-40.0, basis="yoy"),
            dict(kind="level_change", value=-95.0, basis="before_after"),
        ],
        id="basis-qiannian-alone-and-a-named-year-hant",
    ),
    pytest.param(
        "2020年全市接报火警3,412起,相对2019年上升120起,上升幅度为3.6%。",
        [
            dict(kind="count", value=3412.0),
            dict(kind="level_change", value=120.0, basis="yoy"),
            dict(kind=PC, value=0.036, basis="yoy"),
        ],
        id="basis-xiangdui-and-fudu-wei",
    ),
    pytest.param(
        "交通事故受伤人数比上年少4.5%,死亡率较上年低0.3个百分点。",
        [
            dict(kind=PC, value=-0.045, basis="yoy", direction="decrease"),
            dict(kind=PP, value=-0.003, basis="yoy"),
        ],
        id="basis-shao-di-after-comparison",
    ),
    pytest.param(
        "上月共接獲求助個案860宗,比去年同期減少52宗、5.7%。",
        [
            dict(kind="count", value=860.0),
            dict(kind="level_change", value=-52.0, basis="yoy"),
            dict(kind=PC, value=-0.057, basis="yoy"),
        ],
        id="verb-carried-to-the-percentage-hant",
    ),
    pytest.param(
        "网络诈骗立案数较去年同期增加210起、12.4%。",
        [
            dict(kind="level_change", value=210.0, basis="yoy"),
            dict(kind=PC, value=0.124, basis="yoy"),
        ],
        id="verb-carried-to-the-percentage",
    ),
    # ---- zero, no change, a change of one, a holiday named as the period
    pytest.param(
        "今年以来全区未发生较大以上火灾,汛期未发生重大险情。",
        [dict(kind="count", value=0.0), dict(kind="count", value=0.0)],
        id="zero-weifasheng-fire-and-flood",
    ),
    pytest.param(
        "国庆长假7天,全市道路未发生严重交通拥堵。",
        [dict(kind="count", value=0.0)],
        id="zero-holiday-period-is-not-a-figure",
    ),
    pytest.param(
        "2023年群众满意率为96.1%,与上年相近。",
        [dict(kind="share", value=0.961), dict(kind=PC, value=0.0, bound="approx", basis="yoy")],
        id="no-change-xiangjin",
    ),
    pytest.param(
        "今年首季的投訴個案為120宗,數字與去年同期相若。",
        [dict(kind="count", value=120.0), dict(kind=PC, value=0.0, bound="approx", basis="yoy")],
        id="no-change-xiangruo-hant",
    ),
    pytest.param(
        "致命交通意外有九宗,比去年減少一宗;重傷個案增加一宗。",
        [
            dict(kind="count", value=9.0),
            dict(kind="level_change", value=-1.0, basis="yoy"),
            dict(kind="level_change", value=1.0),
        ],
        id="level-change-of-one-hant",
    ),
    # ---- numerals typeset with spaces around 億/萬; names and idioms that hold numbers
    pytest.param(
        "全年財物損失新臺幣 2 億 3,406 萬 5,000 元,較上年減少 1,250 萬元。",
        [
            dict(kind="amount", value=234065000.0),
            dict(kind="level_change", value=-12500000.0, basis="yoy"),
        ],
        id="amount-spaced-yi-wan-hant",
    ),
    pytest.param(
        "罚没款共计3 亿 12 万元。",
        [dict(kind="amount", value=300120000.0)],
        id="amount-spaced-yi-wan",
    ),
    pytest.param(
        "全县九年义务教育巩固率达到96.5%,十二年一贯制学校新增3所。",
        [dict(kind="share", value=0.965), dict(kind="count", value=3.0)],
        id="schooling-system-names",
    ),
    pytest.param(
        "平安建设守护千家万户,民警千方百计为群众挽回损失120万元。",
        [dict(kind="amount", value=1200000.0)],
        id="idioms-with-numerals",
    ),
    pytest.param(
        "自108年至112年,本縣住宅火災死亡人數由14人降至6人。",
        [dict(kind="before_after", value=6.0, before=14.0)],
        id="roc-year-span-is-not-a-pair-hant",
    ),
    # ---- a cumulative change since an event; 工作天 as a unit of duration
    pytest.param(
        "扫黑除恶专项斗争开展以来,全市累计打掉涉黑组织12个,刑事案件累计下降18.6%。",
        [
            dict(kind="count", value=12.0),
            dict(kind=PC, value=-0.186, basis="before_after"),
        ],
        id="basis-cumulative-since-event",
    ),
    pytest.param(
        "党的十九大以来,全省城镇新增就业累计增加超过300万人。",
        [dict(kind="level_change", value=3000000.0, bound="at_least", basis="before_after")],
        id="basis-cumulative-since-congress",
    ),
    pytest.param(
        "牌照審批時間由原來30個工作天縮短至18個工作天。",
        [dict(kind="before_after", value=18.0, before=30.0, unit="工作日")],
        id="unit-gongzuotian-hant",
    ),
    pytest.param(
        "申請人一般可於10個工作天內收到通知。",
        [dict(kind="amount", value=10.0, bound="at_most", unit="工作日")],
        id="unit-gongzuotian-within-hant",
    ),
    # ---- ranges with a unit on both ends, of months; a two-digit year with a leading zero
    pytest.param(
        "各监测点二氧化氮浓度在18微克/立方米至42微克/立方米之间。",
        [dict(kind="range", low=18.0, high=42.0, of_kind="amount", unit="微克/立方米")],
        id="range-unit-on-both-ends",
    ),
    pytest.param(
        "涉案人員分別被判處18至30個月監禁。",
        [dict(kind="range", low=18.0, high=30.0, of_kind="amount")],
        id="range-of-months-hant",
    ),
    pytest.param(
        "08年全市旅游收入增长10%至12%。",
        [dict(kind="range", low=0.10, high=0.12, of_kind="percent_change")],
        id="two-digit-year-with-leading-zero",
    ),
    # ---- a multiple after a verb and its object; the value of a named index or score
    pytest.param(
        "新設的預約系統令長者疫苗接種人數增加逾一倍。",
        [dict(kind="multiple", value=2.0, bound="at_least")],
        id="multiple-verb-no-object-hant",
    ),
    pytest.param(
        "该项目提高村民人均收入一倍以上。",
        [dict(kind="multiple", value=2.0, bound="at_least")],
        id="multiple-verb-object-one-bei",
    ),
    pytest.param(
        "第三季度全市交通拥堵指数为1.62,同比下降3.1%。",
        [dict(kind="amount", value=1.62), dict(kind=PC, value=-0.031, basis="yoy")],
        id="index-value-is-an-amount",
    ),
    pytest.param(
        "群众安全感测评得分为95.7,位居全省前列。",
        [dict(kind="amount", value=95.7)],
        id="score-value-is-an-amount",
    ),
    # ---- mmHg as a unit of a change; a fraction written with a slash after a bound or 占
    pytest.param(
        "干预组收缩压平均下降8.2mmHg,舒张压下降4.1 mmHg。",
        [
            dict(kind="level_change", value=-8.2, unit="mmHg"),
            dict(kind="level_change", value=-4.1, unit="mmHg"),
        ],
        id="unit-mmhg",
    ),
    pytest.param(
        "65岁以上老年患者占近1/4,农村患者约占1/3。",
        [
            dict(kind="share", value=0.25, bound="at_most"),
            dict(kind="share", value=1 / 3, bound="approx"),
        ],
        id="fraction-with-slash",
    ),
    pytest.param(
        "經過整治,該路段事故數量只剩約1/5。",
        [dict(kind="share", value=0.2, bound="approx")],
        id="fraction-with-slash-hant",
    ),
    pytest.param(
        "电信诈骗案件约占全部刑事案件的四成,其中冒充客服类近占30%。",
        [
            dict(kind="share", value=0.4, bound="approx"),
            dict(kind="share", value=0.3, bound="at_most"),
        ],
        id="bound-before-zhan",
    ),
    # ---- deaths and injuries counted as 死 / 傷 (Taiwan and Hong Kong news style)
    pytest.param(
        "國道事故今年已造成12死35傷,比去年同期的15死減少3死。",
        [
            dict(kind="count", value=12.0),
            dict(kind="count", value=35.0),
            dict(kind="count", value=15.0),
            dict(kind="level_change", value=-3.0, basis="yoy"),
        ],
        id="deaths-and-injuries-si-shang-hant",
    ),
    pytest.param(
        "酒驾事故共致8死,较上年减少4死、33.3%。",
        [
            dict(kind="count", value=8.0),
            dict(kind="level_change", value=-4.0, basis="yoy"),
            dict(kind=PC, value=-0.333, basis="yoy"),
        ],
        id="deaths-si-with-carried-verb",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FAMILIES)
def test_family(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


NOT_FIGURES = [
    pytest.param("记者5月9日从市公安局获悉,全市开展“百日行动”。", id="date-and-slogan"),
    pytest.param("主計總處23日公布最新統計。", id="day-of-month-hant"),
    pytest.param("以每十万人口计算的发案率下降。", id="rate-base"),
    pytest.param("零售业和汽车零件行业回暖。", id="ling-is-not-zero"),
    pytest.param("本品按每日三次服用,处三年以下有期徒刑。", id="statute-and-frequency"),
    pytest.param("价格上涨的有15个,持平的有8个。", id="chiping-names-a-group"),
    pytest.param("欢迎拨打24小时服务热线,城区实现5分钟到达率考核。", id="service-hours"),
    pytest.param("警方自一七年部署為期三年的專項行動。", id="two-digit-year-and-span-hant"),
    pytest.param("第二、三位分别是吉安市和九江市。", id="places-in-a-ranking"),
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    got = figures(text)
    if "持平的" in text:  # the counts are figures, 持平 naming a group is not
        assert [g.kind for g in got] == ["count", "count"]
    else:
        assert got == [], [(g.kind, g.value, g.source) for g in got]


# ---------------------------------------------------------------- script and numerals


def test_to_simplified_is_character_aligned() -> None:
    samples = (
        "按年減少百分之二點二",
        "較二〇一八年(54 225宗)增加5 000宗",
        "乾隆年間的髮型",
        "Crime fell",
    )
    for text in samples:
        assert len(to_simplified(text)) == len(text)
    assert to_simplified("億萬個條點較與") == "亿万个条点较与"
    assert to_simplified("down 22%") == "down 22%"


def test_figure_words_are_shown_as_written() -> None:
    text = "詐騙案涉款由91.5億元下降至81.2億元,跌幅11.3%。"
    figs = parse_claims(text)
    assert figs[0].kind == "before_after"
    assert figs[0].before == pytest.approx(9.15e9) and figs[0].value == pytest.approx(8.12e9)
    assert figs[0].source == "由91.5億元下降至81.2億元"
    assert "億" in figs[0].text and "亿" not in figs[0].text
    assert figs[1].source == "11.3%" and figs[1].value == pytest.approx(-0.113)
    assert parse_claim(text).text == text  # the claim as written is never altered


def test_normalize_keeps_offsets() -> None:
    text = "２０１９年錄得罪案５９２２５宗，較去年增加百分之三點一"
    assert len(normalize(text)) == len(normalize_shown(text))
    assert "录得" in normalize(text) and "錄得" in normalize_shown(text)


def test_language_of_mixed_text() -> None:
    assert detect_language("從同比看,PPI上漲0.1%") == "zh"
    assert detect_language("Shenzhen (深圳) police said burglaries fell by 20 per cent") == "en"


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三萬三千一百廿六", 33126.0),
        ("一万二", 12000.0),
        ("一七五三", 1753.0),
        ("九万三三七九", 93379.0),
        ("五四五○", 5450.0),
        ("四十七点九", 47.9),
        ("卅五", 35.0),
    ],
)
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert cn_to_number(to_simplified(numeral)) == value


def test_spaced_thousands() -> None:
    assert number_literal("59 225") == (59225.0, "59225")
