"""Follow and star buttons on pages.

    {% load follows_tags %}
    {% follow_button community %}               {# with its follower count #}
    {% follow_button session count=False %}     {# without #}

The button is the reader's (are they following?) and the count changes with every follow, so neither
goes into a page copy: the tag writes a core.personal marker and follows.buttons fills every button of
the page at once (one query per kind for the reader, one for the counts).
"""

from django import template
from django.urls import NoReverseMatch, reverse

from core.personal import marker
from follows import selectors

register = template.Library()


@register.simple_tag
def follow_button(target, count=True):
    return marker("follow", selectors.kind_of(target).name, target.pk, "1" if count else "0")


PAGE_URLS = {
    "community": ("communities:detail", "slug"),
    "track": ("schedule:track-detail", "pk"),
    "session": ("schedule:session-detail", "pk"),
}


@register.filter
def follows_page_url(target) -> str:
    """The community's, track's or session's page here, or "" when that page doesn't exist."""
    name, attribute = PAGE_URLS[selectors.kind_of(target).name]
    try:
        return reverse(name, args=[getattr(target, attribute)])
    except NoReverseMatch:
        return ""
