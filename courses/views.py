from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .selectors import course_modules, learner_courses
from .services import CoursesError, enrolment_create, module_complete


@login_required
def dashboard(request):
    """The learner's home: their courses, progress and where to resume."""
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
    course = get_object_or_404(Page.objects.live(), pk=course_id).specific
    try:
        enrolment_create(user=request.user, course=course)
    except CoursesError as error:
        messages.error(request, str(error))
        return redirect(course.url)
    modules = course_modules(course)
    messages.success(request, f"You are enrolled in {course.title}.")
    fallback = modules[0].url if modules else course.url
    return redirect(_safe_next(request, fallback))


@login_required
@require_POST
def complete(request, module_id: int):
    module = get_object_or_404(Page.objects.live(), pk=module_id).specific
    try:
        module_complete(user=request.user, module=module)
    except CoursesError as error:
        messages.error(request, str(error))
        return redirect(module.url)
    course = module.get_parent()
    modules = course_modules(course)
    following = next(
        (m for m, prev in zip(modules[1:], modules, strict=False) if prev.pk == module.pk), None
    )
    messages.success(request, f"“{module.title}” is complete.")
    return redirect(following.url if following else course.url)
