from django.conf import settings
from django.core.exceptions import PermissionDenied


class AdminAccessMiddleware:
    """A signed-in learner who opens the Wagtail admin gets a 403 page.

    Wagtail's own check redirects users without ``wagtailadmin.access_admin`` to
    ``WAGTAILADMIN_LOGIN_URL``; since that is allauth's login view, which sends signed-in users
    straight back to ``next`` (the admin), the learner would bounce between the two. A plain
    refusal is clearer. Anonymous visitors still go to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.WAGTAILADMIN_PATH.strip("/") + "/"

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(self.prefix)
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            raise PermissionDenied("This area is for instructors and administrators.")
        return self.get_response(request)
