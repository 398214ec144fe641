"""Tokens of the clinical vocabulary (shared/domain/VOCABULARY.md §2–3): body regions,
aliases, quadrants, node basins, bone sites, and the plan's technique, position and product
tokens. Plain data and small pure functions only.
"""

from __future__ import annotations

import re

SIDES = ("left", "right", "bilateral")

ATOMIC_REGIONS = (
    "scalp", "face", "neck_left", "neck_right",
    "chest_left", "chest_right", "axilla_left", "axilla_right", "abdomen_upper", "abdomen_lower",
    "upper_back_left", "upper_back_right", "lower_back_left", "lower_back_right", "sacrum",
    "gluteal_left", "gluteal_right", "groin_left", "groin_right", "perineum",
    "left_arm", "right_arm", "left_hand", "right_hand",
    "left_thigh", "right_thigh", "left_lower_leg", "right_lower_leg", "left_foot", "right_foot",
)  # fmt: skip

REGION_GROUPS = {
    "Head and neck": ("scalp", "face", "neck_left", "neck_right"),
    "Front of the trunk": (
        "chest_left", "chest_right", "axilla_left", "axilla_right", "abdomen_upper",
        "abdomen_lower",
    ),
    "Back of the trunk": (
        "upper_back_left", "upper_back_right", "lower_back_left", "lower_back_right", "sacrum",
    ),
    "Pelvis": ("gluteal_left", "gluteal_right", "groin_left", "groin_right", "perineum"),
    "Arms and hands": ("left_arm", "right_arm", "left_hand", "right_hand"),
    "Legs and feet": (
        "left_thigh", "right_thigh", "left_lower_leg", "right_lower_leg", "left_foot",
        "right_foot",
    ),
}  # fmt: skip


def _upper_quadrant(side: str) -> tuple[str, ...]:
    return (
        f"{side}_arm", f"{side}_hand", f"axilla_{side}", f"chest_{side}",
        f"upper_back_{side}", f"abdomen_upper:{side}",
    )  # fmt: skip


def _lower_quadrant(side: str) -> tuple[str, ...]:
    return (
        f"{side}_thigh", f"{side}_lower_leg", f"{side}_foot", f"groin_{side}",
        f"gluteal_{side}", f"lower_back_{side}", f"abdomen_lower:{side}", "perineum",
    )  # fmt: skip


# Alias -> the regions (or sub-sites) it stands for. VOCABULARY §2.2.
ALIASES: dict[str, tuple[str, ...]] = {
    "hands": ("left_hand", "right_hand"),
    "feet": ("left_foot", "right_foot"),
    "lower_legs": ("left_lower_leg", "right_lower_leg"),
    "left_leg": ("left_thigh", "left_lower_leg", "left_foot"),
    "right_leg": ("right_thigh", "right_lower_leg", "right_foot"),
    "quadrant_upper_left": _upper_quadrant("left"),
    "quadrant_upper_right": _upper_quadrant("right"),
    "quadrant_lower_left": _lower_quadrant("left"),
    "quadrant_lower_right": _lower_quadrant("right"),
    "head_neck_left": ("neck_left", "face"),
    "head_neck_right": ("neck_right", "face"),
    "palms_and_soles": ("left_hand:palm", "right_hand:palm", "left_foot:sole", "right_foot:sole"),
    "bony_prominences": (
        "scalp:occiput", "upper_back_left:scapula", "upper_back_right:scapula", "sacrum",
        "gluteal_left:greater_trochanter", "gluteal_right:greater_trochanter",
        "left_arm:elbow", "right_arm:elbow", "left_foot:heel", "right_foot:heel",
        "left_lower_leg:malleoli", "right_lower_leg:malleoli",
    ),
}  # fmt: skip

LYMPH_BASINS = ("axillary", "supraclavicular", "cervical", "inguinal", "pelvic", "para_aortic")

BONE_SITES: dict[str, tuple[str, ...]] = {
    "skull": ("scalp",),
    "spine_cervical": ("neck_left", "neck_right"),
    "spine_thoracic": ("upper_back_left", "upper_back_right"),
    "spine_lumbar": ("lower_back_left", "lower_back_right"),
    "sacrum": ("sacrum",),
    "pelvis": ("gluteal_left", "gluteal_right", "sacrum", "groin_left", "groin_right"),
    "ribs_left": ("chest_left", "upper_back_left", "axilla_left"),
    "ribs_right": ("chest_right", "upper_back_right", "axilla_right"),
    "sternum": ("chest_left", "chest_right"),
    "femur_left": ("left_thigh",),
    "femur_right": ("right_thigh",),
    "humerus_left": ("left_arm",),
    "humerus_right": ("right_arm",),
    "tibia_left": ("left_lower_leg",),
    "tibia_right": ("right_lower_leg",),
}

LIMBS = ("left_leg", "right_leg", "left_arm", "right_arm")

