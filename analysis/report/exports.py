"""Take-away files beside a report: one tidy CSV per design, a claims CSV, one Excel
workbook with a sheet per table, and every figure as PNG (200 dpi) and SVG.

Why: the page is for reading; a referee re-checks numbers in a spreadsheet and an
adviser pastes figures into a briefing. Every CSV is UTF-8 with a byte-order mark
(``utf-8-sig``) so Excel on a Chinese Windows opens Chinese text correctly. Every file is
byte-stable: same inputs, same bytes (no dates in PNG, SVG or workbook metadata; fixed
SVG ids; fixed zip entry times in the workbook).

The design tables share leading columns (:data:`COLUMNS`): ``indicator`` and its labels,
``design``, ``part`` (which table of the design the row comes from: ``effect``,
``placebo``, ``weight``, ``path``, ``term``, an aggregation...), ``estimand`` (what the
number is, in words), ``term`` (the coefficient, aggregation element, donor or placebo
unit, or period the row is about), ``estimate``, ``conf_low``, ``conf_high``, ``scale``
(``absolute`` in the outcome's unit, ``relative``, ``log``...), ``unit_label`` and
``unit_label_zh`` (the outcome's measurement unit, as the spec's ``unit_label``; ``unit``
stays the name of a place, as in effects.csv), ``n`` (units compared), ``std_error``,
``p_value``; columns particular to a design follow. Intervals are ``conf_low`` and
``conf_high``, as in every other table of the project.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.applicability import applicable

__all__ = [
    "COLUMNS",
    "CSV_ENCODING",
    "FigureSink",
    "design_tables",
    "keep_figure",
    "sink",
    "start_figures",
    "stop_figures",
    "write_csv",
    "write_tables",
    "write_workbook",
]

CSV_ENCODING = "utf-8-sig"
COLUMNS = (
    "indicator",
    "label",
    "label_zh",
    "design",
    "part",
    "estimand",
    "term",
    "estimate",
    "conf_low",
    "conf_high",
    "scale",
    "unit_label",
    "unit_label_zh",
    "n",
    "std_error",
    "p_value",
)
FIGURE_DPI = 200
FIGURE_DIR = "figures"
SVG_SALT = "pilot-eval"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
WORKBOOK = "results.xlsx"


# -- CSV ----------------------------------------------------------------------


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as CSV, UTF-8 with BOM, ``\\n`` line ends, floats to 10 significant digits."""
    frame.to_csv(
        path, index=False, float_format="%.10g", lineterminator="\n", encoding=CSV_ENCODING
    )


# -- the tidy design tables ------------------------------------------------------


def _labels(res: Any, iid: str) -> dict[str, Any]:
    """The indicator's label and measurement unit, English and Chinese."""
    ind = res.spec.indicators.get(iid)
    if ind is None:  # a component such as "share.numerator": the share's labels
        ind = res.spec.indicators.get(iid.split(".", 1)[0])
    if ind is None:
        return {"label": "", "label_zh": "", "unit_label": "", "unit_label_zh": ""}
    unit = ind.unit_label
    return {
        "label": ind.label.en,
        "label_zh": ind.label.zh or "",
        "unit_label": (unit.en if unit else "") or "",
        "unit_label_zh": (unit.zh if unit else "") or "",
    }


def _tidy(frame: pd.DataFrame, res: Any, iid: str, **const: Any) -> pd.DataFrame:
    """``frame`` with the shared columns in front: constants and labels added, nothing
    dropped (a design's own columns follow the shared ones)."""
    frame = frame.copy()
    for key, value in {**const, **_labels(res, iid), "indicator": iid}.items():
        if key not in frame.columns:
            frame[key] = value
    for col in COLUMNS:
        if col not in frame.columns:
            frame[col] = math.nan if col in ("estimate", "conf_low", "conf_high") else pd.NA
    return frame[[*COLUMNS, *(c for c in frame.columns if c not in COLUMNS)]]


def _period_label(res: Any, values: pd.Series) -> pd.Series:
    """Period ordinals (how the designs store time) as the study's period labels."""
    freq = res.spec.pandas_freq

    def one(v: Any) -> Any:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return pd.NA
        return str(pd.Period(ordinal=int(v), freq=freq))

    return values.map(one)


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.concat(frames, ignore_index=True)


def _permutation_frames(res: Any, iid: str, did: Any) -> list[pd.DataFrame]:
    n = len(did.treated_units) + did.n_placebos
    effect = did.to_frame().assign(
        part="effect",
        estimand=lambda f: f["scale"].map(
            {"log": "log ratio of rate ratios", "relative": "relative change"}
        ),
        term=", ".join(did.treated_units),
        n=n,
        before=did.before,
        after=did.after,
    )
    placebo = did.placebo_frame().rename(columns={"unit": "term", "statistic": "estimate"})
    placebo = placebo.assign(
        design="did_permutation",
        part="placebo",
        estimand="studentized statistic of a placebo pilot",
        scale="log",
        n=n,
    )
    return [_tidy(effect, res, iid), _tidy(placebo, res, iid)]


