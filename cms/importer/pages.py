"""Write the numbered sources, the course catalogue, courses and modules.

Markdown is rendered (and sanitised) once, here, into the stored blocks; pages are written
through ``sync``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Workflow, WorkflowPage

from cms.accounts.roles import CLINICAL_REVIEW_WORKFLOW
from cms.assets import COURSE_IMAGES, collection
from cms.blocks import markdown_prep, vignette_sections
from courses.models import CourseIndexPage, CoursePage, ModulePage, Source

from .parser import ParsedCourse, ParsedModule, SourceEntry
from .sync import ImportReport, Target, block_id, fingerprint, sync_page

CATALOGUE = {
    "slug": "courses",
    "title": "Courses",
    "intro": "Home-study courses for massage therapists and estheticians.",
}


@dataclass(frozen=True)
class Refs:
    """What blocks refer to by key in the files and by primary key in the database."""

    sources: dict[int, int]
    images_dir: Path
    created_files: list[str]  # image files written by this import (removed after a dry run)


def sync_sources(entries: list[SourceEntry], report: ImportReport) -> dict[int, int]:
    """The numbered sources, by number; returns their primary keys by number."""
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


def ensure_catalogue(home, report: ImportReport, user) -> CourseIndexPage:
    """The catalogue page under the home page, under the clinical review workflow."""
    catalogue = CourseIndexPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = CourseIndexPage(**CATALOGUE, live=False)
        home.add_child(instance=catalogue)
        catalogue.save_revision(user=user, log_action=True).publish(user=user)
        report.add("created", f"catalogue page {catalogue.url}")
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW, active=True).first()
    if workflow and not WorkflowPage.objects.filter(page=catalogue).exists():
        WorkflowPage.objects.create(page=catalogue, workflow=workflow)
        report.add("assigned", f"workflow '{workflow.name}' to {catalogue.url}")
    return catalogue


def sync_course(course: ParsedCourse, catalogue, refs: Refs, report, force, user) -> None:
    """The course page, then each module page (each in its own transaction), in order."""

    def target(parsed, fields) -> Target:
        return Target(fields, parsed.path, fingerprint(parsed), report, force, user)

    with transaction.atomic():
        course_page = sync_page(
            parent=catalogue,
            model=CoursePage,
            slug=course.slug,
            target=target(course, _course_fields(course, refs)),
        )
    if course_page is None:
        return
    for module in course.modules:
        with transaction.atomic():
            sync_page(
                parent=course_page,
                model=ModulePage,
                slug=module.slug,
                target=target(module, _module_fields(module, refs)),
            )
    _order_modules(course_page, [m.slug for m in course.modules], report)


def _order_modules(course_page, slugs: list[str], report) -> None:
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


# -- fields ---------------------------------------------------------------------------------


def _objectives(items: list[str], path: str) -> list[dict]:
    return [
        {"type": "objective", "value": text, "id": block_id(path + ":objective", i)}
        for i, text in enumerate(items)
    ]


def _prepared(kind: str, value: dict, path: str, index: int, refs: Refs):
    """One parsed block's stored value: markdown rendered once, keys turned into ids."""
    if kind == "markdown":
        return markdown_prep(value["markdown"])
    if kind == "callout":
        return {**value, "body": markdown_prep(value["body"]["markdown"])}
    if kind == "case_study":
        facts = {**value["facts"], "vignette": vignette_sections(value["facts"]["facts"])}
        return {
            **value,
            "facts": facts,
            "discussion": markdown_prep(value["discussion"]["markdown"]),
        }
    if kind == "references":
        items = [
            {"type": "item", "value": refs.sources[n], "id": block_id(path, 1000 * index + i)}
            for i, n in enumerate(value["sources"])
        ]
        return {"sources": items}
    if kind == "image":
        image = _image_pk(refs, value["file"])
        return {"image": image, "alt_text": value["alt_text"], "caption": value["caption"]}
    return value


def _prepare(blocks: list[dict], path: str, refs: Refs) -> list[dict]:
    return [
        {
            "type": block["type"],
            "value": _prepared(block["type"], dict(block["value"]), path, index, refs),
            "id": block_id(path, index),
        }
        for index, block in enumerate(blocks)
    ]


def _image_pk(refs: Refs, file_name: str) -> int:
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


def _course_fields(course: ParsedCourse, refs: Refs) -> dict:
    instructors = [
        {"type": "instructor", "value": person, "id": block_id(course.path + ":instructor", n)}
        for n, person in enumerate(course.instructors)
    ]
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
        "instructors": instructors,
        "prerequisites": course.prerequisites,
        "for_massage_therapists": course.for_massage_therapists,
        "for_estheticians": course.for_estheticians,
    }


def _module_fields(module: ParsedModule, refs: Refs) -> dict:
    return {
        "title": module.title,
        "summary": module.summary,
        "learning_objectives": _objectives(module.learning_objectives, module.path),
        "estimated_minutes": module.estimated_minutes,
        "media_minutes": module.media_minutes,
        "body": _prepare(module.body, module.path, refs),
    }
