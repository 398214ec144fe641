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


DEVICE_KINDS = st.sampled_from(["port", "picc", "drain", "ostomy", "pca_pump", "oxygen_tubing"])
DEVICE_REGIONS = {
    "port": st.sampled_from(["chest_left", "chest_right"]),
    "picc": st.sampled_from(["left_arm", "right_arm"]),
}
DAYS_PLACED = st.integers(1, 400)


@st.composite
def devices(draw):
    kind = draw(DEVICE_KINDS)
    region = draw(DEVICE_REGIONS.get(kind, REGIONS))
    return {
        "type": kind,
        "region": region,
        "side": side_of_region(region) or "bilateral",
        "accessed": draw(st.booleans()),
        "placed_days_ago": draw(DAYS_PLACED),
    }


RT_KINDS = st.sampled_from(["external", "external", "brachy_permanent", "radioiodine"])
RT_FIELD = _unique(REGIONS, 3)
RT_IMPLANTS = _unique(REGIONS, 2)
RT_BASINS = st.lists(
    st.fixed_dictionaries(
        {
            "basin": st.sampled_from(["axillary", "supraclavicular", "inguinal", "pelvic"]),
            "side": st.sampled_from(["left", "right"]),
        }
    ),
    max_size=1,
)
RT_REST = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["r1", "r2"]),
        "status": st.sampled_from(["ongoing", "completed"]),
        "days_since_last": st.integers(0, 800),
        "skin_reaction": st.sampled_from(["none", "erythema", "moist_desquamation"]),
    }
)


@st.composite
def radiation(draw):
    kind = draw(RT_KINDS)
    rest = draw(RT_REST)
    return {
        "id": rest["id"],
        "type": kind,
        "field_regions": draw(RT_FIELD) if kind == "external" else [],
        "nodal_basins": draw(RT_BASINS),
        "status": rest["status"],
        "days_since_last": rest["days_since_last"],
        "skin_reaction": rest["skin_reaction"],
        "implant_regions": draw(RT_IMPLANTS) if kind != "external" else [],
    }


def surgeries():
    return SURGERIES


SURGERIES = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["s1", "s2"]),
        "procedure": st.just("surgery"),
        "regions": st.lists(st.sampled_from([*SIDED, "abdomen_lower"]), min_size=1, max_size=2),
        "weeks_since": st.integers(0, 300),
        "incision_healed": maybe(st.booleans()),
        "drains": st.booleans(),
        "reconstruction": st.sampled_from(["none", "implant", "tissue_expander"]),
        "flap_donor_regions": st.just([]),
    }
)


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


def skin():
    return SKIN


SKIN = st.fixed_dictionaries(
    {
        "condition": st.sampled_from(SKIN_CONDITIONS),
        "regions": st.lists(st.one_of(REGIONS, SUBSITES), min_size=1, max_size=2),
        "grade": st.integers(1, 3),
        "fissures_or_blisters": st.booleans(),
        "pustular_or_eroded": maybe(st.booleans()),
        "infected": maybe(st.booleans()),
    }
)


def _fixed(**fields):
    return st.fixed_dictionaries(fields)


def _one_of(*values):
    return st.sampled_from(values)


