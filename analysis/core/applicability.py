"""``NotApplicable``: the value a study result holds where a design could not run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from analysis.core.result import Result

# The only words this layer holds: the prefix of a reason, per report language.
_PREFIX = {"en": "Not applicable: ", "zh": "不适用："}


@dataclass(frozen=True, eq=False)
class NotApplicable(Result):
    """Why a design gave no result for an indicator (the estimator's own words)."""

    kind: ClassVar[str] = "not_applicable"

    reason: str

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"status": "not_applicable", "reason": self.reason}])

    def headline(self, lang: str = "en") -> str:
        return _PREFIX.get(lang, _PREFIX["en"]) + self.reason

    def plot(self, *, ax=None):
        raise ValueError(f"nothing to draw: {self.reason}")


def applicable(value: object) -> bool:
    """True when ``value`` is a result, not ``None`` or a :class:`NotApplicable`."""
    return value is not None and not isinstance(value, NotApplicable)
