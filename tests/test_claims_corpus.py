"""Real claim sentences and non-claim snippets (tests/claims_corpus/*.yml, with their source
URLs) read as a careful analyst reads them. Entries marked ``known_miss`` must still be
misread, so that a fix is noticed and the mark removed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "claims_corpus_check", Path(__file__).parent / "claims_corpus" / "check.py"
)
check = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(check)

ENTRIES = check.load_corpus()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_corpus_entry(entry):
    bad = check.mismatches(entry)
    if entry.get("known_miss"):
        assert bad, f"{entry['id']} now reads as expected: remove its known_miss"
    else:
        assert not bad, f"{entry['id']}: {entry['text']}\n" + "\n".join(bad)
