"""Admin registration only."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Source


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "list-ol"
    menu_label = "Sources"
    list_display = ["key", "citation"]
    search_fields = ["citation"]
    ordering = ["number"]


register_snippet(SourceViewSet)
