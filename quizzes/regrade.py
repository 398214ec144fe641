"""Regrading submitted attempts after a change to a rule or a case: the dry run a clinical
reviewer reads before approving, and the regrade applied once the change is live.

What a change regrades (the readings chosen):

- A rule change can change the grade of every submitted attempt with a case-plan question
  (whether a rule fires depends on each case's facts). Choice-only attempts are untouched.
- "Old" is the grade on record (what the learner, their progress and any certificate were
  given). "New" is the attempt graded by the published rules with the change in place, the
  same grading as a submission (``quizzes.services``): so if an earlier change was approved
  and its regrade never applied, its effect shows here as well, and applying brings every
  affected attempt to the live library.
- A case change regrades the attempts whose snapshot used that case, but a learner is never
  graded on a case they did not read: where the corrected facts would change the vignette
  the learner read, the attempt keeps the facts the learner saw and is not regraded (the dry
  run counts it as kept); where the vignette reads the same (a correction to a fact the
  vignette does not word), the attempt is graded against the corrected facts, and applying
  stores them in its snapshot (the earlier snapshot is kept in the history).
- The pass mark is the quiz's current one; an attempt whose grade does not change keeps its
  pass or fail as recorded (a later change of pass mark is not a regrade).
- Certificates are never revoked here. The dry run lists the valid certificates of learners
  who would no longer hold a passing attempt at the quiz, and the learners who would newly
  pass (a certificate may become earnable). Applying records a new pass through
  ``courses.services.assessment_record`` dated when the learner submitted, as if it had been
  graded so then (which may complete the module and issue the certificate through the one
  service that issues them); a lost pass is only listed, for an administrator to decide.

The dry run (``dry_run``) only reads. ``regrade_apply`` creates the run and its work list;
``regrade_run_process`` (the background task's body, ``quizzes.tasks``) regrades it in
batches, each in one transaction with the entries it completes, so a run interrupted
anywhere resumes where it stopped and a run processed twice regrades each attempt once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from courses.models import Certificate
from courses.models.certificates import CertificateStatus
from courses.services import CoursesError, assessment_record
from quizzes.engine.plan import PlanError
from quizzes.engine.rules import RuleError, RuleSet, load_rule
from quizzes.engine.vignette import vignette
from quizzes.engine.vocabulary import VERDICTS

from .forms import plan_form_for, stored_answer
from .grading import (
    grade_case_question,
    grade_choice_question,
    rule_set,
    unanswered_case_question,
)
from .models import (
    AdaptationRule,
    Attempt,
    AttemptRegrade,
    Case,
    QuizPage,
    RegradeImpactReport,
    RegradeRun,
)
from .selectors import answered, plan_defaults
from .versions import version_of

MODELS = {RegradeRun.RULE: AdaptationRule, RegradeRun.CASE: Case}
BATCH = 100


class RegradeError(Exception):
    """A regrade that cannot be shown or applied, with a message for the reviewer."""


def kind_of(obj) -> str:
    return RegradeRun.RULE if isinstance(obj, AdaptationRule) else RegradeRun.CASE


def title_of(obj) -> str:
    return obj.title


def submitted_revision(obj):
    """The revision of ``obj`` awaiting clinical review, or None."""
    state = obj.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None or state.status != state.STATUS_IN_PROGRESS:
        return None
    return task_state.revision


def submitted_version(obj):
    """The version of ``obj`` awaiting clinical review, or None."""
    revision = submitted_revision(obj)
    return revision.as_object() if revision is not None else None


# -- grading ------------------------------------------------------------------------------


def rules_with(version: AdaptationRule) -> RuleSet:
    """The published, active rules with ``version`` in place of the live row it revises."""
    live = list(AdaptationRule.objects.filter(active=True, live=True).exclude(pk=version.pk))
    if version.active:
        live.append(version)
    live.sort(key=lambda r: (r.sort_order, r.rule_id))
    try:
        return RuleSet([load_rule(r.as_data()) for r in live])
    except (RuleError, ValueError) as error:
        raise RegradeError(f"The changed rule cannot be used for grading: {error}") from error


def case_vignette(facts: dict) -> list[dict]:
    return [{"heading": s.heading, "lines": list(s.lines)} for s in vignette(facts)]


@dataclass
class Grade:
    score: Decimal
    passed: bool
    result: dict
    layout: list | None = None  # the attempt's questions, where the regrade changed them


def grade_attempt(
    attempt: Attempt, rules: RuleSet, pass_mark: int, facts=None, defaults=None
) -> Grade | None:
    """``attempt`` graded again as a submission is graded (``quizzes.services``), with
    ``rules``; ``facts`` ({case id: (facts, vignette)}) replaces the facts of those cases.
    ``defaults`` is a cache shared across the attempts of one regrade (one set of rules):
    each question version's preselected form values, and the result of each distinct answer
    to it (grading is a function of the question, the answer and the rules; learners often
    give the same answer). None when a stored answer no longer validates (the
    attempt is left as it is)."""
    defaults = {} if defaults is None else defaults
    layout = _with_facts(attempt.layout, facts) if facts else attempt.layout
    results = []
    for entry in layout:
        result = _grade_entry(entry, attempt.answers, rules, defaults)
        if result is None:
            return None
        results.append(result)
    return _total(attempt, results, pass_mark, layout if layout != attempt.layout else None)


def _with_facts(layout: list, facts: dict) -> list:
    """The attempt's questions with the corrected facts of the cases in ``facts``."""
    entries = []
    for entry in layout:
        case = entry.get("case") or {}
        if entry["kind"] == "case_plan" and case.get("case_id") in facts:
            new_facts, new_vignette = facts[case["case_id"]]
            if case["facts"] != new_facts:
                entry = {**entry, "case": {**case, "facts": new_facts, "vignette": new_vignette}}
        entries.append(entry)
    return entries


