"""``reports/index.html``: one card per study with its status, date and headline results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2

from analysis.intake.checksums import PROJECT_ROOT
from analysis.intake.files import sha256_file
from analysis.report.sections.brief import index_card, index_groups, index_words

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
    verdicts: tuple[tuple[str, str, str, str], ...] = ()  # (figure, verdict words, class, group)
    counts: str = ""  # the verdict counts, reported figures apart from checked ones


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
        card = index_card(results)
        files = [
            ("executed notebook", f"{d.name}/notebooks/study_report.ipynb"),
            ("results.json", f"{d.name}/results.json"),
            ("manifest.json", f"{d.name}/manifest.json"),
        ]
        if (d / "index.zh.html").is_file():  # a language: both report: the Chinese page too
            files.insert(0, ("中文版", f"{d.name}/index.zh.html"))
        files += [(p.name, f"{d.name}/{p.name}") for p in sorted(d.glob("*.csv"))]
        files += [
            (p.name, f"{d.name}/{p.name}")
            for p in (d / "results.xlsx", d / "report.pdf", d / "report.zh.pdf")
            if p.is_file()
        ]
        studies[d.name] = StudyStatus(
            study=d.name,
            title=manifest.get("title", d.name),
            status="stale" if stale else "ok",
            reason=stale,
            finished=manifest.get("finished"),
            headlines=tuple(card["estimates"]),
            report=f"{d.name}/index.html",
            files=tuple(files),
            failure=None,
            verdicts=tuple(card["verdicts"]),
            counts=card["counts"],
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
            counts=prev.counts if prev else "",
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
{% if s.headlines %}<p><strong>{{ words.estimates }}</strong></p>
<ul class="pe-index-estimates">{% for h in s.headlines %}<li>{{ h }}</li>{% endfor %}</ul>
{% endif %}
{% if s.verdicts %}<p><strong>{{ words.claims }}:</strong>
<span class="pe-index-counts">{{ s.counts }}</span></p>
{% for group, title in groups %}
{% set items = s.verdicts | selectattr(3, 'equalto', group) | list %}
{% if items %}<p class="pe-index-group pe-group-{{ group }}">
<span class="pe-hint">{{ title }}:</span>
{% for label, v, cls, _g in items %}<span class="pe-badge {{ cls }}">{{ label }} {{ v }}</span>
{% endfor %}</p>{% endif %}
{% endfor %}{% endif %}
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
    groups = index_groups("en")
    words = index_words("en")
    page = env.from_string(_TEMPLATE).render(
        studies=collect(reports), css=css, csp=CSP, groups=groups, words=words
    )
    target = reports / "index.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target
