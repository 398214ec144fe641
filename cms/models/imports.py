from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportRecord(models.Model):
    """What the content importer last wrote to a page or a snippet.

    Kept outside the object (so not part of its revisions): the file it came from, a
    fingerprint of the parsed file, and the revision the import wrote. An object whose
    latest revision is not that one has been edited in the admin since, and the importer
    leaves it alone unless told ``--force``. Pages and snippets are told apart the same way.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    source_path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_import_record_per_object"
            )
        ]

    def __str__(self):
        return self.source_path

    @classmethod
    def key(cls, obj) -> dict:
        """The record's key for ``obj``: its base model (``Page`` for every page) and id."""
        return {"content_type": obj.get_base_content_type(), "object_id": str(obj.pk)}
