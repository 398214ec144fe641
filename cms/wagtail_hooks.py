"""Admin registration only."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.assets import ReviewedImagePolicy
from cms.records import describe, records_of_pages, records_of_user
from courses.models import Certificate, CourseEvaluation
from courses.viewsets import (
    AdministratorsMayLook,
    CertificateViewSet,
    CourseEvaluationViewSet,
    SourceViewSet,
    StaffMayLook,
)
from quizzes.viewsets import QuizLibraryGroup

# For the exact image class, so it wins over the policy Wagtail's images app registers.
register_permission_policy(
    get_image_model(),
    ReviewedImagePolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)


register_snippet(SourceViewSet)
register_snippet(QuizLibraryGroup)

# Certificates are administrators' to look at and evaluations staff's; nobody edits either.
register_permission_policy(Certificate, AdministratorsMayLook(Certificate))
register_permission_policy(CourseEvaluation, StaffMayLook(CourseEvaluation))


@hooks.register("register_admin_viewset")
def certificate_viewsets():
    return [CertificateViewSet(), CourseEvaluationViewSet()]


@hooks.register("before_delete_page")
def keep_course_records(request, page):
    """A course, module or quiz page whose learners have records is not deleted (records are
    kept six years): unpublish it instead."""
    counts = records_of_pages(page.get_descendants(inclusive=True).values_list("pk", flat=True))
    if counts:
        messages.error(
            request,
            f"'{page.title}' cannot be deleted: learners' records point at it ({describe(counts)}),"
            " and they are kept for six years. Unpublish the page instead.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_delete_user")
def keep_learner_records(request, user):
    """A learner with course records is not deleted: deactivate the account instead."""
    counts = records_of_user(user)
    if counts:
        messages.error(
            request,
            f"{user.email} cannot be deleted: the account holds records kept for six years "
            f"({describe(counts)}). Deactivate the account instead.",
        )
        return redirect("wagtailusers_users:edit", user.pk)
    return None
