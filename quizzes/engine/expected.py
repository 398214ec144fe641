"""The combined requirements of the triggered rules (RULES.md §1 steps 1–9), must and should
kept apart with the rules behind each item, and the plan that meets them all.

``expected_requirements`` is what feedback shows as "what the plan should have said";
``expected_plan`` writes it as a plan, which must always grade safe (a property test holds
the engine to that).
"""

from __future__ import annotations

from .body import within
from .checks import required_services
from .sites import SiteResolver
from .vocabulary import INFECTION_LEVELS, JOINT_LEVELS, POSITION_PARENT, POSITIONS


def _lowest(current, value):
    return value if current is None else min(current, value)


def _least_joint(current, value):
    return value if current is None else min(current, value, key=JOINT_LEVELS.index)


def _most_infection_control(current, value):
    return value if current is None else max(current, value, key=INFECTION_LEVELS.index)


def _either(current, value):
    return value if current is None else (current or value)


def _union(current, value):
    return list(dict.fromkeys([*(current or []), *value]))


def _union_by_key(current, value):
    merged = {k: list(v) for k, v in (current or {}).items()}
    for key, items in value.items():
        merged[key] = _union(merged.get(key), items)
    return merged


def _site_mapping(order):
    """Per-token limits (``site_limits``, ``joint_movement_on``, ``ppe_on``,
    ``excluded_techniques_on``), each token keeping the strictest or the union."""

    def combine(current, value, sites: SiteResolver):
        merged = dict(current or {})
        for token, limit in value:
            item = merged.setdefault(
                token, {"limit": limit, "regions": sorted(sites.resolve(token))}
            )
            item["limit"] = order(item["limit"], limit)
        return merged

    return combine


COMBINE = {
    "max_pressure_global": _lowest,
    "max_duration_min": _lowest,
    "joint_movement": _least_joint,
    "infection_control": _most_infection_control,
    "postpone": _either,
    "md_release_required": _either,
    "positions": _union_by_key,
    "thermal": _union_by_key,
}
SITE_MAPPINGS = {
    "site_limits": _site_mapping(min),
    "joint_movement_on": _site_mapping(lambda a, b: min(a, b, key=JOINT_LEVELS.index)),
    "excluded_techniques_on": _site_mapping(lambda a, b: _union(a, b)),
    "ppe_on": _site_mapping(lambda a, b: _union(a, b)),
}


def _merge(block: dict, key: str, value, rule_id: str, sites: SiteResolver, derived: dict):
    entry = block.setdefault(key, {"value": None, "rules": []})
    if rule_id not in entry["rules"]:
        entry["rules"].append(rule_id)
    current = entry["value"]
    if key in SITE_MAPPINGS:
        entry["value"] = SITE_MAPPINGS[key](current, value, sites)
    elif key in COMBINE:
        entry["value"] = COMBINE[key](current, value)
    elif key == "services_postponed":
        entry["value"] = _union(current, required_services(value, derived["services"]))
    elif key == "avoid_sites":
        merged = dict(current or {})
        for token in value:
            merged.setdefault(token, sorted(sites.resolve(token)))
        entry["value"] = merged
    elif key == "stroke_direction":
        expanded = []
        for token in value:
            if token == "no_drainage_toward:compromised_basins":
                expanded += [f"no_drainage_toward:{b}" for b in derived["compromised_basins"]]
            else:
                expanded.append(token)
        entry["value"] = _union(current, expanded)
    else:
        entry["value"] = _union(current, value)


def expected_requirements(fired, sites: SiteResolver, derived: dict, postponed: bool) -> dict:
    """The combined requirements (RULES.md §1), must and should kept apart, with the rules
    behind each item."""
    result: dict[str, dict] = {"must": {}, "should": {}}
    for rule in fired:
        for severity, key, value in rule.requirements():
            block = result["must" if severity == "unsafe" else "should"]
            _merge(block, key, value, rule.base_id, sites, derived)
    if postponed:
        result["postpone_dominates"] = True
    return result


