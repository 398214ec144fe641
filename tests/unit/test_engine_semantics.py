"""Conditions, site resolution, combination semantics and malformed input of the engine."""

import pytest

from quizzes.engine.body import covers
from quizzes.engine.conditions import ConditionError, Context, compile_condition
from quizzes.engine.facts import FactsError, derive, normalize_facts
from quizzes.engine.grader import grade
from quizzes.engine.plan import PlanError, parse_plan
from quizzes.engine.rules import RuleError, RuleSet, load_rule
from quizzes.engine.sites import SiteResolver


def holds(condition: str, facts: dict, plan: dict | None = None) -> bool:
    normalized = normalize_facts(facts)
    compiled = compile_condition(condition, allow_plan=plan is not None)
    return compiled(Context(normalized, derive(normalized), plan or {}))


def rule(**overrides) -> dict:
    data = {
        "id": "test-rule",
        "title": "Test rule",
        "category": "test",
        "when": "true",
        "rationale": "Because.",
        "must": {"max_pressure_global": 2},
    }
    data.update(overrides)
    return data


def rules(*items) -> RuleSet:
    return RuleSet([load_rule(item) for item in items])


# -- conditions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ("20000 <= labs.platelets_per_uL < 50000", {"labs": {"platelets_per_uL": 20000}}, True),
        ("20000 <= labs.platelets_per_uL < 50000", {"labs": {"platelets_per_uL": 50000}}, False),
        ("labs.platelets_per_uL < 50000", {"labs": {"platelets_per_uL": None}}, False),
        ("labs.platelets_per_uL < 50000", {}, False),
        ("labs.platelets_per_uL == null", {}, True),
        ("labs.platelets_per_uL != null", {"labs": {"platelets_per_uL": 40000}}, True),
        ("labs.platelets_per_uL != 5", {}, False),
        ("not labs.platelets_per_uL < 50000", {}, True),
        ("chemo.status == ongoing", {"chemo": {"status": "ongoing"}}, True),
        ("chemo.status == 'ongoing'", {"chemo": {"status": "completed"}}, False),
        ("bone.metastases != []", {"bone": {"metastases": ["sacrum"]}}, True),
        ("bone.metastases != []", {}, False),
        (
            "count(bone.metastases) >= 3",
            {"bone": {"metastases": ["sacrum", "skull", "pelvis"]}},
            True,
        ),
        (
            "'egfr_inhibitor' in targeted.classes",
            {"targeted": {"classes": ["egfr_inhibitor"]}},
            True,
        ),
        ("setting in [hospice, home_care]", {"setting": "hospice"}, True),
        (
            "any(radiation, type == external and days_since_last <= 28)",
            {
                "radiation": [
                    {"type": "external", "days_since_last": 29},
                    {"type": "external", "days_since_last": 28},
                ]
            },
            True,
        ),
        (
            "any(radiation, type == external and days_since_last <= 28)",
            {"radiation": [{"type": "radioiodine", "days_since_last": 1}]},
            False,
        ),
        ("any(surgeries, any(regions, true))", {"surgeries": [{"regions": ["chest_left"]}]}, None),
        (
            "overlaps(at_risk_regions, [left_hand])",
            {"lymph_nodes": [{"basin": "axillary", "side": "left"}]},
            True,
        ),
        ("chemo_recent", {"chemo": {"status": "completed", "days_since_last_dose": 28}}, True),
        ("chemo_recent", {"chemo": {"status": "completed", "days_since_last_dose": 29}}, False),
        ("true  # comments are allowed", {}, True),
    ],
)
def test_condition_semantics(condition, facts, expected):
    if expected is None:
        with pytest.raises(ConditionError):
            holds(condition, facts)
    else:
        assert holds(condition, facts) is expected


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("labs.platelets < 50000", "unknown fact 'labs.platelets'"),
        ("chemo.status == ongoin", "unknown fact or value 'ongoin'"),
        ("labs.platelets_per_uL <", "cannot parse at column"),
        ("__import__('os')", "unknown function"),
        ("labs.platelets_per_uL < null", "only == and != can compare with null"),
        ("'scar_mobilization' in plan.techniques", "mark it plan_dependent"),
        ("", "empty"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(condition, message):
    with pytest.raises(ConditionError, match=message):
        compile_condition(condition)


def test_plan_dependent_conditions_read_the_plan():
    assert holds(
        "'scar_mobilization' in plan.techniques", {}, {"techniques": ["scar_mobilization"]}
    )


# -- sites ------------------------------------------------------------------------------


def resolver(facts: dict) -> SiteResolver:
    normalized = normalize_facts(facts)
    return SiteResolver(normalized, derive(normalized))


def test_basins_resolve_to_at_risk_quadrants():
    sites = resolver({"lymph_nodes": [{"basin": "inguinal", "side": "right"}]})
    at_risk = sites.resolve("at_risk_regions")
    assert {"right_thigh", "right_foot", "groin_right", "abdomen_lower", "perineum"} <= at_risk
    assert "left_thigh" not in at_risk


def test_symbolic_tokens_resolve_from_the_facts():
    sites = resolver(
        {
            "devices": [{"type": "port", "region": "chest_right", "side": "right"}],
            "radiation": [
                {
                    "id": "r1",
                    "type": "external",
                    "field_regions": ["chest_left"],
                    "status": "completed",
                    "days_since_last": 7,
                    "skin_reaction": "none",
                }
            ],
            "vte": [{"type": "dvt", "limb": "left_leg", "status": "active_treatment"}],
            "bone": {"metastases": ["ribs_left"]},
        }
    )
    assert sites.resolve("port_site") == {"chest_right", "neck_right:catheter_track"}
    assert sites.resolve("radiation_field:r1") == {"chest_left"}
    assert sites.resolve("acute_radiation_field") == {"chest_left"}
    assert sites.resolve("late_radiation_field") == set()
    assert sites.resolve("dvt_limb") == {"left_thigh", "left_lower_leg", "left_foot"}
    assert sites.resolve("bone_met_site") == {"chest_left", "upper_back_left", "axilla_left"}


def test_a_region_covers_its_subsites_but_not_the_other_way():
    assert covers({"left_foot"}, "left_foot:sole")
    assert not covers({"left_foot:sole"}, "left_foot")


# -- combination ------------------------------------------------------------------------


FACTS = {"service": "massage", "labs": {"platelets_per_uL": 40000}}


def test_strictest_pressure_wins_per_rule_and_stricter_is_never_a_failure():
    rule_set = rules(
        rule(id="cap-two", must={"max_pressure_global": 2}),
        rule(id="cap-one-on-chest", must={"site_limits": {"chest_left": 1}}),
    )
    too_much = grade(FACTS, {"max_pressure_global": 2}, rule_set)
    assert too_much.verdict == "unsafe"
    assert too_much.violated_rules() == ["cap-one-on-chest"]
    stricter = grade(FACTS, {"max_pressure_global": 0, "site_limits": {"chest_left": 0}}, rule_set)
    assert stricter.verdict == "safe"


def test_the_most_specific_limit_in_a_plan_decides_a_sites_pressure():
    rule_set = rules(rule(must={"site_limits": {"quadrant_upper_left": 2}}))
    plan = {"site_limits": {"quadrant_upper_left": 2, "upper_back_left": 3}}
    assert grade(FACTS, plan, rule_set).verdict == "unsafe"
    assert grade(FACTS, {"site_limits": {"quadrant_upper_left": 2}}, rule_set).verdict == "safe"


def test_avoiding_is_not_level_zero_and_level_zero_is_not_avoiding():
    avoid = rules(rule(must={"avoid_sites": ["chest_left"]}))
    hold = rules(rule(must={"site_limits": {"chest_left": 0}}))
    assert grade(FACTS, {"site_limits": {"chest_left": 0}}, avoid).verdict == "unsafe"
    assert grade(FACTS, {"avoid_sites": ["chest_left"]}, hold).verdict == "safe"
    assert grade(FACTS, {"avoid_sites": ["quadrant_upper_left"]}, avoid).verdict == "safe"


def test_postpone_dominates_and_needs_its_referrals():
    rule_set = rules(
        rule(id="fever", must={"postpone": True}),
        rule(id="fever/urgent", must={"refer": ["physician_urgent"]}),
        rule(id="other", must={"max_pressure_global": 1}),
    )
    assert (
        grade(FACTS, {"postpone": True, "refer": ["physician_urgent"]}, rule_set).verdict == "safe"
    )
    no_referral = grade(FACTS, {"postpone": True}, rule_set)
    assert no_referral.verdict == "unsafe"
    assert no_referral.violations[0].field == "refer"
    treated = grade(FACTS, {"max_pressure_global": 1}, rule_set)
    assert [v.field for v in treated.violations] == ["postpone", "refer"]


def test_refusing_without_reason_is_a_caution_unless_postponing_is_acceptable():
    refusal = rule(
        id="proc-no-blanket-refusal",
        when="not postpone_required",
        must=None,
        should={"postpone": False},
    )
    assert grade(FACTS, {"postpone": True}, rules(refusal)).verdict == "caution"
    acceptable = rule(id="low", must={"max_pressure_global": 1}, postpone_acceptable=True)
    assert grade(FACTS, {"postpone": True}, rules(refusal, acceptable)).verdict == "safe"


def test_declared_no_heat_keeps_unlocated_heat_off_but_not_a_hot_foot_soak():
    rule_set = rules(rule(must={"thermal": {"no_heat": ["feet"]}}))
    stones = {"techniques": ["hot_stones"], "thermal": {"no_heat": ["feet"]}}
    soak = {"techniques": ["foot_soak_hot"], "thermal": {"no_heat": ["feet"]}}
    assert grade(FACTS, stones, rule_set).verdict == "safe"
    assert grade(FACTS, {"techniques": ["hot_stones"]}, rule_set).verdict == "unsafe"
    assert grade(FACTS, soak, rule_set).verdict == "unsafe"


def test_deep_tissue_does_not_reach_regions_capped_below_its_pressure():
    rule_set = rules(
        rule(must={"excluded_techniques_on": {"quadrant_upper_right": ["deep_tissue"]}})
    )
    capped = {"techniques": ["deep_tissue"], "site_limits": {"quadrant_upper_right": 2}}
    assert grade(FACTS, capped, rule_set).verdict == "safe"
    assert grade(FACTS, {"techniques": ["deep_tissue"]}, rule_set).verdict == "unsafe"


def test_a_prohibited_face_cradle_rules_out_plain_prone():
    rule_set = rules(rule(must={"positions": {"prohibited": ["prone_face_cradle"]}}))
    assert grade(FACTS, {"positions": {"use": ["prone"]}}, rule_set).verdict == "unsafe"
    assert grade(FACTS, {"positions": {"use": ["semi_reclined"]}}, rule_set).verdict == "safe"


def test_score_weights_site_items_double_for_must():
    rule_set = rules(rule(must={"max_pressure_global": 1}, should={"process": ["intake"]}))
    report = grade(FACTS, {"max_pressure_global": 3}, rule_set)
    assert report.score == pytest.approx(1 - 0.2 - 0.05)


# -- malformed input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"labs": {"platelet_count": 1}}, "labs.platelet_count"),
        ({"age": "sixty"}, "age"),
        ({"devices": [{"type": "port", "region": "chest_middle"}]}, "devices[0].region"),
    ],
)
def test_malformed_facts_are_rejected_naming_the_field(facts, field):
    with pytest.raises(FactsError) as raised:
        grade(facts, {}, rules(rule()))
    assert raised.value.errors[0][0] == field


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        ({"techniques": ["swedish"]}, "techniques[0]"),
        ({"avoid_sites": ["left_elbow"]}, "avoid_sites[0]"),
        ({"max_pressure_global": 7}, "max_pressure_global"),
        ({"positions": {"use": ["upside_down"]}}, "positions.use[0]"),
        ({"thermal": {"no_heat": ["feets"]}}, "thermal.no_heat[0]"),
        ({"pressure": 2}, "pressure"),
        ({"techniques": ["mld"], "excluded_techniques": ["mld"]}, "excluded_techniques"),
    ],
)
def test_malformed_plans_are_rejected_naming_the_field(plan, field):
    with pytest.raises(PlanError) as raised:
        parse_plan(plan)
    assert raised.value.errors[0][0] == field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"when": "labs.platelets < 5"}, "when"),
        ({"must": {"max_pressure": 2}}, "must.max_pressure"),
        ({"must": {"avoid_sites": ["chest_middle"]}}, "must.avoid_sites[0]"),
        ({"must": {"excluded_techniques": ["swedish"]}}, "must.excluded_techniques[0]"),
        ({"should": {"site_limits": {"chest_left": 9}}}, "should.site_limits.chest_left"),
        ({"id": "Bad Id"}, "id"),
        ({"sources": ["Walton"]}, "sources"),
        ({"must": None, "should": None}, "must"),
    ],
)
def test_malformed_rules_are_rejected_naming_the_field(overrides, field):
    with pytest.raises(RuleError) as raised:
        load_rule(rule(**overrides))
    assert field in [path for path, _ in raised.value.errors]


def test_duplicate_rule_ids_are_refused():
    with pytest.raises(RuleError, match="used by two rules"):
        rules(rule(), rule())


def test_nail_work_lands_where_the_plan_leaves_room_and_everywhere_when_none_is_left():
    fold = rules(rule(must={"avoid_sites": ["paronychia_site"]}))
    hand = rules(rule(must={"avoid_sites": ["right_hand"]}))
    fold_site = "right_hand:thumb_nail_fold"
    facts = {"service": "manicure", "skin": [{"condition": "paronychia", "regions": [fold_site]}]}
    skip_fold = {"techniques": ["nail_file"], "avoid_sites": ["right_hand:thumb_nail_fold"]}
    assert grade(facts, skip_fold, fold).verdict == "safe"
    assert grade(facts, {"techniques": ["nail_file"]}, fold).verdict == "unsafe"
    left_only = {"techniques": ["nail_file"], "avoid_sites": ["right_hand"]}
    assert grade(facts, left_only, hand).verdict == "safe"
    no_hand_left = {"techniques": ["nail_file"], "avoid_sites": ["hands"]}
    assert grade(facts, no_hand_left, hand).verdict == "unsafe"
