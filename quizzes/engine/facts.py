"""The case-fact schema (VOCABULARY §1) and its validation.

Facts arrive as nested dicts and lists, as YAML parses them. ``validate_facts`` rejects an
unknown field name, a wrong type, an unknown enumeration value or region token, naming the
dotted path of the offending field (``radiation[0].field_regions[1]``), and also values that
fit the type but not the unit (a platelet count typed in ×10⁹/L) and records that contradict
themselves (a left-sided port in the right chest), saying what the slip probably was.
``null`` is accepted everywhere: it means "unknown", which rules never treat as normal.
``normalize_facts`` fills every field in and reads a missing ``side`` from the regions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

from .body import (
    BASIN_REGIONS,
    BONE_SITES,
    DEVICE_TYPES,
    LIMBS,
    LYMPH_BASINS,
    SERVICE_AREAS,
    SIDES,
    basin_regions,
    field_basins,
    is_region_token,
    overlap,
    side_of_region,
    sides_of,
)


class FactsError(ValueError):
    """Facts that do not fit the vocabulary. ``errors`` holds (path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


@dataclass(frozen=True)
class Spec:
    kind: str  # enum | bool | int | number | text | region | object | list
    values: tuple[str, ...] = ()
    fields: dict[str, Spec] | None = None
    item: Spec | None = None
    minimum: float | None = None
    maximum: float | None = None


def enum(*values: str) -> Spec:
    return Spec("enum", values=values)


def obj(**fields: Spec) -> Spec:
    return Spec("object", fields=fields)


def list_of(item: Spec) -> Spec:
    return Spec("list", item=item)


BOOL = Spec("bool")
TEXT = Spec("text")
REGION = Spec("region")
REGIONS = list_of(REGION)
TEXTS = list_of(TEXT)


def count(maximum: float | None = None) -> Spec:
    return Spec("number", minimum=0, maximum=maximum)


def whole(minimum: float | None = 0, maximum: float | None = None) -> Spec:
    return Spec("int", minimum=minimum, maximum=maximum)


SERVICES = ("massage", "facial", "manicure", "pedicure", "body_treatment")
SETTINGS = (
    "spa",
    "outpatient_clinic",
    "infusion_suite",
    "hospital_inpatient",
    "hospice",
    "home_care",
)
THERAPY_STATUS = enum("none", "ongoing", "completed")
SIDE = enum(*SIDES)

FACTS = obj(
    service=enum(*SERVICES),
    additional_services=list_of(enum(*SERVICES, "hand_massage")),
    setting=enum(*SETTINGS),
    age=whole(0, 120),
    sex=enum("F", "M", "X"),
    request=TEXT,
    notes=TEXT,
    cancer=obj(
        type=enum(
            "breast",
            "prostate",
            "head_neck",
            "lymphoma",
            "leukemia",
            "myeloma",
            "melanoma",
            "colorectal",
            "lung",
            "ovarian",
            "endometrial",
            "pancreatic",
            "other",
        ),
        status=enum("active", "metastatic", "ned", "unknown"),
        client_knows_sites=BOOL,
        unknown_primary=BOOL,
    ),
    labs=obj(
        platelets_per_uL=count(),
        anc_per_uL=count(),
        hemoglobin_g_dL=count(),
        days_since_drawn=count(),
    ),
    vitals=obj(temp_c=Spec("number")),
    chemo=obj(
        status=THERAPY_STATUS,
        route=enum("iv", "oral", "both"),
        myelosuppressive=BOOL,
        days_since_last_dose=count(),
        agents=TEXTS,
    ),
    targeted=obj(
        status=THERAPY_STATUS,
        agents=TEXTS,
        classes=list_of(
            enum(
                "egfr_inhibitor",
                "multikinase_inhibitor",
                "cdk46_inhibitor",
                "braf_mek_inhibitor",
                "other",
            )
        ),
    ),
    immuno=obj(status=THERAPY_STATUS, agents=TEXTS),
    endocrine=obj(status=THERAPY_STATUS, agents=TEXTS),
    radiation=list_of(
        obj(
            id=TEXT,
            type=enum("external", "brachy_permanent", "brachy_temporary", "radioiodine"),
            field_regions=REGIONS,
            nodal_basins=list_of(obj(basin=enum(*LYMPH_BASINS), side=SIDE)),
            status=enum("ongoing", "completed", "in_place"),
            days_since_last=count(),
            skin_reaction=enum(
                "none", "erythema", "dry_desquamation", "moist_desquamation", "ulceration"
            ),
            implant_regions=REGIONS,
        )
    ),
    surgeries=list_of(
        obj(
            id=TEXT,
            procedure=TEXT,
            regions=REGIONS,
            side=SIDE,
            weeks_since=count(),
            incision_healed=BOOL,
            drains=BOOL,
            reconstruction=enum("none", "tissue_expander", "implant", "flap"),
            flap_donor_regions=REGIONS,
        )
    ),
    lymph_nodes=list_of(
        obj(
            basin=enum(*LYMPH_BASINS),
            side=SIDE,
            procedure=enum("slnb", "dissection", "excisional_biopsy"),
            count=whole(0),
        )
    ),
    vte=list_of(
        obj(
            type=enum("dvt", "pe"),
            limb=enum(*LIMBS),
            status=enum("suspected", "active_treatment", "resolved"),
            months_since_treatment_completed=count(),
        )
    ),
    meds=obj(
        anticoagulant=TEXT,
        anticoagulant_indication=TEXT,
        antiplatelet=TEXT,
        prothrombotic=TEXTS,
        opioid=obj(level=enum("none", "low", "high"), sedated=BOOL),
        steroid_long_term=BOOL,
        bone_loss_drugs=list_of(enum("aromatase_inhibitor", "adt", "steroid")),
        gcsf_recent=BOOL,
        photosensitizers=TEXTS,
        hfs_drugs=TEXTS,
        oxaliplatin_days_since=count(),
        transdermal_patch=obj(drug=TEXT, region=REGION),
    ),
    signs=obj(
        unilateral_limb_swelling_pain_warmth=enum(*LIMBS),
        sudden_dyspnea_or_chest_pain=BOOL,
        new_swelling_regions=REGIONS,
        redness_warmth_regions=REGIONS,
        active_bleeding=BOOL,
        new_petechiae_regions=REGIONS,
    ),
    lymphedema=list_of(
        obj(
            regions=REGIONS,
            side=SIDE,
            status=enum("diagnosed", "suspected"),
            clt_managed=BOOL,
            compression_garment=BOOL,
        )
    ),
    therapist=obj(is_clt=BOOL),
    devices=list_of(
        obj(
            type=enum(*DEVICE_TYPES),
            region=REGION,
            side=SIDE,
            accessed=BOOL,
            placed_days_ago=count(),
        )
    ),
    bone=obj(
        metastases=list_of(enum(*BONE_SITES)),
        sites_known=BOOL,
        osteoporosis=BOOL,
        red_flags=list_of(
            enum(
                "new_leg_weakness",
                "new_numbness_saddle",
                "bowel_bladder_change",
                "band_like_trunk_pain",
                "rapidly_worsening_back_pain",
            )
        ),
        unexplained_localized_pain_regions=REGIONS,
    ),
    tumor=obj(
        palpable_sites=REGIONS, enlarged_nodes=REGIONS, fungating=REGIONS, organomegaly=REGIONS
    ),
    symptoms=obj(
        fatigue_0_10=count(10),
        nausea=BOOL,
        vomiting=BOOL,
        pain_0_10=count(10),
        dyspnea=enum("none", "exertional", "at_rest"),
        orthopnea=BOOL,
        dizziness=BOOL,
        bone_pain_gcsf=BOOL,
    ),
    neuropathy=obj(regions=REGIONS, sensory_loss=BOOL, pain=BOOL, allodynia=BOOL),
    skin=list_of(
        obj(
            condition=enum(
                "radiation_dermatitis",
                "hand_foot_syndrome",
                "acneiform_rash",
                "xerosis",
                "paronychia",
                "petechiae",
                "bruising",
                "open_wound",
                "moist_desquamation",
                "ulceration",
                "fungating_wound",
                "herpes_zoster_active",
                "weeping_rash",
                "pressure_injury",
                "reddened_bony_prominence",
                "alopecia",
                "hyperpigmentation",
            ),
            regions=REGIONS,
            grade=whole(1, 4),
            fissures_or_blisters=BOOL,
            pustular_or_eroded=BOOL,  # rash areas with pustules or erosions
            infected=BOOL,  # pus, spreading redness or warmth
            crusted=BOOL,  # every blister crusted over (shingles)
        )
    ),
    function=obj(
        bed_bound=BOOL,
        ecog=whole(0, 4),
        immobile=BOOL,
        cognition=enum("intact", "impaired"),
        actively_dying=BOOL,
    ),
    infection=obj(
        isolation=enum("none", "contact", "droplet", "airborne", "protective"),
        active_systemic_infection=BOOL,
        therapist_ill=BOOL,
    ),
    admin=obj(
        hospice_enrolled=BOOL,
        md_release_on_file=BOOL,
        proxy=TEXT,
        code_status=enum("full", "dnr"),
    ),
)


def _check(value: Any, spec: Spec, path: str, errors: list[tuple[str, str]]) -> None:
    if value is None:
        return
    kind = spec.kind
    if kind == "object":
        if not isinstance(value, dict):
            errors.append((path, "expected a mapping of fields"))
            return
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if key not in spec.fields:
                errors.append((child, "unknown fact (not in the vocabulary)"))
            else:
                _check(item, spec.fields[key], child, errors)
    elif kind == "list":
        if not isinstance(value, list):
            errors.append((path, "expected a list"))
            return
        for index, item in enumerate(value):
            _check(item, spec.item, f"{path}[{index}]", errors)
    elif kind == "bool":
        if not isinstance(value, bool):
            errors.append((path, "expected true or false"))
    elif kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, Real):
            errors.append((path, "expected a number"))
        elif not math.isfinite(value):
            errors.append((path, "expected a finite number"))
        elif kind == "int" and value != int(value):
            errors.append((path, "expected a whole number"))
        elif spec.minimum is not None and value < spec.minimum:
            errors.append((path, f"must be at least {spec.minimum:g}"))
        elif spec.maximum is not None and value > spec.maximum:
            errors.append((path, f"must be at most {spec.maximum:g}"))
    elif kind == "enum":
        if value not in spec.values:
            expected = ", ".join(spec.values)
            errors.append((path, f"unknown value {value!r}; expected one of {expected}"))
    elif kind == "region":
        if not is_region_token(value):
            errors.append((path, f"unknown body region {value!r}"))
    elif kind == "text" and not isinstance(value, str):
        errors.append((path, "expected text"))


