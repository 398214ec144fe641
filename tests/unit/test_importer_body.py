"""Cutting a module body into markdown, heading and block pieces (cms.importer.body).

Line numbers are file lines: each body here starts on file line 8, as if a seven-line front
matter came before it, so an off-by-one shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cms.importer.body import BodyProblem, Piece, cut

FIRST = 8
ROOT = Path(__file__).parents[2]


def shape(body: str) -> list[tuple]:
    """The pieces as (kind, line, text, anchor, name, title), after checking no problems."""
    pieces, problems = cut(body, FIRST)
    assert problems == []
    return [(p.kind, p.line, p.text, p.anchor, p.name, p.title) for p in pieces]


def test_plain_markdown_is_one_piece_kept_verbatim():
    body = "\n\nSome *text* with  two spaces.\n\n- a list\n  - nested\n\n[ref]: https://x.org\n\n"
    assert shape(body) == [
        (
            "markdown",
            10,
            "Some *text* with  two spaces.\n\n- a list\n  - nested\n\n[ref]: https://x.org",
            "",
            "",
            "",
        ),
    ]


def test_an_empty_or_blank_body_has_no_pieces():
    assert cut("", FIRST) == ([], [])
    assert cut("\n   \n\t\n", FIRST) == ([], [])


def test_a_level_2_heading_with_and_without_an_anchor():
    body = "Intro.\n\n## Blood counts {#blood-counts}\n\nText.\n## Skin care\nMore."
    assert shape(body) == [
        ("markdown", 8, "Intro.", "", "", ""),
        ("heading", 10, "Blood counts", "blood-counts", "", ""),
        ("markdown", 12, "Text.", "", "", ""),
        ("heading", 13, "Skin care", "", "", ""),
        ("markdown", 14, "More.", "", "", ""),
    ]


def test_an_anchor_is_given_without_its_hash_and_spaces_as_the_old_scanner_read_it():
    [heading] = cut("## Platelets {## platelets }", FIRST)[0]
    assert (heading.text, heading.anchor) == ("Platelets", "platelets")


@pytest.mark.parametrize(
    "other",
    [
        "### Deeper",
        "# Title",
        "#### Deepest {#x}",
        "Setext two\n---",
        "Setext one\n===",
        "> ## quoted",
        "- ## in a list",
        "##",
        "##no-space",
        "    ## indented code",
    ],
)
def test_other_headings_stay_in_the_markdown(other):
    body = f"Before.\n\n{other}\n\nAfter."
    assert shape(body) == [("markdown", 8, body, "", "", "")]


@pytest.mark.parametrize(
    ("kind", "title", "inner"),
    [
        ("caution", "Platelets under 50,000/µL", "Strokes move only skin.\n\n- level 2"),
        ("contraindication", "Fever", "No massage today."),
        ("tip", "Pillows", "Side-lying with a pillow."),
        ("evidence", "What trials show", "Small trials (S20)."),
        (
            "case",
            "Three weeks after a mastectomy",
            'intro: "Ana, 58."\nfacts:\n  service: massage\ndiscussion: |\n  Level 2.',
        ),
        ("references", "", "[S3, S20, S21]"),
        ("image", "", "file: port.png\nalt: A port under the skin\ncaption: ''"),
        ("warning", "Not a kind the parser knows", "Reported by the parser, not here."),
    ],
)
def test_each_container_kind_is_a_block_with_its_inner_source(kind, title, inner):
    header = f":::{kind} {title}".rstrip()
    body = f"Text.\n\n{header}\n{inner}\n:::\n\nAfter."
    assert shape(body) == [
        ("markdown", 8, "Text.", "", "", ""),
        ("block", 10, inner, "", kind, title),
        ("markdown", FIRST + 5 + len(inner.split("\n")), "After.", "", "", ""),
    ]


def test_a_block_keeps_its_inner_lines_verbatim_and_its_title_stripped():
    body = ":::tip   Two  spaces  \n\n  indented\ntrailing  \n\n:::"
    assert shape(body) == [("block", 8, "\n  indented\ntrailing  \n", "", "tip", "Two  spaces")]


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_heading_and_block_lines_inside_a_code_fence_are_text(fence):
    body = f"Intro.\n\n{fence}python\n## not a heading\n:::tip not a block\n:::\n{fence}\n\nEnd."
    assert shape(body) == [("markdown", 8, body, "", "", "")]


def test_a_code_fence_inside_a_block_stays_in_the_block():
    inner = "Use this:\n\n```\n## not a heading\n:::caution not a block either\n```\n\nDone."
    body = f":::tip Fences\n{inner}\n:::\n## After {{#after}}"
    assert shape(body) == [
        ("block", 8, inner, "", "tip", "Fences"),
        ("heading", 18, "After", "after", "", ""),
    ]


def test_a_block_that_is_never_closed_is_reported_and_ends_the_cut():
    body = "Intro.\n\n:::caution Low platelets\nStrokes move skin only.\n\n## Not cut"
    pieces, problems = cut(body, FIRST)
    assert [(p.kind, p.text) for p in pieces] == [("markdown", "Intro.")]
    assert problems == [
        BodyProblem(10, "block", "':::caution Low platelets' is never closed by a ':::' line")
    ]


def test_a_header_inside_a_block_means_the_block_was_never_closed():
    """The next block's header shows the author forgot a ':::'; that block is still cut."""
    body = ":::caution Low platelets\nStrokes.\n\n:::case Ana\nintro: x\n:::\nAfter."
    pieces, problems = cut(body, FIRST)
    assert problems == [
        BodyProblem(8, "block", "':::caution Low platelets' is never closed by a ':::' line")
    ]
    assert pieces == [
        Piece("block", 11, "intro: x", name="case", title="Ana"),
        Piece("markdown", 14, "After."),
    ]


