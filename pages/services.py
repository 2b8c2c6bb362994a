"""Writes for the venue guidance materials."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile

from editions.models import Edition

from .images import CleanMap, process_venue_map
from .models import Guide

GUIDE_TEXT_FIELDS = [
    "desk_location",
    "desk_location_zh_hant",
    "opening_hours",
    "opening_hours_zh_hant",
    "where_to_find_tasks",
    "where_to_find_tasks_zh_hant",
    "faq",
    "faq_zh_hant",
    "venue_map_alt",
    "venue_map_alt_zh_hant",
]


def _clean_text(value) -> str:
    # Browsers send line breaks as CRLF; keep one kind, so an unchanged text compares equal.
    return (value or "").replace("\r\n", "\n").strip()


def _clean_map(value) -> CleanMap:
    """The clean copy of a new map; a raw upload (not through the form) is checked and re-encoded here."""
    if isinstance(value, CleanMap):
        return value
    try:
        return process_venue_map(value)
    except ValidationError as error:
        raise ValidationError({"venue_map": error.error_list}) from error


@transaction.atomic
def guide_update(*, edition: Edition, data: dict, by) -> Guide:
    """Create or update the edition's guide from `data` (a form's cleaned_data).

    `data["venue_map"]`: a new file (a CleanMap from the form, or any upload, which is checked and
    re-encoded) replaces the map, False removes it, anything else (None, the stored file) keeps it.
    A replaced or removed file is deleted from storage once the transaction commits.
    """
    guide = Guide.objects.select_for_update().filter(edition=edition).first() or Guide(edition=edition)
    for name in GUIDE_TEXT_FIELDS:
        if name in data:
            setattr(guide, name, _clean_text(data[name]))

    old_map = guide.venue_map.name if guide.venue_map else ""
    new_map = data.get("venue_map")
    if new_map is False:
        guide.venue_map = None
    elif new_map and not isinstance(new_map, FieldFile):
        guide.venue_map = _clean_map(new_map)

    guide.updated_by = by
    guide.full_clean()
    guide.save()

    if old_map and old_map != (guide.venue_map.name if guide.venue_map else ""):
        storage = guide.venue_map.storage
        transaction.on_commit(lambda: storage.delete(old_map))
    return guide
