"""A learner's session plan (VOCABULARY §3), validated.

``parse_plan`` turns the YAML/JSON shape into a frozen ``Plan`` or raises ``PlanError`` with
one message per offending field (``site_limits.chest_middle: unknown body region``). Fields
left out take neutral defaults: no global cap (pressure 5), no duration given, standard
infection control, nothing avoided, declared or planned.

``technique_sites`` (our extension of VOCABULARY §3, backward compatible) confines a planned
technique to the sites it is done on: ``{paraffin: [right_hand]}``. A technique named there is
planned even if ``techniques`` leaves it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .sites import is_site_token
from .vocabulary import (
    ALL_SERVICES,
    INFECTION_LEVELS,
    JOINT_LEVELS,
    LYMPH_BASINS,
    POSITIONS,
    PPE,
    PROCESS_STEPS,
    PRODUCT_CONSTRAINTS,
    PRODUCTS,
    REFERRALS,
    SIDES,
    TECHNIQUES,
    label,
)


class PlanError(ValueError):
    """A plan that does not fit the vocabulary. ``errors`` holds (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


@dataclass(frozen=True)
class Plan:
    postpone: bool = False
    services_postponed: tuple[str, ...] = ()
    refer: tuple[str, ...] = ()
    md_release_required: bool = False
    max_pressure_global: int | None = None
    site_limits: tuple[tuple[str, int], ...] = ()
    avoid_sites: tuple[str, ...] = ()
    positions_use: tuple[str, ...] = ()
    positions_prohibited: tuple[str, ...] = ()
    stroke_direction: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    excluded_techniques: tuple[str, ...] = ()
    joint_movement: str | None = None
    joint_movement_on: tuple[tuple[str, str], ...] = ()
    excluded_techniques_on: tuple[tuple[str, tuple[str, ...]], ...] = ()
    technique_sites: tuple[tuple[str, tuple[str, ...]], ...] = ()
    no_heat: tuple[str, ...] = ()
    no_cold: tuple[str, ...] = ()
    products_used: tuple[str, ...] = ()
    product_constraints: tuple[str, ...] = ()
    max_duration_min: int | None = None
    infection_control: str | None = None
    ppe: tuple[str, ...] = ()
    process: tuple[str, ...] = ()

    def condition_view(self) -> dict:
        """What a plan-dependent rule condition may read (``plan.techniques`` …)."""
        return {
            "techniques": list(self.techniques),
            "excluded_techniques": list(self.excluded_techniques),
            "products_used": list(self.products_used),
            "postpone": self.postpone,
            "avoid_sites": list(self.avoid_sites),
            "md_release_required": self.md_release_required,
        }


PLAN_KEYS = (
    "postpone",
    "services_postponed",
    "refer",
    "md_release_required",
    "max_pressure_global",
    "site_limits",
    "avoid_sites",
    "positions",
    "stroke_direction",
    "techniques",
    "excluded_techniques",
    "excluded_techniques_on",
    "technique_sites",
    "joint_movement",
    "joint_movement_on",
    "thermal",
    "products_used",
    "product_constraints",
    "max_duration_min",
    "infection_control",
    "ppe",
    "process",
)


# Stroke tokens: whole ones, and kinds aimed at a node group on a side
# (``drainage_toward:axillary_left``), or at this client's compromised groups.
STROKES = ("centripetal_light", "no_rerouting")
AIMED_STROKES = ("no_drainage_toward", "drainage_toward", "toward_functional_nodes")
# Products and product constraints written with a site (``lubricant:face``).
SITED_PRODUCTS = ("lubricant",)
SITED_CONSTRAINTS = ("no_product_on",)


def is_stroke_token(token: object) -> bool:
    if token in STROKES:
        return True
    if not isinstance(token, str) or ":" not in token:
        return False
    kind, _, target = token.partition(":")
    if kind not in AIMED_STROKES:
        return False
    if target == "compromised_basins":
        return kind == "no_drainage_toward"
    basin, _, side = target.rpartition("_")
    return basin in LYMPH_BASINS and side in SIDES


def is_product_token(token: object) -> bool:
    if not isinstance(token, str):
        return False
    kind, sep, site = token.partition(":")
    return token in PRODUCTS or (kind in SITED_PRODUCTS and bool(sep) and is_site_token(site))


def is_constraint_token(token: object) -> bool:
    if not isinstance(token, str):
        return False
    kind, sep, site = token.partition(":")
    return token in PRODUCT_CONSTRAINTS or (
        kind in SITED_CONSTRAINTS and bool(sep) and is_site_token(site)
    )


class _Reader:
    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def flag(self, data: dict, key: str) -> bool:
        value = data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, "expected true or false")
            return False
        return value

    def tokens(self, data: dict, key: str, valid, what: str, path: str | None = None) -> tuple:
        path = path or key
        value = data.get(key) or []
        if not isinstance(value, list):
            self.error(path, "expected a list")
            return ()
        good = []
        for index, item in enumerate(value):
            if valid(item) if callable(valid) else item in valid:
                good.append(item)
            else:
                self.error(f"{path}[{index}]", f"unknown {what} {item!r}")
        return tuple(dict.fromkeys(good))

    def level(self, data: dict, key: str, low: int, high: int) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(key, f"expected a whole number from {low} to {high}")
            return None
        return value

    def mapping(self, data: dict, key: str, expected: str) -> dict:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            self.error(key, f"expected {expected}")
            return {}
        return value

    def per_site(self, data: dict, key: str, what: str, read) -> tuple:
        """(site, value) pairs of a mapping keyed by site; ``read(value, path)`` returns
        (value, None) or (None, message)."""
        pairs = []
        for token, raw in self.mapping(data, key, f"a mapping of site to {what}").items():
            path = f"{key}.{token}"
            if not is_site_token(token):
                self.error(path, "unknown body region or site token")
                continue
            value, problem = read(raw, path)
            if problem:
                self.error(path, problem)
            else:
                pairs.append((token, value))
        return tuple(pairs)

    def parts(self, data: dict, key: str, names: tuple[str, str]) -> dict:
        """A mapping with two named lists (positions: use/prohibited; thermal: no_heat/no_cold)."""
        value = self.mapping(data, key, f"{names[0]}: and {names[1]}: lists")
        for name in value:
            if name not in names:
                self.error(f"{key}.{name}", f"unknown field; use '{names[0]}' or '{names[1]}'")
        return value

    def choice(self, data: dict, key: str, values: tuple) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value not in values:
            self.error(key, f"expected one of {', '.join(values)}")
            return None
        return value


