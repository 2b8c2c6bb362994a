"""The follow button's words, shared by the template and the JSON answer to the in-place toggle."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


def button_label(kind: str, following: bool) -> str:
    if kind == "session":
        return pgettext("session button", "Starred") if following else pgettext("session button", "Star")
    return pgettext("follow button", "Following") if following else pgettext("follow button", "Follow")


def count_text(kind: str, count: int) -> str:
    if kind == "session":
        return ngettext("%(count)s person starred this", "%(count)s people starred this", count) % {"count": count}
    return ngettext("%(count)s follower", "%(count)s followers", count) % {"count": count}


def done_message(kind: str, following: bool, name: str) -> str:
    if kind == "session":
        if following:
            return _("You starred %(name)s. It is in your calendar feed.") % {"name": name}
        return _("You no longer star %(name)s.") % {"name": name}
    if following:
        return _("You follow %(name)s.") % {"name": name}
    return _("You no longer follow %(name)s.") % {"name": name}