_SUBSITE = re.compile(r"^[a-z][a-z0-9_]*$")


def is_region_token(token: object) -> bool:
    """An atomic region, an alias, or ``region:subsite`` (VOCABULARY §2.1–2.2)."""
    if not isinstance(token, str):
        return False
    if token in ATOMIC_REGIONS or token in ALIASES:
        return True
    region, sep, subsite = token.partition(":")
    return bool(sep) and region in ATOMIC_REGIONS and bool(_SUBSITE.match(subsite))


_SIDE_WORDS = {"left", "right"}


def region_label(token: str) -> str:
    """A readable name: ``chest_left`` -> "left chest", ``left_foot:sole`` -> "sole of the left
    foot", ``quadrant_upper_left`` -> "left upper quadrant"."""
    region, _, subsite = token.partition(":")
    words = region.split("_")
    side = [w for w in words if w in _SIDE_WORDS]
    rest = [w for w in words if w not in _SIDE_WORDS]
    if rest[:1] == ["quadrant"]:
        rest = [*rest[1:], "quadrant"]
    label = (
        " ".join(side + rest)
        .replace("abdomen upper", "upper abdomen")
        .replace("abdomen lower", "lower abdomen")
    )
    label = label.replace("back upper", "upper back").replace("back lower", "lower back")
    label = label.replace("head neck", "head and neck")
    if subsite:
        sub = subsite.replace("_", " ")
        if subsite in _SIDE_WORDS:
            return f"{label} ({sub} side)"
        return f"{sub} of the {label}"
    return label


# -- plan vocabulary (VOCABULARY §3) --------------------------------------------------------

POSITIONS = (
    "prone", "prone_face_cradle", "supine", "supine_flat", "semi_reclined",
    "side_lying_left", "side_lying_right", "seated", "in_bed",
)  # fmt: skip
# A general position and the specific one inside it: prohibiting "prone" prohibits the face
# cradle; "supine" may be flat, so it breaks a "supine_flat" prohibition.
POSITION_PARENT = {"prone_face_cradle": "prone", "supine_flat": "supine"}

JOINT_LEVELS = ("none", "gentle_within_range", "full")
INFECTION_LEVELS = ("standard", "enhanced", "isolation_ppe")
REFERRALS = ("physician_urgent", "oncology_team", "clt", "dermatology", "surgeon", "nurse_on_duty")
PPE = ("gloves", "mask", "gown")
PROCESS_STEPS = (
    "intake", "informed_consent", "proxy_consent", "check_ins", "transfer_assist",
    "follow_up", "care_team_feedback", "document",
)  # fmt: skip
HAND_FOOT_SERVICES = ("manicure", "pedicure", "hand_massage")
ALL_SERVICES = ("massage", "facial", "manicure", "pedicure", "body_treatment", "hand_massage")

HANDS = ("left_hand", "right_hand")
FEET = ("left_foot", "right_foot")


class Technique:
    """What a technique does to the body, as far as the rules need to know.

    ``sites``: the regions it is done on by nature (hot foot soak: the feet), or None for a
    technique the therapist can use anywhere. ``min_pressure``: the Walton level it cannot be
    done below (deep tissue is level 4 by definition), so a region capped lower is out of its
    reach. ``heat``/``cold``: thermal techniques. ``joint``: joint movement it implies.
    ``nail``: a nail service, done on the hands in a manicure and the feet in a pedicure.
    """

    __slots__ = ("cold", "heat", "joint", "min_pressure", "nail", "sites")

    def __init__(self, sites=None, *, min_pressure=None, heat=False, cold=False, joint="none",
                 nail=False):  # fmt: skip
        self.sites = frozenset(sites) if sites is not None else None
        self.min_pressure = min_pressure
        self.heat = heat
        self.cold = cold
        self.joint = joint
        self.nail = nail