def _grade_entry(entry: dict, answers: dict, rules: RuleSet, defaults: dict):
    """One question's result, or None when its stored answer no longer validates."""
    question = version_of(entry)
    answer = stored_answer(answers.get(question.key))
    if question.kind == "choice":
        return grade_choice_question(question, answer.get("selected", []))
    known = (question.key, repr(question.fields), repr(question.case.facts))
    if known not in defaults:
        defaults[known] = plan_defaults(question)
    if not answered(question, answer, defaults[known]):
        return unanswered_case_question(question)
    asked = (known, repr(sorted(answer.items())))
    if asked not in defaults:  # the same answer to the same question grades the same
        defaults[asked] = _grade_plan(question, answer, rules)
    return defaults[asked]


def _total(attempt: Attempt, results: list, pass_mark: int, layout: list | None) -> Grade:
    """The attempt's score and pass from its questions' results, as a submission's. An
    attempt whose grade is unchanged keeps its pass or fail as recorded."""
    points = sum(r.points for r in results)
    earned = sum(r.earned for r in results)
    percent = Decimal(100 * earned / points).quantize(Decimal("0.01")) if points else Decimal(0)
    unsafe = any(r.verdict == "unsafe" for r in results)
    missing = any(not r.answered for r in results)
    result = {
        "points": points,
        "earned": round(earned, 2),
        "percent": float(percent),
        "unsafe_plan": unsafe,
        "plan_missing": missing,
        "questions": [r.to_dict() for r in results],
    }
    before = attempt.result or {}
    same = (
        attempt.score == percent
        and before.get("unsafe_plan") == unsafe
        and before.get("plan_missing") == missing
    )
    passed = bool(attempt.passed) if same else (percent >= pass_mark and not unsafe and not missing)
    return Grade(percent, passed, result, layout)


def _grade_plan(question, answer: dict, rules: RuleSet):
    """The question's result for ``answer``, or None when the answer no longer validates."""
    form = plan_form_for(question, answer, bound=True)
    if not form.is_valid():
        return None
    try:
        return grade_case_question(question, form.to_plan(), rules)
    except PlanError:
        return None


def verdicts(result: dict | None) -> list[str]:
    """The verdict of each case-plan question, in clinical words."""
    words = []
    for question in (result or {}).get("questions", []):
        if question.get("kind") != "case_plan":
            continue
        verdict = question.get("verdict")
        words.append(VERDICTS[verdict].label if verdict in VERDICTS else "no plan")
    return words


