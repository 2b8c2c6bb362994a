"""Staff link an edition's tracks to the communities that organize them (many-to-many)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Community

from .models import Track

logger = logging.getLogger(__name__)


@transaction.atomic
def track_communities_set(*, track: Track, communities: Iterable[Community], by=None) -> tuple[set[int], set[int]]:
    """Make `communities` the track's communities; returns (added ids, removed ids).

    A community that is no longer active may stay linked, but may not be newly linked.
    """
    wanted = {community.pk: community for community in communities}
    current = set(track.communities.values_list("pk", flat=True))
    added, removed = set(wanted) - current, current - set(wanted)
    inactive = [wanted[pk] for pk in sorted(added) if not wanted[pk].is_active]
    if inactive:
        raise ValidationError(
            _("%(community)s is not active, so it cannot be linked to a track.") % {"community": inactive[0]}
        )
    if added:
        track.communities.add(*added)
    if removed:
        track.communities.remove(*removed)
    if added or removed:
        logger.info(
            "Track %s communities changed by %s: added %s, removed %s",
            track.pk,
            getattr(by, "pk", None),
            sorted(added),
            sorted(removed),
        )
    return added, removed
