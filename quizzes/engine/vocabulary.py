"""The plan vocabulary (VOCABULARY §3): every token a plan or a rule may use, with the words a
learner reads for it, a short clinical hint, its group, and what the grader needs to know
about it. This is the one place labels come from: the plan form, the feedback, the expected
plan and the admin all read it, and no label is ever made from a token's spelling.

Pure data. Body regions live in ``body``; this module re-exports the names other modules use.
"""

from __future__ import annotations

from dataclasses import dataclass

from .body import (
    ALIASES,
    ATOMIC_REGIONS,
    BONE_SITES,
    DOWNSTREAM_BASINS,
    LIMBS,
    LYMPH_BASINS,
    REGION_GROUPS,
    SIDES,
    SUBSITE_LABELS,
    basin_regions,
    is_region_token,
    region_label,
)

__all__ = [
    "ALIASES",
    "ATOMIC_REGIONS",
    "BONE_SITES",
    "DOWNSTREAM_BASINS",
    "LIMBS",
    "LYMPH_BASINS",
    "REGION_GROUPS",
    "SIDES",
    "SUBSITE_LABELS",
    "basin_regions",
    "is_region_token",
    "region_label",
]


@dataclass(frozen=True)
class Term:
    """A token with its clinical words: ``label`` (short), ``help`` (one sentence), ``group``."""

    label: str
    help: str = ""
    group: str = ""


@dataclass(frozen=True)
class Technique(Term):
    """What a technique does to the body, as far as the rules need to know.

    ``place``: the body parts it is done on by nature (a hot foot soak: the feet; scar work:
    the scars), as region or site tokens; None for a technique done wherever the service is
    done. ``whole_body``: it cannot be confined (a sauna). ``min_pressure``: the Walton level it
    cannot be done below (deep tissue is level 4 by definition). ``heat``/``cold``: thermal.
    ``joint``: the joint movement it implies.
    """

    place: tuple[str, ...] | None = None
    whole_body: bool = False
    min_pressure: int | None = None
    heat: bool = False
    cold: bool = False
    joint: str = "none"


MASSAGE, THERMAL, ESTHETICS, NAILS = "Massage", "Heat and cold", "Esthetics", "Nails"
FEET = ("feet",)
HANDS = ("hands",)
HAND_FOOT = ("hand_foot_work_sites",)


def _t(label, group, help_="", **spec) -> Technique:
    return Technique(label, help_, group, **spec)


