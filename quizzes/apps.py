from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    """The quiz page, questions and attempts; the rule engine and the grader."""

    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from courses.assessments import register_assessment

        from .models import QuizPage

        register_assessment(QuizPage)