# -- which attempts a change regrades ------------------------------------------------------


def _narrowed(case_id: str | None = None):
    """Submitted attempts that may hold a case-plan question (of case ``case_id``, when
    given), narrowed by the database on the snapshot's text."""
    attempts = Attempt.objects.filter(submitted_at__isnull=False).alias(
        layout_text=Cast("layout", TextField())
    )
    attempts = attempts.filter(layout_text__contains="case_plan")
    if case_id:
        attempts = attempts.filter(layout_text__contains=case_id)
    return attempts


def could_regrade(obj) -> int:
    """How many submitted attempts a change of ``obj`` could regrade (at most: the
    snapshot decides), counted by the database."""
    return _narrowed(obj.case_id if isinstance(obj, Case) else None).count()


def _with_case_questions(case_id: str | None = None):
    """Submitted attempts with a case-plan question (of case ``case_id``, when given): the
    database narrows by text, then the snapshot decides."""
    for attempt in _narrowed(case_id).select_related("user").iterator(2000):
        entries = [e for e in attempt.layout if e.get("kind") == "case_plan"]
        if case_id:
            entries = [e for e in entries if e["case"].get("case_id") == case_id]
        if entries:
            yield attempt, entries


@dataclass
class Change:
    """What grading reads once ``version`` (of a rule or a case) is in place."""

    kind: str
    obj: object
    rules: RuleSet
    facts: dict = field(default_factory=dict)  # case id -> (facts, vignette)
    defaults: dict = field(default_factory=dict)  # see ``grade_attempt``

    def attempts(self) -> Iterable[tuple[Attempt, bool]]:
        """(attempt, regraded): kept attempts (a case the learner read differently) are
        listed with regraded=False."""
        if self.kind == RegradeRun.RULE:
            for attempt, _ in _with_case_questions():
                yield attempt, True
            return
        case_id = self.obj.case_id
        new_vignette = self.facts[case_id][1]
        for attempt, entries in _with_case_questions(case_id):
            yield attempt, all(e["case"].get("vignette") == new_vignette for e in entries)


def change_of(obj, version) -> Change:
    """The change from the live ``obj`` to ``version`` (the live row itself once approved)."""
    if isinstance(obj, AdaptationRule):
        return Change(RegradeRun.RULE, obj, rules_with(version))
    facts = version.facts or {}
    try:
        words = case_vignette(facts)
    except Exception as error:  # a case the engine cannot word cannot be graded either
        raise RegradeError("The changed case's facts cannot be read.") from error
    return Change(RegradeRun.CASE, obj, rule_set(), {obj.case_id: (facts, words)})


# -- the dry run ----------------------------------------------------------------------------


@dataclass
class AttemptImpact:
    attempt_id: int
    learner: str
    quiz: str
    number: int
    old_score: Decimal | None
    new_score: Decimal | None
    old_passed: bool | None
    new_passed: bool | None
    old_verdicts: list[str]
    new_verdicts: list[str]
    regraded: bool = True
    error: str = ""

    @property
    def changed(self) -> bool:
        return self.regraded and (
            self.old_score != self.new_score
            or self.old_passed != self.new_passed
            or self.old_verdicts != self.new_verdicts
        )


@dataclass
class ExpertPlanImpact:
    """A published case whose expert plan the change would grade differently."""

    case: str
    before: str  # verdicts, in words
    after: str
    reasons: list[str]  # the engine's messages on the plan under the change
    safe: bool  # still graded safe under the change


@dataclass
class Impact:
    title: str
    attempts: list[AttemptImpact]
    newly_failing: int = 0  # learners who would no longer hold a pass at a quiz
    newly_passing: int = 0  # learners who would newly pass a quiz
    certificates: list[Certificate] = field(default_factory=list)
    earnable: list[dict] = field(default_factory=list)  # {learner, quiz, course}
    expert_plans: list[ExpertPlanImpact] = field(default_factory=list)

    @property
    def experts_failed(self) -> list[ExpertPlanImpact]:
        return [e for e in self.expert_plans if not e.safe]

    @property
    def considered(self) -> int:
        return len(self.attempts)

    @property
    def kept(self) -> int:
        return sum(1 for a in self.attempts if not a.regraded)

    @property
    def changed(self) -> list[AttemptImpact]:
        return [a for a in self.attempts if a.changed]

    @property
    def failed(self) -> list[AttemptImpact]:
        return [a for a in self.attempts if a.error]


