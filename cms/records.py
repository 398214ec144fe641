"""Records a CE provider keeps for six years (enrolments, study progress, evaluations,
assessment attempts, certificates). Deleting a learner or a course page that holds them is
refused in the admin with a message, never cascaded: the foreign keys PROTECT them, and the
hooks in ``wagtail_hooks`` turn the refusal into words an administrator can act on."""

from __future__ import annotations

from courses.models import Certificate, Enrolment, ModuleProgress
from quizzes.models import Attempt


def records_of_pages(page_ids) -> dict[str, int]:
    """How many kept records point at these pages (a course, its modules, its quizzes)."""
    counts = {
        "enrolments": Enrolment.objects.filter(course_id__in=page_ids).count(),
        "module progress records": ModuleProgress.objects.filter(module_id__in=page_ids).count(),
        "quiz attempts": Attempt.objects.filter(quiz_id__in=page_ids).count(),
        "certificates": Certificate.objects.filter(course_id__in=page_ids).count(),
    }
    return {name: n for name, n in counts.items() if n}


def records_of_user(user) -> dict[str, int]:
    counts = {
        "enrolments": Enrolment.objects.filter(user=user).count(),
        "quiz attempts": Attempt.objects.filter(user=user).count(),
        "certificates": Certificate.objects.filter(user=user).count(),
    }
    return {name: n for name, n in counts.items() if n}


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())