def validate_facts(facts: Any) -> dict:
    """Return ``facts`` if it fits the vocabulary, else raise ``FactsError`` naming each field."""
    errors: list[tuple[str, str]] = []
    if not isinstance(facts, dict):
        raise FactsError([("facts", "expected a mapping of fact names to values")])
    _check(facts, FACTS, "", errors)
    if not errors:
        _plausible(facts, errors)
        _consistent(facts, errors)
    if errors:
        raise FactsError(errors)
    return facts


def _get(facts: dict, path: str):
    value: Any = facts
    for name in path.split("."):
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _plausible(facts: dict, errors: list[tuple[str, str]]) -> None:
    """Values that fit the type but not the unit: the slips a reader of a lab report makes.
    A platelet count of 40 is 40 ×10⁹/L, not 40/µL; read as 40/µL it would fire the
    below-10,000 rules and hide the 20,000–50,000 ones, so it is refused with the likely
    reading rather than guessed."""
    platelets = _get(facts, "labs.platelets_per_uL")
    if platelets is not None and platelets < 1000:
        errors.append(
            (
                "labs.platelets_per_uL",
                f"{platelets:g} is not a count per µL; a report of {platelets:g} ×10⁹/L "
                f"(or ×10³/µL) is {platelets * 1000:,.0f}/µL",
            )
        )
    elif platelets is not None and platelets > 2_000_000:
        errors.append(("labs.platelets_per_uL", f"{platelets:,.0f}/µL is not a plausible count"))
    anc = _get(facts, "labs.anc_per_uL")
    if anc is not None and anc < 100 and anc != int(anc):
        errors.append(
            (
                "labs.anc_per_uL",
                f"{anc:g} is not a count per µL; "
                f"a report of {anc:g} ×10⁹/L is {anc * 1000:,.0f}/µL",
            )
        )
    elif anc is not None and anc > 200_000:
        errors.append(("labs.anc_per_uL", f"{anc:,.0f}/µL is not a plausible count"))
    hemoglobin = _get(facts, "labs.hemoglobin_g_dL")
    if hemoglobin is not None and hemoglobin > 25:
        errors.append(
            (
                "labs.hemoglobin_g_dL",
                f"{hemoglobin:g} looks like g/L; {hemoglobin:g} g/L is {hemoglobin / 10:g} g/dL",
            )
        )
    temperature = _get(facts, "vitals.temp_c")
    if temperature is not None and not 30 <= temperature <= 45:
        hint = (
            f"; {temperature:g} °F is {(temperature - 32) * 5 / 9:.1f} °C"
            if 86 <= temperature <= 113
            else ""
        )
        errors.append(("vitals.temp_c", f"{temperature:g} °C is not a body temperature{hint}"))


