"""Parse content/ files into plain, validated objects. No database access.

Every file is read once by ``loader`` (text, front matter, YAML with the line of every
value), checked against its shape in ``schema`` (pydantic), and then, for rules and case
facts, by the engine. A bad file gives ``ContentError`` values naming the file, the line
and the field, and nothing from it is used.

- ``parse_sources``, ``parse_course`` and ``parse_module``: the numbered sources, course
  and module pages (markdown bodies cut into StreamField blocks).
- ``parse_library``: rules, then cases checked against the rules, then quizzes checked
  against both.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils.text import slugify

from quizzes.engine.facts import FactsError, validate_facts
from quizzes.engine.grader import grade
from quizzes.engine.plan import PlanError
from quizzes.engine.rules import RuleError, RuleSet, load_rule
from quizzes.engine.vocabulary import REQUIREMENT_SECTION

from .body import Piece, cut
from .loader import ContentError, ContentFileError, Mapping, SourceFile, line_of, plain
from .schema import (
    CaseBlock,
    CaseFile,
    CourseMeta,
    ImageBlock,
    ModuleMeta,
    QuizFile,
    SourceEntry,
    SourcesFile,
    validate,
)

CALLOUT_KINDS = ("caution", "contraindication", "tip", "evidence")
BLOCK_KINDS = (*CALLOUT_KINDS, "case", "references", "image")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_ID = re.compile(r"^S(\d+)$")
PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

__all__ = [
    "ContentError",
    "ContentFileError",
    "Library",
    "ParsedCourse",
    "ParsedModule",
    "ParsedQuiz",
    "SourceEntry",
    "parse_course",
    "parse_library",
    "parse_module",
    "parse_sources",
]


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


def _location(path: str) -> tuple:
    """An engine's error path (``labs.platelets``, ``regions[2]``) as a location."""
    return tuple(int(index) if index else name for name, index in PATH_STEP.findall(path))


# -- sources ----------------------------------------------------------------------------


def parse_sources(path: Path, root: Path | None = None) -> list[SourceEntry]:
    file = SourceFile.at(path, root)
    data = file.yaml(file.text())
    file.raise_if_errors()
    parsed = validate(SourcesFile, data, file)
    seen: set[int] = set()
    for index, entry in enumerate(parsed.sources if parsed else []):
        if entry.number in seen:
            line = line_of(data, ("sources", index, "number"))
            file.error(line, f"sources[{index}].number", f"S{entry.number} appears twice")
        seen.add(entry.number)
    file.raise_if_errors()
    return list(parsed.sources)


# -- module bodies ----------------------------------------------------------------------


def parse_body(
    body: str, first_line: int, file: SourceFile, source_numbers: set[int]
) -> list[dict]:
    """A markdown body as StreamField blocks (see content/README.md): ``body.cut`` finds the
    pieces, this gives each its meaning."""
    pieces, problems = cut(body, first_line)
    for problem in problems:
        file.error(problem.line, problem.field, problem.message)
    blocks: list[dict] = []
    anchors: dict[str, int] = {}
    for piece in pieces:
        if piece.kind == "markdown":
            blocks.append({"type": "markdown", "value": {"markdown": piece.text}})
        elif piece.kind == "heading":
            blocks.append(_heading(piece, anchors, file))
        elif block := _directive(piece, file, source_numbers):
            blocks.append(block)
    return blocks


def _heading(piece: Piece, anchors: dict[str, int], file: SourceFile) -> dict:
    text, line = piece.text.strip(), piece.line
    anchor = piece.anchor or slugify(text)
    if not SLUG.match(anchor):
        file.error(line, "heading id", f"'{anchor}' must be lowercase letters, digits and hyphens")
    elif anchor in anchors:
        file.error(line, "heading id", f"'{anchor}' is already used on line {anchors[anchor]}")
    anchors[anchor] = line
    return {"type": "heading", "value": {"text": text, "anchor": anchor}}


def _directive(piece: Piece, file: SourceFile, source_numbers: set[int]) -> dict | None:
    kind, title, text, line = piece.name, piece.title, piece.text, piece.line
    if kind in CALLOUT_KINDS:
        if not title:
            file.error(line, f"{kind} title", "a callout needs a title after its kind")
        if not text.strip():
            file.error(line, f"{kind} body", "a callout needs some text")
        body = {"markdown": text.strip()}
        return {"type": "callout", "value": {"kind": kind, "title": title, "body": body}}
    if kind == "case":
        return _case(title, text, line, file)
    if kind == "references":
        return _references(text, line, file, source_numbers)
    if kind == "image":
        return _image(text, line, file)
    expected = ", ".join(BLOCK_KINDS)
    file.error(line, "block", f"unknown block kind '{kind}'; expected one of {expected}")
    return None


def _facts_problems(facts: dict, file: SourceFile, prefix: str) -> None:
    """The engine's verdict on case facts, each problem on the line of its fact."""
    try:
        validate_facts(facts)
    except FactsError as error:
        for path, message in error.errors:
            file.error(line_of(facts, _location(path)), f"{prefix}.{path}", message)


