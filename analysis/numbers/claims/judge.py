"""The verdict on a parsed claim figure against the data (``judge``).

Verdict rules
-------------
With s the stated value, p its precision and o the observed value (same
canonical units), comparisons are made in the claim's own direction — on
magnitudes for a decrease (and for a multiple or level that fell), so that
"saying more" always means claiming a bigger achievement:

- ``exact``: consistent when o rounds to s at the stated precision,
  s − p/2 ≤ o < s + p/2 (round half up on magnitudes): "22%" ↔ 21.5–22.5%,
  "−22%" ↔ −22.5% < o ≤ −21.5%, "97%" ↔ 96.5–97.5%, a count "236" ↔ 236,
  "3×" ↔ 2.5–3.5×.
- ``at_least``: consistent when s ≤ o < s + p. For 余 / 多 the upper limit is
  grammatical: the remainder is below one unit of the last stated digit
  ("220余" = 220–229, "1.2万余" = 12,000–12,999, "4600多" = 4,600–4,699).
  For 以上 / "more than" it is not, but a careful writer holding 260 does not
  write "more than 220": o ≥ s + p is reported as ``understated`` (true as a
  bound, understating the data). A statistician can defend both halves:
  the lower limit is what the words assert, the upper one is what a reader
  infers from the rounding the writer chose.
- ``at_most`` ("nearly", 近): consistent when s − p/2 ≤ o ≤ s: below s and
  rounding to it ("近两成" ↔ 15–20%).
- ``approx`` ("about", 约): consistent when s − p/2 ≤ o ≤ s + p/2.
- Otherwise ``overstated`` when the claim says more than the data show (in
  the claim's direction: for a decrease, "−22%" against an observed −15%;
  for a count, 250 against 220), ``understated`` when it says less.
- Several readings of the wording (``claim.readings``) or of the data
  (``observed_readings``, e.g. two windows): each is judged; when they agree
  the verdict is theirs, when they disagree it is ``ambiguous``, naming which
  reading the data support (``supported``; empty when none does).
- ``not_derivable``: a share whose own stated numerator and denominator do
  not give it (G4: 238 / 426 = 55.9% is not "60%以上"), a multiple or change
  whose stated before/after levels give none of its readings, or
  ``denominator_matches=False`` (the data's base is not the claim's). It is
  checked first: it needs no data.
- ``reported`` ("reported; no independent data"): the figure matches, but the value it
  was compared with is the administrative record itself (``independent=False``: a
  ``facts`` item copied from the same article — a count, an amount, one side of a
  proportion, a ready-made share). Agreeing with itself is no check, so it is not
  ``consistent``. A mismatch with the record keeps its verdict (``overstated`` ...): two
  published figures that differ are worth saying. A share recomputed from the record's
  numerator and denominator is the source's own arithmetic, a real check, and is judged
  as any other figure.
- ``cannot_check``: unparsed text, or no observed value (None or NaN).

The kinds of issue 13:

- ``range`` (low–high in the canonical units of ``of_kind``): consistent when
  low − p/2 ≤ o < high + p/2, the stated range widened by half a step of its precision
  (a full step for an approximate range, "about 20–40%"); outside it ``overstated`` or
  ``understated`` in the claim's direction (for a range of decreases, a smaller fall than
  the range is overstated).
- ``rank`` (the position, 1 = first): the observed position of the claim's unit among
  the units of the data (computed by :mod:`analysis.numbers.claims.recompute`). Exact:
  consistent when equal, ``overstated`` when the observed position is worse (a larger
  number), ``understated`` when better. "前三" / "top five" (at_most): consistent when the
  observed position is at most the stated one, else overstated.
- ``level_change`` (a signed change of a level: "增加4万人", "1,700 fewer"): judged as a
  change, observed = after − before (absolute), on magnitudes for a decrease.
- ``reported_statistic`` (a p-value, an interval, a rate ratio quoted in the sentence):
  ``shown``, never judged ("reported statistic, not checked"); counted apart from the
  checked verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from analysis.numbers.claims.figure_text import (
    fmt_mult,
    fmt_num,
    fmt_pct,
    fmt_value,
    pct_decimals,
    step_decimals,
)
from analysis.numbers.claims.numerals import literal_step
from analysis.results.claims import ParsedClaim, ReadingCheck, Verdict

_PERCENT_KINDS = ("percent_change", "percentage_point_change", "share")


def _sign(claim: ParsedClaim) -> int:
    """+1 when 'more' means a bigger claim, −1 for decreases (claims compared on magnitudes)."""
    if claim.kind in ("percent_change", "percentage_point_change"):
        v = claim.value or 0.0
        return -1 if (v < 0 or claim.direction == "decrease") else 1
    if claim.kind in ("multiple", "before_after") and claim.direction == "decrease":
        return -1
    if claim.kind == "level_change":
        v = claim.value or 0.0
        return -1 if (v < 0 or claim.direction == "decrease") else 1
    return 1


def _window(stated: float, step: float, bound: str, sign: int) -> tuple[float, float, bool, bool]:
    """The consistent window in natural units: (low, high, low included, high included)."""
    a = stated * sign
    if bound == "at_least":
        lo, hi, li, hi_inc = a, a + step, True, False
    elif bound == "at_most":
        lo, hi, li, hi_inc = a - step / 2, a, True, True
    elif bound == "approx":
        lo, hi, li, hi_inc = a - step / 2, a + step / 2, True, True
    else:
        lo, hi, li, hi_inc = a - step / 2, a + step / 2, True, False
    if sign < 0:
        return -hi, -lo, hi_inc, li
    return lo, hi, li, hi_inc


def _compare(stated: float, step: float, bound: str, sign: int, obs: float) -> str:
    """consistent / overstated / understated for one stated value and one observed value."""
    a, o = stated * sign, obs * sign
    eps = 1e-9 * max(1.0, abs(a), abs(step))
    if bound == "at_least":
        lo, hi, hi_inc = a, a + step, False
    elif bound == "at_most":
        lo, hi, hi_inc = a - step / 2, a, True
    elif bound == "approx":
        lo, hi, hi_inc = a - step / 2, a + step / 2, True
    else:
        lo, hi, hi_inc = a - step / 2, a + step / 2, False
    if o < lo - eps:
        return "overstated"
    if (o > hi + eps) if hi_inc else (o >= hi - eps):
        return "understated"
    return "consistent"


def _window_text(claim_kind: str, stated: float, step: float, bound: str, sign: int) -> str:
    lo, hi, li, hi_inc = _window(stated, step, bound, sign)

    def f(x: float) -> str:
        if claim_kind in ("percent_change", "percentage_point_change", "share"):
            s = fmt_pct(x, pct_decimals(step), sign=claim_kind != "share")
            return s.replace("%", " pp") if claim_kind == "percentage_point_change" else s
        if claim_kind == "multiple":
            return fmt_mult(x, max(1, step_decimals(step / 2)))
        return fmt_num(x)

    rule = {
        "exact": "rounds to the stated value",
        "at_least": "at least the stated value, below the next rounding step",
        "at_most": "at most the stated value, rounding to it",
        "approx": "rounds to the stated value",
    }[bound]
    return f"{f(lo)} {'≤' if li else '<'} observed {'≤' if hi_inc else '<'} {f(hi)} ({rule})"


def _literal_range(stated: float, step: float, bound: str) -> tuple[float, float]:
    """What the words literally assert (no upper limit on 'at least'), for derivability."""
    if bound == "at_least":
        return stated, math.inf
    if bound == "at_most":
        return stated - step / 2, stated
    return stated - step / 2, stated + step / 2


def _level_range(v: float, bound: str | None, step: float) -> tuple[float, float]:
    if bound == "at_least":
        return v, v + step
    if bound == "at_most":
        return v - step / 2, v
    if bound == "approx":
        return v - step / 2, v + step / 2
    return v, v


def _derivable(claim: ParsedClaim) -> tuple[bool | None, str]:
    """Do the claim's own stated figures give it? (None when it states no components)."""
    step = claim.precision or 0.0
    if claim.kind == "share" and claim.numerator is not None and claim.denominator:
        r = claim.numerator / claim.denominator
        lo, hi = _literal_range(claim.value or 0.0, step, claim.bound)
        ok = lo - 1e-12 <= r < hi + (1e-12 if claim.bound != "exact" else -1e-12)
        arith = f"{fmt_num(claim.numerator)} / {fmt_num(claim.denominator)} = {fmt_pct(r)}"
        return ok, arith
    if claim.kind in ("multiple", "percent_change") and claim.before and claim.after is not None:
        a_step = _level_step(claim.after, claim.after_bound)
        a_lo, a_hi = _level_range(claim.after, claim.after_bound, a_step)
        b_lo, b_hi = _level_range(
            claim.before, claim.before_bound, _level_step(claim.before, claim.before_bound)
        )
        r_lo, r_hi = a_lo / b_hi, a_hi / b_lo
        if claim.kind == "percent_change":
            r_lo, r_hi = r_lo - 1, r_hi - 1
        ok = False
        for v in claim.readings or ((claim.value,) if claim.value is not None else ()):
            lo, hi = _literal_range(v, step, claim.bound)
            if r_lo <= hi and lo <= r_hi:
                ok = True
        mid = claim.after / claim.before
        arith = (
            f"{fmt_num(claim.after)} / {fmt_num(claim.before)} = {mid:.2f}×"
            if claim.kind == "multiple"
            else f"{fmt_num(claim.after)} / {fmt_num(claim.before)} − 1 = "
            f"{fmt_pct(mid - 1, sign=True)}"
        )
        if claim.after_bound and claim.after_bound != "exact":
            arith += f" (after stated as {claim.after_bound.replace('_', ' ')})"
        return ok, arith
    return None, ""


