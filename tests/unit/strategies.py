"""Hypothesis strategies for the rule engine: valid case facts and session plans.

Facts are drawn from the clinically meaningful part of the vocabulary with values that pass
validation (sides agree with regions, counts are per µL), so every example exercises the
rules rather than the validator. Plans are drawn from the plan vocabulary.
"""

from __future__ import annotations

from hypothesis import strategies as st

from quizzes.engine.body import ALIASES, ATOMIC_REGIONS, BONE_SITES, side_of_region
from quizzes.engine.vocabulary import (
    INFECTION_LEVELS,
    JOINT_LEVELS,
    POSITIONS,
    PPE,
    PROCESS_STEPS,
    PRODUCT_CONSTRAINTS,
    PRODUCTS,
    REFERRALS,
    TECHNIQUES,
)

REGIONS = st.sampled_from(ATOMIC_REGIONS)
SIDED = [r for r in ATOMIC_REGIONS if side_of_region(r)]
SUBSITES = st.sampled_from(
    ["left_foot:sole", "right_foot:heel", "left_hand:palm", "right_arm:upper", "sacrum"]
)
SITE_TOKENS = st.one_of(REGIONS, SUBSITES, st.sampled_from(sorted(ALIASES)))
maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731


def _unique(strategy, max_size=3):
    return st.lists(strategy, max_size=max_size, unique=True)


@st.composite
def devices(draw):
    kind = draw(st.sampled_from(["port", "picc", "drain", "ostomy", "pca_pump", "oxygen_tubing"]))
    if kind == "port":
        region = draw(st.sampled_from(["chest_left", "chest_right"]))
    elif kind == "picc":
        region = draw(st.sampled_from(["left_arm", "right_arm"]))
    else:
        region = draw(REGIONS)
    return {
        "type": kind,
        "region": region,
        "side": side_of_region(region) or "bilateral",
        "accessed": draw(st.booleans()),
        "placed_days_ago": draw(st.integers(1, 400)),
    }


@st.composite
def radiation(draw):
    kind = draw(st.sampled_from(["external", "external", "brachy_permanent", "radioiodine"]))
    field = draw(_unique(REGIONS, 3)) if kind == "external" else []
    basin = draw(st.sampled_from(["axillary", "supraclavicular", "inguinal", "pelvic"]))
    return {
        "id": draw(st.sampled_from(["r1", "r2"])),
        "type": kind,
        "field_regions": field,
        "nodal_basins": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"basin": st.just(basin), "side": st.sampled_from(["left", "right"])}
                ),
                max_size=1,
            )
        ),
        "status": draw(st.sampled_from(["ongoing", "completed"])),
        "days_since_last": draw(st.integers(0, 800)),
        "skin_reaction": draw(st.sampled_from(["none", "erythema", "moist_desquamation"])),
        "implant_regions": draw(_unique(REGIONS, 2)) if kind != "external" else [],
    }


@st.composite
def surgeries(draw):
    regions = draw(st.lists(st.sampled_from([*SIDED, "abdomen_lower"]), min_size=1, max_size=2))
    return {
        "id": draw(st.sampled_from(["s1", "s2"])),
        "procedure": "surgery",
        "regions": regions,
        "weeks_since": draw(st.integers(0, 300)),
        "incision_healed": draw(maybe(st.booleans())),
        "drains": draw(st.booleans()),
        "reconstruction": draw(st.sampled_from(["none", "implant", "tissue_expander"])),
        "flap_donor_regions": [],
    }


SKIN_CONDITIONS = [
    "radiation_dermatitis",
    "hand_foot_syndrome",
    "acneiform_rash",
    "xerosis",
    "paronychia",
    "petechiae",
    "bruising",
    "open_wound",
    "weeping_rash",
    "pressure_injury",
    "reddened_bony_prominence",
    "herpes_zoster_active",
]


@st.composite
def skin(draw):
    return {
        "condition": draw(st.sampled_from(SKIN_CONDITIONS)),
        "regions": draw(st.lists(st.one_of(REGIONS, SUBSITES), min_size=1, max_size=2)),
        "grade": draw(st.integers(1, 3)),
        "fissures_or_blisters": draw(st.booleans()),
        "pustular_or_eroded": draw(maybe(st.booleans())),
        "infected": draw(maybe(st.booleans())),
    }


