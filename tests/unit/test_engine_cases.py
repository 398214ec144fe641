"""The default rule set against every worked case of the domain specification (pure, no
database). The cases and checks are copied from the specification into tests/data/domain.

- ``cases/*.yaml``: the rules a case triggers are exactly the case's list, and the plan made
  from the case's ``must`` items is never unsafe (the must list is enough for safety under our
  rules). The cases abbreviate their ``should`` lists (CASES.md: "irrelevant exclusions
  omitted", process steps "not repeated"), so that plan can still draw cautions.
- ``checks/*.yaml``: the same cases as full plans. The expert plan ("-model", every
  declaration its rules ask for) is safe, and each typical wrong answer laid over it gets the
  verdict the case states.
"""

from pathlib import Path

import pytest
import yaml

from quizzes.engine.grader import grade
from tests.rules import load_rule_files

ROOT = Path(__file__).parents[2]
DOMAIN = ROOT / "tests" / "data" / "domain"
RULES = load_rule_files(ROOT / "content" / "rules")
CASES = sorted((DOMAIN / "cases").glob("*.yaml"))
CHECKS = sorted((DOMAIN / "checks").glob("*.yaml"))

# Case C07 scopes joint movement with words outside the vocabulary; read as regions.
OUTSIDE_VOCABULARY = {
    "spine": ["spine_and_ribs"],
    "right_hip_knee": ["right_leg"],
    "left_ribs": ["chest_left", "upper_back_left", "axilla_left"],
}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def plan_from_must(expected: dict) -> dict:
    """The case's must items written as a plan (the plan vocabulary shares their keys)."""
    plan: dict = {"postpone": False}
    for key, value in (expected.get("must") or {}).items():
        if key in ("positions_prohibited", "positions_use"):
            plan.setdefault("positions", {})[key.removeprefix("positions_")] = value
        elif key == "joint_movement_on":
            plan[key] = {
                token: level
                for word, level in value.items()
                for token in OUTSIDE_VOCABULARY.get(word, [word])
            }
        elif key == "keep_compression_garments_on":
            continue  # advice: no plan field
        else:
            plan[key] = value
    return plan


def test_the_rule_set_has_all_48_rules_of_the_catalogue():
    assert len(RULES.base_ids) == 48
    assert len(RULES) > 48  # plus the conditional parts split out as derived rules


def test_there_are_worked_cases_and_checks():
    assert len(CASES) == 10
    assert len(CHECKS) == 30


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_triggered_rules_equal_the_cases_list(path):
    case = load(path)
    report = grade(case["facts"], {}, RULES)
    assert sorted(report.triggered_rules) == sorted(case["expected"]["triggered_rules"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_cases_must_items_make_a_plan_that_is_not_unsafe(path):
    case = load(path)
    report = grade(case["facts"], plan_from_must(case["expected"]), RULES)
    assert report.verdict != "unsafe", [v.detail for v in report.violations]


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.stem)
def test_each_check_gets_the_verdict_it_must_get(path):
    check = load(path)
    report = grade(check["facts"], check["plan"], RULES)
    assert report.verdict == check["expect"], [
        (v.severity, v.rule, v.detail) for v in report.violations
    ]


@pytest.mark.parametrize("path", [p for p in CHECKS if "-wrong" in p.stem], ids=lambda p: p.stem)
def test_wrong_answers_are_pinned_on_at_least_one_rule_the_case_names(path):
    check = load(path)
    case = load(DOMAIN / "cases" / f"{check['name'].split('-')[0]}.yaml")
    wrong = case["wrong_answers"][int(check["name"][-1]) - 1]
    violated = set(grade(check["facts"], check["plan"], RULES).violated_rules())
    assert violated & set(wrong["violates"]), (violated, wrong["violates"])


def test_unsafe_feedback_cites_each_rules_rationale():
    check = load(DOMAIN / "checks" / "C01-wrong1.yaml")
    report = grade(check["facts"], check["plan"], RULES)
    for violation in report.violations:
        rationale = RULES.by_id[
            violation.rule + (f"/{violation.clause}" if violation.clause else "")
        ].rationale
        assert violation.rationale == rationale
        assert rationale in violation.message
