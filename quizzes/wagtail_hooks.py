"""The quizzes app's Wagtail hooks: its own admin screens (the quiz library's snippets are
registered with the project's in ``cms.wagtail_hooks``) and its share of a course's CE
estimate (``courses.estimates``)."""

from wagtail import hooks

from courses.estimates import ASSESSMENT_HOOK

from .estimates import assessment_time
from .viewsets import AttemptGrantViewSet


@hooks.register("register_admin_viewset")
def attempt_grant_viewset():
    return AttemptGrantViewSet()


@hooks.register(ASSESSMENT_HOOK)
def course_assessment_minutes(course):
    """The course's quiz minutes, for the CE estimate on the course page's admin form."""
    return assessment_time(course)
