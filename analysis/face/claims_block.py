"""The ``claims:`` block of ``pilot-eval claims extract``, as YAML to paste into
``study.yml`` or as JSON for tools.

YAML: each claim has the keys the spec accepts (``id``, ``lang``, ``text``, and with a
study ``indicator`` or ``indicators``); each figure's parsed structure and link are YAML
comments under its claim, so the pasted block validates. A figure that is not linked
(unmatched, or not a claim) is ``null`` in ``indicators`` (trailing ones are left out:
the check then says that no indicator was given for the figure); a claim with no linked
figure has no indicator key, and is listed "cannot check" with the reason. JSON: the
same content with every figure as structure; stable key order, UTF-8, not
ASCII-escaped. Both are deterministic.
"""

from __future__ import annotations

import json
from typing import Any

from analysis.results.extracted import ExtractedClaim, ExtractedClaims


def indicator_keys(claim: ExtractedClaim) -> dict[str, Any]:
    """``{"indicator": id}`` when every figure of the claim is linked to one target,
    ``{"indicators": [...]}`` (figure order, ``null`` for an unlinked figure, trailing
    ones dropped but never down to one entry, which the spec would apply to every
    figure) when they differ, ``{}`` when no figure is linked."""
    targets = [f.target for f in claim.figures]
    if not any(targets):
        return {}
    if all(targets) and len(set(targets)) == 1:
        return {"indicator": targets[0]}
    n = len(targets)
    while targets and targets[-1] is None:
        targets.pop()
    if len(targets) == 1 and n > 1:  # one entry would apply to every figure
        targets.append(None)
    return {"indicators": targets}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" if line else f"{indent}#" for line in text.splitlines()]


def render_yaml(res: ExtractedClaims, lang: str = "en") -> str:
    """The ``claims:`` block, its header and per-figure comments."""
    lines = _comment(res.summary(lang), "")
    lines.append("claims:")
    if not res.claims:
        lines[-1] = "claims: []"
    for c in res.claims:
        lines.append(f"  - id: {c.id}")
        lines.append(f"    lang: {c.lang}")
        lines.append(f"    text: {_q(c.text)}")
        for key, val in indicator_keys(c).items():
            if isinstance(val, list):
                items = ", ".join("null" if v is None else v for v in val)
                lines.append(f"    {key}: [{items}]")
            else:
                lines.append(f"    {key}: {val}")
        for f in c.figures:
            lines += _comment(f.headline(lang), "    ")
    return "\n".join(lines) + "\n"


def _figure_dict(f: Any) -> dict[str, Any]:
    fig = f.figure
    d = {
        "role": f.role,
        "why": f.why,
        "kind": fig.kind,
        "value": fig.value,
        "bound": fig.bound,
        "unit": fig.unit,
        "basis": fig.basis,
        "before": fig.before,
        "numerator": fig.numerator,
        "denominator": fig.denominator,
        "subject": fig.subject,
        "source": fig.source,
        "clause": fig.text,
    }
    if f.linked:
        d.update(
            target=f.target,
            score=f.score,
            runner_up=f.runner_up,
            runner_up_score=f.runner_up_score,
            how=f.how,
        )
    return d


def to_json_dict(res: ExtractedClaims) -> dict[str, Any]:
    """The block as a plain mapping, keys in a fixed order."""
    claims = []
    for c in res.claims:
        d: dict[str, Any] = {"id": c.id, "lang": c.lang, "text": c.text}
        d.update(indicator_keys(c))
        d["sentence"] = c.sentence
        d["figures"] = [_figure_dict(f) for f in c.figures]
        claims.append(d)
    return {
        "article": res.article,
        "encoding": res.encoding,
        "decoded": res.how,
        "study": res.study,
        "threshold": res.threshold,
        "sentences": res.sentences,
        "dropped": dict(res.dropped),
        "claims": claims,
    }


def render_json(res: ExtractedClaims) -> str:
    """The block as JSON: UTF-8 text, not ASCII-escaped, two-space indent."""
    return json.dumps(to_json_dict(res), ensure_ascii=False, indent=2) + "\n"
