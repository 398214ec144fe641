"""Every teaching section of every shipped module ends with an "In practice" tip: two to five
things a therapist can act on tomorrow. A worked-case section (one that holds a case study)
is exempt. Parsed with the project's own content parser, so any module added later is held to
the same shape."""

from pathlib import Path

import pytest

from cms.importer.parser import parse_module, parse_sources

CONTENT = Path(__file__).parents[2] / "content"
SOURCES = {s.number for s in parse_sources(CONTENT / "sources.yaml")}
MODULES = sorted((CONTENT / "courses").glob("*/[0-9]*.md"))


def sections(blocks: list[dict]) -> list[tuple[str, list[dict]]]:
    """The module body cut at its level-2 headings: (heading id, the blocks under it)."""
    cut: list[tuple[str, list[dict]]] = []
    for block in blocks:
        if block["type"] == "heading":
            cut.append((block["value"]["anchor"], []))
        elif cut:
            cut[-1][1].append(block)
    return cut


def ends_with_in_practice(blocks: list[dict]) -> bool:
    last = blocks[-1] if blocks else None
    return bool(
        last
        and last["type"] == "callout"
        and last["value"]["kind"] == "tip"
        and last["value"]["title"].strip() == "In practice"
    )


def test_the_section_cutter_sees_a_missing_box():
    body = [
        {"type": "heading", "value": {"anchor": "a"}},
        {"type": "markdown", "value": {"markdown": "Text."}},
        {"type": "callout", "value": {"kind": "tip", "title": "In practice", "body": {}}},
        {"type": "heading", "value": {"anchor": "b"}},
        {"type": "markdown", "value": {"markdown": "Text."}},
    ]
    cut = sections(body)
    assert [anchor for anchor, _ in cut] == ["a", "b"]
    assert [ends_with_in_practice(blocks) for _, blocks in cut] == [True, False]


def test_there_are_modules_to_check():
    assert len(MODULES) >= 5


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_every_teaching_section_ends_with_an_in_practice_tip(path):
    module = parse_module(path, SOURCES)
    missing = [
        anchor
        for anchor, blocks in sections(module.body)
        if not any(b["type"] == "case_study" for b in blocks) and not ends_with_in_practice(blocks)
    ]
    assert not missing, (
        f"{path.name}: these teaching sections do not end with a ':::tip In practice' box: "
        + ", ".join(f"#{anchor}" for anchor in missing)
    )
