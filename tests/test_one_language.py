"""One language at a time: a Chinese page has no English heading, table header, caption,
summary or label; an English page has no Chinese in them; a `both` report is two pages,
index.html and index.zh.html, linked to each other.

"English" is a run of two or more Latin words in a row. Single Latin tokens may stay on
a Chinese page: they are proper names of statistics and estimators (Ljung–Box,
Durbin–Watson, Callaway–Sant'Anna, TWFE, R², p 值, SHA-256) and formulas (log(y)), which
Chinese statistical writing also keeps in Latin letters; the design names themselves
(DiD, ITS, STS) are written in Chinese (双重差分, 中断时间序列, 结构时间序列), so no
abbreviation needs an exception. Unit ids come from the data (a station named "Xiang'an
East" would be two Latin words): they are removed before the check.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from analysis.narrative.page_words import TABLES, check_label, horizon_label, pw, zh_fragments
from analysis.report.pages import chinese_notebook, pages
from analysis.report.render import section_html, show_with_index
from analysis.report.sections import PAGE
from analysis.results.study import SectionView

#: Elements whose text is a heading, header or label of the page.
LABEL_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "th", "caption", "figcaption", "summary")
LABEL_TAGS += ("legend", "label")
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t\u00a0]+[A-Za-z][A-Za-z'’-]*)+")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\uff1b]")

#: Front-page sections other work owns (the claims table; the key-figures call in
#: front.key_results): their Chinese words are pending there (see notes/interfaces.md).
PENDING_ELSEWHERE: dict[str, str] = {}  # sections known to be unfinished elsewhere: none


def _data_words(res) -> list[str]:
    """Names that come from the data and stay as written: unit ids."""
    return sorted({str(u) for u in res.panel.units}, key=len, reverse=True)


def _label_texts(soup: BeautifulSoup, data_words: list[str]) -> list[tuple[str, str]]:
    out = []
    for el in soup.find_all(LABEL_TAGS):
        text = el.get_text(" ", strip=True)
        for w in data_words:
            text = text.replace(w, "·")
        out.append((el.name, text))
    return out


def english_labels(html: str, data_words: list[str]) -> list[str]:
    """Headings, headers, captions, summaries and labels with two Latin words in a row."""
    soup = BeautifulSoup(html, "html.parser")
    return [f"<{n}> {t}" for n, t in _label_texts(soup, data_words) if ENGLISH_RUN.search(t)]


def chinese_labels(html: str, data_words: list[str]) -> list[str]:
    """Headings, headers, captions, summaries and labels with a Chinese character."""
    soup = BeautifulSoup(html, "html.parser")
    return [f"<{n}> {t}" for n, t in _label_texts(soup, data_words) if CJK.search(t)]


def test_the_checks_catch_what_they_should():
    html = "<h2>摘要</h2><th>Read as</th><th>p 值</th><caption>TWFE 估计值</caption>"
    assert english_labels(html, []) == ["<th> Read as"]
    assert english_labels("<h3>Xiang'an East 站</h3>", ["Xiang'an East"]) == []
    assert chinese_labels("<h2>Summary</h2><h3>摘要</h3>", []) == ["<h3> 摘要"]


def _sections(marked: bool) -> list:
    out = []
    for name in PAGE:
        reason = PENDING_ELSEWHERE.get(name)
        marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason and marked else []
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
@pytest.mark.parametrize("section", _sections(marked=True))
def test_chinese_sections_have_no_english_labels(demo_results, study, section):
    res = demo_results[f"{study}_results"]
    html = str(section_html(res, section, "zh"))
    assert english_labels(html, _data_words(res)) == []


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
@pytest.mark.parametrize("section", _sections(marked=False))
def test_english_sections_have_no_chinese_labels(demo_results, study, section):
    res = demo_results[f"{study}_results"]
    html = str(section_html(res, section, "en"))
    assert chinese_labels(html, _data_words(res)) == []


def test_chinese_sections_name_designs_in_chinese(dadeng_results):
    """No English design name inside a Chinese page's text (the triangulation's
    sentence and table, and the reasons a design did not run, included)."""
    html = str(section_html(dadeng_results, "indicators", "zh"))
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    for name in ("controlled interrupted time series", "difference-in-differences"):
        assert name not in text
    assert "有对照的中断时间序列" in text and "回归双重差分" in text
    assert "registered_floating" not in text  # the reason names no internal id


def test_indicator_headings_use_the_page_language_only(dadeng_results):
    zh = BeautifulSoup(str(section_html(dadeng_results, "indicators", "zh")), "html.parser")
    titles = [h.get_text() for h in zh.select("details.pe-section > summary > h2")]
    assert "盗窃警情（对照指标）" in titles  # the spec's label, full-width brackets
    assert not any(ENGLISH_RUN.search(t) for t in titles)


def test_both_displays_carry_the_chinese_rendering(dadeng_results):
    """A `both` report shows English in the notebook and carries the Chinese rendering
    (HTML and the template's metadata) for the Chinese page."""
    assert dadeng_results.language == "both"
    html, meta = show_with_index(SectionView(dadeng_results, "heading_methods", "both"))
    assert "Methods and assumptions" in html
    assert meta["pilot_heading"][:2] == ["h-methods", "Methods and assumptions"]
    zh = meta["pilot_zh"]
    assert "方法与假设" in zh["html"]
    assert zh["metadata"]["pilot_heading"][:2] == ["h-methods", "方法与假设"]
    html, meta = show_with_index(SectionView(dadeng_results, "indicators", "both"))
    en_ids = [a for a, _ in meta["pilot_sections"]]
    zh_ids = [a for a, _ in meta["pilot_zh"]["metadata"]["pilot_sections"]]
    assert en_ids == zh_ids and len(en_ids) == 6
    single, meta = show_with_index(SectionView(dadeng_results, "heading_data", "zh"))
    assert "数据附录" in single and "pilot_zh" not in meta


def test_pages_of_each_language():
    assert [(p.file, p.lang, p.other) for p in pages("en", "index.html")] == [
        ("index.html", "en", None)
    ]
    assert [(p.file, p.lang, p.other) for p in pages("zh", "index.html")] == [
        ("index.html", "zh", None)
    ]
    both = pages("both", "index.html")
    assert [(p.file, p.lang, p.other, p.swap) for p in both] == [
        ("index.html", "en", "index.zh.html", False),
        ("index.zh.html", "zh", "index.html", True),
    ]
    res = both[1].resources("标题")
    assert res["lang"] == "zh-CN" and res["switch"]["href"] == "index.html"
    assert both[0].resources("Title")["lang"] == "en"


def test_chinese_notebook_swaps_only_outputs_with_a_chinese_rendering():
    nb = nbformat.v4.new_notebook()
    with_zh = nbformat.v4.new_output(
        "display_data",
        data={"text/html": "<h2>Data appendix</h2>", "text/plain": "x"},
        metadata={
            "text/html": {
                "pilot_sections": [],
                "pilot_zh": {"html": "<h2>数据附录</h2>", "metadata": {"pilot_sections": []}},
            }
        },
    )
    plain = nbformat.v4.new_output("display_data", data={"text/html": "<p>kept</p>"})
    nb.cells = [nbformat.v4.new_code_cell(outputs=[with_zh, plain])]
    zh = chinese_notebook(nb)
    outs = zh.cells[0].outputs
    assert outs[0]["data"]["text/html"] == "<h2>数据附录</h2>"
    assert outs[0]["metadata"]["text/html"] == {"pilot_sections": []}
    assert outs[1]["data"]["text/html"] == "<p>kept</p>"
    assert nb.cells[0].outputs[0]["data"]["text/html"] == "<h2>Data appendix</h2>"  # a copy


def test_page_words_have_the_same_keys_and_fields_in_both_languages():
    assert TABLES["en"].keys() == TABLES["zh"].keys()
    field = re.compile(r"\{(\w+)")
    for key, en in TABLES["en"].items():
        assert set(field.findall(en)) == set(field.findall(TABLES["zh"][key])), key
    for zh in TABLES["zh"].values():
        assert not re.search(r"[\u4e00-\u9fff][(),:;]|[(),:;][\u4e00-\u9fff]", zh), zh
    assert pw("both", "h.methods") == "Methods and assumptions"


def test_estimator_words_in_chinese():
    assert (
        zh_fragments("quasi-Poisson segmented regression (level + slope change), Fourier(2)", "zh")
        == "准泊松分段回归（水平与斜率变化），傅里叶项（2 对）"
    )
    # a phrase with no complete translation stays English rather than half-translated
    assert zh_fragments("two-way fixed effects on something new", "zh") == (
        "two-way fixed effects on something new"
    )
    assert check_label("ljung_box", "Residual autocorrelation (Ljung–Box, 9 lags)", "zh") == (
        "残差自相关（Ljung–Box，9 阶滞后）"
    )
    assert horizon_label("month 6 of the pilot", 6, "2021-06", "zh") == "试点第 6 个月（2021-06）"
    assert horizon_label("month 6 of the pilot", 6, "2021-06", "en") == (
        "month 6 of the pilot (2021-06)"
    )


# -- the published pages ---------------------------------------------------------------


def _page(demo_reports, study: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((demo_reports / study / name).read_text(encoding="utf-8"), "html.parser")


def test_both_writes_two_linked_pages(demo_reports):
    en = _page(demo_reports, "dadeng", "index.html")
    zh = _page(demo_reports, "dadeng", "index.zh.html")
    assert en.html["lang"] == "en" and zh.html["lang"] == "zh-CN"
    assert en.select_one("nav.pe-lang a")["href"] == "index.zh.html"
    assert zh.select_one("nav.pe-lang a")["href"] == "index.html"
    # the same sections, in the same order, each in its language
    ids = [d["id"] for d in en.select("details.pe-section")]
    assert ids == [d["id"] for d in zh.select("details.pe-section")]
    en_toc = [a.get_text() for a in en.select("nav.pe-toc a")]
    zh_toc = [a.get_text() for a in zh.select("nav.pe-toc a")]
    assert "Methods and assumptions" in en_toc and "方法与假设" in zh_toc
    assert not any(CJK.search(t) for t in en_toc)
    assert not any(ENGLISH_RUN.search(t) for t in zh_toc)
    assert zh.select_one("nav.pe-toc strong").get_text() == "目录"
    assert zh.select_one("footer.pe-provenance h2").get_text() == "来源与复现"
    # sentences are not interleaved: the English page writes no Chinese sentence (a
    # claim quoted as written in Chinese is marked lang="zh" and is data)
    for quoted in en.select("[lang|=zh]"):
        quoted.decompose()
    body = en.select_one("main").get_text(" ")
    assert "试点的估计效果" not in body and "同比" not in body
    # ... and the Chinese page names no design in English
    zh_text = zh.select_one("main").get_text(" ")
    for name in ("controlled interrupted time series", "difference-in-differences"):
        assert name not in zh_text


def test_a_single_language_report_writes_one_page(demo_reports):
    assert not (demo_reports / "gaomi" / "index.zh.html").exists()
    page = _page(demo_reports, "gaomi", "index.html")
    assert page.html["lang"] == "en" and page.select_one("nav.pe-lang") is None


def test_whole_chinese_page_has_no_english_labels(demo_reports, dadeng_results):
    page = (demo_reports / "dadeng" / "index.zh.html").read_text(encoding="utf-8")
    assert english_labels(page, _data_words(dadeng_results)) == []


@pytest.mark.parametrize("study", ["dadeng", "gaomi"])
def test_english_pages_have_no_chinese_labels(demo_reports, demo_results, study):
    page = (demo_reports / study / "index.html").read_text(encoding="utf-8")
    assert chinese_labels(page, _data_words(demo_results[f"{study}_results"])) == []


# -- units' Chinese names (`unit_zh`) ----------------------------------------------------


def _with_zh_names(rows):
    from conftest import COMPARISON

    for r in rows:
        r["unit_zh"] = f"{r['unit']}站" if r["unit"] != COMPARISON[0] else ""
    return rows


def test_unit_zh_names_units_on_chinese_pages(make_study, tmp_path):
    from conftest import COMPARISON, TREATED

    from analysis.intake.validate import load_study

    spec = {"sources": {"stations": {"unit_zh": "unit_zh"}}}
    study = load_study(make_study(tmp_path, spec, rows_mutator=_with_zh_names))
    assert study.report.ok
    assert study.panel.unit_label(TREATED, "zh") == f"{TREATED}站"
    assert study.panel.unit_label(TREATED, "en") == TREATED
    assert study.panel.unit_label(COMPARISON[0], "zh") == COMPARISON[0]  # none: the id


def test_unit_zh_column_missing_is_an_error_naming_file_and_column(make_study, tmp_path):
    from analysis.intake.spec import load_spec
    from analysis.intake.validate import validate_spec_and_data

    spec = {"sources": {"stations": {"unit_zh": "name_zh"}}}
    _panel, report = validate_spec_and_data(load_spec(make_study(tmp_path, spec)))
    issue = next(i for i in report.errors if i.code == "unit_zh.missing")
    assert issue.column == "name_zh" and issue.file.endswith("panel.csv")


def test_unit_zh_with_two_names_warns_with_rows(make_study, tmp_path):
    from analysis.intake.validate import load_study

    def clash(rows):
        rows = _with_zh_names(rows)
        rows[1]["unit_zh"] = "别名"
        return rows

    spec = {"sources": {"stations": {"unit_zh": "unit_zh"}}}
    study = load_study(make_study(tmp_path, spec, rows_mutator=clash))
    issue = next(i for i in study.report.warnings if i.code == "unit_zh.differs")
    assert issue.rows == (3,)


def test_chinese_page_names_dadeng_in_chinese(dadeng_results):
    html = str(section_html(dadeng_results, "fraud_incidents", "zh"))
    cells = [td.get_text() for td in BeautifulSoup(html, "html.parser").select("td")]
    assert "试点：大嶝" in cells and "大嶝（试点）" in cells and "滨海（对照）" in cells
    english = str(section_html(dadeng_results, "fraud_incidents", "en"))
    assert "Pilot: Dadeng" in english and "大嶝" not in english


def test_estimator_sentences_in_chinese_keep_their_numbers():
    from analysis.narrative.estimator_words import estimator_text

    en = "Over the 36 pre-periods: R² = 0.16, mean absolute percentage error 30.6%."
    assert estimator_text(en, "zh") == "试点前 36 期：R² = 0.16，平均绝对百分比误差 30.6%。"
    assert estimator_text(en, "en") == en
    odd = "Over the 36 pre-periods: something new."
    assert estimator_text(odd, "zh") == odd  # an unknown form stays as stored
    assert estimator_text("variance of the level disturbance (MLE, model scale)", "zh") == (
        "水平扰动的方差（极大似然，模型尺度）"
    )
