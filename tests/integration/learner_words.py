"""Finding engine words in what a learner reads: the visible text of a page, and the words
that must never be in it (rule ids, fact names, token spellings), built from the engine and
the shipped content rather than written by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from quizzes.engine import vocabulary
from quizzes.engine.facts import DERIVED_PREDICATES, FACTS
from tests.conftest import ROOT
from tests.rules import read_rule_files

# Attributes a learner reads or hears (a tooltip, a screen reader's name, an image's text, a
# field's hint); every other attribute (name, value, id, href, data-*) is machinery.
SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
HIDDEN_ELEMENTS = ("script", "style", "template")  # never shown; <noscript> is, without JS

SNAKE_CASE = re.compile(r"(?<![\w/-])[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+(?![\w-])")
WEB_ADDRESS = re.compile(r"\bhttps?://\S+")  # a source's address is not an engine word
COMPOSED_TOKEN = re.compile(r"(?<![\w/])[a-z_]+:[a-z0-9_]+(?![\w/])")  # drainage_toward:axillary


class VisibleText(HTMLParser):
    """The text of a page as it is shown or announced, one piece per text node or attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        if self._hidden:
            return
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.pieces.append(value)

    def handle_startendtag(self, tag, attrs):
        if tag not in HIDDEN_ELEMENTS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.pieces


def _fact_paths(spec, prefix="") -> set[str]:
    paths = set()
    for name, field in (spec.fields or {}).items():
        path = f"{prefix}{name}"
        paths.add(path)
        inner = field.item if field.kind == "list" else field
        if inner is not None and inner.kind == "object":
            paths |= _fact_paths(inner, f"{path}.")
    return paths


def _vocabulary_tables():
    for value in vars(vocabulary).values():
        if isinstance(value, dict) and value:
            if all(isinstance(t, vocabulary.Term) for t in value.values()):
                yield value
            elif all(isinstance(t, dict) for t in value.values()):
                for table in value.values():
                    if all(isinstance(t, vocabulary.Term) for t in table.values()):
                        yield table


@cache
def abbreviation_tokens() -> frozenset[str]:
    """Tokens (or parts of tokens) that are clinical abbreviations, which a learner reads in
    capitals: "mld", "led", "clt", "rom", "ph", "md". A token part counts when the vocabulary
    writes it in capitals somewhere (LED, PICC, DVT, ROM) or when it has no vowel at all
    (mld, clt, slnb: no English word is spelled so)."""
    words: set[str] = set()
    capitals: set[str] = set()
    for table in _vocabulary_tables():
        for token, term in table.items():
            words |= set(re.split(r"[_:]", str(token)))
            capitals |= set(re.findall(r"\b[A-Z]{2,}\b", f"{term.label} {term.help}"))
    for path in _fact_paths(FACTS):
        words |= set(re.split(r"[._]", path))
    found = {
        word.lower()
        for word in words
        if word.isalpha()
        and len(word) > 1
        and (word.upper() in capitals or not re.search("[aeiouy]", word, re.IGNORECASE))
    }
    return frozenset(found)


@cache
def rule_ids() -> frozenset[str]:
    return frozenset(rule["id"] for _, rule in read_rule_files(ROOT / "content" / "rules"))


@cache
def fact_names() -> frozenset[str]:
    """Dotted fact paths (``labs.platelets_per_uL``) and the derived facts the rules read
    (``chemo_recent``); a one-word name that is an ordinary word (``age``) is not listed."""
    names = {p for p in _fact_paths(FACTS) if "." in p or "_" in p}
    names |= {p for p in DERIVED_PREDICATES if "_" in p}
    return frozenset(names)


@dataclass(frozen=True)
class Finding:
    page: str
    kind: str
    word: str
    context: str

    def __str__(self):
        return f"{self.page}: {self.kind} {self.word!r} in …{self.context}…"


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 50) : end + 50]


def _whole_words(words, text: str, *, case_sensitive: bool = True):
    flags = 0 if case_sensitive else re.IGNORECASE
    for word in words:
        for match in re.finditer(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", text, flags):
            yield word, match


def engine_words(page: str, html: str) -> list[Finding]:
    """Every rule id, fact name, snake_case or composed token, and raw abbreviation token in
    the page's visible text, with where it stands (one finding per place, the first kind that
    names it)."""
    findings = []
    for text in visible_text(html):
        text = WEB_ADDRESS.sub("<address>", text)
        taken: list[tuple[int, int]] = []
        for kind, matches in _matches(text):
            for word, match in matches:
                start, end = match.span()
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                findings.append(Finding(page, kind, word, _context(text, start, end)))
    return findings


def _matches(text: str):
    yield "rule id", _whole_words(rule_ids(), text, case_sensitive=False)
    yield "fact name", _whole_words(fact_names(), text)
    for kind, pattern in (("snake_case", SNAKE_CASE), ("token", COMPOSED_TOKEN)):
        yield kind, ((m.group(), m) for m in pattern.finditer(text))
    yield "raw token", _whole_words(abbreviation_tokens(), text)
