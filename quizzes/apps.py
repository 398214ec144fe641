from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    """Quizzes, questions and attempts; the rule engine and the grader."""

    name = "quizzes"
    verbose_name = "Quizzes"
