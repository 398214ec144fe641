"""Demo accounts for local use and the benchmark: known passwords, never in production."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .roles import CLINICAL_REVIEWERS, INSTRUCTORS, LEARNERS


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    legal_name: str
    group: str | None = None
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("Learner", "learner@mantle.test", "mantle-learner", "Lena Learner", LEARNERS),
    DemoAccount(
        "Instructor", "instructor@mantle.test", "mantle-instructor", "Iris Instructor", INSTRUCTORS
    ),
    DemoAccount(
        "Reviewer",
        "reviewer@mantle.test",
        "mantle-reviewer",
        "Rosa Reviewer",
        CLINICAL_REVIEWERS,
    ),
    DemoAccount(
        "Administrator", "admin@mantle.test", "mantle-admin", "Ada Administrator", superuser=True
    ),
)


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that do not exist yet; leave existing ones untouched.

    Returns each account with whether it was created now.
    """
    if not getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
        raise ImproperlyConfigured(
            "Demo accounts are disabled in these settings (DEMO_ACCOUNTS_ALLOWED is False)."
        )
    User = get_user_model()
    results = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                email=account.email,
                password=account.password,
                legal_name=account.legal_name,
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            if account.group:
                user.groups.add(Group.objects.get(name=account.group))
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        results.append((account, created))
    return results
