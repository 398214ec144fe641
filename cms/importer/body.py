"""Cut a module body into its top-level pieces: markdown, level-2 headings and ``:::`` blocks.

Why a tokenizer and not a line scanner: whether a ``##`` or ``:::`` line is structure or text
depends on CommonMark's block rules (code fences, their lengths and characters, indented
code). markdown-it-py implements those rules and records on every block token the lines it
came from (``token.map``); mdit-py-plugins' ``container`` plugin reads ``:::name`` blocks. We
only *locate* the pieces with them: every text handed on is sliced from the author's own
lines, never re-rendered, so the markdown renderer (python-markdown, ``cms.markdown``) gets
the same input as before. Interpreting a piece (callout markdown, case YAML, unknown kinds,
heading ids) is the parser's job, not this module's.

What counts as what (the old hand-written scanner agreed on every file in ``content/``):

- A **heading piece** is a top-level ATX level-2 heading (``## Text {#anchor}``). ``###`` and
  deeper, ``#``, headings inside lists or quotes, and **setext headings** (``Text`` over
  ``---`` or ``===``) stay inside the surrounding markdown piece, as they always did: content
  uses ``##`` for sections, and a ``---`` under a paragraph is too easy to write by accident
  to start a section. An empty ``##`` also stays markdown. As CommonMark says, the ``##`` may
  be indented up to three spaces and a closing run of ``#`` is not part of the text.
- A **block piece** is a top-level ``:::name title`` … ``:::`` container (three or more
  colons). It ends at the first later line made only of colons (at least as many), even
  inside a code fence: a fence inside a block is the block's own text, and only the block's
  end is looked for. Blocks do not nest: a second ``:::name`` header at the start of a line
  inside a block means the first block was never closed, which is reported, and cutting
  starts again at that header, as the old scanner did (which also did so for a header inside
  a fence inside a block; now that header is the block's text).
- A **markdown piece** is everything between those, verbatim, without its leading and
  trailing empty lines (``str.strip("\\n")``, exactly what the old scanner kept); a stretch
  of only whitespace gives no piece.
- **Code fences** follow CommonMark: a fence closes only with a line of the same character,
  at least as long (a ``` line inside a ~~~ fence is text), and a fence in a list item or
  quote ends with it. The old scanner flipped on any line starting with ``` or ~~~; no file in
  ``content/`` tells the two apart.
- Headers and closers may be indented up to three spaces, as CommonMark allows for every
  block; the old scanner wanted them at the start of the line.
- Raw HTML is off: the renderer shows HTML as text, so an HTML block must not hide a heading.

Problems are only the two this cut can see: a block never closed (nothing after it is cut,
as it would be read as the block's text) and a code fence, outside any block, still open at
the end of the body (reported on the body's last line, as before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

# One container rule for every kind: which kinds exist is the parser's business.
_CONTAINER = "block"
_OPEN = f"container_{_CONTAINER}_open"
_CLOSE = f"container_{_CONTAINER}_close"
# The heading text as the old H2 pattern read it: at least one character, then an optional
# ``{#anchor}`` at the end.
_HEADING = re.compile(r"(?P<text>.+?)(?:\s*\{#(?P<anchor>[^}]*)\})?\s*")


def _tokenizer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.use(container_plugin, name=_CONTAINER, validate=lambda params, markup: True)
    return md


_MD = _tokenizer()


@dataclass(frozen=True)
class Piece:
    """One top-level piece of a module body, in order."""

    kind: Literal["markdown", "heading", "block"]
    line: int  # 1-based line number in the FILE of the piece's first line
    text: str  # markdown: its source; heading: its text without {#anchor}; block: inner source
    anchor: str = ""  # heading only: the id written as {#anchor}, without '#'; "" when none
    name: str = ""  # block only: the word after ':::'
    title: str = ""  # block only: the rest of the header line, stripped


@dataclass(frozen=True)
class BodyProblem:
    """A problem found while cutting: its file line, and the field and message as the importer
    reports them."""

    line: int
    field: str  # "block" or "code block"
    message: str


def cut(body: str, first_line: int) -> tuple[list[Piece], list[BodyProblem]]:
    """The pieces of ``body`` and the problems found; ``first_line`` is the file line number
    of the body's first line, so every line reported is a line of the file."""
    return _Cutter(body.split("\n"), first_line).run()