TECHNIQUES: dict[str, Technique] = {
    "stationary_hold": _t("Stationary hold", MASSAGE, "Still, resting hands; no gliding."),
    "effleurage_light": _t("Light gliding strokes", MASSAGE, "Skin-level effleurage."),
    "effleurage": _t("Gliding strokes (effleurage)", MASSAGE),
    "petrissage": _t("Kneading (petrissage)", MASSAGE),
    "kneading_vigorous": _t("Vigorous kneading", MASSAGE, min_pressure=3),
    "friction": _t("Cross-fibre friction", MASSAGE, "Small, focused strokes across tissue."),
    "deep_tissue": _t("Deep-tissue work", MASSAGE, "Pressure level 4 or more.", min_pressure=4),
    "trigger_point": _t("Trigger-point pressure", MASSAGE, min_pressure=3),
    "myofascial_release": _t("Myofascial release", MASSAGE),
    "passive_stretch": _t("Passive stretching", MASSAGE, joint="full"),
    "joint_mobilization": _t("Joint mobilization", MASSAGE, joint="full"),
    "rom_gentle": _t(
        "Gentle range of motion",
        MASSAGE,
        "Moving joints well within their comfortable range.",
        joint="gentle_within_range",
    ),
    "traction": _t("Traction", MASSAGE, joint="full"),
    "rocking": _t("Rocking", MASSAGE, joint="gentle_within_range"),
    "tapotement": _t("Percussion strokes (tapotement)", MASSAGE),
    "percussive_device": _t("Percussion massage device", MASSAGE),
    "cupping": _t("Cupping", MASSAGE),
    "gua_sha": _t("Gua sha (scraping)", MASSAGE),
    "reflexology_firm": _t("Firm reflexology", MASSAGE, place=FEET, min_pressure=3),
    "reflexology_light": _t("Light reflexology", MASSAGE, place=FEET),
    "mld": _t(
        "Manual lymphatic drainage",
        MASSAGE,
        "Very light drainage sequences; lymphedema-therapist scope in compromised regions.",
    ),
    "scar_mobilization": _t("Scar mobilization", MASSAGE, place=("surgical_site",)),
    "abdominal_massage": _t("Abdominal massage", MASSAGE, place=("abdomen_upper", "abdomen_lower")),
    "scalp_massage": _t("Scalp massage", MASSAGE, place=("scalp",)),
    "deep_compression_medial_thigh": _t(
        "Deep compression of the inner thigh",
        MASSAGE,
        place=("left_thigh", "right_thigh"),
        min_pressure=4,
    ),
    "hot_stones": _t("Hot stones", THERMAL, heat=True),
    "heat_pack": _t("Heat pack", THERMAL, heat=True),
    "hot_towels": _t("Hot towels", THERMAL, heat=True),
    "paraffin": _t("Paraffin dip", THERMAL, place=HAND_FOOT, heat=True),
    "heated_mitts": _t("Heated mitts", THERMAL, place=HANDS, heat=True),
    "heat_lamp": _t("Heat lamp", THERMAL, heat=True),
    "sauna_steam": _t("Sauna or steam room", THERMAL, whole_body=True, heat=True),
    "foot_soak_hot": _t("Hot foot soak", THERMAL, place=FEET, heat=True),
    "foot_soak_lukewarm": _t("Lukewarm foot soak", THERMAL, place=FEET),
    "cold_pack": _t("Cold pack", THERMAL, cold=True),
    "whirlpool_foot_spa": _t("Whirlpool foot spa", THERMAL, place=FEET),
    "cleanse": _t("Cleansing", ESTHETICS),
    "enzyme_exfoliation": _t("Enzyme exfoliation", ESTHETICS),
    "chemical_peel": _t("Chemical peel", ESTHETICS),
    "microdermabrasion": _t("Microdermabrasion", ESTHETICS),
    "dermaplaning": _t("Dermaplaning", ESTHETICS),
    "mechanical_scrub": _t("Scrub (mechanical exfoliation)", ESTHETICS),
    "extractions": _t("Extractions", ESTHETICS),
    "lancing": _t("Lancing", ESTHETICS),
    "steam": _t("Facial steam", ESTHETICS, place=("face",), heat=True),
    "high_frequency": _t("High-frequency device", ESTHETICS),
    "galvanic": _t("Galvanic current", ESTHETICS),
    "microcurrent": _t("Microcurrent", ESTHETICS),
    "led": _t("LED light therapy", ESTHETICS),
    "laser_ipl": _t("Laser or IPL", ESTHETICS),
    "microneedling": _t("Microneedling", ESTHETICS),
    "uv_tanning": _t("UV tanning", ESTHETICS, whole_body=True),
    "waxing": _t("Waxing", ESTHETICS),
    "hydrating_mask": _t("Hydrating mask", ESTHETICS, place=("face",)),
    "facial_massage": _t("Facial massage", ESTHETICS, place=("face",)),
    "decollete_massage": _t(
        "Décolleté massage",
        ESTHETICS,
        place=("chest_left", "chest_right", "neck_left", "neck_right"),
    ),
    "cuticle_cutting": _t("Cutting cuticles", NAILS, place=HAND_FOOT),
    "cuticle_push_gentle": _t("Gently pushing back cuticles", NAILS, place=HAND_FOOT),
    "nail_trim": _t("Trimming nails", NAILS, place=HAND_FOOT),
    "nail_file": _t("Filing nails", NAILS, place=HAND_FOOT),
    "callus_shaving": _t("Shaving calluses", NAILS, place=FEET),
    "foot_file_pumice": _t("Foot file or pumice", NAILS, place=FEET),
    "nail_drill": _t("Electric nail drill", NAILS, place=HAND_FOOT),
    "polish": _t("Polish", NAILS, place=HAND_FOOT),
}

