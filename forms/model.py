"""The in-memory shape of a scoring form.

A form is immutable once loaded: rounds pin it by content hash, and every review
carries that hash, so nothing here may change a loaded form.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

#: Scores and totals are kept to this many decimals, rounded half-up.
TOTAL_QUANT = Decimal("0.01")


@dataclass(frozen=True)
class Text:
    """A piece of text in both UI languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("zh" or "en"), falling back to the other one."""
        if lang.startswith("en"):
            return self.en or self.zh
        return self.zh or self.en


@dataclass(frozen=True)
class Band:
    """A descriptor for a range of scores of one criterion, e.g. 国际领先 9–10."""

    low: Decimal
    high: Decimal
    label: Text

    def contains(self, value: Decimal) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Criterion:
    """One scored item.

    ``weight`` is the number of points the criterion is worth in the total; a
    criterion without a weight counts its raw points (``weight == max``).
    """

    key: str
    title: Text
    max: Decimal
    min: Decimal = Decimal(0)
    step: Decimal = Decimal(1)
    weight: Decimal | None = None
    guidance: Text = Text("", "")
    bands: tuple[Band, ...] = ()
    #: Band positions whose scores require a comment: subset of {"top", "bottom"}.
    comment_required: tuple[str, ...] = ()
    #: Flag a dossier when the experts' scores on this criterion spread more than this.
    spread_limit: Decimal | None = None
    section: str = ""

    @property
    def effective_weight(self) -> Decimal:
        return self.weight if self.weight is not None else self.max

    def band_for(self, value: Decimal) -> Band | None:
        for band in self.bands:
            if band.contains(value):
                return band
        return None

    def allows(self, value: Decimal) -> bool:
        """Whether ``value`` lies in range and on the step grid."""
        if value < self.min or value > self.max:
            return False
        return ((value - self.min) % self.step) == 0

    def needs_comment(self, value: Decimal) -> bool:
        """Whether a score of ``value`` must be justified by a comment."""
        if not self.bands or not self.comment_required:
            return False
        ordered = sorted(self.bands, key=lambda b: b.low)
        if "top" in self.comment_required and ordered[-1].contains(value):
            return True
        if "bottom" in self.comment_required and ordered[0].contains(value):
            return True
        return False

    def points(self, value: Decimal) -> Decimal:
        """The contribution of ``value`` to the total, unrounded."""
        if self.weight is None:
            return value
        return value / self.max * self.weight


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class VetoItem:
    """A yes/no question whose "yes" disqualifies the application (一票否决)."""

    key: str
    question: Text


@dataclass(frozen=True)
class Choice:
    """One of the overall recommendation choices."""

    key: str
    title: Text


@dataclass(frozen=True)
class Tier:
    """An award tier.

    Dossiers are placed in tiers in rank order: a tier takes at most ``quota``
    dossiers (None: no limit) whose aggregate total is at least ``min_score``
    (None: no threshold). ``amount`` is in 万元.
    """

    key: str
    title: Text
    amount: Decimal | None = None
    quota: int | None = None
    min_score: Decimal | None = None


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: Text
    programme: Text = Text("", "")
    description: Text = Text("", "")
    criteria: tuple[Criterion, ...] = ()
    sections: tuple[Section, ...] = ()
    vetoes: tuple[VetoItem, ...] = ()
    recommendations: tuple[Choice, ...] = ()
    tiers: tuple[Tier, ...] = ()
    #: Criterion keys, most important first: ties on the total are broken by
    #: the higher mean score on these criteria in turn.
    tie_break: tuple[str, ...] = ()
    #: The canonical TOML text the form was loaded from (what bundles carry).
    source: str = field(default="", compare=False, repr=False)

    @property
    def scale(self) -> Decimal:
        """The highest possible total."""
        return sum((c.effective_weight for c in self.criteria), Decimal(0))

    def criterion(self, key: str) -> Criterion:
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(key)

    def total(self, values: Mapping[str, Decimal]) -> Decimal:
        """The weighted total of ``values`` (missing criteria count 0), half-up to 0.01."""
        raw = sum((c.points(values[c.key]) for c in self.criteria if c.key in values), Decimal(0))
        return raw.quantize(TOTAL_QUANT, rounding=ROUND_HALF_UP)

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON of everything that affects scoring or display."""
        return hashlib.sha256(canonical_form_json(self).encode("utf-8")).hexdigest()


def _jsonable(obj: object) -> object:
    if isinstance(obj, Decimal):
        return str(int(obj)) if obj == obj.to_integral() else str(obj.normalize())
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items() if k != "source"}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj


def canonical_form_json(form: Form) -> str:
    """The form as canonical JSON (sorted keys, no whitespace); the basis of its hash."""
    return json.dumps(_jsonable(asdict(form)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
