"""The claim-sentence corpus: load it, compare the parser's reading of each sentence with the
expected figures, and print the accuracy per family and per script.

Run ``python tests/claims_corpus/check.py [--corpus-dir DIR] [--misses] [--family F]``.
``tests/test_claims_corpus.py`` uses :func:`load_corpus` and :func:`mismatches`.
The format is described in ``tests/claims_corpus/README.md``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from analysis.numbers.claims.parse import parse_claim  # noqa: E402
from analysis.numbers.claims.script import to_simplified  # noqa: E402

#: The keys an expected figure may state (README, "Figure keys").
FIGURE_KEYS = (
    "kind",
    "value",
    "bound",
    "direction",
    "basis",
    "unit",
    "before",
    "before_bound",
    "after",
    "readings",
    "low",
    "high",
    "of_kind",
    "rank_of",
    "statistic",
    "level",
)
ENTRY_KEYS = ("id", "url", "publisher", "script", "family", "text", "figures", "note", "known_miss")
SCRIPTS = ("hans", "hant", "en")
REL_TOL = 1e-6


def load_corpus(corpus_dir: Path = HERE) -> list[dict[str, Any]]:
    """Every entry of every ``*.yml`` file in the directory, with its file name under
    ``_file``; raises ValueError naming the file and entry for a malformed entry."""
    out: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in sorted(Path(corpus_dir).glob("*.yml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise ValueError(f"{path.name}: the file must be a list of entries")
        for i, e in enumerate(entries, 1):
            where = f"{path.name}, entry {i}"
            if not isinstance(e, dict):
                raise ValueError(f"{where}: not a mapping")
            unknown = set(e) - set(ENTRY_KEYS)
            if unknown:
                raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
            for k in ("id", "url", "script", "family", "text", "figures"):
                if k not in e:
                    raise ValueError(f"{where}: missing '{k}'")
            if e["id"] in seen:
                raise ValueError(f"{where}: id {e['id']} also in {seen[e['id']]}")
            seen[e["id"]] = path.name
            if e["script"] not in SCRIPTS:
                raise ValueError(f"{where}: script must be one of {SCRIPTS}")
            if not str(e["url"]).startswith(("http://", "https://")):
                raise ValueError(f"{where}: url must be a web address")
            for j, f in enumerate(e["figures"] or [], 1):
                bad = set(f) - set(FIGURE_KEYS)
                if bad:
                    raise ValueError(f"{where}, figure {j}: unknown keys {sorted(bad)}")
                if "kind" not in f:
                    raise ValueError(f"{where}, figure {j}: missing 'kind'")
            out.append({**e, "figures": list(e["figures"] or []), "_file": path.name})
    return out


#: Unit names that mean the same unit (compared after traditional → simplified script).
UNIT_ALIASES = {
    "元": "yuan",
    "rmb": "yuan",
    "天": "days",
    "日": "days",
    "day": "days",
    "小时": "hours",
    "hour": "hours",
    "分钟": "minutes",
    "minute": "minutes",
    "周": "weeks",
    "week": "weeks",
    "年": "years",
    "year": "years",
    "个月": "months",
    "月": "months",
    "month": "months",
    "£": "GBP",
    "$": "USD",
    "公克": "克",
    "meters": "m",
    "metres": "m",
}


def unit_key(unit: Any) -> str | None:
    """A unit name as compared: simplified script, lower case for Latin names, aliases
    folded (元 = yuan, 小時 = 小时 = hours, £ = GBP)."""
    if unit is None:
        return None
    u = to_simplified(str(unit).strip())
    u = u.lower() if u.isascii() and u not in ("GBP", "USD", "AUD") else u
    return UNIT_ALIASES.get(u, u)


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or expected is None:
        return expected == got
    if isinstance(expected, (int, float)):
        if got is None or isinstance(got, str):
            return False
        return math.isclose(float(expected), float(got), rel_tol=REL_TOL, abs_tol=1e-12)
    if isinstance(expected, list):
        got = list(got or ())
        return len(expected) == len(got) and all(
            _same(a, b) for a, b in zip(expected, got, strict=True)
        )
    return str(expected) == str(got)


def read(text: str) -> list[Any]:
    """The parser's figures for a text ([] when it finds none)."""
    head = parse_claim(text)
    return [f for f in (head.figures or ()) if f.kind != "unknown"]


