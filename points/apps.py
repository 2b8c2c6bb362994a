from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Points and rewards")

    def ready(self):
        from core.page_cache import invalidate_with, person_pages

        # Balances, histories and desk codes show only on the person's own pages.
        for model in ("points.PointsEntry", "points.Redemption", "points.DeskCode"):
            invalidate_with(model, lambda row: [person_pages(row.user_id)])
