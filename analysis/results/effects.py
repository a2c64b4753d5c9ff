"""The common result of every effect estimator: ``EffectResult``.

An effect is always "observed minus what would have happened anyway" (the
counterfactual), stated at named horizons, with the model, the standard-error
convention and the diagnostics that qualify it. Tidy tables use the column
vocabulary of DESIGN.md (estimate, std_error, statistic, p_value, conf_low,
conf_high) with a ``scale`` column (absolute | log | relative) saying the scale of
every row's numbers, and ``measure`` (effect per period or cumulative); the path:
time, unit, observed, counterfactual, effect, conf_low, conf_high.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from analysis.core.result import Result
from analysis.results.checks import CheckResult, checks_frame

NAN = float("nan")

#: A coefficient's ``scale`` field in the tidy ``scale`` column's vocabulary.
TIDY_SCALE = {"identity": "absolute", "log": "log"}
#: Families whose effects are multiplicative (log link): their test is on the log scale.
LOG_LINK_FAMILIES = ("poisson", "quasipoisson", "negbin")
#: Columns of ``HorizonEffect.to_frame`` (one row per measure and scale).
HORIZON_COLUMNS = (
    "horizon",
    "period",
    "label",
    "measure",
    "scale",
    "estimate",
    "std_error",
    "statistic",
    "p_value",
    "conf_low",
    "conf_high",
)


def _ratio(est: float, se: float) -> float:
    """``est / se`` where the standard error is positive, else NaN."""
    return est / se if math.isfinite(se) and se > 0 else NAN


def _log1p(x: float) -> float:
    """log(1 + x) of a relative effect (−inf at −100%, NaN when undefined)."""
    if not math.isfinite(x):
        return math.inf if x == math.inf else NAN
    return math.log1p(x) if x > -1 else (-math.inf if x == -1 else NAN)


@dataclass(frozen=True, eq=False)
class Coefficient(Result):
    """One model term. ``scale='log'`` terms are reported exponentiated as ratios too."""

    kind: ClassVar[str] = "coefficient"

    term: str
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float
    scale: str = "identity"  # identity | log
    description: str = ""

    def to_frame(self) -> pd.DataFrame:
        row = {
            "term": self.term,
            "estimate": self.estimate,
            "std_error": self.std_error,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "conf_low": self.conf_low,
            "conf_high": self.conf_high,
            "scale": TIDY_SCALE.get(self.scale, self.scale),
            "description": self.description,
        }
        if self.scale == "log":
            row.update(
                ratio=math.exp(self.estimate),
                ratio_conf_low=math.exp(self.conf_low),
                ratio_conf_high=math.exp(self.conf_high),
            )
        return pd.DataFrame([row])

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import coefficient_headline

        return coefficient_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("coefficients are tabled; see EffectResult.plot")


@dataclass(frozen=True, eq=False)
class JointTest(Result):
    """A joint Wald test that several model terms are all zero (e.g. the seasonal terms).

    ``distribution`` is ``F`` (``statistic`` = Wald / ``df_num`` on ``df_num`` and
    ``df_den`` degrees of freedom) or ``chi2`` (``statistic`` = Wald, ``df_den`` infinite).
    """

    kind: ClassVar[str] = "joint_test"

    name: str
    terms: tuple[str, ...]
    statistic: float
    df_num: int
    df_den: float
    p_value: float
    distribution: str  # F | chi2
    method: str = ""

    def to_frame(self) -> pd.DataFrame:
        """One row: the test's statistic and p-value (a test has no estimate or interval)."""
        return pd.DataFrame(
            [
                {
                    "test": self.name,
                    "terms": ", ".join(self.terms),
                    "estimate": NAN,
                    "std_error": NAN,
                    "statistic": self.statistic,
                    "p_value": self.p_value,
                    "conf_low": NAN,
                    "conf_high": NAN,
                    "scale": None,
                    "distribution": self.distribution,
                    "df_num": self.df_num,
                    "df_den": self.df_den,
                }
            ]
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.trends_text import joint_test_headline

        return joint_test_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("a joint test is stated, not drawn; see EffectResult.plot")


@dataclass(frozen=True, eq=False)
class HorizonEffect(Result):
    """The effect at one horizon after the start (or averaged over the post-period).

    ``horizon`` counts post-periods: 1 is the start period itself; 0 with
    ``label='post-period average'`` means the average over the whole post-period.
    Absolute effects are in the outcome's units per period; relative effects are
    (observed or fitted − counterfactual) / counterfactual; cumulative effects
    sum the absolute effect over periods 1..horizon.
    """

    kind: ClassVar[str] = "horizon_effect"

    horizon: int
    period: str
    label: str
    estimate: float
    conf_low: float
    conf_high: float
    relative_estimate: float
    relative_conf_low: float
    relative_conf_high: float
    cumulative_estimate: float = NAN
    cumulative_conf_low: float = NAN
    cumulative_conf_high: float = NAN
    std_error: float = NAN
    p_value: float = NAN

    def to_frame(self, link: str = "identity") -> pd.DataFrame:
        """One row per measure and scale, each with the tidy columns on that row's scale.

        ``measure='effect'`` (per period): ``absolute`` (outcome units, with the
        delta-method standard error), for ``link='log'`` models also ``log`` (the log rate
        ratio, which carries the model's test: its statistic is recovered from the
        normal-quantile p-value and its standard error is log ratio / statistic), and
        ``relative`` (a share of the counterfactual; interval only). ``measure=
        'cumulative'``: the absolute effect summed over periods 1..horizon. The p-value
        sits on the row whose scale it was computed on (absolute for identity-link
        models, log for log-link ones); intervals are simulation percentiles, so the
        log and relative intervals are the same quantiles transformed.
        """
        log = link == "log"
        rows = [
            (
                "effect",
                "absolute",
                self.estimate,
                self.std_error,
                NAN if log else _ratio(self.estimate, self.std_error),
                NAN if log else self.p_value,
                self.conf_low,
                self.conf_high,
            )
        ]
        if log:
            lr = _log1p(self.relative_estimate)
            z = NAN
            if math.isfinite(self.p_value) and 0 < self.p_value < 1 and math.isfinite(lr):
                from scipy import stats

                z = math.copysign(float(stats.norm.isf(self.p_value / 2)), lr)
            rows.append(
                (
                    "effect",
                    "log",
                    lr,
                    lr / z if math.isfinite(z) and z != 0 else NAN,
                    z,
                    self.p_value,
                    _log1p(self.relative_conf_low),
                    _log1p(self.relative_conf_high),
                )
            )
        rows.append(
            (
                "effect",
                "relative",
                self.relative_estimate,
                NAN,
                NAN,
                NAN,
                self.relative_conf_low,
                self.relative_conf_high,
            )
        )
        rows.append(
            (
                "cumulative",
                "absolute",
                self.cumulative_estimate,
                NAN,
                NAN,
                NAN,
                self.cumulative_conf_low,
                self.cumulative_conf_high,
            )
        )
        return pd.DataFrame(
            [(self.horizon, self.period, self.label, *r) for r in rows],
            columns=list(HORIZON_COLUMNS),
        )

    @property
    def includes_zero(self) -> bool:
        return not (self.relative_conf_low > 0 or self.relative_conf_high < 0)

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import horizon_headline

        return horizon_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("horizon effects are tabled; see EffectResult.plot")


@dataclass(frozen=True, eq=False)
class EffectPath(Result):
    """Observed, fitted and counterfactual series with bands, one value per period."""

    kind: ClassVar[str] = "effect_path"

    time: tuple[str, ...]
    observed: tuple[float, ...]
    fitted: tuple[float, ...]
    counterfactual: tuple[float, ...]
    cf_conf_low: tuple[float, ...]  # confidence band of the counterfactual mean
    cf_conf_high: tuple[float, ...]
    cf_pred_low: tuple[float, ...]  # prediction band (a new observation)
    cf_pred_high: tuple[float, ...]
    effect: tuple[float, ...]  # observed − counterfactual
    effect_conf_low: tuple[float, ...]
    effect_conf_high: tuple[float, ...]
    post: tuple[bool, ...]
    excluded: tuple[bool, ...] = ()  # phase-in periods left out of the fit
    unit: str = ""

    def to_frame(self) -> pd.DataFrame:
        n = len(self.time)
        return pd.DataFrame(
            {
                "time": self.time,
                "unit": [self.unit] * n,
                "observed": self.observed,
                "fitted": self.fitted,
                "counterfactual": self.counterfactual,
                "effect": self.effect,
                "conf_low": self.effect_conf_low,
                "conf_high": self.effect_conf_high,
                "cf_conf_low": self.cf_conf_low,
                "cf_conf_high": self.cf_conf_high,
                "cf_pred_low": self.cf_pred_low,
                "cf_pred_high": self.cf_pred_high,
                "post": self.post,
                "excluded": self.excluded or (False,) * n,
            }
        )

    def headline(self, lang: str = "en") -> str:
        from analysis.narrative.effects_text import path_headline

        return path_headline(self, lang)

    def plot(self, *, ax=None):
        raise NotImplementedError("use EffectResult.plot")


@dataclass(frozen=True, eq=False)
class EffectResult(Result):
    """An effect estimate from one design for one indicator and series.

    ``fitted_model`` keeps the statsmodels results object for power users; it
    is not serialised (``to_dict`` skips it) and is None after ``from_dict``.
    """

    kind: ClassVar[str] = "effect"

    design: str  # its | sts | controlled_its | did | synth ...
    indicator: str
    label: str
    unit: str  # the treated series (unit name or "pooled")
    model: str  # one line: e.g. "quasi-Poisson segmented regression, Fourier(2)"
    family: str  # gaussian | poisson | quasipoisson | negbin | state_space
    se_type: str  # e.g. "Newey–West HAC, Bartlett, lag 3, no small-sample factor"
    start: str
    alpha: float
    n_obs: int
    n_pre: int
    n_post: int
    coefficients: tuple[Coefficient, ...]
    effects: tuple[HorizonEffect, ...]
    path: EffectPath
    checks: tuple[CheckResult, ...] = ()
    interval_method: str = ""  # how effect intervals were computed (delta / simulation)
    seasonality: str = "none"
    hac_lag: int | None = None
    notes: tuple[str, ...] = ()
    mde: float = NAN  # minimum detectable relative effect (80% power), if computed
    r_squared: float = NAN  # Gaussian ITS: 1 − SSR/SST of the fitted values
    joint_tests: tuple[JointTest, ...] = ()  # e.g. the seasonal terms' joint Wald test
    fitted_model: Any = field(default=None, repr=False, metadata={"json": False})

    # -- access ---------------------------------------------------------------
    def coefficient(self, term: str) -> Coefficient:
        for c in self.coefficients:
            if c.term == term:
                return c
        raise KeyError(f"no term '{term}'; have {', '.join(c.term for c in self.coefficients)}")

    def effect_at(self, horizon: int) -> HorizonEffect:
        for e in self.effects:
            if e.horizon == horizon:
                return e
        raise KeyError(
            f"no effect at horizon {horizon}; have "
            f"{', '.join(str(e.horizon) for e in self.effects)}"
        )

    def joint_test(self, name: str) -> JointTest:
        for t in self.joint_tests:
            if t.name == name:
                return t
        raise KeyError(f"no joint test '{name}'")

    def check(self, name: str) -> CheckResult:
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(f"no check '{name}'")

    def headline_effect(self) -> HorizonEffect:
        """The effect a headline quotes: for ITS the last requested horizon (the model
        extrapolates a trend, so the horizon matters); for a structural model the
        post-period average (a single month's forecast error is too noisy to headline)."""
        if self.design == "sts" or not any(x.horizon > 0 for x in self.effects):
            return next((x for x in self.effects if x.horizon == 0), self.effects[0])
        return max((x for x in self.effects if x.horizon > 0), key=lambda x: x.horizon)

    # -- contract -------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Effects at each horizon, one row per measure and scale (see
        :meth:`HorizonEffect.to_frame`); see ``coefficients_frame`` and ``path.to_frame``."""
        link = "log" if self.family in LOG_LINK_FAMILIES else "identity"
        frame = (
            pd.concat([e.to_frame(link) for e in self.effects], ignore_index=True)
            if self.effects
            else pd.DataFrame(columns=list(HORIZON_COLUMNS))
        )
        frame.insert(0, "design", self.design)
        frame.insert(1, "indicator", self.indicator)
        frame.insert(2, "unit", self.unit)
        return frame

    def coefficients_frame(self) -> pd.DataFrame:
        return pd.concat([c.to_frame() for c in self.coefficients], ignore_index=True)

    def checks_frame(self) -> pd.DataFrame:
        return checks_frame(self.checks)

    def headline(self, lang: str = "en") -> str:
        """The model-based effect at the headline horizon, with its interval."""
        from analysis.narrative.effects_text import effect_headline

        return effect_headline(self, lang)

    def plot(self, *, ax=None, lang: str = "en", context=None):
        """Observed, fitted, counterfactual with its band; the start marked."""
        from analysis.pictures.effects import plot_effect

        return plot_effect(self, ax=ax, lang=lang, context=context)
