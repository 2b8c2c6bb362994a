"""The instruction manual: an index and one page per topic, in the viewer's language."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from .selectors import manual_language, neighbours, page_for, pages_for


def manual_index(request):
    language = manual_language(get_language())
    return render(request, "manual/manual_index.html", {"pages": pages_for(language=language)})


def manual_page(request, slug):
    language = manual_language(get_language())
    page = page_for(slug=slug, language=language)
    if page is None:
        raise Http404
    previous, following = neighbours(slug=slug, language=language)
    context = {
        "page": page,
        "is_translation_missing": page.language != language,
        "previous": previous,
        "next": following,
    }
    return render(request, "manual/manual_page.html", context)
