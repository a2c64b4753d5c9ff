"""English claim vocabulary: number tokens, units, change verbs, bounds, periods, bases and
the stop words that end a noun phrase."""

from __future__ import annotations

import re

from analysis.numbers.claims.numerals import ARABIC_RE

EN_WORD_NUM_RE = (
    "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    "(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    "|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    "|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)


EN_TOKEN_SRC = (
    r"(?P<cur>(?:RMB|CNY|¥|US\$|USD|A\$|AU\$|AUD|NZ\$|HK\$|C\$|\$|£|GBP|€|EUR)\s?)?"
    rf"(?P<num>{ARABIC_RE}|(?<![\w-])(?:{EN_WORD_NUM_RE})(?=\b|fold))"
    r"(?P<plus>\+)?(?:\s?(?P<mag>thousand|million|billion|bn|(?<=\d)(?:mn|m|k))\b)?"
    r"(?P<plus2>\+|-plus\b)?"
    r"(?:\s?(?P<unit>%|per\s?cent\b|percent\b|pc\b|-?percentage[- ]points?\b|pp\b|points?\b"
    r"|-?fold\b|times\b|×|yuan\b|RMB\b|CNY\b|square metres\b|square meters\b|m²"
    r"|pounds\b|dollars\b|euros\b))?"
)


#: currency signs and codes → the canonical unit of an amount
EN_CURRENCY = {
    "rmb": "yuan",
    "cny": "yuan",
    "¥": "yuan",
    "yuan": "yuan",
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "dollars": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "nz$": "NZD",
    "hk$": "HKD",
    "c$": "CAD",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
}


#: fractions in words (their value as a fraction of one)
EN_FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "one-third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "one-quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "one-fifth": 0.2,
    "two fifths": 0.4,
    "two-fifths": 0.4,
    "three fifths": 0.6,
    "three-fifths": 0.6,
    "four fifths": 0.8,
    "four-fifths": 0.8,
    "a tenth": 0.1,
    "one tenth": 0.1,
    "one-tenth": 0.1,
    "a sixth": 1 / 6,
    "an eighth": 0.125,
}


EN_FRACTION_RE = "|".join(re.escape(k) for k in sorted(EN_FRACTIONS, key=len, reverse=True))


#: "a dozen", "dozens" are not exact; "a dozen" is 12
EN_DOZEN = {"a dozen": 12.0, "half a dozen": 6.0}


#: a rate's base ("per 100,000 people"): part of the rate's unit, never a figure of its own
EN_RATE_BASE = re.compile(
    r"(?i)(?:\bper\s+|/\s?|\bfor every\s+(?:[$£€]\s?)?(?=1\b|1,0|1 0|10|100)|\bfor each\s+)"
    r"(?:1,000,000|1 000 000|100,000|100 000|100000|10,000|10 000|10000"
    r"|1,000|1 000|1000|100|10|1|million|thousand|capita|head)(?![\d,])"
    r"(?:\s+(?:of\s+(?:the\s+)?)?(?:people|persons|population|residents|inhabitants|households"
    r"|adults|children|pupils|patients|offenders|officers|invested|spent))?\b"
)


