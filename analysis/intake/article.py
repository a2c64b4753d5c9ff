"""Read a press-release article (``ARTICLE.txt``) as text, safely, for ``claims extract``.

An article is whatever a user saved from a web page: UTF-8, GB18030 from a Chinese
Windows editor, Big5 from a Hong Kong or Taiwan site, UTF-16 with a byte-order mark
from Notepad, or a file whose lines were pasted from pages in different encodings. Each
case is decoded and the encoding is stated (``Article.how``); what cannot be read as
text is refused with a :class:`~analysis.core.errors.PilotEvalError` that names the file
and says why (missing, a folder, empty, binary, larger than :data:`MAX_BYTES`), never a
traceback.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import PilotEvalError
from analysis.intake.files import detect_encoding

#: Largest article read, in bytes. A long press release is 20-50 kB of text; 2 MB is
#: a book. Above this the file is refused rather than segmented for minutes.
MAX_BYTES = 2_000_000

#: Per-line encodings tried, in order, when the file as a whole is no single encoding.
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


def _decode_lines(data: bytes) -> tuple[str, str] | None:
    """Each line in the first encoding of :data:`_LINE_CANDIDATES` that decodes it (a
    file pasted together from pages in different encodings); None when a line decodes in
    none of them."""
    used: dict[str, int] = {}
    out = []
    for raw in data.split(b"\n"):
        got = _decode_line(raw)
        if got is None:
            return None
        out.append(got[0])
        if any(b > 127 for b in raw):
            used[got[1]] = used.get(got[1], 0) + 1
    if len(used) < 2:
        return None
    parts = ", ".join(f"{n} line(s) {enc.upper()}" for enc, n in used.items())
    return "\n".join(out), f"mixed encodings, decoded line by line ({parts})"


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
    if (enc is None and b"\x00" not in data) or (
        enc is not None and enc not in ("utf-8", "utf-8-sig", "utf-16")
    ):
        mixed = _decode_lines(data)
        if mixed is not None:
            return mixed[0], "mixed", mixed[1]
    if enc is None:
        if "UTF-16" in how:
            raise _fail(path, how + "; save it as UTF-8 (or UTF-16 with a byte-order mark)")
        raise _fail(
            path,
            "this is not a text file (" + how.replace(": it is binary, not CSV text", "") + ")",
        )
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
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
