"""Reads for the venue guidance materials: the guide's texts, the board's QR code, tasks starting soon."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.qr import qr_svg as core_qr_svg
from editions.models import Edition
from volunteering.markdown import render_markdown
from volunteering.models import PLACE_HOLDING, Task, TaskStatus

from .models import Guide

SCREEN_DEFAULT_HOURS = 3
SCREEN_MAX_HOURS = 12
SCREEN_MAX_TASKS = 30

# Shown while staff have not written a text yet (or wrote it in neither language).
DEFAULT_TEXTS = {
    "desk_location": _(
        "The volunteer service desk is near the registration desk at the main entrance. "
        "Follow the “One-day volunteer” signs, or ask anyone in a staff T-shirt."
    ),
    "opening_hours": _("Open on every event day, from the first session in the morning until the last one ends."),
    "where_to_find_tasks": _(
        "All tasks are on the one-day volunteer board: scan the QR code on the posters around the venue or open "
        "the board on your phone. The venue screens list the tasks that start in the next hours."
    ),
}

DEFAULT_FAQ = [
    (
        _("Do I need experience?"),
        _("No. Each task says what it involves; the requester explains the rest when you arrive."),
    ),
    (
        _("Do I need an account?"),
        _("Yes, to sign up. Log in with your email address: we send you a one-time code, no password needed."),
    ),
    (
        _("What if I cannot make it?"),
        _(
            "Cancel your sign-up on the board as soon as you know, "
            "so the next person on the waiting list gets the place."
        ),
    ),
    (
        _("When do I get my points?"),
        _("When the requester confirms that you did the task. Your balance is under “My one-day volunteering”."),
    ),
    (
        _("How do I exchange points?"),
        _("Show your personal QR code at the volunteer service desk and pick a reward; the points are deducted."),
    ),
]


def guide_for(edition: Edition | None) -> Guide | None:
    if edition is None:
        return None
    return Guide.objects.filter(edition=edition).select_related("updated_by").first()


class GuideContent:
    """What the guide shows, in the language active when a text is read (templates may switch it).

    Each text is the viewer's language, else the other language, else a translatable default.
    """

    def __init__(self, guide: Guide | None):
        self.guide = guide

    def _text(self, field: str):
        return (localized(self.guide, field) if self.guide else "") or DEFAULT_TEXTS[field]

    @property
    def desk_location(self):
        return self._text("desk_location")

    @property
    def opening_hours(self):
        return self._text("opening_hours")

    @property
    def where_to_find_tasks(self):
        return self._text("where_to_find_tasks")

    @property
    def faq_html(self) -> SafeString | None:
        """The staff's questions and answers as sanitised HTML, or None for the default list."""
        text = localized(self.guide, "faq") if self.guide else ""
        if not text.strip():
            return None
        # render_markdown starts headings at <h3>: the page's own are <h1> and <h2>.
        return render_markdown(text)

    @property
    def default_faq(self):
        return DEFAULT_FAQ

    @cached_property
    def venue_map(self):
        return self.guide.venue_map if self.guide and self.guide.venue_map else None


def board_url() -> str:
    """The board's absolute address, for QR codes that people scan from a wall."""
    return settings.SITE_URL + reverse("volunteering:board")


def qr_svg(url: str, *, css_class: str = "qr__code") -> SafeString:
    """An inline SVG QR code for `url` (sized by CSS, so no width/height attributes)."""
    return core_qr_svg(url, title=url, css_class=css_class)


def tasks_starting_soon(
    *, edition: Edition | None, now: datetime.datetime, hours: int, limit: int = SCREEN_MAX_TASKS
) -> list[Task]:
    """Open tasks of the edition that start within `hours` and still have places, soonest first.

    One query: the places held (confirmed, completed, no-show) are counted in the same statement.
    Fetches `limit + 1` rows so a caller can tell that there are more.
    """
    if edition is None:
        return []
    held = Count("sign_ups", filter=Q(sign_ups__status__in=PLACE_HOLDING))
    return list(
        Task.objects.filter(
            edition=edition,
            status=TaskStatus.OPEN,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(hours=hours),
        )
        .annotate(places_held=held)
        .annotate(places_left=F("headcount") - F("places_held"))
        .filter(places_left__gt=0)
        .select_related("room")
        .order_by("starts_at", "pk")[: limit + 1]
    )


def screen_hours(raw: str | None) -> int:
    """`?hours=N` clamped to 1..12; anything unreadable means the default."""
    try:
        hours = int(raw)
    except (TypeError, ValueError):
        return SCREEN_DEFAULT_HOURS
    return max(1, min(SCREEN_MAX_HOURS, hours))
