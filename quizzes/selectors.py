"""What a quiz page shows a learner: their attempts, the open one with its saved answers, and
graded feedback. Nothing here reveals an answer before the attempt is submitted: choice
options carry text only, and case questions show the vignette and an empty plan form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import BooleanField, Value
from django.utils import timezone

from courses.models.progress import Enrolment
from courses.selectors import course_progress
from quizzes.engine.grader import REFUSAL_SCORE_CAP, WEIGHTS
from quizzes.engine.vocabulary import (
    BLOCK_OF_SEVERITY,
    REQUIREMENT_PARTS,
    REQUIREMENTS,
    SEVERITIES,
    VERDICTS,
    label,
    lowered,
    site_label,
)

from .forms import plan_form_for, stored_answer
from .models.attempts import Attempt, AttemptGrant
from .models.questions import CaseQuestion, ChoiceQuestion
from .models.rules import AdaptationRule
from .versions import version_of


@dataclass(frozen=True)
class AttemptsStatus:
    """Where a learner stands with a quiz's attempt limit, and why they may not start one.

    ``allowed`` counts the quiz's attempts, every grant and every retake that has opened;
    ``reason`` is empty when the learner may start (or resume) an attempt, else the words
    they read: the modules left before a final assessment, or what happens now that the
    attempts are used (``next_opens_at`` when a retake opens, or ask the instructor)."""

    allowed: int
    used: int
    has_open: bool
    next_opens_at: datetime | None
    reason: str
    granted: int = 0

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.used)

    @property
    def can_start(self) -> bool:
        return not self.reason

    @property
    def exhausted(self) -> bool:
        return not self.has_open and self.left == 0


@dataclass(frozen=True)
class GradingScale:
    """How a quiz is graded, in the numbers a learner is shown before starting: made from the
    quiz's own fields and its questions' points, never from free text."""

    choice_count: int
    choice_points: int
    multiple_count: int
    case_count: int
    case_points: int
    pass_mark: int
    attempts_allowed: int
    retake_after_days: int | None
    reveal_answers: bool

    @property
    def total(self) -> int:
        return self.choice_points + self.case_points

    @property
    def needed(self) -> int:
        """The fewest points that reach the pass mark (a percentage of ``total``)."""
        return -(-self.total * self.pass_mark // 100)

    @property
    def points_per_case(self) -> str:
        return _per(self.case_points, self.case_count)

    @property
    def points_per_choice(self) -> str:
        return _per(self.choice_points, self.choice_count)

    # The engine's deductions, as whole percentages of a case question's points.
    site_deduction = round(WEIGHTS["site"] * 100)
    other_deduction = round(WEIGHTS["other"] * 100)
    refusal_cap = round(REFUSAL_SCORE_CAP * 100)


def _per(points: int, count: int) -> str:
    """'3' when every question carries the same points, else 'on average 2.5'."""
    if not count:
        return "0"
    if points % count == 0:
        return str(points // count)
    return f"on average {points / count:.1f}"


def grading_scale(quiz) -> GradingScale:
    """The published grading scale of ``quiz``, counting its published questions only (as
    an attempt does): one query, however many questions."""
    ids = {"choice": [], "case_plan": []}
    for block in quiz.questions.raw_data:
        if block["type"] in ids and block["value"]:
            ids[block["type"]].append(block["value"])
    # One query: both banks' points (a choice question's ``multiple`` flag rides along).
    rows = (
        ChoiceQuestion.objects.filter(pk__in=ids["choice"], live=True)
        .order_by()
        .values_list(Value("choice"), "pk", "points", "multiple")
    )
    rows = rows.union(
        CaseQuestion.objects.filter(pk__in=ids["case_plan"], live=True, case__live=True)
        .order_by()
        .values_list(Value("case_plan"), "pk", "points", Value(False, output_field=BooleanField())),
        all=True,
    )
    found = {(kind, pk): (points, multiple) for kind, pk, points, multiple in rows}
    choices = [found[("choice", pk)] for pk in ids["choice"] if ("choice", pk) in found]
    cases = [found[("case_plan", pk)] for pk in ids["case_plan"] if ("case_plan", pk) in found]
    return GradingScale(
        choice_count=len(choices),
        choice_points=sum(points for points, _ in choices),
        multiple_count=sum(1 for _, multiple in choices if multiple),
        case_count=len(cases),
        case_points=sum(points for points, _ in cases),
        pass_mark=quiz.pass_mark,
        attempts_allowed=quiz.attempts_allowed,
        retake_after_days=quiz.retake_after_days,
        reveal_answers=quiz.reveal_answers,
    )


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%B} {local.day}, {local.year} at {local:%H:%M}"


ASK_FOR_ATTEMPTS = (
    "Your instructor can grant you more attempts: ask them, saying which quiz it is and what"
    " you would like to try again."
)


def _capacity(quiz, attempts: list[Attempt], granted: int, now: datetime):
    """(attempts allowed so far, when the next retake opens or None)."""
    capacity = quiz.attempts_allowed + granted
    wait = timedelta(days=quiz.retake_after_days) if quiz.retake_after_days else None
    used = 0
    last_submitted = None
    for attempt in attempts:
        # an attempt begun after a waiting period, once every earlier attempt was used
        if (
            wait
            and used >= capacity
            and last_submitted
            and attempt.started_at >= last_submitted + wait
        ):
            capacity += quiz.attempts_allowed
        used += 1
        last_submitted = attempt.submitted_at or last_submitted
    if not wait or used < capacity or last_submitted is None:
        return capacity, None
    opens = last_submitted + wait
    if now >= opens:
        return capacity + quiz.attempts_allowed, None
    return capacity, opens


def attempts_status(*, user, quiz, now: datetime | None = None, attempts=None) -> AttemptsStatus:
    """The attempt limit in one place, for ``quizzes.services.attempt_start`` and the quiz
    page: attempts allowed (the quiz's, grants, opened retakes), used and left, when a retake
    opens, and why an attempt cannot start. A final assessment opens only when every module
    of the course is complete. Pass ``attempts`` (the learner's, in number order) when the
    caller has them."""
    now = now or timezone.now()
    if attempts is None:
        attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
    granted = sum(
        AttemptGrant.objects.filter(user=user, quiz=quiz).values_list("extra_attempts", flat=True)
    )
    allowed, opens = _capacity(quiz, attempts, granted, now)
    has_open = any(a.is_open for a in attempts)
    used = len(attempts)
    reason = ""
    if quiz.assesses_course and not has_open:
        reason = course_progress(user=user, course=quiz.course).modules_left_text
    if not reason and not has_open and used >= allowed:
        if opens:
            reason = (
                f"You have used all {used} attempts at this quiz. A new set of"
                f" {quiz.attempts_allowed} opens on {_when(opens)}."
            )
        else:
            reason = f"You have used all {used} attempts at this quiz. {ASK_FOR_ATTEMPTS}"
    return AttemptsStatus(allowed, used, has_open, opens, reason, granted)


def answers_shown(*, user, quiz) -> bool:
    """Whether ``quiz`` has shown ``user`` its answers, as ``attempt_feedback`` reveals them:
    the quiz reveals answers, and the learner passed an attempt or used the quiz's own
    attempts with no retake period to come. Counted from the quiz's allowance, not from what
    is left, so a learner given more attempts once already counts."""
    if not quiz.reveal_answers:
        return False
    submitted = Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False)
    if submitted.filter(passed=True).exists():
        return True
    return not quiz.retake_after_days and submitted.count() >= quiz.attempts_allowed


def plan_defaults(question) -> dict[str, str]:
    """Every field of a case question's form with the value it preselects, or "" (standard
    infection control and no joint movement are preselected: they are not yet an answer)."""
    fields = plan_form_for(question, None).fields
    return {name: "" if f.initial is None else str(f.initial) for name, f in fields.items()}


def answered(question, answer, defaults: dict | None = None) -> bool:
    """Whether a saved answer counts as an answer, for the navigator and the check before
    grading. A choice question is answered when an option is selected. A case question is
    answered when any of its plan fields holds a value the learner gave: a ticked box, a
    chosen level, a number; a value the form preselects does not count on its own.
    ``defaults`` are the question's ``plan_defaults``, when the caller has them."""
    answer = stored_answer(answer)
    if question.kind == "choice":
        return any(answer.get("selected", []))
    defaults = plan_defaults(question) if defaults is None else defaults
    return any(
        value and value != defaults[name]
        for name, values in answer.items()
        if name in defaults
        for value in values
    )


def _error_links(question, number: int, item: dict) -> list[dict]:
    """One entry per error of a question, for the summary at the top of the form: its
    message and the id of the control it is about."""
    if question.kind == "choice":
        return [{"message": m, "target": f"q-{question.key}-o1"} for m in item["errors"]]
    form = item["form"]
    links = []
    for name, messages in form.errors.items():
        target = _control_id(form[name]) if name in form.fields else f"question-{number}"
        links.extend({"message": message, "target": target} for message in messages)
    return links


def _control_id(field) -> str:
    """The id of a field's first control: a list of radio buttons or boxes has no id of its
    own, so its first choice is the one to land on."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.id_for_label


def attempt_questions(attempt: Attempt, errors: dict | None = None) -> list[dict]:
    """The open attempt's questions in its order, as they were when it started, with saved
    answers filled in, whether each is answered, and its errors. Options carry their text and
    the attempt's opaque value only."""
    errors = errors or {}
    items = []
    for number, entry in enumerate(attempt.layout, start=1):
        question = version_of(entry)
        answer = attempt.answers.get(question.key) or {}
        defaults = plan_defaults(question) if question.kind != "choice" else None
        item = {
            "number": number,
            "kind": question.kind,
            "key": question.key,
            "question": question,
            "answered": answered(question, answer, defaults),
        }
        if question.kind == "choice":
            selected = {str(s) for s in answer.get("selected", [])}
            item["options"] = [
                {"value": o.value, "text": o.text, "checked": o.value in selected}
                for o in question.options
            ]
            item["errors"] = [
                e["message"] for e in errors.get(question.key, {}).get("selected", [])
            ]
        else:
            form = plan_form_for(question, answer, bound=question.key in errors)
            if question.key in errors:
                form.is_valid()
            preset = {f"q-{question.key}-{name}": v for name, v in defaults.items() if v}
            item.update(case=question.case, form=form, defaults=json.dumps(preset))
        item["error_links"] = _error_links(question, number, item) if question.key in errors else []
        items.append(item)
    return items


def numbered(numbers: list[int]) -> str:
    """ "Question 2", "Question 2 and Question 5", "Question 1, Question 2 and Question 5"."""
    names = [f"Question {n}" for n in numbers]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def next_step(*, quiz, user) -> dict | None:
    """After a pass, where the learner goes next: the course's one next step
    (``CourseProgress.next_step``: a module to study or whose quiz to take, the final
    assessment, the evaluation, the certificate)."""
    progress = course_progress(user=user, course=quiz.course)
    if progress.enrolment is None:
        return None
    step = progress.next_step
    url = step.url or (step.page.url if step.page else "")
    return {"url": url, "text": step.label} if url else None


def attempt_feedback(attempt: Attempt, quiz, course_url: str, status=None) -> dict:
    """Graded feedback for a submitted attempt: per question, with each violated rule's
    rationale and a link to the module section that teaches it. Until answers are revealed
    (a passed attempt, or the last one, on a quiz that reveals), a choice question says only
    whether it was right: never which option is correct."""
    result = attempt.result or {}
    status = status or attempts_status(user=attempt.user, quiz=quiz)
    used_up = status.exhausted and status.next_opens_at is None  # no retake coming
    reveal = quiz.reveal_answers and (attempt.passed or used_up)
    rules = _rules_cited(result.get("questions", []), reveal)
    versions = {entry["key"]: version_of(entry) for entry in attempt.layout if "prompt" in entry}
    questions = []
    for number, item in enumerate(result.get("questions", []), start=1):
        item = dict(item, number=number, question=versions.get(item["key"]))
        if item["kind"] == "choice" and not reveal:
            item["feedback"] = [
                {"text": o["text"], "chosen": True} for o in item["feedback"] if o["chosen"]
            ]
        if item["kind"] != "choice" and item.get("answered", True):
            grouped = {}
            for violation in item["violations"]:
                rule = rules.get(violation["rule"])
                entry = grouped.setdefault(
                    violation["rule"],
                    {
                        "title": rule.title if rule else UNNAMED_RULE,
                        "rationale": violation["rationale"],
                        "severity": violation["severity"],
                        "link": _teaches_url(course_url, rule.teaches if rule else ""),
                        "details": [],
                    },
                )
                if violation["severity"] == "unsafe":
                    entry["severity"] = "unsafe"
                entry["details"].append(violation["detail"])
            for entry in grouped.values():
                entry["severity_label"] = SEVERITIES[BLOCK_OF_SEVERITY[entry["severity"]]].label
            item["rules"] = sorted(grouped.values(), key=lambda r: r["severity"] != "unsafe")
            item["verdict_label"] = VERDICTS[item["verdict"]].label
            item["expected_plan"] = (
                expected_plan(item.get("expected") or {}, rules) if reveal else []
            )
        questions.append(item)
    return {"attempt": attempt, "result": result, "questions": questions, "reveal": reveal}


def render(key: str, token: str) -> str:
    return site_label(token) if key == "thermal" else lowered(label(token))


def _words(key: str, value) -> str:
    """A requirement's value in the learner's words, from the plan vocabulary."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key in ("max_pressure_global", "site_limits"):
        if isinstance(value, dict):
            return "; ".join(
                f"{site_label(token)}: level {item['limit']}" for token, item in value.items()
            )
        return f"level {value}"
    if key == "max_duration_min":
        return f"{value} minutes"
    if key == "avoid_sites":
        return ", ".join(site_label(token) for token in value)
    if isinstance(value, dict) and key in REQUIREMENT_PARTS:
        return "; ".join(
            f"{REQUIREMENT_PARTS[key][part].label} {', '.join(render(key, t) for t in items)}"
            for part, items in value.items()
            if items
        )
    if isinstance(value, dict):  # per-area limits: joint movement, techniques, equipment
        return "; ".join(
            f"{site_label(token)}: {_words('', item['limit'])}" for token, item in value.items()
        )
    if isinstance(value, list):
        return ", ".join(label(v) for v in value)
    return label(str(value))


UNNAMED_RULE = "An adaptation rule"  # one retired since the attempt was graded


def _rules_cited(questions: list[dict], reveal: bool) -> dict:
    """The rules a result cites, by id, in one query: learners read their titles, never
    their ids. The expected plan's rules count once answers are revealed; its must and should
    blocks hold them (a postponed plan's ``postpone_dominates`` flag is no block)."""
    cited = {v["rule"] for q in questions for v in q.get("violations", [])}
    if reveal:
        cited |= {
            rule_id
            for q in questions
            for block in SEVERITIES  # "must", "should"; beside them, a postponement flag
            for entry in ((q.get("expected") or {}).get(block) or {}).values()
            for rule_id in entry["rules"]
        }
    return {r.rule_id: r for r in AdaptationRule.objects.filter(rule_id__in=cited)}


def expected_plan(expected: dict, rules: dict) -> list[dict]:
    """What the rules require for the client, in words (shown once answers are revealed),
    each requirement with the titles of the rules that ask for it."""
    rows = []
    for block, severity in SEVERITIES.items():
        for key, entry in (expected.get(block) or {}).items():
            if key == "postpone" and entry["value"] is False:
                continue
            rows.append(
                {
                    "severity": severity.label,
                    "label": REQUIREMENTS[key].label,
                    "value": _words(key, entry["value"]),
                    "rules": sorted(
                        {rules[r].title if r in rules else UNNAMED_RULE for r in entry["rules"]}
                    ),
                }
            )
    return rows


def _teaches_url(course_url: str, teaches: str) -> str:
    if not teaches or "#" not in teaches:
        return ""
    module, _, anchor = teaches.partition("#")
    return f"{course_url}{module}/#{anchor}"


def quiz_context(*, quiz, request) -> dict:
    """Everything the quiz page shows the learner: the open attempt's questions (or the check
    before grading, or the check before clearing every answer), else the chosen attempt's
    feedback and, after a pass, the next step."""
    user = request.user
    course = quiz.course
    context = {
        "course": course,
        "enrolled": False,
        "attempts": [],
        "open_attempt": None,
        "scale": grading_scale(quiz),
    }
    if not user.is_authenticated:
        return context
    context["enrolled"] = Enrolment.objects.filter(user=user, course=course).exists()
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
    submitted = [a for a in attempts if not a.is_open]
    open_attempt = next((a for a in attempts if a.is_open), None)
    status = attempts_status(user=user, quiz=quiz, attempts=attempts)
    context.update(
        attempts=submitted,
        open_attempt=open_attempt,
        attempts_status=status,
        attempts_left=status.left + (1 if open_attempt else 0),
        passed=any(a.passed for a in submitted),
    )
    if open_attempt:
        errors = getattr(request, "quiz_errors", None)
        check = request.GET.get("check")  # the check before grading, or before clearing all
        questions = attempt_questions(open_attempt, errors)
        context.update(
            questions=questions,
            question_count=len(questions),
            error_links=[
                dict(link, number=item["number"])
                for item in questions
                for link in item["error_links"]
            ],
            review=_review(questions) if check == "submit" and not errors else None,
            clearing_all=check == "clear",
        )
    shown = request.GET.get("attempt")
    chosen = next(
        (a for a in submitted if str(a.pk) == shown), submitted[-1] if submitted else None
    )
    if chosen and not open_attempt:
        context["feedback"] = attempt_feedback(chosen, quiz, course.url, status)
        context["review_url"] = quiz.module.url if quiz.module else course.url
        if context["passed"]:
            context["next_step"] = next_step(quiz=quiz, user=user)
    return context


def _review(questions: list[dict]) -> dict:
    """The check before grading (when the learner asked to submit): the questions without
    an answer, in words (the rule of ``answered``, as ``services.attempt_review`` applies
    it)."""
    unanswered = [item for item in questions if not item["answered"]]
    return {
        "unanswered": [item["number"] for item in unanswered],
        "unanswered_text": numbered([item["number"] for item in unanswered]),
        "plans_unanswered": any(item["kind"] == "case_plan" for item in unanswered),
        "questions": questions,
    }
