"""Page models and snippets of the presentation layer (re-exported here, as wagtail.models)."""

from .courses import CourseIndexPage, CoursePage, CourseType, ModulePage
from .home import HomePage
from .imports import ImportRecord
from .quizzes import QuizPage
from .sources import Source

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "CourseType",
    "HomePage",
    "ImportRecord",
    "ModulePage",
    "QuizPage",
    "Source",
]
