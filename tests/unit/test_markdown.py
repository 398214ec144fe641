"""The markdown pipeline: features authors use, and payloads that must never reach a page."""

from html.parser import HTMLParser

import pytest

from cms.markdown import ALLOWED_TAGS, plain_text, render_markdown, word_count


def elements(html: str) -> list[tuple[str, dict]]:
    """Every element of ``html`` with its attributes, as a browser's parser sees them."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def assert_inert(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("style", "src", "srcdoc", "formaction"), (tag, name)
            if name == "href":
                assert value.lower().startswith(("https:", "http:", "mailto:", "#")), value


def test_tables_render_with_header_cells():
    html = render_markdown("| Level | Name |\n|---|---|\n| 0 | stationary hold |")
    assert "<table>" in html
    assert "<th>Level</th>" in html
    assert '<td data-label="Name">stationary hold</td>' in html


def test_table_cells_carry_their_column_header_as_a_label():
    """Phones show each row as a card: every body cell knows its column's name, in words
    (markup in the header is flattened, an escaped pipe stays a pipe)."""
    html = render_markdown(
        '| **Level** | `max` \\| cap | Feel |\n|---|---|---|\n| 0 | hold | "still" |\n| 1 | |'
    )
    cells = [attrs for tag, attrs in elements(html) if tag == "td"]
    labels = [attrs.get("data-label") for attrs in cells]
    assert labels == ["Level", "max | cap", "Feel", "Level", "max | cap", "Feel"]


def test_admonitions_keep_their_classes():
    html = render_markdown('!!! note "Practice varies"\n    Programs differ here.')
    assert '<div class="admonition note">' in html
    assert '<p class="admonition-title">Practice varies</p>' in html


def test_footnotes_link_both_ways():
    html = render_markdown("Walton says so.[^walton]\n\n[^walton]: Walton 2011, p. 387.")
    assert 'href="#fn:walton"' in html
    assert 'id="fn:walton"' in html


def test_headings_get_ids_explicit_or_generated():
    assert '<h3 id="platelets">' in render_markdown("### Platelets {#platelets}")
    assert '<h3 id="blood-counts">' in render_markdown("### Blood counts")


def test_safe_links_are_kept_with_rel():
    html = render_markdown("[NLN](https://example.org/nln)")
    assert 'href="https://example.org/nln"' in html
    assert 'rel="noopener noreferrer"' in html


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="https://x.org" onclick="steal()">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click]( javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](https://tracker.example/pixel.png)",
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "*hi*{: onmouseover=alert(1) }",
    "### Title {: onclick=alert(1) }",
    "[x](https://ok.example){: onclick=alert(1) }",
    '<details open ontoggle="alert(1)">',
    "<b>raw html</b>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_never_becomes_live_html(payload):
    html = render_markdown(payload)
    assert_inert(html)
    assert "<script" not in html.lower()


def test_every_payload_at_once_is_inert():
    assert_inert(render_markdown("\n\n".join(PAYLOADS)))


def test_raw_html_is_shown_as_text_not_dropped_silently():
    assert "&lt;b&gt;raw html&lt;/b&gt;" in render_markdown("<b>raw html</b>")


def test_attribute_list_cannot_inject_event_handlers_or_styles():
    html = render_markdown('Para\n{: onclick="x()" style="color:red" .note }')
    assert_inert(html)
    assert elements(html) == [("p", {"class": "note"})]


def test_plain_text_and_word_count_ignore_markup():
    source = (
        "## Title {#t}\n\n**Bold** words and a [link](https://example.org).\n\n| a | b |\n|---|---|"
    )
    assert plain_text(source) == "Title Bold words and a link . a b"
    assert word_count("One *two* three.") == 3


def test_rendering_is_deterministic():
    source = "Text[^1]\n\n[^1]: note"
    assert render_markdown(source) == render_markdown(source)
