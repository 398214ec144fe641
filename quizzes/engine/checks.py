"""One check per requirement key (content/rules/README.md): does the plan meet it?

Each check takes a ``PlanReading`` and the requirement's value and returns ``Finding``s in
the learner's words (labels from ``vocabulary``, never tokens). How prohibitions and
declarations differ (RULES §1 item 13): a prohibition is broken by what the plan *does* (a
technique, heat source, position or product that lands where it is forbidden); a positive
requirement (a referral, a process step, a release, an avoided site, a pressure cap, a
recommendation) must be *written*. A prohibitive product constraint that the plan leaves
unsaid while using no offending product is a caution whatever the rule's severity: the plan
should say it, but nothing harmful is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .body import DOWNSTREAM_BASINS, covers
from .reading import PlanReading
from .vocabulary import (
    HAND_FOOT_SERVICES,
    INFECTION_LEVELS,
    JOINT_LEVELS,
    POSITION_PARENT,
    PRODUCT_CONSTRAINTS,
    SECTIONS,
    SITE_WEIGHT,
    TECHNIQUES,
    basin_label,
    label,
    lowered,
    region_label,
    site_label,
)

# The fields of the sections about where and how hard the hands go, which weigh double.
SITE_FIELDS = frozenset(
    field
    for section in SECTIONS.values()
    if section.grading == SITE_WEIGHT
    for field in section.fields
)


@dataclass(frozen=True)
class Finding:
    field: str
    detail: str
    caution_only: bool = False  # a must item whose breach harms nobody: graded as caution


Check = Callable[[PlanReading, object], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(key: str):
    def register(function: Check) -> Check:
        CHECKS[key] = function
        return function

    return register


def places(sites) -> str:
    """A list of sites in a learner's words."""
    sites = sorted(sites)
    if len(sites) >= 12:
        return f"most of the body ({len(sites)} areas)"
    return ", ".join(region_label(s) for s in sites) or "nothing"


def _each_listed(field: str, words: Callable[[str], str]) -> Check:
    """A positive requirement met by writing each item in the plan's list of that name."""

    def run(p: PlanReading, value) -> list[Finding]:
        planned = getattr(p.plan, field)
        return [Finding(field, words(item)) for item in value if item not in planned]

    return run


CHECKS["refer"] = _each_listed("refer", lambda item: f"Refer: {label(item)}.")
CHECKS["ppe"] = _each_listed("ppe", lambda item: f"Wear {lowered(label(item))}.")
CHECKS["products_used"] = _each_listed(
    "products_used", lambda item: f"Use: {lowered(label(item))}."
)
CHECKS["process"] = _each_listed("process", lambda item: f"Include: {lowered(label(item))}.")


def required_services(value, services) -> list[str]:
    """``hand_foot_services`` is whichever hand or foot services were requested."""
    result = []
    for item in value:
        if item == "hand_foot_services":
            result += [s for s in services if s in HAND_FOOT_SERVICES]
        elif item in services:
            result.append(item)
    return list(dict.fromkeys(result))


@check("postpone")
def _postpone(p: PlanReading, value) -> list[Finding]:
    if value is False and p.refuses:
        return [
            Finding(
                "postpone",
                "Nothing here requires postponing: offer an adapted session. A plan that "
                "refuses care shows none of the adaptations this client needs.",
            )
        ]
    if value is False and p.blanket:
        return [
            Finding(
                "postpone",
                "Nothing here limits the whole body to stationary holds: offer an adapted "
                "session. Holding still everywhere shows none of the adaptations this client "
                "needs.",
            )
        ]
    if value is True and not p.plan.postpone:
        return [Finding("postpone", "Postpone today's session.")]
    return []


@check("services_postponed")
def _services_postponed(p: PlanReading, value) -> list[Finding]:
    needed = required_services(value, p.services)
    missing = [s for s in needed if s not in p.plan.services_postponed]
    if missing and not p.plan.postpone:
        return [
            Finding(
                "services_postponed",
                f"Postpone the {', '.join(lowered(label(s)) for s in missing)} today.",
            )
        ]
    return []


@check("md_release_required")
def _release(p: PlanReading, value) -> list[Finding]:
    if p.plan.md_release_required:
        return []
    return [Finding("md_release_required", "Confirm this plan with the treating team first.")]


@check("max_pressure_global")
def _global_cap(p: PlanReading, cap) -> list[Finding]:
    if p.highest_pressure <= cap:
        return []
    over = [s for s in p.check_sites if p.pressure(s) > cap]
    if not over:
        return []
    return [
        Finding(
            "max_pressure_global",
            f"Pressure must stay at level {cap} or lower everywhere; the plan allows more on "
            f"{places(over)}.",
        )
    ]


@check("site_limits")
def _site_limits(p: PlanReading, value) -> list[Finding]:
    found = []
    for token, cap in value:
        over = [s for s in p.parts(p.resolve(token)) if p.pressure(s) > cap]
        if over:
            found.append(
                Finding(
                    "site_limits",
                    f"At most level {cap} on {site_label(token)}; the plan allows more on "
                    f"{places(over)}.",
                )
            )
    return found


