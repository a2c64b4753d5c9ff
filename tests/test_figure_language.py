"""Figures a reader can read, in the page's language.

Every figure of both demo studies is drawn in Chinese with matplotlib's "Glyph ...
missing from font" warning (a ``UserWarning``, and any log record saying so) turned into
a failure, and its words are read back from the artists — title, axis labels, legend
entries, category tick labels, annotations: no Latin word may remain except data labels
(unit names) and a few proper names. The same figures in English are checked for the
house rules: one page width, no text under 9 pt, labelled axes, counts never below zero,
intervals over event time as ribbons, every wave and milestone named, "pilot start" only
at the pilot start, a recording change drawn and named apart.
"""

from __future__ import annotations

import io
import logging
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.container import ErrorbarContainer

from analysis.core.applicability import NotApplicable
from analysis.pictures.context import FigureContext, Milestone, figure_context
from analysis.pictures.style import FIG_WIDTH, SMALL, apply_style, cjk_font

STUDIES = ("dadeng", "gaomi")
#: Latin words a Chinese figure may keep: proper names (a method's authors) and the
#: standard abbreviations of standard-error types.
ALLOWED_LATIN = {"Callaway", "Sant", "Anna", "Newey", "West", "HAC", "AR", "OLS"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: A half-width bracket, colon or comma touching a Chinese character.
HALF_WIDTH_NEXT_TO_HAN = re.compile(r"[\u4e00-\u9fff][(),:]|[(),:][\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def studies():
    """Both demo studies, loaded and analysed once for this module."""
    from analysis.intake.validate import load_study
    from analysis.numbers.study import run_analysis

    return {name: run_analysis(load_study(f"data/{name}")) for name in STUDIES}


def _ok(r) -> bool:
    return r is not None and not isinstance(r, NotApplicable)


def figures(res):
    """(key, indicator id, draw(**kw) -> axes) of every figure a study's results draw."""
    out = []
    table = res.indicators
    if table is not None:
        for iid in table.indicators():
            out.append((f"series:{iid}", iid, lambda iid=iid, **kw: table.plot(iid, **kw)))
        for c in table.changes:
            if c.group == "treated":
                out.append((f"change:{c.indicator}", c.indicator, c.plot))
    if res.trends is not None:
        for o in res.trends.outcomes:
            if o.effect is not None:
                out.append((f"effect:{o.indicator}:{o.design}", o.indicator, o.effect.plot))
    for name in ("comparisons", "triangulation", "regression_did", "controlled_its"):
        for iid, r in getattr(res, name).items():
            if _ok(r):
                out.append((f"{name}:{iid}", iid, r.plot))
    for iid, r in res.staggered.items():
        if _ok(r):
            out.append((f"staggered:{iid}", iid, r.plot))
            if r.bacon is not None:
                out.append((f"bacon:{iid}", iid, r.bacon.plot))
    for iid, pair in res.synth.items():
        if _ok(pair):
            fit, placebo = pair
            out += [(f"synth:{iid}", iid, fit.plot), (f"synth_placebo:{iid}", iid, placebo.plot)]
            out.append((f"synth_gap:{iid}", iid, lambda fit=fit, **kw: fit.plot(gap=True, **kw)))
    if res.claims is not None:
        out.append(("claims", None, res.claims.plot))
    return out


def texts(fig) -> list[str]:
    """Every word a reader sees on ``fig``: titles, axis labels, legend entries,
    category tick labels and free text (annotations, tags)."""
    found: list[str] = []
    for ax in fig.axes:
        found += [ax.get_title(loc) for loc in ("left", "center", "right")]
        found += [ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        found += [t.get_text() for t in ax.texts]
        if (leg := ax.get_legend()) is not None:
            found += [t.get_text() for t in leg.get_texts()]
    found += [t.get_text() for t in fig.texts]
    return [t for t in found if t]


class _GlyphLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "missing from font" in record.getMessage():
            self.missing.append(record.getMessage())


def draw_strictly(fig) -> bytes:
    """``fig`` as PNG bytes; a missing glyph (warning or log record) fails."""
    handler = _GlyphLog()
    log = logging.getLogger("matplotlib")
    log.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing from font.*")
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
    finally:
        log.removeHandler(handler)
    assert not handler.missing, handler.missing
    return buf.getvalue()


def data_labels(res) -> set[str]:
    """Words of unit names: data labels a figure may show in any language."""
    words: set[str] = set()
    for unit in res.panel.units:
        words |= set(LATIN_WORD.findall(str(unit)))
    return words


def _draw(draw, lang, res, iid):
    return draw(lang=lang, context=figure_context(res, iid)).figure


def _facts(fig, key: str, strict: bool) -> dict:
    """What the checks read from one drawn figure (the figure is closed after)."""
    from PIL import Image

    try:
        if strict:
            png = draw_strictly(fig)
        else:
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            png = buf.getvalue()
        ax = fig.axes[0]
        ribbon_min = min(
            (
                float(path.vertices[:, 1].min())
                for coll in ax.collections
                for path in coll.get_paths()
                if len(path.vertices)
            ),
            default=0.0,
        )
        return {
            "key": key,
            "texts": texts(fig),
            "size": tuple(fig.get_size_inches()),
            "dpi": fig.dpi,
            "png_width": Image.open(io.BytesIO(png)).size[0],
            "font_sizes": [
                t.get_fontsize()
                for t in fig.findobj(matplotlib.text.Text)
                if t.get_text() and t.get_visible()
            ],
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel().replace("\n", " "),
            "ylim": ax.get_ylim(),
            "ribbon_min": ribbon_min,
        }
    finally:
        plt.close(fig)


@pytest.fixture(scope="module")
def drawn(studies):
    """Every figure of both demos drawn once in Chinese (strictly: a missing glyph
    fails) and once in English: {(study, lang): [facts, ...]}."""
    if cjk_font() is None:
        pytest.skip("no CJK font installed (scripts/ensure_fonts.py installs one)")
    apply_style()
    out: dict[tuple[str, str], list[dict]] = {}
    for name, res in studies.items():
        for lang in ("zh", "en"):
            out[name, lang] = [
                _facts(_draw(draw, lang, res, iid), key, strict=lang == "zh") | {"iid": iid}
                for key, iid, draw in figures(res)
            ]
    return out


@pytest.mark.parametrize("name", STUDIES)
def test_zh_figures_have_every_glyph_and_no_english(studies, drawn, name):
    """Drawing succeeded with missing glyphs as errors; every figure has Chinese words
    and no Latin word beyond unit names."""
    allowed = ALLOWED_LATIN | data_labels(studies[name])
    facts = drawn[name, "zh"]
    assert len(facts) > 10
    for f in facts:
        words = f["texts"]
        assert any(re.search(r"[\u4e00-\u9fff]", w) for w in words), (f["key"], words)
        latin = {w for t in words for w in LATIN_WORD.findall(t)} - allowed
        assert not latin, f"{f['key']}: English left in a Chinese figure: {sorted(latin)} {words}"
        half = [w for w in words if HALF_WIDTH_NEXT_TO_HAN.search(w)]
        assert not half, f"{f['key']}: half-width brackets or colons in Chinese: {half}"


@pytest.mark.parametrize("name", STUDIES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_fit_the_page_with_readable_text(drawn, name, lang):
    for f in drawn[name, lang]:
        assert f["size"][0] == pytest.approx(FIG_WIDTH), f["key"]
        assert min(f["font_sizes"]) >= SMALL, (f["key"], min(f["font_sizes"]))
        assert f["png_width"] <= FIG_WIDTH * f["dpi"] * 1.04, (f["key"], f["png_width"])


@pytest.mark.parametrize("name", STUDIES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_time_axes_are_labelled_and_counts_stay_above_zero(studies, drawn, name, lang):
    res = studies[name]
    month = {"en": "Month", "zh": "月份"}[lang]
    checked = 0
    for f in drawn[name, lang]:
        if f["key"].split(":")[0] not in ("series", "effect", "synth"):
            continue
        ctx = figure_context(res, f["iid"])
        assert f["xlabel"] == month, f["key"]
        assert ctx.label(lang) in f["ylabel"], (f["key"], f["ylabel"])
        if ctx.non_negative:
            assert f["ylim"][0] >= 0, (f["key"], f["ylim"])
            assert f["ribbon_min"] >= -1e-9, f["key"]  # bands clipped at zero too
        checked += 1
    assert checked >= 4


def test_unit_labels_name_indicator_and_period(studies):
    res = studies["dadeng"]
    fig = (
        res.trends.get("fraud_incidents", "its")
        .effect.plot(lang="zh", context=figure_context(res, "fraud_incidents"))
        .figure
    )
    en = (
        res.trends.get("fraud_incidents", "its")
        .effect.plot(lang="en", context=figure_context(res, "fraud_incidents"))
        .figure
    )
    try:
        assert fig.axes[0].get_ylabel().replace("\n", "") == "电信诈骗警情（起/月）"
        assert en.axes[0].get_ylabel().replace("\n", " ") == (
            "Telecom-fraud incidents reported (incidents per month)"
        )
    finally:
        plt.close(fig)
        plt.close(en)


def _legend(fig) -> list[str]:
    leg = fig.axes[0].get_legend()
    return [t.get_text() for t in leg.get_texts()] if leg is not None else []


def test_every_wave_is_marked_and_named(studies):
    res = studies["gaomi"]
    for lang, names in (
        ("en", ("First wave of compound party branches", "Second wave", "Third wave")),
        ("zh", ("第一批小区党支部", "第二批", "第三批")),
    ):
        fig = res.indicators.plot(
            "complaints", lang=lang, context=figure_context(res, "complaints")
        ).figure
        try:
            legend = _legend(fig)
            for n in names:
                assert any(n in t for t in legend), (n, legend)
            assert not any("pilot start" in t for t in legend)
            ax = fig.axes[0]
            assert len([ln for ln in ax.lines if ln.get_linestyle() == "--"]) >= 3
        finally:
            plt.close(fig)


def test_pilot_start_only_where_it_is_the_pilot_start(studies):
    """The registration model breaks at the May 2021 drive: that line is named by its
    milestone; "pilot start" is January 2021 only."""
    res = studies["dadeng"]
    effect = res.trends.get("registered_floating", "its").effect
    fig = effect.plot(lang="en", context=figure_context(res, "registered_floating")).figure
    try:
        legend = _legend(fig)
        starts = [t for t in legend if "pilot start" in t]
        assert starts == [t for t in legend if "pilot start (Jan 2021)" in t] and starts
        assert any("registration drive" in t and "May 2021" in t for t in legend), legend
    finally:
        plt.close(fig)


def test_recording_change_is_drawn_and_named_apart(studies):
    res = studies["dadeng"]
    base = figure_context(res, "registered_floating")
    drive = Milestone(
        "2021-05",
        "Floating-population registration drive",
        "流动人口登记专项行动",
        kind="recording_change",
    )
    ctx = FigureContext(**{**base.__dict__, "milestones": (drive,)})
    effect = res.trends.get("registered_floating", "its").effect
    for lang, word in (("en", "recording change"), ("zh", "统计口径变化")):
        fig = effect.plot(lang=lang, context=ctx).figure
        try:
            ax = fig.axes[0]
            lines = [ln for ln in ax.lines if word in ln.get_label()]
            assert len(lines) == 1, _legend(fig)
            assert lines[0].get_linestyle() == "-."
            pilot = [
                ln
                for ln in ax.lines
                if ln.get_linestyle() == "--"
                and ln.get_xdata()[0] == ln.get_xdata()[-1]
                and "2021" in ln.get_label()
            ]
            assert pilot and all(word not in ln.get_label() for ln in pilot)
        finally:
            plt.close(fig)


def test_event_time_figure_uses_ribbons_and_reader_words(studies):
    res = studies["gaomi"]
    st = res.staggered["complaints"]
    for lang, xlabel, ylabel in (
        ("en", "Months since adoption", "Effect (complaints per month)"),
        ("zh", "实施后月数", "效应（件/月）"),
    ):
        fig = st.plot(lang=lang, context=figure_context(res, "complaints")).figure
        try:
            ax = fig.axes[0]
            assert ax.get_xlabel() == xlabel
            assert ax.get_ylabel().replace("\n", "") == ylabel
            assert not [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
            assert len(ax.collections) >= 2  # pointwise ribbon and uniform band
        finally:
            plt.close(fig)


def test_forest_plot_cuts_a_blown_out_interval_with_an_arrow():
    """An interval to +1017% no longer sets the axis: it is cut and ends in an arrow
    that names its true end."""
    from analysis.pictures.comparisons import plot_triangulation
    from analysis.results.comparisons import Triangulation, TriangulationRow

    rows = (
        TriangulationRow(
            design="difference-in-differences",
            quantity="",
            estimate=-0.2,
            conf_low=-0.45,
            conf_high=0.1,
            uses_comparison_units=True,
        ),
        TriangulationRow(
            design="structural time series",
            quantity="",
            estimate=-0.15,
            conf_low=-0.7,
            conf_high=10.17,
            uses_comparison_units=True,
        ),
    )
    tri = Triangulation(indicator="x", label="x", rows=rows)
    ax = plot_triangulation(tri, lang="en")
    try:
        lo, hi = ax.get_xlim()
        assert lo >= -100 * 1.06 and hi < 200
        arrows = [t for t in ax.texts if t.arrow_patch is not None]
        assert len(arrows) == 1
        assert any("+1017%" in t.get_text() for t in ax.texts)
    finally:
        plt.close(ax.figure)


def test_both_is_drawn_in_english(studies):
    res = studies["dadeng"]
    fig = res.indicators.plot(
        "fraud_incidents", lang="both", context=figure_context(res, "fraud_incidents")
    ).figure
    try:
        assert fig.axes[0].get_xlabel() == "Month"
    finally:
        plt.close(fig)


def test_an_unknown_language_is_refused_by_name(studies):
    res = studies["dadeng"]
    with pytest.raises(ValueError, match="lang must be 'en', 'zh' or 'both', got 'fr'"):
        res.indicators.plot("fraud_incidents", lang="fr")
    plt.close("all")


def test_check_figures_in_chinese():
    """Placebo-in-time, sensitivity and power figures: every glyph, no English words."""
    import numpy as np
    import pandas as pd

    from analysis.numbers.checks.power import minimum_detectable_effect
    from analysis.numbers.checks.robustness import placebo_in_time, sensitivity

    if cjk_font() is None:
        pytest.skip("no CJK font installed")
    apply_style()
    rng = np.random.default_rng(5)
    periods = pd.period_range("2018-01", periods=48, freq="M")
    t = np.arange(48)
    y = 30 + 0.05 * t + 2 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1.5, 48) - 5 * (t >= 36)
    start = pd.Period("2021-01", "M")
    results = [
        placebo_in_time(y, periods, start, n_placebos=4, family="gaussian", se="ols"),
        sensitivity(y, periods, start, family="gaussian", se="hac"),
        minimum_detectable_effect(
            y[:37], periods[:37], start, post_length=12, effects=(0.05, 0.2), n_sims=20, seed=1
        ),
    ]
    for res in results:
        fig = res.plot(lang="zh").figure
        try:
            draw_strictly(fig)
            words = texts(fig)
            latin = {w for t in words for w in LATIN_WORD.findall(t)} - ALLOWED_LATIN
            assert not latin, (type(res).__name__, sorted(latin), words)
            assert fig.get_size_inches()[0] == pytest.approx(FIG_WIDTH)
        finally:
            plt.close(fig)
