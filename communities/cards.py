"""Community cards (the directory) written out in Python, not a template per card.

The directory lists every active community, a hundred and more; through `{% include %}` and a dozen
template variables each they were most of its render time. The markup is what
communities/_community_card.html was. Texts from the database are escaped here.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.i18n import localized
from core.urls import address_for_slug

from .models import Community

CARD = (
    '<li><article class="community-card">\n'
    "  {logo}\n"
    '  <div class="community-card__body">\n'
    '    <h3 class="community-card__name"><a href="{url}">{name}</a></h3>\n'
    "    {summary}{tracks}\n"
    "  </div>\n"
    "</article></li>\n"
)
LOGO = '<img class="community-card__logo" src="{src}" alt="" width="64" height="64" loading="lazy">'
NO_LOGO = '<span class="community-card__logo community-card__logo--none" aria-hidden="true">{initial}</span>'
SUMMARY = '<p class="community-card__summary">{}</p>'
TRACKS = '\n    <p class="community-card__tracks">{label}\n        {names}</p>'


def community_cards(communities: list[Community], *, show_tracks: bool = False) -> SafeString:
    """The cards of `communities` as the items of a list; with `show_tracks`, each community's
    `edition_tracks` (the directory's prefetch) are named."""
    address = address_for_slug("communities:detail")
    tracks_label = escape(gettext("Community track:"))
    cards = []
    for community in communities:
        name = community.display_name
        summary = localized(community, "summary")
        tracks = getattr(community, "edition_tracks", None) if show_tracks else None
        logo = community.logo
        cards.append(
            CARD.format(
                logo=LOGO.format(src=escape(logo.url)) if logo else NO_LOGO.format(initial=escape(name[:1])),
                url=address(community.slug),
                name=escape(name),
                summary=SUMMARY.format(escape(summary)) if summary else "",
                tracks=(
                    TRACKS.format(label=tracks_label, names=", ".join(escape(str(track)) for track in tracks))
                    if tracks
                    else ""
                ),
            )
        )
    return mark_safe("".join(cards))  # built above from escaped values