@check("avoid_sites")
def _avoid(p: PlanReading, value) -> list[Finding]:
    found = []
    for token in value:
        required = p.resolve(token)
        if not required:
            continue
        parts = p.parts(required)
        touched = [s for s in parts if p.pressure(s) >= 0]
        if touched:
            found.append(
                Finding(
                    "avoid_sites",
                    f"Do not touch {site_label(token)}; the plan does not leave out "
                    f"{places(touched)}.",
                )
            )
        for technique in p.plan.techniques:
            if p.is_placed(technique) and p.lands_on_any(technique, parts):
                found.append(
                    Finding(
                        "techniques",
                        f"{label(technique)} would be done on {site_label(token)}, which must "
                        "not be touched.",
                    )
                )
        if any(p.products_on(s) for s in parts):
            found.append(Finding("products_used", f"No product on {site_label(token)}."))
    return found


def _matches(position: str, banned: str) -> bool:
    return (
        position == banned
        or POSITION_PARENT.get(position) == banned
        or (POSITION_PARENT.get(banned) == position)
    )


@check("positions")
def _positions(p: PlanReading, value) -> list[Finding]:
    used, found = p.plan.positions_use, []
    prohibited = value.get("prohibited", ())
    for banned in prohibited:
        for position in used:
            if _matches(position, banned):
                found.append(
                    Finding(
                        "positions",
                        f"{label(position)} is not safe here ({lowered(label(banned))} is ruled "
                        "out).",
                    )
                )
    if prohibited and not used and not p.plan.positions_prohibited:
        found.append(
            Finding(
                "positions",
                "Say how the client will lie: "
                + ", ".join(lowered(label(b)) for b in prohibited)
                + " is ruled out here.",
                caution_only=True,
            )
        )
    allowed = value.get("use", ())
    if allowed and not any(u in allowed or POSITION_PARENT.get(u) in allowed for u in used):
        found.append(
            Finding("positions", "Use " + " or ".join(lowered(label(a)) for a in allowed) + ".")
        )
    return found


@check("excluded_techniques")
def _excluded(p: PlanReading, value) -> list[Finding]:
    return [
        Finding("techniques", f"{label(t)} must be left out.")
        for t in p.plan.techniques
        if t in value
    ]


@check("excluded_techniques_on")
def _excluded_on(p: PlanReading, value) -> list[Finding]:
    found = []
    for token, techniques in value:
        region = p.resolve(token)
        for technique in p.plan.techniques:
            if technique in techniques and p.lands_on_any(technique, p.parts(region)):
                found.append(
                    Finding("techniques", f"No {lowered(label(technique))} on {site_label(token)}.")
                )
    return found


@check("joint_movement")
def _joint(p: PlanReading, level) -> list[Finding]:
    if JOINT_LEVELS.index(p.joint) > JOINT_LEVELS.index(level):
        return [Finding("joint_movement", f"Joint movement: {lowered(label(level))} at most.")]
    return []


@check("joint_movement_on")
def _joint_on(p: PlanReading, value) -> list[Finding]:
    found = []
    for token, level in value:
        too_much = [
            s
            for s in p.parts(p.resolve(token))
            if JOINT_LEVELS.index(p.joint_at(s)) > JOINT_LEVELS.index(level)
        ]
        if too_much:
            found.append(
                Finding(
                    "joint_movement",
                    f"Joint movement on {site_label(token)}: {lowered(label(level))} at most "
                    f"(the plan allows more on {places(too_much)}).",
                )
            )
    return found


@check("thermal")
def _thermal(p: PlanReading, value) -> list[Finding]:
    """Broken by a heat (cold) technique that lands there; left unsaid with none landing,
    a caution: the plan should still say it (RULES §1 item 13)."""
    found = []
    for key, kind in (("no_heat", "heat"), ("no_cold", "cold")):
        region = frozenset().union(*(p.resolve(t) for t in value.get(key, ())))
        if not region:
            continue
        where = ", ".join(site_label(t) for t in value[key])
        reaching = [
            technique
            for technique in p.plan.techniques
            if getattr(TECHNIQUES[technique], kind) and p.lands_on_any(technique, p.parts(region))
        ]
        for technique in reaching:
            found.append(
                Finding(
                    "thermal", f"No {kind} on {where}: {lowered(label(technique))} would reach it."
                )
            )
        declared = p.no_heat if kind == "heat" else p.no_cold
        unsaid = [s for s in region if p.pressure(s) >= 0 and not covers(declared, s)]
        if not reaching and unsaid:
            found.append(
                Finding("thermal", f"Add to the plan: no {kind} on {where}.", caution_only=True)
            )
    return found


