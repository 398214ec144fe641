"""Read content files: text, front matter and YAML, with the line of every value, in one pass.

Every content file (a module's front matter, a ``:::case`` block, a rule, case or quiz file)
goes through ``load_yaml``: PyYAML's safe loader (its C parser where installed) with a
constructor that keeps each node's line on the mapping or list it builds. A validation error
can then name the line of the exact field (``facts.labs.platelets_per_uL``, ``questions[3]``)
without parsing the document a second time. ``line_of`` walks an error's location down
those mappings and lists.

Errors are ``ContentError`` values, ``file:line: field: message``, collected per file in a
``ContentFileError``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentFileError(Exception):
    """Every problem of one file; nothing from that file is written."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Mapping(dict):
    """A YAML mapping that knows its own line and the line of each key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line, self.lines = 1, {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class Sequence(list):
    """A YAML list that knows its own line and the line of each item."""

    def __init__(self, *args):
        super().__init__(*args)
        self.line, self.lines = 1, []

    def line_of(self, index) -> int:
        if isinstance(index, int) and 0 <= index < len(self.lines):
            return self.lines[index]
        return self.line


class _Loader(_BaseLoader):
    """The safe loader, building ``Mapping`` and ``Sequence`` with their lines."""

    first_line = 1

    def _line(self, node) -> int:
        return node.start_mark.line + self.first_line


def _construct_mapping(loader: _Loader, node):
    mapping = Mapping()
    mapping.line = loader._line(node)
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = loader._line(key_node)


def _construct_sequence(loader: _Loader, node):
    sequence = Sequence()
    sequence.line = loader._line(node)
    sequence.lines = [loader._line(item) for item in node.value]
    yield sequence
    sequence.extend(loader.construct_object(item, deep=True) for item in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class YAMLProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")


def load_yaml(text: str, first_line: int = 1) -> Any:
    """The YAML document in ``text``, whose first line is line ``first_line`` of its file.

    Raises ``YAMLProblem`` with the line and PyYAML's own words for what is wrong."""
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or error
        raise YAMLProblem(line, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()


def line_of(data: Any, location: Iterable, default: int = 1) -> int:
    """The line of the deepest value that ``location`` (keys and indexes) reaches."""
    line = getattr(data, "line", default)
    for step in location:
        if (isinstance(data, Mapping) and step in data) or (
            isinstance(data, Sequence) and isinstance(step, int) and step < len(data)
        ):
            line, data = data.line_of(step), data[step]
        else:
            break
    return line


def field_name(location: Iterable) -> str:
    """``("questions", 3, "options")`` → ``questions[3].options``."""
    name = ""
    for step in location:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name


def plain(data: Any) -> Any:
    """Ordinary dicts and lists (for storage and fingerprints)."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


@dataclass
class SourceFile:
    """One content file being read: its name as reported, and the problems found so far."""

    path: Path
    display: str

    def __post_init__(self):
        self.errors: list[ContentError] = []

    @classmethod
    def at(cls, path: Path, root: Path | None) -> SourceFile:
        display = str(path)
        if root is not None:
            with contextlib.suppress(ValueError):  # a file outside root keeps its full path
                display = str(Path(root.name) / path.relative_to(root))
        return cls(path, display)

    def error(self, line: int, field: str, message: str) -> None:
        self.errors.append(ContentError(self.display, line, field, message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentFileError(self.errors)

    def text(self) -> str:
        """The file's text; one that is not UTF-8, or cannot be read, is refused in words."""
        try:
            return self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            self.error(1, "file", f"is not UTF-8 text (byte {error.start}); save it as UTF-8")
        except OSError as error:
            self.error(1, "file", f"cannot be read: {error.strerror}")
        self.raise_if_errors()
        return ""

    def yaml(self, text: str, first_line: int = 1, what: str = "file") -> Any:
        """The YAML in ``text``, or None with the problem recorded on its line."""
        try:
            return load_yaml(text, first_line)
        except YAMLProblem as problem:
            self.error(problem.line, what, problem.message)
            return None

    def front_matter(self, text: str) -> tuple[Mapping, str, int]:
        """(front matter, body, line of the body's first line) of a markdown file."""
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.error(1, "front matter", "the file must start with a '---' line")
            return Mapping(), text, 1
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            self.error(1, "front matter", "no closing '---' line")
            return Mapping(), "", len(lines)
        meta = self.yaml("\n".join(lines[1:end]), 2, "front matter")
        if meta is not None and not isinstance(meta, Mapping):
            self.error(2, "front matter", "must be a mapping of fields")
        if not isinstance(meta, Mapping):
            meta = Mapping()
        meta.line = 1  # a missing field is missing from the front matter that starts here
        return meta, "\n".join(lines[end + 1 :]), end + 2