_T = Technique
TECHNIQUES: dict[str, Technique] = {
    # massage
    "stationary_hold": _T(), "effleurage_light": _T(), "effleurage": _T(), "petrissage": _T(),
    "kneading_vigorous": _T(min_pressure=3), "friction": _T(), "deep_tissue": _T(min_pressure=4),
    "trigger_point": _T(min_pressure=3), "myofascial_release": _T(),
    "passive_stretch": _T(joint="full"), "joint_mobilization": _T(joint="full"),
    "rom_gentle": _T(joint="gentle_within_range"), "traction": _T(joint="full"),
    "rocking": _T(joint="gentle_within_range"), "tapotement": _T(), "percussive_device": _T(),
    "cupping": _T(), "gua_sha": _T(), "reflexology_firm": _T(FEET, min_pressure=3),
    "reflexology_light": _T(FEET), "mld": _T(), "scar_mobilization": _T(),
    "abdominal_massage": _T(("abdomen_upper", "abdomen_lower")), "scalp_massage": _T(("scalp",)),
    "deep_compression_medial_thigh": _T(("left_thigh", "right_thigh"), min_pressure=4),
    # thermal
    "hot_stones": _T(heat=True), "heat_pack": _T(heat=True), "hot_towels": _T(heat=True),
    "paraffin": _T(HANDS + FEET, heat=True), "heated_mitts": _T(HANDS, heat=True),
    "heat_lamp": _T(heat=True), "sauna_steam": _T(ATOMIC_REGIONS, heat=True),
    "foot_soak_hot": _T(FEET, heat=True), "foot_soak_lukewarm": _T(FEET),
    "cold_pack": _T(cold=True), "whirlpool_foot_spa": _T(FEET),
    # esthetics
    "cleanse": _T(), "enzyme_exfoliation": _T(), "chemical_peel": _T(), "microdermabrasion": _T(),
    "dermaplaning": _T(), "mechanical_scrub": _T(), "extractions": _T(), "lancing": _T(),
    "steam": _T(("face",), heat=True), "high_frequency": _T(), "galvanic": _T(),
    "microcurrent": _T(), "led": _T(), "laser_ipl": _T(), "microneedling": _T(),
    "uv_tanning": _T(ATOMIC_REGIONS), "waxing": _T(), "hydrating_mask": _T(("face",)),
    "facial_massage": _T(("face",)),
    "decollete_massage": _T(("chest_left", "chest_right", "neck_left", "neck_right")),
    # nails
    "cuticle_cutting": _T(nail=True), "cuticle_push_gentle": _T(nail=True),
    "nail_trim": _T(nail=True), "nail_file": _T(nail=True), "callus_shaving": _T(FEET),
    "foot_file_pumice": _T(FEET), "nail_drill": _T(nail=True), "polish": _T(nail=True),
}  # fmt: skip

PRODUCTS = (
    "gentle_cleanser_ph_balanced", "alkaline_soap", "bland_emollient", "urea_cream",
    "fragranced_lotion", "essential_oil_blend", "aha_bha", "retinoid", "benzoyl_peroxide",
    "salicylic_acid", "sulfur", "resorcinol", "alcohol_astringent", "harsh_botanicals",
    "unpreserved_natural", "jar_product", "pump_or_single_use", "mineral_spf30",
    "rt_team_approved_product",
)  # fmt: skip

# constraint -> (products that break it, constraints that imply it)
PRODUCT_CONSTRAINTS: dict[str, tuple[frozenset, frozenset]] = {
    "fragrance_free": (frozenset({"fragranced_lotion", "essential_oil_blend"}), frozenset()),
    "no_essential_oils": (frozenset({"essential_oil_blend"}), frozenset({"fragrance_free"})),
    "no_eo_on_treated_or_broken_skin": (
        frozenset({"essential_oil_blend"}), frozenset({"fragrance_free", "no_essential_oils"}),
    ),
    "ph_4_5_to_5_5": (frozenset({"alkaline_soap"}), frozenset()),
    "no_alkaline_soap": (frozenset({"alkaline_soap"}), frozenset({"ph_4_5_to_5_5"})),
    "no_alcohol_astringent": (frozenset({"alcohol_astringent"}), frozenset()),
    "no_exfoliating_acids": (frozenset({"aha_bha", "salicylic_acid"}), frozenset()),
    "no_retinoids": (frozenset({"retinoid"}), frozenset()),
    "no_acne_actives": (
        frozenset({"benzoyl_peroxide", "salicylic_acid", "sulfur", "resorcinol"}), frozenset(),
    ),
    "preserved_products_only": (frozenset({"unpreserved_natural"}), frozenset()),
    "pump_or_single_use": (frozenset({"jar_product"}), frozenset()),
    "rt_team_approved_only_on_field": (frozenset(), frozenset()),
    "recommend_mineral_spf30": (frozenset(), frozenset()),
}  # fmt: skip

# Lymph flows from a basin to the next one: draining toward the first also loads the next.
DOWNSTREAM_BASINS = {
    "inguinal": ("pelvic", "para_aortic"),
    "pelvic": ("para_aortic",),
    "axillary": ("supraclavicular",),
    "cervical": ("supraclavicular",),
}


def basin_regions(basin: str, side: str) -> tuple[str, ...]:
    """VOCABULARY table 2.3: the regions at risk after a basin is removed or irradiated."""
    sides = ("left", "right") if side == "bilateral" else (side,)
    regions: list[str] = []
    for s in sides:
        if basin == "axillary":
            regions += ALIASES[f"quadrant_upper_{s}"]
        elif basin == "supraclavicular":
            regions += (*ALIASES[f"quadrant_upper_{s}"], f"neck_{s}")
        elif basin == "cervical":
            regions += ALIASES[f"head_neck_{s}"]
        elif basin in ("inguinal", "pelvic", "para_aortic"):
            regions += (*ALIASES[f"quadrant_lower_{s}"], "abdomen_lower", "perineum")
    return tuple(dict.fromkeys(regions))