def _level_step(v: float, bound: str | None) -> float:
    lit = f"{v:.6f}".rstrip("0").rstrip(".")
    return literal_step(lit, bound not in (None, "exact"))


def judge(
    claim: ParsedClaim,
    observed: float | None = None,
    *,
    observed_readings: Mapping[str, float] | None = None,
    observed_numerator: float | None = None,
    observed_denominator: float | None = None,
    observed_before: float | None = None,
    observed_after: float | None = None,
    denominator_matches: bool | None = None,
    precision: float | None = None,
    independent: bool = True,
) -> Verdict:
    """Judge one parsed figure against what the data show (rules in the module docstring).

    ``observed`` is in the claim's canonical units (a fraction for percentages, a ratio for
    multiples, a position for a rank), or ``observed_numerator`` / ``_denominator``
    (shares) or ``observed_before`` / ``_after`` (multiples, changes, level changes), which
    puts the arithmetic in the verdict; ``observed_readings``: alternative observed values
    (two windows). ``precision`` overrides the stated one. ``independent=False``: a match
    with the administrative record itself is ``reported``, not ``consistent``. Never raises.
    """
    step = precision if precision is not None else (claim.precision or _default_step(claim))
    base = {
        "claim": claim.text,
        "claim_kind": claim.kind,
        "stated": claim.value,
        "bound": claim.bound,
        "precision": step,
    }
    if claim.kind in ("reported_statistic", "range", "rank"):
        return _judge_new_kind(claim, observed, precision, independent)
    if claim.kind == "unknown" or claim.value is None:
        why = claim.reason or "the figure has no value"
        return Verdict(
            verdict="cannot_check",
            observed=observed,
            arithmetic="",
            tolerance="",
            reason=f"The claim could not be read: {why}.",
            **base,
        )
    # 1. the claim's own figures
    ok, arith = _derivable(claim)
    if ok is False:
        what = {"share": "share", "multiple": "multiple", "percent_change": "change"}[claim.kind]
        return Verdict(
            verdict="not_derivable",
            observed=observed,
            arithmetic=arith,
            tolerance=_window_text(claim.kind, claim.value, step, claim.bound, 1),
            reason=f"The stated figures do not give the stated {what}: {arith}, "
            f"not {_stated_text(claim)}.",
            **base,
        )
    if denominator_matches is False:
        return Verdict(
            verdict="not_derivable",
            observed=observed,
            arithmetic=arith,
            tolerance="",
            reason="The data's denominator is not the base of the stated figure, "
            "so the figure cannot be derived from them.",
            **base,
        )
    # 2. the observed value(s)
    obs, arith_obs = _observed(
        claim, observed, observed_numerator, observed_denominator, observed_before, observed_after
    )
    own = arith
    obs_list: list[tuple[str, float]] = []
    if obs is not None and not math.isnan(obs):
        obs_list.append(("observed", float(obs)))
    for k, v in (observed_readings or {}).items():
        if v is not None and not math.isnan(float(v)):
            obs_list.append((str(k), float(v)))
    if not obs_list:
        return Verdict(
            verdict="cannot_check",
            observed=None,
            arithmetic=arith,
            tolerance="",
            reason="No observed value: there is nothing in the data to compare the claim with.",
            **base,
        )
    checks, readings = _reading_checks(claim, obs_list, step)
    main_obs = obs_list[0][1]
    arith = arith_obs or f"observed = {fmt_value(main_obs, claim.kind, step / 10)}"
    if own and not arith_obs:
        arith += f"; the claim's own figures: {own}"
    verdicts = {c.verdict for c in checks}
    supported = tuple(
        dict.fromkeys(
            c.label if len(obs_list) == 1 else (c.label if len(readings) > 1 else c.observed_label)
            for c in checks
            if c.verdict == "consistent"
        )
    )
    tolerance = "; ".join(
        dict.fromkeys((f"{c.label}: " if len(readings) > 1 else "") + c.tolerance for c in checks)
    )
    if len(verdicts) == 1:
        v = checks[0].verdict
        reason = _reason(v, claim, checks, main_obs, step)
        if v == "consistent" and not independent:
            v, reason = "reported", _reported_reason(claim, main_obs, step)
    else:
        v = "ambiguous"
        reason = _ambiguous_reason(claim, checks, readings, obs_list, step)
    return Verdict(
        verdict=v,
        observed=main_obs,
        arithmetic=arith,
        tolerance=tolerance,
        reason=reason,
        readings=tuple(checks),
        supported=supported,
        **base,
    )


