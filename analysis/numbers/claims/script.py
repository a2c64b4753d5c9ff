"""Traditional → simplified Chinese for the claim parser, character-aligned.

Hong Kong, Taiwan and Macau releases write 億/萬 (magnitudes), 個/條 (measure words),
點 (the decimal point of a Chinese numeral: 百分之四點一 = 4.1%), 較/減/與 … . The Chinese
grammar is written once, in simplified script: :func:`to_simplified` converts a text with
OpenCC's ``t2s`` configuration (the official OpenCC binding, ``opencc`` on PyPI) **one
character for one character**, so every offset into the converted text is an offset into
the text as written. :func:`shown_span` and :func:`show_in_original` take the words of a
figure back to the script they were written in (the claim as written is never altered).

Why aligned: OpenCC converts phrases, and a phrase may in principle change length; a run of
Chinese characters whose conversion changes length is converted character by character
instead (a character whose own conversion is not one character is kept as written).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Characters that mark a text as traditional script (they have a different simplified
#: form and never occur in simplified text); a quick test before calling OpenCC.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """The OpenCC t2s converter (built once; building it reads the dictionaries)."""
    try:
        import opencc
    except ImportError as exc:  # a declared dependency: say what is missing
        raise ImportError(
            "the claim parser needs the 'opencc' package for traditional Chinese "
            "(pip install opencc==1.4.2)"
        ) from exc
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _convert_run(run: str) -> str:
    """One run of Han characters in simplified script, exactly as long as the run."""
    conv = _converter()
    out = conv.convert(run)
    if len(out) == len(run):
        return str(out)
    chars = []
    for ch in run:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def to_simplified(text: str) -> str:
    """``text`` with its traditional characters in simplified script, character for
    character (``len(to_simplified(t)) == len(t)`` and non-Han characters unchanged)."""
    if not _HAN_RUN.search(text):
        return text
    return _HAN_RUN.sub(lambda m: _convert_run(m.group(0)), text)


def is_traditional(text: str) -> bool:
    """True when the text has characters that simplified script writes differently."""
    return to_simplified(text) != text


def shown_span(words: str | None, converted: str, shown: str, near: int = 0) -> str | None:
    """``words`` (a piece of ``converted``) in the script of ``shown`` (the same text as
    written, aligned character for character): the occurrence nearest ``near``. Words that
    are not a contiguous piece of ``converted`` are returned unchanged."""
    if not words or converted == shown or len(converted) != len(shown):
        return words
    hits = [m.start() for m in re.finditer(re.escape(words), converted)]
    if not hits:
        return words
    at = min(hits, key=lambda i: abs(i - near))
    return shown[at : at + len(words)]


def show_in_original(figs: list[dict[str, Any]], converted: str, shown: str) -> None:
    """Put the words of every figure (source, subject, periods) back in the script of the
    text as written; offsets (``start``/``end``) are shared by both texts."""
    if converted == shown or len(converted) != len(shown):
        return
    for f in figs:
        s, e = f.get("start", 0), f.get("end", 0)
        if f.get("source") is not None and converted[s:e] == f["source"]:
            f["source"] = shown[s:e]
        else:
            f["source"] = shown_span(f.get("source"), converted, shown, s)
        for k in ("subject", "period", "before_period"):
            if isinstance(f.get(k), str):
                f[k] = shown_span(f[k], converted, shown, s)
