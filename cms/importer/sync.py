"""Write parsed content into the CMS: by slug, through revisions, idempotently.

- A page that does not exist is created and published.
- A page whose file is unchanged since the last import (same fingerprint) and that nobody
  has edited since (its latest revision is the one the import published) is left alone: a
  second run writes no revisions.
- A page edited in the admin since the last import is reported and left as it is, unless
  ``force``: the admin's edit wins over the file.
- A bad file is reported with its path, line and field, and nothing from it is written.
Imports publish directly (an administrator's action), bypassing the clinical review
workflow that instructors' edits go through.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Workflow, WorkflowPage

from cms.accounts.roles import CLINICAL_REVIEW_WORKFLOW
from cms.assets import COURSE_IMAGES, collection
from cms.blocks import markdown_prep, vignette_sections
from cms.models import HomePage, ImportRecord
from courses.models import CourseIndexPage, CoursePage, ModulePage, Source

from .parser import (
    ContentFileError,
    ParsedCourse,
    ParsedModule,
    SourceEntry,
    parse_course,
    parse_sources,
)

CATALOGUE = {"slug": "courses", "title": "Courses"}


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
    if dataclasses.is_dataclass(data):
        data = dataclasses.asdict(data)
    data.pop("modules", None)
    data.pop("path", None)
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def content_import(*, root: Path, dry_run=False, force=False, user=None) -> ImportReport:
    """Import everything under ``root`` (the content/ folder). See the module docstring."""
    report = ImportReport()
    root = Path(root)
    problem = _folder_problem(root)
    if problem:
        report.errors.append(problem)
        return report
    try:
        sources = parse_sources(root / "sources.yaml", root)
    except ContentFileError as error:
        report.errors.extend(str(e) for e in error.errors)
        return report
    created_files: list[str] = []
    with transaction.atomic():
        source_pks = _sync_sources(sources, report)
        home = HomePage.objects.first()
        if home is None:
            report.errors.append("No home page: run the migrations first.")
            return report
        catalogue = _ensure_catalogue(home, report, user)
        for directory in sorted((root / "courses").iterdir()):
            if (directory / "course.md").is_file():
                _import_course(
                    directory, root, catalogue, source_pks, report, force, user, created_files
                )
        if (root / "rules").is_dir():
            from .library import library_import  # the quiz layer, after the pages it hangs on

            library_import(root=root, report=report, force=force, user=user)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:  # the rollback forgets the image rows, not their files
        for name in created_files:
            default_storage.delete(name)
    return report


def _folder_problem(root: Path) -> str | None:
    """Why ``root`` is not a content folder, in words (instead of a traceback)."""
    if not root.is_dir():
        return f"{root}: no such folder"
    if not (root / "sources.yaml").is_file():
        return f"{root}: no sources.yaml (the numbered source list every module cites)"
    if not (root / "courses").is_dir():
        return f"{root}: no courses/ folder"
    return None


def _import_course(directory, root, catalogue, source_pks, report, force, user, created_files):
    try:
        course, module_errors = parse_course(directory, set(source_pks), root)
    except ContentFileError as error:
        report.errors.extend(str(e) for e in error.errors)
        return
    report.errors.extend(str(e) for e in module_errors)
    refs = _Refs(sources=source_pks, images_dir=root / "images", created_files=created_files)
    with transaction.atomic():
        course_page = _sync_page(
            parent=catalogue,
            model=CoursePage,
            slug=course.slug,
            fields=_course_fields(course, refs),
            source_path=course.path,
            digest=fingerprint(course),
            report=report,
            force=force,
            user=user,
        )
    for module in course.modules:
        with transaction.atomic():
            _sync_page(
                parent=course_page,
                model=ModulePage,
                slug=module.slug,
                fields=_module_fields(module, refs),
                source_path=module.path,
                digest=fingerprint(module),
                report=report,
                force=force,
                user=user,
            )
    _order_modules(course_page, [m.slug for m in course.modules], report)


def _sync_sources(entries: list[SourceEntry], report: ImportReport) -> dict[int, int]:
    existing = {s.number: s for s in Source.objects.all()}
    created, updated = [], []
    for entry in entries:
        source = existing.get(entry.number)
        if source is None:
            existing[entry.number] = Source.objects.create(
                number=entry.number, citation=entry.citation, url=entry.url
            )
            created.append(f"S{entry.number}")
        elif (source.citation, source.url) != (entry.citation, entry.url):
            source.citation, source.url = entry.citation, entry.url
            source.save(update_fields=["citation", "url"])
            updated.append(f"S{entry.number}")
    for action, keys in (("created", created), ("updated", updated)):
        if keys:
            report.add(action, f"{len(keys)} source(s): {', '.join(keys)}")
    return {number: source.pk for number, source in existing.items()}


def _ensure_catalogue(home, report, user) -> CourseIndexPage:
    catalogue = CourseIndexPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = CourseIndexPage(
            **CATALOGUE,
            intro="Home-study courses for massage therapists and estheticians.",
            live=False,
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision(user=user, log_action=True).publish(user=user)
        report.add("created", f"catalogue page {catalogue.url}")
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW, active=True).first()
    if workflow and not WorkflowPage.objects.filter(page=catalogue).exists():
        WorkflowPage.objects.create(page=catalogue, workflow=workflow)
        report.add("assigned", f"workflow '{workflow.name}' to {catalogue.url}")
    return catalogue


def _sync_page(*, parent, model, slug, fields, source_path, digest, report, force, user):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    now = timezone.now()
    if page is None:
        taken = Page.objects.child_of(parent).filter(slug=slug).exists()
        if taken:
            report.errors.append(f"{source_path}: slug: '{slug}' is used by another kind of page")
            return None
        page = model(slug=slug, live=False, **fields)
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        ImportRecord.objects.create(
            page=page, source_path=source_path, fingerprint=digest, revision=revision,
            imported_at=now,
        )  # fmt: skip
        report.add("created", f"{source_path} -> {page.url}")
        return page

    record = ImportRecord.objects.filter(page=page).first()
    edited = record is None or page.latest_revision_id != record.revision_id
    if edited and not force:
        report.add("kept", f"{source_path}: edited in the admin since the last import "
                   "(use --force to overwrite)")  # fmt: skip
        return page
    if not edited and record.fingerprint == digest and page.live:
        report.add("unchanged", source_path)
        return page

    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    revision = draft.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    ImportRecord.objects.update_or_create(
        page=page,
        defaults={"source_path": source_path, "fingerprint": digest, "revision": revision,
                  "imported_at": now},
    )  # fmt: skip
    report.add("updated", f"{source_path} -> {page.url}")
    return page


def _order_modules(course_page, slugs: list[str], report) -> None:
    if course_page is None:
        return
    children = list(ModulePage.objects.child_of(course_page).order_by("path"))
    current = [c.slug for c in children if c.slug in slugs]
    wanted = [s for s in slugs if s in current]
    if current == wanted:
        return
    by_slug = {c.slug: c for c in children}
    for slug in wanted:
        by_slug[slug].refresh_from_db()
        by_slug[slug].move(course_page, pos="last-child")
    report.add("reordered", f"modules of {course_page.url}")


# -- fields ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Refs:
    """What blocks refer to by key in the files and by primary key in the database."""

    sources: dict[int, int]
    images_dir: Path
    created_files: list[str]  # image files written by this import (removed after a dry run)


def _block_id(path: str, index: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mantle-ce:{path}#{index}"))


def _objectives(items: list[str], path: str) -> list[dict]:
    return [
        {"type": "objective", "value": text, "id": _block_id(path + ":objective", i)}
        for i, text in enumerate(items)
    ]


def _prepare(blocks: list[dict], path: str, refs: _Refs) -> list[dict]:
    """Turn parsed blocks into stored StreamField data, rendering markdown once, here."""
    prepared = []
    for index, block in enumerate(blocks):
        kind, value = block["type"], dict(block["value"])
        if kind == "markdown":
            value = markdown_prep(value["markdown"])
        elif kind == "callout":
            value["body"] = markdown_prep(value["body"]["markdown"])
        elif kind == "case_study":
            facts = value["facts"]["facts"]
            value["facts"] = {**value["facts"], "vignette": vignette_sections(facts)}
            value["discussion"] = markdown_prep(value["discussion"]["markdown"])
        elif kind == "references":
            value = {
                "sources": [
                    {
                        "type": "item",
                        "value": refs.sources[n],
                        "id": _block_id(path, 1000 * index + i),
                    }
                    for i, n in enumerate(value["sources"])
                ]
            }
        elif kind == "image":
            value = {
                "image": _image_pk(refs, value["file"]),
                "alt_text": value["alt_text"],
                "caption": value["caption"],
            }
        prepared.append({"type": kind, "value": value, "id": _block_id(path, index)})
    return prepared


def _image_pk(refs: _Refs, file_name: str) -> int:
    """The Wagtail image for a content/images file, imported the first time it is used."""
    Image = get_image_model()
    title = f"content/images/{file_name}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        with (refs.images_dir / file_name).open("rb") as handle:
            image = Image(
                title=title,
                file=ImageFile(handle, name=Path(file_name).name),
                collection=collection(COURSE_IMAGES),
            )
            image.save()
            refs.created_files.append(image.file.name)
    return image.pk


def _course_fields(course: ParsedCourse, refs: _Refs) -> dict:
    return {
        "title": course.title,
        "approved_title": course.approved_title,
        "summary": course.summary,
        "overview": _prepare(course.overview, course.path, refs),
        "learning_objectives": _objectives(course.learning_objectives, course.path),
        "course_type": course.course_type,
        "ce_hours": course.ce_hours,
        "approval_board": course.approval_board,
        "approval_number": course.approval_number,
        "approved_from": course.approved_from,
        "approved_until": course.approved_until,
        "instructors": [
            {"type": "instructor", "value": i, "id": _block_id(course.path + ":instructor", n)}
            for n, i in enumerate(course.instructors)
        ],
        "prerequisites": course.prerequisites,
        "for_massage_therapists": course.for_massage_therapists,
        "for_estheticians": course.for_estheticians,
    }


def _module_fields(module: ParsedModule, refs: _Refs) -> dict:
    return {
        "title": module.title,
        "summary": module.summary,
        "learning_objectives": _objectives(module.learning_objectives, module.path),
        "estimated_minutes": module.estimated_minutes,
        "media_minutes": module.media_minutes,
        "body": _prepare(module.body, module.path, refs),
    }