def _side_conflict(side, regions) -> str | None:
    """Why a record's ``side`` contradicts its regions, or None."""
    found = sides_of(regions)
    if side is None or found is None or side == found:
        return None
    return f"{side!r} contradicts the regions {', '.join(regions)} (on the {found} side)"


def _consistent(facts: dict, errors: list[tuple[str, str]]) -> None:
    """Records that contradict themselves (a left port in the right chest) are refused:
    which side is meant decides which rules fire, so the author must say."""
    for index, device in enumerate(facts.get("devices") or []):
        if not isinstance(device, dict):
            continue
        region, side = device.get("region"), device.get("side")
        region_side = side_of_region(region) if region else None
        if side in ("left", "right") and region_side not in (None, side):
            errors.append(
                (
                    f"devices[{index}].side",
                    f"{side!r} contradicts the region {region!r} (on the {region_side} side)",
                )
            )
        if device.get("type") == "picc" and not side and not region_side:
            errors.append((f"devices[{index}].side", "say which arm the PICC is in"))
    for key in ("surgeries", "lymphedema"):
        for index, record in enumerate(facts.get(key) or []):
            if isinstance(record, dict):
                conflict = _side_conflict(record.get("side"), record.get("regions") or [])
                if conflict:
                    errors.append((f"{key}[{index}].side", conflict))
    for index, node in enumerate(facts.get("lymph_nodes") or []):
        missing = isinstance(node, dict) and node.get("basin") and not node.get("side")
        if missing and _node_side(node["basin"], facts) is None:
            errors.append(
                (
                    f"lymph_nodes[{index}].side",
                    "say which side (left, right or bilateral): it decides which regions "
                    "are at risk for life",
                )
            )
    for r, course in enumerate(facts.get("radiation") or []):
        if not isinstance(course, dict):
            continue
        for b, basin in enumerate(course.get("nodal_basins") or []):
            missing = isinstance(basin, dict) and basin.get("basin") and not basin.get("side")
            if missing and sides_of(course.get("field_regions") or []) is None:
                errors.append(
                    (
                        f"radiation[{r}].nodal_basins[{b}].side",
                        "say which side (left, right or bilateral) was irradiated",
                    )
                )