def _case(title, text, line, file) -> dict | None:
    if not title:
        file.error(line, "case title", "a case needs a title after ':::case'")
    data = file.yaml(text, line + 1, "case")
    if data is None:
        return None
    case = validate(CaseBlock, data, file, prefix=("case",))
    if case is None:
        return None
    _facts_problems(data["facts"], file, "case.facts")  # the file's mapping knows its lines
    facts = plain(case.facts)
    facts_yaml = yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=100)
    return {
        "type": "case_study",
        "value": {
            "title": title,
            "intro": case.intro,
            "facts": {"yaml": facts_yaml, "facts": facts},
            "discussion": {"markdown": case.discussion},
        },
    }


def _references(text, line, file, source_numbers) -> dict | None:
    data = file.yaml(text, line + 1, "references")
    if not isinstance(data, list) or not data:
        message = "must be a non-empty YAML list of source ids like [S3, S20]"
        file.error(line + 1, "references", message)
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
    data = file.yaml(text, line + 1, "image")
    image = validate(ImageBlock, data, file, prefix=("image",))
    if image is None:
        return None
    images = (file.path.parents[2] / "images").resolve()
    image_path = (images / image.file).resolve()
    if not image_path.is_relative_to(images):
        file.error(line, "image.file", "must be a file inside content/images/")
    elif not image_path.is_file():
        file.error(line, "image.file", f"no image at content/images/{image.file}")
    return {
        "type": "image",
        "value": {"file": image.file, "alt_text": image.alt, "caption": image.caption},
    }


# -- courses and modules ----------------------------------------------------------------


def _markdown_file(path: Path, root: Path | None) -> tuple[SourceFile, Mapping, str, int]:
    file = SourceFile.at(path, root)
    meta, body, body_line = file.front_matter(file.text())
    return file, meta, body, body_line


def parse_module(path: Path, source_numbers: set[int], root: Path | None = None) -> ParsedModule:
    file, meta, body, body_line = _markdown_file(path, root)
    shape = validate(ModuleMeta, meta, file)
    blocks = parse_body(body, body_line, file, source_numbers)
    if not any(b["type"] != "references" for b in blocks):
        file.error(body_line, "body", "the module has no text")
    file.raise_if_errors()
    return ParsedModule(
        path=file.display,
        slug=shape.slug,
        title=shape.title,
        order=shape.order,
        estimated_minutes=shape.estimated_minutes,
        media_minutes=shape.media_minutes,
        summary=shape.summary,
        learning_objectives=list(shape.learning_objectives),
        body=blocks,
    )


def parse_course(directory: Path, source_numbers: set[int], root: Path | None = None):
    """Parse a course folder. Returns (course, errors of the module files left out)."""
    file, meta, body, body_line = _markdown_file(directory / "course.md", root)
    shape = validate(CourseMeta, meta, file)
    overview = parse_body(body, body_line, file, source_numbers)
    file.raise_if_errors()
    course = ParsedCourse(
        path=file.display,
        slug=shape.slug,
        title=shape.title,
        approved_title=shape.approved_title or shape.title,
        summary=shape.summary,
        course_type=shape.course_type,
        ce_hours=shape.ce_hours,
        approval_board=shape.approval.board,
        approval_number=shape.approval.approval_number,
        approved_from=shape.approval.approved_from,
        approved_until=shape.approval.approved_until,
        instructors=list(shape.instructors),
        prerequisites=shape.prerequisites,
        for_massage_therapists="massage_therapist" in shape.target_professions,
        for_estheticians="esthetician" in shape.target_professions,
        learning_objectives=list(shape.learning_objectives),
        overview=overview,
    )
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


# -- the quiz library: rules, cases, quizzes --------------------------------------------


@dataclass
class ParsedQuiz:
    path: str
    quiz: QuizFile
    data: dict  # the file as plain data, for its fingerprint


@dataclass
class Library:
    """What the files of the quiz library hold once every file that reads cleanly is in.

    ``rules_complete`` says every rule file read cleanly: only then may rules missing from
    the files be retired."""

    rules: RuleSet
    rule_data: list[tuple[str, dict]]  # (file, rule)
    cases: dict[str, tuple[str, CaseFile]]
    quizzes: list[ParsedQuiz]
    errors: list[ContentError]
    rules_complete: bool


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []


def _read_yaml(path: Path, root: Path | None) -> tuple[SourceFile, object]:
    file = SourceFile.at(path, root)
    try:
        return file, file.yaml(file.text())
    except ContentFileError:
        return file, None