def _quizzes(ids) -> dict[int, QuizPage]:
    return {q.pk: q for q in QuizPage.objects.filter(pk__in=set(ids))}


def dry_run(obj, version) -> Impact:
    """What regrading every attempt the change from ``obj`` (live) to ``version`` could
    affect would do. Reads only."""
    change = change_of(obj, version)
    attempts = list(change.attempts())
    quizzes = _quizzes(a.quiz_id for a, _ in attempts)
    impacts, new_passed = [], {}
    for attempt, regraded in attempts:
        quiz = quizzes[attempt.quiz_id]
        impact = AttemptImpact(
            attempt_id=attempt.pk,
            learner=attempt.user.email,
            quiz=quiz.title,
            number=attempt.number,
            old_score=attempt.score,
            new_score=attempt.score,
            old_passed=attempt.passed,
            new_passed=attempt.passed,
            old_verdicts=verdicts(attempt.result),
            new_verdicts=verdicts(attempt.result),
            regraded=regraded,
        )
        if regraded:
            grade = grade_attempt(
                attempt, change.rules, quiz.pass_mark, change.facts, change.defaults
            )
            if grade is None:
                impact.regraded = False
                impact.error = "Its saved answers no longer fit the question: left as graded."
            else:
                impact.new_score, impact.new_passed = grade.score, grade.passed
                impact.new_verdicts = verdicts(grade.result)
                new_passed[attempt.pk] = grade.passed
        impacts.append(impact)
    impact = Impact(title=title_of(obj), attempts=impacts)
    _certificates(impact, new_passed, quizzes)
    if change.kind == RegradeRun.RULE:
        impact.expert_plans = expert_plans_under(change.rules)
    return impact


def expert_plans_under(rules: RuleSet) -> list[ExpertPlanImpact]:
    """The published cases whose expert plan ``rules`` grade differently from the live
    rules. An expert plan graded less than safe means a learner who answers as the expert
    did would be marked down: the rule or the plan needs correcting before approval (the
    grader must agree with the expert). A case change needs no such list: a case in review
    is refused publication unless its own expert plan grades safe (``publish_problems``)."""
    live = rule_set()
    found = []
    for case in Case.objects.filter(live=True).order_by("case_id"):
        if not case.expert_plan:
            continue
        try:
            before, after = case.expert_plan_grade(live), case.expert_plan_grade(rules)
        except ValueError:  # facts or a plan the engine refuses: the case editor reports it
            continue
        if before.verdict != after.verdict:
            found.append(
                ExpertPlanImpact(
                    case=str(case),
                    before=VERDICTS[before.verdict].label,
                    after=VERDICTS[after.verdict].label,
                    reasons=[v.message for v in after.violations],
                    safe=after.verdict == "safe",
                )
            )
    return found


def impact_figures(impact: Impact, shown: int) -> dict:
    """What the impact page shows of ``impact``, as plain data (stored as it is when the
    worker computes it): the figures, the certificates, the expert plans, and the first
    ``shown`` attempts graded differently."""
    changed = impact.changed
    return {
        "considered": impact.considered,
        "kept": impact.kept,
        "changed": len(changed),
        "newly_failing": impact.newly_failing,
        "newly_passing": impact.newly_passing,
        "certificates": [
            {
                "pk": c.pk,
                "code": c.code,
                "learner_name": c.learner_name,
                "email": c.user.email,
                "course_title": c.course_title,
            }
            for c in impact.certificates
        ],
        "earnable": impact.earnable,
        "expert_plans": [asdict(e) for e in impact.expert_plans],
        "experts_failed": len(impact.experts_failed),
        "rows": [
            {
                **asdict(row),
                "old_score": None if row.old_score is None else str(row.old_score),
                "new_score": None if row.new_score is None else str(row.new_score),
            }
            for row in changed[:shown]
        ],
    }