def _reading_checks(
    claim: ParsedClaim, obs_list: list[tuple[str, float]], step: float
) -> tuple[list[ReadingCheck], tuple[float, ...]]:
    """Each reading of the claim against each observed value, and the readings used."""
    sign = _sign(claim)
    readings = claim.readings or (claim.value,)
    labels = claim.reading_labels or tuple("as stated" for _ in readings)
    checks = []
    for lab, v in zip(labels, readings, strict=False):
        for olab, o in obs_list:
            checks.append(
                ReadingCheck(
                    label=lab,
                    stated=v,
                    observed_label=olab,
                    observed=o,
                    verdict=_compare(v, step, claim.bound, sign, o),
                    tolerance=_window_text(claim.kind, v, step, claim.bound, sign),
                )
            )
    return checks, readings


def _default_step(claim: ParsedClaim) -> float:
    return 0.01 if claim.kind in _PERCENT_KINDS else 1.0


def _observed(
    claim: ParsedClaim,
    observed: float | None,
    num: float | None,
    den: float | None,
    before: float | None,
    after: float | None,
) -> tuple[float | None, str]:
    """The observed value in the claim's units, with its arithmetic when built from parts."""
    if num is not None and den:
        r = num / den
        return (
            observed if observed is not None else r,
            f"{fmt_num(num)} / {fmt_num(den)} = {fmt_pct(r)}",
        )
    if before is not None and after is not None and before != 0:
        if claim.kind == "multiple":
            r = after / before
            return (
                observed if observed is not None else r,
                f"{fmt_num(after)} / {fmt_num(before)} = {r:.2f}×",
            )
        if claim.kind == "percent_change":
            r = after / before - 1
            return (
                observed if observed is not None else r,
                f"{fmt_num(after)} / {fmt_num(before)} − 1 = {fmt_pct(r, sign=True)}",
            )
        if claim.kind == "percentage_point_change":
            r = after - before
            return (
                observed if observed is not None else r,
                f"{fmt_pct(after)} − {fmt_pct(before)} = "
                f"{fmt_pct(r, sign=True).replace('%', ' pp')}",
            )
        if claim.kind == "before_after":
            return (
                observed if observed is not None else after,
                f"{fmt_num(before)} → {fmt_num(after)}",
            )
    if before is not None and after is not None and claim.kind == "level_change":
        r = after - before
        return (
            observed if observed is not None else r,
            f"{fmt_num(after)} − {fmt_num(before)} = {fmt_num(r) if r < 0 else '+' + fmt_num(r)}",
        )
    return observed, ""


