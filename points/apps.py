from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Points and rewards")

    def ready(self):
        from core.page_cache import PUBLIC_PAGES, invalidate_on

        # Balances, histories and desk codes show on "My one-day volunteering".
        invalidate_on(PUBLIC_PAGES, "points.PointsEntry", "points.Redemption", "points.DeskCode")
