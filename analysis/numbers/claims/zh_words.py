"""Chinese claim vocabulary: number tokens, units, change verbs, bounds, periods, bases and
the words that cut or lead a subject."""

from __future__ import annotations

import re

from analysis.numbers.claims.numerals import ARABIC_RE

CN_DIGITS = "零〇○一二两三四五六七八九"


CN_NUM_RE = rf"[{CN_DIGITS}十百千廿卅][{CN_DIGITS}十百千万亿廿卅]*(?:点[{CN_DIGITS}]+)?"

#: Arabic numbers as Chinese texts write them: 3,800 / 59 225 (a space between thousands,
#: Hong Kong police style) / 1.2.
ZH_ARABIC_RE = rf"(?<![\d.])\d{{1,3}}(?: \d{{3}})+(?![\d.])|(?<![\d.])\d千\d百(?=万|亿)|{ARABIC_RE}"


ZH_UNITS = (
    "mmHg",
    "微克/立方米",
    "毫克/立方米",
    "个百分点",
    "百分点",
    "个百分比",
    "百分比",
    "港元",
    "港币",
    "美元",
    "欧元",
    "英镑",
    "日元",
    "澳门元",
    "新台币",
    "台币",
    "平方公里",
    "平方米",
    "个工作日",
    "工作日",
    "个工作天",
    "工作天",
    "个小时",
    "小时",
    "分钟",
    "公斤",
    "千克",
    "立方米",
    "人次",
    "场次",
    "户次",
    "件次",
    "个月",
    "%",
    "‰",
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
    "周",
    "年",
    "月",
    "批",
    "期",
    "份",
    "篇",
    "张",
    "例",
    "艘",
    "袋",
    "箱",
    "发",
    "把",
    "架",
    "只",
    "头",
    "枚",
    "瓶",
    "盒",
    "块",
    "省",
    "县",
    "男",
    "女",
    "位",
    "公克",
    "团",
    "种",
    "单",
    "日",
    "秒",
    "克",
    "死",
    "伤",
)


ZH_UNIT_RE = "|".join(re.escape(u) for u in ZH_UNITS)


ZH_TOKEN_SRC = (
    rf"(?P<sign>(?<![\w%)])[+-])?(?P<pre>百分之)?(?P<num>{ZH_ARABIC_RE}|{CN_NUM_RE})(?P<b1>余|多)?"
    rf"(?:\s?(?P<mag>万亿|千万|百万|万|亿|千))?(?:(?<=亿)\s?(?P<rest_w>\d,\d{{3}}|\d{{1,4}}(?:\.\d+)?)\s?(?=万))?(?P<mag2>万)?"
    rf"(?:(?<=万)\s?(?P<rest>\d{{1,3}},\d{{3}}(?![\d.])|\d{{1,4}}(?:千|百)?(?![\d.])"
    rf"|[一二三四五六七八九]千))?(?P<b2>余|多)?(?:\s(?=%|(?![发把头只块位单种日月年期])(?:{ZH_UNIT_RE})))?"
    rf"(?P<unit>{ZH_UNIT_RE})?"
    rf"(?:(?<=成)(?P<tenth>[一二三四五六七八九](?![十百千万亿成倍个]))|(?<=成)(?P<half>半))?"
    rf"(?:(?<=[倍成%])(?P<b3>余|多))?(?P<b4>以上|以下|左右|上下|以内|之内|内(?![容部外地]))?"
)


ZH_TOKEN = re.compile(ZH_TOKEN_SRC)


ZH_TOK = re.sub(r"\(\?P<\w+>", "(?:", ZH_TOKEN_SRC)


ZH_INC = "增长|增加|上升|提升|提高|上涨|增多|扩大|攀升|延长|提速|调高|调涨|调升|增设|增|涨|升"


ZH_DEC = "下降|减少|降低|下滑|回落|下跌|缩小|缩减|缩短|压缩|压减|压降|收窄|放缓|调低|调降|减|降|跌"


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
    "约有": "approx",
    "大约有": "approx",
    "大约": "approx",
    "约": "approx",
    "超过": "at_least",
    "突破": "at_least",
    "高于": "at_least",
    "低于": "at_most",
    "少于": "at_most",
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
    "之内": "at_most",
    "内": "at_most",
    "左右": "approx",
    "上下": "approx",
}


ZH_PERIOD = re.compile(
    r"截至目前|截至\d{4}年(?:\d{1,2}月(?:底|末)?)?|(?:今年|本年|去年(?!同期)|上年(?!同期)|年初|年内)"
    r"(?:全年|以来|至今|前三季度|上半年|下半年)?"
    r"|近(?:年来|[\d一二两三四五六七八九十]+(?:个)?(?:年|月)(?:来|以来)?)"
    r"|\d{4}\s?年(?:\d{1,2}月(?:份)?)?(?:以来|至今|上半年|下半年|前三季度|全年|底|末)?"
    r"|(?<![\d.])0\d年(?!代|来|以来|间|级|龄|度|均|内)"
    r"|(?<![\d.])(?:79|[89]\d|1[0-4]\d)\s?年(?!代|来|以来|间|级|龄|度|均|内)"
    r"(?:\d{1,2}月(?:份)?)?(?:底|末|全年)?"
    r"|(?<![个\d.])(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?:以来|至今|底|末|初|中旬)?"
    r"|(?:一|二|三|四)季度|上半年|下半年|前三季度|目前|当前|迄今"
    r"|[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:份)?)?"
    r"|[一二三四五六七八九十百零〇○]{2,6}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?"
    r"|(?<![一二三四五六七八九十百千万〇○零两\d])[一二三四五六七八九〇○零0]{2,3}年(?!来|以来|间|内|前|后)"
    r"(?:以来|至今|上半年|下半年|前三季度|全年|底|末|同期)?"
    r"|(?:首|前)(?:\d{1,2}|[一二两三四五六七八九十]{1,2})(?:个)?(?:月|季度|周)"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:月)?(?:至|到|-|—|~)"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?"
)


