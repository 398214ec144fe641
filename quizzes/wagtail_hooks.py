"""Admin registration of the quizzes app's own screens (the quiz library's snippets are
registered with the project's in ``cms.wagtail_hooks``)."""

from wagtail import hooks

from .viewsets import AttemptGrantViewSet


@hooks.register("register_admin_viewset")
def attempt_grant_viewset():
    return AttemptGrantViewSet()
