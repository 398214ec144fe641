"""Read-only queries for learners' progress and completion, and the context the course and
module pages show. Each runs a fixed number of queries however many modules or courses
there are.

The page models call these from ``get_context``, so nothing here imports them: page
queries are methods of the pages passed in (``course.modules()``, ``CoursePage.modules_of``
reached through an enrolment's course).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from .assessments import assessments_in, assessments_under
from .models.certificates import Certificate, CertificateStatus
from .models.progress import CourseEvaluation, Enrolment, ModuleProgress


def module_requirements_met(progress: ModuleProgress | None, module, *, has_quiz: bool) -> bool:
    """The one rule for a complete module: its minimum study time recorded and its quiz,
    when it has one, passed. A module without a quiz is complete on study time alone: the
    course's final assessment still checks what it teaches."""
    if progress is None:
        return False
    time_done = progress.seconds_spent >= 60 * module.required_study_minutes
    return time_done and (not has_quiz or progress.quiz_passed_at is not None)


def minutes(seconds: int) -> int:
    """Whole minutes of recorded study, as learners and instructors read them."""
    return seconds // 60


@dataclass
class ModuleStatus:
    page: object
    number: int
    progress: ModuleProgress | None = None
    quiz: object | None = None

    @property
    def complete(self) -> bool:
        return module_requirements_met(self.progress, self.page, has_quiz=self.quiz is not None)

    @property
    def started(self) -> bool:
        return self.progress is not None

    @property
    def minutes_spent(self) -> int:
        return minutes(self.progress.seconds_spent) if self.progress else 0

    @property
    def minutes_required(self) -> int:
        return self.page.required_study_minutes

    @property
    def minutes_left(self) -> int:
        if self.time_done:
            return 0
        seconds = self.progress.seconds_spent if self.progress else 0
        return -(-(60 * self.minutes_required - seconds) // 60)  # rounded up

    @property
    def time_done(self) -> bool:
        seconds = self.progress.seconds_spent if self.progress else 0
        return seconds >= 60 * self.minutes_required

    @property
    def quiz_passed(self) -> bool:
        return bool(self.progress and self.progress.quiz_passed_at)


@dataclass(frozen=True)
class NextStep:
    """What the learner should do next in a course: a button's words and where it goes
    (a page, or a URL), with a line of detail."""

    label: str
    page: object | None = None
    url: str = ""
    detail: str = ""
    done: bool = False


def _numbers(statuses) -> str:
    """ "module 2", "modules 2 and 4", "modules 1, 2 and 4"."""
    numbers = [str(m.number) for m in statuses]
    if len(numbers) == 1:
        return f"module {numbers[0]}"
    return f"modules {', '.join(numbers[:-1])} and {numbers[-1]}"


@dataclass
class CourseProgress:
    course: object
    enrolment: Enrolment | None
    modules: list[ModuleStatus] = field(default_factory=list)
    final_assessment: object | None = None
    evaluated: bool = False
    certificate: Certificate | None = None

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def completed_count(self) -> int:
        return sum(1 for m in self.modules if m.complete)

    @property
    def percent(self) -> int:
        if not self.modules:
            return 0
        return round(100 * self.completed_count / len(self.modules))

    @property
    def is_complete(self) -> bool:
        """Every module complete (study time and quiz)."""
        return bool(self.modules) and self.completed_count == len(self.modules)

    @property
    def incomplete_modules(self) -> list[ModuleStatus]:
        return [m for m in self.modules if not m.complete]

    @property
    def modules_left_text(self) -> str:
        """ "Complete modules 2 and 4 first." for the final assessment, or ""."""
        left = self.incomplete_modules
        return f"Complete {_numbers(left)} first." if left else ""

    @property
    def minutes_spent(self) -> int:
        return minutes(sum(m.progress.seconds_spent for m in self.modules if m.progress))

    @property
    def minutes_required(self) -> int:
        return sum(m.minutes_required for m in self.modules)

    @property
    def next_module(self):
        """The first module not yet complete, in study order."""
        return next((m.page for m in self.modules if not m.complete), None)

    @property
    def resume_status(self) -> ModuleStatus | None:
        """The module to go on with: the one last opened, unless it is done; then the next."""
        if self.enrolment and self.enrolment.last_module_id:
            last = next(
                (m for m in self.modules if m.page.pk == self.enrolment.last_module_id), None
            )
            if last and not last.complete:
                return last
        return next((m for m in self.modules if not m.complete), None)

    @property
    def resume_module(self):
        """Where 'resume' goes: the module last opened, unless it is done; then the next."""
        status = self.resume_status
        if status:
            return status.page
        return self.modules[0].page if self.modules else None

    @property
    def next_step(self) -> NextStep:
        """The one next step, through to the certificate (see ``_next_step``)."""
        return _next_step(self)

    def status_of(self, module) -> ModuleStatus | None:
        return next((m for m in self.modules if m.page.pk == module.pk), None)

    def neighbours(self, module):
        """(previous, next) module pages around ``module`` in study order."""
        pages = [m.page for m in self.modules]
        index = next((i for i, p in enumerate(pages) if p.pk == module.pk), None)
        if index is None:
            return None, None
        previous = pages[index - 1] if index > 0 else None
        following = pages[index + 1] if index + 1 < len(pages) else None
        return previous, following


def _module_step(status: ModuleStatus, progress: CourseProgress) -> NextStep:
    """Study the module until its minimum time, then take its quiz."""
    title = f"module {status.number}: {status.page.title}"
    if not status.time_done:
        verb = "Resume" if status.started else "Study"
        return NextStep(
            label=f"{verb} {title}",
            page=status.page,
            detail=(
                f"{status.minutes_spent} of {status.minutes_required} minutes of study"
                f" recorded; {status.minutes_left} to go."
            ),
        )
    return NextStep(
        label=f"Take the quiz of module {status.number}",
        page=status.quiz,
        detail=f"Pass it to complete “{status.page.title}”.",
    )


def _next_step(progress: CourseProgress) -> NextStep:
    """enrol -> study module N -> take module N's quiz -> final assessment -> evaluation ->
    certificate pending review / download the certificate."""
    course = progress.course
    enrolment = progress.enrolment
    certificate = progress.certificate
    if enrolment is None:
        return NextStep(label=f"Enrol in {course.title}", page=course)
    if certificate and certificate.status == CertificateStatus.VALID:
        return NextStep(
            label="Download your certificate",
            url=reverse("courses:certificate_download", args=[certificate.code]),
            detail="You have completed the course.",
            done=True,
        )
    if certificate:  # revoked
        return NextStep(
            label="See your certificates",
            url=reverse("courses:my_certificates"),
            detail="Your certificate was revoked; please contact the provider.",
            done=True,
        )
    if enrolment.completed_at:
        return NextStep(
            label="Your certificate is being reviewed",
            url=reverse("courses:my_certificates"),
            detail="You have completed the course; we will email you when it is issued.",
            done=True,
        )
    status = progress.resume_status
    if status is not None:
        return _module_step(status, progress)
    if progress.final_assessment and enrolment.final_passed_at is None:
        return NextStep(
            label="Take the final assessment",
            page=progress.final_assessment,
            detail="Every module is complete.",
        )
    if not progress.evaluated:
        return NextStep(
            label="Complete the course evaluation",
            url=reverse("courses:evaluation", args=[course.pk]),
            detail="The last step before your certificate.",
        )
    return NextStep(
        label="Your certificate is being prepared",
        url=reverse("courses:my_certificates"),
        detail="Everything is done.",
        done=True,
    )


def _split_assessments(course, modules, quizzes) -> tuple[dict, object | None]:
    """{module id: its quiz} and the course's final assessment, from the course's quizzes."""
    module_ids = {m.path: m.pk for m in modules}
    by_module: dict = {}
    final = None
    for quiz in quizzes:
        parent = quiz.path[: -quiz.steplen]
        if parent == course.path and final is None:
            final = quiz
        elif parent in module_ids:
            by_module.setdefault(module_ids[parent], quiz)
    return by_module, final


def _build(course, enrolment, modules, rows, quizzes, evaluated, certificate) -> CourseProgress:
    by_module, final = _split_assessments(course, modules, quizzes)
    return CourseProgress(
        course=course,
        enrolment=enrolment,
        modules=[
            ModuleStatus(
                page=page, number=n, progress=rows.get(page.pk), quiz=by_module.get(page.pk)
            )
            for n, page in enumerate(modules, start=1)
        ],
        final_assessment=final,
        evaluated=evaluated,
        certificate=certificate,
    )


def _current_certificates(user, course_ids) -> dict:
    """The learner's current (not replaced) certificate per course id: one query."""
    return {
        c.course_id: c
        for c in Certificate.objects.filter(user=user, course_id__in=course_ids)
        .exclude(status=CertificateStatus.REPLACED)
        .order_by("issued_at")
    }


def course_progress(*, user, course, modules: list | None = None) -> CourseProgress:
    """Progress of ``user`` through ``course``: at most six queries."""
    modules = course.modules() if modules is None else modules
    quizzes = list(assessments_in(course).order_by("path"))
    enrolment = None
    rows = {}
    evaluated = False
    certificate = None
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course_id=course.pk).first()
        if enrolment:
            rows = {p.module_id: p for p in ModuleProgress.objects.filter(enrolment=enrolment)}
            evaluated = CourseEvaluation.objects.filter(enrolment=enrolment).exists()
            certificate = _current_certificates(user, [course.pk]).get(course.pk)
    return _build(course, enrolment, modules, rows, quizzes, evaluated, certificate)


