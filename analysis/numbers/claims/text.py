"""Text spans shared by the Chinese and English parsers: normalisation, language, clauses,
sentences."""

from __future__ import annotations

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


def clause_spans(norm: str, lang: str) -> list[tuple[int, int]]:
    """Clause spans: split at , ; 。 ! ? : (not inside numbers like 3,800 or 1.2)."""
    pat = r"[;。!?:]|,(?!\d{3}(?!\d))|\.(?!\d)|\.\.\." if lang == "en" else r"[,;。!?:]|\.{3}"
    out, start = [], 0
    for m in re.finditer(pat, norm):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return out or [(0, len(norm))]


def sentence_spans(norm: str) -> list[tuple[int, int]]:
    """Sentence spans; an ellipsis ('…' elides words of one claim) does not end a sentence."""
    out, start = [], 0
    for m in re.finditer(r"[;。!?]|(?<![.\d])\.(?![.\d])(?=\s|$)", norm):
        out.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return out or [(0, len(norm))]


def span_of(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return spans[-1]


def strip_quotes(s: str) -> str:
    return re.sub(r"[\"'“”‘’「」『』《》]", "", s)
