"""``reports/index.html``: one card per study with its status, date and headline results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2

from analysis.intake.checksums import PROJECT_ROOT
from analysis.intake.files import sha256_file

FAILURES = "_failures"
# Same policy as the report template: the page may not fetch anything.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'none'; "
    "form-action 'none'; base-uri 'none'"
)


@dataclass(frozen=True)
class StudyStatus:
    study: str
    title: str
    status: str  # ok | failed | stale
    reason: str | None
    finished: str | None
    headlines: tuple[str, ...]
    report: str | None  # link relative to reports/
    files: tuple[tuple[str, str], ...]  # (label, link)
    failure: str | None  # link to the failure record
    verdicts: tuple[tuple[str, str], ...] = ()  # (claim figure, verdict)


def _stale_reason(manifest: dict) -> str | None:
    """Why the published report no longer matches its inputs (None if it does)."""
    inputs = manifest.get("inputs", {})
    entries = [inputs.get("spec", {}), *inputs.get("data", [])]
    for e in entries:
        rel = e.get("file")
        if not rel:
            continue
        path = PROJECT_ROOT / rel
        if not path.exists():
            return f"{rel} no longer exists"
        if e.get("sha256") and sha256_file(path) != e["sha256"]:
            return f"{rel} changed since this report was built"
    return None


def _verdicts(results: dict) -> tuple[tuple[str, str], ...]:
    """(claim figure, verdict) from results.json's claims table."""
    checks = ((results.get("claims") or {}).get("checks")) or []
    out = []
    for c in checks:
        label = c.get("claim_id", "?")
        if c.get("n_figures", 1) > 1:
            label = f"{label}.{c.get('figure')}"
        out.append((label, (c.get("verdict") or {}).get("verdict", "?").replace("_", " ")))
    return tuple(out)


def collect(reports: Path) -> list[StudyStatus]:
    studies: dict[str, StudyStatus] = {}
    for manifest_path in sorted(reports.glob("*/manifest.json")):
        d = manifest_path.parent
        if d.name.startswith((".", "_")):
            continue
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            results = json.loads((d / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        stale = _stale_reason(manifest)
        files = [
            ("executed notebook", f"{d.name}/notebooks/study_report.ipynb"),
            ("results.json", f"{d.name}/results.json"),
            ("manifest.json", f"{d.name}/manifest.json"),
        ]
        files += [(p.name, f"{d.name}/{p.name}") for p in sorted(d.glob("*.csv"))]
        studies[d.name] = StudyStatus(
            study=d.name,
            title=manifest.get("title", d.name),
            status="stale" if stale else "ok",
            reason=stale,
            finished=manifest.get("finished"),
            headlines=tuple(results.get("headlines", [])),
            report=f"{d.name}/index.html",
            files=tuple(files),
            failure=None,
            verdicts=_verdicts(results),
        )
    for fail_path in sorted((reports / FAILURES).glob("*/failure.json")):
        try:
            rec = json.loads(fail_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        sid = fail_path.parent.name
        prev = studies.get(sid)
        reason = rec.get("error", "failed")
        if prev is not None:
            reason = f"last run failed ({reason}); the report shown is the previous good one"
        studies[sid] = StudyStatus(
            study=sid,
            title=prev.title if prev else sid,
            status="failed",
            reason=reason,
            finished=rec.get("time"),
            headlines=prev.headlines if prev else (),
            report=prev.report if prev else None,
            files=prev.files if prev else (),
            failure=f"{FAILURES}/{sid}/",
            verdicts=prev.verdicts if prev else (),
        )
    return [studies[k] for k in sorted(studies)]


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<title>pilot-eval reports</title>
<style>{{ css|safe }}</style></head>
<body><main class="pe-report">
<h1>pilot-eval: study reports</h1>
<p class="pe-lede">{{ studies|length }} stud{{ 'y' if studies|length == 1 else 'ies' }}.
Each report recomputes the headline figures from the data; open a report for the details.</p>
{% for s in studies %}
<section class="pe-card" id="study-{{ s.study }}">
<h2 style="border:0;margin-top:0">{{ s.title }}
 <span class="pe-badge {{ s.status }}">{{ s.status }}</span></h2>
<p><code>{{ s.study }}</code>{% if s.finished %} · {{ s.finished }}{% endif %}</p>
{% if s.reason %}<p>{{ s.reason }}</p>{% endif %}
{% if s.verdicts %}<p><strong>Claims checked:</strong>
{% for label, v in s.verdicts %}<span class="pe-badge {{ badge.get(v, 'failed') }}">
{{ label }} {{ v }}</span> {% endfor %}</p>{% endif %}
{% if s.headlines %}<ul>{% for h in s.headlines[:4] %}<li>{{ h }}</li>{% endfor %}</ul>{% endif %}
<p>{% if s.report %}<a href="{{ s.report }}">Open the report</a>{% endif %}
{% for label, link in s.files %} · <a href="{{ link }}">{{ label }}</a>{% endfor %}
{% if s.failure %} · <a href="{{ s.failure }}failure.json">failure record</a>{% endif %}</p>
</section>
{% else %}<p>No study has been run yet:
<code>pilot-eval run data/&lt;study&gt;/study.yml</code>.</p>
{% endfor %}
</main></body></html>
"""


def write_index(reports: Path) -> Path:
    """Write ``reports/index.html`` from what is published; every value is escaped."""
    reports.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    css = (
        Path(__file__).resolve().parents[1] / "report" / "templates" / "pilot" / "report.css"
    ).read_text(encoding="utf-8")
    badge = {
        "consistent": "ok",
        "ambiguous": "stale",
        "understated": "stale",
        "cannot check": "muted",
    }
    page = env.from_string(_TEMPLATE).render(
        studies=collect(reports), css=css, csp=CSP, badge=badge
    )
    target = reports / "index.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target
