"""The contact list as CSV (spreadsheets) and vCard 3.0 (phone contact apps, via vobject)."""

import uuid

import vobject
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.csv_export import csv_response

from .selectors import ContactRow


def _shown(value: str | None) -> str:
    return _("not shared") if value is None else value


def contacts_csv(rows: list[ContactRow], *, filename: str) -> HttpResponse:
    header = [
        _("Community"),
        _("Name"),
        _("Title"),
        _("Email"),
        _("Phone"),
        _("Chat handle"),
        _("Status"),
        _("Last login"),
    ]
    lines = (
        (
            row.community.display_name,
            row.name,
            row.title,
            _shown(row.email),
            "" if row.is_pending else _shown(row.phone),
            "" if row.is_pending else _shown(row.chat_handle),
            _("invitation pending") if row.is_pending else pgettext("responsible person status", "named"),
            timezone.localtime(row.last_login).strftime("%Y-%m-%d %H:%M") if row.last_login else "",
        )
        for row in rows
    )
    return csv_response(filename, header, lines)


def _card_uid(user_pk: int) -> str:
    # Stable per person and site: importing a newer export updates the contact instead of adding one.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.SITE_URL}/people/{user_pk}')}"


def contacts_vcard(rows: list[ContactRow]) -> tuple[str, int]:
    """One card per named person (pending invitations have no person yet), their communities as ORG,
    and only the details they shared; and how many cards."""
    people: dict[int, list[ContactRow]] = {}
    for row in rows:
        if row.person is not None:
            people.setdefault(row.person.user_id, []).append(row)
    cards = []
    for user_pk, own in people.items():
        first = own[0]
        card = vobject.vCard()
        card.add("uid").value = _card_uid(user_pk)
        card.add("fn").value = first.name
        card.add("n").value = vobject.vcard.Name(given=first.name)
        card.add("org").value = [", ".join(row.community.display_name for row in own)]
        titles = [row.title for row in own if row.title]
        if titles:
            card.add("title").value = ", ".join(dict.fromkeys(titles))
        if first.email:
            email = card.add("email")
            email.value, email.type_param = first.email, "INTERNET"
        if first.phone:
            phone = card.add("tel")
            phone.value, phone.type_param = first.phone, "CELL"
        if first.chat_handle:
            card.add("note").value = _("Chat: %(handle)s") % {"handle": first.chat_handle}
        card.add("categories").value = [settings.SITE_NAME]
        cards.append(card.serialize())
    return "".join(cards), len(cards)
