from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Schedule")

    def ready(self):
        from core.page_cache import FILTER_CHOICES, PUBLIC_PAGES, invalidate_on

        invalidate_on(PUBLIC_PAGES, "schedule.Room", "schedule.Track", "schedule.Session")
        invalidate_on(FILTER_CHOICES, "schedule.Room", "schedule.Track")
        from django.db.models.signals import m2m_changed

        from core.page_cache import bump

        from .models import Track

        # Linking a track to a community changes both their pages.
        m2m_changed.connect(
            lambda **kwargs: [bump(PUBLIC_PAGES), bump(FILTER_CHOICES)],
            sender=Track.communities.through,
            weak=False,
            dispatch_uid="page-cache-track-communities",
        )
