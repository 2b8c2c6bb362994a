"""Manual pages are Markdown files in the repository: render one with a table of contents and stable
heading anchors, then sanitise it like every other Markdown in the project (volunteering.markdown's
allow-list) plus what a manual needs: heading ids, screenshots, figures and tables.

Not named markdown.py: `python manual/screenshots.py` puts this folder first on sys.path, where a
markdown.py would hide the Markdown library.
"""

import html
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from PIL import Image

from volunteering.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_URL_PREFIX = "/static/"
TABLE_WRAPPER_CLASS = "table-scroll"  # core/static/css/site.css: scrolls sideways on a phone

# Anchors are ASCII in both languages (`## 登入 {#log-in}`), so links work whatever the language.
ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# Only the manual's own images: a relative /static/manual/ address, no way out of that folder.
IMAGE_SRC = re.compile(r"/static/manual/(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.(?:png|jpe?g|webp)\Z")
NUMBER = re.compile(r"[1-9][0-9]{0,4}\Z")

TAGS = ALLOWED_TAGS | {
    "h2",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
}
ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {"src", "alt", "width", "height", "loading"},
}
CLASSES = {"div": {TABLE_WRAPPER_CLASS}}

# `## Title` is the page's <h2>: the template prints the title (the file's `# ` heading) as <h1>.
_EXTENSIONS = ["attr_list", "sane_lists", "tables", "toc"]
_TOC_CONFIG = {"toc_depth": "2-3"}
# The first `# ` heading, optionally with an attr_list `{...}` or closing hashes.
_TITLE = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*(?:\{[^}\n]*\})?[ \t]*#*[ \t]*$", re.MULTILINE)
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# A line break between two CJK characters is not a space in Chinese: join such lines before rendering.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")


@dataclass(frozen=True)
class TocEntry:
    id: str
    name: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class ManualPage:
    slug: str
    language: str  # the language the text is in (English when the translation is missing)
    title: str
    lead: str  # the first paragraph as plain text, for the index
    html: SafeString  # the whole page below the title
    toc: tuple[TocEntry, ...]

    @property
    def intro(self) -> SafeString:
        """What comes before the first section (shown above the table of contents)."""
        return mark_safe(self.html[: self._first_section()])  # noqa: S308 - a part of sanitised HTML

    @property
    def sections(self) -> SafeString:
        return mark_safe(self.html[self._first_section() :])  # noqa: S308 - a part of sanitised HTML

    def _first_section(self) -> int:
        # Sections are top-level <h2>s, so cutting before one leaves two well-formed halves.
        start = self.html.find("<h2")
        return len(self.html) if start < 0 else start


def render_manual(text: str, *, slug: str = "", language: str = "en") -> ManualPage:
    """A manual page from its Markdown: title from the first `# ` heading, body sanitised."""
    title, body = _split_title(text)
    body = _CJK_LINE_BREAK.sub("", body)
    converter = markdown_lib.Markdown(
        extensions=[*_EXTENSIONS, _ManualExtension()], extension_configs={"toc": _TOC_CONFIG}
    )
    clean = sanitise(converter.convert(body))
    lead = _FIRST_PARAGRAPH.search(clean)
    return ManualPage(
        slug=slug,
        language=language,
        title=title,
        lead=" ".join(html.unescape(strip_tags(lead.group(1))).split()) if lead else "",
        html=mark_safe(clean),  # noqa: S308 - nh3 has removed everything outside the allow-list
        toc=tuple(_toc_entry(token) for token in converter.toc_tokens),
    )


def sanitise(rendered: str) -> str:
    """Keep the manual's allow-list: anchors, own images, figures, tables; no scripts or handlers."""
    return nh3.clean(
        rendered,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        # Our own reviewed text linking mostly to our own pages: no rel="nofollow" on those, and
        # without target="_blank" there is no opener to cut off.
        link_rel=None,
    )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if ANCHOR.match(value) else None
    if tag == "img":
        if attribute == "src":
            return value if IMAGE_SRC.match(value) else None
        if attribute in ("width", "height"):
            return value if NUMBER.match(value) else None
        if attribute == "loading":
            return value if value in ("lazy", "eager") else None
    return value


def _split_title(text: str) -> tuple[str, str]:
    match = _TITLE.search(text)
    if match is None:
        return "", text
    return match.group("title").strip(), text[: match.start()] + text[match.end() :]


def _toc_entry(token: dict) -> TocEntry:
    return TocEntry(
        id=token["id"],
        name=html.unescape(token["name"]),
        children=tuple(_toc_entry(child) for child in token["children"]),
    )


def static_file(src: str) -> Path | None:
    """The file behind a /static/manual/... address, or None when the address is not one."""
    if not IMAGE_SRC.match(src):
        return None
    return STATIC_DIR / src.removeprefix(STATIC_URL_PREFIX)


class _FiguresAndTables(Treeprocessor):
    """A paragraph holding only an image becomes a <figure> (its title the caption); images get their
    size (no layout jump while loading) and load lazily; tables scroll inside a wrapper on a phone."""

    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = ElementTree.Element("div", {"class": TABLE_WRAPPER_CLASS})
                    wrapper.tail, child.tail = child.tail, "\n"
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)
                elif child.tag == "p" and _only_image(child):
                    _to_figure(child)
        for image in root.iter("img"):
            image.set("loading", image.get("loading", "lazy"))
            path = static_file(image.get("src", ""))
            if path is not None and path.is_file() and "width" not in image.attrib:
                with Image.open(path) as picture:
                    image.set("width", str(picture.width))
                    image.set("height", str(picture.height))


def _only_image(paragraph) -> bool:
    children = list(paragraph)
    return (
        len(children) == 1
        and children[0].tag == "img"
        and not (paragraph.text or "").strip()
        and not (children[0].tail or "").strip()
    )


def _to_figure(paragraph) -> None:
    image = paragraph[0]
    paragraph.tag = "figure"
    caption = image.attrib.pop("title", "")
    if caption:
        figcaption = ElementTree.SubElement(paragraph, "figcaption")
        figcaption.text = caption


class _ManualExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # After the inline patterns (priority 20) have made the <img>s, before the toc (5) reads headings.
        md.treeprocessors.register(_FiguresAndTables(md), "manual_figures_tables", 6)