TECHNIQUE_GROUPS = (MASSAGE, THERMAL, ESTHETICS, NAILS)

POSITIONS: dict[str, Term] = {
    "prone": Term("Face down (prone)"),
    "prone_face_cradle": Term("Face down in a face cradle"),
    "supine": Term("On the back (supine)"),
    "supine_flat": Term("Flat on the back, head not raised"),
    "semi_reclined": Term("Semi-reclined (head and trunk raised)"),
    "side_lying_left": Term("Lying on the left side"),
    "side_lying_right": Term("Lying on the right side"),
    "seated": Term("Seated"),
    "in_bed": Term("In the client's bed"),
}
# A general position and the specific one inside it: prohibiting "prone" prohibits the face
# cradle; "supine" may be flat, so it breaks a "supine_flat" prohibition.
POSITION_PARENT = {"prone_face_cradle": "prone", "supine_flat": "supine"}

JOINT_MOVEMENT: dict[str, Term] = {
    "none": Term("No joint movement"),
    "gentle_within_range": Term("Gentle, well within the comfortable range"),
    "full": Term("Full range, stretches and mobilizations"),
}
JOINT_LEVELS = tuple(JOINT_MOVEMENT)

INFECTION_CONTROL: dict[str, Term] = {
    "standard": Term("Standard", "Hand hygiene, clean linens."),
    "enhanced": Term(
        "Enhanced",
        "A well therapist, hand hygiene before and after, disinfected or single-use tools, "
        "pump or single-use products, nothing that breaks the skin.",
    ),
    "isolation_ppe": Term(
        "Isolation precautions", "Follow the posted isolation precautions and the unit's PPE."
    ),
}
INFECTION_LEVELS = tuple(INFECTION_CONTROL)

REFERRALS: dict[str, Term] = {
    "physician_urgent": Term(
        "Urgent same-day call to the treating team or its after-hours line",
        "Today, not at the next appointment; emergency services for sudden breathlessness or "
        "chest pain.",
    ),
    "oncology_team": Term(
        "Inform the oncology team",
        "Report the finding so the team can assess it; this is not the urgent same-day call.",
    ),
    "clt": Term("Certified lymphedema therapist", "For changes in swelling or lymphedema care."),
    "dermatology": Term("Dermatologist"),
    "surgeon": Term("The client's surgeon"),
    "nurse_on_duty": Term("The nurse on duty", "In a hospital, hospice or care home."),
}

PPE: dict[str, Term] = {
    "gloves": Term("Gloves"),
    "mask": Term("Mask"),
    "gown": Term("Gown"),
}

PROCESS_STEPS: dict[str, Term] = {
    "intake": Term("Intake: update the health history, labs and medications"),
    "informed_consent": Term("Informed consent to the adapted session"),
    "proxy_consent": Term("Consent from the client's health-care proxy"),
    "check_ins": Term("Frequent comfort and pressure check-ins"),
    "transfer_assist": Term("Slow transitions and help on and off the table"),
    "follow_up": Term("Follow-up in the next day or two"),
    "care_team_feedback": Term("Report findings to the care team"),
    "document": Term("Document the session"),
}

SERVICES: dict[str, Term] = {
    "massage": Term("Massage"),
    "facial": Term("Facial"),
    "manicure": Term("Manicure"),
    "pedicure": Term("Pedicure"),
    "body_treatment": Term("Body treatment"),
    "hand_massage": Term("Hand massage"),
}
ALL_SERVICES = tuple(SERVICES)
HAND_FOOT_SERVICES = ("manicure", "pedicure", "hand_massage")

