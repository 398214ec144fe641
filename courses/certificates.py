"""Completion and certificates: every state change is a service here.

``completion_check`` records a course as complete once (every module studied for its minimum
time, every module quiz and the final assessment passed, the evaluation submitted) and then calls
``certificate_issue``, which validates, snapshots and issues exactly once per learner and
course: a partial unique constraint in the database makes a concurrent second issue fail,
and the loser returns the winner's certificate. Revocation and reissue keep an append-only
audit trail.
"""

from __future__ import annotations

import base64
import logging
import secrets
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .errors import CoursesError, NotEnrolled, NotIssuable
from .models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    CourseEvaluation,
    CoursePage,
    Enrolment,
    ModuleProgress,
    ProviderSettings,
)
from .selectors import completion_status

logger = logging.getLogger(__name__)

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARACTERS = 20  # 100 random bits, shown as five groups of four


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARACTERS))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_CHARACTERS, 4))


def normalize_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes, O for 0, I or L for 1) in canonical form."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def format_hours(hours) -> str:
    """CE hours as boards print them: 6.0, 1.5, 1.25 (never "6" or "1.50")."""
    text = f"{Decimal(hours):.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def verification_url(code: str) -> str:
    base = settings.CERTIFICATE_BASE_URL.rstrip("/")
    return base + reverse("courses:certificate_verify", args=[code])


# -- evaluation and completion --------------------------------------------------------------


@transaction.atomic
def evaluation_submit(
    *,
    user,
    course,
    objectives_met: int,
    relevance: int,
    presentation: int,
    comments: str = "",
    now: datetime | None = None,
) -> CourseEvaluation:
    """Record the end-of-course evaluation (once; a second submission changes nothing)."""
    now = now or timezone.now()
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None:
        raise NotEnrolled("Enrol in the course first.")
    evaluation, _ = CourseEvaluation.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "objectives_met": objectives_met,
            "relevance": relevance,
            "presentation": presentation,
            "comments": comments.strip(),
            "submitted_at": now,
        },
    )
    completion_check(enrolment=enrolment, now=now)
    return evaluation


def completion_check(*, enrolment: Enrolment, now: datetime | None = None) -> Certificate | None:
    """Record completion once everything is done, then issue the certificate.

    Completion is kept even when the certificate cannot be issued yet (``NotIssuable``):
    an administrator fixes the problem and issues it from the admin.
    """
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.completed_at is None:
            if not completion_status(enrolment).complete:
                return None
            enrolment.completed_at = now
            enrolment.seconds_spent = sum(
                ModuleProgress.objects.filter(enrolment=enrolment).values_list(
                    "seconds_spent", flat=True
                )
            )
            enrolment.save(update_fields=["completed_at", "seconds_spent"])
    try:
        return certificate_issue(enrolment=enrolment, now=now)
    except NotIssuable:
        return None


# -- certificates --------------------------------------------------------------------------


def _signature_data_uri(provider: ProviderSettings) -> str:
    if not provider.signature:
        return ""
    rendition = provider.signature.get_rendition("max-600x200|format-png")
    with rendition.file.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode()


def certificate_problems(enrolment: Enrolment, provider: ProviderSettings) -> list[str]:
    """Everything a board requires that is missing, in words an administrator can act on."""
    course = enrolment.course
    problems = []
    if not enrolment.completed_at:
        problems.append("the learner has not completed the course")
    if not (enrolment.user.legal_name or "").strip():
        problems.append("the learner has no legal name in their profile")
    if not course.approved_title:
        problems.append("the course has no title as approved by the board")
    if not course.ce_hours or course.ce_hours <= 0:
        problems.append("the course has no approved CE hours")
    for field, label in (
        ("provider_name", "provider name"),
        ("approved_provider_number", "Approved Provider number"),
        ("signatory_name", "signatory's name"),
    ):
        if not getattr(provider, field):
            problems.append(f"the {label} is missing in Settings › Certificate provider")
    if not (provider.address or provider.email):
        problems.append(
            "the provider's address or email is missing in Settings › Certificate provider"
        )
    if not provider.signature:
        problems.append("the signature image is missing in Settings › Certificate provider")
    return problems


def study_time_problems(enrolment: Enrolment) -> list[str]:
    """A home-study certificate is never issued below the course's required study time
    (the sum of its modules' minimum study times). Live attendance is recorded, not timed."""
    if enrolment.completion_note:
        return []
    required = sum(m.required_study_minutes for m in enrolment.course.modules())
    recorded = enrolment.seconds_spent // 60
    if recorded >= required:
        return []
    return [
        f"the learner's recorded study time ({recorded} minutes) is below the"
        f" {required} minutes the course requires"
    ]


def _snapshot(enrolment: Enrolment, provider: ProviderSettings, code: str, issued_at) -> dict:
    course = enrolment.course
    user = enrolment.user
    completed = timezone.localtime(enrolment.completed_at).date()
    return {
        "code": code,
        "verification_url": verification_url(code),
        "learner_name": user.legal_name.strip(),
        "licence_number": user.licence_number,
        "licence_state": user.licence_state,
        "course_title": course.approved_title,
        "course_type": course.get_course_type_display(),
        "ce_hours": format_hours(course.ce_hours),
        "course_approval_board": course.approval_board,
        "course_approval_number": course.approval_number,
        "completion_date": completed.isoformat(),
        "issued_at": issued_at.isoformat(),
        "provider_name": provider.provider_name,
        "provider_address": provider.address,
        "provider_email": provider.email,
        "approving_body": provider.approving_body,
        "approved_provider_number": provider.approved_provider_number,
        "signatory_name": provider.signatory_name,
        "signatory_title": provider.signatory_title,
        "signature": _signature_data_uri(provider),
    }


