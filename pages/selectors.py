"""Reads for the venue guidance materials: the guide's texts, the board's QR code, the venue screen."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.qr import qr_svg as core_qr_svg
from editions.models import Edition
from schedule.models import Session
from volunteering.markdown import render_markdown
from volunteering.models import Task, TaskStatus
from volunteering.selectors import with_place_counts

from .models import Guide
from .services import GUIDE_TEXT_FIELDS

SCREEN_DEFAULT_HOURS = 3
SCREEN_MAX_HOURS = 12
# Sessions starting this soon are "next" on the venue screen.
SCREEN_SESSION_MINUTES = 60
# How many rows each of the screen's lists shows: what a 1080p TV holds in type readable from 5 m.
SCREEN_TASKS_SHOWN = 3
SCREEN_SESSIONS_SHOWN = 4

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
    "venue_map_alt": _("Venue map showing where the volunteer service desk is"),
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

# The guide's texts kept in both languages, by their English field's name.
GUIDE_BILINGUAL_FIELDS = [name for name in GUIDE_TEXT_FIELDS if not name.endswith("_zh_hant")]


def default_faq_markdown() -> str:
    """The default questions and answers as the Markdown staff would write, in the active language."""
    return "\n\n".join(f"# {question}\n\n{answer}" for question, answer in DEFAULT_FAQ)


def default_text(field: str) -> str:
    """What the guide shows for `field` while staff have written it in neither language (active language)."""
    return default_faq_markdown() if field == "faq" else str(DEFAULT_TEXTS[field])


def guide_for(edition: Edition | None) -> Guide | None:
    if edition is None:
        return None
    return Guide.objects.filter(edition=edition).select_related("updated_by").first()


def guide_initial(guide: Guide | None) -> dict[str, str]:
    """What the edit form starts with beyond the stored texts: the default of every text the page shows one for.

    A text empty in both languages shows its default, so the form offers that default in each language;
    saving the form unchanged then stores what the page already showed. A text written in one language
    only stays as it is: the page shows that language to everyone, and so does the form.
    """
    initial = {}
    for name in GUIDE_BILINGUAL_FIELDS:
        if guide is not None and (getattr(guide, name) or getattr(guide, f"{name}_zh_hant")):
            continue
        for language, form_field in (("en", name), ("zh-hant", f"{name}_zh_hant")):
            with translation.override(language):
                initial[form_field] = default_text(name)
    return initial


class GuideContent:
    """What the guide shows, in the language active when a text is read (templates may switch it).

    Each text is the viewer's language, else the other language, else a translatable default.
    """

    def __init__(self, guide: Guide | None):
        self.guide = guide

    def _text(self, name: str) -> str:
        return (localized(self.guide, name) if self.guide else "") or default_text(name)

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
    def faq_html(self) -> SafeString:
        """The questions and answers as sanitised HTML: the staff's Markdown, else the default list.

        Both go through the same renderer, so a default saved from the edit form looks the same.
        """
        # render_markdown starts headings at <h3>: the page's own are <h1> and <h2>.
        return render_markdown(self._text("faq"))

    @cached_property
    def venue_map(self):
        return self.guide.venue_map if self.guide and self.guide.venue_map else None

    @property
    def venue_map_alt(self):
        return self._text("venue_map_alt")


def board_url() -> str:
    """The board's absolute address, for QR codes that people scan from a wall."""
    return settings.SITE_URL + reverse("volunteering:board")


def qr_svg(url: str, *, css_class: str = "qr__code") -> SafeString:
    """An inline SVG QR code for `url` (sized by CSS, so no width/height attributes)."""
    return core_qr_svg(url, title=url, css_class=css_class)


# The venue screen