#: the comparison basis before → after: "since the scheme began", "against the 2009
#: baseline", "compared with the 40 days before"
EN_BEFORE_AFTER_BASIS = re.compile(
    r"(?i)\bsince\s+(?:the|its|their|this)\s+(?:\w+\s+){0,2}?(?:scheme|pilot|operation|project"
    r"|programme|program|initiative|campaign|trial|service|unit|team|policy|strategy|law"
    r"|legislation|changes?|reforms?|intervention|partnership|approach|model|hub|taskforce"
    r"|task force)\s+(?:\w+\s+)?(?:began|started|was launched|launched|was introduced"
    r"|was set up|came into (?:force|effect)|commenced|went live|took effect|opened"
    r"|began operating)"
    r"|\bsince\s+(?:the|its|their)\s+(?:launch|introduction|start|inception|roll-?out)\b"
    r"(?!\s+of\s+(?:the\s+)?(?:year|month|quarter|financial year|(?:19|20)\d{2}))"
    r"|\bagainst\s+(?:the|a|its)\s+(?:(?:19|20)\d{2}(?:/\d{2})?\s+)?baseline\b"
    r"|\b(?:compared|as against|relative)\s+(?:with|to)\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:days|weeks|months|years)\s+(?:before|prior|preceding)\b"
    r"|\b(?:compared|relative)\s+(?:with|to)\s+(?:before|pre-)"
    r"|\bthan before the\b|\bbefore and after the\b"
    r"|\bsince\s+(?:19|20)\d{2}\b(?!\s*[-–/]\s*\d)"
    r"|\bsince\s+the\s+(?!start\b|beginning\b|end\b|same\b|first\b|last\b)[a-z]+\b"
    r"(?!\s+of\s+(?:the\s+)?(?:year|month))"
)


#: no change: "unchanged", "remained stable", "flat", "no change", "the same as"
EN_NO_CHANGE = re.compile(
    r"(?i)\b(?:"
    # remain-type verbs take any no-change word ("remained similar", "stayed level")
    r"(?:remained|remains|remaining|stayed|stays|staying|held|holding|kept|has remained"
    r"|have remained)\s+(?:(?:broadly|largely|virtually|essentially|relatively|roughly|about"
    r"|almost|much|more or less|fairly)\s+)?(?P<w>unchanged|stable|steady|flat|static|level"
    r"|constant|the same|about the same|similar|(?:at\s+)?(?:the same|a similar) level)"
    # be-type verbs only the unambiguous ones ("was flat", not "was consistent with")
    r"|(?:was|were|is|are|has been|have been)\s+(?:(?:broadly|largely|virtually|essentially"
    r"|relatively|roughly|almost|more or less|fairly)\s+)?(?:unchanged|stable|steady|flat|static)"
    r"|(?:broadly|largely|relatively|virtually)\s+(?:stable|flat|unchanged|steady)"
    r"|(?:did|does|do|has|have) not (?:change|changed)(?: (?:much|significantly|markedly))?"
    r"|(?:little|barely any|virtually no|little or no) change|barely changed"
    r"|(?P<w2>unchanged|no (?:significant |statistically significant |real |overall )?change"
    r"|flat (?:year[- ]on[- ]year|on (?:the )?(?:previous|last) year))"
    r"|(?:reflected|showed|was|were|is|are)\s+(?:about\s+|roughly\s+|broadly\s+)?the same as"
    r"(?=\s+(?:the\s+|in\s+)?(?:last|previous|corresponding|same|a year|(?:19|20)\d{2})))\b"
    # after a dash or comma: "1.6m patients were waiting in December – the same as in November"
    r"|(?<=[–—,;(]\s)(?:about\s+|roughly\s+|broadly\s+)?the same as(?=\s+(?:the\s+|in\s+)?"
    r"(?:last|previous|a year|(?:19|20)\d{2}|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b)"
)


#: the months in order, to read a named month as a base (the month before the claim's: mom)
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


#: words that are not nouns of counting when they follow a number
EN_NOT_COUNT_NOUN = {
    "there",
    "it",
    "they",
    "we",
    "he",
    "she",
    "this",
    "these",
    "those",
    "each",
    "every",
    "per",
    "am",
    "pm",
    "st",
    "nd",
    "rd",
    "th",
    "percent",
    "respectively",
    "compared",
    "against",
    "versus",
    "vs",
    "more",
    "fewer",
    "less",
    "times",
    "across",
    "among",
    "between",
    "out",
    "not",
    "both",
    "all",
}


EN_TOKEN = re.compile(EN_TOKEN_SRC, re.IGNORECASE)


EN_TOK = re.sub(r"\(\?P<\w+>", "(?:", EN_TOKEN_SRC)


EN_NUM = rf"(?:\d+|{EN_WORD_NUM_RE})"


