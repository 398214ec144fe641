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

from .assessments import assessments_in
from .models.certificates import Certificate, CertificateStatus
from .models.progress import CourseEvaluation, Enrolment, ModuleProgress


@dataclass
class ModuleStatus:
    page: object
    number: int
    progress: ModuleProgress | None = None

    @property
    def complete(self) -> bool:
        return bool(self.progress and self.progress.completed_at)

    @property
    def started(self) -> bool:
        return self.progress is not None


@dataclass
class CourseProgress:
    course: object
    enrolment: Enrolment | None
    modules: list[ModuleStatus] = field(default_factory=list)

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
        return bool(self.modules) and self.completed_count == len(self.modules)

    @property
    def next_module(self):
        """The first module not yet complete, in study order."""
        return next((m.page for m in self.modules if not m.complete), None)

    @property
    def resume_module(self):
        """Where 'resume' goes: the module last opened, unless it is done; then the next."""
        if self.enrolment and self.enrolment.last_module_id:
            last = next(
                (m for m in self.modules if m.page.pk == self.enrolment.last_module_id), None
            )
            if last and not last.complete:
                return last.page
        return self.next_module or (self.modules[0].page if self.modules else None)

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


def course_progress(*, user, course, modules: list | None = None) -> CourseProgress:
    """Progress of ``user`` through ``course``: at most three queries."""
    modules = course.modules() if modules is None else modules
    enrolment = None
    rows = {}
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course_id=course.pk).first()
        if enrolment:
            rows = {p.module_id: p for p in ModuleProgress.objects.filter(enrolment=enrolment)}
    return CourseProgress(
        course=course,
        enrolment=enrolment,
        modules=[
            ModuleStatus(page=page, number=n, progress=rows.get(page.pk))
            for n, page in enumerate(modules, start=1)
        ],
    )


def learner_courses(*, user) -> list[CourseProgress]:
    """Every course the learner is enrolled in, most recently active first. Four queries,
    whatever the number of courses and modules."""
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
    return [
        CourseProgress(
            course=enrolment.course,
            enrolment=enrolment,
            modules=[
                ModuleStatus(page=page, number=n, progress=rows.get(enrolment.pk, {}).get(page.pk))
                for n, page in enumerate(modules_by_course[enrolment.course_id], start=1)
            ],
        )
        for enrolment in enrolments
    ]


def learner_transcript(*, user, start=None, end=None) -> dict:
    """Valid certificates completed in [start, end], with the CE total (licence renewal)."""
    rows = []
    for certificate in Certificate.objects.filter(
        user=user, status=CertificateStatus.VALID
    ).order_by("snapshot__completion_date", "issued_at"):
        completed = certificate.snapshot["completion_date"]
        if (start and completed < start.isoformat()) or (end and completed > end.isoformat()):
            continue
        rows.append(certificate)
    total = sum(Decimal(c.snapshot["ce_hours"]) for c in rows)
    return {"rows": rows, "total": total, "start": start, "end": end, "learner": user}


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
    enrolment: Enrolment, *, modules: list | None = None, progress: dict | None = None
) -> CompletionStatus:
    """What is still missing before the course counts as complete. Pass the modules and
    progress rows when the caller already has them (the course page does): three queries."""
    course = enrolment.course
    modules = course.modules() if modules is None else modules
    if progress is None:
        progress = {p.module_id: p for p in ModuleProgress.objects.filter(enrolment=enrolment)}
    quizzes = list(assessments_in(course))
    module_paths = {m.path: m.pk for m in modules}
    module_quizzes = [
        module_paths[q.path[: -q.steplen]] for q in quizzes if q.path[: -q.steplen] in module_paths
    ]
    has_final = any(q.depth == course.depth + 1 for q in quizzes)
    missing = []
    modules_done = all(progress.get(m.pk) and progress[m.pk].completed_at for m in modules)
    if not modules_done:
        missing.append("complete every module")
    quizzes_passed = all(progress.get(pk) and progress[pk].quiz_passed_at for pk in module_quizzes)
    if not quizzes_passed:
        missing.append("pass every module quiz")
    final_passed = not has_final or enrolment.final_passed_at is not None
    if not final_passed:
        missing.append("pass the final assessment")
    evaluated = CourseEvaluation.objects.filter(enrolment=enrolment).exists()
    if not evaluated:
        missing.append("submit the course evaluation")
    return CompletionStatus(modules_done, quizzes_passed, final_passed, evaluated, missing)


# -- what the pages show -------------------------------------------------------------------


def assessment_of(page):
    """The live quiz directly under a module (its quiz) or a course (its final assessment)."""
    return assessments_in(page).filter(depth=page.depth + 1).first()


def course_page_context(*, course, user) -> dict:
    """A course page: the learner's progress, what completion still needs, the final
    assessment and the current certificate."""
    progress = course_progress(user=user, course=course)
    context = {"progress": progress, "final_assessment": assessment_of(course)}
    if progress.enrolment:
        context["completion"] = completion_status(
            progress.enrolment,
            modules=[m.page for m in progress.modules],
            progress={m.page.pk: m.progress for m in progress.modules if m.progress},
        )
        context["certificate"] = (
            Certificate.objects.filter(user=user, course=course)
            .exclude(status=CertificateStatus.REPLACED)
            .first()
        )
    return context


def module_page_context(*, module, user) -> dict:
    """A module page: its course, the learner's progress, the neighbouring modules, its quiz."""
    course = module.course
    progress = course_progress(user=user, course=course)
    previous, following = progress.neighbours(module)
    return {
        "course": course,
        "progress": progress,
        "status": progress.status_of(module),
        "previous_module": previous,
        "next_module": following,
        "quiz": assessment_of(module),
    }