def _event(certificate, action, actor, reason, at):
    CertificateEvent.objects.create(
        certificate=certificate,
        action=action,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.email) if actor else "",
        actor_email=actor.email if actor else "",
        reason=reason,
        at=at,
    )


def _email(certificate: Certificate) -> None:
    """Tell the learner. A mail failure is logged, never undoes the issued certificate."""
    try:
        _send_certificate_email(certificate)
    except Exception:
        logger.exception("Could not email certificate %s", certificate.code)


def _send_certificate_email(certificate: Certificate) -> None:
    snapshot = certificate.snapshot
    send_mail(
        subject=f"Your certificate: {snapshot['course_title']}",
        message=(
            f"Dear {snapshot['learner_name']},\n\n"
            f"Congratulations on completing {snapshot['course_title']} "
            f"({snapshot['ce_hours']} CEs).\n\n"
            f"Your certificate code is {certificate.code}. Anyone can check it here:\n"
            f"{snapshot['verification_url']}\n\n"
            "You can download the PDF from My certificates when you are logged in.\n\n"
            f"{snapshot['provider_name']}"
        ),
        from_email=None,
        recipient_list=[certificate.user.email],
    )


def certificate_issue(
    *, enrolment: Enrolment, actor=None, now: datetime | None = None, replaces=None, reason=""
) -> Certificate:
    """Issue the certificate for a completed enrolment, exactly once.

    Raises ``NotIssuable`` (nothing written) when a required field is missing. Returns the
    existing certificate when one was already issued, including by a concurrent request.
    """
    now = now or timezone.now()
    # fresh from the database: the snapshot must hold today's name and course record
    enrolment = Enrolment.objects.select_related("user", "course").get(pk=enrolment.pk)
    existing = Certificate.objects.filter(
        user_id=enrolment.user_id, course_id=enrolment.course_id
    ).exclude(status=CertificateStatus.REPLACED)
    if replaces is None and existing.exists():
        return existing.first()
    provider = ProviderSettings.load()
    problems = certificate_problems(enrolment, provider)
    if replaces is None:
        problems += study_time_problems(enrolment)
    if problems:
        raise NotIssuable(problems)
    code = new_code()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                code=code,
                user=enrolment.user,
                course=enrolment.course,
                enrolment=enrolment,
                issued_at=now,
                replaces=replaces,
                snapshot=_snapshot(enrolment, provider, code, now),
            )
            _event(
                certificate,
                CertificateEvent.REISSUED if replaces else CertificateEvent.ISSUED,
                actor,
                reason,
                now,
            )
            transaction.on_commit(lambda: _email(certificate))
    except IntegrityError:  # a concurrent request issued it first
        return existing.get()
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str, now=None) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise CoursesError("Give a reason for revoking the certificate.")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.VALID:
        raise CoursesError("Only a valid certificate can be revoked.")
    now = now or timezone.now()
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = now
    certificate.save(update_fields=["status", "revoked_at"])
    _event(certificate, CertificateEvent.REVOKED, actor, reason, now)
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, actor, reason: str, now=None) -> Certificate:
    """A new certificate (new code, fresh snapshot: e.g. a corrected legal name) that
    references the one it replaces; the old one is marked replaced."""
    reason = (reason or "").strip()
    if not reason:
        raise CoursesError("Give a reason for reissuing the certificate.")
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status == CertificateStatus.REPLACED:
        raise CoursesError("This certificate has already been replaced.")
    if old.enrolment is None:
        raise CoursesError("The enrolment behind this certificate no longer exists.")
    now = now or timezone.now()
    problems = certificate_problems(old.enrolment, ProviderSettings.load())
    if problems:
        raise NotIssuable(problems)
    old.status = CertificateStatus.REPLACED
    old.save(update_fields=["status"])
    return certificate_issue(
        enrolment=old.enrolment, actor=actor, now=now, replaces=old, reason=reason
    )


@transaction.atomic
def attendance_record(*, user, course, actor, attended_on, now=None) -> Certificate:
    """Live courses: an administrator records attendance; the learner is enrolled, the course
    recorded as complete, and the certificate issued through the same validator."""
    now = now or timezone.now()
    if not isinstance(course, CoursePage):
        raise CoursesError("Choose a course.")
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_at": now}
    )
    if enrolment.completed_at is None:
        if not isinstance(attended_on, datetime):  # a date: the start of that day
            attended_on = timezone.make_aware(datetime.combine(attended_on, datetime.min.time()))
        enrolment.completed_at = attended_on
        enrolment.completion_note = f"Attendance recorded by {actor}"
        enrolment.save(update_fields=["completed_at", "completion_note"])
    return certificate_issue(enrolment=enrolment, actor=actor, now=now)
