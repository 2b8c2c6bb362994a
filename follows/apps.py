from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Follows and calendars")

    def ready(self):
        from core.page_cache import PUBLIC_PAGES, invalidate_on

        invalidate_on(
            PUBLIC_PAGES,
            "follows.CommunityFollow",
            "follows.TrackFollow",
            "follows.SessionStar",
            "follows.CalendarFeed",
        )
