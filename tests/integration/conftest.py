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
