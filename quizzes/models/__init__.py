"""The quiz page, the rules, cases and questions instructors edit, and learners' attempts
(re-exported, as wagtail.models)."""

from .attempts import Attempt, AttemptGrant
from .pages import QuizPage
from .questions import CaseQuestion, ChoiceOption, ChoiceQuestion
from .regrade import AttemptRegrade, RegradeImpactReport, RegradeRun
from .rules import AdaptationRule, Case

__all__ = [
    "AdaptationRule",
    "Attempt",
    "AttemptGrant",
    "AttemptRegrade",
    "Case",
    "CaseQuestion",
    "ChoiceOption",
    "ChoiceQuestion",
    "QuizPage",
    "RegradeImpactReport",
    "RegradeRun",
]