EN_INC = (
    r"rose|risen|rise|rises|rising|increased|increase|increases|increasing|grew|grown|growth"
    r"|growing|up|higher|jumped|jump|jumps|climbed|climbing|gained|surged|soared|went up|gone up"
    r"|more|improved|improvement|boosted|boosting|raised|raising"
)


EN_DEC = (
    r"fell|fallen|fall|falls|falling|dropped|drop|drops|dropping|declined|decline|declines"
    r"|declining|decreased|decrease|decreases|decreasing|down|lower|reduced|reduction|reductions"
    r"|reduce|reduces|reducing|cut|cuts|cutting|shrank|shrunk|slid|slipped|plunged|plummeted"
    r"|went down|gone down|fewer|less|slashed|tumbled|dipped"
)


EN_BOUND_PRE = {
    "more than": "at_least",
    "over": "at_least",
    "at least": "at_least",
    "upwards of": "at_least",
    "in excess of": "at_least",
    "above": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "nearly": "at_most",
    "almost": "at_most",
    "close to": "at_most",
    "just under": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "under": "at_most",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "below": "at_most",
    "below the": "at_most",
    "above the": "at_least",
    "topped": "at_least",
    "exceeded": "at_least",
    "surpassed": "at_least",
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "some": "approx",
    "circa": "approx",
    "approx.": "approx",
    "~": "approx",
    "just above": "at_least",
    "just below": "at_most",
    "as many as": "at_most",
    "as much as": "at_most",
    "as high as": "at_most",
    "within": "at_most",
    "≥": "at_least",
    ">=": "at_least",
    ">": "at_least",
    "≤": "at_most",
    "<=": "at_most",
    "<": "at_most",
    "a little over": "at_least",
    "just over": "at_least",
    "well over": "at_least",
    "a little under": "at_most",
    "not quite": "at_most",
    "an estimated": "approx",
}


EN_BOUND_PRE_RE = "|".join(re.escape(k) for k in sorted(EN_BOUND_PRE, key=len, reverse=True))


EN_PARTICIPLES = {
    "found",
    "held",
    "made",
    "seen",
    "taken",
    "given",
    "caught",
    "brought",
    "done",
    "won",
    "lost",
    "built",
    "sent",
    "kept",
    "paid",
    "set",
    "handled",
}


EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November"
    "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)


EN_PERIOD = re.compile(
    rf"(?i:\b(?:since|from|in|during|through|until|by|as of|at the end of)\s+)"
    rf"(?:(?i:early|late|mid-)\s?)?(?:{EN_MONTHS})\b(?:\s+\d{{4}})?"
    r"|(?i:\b(?:so far\s+)?this year\b|\blast year\b|\byear[- ]to[- ]date\b"
    r"|\b(?:in\s+)?the first \w+ months(?: of (?:the year|\d{4}))?\b"
    r"|\bsince the (?:start|beginning) of (?:the year|\d{4})\b"
    r"|\b(?:since|in|during|for|as of)\s+(?:19|20)\d{2}\b"
    r"|\bin recent years\b|\bover the (?:past|last|previous|next) \w+ (?:years|months|weeks)\b"
    r"|\b(?:in|during|over|for)\s+the\s+(?:\w+\s+)?(?:\d+|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve)\s+(?:months|weeks|years|days)\s+"
    r"(?:to|ending|ended|up to|until)\b(?:\s+(?:the end of\s+)?"
    rf"(?:{EN_MONTHS})\b(?:\s+\d{{4}})?)?"
    r"|\bwithin\s+(?:\d+|\w+)\s+(?:months|years)\b"
    r"|\b(?:(?:in|for|after|over|during|across)\s+)?(?:the\s+|its\s+|their\s+|a\s+)?(?:first|last|past"
    r"|previous|next|preceding|following|latest|final|same|two|three)\s+(?:\d+|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty)(?:[- ]month|[- ]year)?\s+"
    r"(?:years?|months?|weeks?|days?|quarters?|period)(?:\s+(?:to|ending|ended|up to|until)\b)?"
    r"|\b(?:in|for|after|over|within)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve)\s+(?:years|months|weeks|quarters)\b"
    r"|\b(?:\d+|twelve|two|three|six)\s+(?:years?|months?|weeks?)\s+(?:earlier|before|ago|later"
    r"|previously)\b"
    r"|\b(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:preceding|previous|following|past|last|subsequent)\s+(?:years|months|weeks|quarters)\b"
    r"|\b(?:the|a)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"[- ](?:month|year|week|day)\s+period\b"
    r"|\b\d+-(?:year|month|week|day)\b"
    r"|\b(?:over|for|across)\s+(?:a\s+|the\s+)?(?:\d+|two|three|four|five|six|seven|eight"
    r"|nine|ten)\s+(?:-\s*)?(?:years|year period|months|month period)\b"
    r"|\b(?:for\s+)?(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:consecutive|successive|straight)\s+(?:years|months|weeks|days|quarters)\b"
    r"|\b(?:year[- ]to[- ]date|so far this year|this time last year|at the same point last year"
    r"|at this time (?:last year|in (?:19|20)\d{2})))"
)


