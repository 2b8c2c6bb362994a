import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from volunteering.markdown import markdown_to_text, render_markdown

pytestmark = pytest.mark.unit


def test_render_markdown_keeps_basic_formatting():
    html = render_markdown("Bring **water** and *a hat*.\n\n- one\n- two")

    assert html == ("<p>Bring <strong>water</strong> and <em>a hat</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>")
    assert isinstance(html, SafeString)


def test_render_markdown_removes_script_tags_and_their_content():
    html = render_markdown("Hello <script>alert('x')</script> world")

    assert html == "<p>Hello  world</p>"


def test_render_markdown_removes_event_handler_attributes():
    html = render_markdown('<a href="https://example.org" onclick="steal()">x</a> <b onmouseover="x()">b</b>')

    assert "onclick" not in html
    assert "onmouseover" not in html
    assert html == ('<p><a href="https://example.org" rel="noopener noreferrer nofollow">x</a> <b>b</b></p>')


def test_render_markdown_removes_javascript_links():
    html = render_markdown("[click me](javascript:alert(1)) and <a href='JaVaScRiPt:alert(2)'>two</a>")

    assert "javascript" not in html.lower()
    assert html == (
        '<p><a rel="noopener noreferrer nofollow">click me</a> and <a rel="noopener noreferrer nofollow">two</a></p>'
    )


def test_render_markdown_links_get_rel_nofollow():
    html = render_markdown("[Docs](https://example.org/docs)")

    assert html == '<p><a href="https://example.org/docs" rel="noopener noreferrer nofollow">Docs</a></p>'


def test_render_markdown_drops_images_iframes_and_styles():
    html = render_markdown('<img src="x" onerror="alert(1)"><iframe src="https://e.x"></iframe><style>*{}</style>ok')

    assert html == "<p>ok</p>"


def test_render_markdown_headings_start_below_the_page_headings():
    html = render_markdown("# Big\n\n## Smaller")

    assert html == "<h3>Big</h3>\n<h4>Smaller</h4>"


def test_render_markdown_empty_text_is_empty():
    assert render_markdown("") == ""


def test_markdown_to_text_strips_markup_and_unescapes():
    assert markdown_to_text("# Meet\n\nTom & **Jerry** <script>x</script>[site](https://e.x)") == (
        "Meet\nTom & Jerry site"
    )


def test_markdown_filter_renders_sanitised_html():
    rendered = Template("{% load volunteering_tags %}{{ text|markdown }}").render(
        Context({"text": "**hi** <script>x</script>"})
    )

    assert rendered == "<p><strong>hi</strong> </p>"
