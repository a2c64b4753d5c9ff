"""Text spans shared by the Chinese and English parsers: normalisation, language, clauses,
sentences."""

from __future__ import annotations

import functools
import re
import unicodedata

from analysis.numbers.claims.script import to_simplified


def normalize_shown(text: str) -> str:
    """NFKC (full-width digits, ％ and punctuation → ASCII; ideographic space → space), the
    script left as written: the text whose words a figure shows (``source``, clause)."""
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def normalize(text: str) -> str:
    """The text the parsers read: :func:`normalize_shown`, then traditional Chinese in
    simplified script (:func:`~analysis.numbers.claims.script.to_simplified`, OpenCC t2s),
    character for character, so offsets into it are offsets into ``normalize_shown(text)``
    (億 → 亿, 萬 → 万, 個 → 个, 點 → 点, 較 → 较 …; one grammar reads both scripts)."""
    return to_simplified(normalize_shown(text))


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|\S+\.(?:html?|shtml|php|aspx?|pdf)\b")


def detect_language(text: str) -> str:
    """'zh' when the text is Chinese (simplified or traditional), else 'en'.

    Chinese releases quote Latin abbreviations (PPI, GDP, 110, APP) and English ones quote a
    Chinese name now and then: a text is Chinese when it has a Han character and its Han
    characters are at least a fifth as many as its Latin letters (web addresses not counted)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return "en"
    words = _URL.sub(" ", text)  # a web address is not English prose
    return "zh" if cjk * 5 >= len(_LATIN.findall(words)) else "en"


def spans_overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


#: a full stop that does not end an English sentence or clause: after an abbreviation
#: ("Mr.", "e.g.", "approx.", "Fig.") or the British "per cent." / "pc.", and any full stop
#: followed by a lower-case word ("a 60 per cent. reduction").
_EN_ABBREV = re.compile(
    r"(?:^|[^A-Za-z])(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|vs|v|e\.g|i\.e|approx|ca|cf|c|Fig|figs?"
    r"|al|Co|Gov|Govt|Dept|Insp|Supt|Sgt|Det|Cllr|Hon|Rt|pp?)$"
)


def _ends_en(norm: str, i: int) -> bool:
    """Whether the full stop at ``norm[i]`` ends an English clause or sentence."""
    if norm[i + 1 : i + 2].isdigit() or norm[i + 1 : i + 2] == "." or norm[i - 1 : i] == ".":
        return False
    if re.match(r"\s*[a-z(%]", norm[i + 1 :]):
        return False
    return not _EN_ABBREV.search(norm[max(0, i - 8) : i])


def clause_spans(norm: str, lang: str) -> list[tuple[int, int]]:
    """Clause spans: split at , ; 。 ! ? : and a full stop that ends a sentence (not inside
    numbers like 3,800 or 1.2, nor after "per cent." or an abbreviation before a lower-case
    word). Cached: the parsers ask for the spans of one text once per figure."""
    return list(_clause_spans(norm, lang))


@functools.lru_cache(maxsize=16)
def _clause_spans(norm: str, lang: str) -> tuple[tuple[int, int], ...]:
    pat = r"[;。!?:]|,(?!\d{3}(?!\d))|\.\.\.|\." if lang == "en" else r"[,;。!?:]|\.{3}"
    out, start = [], 0
    for m in re.finditer(pat, norm):
        if m.group(0) == "." and not _ends_en(norm, m.start()):
            continue
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return tuple(out) or ((0, len(norm)),)


def sentence_spans(norm: str) -> list[tuple[int, int]]:
    """Sentence spans; an ellipsis ('…' elides words of one claim) does not end a sentence,
    nor does a full stop after an abbreviation or "per cent." before a lower-case word."""
    return list(_sentence_spans(norm))


@functools.lru_cache(maxsize=16)
def _sentence_spans(norm: str) -> tuple[tuple[int, int], ...]:
    out, start = [], 0
    for m in re.finditer(r"[;。!?]|(?<!\.)\.(?![.\d])(?=\s|$)", norm):
        if m.group(0) == "." and not _ends_en(norm, m.start()):
            continue
        if m.group(0) == "." and re.fullmatch(r"\s*\d{1,2}", norm[start : m.start()]):
            continue  # a list marker ("1. ")
        out.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return tuple(out) or ((0, len(norm)),)


def span_of(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return spans[-1]


def strip_quotes(s: str) -> str:
    return re.sub(r"[\"'“”‘’「」『』《》]", "", s)
