"""Which manual pages exist, in which order, and their rendered text in a language."""

from functools import lru_cache
from pathlib import Path

from .rendering import ManualPage, render_manual

CONTENT_DIR = Path(__file__).resolve().parent / "content"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "zh-hant")  # folders under content/, as django.utils.translation.get_language() names them

# The index lists the pages in this order; a page exists only if its slug is here.
PAGE_SLUGS = (
    "log-in",
    "profile",
    "community-page",
    "post-a-task",
    "check-in",
    "confirm-completions",
    "service-desk",
    "staff",
)


def manual_language(language: str | None) -> str:
    """The manual's language for a Django language code: one of LANGUAGES, else English."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def page_for(*, slug: str, language: str) -> ManualPage | None:
    """The page in the language (English when that file is missing), or None for an unknown slug."""
    if slug not in PAGE_SLUGS:
        return None
    # The path is built from our own list's entry, never from the address someone typed.
    known = PAGE_SLUGS[PAGE_SLUGS.index(slug)]
    return _rendered(known, manual_language(language))


def pages_for(*, language: str) -> list[ManualPage]:
    """Every page in the index's order; a page missing in both languages is left out."""
    return [page for slug in PAGE_SLUGS if (page := page_for(slug=slug, language=language)) is not None]


def neighbours(*, slug: str, language: str) -> tuple[ManualPage | None, ManualPage | None]:
    """The pages before and after this one in the index's order."""
    index = PAGE_SLUGS.index(slug)
    previous = page_for(slug=PAGE_SLUGS[index - 1], language=language) if index > 0 else None
    following = page_for(slug=PAGE_SLUGS[index + 1], language=language) if index + 1 < len(PAGE_SLUGS) else None
    return previous, following


# The files do not change while the process runs: render each (slug, language) once.
@lru_cache(maxsize=len(PAGE_SLUGS) * len(LANGUAGES))
def _rendered(slug: str, language: str) -> ManualPage | None:
    for candidate in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        path = CONTENT_DIR / candidate / f"{slug}.md"
        if path.is_file():
            return render_manual(path.read_text(encoding="utf-8"), slug=slug, language=candidate)
    return None


def clear_cache() -> None:
    """Forget the rendered pages (tests that swap CONTENT_DIR)."""
    _rendered.cache_clear()
