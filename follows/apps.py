from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _feed_address_changed(created=False, **kwargs) -> None:
    """A reset or a deleted feed: its old address must stop answering from every copy at once. A feed
    created on a first visit to "My follows" throws nothing away (it used to empty every page copy)."""
    if not created:
        from core.page_cache import PUBLIC_PAGES, bump

        bump(PUBLIC_PAGES)


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Follows and calendars")

    def ready(self):
        from core.page_cache import (
            FOLLOW_COUNTS,
            STAR_COUNTS,
            invalidate_with,
            person_pages,
        )

        from . import buttons  # noqa: F401  (registers the follow buttons' filler)

        # Buttons and counts on pages are filled per response (follows.buttons): a follow or a star
        # changes only the person's own pages and the calendar feeds (the owner's feed follows it). A
        # calendar feed's address (reset, revoked) is rare and must stop answering everywhere at once.
        for model in ("follows.CommunityFollow", "follows.TrackFollow"):
            invalidate_with(model, lambda follow: [FOLLOW_COUNTS, person_pages(follow.user_id)])
        invalidate_with(
            "follows.SessionStar",
            lambda star: [STAR_COUNTS, person_pages(star.user_id)],
        )
        # A new feed has no copy to throw away: only a reset or a deletion must reach every process.
        post_save.connect(_feed_address_changed, sender="follows.CalendarFeed", dispatch_uid="feed-address-saved")
        post_delete.connect(_feed_address_changed, sender="follows.CalendarFeed", dispatch_uid="feed-address-deleted")
        # "My follows" lists the communities the person shares their contact with.
        invalidate_with("follows.ContactShare", lambda share: [person_pages(share.user_id)])
