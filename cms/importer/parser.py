"""Parse content/ files into plain objects. No database access.

A bad file raises ``ContentFileError`` with every problem found, each naming the file, the
line and the field, so the importer can report it and write nothing from that file.

Front matter is split and parsed here rather than with python-frontmatter because the error
messages need the line of each key, which that library does not keep.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from cms.validators import validate_link
from quizzes.engine.facts import FactsError, validate_facts

COURSE_TYPES = ("home_study", "live", "webinar")
PROFESSIONS = ("massage_therapist", "esthetician")
CALLOUT_KINDS = ("caution", "contraindication", "tip", "evidence")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
H2 = re.compile(r"^##(?!#)\s+(?P<text>.+?)(?:\s*\{#(?P<anchor>[^}]*)\})?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
SOURCE_ID = re.compile(r"^S(\d+)$")


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentFileError(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class SourceEntry:
    number: int
    citation: str
    url: str = ""


@dataclass
class ParsedModule:
    path: str
    slug: str
    title: str
    order: int
    estimated_minutes: int
    media_minutes: int
    summary: str
    learning_objectives: list[str]
    body: list[dict]


@dataclass
class ParsedCourse:
    path: str
    slug: str
    title: str
    approved_title: str
    summary: str
    course_type: str
    ce_hours: Decimal
    approval_board: str
    approval_number: str
    approved_from: datetime.date | None
    approved_until: datetime.date | None
    instructors: list[dict]
    prerequisites: str
    for_massage_therapists: bool
    for_estheticians: bool
    learning_objectives: list[str]
    overview: list[dict]
    modules: list[ParsedModule] = field(default_factory=list)


class _File:
    """Error collection for one file, with the line of each front-matter key."""

    def __init__(self, path: Path, display: str):
        self.path = path
        self.display = display
        self.errors: list[ContentError] = []
        self.key_lines: dict[str, int] = {}

    def error(self, line: int, field_name: str, message: str) -> None:
        self.errors.append(ContentError(self.display, line, field_name, message))

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentFileError(self.errors)


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(Path(root.name) / path.relative_to(root))
        except ValueError:
            pass
    return str(path)


def _key_lines(text: str, offset: int) -> dict[str, int]:
    """Line numbers of mapping keys (dotted for nested mappings) in a YAML document."""
    lines: dict[str, int] = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}{key.value}"
                lines[name] = key.start_mark.line + offset
                walk(value, name + ".")

    with contextlib.suppress(yaml.YAMLError):
        walk(yaml.compose(text, Loader=yaml.SafeLoader), "")
    return lines


def _read(path: Path, file: _File) -> str:
    """The file's text; a file that is not UTF-8, or cannot be read, is reported (and
    refused) instead of raising."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        file.error(1, "file", f"is not UTF-8 text (byte {error.start}); save it as UTF-8")
    except OSError as error:
        file.error(1, "file", f"cannot be read: {error.strerror}")
    file.raise_if_errors()
    return ""


