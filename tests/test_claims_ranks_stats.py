"""Issue 13, the new figure kinds: reported statistics, ranges and ranks as the readers take
them (English, simplified and traditional Chinese), how they are judged (a range as a
range, a rank as a position among the panel's units, a level change as after − before, a
statistic shown and never judged), their words, and a tiny study end to end.

The sentences here are not the corpus's (tests/claims_corpus): they are other sentences of
the same families, written to the forms real releases and papers use.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from analysis.narrative.claims import narrate_claim, narrate_claims_table, reading_text
from analysis.narrative.front_words import verdict_counts_text
from analysis.numbers.claims.judge import judge
from analysis.numbers.claims.parse import parse_claim
from analysis.results.claims import CHECKED_VERDICTS, VERDICTS, ParsedClaim
from tests.conftest import COMPARISON, MONTHS, TREATED, write_study


def _figs(text: str) -> list[ParsedClaim]:
    p = parse_claim(text)
    return list(p.figures or (p,))


def _match(fig: ParsedClaim, want: dict) -> list[str]:
    bad = []
    for k, v in want.items():
        got = getattr(fig, k)
        if isinstance(v, float):
            if got is None or abs(got - v) > 1e-9 * max(1.0, abs(v)):
                bad.append(f"{k}: {got} != {v}")
        elif got != v:
            bad.append(f"{k}: {got!r} != {v!r}")
    return bad


def _check(text: str, want: list[dict]) -> None:
    figs = _figs(text)
    mine = [f for f in figs if f.kind in ("range", "rank", "reported_statistic")]
    assert len(mine) == len(want), [(f.kind, f.value, f.low, f.high) for f in figs]
    for f, w in zip(mine, want, strict=True):
        assert not _match(f, w), (text, _match(f, w))


# -- reported statistics ---------------------------------------------------------------------

STATS = [
    (
        "Burglaries fell in the hot spots (IRR 0.71, 95% CI 0.58 to 0.87).",
        [{"statistic": "irr", "value": 0.71, "low": 0.58, "high": 0.87, "level": 0.95}],
    ),
    (
        "The intervention halved reoffending (adjusted odds ratio 0.48; 95% CI, 0.30–0.77).",
        [{"statistic": "or", "value": 0.48, "low": 0.30, "high": 0.77, "level": 0.95}],
    ),
    (
        "Victimisation was lower (RR = 0.88, 90% CI 0.79-0.98, p = 0.02).",
        [
            {"statistic": "rr", "value": 0.88, "low": 0.79, "high": 0.98, "level": 0.90},
            {"statistic": "p", "value": 0.02, "bound": "exact"},
        ],
    ),
    (
        "Calls for service dropped (hazard ratio 0.64 [0.51–0.80]; P<0.001).",
        [
            {"statistic": "hr", "value": 0.64, "low": 0.51, "high": 0.80},
            {"statistic": "p", "value": 0.001, "bound": "at_most"},
        ],
    ),
    ("The difference was not significant (p > 0.1).", [{"statistic": "p", "bound": "at_least"}]),
    (
        "Response times improved by a mean difference of −4.2 minutes (95% CI −6.0 to −2.4).",
        [{"statistic": "mean_difference", "value": -4.2, "low": -6.0, "high": -2.4}],
    ),
    ("A bare interval: 95% CI 1.2-3.4.", [{"statistic": "ci", "low": 1.2, "high": 3.4}]),
    (
        "Officers in the trial (n = 1,204) and controls (N=1,188) were compared, t(2390) = 3.1.",
        [
            {"statistic": "n", "value": 1204.0},
            {"statistic": "n", "value": 1188.0},
            {"statistic": "t", "value": 3.1},
        ],
    ),
    ("The association held (χ2 = 9.7, r = 0.31).", [{"statistic": "chi2"}, {"statistic": "r"}]),
    (
        "干预后社区盗窃发案率明显下降（RR=0.62，95%CI：0.45～0.85，P<0.01）。",
        [
            {"statistic": "rr", "value": 0.62, "low": 0.45, "high": 0.85, "level": 0.95},
            {"statistic": "p", "value": 0.01, "bound": "at_most"},
        ],
    ),
    (
        "两组比值比为2.31（95%置信区间为1.42至3.76），差异有统计学意义（P值为0.001）。",
        [
            {"statistic": "or", "value": 2.31, "low": 1.42, "high": 3.76},
            {"statistic": "p", "value": 0.001, "bound": "exact"},
        ],
    ),
    (
        "試點區的發生率比為0.77（95%信賴區間0.64-0.93）。",
        [{"statistic": "irr", "value": 0.77, "low": 0.64, "high": 0.93, "level": 0.95}],
    ),
    (
        "兩組勝算比1.9（95%置信區間：1.1～3.3），P＜0.05。",
        [
            {"statistic": "or", "value": 1.9, "low": 1.1, "high": 3.3},
            {"statistic": "p", "value": 0.05, "bound": "at_most"},
        ],
    ),
]


@pytest.mark.parametrize(("text", "want"), STATS, ids=[t[:30] for t, _ in STATS])
def test_reported_statistics_are_read_as_such(text: str, want: list[dict]) -> None:
    _check(text, want)
    for f in _figs(text):  # no number of a statistic becomes a count or a share
        if f.kind in ("count", "share"):
            assert f.value not in {w.get("value") for w in want}, (text, f)


def test_p_values_shared_and_listed() -> None:
    figs = _figs("性别、职业无统计学意义（P均>0.05）；年龄有统计学意义（P<0.05或0.01）。")
    assert [(f.statistic, f.value, f.bound) for f in figs] == [
        ("p", 0.05, "at_least"),
        ("p", 0.05, "at_most"),
        ("p", 0.01, "at_most"),
    ]


def test_a_sample_of_people_is_a_count_not_a_statistic() -> None:
    assert all(f.kind != "reported_statistic" for f in _figs("最终样本量为2131万人。"))
    assert [f.statistic for f in _figs("样本量为856，应答率92%。")][:1] == ["n"]


def test_a_headline_figure_keeps_its_kind_beside_its_interval() -> None:
    figs = _figs("Robberies fell 18% (95% CI 9% to 26%) in the pilot wards.")
    assert [f.kind for f in figs] == ["percent_change", "reported_statistic"]
    assert figs[0].value == pytest.approx(-0.18)
    assert (figs[1].statistic, figs[1].low, figs[1].high) == ("ci", 0.09, 0.26)


def test_words_that_look_like_statistics_are_not() -> None:
    for text in ("佩戴N95口罩的比例为80%", "Calls rose 12% or more", "HR staff grew to 40 people"):
        assert all(f.kind != "reported_statistic" for f in _figs(text)), text


# -- ranges ------------------------------------------------------------------------------------

RANGES = [
    ("群众安全感满意度保持在85%-90%。", {"of_kind": "share", "low": 0.85, "high": 0.90}),
    ("全市电诈案件同比下降20%至30%。", {"of_kind": "percent_change", "low": -0.30, "high": -0.20}),
    ("预计可减少警力投入三成到四成。", {"of_kind": "percent_change", "low": -0.4, "high": -0.3}),
    ("约有六七成的纠纷在村居一级化解。", {"of_kind": "share", "low": 0.6, "high": 0.7}),
    (
        "破案率提高了5至8个百分点。",
        {"of_kind": "percentage_point_change", "low": 0.05, "high": 0.08},
    ),
    ("每月接警量为300至400起。", {"of_kind": "count", "low": 300.0, "high": 400.0}),
    ("办理时限压缩至3-5个工作日以内。", {"of_kind": "amount", "unit": "工作日", "high": 5.0}),
    ("处置效率提升2到3倍。", {"of_kind": "multiple", "low": 2.0, "high": 3.0}),
    ("今年以來詐騙案件按年減少百分之十至百分之十五。", {"of_kind": "percent_change", "low": -0.15}),
    ("罪案數字預計下跌一成至兩成。", {"of_kind": "percent_change", "low": -0.2, "high": -0.1}),
    (
        "Burglary is down by between 12 and 15 per cent.",
        {"of_kind": "percent_change", "low": -0.15},
    ),
    ("Officers spend 20-30% of their time on paperwork.", {"of_kind": "share", "low": 0.2}),
    ("a 5 to 8 per cent increase in detections", {"of_kind": "percent_change", "high": 0.08}),
    ("Victims were two to three times more likely to report.", {"of_kind": "multiple", "low": 2.0}),
    ("The scheme costs £1.5m to £2m a year.", {"of_kind": "amount", "low": 1.5e6, "high": 2e6}),
    ("between 300 and 400 arrests a month", {"of_kind": "count", "low": 300.0, "high": 400.0}),
    ("15,000 to 20,000 people attended", {"of_kind": "count", "low": 15000.0}),
    ("每年减少1000至1500起", {"of_kind": "level_change", "low": -1500.0, "high": -1000.0}),
    ("Burglary fell by 100 to 200 offences", {"of_kind": "level_change", "high": -100.0}),
    ("降幅为10%-15%", {"of_kind": "percent_change", "low": -0.15}),
    ("下降到10%-15%", {"of_kind": "share", "low": 0.10}),  # the level reached
    ("about 40-50% of calls", {"of_kind": "share", "bound": "approx"}),
]


@pytest.mark.parametrize(("text", "want"), RANGES, ids=[t[:24] for t, _ in RANGES])
def test_ranges_in_canonical_units(text: str, want: dict) -> None:
    figs = [f for f in _figs(text) if f.kind == "range"]
    assert len(figs) == 1, [(f.kind, f.value) for f in _figs(text)]
    f = figs[0]
    assert f.low is not None and f.high is not None and f.low <= f.high
    assert not _match(f, want), _match(f, want)


NOT_RANGES = [
    "刑事警情由去年的70%下降至50%。",  # before → after
    "从3起增加到5起",
    "1至11月共破获案件200起。",  # a period
    "2019-2021年全市发案持续下降。",
    "Crime fell from 10% to 8% of calls.",
    "young people aged 16 to 24",
    "in 2012-13 the force recorded 5,000 crimes",
    "between 2010 and 2015",
    "The detection rate rose from 21.4 per cent in 2011/12 to 24.0 per cent in 2012/13.",
    "Satisfaction improved from the previous figure of 71.5 per cent to 74.8 per cent.",
    "Eighty-three per cent of victims were satisfied.",
    "Crime was down 12 per cent to 48,210 offences.",
    "群众满意度提升至85%",
]


@pytest.mark.parametrize("text", NOT_RANGES)
def test_pairs_that_are_not_ranges(text: str) -> None:
    assert all(f.kind != "range" for f in _figs(text)), [(f.kind, f.low) for f in _figs(text)]


# -- ranks -------------------------------------------------------------------------------------

RANKS = [
    ("群众满意度位列全省第一。", {"value": 1.0, "bound": "exact"}),
    ("社会治安综合考评连续三年排名首位。", {"value": 1.0}),
    ("该区破案率居全市第三。", {"value": 3.0}),
    ("综合排名进入全省前五名。", {"value": 5.0, "bound": "at_most"}),
    ("在全市12个区县中排名第2。", {"value": 2.0, "rank_of": 12}),
    ("刑事发案率全市最低。", {"value": 1.0, "rank_order": "lowest"}),
    ("排名由第八位上升至第四位。", {"value": 4.0, "before": 8.0}),
    ("本區罪案率在全港十八區中最低。", {"value": 1.0, "rank_order": "lowest"}),
    ("破案率名列全國第二。", {"value": 2.0}),
    ("考核成績位居全市前三。", {"value": 3.0, "bound": "at_most"}),
    ("The force was ranked 3rd out of 43 forces for victim satisfaction.", {"rank_of": 43}),
    ("Cleveland had the lowest detection rate of the 43 forces.", {"value": 1.0, "rank_of": 43}),
    ("It recorded the second-highest fall in burglary in England and Wales.", {"value": 2.0}),
    ("the best response times of any force in the country", {"rank_order": "best"}),
    ("The borough is now in the top five for safety.", {"value": 5.0, "bound": "at_most"}),
    ("climbing from 19th place to 12th", {"value": 12.0, "before": 19.0}),
    ("placing it 12th out of 43 forces", {"value": 12.0, "rank_of": 43}),
    ("The county is now in 5th place nationally.", {"value": 5.0}),
    ("second only to London for knife crime", {"value": 2.0}),
    ("酒驾一直是事故原因榜首。", {"value": 1.0}),
    ("盗窃案件1200起居次。", {"value": 2.0}),
    ("在全省9个地市中，本市以98.2%的满意度排名第一。", {"value": 1.0, "rank_of": 9}),
    ("破案率为五都前2高。", {"value": 2.0, "bound": "at_most", "rank_of": 5}),
]


@pytest.mark.parametrize(("text", "want"), RANKS, ids=[t[:24] for t, _ in RANKS])
def test_ranks(text: str, want: dict) -> None:
    figs = [f for f in _figs(text) if f.kind == "rank"]
    assert len(figs) == 1, [(f.kind, f.value) for f in _figs(text)]
    assert not _match(figs[0], want), _match(figs[0], want)


def test_a_list_of_positions_gives_one_rank_each() -> None:
    figs = [
        f
        for f in _figs("全省13个设区市中，甲市排名第一，乙市、丙市分列第二、三位。")
        if f.kind == "rank"
    ]
    assert [(f.value, f.rank_of) for f in figs] == [(1.0, 13), (2.0, 13), (3.0, 13)]
    assert [f.kind for f in _figs("全省13个设区市中，甲市以96.5%的满意度排名第一")] == [
        "share",
        "rank",
    ]  # the field size is the rank's, never a count; the share keeps its own figure


def test_a_move_of_places_is_a_level_change() -> None:
    figs = _figs("综合得分排全国第九位、较去年提升2位。")
    assert [(f.kind, f.value) for f in figs] == [("rank", 9.0), ("level_change", 2.0)]
    assert (figs[1].basis, figs[1].direction, figs[1].unit) == ("yoy", "increase", "位")


NOT_RANKS = [
    "第一季度全市发案下降12%。",
    "前三季度共破获案件300起。",
    "民警第一时间赶到现场。",
    "For the first time, burglary fell below 1,000.",
    "Crime is at its lowest level since 1981.",
    "近3年最低值",
    "in the first half of 2020",
    "In a third of forces, knife crime has at least doubled.",
    "the first of three phases of the scheme",
    "It remains among the safest places in the country.",
    "位居全省第一方阵",
    "全港學生減1.5萬 資助小學流失最多",
]


@pytest.mark.parametrize("text", NOT_RANKS)
def test_ordinals_that_are_not_ranks(text: str) -> None:
    assert all(f.kind != "rank" for f in _figs(text)), [(f.kind, f.value) for f in _figs(text)]


def test_a_rank_field_is_not_a_count() -> None:
    """The field size belongs to the rank ("21个地市中…第3"), never a count of its own."""
    assert [f.kind for f in _figs("在全省21个地市中排名第3")] == ["rank"]
    assert [f.kind for f in _figs("ranked 2nd out of 43 forces")] == ["rank"]


# -- judging -----------------------------------------------------------------------------------


def _range(lo: float, hi: float, of_kind: str, step: float, **kw) -> ParsedClaim:
    return ParsedClaim(
        text="t", language="en", kind="range", low=lo, high=hi, of_kind=of_kind, precision=step,
        **kw,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (0.75, "consistent"),  # inside
        (0.695, "consistent"),  # at the lower edge, widened by half a step
        (0.6949, "overstated"),  # below: the claim says more
        (0.8049, "consistent"),
        (0.805, "understated"),  # the upper edge is open, as for an exact figure
        (0.90, "understated"),
    ],
)
def test_a_share_range_is_judged_as_a_range(observed: float, verdict: str) -> None:
    assert judge(_range(0.70, 0.80, "share", 0.01), observed).verdict == verdict


@pytest.mark.parametrize(
    ("observed", "verdict"),
    [
        (-0.12, "consistent"),
        (-0.155, "consistent"),  # a fall of 15.5% rounds to 15%... edge included
        (-0.20, "understated"),  # a bigger fall than the range: the claim says less
        (-0.05, "overstated"),  # a smaller fall: the claim says more
        (0.02, "overstated"),
    ],
)
def test_a_range_of_decreases_is_judged_on_magnitudes(observed: float, verdict: str) -> None:
    claim = _range(-0.15, -0.10, "percent_change", 0.01, direction="decrease")
    assert judge(claim, observed).verdict == verdict


def test_an_approximate_range_is_widened_by_a_full_step() -> None:
    claim = _range(0.40, 0.50, "share", 0.01, bound="approx")
    assert judge(claim, 0.391).verdict == "consistent"
    assert judge(_range(0.40, 0.50, "share", 0.01), 0.391).verdict == "overstated"


def test_range_verdicts_state_the_window_and_no_observed_is_cannot_check() -> None:
    v = judge(_range(0.70, 0.80, "share", 0.01), 0.75)
    assert "69.5%" in v.tolerance and "80.5%" in v.tolerance
    assert judge(_range(0.70, 0.80, "share", 0.01), None).verdict == "cannot_check"


def _rank(pos: float, bound: str = "exact", **kw) -> ParsedClaim:
    return ParsedClaim(text="t", language="zh", kind="rank", value=pos, bound=bound, **kw)


def test_a_rank_is_judged_as_a_position() -> None:
    assert judge(_rank(1), 1).verdict == "consistent"
    assert judge(_rank(1), 3).verdict == "overstated"  # claims first, is third
    assert judge(_rank(3), 1).verdict == "understated"
    assert judge(_rank(3, "at_most"), 2).verdict == "consistent"  # 前三
    assert judge(_rank(3, "at_most"), 3).verdict == "consistent"
    assert judge(_rank(3, "at_most"), 4).verdict == "overstated"


def test_a_level_change_is_after_minus_before() -> None:
    fig = ParsedClaim(
        text="t", language="zh", kind="level_change", value=-1700.0, direction="decrease",
        precision=100.0, unit="起",
    )  # fmt: skip
    v = judge(fig, observed_before=10_000, observed_after=8_320)  # −1,680: rounds to −1,700
    assert v.verdict == "consistent" and v.observed == -1680
    assert "8,320 − 10,000 = −1,680" in v.arithmetic
    assert judge(fig, observed_before=10_000, observed_after=8_900).verdict == "overstated"
    assert judge(fig, observed_before=10_000, observed_after=7_000).verdict == "understated"
    up = ParsedClaim(text="t", language="zh", kind="level_change", value=40000.0, precision=1e4)
    assert judge(up, observed_before=100_000, observed_after=142_000).verdict == "consistent"


def test_a_reported_statistic_is_shown_not_judged() -> None:
    fig = _figs("(IRR 0.663, 95% CI 0.516 to 0.852)")[0]
    for observed in (None, 0.663, 5.0):
        v = judge(fig, observed)
        assert v.verdict == "shown" and v.observed is None
    assert "shown" in VERDICTS and "shown" not in CHECKED_VERDICTS
    assert narrate_claim_words(fig, "en").startswith("Reported statistic, not checked")


def narrate_claim_words(fig: ParsedClaim, lang: str) -> str:
    from analysis.narrative.claims import narrate_verdict

    return narrate_verdict(judge(fig), lang).text


# -- end to end: a tiny study ------------------------------------------------------------------


def _known_levels(rows):
    """The pilot unit: 100 incidents a month before the pilot, 80 after (−20%), far above
    the comparison units (20–33 a month): the highest of the four units."""
    for r in rows:
        if r["unit"] == TREATED:
            r["incidents"] = "80" if r["month"] >= "2020-07" else "100"
    return rows


CLAIMS = [
    {"id": "g1", "text": "Incidents fell 15%-25% year on year (p < 0.01)",
     "indicator": "incidents"},
    {"id": "g2", "text": "Incidents fell 5-10% year on year", "indicator": "incidents"},
    {"id": "g3", "text": "Northgate had the highest number of incidents of the 4 units",
     "indicator": "incidents"},
    {"id": "g4", "text": "发案数位列全市第一", "lang": "zh", "indicator": "incidents"},
    {"id": "g5", "text": "The force was ranked 2nd out of 43 forces", "indicator": "incidents"},
    {"id": "g6", "text": "Share resolved: the highest of the 4 units",
     "indicator": "resolved_share"},
    {"id": "g7", "text": "Northgate saw the largest reduction in incidents of the 4 units",
     "indicator": "incidents"},
    {"id": "g8", "text": "Incidents at Northgate were the second lowest of the 4 units",
     "indicator": "incidents"},
    {"id": "g9", "text": "Staff numbers ranked 1st out of 4 units", "indicator": "staff"},
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from analysis.intake.validate import load_study
    from analysis.numbers.study import run_analysis

    folder: Path = tmp_path_factory.mktemp("kinds")
    path = write_study(folder, {"claims": CLAIMS}, rows_mutator=_known_levels)
    with contextlib.chdir(folder):
        return run_analysis(load_study(path))


def test_end_to_end_range_rank_and_statistic(tiny) -> None:
    by = {c.label: c for c in tiny.claims.checks}
    assert MONTHS[0] == "2019-01" and len(COMPARISON) == 3
    g1 = by["g1.1"]
    assert g1.parsed.kind == "range" and g1.observed == pytest.approx(-0.20)
    assert g1.verdict.verdict == "consistent" and g1.indicator == "incidents"
    assert by["g1.2"].verdict.verdict == "shown"  # the p-value: shown, no indicator taken
    assert by["g2"].verdict.verdict == "understated"  # a 20% fall is more than 5-10%
    g3 = by["g3"]
    assert (g3.parsed.kind, g3.observed, g3.verdict.verdict) == ("rank", 1.0, "consistent")
    assert (g3.rank_field, g3.rank_first, g3.rank_basis) == (4, "highest", "words")
    # no order in the words: the indicator's desired direction (decrease) puts the lowest
    # first, and the pilot is the highest of four, so "第一" is overstated
    g4 = by["g4"]
    assert (g4.observed, g4.verdict.verdict, g4.rank_first) == (4.0, "overstated", "lowest")
    assert g4.rank_basis == "direction"
    g5 = by["g5"]
    assert g5.verdict.verdict == "cannot_check" and "43" in g5.verdict.reason
    assert "hold 4" in g5.problem
    # a proportion per unit is Σ numerator / Σ denominator: the pilot (the fewest cases,
    # the same ten-odd unresolved a month) has the lowest share of the four
    g6 = by["g6"]
    assert (g6.observed, g6.verdict.verdict) == (4.0, "overstated")
    # ranked by the change: the pilot fell 20%, the others hardly moved
    assert (by["g7"].rank_first, by["g7"].observed, by["g7"].verdict.verdict) == (
        "largest_fall",
        1.0,
        "consistent",
    )
    assert (by["g8"].observed, by["g8"].verdict.verdict) == (4.0, "overstated")
    assert by["g9"].verdict.verdict == "cannot_check"  # no units to rank in a facts source


def test_end_to_end_words_and_counts(tiny) -> None:
    table = tiny.claims
    assert table.n_shown == 1
    assert "shown" not in table.checked_counts()
    for lang in ("en", "zh"):
        summary = narrate_claims_table(table, lang).text
        counts = verdict_counts_text(table.counts(), lang)
        assert ("1 reported statistic shown" if lang == "en" else "1个报告的统计量") in summary
        assert ("1 reported statistic shown" if lang == "en" else "1项报告的统计量") in counts
        for c in table.checks:
            text = narrate_claim(c, lang).text
            assert text and "_" not in text, text
    by = {c.label: c for c in table.checks}
    assert narrate_claim(by["g4"], "zh").text == "夸大了：所称第一，数据中4个单位里位列第四。"
    assert reading_text(by["g1.1"], "zh") == "区间：−25%至−15%"
    assert "95%" not in reading_text(by["g1.2"], "en")
    frame = table.to_frame()
    assert {"low", "high", "of_kind", "rank_of", "statistic", "level"} <= set(frame.columns)


def test_the_readers_are_linear_in_the_text() -> None:
    """A long article is read in time (no quadratic scans: bounded numerals, bounded
    look-backs, linear overlap removal); the issue's bad inputs include a 5 MB text."""
    import time

    from analysis.numbers.claims.ranks import find_ranges, find_ranks
    from analysis.numbers.claims.statistics import find_statistics

    zh = "全市电诈案件同比下降20%至30%，位列全省第一，OR=1.5，95%CI：1.1～2.0，P<0.05。" * 2000
    en = "Burglary fell by 10-15% (IRR 0.8, 95% CI 0.7 to 0.9; p < 0.01), 2nd of 43 forces. " * 2000
    t0 = time.perf_counter()
    for text, lang in ((zh, "zh"), (en, "en"), ("1" * 200_000, "en"), ("一" * 200_000, "zh")):
        for find in (find_statistics, find_ranges, find_ranks):
            find(text, lang)
    assert time.perf_counter() - t0 < 30
    assert len(find_ranks(zh, "zh")) == 2000 and len(find_statistics(en, "en")) == 4000


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("电信诈骗警情降幅位列全区第一", "largest_fall"),
        ("盗窃案件下降幅度居全市首位", "largest_fall"),
        ("群众满意度增幅排名全省第二", "largest_rise"),
        ("網上辦件量增速位居全省第一", "largest_rise"),
        ("全区诈骗警情发案量位列全省第一", None),
    ],
)
def test_a_chinese_rank_of_a_change_ranks_by_the_change(text, order):
    """降幅/增幅 … 第一 ranks the units by their fall (rise), not by their level."""
    (f,) = [g for g in parse_claim(text).figures if g.kind == "rank"]
    assert f.rank_order == order
