import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.accounts.roles import CLINICAL_REVIEWERS, INSTRUCTORS, LEARNERS

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    legal_name = factory.Faker("name")
    profession = "massage_therapist"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class LearnerFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=LEARNERS)[0])


class InstructorFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=INSTRUCTORS))


class ReviewerFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
