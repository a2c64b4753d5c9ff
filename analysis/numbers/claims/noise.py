"""Numbers that are not figures: phone numbers, document and case numbers, ISBNs,
citation markers, datelines, times of day, year ranges, addresses, statute sections, URLs,
e-mail addresses, version numbers and ages.

``noise_spans`` finds them so that the language parsers never read them as counts; the
dispatcher (:mod:`analysis.numbers.claims.parse`) blanks these spans (offsets kept) before
the reported statistics, ranges, ranks and the language grammar read the text.

The contract: each span is ``(start, end, what)`` in the normalised text, ``what`` one of
the non-claim families of the corpus (``phone``, ``isbn``, ``citation``, ``year_range``,
``dateline``, ``time``, ``document_number``, ``statute``, ``address``, ``url_email``,
``other``). A span covers the number-bearing part only where the words around it carry
meaning for the grammar: a date gives the spans of its day and year digits, so that the
month name stays and "since 1 April 2021" still reads as a period "since April"; Chinese
dates written with 年/月/日 are left to the Chinese grammar, which reads them as periods.
Spans may overlap; the dispatcher blanks their union.
"""

from __future__ import annotations

import re

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)

_CN = "0-9一二三四五六七八九十百千两〇零"

_WHOLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    # ---- web and mail
    ("url_email", re.compile(r"(?i)\b(?:https?://|www\.)[^\s，。；]+")),
    ("url_email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "url_email",
        re.compile(
            r"(?i)\b[\w-]+(?:\.[\w-]+)*\.(?:gov|org|com|net|edu|police|nhs)(?:\.\w{2})?"
            r"(?:/[^\s，。；]*)?"
        ),
    ),
    # ---- ISBN / ISSN / DOI
    (
        "isbn",
        re.compile(
            r"(?i)\b(?:ISBN|ISSN)(?:-1[03])?\s*:?\s*(?:97[89][\s-]?)?[\dXx][\d\s-]{6,16}"
            r"[\dXx]\b"
        ),
    ),
    ("isbn", re.compile(r"\b97[89][-\s]\d{1,5}[-\s]\d{1,7}[-\s]\d{1,7}[-\s]\d\b")),
    ("citation", re.compile(r"(?i)\bdoi\s*:?\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/[-._;()/:\w]+")),
    # ---- phone numbers
    (
        "phone",
        re.compile(
            r"(?i)(?:\b(?:call|ring|dial|phone|telephone|tel\.?|text|fax|mobile|hotline|helpline"
            r"|freephone|contact(?:\s+\w+){0,3}\s+on|on)\s*:?\s*)"
            r"(?:\+?\d{1,3}[\s-]?)?\(?0?\d{2,5}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b"
        ),
    ),
    (
        "phone",
        re.compile(
            r"(?i)\b(?:call|calls to|ring|dial|phone|telephone|tel\.?|text"
            r"|contact(?:\s+\w+){0,3}\s+on|contact)\s*:?\s*(?:101|999|111|112|911|000|119|110"
            r"|120|122|12345|12110|96110|1800(?:\s?\d{3}){2}|13\s?\d{2}\s?\d{2}"
            r"|1300(?:\s?\d{3}){2})\b"
            r"|(?i:\b(?:on|to|via)\s+)(?:101|999|911|112|000)\b(?!\s*(?:people|officers|cases"
            r"|crimes|incidents|offences|arrests|times|occasions|per|%|percent|victims|calls a))"
        ),
    ),
    ("phone", re.compile(r"(?<![\d.,])\(?\b0\d{1,4}\)?[\s-]\d{3,4}[\s-]?\d{3,4}\b(?![\d.,]?\d)")),
    ("phone", re.compile(r"(?<![\d.,])\b0\d{9,10}\b")),
    ("phone", re.compile(r"(?<![\d.,])\+\d{1,3}[\s-]\(?\d{1,4}\)?(?:[\s-]\d{2,4}){2,3}\b")),
    ("phone", re.compile(r"(?<![\d.,])\(\d{3}\)\s?\d{3}-\d{4}\b|\b1-8\d{2}-\d{3}-\d{4}\b")),
    ("phone", re.compile(r"\b(?:1800|1300)\s\d{3}\s\d{3}\b|\b0800\s\d{3}\s\d{3,4}\b")),
    (
        "phone",
        re.compile(
            r"(?:电话|热线|举报电话|咨询电话|联系电话|服务电话|报警电话|拨打|致电|手机|传真"
            r"|電話|熱線|舉報電話|撥打|傳真)"
            r"(?:号码|號碼)?\s*[:：]?\s*(?:\d[\d\s()（）-]{1,16}\d|\d{3,5})"
            r"(?![\d.])(?!\s*[万萬亿億余餘多个個次件起宗人通条條%])"
        ),
    ),
    (
        "phone",
        re.compile(
            r"\b(?:101|999|111|911|311|211|988|112|000|110|119|120)\s+(?:non-emergency\s+"
            r"|emergency\s+)?(?:call\s+)?(?:calls?|services?|numbers?|lines?|operators?"
            r"|call-takers?|takers?|handlers?|centres?|centers?|dispatch(?:ers?)?|system)\b"
        ),
    ),
    # ---- distance and speed thresholds that define a statistic (convention 11): "within 500
    # metres of speed cameras", "exceeding the speed limit by more than 15 mph"
    (
        "other",
        re.compile(
            r"(?i)\bwithin\s+(?:a\s+)?\d[\d,.]*\s?(?:m|km|metres?|meters?|miles?|yards?|feet|ft)"
            r"\s+(?:of|from)\b"
            r"|\b(?:exceed(?:ing|ed|s)?|over|above)\s+the\s+(?:posted\s+)?(?:speed\s+)?limits?\s+by"
            r"\s+(?:more\s+than\s+|over\s+|at\s+least\s+)?\d+\s?(?:mph|km/h|kph)\b"
        ),
    ),
    # ---- the base of a return on spending (a rate base, convention 11): "for each £1
    # invested … a £1.69 saving", "for every $1 spent"
    (
        "other",
        re.compile(
            r"(?i)\bfor\s+(?:each|every)\s+(?:[£$€]|A\$|US\$)\s?1\b(?!\s*(?:[,.]\d|m\b|bn?\b))"
        ),
    ),
    # ---- dates and times with digits only (ISO and numeric dates, datetimes)
    (
        "dateline",
        re.compile(
            r"\b(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
            r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\b"
        ),
    ),
    (
        "dateline",
        re.compile(
            r"\b(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])[/.](?:19|20)?\d{2}"
            r"\b(?![.,]\d)"
        ),
    ),
    (
        "time",
        re.compile(r"(?i)\b(?:[01]?\d|2[0-3])[:.][0-5]\d\s?(?:a\.m\.|p\.m\.|am\b|pm\b|hrs\b|h\b)"),
    ),
    ("time", re.compile(r"(?i)\b(?:[01]?\d|2[0-3])\s?(?:a\.m\.|p\.m\.|am\b|pm\b)")),
    # a clock time: hours 0-23, minutes 0-59, not part of a decimal ratio (8.5:40.2:51.3)
    (
        "time",
        re.compile(
            r"(?<![\d.:：])(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d)?(?!\d)(?!\.\d)(?![:：]\d)"
        ),
    ),
    (
        "time",
        re.compile(
            r"(?i)\b24/7\b|\b24[- ]hours?\s+a\s+day\b|\b365\s+days\s+a\s+year\b"
            r"|\b7\s+days\s+a\s+week\b|\b24[- ]hour\b"
        ),
    ),
    # ---- year ranges, financial years, quarters
    (
        "year_range",
        re.compile(
            r"(?i)\b(?:FY\s?)?(?:19|20)\d{2}(?:[-–/](?:(?:19|20)\d{2}|\d{2})|\s[-–]\s(?:19|20)\d{2})"
            r"\b(?!\s*%)(?!\.\d)"
        ),
    ),
    ("year_range", re.compile(r"(?i)\bFY\s?'?\d{2,4}\b|\b[QH][1-4]\b|\b(?:19|20)\d0s\b")),
    # ---- citations
    ("citation", re.compile(r"\[\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\]")),
    (
        "citation",
        re.compile(
            r"\((?:see\s+|e\.g\.\s+|cf\.\s+)?"
            r"(?:[A-Z][\w'’.-]*(?:\s+(?:et al\.?|and|&|[A-Z][\w'’.-]*))*"
            r",?\s+(?:19|20)\d{2}[a-z]?(?:,\s*pp?\.\s*\d+(?:[-–]\d+)?)?\s*[;,]?\s*)+\)"
        ),
    ),
    # ---- statutes, documents, cases, references
    (
        "statute",
        re.compile(
            r"(?i)\b(?:sections?|ss?\.|sec\.|articles?|art\.|regulations?|reg\.|rules?|clauses?"
            r"|paragraphs?|paras?\.?|schedules?|chapters?|subsections?|bill|standing order"
            r"|directive|amendment|annex|appendix|tables?|figures?|fig\.?|charts?|pages?|pp?\."
            r"|vol\.?|volume|no\.|recommendations?|footnote|tier|phase|wave|grade|version)"
            r"\s?[-.]?\s?\d+[A-Za-z]?(?:[.(]\d+[)]?)*(?:\([0-9a-z]+\))*"
            r"(?:\s*(?:[-–]|to|and|&)\s*\d+[A-Za-z]?(?:\(\d+\))?)?"
            r"(?!\s*(?:%|per\s?cent|percent))"
        ),
    ),
    (
        "statute",
        re.compile(
            r"\b(?:Part|Title|Issue|Item|Question|Note|Box|Stage|Key Stage|Level|Operation|Ward"
            r"|Zone|Route|Platform|Gate|Room|Floor|Unit|Flat|Apartment|Suite|Lot|Bus|Flight"
            r"|Junction|Exit|Order|Step|Year|Form)\s?\d+[A-Za-z]?(?:\.\d+)*"
            r"(?!\s*(?:%|per\s?cent|percent))"
        ),
    ),
    (
        "document_number",
        re.compile(
            r"(?i)\b(?:ref(?:erence)?|crime\s+reference|freedom of information|foi)"
            r"(?:\s+(?:request|no\.?|number|ref\.?))?\s*[:#]?\s*(?:[A-Z]{1,4}[/-]?)?\d\w*(?:[/-]\w+)*"
            r"|(?i:\b(?:case|incident|log|file|complaint|application|report|claim|licen[cs]e"
            r"|permit|ticket|serial|crime)\s+(?:no\.?|number|ref\.?)\s*[:#]?\s*)"
            r"(?:[A-Z]{1,4}[/-]?)?\d\w*(?:[/-]\w+)*"
            r"|(?i:\b(?:incident|log|occurrence)\s+)\d+(?:/\d+)?\s+of\s+\d{1,2}(?:/\d{1,2})?"
            r"|(?i:\b(?:incident|log|occurrence|case)\s+)\d+/\d+"
        ),
    ),
    (
        "document_number",
        re.compile(
            r"[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*(?:第\s*)?\d+\s*[号號]"
            r"|[\u4e00-\u9fff]{0,8}[令规发字函办]\s*[〔\[(【]?\s*(?:(?:19|20)\d{2})?\s*[〕\])】]?"
            r"\s*第\s*\d+\s*[号號]"
            r"|第\s*\d+\s*[号號](?:令|文件|公告|通知)?"
            r"|[\u4e00-\u9fff]{1,2}ICP[备備证證]?\s*\d+\s*[号號]?(?:\s*-\s*\d+)?"
            r"|[\u4e00-\u9fff]{0,2}公网安备\s*\d+\s*[号號]?"
            r"|\(\s*(?:19|20)\d{2}\s*\)\s*[\u4e00-\u9fff]{1,8}\d+\s*[\u4e00-\u9fff]{0,4}\d+\s*[号號]"
        ),
    ),
    # ---- addresses and postcodes
    (
        "address",
        re.compile(
            r"\b\d{1,5}[A-Za-z]?(?:[-–]\d{1,5})?,?\s+(?:[A-Z][\w'’.]*\s+){1,4}"
            r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Way|Drive|Dr|Place|Pl|Square|Sq|Terrace"
            r"|Close|Crescent|Boulevard|Blvd|Court|Ct|Plaza|Parade|Row|Hill|Gardens|Walk"
            r"|Highway|Hwy|Embankment|Quay|Broadway|Mews|Green|Park)\b"
        ),
    ),
    ("address", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")),
    (
        "address",
        re.compile(r"(?<=, )\d{1,4}(?:[-–]\d{1,4})?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=,)"),
    ),
    ("address", re.compile(r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT|Vic|Qld|Tas)\s+\d{4}\b")),
    ("address", re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")),
    ("address", re.compile(r"(?i)\b(?:P\.?O\.?\s*Box|GPO Box|Locked Bag)\s+\d+\b")),
    (
        "address",
        re.compile(
            r"[\u4e00-\u9fff]{1,10}(?:路|街|大道|巷|弄|胡同|里|道|大街|村|镇|鎮|號|号院)"
            r"\s*\d+(?:[-之]\d+)?\s*[号號](?:院|楼|樓|大厦|大廈)?(?:\d+\s*[层層楼樓室])?"
        ),
    ),
    ("address", re.compile(r"\d+\s*(?:号楼|號樓|单元|單元|室)")),
    # ---- ages
    (
        "other",
        re.compile(
            r"(?i)\b\d{1,3}-?(?:\s*(?:-|–|to)\s*\d{1,3})?[- ]years?[- ]olds?\b"
            r"|\b(?:under|over|above|below)\s+the\s+age\s+of\s+\d{1,3}\b"
            r"|\bages?\s+\d{1,3}(?:\s*(?:-|–|to|and)\s*\d{1,3})?(?:\s+years)?\b"
            r"|\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\s+(?:age|year)[- ]?(?:range|group|band|bracket)s?\b"
            r"|\baged\s+\d{1,3}\s+(?:and|or)\s+(?:over|under|above|older|younger)\b"
            r"|\baged\s+(?:between\s+|under\s+|over\s+)?\d{1,3}(?:\s*(?:-|–|to|and)\s*\d{1,3})?"
            r"(?:\s+and\s+(?:over|under|above))?"
            r"|\b(?:under|over)-\d{1,2}s?\b|\b\d{1,2}-\d{1,2}s\b"
            r"|(?<=[a-z]), \d{1,2}, (?=(?:of|from|was|is|has|had|were|who)\b)"
        ),
    ),
    # an age band or age threshold labelling a subgroup's statistic: "⩾80 years HR = 1.13",
    # "60–69 years, HR = 0.99", "patients ≥65 years"
    (
        "other",
        re.compile(
            r"[⩽≤⩾≥<>]\s?\d{1,3}\s?(?:years?|yrs?)\b"
            r"|\b\d{1,3}\s?[-–]\s?\d{1,3}\s?(?:years?|yrs?)\b"
            r"(?=\s*[,;:(]?\s*(?:a?HR|a?OR|a?RR|a?IRR|[nN]\s?=)(?![A-Za-z]))"
        ),
    ),
    ("other", re.compile(r"\d{1,3}\s*(?:岁|歲|周岁|週歲)")),
    (
        "dateline",
        re.compile(
            rf"(?:中華民國|中华民国|民國|民国)\s*[{_CN}]+\s*年(?:\s*[{_CN}]+\s*月)?(?:\s*[{_CN}]+\s*[日號号])?"
        ),
    ),
    ("other", re.compile(rf"(?<![连連续續近])[{_CN}]+年(?:来|來|以来|以來)")),
    # ---- Chinese statute text, plan names and slogans with numerals
    (
        "statute",
        re.compile(
            rf"[{_CN}]+年以[上下](?:[{_CN}]+年以下)?(?:有期徒刑|拘役)|有期徒刑[{_CN}]+年"
            rf"|第[{_CN}]+[条條](?:第[{_CN}]+[款项項])?|第[{_CN}]+[款项項]"
        ),
    ),
    (
        "other",
        re.compile(
            rf"第?[{_CN}]+个五年(?:规划|計劃|计划)|[“\"]?十[一二三四五六]五[”\"]?(?:规划|時期|时期)?"
            rf"|[{_CN}]+[台网證证险规員员级]合一|(?:19|20)\d{{2}}年?\s*(?:到|至|-|—|~|－)\s*"
            rf"(?:19|20)\d{{2}}年(?!\d)"
        ),
    ),
    (
        "other",
        re.compile(r"(?i)\b(?:Stata|SPSS|SAS|R|Python|Excel|Windows|iOS|Android)\s*\d+(?:\.\d+)*"),
    ),
    # ---- names with digits: COVID-19, M25, G20, 5G
    ("other", re.compile(r"(?i)\bcovid-?19\b|\bsars-cov-2\b|\bmpox\b")),
    # ---- page furniture: "Photo 1 of 5", "3 min read", "Updated 3 hours ago"
    (
        "other",
        re.compile(
            r"(?i)\b(?:photo|image|picture|slide|page|step|part|item|video|gallery|question"
            r"|chapter|episode|story)\s+\d+\s+(?:of|/)\s+\d+\b"
            r"|\b\d+\s?(?:min|minute)s?\s+(?:read|watch|listen)\b"
            r"|\b(?:updated|posted|published|added|edited)\s+(?:\w+\s+)?\d+\s+(?:seconds?|minutes?"
            r"|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
        ),
    ),
    (
        "other",
        re.compile(
            r"(?i)\b\d+(?:\s*(?:-|–|to)\s*\d+)?\s?(?:m|km|metres?|meters?|miles?)\s+"
            r"(?:radius|catchment|buffer|zone)\b"
            r"|\bradius of \d+(?:\s*(?:-|–|to)\s*\d+)?\s?(?:m|km|metres?|meters?|miles?)\b"
            r"|\(\s*\d+\s?(?:m|km)\s*\)"
        ),
    ),
    (
        "other",
        re.compile(
            r"(?i)\b\d{2,3}\s?(?:mph|km/h|kph)\s+(?:speed\s+)?(?:zones?|limits?|areas?|roads?"
            r"|streets?|schemes?)\b"
        ),
    ),
    (
        "slogan",
        re.compile(
            r"(?i)\b100\s?(?:%|per\s?cent|percent)\s+(?:anonymous(?:ly)?|confidential(?:ly)?|free"
            r"|secure|safe|guaranteed|committed|behind|focused|dedicated|sure|certain)\b"
        ),
    ),
    (
        "other",
        re.compile(
            r"(?i)\b(?:CC[- ]BY(?:-[A-Z]+)*|Attribution(?:-\w+)*|licen[cs]e|GPL|OGL"
            r"|Open Government Licence)\s*v?\d+(?:\.\d+)*|\b\d+\.\d+\s+International\b"
            r"|/\d+(?:\.\d+)+/"
        ),
    ),
    ("statute", re.compile(r"§+\s*\d+(?:\.\d+)*")),
    ("statute", re.compile(r"(?i)\blevel\s+\d\b(?!\s*(?:%|per\s?cent|percent|years?))")),
    (
        "document_number",
        re.compile(r"\b(?:Cm|Cmnd|Cd|HC|HL|SI|S\.I\.)\.?\s+\d+(?:\s*(?:to|-|–|/)\s*\d+)?\b"),
    ),
    (
        "other",
        re.compile(
            r"\b(?:Operation|Project|Exercise)\s+(?:[A-Z][a-z]+\s+){0,2}\d+\b"
            r"|\b(?:Number|No|Issue|Volume|Vol|Bulletin|Report|Paper|Series)\.?\s+\d+\b"
        ),
    ),
    (
        "other",
        re.compile(
            r"(?<=[A-Za-z])(?<!\bRMB)(?<!\bCNY)(?<!\bUSD)(?<!\bGBP)(?<!\bAUD)"
            r"(?<!\bEUR)(?<!\bHKD)(?<!\bNTD)(?<!\bMOP)\d+(?:\.\d+)*"
        ),
    ),
    ("other", re.compile(r"(?i)\b\d+(?:st|nd|rd|th)\s+(?:century|anniversary|birthday)\b")),
    ("other", re.compile(r"(?i)\b\d+(?:\.\d+){2,}\b")),
)

#: dates written with a month name: only the digits (day, year) are noise.
_DATES = (
    re.compile(
        r"\b(?P<d>(?:0?[1-9]|[12]\d|3[01])(?:\s?(?:st|nd|rd|th))?)\s+(?:of\s+)?"
        + _MONTHS
        + r"(?:,?\s+(?P<y>(?:19|20)\d{2}))?\b"
    ),
    re.compile(
        r"\b" + _MONTHS + r"\s+(?P<d>(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)\b"
        r"(?:,?\s+(?P<y>(?:19|20)\d{2})\b|(?=\s*(?:[,.;)]|$)))"
    ),
)


def noise_spans(norm: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, what) of every number-bearing span of ``norm`` that is not a figure.

    The same rules serve both languages (a Chinese release quotes English phone numbers and
    URLs, an English one rarely Chinese document numbers); ``lang`` is accepted for the
    dispatcher's contract and kept for rules that differ.
    """
    out: list[tuple[int, int, str]] = []
    for what, pat in _WHOLE:
        for m in pat.finditer(norm):
            if re.search(r"[\d一二三四五六七八九十百千万萬两兩〇零]", m.group(0)):
                out.append((m.start(), m.end(), what))
    for pat in _DATES:
        for m in pat.finditer(norm):
            for g in ("d", "y"):
                if m.group(g):
                    out.append((m.start(g), m.end(g), "dateline"))
    return sorted(set(out))
