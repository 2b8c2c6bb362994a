from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("One-day volunteer")

    def ready(self):
        from core.page_cache import PUBLIC_PAGES, invalidate_on

        invalidate_on(PUBLIC_PAGES, "volunteering.Task", "volunteering.SignUp")
