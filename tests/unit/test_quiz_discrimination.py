"""The shipped quizzes discriminate: an expert's plans pass, and no plan that ignores the case
(postpone and refer everyone, tick every restriction, hold still everywhere, leave everything
blank) can pass any quiz, even with every choice question answered right (RULES §1 item
11)."""

from pathlib import Path

import pytest
import yaml

from quizzes.engine.body import ATOMIC_REGIONS
from quizzes.engine.grader import grade, judged_on
from quizzes.engine.vocabulary import (
    PPE,
    PROCESS_STEPS,
    PRODUCT_CONSTRAINTS,
    REFERRALS,
    TECHNIQUES,
)
from tests.rules import load_rule_files

ROOT = Path(__file__).parents[2]
RULES = load_rule_files(ROOT / "content" / "rules")
CASES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in (ROOT / "content" / "cases").glob("*.yaml")
}
CHECKS = ROOT / "tests" / "data" / "domain" / "checks"
QUIZZES = sorted((ROOT / "content" / "quizzes").glob("*.yaml"))


def expert_plan(case_id: str) -> dict:
    case = CASES[case_id]
    if case.get("plan"):
        return case["plan"]
    return yaml.safe_load((CHECKS / f"{case_id}-model.yaml").read_text(encoding="utf-8"))["plan"]


POSTPONE_AND_REFER_ALL = {
    "postpone": True,
    "refer": list(REFERRALS),
    "md_release_required": True,
    "process": list(PROCESS_STEPS),
}
TICK_EVERY_RESTRICTION = {
    "refer": list(REFERRALS),
    "md_release_required": True,
    "max_pressure_global": 0,
    "avoid_sites": list(ATOMIC_REGIONS),
    "excluded_techniques": list(TECHNIQUES),
    "joint_movement": "none",
    "thermal": {"no_heat": ["global"], "no_cold": ["global"]},
    "product_constraints": list(PRODUCT_CONSTRAINTS),
    "max_duration_min": 5,
    "infection_control": "isolation_ppe",
    "ppe": list(PPE),
    "process": list(PROCESS_STEPS),
}
HOLD_STILL_EVERYWHERE = {
    **{k: v for k, v in TICK_EVERY_RESTRICTION.items() if k != "avoid_sites"},
    "positions": {"use": ["semi_reclined"]},
    "max_duration_min": 20,
}
STRATEGIES = {
    "postpone and refer everyone": POSTPONE_AND_REFER_ALL,
    "tick every restriction": TICK_EVERY_RESTRICTION,
    "hold still everywhere with every restriction": HOLD_STILL_EVERYWHERE,
    "leave everything blank": {},
}


def quiz(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_points(data: dict, plan_for) -> tuple[float, int]:
    earned = total = 0
    for question in data["questions"]:
        if question["kind"] != "case_plan":
            continue
        report = grade(CASES[question["case"]]["facts"], plan_for(question["case"]), RULES)
        _, score, _ = judged_on(report, question["fields"])
        earned += question["points"] * score
        total += question["points"]
    return earned, total


def choice_points(data: dict) -> int:
    return sum(q["points"] for q in data["questions"] if q["kind"] == "choice")


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_an_experts_plans_earn_every_case_point(path):
    data = quiz(path)
    earned, total = case_points(data, expert_plan)
    assert total > 0
    assert earned == total


@pytest.mark.parametrize("strategy", STRATEGIES, ids=str)
@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_a_plan_that_ignores_the_case_fails_every_quiz(path, strategy):
    data = quiz(path)
    earned, total = case_points(data, lambda _case: STRATEGIES[strategy])
    assert earned / total * 100 < data["pass_mark"], f"{earned} of {total} case points"
    perfect_choices = choice_points(data)
    percent = (earned + perfect_choices) / (total + perfect_choices) * 100
    assert percent < data["pass_mark"], f"{percent:.1f}% with every choice question right"


def best_postponing_points(question) -> float:
    """The most a plan that postpones can earn on a case question: postpone, with whichever
    single referral (or none) suits the case best."""
    best = 0.0
    for refer in [[], *([referral] for referral in REFERRALS)]:
        plan = {"postpone": True, "refer": refer}
        report = grade(CASES[question["case"]]["facts"], plan, RULES)
        _, score, _ = judged_on(report, question["fields"])
        best = max(best, score)
    return question["points"] * best


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_postponing_every_case_with_the_best_single_referral_fails_the_quiz(path):
    """A learner who postpones every client, choosing for each case the one referral that
    earns most, does not pass, even with every choice question right."""
    data = quiz(path)
    cases = [q for q in data["questions"] if q["kind"] == "case_plan"]
    earned = sum(best_postponing_points(q) for q in cases)
    total = sum(q["points"] for q in cases)
    perfect_choices = choice_points(data)
    percent = (earned + perfect_choices) / (total + perfect_choices) * 100
    assert percent < data["pass_mark"], f"{percent:.1f}% by postponing every case"


def test_at_most_one_case_of_the_final_is_answered_by_postponing():
    """The final draws on cases where the expert adapts the session: at most one of its cases
    earns full points for postponing with one referral."""
    [final] = [quiz(path) for path in QUIZZES if quiz(path).get("final")]
    cases = [q for q in final["questions"] if q["kind"] == "case_plan"]
    assert len(cases) >= 3
    answered = [q["case"] for q in cases if best_postponing_points(q) == q["points"]]
    assert len(answered) <= 1, f"postponing answers {answered} in full"
