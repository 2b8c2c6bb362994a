from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("One-day volunteer")

    def ready(self):
        from core.page_cache import (
            FILTER_CHOICES,
            PUBLIC_PAGES,
            TASK_PLACES,
            invalidate_on,
            invalidate_with,
            person_pages,
        )

        from . import personal  # noqa: F401  (registers the fillers of places and sign-ups)

        # A task's own edits are rare and show everywhere; sign-ups come by the hundred: places left are
        # filled into every page per response (volunteering.personal), so a sign-up changes only the
        # person's own pages and the lists of places in feeds and "My one-day volunteering".
        invalidate_on(PUBLIC_PAGES, "volunteering.Task")
        invalidate_on(FILTER_CHOICES, "volunteering.Task")
        invalidate_with(
            "volunteering.SignUp",
            lambda sign_up: [TASK_PLACES, person_pages(sign_up.user_id)],
        )
