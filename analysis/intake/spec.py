"""Study spec: ``study.yml`` -> frozen :class:`StudySpec`.

The spec is the user's entry point. Unknown keys and bad values are rejected
with every problem listed at once, each naming the key path, the YAML line
and the allowed values.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, replace
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

from analysis.core.errors import Issue, SpecError, suggest

Frequency = Literal["month", "quarter", "year"]
Kind = Literal["count", "stock", "proportion", "rate", "amount"]
Direction = Literal["decrease", "increase", "neutral"]
Shape = Literal["panel", "events", "facts"]
Language = Literal["en", "zh", "both"]
Design = Literal["descriptive", "its", "sts", "did", "staggered"]

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

    @model_validator(mode="after")
    def _shape_columns(self) -> Source:
        need = {"panel": ("unit", "period"), "events": ("unit", "date"), "facts": ()}[self.shape]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"shape '{self.shape}' needs key(s): {', '.join(missing)}")
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
    trend: TrendModel | None = Field(None, description="trend-model options (designs its, sts)")

    _v_label = field_validator("label", "unit_label", mode="before")(_as_text)

    @model_validator(mode="after")
    def _kind_fields(self) -> Indicator:
        if self.kind == "proportion":
            if not (self.numerator and self.denominator):
                raise ValueError("kind 'proportion' needs 'numerator' and 'denominator'")
        elif self.kind == "rate" and not self.exposure:
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


# -- cross references (checked on the raw mapping, so they are reported together
# with every other problem, each at its own key and line) ----------------------


@dataclass(frozen=True)
class SpecProblem:
    """A cross-reference problem at a key path of the spec mapping."""

    loc: tuple
    code: str
    message: str
    hint: str | None = None


def cross_ref_problems(data: dict) -> list[SpecProblem]:
    """Problems between keys (unknown source or indicator, duplicate ids ...).

    Works on the raw mapping read from YAML (wrong types are skipped here: the
    schema reports them), so it runs even when other keys are invalid.
    """
    out: list[SpecProblem] = []

    def mapping(v: object) -> dict:
        return v if isinstance(v, dict) else {}

    sources = mapping(data.get("sources"))
    indicators = mapping(data.get("indicators"))
    claims = data.get("claims") if isinstance(data.get("claims"), list) else []
    top_windows = data.get("windows")
    src_names = [str(k) for k in sources]
    for name, ind in indicators.items():
        if not re.match(_ID, str(name)):
            out.append(
                SpecProblem(
                    ("indicators", name),
                    "spec.bad_id",
                    f"indicator id '{name}' is not allowed: use lower_snake_case "
                    "(a-z, 0-9 and _, starting with a letter)",
                )
            )
        if not isinstance(ind, dict):
            continue
        src_id = ind.get("source")
        if src_id is None:
            continue
        if src_id not in sources:
            out.append(
                SpecProblem(
                    ("indicators", name, "source"),
                    "spec.unknown_source",
                    f"indicator '{name}' uses source '{src_id}', which is not defined; "
                    f"sources: {', '.join(src_names) or '(none)'}",
                    suggest(src_id, src_names),
                )
            )
            continue
        if not isinstance(sources[src_id], dict):
            continue  # the schema reports the broken source itself
        src = sources[src_id]
        shape = src.get("shape") or "panel"
        kind = ind.get("kind")
        if shape == "panel" and kind != "proportion" and not ind.get("column"):
            out.append(
                SpecProblem(
                    ("indicators", name),
                    "spec.missing_column",
                    f"indicator '{name}' reads panel source '{src_id}' "
                    "and needs 'column' (the value column)",
                )
            )
        if shape == "events":
            if kind is not None and kind != "count":
                out.append(
                    SpecProblem(
                        ("indicators", name, "kind"),
                        "spec.events_kind",
                        f"indicator '{name}' counts events from '{src_id}'; kind must be 'count', "
                        f"not '{kind}'",
                    )
                )
            if ind.get("categories") and not src.get("category"):
                out.append(
                    SpecProblem(
                        ("indicators", name, "categories"),
                        "spec.no_category_column",
                        f"indicator '{name}' counts categories, but source '{src_id}' has no "
                        "'category' column",
                        "add 'category: <column>' to the source",
                    )
                )
        if shape == "facts" and not (ind.get("column") or ind.get("numerator")):
            out.append(
                SpecProblem(
                    ("indicators", name),
                    "spec.missing_column",
                    f"indicator '{name}' reads facts source '{src_id}' and "
                    "needs 'column' (the item)",
                )
            )
        trend = ind.get("trend")
        if isinstance(trend, dict):
            treatment = mapping(data.get("treatment"))
            ms = (
                treatment.get("milestones") if isinstance(treatment.get("milestones"), list) else []
            )
            ms_ids = [str(m.get("id")) for m in ms if isinstance(m, dict)]
            refs = [("start", trend.get("start"))] + [
                ("milestones", m)
                for m in (trend.get("milestones") or [])
                if isinstance(trend.get("milestones"), list)
            ]
            for key, ref in refs:
                if ref is not None and str(ref) not in ms_ids:
                    out.append(
                        SpecProblem(
                            ("indicators", name, "trend", key),
                            "spec.unknown_milestone",
                            f"indicator '{name}' trend model refers to milestone '{ref}', which "
                            f"is not defined; milestones: {', '.join(ms_ids) or '(none)'}",
                            suggest(ref, ms_ids),
                        )
                    )
            if shape == "facts":
                out.append(
                    SpecProblem(
                        ("indicators", name, "trend"),
                        "spec.trend_on_facts",
                        f"indicator '{name}' comes from facts: no series to model",
                    )
                )
        if ind.get("windows") is None and top_windows is None and shape != "facts":
            out.append(
                SpecProblem(
                    ("indicators", name),
                    "spec.no_windows",
                    f"indicator '{name}' has no before/after windows",
                    "set top-level 'windows' or the indicator's own 'windows'",
                )
            )
    seen: dict[str, int] = {}
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict):
            continue
        cid = claim.get("id")
        # An unknown indicator in a claim is not a spec error: the claims table lists the
        # claim as "cannot check" with the reason (a bad claim never stops the run).
        if cid is not None:
            if str(cid) in seen:
                out.append(
                    SpecProblem(
                        ("claims", i, "id"),
                        "spec.duplicate_id",
                        f"claim id '{cid}' is used twice "
                        f"(claims {seen[str(cid)] + 1} and {i + 1}); "
                        "claim ids must be unique",
                    )
                )
            else:
                seen[str(cid)] = i
    treatment = mapping(data.get("treatment"))
    adoption = mapping(treatment.get("adoption"))
    asrc = adoption.get("source")
    if asrc is not None:
        if asrc not in sources:
            out.append(
                SpecProblem(
                    ("treatment", "adoption", "source"),
                    "spec.unknown_source",
                    f"adoption source '{asrc}' is not defined; sources: "
                    f"{', '.join(src_names) or '(none)'}",
                    suggest(asrc, src_names),
                )
            )
        elif (mapping(sources[asrc]).get("shape") or "panel") != "panel":
            out.append(
                SpecProblem(
                    ("treatment", "adoption", "source"),
                    "spec.adoption_source",
                    f"adoption source '{asrc}' must be a panel source (one row per unit and "
                    "period with the adoption column)",
                )
            )
    milestones = (
        treatment.get("milestones") if isinstance(treatment.get("milestones"), list) else []
    )
    mids = [m.get("id") for m in milestones if isinstance(m, dict)]
    for i, m in enumerate(milestones):
        if isinstance(m, dict) and m.get("id") is not None and mids.index(m.get("id")) < i:
            out.append(
                SpecProblem(
                    ("treatment", "milestones", i, "id"),
                    "spec.duplicate_id",
                    f"milestone id '{m.get('id')}' is used twice",
                )
            )
    return out


# -- loading -----------------------------------------------------------------

_SPEC_HINT = "every allowed key is listed in data/README.md"


def _line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """1-based YAML line of the deepest node found along a key path."""
    node = root
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if getattr(k, "value", None) == str(key):
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


def spec_key_lines(spec_file: str | Path) -> typing.Callable[[str], int | None]:
    """A lookup: dotted key path (``treatment.units``, ``claims.0.id``) -> 1-based line."""
    try:
        root = yaml.compose(Path(spec_file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        root = None

    def line(dotted: str) -> int | None:
        loc = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        return _line_of(root, loc)

    return line


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/Union wrappers down to the model or container inside."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            containers = [a for a in args if typing.get_origin(a) in (list, dict)]
            picked = models or containers or args
            tp = picked[0]
            continue
        return tp


def _allowed_keys(loc: tuple) -> list[str]:
    """Allowed keys of the mapping that holds the last element of ``loc``."""
    tp: Any = StudySpec
    for part in loc[:-1]:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            f = tp.model_fields.get(str(part))
            if f is None:
                return []
            tp = f.annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        elif typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [n for n, f in tp.model_fields.items() if not f.exclude]
    return []


_TYPE_WORDS = {
    "dict_type": "a mapping (indented 'key: value' lines)",
    "model_type": "a mapping (indented 'key: value' lines)",
    "model_attributes_type": "a mapping (indented 'key: value' lines)",
    "list_type": "a list ('- item' lines or [a, b])",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _friendly_pattern(path: str, value: object, pattern: str) -> str:
    if pattern == _ID:
        rule = "lower_snake_case: a-z, 0-9 and _, starting with a letter (e.g. 'calls_110')"
    elif path == "id":
        rule = "1-64 characters a-z, 0-9, _ or -, starting with a letter or digit (e.g. 'my_pilot')"
    else:
        rule = f"text matching {pattern}"
    return f"{value!r} is not a valid id; use {rule}"


def _issue_from_error(err: dict, root: yaml.Node | None, fname: str) -> Issue:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # drop pydantic's union-branch labels ('str', 'Text', literal names ...)
    clean = [
        p
        for p in loc
        if not (isinstance(p, str) and ("[" in p or p in {"str", "int", "list[str]"}))
    ]
    path = ".".join(str(p) for p in clean) or "(top level)"
    line = _line_of(root, tuple(clean))
    etype = err["type"]
    msg = err["msg"].removeprefix("Value error, ")
    hint = None
    value = err.get("input")
    if etype == "extra_forbidden":
        key = clean[-1] if clean else path
        msg = f"unknown key '{key}'"
        allowed = _allowed_keys(tuple(clean))
        hint = suggest(key, allowed) if allowed else None
        if allowed:
            msg += f"; allowed here: {', '.join(allowed)}"
        hint = hint or f"check the spelling; {_SPEC_HINT}"
    elif etype == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        msg = f"value {value!r} is not allowed; allowed: {allowed}"
    elif etype == "missing":
        key = clean[-1] if clean else path
        parent = ".".join(str(p) for p in clean[:-1])
        msg = f"required key '{key}' is missing" + (f" under '{parent}'" if parent else "")
        line = _line_of(root, tuple(clean[:-1])) or line
    elif etype == "string_pattern_mismatch":
        msg = _friendly_pattern(path, value, err.get("ctx", {}).get("pattern", ""))
    elif etype in _TYPE_WORDS:
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        msg = f"should be {_TYPE_WORDS[etype]}, got {shown}"
    elif etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        msg = f"{msg.replace('Input should be', 'must be')}, got {value!r}"
    return Issue(
        "error",
        "spec." + etype,
        msg,
        file=fname,
        column=path,
        rows=(line,) if line else (),
        hint=hint,
    )


def _merge_union_issues(issues: list[Issue]) -> list[Issue]:
    """One issue per key: a value failing every branch of a union gives one message."""
    merged: dict[str | None, Issue] = {}
    out: list[Issue] = []
    for i in issues:
        first = merged.get(i.column)
        if first is None or i.code == "spec.extra_forbidden" or first.code == "spec.missing":
            merged.setdefault(i.column, i)
            out.append(i)
            continue
        combined = replace(
            first, code="spec.invalid_value", message=f"{first.message}; or {i.message}"
        )
        out[out.index(first)] = combined
        merged[i.column] = combined
    return out


def _duplicate_keys(node: yaml.Node | None, fname: str, prefix: str = "") -> list[Issue]:
    """YAML silently keeps the last of two equal keys; report them instead."""
    issues: list[Issue] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = str(getattr(k, "value", ""))
            line = k.start_mark.line + 1
            path = f"{prefix}.{key}" if prefix else key
            if key in seen:
                issues.append(
                    Issue(
                        "error",
                        "spec.duplicate_key",
                        f"key '{key}' appears twice (lines {seen[key]} and {line}); "
                        "YAML would silently keep only the second",
                        file=fname,
                        column=path,
                        rows=(seen[key], line),
                        hint="merge the two entries into one",
                    )
                )
            else:
                seen[key] = line
            issues += _duplicate_keys(v, fname, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            issues += _duplicate_keys(v, fname, f"{prefix}.{i}" if prefix else str(i))
    return issues


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
            hint=_SPEC_HINT,
        )
    raw = _normalise_periods(raw)
    issues = _duplicate_keys(root, fname)
    cross = [
        Issue(
            "error",
            p.code,
            p.message,
            file=fname,
            column=".".join(str(x) for x in p.loc),
            rows=(ln,) if (ln := _line_of(root, p.loc)) else (),
            hint=p.hint,
        )
        for p in cross_ref_problems(raw)
    ]
    try:
        spec = StudySpec.model_validate(
            {**raw, "base_dir": str(path.parent), "spec_file": path.name}
        )
    except ValidationError as exc:
        issues += _merge_union_issues(
            [_issue_from_error(e, root, fname) for e in exc.errors() if e["type"] != "cross_ref"]
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
        (TrendModel, "indicators.<id>.trend."),
        (Windows, "windows."),
        (Window, "windows.before|after."),
        (Claim, "claims[]."),
        (ReportOptions, "report."),
    ]:
        walk(model, prefix)
    return rows
