"""Chinese glyphs render in figures: a CJK font is found (the set-up installs one) and
drawing Chinese text raises no missing-glyph warning."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from analysis.pictures.style import apply_style, cjk_font

TEXTS = (
    "全口径电信诈骗警情同比下降22%",
    "流动人口登记人数由4月份的3800人提升至1.2万余人",
    "95%置信区间 −45% 至 +44%；试点的估计效果",
    "高密市小区党支部 60.7%（221/364）",
    "Fraud −11% — 大嶝派出所",
)


@pytest.fixture(scope="module")
def cjk() -> str:
    font = cjk_font()
    if font is None:
        pytest.skip(
            "no CJK font on this machine and none could be installed "
            "(make setup installs fonts-wqy-microhei on Debian as root)"
        )
    return font


def test_chinese_text_draws_without_missing_glyphs(cjk):
    import matplotlib.pyplot as plt

    apply_style()
    assert matplotlib.rcParams["font.family"][-1] == cjk
    fig, ax = plt.subplots()
    for i, text in enumerate(TEXTS):
        ax.text(0.02, 0.1 + 0.18 * i, text)
    ax.set_title(TEXTS[0])
    ax.set_xlabel("月份 (month)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a UserWarning
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_latin_text_keeps_the_house_font(cjk):
    from matplotlib import font_manager

    apply_style()
    first = font_manager.findfont(
        font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    )
    assert "DejaVuSans" in first
