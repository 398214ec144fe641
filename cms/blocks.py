"""StreamField blocks for course and module pages.

Markdown is rendered once, when a page is saved or imported: ``MarkdownBlock`` stores the
source together with its sanitised HTML (and the renderer version that made it), so a
request only copies stored HTML into the template. Case facts are validated against the
vocabulary and turned into a readable vignette at save time in the same way.
"""

from __future__ import annotations

import re

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.markdown import render_markdown
from quizzes.engine.facts import FactsError, validate_facts
from quizzes.engine.vignette import vignette

# Bump when the markdown pipeline or its allow-list changes: stored HTML made by an older
# version is then rendered again the first time it is read, and stored on the next save.
RENDERER_VERSION = 2

ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG = re.compile(r"<[^>]+>")


class MarkdownValue:
    """Markdown source and its rendered, sanitised HTML."""

    __slots__ = ("_html", "source")

    def __init__(self, source: str = "", html: str | None = None):
        self.source = source or ""
        self._html = html

    @property
    def html(self) -> str:
        if self._html is None:
            self._html = render_markdown(self.source)
        return self._html

    @property
    def word_count(self) -> int:
        return len(_TAG.sub(" ", self.html).split())

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return mark_safe(self.html)  # noqa: S308 - sanitised by nh3 in render_markdown

    def __bool__(self) -> bool:
        return bool(self.source.strip())

    def __eq__(self, other) -> bool:
        return isinstance(other, MarkdownValue) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"MarkdownValue({self.source[:40]!r})"


def markdown_prep(source: str) -> dict:
    """The stored form of a markdown value (also used by the content importer)."""
    return {"markdown": source, "html": render_markdown(source), "v": RENDERER_VERSION}


class MarkdownBlock(blocks.FieldBlock):
    """Markdown text: tables, footnotes, admonitions, heading ids; sanitised with nh3."""

    def __init__(self, required=True, help_text=None, rows=14, **kwargs):
        self.field = forms.CharField(
            required=required,
            help_text=help_text
            or "Markdown: **bold**, *italic*, lists, tables, [links](https://…), footnotes.",
            widget=forms.Textarea(attrs={"rows": rows}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict):
            html = value.get("html") if value.get("v") == RENDERER_VERSION else None
            return MarkdownValue(value.get("markdown", ""), html)
        return MarkdownValue(value or "")

    def bulk_to_python(self, values):
        return [self.to_python(value) for value in values]

    def get_prep_value(self, value):
        value = self.normalize(value)
        return {"markdown": value.source, "html": value.html, "v": RENDERER_VERSION}

    def normalize(self, value):
        return value if isinstance(value, MarkdownValue) else MarkdownValue(str(value or ""))

    def get_default(self):
        return MarkdownValue("")

    def value_for_form(self, value):
        return self.normalize(value).source

    def value_from_form(self, value):
        return MarkdownValue(value or "")

    def get_searchable_content(self, value):
        return [_TAG.sub(" ", self.normalize(value).html)]

    def render(self, value, context=None):
        """Stored HTML in a wrapper, without a template: the most frequent block, kept cheap."""
        return format_html('<div class="prose">{}</div>', self.normalize(value))

    def render_basic(self, value, context=None):
        return mark_safe(self.normalize(value).html)  # noqa: S308 - sanitised HTML

    class Meta:
        icon = "doc-full"
        description = "Text written in markdown"


class HeadingValue(blocks.StructValue):
    @cached_property
    def anchor_id(self) -> str:
        return self.get("anchor") or slugify(self.get("text") or "")


class HeadingBlock(blocks.StructBlock):
    """A section heading with a stable anchor, so feedback can link to
    ``/course/module/#anchor``. Never change a published anchor."""

    text = blocks.CharBlock(max_length=200)
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Lowercase letters, digits and hyphens; made from the text if left blank. "
        "Quiz feedback links here, so keep it stable once published.",
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("anchor") and not ANCHOR.match(value["anchor"]):
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError("Use lowercase letters, digits and hyphens only.")
                }
            )
        return value

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        value_class = HeadingValue
        description = "A section heading that other pages can link to"


