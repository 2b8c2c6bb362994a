"""What the database holds, from the demo's point of view: nothing yet, the demo's own data, or
someone's own data that the demo must never touch.

"Own data" is anything the demo does not make: an account outside the demo's example.org addresses
(everyone who logs in, signs up or is created as a superuser), an edition other than 2026 and 2027, a
schedule import (or preview) other than the demo's own, and sessions, tracks or communities the demo
would not have created. Reads only.
"""

import enum
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from editions.models import Edition
from schedule.models import ImportRun, Session, Track

from .communities import demo_community_slugs
from .models import DemoSeed

# Bump when the demo's content changes so much that a database filled by the previous version should
# not be topped up with the new one (it is left as it is; remove it to get the current demo).
DEMO_VERSION = 2
DEMO_EDITION_SLUGS = ("2026", "2027")
DEMO_DOMAIN = "example.org"
# Generated sessions are D00001, D00002...; the first demo (before DEMO_VERSION) named its
# generated communities and tracks "Community 001" and "Community 001 Track".
GENERATED_SESSION_CODE = r"^D[0-9]{5}$"
EARLIER_COMMUNITY_SLUG = r"^community-[0-9]{3}$"
EARLIER_TRACK_KEY = r"^community [0-9]{3} track$"


class State(enum.Enum):
    EMPTY = "empty"  # nothing at all: load the demo
    PRESENT = "present"  # the demo, at this scale or more: nothing to do
    SMALLER = "smaller"  # the demo at a smaller scale: add what this scale has more
    EARLIER = "earlier"  # demo data from an earlier version of the demo: leave it
    OWN_DATA = "own_data"  # someone's own data: never write


@dataclass
class DatabaseState:
    state: State
    own_data: list[str] = field(default_factory=list)  # what makes it someone's own, for the message
    scale: int = 0  # the largest scale of the current demo found


def own_data() -> list[str]:
    """What in the database the demo did not make, as short phrases; empty when everything is the demo's."""
    from .tracks import FIXTURE_TRACKS, IMPORT_LABEL, TRACKS_PER_SCALE, demo_tracks, fixture_codes

    found = []
    if User.objects.exclude(email__iendswith=f"@{DEMO_DOMAIN}").exists():
        found.append(_("accounts"))
    if Edition.objects.exclude(slug__in=DEMO_EDITION_SLUGS).exists():
        found.append(_("editions"))
    if ImportRun.objects.exclude(source__startswith=IMPORT_LABEL).exists():
        found.append(_("schedule imports"))
    sessions = Session.objects.exclude(code__in=fixture_codes()).exclude(code__regex=GENERATED_SESSION_CODE)
    if sessions.exists():
        found.append(_("sessions"))
    track_count = Track.objects.count()
    track_keys = {track.key for track in FIXTURE_TRACKS}
    if track_count > len(track_keys):
        track_keys |= {track.key for track in demo_tracks(track_count // TRACKS_PER_SCALE + 1)}
    if Track.objects.exclude(pretalx_key__in=track_keys).exclude(pretalx_key__regex=EARLIER_TRACK_KEY).exists():
        found.append(_("tracks"))
    slugs = demo_community_slugs(Community.objects.count())
    if Community.objects.exclude(slug__in=slugs).exclude(slug__regex=EARLIER_COMMUNITY_SLUG).exists():
        found.append(_("communities"))
    return found


def database_state(*, scale: int) -> DatabaseState:
    found = own_data()
    if found:
        return DatabaseState(State.OWN_DATA, own_data=found)
    seeds = DemoSeed.objects.filter(version=DEMO_VERSION).order_by("-scale")
    current = seeds.first()
    if current is not None:
        return DatabaseState(State.PRESENT if current.scale >= scale else State.SMALLER, scale=current.scale)
    if DemoSeed.objects.exists() or Edition.objects.exists() or Community.objects.exists():
        return DatabaseState(State.EARLIER)
    return DatabaseState(State.EMPTY)
