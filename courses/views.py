from contextlib import suppress

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from .certificates import evaluation_submit, normalize_code
from .errors import CoursesError
from .models import Certificate, CourseEvaluation, CoursePage, Enrolment, ModulePage
from .pdf import certificate_pdf, transcript_pdf
from .selectors import learner_courses, learner_pending_certificates, learner_transcript
from .services import enrolment_create, module_visit_record


@login_required
def dashboard(request):
    """The learner's home: their courses, progress and each course's next step."""
    context = {"courses": learner_courses(user=request.user), "catalogue_url": "/courses/"}
    return render(request, "courses/dashboard.html", context)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def enrol(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrolment_create(user=request.user, course=course)
    except CoursesError as error:
        messages.error(request, str(error))
        return redirect(course.url)
    modules = course.modules()
    messages.success(request, f"You are enrolled in {course.title}.")
    fallback = modules[0].url if modules else course.url
    return redirect(_safe_next(request, fallback))


@login_required
@require_POST
def visit(request, module_id: int):
    """The module page reports that it was opened, and every few minutes while it is read
    (for 'resume' and study time): reading itself is a GET that writes nothing. Reports
    within a minute of the last write nothing either."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    with suppress(CoursesError):  # not enrolled: nothing to record
        module_visit_record(user=request.user, module=module)
    if "form" in request.POST:  # the button shown without JavaScript: back to the module
        messages.success(request, "Your study time is recorded up to now.")
        return redirect(module.url)
    return HttpResponse(status=204)


# -- evaluation, certificates, transcript ---------------------------------------------------


def rating_field(name: str) -> forms.TypedChoiceField:
    """One agreement question as radio buttons: the five ratings and no empty choice, so
    nothing is pre-selected, and an error that names the question when none is chosen."""
    statement = CourseEvaluation._meta.get_field(name).verbose_name
    return forms.TypedChoiceField(
        label=capfirst(statement),
        choices=CourseEvaluation.RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose how much you agree that {statement}."},
    )


class EvaluationForm(forms.ModelForm):
    objectives_met = rating_field("objectives_met")
    relevance = rating_field("relevance")
    presentation = rating_field("presentation")
    comments = forms.CharField(
        label="Comments (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = CourseEvaluation
        fields = ["objectives_met", "relevance", "presentation", "comments"]


@login_required
def evaluation(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
    if enrolment is None:
        raise Http404
    done = CourseEvaluation.objects.filter(enrolment=enrolment).first()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        evaluation_submit(user=request.user, course=course, **form.cleaned_data)
        messages.success(request, "Thank you: your evaluation is recorded.")
        return redirect(course.url)
    context = {"course": course, "form": form, "done": done}
    return render(request, "courses/evaluation.html", context)


def certificate_verify(request, code: str):
    """Public: anyone holding the code (or the QR) can check a certificate."""
    certificate = (
        Certificate.objects.filter(code=normalize_code(code)).select_related("replaced_by").first()
    )
    if certificate is None:
        return render(request, "courses/certificate_not_found.html", {"code": code}, status=404)
    return render(request, "courses/certificate_verify.html", {"certificate": certificate})


def can_see_certificate(user, certificate) -> bool:
    """The owner, and whoever holds the certificate permission (administrators): a
    certificate carries a licence number and state. Access to the admin is not enough."""
    return user.is_authenticated and (
        user.pk == certificate.user_id or user.has_perm("courses.view_certificate")
    )


def certificate_download(request, code: str):
    certificate = Certificate.objects.filter(code=normalize_code(code)).first()
    if certificate is None or not can_see_certificate(request.user, certificate):
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
def my_certificates(request):
    certificates = Certificate.objects.filter(user=request.user).order_by("-issued_at")
    pending = learner_pending_certificates(user=request.user)
    return render(
        request,
        "courses/my_certificates.html",
        {"certificates": certificates, "pending": pending},
    )


class TranscriptForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


@login_required
def transcript(request):
    form = TranscriptForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    context = {"form": form, **learner_transcript(user=request.user, start=start, end=end)}
    if request.GET.get("format") == "pdf" and not form.errors:
        response = HttpResponse(transcript_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="ce-transcript.pdf"'
        return response
    return render(request, "courses/transcript.html", context)
