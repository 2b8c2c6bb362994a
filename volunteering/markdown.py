"""Task descriptions are Markdown written by requesters: render them, then keep only a small, safe set of HTML.

Pages show the HTML stored when the text was saved (core.markdown_fields); `render_markdown` itself is for
previews, e-mails and texts that are not stored that way."""

import html

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
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
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# Headings in a description start at <h3>: the page has its own <h1> and <h2>s.
_EXTENSIONS = ["sane_lists", "toc"]
_EXTENSION_CONFIGS = {"toc": {"baselevel": 3}}


def _to_html(text: str) -> str:
    rendered = markdown_lib.markdown(text or "", extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML, safe to put in a page."""
    return mark_safe(_to_html(text))  # noqa: S308 - nh3 has removed everything outside the allow-list


def markdown_to_text(text: str) -> str:
    """The description as plain text (calendar files, emails): the rendered words without markup."""
    return html_to_text(_to_html(text))


def html_to_text(rendered: str) -> str:
    """`markdown_to_text` from HTML already rendered (a stored `*_html` field, core.markdown_fields)."""
    return html.unescape(strip_tags(rendered)).strip()
