"""The take-away files beside a report (analysis/report/exports.py, outputs.py): one tidy
CSV per design and the claims CSV (UTF-8 with BOM), results.xlsx with a sheet per table,
every figure as PNG (>= 200 dpi) and SVG; all byte-stable.

The CSVs are checked against the result objects and, for the permutation DiD, against an
independent recomputation from another file (indicators.csv's window totals)."""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.report import exports, outputs
from analysis.report.render import figure

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def dadeng_out(dadeng_results, tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("dadeng_out")
    return out, outputs.write_outputs(dadeng_results, out)


@pytest.fixture(scope="module")
def gaomi_out(gaomi_results, tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("gaomi_out")
    return out, outputs.write_outputs(gaomi_results, out)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])


@pytest.mark.slow
def test_every_design_has_its_csv_with_a_bom(dadeng_out, gaomi_out):
    out, names = dadeng_out
    for name in ("did.csv", "synth.csv", "controlled_its.csv", "triangulation.csv"):
        assert name in names, name
    assert {"effects.csv", "claims.csv", "indicators.csv", "results.xlsx"} <= set(names)
    assert "staggered.csv" in gaomi_out[1]
    for folder, listed in (dadeng_out, gaomi_out):
        for name in listed:
            if name.endswith(".csv"):
                raw = (folder / name).read_bytes()
                assert raw.startswith(BOM), name
                assert b"\r\n" not in raw, name
                header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
                assert not header[0].startswith("\ufeff"), name  # the BOM is not a column
    # the shared tidy columns lead every design table
    for name in ("did.csv", "synth.csv", "controlled_its.csv", "triangulation.csv"):
        assert list(_read(out / name).columns[: len(exports.COLUMNS)]) == list(exports.COLUMNS)
    assert list(_read(gaomi_out[0] / "staggered.csv").columns[:3]) == [
        "indicator",
        "label",
        "label_zh",
    ]


@pytest.mark.slow
def test_did_csv_matches_the_results_and_an_independent_recomputation(dadeng_out, dadeng_results):
    out, _ = dadeng_out
    did = _read(out / "did.csv")
    ind = _read(out / "indicators.csv")
    for iid, res in dadeng_results.applicable("comparisons").items():
        row = did[
            (did.indicator == iid) & (did.design == "did_permutation") & (did.part == "effect")
        ]
        rel = row[row.scale == "relative"].iloc[0]
        assert rel.estimate == pytest.approx(res.estimate, rel=1e-9)
        assert (rel.conf_low, rel.conf_high) == pytest.approx(
            (res.conf_low, res.conf_high), rel=1e-9
        )
        assert rel.p_value == pytest.approx(res.p_value)
        assert rel.n == len(res.treated_units) + res.n_placebos
        # independent: the ratio of the before/after ratios from indicators.csv's totals
        change = ind[(ind.indicator == iid) & (ind.row_type == "change")]
        t = change[change.group == "treated"].iloc[0]
        c = change[change.group == "comparison"].iloc[0]
        ratio = (t.after_level / t.before_level) / (c.after_level / c.before_level) - 1
        assert rel.estimate == pytest.approx(ratio, rel=1e-8), iid
        log = row[row.scale == "log"].iloc[0]
        assert log.estimate == pytest.approx(math.log1p(rel.estimate), rel=1e-8)
        placebos = did[(did.indicator == iid) & (did.part == "placebo")]
        assert len(placebos) == res.n_placebos
        assert set(placebos.term) == set(res.placebo_units)
    for iid, rd in dadeng_results.applicable("regression_did").items():
        row = did[(did.indicator == iid) & (did.design == f"regression_{rd.design}")]
        first = row[(row.part == "effect") & (row.scale == rd.scale)].iloc[0]
        assert first.estimate == pytest.approx(rd.estimate, rel=1e-9)


