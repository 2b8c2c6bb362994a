from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("One-day volunteer")

    def ready(self):
        from core.page_cache import (
            PUBLIC_PAGES,
            TASK_PLACES,
            invalidate_on,
            invalidate_with,
            person_pages,
            task_pages,
        )

        from . import personal  # noqa: F401  (registers the fillers of places and sign-ups)

        # A task's own edits are rare and show everywhere; sign-ups come by the hundred and change only
        # the task, the places left on lists and the person's own pages.
        invalidate_on(PUBLIC_PAGES, "volunteering.Task")
        invalidate_with("volunteering.Task", lambda task: [task_pages(task.pk)])
        invalidate_with(
            "volunteering.SignUp",
            lambda sign_up: [TASK_PLACES, task_pages(sign_up.task_id), person_pages(sign_up.user_id)],
        )
