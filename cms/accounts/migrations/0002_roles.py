"""Create the Learner and Instructor roles (groups) and the Instructors' permissions.

Permissions that Django would only create after all migrations (post_migrate) are created
here with get_or_create, as Wagtail's own data migrations do.
"""

from django.db import migrations

LEARNERS = "Learners"
INSTRUCTORS = "Instructors"

INSTRUCTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
INSTRUCTOR_COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ["add_image", "change_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "change_document", "choose_document"],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb, _, noun = codename.partition("_")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {verb} {noun}"}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    Group.objects.get_or_create(name=LEARNERS)
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    instructors.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))

    root_page = Page.objects.get(depth=1)
    for codename in INSTRUCTOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=instructors,
            page=root_page,
            permission=_permission(apps, "wagtailcore", "page", codename),
        )

    root_collection = Collection.objects.get(depth=1)
    for (app_label, model), codenames in INSTRUCTOR_COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=instructors,
                collection=root_collection,
                permission=_permission(apps, app_label, model, codename),
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[LEARNERS, INSTRUCTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        # after Wagtail's own permission data migrations, which would otherwise collide
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("cms", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