def _certificates(impact: Impact, new_passed: dict[int, bool], quizzes: dict) -> None:
    """Who would pass or fail a quiz differently, counting every submitted attempt of the
    learner at that quiz; the valid certificates on a pass that would be lost, and the
    certificates that may become earnable."""
    if not new_passed:
        return
    pairs = Attempt.objects.filter(pk__in=list(new_passed), submitted_at__isnull=False).values_list(
        "user_id", "quiz_id"
    )
    users = {u for u, _ in pairs}
    before, after = {}, {}
    rows = Attempt.objects.filter(
        user_id__in=users, quiz_id__in=list(quizzes), submitted_at__isnull=False
    ).values_list("pk", "user_id", "quiz_id", "passed")
    for pk, user_id, quiz_id, passed in rows:
        key = (user_id, quiz_id)
        before[key] = before.get(key, False) or bool(passed)
        after[key] = after.get(key, False) or bool(new_passed.get(pk, passed))
    lost = [key for key in before if before[key] and not after[key]]
    gained = [key for key in before if after[key] and not before[key]]
    impact.newly_failing = len({user for user, _ in lost})
    impact.newly_passing = len({user for user, _ in gained})
    course_of = {pk: quiz.course.pk for pk, quiz in quizzes.items()}
    valid = {
        (c.user_id, c.course_id): c
        for c in Certificate.objects.filter(
            user_id__in=users, status=CertificateStatus.VALID
        ).select_related("user")
    }
    impact.certificates = list(  # once each, though a learner lose passes at two quizzes
        dict.fromkeys(
            valid[(user, course_of[quiz])]
            for user, quiz in lost
            if (user, course_of[quiz]) in valid
        )
    )
    emails = dict(
        Attempt.objects.filter(user_id__in=[u for u, _ in gained]).values_list(
            "user_id", "user__email"
        )
    )
    impact.earnable = [
        {"learner": emails.get(user, ""), "quiz": quizzes[quiz].title}
        for user, quiz in gained
        if (user, course_of[quiz]) not in valid
    ]


# -- the dry run in the background -----------------------------------------------------------

REPORT_FRESH = timedelta(minutes=15)  # a computed impact is shown again for this long


def impact_report(obj, revision_id: int, *, attempts: int, again: bool = False):
    """The worker's dry run of ``obj``'s change to revision ``revision_id``, which could
    regrade ``attempts`` submitted attempts (``could_regrade``, counted by the caller):
    (report, created). A report asked for less than ``REPORT_FRESH`` ago is reused, whether
    being computed, computed, or stopped by an error; otherwise (or when a finished one is
    asked ``again``) a new one is created, to be enqueued."""
    reports = RegradeImpactReport.objects.filter(
        kind=kind_of(obj), object_id=obj.pk, revision_id=revision_id
    )
    latest = reports.first()
    now = timezone.now()
    fresh = latest is not None and latest.created_at > now - REPORT_FRESH
    if fresh and latest.status == RegradeImpactReport.PENDING:
        return latest, False  # being computed (one left pending longer was lost: redo it)
    if fresh and not again:  # computed, or stopped by an error the page shows
        return latest, False
    report = RegradeImpactReport.objects.create(
        kind=kind_of(obj),
        object_id=obj.pk,
        revision_id=revision_id,
        attempts=attempts,
        created_at=now,
    )
    return report, True


def impact_report_compute(report_id: int, shown: int) -> RegradeImpactReport:
    """The background task's body: the dry run of the report's change, its figures stored.
    A report already computed is left as it is (a task run twice computes once)."""
    report = RegradeImpactReport.objects.get(pk=report_id)
    if report.status != RegradeImpactReport.PENDING:
        return report
    try:
        obj = MODELS[report.kind].objects.get(pk=report.object_id)
        figures = impact_figures(dry_run(obj, report.revision.as_object()), shown)
    except RegradeError as error:
        report.status, report.error = RegradeImpactReport.FAILED, str(error)
    else:
        report.status, report.figures = RegradeImpactReport.DONE, figures
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "figures", "error", "finished_at"])
    return report


# -- applying -------------------------------------------------------------------------------


def may_apply(obj) -> bool:
    """A change may be applied once it is live: published, with no review in progress."""
    return bool(obj.live and obj.live_revision_id and not obj.workflow_in_progress)


