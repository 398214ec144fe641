"""Read-only queries for learners' progress. Each runs a fixed number of queries however
many modules or courses there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from .models import Enrolment, ModuleProgress
from .pages import module_page_model


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


def course_modules(course) -> list:
    """The live modules of ``course`` in study (tree) order. One query."""
    return list(
        module_page_model()
        .objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "slug", "url_path", "path", "depth", "estimated_minutes")
    )


def course_progress(*, user, course, modules: list | None = None) -> CourseProgress:
    """Progress of ``user`` through ``course``: at most three queries."""
    modules = course_modules(course) if modules is None else modules
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
    in_courses = Q()
    for enrolment in enrolments:
        in_courses |= Q(path__startswith=enrolment.course.path, depth=enrolment.course.depth + 1)
    modules_by_course: dict[int, list] = {e.course_id: [] for e in enrolments}
    paths = {e.course.path: e.course_id for e in enrolments}
    for page in (
        module_page_model()
        .objects.live()
        .filter(in_courses)
        .order_by("path")
        .only("id", "title", "slug", "url_path", "path", "depth")
    ):
        modules_by_course[paths[page.path[: -page.steplen]]].append(page)
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
    from .models import Certificate, CertificateStatus

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
    from .models import Certificate

    issued = set(Certificate.objects.filter(user=user).values_list("course_id", flat=True))
    return [
        e
        for e in Enrolment.objects.filter(user=user, completed_at__isnull=False).select_related(
            "course"
        )
        if e.course_id not in issued
    ]
