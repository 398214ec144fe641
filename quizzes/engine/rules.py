"""Adaptation rules as data: loading and validation.

``load_rule`` takes the YAML shape of content/rules/README.md and returns a frozen ``Rule``
with its condition compiled and every requirement checked against the vocabulary, or raises
``RuleError`` naming each offending field (``must.site_limits.chest_middle: unknown site``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .conditions import Condition, ConditionError, compile_condition
from .plan import is_constraint_token, is_product_token, is_stroke_token
from .sites import is_site_token
from .vocabulary import (
    ALL_SERVICES,
    INFECTION_LEVELS,
    JOINT_LEVELS,
    POSITIONS,
    PPE,
    PROCESS_STEPS,
    REFERRALS,
    TECHNIQUES,
)

RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")
SOURCE = re.compile(r"^S\d+$")
CONFIDENCE = ("consensus", "common", "uncertain")
SEVERITIES = ("must", "should")


class RuleError(ValueError):
    """A rule that cannot be used. ``errors`` holds (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]], rule_id: str = ""):
        self.errors = errors
        self.rule_id = rule_id
        prefix = f"{rule_id}: " if rule_id else ""
        super().__init__(prefix + "; ".join(f"{path}: {message}" for path, message in errors))


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    title: str
    category: str
    when: Condition
    must: dict
    should: dict
    advice: tuple[str, ...] = ()
    confidence: str = "common"
    rationale: str = ""
    sources: tuple[str, ...] = ()
    teaches: str = ""
    postpone_acceptable: bool = False
    plan_dependent: bool = False
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def base_id(self) -> str:
        return self.id.partition("/")[0]

    @cached_property
    def clause(self) -> str | None:
        return self.id.partition("/")[2] or None

    @cached_property
    def _requirements(self) -> tuple[tuple[str, str, Any], ...]:
        return tuple(
            ("unsafe" if severity == "must" else "caution", key, value)
            for severity in SEVERITIES
            for key, value in getattr(self, severity).items()
        )

    def requirements(self):
        """(severity, key, value) for every requirement, must first."""
        return self._requirements


# -- requirement checks -------------------------------------------------------------------


def _list(value, path, errors, valid, what) -> tuple:
    if not isinstance(value, list) or not value:
        errors.append((path, "expected a non-empty list"))
        return ()
    result = []
    for index, item in enumerate(value):
        ok = valid(item) if callable(valid) else item in valid
        if ok:
            result.append(item)
        else:
            errors.append((f"{path}[{index}]", f"unknown {what} {item!r}"))
    return tuple(result)


def _level(value, path, errors) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        errors.append((path, "expected a pressure level from 0 to 5"))
        return None
    return value


def _site_map(value, path, errors, check_value) -> tuple:
    if not isinstance(value, dict) or not value:
        errors.append((path, "expected a mapping of site token to a limit"))
        return ()
    result = []
    for token, limit in value.items():
        if not is_site_token(token):
            errors.append((f"{path}.{token}", "unknown site token"))
            continue
        checked = check_value(limit, f"{path}.{token}", errors)
        if checked is not None:
            result.append((token, checked))
    return tuple(result)


def _flag(expected):
    def check(value, path, errors):
        if value is not expected:
            errors.append((path, f"must be {str(expected).lower()}"))
            return None
        return value

    return check


def _boolean(value, path, errors):
    if not isinstance(value, bool):
        errors.append((path, "expected true or false"))
        return None
    return value


def _joint(value, path, errors):
    if value not in JOINT_LEVELS[:-1]:
        errors.append((path, "expected none or gentle_within_range"))
        return None
    return value


def _positions(value, path, errors):
    if not isinstance(value, dict) or not value:
        errors.append((path, "expected prohibited: and/or use: lists"))
        return None
    result = {}
    for key, items in value.items():
        if key not in ("prohibited", "use"):
            errors.append((f"{path}.{key}", "unknown field; use 'prohibited' or 'use'"))
            continue
        result[key] = _list(items, f"{path}.{key}", errors, POSITIONS, "position")
    return result


def _thermal(value, path, errors):
    if not isinstance(value, dict) or not value:
        errors.append((path, "expected no_heat: and/or no_cold: lists"))
        return None
    result = {}
    for key, items in value.items():
        if key not in ("no_heat", "no_cold"):
            errors.append((f"{path}.{key}", "unknown field; use 'no_heat' or 'no_cold'"))
            continue
        result[key] = _list(items, f"{path}.{key}", errors, is_site_token, "site token")
    return result


def _excluded_on(value, path, errors):
    def techniques(items, item_path, item_errors):
        return _list(items, item_path, item_errors, TECHNIQUES, "technique") or None

    return _site_map(value, path, errors, techniques)


def _services(item) -> bool:
    return item == "hand_foot_services" or item in ALL_SERVICES


def _minutes(value, path, errors):
    if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= 240:
        errors.append((path, "expected minutes from 5 to 240"))
        return None
    return value


def _choice(values):
    def check(value, path, errors):
        if value not in values:
            errors.append((path, f"expected one of {', '.join(values)}"))
            return None
        return value

    return check


def _tokens(valid, what):
    def check(value, path, errors):
        return _list(value, path, errors, valid, what) or None

    return check