class _Cutter:
    """One cut: ``lines`` is the body; pieces are appended in order while ``done`` (an index
    into ``lines``) moves past what has been cut."""

    def __init__(self, lines: list[str], first_line: int):
        self.lines = lines
        self.first_line = first_line
        self.pieces: list[Piece] = []
        self.problems: list[BodyProblem] = []
        self.done = 0

    def run(self) -> tuple[list[Piece], list[BodyProblem]]:
        start: int | None = 0
        while start is not None:
            start = self._cut_from(start)
        return self.pieces, self.problems

    def _cut_from(self, start: int) -> int | None:
        """Cut ``lines[start:]``. Return the line to start again from when a nested header
        showed a block to be unclosed, or None when the body is done."""
        rest = self.lines[start:]
        # markdown-it reads a lone CR as a line break; we count lines on "\n" only, so a CR
        # becomes a space for it and the line maps stay true (files are read with universal
        # newlines, so this only matters for text from elsewhere).
        source = "\n".join(rest).replace("\r", " ")
        # markdown-it does not count the empty string after a final "\n" as a line.
        end = len(rest) - source.endswith("\n")
        tokens = _MD.parse(source)
        fence_open = False
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == _OPEN and token.level == 0:
                close = _matching_close(tokens, index)
                if not self._block(token, tokens[index + 1 : close], start, end):
                    return self.done if self.done < len(self.lines) else None
                index = close
            elif token.type == "heading_open" and token.level == 0 and token.markup == "##":
                self._heading(token, tokens[index + 1], start)
            elif token.type == "fence" and token.map and token.map[1] >= end:
                fence_open = not _closed(token, rest)
            index += 1
        self._markdown(len(self.lines))
        if fence_open:
            last = self._file_line(len(self.lines) - 1)
            self.problems.append(BodyProblem(last, "code block", "a ``` fence is never closed"))
        return None

    def _block(self, token: Token, inside: list[Token], start: int, end: int) -> bool:
        """Cut the block opened by ``token``; False when it is never closed, with ``done`` set
        to where cutting goes on: a nested header, or the end of the body."""
        header, close = start + token.map[0], start + token.map[1]
        self._markdown(header)
        nested = next(
            (
                start + t.map[0]
                for t in inside
                if t.type == _OPEN and t.map and self.lines[start + t.map[0]].startswith(":::")
            ),
            None,
        )
        if nested is not None or token.map[1] >= end:
            message = f"'{self.lines[header].strip()}' is never closed by a ':::' line"
            self.problems.append(BodyProblem(self._file_line(header), "block", message))
            self.done = len(self.lines) if nested is None else nested
            return False
        name, _, title = token.info.strip().partition(" ")
        inner = "\n".join(self.lines[header + 1 : close])
        line = self._file_line(header)
        self.pieces.append(Piece("block", line, inner, name=name, title=title.strip()))
        self.done = close + 1
        return True

    def _heading(self, token: Token, inline: Token, start: int) -> None:
        match = _HEADING.fullmatch(inline.content)
        if match is None:  # an empty "##" stays in the markdown, as it always did
            return
        line = start + token.map[0]
        self._markdown(line)
        anchor = (match.group("anchor") or "").lstrip("#").strip()
        text = match.group("text").strip()
        self.pieces.append(Piece("heading", self._file_line(line), text, anchor=anchor))
        self.done = start + token.map[1]

    def _markdown(self, until: int) -> None:
        """Keep ``lines[done:until]`` as a markdown piece, unless it is only whitespace."""
        text = "\n".join(self.lines[self.done : until]).strip("\n")
        if text.strip():
            skipped = next(i for i, line in enumerate(self.lines[self.done :]) if line)
            self.pieces.append(Piece("markdown", self._file_line(self.done + skipped), text))
        self.done = until

    def _file_line(self, index: int) -> int:
        return self.first_line + index


def _matching_close(tokens: list[Token], index: int) -> int:
    """The index of the close token of the top-level container opened at ``index``."""
    return next(
        i
        for i in range(index + 1, len(tokens))
        if tokens[i].type == _CLOSE and tokens[i].level == 0
    )


def _closed(fence: Token, lines: list[str]) -> bool:
    """Whether a fence that reaches the end of the body ends with its closing line: markdown-it
    ends an unclosed fence at the end of the text without saying so."""
    first, after = fence.map
    if after - 1 <= first:
        return False
    # A nested fence's closing line carries its quote markers and indentation.
    prefix = r" {0,3}" if fence.level == 0 else r"[ \t>]*"
    marker = f"{re.escape(fence.markup[0])}{{{len(fence.markup)},}}"
    return re.fullmatch(prefix + marker + r"[ \t]*", lines[after - 1]) is not None
