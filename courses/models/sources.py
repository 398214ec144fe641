from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.validators import validate_link


class Source(index.Indexed, models.Model):
    """A numbered source (S1 … S47) that module text and adaptation rules cite by number."""

    number = models.PositiveIntegerField(
        unique=True, help_text="The stable number cited in text: 20 is cited as S20."
    )
    citation = models.TextField(help_text="The full citation, as it appears in reference lists.")
    url = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text="An http, https or mailto link to the source, if it is online.",
    )

    panels = [FieldPanel("number"), FieldPanel("citation"), FieldPanel("url")]
    search_fields = [index.SearchField("citation"), index.FilterField("number")]

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.key} {self.citation[:80]}"

    @property
    def key(self) -> str:
        return f"S{self.number}"
