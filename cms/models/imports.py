from django.db import models


class ImportRecord(models.Model):
    """What the content importer last wrote to a page.

    Kept outside the page (so not part of its revisions): the file it came from, a
    fingerprint of the parsed file, and the revision the import published. A page whose
    latest revision is not that one has been edited in the admin since, and the importer
    leaves it alone unless told ``--force``.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="import_record"
    )
    source_path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()

    def __str__(self):
        return self.source_path