def _stated_text(claim: ParsedClaim, value: float | None = None) -> str:
    v = claim.value if value is None else value
    s = fmt_value(v, claim.kind)
    return {
        "exact": s,
        "at_least": f"{s} or more",
        "at_most": f"nearly {s}",
        "approx": f"about {s}",
    }[claim.bound]


def _reported_reason(claim: ParsedClaim, obs: float, step: float) -> str:
    """Why a figure matching its administrative record is ``reported``, not consistent."""
    return (
        f"The claim ({_stated_text(claim)}) matches the administrative figure "
        f"({fmt_value(obs, claim.kind, step / 10)}), which comes from the same source: "
        "there are no independent data to check it against."
    )


def _reason(v: str, claim: ParsedClaim, checks: list[ReadingCheck], obs: float, step: float) -> str:
    o = fmt_value(obs, claim.kind, step / 10)
    stated = list(dict.fromkeys(c.stated for c in checks))
    s = " or ".join(_stated_text(claim, x) for x in stated)
    multi_obs = len({c.observed_label for c in checks}) > 1
    data = "every observed value" if multi_obs else f"the data ({o})"
    who = f"Every reading of the claim ({s})" if len(stated) > 1 else f"The claim ({s})"
    if v == "consistent":
        return f"{who} agrees with {data} at the stated precision."
    if v == "overstated":
        return f"{who} says more than {data} show."
    return f"{who} says less than {data} show."


