"""Case variants: the same client with chosen facts changed within clinical ranges.

An author picks which facts may vary (the *axes*: a platelet count, the days since a
chemotherapy dose or since radiation, the side of the body, the kind of central line) and,
for a number, the range it may take. ``variant(facts, choices, seed)`` then makes one
variant, and the seed alone decides it: the same case, choices and seed always give the same
facts, so an attempt that stores its seed can be replayed and regraded exactly.

The generator changes only what was chosen, keeps every record consistent (a mirrored case
moves its dissection, its radiation field, its port and its swelling together), and refuses a
variant the fact schema would refuse. Which rules the variant triggers, and the plan they
expect, are the grader's to say (``grader.grade`` and ``expected.expected_plan``).

Reading chosen where the issue is open: *the side of a dissection* is varied by mirroring
the whole case left to right, because a dissection's side decides its at-risk quadrant, and
a case whose dissection moved while its swelling and radiation field stayed would describe a
different (and clinically odd) client. Free text (``notes``, ``request``) has its words
"left" and "right" swapped too, so the vignette never contradicts the facts.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass
from typing import Any

from .body import CENTRAL_LINES
from .facts import FactsError, validate_facts


class VariantError(ValueError):
    """Choices that cannot make a variant. ``errors`` holds (axis, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{axis}: {message}" for axis, message in errors))


@dataclass(frozen=True)
class NumberAxis:
    """A count on a path of the facts, drawn in whole steps between an author's bounds."""

    path: str  # labs.platelets_per_uL, or radiation[].days_since_last for every course
    minimum: int  # the widest range an author may choose: clinical, not statistical
    maximum: int
    step: int = 1

    def present(self, facts: dict) -> bool:
        return self.current(facts) is not None

    def current(self, facts: dict):
        """The case's own value (the first, where the path names every item of a list)."""
        return next((record[name] for record, name in _targets(facts, self.path)), None)

    def apply(self, facts: dict, rng: random.Random, bounds: tuple[int, int]) -> None:
        low, high = bounds
        value = rng.randrange(low, high + 1, self.step) if high > low else low
        for record, name in _targets(facts, self.path):
            record[name] = value


@dataclass(frozen=True)
class MirrorAxis:
    """The whole case mirrored left to right (or kept as it is), by the seed."""

    def present(self, facts: dict) -> bool:
        return _mirror(facts) != facts

    def apply(self, facts: dict, rng: random.Random, bounds=None) -> None:
        if rng.random() < 0.5:
            mirrored = _mirror(facts)
            facts.clear()
            facts.update(mirrored)


# Where each central line sits, on the side the case's line is on.
_LINE_REGION = {"port": "chest_{side}", "tunneled_cvc": "chest_{side}", "picc": "{side}_arm"}


@dataclass(frozen=True)
class CentralLineAxis:
    """The case's central line replaced by another kind, placed where that kind sits."""

    def present(self, facts: dict) -> bool:
        return _central_line(facts) is not None

    def apply(self, facts: dict, rng: random.Random, bounds=None) -> None:
        device = _central_line(facts)
        side = device.get("side") if device.get("side") in ("left", "right") else "right"
        device["type"] = rng.choice(CENTRAL_LINES)
        device["region"] = _LINE_REGION[device["type"]].format(side=side)
        device["side"] = side


# The axes an author may choose, in the order the seed draws them (never reorder: a stored
# seed replays the same variant only while the order stays). Bounds are the clinical span of
# each fact in our cases: platelets from a transfusion threshold to normal, days within a
# cycle or the weeks after radiation when skin still reacts.
AXES: dict[str, NumberAxis | MirrorAxis | CentralLineAxis] = {
    "platelets": NumberAxis("labs.platelets_per_uL", 5_000, 450_000, step=1_000),
    "days_since_chemo": NumberAxis("chemo.days_since_last_dose", 0, 60),
    "days_since_radiation": NumberAxis("radiation[].days_since_last", 0, 365),
    "side": MirrorAxis(),
    "central_line": CentralLineAxis(),
}


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Variant:
    seed: int
    facts: dict
    changes: tuple[Change, ...]


def variant(facts: dict, choices: dict[str, tuple[int, int] | None], seed: int) -> Variant:
    """The variant of ``facts`` that ``seed`` draws from ``choices`` (axis -> bounds for a
    number axis, None for the others). Raises VariantError for a choice this case cannot
    vary, and FactsError (through VariantError) if the result does not fit the schema."""
    bounds = _checked(facts, choices)
    rng = random.Random(seed)  # noqa: S311  (replayable on purpose: the seed is stored, not secret)
    varied = copy.deepcopy(facts)
    for name, axis in AXES.items():  # the registry's order, never the caller's
        if name in bounds:
            axis.apply(varied, rng, bounds[name])
    try:
        validate_facts(varied)
    except FactsError as error:
        raise VariantError([("facts", str(error))]) from error
    return Variant(seed=seed, facts=varied, changes=tuple(_changes(facts, varied)))


def variants(facts: dict, choices: dict, count: int, *, first_seed: int = 1) -> list[Variant]:
    """Up to ``count`` distinct variants, each different from the case itself, from
    consecutive seeds (a range with fewer distinct values gives fewer variants)."""
    made: list[Variant] = []
    seen = [facts]
    for seed in range(first_seed, first_seed + count * 20):
        candidate = variant(facts, choices, seed)
        if candidate.facts not in seen:
            seen.append(candidate.facts)
            made.append(candidate)
            if len(made) == count:
                break
    return made


def _checked(facts: dict, choices: dict) -> dict:
    errors: list[tuple[str, str]] = []
    bounds: dict = {}
    for name, chosen in choices.items():
        axis = AXES.get(name)
        if axis is None:
            errors.append((name, "not a fact that can vary"))
        elif not axis.present(facts):
            errors.append((name, "this case has no such fact to vary"))
        elif isinstance(axis, NumberAxis):
            problem = _range_problem(axis, chosen)
            if problem:
                errors.append((name, problem))
            else:
                bounds[name] = (int(chosen[0]), int(chosen[1]))
        else:
            bounds[name] = None
    if not choices:
        errors.append(("choices", "choose at least one fact to vary"))
    if errors:
        raise VariantError(errors)
    return bounds


def _range_problem(axis: NumberAxis, chosen) -> str | None:
    if not isinstance(chosen, (tuple, list)) or len(chosen) != 2:
        return "give the lowest and highest value"
    low, high = chosen
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        return "give whole numbers"
    if low > high:
        return f"the lowest value ({low:,}) is above the highest ({high:,})"
    if low < axis.minimum or high > axis.maximum:
        return f"choose values from {axis.minimum:,} to {axis.maximum:,}"
    return None


def _targets(facts: dict, path: str):
    """(record, field name) for every place ``path`` names that the case has filled in; a
    ``name[]`` step stands for every item of that list."""
    records: list[Any] = [facts]
    *steps, last = path.split(".")
    for step in steps:
        name, many = step.removesuffix("[]"), step.endswith("[]")
        found = [r.get(name) for r in records if isinstance(r, dict)]
        records = [i for v in found if isinstance(v, list) for i in v] if many else found
    for record in records:
        if isinstance(record, dict) and record.get(last) is not None:
            yield record, last


def _central_line(facts: dict) -> dict | None:
    for device in facts.get("devices") or []:
        if isinstance(device, dict) and device.get("type") in CENTRAL_LINES:
            return device
    return None


_FREE_TEXT = frozenset({"notes", "request"})
_SIDE_WORD = re.compile(r"\b(left|right|Left|Right)\b")
_SWAP = {"left": "right", "right": "left", "Left": "Right", "Right": "Left"}


def _mirror(value: Any, key: str = "") -> Any:
    """``value`` with left and right swapped: in tokens (``chest_left``, ``left_foot:sole``,
    ``quadrant_upper_left``, a side of ``left``) word by word, in free text as words."""
    if isinstance(value, dict):
        return {k: _mirror(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_mirror(v, key) for v in value]
    if not isinstance(value, str):
        return value
    if key in _FREE_TEXT:
        return _SIDE_WORD.sub(lambda m: _SWAP[m.group(0)], value)
    return ":".join(
        "_".join(_SWAP.get(word, word) for word in part.split("_")) for part in value.split(":")
    )


def _changes(before: Any, after: Any, path: str = "") -> list[Change]:
    """Every leaf that differs, by dotted path (``devices[0].type``), keys in sorted order so
    that a case stored with its keys reordered (PostgreSQL's jsonb does) lists the same."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            change
            for key in sorted({*before, *after})
            for change in _changes(before.get(key), after.get(key), f"{path}.{key}".lstrip("."))
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            change
            for index, (b, a) in enumerate(zip(before, after, strict=True))
            for change in _changes(b, a, f"{path}[{index}]")
        ]
    return [] if before == after else [Change(path, before, after)]
