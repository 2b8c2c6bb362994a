"""Writes of the communities app."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.fields.files import FieldFile

from editions.models import Edition
from editions.roles import is_staff
from editions.selectors import current_edition

from .images import CleanLogo, process_logo
from .models import Community
from .permissions import is_responsible_person

# What a responsible person keeps current: the page's words, logo and links (DESIGN flow 4).
PAGE_FIELDS = (
    "summary",
    "summary_zh_hant",
    "introduction",
    "introduction_zh_hant",
    "logo",
    "website_url",
    "chat_url",
    "code_url",
    "social_url",
)
# Staff may rename a community too. The slug and the active flag stay in the backstage admin.
STAFF_FIELDS = ("name", "name_zh_hant", *PAGE_FIELDS)


def editable_fields(*, user, community: Community, edition: Edition | None) -> tuple[str, ...]:
    """The fields this person may change on the community's page; empty if none."""
    if is_staff(user, edition):
        return STAFF_FIELDS
    if is_responsible_person(user, edition, community):
        return PAGE_FIELDS
    return ()


def _apply_logo(community: Community, value) -> str | None:
    """Put a new or cleared logo on the community; the replaced file's name, to delete after commit."""
    old_name = community.logo.name or None
    if value is None or isinstance(value, FieldFile):
        return None  # unchanged
    if value is False or value == "":
        community.logo = ""
        return old_name
    if not isinstance(value, CleanLogo):
        value = process_logo(value)  # raises ValidationError; never store the uploaded bytes
    community.logo.save(value.name, value, save=False)
    return old_name


@transaction.atomic
def community_update(*, community: Community, data: dict, by, edition: Edition | None = None) -> Community:
    """Change the community's page with `data` (cleaned form data); fields the person may not
    change are ignored. Raises PermissionDenied for people who may not edit the page at all."""
    edition = edition if edition is not None else current_edition()
    fields = editable_fields(user=by, community=community, edition=edition)
    if not fields:
        raise PermissionDenied
    for name in fields:
        if name in data and name != "logo":
            setattr(community, name, data[name] if data[name] is not None else "")
    community.full_clean(exclude=["logo"])
    replaced = None
    if "logo" in fields and "logo" in data:
        replaced = _apply_logo(community, data["logo"])
    community.save()
    if replaced and replaced != community.logo.name:
        storage = community.logo.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return community