class Phase:
    """Where the screen's moment stands against the edition's event days (in the edition's time zone)."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


@dataclass(frozen=True)
class Shown:
    """The first rows of a list, and how many more there are."""

    rows: list = field(default_factory=list)
    more: int = 0

    @classmethod
    def first(cls, rows: list, limit: int) -> "Shown":
        return cls(rows[:limit], max(len(rows) - limit, 0))

    def __bool__(self):
        return bool(self.rows)


@dataclass(frozen=True)
class VenueScreen:
    """What the venue screen shows at one moment.

    Now: sessions in progress, and started tasks still short of people. Next: sessions starting within
    SCREEN_SESSION_MINUTES, and open tasks starting within `task_hours` that still have places.
    """

    now: datetime.datetime  # in the edition's time zone
    phase: str | None = None  # None without an edition
    first_day: datetime.date | None = None
    task_hours: int = SCREEN_DEFAULT_HOURS
    sessions_now: Shown = Shown()
    sessions_next: Shown = Shown()
    tasks_now: Shown = Shown()
    tasks_next: Shown = Shown()
    # The first session after the next-hour window, fetched only when no session is on or near.
    later_session: Session | None = None

    @property
    def next_session(self) -> Session | None:
        """The session the "no sessions right now" line points to: the soonest one still to start."""
        return self.sessions_next.rows[0] if self.sessions_next else self.later_session


def _phase(edition: Edition, today: datetime.date) -> str:
    if today < edition.start_date:
        return Phase.BEFORE
    if today > edition.end_date:
        return Phase.AFTER
    return Phase.DURING


def _room_order(session: Session):
    room = session.room
    return (room is None, room.position if room else 0, room.name if room else "", session.code)


def venue_screen_at(
    *, edition: Edition | None, now: datetime.datetime, task_hours: int = SCREEN_DEFAULT_HOURS
) -> VenueScreen:
    """The venue screen at `now`: two queries, three when no session is on or starting within the hour.

    Every list is read whole (a venue has a few dozen rooms; a few hours hold a few dozen tasks) so the
    screen can say how many rows it leaves out.
    """
    if edition is None:
        return VenueScreen(now=now)
    local_now = now.astimezone(edition.tzinfo)
    session_horizon = now + datetime.timedelta(minutes=SCREEN_SESSION_MINUTES)

    sessions = list(
        Session.objects.filter(
            edition=edition, is_scheduled=True, starts_at__isnull=False, starts_at__lte=session_horizon
        )
        .filter(Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gt=now))
        .select_related("room", "track")
        .order_by("starts_at", "room__position", "room__name", "code")
    )
    sessions_now = sorted((s for s in sessions if s.starts_at <= now), key=_room_order)
    sessions_next = [s for s in sessions if s.starts_at > now]

    tasks = with_place_counts(
        Task.objects.filter(
            edition=edition,
            status=TaskStatus.OPEN,
            ends_at__gt=now,
            starts_at__lt=now + datetime.timedelta(hours=task_hours),
        ).filter(Q(signup_opens_at__isnull=True) | Q(signup_opens_at__lte=now))
    )
    tasks = list(
        tasks.filter(held__lt=F("headcount")).select_related("room", "community", "track").order_by("starts_at", "pk")
    )
    for task in tasks:
        task.places_left = task.headcount - task.held

    later = None
    if not sessions:
        later = (
            Session.objects.filter(edition=edition, is_scheduled=True, starts_at__gt=now)
            .select_related("room")
            .order_by("starts_at", "room__position", "room__name", "code")
            .first()
        )

    return VenueScreen(
        now=local_now,
        phase=_phase(edition, local_now.date()),
        first_day=edition.start_date,
        task_hours=task_hours,
        sessions_now=Shown.first(sessions_now, SCREEN_SESSIONS_SHOWN),
        sessions_next=Shown.first(sessions_next, SCREEN_SESSIONS_SHOWN),
        tasks_now=Shown.first([t for t in tasks if t.starts_at <= now], SCREEN_TASKS_SHOWN),
        tasks_next=Shown.first([t for t in tasks if t.starts_at > now], SCREEN_TASKS_SHOWN),
        later_session=later,
    )


def screen_hours(raw: str | None) -> int:
    """`?hours=N` clamped to 1..12; anything unreadable means the default."""
    try:
        hours = int(raw)
    except (TypeError, ValueError):
        return SCREEN_DEFAULT_HOURS
    return max(1, min(SCREEN_MAX_HOURS, hours))