EN_BASIS = (
    (
        re.compile(
            r"(?i)\byear[- ]on[- ]year\b|\byoy\b|\by/y\b|\b(?:from|than|on|compared (?:to|with))"
            r" a year (?:earlier|ago|before)\b"
            r"|\b(?:same|corresponding|equivalent) (?:period|time|point|months?|quarter)"
            r"(?: (?:of|in|during))?(?: the)? (?:last|previous|prior|preceding) year\b"
            r"|\b(?:same|corresponding|equivalent) (?:period|time|point|months?|quarter)"
            r" (?:of |in |during )?(?:19|20)\d{2}\b"
            r"|\bsame period last year\b|\bat this time (?:last year|in (?:19|20)\d{2})\b"
            r"|\b(?:same|corresponding|equivalent)\s+(?:[\w-]+\s+){0,2}?(?:period|time|point|months?"
            r"|quarter)\b|\bthan last\b|\bannual (?:rise|fall|increase|decrease|drop|reduction"
            r"|growth|change)\b|\b(?:12|twelve) months (?:earlier|before|previously)\b"
            r"|\bprevious (?:12|twelve) months\b|\b(?:than|on|from) last (?:January|February"
            r"|March|April|May|June|July|August|September|October|November|December)\b"
            r"|\bthis time last year\b|\bat the same point last year\b"
            r"|\b(?:compared|as against|relative|in comparison) (?:to|with) (?:the )?(?:year before"
            r"|\s{4,}|previous year"
            r"|prior year|preceding year|last year|last\b|(?:19|20)\d{2}\b)"
            r"|\b(?:on|than|from) (?:the )?(?:previous|last|prior|preceding) year\b"
            r"|\bon last year\b|\bthan last year\b|\bthe year before\b"
            r"|\bas (?:in |for )?(?:the )?(?:last|previous|prior) year\b"
            r"|\b(?:than|compared with|compared to) (?:in|for|during) (?:the )?"
            r"(?:previous|last|prior|preceding) year\b"
            # a named year as the base: "down 8% on 2012", "compared with the 39,404 fatalities
            # in 2018" (yoy unless the sentence's own year is more than one later: en_basis)
            r"|(?:%|\bper\s?cent|\bpercent)\s+(?:on|against)\s+(?:19|20)\d{2}\b(?![-/–]\d)"
            r"|\b(?:compared (?:to|with)|over|on|than)\s+(?:the\s+)?\d[\d,.]*\s+"
            r"(?:[A-Za-z-]+\s+){0,3}?(?:in|during)\s+(?:19|20)\d{2}\b(?![-/–]\d)"
        ),
        "yoy",
    ),
    (
        re.compile(
            r"(?i)\bmonth[- ]on[- ]month\b|\bm/m\b|\bfrom the previous month\b"
            r"|\b(?:quarter|week)[- ]on[- ](?:quarter|week)\b"
            r"|\b(?:the )?(?:previous|last|preceding|prior) (?:quarter|week|month)\b"
            r"|\bthan the previous month\b|\bon the previous month\b|\bon last month\b"
        ),
        "mom",
    ),
    (EN_BEFORE_AFTER_BASIS, "before_after"),
)


