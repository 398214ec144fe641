"""The shape of every content file, as pydantic models.

Each model says what a field must be; ``validate`` turns pydantic's errors into
``file:line: field: message`` with the line of the offending value (from ``loader``) and
words an author understands ("is required", "unknown field") instead of pydantic's.
The meaning of rules and case facts belongs to the engine (``quizzes.engine``), which
checks them after these shapes hold.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from cms.validators import validate_link
from quizzes.engine.vocabulary import PLAN_SECTIONS
from quizzes.models.pages import GRADING_RESTATED, grading_restated

from .loader import SourceFile, field_name, line_of

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_KINDS = ("guideline", "textbook", "paper", "organisation")
COURSE_TYPES = ("home_study", "live", "webinar")
PROFESSIONS = ("massage_therapist", "esthetician")


def _error(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _whole(minimum: int):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            kind = "a positive whole number" if minimum >= 1 else "a whole number, 0 or more"
            raise _error("whole", f"must be {kind}")
        return value

    return check


def _text(value):
    if not isinstance(value, str):
        raise _error("text", "must be text")
    if not value.strip():
        raise _error("required", "is required")
    return value.strip()


def _slug(value):
    if not SLUG.match(value):
        raise _error("slug", "use lowercase letters, digits and hyphens")
    return value


def _hours(value):
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        hours = Decimal(str(value))
        if not (Decimal("0.25") <= hours <= Decimal(200)) or hours != round(hours, 2):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise _error("hours", "must be a number of hours between 0.25 and 200, e.g. 6.0") from None
    return hours


def _link(value):
    try:
        validate_link(value)
    except DjangoValidationError as error:
        raise _error("link", error.messages[0]) from None
    return value


def _optional_text(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _error("text", "must be text")
    return value.strip()


PositiveWhole = Annotated[int, BeforeValidator(_whole(1))]
Whole = Annotated[int, BeforeValidator(_whole(0))]
Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]
Slug = Annotated[str, BeforeValidator(_text), AfterValidator(_slug)]
Date = Annotated[datetime.date, Strict()]


class Shape(BaseModel):
    """Unknown fields are errors (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- sources.yaml ---------------------------------------------------------------------------


def _source_kind(value):
    if value not in SOURCE_KINDS:
        raise _error("kind", f"must be one of: {', '.join(SOURCE_KINDS)}")
    return value


class SourceEntry(Shape):
    """One numbered source. ``kind`` says what sort of published work it is; it is checked
    here and not stored (the citation itself says the rest)."""

    number: PositiveWhole
    kind: Annotated[str, BeforeValidator(_text), AfterValidator(_source_kind)]
    citation: Text
    url: Annotated[OptionalText, AfterValidator(_link)] = ""


class SourcesFile(Shape):
    sources: list[SourceEntry]


# -- courses and modules --------------------------------------------------------------------


class Approval(Shape):
    board: OptionalText = ""
    approval_number: Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v))] = ""
    approved_from: Date | None = None
    approved_until: Date | None = None

    @field_validator("approved_until")
    @classmethod
    def after_start(cls, until, info: ValidationInfo):
        start = info.data.get("approved_from")
        if until and start and until < start:
            raise _error("order", "is before approved_from")
        return until


def _professions(values):
    for value in values:
        if value not in PROFESSIONS:
            raise _error("one_of", f"'{value}' is not one of {', '.join(PROFESSIONS)}")
    return values


def _instructor(value):
    name, _, credentials = _text(value).partition(",")
    return {"name": name.strip(), "credentials": credentials.strip()}


class CourseMeta(Shape):
    title: Annotated[Text, Field(max_length=255)]
    slug: Slug
    summary: Annotated[Text, Field(max_length=800)]
    course_type: Literal[COURSE_TYPES]
    ce_hours: Annotated[Decimal, BeforeValidator(_hours)]
    approval: Approval = Approval()
    instructors: list[Annotated[dict, BeforeValidator(_instructor)]] = []
    prerequisites: OptionalText = ""
    target_professions: Annotated[list[Text], AfterValidator(_professions)]
    learning_objectives: list[Text]
    approved_title: OptionalText = ""


class ModuleMeta(Shape):
    title: Annotated[Text, Field(max_length=255)]
    slug: Slug
    order: PositiveWhole
    estimated_minutes: PositiveWhole
    media_minutes: Whole = 0
    learning_objectives: list[Text] = []
    summary: OptionalText = ""


# -- blocks inside a module's body ----------------------------------------------------------


class CaseBlock(Shape):
    """A ``:::case`` block; its facts are the engine's to judge."""

    intro: OptionalText = ""
    facts: Annotated[dict, Field(min_length=1)]
    discussion: Text