def drains_into(aimed: str, compromised: str) -> bool:
    """Whether a drainage stroke aimed at ``aimed`` loads the ``compromised`` basin (the same
    basin, or one downstream of it, on a side that meets)."""
    a_basin, _, a_side = aimed.rpartition("_")
    c_basin, _, c_side = compromised.rpartition("_")
    sides_meet = "bilateral" in (a_side, c_side) or a_side == c_side
    return sides_meet and (c_basin == a_basin or c_basin in DOWNSTREAM_BASINS.get(a_basin, ()))


@check("stroke_direction")
def _strokes(p: PlanReading, value) -> list[Finding]:
    strokes, found = p.plan.stroke_direction, []
    for token in value:
        if token == "centripetal_light":
            if token not in strokes:
                found.append(Finding("stroke_direction", "Use light strokes toward the heart."))
            continue
        if token == "no_rerouting":
            for stroke in strokes:
                if stroke.startswith("toward_functional_nodes:"):
                    found.append(
                        Finding(
                            "stroke_direction",
                            "Rerouting lymph toward working nodes is lymphedema-therapist "
                            "work; leave it to a certified lymphedema therapist.",
                        )
                    )
            continue
        target = token.partition(":")[2]
        targets = p.sites.d["compromised_basins"] if target == "compromised_basins" else [target]
        for basin in targets:
            for stroke in strokes:
                kind, _, aimed = stroke.partition(":")
                if kind == "drainage_toward" and drains_into(aimed, basin):
                    found.append(
                        Finding(
                            "stroke_direction",
                            f"No drainage strokes toward {basin_label(basin)}.",
                        )
                    )
    return found


@check("product_constraints")
def _product_constraints(p: PlanReading, value) -> list[Finding]:
    declared, used, found = set(p.plan.product_constraints), set(p.plan.products_used), []
    for constraint in value:
        kind, _, token = constraint.partition(":")
        if kind == "no_product_on":
            found += _no_product_on(p, token)
            continue
        if constraint == "rt_team_approved_only_on_field":
            field_sites = p.sites.resolve("acute_radiation_field")
            touched = [s for s in field_sites if p.products_on(s)]
            if touched:
                found.append(
                    Finding(
                        "products_used",
                        "Only products the radiation team approved go on the treatment field.",
                    )
                )
            elif constraint not in declared and any(p.pressure(s) >= 0 for s in field_sites):
                found.append(
                    Finding(
                        "product_constraints",
                        f"Add to the plan: {lowered(label(constraint))}.",
                        caution_only=True,
                    )
                )
            continue
        spec = PRODUCT_CONSTRAINTS[constraint]
        if constraint == "recommend_mineral_spf30":
            if constraint not in declared and "mineral_spf30" not in used:
                found.append(Finding("product_constraints", f"{label(constraint)}."))
            continue
        said = constraint in declared or bool(spec.implied_by & declared)
        breakers = sorted(used & spec.breakers)
        for product in breakers:
            found.append(
                Finding(
                    "products_used",
                    f"{label(product)} breaks the rule: {lowered(label(constraint))}.",
                )
            )
        if not said and not breakers:
            found.append(
                Finding(
                    "product_constraints",
                    f"Add to the plan: {lowered(label(constraint))}.",
                    caution_only=not spec.positive,
                )
            )
    return found


def _no_product_on(p: PlanReading, token: str) -> list[Finding]:
    region = p.resolve(token)
    if not region:
        return []
    parts = p.parts(region)
    if any(p.products_on(s) for s in parts):
        return [Finding("products_used", f"No product on {site_label(token)}.")]
    if any(p.pressure(s) >= 0 and not covers(p.no_product, s) for s in parts):
        return [
            Finding(
                "product_constraints",
                f"Add to the plan: no product on {site_label(token)}.",
                caution_only=True,
            )
        ]
    return []


@check("products_excluded")
def _products_excluded(p: PlanReading, value) -> list[Finding]:
    return [
        Finding("products_used", f"Leave out: {lowered(label(product))}.")
        for product in value
        if product in p.plan.products_used
    ]


@check("max_duration_min")
def _duration(p: PlanReading, minutes) -> list[Finding]:
    planned = p.plan.max_duration_min
    if planned is None or planned > minutes:
        return [Finding("max_duration_min", f"Keep hands-on time to {minutes} minutes or less.")]
    return []


@check("infection_control")
def _infection(p: PlanReading, level) -> list[Finding]:
    planned = p.plan.infection_control or "standard"
    if INFECTION_LEVELS.index(planned) < INFECTION_LEVELS.index(level):
        return [Finding("infection_control", f"Infection control: {lowered(label(level))}.")]
    return []


@check("ppe_on")
def _ppe_on(p: PlanReading, value) -> list[Finding]:
    """Protective equipment needed only when the session works on those areas (RULES §1 item
    14: "gloves if working near the lesion or body fluids")."""
    found = []
    for token, items in value:
        region = p.resolve(token)
        if not any(p.works_on(s) for s in region):
            continue
        for item in items:
            if item not in p.plan.ppe:
                found.append(
                    Finding(
                        "ppe",
                        f"Wear {lowered(label(item))} when working on {site_label(token)}.",
                    )
                )
    return found