@pytest.mark.slow
def test_synth_cits_and_triangulation_csvs(dadeng_out, dadeng_results):
    out, _ = dadeng_out
    synth = _read(out / "synth.csv")
    for iid, (fit, placebo) in dadeng_results.synth.items():
        rows = synth[synth.indicator == iid]
        weights = rows[rows.part == "weight"]
        assert weights.estimate.sum() == pytest.approx(1.0, abs=1e-8)
        assert len(weights) == len(fit.donors)
        gap = rows[(rows.part == "fit") & rows.estimand.str.startswith("average post-period gap (")]
        assert gap.estimate.iloc[0] == pytest.approx(fit.avg_post_effect, rel=1e-9)
        assert gap.p_value.iloc[0] == pytest.approx(placebo.p_value)
        path = rows[rows.part == "path"]
        assert list(path.estimate) == pytest.approx(list(fit.effect), rel=1e-9)
        assert re.fullmatch(r"\d{4}-\d{2}", str(path.term.iloc[0]))  # a period, not an ordinal
        assert len(rows[rows.part == "placebo"]) == len(placebo.units)
    cits = _read(out / "controlled_its.csv")
    for iid, c in dadeng_results.controlled_its.items():
        rows = cits[(cits.indicator == iid) & (cits.part == "effect")]
        assert rows[rows.scale == "absolute"].estimate.iloc[0] == pytest.approx(
            c.avg_post_effect.estimate, rel=1e-9
        )
        assert rows[rows.scale == "relative"].estimate.iloc[0] == pytest.approx(
            c.relative_effect[0], rel=1e-9
        )
        assert len(cits[(cits.indicator == iid) & (cits.part == "term")]) == len(c.to_frame())
    tri = _read(out / "triangulation.csv")
    for iid, t in dadeng_results.triangulation.items():
        rows = tri[tri.indicator == iid]
        assert list(rows.design) == [r.design for r in t.rows]
        assert list(rows.estimate) == pytest.approx(
            [r.estimate for r in t.rows], rel=1e-9, nan_ok=True
        )
        assert set(rows.agreement) == {t.agreement.verdict}


@pytest.mark.slow
def test_staggered_csv(gaomi_out, gaomi_results):
    out, _ = gaomi_out
    st = _read(out / "staggered.csv")
    for iid, comp in gaomi_results.applicable("staggered").items():
        rows = st[st.indicator == iid]
        simple = rows[(rows.part == "simple") & (rows.term == "overall")].iloc[0]
        assert simple.estimate == pytest.approx(comp.simple.overall_estimate, rel=1e-9)
        assert (simple.conf_low, simple.conf_high) == pytest.approx(
            (comp.simple.overall_conf_low, comp.simple.overall_conf_high), rel=1e-9
        )
        dyn = rows[(rows.part == "dynamic") & (rows.term != "overall")]
        assert list(dyn.event_time.astype(int)) == list(comp.dynamic.element)
        waves = rows[(rows.part == "group") & (rows.term != "overall")]
        assert all(re.fullmatch(r"\d{4}-\d{2}", p) for p in waves.period)
        twfe = rows[rows.design == "twfe"]
        assert twfe[twfe.part == "effect"].estimate.iloc[0] == pytest.approx(comp.twfe.estimate)
        if comp.bands is not None:
            assert len(rows[rows.part == "bootstrap"]) == len(comp.bands.label)


@pytest.mark.slow
def test_claims_csv_keeps_chinese_and_every_claim_figure(dadeng_out, dadeng_results):
    out, _ = dadeng_out
    raw = (out / "claims.csv").read_bytes()
    assert raw.startswith(BOM)
    claims = _read(out / "claims.csv")
    want = dadeng_results.claims.to_frame()
    assert list(claims.claim) == list(want.claim)
    assert list(claims.text) == list(want.text)  # Chinese text round-trips exactly
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in claims.text)
    for col in ("verdict", "reason", "observed", "readings", "adjusted_estimate", "label_zh"):
        assert col in claims.columns, col
    d1 = claims[claims.claim == "D1"].iloc[0]
    assert d1.adjusted_estimate == pytest.approx(
        dadeng_results.comparisons["fraud_incidents"].estimate
    )


