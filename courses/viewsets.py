"""The admin screens of courses, on Wagtail's viewsets: certificates, course evaluations and
the sources modules cite. ``cms.wagtail_hooks`` registers them.

Certificates are records, not content: nobody edits one. The certificate viewset lists,
filters, searches and exports them (the export of one course is the board's roster) and
shows one with its audit trail; revoke, reissue, issuing a pending certificate and recording
live attendance are the only changes, each a service in ``courses.certificates``. Every
listing costs the same number of queries whatever its length.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django_filters import DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.auth import user_passes_test
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .certificates import (
    attendance_record,
    certificate_issue,
    certificate_problems,
    certificate_reissue,
    certificate_revoke,
)
from .errors import CoursesError, NotIssuable
from .exports import spreadsheet_safe
from .models import (
    Certificate,
    CourseEvaluation,
    CoursePage,
    CourseType,
    Enrolment,
    ProviderSettings,
    Source,
)

# -- who may see what ------------------------------------------------------------------------


class AdministratorsMayLook(BasePermissionPolicy):
    """Administrators may list and inspect; nobody may add, edit or delete (a certificate
    changes only through its actions, which check for an administrator themselves)."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class StaffMayLook(BasePermissionPolicy):
    """Instructors, clinical reviewers and administrators read course evaluations."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm("wagtailadmin.access_admin")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        users = get_user_model().objects.filter(is_active=True)
        staff = users.filter(is_superuser=True) | users.filter(
            groups__permissions__codename="access_admin"
        )
        return staff.distinct()


def _is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


# As Wagtail's own views refuse: back to the dashboard with a message.
administrators_only = user_passes_test(_is_administrator)


# -- certificates ---------------------------------------------------------------------------


class CourseChoiceField(ModelChoiceFilter.field_class):
    """A course id from the query string: anything but a plausible id (``²``, 4,300 digits
    that overflow the database's integer) is an invalid choice, not a server error."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[0-9]{1,9}", str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class CourseFilter(ModelChoiceFilter):
    field_class = CourseChoiceField


class CertificateFilterSet(WagtailFilterSet):
    course = CourseFilter(queryset=CoursePage.objects.order_by("title"), label="Course")
    issued_at = DateFromToRangeFilter(label="Issued", widget=DateRangePickerWidget)

    class Meta:
        model = Certificate
        fields = ["status", "course", "issued_at"]


ROSTER_HEADINGS = {
    "learner_name": "name",
    "learner_email": "email",
    "licence_number": "license number",
    "licence_state": "license state",
    "completion_date": "completion date",
    "ce_hours": "CE hours",
    "study_minutes": "study time recorded (minutes)",
    "code": "certificate code",
    "get_status_display": "status",
}


class CertificateIndexView(IndexView):
    """Issued certificates, and above them the completed courses still waiting for one."""

    template_name = "courses/admin/certificate_index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "enrolment")

    def write_csv_row(self, writer, row_dict):
        """Every cell neutralised (see ``courses.exports``): the roster holds learners' text."""
        return super().write_csv_row(
            writer, {field: spreadsheet_safe(value) for field, value in row_dict.items()}
        )

    @cached_property
    def pending(self) -> list[tuple[Enrolment, list[str]]]:
        """Completed enrolments without a certificate, with what stops it (three queries)."""
        provider = ProviderSettings.load()
        issued = Certificate.objects.filter(
            user_id=OuterRef("user_id"), course_id=OuterRef("course_id")
        )
        waiting = (
            Enrolment.objects.filter(completed_at__isnull=False)
            .annotate(issued=Exists(issued))
            .filter(issued=False)
            .select_related("user", "course")
            .order_by("completed_at")[:50]
        )
        return [(enrolment, certificate_problems(enrolment, provider)) for enrolment in waiting]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = self.pending
        return context


class CertificateInspectView(InspectView):
    """One certificate: what it prints, its audit trail, and revoke or reissue."""

    template_name = "courses/admin/certificate_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Certificate.objects.select_related("user", "replaces").prefetch_related("events"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(certificate=self.object, form=ReasonForm())
        return context


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


CERTIFICATE_ACTIONS = {"revoke": certificate_revoke, "reissue": certificate_reissue}


@administrators_only
@require_POST
def certificate_action(request, pk: int, action: str):
    """Revoke or reissue, with the reason the audit trail keeps."""
    service = CERTIFICATE_ACTIONS.get(action)
    certificate = get_object_or_404(Certificate, pk=pk)
    if service is None:
        raise Http404("No such certificate action.")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason.")
        return redirect("certificates:inspect", pk)
    try:
        result = service(
            certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except CoursesError as error:
        messages.error(request, str(error))
        return redirect("certificates:inspect", pk)
    messages.success(request, f"Certificate {action}d.")
    return redirect("certificates:inspect", result.pk)


@administrators_only
@require_POST
def certificate_issue_pending(request, enrolment_id: int):
    """Issue the certificate of a completed course once its problems are fixed."""
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, completed_at__isnull=False)
    try:
        certificate = certificate_issue(enrolment=enrolment, actor=request.user)
    except NotIssuable as error:
        messages.error(request, str(error))
        return redirect("certificates:index")
    messages.success(request, f"Certificate {certificate.code} issued.")
    return redirect("certificates:inspect", certificate.pk)


class AttendanceForm(forms.Form):
    email = forms.EmailField(label="Learner's email")
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.filter(course_type__in=[CourseType.LIVE, CourseType.WEBINAR])
    )
    attended_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.user = get_user_model().objects.filter(email__iexact=email).first()
        if self.user is None:
            raise forms.ValidationError("No account has this email; ask the learner to sign up.")
        return email


