# One import record per page or snippet (by base content type and id) instead of per page.
# Records are derived data: a fresh import rebuilds them, so the table is replaced.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_clinical_review_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.DeleteModel(name="ImportRecord"),
        migrations.CreateModel(
            name="ImportRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(max_length=255)),
                ("source_path", models.CharField(max_length=500)),
                ("fingerprint", models.CharField(max_length=64)),
                ("imported_at", models.DateTimeField()),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
                ("revision", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision")),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("content_type", "object_id"), name="one_import_record_per_object")
                ],
            },
        ),
    ]
