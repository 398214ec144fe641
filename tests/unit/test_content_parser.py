"""The content parser: the real course parses; each kind of bad file is reported with its
path, line and field."""

from decimal import Decimal
from pathlib import Path

import pytest

from cms.importer.parser import (
    ContentFileError,
    parse_course,
    parse_module,
    parse_sources,
)
from cms.markdown import word_count

CONTENT = Path(__file__).parents[2] / "content"
SOURCES = set(range(1, 48))

GOOD_MODULE = """---
title: "Blood counts"
slug: blood-counts
order: 1
estimated_minutes: 20
learning_objectives: ["Adapt pressure to platelets."]
---
Intro paragraph.

## Platelets {#platelets}

Below 50,000/µL keep to level 2.

:::caution Low platelets
Strokes move skin only.
:::

:::case Ana between cycles
intro: "Ana comes in on day 12."
facts:
  service: massage
  labs: {platelets_per_uL: 40000}
discussion: |
  Level 2 at most (rule `heme-plt-20k-50k`).
:::

:::references
[S3, S20]
:::
"""

GOOD_COURSE = """---
title: "Test course"
slug: test-course
summary: "Short."
course_type: home_study
ce_hours: 6.0
approval:
  board: NCBTMB
  approval_number: "A-1"
  approved_from: 2026-01-01
  approved_until: 2027-01-01
instructors: ["Ada Lovelace, LMT"]
target_professions: [massage_therapist]
learning_objectives: ["Do the thing."]
---
Overview text.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "courses" / "c" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(ContentFileError) as raised:
        parse_module(path, SOURCES)
    return [(e.line, e.field, e.message) for e in raised.value.errors]


# -- the real content -------------------------------------------------------------------


def test_the_shipped_course_parses_with_six_substantial_modules():
    sources = {s.number for s in parse_sources(CONTENT / "sources.yaml")}
    course, errors = parse_course(CONTENT / "courses" / "oncology-care", sources)
    assert errors == []
    assert [m.slug for m in course.modules] == [
        "foundations",
        "oncology-adaptations",
        "acid-mantle-skin-care",
        "lymphatic-precautions",
        "special-settings",
        "evidence-whole-person",
    ]
    assert course.approval_board
    assert course.approval_number
    for module in course.modules:
        words = sum(
            word_count(b["value"]["markdown"]) for b in module.body if b["type"] == "markdown"
        )
        kinds = {b["type"] for b in module.body}
        assert words >= 1500, (module.slug, words)
        assert "case_study" in kinds, module.slug
        assert "references" in kinds, module.slug


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "file:///etc/hosts",
        "mailto:not-an-address",
    ],
)
def test_a_source_link_that_is_not_http_https_or_mailto_is_refused_with_its_line(tmp_path, url):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "- number: 1\n  kind: textbook\n  citation: A book.\n  url: https://example.org/book\n"
        f"- number: 2\n  kind: paper\n  citation: A trap.\n  url: '{url}'\n"
        "- number: 3\n  kind: organisation\n  citation: Write to us.\n"
        "  url: mailto:editor@example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentFileError) as raised:
        parse_sources(path)
    [error] = raised.value.errors
    assert (error.line, error.field) == (9, "sources[1].url")  # the line of the url itself
    assert "http" in error.message


# -- a good file ------------------------------------------------------------------------


def test_a_good_module_becomes_blocks(tmp_path):
    module = parse_module(write(tmp_path, "01-blood.md", GOOD_MODULE), SOURCES)
    assert (module.slug, module.order, module.estimated_minutes) == ("blood-counts", 1, 20)
    assert [b["type"] for b in module.body] == [
        "markdown",
        "heading",
        "markdown",
        "callout",
        "case_study",
        "references",
    ]
    heading = module.body[1]["value"]
    assert heading == {"text": "Platelets", "anchor": "platelets"}
    callout = module.body[3]["value"]
    assert (callout["kind"], callout["title"]) == ("caution", "Low platelets")
    case = module.body[4]["value"]
    assert case["facts"]["facts"] == {"service": "massage", "labs": {"platelets_per_uL": 40000}}
    assert module.body[5]["value"] == {"sources": [3, 20]}


def test_headings_inside_code_fences_are_text(tmp_path):
    text = GOOD_MODULE.replace("Intro paragraph.", "```\n## not a heading\n```")
    module = parse_module(write(tmp_path, "01-blood.md", text), SOURCES)
    assert module.body[0]["type"] == "markdown"
    assert "## not a heading" in module.body[0]["value"]["markdown"]


def test_a_good_course_with_its_module(tmp_path):
    write(tmp_path, "course.md", GOOD_COURSE)
    write(tmp_path, "01-blood.md", GOOD_MODULE)
    course, errors = parse_course(tmp_path / "courses" / "c", SOURCES)
    assert errors == []
    assert course.ce_hours == Decimal("6.0")
    assert course.approved_title == "Test course"
    assert course.instructors == [{"name": "Ada Lovelace", "credentials": "LMT"}]
    assert (course.for_massage_therapists, course.for_estheticians) == (True, False)
    assert [m.slug for m in course.modules] == ["blood-counts"]


# -- bad files: each names the file, the line and the field -----------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("order: 1", "order: two", 4, "order", "positive whole number"),
        ("order: 1", "order: 0", 4, "order", "positive whole number"),
        ('title: "Blood counts"\n', "", 1, "title", "is required"),
        ("slug: blood-counts", "slug: Blood Counts", 3, "slug", "lowercase"),
        (
            "estimated_minutes: 20",
            "estimated_minutes: 20\ncolour: red",
            6,
            "colour",
            "unknown field",
        ),
        ("## Platelets {#platelets}", "## Platelets {#Platelets!}", 10, "heading id", "lowercase"),
        (
            "Intro paragraph.",
            "## Platelets {#platelets}",
            10,
            "heading id",
            "already used on line 8",
        ),
        (
            ":::caution Low platelets",
            ":::warning Low platelets",
            14,
            "block",
            "unknown block kind 'warning'",
        ),
        (":::caution Low platelets", ":::caution", 14, "caution title", "needs a title"),
        (
            "  labs: {platelets_per_uL: 40000}",
            "  labs: {platelets: 40000}",
            22,
            "case.facts.labs.platelets",
            "unknown fact",
        ),
        (
            "  service: massage",
            "  service: reiki",
            21,
            "case.facts.service",
            "unknown value 'reiki'",
        ),
        ("[S3, S20]", "[S3, S99]", 28, "references", "S99 is not in content/sources.yaml"),
        ("[S3, S20]", "[Walton]", 28, "references", "not a source id"),
        ("  Level 2 at most (rule `heme-plt-20k-50k`).", "", 23, "case.discussion", "is required"),
    ],
)
def test_bad_module_fields_are_reported_with_line_and_field(
    tmp_path, old, new, line, field, message
):
    assert old in GOOD_MODULE
    path = write(tmp_path, "01-blood.md", GOOD_MODULE.replace(old, new, 1))
    found = errors_of(path)
    assert any(
        (found_line, found_field) == (line, field) and message in found_message
        for found_line, found_field, found_message in found
    ), found


def test_error_messages_name_the_file(tmp_path):
    path = write(tmp_path, "01-blood.md", GOOD_MODULE.replace("order: 1", "order: x"))
    with pytest.raises(ContentFileError) as raised:
        parse_module(path, SOURCES, root=tmp_path)
    assert str(raised.value.errors[0]).startswith(
        f"{tmp_path.name}/courses/c/01-blood.md:4: order:"
    )


def test_missing_front_matter(tmp_path):
    path = write(tmp_path, "01-x.md", "# Just text\n")
    assert errors_of(path)[0] == (1, "front matter", "the file must start with a '---' line")


def test_unclosed_front_matter(tmp_path):
    path = write(tmp_path, "01-x.md", "---\ntitle: x\n")
    assert (1, "front matter", "no closing '---' line") in errors_of(path)


def test_invalid_yaml_in_front_matter_gives_its_line(tmp_path):
    path = write(tmp_path, "01-x.md", GOOD_MODULE.replace("order: 1", "order: [1"))
    line, field, message = errors_of(path)[0]
    assert field == "front matter"
    assert "invalid YAML" in message
    assert line >= 4


def test_unclosed_block(tmp_path):
    text = GOOD_MODULE.replace(":::\n\n:::case", "\n\n:::case", 1)
    found = errors_of(write(tmp_path, "01-x.md", text))
    assert any(field == "block" and "never closed" in msg for _, field, msg in found), found


def test_invalid_yaml_inside_a_case_block(tmp_path):
    text = GOOD_MODULE.replace(
        "  labs: {platelets_per_uL: 40000}", "  labs: {platelets_per_uL: 40000"
    )
    found = errors_of(write(tmp_path, "01-x.md", text))
    assert any(field == "case" and "invalid YAML" in msg for _, field, msg in found), found


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("course_type: home_study", "course_type: seminar", "course_type", "must be one of"),
        ("ce_hours: 6.0", "ce_hours: lots", "ce_hours", "between 0.25 and 200"),
        ("ce_hours: 6.0", "ce_hours: 0", "ce_hours", "between 0.25 and 200"),
        (
            "approved_from: 2026-01-01",
            "approved_from: soon",
            "approval.approved_from",
            "YYYY-MM-DD",
        ),
        (
            "approved_until: 2027-01-01",
            "approved_until: 2025-01-01",
            "approval.approved_until",
            "before approved_from",
        ),
        ("[massage_therapist]", "[nurse]", "target_professions", "'nurse' is not one of"),
    ],
)
def test_bad_course_fields(tmp_path, old, new, field, message):
    write(tmp_path, "course.md", GOOD_COURSE.replace(old, new))
    with pytest.raises(ContentFileError) as raised:
        parse_course(tmp_path / "courses" / "c", SOURCES)
    assert any(e.field == field and message in e.message for e in raised.value.errors), (
        raised.value.errors
    )


def test_a_bad_module_is_left_out_and_reported_while_the_others_parse(tmp_path):
    write(tmp_path, "course.md", GOOD_COURSE)
    write(tmp_path, "01-good.md", GOOD_MODULE)
    bad = GOOD_MODULE.replace("slug: blood-counts", "slug: other").replace("order: 1", "order: x")
    write(tmp_path, "02-bad.md", bad)
    course, errors = parse_course(tmp_path / "courses" / "c", SOURCES)
    assert [m.slug for m in course.modules] == ["blood-counts"]
    assert [(e.path.endswith("02-bad.md"), e.field) for e in errors] == [(True, "order")]


def test_duplicate_module_slugs_are_refused(tmp_path):
    write(tmp_path, "course.md", GOOD_COURSE)
    write(tmp_path, "01-a.md", GOOD_MODULE)
    write(tmp_path, "02-b.md", GOOD_MODULE.replace("order: 1", "order: 2"))
    course, errors = parse_course(tmp_path / "courses" / "c", SOURCES)
    assert len(course.modules) == 1
    assert errors[0].field == "slug"
    assert "same as in" in errors[0].message


def test_an_image_path_may_not_leave_content_images(tmp_path):
    module_dir = tmp_path / "content" / "courses" / "c"
    module_dir.mkdir(parents=True)
    (tmp_path / "content" / "images").mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    text = GOOD_MODULE + "\n:::image\nfile: ../../secret.png\nalt: A secret\ncaption: ''\n:::\n"
    path = module_dir / "01-blood.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentFileError) as raised:
        parse_module(path, SOURCES)
    assert [(e.field, e.message) for e in raised.value.errors] == [
        ("image.file", "must be a file inside content/images/")
    ]
