"""Numbers as written in claims: Chinese numerals (两, 三十五, 一万二千, 二十二点五), English
number words (three, twenty-two), magnitudes (万, 亿, million) and the step of the last
stated digit."""

from __future__ import annotations

import re

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


_CN_SMALL = {"十": 10, "百": 100, "千": 1000}


_CN_BIG = {"万": 10**4, "亿": 10**8}


MAGNITUDE = {
    "万亿": 1e12,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "亿": 1e8,
    "千": 1e3,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}


EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


ARABIC_RE = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"


_CN_TENS = {"廿": "二十", "卅": "三十", "卌": "四十"}


def cn_to_number(s: str) -> float:
    """Chinese numeral → number: 两 → 2, 十 → 10, 三十五 → 35, 一万二千 → 12000,
    二十二点五 → 22.5, 一百廿六 → 126 (廿 = 20, 卅 = 30), 一万二 → 12000 (a lone digit after
    万 / 亿 is the next place down), and Taiwan police style digit strings: 一七五三 → 1753,
    九万三三七九 → 93379, 六二九亿二四二四万 → 62924240000 (五四五○: ○ is a zero)."""
    for short, long in _CN_TENS.items():
        s = s.replace(short, long)
    s = s.replace("○", "〇")
    if "点" in s:
        whole, frac = s.split("点", 1)
        digits = "".join(str(_CN_DIGIT[c]) for c in frac)
        return cn_to_number(whole or "零") + float("0." + digits)
    for big, size in (("亿", 10**8), ("万", 10**4)):
        if big in s:
            hi, lo = s.split(big, 1)
            head = _cn_section(hi) if hi else 1
            if len(lo) == 1 and lo in _CN_DIGIT and lo not in "零〇":
                return float(head * size + _CN_DIGIT[lo] * size // 10)  # 一万二 = 12000
            return float(head * size + (cn_to_number(lo) if lo else 0))
    return float(_cn_section(s))


def _cn_section(s: str) -> int:
    """A numeral below 万: 三千一百二十六, or a digit string 三三七九 (digit by digit)."""
    if len(s) > 1 and all(c in _CN_DIGIT for c in s):  # 二〇二一, 三三七九: digit by digit
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    section, digit = 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_BIG:
            raise ValueError(f"not a Chinese numeral: {s!r}")
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return section + (digit or 0)


def en_to_number(s: str) -> float:
    """English number word(s) → number: 'three' → 3, 'twenty-two' → 22."""
    parts = re.split(r"[- ]", s.lower())
    return float(sum(EN_NUMBERS[p] for p in parts))


def number_literal(raw: str) -> tuple[float, str]:
    """(number, digits as written) for Arabic, Chinese or English numerals."""
    raw = raw.strip()
    if m := re.fullmatch(r"(\d)千(\d)百", raw):  # 2千5百(万): Arabic digits with 千 / 百
        v = int(m.group(1)) * 1000 + int(m.group(2)) * 100
        return float(v), str(v)
    if re.fullmatch(r"[\d, ]+(?:\.\d+)?", raw):  # 3,800 / 59 225 (space between thousands)
        lit = raw.replace(",", "").replace(" ", "")
        return float(lit), lit
    cn = raw[0] in _CN_DIGIT or raw[0] in _CN_SMALL or raw[0] in _CN_TENS
    v = cn_to_number(raw) if cn else en_to_number(raw)
    lit = str(int(v)) if float(v).is_integer() else repr(v)
    return v, lit


def literal_step(lit: str, significant_only: bool) -> float:
    """One unit of the last stated digit ('3800' → 1; significant only: '3800' → 100)."""
    if "." in lit:
        whole, frac = lit.split(".", 1)
        if significant_only:
            frac = frac.rstrip("0")
        if frac:
            return 10.0 ** -len(frac)
        lit = whole
    if significant_only:
        stripped = lit.rstrip("0")
        if stripped:
            return 10.0 ** (len(lit) - len(stripped))
    return 1.0