ZH_BASIS = (
    (
        re.compile(
            r"(?:比|较|与|相对于|相对)(?:去年|上年)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?!份?同期|同月)"
            r"|(?:^|(?<=[,、;。\s]))月(?=增|减)"
        ),
        "mom",
    ),
    (
        re.compile(
            r"同比|按年|去年同期|上年同期|去年同月|上年同月|(?:比|较|与|相对于|相对)(?:去年|上年|上一年)"
            r"|去\s*\(\s*\d{2,4}\s*\)\s*年|(?:比|较|与|相对于|相对)(?:上一?|前一)(?:学年|年度|财年|年)"
            r"|(?<![同环占对相类])比(?=升|降|增|减|上升|下降|增长|减少)"
            r"|(?:^|(?<=[,、;。\s]))年(?=增|减)"
        ),
        "yoy",
    ),
    (re.compile(r"(?:比|较|与|相对于|相对)前年"), "year_before_last"),
    (
        re.compile(
            r"(?:比|较|与|相对于|相对)\s?(?P<year>\d{4}|[〇○零一二三四五六七八九]{4}|(?:79|[89]\d|1[0-4]\d)(?=\s?年))"
            r"\s?年(?!\d{1,2}月|[一二三四五六七八九十]+月)"
        ),
        "year",
    ),
    (
        re.compile(
            r"环比|按月|(?:比|较|与|相对于|相对)(?:上月|上周|上一周|前一周|上周同期|上季度|上一季度|前一季度)"
            r"|(?:与|比|较)先前[^,;。]{0,4}(?:个月|月|周|季度)"
        ),
        "mom",
    ),
    (
        re.compile(
            r"(?:比|较|与|相对于|相对)[^,;。比较与]{1,12}?(?:实施|开展|改革|启动|试点|上线|运行)?(?:前|之前|以前)(?![\d一二三四五六七八九十])"
            r"|(?:十[一二三四五六七八九]大|[一二三四五六七八九十]{2,4}大|实施|开展|启动|试点|上线|运行|创建)以来"
            r"(?=[^。;]{0,30}?累计)"
        ),
        "before_after",
    ),
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
    "死",
    "伤",
)


ZH_AMOUNT_UNITS = (
    "元",
    "mmHg",
    "微克/立方米",
    "毫克/立方米",
    "平方米",
    "平方公里",
    "立方米",
    "公里",
    "公顷",
    "亩",
    "吨",
    "公斤",
    "千克",
    "公克",
    "克",
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


def zh_basis(text: str) -> str | None:
    """The basis named nearest before the end of ``text`` (同比 / 按年 / 比上年 / 较2018年 →
    yoy; 环比 / 按月 / 比上月 → mom): '比上月下降22.2%、比去年同期下降7.2%' gives each its own."""
    best: tuple[int, str] | None = None
    for pat, basis in ZH_BASIS:
        for m in pat.finditer(text):
            if best is None or m.start() > best[0]:
                year = m.groupdict().get("year")
                best = (m.start(), f"year:{year_number(year)}" if year else basis)
    return best[1] if best else None


def year_number(year: str) -> int:
    """'2019' or '二〇一九' → 2019; a Taiwan (Minguo) year '107' → 2018."""
    if year.isdigit():
        return int(year) + (1911 if len(year) < 4 else 0)
    digits = year.replace("零", "〇").replace("○", "〇")
    return int("".join(str("〇一二三四五六七八九".index(c)) for c in digits))


def compared_years(text: str) -> list[int]:
    """The years a sentence compares with (较2023年同期, 与2019年同期相比)."""
    return [
        year_number(m.group("year"))
        for pat, basis in ZH_BASIS
        if basis == "year"
        for m in pat.finditer(text)
    ]


def resolve_year_basis(
    basis: str | None,
    context: str,
    compared: list[int] | None = None,
    last_year_named: bool = False,
) -> str | None:
    """'较2018年' said of 2019 is year on year; of a later year a before → after comparison
    with a stated earlier period (2023 较2019年). ``context``: the sentence before the figure,
    where the year the figure is about is named; without one, the latest year the sentence
    compares with (``compared``) is taken as last year (yoy) and earlier ones as stated
    earlier periods, unless the text also compares with 去年 / 上年 by name
    (``last_year_named``: '较去年同期减少…, 但较2008年提高' → 2008 is not last year)."""
    if basis == "year_before_last":  # 较前年: last year's year before, unless 去年 is compared too
        return "before_after" if last_year_named else "yoy"
    if not basis or not basis.startswith("year:"):
        return basis
    than = int(basis[5:])
    named = (
        r"(?<![比较与于\d])(\d{4}|[〇○零一二三四五六七八九]{4}|(?<!\d)1[0-4]\d|(?<!\d)[89]\d)"
        r"\s?年"
    )
    years = [year_number(m.group(1)) for m in re.finditer(named, context)]
    years = [y for y in years if y != than and 1900 < y < 2200]
    if years:
        return "yoy" if years[-1] - than == 1 else "before_after"
    if compared and than == max(compared) and not last_year_named:
        return "yoy"  # 较2017年减少38% in a release on 2018: the latest year compared is last year
    return "before_after"