# Built once: Hypothesis validates a strategy object the first time it draws from it, so a
# strategy made inside a composite on every draw costs a validation per example.
FACTS = _fixed(
    service=_one_of("massage", "massage", "facial", "manicure", "pedicure"),
    setting=_one_of("spa", "outpatient_clinic", "hospice", "home_care"),
    cancer=_fixed(
        type=_one_of("breast", "prostate", "lung", "myeloma"),
        status=_one_of("active", "metastatic", "ned"),
        client_knows_sites=st.booleans(),
    ),
    labs=_fixed(
        platelets_per_uL=maybe(st.integers(5_000, 400_000)),
        anc_per_uL=maybe(st.integers(200, 8_000)),
        hemoglobin_g_dL=maybe(st.floats(6.0, 15.0)),
        days_since_drawn=maybe(st.integers(0, 20)),
    ),
    vitals=_fixed(temp_c=_one_of(36.6, 37.2, 38.1)),
    chemo=_fixed(
        status=_one_of("none", "ongoing", "completed"),
        route=_one_of("iv", "oral"),
        myelosuppressive=st.booleans(),
        days_since_last_dose=st.integers(0, 120),
    ),
    targeted=_fixed(
        status=_one_of("none", "ongoing"),
        classes=_unique(_one_of("egfr_inhibitor", "multikinase_inhibitor")),
    ),
    radiation=st.lists(radiation(), max_size=2),
    surgeries=st.lists(surgeries(), max_size=2),
    lymph_nodes=st.lists(
        _fixed(
            basin=_one_of("axillary", "inguinal", "cervical"),
            side=_one_of("left", "right", "bilateral"),
            procedure=_one_of("slnb", "dissection"),
        ),
        max_size=1,
    ),
    vte=st.lists(
        _fixed(
            type=st.just("dvt"),
            limb=_one_of("left_leg", "right_arm"),
            status=_one_of("active_treatment", "resolved"),
            months_since_treatment_completed=maybe(st.integers(0, 24)),
        ),
        max_size=1,
    ),
    meds=_fixed(
        anticoagulant=_one_of(None, "apixaban"),
        opioid=_fixed(level=_one_of("none", "high"), sedated=st.just(False)),
        steroid_long_term=st.booleans(),
        hfs_drugs=_one_of([], ["capecitabine"]),
        photosensitizers=_one_of([], ["fluorouracil"]),
        oxaliplatin_days_since=maybe(st.integers(0, 30)),
        transdermal_patch=maybe(st.builds(lambda r: {"drug": "fentanyl", "region": r}, REGIONS)),
    ),
    signs=_fixed(new_swelling_regions=_unique(REGIONS, 1), active_bleeding=st.just(False)),
    lymphedema=st.lists(
        st.builds(
            lambda side: {
                "regions": [f"{side}_arm", f"{side}_hand"],
                "side": side,
                "status": "diagnosed",
            },
            _one_of("left", "right"),
        ),
        max_size=1,
    ),
    therapist=_fixed(is_clt=maybe(st.booleans())),
    devices=st.lists(devices(), max_size=2),
    bone=_fixed(
        metastases=_unique(st.sampled_from(sorted(BONE_SITES)), 3),
        sites_known=st.booleans(),
        osteoporosis=st.booleans(),
    ),
    tumor=_fixed(palpable_sites=_unique(REGIONS, 1)),
    symptoms=_fixed(
        fatigue_0_10=st.integers(0, 10),
        nausea=st.booleans(),
        dyspnea=_one_of("none", "exertional", "at_rest"),
    ),
    neuropathy=_fixed(
        regions=_unique(_one_of("left_foot", "right_foot", "left_hand")),
        sensory_loss=st.booleans(),
    ),
    skin=st.lists(skin(), max_size=3),
    function=_fixed(
        bed_bound=st.booleans(),
        cognition=_one_of(None, "intact", "impaired"),
        actively_dying=st.booleans(),
    ),
    infection=_fixed(isolation=_one_of("none", "contact")),
)


def facts():
    """A valid fact set touching most rule families."""
    return FACTS


PLAN_TECHNIQUES = _unique(st.sampled_from(sorted(TECHNIQUES)), 4)
PLAN_POSITIONS = _unique(st.sampled_from(sorted(POSITIONS)), 2)
PLAN_REST = st.fixed_dictionaries(
    {
        "refer": _unique(st.sampled_from(sorted(REFERRALS))),
        "md_release_required": st.booleans(),
        "max_pressure_global": maybe(st.integers(0, 5)),
        "site_limits": st.dictionaries(SITE_TOKENS, st.integers(0, 5), max_size=4),
        "avoid_sites": _unique(SITE_TOKENS, 3),
        "joint_movement": st.sampled_from(JOINT_LEVELS),
        "thermal": st.fixed_dictionaries(
            {"no_heat": _unique(SITE_TOKENS, 2), "no_cold": _unique(SITE_TOKENS, 2)}
        ),
        "products_used": _unique(st.sampled_from(sorted(PRODUCTS)), 3),
        "product_constraints": _unique(st.sampled_from(sorted(PRODUCT_CONSTRAINTS)), 4),
        "max_duration_min": maybe(st.integers(10, 90)),
        "infection_control": st.sampled_from(INFECTION_LEVELS),
        "ppe": _unique(st.sampled_from(sorted(PPE))),
        "process": _unique(st.sampled_from(sorted(PROCESS_STEPS)), 8),
    }
)


@st.composite
def plans(draw) -> dict:
    """A session plan that gives a session (it does not postpone)."""
    techniques = draw(PLAN_TECHNIQUES)
    excluded = draw(_unique(st.sampled_from(sorted(set(TECHNIQUES) - set(techniques))), 6))
    rest = draw(PLAN_REST)
    return {
        "postpone": False,
        **rest,
        "positions": {"use": draw(PLAN_POSITIONS), "prohibited": []},
        "techniques": techniques,
        "excluded_techniques": excluded,
    }