def _node_side(basin: str, facts: dict) -> str | None:
    """The side of a node record that does not say: from the surgery that reached the
    basin's region, else ``bilateral`` for pelvic and para-aortic nodes (usually both
    sides, VOCABULARY table 2.3); None when it cannot be told."""
    template = BASIN_REGIONS[basin]
    found = set()
    for surgery in facts.get("surgeries") or []:
        for side in ("left", "right"):
            if template.format(s=side) in (surgery.get("regions") or []):
                found.add(side)
    if found:
        return found.pop() if len(found) == 1 else "bilateral"
    return "bilateral" if basin in ("pelvic", "para_aortic") else None


def _filler(spec: Spec, *, always: bool = False):
    """A function that fills a value of ``spec`` in (built once: normalizing runs on every
    grading). An unknown nested record (a medication patch) stays None unless ``always``:
    the top-level sections and list items are always filled."""
    if spec.kind == "list":
        fill_item = _filler(spec.item, always=True)
        if fill_item is None:
            return lambda value: list(value) if isinstance(value, list) else []
        return lambda value: [fill_item(v) for v in value] if isinstance(value, list) else []
    if spec.kind != "object":
        return None  # a scalar is taken as it is
    children = []
    for name, child in spec.fields.items():
        children.append((name, _filler(child, always=always and spec is FACTS)))

    def fill(value):
        if value is None and not always:
            return None
        value = value if isinstance(value, dict) else {}
        return {
            name: value.get(name) if child is None else child(value.get(name))
            for name, child in children
        }

    return fill


_fill_facts = _filler(FACTS, always=True)


