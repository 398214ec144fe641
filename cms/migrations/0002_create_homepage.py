"""Replace Wagtail's placeholder "Welcome" page with the Mantle CE home page."""

from django.db import migrations

HOME_BODY = (
    "<h2>What you will find here</h2>"
    "<p>Home-study courses on oncology massage adaptations, acid-mantle skin care and "
    "lymphatic precautions, written by and for practising therapists.</p>"
    "<ul><li>Modules you can read at your own pace, with worked client cases.</li>"
    "<li>Case-based quizzes: propose a session plan and get feedback on every adaptation "
    "rule it meets or misses, with the reasoning behind it.</li>"
    "<li>Completion certificates with CE hours, verifiable online.</li></ul>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    # Deleting the placeholder also deletes the default Site that points at it.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    homepage = HomePage.objects.create(
        title="Mantle CE",
        draft_title="Mantle CE",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=Locale.objects.order_by("pk").values_list("pk", flat=True).first(),
        lead=(
            "Continuing education for massage therapists and estheticians who work with "
            "people in and after cancer treatment."
        ),
        body=HOME_BODY,
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=homepage, is_default_site=True,
        site_name="Mantle CE",
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
