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
    rf"(?P<cur>(?:RMB|CNY|¥|\$)\s?)?(?P<num>{ARABIC_RE}|(?<![\w-])(?:{EN_WORD_NUM_RE})(?=\b|fold))"
    r"(?P<plus>\+)?(?:\s?(?P<mag>thousand|million|billion|bn)\b)?(?P<plus2>\+|-plus\b)?"
    r"(?:\s?(?P<unit>%|per\s?cent\b|percent\b|percentage[- ]points?\b|pp\b|points?\b"
    r"|-?fold\b|times\b|×|yuan\b|RMB\b|CNY\b|square metres\b|square meters\b|m²))?"
)


EN_TOKEN = re.compile(EN_TOKEN_SRC, re.IGNORECASE)


EN_TOK = re.sub(r"\(\?P<\w+>", "(?:", EN_TOKEN_SRC)


EN_NUM = rf"(?:\d+|{EN_WORD_NUM_RE})"


EN_INC = (
    r"rose|risen|rise|rises|increased|increase|increases|grew|grown|growth|up|higher"
    r"|jumped|jump|climbed|gained|surged|soared|went up|more"
)


EN_DEC = (
    r"fell|fallen|fall|falls|dropped|drop|drops|declined|decline|declines|decreased"
    r"|decrease|decreases|down|lower|reduced|reduction|cut|shrank|slid|slipped|plunged"
    r"|went down|fewer|less"
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
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "some": "approx",
    "circa": "approx",
    "approx.": "approx",
    "~": "approx",
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
    r"|\bin recent years\b|\bover the past \w+ (?:years|months)\b)"
)


EN_BASIS = (
    (
        re.compile(
            r"(?i)\byear[- ]on[- ]year\b|\byoy\b|\by/y\b|\bfrom a year (?:earlier|ago)\b"
            r"|\bthan a year (?:earlier|ago)\b|\bsame period (?:of )?last year\b"
        ),
        "yoy",
    ),
    (
        re.compile(
            r"(?i)\bmonth[- ]on[- ]month\b|\bm/m\b|\bfrom the previous month\b"
            r"|\bthan the previous month\b"
        ),
        "mom",
    ),
)


EN_STOP = {
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