def normalize_facts(facts: dict) -> dict:
    """Validated facts with every vocabulary field present: unknown scalars and records as
    None, lists as [], sections (``labs``, ``chemo`` …) and list items filled in. Conditions
    and derived predicates can then read any path without guarding for absence."""
    unknown_nodes = [
        index
        for index, course in enumerate(validate_facts(facts).get("radiation") or [])
        if course.get("type") == "external" and course.get("nodal_basins") is None
    ]
    filled = _fill_facts(facts)
    for index in unknown_nodes:  # not reported is unknown, and unknown is not normal
        course = filled["radiation"][index]
        course["nodal_basins"] = [
            {"basin": basin, "side": side} for basin, side in field_basins(course["field_regions"])
        ]
    _fill_sides(filled)
    return filled


def _fill_sides(f: dict) -> None:
    """Records without ``side`` take it from their regions, so no rule is lost to a missing
    word: a PICC in ``left_arm`` is on the left; a surgery on ``chest_right`` and
    ``axilla_right`` is on the right; a node record from the surgery that reached its basin."""
    for device in f["devices"]:
        if not device["side"] and device["region"]:
            device["side"] = side_of_region(device["region"])
    for record in (*f["surgeries"], *f["lymphedema"]):
        if not record["side"]:
            record["side"] = sides_of(record["regions"])
    for node in f["lymph_nodes"]:
        if node["basin"] and not node["side"]:
            node["side"] = _node_side(node["basin"], f)
    for course in f["radiation"]:
        for basin in course["nodal_basins"]:
            if basin["basin"] and not basin["side"]:
                basin["side"] = sides_of(course["field_regions"])


DERIVED_PREDICATES = (
    "chemo_recent",
    "rt_external_ongoing",
    "systemic_active",
    "treatment_within_12mo",
    "active_cancer",
    "surgery_within_6wk",
    "at_risk_regions",
    "compromised_basins",
    "services",
    "uses_skin_products",
    "service_targets_rt_field",
    "postpone_required",
)


def _le(value, limit) -> bool:
    return value is not None and value <= limit


def derive(f: dict) -> dict:
    """The derived predicates of VOCABULARY §1.3, computed once per case from normalized facts.

    ``postpone_required`` is filled in by the grader after a first pass over the rules.
    """
    chemo, radiation = f["chemo"], f["radiation"]
    chemo_recent = chemo["status"] == "ongoing" or (
        chemo["status"] == "completed" and _le(chemo["days_since_last_dose"], 28)
    )
    external = [r for r in radiation if r["type"] == "external"]
    rt_ongoing = any(r["status"] == "ongoing" for r in external)
    systemic = (
        chemo_recent or f["targeted"]["status"] == "ongoing" or f["immuno"]["status"] == "ongoing"
    )
    within_year = (
        chemo["status"] == "ongoing"
        or (chemo["status"] == "completed" and _le(chemo["days_since_last_dose"], 365))
        or any(r["status"] == "ongoing" or _le(r["days_since_last"], 365) for r in external)
        or f["targeted"]["status"] == "ongoing"
        or f["immuno"]["status"] == "ongoing"
    )
    basins = [(n["basin"], n["side"]) for n in f["lymph_nodes"] if n["basin"] and n["side"]]
    basins += [
        (b["basin"], b["side"])
        for r in radiation
        for b in r["nodal_basins"]
        if b["basin"] and b["side"]
    ]
    at_risk = list(dict.fromkeys(region for b, s in basins for region in basin_regions(b, s)))
    services = [s for s in [f["service"], *f["additional_services"]] if s]
    return {
        "chemo_recent": chemo_recent,
        "rt_external_ongoing": rt_ongoing,
        "systemic_active": systemic,
        "treatment_within_12mo": within_year,
        "active_cancer": f["cancer"]["status"] in ("active", "metastatic"),
        "surgery_within_6wk": any(
            s["weeks_since"] is not None and s["weeks_since"] < 6 for s in f["surgeries"]
        ),
        "at_risk_regions": at_risk,
        "compromised_basins": list(dict.fromkeys(f"{b}_{s}" for b, s in basins)),
        "services": services,
        "uses_skin_products": bool(services),
        "service_targets_rt_field": any(
            overlap(SERVICE_AREAS.get(service, ()), r["field_regions"])
            for service in services
            for r in external
            if r["status"] == "ongoing"
        ),
        "postpone_required": False,
    }
