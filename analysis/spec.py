"""Study spec: ``study.yml`` -> frozen :class:`StudySpec`.

The spec is the user's entry point. Unknown keys and bad values are rejected
with every problem listed at once, each naming the key path, the YAML line
and the allowed values.
"""

from __future__ import annotations

import re
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

from analysis.errors import Issue, SpecError

Frequency = Literal["month", "quarter", "year"]
Kind = Literal["count", "stock", "proportion", "rate", "amount"]
Direction = Literal["decrease", "increase", "neutral"]
Shape = Literal["panel", "events", "facts"]
Language = Literal["en", "zh", "both"]
Design = Literal["descriptive"]

PANDAS_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
_ID = r"^[a-z][a-z0-9_]*$"
_PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_period_text(v: str) -> str:
    v = str(v).strip()
    if not _PERIOD_RE.match(v):
        raise ValueError(
            f"'{v}' is not a period; write YYYY-MM (2021-01), YYYY-Qn (2021-Q1) or YYYY"
        )
    return v


PeriodText = Annotated[str, Field(description="YYYY-MM, YYYY-Qn or YYYY")]


class Text(_Frozen):
    """A label in English and (optionally) Simplified Chinese."""

    en: str
    zh: str | None = None

    def get(self, lang: str = "en") -> str:
        return (self.zh or self.en) if lang == "zh" else self.en


def _as_text(v: Any) -> Any:
    return {"en": v} if isinstance(v, str) else v


class Source(_Frozen):
    """One data file and how to read it."""

    file: str
    shape: Shape = "panel"
    unit: str | None = Field(None, description="unit column (panel, events)")
    period: str | None = Field(None, description="period column (panel)")
    date: str | None = Field(None, description="date column (events)")
    category: str | None = Field(None, description="category column (events)")
    item: str = Field("item", description="key column (facts)")
    value: str = Field("value", description="value column (facts)")
    encoding: str = Field("auto", description="auto, utf-8, gb18030, ...")
    sheet: str | int | None = None

    @model_validator(mode="after")
    def _shape_columns(self) -> Source:
        need = {"panel": ("unit", "period"), "events": ("unit", "date"), "facts": ()}[self.shape]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"shape '{self.shape}' needs key(s): {', '.join(missing)}")
        suffix = Path(self.file).suffix.lower()
        if suffix not in {".csv", ".txt", ".xlsx", ".xlsm", ".parquet"}:
            raise ValueError(
                f"file '{self.file}': unsupported type '{suffix}'; use .csv, .xlsx or .parquet"
            )
        return self


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
    id: str = Field(pattern=_ID)
    date: str
    label: Text | None = None

    _v_date = field_validator("date", mode="before")(_check_period_text)
    _v_label = field_validator("label", mode="before")(_as_text)


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
            raise ValueError(
                "give either 'units' and 'start' (one start date) or 'adoption' "
                "(a per-unit adoption column for staggered roll-outs)"
            )
        if self.adoption is not None and self.start is not None:
            raise ValueError("give 'start' or 'adoption', not both")
        return self


class Comparison(_Frozen):
    units: Literal["all_untreated"] | list[str] = "all_untreated"
    exclude: list[str] = Field(default_factory=list)


class Indicator(_Frozen):
    """How one indicator is computed from a source."""

    label: Text
    kind: Kind
    source: str
    column: str | None = Field(None, description="value column (panel)")
    categories: list[str] | None = Field(None, description="event categories counted")
    numerator: str | None = None
    denominator: str | None = None
    exposure: str | None = Field(None, description="exposure column for rates (population)")
    per: float = Field(1.0, gt=0, description="rates are reported per this many exposure units")
    direction: Direction = "neutral"
    unit_label: Text | None = Field(None, description="measurement unit, e.g. incidents")
    windows: Windows | None = None
    stock_summary: Literal["last", "mean"] = "last"

    _v_label = field_validator("label", "unit_label", mode="before")(_as_text)

    @model_validator(mode="after")
    def _kind_fields(self) -> Indicator:
        if self.kind == "proportion":
            if not (self.numerator and self.denominator):
                raise ValueError("kind 'proportion' needs 'numerator' and 'denominator'")
        elif self.kind == "rate":
            if not self.exposure:
                raise ValueError("kind 'rate' needs 'exposure' (the denominator column)")
        return self

    def columns(self) -> list[str]:
        """Source columns this indicator reads (events sources have none)."""
        cols = [self.column, self.numerator, self.denominator, self.exposure]
        return [c for c in cols if c]


class Claim(_Frozen):
    """A headline claim as written in the source, stored for checking."""

    id: str
    text: str
    lang: Literal["en", "zh"] = "en"
    indicator: str | None = None
    source: str | None = None
    note: str | None = None