def _regression_frames(res: Any, iid: str, rd: Any) -> list[pd.DataFrame]:
    effect = rd.to_frame().assign(
        part="effect",
        estimand=rd.outcome,
        term="treated:post",
        n=rd.n_units,
        before=rd.before,
        after=rd.after,
    )
    frames = [effect]
    if rd.scale != "log" and math.isfinite(rd.relative_estimate):
        frames.append(
            pd.DataFrame(
                [
                    {
                        "design": f"regression_{rd.design}",
                        "part": "effect",
                        "estimand": f"relative change ({rd.relative_basis})"
                        if rd.relative_basis
                        else "relative change",
                        "term": "treated:post",
                        "estimate": rd.relative_estimate,
                        "conf_low": rd.relative_conf_low,
                        "conf_high": rd.relative_conf_high,
                        "scale": "relative",
                        "n": rd.n_units,
                        "n_obs": rd.n_obs,
                        "p_value": rd.p_value,
                    }
                ]
            )
        )
    if rd.event_study is not None:
        es = rd.event_study.to_frame().rename(columns={"description": "estimand"})
        frames.append(es.assign(design=f"regression_{rd.design}", part="event_time", n=rd.n_units))
    return [_tidy(f, res, iid) for f in frames]


def did_table(res: Any) -> pd.DataFrame:
    """Difference-in-differences: the permutation DiD (effect on the log and relative
    scale, and every placebo pilot's statistic) and the regression DiD (coefficient, its
    relative form, event-time coefficients)."""
    frames: list[pd.DataFrame] = []
    for iid in res.spec.indicators:
        did = res.comparisons.get(iid)
        if applicable(did):
            frames += _permutation_frames(res, iid, did)
        rd = res.regression_did.get(iid)
        if applicable(rd):
            frames += _regression_frames(res, iid, rd)
    return _concat(frames)


def _synth_fit(fit: Any, placebo: Any) -> pd.DataFrame:
    rows = [
        ("average post-period gap (observed − synthetic)", fit.avg_post_effect, "absolute"),
        (
            "average post-period gap relative to the synthetic",
            fit.avg_post_relative_effect,
            "relative",
        ),
        ("pre-period RMSPE", fit.pre_rmspe, "absolute"),
        ("post-period RMSPE", fit.post_rmspe, "absolute"),
        ("post/pre RMSPE ratio", fit.rmspe_ratio, "ratio"),
    ]
    frame = pd.DataFrame(
        [
            {"estimand": e, "estimate": v, "scale": s, "term": str(fit.treated_unit)}
            for e, v, s in rows
        ]
    )
    if placebo is not None:
        frame["p_value"] = placebo.p_value
        frame["min_p_value"] = placebo.min_p_value
        frame["placebo_rank"] = placebo.rank
    frame["method"] = fit.method
    return frame.assign(part="fit")


def synth_table(res: Any) -> pd.DataFrame:
    """Synthetic control: the fit (average gap, RMSPEs, placebo p), donor weights, the
    observed and synthetic path, and the placebo-in-space ratios of every unit."""
    frames: list[pd.DataFrame] = []
    for iid, pair in res.synth.items():
        if not applicable(pair):
            continue
        fit, placebo = pair if isinstance(pair, tuple) else (pair, None)
        n = len(fit.donors) + 1
        weights = fit.to_frame("weights").rename(columns={"unit": "term", "weight": "estimate"})
        weights = weights.assign(part="weight", estimand="donor weight", scale="weight")
        path = fit.to_frame("path").rename(columns={"effect": "estimate"})
        period = _period_label(res, path["time"])
        path = path.assign(
            part="path", estimand="gap (observed − synthetic)", term=period, period=period
        ).drop(columns=["unit"])
        parts = [_synth_fit(fit, placebo), weights, path]
        if applicable(placebo):
            pl = placebo.to_frame().rename(columns={"unit": "term", "mspe_ratio": "estimate"})
            parts.append(pl.assign(part="placebo", estimand="post/pre MSPE ratio", scale="ratio"))
        for f in parts:
            frames.append(_tidy(f.assign(design="synth", n=n), res, iid))
    return _concat(frames)


