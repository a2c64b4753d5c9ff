"""Study spec: ``study.yml`` -> frozen :class:`StudySpec`.

The spec is the user's entry point. Unknown keys and bad values are rejected
with every problem listed at once, each naming the key path, the YAML line
and the allowed values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from analysis.core.errors import Issue, SpecError
from analysis.intake import source_keys
from analysis.intake.cross_refs import ID_PATTERN, cross_ref_problems
from analysis.intake.periods import SPEC_FORMS, spec_period_ok
from analysis.intake.spec_yaml import (
    SPEC_HINT,
    duplicate_keys,
    issue_from_error,
    line_of,
    merge_union_issues,
)

Frequency = Literal["month", "quarter", "year"]
Kind = Literal["count", "stock", "proportion", "rate", "amount", "measure", "share"]
Direction = Literal["decrease", "increase", "neutral"]
Shape = Literal["panel", "events", "facts", "microdata"]
Language = Literal["en", "zh", "both"]
Design = Literal["descriptive", "its", "sts", "did", "staggered"]
Role = Literal["primary", "secondary", "negative_control"]
MilestoneKind = Literal["event", "recording_change"]

PANDAS_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_period_text(v: str) -> str:
    v = str(v).strip()
    if not spec_period_ok(v):
        raise ValueError(f"'{v}' is not a period; write {SPEC_FORMS}")
    return v


PeriodText = Annotated[str, Field(description="YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY")]


class Text(_Frozen):
    """A label in English and (optionally) Simplified Chinese."""

    en: str
    zh: str | None = None

    def get(self, lang: str = "en") -> str:
        return (self.zh or self.en) if lang == "zh" else self.en


def _as_text(v: Any) -> Any:
    return {"en": v} if isinstance(v, str) else v


class WideLayout(_Frozen):
    """A wide file: every column except the key column holds one period (``columns:
    periods``, key column = ``unit``) or one unit (``columns: units``, key column =
    ``period``); ``value`` names the values once lengthened (the indicator's ``column``)."""

    columns: Literal["periods", "units"]
    value: str = Field(description="name of the lengthened value column")


class Source(_Frozen):
    """One data file and how to read it.

    ``shape: microdata`` is one row per person, sale or case (pooled cross-sections,
    surveys): ``unit`` is the group column (state, city, treated/comparison group),
    ``period`` the period column; several rows per group and period are expected.

    Reading keys (``analysis.intake.prepare``, in this order): ``rows`` keeps the matching
    rows; ``unit_name`` names the unit of a single series without a unit column;
    ``period: [year, month]`` builds the period from two columns, ``period_values`` reads
    the period column's labels as periods."""

    file: str
    shape: Shape = "panel"
    unit: str | None = Field(None, description="unit column (panel, events)")
    period: str | list[str] | None = Field(
        None,
        description="period column (panel, microdata), or two columns [year, month] / "
        "[year, quarter] the period is built from",
    )
    unit_name: str | None = Field(
        None,
        description="a single series with no unit column: every row belongs to this unit "
        "(instead of 'unit')",
    )
    unit_zh: str | None = Field(
        None,
        description="column holding each unit's Chinese name (panel, events, microdata): "
        "Chinese pages show it for the unit",
    )
    period_values: dict[str, str] | None = Field(
        None,
        description="the period column holds labels (0/1, before/after, group names): "
        "each label's period",
    )
    rows: dict[str, str | int | float] | None = Field(
        None,
        description="keep only the rows where every listed column equals its value "
        "(compared as text, numbers 1 / 1.0 alike)",
    )
    date: str | None = Field(None, description="date column (events)")
    category: str | None = Field(None, description="category column (events)")
    item: str = Field("item", description="key column (facts)")
    value: str = Field("value", description="value column (facts)")
    encoding: str = Field("auto", description="auto, utf-8, gb18030, ...")
    sheet: str | int | None = None
    wide: WideLayout | None = Field(
        None, description="the file is wide (one column per period or per unit): how to lengthen it"
    )
    aggregate: Literal["sum", "mean", "last"] | None = Field(
        None,
        description="panel rows finer than the study frequency (e.g. daily dates in a monthly "
        "study) are aggregated to it by this rule; without it such rows are an error",
    )

    @field_validator("file")
    @classmethod
    def _file_type(cls, v: str) -> str:
        suffix = Path(v).suffix.lower()
        if suffix not in {".csv", ".txt", ".xlsx", ".xlsm", ".parquet"}:
            raise ValueError(
                f"file '{v}': unsupported type '{suffix or '(none)'}'; use .csv, .xlsx or "
                ".parquet" + (" (open it in Excel and Save As .xlsx)" if suffix == ".xls" else "")
            )
        return v

    @field_validator("period_values", mode="before")
    @classmethod
    def _period_labels(cls, v: Any) -> Any:
        return source_keys.period_labels(v)

    @field_validator("rows", mode="before")
    @classmethod
    def _row_filter(cls, v: Any) -> Any:
        return source_keys.row_filter(v)

    @field_validator("period")
    @classmethod
    def _period_parts(cls, v: Any) -> Any:
        return source_keys.period_parts(v)

    @model_validator(mode="after")
    def _shape_columns(self) -> Source:
        need = {
            "panel": ("unit", "period"),
            "microdata": ("unit", "period"),
            "events": ("unit", "date"),
            "facts": (),
        }[self.shape]
        missing = [
            k for k in need if getattr(self, k) is None and not (k == "unit" and self.unit_name)
        ]
        if missing:
            raise ValueError(f"shape '{self.shape}' needs key(s): {', '.join(missing)}")
        problem = source_keys.combination_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def unit_column(self) -> str | None:
        """The frame column holding each row's unit: ``unit``, or with ``unit_name`` the
        column made on reading (named after the key)."""
        return self.unit if self.unit_name is None else source_keys.UNIT_NAME_COLUMN

    @property
    def period_column(self) -> str | None:
        """The frame column holding each row's period: ``period``, or with
        ``period: [year, month]`` the column made from the two (``"year, month"``)."""
        return source_keys.period_column_name(self.period)


class Window(_Frozen):
    """An inclusive range of periods."""

    start: str
    end: str

    _v_start = field_validator("start", "end", mode="before")(_check_period_text)


class Windows(_Frozen):
    """Before/after windows; ``basis: year_on_year`` requires the same calendar months."""

    before: Window | None = None
    after: Window
    basis: Literal["period", "year_on_year"] = "period"


class Milestone(_Frozen):
    """A dated event of the pilot's history, marked on figures. ``kind:
    recording_change`` (a registration drive, a new counting rule) changes what is
    recorded, not what happens: the indicators it names are described so, and the trend
    models leave its (partial) month out of their fits."""

    id: str = Field(pattern=ID_PATTERN)
    date: str
    label: Text | None = None
    kind: MilestoneKind = Field(
        "event",
        description="event (default) or recording_change: a change in what is recorded "
        "(a registration drive, a new counting rule)",
    )
    indicators: list[str] = Field(
        default_factory=list,
        description="the indicator ids a recording_change affects (default: those whose "
        "trend model starts at this milestone)",
    )

    _v_date = field_validator("date", mode="before")(_check_period_text)
    _v_label = field_validator("label", mode="before")(_as_text)

    @model_validator(mode="after")
    def _indicators_need_kind(self) -> Milestone:
        if self.indicators and self.kind != "recording_change":
            raise ValueError(
                f"milestone '{self.id}': 'indicators' names what a recording change "
                "affects; give it with kind: recording_change (or leave it out)"
            )
        return self


class Adoption(_Frozen):
    """Per-unit adoption dates for a staggered roll-out."""

    source: str
    column: str
    never: list[str] = Field(default_factory=lambda: ["", "0", "never"])


class Treatment(_Frozen):
    units: list[str] = Field(default_factory=list)
    start: str | None = None
    adoption: Adoption | None = None
    milestones: list[Milestone] = Field(default_factory=list)

    _v_start = field_validator("start", mode="before")(
        lambda v: None if v is None else _check_period_text(v)
    )

    @model_validator(mode="after")
    def _one_design(self) -> Treatment:
        if self.adoption is None and (not self.units or self.start is None):
            lacking = " and ".join(
                f"'{k}'" for k, v in (("units", self.units), ("start", self.start)) if not v
            )
            raise ValueError(
                f"{lacking} missing: give 'units' and 'start' (the treated units and the "
                "first pilot period, e.g. 2021-01), or 'adoption' (a per-unit adoption "
                "column for staggered roll-outs)"
            )
        if self.adoption is not None and self.start is not None:
            raise ValueError("give 'start' or 'adoption', not both")
        return self


class Comparison(_Frozen):
    units: Literal["all_untreated"] | list[str] = "all_untreated"
    exclude: list[str] = Field(default_factory=list)


class TrendModel(_Frozen):
    """Options of the single-series trend models (ITS, structural time series) for one
    indicator; anything left out takes the model's documented default."""

    family: Literal["auto", "gaussian", "poisson", "quasipoisson", "negbin"] = Field(
        "auto", description="auto: quasipoisson for counts and rates, gaussian otherwise"
    )
    start: str | None = Field(
        None, description="milestone id whose date is the interruption (default: pilot start)"
    )
    milestones: list[str] = Field(
        default_factory=list, description="further milestone ids fitted as interruptions"
    )
    seasonality: Literal["auto", "none", "dummies", "fourier"] = "auto"
    harmonics: int = Field(2, ge=1, le=6, description="Fourier pairs when seasonality fourier")
    slope_change: bool = Field(True, description="fit a change in slope as well as in level")
    level_change: bool = Field(
        True,
        description="fit a change in level at the start; false with slope_change false "
        "(and no pulse or milestones): no interruption term, a trend regression whose "
        "coefficient table is the result",
    )
    phase_in: int = Field(0, ge=0, description="periods after the start left out of the fit")
    se: Literal["auto", "ar1_reml", "hac", "ar1", "ols"] = Field(
        "auto",
        description="Gaussian errors: auto = AR(1) by REML with Kenward–Roger (the "
        "default, which keeps 95% coverage in short autocorrelated series), hac = "
        "Newey–West, ar1 = Prais–Winsten, ols = classical",
    )
    hac_lag: int | None = Field(None, ge=0, description="Newey–West lag (default: stated rule)")
    horizons: list[int] = Field(
        default_factory=lambda: [6, 12], description="post-periods at which effects are reported"
    )
    sts: bool = Field(True, description="also fit the structural time-series counterfactual")
    sts_form: Literal["forecast", "intervention"] = Field(
        "forecast",
        description="forecast: fitted on the pre-period, the post-period forecast is the "
        "counterfactual; intervention: the whole series with the step in the state vector "
        "(Durbin & Koopman 2012, §8.2), its coefficient the effect",
    )
    pulse: int | None = Field(
        None,
        ge=1,
        description="temporary intervention: the effect lasts this many periods from the "
        "interruption (a pulse) instead of a permanent step",
    )
    covariates: list[str] | None = Field(
        None,
        description="exogenous regressors of the trend model (columns of the indicator's "
        "source); default: the indicator's covariates",
    )
    hac_small_sample: bool = Field(
        False,
        description="multiply the Newey–West covariance by n/(n−k), as Stata's newey does "
        "(default: no factor, as Wooldridge's textbook formula)",
    )

    _v_covariates = field_validator("covariates", mode="before")(
        lambda v: [source_keys.canonical_covariate(c) for c in v] if isinstance(v, list) else v
    )


class RegressionOptions(_Frozen):
    """Options of the regression difference-in-differences (2×2 or two-way fixed effects)
    for one indicator; anything left out takes the documented default."""

    se: Literal["auto", "classical", "hc1", "cluster"] = Field(
        "auto",
        description="auto: clustered by the cluster column when there are at least two "
        "treated and two comparison clusters, classical otherwise; hc1 = "
        "heteroskedasticity-robust; cluster = cluster-robust (CR1, fixest's small-sample "
        "factors)",
    )
    cluster: str | None = Field(None, description="cluster column (default: the unit column)")
    bootstrap: Literal["auto", "always", "never"] = Field(
        "auto",
        description="wild cluster bootstrap (Webb weights): auto = when there are fewer "
        "than 30 clusters or fewer than 6 treated clusters",
    )
    event_study: bool = Field(
        True, description="leads and lags with a joint pre-trend test (several treated units)"
    )


class SynthPredictor(_Frozen):
    """One predictor of the synthetic control: a source column's mean over a pre-period
    window (the years with a value; as Synth does), or the outcome in one pre-period."""

    column: str | None = Field(
        None,
        description="a numeric column of the indicator's source; the predictor is each "
        "unit's mean over start..end of the periods that have a value",
    )
    start: str | None = Field(
        None, description="first period of a column's window (default: the first period)"
    )
    end: str | None = Field(
        None, description="last period of a column's window (default: the last pre-period)"
    )
    outcome_in: str | None = Field(
        None, description="a pre-period: the outcome's value then is the predictor"
    )

    _v_periods = field_validator("start", "end", "outcome_in", mode="before")(
        lambda v: None if v is None else _check_period_text(v)
    )

    @model_validator(mode="after")
    def _one_form(self) -> SynthPredictor:
        if (self.column is None) == (self.outcome_in is None):
            raise ValueError(
                "a predictor is either {column, start, end} (a column's mean over a window) "
                "or {outcome_in: period} (the outcome in one pre-period)"
            )
        if self.outcome_in is not None and (self.start or self.end):
            raise ValueError("'outcome_in' is one period: give no 'start' or 'end' with it")
        return self


class SynthOptions(_Frozen):
    """Options of the synthetic control (design ``did``, one treated unit)."""

    predictors: list[SynthPredictor] = Field(
        default_factory=list,
        description="what the treated unit is matched on (default: none, the whole "
        "pre-period outcome path); with predictors the predictor weights V minimise the "
        "pre-period outcome MSPE (Abadie, Diamond & Hainmueller 2010)",
    )
    v_starts: int = Field(
        60, ge=0, le=1000, description="random starts of the V search for the treated unit"
    )
    placebo_v_starts: int = Field(
        15, ge=0, le=1000, description="random starts of the V search for each placebo unit"
    )


class Indicator(_Frozen):
    """How one indicator is computed from a source.

    Kinds: ``count`` (events, Poisson-type error), ``rate`` (a count over ``exposure``,
    or a ready-made rate in ``column``), ``proportion`` (``numerator`` over
    ``denominator``), ``share`` (a ready-made share in ``column``), ``measure`` (any
    continuous value: prices, durations, log imports; sampling error from the data),
    ``stock`` and ``amount`` (administrative levels and totals, no sampling error)."""

    label: Text
    kind: Kind
    source: str
    column: str | None = Field(None, description="value column (panel)")
    categories: list[str] | None = Field(None, description="event categories counted")
    numerator: str | None = None
    denominator: str | None = None
    numerator_label: Text | None = Field(
        None, description="what the numerator of a proportion counts (claims, tables)"
    )
    denominator_label: Text | None = Field(
        None, description="what the denominator of a proportion counts (claims, tables)"
    )
    exposure: str | None = Field(None, description="exposure column for rates (population)")
    per: float = Field(1.0, gt=0, description="rates are reported per this many exposure units")
    direction: Direction = "neutral"
    role: Role = Field(
        "primary",
        description="primary (default), secondary, or negative_control: an outcome the "
        "pilot should not touch, used as a falsification check of the primary indicators",
    )
    unit_label: Text | None = Field(None, description="measurement unit, e.g. incidents")
    windows: Windows | None = None
    stock_summary: Literal["last", "mean"] = "last"
    trend: TrendModel | None = Field(None, description="trend-model options (designs its, sts)")
    weight: str | None = Field(
        None,
        description="weight or base column (n, population) for the means of a measure, a "
        "ready-made rate or a share",
    )
    scale: Literal["fraction", "percent"] = Field(
        "fraction", description="how a share is written: 0.27 (fraction) or 27 (percent)"
    )
    transform: Literal["none", "log", "logged"] = Field(
        "none",
        description="log: analysed on the log scale (effects reported as percent via exp; "
        "levels averaged on the log scale, never summed); values must be positive. logged: "
        "the column already holds natural logs (log wages, log durations): analysed as they "
        "are, on the log scale, with levels shown as geometric means",
    )
    covariates: list[str] = Field(
        default_factory=list,
        description="covariate columns of the source, used by the regression designs",
    )
    did: RegressionOptions | None = Field(
        None, description="regression difference-in-differences options (design did)"
    )
    synth: SynthOptions | None = Field(
        None, description="synthetic-control options: predictors and the V search (design did)"
    )
    ratio_interval: Literal["exact", "wald", "midp"] | None = Field(
        None,
        description="interval of the before/after rate ratio of a count or a rate with "
        "exposure: exact conditional (Clopper–Pearson; the default), Wald on the log scale, "
        "or mid-p",
    )

    _v_label = field_validator(
        "label", "unit_label", "numerator_label", "denominator_label", mode="before"
    )(_as_text)
    _v_covariates = field_validator("covariates", mode="before")(
        lambda v: [source_keys.canonical_covariate(c) for c in v] if isinstance(v, list) else v
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> Indicator:
        if self.kind == "proportion":
            if not (self.numerator and self.denominator):
                raise ValueError("kind 'proportion' needs 'numerator' and 'denominator'")
        elif self.numerator_label is not None or self.denominator_label is not None:
            raise ValueError(
                "'numerator_label' and 'denominator_label' name the parts of kind "
                f"'proportion'; a {self.kind!r} has no numerator or denominator"
            )
        if self.kind == "rate" and not (self.exposure or self.column):
            raise ValueError(
                "kind 'rate' needs 'exposure' (the denominator column) with a count, or "
                "'column' holding a ready-made rate"
            )
        elif self.kind in ("measure", "share") and not self.column:
            raise ValueError(f"kind '{self.kind}' needs 'column' (the value column)")
        if self.ratio_interval is not None and not (
            self.kind == "count" or (self.kind == "rate" and self.exposure)
        ):
            raise ValueError(
                "'ratio_interval' chooses the interval of a Poisson rate ratio: it applies "
                "to kind 'count' and to kind 'rate' with 'exposure', not to a "
                f"{'ready-made rate' if self.kind == 'rate' else repr(self.kind)}"
            )
        return self

    @property
    def all_covariates(self) -> list[str]:
        """The indicator's covariates and its trend model's, each once, as written
        (``log(x)`` for a logged one)."""
        trend = list(self.trend.covariates or []) if self.trend is not None else []
        return list(dict.fromkeys(list(self.covariates) + trend))

    @property
    def log_scale(self) -> bool:
        """Analysed on the log scale: ``transform: log`` (the log is taken) or ``logged``
        (the values are logs already)."""
        return self.transform in ("log", "logged")

    @property
    def predictor_columns(self) -> list[str]:
        """Source columns the synthetic control's predictors read (``synth.predictors``)."""
        preds = self.synth.predictors if self.synth is not None else []
        return list(dict.fromkeys(p.column for p in preds if p.column))

    @property
    def ready_made_rate(self) -> bool:
        """A rate given as values (``column`` without ``exposure``)."""
        return self.kind == "rate" and not self.exposure

    def columns(self) -> list[str]:
        """Source columns this indicator reads (events sources have none); a covariate
        ``log(x)`` reads column ``x``."""
        cols = [self.column, self.numerator, self.denominator, self.exposure, self.weight]
        cols += [source_keys.covariate_column(c)[0] for c in self.all_covariates]
        cols += self.predictor_columns
        if self.did is not None and self.did.cluster:
            cols.append(self.did.cluster)
        return list(dict.fromkeys(c for c in cols if c))


class Claim(_Frozen):
    """A headline claim as written in the source, stored for checking."""

    id: str
    text: str
    lang: Literal["en", "zh"] = "en"
    indicator: str | None = None
    #: One indicator per figure of the text, in order, when the claim has several
    #: figures about different things (``indicator`` then names the first).
    indicators: list[str | None] = Field(default_factory=list)
    source: str | None = None
    note: str | None = None

    @property
    def targets(self) -> tuple[str | None, ...]:
        """The indicators the claim's figures are checked against, in figure order."""
        if self.indicators:
            return tuple(self.indicators)
        return (self.indicator,) if self.indicator else ()


class ReportOptions(_Frozen):
    language: Language = "en"
    alpha: float = Field(0.05, gt=0, lt=0.5)
    seed: int = Field(20210101, ge=0)


def _default_designs() -> list[Design]:
    return ["descriptive"]


class StudySpec(_Frozen):
    """Everything a study run needs, frozen."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    title: Text
    question: Text
    sources: dict[str, Source]
    frequency: Frequency = "month"
    treatment: Treatment
    comparison: Comparison = Field(default_factory=Comparison)
    indicators: dict[str, Indicator]
    windows: Windows | None = None
    min_pre_periods: int = Field(12, ge=1)
    designs: list[Design] = Field(default_factory=_default_designs)
    claims: list[Claim] = Field(default_factory=list)
    report: ReportOptions = Field(default_factory=ReportOptions)
    assumptions: list[Text] = Field(
        default_factory=list,
        description="the study's own assumptions and caveats: text, or {en, zh} per item",
    )

    # set by load_spec: where the spec file lives (data paths are relative to it)
    base_dir: str = Field(".", exclude=True)
    spec_file: str = Field("study.yml", exclude=True)

    _v_text = field_validator("title", "question", mode="before")(_as_text)

    @field_validator("assumptions", mode="before")
    @classmethod
    def _v_assumptions(cls, v: Any) -> Any:
        return [_as_text(a) for a in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _cross_refs(self) -> StudySpec:
        problems = cross_ref_problems(self.model_dump())
        if problems:
            raise PydanticCustomError(
                "cross_ref", "{text}", {"text": "; ".join(p.message for p in problems)}
            )
        return self

    # -- helpers -------------------------------------------------------------
    @property
    def pandas_freq(self) -> str:
        return PANDAS_FREQ[self.frequency]

    def path_of(self, source: str) -> Path:
        return Path(self.base_dir) / self.sources[source].file

    def windows_for(self, indicator: str) -> Windows | None:
        return self.indicators[indicator].windows or self.windows

    @property
    def staggered(self) -> bool:
        return self.treatment.adoption is not None

    def recording_change_for(self, indicator: str) -> Milestone | None:
        """The ``kind: recording_change`` milestone that affects ``indicator``: one that
        names it in ``indicators``, else (no ``indicators`` given) one its trend model
        starts at; None when no recording change touches it."""
        trend = self.indicators[indicator].trend
        start = trend.start if trend is not None else None
        for m in self.treatment.milestones:
            if m.kind != "recording_change":
                continue
            if indicator in m.indicators or (not m.indicators and m.id == start):
                return m
        return None

    def with_role(self, role: str) -> list[str]:
        """The ids of the indicators of ``role`` (primary, secondary, negative_control),
        in spec order."""
        return [i for i, ind in self.indicators.items() if ind.role == role]


# -- loading -----------------------------------------------------------------


def _fail(
    code: str, message: str, fname: str, rows: tuple[int, ...] = (), hint: str | None = None
) -> SpecError:
    return SpecError([Issue("error", code, message, file=fname, rows=rows, hint=hint)], fname)


def load_spec(path: str | Path) -> StudySpec:
    """Read and validate ``study.yml``; raise :class:`SpecError` with all problems."""
    path = Path(path)
    fname = str(path)
    if path.is_dir():
        path = path / "study.yml"
        fname = str(path)
    if not path.is_file():
        raise _fail(
            "spec.not_found",
            "spec file not found",
            fname,
            hint="give the path of the study's study.yml (or its folder)",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(
            "spec.unreadable", f"cannot read the spec file: {exc.strerror or exc}", fname
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            "spec.encoding",
            f"the spec is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line} "
            "cannot be read as UTF-8)",
            fname,
            rows=(line,),
            hint="save study.yml as UTF-8 (most editors: Save As > Encoding > UTF-8)",
        ) from None
    try:
        root = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise _fail(
            "spec.yaml",
            f"not valid YAML: {problem}{where}",
            fname,
            rows=(mark.line + 1,) if mark else (),
            hint="check the indentation, and put text containing ': ' or '#' in quotes",
        ) from None
    if not isinstance(raw, dict):
        got = "an empty file" if raw is None else f"a {type(raw).__name__}"
        raise _fail(
            "spec.shape",
            f"the spec must be a mapping of keys (id:, title:, sources: ...), got {got}",
            fname,
            hint=SPEC_HINT,
        )
    raw = _normalise_periods(raw)
    issues = duplicate_keys(root, fname)
    cross = [
        Issue(
            "error",
            p.code,
            p.message,
            file=fname,
            column=".".join(str(x) for x in p.loc),
            rows=(ln,) if (ln := line_of(root, p.loc)) else (),
            hint=p.hint,
        )
        for p in cross_ref_problems(raw)
    ]
    try:
        spec = StudySpec.model_validate(
            {**raw, "base_dir": str(path.parent), "spec_file": path.name}
        )
    except ValidationError as exc:
        issues += merge_union_issues(
            [
                issue_from_error(e, root, fname, StudySpec)
                for e in exc.errors()
                if e["type"] != "cross_ref"
            ]
        )
        issues += cross
        raise SpecError(issues, fname) from None
    issues += cross
    if issues:
        raise SpecError(issues, fname)
    return spec


def _normalise_periods(obj: Any) -> Any:
    """YAML reads ``2021-01-01`` as a date and ``2021`` as an int; make them text."""
    import datetime as _dt

    if isinstance(obj, dict):
        return {k: _normalise_periods(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_normalise_periods(v) for v in obj]
    if isinstance(obj, _dt.date):
        return obj.strftime("%Y-%m")
    return obj
