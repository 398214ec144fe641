from .accounts import InstructorFactory, LearnerFactory, UserFactory

__all__ = ["InstructorFactory", "LearnerFactory", "UserFactory"]
