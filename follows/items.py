"""The sessions of My follows (a followed track's upcoming ones, the starred ones) written out in Python,
not a template per session: a person following a busy track has dozens. The markup is what
follows/_session_item.html was. Texts from the database are escaped here."""

from html import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.personal import marker
from core.urls import address_for_pk

ITEM = "<li>\n  <strong>{title}</strong>\n  <br>{when}{room}\n  {removed}\n  {star}\n</li>"
TIME = '<time datetime="{iso}">{day} {start}{end}</time>'


def session_items(sessions, *, show_star: bool) -> SafeString:
    """The sessions (with their room selected) as the items of a list; each with a star button's marker
    (follows.buttons, without the count) when `show_star`."""
    session_url = address_for_pk("schedule:session-detail")
    not_announced = escape(gettext("Time not announced yet"))
    removed = '<br><span class="help">{}</span>'.format(escape(gettext("Removed from the programme")))
    times: dict = {}  # one conversion and date format per distinct moment

    def moment(value):
        if value not in times:
            local = timezone.localtime(value)
            times[value] = (local.isoformat(), date_format(local, "SHORT_DATE_FORMAT"), f"{local:%H:%M}")
        return times[value]

    items = []
    for session in sessions:
        if session.starts_at:
            iso, day, start = moment(session.starts_at)
            end = f"–{moment(session.ends_at)[2]}" if session.ends_at else ""
            when = TIME.format(iso=iso, day=day, start=start, end=end)
        else:
            when = not_announced
        items.append(
            ITEM.format(
                title=f'<a href="{session_url(session.pk)}">{escape(session.title)}</a>',
                when=when,
                room=f" · {escape(str(session.room))}" if session.room_id else "",
                removed="" if session.is_scheduled else removed,
                star=f"<br>{marker('follow', 'session', session.pk, '0')}" if show_star else "",
            )
        )
    return mark_safe("".join(items))  # built above from escaped values