def regrade_apply(*, obj, user) -> RegradeRun:
    """The run that applies ``obj``'s published change, created with its work list (one
    entry per attempt to regrade) the first time; the same run afterwards (idempotent)."""
    if not may_apply(obj):
        raise RegradeError("The change is not live yet: approve it first.")
    existing = RegradeRun.objects.filter(revision_id=obj.live_revision_id).first()
    if existing:
        return existing
    change = change_of(obj, obj)
    ids = [attempt.pk for attempt, regraded in change.attempts() if regraded]
    with transaction.atomic():
        run = RegradeRun.objects.create(
            kind=kind_of(obj),
            object_id=obj.pk,
            title=title_of(obj),
            revision_id=obj.live_revision_id,
            requested_by=user,
            created_at=timezone.now(),
            total=len(ids),
        )
        AttemptRegrade.objects.bulk_create(
            [AttemptRegrade(run=run, attempt_id=pk) for pk in ids], batch_size=500
        )
    return run


def _live_change(run: RegradeRun) -> Change:
    obj = MODELS[run.kind].objects.get(pk=run.object_id)
    return change_of(obj, obj)


def regrade_run_process(run_id: int, *, batch: int = BATCH) -> RegradeRun:
    """Regrade the run's attempts that are not done yet, ``batch`` at a time; each batch is
    one transaction with the entries it completes. Emails the learners whose result changed
    once their batch is committed. Safe to call again at any point: done entries are
    skipped and unsent emails are sent."""
    run = RegradeRun.objects.get(pk=run_id)
    if run.status == RegradeRun.DONE:
        return run
    run.status, run.error = RegradeRun.RUNNING, ""
    run.started_at = run.started_at or timezone.now()
    run.save(update_fields=["status", "error", "started_at"])
    try:
        change = _live_change(run)
        quizzes = _quizzes(
            Attempt.objects.filter(regrades__run=run).values_list("quiz_id", flat=True)
        )
        _notify(run, quizzes)  # emails an interrupted run had not sent yet
        while _process_batch(run, change, quizzes, batch):
            _notify(run, quizzes)
    except Exception as error:
        run.status, run.error = RegradeRun.FAILED, f"{type(error).__name__}: {error}"
        run.save(update_fields=["status", "error"])
        raise
    _progress(run)
    run.status, run.finished_at = RegradeRun.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def _progress(run: RegradeRun) -> None:
    entries = AttemptRegrade.objects.filter(run=run, done_at__isnull=False)
    run.done = entries.count()
    run.changed = entries.filter(result_changed=True).count()
    run.save(update_fields=["done", "changed"])


def _process_batch(run: RegradeRun, change: Change, quizzes: dict, batch: int) -> bool:
    with transaction.atomic():
        entries = list(
            AttemptRegrade.objects.select_for_update()
            .filter(run=run, done_at__isnull=True)
            .order_by("pk")[:batch]
        )
        if not entries:
            return False
        attempts = Attempt.objects.select_for_update().in_bulk([e.attempt_id for e in entries])
        now = timezone.now()
        for entry in entries:
            regrade_one(entry, attempts[entry.attempt_id], change, quizzes, now)
        _progress(run)
    return True


def regrade_one(entry: AttemptRegrade, attempt: Attempt, change: Change, quizzes, now) -> None:
    """Regrade one attempt, keeping its earlier grade on ``entry`` (inside the batch's
    transaction)."""
    quiz = quizzes[attempt.quiz_id]
    entry.previous_score, entry.previous_passed = attempt.score, attempt.passed
    entry.previous_result = attempt.result
    entry.done_at = now
    grade = grade_attempt(attempt, change.rules, quiz.pass_mark, change.facts, change.defaults)
    if grade is None:  # answers that no longer validate: left as graded
        entry.score, entry.passed = attempt.score, attempt.passed
        entry.save()
        return
    entry.score, entry.passed = grade.score, grade.passed
    entry.result_changed = grade.score != attempt.score or grade.passed != attempt.passed
    newly_passed = grade.passed and not attempt.passed
    fields = ["score", "passed", "result"]
    if grade.layout is not None:
        entry.previous_layout = attempt.layout
        attempt.layout = grade.layout
        fields.append("layout")
    entry.save()
    attempt.score, attempt.passed, attempt.result = grade.score, grade.passed, grade.result
    attempt.save(update_fields=fields)
    if newly_passed:  # recorded as if graded so when submitted; a lost pass is only listed
        try:
            with transaction.atomic():
                assessment_record(
                    user=attempt.user,
                    page=quiz.module or quiz.course,
                    score=grade.score,
                    passed=True,
                    now=attempt.submitted_at,
                )
        except CoursesError:  # no longer enrolled: the attempt is regraded all the same
            pass


