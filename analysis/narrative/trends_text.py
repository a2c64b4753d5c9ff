"""Sentences of the study-level trend models (ITS and STS outcomes), EN and ZH."""

from __future__ import annotations

from analysis.narrative.api import narrate
from analysis.narrative.numbers import p_text
from analysis.results.effects import EffectResult, JointTest
from analysis.results.trends import TrendModels


def trend_models_headline(models: TrendModels, lang: str = "en") -> str:
    """One sentence per fitted outcome (not-applicable outcomes left out), joined; when
    none was fitted, the not-applicable sentences instead (never an empty headline)."""
    fitted = [o for o in models.outcomes if o.status == "ok"]
    return " ".join(narrate(o, lang).text for o in fitted or models.outcomes)


def joint_test_headline(test: JointTest, lang: str = "en") -> str:
    """A joint test in one sentence: its terms, statistic and p-value."""
    stat = (
        f"F({test.df_num}, {test.df_den:.4g}) = {test.statistic:.2f}"
        if test.distribution == "F"
        else f"χ²({test.df_num}) = {test.statistic:.2f}"
    )
    p = p_text(test.p_value)
    what = "seasonal" if test.name == "seasonal" else test.name
    if lang == "zh":
        zh_what = "季节项" if test.name == "seasonal" else test.name
        return f"{zh_what}（{len(test.terms)} 项）全部为零的联合检验：{stat}，p = {p}。"
    return f"Joint test that the {len(test.terms)} {what} term(s) are all zero: {stat}, p = {p}."


def regression_summary(effect: EffectResult, lang: str = "en") -> list[str]:
    """The method details of a trend regression: sample size and terms, the standard-error
    convention, R² (Gaussian fits) and each joint test, one line each."""
    k = sum(1 for c in effect.coefficients if c.term != "post_trend")
    r2 = effect.r_squared
    if lang == "zh":
        lines = [f"回归摘要：n = {effect.n_obs} 个拟合期，{k} 个系数；标准误：{effect.se_type}。"]
        if r2 == r2:  # not NaN
            lines.append(f"R² = {r2:.3f}（拟合值的 1 − SSR/SST）。")
    else:
        lines = [
            f"Regression summary: n = {effect.n_obs} fitted periods, {k} coefficients; "
            f"standard errors: {effect.se_type}."
        ]
        if r2 == r2:
            lines.append(f"R² = {r2:.3f} (1 − SSR/SST of the fitted values).")
    for t in effect.joint_tests:
        lines.append(joint_test_headline(t, lang) + (f" ({t.method})" if lang != "zh" else ""))
    return lines