def controlled_its_table(res: Any) -> pd.DataFrame:
    """Controlled (multiple-group) ITS: the average post-period extra change (absolute and
    relative to the counterfactual) and every model term."""
    frames: list[pd.DataFrame] = []
    for iid, cits in res.controlled_its.items():
        if not applicable(cits):
            continue
        n = len(cits.treated_units) + cits.n_control_units
        rows = []
        if cits.avg_post_effect is not None:
            c = cits.avg_post_effect
            rows.append(
                {
                    "estimand": "post-period average extra change of the pilot",
                    "term": c.term,
                    "estimate": c.estimate,
                    "conf_low": c.conf_low,
                    "conf_high": c.conf_high,
                    "std_error": c.std_error,
                    "p_value": c.p_value,
                    "scale": "absolute",
                }
            )
            est, lo, hi = cits.relative_effect
            rows.append(
                {
                    "estimand": "post-period average extra change, relative to the counterfactual",
                    "term": c.term,
                    "estimate": est,
                    "conf_low": lo,
                    "conf_high": hi,
                    "p_value": c.p_value,
                    "scale": "relative",
                }
            )
        effect = pd.DataFrame(rows).assign(part="effect")
        terms = cits.to_frame().rename(columns={"description": "estimand"}).assign(part="term")
        for f in (effect, terms):
            if not f.empty:
                f = f.assign(design="controlled_its", n=n, n_obs=cits.n_obs, se_type=cits.se_type)
                frames.append(_tidy(f, res, iid))
    return _concat(frames)


AGGREGATIONS = (
    ("simple", "Callaway–Sant'Anna, simple average"),
    ("group", "Callaway–Sant'Anna, by wave"),
    ("dynamic", "Callaway–Sant'Anna, by time since adoption"),
    ("calendar", "Callaway–Sant'Anna, by period"),
)


def staggered_table(res: Any) -> pd.DataFrame:
    """Staggered roll-out: each Callaway–Sant'Anna aggregation (overall and every
    element), the multiplier-bootstrap band, TWFE, and the Goodman-Bacon comparisons."""
    frames: list[pd.DataFrame] = []
    for iid, st in res.staggered.items():
        if not applicable(st):
            continue
        n = st.twfe.n_units or st.twfe.n_clusters
        for attr, words in AGGREGATIONS:
            agg = getattr(st, attr, None)
            if agg is None:
                continue
            f = agg.to_frame().assign(design="callaway_santanna", part=attr, estimand=words, n=n)
            for col in ("group", "time"):
                if col in f.columns:
                    f["period"] = _period_label(res, f[col])
            frames.append(_tidy(f, res, iid))
        if st.bands is not None:
            f = st.bands.to_frame().assign(
                design="callaway_santanna",
                part="bootstrap",
                estimand="by time since adoption, multiplier bootstrap (uniform band)",
                crit_value=st.bands.crit_value,
                n_boot=st.bands.n_boot,
                n=n,
            )
            frames.append(_tidy(f, res, iid))
        twfe = (
            st.twfe.to_frame()
            .drop(columns=["design"])
            .assign(design="twfe", part="effect", estimand="two-way fixed effects", n=n)
        )
        frames.append(_tidy(twfe, res, iid))
        if st.bacon is not None:
            b = st.bacon.to_frame().rename(columns={"comparison": "term"})
            b = b.assign(
                design="twfe",
                part="bacon",
                estimand="Goodman-Bacon 2×2 comparison",
                treated_period=_period_label(res, b["treated"]),
                control_period=_period_label(
                    res, b["control"].where(b["control"] != st.bacon.never_value)
                ),
                n=n,
            )
            frames.append(_tidy(b, res, iid))
    return _concat(frames)


def triangulation_table(res: Any) -> pd.DataFrame:
    """Every design's estimate of each indicator side by side (relative to its
    counterfactual), with the one agreement verdict."""
    frames: list[pd.DataFrame] = []
    for iid, tri in res.triangulation.items():
        if not applicable(tri) or not tri.rows:
            continue
        f = tri.to_frame().rename(columns={"quantity": "estimand"}).assign(part="estimate")
        if tri.agreement is not None:
            a = tri.agreement
            f = f.assign(
                agreement=a.verdict,
                lead_design=a.lead_design,
                lead_clear_of_zero=a.lead_clear_of_zero,
            )
        frames.append(_tidy(f, res, iid))
    return _concat(frames)


def claims_table(res: Any) -> pd.DataFrame:
    """Every claim figure: its text, reading(s), the recomputed figure, the verdict and
    why, and the adjusted estimate where a design estimated the indicator."""
    if res.claims is None:
        return pd.DataFrame()
    frame = res.claims.to_frame()
    labels = pd.DataFrame([_labels(res, str(i)) for i in frame.get("indicator", [])])
    if labels.empty:
        return frame
    at = list(frame.columns).index("indicator") + 1 if "indicator" in frame.columns else 0
    for k, col in enumerate(("label", "label_zh", "unit_label", "unit_label_zh")):
        frame.insert(at + k, col, labels[col].to_numpy())
    return frame


