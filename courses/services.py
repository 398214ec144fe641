"""State changes of enrolment and progress. Views, commands and tests call these; each is
one transaction and raises a ``CoursesError`` subclass the caller can show."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .certificates import completion_check
from .errors import CoursesError, NotACourse, NotEnrolled
from .models import CoursePage, Enrolment, ModulePage, ModuleProgress
from .selectors import assessment_of, module_requirements_met

__all__ = [
    "CoursesError",
    "NotACourse",
    "NotEnrolled",
    "assessment_record",
    "enrolment_create",
    "module_visit_record",
]

# Reading time is credited from one page view to the next, up to this gap; a longer gap
# means the learner left, and the time is not counted.
IDLE_CUTOFF = timedelta(minutes=30)
# Re-opening the module being read within this interval writes nothing: the time is credited
# on the next recorded activity anyway, and a reload should not cost a database write.
REVISIT_INTERVAL = timedelta(minutes=1)


def _live_course(course):
    if not isinstance(course, CoursePage) or not course.live:
        raise NotACourse("This course is not open for enrolment.")
    return course


def enrolment_create(*, user, course, now: datetime | None = None) -> Enrolment:
    """Enrol ``user`` in ``course``. Idempotent: enrolling twice returns the first enrolment."""
    course = _live_course(course)
    now = now or timezone.now()
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course, enrolled_at=now)
    except IntegrityError:  # a concurrent request enrolled first
        return Enrolment.objects.get(user=user, course=course)


def _enrolment_for_module(user, module) -> Enrolment:
    if not isinstance(module, ModulePage):
        raise NotEnrolled("This page is not a course module.")
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course__path=module.path[: -module.steplen])
        .first()
    )
    if enrolment is None:
        raise NotEnrolled("Enrol in the course to study its modules.")
    return enrolment


def _credit_reading_time(enrolment: Enrolment, now: datetime) -> None:
    """Credit the time since the learner's last activity to the module they were reading,
    and record that module complete if this brought it to its minimum study time."""
    if enrolment.last_module_id is None or enrolment.last_activity_at is None:
        return
    gap = now - enrolment.last_activity_at
    if timedelta(0) < gap <= IDLE_CUTOFF:
        rows = ModuleProgress.objects.filter(
            enrolment=enrolment, module_id=enrolment.last_module_id
        )
        rows.update(seconds_spent=F("seconds_spent") + int(gap.total_seconds()))
        progress = rows.first()
        if progress is not None:
            _module_settle(enrolment, progress, now)


def _module_settle(enrolment: Enrolment, progress: ModuleProgress, now: datetime) -> None:
    """Record ``progress``'s module complete the first time its requirements hold (the
    minimum study time reached and its quiz, if it has one, passed), then check the course."""
    if progress.completed_at is not None:
        return
    module = ModulePage.objects.filter(pk=progress.module_id).first()
    if module is None or progress.seconds_spent < 60 * module.required_study_minutes:
        return  # short of the minimum study time: no need to look for its quiz
    if not module_requirements_met(progress, module, has_quiz=assessment_of(module) is not None):
        return
    progress.completed_at = now
    progress.save(update_fields=["completed_at"])
    completion_check(enrolment=enrolment, now=now)


@transaction.atomic
def module_visit_record(*, user, module, now: datetime | None = None) -> ModuleProgress | None:
    """A learner opened ``module`` (or is still reading it: the page reports every few
    minutes while it is in use): remember it for 'resume' and credit the reading time.
    Returns the progress row, or None when this was a reload within ``REVISIT_INTERVAL``
    (nothing to do)."""
    now = now or timezone.now()
    enrolment = _enrolment_for_module(user, module)
    if (
        enrolment.last_module_id == module.pk
        and enrolment.last_activity_at
        and timedelta(0) <= now - enrolment.last_activity_at < REVISIT_INTERVAL
    ):
        return None
    _credit_reading_time(enrolment, now)
    progress, _ = ModuleProgress.objects.get_or_create(
        enrolment=enrolment, module_id=module.pk, defaults={"first_viewed_at": now}
    )
    enrolment.last_module_id = module.pk
    enrolment.last_activity_at = now
    enrolment.save(update_fields=["last_module", "last_activity_at"])
    return progress


@transaction.atomic
def assessment_record(*, user, page, score, passed: bool, now: datetime | None = None) -> None:
    """Record a graded quiz: ``page`` is the module (module quiz) or the course (final
    assessment). Keeps the best score and the first time the learner passed."""
    now = now or timezone.now()
    if isinstance(page, CoursePage):
        enrolment = Enrolment.objects.select_for_update().filter(user=user, course=page).first()
        if enrolment is None:
            raise NotEnrolled("Enrol in the course to take its final assessment.")
        if enrolment.final_score is None or score > enrolment.final_score:
            enrolment.final_score = score
        if passed and enrolment.final_passed_at is None:
            enrolment.final_passed_at = now
        enrolment.save(update_fields=["final_score", "final_passed_at"])
        completion_check(enrolment=enrolment, now=now)
        return
    enrolment = _enrolment_for_module(user, page)
    # Working on the module's quiz is studying it: the time since the learner last opened
    # the module counts (within the idle cut-off), as the next module visit would count it.
    _credit_reading_time(enrolment, now)
    if enrolment.last_activity_at is None or enrolment.last_activity_at < now:
        enrolment.last_activity_at = now
        enrolment.save(update_fields=["last_activity_at"])
    progress, _ = ModuleProgress.objects.get_or_create(
        enrolment=enrolment, module_id=page.pk, defaults={"first_viewed_at": now}
    )
    progress.refresh_from_db()
    if progress.quiz_score is None or score > progress.quiz_score:
        progress.quiz_score = score
    if passed and progress.quiz_passed_at is None:
        progress.quiz_passed_at = now
    progress.save(update_fields=["quiz_score", "quiz_passed_at"])
    _module_settle(enrolment, progress, now)
    completion_check(enrolment=enrolment, now=now)
