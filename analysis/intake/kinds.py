"""Value checks an indicator's kind and transform need beyond "a number": positive values
under ``transform: log``, shares within 0..1 (``scale: fraction``) or 0..100
(``scale: percent``), non-negative weights with a positive total. Each problem names the
file, the column and the rows.
"""

from __future__ import annotations

import pandas as pd

from analysis.intake.cells import Collector
from analysis.intake.spec import StudySpec


def _rows(frame: pd.DataFrame, mask: pd.Series) -> tuple[int, ...]:
    """File rows (``_row``) where ``mask`` holds."""
    rows = frame["_row"] if "_row" in frame else pd.Series(range(len(frame)), index=frame.index)
    return tuple(sorted(int(r) for r in rows[mask.to_numpy()]))


def check_kind_values(spec: StudySpec, frames: dict[str, pd.DataFrame], out: Collector) -> None:
    """The checks above for every panel or microdata indicator whose source was read."""
    for iid, ind in spec.indicators.items():
        frame = frames.get(ind.source)
        if frame is None or spec.sources[ind.source].shape in ("facts", "events"):
            continue
        fname = str(spec.path_of(ind.source))
        col = ind.column
        if col and col in frame:
            values = pd.to_numeric(frame[col], errors="coerce")
            if ind.transform == "log":
                bad = values.notna() & (values <= 0)
                if bad.any():
                    shown = ", ".join(f"{v:g}" for v in values[bad].unique()[:3])
                    out.add(
                        "error",
                        "value.not_positive_for_log",
                        f"indicator '{iid}' has transform: log, but column '{col}' holds "
                        f"value(s) ≤ 0 ({shown}); the log of 0 or of a negative number is "
                        "not defined",
                        file=fname,
                        column=col,
                        rows=_rows(frame, bad),
                        hint="use transform: none for this indicator, or correct the values "
                        "(a log transform never adds a constant silently)",
                    )
            if ind.kind == "share":
                top = 100.0 if ind.scale == "percent" else 1.0
                bad = values.notna() & ((values < 0) | (values > top))
                if bad.any():
                    shown = ", ".join(f"{v:g}" for v in values[bad].unique()[:3])
                    hint = (
                        "the values look like percentages: set scale: percent"
                        if ind.scale == "fraction" and bool((values[bad] <= 100).all())
                        else f"a share lies between 0 and {top:g} (scale: {ind.scale})"
                    )
                    out.add(
                        "error",
                        "value.share_out_of_range",
                        f"indicator '{iid}' is a share (scale: {ind.scale}), but column "
                        f"'{col}' holds value(s) outside 0..{top:g}: {shown}",
                        file=fname,
                        column=col,
                        rows=_rows(frame, bad),
                        hint=hint,
                    )
        if ind.weight and ind.weight in frame:
            w = pd.to_numeric(frame[ind.weight], errors="coerce")
            neg = w.notna() & (w < 0)
            if neg.any():
                out.add(
                    "error",
                    "value.negative_weight",
                    f"indicator '{iid}': weight column '{ind.weight}' holds negative "
                    "value(s); a weight or base (n, population) cannot be below 0",
                    file=fname,
                    column=ind.weight,
                    rows=_rows(frame, neg),
                )
            elif len(w) and w.notna().all() and float(w.sum()) == 0:
                out.add(
                    "error",
                    "value.zero_weights",
                    f"indicator '{iid}': every weight in column '{ind.weight}' is 0",
                    file=fname,
                    column=ind.weight,
                )
