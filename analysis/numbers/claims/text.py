"""Text spans shared by the Chinese and English parsers: normalisation, language, clauses,
sentences."""

from __future__ import annotations

import re
import unicodedata


def normalize(text: str) -> str:
    """NFKC (full-width digits, ％ and punctuation → ASCII) with straight quotes removed later."""
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def detect_language(text: str) -> str:
    """'zh' when the text has any CJK character, else 'en'."""
    return "zh" if re.search(r"[\u3400-\u4dbf\u4e00-\u9fff]", text) else "en"


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