PRODUCTS: dict[str, Term] = {
    "gentle_cleanser_ph_balanced": Term("Gentle pH-balanced cleanser"),
    "alkaline_soap": Term("Alkaline soap"),
    "bland_emollient": Term("Bland, unscented moisturizer"),
    "urea_cream": Term("Urea cream"),
    "fragranced_lotion": Term("Fragranced lotion"),
    "essential_oil_blend": Term("Essential-oil blend"),
    "aha_bha": Term("Alpha or beta hydroxy acids"),
    "retinoid": Term("Retinoid"),
    "benzoyl_peroxide": Term("Benzoyl peroxide"),
    "salicylic_acid": Term("Salicylic acid"),
    "sulfur": Term("Sulfur"),
    "resorcinol": Term("Resorcinol"),
    "alcohol_astringent": Term("Alcohol-based toner or astringent"),
    "harsh_botanicals": Term(
        "Harsh botanicals", "Menthol, camphor, eucalyptus, tea tree, wintergreen, arnica."
    ),
    "unpreserved_natural": Term("Unpreserved 'natural' product"),
    "jar_product": Term("Product from an open jar"),
    "pump_or_single_use": Term("Pump or single-use product"),
    "mineral_spf30": Term("Mineral sunscreen, SPF 30 or more"),
    "rt_team_approved_product": Term("Product the radiation team approved"),
}


@dataclass(frozen=True)
class Constraint(Term):
    """A product constraint. ``breakers``: products that break it; ``implied_by``: stricter
    constraints that say it too; ``positive``: it asks the plan to do or say something (a
    recommendation, a dispensing rule), rather than only forbidding products."""

    breakers: frozenset = frozenset()
    implied_by: frozenset = frozenset()
    positive: bool = False


def _c(label, breakers=(), implied_by=(), *, positive=False, help_="") -> Constraint:
    return Constraint(label, help_, "", frozenset(breakers), frozenset(implied_by), positive)


PRODUCT_CONSTRAINTS: dict[str, Constraint] = {
    "fragrance_free": _c("Fragrance-free products", {"fragranced_lotion", "essential_oil_blend"}),
    "no_essential_oils": _c("No essential oils", {"essential_oil_blend"}, {"fragrance_free"}),
    "no_eo_on_treated_or_broken_skin": _c(
        "No essential oils on treated or broken skin",
        {"essential_oil_blend"},
        {"fragrance_free", "no_essential_oils"},
    ),
    "ph_4_5_to_5_5": _c("Products at skin pH (4.5–5.5)", {"alkaline_soap"}),
    "no_alkaline_soap": _c("No alkaline soap", {"alkaline_soap"}, {"ph_4_5_to_5_5"}),
    "no_alcohol_astringent": _c("No alcohol-based toners or astringents", {"alcohol_astringent"}),
    "no_exfoliating_acids": _c("No exfoliating acids (AHA or BHA)", {"aha_bha", "salicylic_acid"}),
    "no_retinoids": _c("No retinoids", {"retinoid"}),
    "no_acne_actives": _c(
        "No acne treatments",
        {"benzoyl_peroxide", "salicylic_acid", "sulfur", "resorcinol"},
        help_="No benzoyl peroxide, salicylic acid, sulfur or resorcinol.",
    ),
    "preserved_products_only": _c(
        "Preserved products only", {"unpreserved_natural"}, positive=True
    ),
    "pump_or_single_use": _c("Pump or single-use dispensing", {"jar_product"}, positive=True),
    "rt_team_approved_only_on_field": _c(
        "Only products the radiation team approved on the treatment field"
    ),
    "recommend_mineral_spf30": _c("Recommend a mineral sunscreen, SPF 30 or more", positive=True),
}

STROKE_KINDS: dict[str, Term] = {
    "no_drainage_toward": Term("No drainage strokes toward"),
    "drainage_toward": Term("Drainage strokes toward"),
    "toward_functional_nodes": Term(
        "Rerouting toward working nodes", "Lymphedema-therapist (CLT) scope only."
    ),
}
STROKE_TERMS: dict[str, Term] = {
    "centripetal_light": Term("Light strokes toward the heart"),
    "no_rerouting": Term("No rerouting toward working nodes (lymphedema-therapist scope only)"),
    "no_drainage_toward:compromised_basins": Term(
        "No drainage strokes toward the removed or irradiated nodes"
    ),
}

