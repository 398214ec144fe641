"""Admin views for certificates, rosters, live attendance and course evaluations.

Thin: each validates a form, calls one service in ``courses.certificates``, and reports the
service's error as a message. Certificates are never edited here; revoke and reissue are
the only changes, and each writes its own audit entry.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from courses.certificates import (
    attendance_record,
    certificate_issue,
    certificate_problems,
    certificate_reissue,
    certificate_revoke,
)
from courses.errors import CoursesError, NotIssuable
from courses.exports import write_rows
from courses.models import (
    Certificate,
    CertificateStatus,
    CourseEvaluation,
    CoursePage,
    Enrolment,
    ProviderSettings,
)


def _administrators_only(request):
    if not request.user.is_superuser:
        raise PermissionDenied("Only administrators manage certificates.")


class CertificateFilter(forms.Form):
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.order_by("title"), required=False, empty_label="All courses"
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *CertificateStatus.choices], required=False
    )
    issued_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    issued_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label="Name, email or code", required=False)


def certificate_list(request):
    _administrators_only(request)
    form = CertificateFilter(request.GET or None)
    certificates = Certificate.objects.select_related("user").order_by("-issued_at")
    if form.is_valid():
        data = form.cleaned_data
        if data["course"]:
            certificates = certificates.filter(course=data["course"])
        if data["status"]:
            certificates = certificates.filter(status=data["status"])
        if data["issued_from"]:
            certificates = certificates.filter(issued_at__date__gte=data["issued_from"])
        if data["issued_to"]:
            certificates = certificates.filter(issued_at__date__lte=data["issued_to"])
        if data["q"]:
            term = data["q"].strip()
            certificates = certificates.filter(code__icontains=term) | certificates.filter(
                user__email__icontains=term
            ) | certificates.filter(user__legal_name__icontains=term)  # fmt: skip
    provider = ProviderSettings.load()
    issued = Certificate.objects.filter(
        user_id=OuterRef("user_id"), course_id=OuterRef("course_id")
    )
    waiting = (
        Enrolment.objects.filter(completed_at__isnull=False)
        .annotate(issued=Exists(issued))
        .filter(issued=False)
        .select_related("user", "course")[:50]
    )
    pending = [(enrolment, certificate_problems(enrolment, provider)) for enrolment in waiting]
    page = Paginator(certificates, 50).get_page(request.GET.get("p"))
    return render(request, "cms/admin/certificates.html", {
        "form": form, "page": page, "pending": pending,
        "courses": CoursePage.objects.order_by("title"),
    })  # fmt: skip


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


def certificate_detail(request, pk: int):
    _administrators_only(request)
    certificate = get_object_or_404(
        Certificate.objects.select_related("user", "replaces").prefetch_related("events__actor"),
        pk=pk,
    )
    return render(request, "cms/admin/certificate_detail.html", {
        "certificate": certificate, "form": ReasonForm(),
    })  # fmt: skip


@require_POST
def certificate_action(request, pk: int, action: str):
    _administrators_only(request)
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason.")
        return redirect("certificate_admin_detail", pk=pk)
    service = {"revoke": certificate_revoke, "reissue": certificate_reissue}.get(action)
    if service is None:
        raise Http404("No such certificate action.")
    try:
        result = service(
            certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except CoursesError as error:
        messages.error(request, str(error))
        return redirect("certificate_admin_detail", pk=pk)
    messages.success(request, f"Certificate {action}d.")
    return redirect("certificate_admin_detail", pk=result.pk)


@require_POST
def certificate_issue_pending(request, enrolment_id: int):
    _administrators_only(request)
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, completed_at__isnull=False)
    try:
        certificate = certificate_issue(enrolment=enrolment, actor=request.user)
    except NotIssuable as error:
        messages.error(request, str(error))
        return redirect("certificate_admin_list")
    messages.success(request, f"Certificate {certificate.code} issued.")
    return redirect("certificate_admin_detail", pk=certificate.pk)


ROSTER_COLUMNS = [
    "name", "email", "license number", "license state", "completion date", "CE hours",
    "certificate code", "status",
]  # fmt: skip


def roster_csv(request, course_id: int):
    """Every certificate of a course: boards audit rosters for six years."""
    _administrators_only(request)
    course = get_object_or_404(CoursePage, pk=course_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{course.slug}.csv"'
    certificates = (
        Certificate.objects.filter(course=course)
        .select_related("user")
        .order_by("snapshot__completion_date", "issued_at")
    )
    write_rows(
        response,
        ROSTER_COLUMNS,
        (
            [
                c.snapshot["learner_name"],
                c.user.email,
                c.snapshot.get("licence_number", ""),
                c.snapshot.get("licence_state", ""),
                c.snapshot["completion_date"],
                c.snapshot["ce_hours"],
                c.code,
                c.get_status_display(),
            ]
            for c in certificates
        ),
    )
    return response


class AttendanceForm(forms.Form):
    email = forms.EmailField(label="Learner's email")
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.filter(course_type__in=["live", "webinar"])
    )
    attended_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("No account has this email; ask the learner to sign up.")
        self.user = user
        return email


def attendance(request):
    _administrators_only(request)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = attendance_record(
                user=form.user, course=form.cleaned_data["course"], actor=request.user,
                attended_on=form.cleaned_data["attended_on"],
            )  # fmt: skip
        except CoursesError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Attendance recorded; certificate {certificate.code} issued."
            )
            return redirect("certificate_admin_detail", pk=certificate.pk)
    return render(request, "cms/admin/attendance.html", {"form": form})


def evaluations(request):
    """Instructors read the course evaluations (answers and comments)."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = CourseEvaluation.objects.select_related("enrolment__course", "enrolment__user")
    course_id = request.GET.get("course", "")
    if re.fullmatch(r"[0-9]{1,9}", course_id):
        rows = rows.filter(enrolment__course_id=int(course_id))
    page = Paginator(rows.order_by("-submitted_at"), 50).get_page(request.GET.get("p"))
    return render(request, "cms/admin/evaluations.html", {
        "page": page, "courses": CoursePage.objects.order_by("title"), "course_id": course_id,
    })  # fmt: skip
