"""The vocabulary of whole articles for :mod:`analysis.numbers.claims.extract`: outcome
words and event units (Chinese in both scripts, English stems), slogan shapes, and the
patterns of boilerplate, bylines, contact lines and datelines."""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Words that make a count or an amount in their clause a result of work (Chinese in
#: both scripts, English stems): something was found, settled, stopped, caught, served.
OUTCOME_WORDS_ZH = _words(
    "死亡 受伤 受傷 伤亡 傷亡 遇难 遇難 受骗 受騙 被骗 被騙 损失 損失 "
    "降到 降至 降为 降為 压缩 壓縮 缩减 縮減 提速 控制在 "
    "下降 减少 減少 降低 下跌 提升 提高 增长 增長 增加 上升 化解 调处 調處 调解 "
    "調解 查处 查處 查获 查獲 破获 破獲 抓获 抓獲 侦破 偵破 拘捕 检获 檢獲 缴获 "
    "繳獲 劝阻 勸阻 挽回 追回 开展 開展 组建 組建 建立 建设 建設 设立 設立 解决 "
    "解決 帮扶 幫扶 收回 完成 启动 啟動 纳入 納入 组织 組織 召开 召開 办理 辦理 "
    "处理 處理 受理 救助 培训 培訓 覆盖 覆蓋 排查 發現 发现 整改 打击 打擊 刑拘 "
    "逮捕 拘留 处罚 處罰 检查 檢查 走访 走訪 登记 登記 接报 接報 发案 發案 录得 "
    "錄得 达到 達到 实现 實現 占 佔 共 累计 累計 帮助 幫助 协调 協調 举办 舉辦 "
    "管理 挽救 接种 接種 筛查 篩查 救治 服务 服務 上门 上門 报到 報到 担任 擔任 "
    "下沉 进入 進入 参与 參與 参加 參加 受惠 被捕 找回 檢控 检控 惠及 节省 節省 "
    "缩短 縮短 减至 減至 "
)

OUTCOME_WORDS_EN = _words(
    "fell fall falls fallen drop dropped down decreas reduc cut rose rise rising "
    "risen increas up more fewer less lower higher arrest charg seiz recover prosecut "
    "convict treat screen referr refer attend visit record report handl resolv dealt "
    "achiev improv help support issu serv complet conduct stopp search call respond "
    "wait saved save prevent detect solv caught identif diverted engag receiv deliver "
    "vaccinat admission admitted discharg offend reoffend victim crime incident case "
)

#: Units of time. A count or amount in a long one is a duration (十余年, 提前一年, 连续三个
#: 月); in a short one it is a measured time, a claim when its clause has an outcome word.
LONG_TIMES = _words("年 年度 个月 個月 月 周 週 星期 year years month months week weeks")
SHORT_TIMES = (
    *_words("天 日 小时 小時 分钟 分鐘 秒 工作日 day days hour hours minute minutes"),
    *_words("second seconds"),
    "working days",
)

#: Units that count events (crimes, cases, incidents, visits): a count in one of them is
#: an outcome level ("爆竊案有816宗", "317 house burglaries") without an outcome verb.
EVENT_UNITS_ZH = frozenset(["起", "宗", "件", "例", "人次", "次", "宗案"])
EVENT_STEMS_EN = _words(
    "burglar crime offenc offens incident case arrest admission attendance call death "
    "injur victim collision accident theft robber assault referral visit patient "
    "complaint prosecution conviction report "
)

#: Idioms and slogan shapes whose numerals are not figures (Chinese officialese).
SLOGAN_PATTERNS = [
    re.compile(p)
    for p in (
        r"[一二三四五六七八九十两兩]个[\u4e00-\u9fff]{1,4}[、,][一二三四五六七八九十两兩]个",
        r"[一二三四五六七八九十两兩][\u4e00-\u9fff]{0,2}[、,][一二三四五六七八九十两兩][\u4e00-\u9fff]{0,2}[、,]",
        r"[一二三四五六七八九十两兩百千万萬]+位一[体體]",
        r"\d+\s*\+\s*[\dA-Z]+",
        r"一[站条條张張网網件次门門窗]式?(?=[服办辦受通管式])",
        r"第一(?:时间|時間|线|線|责任人|責任人)",
        r"最后一公里|最後一公里|零距离|零距離|零容忍|一把手|一盘棋|一盤棋|一揽子|一攬子|一肩挑",
        r"[一二三四五六七八九十]+[大项項]?(?:行动|行動|工程|工作法|机制|機制)",
    )
]

QUOTES = [("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'), ("‘", "’")]
MAX_QUOTED = 24  # a quoted span this short is a name or slogan, not a quoted sentence

#: Lines that are never the release's sentences, wherever the words stand in a short line.
BOILERPLATE = re.compile(
    r"(版权|版權|copyright|©|all rights reserved|责任编辑|責任編輯|编辑[:：]|編輯[:：]|"
    r"来源[:：]|來源[:：]|^■|^by [A-Z]|^ends$|notes to editors|"
    r"media (?:contact|enquiries)|press office|for more information|further information|"
    r"联系方式|聯繫方式|tel[.:]|phone[:.]|fax[.:]|e-?mail[.:]|邮箱|郵箱|"
    r"扫码|掃碼|点击|點擊|分享到|打印本页|printer|published|last updated|"
    r"发布时间|發佈時間|发布日期|發佈日期|浏览次数|瀏覽次數|字号|字號|我来说两句|"
    r"^\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$)",
    re.IGNORECASE,
)
#: Bylines and contact words: boilerplate only in a line without clause marks (a byline
#: "■中国城市报记者 郭文治", not "记者从会上获悉,…").
BYLINE = re.compile(r"记者|記者|通讯员|通訊員|电话|電話|热线|熱線|关注|關注")
#: A sentence that gives a phone number, an address or a case reference to quote is a
#: contact sentence, whatever its length.
CONTACT = re.compile(
    r"(?:\b(?:call|ring|phone|text)\b\s+(?:[a-z]+\s+){0,4}?\d{3}|"
    r"\bcontact\s+(?:[a-z]+\s+){0,3}?(?:on|via)\s+\d|"
    r"\bquot(?:e|ing)\b[^.]{0,20}\b(?:ref|reference|log|incident|crime)|"
    r"(?:\(\+?\d{2,4}\)|\+\d{1,3})[\s-]?\d{3,4}[\s-]\d{3,4}\b|\b0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}\b|"
    r"[\w.-]+@[\w-]+\.[\w.]+|https?://|www\.|crimestoppers|"
    r"(?:致电|致電|拨打|撥打|电话|電話|热线|熱線)[^，。,;；]{0,12}?\d{5,})",
    re.IGNORECASE,
)
BOILER_LINE_MAX = 80  # a boilerplate hit ends a line only in a line this short

DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{2,40},?\s+(?:\w+\s+\d{1,2}|\d{1,2}\s+\w+)(?:,?\s+\d{4})?\s*[-–—:]\s*|"
    r"(?:本报|本報|新华社|新華社|中新网|中新網)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电?[\s(（].{0,20}?[)）]?\s*|"
    r"\d{4}年\d{1,2}月\d{1,2}日[,，\s]*)"
)
