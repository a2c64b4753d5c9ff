"""The reports index card: the headline is the preferred estimate, and figures that are
only reported ("reported; no independent data") are counted and shown apart from the
checked ones, in a neutral colour, never green."""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.face.index import collect, write_index


def _publish(reports: Path, results: dict) -> None:
    d = reports / "demo"
    d.mkdir(parents=True)
    (d / "manifest.json").write_text(json.dumps({"title": "Demo study"}), encoding="utf-8")
    (d / "results.json").write_text(json.dumps(results), encoding="utf-8")


def _check(cid: str, fig: int, n: int, verdict: str) -> dict:
    return {"claim_id": cid, "figure": fig, "n_figures": n, "verdict": {"verdict": verdict}}


RESULTS = {
    "claims": {
        "checks": [
            _check("G1", 1, 1, "consistent"),
            _check("G2", 1, 2, "overstated"),
            _check("G2", 2, 2, "overstated"),
            *[_check(f"G{i}", 1, 1, "reported") for i in range(3, 15)],
            _check("G15", 1, 1, "cannot_check"),
        ]
    },
    "indicators": {
        "frequency": "M",
        "changes": [{"indicator": "disputes", "label": "Neighbour disputes"}],
    },
    # the naive change leads the old headlines: the card must not show it as the headline
    "headlines": ["Neighbour disputes at the pilot units fell 19%."],
    "preferred": {
        "disputes": {
            "indicator": "disputes",
            "design": "staggered",
            "estimate": -0.66,
            "lo": -1.02,
            "hi": -0.31,
            "scale": "absolute",
            "unit_label_en": "disputes",
            "unit_label_zh": "起",
            "level": None,
            "alpha": 0.05,
        }
    },
}


def test_index_counts_reported_apart_and_headlines_the_preferred_estimate(tmp_path):
    _publish(tmp_path, RESULTS)
    (status,) = collect(tmp_path)
    assert status.counts == (
        "3 checked: 1 consistent, 2 overstated · 12 reported figures without independent "
        "data · 1 cannot be checked"
    )
    assert status.headlines == (
        "Neighbour disputes: the preferred estimate of the effect of the pilot is −0.66 disputes "
        "per unit per month (95% interval −1.02 to −0.31; Callaway–Sant'Anna "
        "roll-out estimator).",
    )
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert "fell 19%" not in html  # the naive change is not the headline
    assert "12 reported figures without independent data" in html
    groups = dict(re.findall(r"<p class=\"pe-index-group pe-group-(\w+)\">(.*?)</p>", html, re.S))
    assert set(groups) == {"checked", "reported", "other"}
    reported = groups["reported"]
    assert reported.count('class="pe-badge reported"') == 12
    assert "pe-badge ok" not in reported  # neutral, not green
    assert "G3 reported only" in reported  # under the heading "reported; no independent data"
    assert "pe-badge ok" in groups["checked"] and "pe-badge failed" in groups["checked"]


def test_index_without_preferred_shows_the_leading_preferred_headlines(tmp_path):
    results = dict(RESULTS)
    del results["preferred"]
    lead = (
        "Neighbour disputes: the preferred estimate of the effect of the pilot is −0.66 disputes "
        "per unit per month (95% interval −1.02 to −0.31; Callaway–Sant'Anna "
        "roll-out estimator)."
    )
    results["headlines"] = [lead, "Neighbour disputes at the pilot units fell 19%."]
    _publish(tmp_path, results)
    (status,) = collect(tmp_path)
    assert status.headlines == (lead,)