@st.composite
def facts(draw) -> dict:
    """A valid fact set touching most rule families."""
    service = draw(st.sampled_from(["massage", "massage", "facial", "manicure", "pedicure"]))
    chemo_status = draw(st.sampled_from(["none", "ongoing", "completed"]))
    result = {
        "service": service,
        "setting": draw(st.sampled_from(["spa", "outpatient_clinic", "hospice", "home_care"])),
        "cancer": {
            "type": draw(st.sampled_from(["breast", "prostate", "lung", "myeloma"])),
            "status": draw(st.sampled_from(["active", "metastatic", "ned"])),
            "client_knows_sites": draw(st.booleans()),
        },
        "labs": {
            "platelets_per_uL": draw(maybe(st.integers(5_000, 400_000))),
            "anc_per_uL": draw(maybe(st.integers(200, 8_000))),
            "hemoglobin_g_dL": draw(maybe(st.floats(6.0, 15.0))),
            "days_since_drawn": draw(maybe(st.integers(0, 20))),
        },
        "vitals": {"temp_c": draw(st.sampled_from([36.6, 37.2, 38.1]))},
        "chemo": {
            "status": chemo_status,
            "route": draw(st.sampled_from(["iv", "oral"])),
            "myelosuppressive": draw(st.booleans()),
            "days_since_last_dose": draw(st.integers(0, 120)),
        },
        "targeted": {
            "status": draw(st.sampled_from(["none", "ongoing"])),
            "classes": draw(_unique(st.sampled_from(["egfr_inhibitor", "multikinase_inhibitor"]))),
        },
        "radiation": draw(st.lists(radiation(), max_size=2)),
        "surgeries": draw(st.lists(surgeries(), max_size=2)),
        "lymph_nodes": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "basin": st.sampled_from(["axillary", "inguinal", "cervical"]),
                        "side": st.sampled_from(["left", "right", "bilateral"]),
                        "procedure": st.sampled_from(["slnb", "dissection"]),
                    }
                ),
                max_size=1,
            )
        ),
        "vte": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.just("dvt"),
                        "limb": st.sampled_from(["left_leg", "right_arm"]),
                        "status": st.sampled_from(["active_treatment", "resolved"]),
                        "months_since_treatment_completed": maybe(st.integers(0, 24)),
                    }
                ),
                max_size=1,
            )
        ),
        "meds": {
            "anticoagulant": draw(st.sampled_from([None, "apixaban"])),
            "opioid": {"level": draw(st.sampled_from(["none", "high"])), "sedated": False},
            "steroid_long_term": draw(st.booleans()),
            "hfs_drugs": draw(st.sampled_from([[], ["capecitabine"]])),
            "photosensitizers": draw(st.sampled_from([[], ["fluorouracil"]])),
            "oxaliplatin_days_since": draw(maybe(st.integers(0, 30))),
            "transdermal_patch": draw(
                st.one_of(
                    st.none(), st.builds(lambda r: {"drug": "fentanyl", "region": r}, REGIONS)
                )
            ),
        },
        "signs": {
            "new_swelling_regions": draw(_unique(REGIONS, 1)),
            "active_bleeding": False,
        },
        "lymphedema": draw(
            st.lists(
                st.builds(
                    lambda side: {
                        "regions": [f"{side}_arm", f"{side}_hand"],
                        "side": side,
                        "status": "diagnosed",
                    },
                    st.sampled_from(["left", "right"]),
                ),
                max_size=1,
            )
        ),
        "therapist": {"is_clt": draw(maybe(st.booleans()))},
        "devices": draw(st.lists(devices(), max_size=2)),
        "bone": {
            "metastases": draw(_unique(st.sampled_from(sorted(BONE_SITES)), 3)),
            "sites_known": draw(st.booleans()),
            "osteoporosis": draw(st.booleans()),
        },
        "tumor": {"palpable_sites": draw(_unique(REGIONS, 1))},
        "symptoms": {
            "fatigue_0_10": draw(st.integers(0, 10)),
            "nausea": draw(st.booleans()),
            "dyspnea": draw(st.sampled_from(["none", "exertional", "at_rest"])),
        },
        "neuropathy": {
            "regions": draw(_unique(st.sampled_from(["left_foot", "right_foot", "left_hand"]))),
            "sensory_loss": draw(st.booleans()),
        },
        "skin": draw(st.lists(skin(), max_size=3)),
        "function": {
            "bed_bound": draw(st.booleans()),
            "cognition": draw(st.sampled_from([None, "intact", "impaired"])),
            "actively_dying": draw(st.booleans()),
        },
        "infection": {"isolation": draw(st.sampled_from(["none", "contact"]))},
    }
    return result


@st.composite
def plans(draw) -> dict:
    """A session plan that gives a session (it does not postpone)."""
    techniques = draw(_unique(st.sampled_from(sorted(TECHNIQUES)), 4))
    excluded = draw(_unique(st.sampled_from(sorted(set(TECHNIQUES) - set(techniques))), 6))
    use = draw(_unique(st.sampled_from(sorted(POSITIONS)), 2))
    return {
        "postpone": False,
        "refer": draw(_unique(st.sampled_from(sorted(REFERRALS)))),
        "md_release_required": draw(st.booleans()),
        "max_pressure_global": draw(maybe(st.integers(0, 5))),
        "site_limits": draw(st.dictionaries(SITE_TOKENS, st.integers(0, 5), max_size=4)),
        "avoid_sites": draw(_unique(SITE_TOKENS, 3)),
        "positions": {"use": use, "prohibited": []},
        "techniques": techniques,
        "excluded_techniques": excluded,
        "joint_movement": draw(st.sampled_from(JOINT_LEVELS)),
        "thermal": {
            "no_heat": draw(_unique(SITE_TOKENS, 2)),
            "no_cold": draw(_unique(SITE_TOKENS, 2)),
        },
        "products_used": draw(_unique(st.sampled_from(sorted(PRODUCTS)), 3)),
        "product_constraints": draw(_unique(st.sampled_from(sorted(PRODUCT_CONSTRAINTS)), 4)),
        "max_duration_min": draw(maybe(st.integers(10, 90))),
        "infection_control": draw(st.sampled_from(INFECTION_LEVELS)),
        "ppe": draw(_unique(st.sampled_from(sorted(PPE)))),
        "process": draw(_unique(st.sampled_from(sorted(PROCESS_STEPS)), 8)),
    }