#: CSV name → builder; ITS and STS are in effects.csv (written by outputs).
TABLES: dict[str, Callable[[Any], pd.DataFrame]] = {
    "did.csv": did_table,
    "synth.csv": synth_table,
    "controlled_its.csv": controlled_its_table,
    "staggered.csv": staggered_table,
    "triangulation.csv": triangulation_table,
    "claims.csv": claims_table,
}


def design_tables(res: Any) -> dict[str, pd.DataFrame]:
    """CSV name → table, only the tables with rows, in :data:`TABLES` order."""
    out = {}
    for name, build in TABLES.items():
        frame = build(res)
        if not frame.empty:
            out[name] = frame
    return out


def write_tables(res: Any, out: Path) -> dict[str, pd.DataFrame]:
    """Write every non-empty design table and the claims CSV; the tables written."""
    tables = design_tables(res)
    for name, frame in tables.items():
        write_csv(frame, out / name)
    return tables


# -- the workbook -------------------------------------------------------------

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: no ``[]:*?/\\``, not blank, at most 31 chars."""
    base = _BAD_SHEET.sub("-", name).strip("' ") or "Sheet"
    base = base[:31]
    candidate, k = base, 2
    while candidate.lower() in taken:
        suffix = f" ({k})"
        candidate, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(candidate.lower())
    return candidate


def _cell(value: Any) -> Any:
    """A value openpyxl can store: NaN/NA → empty, numpy scalars → Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    if isinstance(value, (list, tuple, dict)):
        return str(value)
    return value


def write_workbook(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table (header row frozen and bold), byte-stable: fixed document
    times and fixed zip entry times."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for title, frame in sheets.items():
        ws = wb.create_sheet(sheet_name(title, taken))
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in frame.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
        ws.freeze_panes = "A2"
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.creator = "pilot-eval"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time set to :data:`ZIP_TIME` (same bytes per run)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                body = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()


# -- figure files ---------------------------------------------------------------


def _slug(text: str) -> str:
    """Lower-case ASCII words and Chinese runs of ``text`` joined by '-', at most 48
    characters ("figure" when there are none)."""
    words = re.findall(r"[a-z0-9]+|[\u3400-\u9fff]+", text.lower())
    slug = ""
    for w in words:
        if len(slug) + len(w) + 1 > 48:
            break
        slug = f"{slug}-{w}" if slug else w
    return slug or "figure"


@dataclass
class FigureSink:
    """Writes each figure drawn for the page as ``figures/<nn>-<slug>.png`` (200 dpi) and
    ``.svg`` into ``folder``; identical figures are written once. Numbering continues
    after the figures already in the folder (a second language's page adds its own)."""

    folder: Path
    names: list[str] = field(default_factory=list)
    seen: set[bytes] = field(default_factory=set)
    count: int = 0

    def __post_init__(self) -> None:
        existing = [
            int(m.group(1))
            for p in (self.folder / FIGURE_DIR).glob("*.png")
            if (m := re.match(r"(\d+)-", p.name))
        ]
        self.count = max(existing, default=0)

    def keep(self, fig: Any, alt: str, name: str | None = None) -> list[str]:
        """Write ``fig`` (before it is closed); the file names written (none for a
        figure already written)."""
        import hashlib

        import matplotlib.pyplot as plt

        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
        digest = hashlib.sha256(png.getvalue()).digest()
        if digest in self.seen:
            return []
        self.seen.add(digest)
        svg = io.BytesIO()
        with plt.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "path"}):
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        self.count += 1
        stem = f"{self.count:02d}-{_slug(name or alt)}"
        target = self.folder / FIGURE_DIR
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{stem}.png").write_bytes(png.getvalue())
        (target / f"{stem}.svg").write_bytes(svg.getvalue())
        written = [f"{FIGURE_DIR}/{stem}.png", f"{FIGURE_DIR}/{stem}.svg"]
        self.names += written
        return written


_SINK: list[FigureSink] = []  # the run's sink, if one was started (at most one)


def start_figures(output_dir: str | Path) -> FigureSink | None:
    """Start writing figure files into ``output_dir`` (empty: stop; nothing is written)."""
    _SINK.clear()
    if not str(output_dir):
        return None
    _SINK.append(FigureSink(Path(output_dir)))
    return _SINK[0]


def stop_figures() -> None:
    """Stop writing figure files."""
    _SINK.clear()


def sink() -> FigureSink | None:
    """The sink figures go to, if a run started one."""
    return _SINK[0] if _SINK else None


def keep_figure(fig: Any, alt: str, name: str | None = None) -> list[str]:
    """Write ``fig``'s PNG and SVG files when a sink is started (else nothing)."""
    s = sink()
    return s.keep(fig, alt, name) if s is not None else []
