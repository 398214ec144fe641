"""The commands that `make run` calls."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_seed_demo_creates_the_accounts_once_and_prints_them(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert User.objects.filter(email__endswith="@mantle.test").count() == 4
    assert "learner@mantle.test" in first
    assert "mantle-learner" in first
    assert "(created)" in first
    assert "(created)" not in second
    learner = User.objects.get(email="learner@mantle.test")
    assert learner.check_password("mantle-learner")
    assert learner.groups.filter(name="Learners").exists()
    assert User.objects.get(email="instructor@mantle.test").has_perm("wagtailadmin.access_admin")
    assert User.objects.get(email="admin@mantle.test").is_superuser
    reviewer = User.objects.get(email="reviewer@mantle.test")
    assert reviewer.groups.filter(name="Clinical reviewers").exists()
    assert reviewer.has_perm("quizzes.publish_adaptationrule")
    assert "reviewer@mantle.test" in first
    assert "mantle-reviewer" in first
    assert EmailAddress.objects.filter(email="learner@mantle.test", verified=True).exists()


def test_seed_demo_keeps_a_changed_password(capsys):
    call_command("seed_demo")
    learner = User.objects.get(email="learner@mantle.test")
    learner.set_password("changed-by-the-user")
    learner.save()
    call_command("seed_demo")
    learner.refresh_from_db()
    assert learner.check_password("changed-by-the-user")


def test_seed_demo_refuses_where_demo_accounts_are_not_allowed(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="disabled"):
        call_command("seed_demo")
    assert not User.objects.filter(email__endswith="@mantle.test").exists()


def test_import_content_reads_content_by_default_and_a_second_run_changes_nothing(
    shipped_content, capsys
):
    call_command("import_content")
    out = capsys.readouterr().out
    assert out.startswith("Content import: 14 unchanged."), out
