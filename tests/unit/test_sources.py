"""The numbered sources a learner reads: each is a published work, each is used by a module,
and every number cited anywhere in the content exists.

The checks are functions of a content folder, so they run on the shipped ``content/`` and,
to show they can fail, on small broken copies built in a temporary folder.
"""

import re
from pathlib import Path

import pytest

from cms.importer.parser import ContentFileError, parse_course, parse_sources

CONTENT = Path(__file__).parents[2] / "content"

# Words that belong to a drafting note, never to a citation a learner reads.
DENIED_WORDS = (
    "verify before publication",
    "not retrieved",
    "knowledge",
    "weak",
    "seed text",
    "from the brief",
    "unofficial",
    "excerpt seen",
)
# Document-mirror, blog, forum and answer-engine hosts: none publishes the work it shows.
DENIED_HOSTS = (
    "pubhtml5",
    "fdocuments",
    "pdfslide",
    "docobook",
    "docslib",
    "pdfmedarticles",
    "studylib",
    "scribd",
    "wordpress",
    "blogspot",
    "droracle",
    "vanilladevelopment",
    "remedyspot",
)
DENIED_PATHS = ("/forum", "/discussion", "/blog", "/post/", "/comment")

CITED = re.compile(r"\bS(\d+)\b")
IN_PARENTHESES = re.compile(r"\(([^()]*)\)")
URL = re.compile(r"https?://[^\s'\"<>)]+", re.IGNORECASE)


def source_problems(root: Path) -> list[str]:
    """Drafting notes and links to copies, blogs or forums in the learner-visible source text."""
    problems = []
    for entry in parse_sources(root / "sources.yaml"):
        text = f"{entry.citation} {entry.url}"
        lowered = text.lower()
        for word in DENIED_WORDS:
            if re.search(rf"\b{re.escape(word)}\b", lowered):
                problems.append(f"S{entry.number}: says '{word}'")
        for link in URL.findall(text):
            host, _, path = link.lower().split("://", 1)[1].partition("/")
            problems += [
                f"S{entry.number}: links to {host}" for name in DENIED_HOSTS if name in host
            ]
            problems += [
                f"S{entry.number}: links to a {part.strip('/')} page"
                for part in DENIED_PATHS
                if part in f"/{path}"
            ]
    return problems


def module_citations(root: Path) -> dict[int, list[str]]:
    """Source numbers the modules cite, inline "(S14)" or in a references list, by module."""
    numbers = {entry.number for entry in parse_sources(root / "sources.yaml")}
    cited: dict[int, list[str]] = {}
    for course_dir in sorted((root / "courses").iterdir()):
        course, errors = parse_course(course_dir, numbers, root)
        assert not errors, errors
        for module in course.modules:
            found = set()
            for block in module.body:
                if block["type"] == "references":
                    found |= set(block["value"]["sources"])
            text = (root.parent / module.path).read_text(encoding="utf-8")
            for inside in IN_PARENTHESES.findall(text):
                found |= {int(n) for n in CITED.findall(inside)}
            for number in found:
                cited.setdefault(number, []).append(module.slug)
    return cited


def uncited_sources(root: Path) -> list[str]:
    cited = module_citations(root)
    return [
        f"S{entry.number} is cited by no module"
        for entry in parse_sources(root / "sources.yaml")
        if entry.number not in cited
    ]


def unknown_citations(root: Path) -> list[str]:
    """Numbers cited anywhere in the content (modules, rules, cases, quizzes) that
    sources.yaml does not have. The READMEs describe the formats and are not content."""
    numbers = {entry.number for entry in parse_sources(root / "sources.yaml")}
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".md", ".yaml", ".yml"} or path.name in {
            "README.md",
            "sources.yaml",
        }:
            continue
        text = path.read_text(encoding="utf-8")
        for number in sorted({int(n) for n in CITED.findall(text)} - numbers):
            problems.append(f"{path.relative_to(root.parent)}: S{number} is not in sources.yaml")
    return problems


# -- the shipped content ------------------------------------------------------------------


def test_the_shipped_sources_each_have_a_kind_and_unique_ascending_numbers():
    entries = parse_sources(CONTENT / "sources.yaml")
    numbers = [entry.number for entry in entries]
    assert numbers == sorted(set(numbers))
    assert len(entries) >= 40
    assert {entry.kind for entry in entries} <= {"guideline", "textbook", "paper", "organisation"}


def test_the_shipped_source_list_has_no_drafting_notes_and_no_copies_blogs_or_forums():
    assert source_problems(CONTENT) == []


