"""Follows: the personal calendar feed (followed communities/tracks and starred sessions come later)."""

from django.db import transaction

from .models import CalendarFeed


def calendar_feed_for(user) -> CalendarFeed:
    """The person's calendar feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(user) -> CalendarFeed:
    """Give the person's feed a new secret address; calendar apps using the old one get 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user)
    feed.reset()
    return feed
