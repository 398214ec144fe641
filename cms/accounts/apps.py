from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Learner identity: the user model, sign-up and profile forms, and roles."""

    name = "cms.accounts"
    label = "accounts"
    verbose_name = "Accounts"