@pytest.mark.slow
def test_workbook_opens_with_a_sheet_per_table(dadeng_out):
    from openpyxl import load_workbook

    out, names = dadeng_out
    wb = load_workbook(out / "results.xlsx", read_only=True)
    csvs = [n for n in names if n.endswith(".csv")]
    assert wb.sheetnames == [n.removesuffix(".csv") for n in csvs]
    for name in csvs:
        ws = wb[name.removesuffix(".csv")]
        assert len(ws.title) <= 31
        rows = list(ws.iter_rows(values_only=True))
        frame = _read(out / name)
        assert list(rows[0]) == list(frame.columns), name
        assert len(rows) - 1 == len(frame), name
    claims = list(wb["claims"].iter_rows(values_only=True))
    head = list(claims[0])
    assert claims[1][head.index("text")] == _read(out / "claims.csv").text.iloc[0]


@pytest.mark.slow
def test_same_inputs_same_bytes(dadeng_results, dadeng_out, tmp_path):
    out, names = dadeng_out
    again = outputs.write_outputs(dadeng_results, tmp_path)
    assert again == names
    for name in names:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    long = "a very long table name that Excel would refuse outright"
    names = [
        exports.sheet_name(n, taken) for n in (long, long, "a/b:c*d?[e]", "", "Claims", "claims")
    ]
    assert all(0 < len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert not any(re.search(r"[\[\]:*?/\\]", n) for n in names)


def _draw(title: str):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2, 3], [2, 1, 3])
    ax.set_title(title)
    return fig


def test_figures_also_written_as_png_and_svg(tmp_path):
    from PIL import Image

    try:
        exports.stop_figures()
        page_png = figure(_draw("Incidents"), alt="Incidents per month")  # no sink: no files
        assert not (tmp_path / "figures").exists()
        outputs.collect_figures(tmp_path)
        with_sink = figure(_draw("Incidents"), alt="Incidents per month")
        figure(_draw("Incidents"), alt="Incidents per month")  # identical: written once
        figure(_draw("Monthly"), alt="每月事件", name="incidents-zh")
        figure(_draw("Weekly"), alt="每周事件（试点）")  # a Chinese alt keeps its words
        figure(_draw("Daily"), alt="—")  # nothing to name it by
        names = list(exports.sink().names)
    finally:
        exports.stop_figures()
    assert with_sink == page_png  # the embedded page PNG is as without the files
    assert names == [
        "figures/01-incidents-per-month.png",
        "figures/01-incidents-per-month.svg",
        "figures/02-incidents-zh.png",
        "figures/02-incidents-zh.svg",
        "figures/03-每周事件-试点.png",
        "figures/03-每周事件-试点.svg",
        "figures/04-figure.png",
        "figures/04-figure.svg",
    ]
    png = tmp_path / names[0]
    with Image.open(png) as im:
        assert im.info["dpi"][0] >= 199.9 and im.size[0] >= 4 * 200 * 0.8
    raw = png.read_bytes()
    assert b"Software" not in raw and b"tIME" not in raw
    svg = (tmp_path / names[1]).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    # same figures, same bytes (fixed ids through svg.hashsalt)
    again = tmp_path / "again"
    try:
        outputs.collect_figures(again)
        figure(_draw("Incidents"), alt="Incidents per month")
    finally:
        exports.stop_figures()
    for suffix in ("png", "svg"):
        name = f"figures/01-incidents-per-month.{suffix}"
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()


def test_save_lists_the_figure_files(tmp_path, monkeypatch):
    """outputs.write_outputs returns the figure files the run wrote into its folder (the
    page's list of files written shows them)."""

    from types import SimpleNamespace

    empty = {name: {} for name in ("comparisons", "regression_did", "synth", "controlled_its")}
    res = SimpleNamespace(
        spec=SimpleNamespace(indicators={}),
        indicators=None,
        trends=None,
        claims=None,
        staggered={},
        triangulation={},
        **empty,
    )
    monkeypatch.setattr(outputs, "results_json", lambda res: "{}\n")
    try:
        outputs.collect_figures(tmp_path)
        figure(_draw("x"), alt="A figure")
        names = outputs.write_outputs(res, tmp_path)  # type: ignore[arg-type]
    finally:
        exports.stop_figures()
    assert names == ["results.json", "figures/01-a-figure.png", "figures/01-a-figure.svg"]
    assert not (tmp_path / "results.xlsx").exists()  # no table, no workbook (Excel needs a sheet)
