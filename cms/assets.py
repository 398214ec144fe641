"""Where images and documents live, and who may change them.

- **Course images**: what instructors upload for modules. They may add images there and
  choose them, never replace or delete one: a change to an image on a live page goes through
  clinical review like any other change (upload a new image, edit the page, submit).
- **Provider assets**: the certificate signature and other provider material. No group has
  any permission on it: administrators (superusers) only.

``ReviewedImagePolicy`` enforces the first point for the images that live pages use, even
for an image its uploader owns (Wagtail's ownership rule would otherwise let the uploader
replace it in place).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

COURSE_IMAGES = "Course images"
PROVIDER_ASSETS = "Provider assets"


def collection(name: str) -> Collection:
    """The named collection under the root, created the first time it is needed."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=name).first()
    return found or root.add_child(name=name)


def used_on_a_live_page(obj) -> bool:
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).exists()


class ReviewedImagePolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image policy, except that only administrators change or delete an image a
    live page shows."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if (
            {"change", "delete"} & set(actions)
            and not (user.is_active and user.is_superuser)
            and used_on_a_live_page(instance)
        ):
            actions = [a for a in actions if a not in ("change", "delete")]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)