def mismatches(entry: dict[str, Any]) -> list[str]:
    """What the parser reads differently from the entry's expectation ([] = as expected)."""
    got = read(entry["text"])
    want = entry["figures"]
    out: list[str] = []
    if len(got) != len(want):
        out.append(
            f"{len(want)} figure(s) expected, {len(got)} read: "
            + "; ".join(f"{g.kind} {g.value}" for g in got)
        )
    for j, (w, g) in enumerate(zip(want, got, strict=False), 1):
        for k, v in w.items():
            gv = getattr(g, k, None)
            if k == "unit":
                v, gv = unit_key(v), unit_key(gv)
            if not _same(v, gv):
                out.append(f"figure {j}: {k} expected {v!r}, read {gv!r}")
    return out


def mark_misses(corpus_dir: Path = HERE) -> tuple[int, int]:
    """Write ``known_miss`` on every entry the parser misreads (its reason: what it reads
    instead) and remove it from every entry now read as expected; returns (marked,
    cleared). Edits the lines of the files, keeping their comments and layout."""
    import json
    import re

    marked = cleared = 0
    for path in sorted(Path(corpus_dir).glob("*.yml")):
        entries = {e["id"]: e for e in load_corpus(corpus_dir) if e["_file"] == path.name}
        out: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^  known_miss:", line):
                continue
            out.append(line)
            m = re.match(r"^- id: (\S+)\s*$", line)
            if m and m.group(1) in entries:
                bad = mismatches(entries[m.group(1)])
                if bad:
                    why = "reads differently: " + "; ".join(bad)
                    out.append("  known_miss: " + json.dumps(why, ensure_ascii=False))
                    marked += 1
                elif entries[m.group(1)].get("known_miss"):
                    cleared += 1
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return marked, cleared


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-dir", type=Path, default=HERE)
    ap.add_argument("--misses", action="store_true", help="print every miss")
    ap.add_argument("--family", help="only this family")
    ap.add_argument(
        "--mark-misses",
        action="store_true",
        help="write known_miss on every misread entry, clear it where now read right",
    )
    args = ap.parse_args(argv)
    if args.mark_misses:
        marked, cleared = mark_misses(args.corpus_dir)
        print(f"{marked} entries marked known_miss, {cleared} cleared")
    entries = load_corpus(args.corpus_dir)
    if args.family:
        entries = [e for e in entries if e["family"] == args.family]
    by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_script: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for e in entries:
        bad = mismatches(e)
        group = "non-claim: " + e["family"] if not e["figures"] else e["family"]
        for tally in (by_family[group], by_script[e["script"]]):
            tally[1] += 1
            tally[0] += not bad
        if bad:
            misses.append((e, bad))
    print(f"{'family':32} {'right':>6} {'of':>4} {'share':>6}")
    for name in sorted(by_family):
        ok, n = by_family[name]
        print(f"{name:32} {ok:6d} {n:4d} {ok / n:6.0%}")
    print()
    for name in sorted(by_script):
        ok, n = by_script[name]
        print(f"script {name:25} {ok:6d} {n:4d} {ok / n:6.0%}")
    total_ok = sum(v[0] for v in by_script.values())
    print(f"\nall {total_ok} of {len(entries)} read as expected")
    if args.misses:
        for e, bad in misses:
            mark = " [known miss]" if e.get("known_miss") else ""
            print(f"\n{e['id']}{mark} ({e['family']}): {e['text']}")
            for b in bad:
                print(f"   - {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
