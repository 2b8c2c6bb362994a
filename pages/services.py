"""Writes for the venue guidance materials."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from editions.models import Edition

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
]


@transaction.atomic
def guide_update(*, edition: Edition, data: dict, by) -> Guide:
    """Create or update the edition's guide from `data` (a form's cleaned_data).

    `data["venue_map"]`: a new upload replaces the map, False removes it, anything else keeps it.
    A replaced or removed file is deleted from storage once the transaction commits.
    """
    guide = Guide.objects.select_for_update().filter(edition=edition).first() or Guide(edition=edition)
    for field in GUIDE_TEXT_FIELDS:
        if field in data:
            setattr(guide, field, (data[field] or "").strip())

    old_map = guide.venue_map.name if guide.venue_map else ""
    new_map = data.get("venue_map")
    if isinstance(new_map, UploadedFile):
        guide.venue_map = new_map
    elif new_map is False:
        guide.venue_map = None

    guide.updated_by = by
    guide.full_clean()
    guide.save()

    if old_map and old_map != (guide.venue_map.name if guide.venue_map else ""):
        storage = guide.venue_map.storage
        transaction.on_commit(lambda: storage.delete(old_map))
    return guide