REQUIREMENTS = {
    "postpone": _boolean,
    "services_postponed": _tokens(_services, "service"),
    "refer": _tokens(REFERRALS, "referral"),
    "md_release_required": _flag(True),
    "max_pressure_global": _level,
    "site_limits": lambda v, p, e: _site_map(v, p, e, _level) or None,
    "avoid_sites": _tokens(is_site_token, "site token"),
    "positions": _positions,
    "excluded_techniques": _tokens(TECHNIQUES, "technique"),
    "excluded_techniques_on": lambda v, p, e: _excluded_on(v, p, e) or None,
    "joint_movement": _joint,
    "joint_movement_on": lambda v, p, e: _site_map(v, p, e, _joint) or None,
    "thermal": _thermal,
    "stroke_direction": _tokens(is_stroke_token, "stroke direction"),
    "product_constraints": _tokens(is_constraint_token, "product constraint"),
    "products_used": _tokens(is_product_token, "product"),
    "products_excluded": _tokens(is_product_token, "product"),
    "max_duration_min": _minutes,
    "infection_control": _choice(INFECTION_LEVELS),
    "ppe": _tokens(PPE, "PPE item"),
    "ppe_on": lambda v, p, e: _site_map(v, p, e, _tokens(PPE, "PPE item")) or None,
    "process": _tokens(PROCESS_STEPS, "process step"),
}


def _requirements(block: Any, path: str, errors: list) -> dict:
    if block is None:
        return {}
    if not isinstance(block, dict):
        errors.append((path, "expected a mapping of requirements"))
        return {}
    result = {}
    for key, value in block.items():
        check = REQUIREMENTS.get(key)
        if check is None:
            errors.append((f"{path}.{key}", "unknown requirement (not in the plan vocabulary)"))
            continue
        checked = check(value, f"{path}.{key}", errors)
        if checked is not None:
            result[key] = checked
    return result


RULE_KEYS = {
    "id",
    "title",
    "category",
    "when",
    "must",
    "should",
    "advice",
    "confidence",
    "rationale",
    "sources",
    "teaches",
    "postpone_acceptable",
    "plan_dependent",
}


def load_rule(data: Any) -> Rule:
    """A validated ``Rule`` from its YAML shape, or ``RuleError`` naming each bad field."""
    if not isinstance(data, dict):
        raise RuleError([("rule", "expected a mapping")])
    errors: list[tuple[str, str]] = []
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        errors.append(("id", "expected a lowercase slug such as heme-plt-20k-50k (or base/part)"))
        rule_id = str(rule_id)
    for key in data:
        if key not in RULE_KEYS:
            errors.append((str(key), "unknown field"))
    for key in ("title", "category", "rationale"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append((key, "is required"))
    plan_dependent = data.get("plan_dependent", False) is True
    when = None
    try:
        when = compile_condition(data.get("when"), allow_plan=plan_dependent)
    except ConditionError as error:
        errors.append(("when", str(error)))
    if when is not None and plan_dependent and not when.uses_plan:
        errors.append(("plan_dependent", "the condition does not read the plan"))
    must = _requirements(data.get("must"), "must", errors)
    should = _requirements(data.get("should"), "should", errors)
    if not must and not should:
        errors.append(("must", "a rule needs at least one must or should requirement"))
    advice = data.get("advice") or []
    if not isinstance(advice, list) or not all(isinstance(a, str) for a in advice):
        errors.append(("advice", "expected a list of sentences"))
        advice = []
    sources = data.get("sources") or []
    if not isinstance(sources, list) or not all(
        isinstance(s, str) and SOURCE.match(s) for s in sources
    ):
        errors.append(("sources", "expected a list of source ids like S20"))
        sources = []
    confidence = data.get("confidence", "common")
    if confidence not in CONFIDENCE:
        errors.append(("confidence", f"expected one of {', '.join(CONFIDENCE)}"))
    teaches = data.get("teaches") or ""
    if teaches and not re.match(r"^[a-z0-9-]+#[a-z0-9-]+$", str(teaches)):
        errors.append(("teaches", "expected <module-slug>#<section-anchor>"))
    if errors:
        raise RuleError(errors, rule_id)
    return Rule(
        id=rule_id,
        title=data["title"].strip(),
        category=data["category"].strip(),
        when=when,
        must=must,
        should=should,
        advice=tuple(advice),
        confidence=confidence,
        rationale=" ".join(data["rationale"].split()),
        sources=tuple(sources),
        teaches=str(teaches),
        postpone_acceptable=data.get("postpone_acceptable", False) is True,
        plan_dependent=plan_dependent,
        raw=dict(data),
    )


def _squeeze(text: str) -> str:
    return "".join(text.split())


class RuleSet:
    """An ordered, validated set of rules (ids unique)."""

    def __init__(self, rules: list[Rule]):
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise RuleError([("id", "used by two rules")], rule.id)
            seen.add(rule.id)
        self.rules = tuple(rules)
        self.by_id = {rule.id: rule for rule in rules}
        self.base_ids = tuple(dict.fromkeys(rule.base_id for rule in rules))
        # Parts whose condition is written "(<base condition>) and (…)": they cannot hold when
        # the base does not, so the grader need not evaluate them then. A speed-up only: a
        # part written any other way (the drug-only part of hand-foot syndrome) is always
        # evaluated on its own condition.
        self.within_base = frozenset(
            rule.id
            for rule in rules
            if rule.clause
            and rule.base_id in self.by_id
            and self.rules.index(self.by_id[rule.base_id]) < self.rules.index(rule)
            and _squeeze(rule.when.source).startswith(
                f"({_squeeze(self.by_id[rule.base_id].when.source)})and"
            )
        )

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)
