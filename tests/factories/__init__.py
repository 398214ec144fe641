from .accounts import InstructorFactory, LearnerFactory, ReviewerFactory, UserFactory
from .pages import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory, module_body
from .quizzes import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    QuizPageFactory,
)

__all__ = [
    "AdaptationRuleFactory",
    "CaseFactory",
    "CaseQuestionFactory",
    "ChoiceQuestionFactory",
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "InstructorFactory",
    "LearnerFactory",
    "ModulePageFactory",
    "QuizPageFactory",
    "ReviewerFactory",
    "UserFactory",
    "module_body",
]