# Site tokens resolved from a case's facts (see ``sites``), as a learner reads them.
SITE_TOKEN_LABELS: dict[str, str] = {
    "global": "the whole body",
    "port_site": "the port and its catheter track",
    "cvc_site": "the central line and its track",
    "picc_site": "the PICC insertion site and the vein above it",
    "picc_arm": "the arm with the PICC",
    "picc_hand": "the hand on the PICC side",
    "line_device_sites": "the lines, tubes and devices",
    "accessed_port_shoulder_neck": "the shoulder and neck on the side of the accessed port",
    "surgical_site": "the surgical sites",
    "unhealed_surgical_site": "the unhealed incision and any drains",
    "recent_surgical_site": "the surgical site of the last six weeks",
    "reconstructed_breast": "the reconstructed breast",
    "flap_donor_regions": "the flap donor site",
    "unsafe_scar_site": "a scar that is not fully healed or sits in a recent radiation field",
    "early_scar_site": "a scar less than six weeks old",
    "radiation_field": "the radiation fields",
    "acute_radiation_field": "the radiation field",
    "ongoing_radiation_field": "the field being irradiated now",
    "late_radiation_field": "the old radiation field",
    "implant_region": "the area of the radiation implant",
    "patch_site": "the medication patch",
    "patch_vicinity": "the medication patch and the areas next to it",
    "at_risk_regions": "the lymphatic at-risk regions",
    "lymphedema_regions": "the areas with lymphedema",
    "neuropathy_regions": "the areas with neuropathy",
    "new_swelling_regions": "the new swelling",
    "redness_warmth_regions": "the red, warm areas",
    "petechiae_or_bruise_regions": "the bruised areas and petechiae",
    "suspected_clot_limb": "the limb that may have a clot",
    "dvt_limb": "the limb with the clot",
    "remote_dvt_limb": "the limb with the old clot",
    "tumor_site": "the tumor sites and enlarged nodes",
    "tumor_vicinity": "the tumor sites, enlarged nodes and the areas next to them",
    "bone_met_site": "the bone metastases",
    "spine_and_ribs": "the spine and ribs",
    "unexplained_pain_site": "the area of new, unexplained pain",
    "lesion_site": "the open or broken skin",
    "lesion_vicinity": "the regions with open or broken skin",
    "pressure_injury_site": "the pressure injuries and reddened bony areas",
    "hfs_site": "the skin with hand-foot syndrome",
    "rash_site": "the rash",
    "pustular_rash_site": "the pustular or eroded areas of the rash",
    "paronychia_site": "the inflamed nail folds",
    "hand_foot_work_sites": "the hands or feet being worked on",
}
PARAMETRISED_SITE_LABELS = {
    "surgical_site": "the site of surgery {}",
    "radiation_field": "radiation field {}",
    "device_site": "the {}",
}

DEVICES: dict[str, str] = {
    "port": "implanted port",
    "tunneled_cvc": "tunnelled central line",
    "picc": "PICC line",
    "iv_peripheral": "IV line",
    "infusion_pump": "infusion pump",
    "drain": "surgical drain",
    "ostomy": "ostomy",
    "feeding_tube": "feeding tube",
    "urinary_catheter": "urinary catheter",
    "nephrostomy": "nephrostomy",
    "tracheostomy": "tracheostomy",
    "oxygen_tubing": "oxygen tubing",
    "cardiac_monitor": "cardiac monitor",
    "pca_pump": "pain pump (PCA)",
}

