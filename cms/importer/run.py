"""Import the content/ folder: parse every file, then write what parsed cleanly.

Sources first (modules cite them), then the catalogue, each course with its modules, then
the quiz library (rules, cases, questions, quiz pages), which hangs on the module pages.
A file with problems is reported (``file:line: field: message``) and nothing from it is
written; the rest of the folder is imported. ``dry_run`` rolls everything back.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction

from cms.models import HomePage

from .library import sync_library
from .pages import Refs, ensure_catalogue, sync_course, sync_sources
from .parser import ContentFileError, parse_course, parse_library, parse_sources
from .sync import ImportReport


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
        home = HomePage.objects.first()
        if home is None:
            report.errors.append("No home page: run the migrations first.")
            return report
        refs = Refs(sync_sources(sources, report), root / "images", created_files)
        catalogue = ensure_catalogue(home, report, user)
        for directory in sorted((root / "courses").iterdir()):
            if (directory / "course.md").is_file():
                try:
                    course, module_errors = parse_course(directory, set(refs.sources), root)
                except ContentFileError as error:
                    report.errors.extend(str(e) for e in error.errors)
                    continue
                report.errors.extend(str(e) for e in module_errors)
                sync_course(course, catalogue, refs, report, force, user)
        library = parse_library(root)
        report.errors.extend(str(e) for e in library.errors)
        sync_library(library, report, force, user)
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
