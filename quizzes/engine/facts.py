"""The case-fact schema (VOCABULARY §1) and its validation.

Facts arrive as nested dicts and lists, as YAML parses them. ``validate_facts`` rejects an
unknown field name, a wrong type, an unknown enumeration value or region token, naming the
dotted path of the offending field (``radiation[0].field_regions[1]``). ``null`` is accepted
everywhere: it means "unknown", which rules never treat as normal.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any

from .vocabulary import BONE_SITES, LIMBS, LYMPH_BASINS, SIDES, is_region_token


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
    "spa", "outpatient_clinic", "infusion_suite", "hospital_inpatient", "hospice", "home_care",
)  # fmt: skip
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
            "breast", "prostate", "head_neck", "lymphoma", "leukemia", "myeloma", "melanoma",
            "colorectal", "lung", "ovarian", "endometrial", "pancreatic", "other",
        ),
        status=enum("active", "metastatic", "ned", "unknown"),
        client_knows_sites=BOOL,
        unknown_primary=BOOL,
    ),
    labs=obj(
        platelets_per_uL=count(),
        anc_per_uL=count(),
        hemoglobin_g_dL=count(25),
        days_since_drawn=count(),
    ),
    vitals=obj(temp_c=Spec("number", minimum=30, maximum=45)),
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
            enum("egfr_inhibitor", "multikinase_inhibitor", "cdk46_inhibitor",
                 "braf_mek_inhibitor", "other")
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
            type=enum(
                "port", "tunneled_cvc", "picc", "iv_peripheral", "infusion_pump", "drain",
                "ostomy", "feeding_tube", "urinary_catheter", "nephrostomy", "tracheostomy",
                "oxygen_tubing", "cardiac_monitor", "pca_pump",
            ),
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
            enum("new_leg_weakness", "new_numbness_saddle", "bowel_bladder_change",
                 "band_like_trunk_pain", "rapidly_worsening_back_pain")
        ),
        unexplained_localized_pain_regions=REGIONS,
    ),
    tumor=obj(palpable_sites=REGIONS, enlarged_nodes=REGIONS, fungating=REGIONS,
              organomegaly=REGIONS),
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
                "radiation_dermatitis", "hand_foot_syndrome", "acneiform_rash", "xerosis",
                "paronychia", "petechiae", "bruising", "open_wound", "moist_desquamation",
                "ulceration", "fungating_wound", "herpes_zoster_active", "weeping_rash",
                "pressure_injury", "reddened_bony_prominence", "alopecia", "hyperpigmentation",
            ),
            regions=REGIONS,
            grade=whole(1, 4),
            fissures_or_blisters=BOOL,
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
)  # fmt: skip


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
    if errors:
        raise FactsError(errors)
    return facts


def _filled(value: Any, spec: Spec, *, top: bool = False) -> Any:
    if spec.kind == "object":
        if value is None and not top:
            return None  # an unknown nested record (a medication patch) stays unknown
        value = value if isinstance(value, dict) else {}
        return {name: _filled(value.get(name), child) for name, child in spec.fields.items()}
    if spec.kind == "list":
        items = value if isinstance(value, list) else []
        return [_filled(item, spec.item, top=True) for item in items]
    return value


def normalize_facts(facts: dict) -> dict:
    """Validated facts with every vocabulary field present: unknown scalars and records as
    None, lists as [], sections (``labs``, ``chemo`` …) and list items filled in. Conditions
    and derived predicates can then read any path without guarding for absence."""
    filled = _filled(validate_facts(facts), FACTS, top=True)
    for name, spec in FACTS.fields.items():
        if spec.kind == "object":
            filled[name] = _filled(filled[name], spec, top=True)
    return filled


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
    "scar_work_unsafe",
    "postpone_required",
)


def _le(value, limit) -> bool:
    return value is not None and value <= limit


def derive(f: dict) -> dict:
    """The derived predicates of VOCABULARY §1.3, computed once per case from normalized facts.

    ``postpone_required`` is filled in by the grader after a first pass over the rules.
    """
    from .vocabulary import basin_regions  # local: vocabulary imports nothing from here

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
        (b["basin"], b["side"]) for r in radiation for b in r["nodal_basins"]
        if b["basin"] and b["side"]
    ]  # fmt: skip
    at_risk = list(dict.fromkeys(region for b, s in basins for region in basin_regions(b, s)))
    services = [s for s in [f["service"], *f["additional_services"]] if s]
    recent_fields = {
        region
        for r in external
        if r["status"] == "ongoing"
        or (r["days_since_last"] is not None and r["days_since_last"] < 14)
        for region in r["field_regions"]
    }
    scar_unsafe = any(
        s["incision_healed"] is not True or bool(set(s["regions"]) & recent_fields)
        for s in f["surgeries"]
    )
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
        "scar_work_unsafe": scar_unsafe,
        "postpone_required": False,
    }