def _notify(run: RegradeRun, quizzes: dict) -> None:
    """Email each learner whose result changed, once (``notified_at``)."""
    pending = AttemptRegrade.objects.filter(
        run=run, result_changed=True, done_at__isnull=False, notified_at__isnull=True
    ).select_related("attempt__user")
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    urls = {pk: base + (quiz.url or "") for pk, quiz in quizzes.items()}
    sent = []
    try:
        for entry in pending:
            attempt, quiz = entry.attempt, quizzes[entry.attempt.quiz_id]
            send_mail(
                subject=f"Your result for “{quiz.title}” has been updated",
                message=_message(entry, quiz, urls[quiz.pk]),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[attempt.user.email],
            )
            sent.append(entry.pk)
    finally:  # what was sent is recorded even when a later email fails
        AttemptRegrade.objects.filter(pk__in=sent).update(notified_at=timezone.now())


def _message(entry: AttemptRegrade, quiz: QuizPage, url: str) -> str:
    name = entry.attempt.user.legal_name if hasattr(entry.attempt.user, "legal_name") else ""
    if entry.passed and not entry.previous_passed:
        outcome = "With the updated grading, this attempt now passes."
    elif entry.previous_passed and not entry.passed:
        outcome = (
            "With the updated grading, this attempt no longer reaches the pass mark. "
            "Any certificate you hold stays valid: an administrator reviews each case."
        )
    else:
        outcome = "Whether the attempt passes is unchanged."
    return (
        f"Hello{' ' + name if name else ''},\n\n"
        f"After a clinical review of the quiz library, your attempt {entry.attempt.number} at "
        f"“{quiz.title}” was graded again against the approved guidance.\n\n"
        f"Your score was {entry.previous_score}% and is now {entry.score}%. {outcome}\n\n"
        f"You can read the updated feedback on the quiz page: {url}\n"
    )


# -- the run's page -------------------------------------------------------------------------


def run_certificates(run: RegradeRun) -> dict:
    """For an administrator: valid certificates of learners who lost their only pass at a
    quiz in this run, and learners who newly passed (with their certificate, if one exists
    now). Nothing here is revoked."""
    entries = AttemptRegrade.objects.filter(run=run, done_at__isnull=False).exclude(
        passed=F("previous_passed")
    )
    lost, gained = set(), set()
    for user_id, quiz_id, before, after in entries.values_list(
        "attempt__user_id", "attempt__quiz_id", "previous_passed", "passed"
    ):
        (lost if before and not after else gained).add((user_id, quiz_id))
    still = set(
        Attempt.objects.filter(
            passed=True, user_id__in={u for u, _ in lost}, quiz_id__in={q for _, q in lost}
        ).values_list("user_id", "quiz_id")
    )
    lost -= still
    quizzes = _quizzes({q for _, q in lost | gained})
    course_of = {pk: quiz.course.pk for pk, quiz in quizzes.items()}
    certificates = Certificate.objects.filter(
        user_id__in={u for u, _ in lost | gained}, status=CertificateStatus.VALID
    ).select_related("user")
    by_key = {(c.user_id, c.course_id): c for c in certificates}
    return {
        "on_lost_pass": list(
            dict.fromkeys(
                by_key[(u, course_of[q])] for u, q in sorted(lost) if (u, course_of[q]) in by_key
            )
        ),
        "newly_passed": [
            {"quiz": quizzes[q].title, "certificate": by_key.get((u, course_of[q])), "user": u}
            for u, q in sorted(gained)
        ],
    }