def _ambiguous_reason(
    claim: ParsedClaim,
    checks: list[ReadingCheck],
    readings: tuple[float, ...],
    obs_list: list[tuple[str, float]],
    step: float,
) -> str:
    if len(set(readings)) > 1:
        o = fmt_value(obs_list[0][1], claim.kind, step / 10)
        ok = [f"'{c.label}'" for c in checks if c.verdict == "consistent"]
        bad = [f"'{c.label}' ({c.verdict})" for c in checks if c.verdict != "consistent"]
        if ok:
            return (
                f"The wording has {len(set(readings))} readings: the data ({o}) support "
                f"{', '.join(ok)} but not {', '.join(bad)}."
            )
        return (
            f"The wording has {len(set(readings))} readings and the data ({o}) support "
            f"none: {', '.join(bad)}."
        )
    parts = [
        f"{c.observed_label} {fmt_value(c.observed, claim.kind, step / 10)}: {c.verdict}"
        for c in checks
    ]
    return "The verdict depends on which observed value is used: " + "; ".join(parts) + "."


# -- ranges, ranks, reported statistics (issue 13) ---------------------------------------------


def _judge_new_kind(
    claim: ParsedClaim, observed: float | None, precision: float | None, independent: bool
) -> Verdict:
    """A reported statistic (shown), a range or a rank (judged as such); an unread range or
    rank is judged as any figure without a value (cannot check)."""
    if claim.kind == "reported_statistic":
        return shown_verdict(claim)
    if _has_figure(claim):
        return judge_position(claim, observed, precision=precision, independent=independent)
    return judge(replace(claim, kind="unknown", value=None), observed)


def _has_figure(claim: ParsedClaim) -> bool:
    if claim.kind == "range":
        return claim.low is not None and claim.high is not None
    return claim.value is not None


def shown_verdict(claim: ParsedClaim) -> Verdict:
    """A reported statistic quoted in the claim: ``shown``, not checked."""
    return Verdict(
        verdict="shown",
        claim=claim.text,
        claim_kind=claim.kind,
        stated=claim.value,
        bound=claim.bound,
        observed=None,
        arithmetic="",
        tolerance="",
        reason="A reported statistic quoted in the claim: shown, not checked against the data.",
        precision=claim.precision,
    )


def _range_text(claim: ParsedClaim, x: float, step: float) -> str:
    kind = claim.of_kind or "count"
    if kind in _PERCENT_KINDS:
        s = fmt_pct(x, pct_decimals(step), sign=kind != "share")
        return s.replace("%", " pp") if kind == "percentage_point_change" else s
    if kind == "multiple":
        return fmt_mult(x, max(1, step_decimals(step / 2)))
    return fmt_num(x)


