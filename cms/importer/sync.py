"""Write parsed content into the CMS: by stable key, through revisions, idempotently.

The one way content reaches the database, for pages and snippets alike:
- An object that does not exist is created (a page is also published).
- An object whose file is unchanged since the last import (same fingerprint) and that
  nobody has edited since (its latest revision is the one the import wrote) is left alone:
  a second run writes no revisions.
- An object edited in the admin since the last import is reported and left as it is,
  unless ``force``: the admin's edit wins over the file.
``ImportRecord`` keeps, per object, the file, its fingerprint and the revision written.
Imports publish what they write (a live revision), pages and the quiz library's snippets
alike: an administrator's action, bypassing the clinical review workflow that instructors'
edits go through. An object with a draft not yet published, a change in clinical review or
a lock counts as edited in the admin: kept unless ``force`` (a forced import publishes over
it, which cancels the review in progress).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page

from cms.models import ImportRecord


@dataclass
class ImportReport:
    actions: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, action: str, what: str) -> None:
        self.actions.append((action, what))

    def count(self, action: str) -> int:
        return sum(1 for a, _ in self.actions if a == action)

    @property
    def ok(self) -> bool:
        return not self.errors


def fingerprint(data) -> str:
    """A digest of what a file says (a parsed dataclass or plain data)."""
    if dataclasses.is_dataclass(data):
        data = dataclasses.asdict(data)
    data = {key: value for key, value in data.items() if key not in ("modules", "path")}
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def block_id(path: str, index: int) -> str:
    """A StreamField block id that stays the same from one import to the next."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mantle-ce:{path}#{index}"))


@dataclass(frozen=True)
class Target:
    """What one import writes to one object: its fields, from which file, with which
    fingerprint, by whom, and whether an admin's edit may be overwritten."""

    fields: dict
    source_path: str
    digest: str
    report: ImportReport
    force: bool = False
    user: object = None


def pending_work(obj) -> str:
    """Why ``obj`` has work in the admin that an import must not overwrite ("" if none): a
    change in clinical review, a draft not yet published, or a lock."""
    if getattr(obj, "workflow_in_progress", False):
        return "a change is in clinical review"
    if getattr(obj, "has_unpublished_changes", False):
        return "a draft is not yet published"
    if getattr(obj, "locked", False):
        return "it is locked for editing"
    return ""


def _state(obj, target: Target) -> str:
    """``new``, ``edited`` (since the last import, or with a draft, a review in progress or
    a lock; and not forced), ``unchanged`` or ``stale`` (the file changed)."""
    if obj is None:
        return "new"
    record = ImportRecord.objects.filter(**ImportRecord.key(obj)).first()
    edited = (
        record is None or obj.latest_revision_id != record.revision_id or bool(pending_work(obj))
    )
    if edited and not target.force:
        return "edited"
    if not edited and record.fingerprint == target.digest and getattr(obj, "live", True):
        return "unchanged"
    return "stale"


def _record(obj, revision, target: Target) -> None:
    ImportRecord.objects.update_or_create(
        **ImportRecord.key(obj),
        defaults={
            "source_path": target.source_path,
            "fingerprint": target.digest,
            "revision": revision,
            "imported_at": timezone.now(),
        },
    )


def _kept(target: Target, what: str, obj=None) -> None:
    why = pending_work(obj) if obj is not None else ""
    because = f" ({why})" if why else ""
    message = (
        f"{what}: edited in the admin since the last import{because} (use --force to overwrite)"
    )
    target.report.add("kept", message)


def sync_page(*, parent, model, slug: str, target: Target):
    """Create, update or keep the ``model`` page ``slug`` under ``parent``; None if the slug
    is taken by another kind of page."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    state = _state(page, target)
    if state == "new":
        if Page.objects.child_of(parent).filter(slug=slug).exists():
            message = f"{target.source_path}: slug: '{slug}' is used by another kind of page"
            target.report.errors.append(message)
            return None
        page = model(slug=slug, live=False, **target.fields)
        parent.add_child(instance=page)
    elif state == "edited":
        _kept(target, target.source_path, page)
        return page
    elif state == "unchanged":
        target.report.add("unchanged", target.source_path)
        return page
    else:
        page = page.get_latest_revision_as_object()
        for name, value in target.fields.items():
            setattr(page, name, value)
    revision = page.save_revision(user=target.user, log_action=True)
    revision.publish(user=target.user)
    _record(page, revision, target)
    action = "created" if state == "new" else "updated"
    target.report.add(action, f"{target.source_path} -> {page.url}")
    return page


def sync_snippet(*, model, key: dict, target: Target, what: str, then: Callable | None = None):
    """Create, update or keep the ``model`` snippet found by ``key``, and publish what it
    writes. ``then(obj)`` writes what the fields cannot (child rows) before the revision is
    taken."""
    obj = model.objects.filter(**key).first()
    state = _state(obj, target)
    if state == "edited":
        _kept(target, what, obj)
        return obj
    if state == "unchanged":
        return obj
    obj = obj or model(**key)
    for name, value in target.fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    if then is not None:
        then(obj)
    revision = obj.save_revision(user=target.user, log_action=True, clean=False)
    if hasattr(obj, "live_revision_id"):  # DraftStateMixin: the written revision goes live
        revision.publish(user=target.user, skip_permission_checks=True)
        obj.refresh_from_db()
    _record(obj, revision, target)
    target.report.add("created" if state == "new" else "updated", what)
    return obj