def test_a_code_fence_that_is_never_closed_is_reported_on_the_last_line():
    body = "Intro.\n\n```\ncode\n## swallowed\n:::tip swallowed\n"
    pieces, problems = cut(body, FIRST)
    assert pieces == [Piece("markdown", 8, body.strip("\n"))]
    assert problems == [BodyProblem(14, "code block", "a ``` fence is never closed")]


def test_a_fence_closed_on_the_last_line_is_not_reported():
    assert cut("```\ncode\n```", FIRST)[1] == []
    assert cut("> ```\n> code\n> ```", FIRST)[1] == []


def test_line_numbers_follow_first_line():
    body = "\n\nIntro.\n## One\n\n:::tip T\nx\n:::\n\n\nText.\n## Two {#two}"
    for first in (1, 8, 120):
        pieces, _ = cut(body, first)
        assert [(p.kind, p.line - first) for p in pieces] == [
            ("markdown", 2),
            ("heading", 3),
            ("block", 5),
            ("markdown", 10),
            ("heading", 11),
        ]


def test_the_shipped_modules_cut_without_problems():
    files = sorted((ROOT / "content" / "courses").glob("*/[0-9]*.md"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        front_end = text.index("\n---\n", 4) + len("\n---\n")
        first_line = text[:front_end].count("\n") + 1
        pieces, problems = cut(text[front_end:], first_line)
        assert problems == [], path
        assert {"markdown", "heading", "block"} <= {p.kind for p in pieces}, path
        for piece in pieces:
            source_line = text.split("\n")[piece.line - 1]
            if piece.kind == "block":
                assert source_line.startswith(f":::{piece.name}"), (path, piece.line)
            elif piece.kind == "heading":
                assert source_line.startswith("## "), (path, piece.line)
            else:
                assert source_line == piece.text.split("\n")[0], (path, piece.line)


# Lines without '##', ':::' or a fence marker: markdown of every other sort, and any text.
MARKDOWN_LINE = st.one_of(
    st.sampled_from(
        [
            "",
            "  ",
            "\t",
            "# Title",
            "#  spaced",
            "Para *em* **strong** `code`",
            "- item",
            "  - nested",
            "1. first",
            "> quote",
            ">",
            "---",
            "===",
            "***",
            "    indented code",
            "| a | b |",
            "|---|---|",
            "Term",
            ": definition",
            "[^1]: note",
            "[ref]: https://x.org",
            "!!! note",
            "<div>",
            "</div>",
            "key: value",
            "a:b",
            "x # y",
        ]
    ),
    st.text(st.characters(exclude_characters="\n"), max_size=30),
).filter(lambda line: not any(mark in line for mark in ("##", ":::", "```", "~~~")))


@given(st.lists(MARKDOWN_LINE, max_size=25))
def test_text_without_headings_blocks_or_fences_is_one_markdown_piece(lines):
    body = "\n".join(lines)
    pieces, problems = cut(body, FIRST)
    assert problems == []
    if not body.strip():
        assert pieces == []
    else:
        blank_before = len(body) - len(body.lstrip("\n"))
        assert pieces == [Piece("markdown", FIRST + blank_before, body.strip("\n"))]
