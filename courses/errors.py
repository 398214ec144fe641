"""What a refused state change raises, with a message the caller can show the learner."""


class CoursesError(Exception):
    """A refused state change, with a message for the learner."""


class NotACourse(CoursesError):
    pass


class NotEnrolled(CoursesError):
    pass


class NotIssuable(CoursesError):
    """A certificate cannot be issued yet; ``problems`` says what an administrator must fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Certificate not issued: " + "; ".join(problems))