# The sections of a plan a question can ask for, and the violation fields each answers.
PLAN_SECTIONS: dict[str, tuple[str, ...]] = {
    "postpone": ("postpone", "services_postponed"),
    "refer": ("refer",),
    "md_release_required": ("md_release_required",),
    "pressure": ("max_pressure_global", "site_limits"),
    "avoid_sites": ("avoid_sites",),
    "positions": ("positions",),
    "techniques": ("techniques", "joint_movement"),
    "thermal": ("thermal",),
    "stroke_direction": ("stroke_direction",),
    "products": ("products_used", "product_constraints"),
    "max_duration_min": ("max_duration_min",),
    "infection_control": ("infection_control", "ppe"),
    "process": ("process",),
}

# Every requirement key a rule may use: its words, and the plan section that answers it.
REQUIREMENTS: dict[str, Term] = {
    "postpone": Term("Postpone today's session", group="postpone"),
    "services_postponed": Term("Postpone these services", group="postpone"),
    "refer": Term("Referrals", group="refer"),
    "md_release_required": Term(
        "Confirm the plan with the treating team", group="md_release_required"
    ),
    "max_pressure_global": Term("Highest pressure anywhere", group="pressure"),
    "site_limits": Term("Pressure limits by area", group="pressure"),
    "avoid_sites": Term("Do not touch", group="avoid_sites"),
    "positions": Term("Positions", group="positions"),
    "excluded_techniques": Term("Techniques left out", group="techniques"),
    "excluded_techniques_on": Term("Techniques left out on these areas", group="techniques"),
    "joint_movement": Term("Joint movement", group="techniques"),
    "joint_movement_on": Term("Joint movement on these areas", group="techniques"),
    "thermal": Term("Heat and cold", group="thermal"),
    "stroke_direction": Term("Stroke direction", group="stroke_direction"),
    "product_constraints": Term("Product rules", group="products"),
    "products_used": Term("Products to use", group="products"),
    "products_excluded": Term("Products to leave out", group="products"),
    "max_duration_min": Term("Hands-on minutes, at most", group="max_duration_min"),
    "infection_control": Term("Infection control", group="infection_control"),
    "ppe": Term("Protective equipment", group="infection_control"),
    "ppe_on": Term("Protective equipment when working on these areas", group="infection_control"),
    "process": Term("Process steps", group="process"),
}
REQUIREMENT_SECTION = {key: term.group for key, term in REQUIREMENTS.items()}


def label(token: str) -> str:
    """The learner's words for any plan token (a technique, product, position, referral…)."""
    for table in (
        TECHNIQUES,
        PRODUCTS,
        PRODUCT_CONSTRAINTS,
        POSITIONS,
        REFERRALS,
        PROCESS_STEPS,
        PPE,
        SERVICES,
        JOINT_MOVEMENT,
        INFECTION_CONTROL,
        STROKE_TERMS,
    ):
        if token in table:
            return table[token].label
    kind, _, argument = token.partition(":")
    if kind in STROKE_KINDS and argument:
        return f"{STROKE_KINDS[kind].label} {basin_label(argument)}"
    if kind == "lubricant" and argument:
        return f"Lotion or oil on {site_label(argument)}"
    if kind == "no_product_on" and argument:
        return f"No product on {site_label(argument)}"
    return site_label(token)


def basin_label(basin_side: str) -> str:
    """``axillary_left`` -> "the left armpit (axillary) nodes"."""
    basin, _, side = basin_side.rpartition("_")
    if basin not in LYMPH_BASINS:
        return basin_side
    where = "both sides'" if side == "bilateral" else f"the {side}"
    return f"{where} {LYMPH_BASINS[basin]} nodes"


def site_label(token: str) -> str:
    """A site token as a learner reads it: "the radiation field", "left chest"."""
    if token in SITE_TOKEN_LABELS:
        return SITE_TOKEN_LABELS[token]
    kind, _, argument = token.partition(":")
    if kind in PARAMETRISED_SITE_LABELS and argument:
        if kind == "device_site":
            return PARAMETRISED_SITE_LABELS[kind].format(DEVICES.get(argument, argument))
        return PARAMETRISED_SITE_LABELS[kind].format(argument)
    if kind in BONE_SITES and not argument:
        return BONE_SITES[kind][1]
    return region_label(token)
