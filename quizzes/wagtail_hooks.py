"""The quizzes app's Wagtail hooks: its own admin screens (the quiz library's snippets are
registered with the project's in ``cms.wagtail_hooks``), its share of a course's CE
estimate (``courses.estimates``), and the plan form a case-plan question's preview shows
(``quizzes.models.questions.PLAN_FORM_HOOK``: the models sit below ``quizzes.forms``)."""

from wagtail import hooks

from courses.estimates import ASSESSMENT_HOOK

from .estimates import assessment_time
from .forms import plan_form_for
from .models.questions import PLAN_FORM_HOOK
from .viewsets import AttemptGrantViewSet


@hooks.register("register_admin_viewset")
def attempt_grant_viewset():
    return AttemptGrantViewSet()


@hooks.register(ASSESSMENT_HOOK)
def course_assessment_minutes(course):
    """The course's quiz minutes, for the CE estimate on the course page's admin form."""
    return assessment_time(course)


@hooks.register(PLAN_FORM_HOOK)
def case_question_plan_form(question):
    """The unanswered plan form of ``question``, as a learner's attempt starts with it."""
    return plan_form_for(question, None)