def _load_yaml(text: str, file: _File, line_offset: int, what: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = line_offset + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or "could not be parsed"
        file.error(line, what, f"invalid YAML: {problem}")
        return None


def split_front_matter(text: str, file: _File) -> tuple[dict, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        file.error(1, "front matter", "the file must start with a '---' line")
        return {}, text, 1
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        file.error(1, "front matter", "no closing '---' line")
        return {}, "", len(lines)
    meta_text = "\n".join(lines[1:end])
    file.key_lines = _key_lines(meta_text, offset=2)
    meta = _load_yaml(meta_text, file, 2, "front matter")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        file.error(2, "front matter", "must be a mapping of fields")
        meta = {}
    return meta, "\n".join(lines[end + 1 :]), end + 2


# -- field checks ----------------------------------------------------------------------


def _text(meta, key, file, *, required=True, max_length=None) -> str:
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            file.error(file.line_of(key), key, "is required")
        return ""
    if not isinstance(value, str):
        file.error(file.line_of(key), key, "must be text")
        return ""
    if max_length and len(value) > max_length:
        file.error(file.line_of(key), key, f"is longer than {max_length} characters")
    return value.strip()


def _whole(meta, key, file, *, required=True, minimum=1, default=0) -> int:
    value = meta.get(key)
    if value is None:
        if required:
            file.error(file.line_of(key), key, "is required")
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive whole number" if minimum >= 1 else "a whole number, 0 or more"
        file.error(file.line_of(key), key, f"must be {kind}")
        return default
    return value


def _text_list(meta, key, file, *, required=True) -> list[str]:
    value = meta.get(key)
    if value is None:
        if required:
            file.error(file.line_of(key), key, "is required (a list)")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        file.error(file.line_of(key), key, "must be a list of non-empty texts")
        return []
    return [v.strip() for v in value]


def _slug(meta, file) -> str:
    slug = _text(meta, "slug", file)
    if slug and not SLUG.match(slug):
        file.error(file.line_of("slug"), "slug", "use lowercase letters, digits and hyphens")
    return slug


def _unknown_keys(meta, allowed, file) -> None:
    for key in meta:
        if key not in allowed:
            file.error(file.line_of(str(key)), str(key), "unknown field")


# -- body ------------------------------------------------------------------------------


def _markdown_block(text: str) -> dict:
    return {"type": "markdown", "value": {"markdown": text}}


def parse_body(body: str, first_line: int, file: _File, source_numbers: set[int]) -> list[dict]:
    """Cut a markdown body into StreamField blocks (see content/README.md)."""
    lines = body.split("\n")
    blocks: list[dict] = []
    buffer: list[str] = []
    anchors: dict[str, int] = {}

    def flush():
        text = "\n".join(buffer).strip("\n")
        if text.strip():
            blocks.append(_markdown_block(text))
        buffer.clear()

    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        number = first_line + i
        if FENCE.match(line):
            in_fence = not in_fence
            buffer.append(line)
        elif in_fence:
            buffer.append(line)
        elif match := H2.match(line):
            flush()
            text = match.group("text").strip()
            anchor = (match.group("anchor") or "").lstrip("#").strip() or slugify(text)
            if not SLUG.match(anchor):
                file.error(number, "heading id", f"'{anchor}' must be lowercase letters, digits "
                           "and hyphens")  # fmt: skip
            elif anchor in anchors:
                file.error(number, "heading id", f"'{anchor}' is already used on line "
                           f"{anchors[anchor]}")  # fmt: skip
            anchors[anchor] = number
            blocks.append({"type": "heading", "value": {"text": text, "anchor": anchor}})
        elif line.startswith(":::"):
            flush()
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(":::")), None)
            if end is None or lines[end].strip() != ":::":
                file.error(number, "block", f"'{line.strip()}' is never closed by a ':::' line")
                if end is None:
                    break
                i = end
                continue
            block = _directive(line[3:].strip(), lines[i + 1 : end], number, file, source_numbers)
            if block:
                blocks.append(block)
            i = end
        else:
            buffer.append(line)
        i += 1
    if in_fence:
        file.error(first_line + len(lines) - 1, "code block", "a ``` fence is never closed")
    flush()
    return blocks


def _directive(header, inner, line, file, source_numbers) -> dict | None:
    kind, _, title = header.partition(" ")
    title = title.strip()
    text = "\n".join(inner)
    if kind in CALLOUT_KINDS:
        if not title:
            file.error(line, f"{kind} title", "a callout needs a title after its kind")
        if not text.strip():
            file.error(line, f"{kind} body", "a callout needs some text")
        return {"type": "callout", "value": {"kind": kind, "title": title,
                                             "body": {"markdown": text.strip()}}}  # fmt: skip
    if kind == "case":
        return _case(title, text, line, file)
    if kind == "references":
        return _references(text, line, file, source_numbers)
    if kind == "image":
        return _image(text, line, file)
    file.error(line, "block", f"unknown block kind '{kind}'; expected one of "
               f"{', '.join((*CALLOUT_KINDS, 'case', 'references', 'image'))}")  # fmt: skip
    return None


def _case(title, text, line, file) -> dict | None:
    if not title:
        file.error(line, "case title", "a case needs a title after ':::case'")
    data = _load_yaml(text, file, line + 1, "case")
    if data is None:
        return None
    if not isinstance(data, dict):
        file.error(line + 1, "case", "must be a mapping with intro, facts and discussion")
        return None
    keys = _key_lines(text, offset=line + 1)
    for key in data:
        if key not in ("intro", "facts", "discussion"):
            file.error(keys.get(str(key), line), f"case.{key}", "unknown field")
    facts = data.get("facts")
    if not isinstance(facts, dict) or not facts:
        file.error(keys.get("facts", line), "case.facts", "is required (a mapping of facts)")
        facts = {}
    else:
        try:
            validate_facts(facts)
        except FactsError as error:
            for path, message in error.errors:
                fact_line = keys.get("facts." + path.split("[")[0], keys.get("facts", line))
                file.error(fact_line, f"case.facts.{path}", message)
    discussion = data.get("discussion")
    if not isinstance(discussion, str) or not discussion.strip():
        file.error(keys.get("discussion", line), "case.discussion", "is required (markdown)")
        discussion = ""
    intro = data.get("intro") or ""
    if not isinstance(intro, str):
        file.error(keys.get("intro", line), "case.intro", "must be text")
        intro = ""
    facts_yaml = yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=100)
    return {
        "type": "case_study",
        "value": {
            "title": title,
            "intro": intro.strip(),
            "facts": {"yaml": facts_yaml, "facts": facts},
            "discussion": {"markdown": discussion.strip()},
        },
    }


