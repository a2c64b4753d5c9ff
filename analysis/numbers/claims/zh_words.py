"""Chinese claim vocabulary: number tokens, units, change verbs, bounds, periods, bases and
the words that cut or lead a subject."""

from __future__ import annotations

import re

from analysis.numbers.claims.numerals import ARABIC_RE

CN_DIGITS = "零〇一二两三四五六七八九"


CN_NUM_RE = rf"[{CN_DIGITS}十百千][{CN_DIGITS}十百千万亿]*(?:点[{CN_DIGITS}]+)?"


ZH_UNITS = (
    "个百分点",
    "百分点",
    "平方公里",
    "平方米",
    "人次",
    "场次",
    "户次",
    "件次",
    "个月",
    "%",
    "倍",
    "成",
    "元",
    "公里",
    "公顷",
    "亩",
    "吨",
    "个",
    "名",
    "人",
    "起",
    "件",
    "次",
    "场",
    "户",
    "家",
    "所",
    "项",
    "条",
    "面",
    "封",
    "宗",
    "台",
    "辆",
    "处",
    "间",
    "套",
    "栋",
    "座",
    "支",
    "天",
    "年",
    "月",
    "批",
    "期",
    "份",
    "篇",
    "张",
    "例",
    "艘",
)


ZH_UNIT_RE = "|".join(re.escape(u) for u in ZH_UNITS)


ZH_TOKEN_SRC = (
    rf"(?P<pre>百分之)?(?P<num>{ARABIC_RE}|{CN_NUM_RE})(?P<b1>余|多)?(?P<mag>万|亿|千)?(?P<b2>余|多)?"
    rf"(?P<unit>{ZH_UNIT_RE})?(?:(?<=[倍成%])(?P<b3>余|多))?(?P<b4>以上|以下|左右|上下|以内)?"
)


ZH_TOKEN = re.compile(ZH_TOKEN_SRC)


ZH_TOK = re.sub(r"\(\?P<\w+>", "(?:", ZH_TOKEN_SRC)


ZH_INC = "增长|增加|上升|提升|提高|上涨|增多|扩大|攀升|增|涨|升"


ZH_DEC = "下降|减少|降低|下滑|回落|下跌|缩小|压降|减|降|跌"


ZH_VERB = f"{ZH_INC}|{ZH_DEC}"


ZH_BOUND_PRE = {
    "将近": "at_most",
    "接近": "at_most",
    "近": "at_most",
    "不足": "at_most",
    "不到": "at_most",
    "不超过": "at_most",
    "最多": "at_most",
    "约为": "approx",
    "大约": "approx",
    "约": "approx",
    "超过": "at_least",
    "逾": "at_least",
    "超": "at_least",
    "不少于": "at_least",
    "至少": "at_least",
    "多达": "exact",
    "达到": "exact",
    "达": "exact",
}


ZH_BOUND_PRE_RE = "|".join(sorted(ZH_BOUND_PRE, key=len, reverse=True))


ZH_BOUND_SUF = {
    "余": "at_least",
    "多": "at_least",
    "以上": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "左右": "approx",
    "上下": "approx",
}


ZH_PERIOD = re.compile(
    r"截至目前|截至\d{4}年(?:\d{1,2}月(?:底|末)?)?|(?:今年|本年|去年(?!同期)|上年(?!同期)|年初|年内)"
    r"(?:全年|以来|至今|前三季度|上半年|下半年)?"
    r"|近(?:年来|[\d一二两三四五六七八九十]+(?:个)?(?:年|月)(?:来|以来)?)"
    r"|\d{4}年(?:\d{1,2}月(?:份)?)?(?:以来|至今|上半年|下半年|前三季度|全年|底|末)?"
    r"|(?<![个\d.])(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?:以来|至今|底|末|初|中旬)?"
    r"|(?:一|二|三|四)季度|上半年|下半年|前三季度|目前|当前|迄今"
)


ZH_BASIS = (
    (re.compile(r"同比|去年同期|上年同期|比去年|较去年"), "yoy"),
    (re.compile(r"环比|比上月|较上月|与上月相比"), "mom"),
)


ZH_CUT = re.compile(
    r"(?:排查发现|发现|化解|调处|开展|查处|召开|查获|劝阻|挽回|解决|收回|建设|组建|帮扶|完成"
    r"|启动|纳入|担任|提供|实现|建立|设立|推动|举办|受理|办理|接待|走访|破获|抓获|侦破|成立"
    r"|培训|救助|慰问|发放|兜底管理|登记|组织|打击|整治|清理|新增|发生|共有|有)(?![率量数额]|人数|人口|工作)"
)


ZH_LEAD = (
    "全口径",
    "各类",
    "共计",
    "合计",
    "总计",
    "累计",
    "共",
    "已",
    "成功",
    "妥善",
    "提前",
    "新",
    "目前",
    "了",
    "的",
    "在",
    "对",
)


ZH_SUFFIX_STOP = re.compile(
    r"[,;。!?:()\d不没未在已都均被到]|担任|下沉|全部|纳入|进入|参与|实现"
    r"|发挥|得到|当场|的基础上"
)


ZH_COUNT_UNITS = (
    "个",
    "名",
    "人",
    "起",
    "件",
    "次",
    "场",
    "户",
    "家",
    "所",
    "项",
    "条",
    "面",
    "封",
    "宗",
    "台",
    "辆",
    "处",
    "间",
    "套",
    "栋",
    "座",
    "支",
    "批",
    "期",
    "份",
    "篇",
    "张",
    "例",
    "艘",
    "人次",
    "场次",
    "户次",
    "件次",
)


ZH_CLASSIFIERS = (
    "个",
    "名",
    "家",
    "户",
    "所",
    "项",
    "条",
    "处",
    "座",
    "间",
    "套",
    "支",
    "场",
    "批",
    "%",
    "成",
)
