"""``lint_rules``: a rule that can never fire is an error, and so is one that no case or
graded plan of the library exercises; conflicting pairs are found (pure, no database)."""

from pathlib import Path

import pytest
import yaml

from quizzes.engine.lint import lint_rules
from quizzes.engine.loader import read_plan_files
from quizzes.engine.satisfiable import unsatisfiable
from tests.rules import read_rule_files

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(
    ("condition", "never"),
    [
        # the old drug-only clause: the base's condition and its own negation
        (
            "(any(skin, condition == hand_foot_syndrome)) and (meds.hfs_drugs != []"
            " and not any(skin, condition == hand_foot_syndrome))",
            True,
        ),
        ("meds.hfs_drugs != [] and not any(skin, condition == hand_foot_syndrome)", False),
        ("20000 <= labs.platelets_per_uL < 50000 and labs.platelets_per_uL < 10000", True),
        ("labs.platelets_per_uL < 20000 and labs.platelets_per_uL < 10000", False),
        ("chemo.status == ongoing and chemo.status == completed", True),
        ("chemo.status == ongoing or chemo.status == completed", False),
        ("labs.anc_per_uL == null and labs.anc_per_uL < 500", True),
        ("not (labs.anc_per_uL < 500) and labs.anc_per_uL < 500", True),
    ],
)
def test_a_condition_that_can_never_hold_is_recognised(condition, never):
    assert unsatisfiable(condition) is never


def rule(rule_id, when, **extra):
    return (
        rule_id,
        {
            "id": rule_id,
            "title": "t",
            "category": "test",
            "when": when,
            "rationale": "r",
            "must": {"max_pressure_global": 2},
            **extra,
        },
    )


def test_an_unreachable_or_unexercised_rule_is_an_error():
    items = [
        rule("reached", "labs.platelets_per_uL < 50000"),
        rule("never", "chemo.status == ongoing and chemo.status == none"),
        rule("unexercised", "labs.anc_per_uL < 500"),
    ]
    findings = lint_rules(items, [{"labs": {"platelets_per_uL": 30000}}])
    errors = {(rule_id, message) for level, rule_id, message in findings if level == "error"}
    assert ("never", "its condition can never be true") in errors
    assert ("unexercised", "no case or plan of the library triggers it") in errors
    assert not [f for f in findings if f[1] == "reached"]


def test_the_shipped_library_has_no_error_with_its_cases_checks_and_corpus():
    items = [(data["id"], data) for _, data in read_rule_files(ROOT / "content" / "rules")]
    cases = [
        yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
        for path in sorted((ROOT / "content" / "cases").glob("*.yaml"))
    ]
    plans = [
        (item["facts"], item["plan"])
        for folder in ("content/cases", "content/courses", "tests/data/corpus")
        for item in read_plan_files(ROOT / folder)
    ]
    findings = lint_rules(items, cases, plans)
    assert [f for f in findings if f[0] == "error"] == []