class ReportOptions(_Frozen):
    language: Language = "en"
    alpha: float = Field(0.05, gt=0, lt=0.5)
    seed: int = Field(20210101, ge=0)


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
    designs: list[Design] = Field(default_factory=lambda: ["descriptive"])
    claims: list[Claim] = Field(default_factory=list)
    report: ReportOptions = Field(default_factory=ReportOptions)
    assumptions: list[str] = Field(default_factory=list)

    # set by load_spec: where the spec file lives (data paths are relative to it)
    base_dir: str = Field(".", exclude=True)
    spec_file: str = Field("study.yml", exclude=True)

    _v_text = field_validator("title", "question", mode="before")(_as_text)

    @model_validator(mode="after")
    def _cross_refs(self) -> StudySpec:
        problems = []
        for name, ind in self.indicators.items():
            if not re.match(_ID, name):
                problems.append(f"indicators.{name}: ids are lower_snake_case")
            if ind.source not in self.sources:
                problems.append(
                    f"indicators.{name}.source: unknown source '{ind.source}'; "
                    f"defined: {', '.join(self.sources)}"
                )
                continue
            shape = self.sources[ind.source].shape
            if shape == "panel" and ind.kind not in ("proportion",) and not ind.column:
                problems.append(f"indicators.{name}: a panel indicator needs 'column'")
            if shape == "events" and ind.kind != "count":
                problems.append(
                    f"indicators.{name}: an events source gives counts; kind must be 'count'"
                )
            if shape == "facts" and not (ind.column or ind.numerator):
                problems.append(f"indicators.{name}: a facts indicator needs 'column' (the item)")
            if ind.windows is None and self.windows is None and shape != "facts":
                problems.append(
                    f"indicators.{name}: no windows; set top-level 'windows' or the indicator's"
                )
        for claim in self.claims:
            if claim.indicator and claim.indicator not in self.indicators:
                problems.append(
                    f"claims.{claim.id}.indicator: unknown indicator '{claim.indicator}'; "
                    f"defined: {', '.join(self.indicators)}"
                )
        ids = [c.id for c in self.claims]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            problems.append(f"claims: duplicate id(s) {', '.join(dup)}")
        if self.treatment.adoption and self.treatment.adoption.source not in self.sources:
            problems.append(
                f"treatment.adoption.source: unknown source '{self.treatment.adoption.source}'"
            )
        if problems:
            raise ValueError("; ".join(problems))
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


# -- loading -----------------------------------------------------------------


def _line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """1-based YAML line of the node at a pydantic error location."""
    node = root
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == str(key):
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                break
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _issue_from_error(err: dict, root: yaml.Node | None, fname: str) -> Issue:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # drop pydantic's union-branch labels ('str', 'Text', literal names ...)
    clean = [p for p in loc if not (isinstance(p, str) and ("[" in p or p in {"str", "list[str]"}))]
    path = ".".join(str(p) for p in clean) or "(top level)"
    line = _line_of(root, tuple(clean))
    etype = err["type"]
    msg = err["msg"].removeprefix("Value error, ")
    hint = None
    if etype == "extra_forbidden":
        msg = f"unknown key '{clean[-1] if clean else path}'"
        hint = "check the spelling; every allowed key is listed in data/README.md"
    elif etype == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        msg = f"value {err.get('input')!r} is not allowed; allowed: {allowed}"
    elif etype == "missing":
        msg = "required key is missing"
    return Issue(
        "error",
        "spec." + etype,
        msg,
        file=fname,
        column=path,
        rows=(line,) if line else (),
        hint=hint,
    )


def load_spec(path: str | Path) -> StudySpec:
    """Read and validate ``study.yml``; raise :class:`SpecError` with all problems."""
    path = Path(path)
    fname = str(path)
    if path.is_dir():
        path = path / "study.yml"
        fname = str(path)
    if not path.exists():
        raise SpecError(
            [Issue("error", "spec.not_found", "spec file not found", file=fname)], fname
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            [
                Issue(
                    "error",
                    "spec.encoding",
                    f"study.yml must be UTF-8 ({exc.reason} at byte {exc.start})",
                    file=fname,
                )
            ],
            fname,
        ) from None
    try:
        root = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecError(
            [
                Issue(
                    "error",
                    "spec.yaml",
                    f"not valid YAML: {getattr(exc, 'problem', exc)}",
                    file=fname,
                    rows=(mark.line + 1,) if mark else (),
                )
            ],
            fname,
        ) from None
    if not isinstance(raw, dict):
        raise SpecError(
            [Issue("error", "spec.shape", "the spec must be a mapping of keys", file=fname)],
            fname,
        )
    raw = _normalise_periods(raw)
    try:
        return StudySpec.model_validate(
            {**raw, "base_dir": str(path.parent), "spec_file": path.name}
        )
    except ValidationError as exc:
        issues = [_issue_from_error(e, root, fname) for e in exc.errors()]
        raise SpecError(issues, fname) from None


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


def spec_keys_table() -> list[tuple[str, str, str]]:
    """(key, type, description) rows for every spec key, for the docs test."""
    rows: list[tuple[str, str, str]] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, f in model.model_fields.items():
            if f.exclude:
                continue
            rows.append((prefix + name, str(f.annotation), f.description or ""))

    for model, prefix in [
        (StudySpec, ""),
        (Source, "sources.<id>."),
        (Treatment, "treatment."),
        (Adoption, "treatment.adoption."),
        (Milestone, "treatment.milestones[]."),
        (Comparison, "comparison."),
        (Indicator, "indicators.<id>."),
        (Windows, "windows."),
        (Window, "windows.before|after."),
        (Claim, "claims[]."),
        (ReportOptions, "report."),
    ]:
        walk(model, prefix)
    return rows
