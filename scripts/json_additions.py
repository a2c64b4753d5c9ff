"""Compare two results.json files: list what the new one adds and fail on any change.

``python scripts/json_additions.py OLD.json NEW.json`` prints every added key path (and
every element appended to a list) and every changed or removed value; it exits 1 when a
value present in OLD differs or is missing in NEW, 0 when NEW only adds.
"""

from __future__ import annotations

import json
import sys


def diff(old, new, path="$", added=None, changed=None):
    added = [] if added is None else added
    changed = [] if changed is None else changed
    if isinstance(old, dict) and isinstance(new, dict):
        for k in old:
            if k not in new:
                changed.append(f"{path}.{k}: removed")
            else:
                diff(old[k], new[k], f"{path}.{k}", added, changed)
        added += [f"{path}.{k}" for k in new if k not in old]
    elif isinstance(old, list) and isinstance(new, list):
        for i, x in enumerate(old):
            if i >= len(new):
                changed.append(f"{path}[{i}]: removed")
            else:
                diff(x, new[i], f"{path}[{i}]", added, changed)
        added += [f"{path}[{i}] (appended)" for i in range(len(old), len(new))]
    elif old != new or type(old) is not type(new):
        changed.append(f"{path}: {old!r} -> {new!r}")
    return added, changed


def main(argv: list[str]) -> int:
    with open(argv[1], encoding="utf-8") as f:
        old = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        new = json.load(f)
    added, changed = diff(old, new)
    for a in added:
        print("added  ", a)
    for c in changed:
        print("CHANGED", c)
    print(f"{len(added)} addition(s), {len(changed)} change(s)")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
