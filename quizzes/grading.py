"""Where the rule engine meets the database: the rule set from the library, and the grading
of one question. Everything else about grading lives in ``quizzes.engine``."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Max

from quizzes.engine.grader import GradeReport, grade, judged_on
from quizzes.engine.rules import RuleSet, load_rule

from .models.rules import AdaptationRule
from .versions import CasePlanVersion, ChoiceVersion

_cache: dict = {}
_lock = threading.Lock()


def rule_set() -> RuleSet:
    """The active, published rules, compiled once and rebuilt when a change to one is
    published (one query). A draft or a change awaiting clinical review is a revision, not
    the row, so it never grades; a rule never published (``live=False``) does not either."""
    stamp = AdaptationRule.objects.filter(active=True, live=True).aggregate(
        n=Count("id"), at=Max("updated_at")
    )
    key = (stamp["n"], stamp["at"])
    with _lock:
        if _cache.get("key") != key:
            live = AdaptationRule.objects.filter(active=True, live=True)
            rules = [load_rule(r.as_data()) for r in live]
            _cache.update(key=key, rules=RuleSet(rules))
        return _cache["rules"]


@dataclass
class QuestionResult:
    key: str
    kind: str
    points: int
    earned: float
    correct: bool
    verdict: str | None = None  # case questions: safe | caution | unsafe
    violations: list[dict] = field(default_factory=list)
    feedback: list[dict] = field(default_factory=list)  # choice questions: per option
    triggered_rules: list[str] = field(default_factory=list)
    expected: dict = field(default_factory=dict)
    refused: bool = False  # case questions: points withheld for refusing an adapted session
    answered: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


def grade_case_question(question: CasePlanVersion, plan: dict, rules: RuleSet) -> QuestionResult:
    """Grade the asked parts of ``plan`` (a PlanError propagates to the caller's form).

    Violations in plan sections the question did not ask for are set aside; an unsafe plan
    earns nothing (must-not-miss), a caution loses the engine's score deductions. A plan is
    correct only when it is safe and earns every point: a refusal of the whole session (or
    of every pressure decision) keeps the engine's cap even where the question does not ask
    about postponing, so it is never correct.
    """
    report: GradeReport = grade(question.case.facts, plan, rules)
    verdict, score, kept = judged_on(report, question.fields)
    earned = round(question.points * score, 2)
    return QuestionResult(
        key=question.key,
        kind="case_plan",
        points=question.points,
        earned=earned,
        correct=verdict == "safe" and earned == question.points,
        verdict=verdict,
        violations=[v.to_dict() for v in kept],
        triggered_rules=report.triggered_rules,
        expected=dict(report.expected.items()),
        refused=report.refused and earned < question.points,
    )


def unanswered_case_question(question: CasePlanVersion) -> QuestionResult:
    """A case question left without a plan: it scores nothing (and the attempt cannot pass:
    an empty plan shows no safe session)."""
    return QuestionResult(
        key=question.key,
        kind="case_plan",
        points=question.points,
        earned=0.0,
        correct=False,
        answered=False,
    )


def grade_choice_question(question: ChoiceVersion, selected: list[str]) -> QuestionResult:
    """All or nothing: the selected options must be exactly the correct ones. ``selected``
    holds the attempt's opaque option values, already checked against its layout."""
    chosen = set(selected)
    right = chosen == question.correct_values
    return QuestionResult(
        key=question.key,
        kind="choice",
        points=question.points,
        earned=float(question.points) if right else 0.0,
        correct=right,
        feedback=[
            {
                "option": o.value,
                "text": o.text,
                "correct": o.correct,
                "chosen": o.value in chosen,
                "feedback": o.feedback,
            }
            for o in question.options
        ],
    )