EN_STOP = {
    "between",
    "across",
    "among",
    "within",
    "against",
    "around",
    "into",
    "through",
    "until",
    "via",
    "were",
    "was",
    "is",
    "are",
    "have",
    "has",
    "had",
    "been",
    "be",
    "in",
    "on",
    "at",
    "to",
    "for",
    "of",
    "and",
    "or",
    "since",
    "this",
    "that",
    "which",
    "with",
    "from",
    "by",
    "during",
    "over",
    "under",
    "than",
    "compared",
    "so",
    "as",
    "per",
    "a",
    "an",
    "the",
    "last",
    "year",
    "while",
    "but",
    "who",
    "when",
    "where",
    "after",
    "before",
}


#: a waiting-time threshold that defines a statistic (corpus convention 11): "seen within four
#: hours", "waited more than 12 hours", "95% of patients in four hours", "treated within 18
#: weeks". Only the threshold (group ``t``) is blanked; a change of the wait ("waits fell by
#: more than four hours", "cut to within 4 hours") has a change word or "to"/"by" before it.
EN_THRESHOLD = re.compile(
    r"(?i)(?:\b(?:seen|treated|admitted|discharged|transferred|assessed|handled|answered"
    r"|responded(?:\s+to)?|attended|operated|diagnosed|reached|arrived|waited|waiting|waits?"
    r"|spent|spending|spend)\b"
    r"(?:(?!\b(?:by|to|fell|rose|cut|reduced|increased|decreased|down|up|and|but|while)\b)"
    r"[^\d.;:%]){0,40}?"
    r"|(?:%|\bper\s?cent|\bpercent)\s+of\s+(?:[A-Za-z&'’-]+\s+){1,4}?(?:(?:were|was|are|is)\s+)?"
    r"(?:(?:seen|treated|admitted|discharged)\s+)?)"
    r"(?P<t>\b(?:within|in(?:\s+under)?|under|(?:for\s+)?(?:more|longer)\s+than|over|beyond)\s+"
    r"(?:\d+|one|two|three|four|six|eight|twelve|eighteen|twenty-eight|sixty-two)\s+"
    r"(?:hours?|minutes?|days?|weeks?)\b)"
)


#: the words between the two numbers of a share "N of M" (corpus convention 6): "52 of 144",
#: "75 out of 77", "52 of the 144 type one trusts", "27,273 of the total of 272,505 patients"
EN_OF_GAP = re.compile(
    r"(?i)\s*(?:of|out of)(?:\s+(?:the total of|a total of|all the|the|all|some|a))?\s*"
)


#: a base level quoted in a comparison phrase without a noun of its own (corpus convention 2:
#: a plain count): "a 4% decline over the 40,231 in 2017", "compared with the 1,204 a year ago",
#: "up by two thirds from the week before, when it was 243"
EN_BASE_LEVEL = re.compile(
    r"(?i)\b(?:compared (?:to|with)|over|than|against)\s+the\s*$"
    r"|\bwhen\s+(?:it|they|the\s+[a-z]+)\s+(?:was|were|stood at|had been)\s*$"
    # the count a share stands for, in brackets: "49.1% (491)", "nearly half (46%, or 252,612)"
    r"|(?:%|\bper\s?cent)\s*(?:\(|,\s*or|\(\s*or)\s*$"
)

#: what makes a bare number (no noun) a level all the same: the second number of a share
#: or of a comparison follows it ("52 of the 144", "10.0 vs 3.9")
EN_PAIR_NEXT = re.compile(
    rf"(?i)(?:{EN_OF_GAP.pattern.removeprefix('(?i)')}|\s*(?:vs\.?|versus)\s*)(?=\d)"
)
