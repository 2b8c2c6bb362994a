from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Follows and calendars")

    def ready(self):
        from core.page_cache import (
            FOLLOW_COUNTS,
            PUBLIC_PAGES,
            STAR_COUNTS,
            invalidate_on,
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
        invalidate_on(PUBLIC_PAGES, "follows.CalendarFeed")
        # "My follows" lists the communities the person shares their contact with.
        invalidate_with("follows.ContactShare", lambda share: [person_pages(share.user_id)])
