"""Rules, cases and questions (snippets instructors edit) and learners' attempts."""

from .attempts import Attempt
from .questions import CaseQuestion, ChoiceOption, ChoiceQuestion
from .rules import AdaptationRule, Case

__all__ = ["AdaptationRule", "Attempt", "Case", "CaseQuestion", "ChoiceOption", "ChoiceQuestion"]