def learner_courses(*, user) -> list[CourseProgress]:
    """Every course the learner is enrolled in, most recently active first, each with its
    next step. Six queries, whatever the number of courses and modules."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .order_by("-last_activity_at", "-enrolled_at")
    )
    if not enrolments:
        return []
    courses = [e.course for e in enrolments]
    modules_by_course = type(courses[0]).modules_of(courses)
    rows: dict[int, dict[int, ModuleProgress]] = {}
    for progress in ModuleProgress.objects.filter(enrolment__in=enrolments):
        rows.setdefault(progress.enrolment_id, {})[progress.module_id] = progress
    quizzes: dict[int, list] = {}
    paths = {course.path: course.pk for course in courses}
    for quiz in assessments_under(courses):
        for path, course_id in paths.items():
            if quiz.path.startswith(path):
                quizzes.setdefault(course_id, []).append(quiz)
    evaluated = set(
        CourseEvaluation.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", flat=True
        )
    )
    certificates = _current_certificates(user, [c.pk for c in courses])
    return [
        _build(
            enrolment.course,
            enrolment,
            modules_by_course[enrolment.course_id],
            rows.get(enrolment.pk, {}),
            quizzes.get(enrolment.course_id, []),
            enrolment.pk in evaluated,
            certificates.get(enrolment.course_id),
        )
        for enrolment in enrolments
    ]


def learner_transcript(*, user, start=None, end=None) -> dict:
    """Valid certificates completed in [start, end], with the CE total (licence renewal) and
    the study time recorded (``certificate.study_minutes`` per row, ``study_minutes`` in all;
    live attendance is not timed). Two queries."""
    rows = []
    for certificate in (
        Certificate.objects.filter(user=user, status=CertificateStatus.VALID)
        .select_related("enrolment")
        .order_by("snapshot__completion_date", "issued_at")
    ):
        completed = certificate.snapshot["completion_date"]
        if (start and completed < start.isoformat()) or (end and completed > end.isoformat()):
            continue
        rows.append(certificate)
    total = sum(Decimal(c.snapshot["ce_hours"]) for c in rows)
    study_minutes = sum(c.study_minutes or 0 for c in rows)
    return {
        "rows": rows,
        "total": total,
        "study_minutes": study_minutes,
        "start": start,
        "end": end,
        "learner": user,
    }


def learner_pending_certificates(*, user) -> list:
    """Completed courses whose certificate could not be issued yet."""
    issued = set(Certificate.objects.filter(user=user).values_list("course_id", flat=True))
    return [
        e
        for e in Enrolment.objects.filter(user=user, completed_at__isnull=False).select_related(
            "course"
        )
        if e.course_id not in issued
    ]


# -- completion ----------------------------------------------------------------------------


@dataclass
class CompletionStatus:
    modules_done: bool
    quizzes_passed: bool
    final_passed: bool
    evaluated: bool
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def completion_status(
    enrolment: Enrolment, *, progress: CourseProgress | None = None
) -> CompletionStatus:
    """What is still missing before the course counts as complete: each module's minimum
    study time, each module quiz, the final assessment, the evaluation. Pass the learner's
    ``CourseProgress`` when the caller has it (the course page does)."""
    if progress is None:
        progress = course_progress(user=enrolment.user, course=enrolment.course)
    missing = []
    short = [m for m in progress.modules if not m.time_done]
    if short:
        missing.append(f"reach the minimum study time in {_numbers(short)}")
    unpassed = [m for m in progress.modules if m.quiz is not None and not m.quiz_passed]
    if unpassed:
        missing.append(f"pass the quiz of {_numbers(unpassed)}")
    final_passed = progress.final_assessment is None or enrolment.final_passed_at is not None
    if not final_passed:
        missing.append("pass the final assessment")
    if not progress.evaluated:
        missing.append("submit the course evaluation")
    return CompletionStatus(not short, not unpassed, final_passed, progress.evaluated, missing)


# -- what the pages show -------------------------------------------------------------------


def assessment_of(page):
    """The live quiz directly under a module (its quiz) or a course (its final assessment)."""
    return assessments_in(page).filter(depth=page.depth + 1).first()


def course_page_context(*, course, user) -> dict:
    """A course page: the learner's progress and next step, what completion still needs,
    the final assessment and the current certificate."""
    progress = course_progress(user=user, course=course)
    context = {"progress": progress, "final_assessment": progress.final_assessment}
    if progress.enrolment:
        context["completion"] = completion_status(progress.enrolment, progress=progress)
        context["certificate"] = progress.certificate
        context["next_step"] = progress.next_step
    return context


def module_page_context(*, module, user) -> dict:
    """A module page: its course, the learner's progress, the neighbouring modules, its quiz."""
    course = module.course
    progress = course_progress(user=user, course=course)
    previous, following = progress.neighbours(module)
    status = progress.status_of(module)
    return {
        "course": course,
        "progress": progress,
        "status": status,
        "previous_module": previous,
        "next_module": following,
        "quiz": status.quiz if status else assessment_of(module),
    }