def _value(expected: dict, key: str):
    """The strictest of the must and should values of ``key`` (both blocks)."""
    values = [expected[b][key]["value"] for b in ("must", "should") if key in expected[b]]
    if not values:
        return None
    combined = None
    for value in values:
        if key in COMBINE:
            combined = COMBINE[key](combined, value)
        elif isinstance(value, dict):
            combined = {**(combined or {}), **value}
        else:
            combined = _union(combined, value)
    return combined


def expected_plan(expected: dict) -> dict:
    """A plan that meets every expected requirement: the engine's own expert answer.

    Limits are written at the required level, exclusions and referrals as listed, the one
    position every "use" list allows and no prohibited one; a service that must be postponed
    is postponed. Nothing is planned that a rule could forbid (no techniques, no products
    beyond those a rule asks for)."""
    if expected.get("postpone_dominates"):
        return {"postpone": True, "refer": _value(expected, "refer") or []}
    plan: dict = {"postpone": False}
    for key in ("refer", "process", "ppe", "product_constraints", "products_used"):
        if (value := _value(expected, key)) is not None:
            plan[key] = value
    plan["product_constraints"] = [
        c for c in plan.get("product_constraints", []) if not c.startswith("no_product_on:")
    ] + [f"no_product_on:{c.partition(':')[2]}" for c in _no_product(expected)]
    if services := _value(expected, "services_postponed"):
        plan["services_postponed"] = services
    if ppe_on := _value(expected, "ppe_on"):
        worn = [item for entry in ppe_on.values() for item in entry["limit"]]
        plan["ppe"] = _union(plan.get("ppe"), worn)
    plan["md_release_required"] = bool(_value(expected, "md_release_required"))
    for key in ("max_pressure_global", "max_duration_min", "joint_movement", "infection_control"):
        if (value := _value(expected, key)) is not None:
            plan[key] = value
    if (limits := _value(expected, "site_limits")) is not None:
        plan["site_limits"] = _nested_limits(limits)
    if (avoid := _value(expected, "avoid_sites")) is not None:
        plan["avoid_sites"] = list(avoid)
    if (joints := _value(expected, "joint_movement_on")) is not None:
        plan["joint_movement_on"] = {token: item["limit"] for token, item in joints.items()}
    if (excluded := _value(expected, "excluded_techniques_on")) is not None:
        plan["excluded_techniques_on"] = {t: item["limit"] for t, item in excluded.items()}
    if (thermal := _value(expected, "thermal")) is not None:
        plan["thermal"] = thermal
    if (strokes := _value(expected, "stroke_direction")) is not None:
        plan["stroke_direction"] = [s for s in strokes if not s.startswith("no_drainage")] + [
            s for s in strokes if s.startswith("no_drainage")
        ]
    plan["excluded_techniques"] = _value(expected, "excluded_techniques") or []
    plan["positions"] = _positions(_value(expected, "positions") or {})
    return plan


def _nested_limits(limits: dict) -> dict:
    """Each required cap written on its token, an inner token never looser than a token
    around it: in a plan the innermost token speaks (VOCABULARY §3.1), so "lymphedema
    regions 0" around "the PICC-side hand 1" must write the hand at 0."""
    regions = {token: set(item["regions"]) for token, item in limits.items()}

    def inside(inner, outer):
        return within(regions[inner], regions[outer])

    return {
        token: min(
            [item["limit"]]
            + [other["limit"] for o, other in limits.items() if o != token and inside(token, o)]
        )
        for token, item in limits.items()
    }


def _no_product(expected: dict) -> list[str]:
    constraints = _value(expected, "product_constraints") or []
    return [c for c in constraints if c.startswith("no_product_on:")]


def _positions(required: dict) -> dict:
    prohibited = set(required.get("prohibited", ()))
    banned = prohibited | {c for c, p in POSITION_PARENT.items() if p in prohibited}
    banned |= {POSITION_PARENT[c] for c in prohibited if c in POSITION_PARENT}
    allowed = [p for p in POSITIONS if p not in banned]
    wanted = required.get("use")
    if wanted:
        allowed = [p for p in allowed if p in wanted] or allowed
    preference = ("semi_reclined", "seated", "in_bed", "supine")
    use = next((p for p in preference if p in allowed), allowed[0] if allowed else "seated")
    return {"use": [use], "prohibited": sorted(prohibited)}
