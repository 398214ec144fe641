from .accounts import InstructorFactory, LearnerFactory, UserFactory
from .pages import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory, module_body

__all__ = [
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "InstructorFactory",
    "LearnerFactory",
    "ModulePageFactory",
    "UserFactory",
    "module_body",
]
