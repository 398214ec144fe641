"""How many CE hours a course's content supports, and where it disagrees with the approval.

Three figures are compared with the approved hours (one CE is 60 minutes of study):

- **stated**: the minutes each module states (reading, worked cases and its quiz), plus the
  final assessment's minutes;
- **content**: what the published content takes a learner: reading at 200 words per minute
  (12,000 words per CE), media at their running time, and the quizzes at a fixed time per
  question (the quizzes app supplies those minutes through the ``course_assessment_minutes``
  hook, so this module never imports it);
- **study**: the minimum study time a learner must record on the modules, plus the final.

Stated and approved hours agree when the stated minutes reach the approved minutes and exceed
them by less than a quarter hour (boards approve whole quarter hours). The content must
support at least the approved hours, and the minimum study time must cover them.
``content/README.md`` tells authors the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wagtail import hooks

WORDS_PER_MINUTE = 200
WORDS_PER_CE = WORDS_PER_MINUTE * 60
MINUTES_PER_CE = 60
# Boards approve hours in quarter hours: stated minutes may exceed the approval by less.
APPROVAL_STEP_MINUTES = 15
ASSESSMENT_HOOK = "course_assessment_minutes"


@dataclass(frozen=True)
class AssessmentTime:
    """Minutes a learner needs for a course's quizzes: those that close a module (already
    inside each module's stated minutes) and the final assessment (stated by no module)."""

    module_quizzes: Decimal = Decimal(0)
    final: Decimal = Decimal(0)

    def __add__(self, other: AssessmentTime) -> AssessmentTime:
        return AssessmentTime(self.module_quizzes + other.module_quizzes, self.final + other.final)

    @property
    def total(self) -> Decimal:
        return self.module_quizzes + self.final


def assessment_time(course) -> AssessmentTime:
    """The quiz minutes of ``course``, from every app that registered the hook."""
    return sum((fn(course) for fn in hooks.get_hooks(ASSESSMENT_HOOK)), AssessmentTime())


def _hours(minutes) -> Decimal:
    return (Decimal(minutes) / MINUTES_PER_CE).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _minutes(value) -> int:
    return int(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class CEEstimate:
    """The CE hours a course's modules support, three ways (see the module docstring)."""

    words: int
    media_minutes: int
    module_minutes: int = 0
    study_minutes: int = 0
    assessment: AssessmentTime = AssessmentTime()

    @property
    def reading_minutes(self) -> int:
        return _minutes(Decimal(self.words) / WORDS_PER_MINUTE)

    @property
    def assessment_minutes(self) -> int:
        return _minutes(self.assessment.total)

    @property
    def final_minutes(self) -> int:
        return _minutes(self.assessment.final)

    @property
    def content_minutes(self) -> int:
        return self.reading_minutes + self.media_minutes + self.assessment_minutes

    @property
    def hours(self) -> Decimal:
        """The hours the content supports: reading, media and the quizzes."""
        return _hours(
            Decimal(self.words) / WORDS_PER_MINUTE + self.media_minutes + self.assessment.total
        )

    @property
    def stated_minutes(self) -> int:
        return self.module_minutes + self.final_minutes

    @property
    def module_hours(self) -> Decimal:
        return _hours(self.module_minutes)

    @property
    def stated_hours(self) -> Decimal:
        return _hours(self.stated_minutes)

    @property
    def study_hours(self) -> Decimal:
        return _hours(self.study_minutes + self.final_minutes)

    def disagreements(self, approved: Decimal | None) -> list[str]:
        """What an instructor should fix before certificates print ``approved`` hours."""
        if not approved:
            return []
        approved_minutes = int(approved * MINUTES_PER_CE)
        final = f" and the final assessment {self.final_minutes}" if self.final_minutes else ""
        problems = []
        if not 0 <= self.stated_minutes - approved_minutes < APPROVAL_STEP_MINUTES:
            problems.append(
                f"The modules state {self.module_minutes} minutes{final}: {self.stated_minutes}"
                f" minutes ({self.stated_hours} CEs), but the course is approved for"
                f" {approved} CEs ({approved_minutes} minutes)."
            )
        if self.study_minutes + self.final_minutes < approved_minutes:
            problems.append(
                f"The modules' minimum study times add up to {self.study_minutes} minutes{final}:"
                f" a learner could earn {approved} CEs ({approved_minutes} minutes) with less"
                " recorded study."
            )
        if self.hours < approved:
            problems.append(
                f"The content supports {self.hours} CEs ({self.content_minutes} minutes of"
                f" reading, media and quizzes), fewer than the {approved} approved: check the"
                " approval before issuing certificates."
            )
        return problems