def test_every_shipped_source_is_cited_by_a_module():
    assert uncited_sources(CONTENT) == []


def test_every_number_cited_in_the_shipped_content_is_a_source():
    assert unknown_citations(CONTENT) == []


# -- the checks fail on broken content ----------------------------------------------------

MODULE = """---
title: "Blood counts"
slug: blood-counts
order: 1
estimated_minutes: 20
learning_objectives: ["Adapt pressure to platelets."]
---
## Platelets {{#platelets}}

Below 50,000/µL keep to level 2 {inline}.

:::references
{references}
:::
"""

COURSE = """---
title: "A course"
slug: a-course
summary: "One paragraph."
course_type: home_study
ce_hours: 1.0
instructors: ["A. Teacher"]
target_professions: [massage_therapist]
learning_objectives: ["Learn."]
---
Overview.
"""


def write_content(tmp_path: Path, sources: str, inline="(S1)", references="[S1]") -> Path:
    root = tmp_path / "content"
    course = root / "courses" / "a-course"
    course.mkdir(parents=True)
    (root / "sources.yaml").write_text(f"sources:\n{sources}", encoding="utf-8")
    (course / "course.md").write_text(COURSE, encoding="utf-8")
    (course / "01-blood-counts.md").write_text(
        MODULE.format(inline=inline, references=references), encoding="utf-8"
    )
    return root


BOOK = "- number: 1\n  kind: textbook\n  citation: Walton T. A book. Publisher; 2011.\n"


def test_a_clean_small_course_passes_every_check(tmp_path):
    root = write_content(tmp_path, BOOK)
    assert source_problems(root) == uncited_sources(root) == unknown_citations(root) == []


@pytest.mark.parametrize(
    ("citation", "url", "expected"),
    [
        ("A blog post (weak).", "", "S2: says 'weak'"),
        ("(knowledge; verify before publication) A guideline.", "", "S2: says 'knowledge'"),
        ("Project seed texts (from the brief).", "", "S2: says 'from the brief'"),
        ("A textbook, seen via an unofficial online copy.", "", "S2: says 'unofficial'"),
        (
            "A textbook.",
            "https://pubhtml5.com/ylgr/lhcc/basic/401-445",
            "S2: links to pubhtml5.com",
        ),
        ("A letter.", "https://docslib.org/doc/1/letter", "S2: links to docslib.org"),
        ("A post.", "https://someone.wordpress.com/2017/02/23/x", "S2: links to someone.wordpress"),
        (
            "A thread.",
            "https://example.org/en/discussion/comment/5",
            "S2: links to a discussion page",
        ),
    ],
)
def test_a_drafting_note_or_a_link_to_a_copy_blog_or_forum_is_named(
    tmp_path, citation, url, expected
):
    entry = f"- number: 2\n  kind: paper\n  citation: '{citation}'\n  url: '{url}'\n"
    root = write_content(tmp_path, BOOK + entry, inline="(S1, S2)")
    problems = source_problems(root)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_source_no_module_cites_is_named(tmp_path):
    unused = "- number: 7\n  kind: guideline\n  citation: A guideline. 2019.\n"
    root = write_content(tmp_path, BOOK + unused)
    assert uncited_sources(root) == ["S7 is cited by no module"]


def test_a_source_cited_only_inline_or_only_in_the_references_counts_as_cited(tmp_path):
    second = "- number: 2\n  kind: paper\n  citation: A paper. 2018.\n"
    inline_only = write_content(tmp_path / "a", BOOK + second, inline="(S1; S2)")
    listed_only = write_content(tmp_path / "b", BOOK + second, references="[S1, S2]")
    assert uncited_sources(inline_only) == uncited_sources(listed_only) == []


def test_a_number_cited_in_a_rule_but_missing_from_the_sources_is_named(tmp_path):
    root = write_content(tmp_path, BOOK)
    (root / "rules").mkdir()
    (root / "rules" / "blood.yaml").write_text("- id: x\n  sources: [S1, S99]\n", encoding="utf-8")
    assert unknown_citations(root) == ["content/rules/blood.yaml: S99 is not in sources.yaml"]


def test_a_source_without_a_kind_or_with_an_unknown_kind_is_refused_with_its_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "- number: 1\n  kind: blog\n  citation: A post.\n"
        "- number: 2\n  citation: No kind.\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentFileError) as raised:
        parse_sources(path)
    errors = {(error.line, error.field): error.message for error in raised.value.errors}
    assert "guideline, textbook, paper, organisation" in errors[(3, "sources[0].kind")]
    assert errors[(5, "sources[1].kind")] == "is required"
