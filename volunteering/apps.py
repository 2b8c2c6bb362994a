from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

# The page-cache namespace of what anonymous visitors see on the board and task pages.
BOARD_PAGES = "one-day-board"
SHOWN_ON_BOARD = [
    "volunteering.Task",
    "volunteering.SignUp",
    "schedule.Room",
    "schedule.Track",
    "communities.Community",
    "editions.Edition",
]


def forget_board_pages(**kwargs) -> None:
    from core.page_cache import bump

    bump(BOARD_PAGES)


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("One-day volunteer")

    def ready(self):
        for label in SHOWN_ON_BOARD:
            for signal in (post_save, post_delete):
                signal.connect(forget_board_pages, sender=label, dispatch_uid=f"board-pages-{label}-{signal}")
