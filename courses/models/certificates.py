"""Certificates of completion, their audit trail, and the provider details they print.

A certificate keeps a frozen snapshot of everything it prints, so a later change to the
learner's name, the course title or the provider details never changes an issued
certificate. Reissuing (for a legal-name correction, say) makes a new certificate with a new
code that references the one it replaces.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="doc-full")
class ProviderSettings(BaseGenericSetting):
    """The continuing-education provider, as certificates print it (boards require these)."""

    provider_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True, help_text="Postal address, printed on certificates.")
    email = models.EmailField(blank=True)
    approving_body = models.CharField(
        max_length=100, blank=True, help_text="e.g. NCBTMB", default="NCBTMB"
    )
    approved_provider_number = models.CharField(max_length=64, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("provider_name"), FieldPanel("address"), FieldPanel("email")],
            heading="Provider",
        ),
        MultiFieldPanel(
            [FieldPanel("approving_body"), FieldPanel("approved_provider_number")],
            heading="Approval",
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title"), FieldPanel("signature")],
            heading="Signature",
        ),
    ]

    class Meta:
        verbose_name = "certificate provider"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    REVOKED = "revoked", "Revoked"
    REPLACED = "replaced", "Replaced"


class Certificate(models.Model):
    code = models.CharField(max_length=32, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.PROTECT, related_name="certificates"
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment", null=True, on_delete=models.PROTECT, related_name="certificates"
    )
    status = models.CharField(
        max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    snapshot = models.JSONField(help_text="Everything the certificate prints, frozen at issue.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=~Q(status="replaced"),
                name="one_current_certificate_per_course",
            )
        ]
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.code} · {self.learner_name} · {self.course_title}"

    # What the certificate prints, frozen at issue (listings, rosters and exports read these).
    def _printed(self, key: str) -> str:
        return (self.snapshot or {}).get(key, "")

    @property
    def learner_name(self) -> str:
        return self._printed("learner_name")

    @property
    def course_title(self) -> str:
        return self._printed("course_title")

    @property
    def ce_hours(self) -> str:
        return self._printed("ce_hours")

    @property
    def completion_date(self) -> str:
        return self._printed("completion_date")

    @property
    def licence_number(self) -> str:
        return self._printed("licence_number")

    @property
    def licence_state(self) -> str:
        return self._printed("licence_state")

    @property
    def study_minutes(self) -> int | str:
        """The study time recorded when the course was completed (blank for live attendance
        and for certificates whose enrolment is gone)."""
        enrolment = self.enrolment
        if enrolment is None or enrolment.completion_note:
            return ""
        return enrolment.seconds_spent // 60

    @property
    def learner_email(self) -> str:
        return self.user.email


class CertificateEvent(models.Model):
    """Append-only audit trail: who issued, revoked or reissued a certificate, when and why."""

    ISSUED, REVOKED, REISSUED = "issued", "revoked", "reissued"
    ACTIONS = [(ISSUED, "Issued"), (REVOKED, "Revoked"), (REISSUED, "Reissued")]

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=10, choices=ACTIONS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who acted, as they were named at the time: the trail must not change when an account is
    # renamed or deleted. Empty for the system (automatic issue on completion).
    actor_name = models.CharField(max_length=200, blank=True, editable=False)
    actor_email = models.CharField(max_length=254, blank=True, editable=False)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.certificate.code} {self.action} at {self.at:%Y-%m-%d}"
