import pytest

from tests.factories import InstructorFactory, LearnerFactory


@pytest.fixture
def learner(db):
    return LearnerFactory(legal_name="Lena Learner")


@pytest.fixture
def instructor(db):
    return InstructorFactory()


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def catalogue(db):
    from tests.factories import CourseIndexPageFactory

    return CourseIndexPageFactory()


@pytest.fixture
def course(catalogue):
    """A live course with three live modules, in study order."""
    from tests.factories import CoursePageFactory, ModulePageFactory

    course = CoursePageFactory(parent=catalogue, title="Safe Touch 101")
    for n in range(1, 4):
        ModulePageFactory(parent=course, title=f"Module {n}", slug=f"module-{n}")
    return course


@pytest.fixture
def modules(course):
    from courses.models import ModulePage

    return list(ModulePage.objects.child_of(course).order_by("path"))
