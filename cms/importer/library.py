"""Write the quiz library: adaptation rules, cases, questions and quiz pages.

Rules, cases and questions are revisioned snippets found by their stable key; quizzes are
pages under their module (or course, for a final assessment). All are written through
``sync``: unchanged files write nothing, an admin's edit is kept unless forced.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from courses.models import CoursePage, ModulePage
from quizzes.models import (
    AdaptationRule,
    Case,
    CaseQuestion,
    ChoiceOption,
    ChoiceQuestion,
    QuizPage,
)

from .parser import Library, ParsedQuiz
from .schema import CaseFile, CasePlanQuestion
from .sync import ImportReport, Target, block_id, fingerprint, sync_page, sync_snippet


def sync_library(library: Library, report: ImportReport, force: bool, user) -> None:
    """Rules, then cases, then questions (one transaction), then each quiz page."""
    if not library.rule_data:
        return
    with transaction.atomic():
        _sync_rules(library, report, force, user)
        cases = {
            case_id: _sync_case(path, case, report, force, user)
            for case_id, (path, case) in library.cases.items()
        }
        questions = {
            question.id: _sync_question(quiz.path, question, cases, report, force, user)
            for quiz in library.quizzes
            for question in quiz.quiz.questions
        }
    for quiz in library.quizzes:
        _sync_quiz_page(quiz, questions, report, force, user)


def _sync_rules(library: Library, report, force, user) -> None:
    """Create or update the rules of the files; when every rule file read cleanly, rules no
    longer in the files stop grading (kept, inactive: past results still name them)."""
    if library.rules_complete:
        listed = {data["id"] for _, data in library.rule_data}
        retired = AdaptationRule.objects.filter(active=True).exclude(rule_id__in=listed)
        count = retired.update(active=False)
        if count:
            report.add("updated", f"{count} adaptation rule(s) no longer in the files: inactive")
    for order, (path, data) in enumerate(library.rule_data):
        fields = {**AdaptationRule.fields_from_data(data), "sort_order": order, "active": True}
        target = Target(fields, path, fingerprint(fields), report, force, user)
        sync_snippet(
            model=AdaptationRule,
            key={"rule_id": data["id"]},
            target=target,
            what=f"rule {data['id']}",
        )


def _sync_case(path: str, case: CaseFile, report, force, user) -> Case:
    fields = {
        "title": case.title,
        "intro": case.intro,
        "module_slug": case.module,
        "facts": case.facts,
        "expected": case.expected,
        "wrong_answers": case.wrong_answers,
        "expert_plan": case.plan,
    }
    target = Target(fields, path, fingerprint(fields), report, force, user)
    return sync_snippet(
        model=Case, key={"case_id": case.case_id}, target=target, what=f"case {case.case_id}"
    )


def _stored_order(key: str, options: list) -> list:
    """Options in an order that says nothing about which is right: content files tend to
    list the correct answer first, and neither the stored order nor the database ids may.

    The wrong options are ordered by a hash of their text; a single correct answer then
    takes a slot chosen by a hash of the question's key alone, so across a quiz the right
    answer sits in each position about equally often (ordering every option by its text's
    hash left it first in 14 of 29 questions). Deterministic, so a re-import changes
    nothing."""

    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    ordered = sorted(options, key=lambda o: digest(f"{key}\n{o.text}"))
    correct = [o for o in ordered if o.correct]
    if len(correct) != 1:
        return ordered
    wrong = [o for o in ordered if not o.correct]
    wrong.insert(int(digest(key)[:8], 16) % len(ordered), correct[0])
    return wrong


def _sync_question(path, question, cases: dict[str, Case], report, force, user):
    what = f"question {question.id}"
    if isinstance(question, CasePlanQuestion):
        fields = {
            "category": question.category,
            "case": cases[question.case],
            "prompt": question.prompt,
            "fields": list(question.fields),
            "points": question.points,
        }
        digest = fingerprint({**fields, "case": question.case})
        target = Target(fields, path, digest, report, force, user)
        return sync_snippet(model=CaseQuestion, key={"key": question.id}, target=target, what=what)
    options = _stored_order(question.id, question.options)

    def write_options(stored: ChoiceQuestion) -> None:
        stored.options.all().delete()
        ChoiceOption.objects.bulk_create(
            ChoiceOption(
                question=stored,
                sort_order=order,
                text=o.text,
                correct=o.correct,
                feedback=o.feedback,
            )
            for order, o in enumerate(options)
        )

    fields = {
        "category": question.category,
        "prompt": question.prompt,
        "multiple": question.multiple,
        "teaches": question.teaches,
        "points": question.points,
        "assesses": list(question.assesses),
    }
    digest = fingerprint({**fields, "options": [o.model_dump() for o in options]})
    target = Target(fields, path, digest, report, force, user)
    return sync_snippet(
        model=ChoiceQuestion,
        key={"key": question.id},
        target=target,
        what=what,
        then=write_options,
    )


def _quiz_parent(quiz: ParsedQuiz, report: ImportReport):
    course = CoursePage.objects.filter(slug=quiz.quiz.course).first()
    if course is None:
        report.errors.append(f"{quiz.path}:1: course: no course '{quiz.quiz.course}'")
        return None
    if quiz.quiz.final:
        return course
    module = ModulePage.objects.child_of(course).filter(slug=quiz.quiz.module).first()
    if module is None:
        report.errors.append(f"{quiz.path}:1: module: no module '{quiz.quiz.module}'")
    return module


def _sync_quiz_page(quiz: ParsedQuiz, questions: dict, report, force, user) -> None:
    parent = _quiz_parent(quiz, report)
    if parent is None:
        return
    shape = quiz.quiz
    stream = [
        {"type": q.kind, "value": questions[q.id].pk, "id": block_id(quiz.path, n)}
        for n, q in enumerate(shape.questions)
    ]
    fields = {
        "title": shape.title,
        "intro": shape.intro,
        "pass_mark": shape.pass_mark,
        "attempts_allowed": shape.attempts_allowed,
        "reveal_answers": shape.reveal_answers,
        "shuffle": shape.shuffle,
        "questions": stream,
    }
    target = Target(fields, quiz.path, fingerprint(quiz.data), report, force, user)
    with transaction.atomic():
        sync_page(parent=parent, model=QuizPage, slug=shape.slug, target=target)
