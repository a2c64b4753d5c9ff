"""Read a press-release article (``ARTICLE.txt``) as text, safely, for ``claims extract``.

An article is whatever a user saved from a web page: UTF-8, GB18030 from a Chinese
Windows editor, Big5 from a Hong Kong or Taiwan site, UTF-16 with a byte-order mark
from Notepad. Each is decoded and the encoding is stated (``Article.how``). A file whose
lines are in different encodings (UTF-8 beside GB18030 or Big5) is refused naming them:
one guess for the whole would misread some lines silently. What cannot be read as text
is refused with a :class:`~analysis.core.errors.PilotEvalError` that names the file and
says why (missing, a folder, empty, binary, larger than :data:`MAX_BYTES`), never with a
traceback.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import PilotEvalError
from analysis.intake.files import detect_encoding

#: Largest article read, in bytes. A long press release is 20-50 kB of text; 1 MB is
#: a short book (read in about 5 s). Above it the file is refused, not segmented for minutes.
MAX_BYTES = 1_000_000

#: Per-line encodings tried, in order, to tell a file of mixed encodings.
_LINE_CANDIDATES = ("utf-8", "gb18030", "big5")


@dataclass(frozen=True)
class Article:
    """An article's text and how it was decoded."""

    path: str
    text: str
    encoding: str
    how: str


def _fail(path: Path, why: str) -> PilotEvalError:
    return PilotEvalError(f"{path}: {why}")


def _printable_share(text: str) -> float:
    """Share of characters that are printable or ordinary white space."""
    if not text:
        return 1.0
    ok = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return ok / len(text)


def _simplified(text: str) -> bool:
    """True when most non-ASCII characters are everyday Simplified Chinese (GB2312): a
    GB18030 reading of Big5 bytes gives rare characters instead."""
    chars = [c for c in text if ord(c) > 127]
    common = 0
    for c in chars:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.7 * len(chars)


def _decode_line(raw: bytes) -> tuple[str, str] | None:
    """One line: UTF-8, else GB18030 when it reads as everyday Chinese, else Big5."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in _LINE_CANDIDATES[1:]:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != "gb18030" or _simplified(text):
            return text, enc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return None


def _mixed(data: bytes) -> str | None:
    """Why a file whose lines are in different encodings (pasted together from pages
    saved differently) is refused, naming the encodings, their line counts and the
    first line of each; None when its non-ASCII lines share one encoding."""
    used: dict[str, list[int]] = {}
    for n, raw in enumerate(data.split(b"\n"), start=1):
        if not any(b > 127 for b in raw):
            continue
        got = _decode_line(raw)
        enc = got[1] if got else "undecodable"
        used.setdefault(enc, []).append(n)
    # UTF-8 beside a legacy encoding is unambiguous; GB18030 beside Big5 is not (the
    # same bytes often decode in both), so only the first is called mixed.
    if len(used) < 2 or "utf-8" not in used:
        return None
    parts = ", ".join(
        f"{len(lines)} line(s) {enc.upper()} (first: line {lines[0]})"
        for enc, lines in used.items()
    )
    return (
        f"the lines are in different encodings: {parts}; save the article in one encoding "
        "(UTF-8) so no line is read wrongly"
    )


def _cjk_share(text: str) -> float:
    """Share of the non-ASCII characters that are CJK ideographs or CJK punctuation."""
    chars = [c for c in text if ord(c) > 127]
    if not chars:
        return 0.0
    cjk = sum(
        1
        for c in chars
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uff5e"
    )
    return cjk / len(chars)


def _utf16_text(data: bytes) -> bool:
    """True when the bytes read as UTF-16 (either order) into Chinese or plain text: a
    Notepad file saved without a byte-order mark, not a binary file."""
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        plain = sum(1 for c in text if c.isascii() and (c.isprintable() or c in "\n\r\t"))
        chars = [c for c in text if not c.isascii()]
        if (plain + _cjk_share(text) * len(chars)) >= 0.95 * max(len(text), 1):
            return True
    return False


def _prefer_big5(data: bytes, enc: str, how: str) -> tuple[str, str]:
    """A short traditional-Chinese text is often guessed as a Japanese or Western code
    page by charset-normalizer; Big5 wins when it decodes the bytes strictly into Chinese
    characters and the guess does not."""
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return enc, how
    try:
        guess = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        guess = ""
    if _cjk_share(big5) >= 0.9 and _cjk_share(big5) > _cjk_share(guess):
        return "big5", "not UTF-8 or GB18030; decodes as Big5 into Chinese characters"
    return enc, how


def decode_article(data: bytes, path: Path) -> tuple[str, str, str]:
    """(text, encoding, how) of an article's bytes; raises naming ``path`` when they are
    not text."""
    if not data.strip():
        raise _fail(path, "the file is empty (no text to read claims from)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", "byte-order mark (UTF-16)"
        except UnicodeDecodeError:
            raise _fail(
                path, "the file starts with a UTF-16 byte-order mark but is not UTF-16 text"
            ) from None
    enc, how = detect_encoding(data)
    if enc not in ("utf-8", "utf-8-sig", "utf-16") and b"\x00" not in data:
        why = _mixed(data)
        if why is not None:
            raise _fail(path, why)
    if enc is not None and "charset-normalizer" in how:
        enc, how = _prefer_big5(data, enc, how)
    if enc is None and b"\x00" in data and _utf16_text(data):
        how = "the file looks like UTF-16 text without a byte-order mark"
    if enc is None:
        if "UTF-16" in how:
            raise _fail(path, how + "; save it as UTF-8 (or UTF-16 with a byte-order mark)")
        raise _fail(
            path,
            "this is not a text file (" + how.replace(": it is binary, not CSV text", "") + ")",
        )
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        why = _mixed(data)
        if why is not None:
            raise _fail(path, why) from None
        shown = enc.upper().removesuffix("-SIG")
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            path,
            f"line {line}, byte {col}: the bytes are not {shown} text although the file "
            f"reads as {shown} ({how}); save the article in one encoding (UTF-8)",
        ) from None
    except LookupError:
        raise _fail(path, f"the text could not be decoded ({how})") from None
    if _printable_share(text) < 0.95:
        raise _fail(path, "this is not a text file (most bytes are not printable characters)")
    return text, enc, how


def read_article(path: str | Path) -> Article:
    """The article at ``path`` as text; a clear :class:`PilotEvalError` for a missing
    file, a folder, an empty, binary or too large file, or bytes no encoding decodes."""
    p = Path(path)
    if not p.exists():
        raise _fail(p, "no such file")
    if p.is_dir():
        raise _fail(p, "is a folder, not an article text file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                p,
                f"the file is {size / 1e6:.1f} MB; articles larger than "
                f"{MAX_BYTES / 1e6:.0f} MB are refused (save the press release alone as text)",
            )
        data = p.read_bytes()
    except OSError as exc:
        raise _fail(p, f"cannot be read ({exc.strerror or exc})") from None
    text, enc, how = decode_article(data, p)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _fail(p, "the file is empty (no text to read claims from)")
    return Article(path=str(p), text=text, encoding=enc, how=how)
