"""Turn a plan in the plan vocabulary into the values a learner would pick in the quiz form
(areas instead of symbolic tokens, as a therapist would tick them)."""

from quizzes.engine.facts import derive, normalize_facts
from quizzes.engine.sites import SiteResolver, parent
from quizzes.forms import ALL_AREAS


def form_values(plan: dict, facts: dict) -> dict:
    normalized = normalize_facts(facts)
    sites = SiteResolver(normalized, derive(normalized))

    def areas(tokens):
        result = set()
        for token in tokens or []:
            if token in ALL_AREAS or token == "global":
                result.add(token)
            else:
                result |= {parent(site) for site in sites.resolve(token)}
        return sorted(result)

    limits: dict[str, int] = {}
    for token, level in (plan.get("site_limits") or {}).items():
        for area in [token] if token in ALL_AREAS else areas([token]):
            limits[area] = min(level, limits.get(area, 5))
    strokes = plan.get("stroke_direction") or []
    constraints = plan.get("product_constraints") or []
    thermal = plan.get("thermal") or {}
    positions = plan.get("positions") or {}
    return {
        "postpone": bool(plan.get("postpone")),
        "services_postponed": plan.get("services_postponed") or [],
        "refer": plan.get("refer") or [],
        "md_release_required": bool(plan.get("md_release_required")),
        "max_pressure_global": plan.get("max_pressure_global", 5),
        "limits": limits,
        "avoid_sites": areas(plan.get("avoid_sites")),
        "positions_use": positions.get("use") or [],
        "positions_prohibited": positions.get("prohibited") or [],
        "techniques": plan.get("techniques") or [],
        "joint_movement": plan.get("joint_movement") or "none",
        "no_joint_movement": areas(
            token
            for token, level in (plan.get("joint_movement_on") or {}).items()
            if level == "none"
        ),
        "no_heat": areas(thermal.get("no_heat")),
        "no_cold": areas(thermal.get("no_cold")),
        "centripetal_light": "centripetal_light" in strokes,
        "no_drainage_toward": [s.split(":", 1)[1] for s in strokes if s.startswith("no_drainage")],
        "drainage_toward": [s.split(":", 1)[1] for s in strokes if s.startswith("drainage_toward")],
        "products_used": plan.get("products_used") or [],
        "product_constraints": [c for c in constraints if not c.startswith("no_product_on:")],
        "no_product_on": areas(
            c.split(":", 1)[1] for c in constraints if c.startswith("no_product_on:")
        ),
        "max_duration_min": plan.get("max_duration_min"),
        "infection_control": plan.get("infection_control") or "standard",
        "ppe": plan.get("ppe") or [],
        "process": plan.get("process") or [],
    }


def as_post(key: str, values: dict) -> dict:
    """The same values as form data (for checking them without a browser)."""
    data = {}
    for name, value in values.items():
        if name == "limits":
            for area, level in value.items():
                data[f"q-{key}-limit__{area}"] = [str(level)]
        elif isinstance(value, bool):
            if value:
                data[f"q-{key}-{name}"] = ["on"]
        elif isinstance(value, list):
            data[f"q-{key}-{name}"] = value
        elif value is not None:
            data[f"q-{key}-{name}"] = [str(value)]
    return data
