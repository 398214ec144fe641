"""Sign-up, login, roles and the profile page, through HTTP as a learner would use them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from cms.accounts.roles import INSTRUCTORS, LEARNERS
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()


def signup_data(**overrides):
    data = {
        "email": "nora@example.org",
        "legal_name": "Nora Q. Okafor",
        "profession": "esthetician",
        "licence_number": "E-12345",
        "licence_state": "OR",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    data.update(overrides)
    return data


def test_signup_creates_a_learner_with_legal_name_profession_and_licence(client):
    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("courses:dashboard")
    user = User.objects.get(email="nora@example.org")
    assert user.legal_name == "Nora Q. Okafor"
    assert user.profession == "esthetician"
    assert (user.licence_number, user.licence_state) == ("E-12345", "OR")
    assert list(user.groups.values_list("name", flat=True)) == [LEARNERS]
    assert not user.is_staff
    assert not user.has_perm("wagtailadmin.access_admin")
    assert len(mail.outbox) == 1  # email confirmation is sent (optional outside production)


def test_signup_without_legal_name_is_refused_and_creates_nobody(client):
    response = client.post(reverse("account_signup"), signup_data(legal_name="  "))

    assert response.status_code == 200
    assert "legal_name" in response.context["form"].errors
    assert not User.objects.filter(email="nora@example.org").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "at least 12 characters"),
        ("noraqokafor1", "too similar to the legal name"),
        ("nora@example.org!", "too similar to the email"),
    ],
)
def test_signup_refuses_a_short_password_or_one_like_the_name_or_email(client, password, message):
    data = signup_data(password1=password, password2=password)
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="nora@example.org").exists()


def test_signup_with_an_existing_email_is_refused(client):
    UserFactory(email="nora@example.org")
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact="nora@example.org").count() == 1


def test_login_is_by_email_and_lands_on_the_dashboard(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:dashboard")
    assert client.get(reverse("courses:dashboard")).context["user"] == learner


def test_login_with_a_wrong_password_is_refused(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.email, "password": "no"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_wagtails_own_login_door_only_redirects_to_allauth_and_logs_nobody_in(client, learner):
    credentials = {"username": learner.email, "password": PASSWORD}
    response = client.post("/_util/login/?next=/dashboard/", credentials)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/dashboard/"
    assert "_auth_user_id" not in client.session
    assert client.get("/_util/login/")["Location"].startswith(reverse("account_login"))


def test_password_reset_sends_an_email(client, learner):
    response = client.post(reverse("account_reset_password"), {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert learner.email in mail.outbox[0].to


def test_a_learner_is_refused_the_admin(learner_client):
    response = learner_client.get("/admin/")
    assert response.status_code == 403
    assert b"instructors and administrators" in response.content


def test_anonymous_visitors_are_sent_to_the_allauth_login_for_the_admin(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_instructor_reaches_the_admin(client, instructor):
    client.force_login(instructor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert instructor.has_perm("wagtailadmin.access_admin")
    assert Group.objects.get(name=INSTRUCTORS) in instructor.groups.all()


def test_profile_edit_saves_the_learner_fields(learner_client, learner):
    response = learner_client.post(
        reverse("profile"),
        {
            "legal_name": "Lena M. Learner",
            "profession": "other",
            "licence_number": "MT-998",
            "licence_state": "WA",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.legal_name, learner.profession) == ("Lena M. Learner", "other")
    assert (learner.licence_number, learner.licence_state) == ("MT-998", "WA")


def test_profile_edit_refuses_an_empty_legal_name_with_a_field_error(learner_client, learner):
    response = learner_client.post(
        reverse("profile"),
        {"legal_name": "", "profession": "esthetician", "licence_number": "", "licence_state": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["legal_name"] == ["Enter your legal name as it appears on your license."]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_legal_name_error"' in html
    learner.refresh_from_db()
    assert learner.legal_name == "Lena Learner"
    assert learner.profession == "massage_therapist"


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