def _references(text, line, file, source_numbers) -> dict | None:
    data = _load_yaml(text, file, line + 1, "references")
    if not isinstance(data, list) or not data:
        file.error(line + 1, "references",
                   "must be a non-empty YAML list of source ids like [S3, S20]")  # fmt: skip
        return None
    numbers = []
    for item in data:
        match = SOURCE_ID.match(str(item))
        if not match:
            file.error(line + 1, "references", f"'{item}' is not a source id like S20")
        elif int(match.group(1)) not in source_numbers:
            file.error(line + 1, "references", f"{item} is not in content/sources.yaml")
        else:
            numbers.append(int(match.group(1)))
    return {"type": "references", "value": {"sources": numbers}}


def _image(text, line, file) -> dict | None:
    data = _load_yaml(text, file, line + 1, "image")
    if not isinstance(data, dict):
        file.error(line, "image", "must be a mapping with file, alt and caption")
        return None
    images = (file.path.parents[2] / "images").resolve()
    image_path = (images / str(data.get("file", ""))).resolve()
    if not image_path.is_relative_to(images):
        file.error(line, "image.file", "must be a file inside content/images/")
    elif not data.get("file") or not image_path.is_file():
        file.error(line, "image.file", f"no image at content/images/{data.get('file', '')}")
    if not str(data.get("alt") or "").strip():
        file.error(line, "image.alt", "alternative text is required")
    return {
        "type": "image",
        "value": {
            "file": str(data.get("file", "")),
            "alt_text": str(data.get("alt") or "").strip(),
            "caption": str(data.get("caption") or "").strip(),
        },
    }


# -- files -----------------------------------------------------------------------------

COURSE_KEYS = {
    "title", "slug", "summary", "course_type", "ce_hours", "approval", "instructors",
    "prerequisites", "target_professions", "learning_objectives", "approved_title",
}  # fmt: skip
MODULE_KEYS = {
    "title", "slug", "order", "estimated_minutes", "media_minutes", "learning_objectives",
    "summary",
}  # fmt: skip