class ImageBlock(Shape):
    file: Text
    alt: Text
    caption: OptionalText = ""


# -- the quiz library: cases and quizzes ----------------------------------------------------


class CaseFile(Shape):
    case_id: Text
    title: Text
    intro: OptionalText = ""
    module: OptionalText = ""
    facts: dict
    expected: dict = {}
    wrong_answers: list = []
    plan: dict = {}


class Option(Shape):
    text: Text
    feedback: Text
    correct: bool = False


class ChoiceQuestion(Shape):
    kind: Literal["choice"]
    id: Slug
    prompt: Text
    multiple: bool = False  # before options, whose check reads it
    options: Annotated[list[Option], Field(min_length=2)]
    category: Slug = "general"
    teaches: OptionalText = ""
    points: PositiveWhole = 1
    # Rule ids the question assesses (checked against content/rules by the parser); for the
    # question bank and the coverage test, never shown to learners.
    assesses: list[Text] = []

    @field_validator("options")
    @classmethod
    def one_correct(cls, options, info: ValidationInfo):
        correct = sum(option.correct for option in options)
        if correct == 0 or (not info.data.get("multiple") and correct != 1):
            raise _error(
                "correct", "mark exactly one correct option (or several, with multiple: true)"
            )
        return options


class CasePlanQuestion(Shape):
    kind: Literal["case_plan"]
    id: Slug
    case: Text
    fields: Annotated[list[Literal[tuple(PLAN_SECTIONS)]], Field(min_length=1)]
    prompt: Text = "Propose a plan for today's session."
    category: Slug = "cases"
    points: PositiveWhole = 3


Question = Annotated[ChoiceQuestion | CasePlanQuestion, Field(discriminator="kind")]


class QuizFile(Shape):
    title: Text
    slug: Slug
    course: Slug
    module: Annotated[str, BeforeValidator(_optional_text)] = ""
    final: bool = False
    intro: OptionalText = ""
    pass_mark: Annotated[PositiveWhole, Field(le=100)] = 80
    attempts_allowed: PositiveWhole = 3
    reveal_answers: bool = True
    shuffle: bool = True
    questions: Annotated[list[Question], Field(min_length=1)]

    @field_validator("intro")
    @classmethod
    def _grading_not_in_words(cls, intro: str) -> str:
        restated = grading_restated(intro)
        if restated:
            raise _error("grading", GRADING_RESTATED.format(words=restated))
        return intro


# -- errors in authors' words ---------------------------------------------------------------

_WORDS = {
    "missing": "is required",
    "extra_forbidden": "unknown field",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD",
    "union_tag_invalid": "expected choice or case_plan",
    "union_tag_not_found": "is required: choice or case_plan",
}


def _words(error: dict) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind in _WORDS:
        return _WORDS[kind]
    if kind == "literal_error":
        return f"must be one of {context['expected'].replace(' or ', ', ')}"
    if kind == "string_too_long":
        return f"is longer than {context['max_length']} characters"
    if kind == "too_short":
        return f"needs at least {context['min_length']} items"
    if kind == "less_than_equal":
        return f"must be at most {context['le']}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"]


def _location(data: Any, location: tuple) -> tuple:
    """pydantic's location without the tags of tagged unions (``questions.3.choice.id``)."""
    cleaned = []
    for step in location:
        if isinstance(data, dict) and step not in data and step == data.get("kind"):
            continue
        cleaned.append(step)
        data = data[step] if _reaches(data, step) else None
    return tuple(cleaned)


def _reaches(data: Any, step) -> bool:
    if isinstance(data, dict):
        return step in data
    return isinstance(data, list) and isinstance(step, int) and step < len(data)


S = TypeVar("S", bound=BaseModel)


def validate(shape: type[S], data: Any, file: SourceFile, prefix: tuple = ()) -> S | None:
    """``data`` as a ``shape``, or None with every problem recorded on ``file``."""
    if not isinstance(data, dict):
        file.error(getattr(data, "line", 1), field_name(prefix) or "file", "must be a mapping")
        return None
    try:
        return shape.model_validate(data)
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            location = _location(data, problem["loc"])
            if problem["type"].startswith("union_tag"):
                location += ("kind",)  # the question's kind is what is wrong or missing
            file.error(line_of(data, location), field_name(prefix + location), _words(problem))
        return None


__all__ = [
    "Approval",
    "CaseBlock",
    "CaseFile",
    "CasePlanQuestion",
    "ChoiceQuestion",
    "CourseMeta",
    "ImageBlock",
    "ModuleMeta",
    "QuizFile",
    "SourceEntry",
    "SourcesFile",
    "validate",
]