def _pressure(level, path: str):
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
        return None, "expected a pressure level from 0 to 5"
    return level, None


def _joint_level(level, path: str):
    if level not in JOINT_LEVELS:
        return None, f"expected one of {', '.join(JOINT_LEVELS)}"
    return level, None


def _technique_sites(data: dict, r: _Reader) -> tuple:
    """(technique, sites) for techniques confined to some sites."""
    pairs = []
    expected = "a mapping of technique to the sites it is done on"
    raw = r.mapping(data, "technique_sites", expected)
    for technique in raw:
        path = f"technique_sites.{technique}"
        if technique not in TECHNIQUES:
            r.error(path, f"unknown technique {technique!r}")
            continue
        sites = r.tokens(raw, technique, is_site_token, "body region or site token", path)
        if not sites:
            r.error(path, "name at least one site")
        elif TECHNIQUES[technique].whole_body:
            r.error(path, "this is a whole-body technique; it cannot be confined to sites")
        else:
            pairs.append((technique, sites))
    return tuple(pairs)


def parse_plan(data: Any) -> Plan:
    """A validated ``Plan``, or ``PlanError`` naming every field that is wrong."""
    if isinstance(data, Plan):
        return data
    if not isinstance(data, dict):
        raise PlanError([("plan", "expected a mapping of plan fields")])
    r = _Reader()
    for key in data:
        if key not in PLAN_KEYS:
            r.error(str(key), "unknown plan field")

    site_limits = r.per_site(data, "site_limits", "pressure level", _pressure)
    joint_on = r.per_site(data, "joint_movement_on", "joint-movement level", _joint_level)

    def techniques(value, path: str):
        return r.tokens({"value": value}, "value", TECHNIQUES, "technique", path), None

    excluded_on = r.per_site(data, "excluded_techniques_on", "techniques", techniques)
    technique_sites = _technique_sites(data, r)
    positions = r.parts(data, "positions", ("use", "prohibited"))
    thermal = r.parts(data, "thermal", ("no_heat", "no_cold"))

    plan = Plan(
        postpone=r.flag(data, "postpone"),
        services_postponed=r.tokens(data, "services_postponed", ALL_SERVICES, "service"),
        refer=r.tokens(data, "refer", REFERRALS, "referral"),
        md_release_required=r.flag(data, "md_release_required"),
        max_pressure_global=r.level(data, "max_pressure_global", 0, 5),
        site_limits=site_limits,
        avoid_sites=r.tokens(data, "avoid_sites", is_site_token, "body region or site token"),
        positions_use=r.tokens(positions, "use", POSITIONS, "position", "positions.use"),
        positions_prohibited=r.tokens(
            positions, "prohibited", POSITIONS, "position", "positions.prohibited"
        ),
        stroke_direction=r.tokens(data, "stroke_direction", is_stroke_token, "stroke direction"),
        techniques=tuple(
            dict.fromkeys(
                [*r.tokens(data, "techniques", TECHNIQUES, "technique"), *dict(technique_sites)]
            )
        ),
        excluded_techniques=r.tokens(data, "excluded_techniques", TECHNIQUES, "technique"),
        joint_movement=r.choice(data, "joint_movement", JOINT_LEVELS),
        joint_movement_on=joint_on,
        excluded_techniques_on=excluded_on,
        technique_sites=technique_sites,
        no_heat=r.tokens(thermal, "no_heat", is_site_token, "site", "thermal.no_heat"),
        no_cold=r.tokens(thermal, "no_cold", is_site_token, "site", "thermal.no_cold"),
        products_used=r.tokens(data, "products_used", is_product_token, "product"),
        product_constraints=r.tokens(
            data, "product_constraints", is_constraint_token, "product constraint"
        ),
        max_duration_min=r.level(data, "max_duration_min", 5, 240),
        infection_control=r.choice(data, "infection_control", INFECTION_LEVELS),
        ppe=r.tokens(data, "ppe", PPE, "PPE item"),
        process=r.tokens(data, "process", PROCESS_STEPS, "process step"),
    )
    both = set(plan.techniques) & set(plan.excluded_techniques)
    for technique in sorted(both):
        r.error("excluded_techniques", f"{label(technique)} is both planned and left out")
    for position in sorted(set(plan.positions_use) & set(plan.positions_prohibited)):
        r.error("positions.prohibited", f"{label(position)} is both used and ruled out")
    if r.errors:
        raise PlanError(r.errors)
    return plan