@administrators_only
def attendance(request):
    """Record that a learner attended a live course or webinar, which issues its certificate."""
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = attendance_record(
                user=form.user,
                course=form.cleaned_data["course"],
                actor=request.user,
                attended_on=form.cleaned_data["attended_on"],
            )
        except CoursesError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Attendance recorded; certificate {certificate.code} issued."
            )
            return redirect("certificates:inspect", certificate.pk)
    return TemplateResponse(request, "courses/admin/attendance.html", {"form": form})


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates"
    icon = "doc-full"
    menu_label = "Certificates"
    menu_order = 400
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = CertificateFilterSet
    search_fields = ["code", "user__email", "user__legal_name"]
    search_backend_name = None
    ordering = ["-issued_at"]
    list_per_page = 50
    list_display = [
        Column("code", label="Code", sort_key="code"),
        Column("learner_name", label="Learner"),
        Column("course_title", label="Course"),
        Column("ce_hours", label="CEs"),
        Column("study_minutes", label="Study time (min)"),
        Column("completion_date", label="Completed"),
        DateColumn("issued_at", label="Issued", sort_key="issued_at"),
        Column("get_status_display", label="Status", sort_key="status"),
    ]
    list_export = list(ROSTER_HEADINGS)
    export_headings = ROSTER_HEADINGS
    export_filename = "certificates"

    def get_urlpatterns(self):
        """Listing, results (for the search box), one certificate and its actions: no add,
        edit, delete, copy or history views exist."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/<str:action>/", certificate_action, name="action"),
            path("issue/<int:enrolment_id>/", certificate_issue_pending, name="issue"),
            path("attendance/", attendance, name="attendance"),
        ]


# -- course evaluations ---------------------------------------------------------------------


class EvaluationFilterSet(WagtailFilterSet):
    course = CourseFilter(
        field_name="enrolment__course",
        queryset=CoursePage.objects.order_by("title"),
        label="Course",
    )

    class Meta:
        model = CourseEvaluation
        fields = ["course"]


class EvaluationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("enrolment__course")


class CourseEvaluationViewSet(ModelViewSet):
    """The evaluations learners submit at the end of a course (answers and comments),
    for instructors, clinical reviewers and administrators to read."""

    model = CourseEvaluation
    name = "evaluations"
    icon = "form"
    menu_label = "Course evaluations"
    menu_order = 410
    add_to_admin_menu = True
    index_view_class = EvaluationIndexView
    filterset_class = EvaluationFilterSet
    ordering = ["-submitted_at"]
    list_per_page = 50
    list_display = [
        Column("course", label="Course", accessor="enrolment.course.title"),
        Column("objectives_met", label="Objectives met"),
        Column("relevance", label="Relevance"),
        Column("presentation", label="Presentation"),
        Column("comments", label="Comments"),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
    ]
    list_export = [
        "enrolment.course.title",
        "objectives_met",
        "relevance",
        "presentation",
        "comments",
        "submitted_at",
    ]
    export_headings = {"enrolment.course.title": "course"}
    export_filename = "course-evaluations"

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


# -- sources --------------------------------------------------------------------------------


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "list-ol"
    menu_label = "Sources"
    list_display = ["key", "citation"]
    search_fields = ["citation"]
    ordering = ["number"]
