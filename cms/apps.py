from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package and its Wagtail page layer."""

    name = "cms"
    verbose_name = "Mantle CE site"

    def ready(self):
        from cms import checks  # noqa: F401  (registers the deployment checks)
