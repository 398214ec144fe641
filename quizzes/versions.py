"""The questions of an attempt as they were when it started.

An attempt stores its layout as a snapshot: each choice question with its options (text,
correctness, feedback) in the order shown, and each case question with its case facts,
vignette and asked sections. Grading and feedback read the snapshot, so an instructor who
edits, renames or deletes a question (or re-imports content) never changes or breaks an
attempt already under way, and a regrade replays exactly what the learner saw.

Options are posted under per-attempt opaque values (random tokens), never database ids:
neither the values nor their order say which option is correct.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionVersion:
    value: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class ChoiceVersion:
    key: str
    prompt: str
    multiple: bool
    points: int
    options: tuple[OptionVersion, ...]
    kind: str = "choice"

    @property
    def correct_values(self) -> set[str]:
        return {o.value for o in self.options if o.correct}


@dataclass(frozen=True)
class CaseVersion:
    case_id: str
    title: str
    intro: str
    facts: dict
    vignette: list


@dataclass(frozen=True)
class CasePlanVersion:
    key: str
    prompt: str
    fields: tuple[str, ...]
    points: int
    case: CaseVersion
    kind: str = "case_plan"


def choice_entry(question, *, shuffle: bool) -> dict:
    options = list(question.options.all())
    if shuffle:
        random.shuffle(options)
    values = [secrets.token_urlsafe(9) for _ in options]  # 72 random bits each
    return {
        "kind": "choice",
        "key": question.key,
        "prompt": question.prompt,
        "multiple": question.multiple,
        "points": question.points,
        "options": [
            {"value": value, "text": o.text, "correct": o.correct, "feedback": o.feedback}
            for value, o in zip(values, options, strict=True)
        ],
    }


def case_entry(question, case=None) -> dict:
    """A case question as the attempt shows it, with ``case`` drawn in place of the
    question's own (a variant: ``quizzes.variants.draw``); a variant's seed and choices are
    kept so that it can be made again from its case."""
    case = case or question.case
    entry = {
        "kind": "case_plan",
        "key": question.key,
        "prompt": question.prompt,
        "fields": list(question.fields),
        "points": question.points,
        "case": {
            "case_id": case.case_id,
            "title": case.title,
            "intro": case.intro,
            "facts": case.facts,
            "vignette": case.vignette,
        },
    }
    if case.variant_of_id:
        entry["variant"] = {
            "of": case.variant_of.case_id,
            "seed": case.variant_seed,
            "choices": case.variant_choices,
        }
    return entry


def version_of(entry: dict) -> ChoiceVersion | CasePlanVersion:
    if entry["kind"] == "choice":
        return ChoiceVersion(
            key=entry["key"],
            prompt=entry["prompt"],
            multiple=entry["multiple"],
            points=entry["points"],
            options=tuple(OptionVersion(**o) for o in entry["options"]),
        )
    return CasePlanVersion(
        key=entry["key"],
        prompt=entry["prompt"],
        fields=tuple(entry["fields"]),
        points=entry["points"],
        case=CaseVersion(**entry["case"]),
    )
