"""The importer's reader and shapes: one pass keeps the line of every value, and every kind
of content file reports ``file:line: field: message``."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cms.importer.loader import YAMLProblem, field_name, line_of, load_yaml
from cms.importer.parser import parse_cases, parse_quizzes, parse_rules
from tests.rules import load_rule_files

SMALL = Path(__file__).parents[1] / "data" / "content"


def test_every_mapping_and_list_knows_the_lines_of_its_values():
    data = load_yaml("a: 1\nb:\n  c: [1, 2]\n  d:\n    - x\n    - y: 2\n", first_line=10)
    assert data == {"a": 1, "b": {"c": [1, 2], "d": ["x", {"y": 2}]}}
    assert line_of(data, ("a",)) == 10
    assert line_of(data, ("b", "c")) == 12
    assert line_of(data, ("b", "d", 1, "y")) == 15
    assert line_of(data, ("b", "nowhere", 3)) == 11  # as deep as the data goes
    assert field_name(("b", "d", 1, "y")) == "b.d[1].y"


def test_anchors_merges_and_dates_load_as_yaml_says():
    data = load_yaml("base: &b {k: 1}\nx: {<<: *b, m: 2}\nday: 2026-01-01\n")
    assert data["x"] == {"k": 1, "m": 2}
    assert str(data["day"]) == "2026-01-01"


def test_invalid_yaml_gives_its_line_in_the_file():
    with pytest.raises(YAMLProblem) as raised:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n", first_line=5)
    assert raised.value.line >= 6
    assert "invalid YAML" in raised.value.message


# Keys start with "k": YAML 1.1 reads a bare "no" or "on" as a boolean.
@given(st.dictionaries(st.from_regex(r"k[a-z]{0,7}", fullmatch=True), st.integers(), max_size=8))
def test_each_key_is_on_the_line_it_was_written(mapping):
    text = "".join(f"{key}: {value}\n" for key, value in mapping.items())
    data = load_yaml(text, first_line=3) if mapping else {}
    assert data == mapping
    for number, key in enumerate(mapping):
        assert line_of(data, (key,)) == 3 + number


def copy(tmp_path: Path, kind: str) -> Path:
    """content/<kind> of the small fixture folder, in a private copy."""
    folder = tmp_path / "content" / kind
    folder.mkdir(parents=True)
    for path in (SMALL / kind).glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_bad_rule_is_reported_on_its_own_line(tmp_path):
    folder = copy(tmp_path, "rules")
    path = folder / "blood_counts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("confidence: common", "confidence: sometimes", 1))
    _, data, errors, complete = parse_rules(folder, folder.parent)
    assert not complete
    [error] = errors
    line = 1 + text[: text.index("confidence: common")].count("\n")
    assert (error.path, error.line) == ("content/rules/blood_counts.yaml", line)
    assert error.field.endswith(".confidence")
    assert all(path != "content/rules/blood_counts.yaml" for path, _ in data)


def test_a_case_with_an_unknown_fact_names_the_fact_and_its_line(tmp_path):
    folder = copy(tmp_path, "cases")
    path = next(folder.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    assert "platelets_per_uL" in text
    path.write_text(text.replace("platelets_per_uL", "platelets", 1), encoding="utf-8")
    rules = load_rule_files(SMALL / "rules")
    cases, errors = parse_cases(folder, rules, folder.parent)
    assert cases == {}
    line = 1 + text[: text.index("platelets_per_uL")].count("\n")
    assert [(e.line, e.field) for e in errors] == [(line, "facts.labs.platelets")]
    assert str(errors[0]).startswith(f"content/cases/{path.name}:{line}: facts.labs.platelets:")


def test_a_quiz_question_problem_names_the_question_and_its_line(tmp_path):
    rules = load_rule_files(SMALL / "rules")
    cases, _ = parse_cases(SMALL / "cases", rules, SMALL)
    folder = copy(tmp_path, "quizzes")
    path = next(folder.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: choice", "kind: essay", 1), encoding="utf-8")
    quizzes, errors = parse_quizzes(folder, cases, rules, folder.parent)
    assert quizzes == []
    [error] = errors
    assert error.field == "questions[0].kind"
    assert error.message == "expected choice or case_plan"
    assert error.line == 1 + text[: text.index("kind: choice")].count("\n")


def test_unknown_quiz_fields_are_refused_not_dropped(tmp_path):
    rules = load_rule_files(SMALL / "rules")
    cases, _ = parse_cases(SMALL / "cases", rules, SMALL)
    folder = copy(tmp_path, "quizzes")
    path = next(folder.glob("*.yaml"))
    path.write_text("pass_marc: 70\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _, errors = parse_quizzes(folder, cases, rules, folder.parent)
    assert [(e.line, e.field, e.message) for e in errors] == [(1, "pass_marc", "unknown field")]


def test_a_choice_question_may_name_the_rules_it_assesses_and_an_unknown_one_is_refused(
    tmp_path,
):
    rules = load_rule_files(SMALL / "rules")
    cases, _ = parse_cases(SMALL / "cases", rules, SMALL)
    folder = copy(tmp_path, "quizzes")
    path = next(folder.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    known = "    kind: choice\n    assesses:\n      - heme-plt-20k-50k\n"
    path.write_text(text.replace("    kind: choice\n", known, 1), encoding="utf-8")
    quizzes, errors = parse_quizzes(folder, cases, rules, folder.parent)
    assert errors == []
    [choice] = [q for q in quizzes[0].quiz.questions if q.kind == "choice"]
    assert choice.assesses == ["heme-plt-20k-50k"]

    unknown = known + "      - heme-platelets-typo\n"
    path.write_text(text.replace("    kind: choice\n", unknown, 1), encoding="utf-8")
    quizzes, errors = parse_quizzes(folder, cases, rules, folder.parent)
    assert quizzes == []
    [error] = errors
    line = 1 + text[: text.index("kind: choice")].count("\n")
    assert (error.path, error.line) == (f"content/quizzes/{path.name}", line + 3)
    assert error.field == "questions[0].assesses"
    assert error.message == "no rule 'heme-platelets-typo' in content/rules"
