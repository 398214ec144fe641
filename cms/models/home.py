from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courses.models import CourseIndexPage


class HomePage(Page):
    """The site root: what Mantle CE is and where to start."""

    lead = models.CharField(
        max_length=255,
        help_text="One sentence under the title: who the site is for.",
    )
    body = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find a descendant by its URL path in one query instead of two per tree level.

        Wagtail's default routing walks the tree one level at a time (a module at
        /courses/course/module/ costs eight queries before any of our code runs). No page
        type on this site routes its own sub-paths, so the live page whose ``url_path``
        matches is the answer; anything else falls back to the default walk, which also
        raises the 404s.
        """
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = Page.objects.live().filter(url_path=url_path).first()
            if page is not None:
                return RouteResult(page.specific)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = CourseIndexPage.objects.live().only("url_path", "title").first()
        return context
