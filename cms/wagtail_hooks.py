"""Admin registration only."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import WorkflowState
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.assets import ReviewedImagePolicy
from cms.records import describe, records_of_pages, records_of_user
from cms.review import review_confirmation
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


# The state a reviewer's decision leaves the page's workflow in.
DECIDED = {"approve": WorkflowState.STATUS_APPROVED, "reject": WorkflowState.STATUS_NEEDS_CHANGES}

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


@hooks.register("after_edit_page")
def confirm_clinical_review(request, page):
    """A reviewer's approval or request for changes from the page editor is confirmed naming
    Clinical review (after Wagtail's own "has been updated"), once the page's workflow shows
    that the decision was taken (Wagtail saves instead when the review ended meanwhile)."""
    action = request.POST.get("workflow-action-name")
    if not request.POST.get("action-workflow-action") or action not in DECIDED:
        return
    latest = page.workflow_states.order_by("-created_at").values_list("status", flat=True)
    if latest.first() == DECIDED[action]:
        title = page.get_admin_display_title()
        messages.success(request, review_confirmation(action, "page", title))


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
