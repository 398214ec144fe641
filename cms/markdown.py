"""Markdown to safe HTML, done once when content is saved or imported.

python-markdown (tables, footnotes, admonitions, definition lists, attribute lists, heading
ids) produces HTML that nh3 then cleans against an allow-list: no scripts, no event-handler
attributes, no ``style``, no raw ``<img>`` (images go through the image block, with required
alt text), and only http(s), mailto and in-page links. Raw HTML in the source is not
interpreted at all (python-markdown's HTML handlers are removed, so ``<b>`` shows as text);
nh3 is the second wall, not the first.

Every body cell of a table carries its column's header as ``data-label``, so that on a
phone the stylesheet can show each row as a card with its labels instead of a table too
wide for the screen.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = [
    "markdown.extensions.tables",
    "markdown.extensions.footnotes",
    "markdown.extensions.admonition",
    "markdown.extensions.def_list",
    "markdown.extensions.attr_list",
    "markdown.extensions.sane_lists",
    "markdown.extensions.toc",
]
EXTENSION_CONFIGS = {"markdown.extensions.toc": {"permalink": False}}

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "abbr",
    "sup",
    "sub",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan", "data-label"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_CLASS_OK = re.compile(r"^[a-z][a-z0-9_-]*$")


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        classes = [c for c in value.split() if _CLASS_OK.match(c)]
        return " ".join(classes) or None
    if attribute == "id" and not _CLASS_OK.match(value.replace(":", "-")):
        return None
    return value


class TableLabels(Treeprocessor):
    """Give each body cell the text of its column's header cell as ``data-label``."""

    def run(self, root):
        for table in root.iter("table"):
            header = table.find("thead/tr")
            if header is None:
                continue
            labels = [" ".join("".join(cell.itertext()).split()) for cell in header]
            for row in table.iterfind("tbody/tr"):
                for cell, label in zip(row, labels, strict=False):
                    if label:
                        cell.set("data-label", label)


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # After "unescape" (priority 0), so the labels are the header's final text.
    md.treeprocessors.register(TableLabels(md), "table_labels", -1)
    return md


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Sanitised HTML for a markdown source. Pure and deterministic: the same source always
    gives the same HTML, so a stored rendering can be compared and reused."""
    return sanitize(_markdown().convert(source or ""))


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(source: str) -> str:
    """The words a reader sees, for word counts and the search index."""
    text = _TAG.sub(" ", render_markdown(source))
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return _SPACE.sub(" ", text).strip()


def word_count(source: str) -> int:
    return len(plain_text(source).split())