class CalloutBlock(blocks.StructBlock):
    """A boxed note, visually distinct by kind and announced by kind to screen readers."""

    KINDS = (
        ("caution", "Caution"),
        ("contraindication", "Contraindication"),
        ("tip", "Tip"),
        ("evidence", "Evidence"),
    )
    kind = blocks.ChoiceBlock(choices=KINDS, default="caution")
    title = blocks.CharBlock(max_length=200)
    body = MarkdownBlock(rows=6)

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        description = "Caution, contraindication, tip or evidence box"


class ImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=300, help_text="What the image shows, for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "Image with alt text and caption"


class CaseFacts:
    """Validated case facts with the vignette made from them."""

    __slots__ = ("facts", "sections", "source")

    def __init__(self, source: str, facts: dict, sections: list[dict]):
        self.source = source
        self.facts = facts
        self.sections = sections

    @classmethod
    def from_source(cls, source: str) -> CaseFacts:
        facts = parse_facts(source)
        return cls(source, facts, vignette_sections(facts))

    def __eq__(self, other):
        return isinstance(other, CaseFacts) and other.source == self.source

    def __hash__(self):
        return hash(self.source)


def vignette_sections(facts: dict) -> list[dict]:
    return [{"heading": s.heading, "lines": list(s.lines)} for s in vignette(facts)]


def parse_facts(source: str) -> dict:
    """YAML facts, validated against the vocabulary. Raises ValidationError naming the field."""
    try:
        facts = yaml.safe_load(source or "") or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ValidationError(f"The facts are not valid YAML{where}.") from error
    try:
        return validate_facts(facts)
    except FactsError as error:
        raise ValidationError([f"{path}: {message}" for path, message in error.errors]) from error


class CaseFactsBlock(blocks.FieldBlock):
    """Client facts in the case vocabulary, written as YAML; shown to learners as a vignette."""

    def __init__(self, required=True, **kwargs):
        self.field = forms.CharField(
            required=required,
            help_text="YAML in the case-fact vocabulary, e.g. `labs: {platelets_per_uL: 40000}`.",
            widget=forms.Textarea(attrs={"rows": 12, "style": "font-family: monospace"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict) and "facts" in value:
            return CaseFacts(value.get("yaml", ""), value["facts"], value.get("vignette", []))
        try:
            return CaseFacts.from_source(value or "")
        except ValidationError:
            return CaseFacts(value or "", {}, [])  # invalid legacy data: shown empty, not a 500

    def get_prep_value(self, value):
        if not isinstance(value, CaseFacts):
            value = CaseFacts.from_source(value or "")
        return {"yaml": value.source, "facts": value.facts, "vignette": value.sections}

    def value_for_form(self, value):
        return value.source if isinstance(value, CaseFacts) else (value or "")

    def value_from_form(self, value):
        return value or ""

    def clean(self, value):
        source = self.field.clean(self.value_for_form(value))
        return CaseFacts.from_source(source)

    def get_default(self):
        return CaseFacts("", {}, [])

    def get_searchable_content(self, value):
        if not isinstance(value, CaseFacts):
            return []
        return [" ".join(line for s in value.sections for line in s["lines"])]

    class Meta:
        icon = "clipboard-list"


class CaseStudyBlock(blocks.StructBlock):
    """A client case shown from structured facts, with the worked discussion."""

    title = blocks.CharBlock(max_length=200)
    intro = blocks.TextBlock(required=False, help_text="One or two sentences setting the scene.")
    facts = CaseFactsBlock()
    discussion = MarkdownBlock(help_text="What the therapist does and why, citing rules.")

    class Meta:
        icon = "user"
        template = "blocks/case_study_block.html"
        description = "A worked client case"


class ReferencesBlock(blocks.StructBlock):
    """The sources a module cites, from the shared source list."""

    sources = blocks.ListBlock(SnippetChooserBlock("courses.Source"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/references_block.html"
        description = "Source list"


class ModuleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    markdown = MarkdownBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    case_study = CaseStudyBlock()
    references = ReferencesBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            if child.block_type == "heading":
                anchor = child.value.anchor_id
                if anchor in seen:
                    errors[index] = ValidationError(f"The anchor '{anchor}' is used twice.")
                seen.add(anchor)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class CourseOverviewBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    markdown = MarkdownBlock()
    callout = CalloutBlock()


class InstructorBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    credentials = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "user"


class ObjectiveBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