def _item_lines(text: str, key: str) -> dict[int, int]:
    """The 1-based line of each item of the top-level list ``key``."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    for name, value in getattr(root, "value", ()):
        if getattr(name, "value", None) == key and isinstance(value, yaml.SequenceNode):
            return {i: node.start_mark.line + 1 for i, node in enumerate(value.value)}
    return {}


def parse_sources(path: Path, root: Path | None = None) -> list[SourceEntry]:
    file = _File(path, _display(path, root))
    text = _read(path, file)
    file.key_lines = _key_lines(text, offset=1)
    data = _load_yaml(text, file, 1, "sources")
    file.raise_if_errors()
    entries, seen = [], set()
    items = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(items, list):
        file.error(1, "sources", "must be a list under 'sources:'")
        file.raise_if_errors()
    lines = _item_lines(text, "sources")
    for index, item in enumerate(items):
        where, line = f"sources[{index}]", lines.get(index, 1)
        if not isinstance(item, dict):
            file.error(line, where, "must be a mapping with number, citation and url")
            continue
        number, citation = item.get("number"), item.get("citation")
        if not isinstance(number, int) or number < 1:
            file.error(line, f"{where}.number", "must be a positive whole number")
        elif number in seen:
            file.error(line, f"{where}.number", f"S{number} appears twice")
        if not isinstance(citation, str) or not citation.strip():
            file.error(line, f"{where}.citation", "is required")
        try:
            validate_link(str(item.get("url") or ""))
        except ValidationError as error:
            file.error(line, f"{where}.url", error.messages[0])
        if isinstance(number, int) and isinstance(citation, str):
            seen.add(number)
            entries.append(SourceEntry(number, citation.strip(), str(item.get("url") or "")))
    file.raise_if_errors()
    return entries


def parse_module(path: Path, source_numbers: set[int], root: Path | None = None) -> ParsedModule:
    file = _File(path, _display(path, root))
    meta, body, body_line = split_front_matter(_read(path, file), file)
    _unknown_keys(meta, MODULE_KEYS, file)
    module = ParsedModule(
        path=file.display,
        slug=_slug(meta, file),
        title=_text(meta, "title", file, max_length=255),
        order=_whole(meta, "order", file),
        estimated_minutes=_whole(meta, "estimated_minutes", file),
        media_minutes=_whole(meta, "media_minutes", file, required=False, minimum=0),
        summary=_text(meta, "summary", file, required=False),
        learning_objectives=_text_list(meta, "learning_objectives", file, required=False),
        body=parse_body(body, body_line, file, source_numbers),
    )
    if not any(b["type"] != "references" for b in module.body):
        file.error(body_line, "body", "the module has no text")
    file.raise_if_errors()
    return module


def _approval(meta, file) -> tuple[str, str, datetime.date | None, datetime.date | None]:
    approval = meta.get("approval") or {}
    if not isinstance(approval, dict):
        file.error(file.line_of("approval"), "approval", "must be a mapping")
        return "", "", None, None
    for key in approval:
        if key not in ("board", "approval_number", "approved_from", "approved_until"):
            file.error(file.line_of(f"approval.{key}"), f"approval.{key}", "unknown field")
    dates = []
    for key in ("approved_from", "approved_until"):
        value = approval.get(key)
        if value is not None and not isinstance(value, datetime.date):
            file.error(file.line_of(f"approval.{key}"), f"approval.{key}",
                       "must be a date written YYYY-MM-DD")  # fmt: skip
            value = None
        dates.append(value)
    if dates[0] and dates[1] and dates[1] < dates[0]:
        file.error(file.line_of("approval.approved_until"), "approval.approved_until",
                   "is before approved_from")  # fmt: skip
    board = str(approval.get("board") or "").strip()
    number = str(approval.get("approval_number") or "").strip()
    return board, number, dates[0], dates[1]


def _instructors(meta, file) -> list[dict]:
    value = meta.get("instructors") or []
    if not isinstance(value, list):
        file.error(file.line_of("instructors"), "instructors", "must be a list")
        return []
    result = []
    for item in value:
        if isinstance(item, str) and item.strip():
            name, _, credentials = item.partition(",")
            result.append({"name": name.strip(), "credentials": credentials.strip()})
        else:
            file.error(file.line_of("instructors"), "instructors", "each entry must be text")
    return result


def parse_course(directory: Path, source_numbers: set[int], root: Path | None = None):
    """Parse a course folder. Returns (course or None, errors of files that were left out)."""
    path = directory / "course.md"
    file = _File(path, _display(path, root))
    meta, body, body_line = split_front_matter(_read(path, file), file)
    _unknown_keys(meta, COURSE_KEYS, file)
    course_type = _text(meta, "course_type", file)
    if course_type and course_type not in COURSE_TYPES:
        file.error(file.line_of("course_type"), "course_type",
                   f"must be one of {', '.join(COURSE_TYPES)}")  # fmt: skip
    ce_hours = Decimal(0)
    try:
        ce_hours = Decimal(str(meta.get("ce_hours")))
        if not (Decimal("0.25") <= ce_hours <= Decimal(200)) or ce_hours != round(ce_hours, 2):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        file.error(file.line_of("ce_hours"), "ce_hours",
                   "must be a number of hours between 0.25 and 200, e.g. 6.0")  # fmt: skip
    professions = _text_list(meta, "target_professions", file)
    for profession in professions:
        if profession not in PROFESSIONS:
            file.error(file.line_of("target_professions"), "target_professions",
                       f"'{profession}' is not one of {', '.join(PROFESSIONS)}")  # fmt: skip
    title = _text(meta, "title", file, max_length=255)
    board, number, approved_from, approved_until = _approval(meta, file)
    course = ParsedCourse(
        path=file.display,
        slug=_slug(meta, file),
        title=title,
        approved_title=_text(meta, "approved_title", file, required=False) or title,
        summary=_text(meta, "summary", file, max_length=800),
        course_type=course_type,
        ce_hours=ce_hours,
        approval_board=board,
        approval_number=number,
        approved_from=approved_from,
        approved_until=approved_until,
        instructors=_instructors(meta, file),
        prerequisites=_text(meta, "prerequisites", file, required=False),
        for_massage_therapists="massage_therapist" in professions,
        for_estheticians="esthetician" in professions,
        learning_objectives=_text_list(meta, "learning_objectives", file),
        overview=parse_body(body, body_line, file, source_numbers),
    )
    file.raise_if_errors()

    errors: list[ContentError] = []
    slugs: dict[str, str] = {}
    orders: dict[int, str] = {}
    for module_path in sorted(directory.glob("[0-9]*.md")):
        try:
            module = parse_module(module_path, source_numbers, root)
        except ContentFileError as error:
            errors.extend(error.errors)
            continue
        clash = slugs.get(module.slug) or orders.get(module.order)
        if clash:
            what = "slug" if module.slug in slugs else "order"
            errors.append(ContentError(module.path, 1, what, f"is the same as in {clash}"))
            continue
        slugs[module.slug] = orders[module.order] = module.path
        course.modules.append(module)
    course.modules.sort(key=lambda m: m.order)
    return course, errors