def judge_position(
    claim: ParsedClaim,
    observed: float | None,
    *,
    precision: float | None = None,
    independent: bool = True,
) -> Verdict:
    """A range (is the observed value within the stated ends, widened by half a step?) or a
    rank (is the observed position the stated one?), rules in the module docstring."""
    is_range = claim.kind == "range"
    default = 0.01 if (claim.of_kind or "") in _PERCENT_KINDS else 1.0
    step = precision if precision is not None else (claim.precision or default)
    base = {
        "claim": claim.text,
        "claim_kind": claim.kind,
        "stated": claim.value,
        "bound": claim.bound,
        "precision": step,
    }
    if observed is None or not math.isfinite(float(observed)):
        return Verdict(
            verdict="cannot_check",
            observed=None,
            arithmetic="",
            tolerance="",
            reason="No observed value: there is nothing in the data to compare the claim with.",
            **base,
        )
    o = float(observed)
    if is_range:
        v, tolerance, stated = _range_verdict(claim, o, step)
        arith = f"observed = {_range_text(claim, o, step / 10)}"
    else:
        v, tolerance, stated = _rank_verdict(claim, o)
        arith = f"observed position = {fmt_num(o)}"
    if v == "consistent":
        reason = f"The claim ({stated}) agrees with the data ({arith.split('= ')[-1]})."
        if not independent:
            v = "reported"
            reason = (
                f"The claim ({stated}) matches the administrative figure, which comes from the "
                "same source: there are no independent data to check it against."
            )
    elif v == "overstated":
        reason = f"The claim ({stated}) says more than the data ({arith.split('= ')[-1]}) show."
    else:
        reason = f"The claim ({stated}) says less than the data ({arith.split('= ')[-1]}) show."
    return Verdict(
        verdict=v,  # type: ignore[arg-type]
        observed=o,
        arithmetic=arith,
        tolerance=tolerance,
        reason=reason,
        supported=("as stated",) if v in ("consistent", "reported") else (),
        **base,
    )


def _range_verdict(claim: ParsedClaim, o: float, step: float) -> tuple[str, str, str]:
    """consistent / overstated / understated for a range, its window and the stated text."""
    lo, hi = float(claim.low or 0.0), float(claim.high or 0.0)
    half = step if claim.bound == "approx" else step / 2
    eps = 1e-9 * max(1.0, abs(lo), abs(hi), abs(step))
    falling = (claim.of_kind in ("percent_change", "percentage_point_change")) and (
        hi <= 0 or claim.direction == "decrease"
    )
    wlo, whi = lo - half, hi + half
    if falling:  # magnitudes: the upper edge of the magnitude is the lower end
        inside = wlo - eps < o <= whi + eps
        v = "consistent" if inside else ("understated" if o <= wlo - eps else "overstated")
        rule = f"{_range_text(claim, wlo, step)} < observed ≤ {_range_text(claim, whi, step)}"
    else:
        inside = wlo - eps <= o < whi - eps
        v = "consistent" if inside else ("understated" if o >= whi - eps else "overstated")
        rule = f"{_range_text(claim, wlo, step)} ≤ observed < {_range_text(claim, whi, step)}"
    widened = "a full step" if claim.bound == "approx" else "half a step"
    tolerance = f"{rule} (the stated range, widened by {widened} of its precision)"
    stated = f"{_range_text(claim, lo, step)} to {_range_text(claim, hi, step)}"
    return v, tolerance, stated


def _rank_verdict(claim: ParsedClaim, o: float) -> tuple[str, str, str]:
    """consistent / overstated / understated for a rank, its rule and the stated text."""
    s = float(claim.value or 0.0)
    of = f" of {claim.rank_of}" if claim.rank_of else ""
    if claim.bound == "at_most":
        v = "consistent" if o <= s + 1e-9 else "overstated"
        return v, f"observed position ≤ {fmt_num(s)}", f"within the first {fmt_num(s)}{of}"
    v = "consistent" if abs(o - s) < 1e-9 else "overstated" if o > s else "understated"
    return v, f"observed position = {fmt_num(s)}", f"position {fmt_num(s)}{of}"
