"""Instructors add and choose course images and documents, in the "Course images"
collection only; they no longer change them in place (a change on a live page goes through
clinical review). Provider material (the certificate signature) moves to "Provider
assets", where no group has any permission: administrators only."""

from django.db import migrations

COURSE_IMAGES = "Course images"
PROVIDER_ASSETS = "Provider assets"
INSTRUCTORS = "Instructors"
GRANTED = {
    ("wagtailimages", "image"): ["add_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "choose_document"],
}


def _child(Collection, root, name):
    found = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1, name=name)
    if found.exists():
        return found.first()
    children = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    step = int(last[-4:], 36) + 1 if last else 1
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    suffix = ""
    for _ in range(4):
        step, remainder = divmod(step, 36)
        suffix = digits[remainder] + suffix
    child = Collection.objects.create(
        name=name, path=root.path + suffix, depth=root.depth + 1, numchild=0
    )
    root.numchild = children.count()
    root.save(update_fields=["numchild"])
    return child


def restructure(apps, schema_editor):
    Collection = apps.get_model("wagtailcore.Collection")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    ProviderSettings = apps.get_model("courses.ProviderSettings")

    root = Collection.objects.get(depth=1)
    course_images = _child(Collection, root, COURSE_IMAGES)
    provider_assets = _child(Collection, root, PROVIDER_ASSETS)
    instructors = Group.objects.filter(name=INSTRUCTORS).first()
    if instructors:
        GroupCollectionPermission.objects.filter(
            group=instructors,
            permission__content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        ).delete()
        for (app_label, model), codenames in GRANTED.items():
            for codename in codenames:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission:
                    GroupCollectionPermission.objects.get_or_create(
                        group=instructors, collection=course_images, permission=permission
                    )
    for provider in ProviderSettings.objects.exclude(signature=None):
        image = provider.signature
        image.collection = provider_assets
        image.save(update_fields=["collection"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("courses", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(restructure, migrations.RunPython.noop)]