def parse_rules(directory: Path, root: Path | None = None):
    """Every rule file, all or nothing per file: a file with one bad rule contributes none,
    so a half-read category never grades. Returns (rules, their data, errors, complete)."""
    rules, data, errors = [], [], []
    for path in _yaml_files(directory):
        file, content = _read_yaml(path, root)
        items = content.get("rules") if isinstance(content, dict) else None
        if not file.errors and not isinstance(items, list):
            file.error(getattr(content, "line", 1), "rules", "expected a top-level 'rules:' list")
        file_rules = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            try:
                file_rules.append(load_rule(item))
            except RuleError as error:
                for name, message in error.errors:
                    line = line_of(items, (index, *_location(name)))
                    file.error(line, f"{error.rule_id or f'rules[{index}]'}.{name}", message)
        if file.errors:
            errors += file.errors
            continue
        rules += file_rules
        data += [(file.display, plain(item)) for item in items]
    try:
        return RuleSet(rules), data, errors, not errors
    except RuleError as error:
        where = f"{root.name}/rules" if root else str(directory)
        errors.append(ContentError(where, 1, "rules", str(error)))
        return RuleSet([]), [], errors, False


def _case_problems(case: CaseFile, content: dict, file: SourceFile, rules: RuleSet) -> None:
    _facts_problems(content["facts"], file, "facts")
    if file.errors or not rules:
        return
    triggered = sorted(grade(case.facts, {}, rules).triggered_rules)
    listed = sorted(case.expected.get("triggered_rules") or triggered)
    if triggered != listed:
        file.error(
            line_of(content, ("expected", "triggered_rules")),
            "expected.triggered_rules",
            f"the rules trigger {triggered}, the case lists {listed}",
        )
    if case.plan:
        try:
            verdict = grade(case.facts, case.plan, rules).verdict
        except PlanError as error:
            file.error(line_of(content, ("plan",)), "plan", str(error))
            return
        if verdict != "safe":
            file.error(line_of(content, ("plan",)), "plan", f"the expert plan grades {verdict}")


def parse_cases(directory: Path, rules: RuleSet, root: Path | None = None):
    """Cases whose facts are sound and whose expert plan grades safe. Returns (cases by id,
    each with its file's name, errors)."""
    cases, errors = {}, []
    for path in _yaml_files(directory):
        file, content = _read_yaml(path, root)
        case = validate(CaseFile, content, file) if not file.errors else None
        if case is not None:
            _case_problems(case, content, file, rules)
        if file.errors:
            errors += file.errors
            continue
        cases[case.case_id] = (file.display, case)
    return cases, errors


def _assesses_problems(question, content, file, rules: RuleSet, index: int) -> None:
    """Every rule id a choice question says it assesses names a rule (or a rule's part)."""
    if not rules:
        return
    for position, rule_id in enumerate(question.assesses):
        if rule_id not in rules.by_id:
            file.error(
                line_of(content, ("questions", index, "assesses", position)),
                f"questions[{index}].assesses",
                f"no rule '{rule_id}' in content/rules",
            )


def _quiz_problems(quiz, content, file, cases, rules, keys) -> None:
    if not quiz.final and not quiz.module:
        file.error(content.line, "module", "is required unless final: true")
    for index, question in enumerate(quiz.questions):
        where = line_of(content, ("questions", index))
        if question.id in keys:
            file.error(where, f"questions[{index}].id", f"'{question.id}' is used twice")
        keys.add(question.id)
        if question.kind != "case_plan":
            _assesses_problems(question, content, file, rules, index)
            continue
        case = cases.get(question.case)
        if case is None:
            message = f"no case '{question.case}' in content/cases"
            file.error(where, f"questions[{index}].case", message)
        elif rules:
            must = grade(case[1].facts, {}, rules).expected["must"]
            missing = sorted({REQUIREMENT_SECTION[k] for k in must} - set(question.fields))
            if missing:
                message = f"must also ask for {', '.join(missing)} (the case has must items there)"
                file.error(where, f"questions[{index}].fields", message)


def parse_quizzes(directory: Path, cases, rules: RuleSet, root: Path | None = None):
    """Quizzes whose questions are sound and whose cases exist. Returns (quizzes, errors)."""
    quizzes, errors, keys = [], [], set()
    for path in _yaml_files(directory):
        file, content = _read_yaml(path, root)
        quiz = validate(QuizFile, content, file) if not file.errors else None
        if quiz is not None:
            _quiz_problems(quiz, content, file, cases, rules, keys)
        if file.errors:
            errors += file.errors
            continue
        quizzes.append(ParsedQuiz(path=file.display, quiz=quiz, data=plain(content)))
    return quizzes, errors


def parse_library(root: Path) -> Library:
    """Rules, then cases checked against the rules, then quizzes checked against both."""
    rules, rule_data, errors, complete = parse_rules(root / "rules", root)
    if not rule_data:
        return Library(rules, [], {}, [], errors, complete)
    cases, case_errors = parse_cases(root / "cases", rules, root)
    quizzes, quiz_errors = parse_quizzes(root / "quizzes", cases, rules, root)
    return Library(rules, rule_data, cases, quizzes, errors + case_errors + quiz_errors, complete)
