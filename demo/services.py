"""Believable demo data for `make run` and for benchmarks.

``seed_demo`` writes only into a database that holds no data of its own (see selectors.py) and
marks what it wrote (``DemoSeed``), so a second run leaves the demo as it is. Every step keys on
stable natural keys (edition slug, email address, ...), so a run at a larger scale adds only what that
scale has more. Later parts of the program add their own step to `SEEDERS`.
"""

import datetime
import enum
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from editions.models import Edition, EditionRole, RoleKind

from .models import DemoSeed
from .selectors import DEMO_DOMAIN, DEMO_VERSION, State, database_state

STAFF_EMAIL = f"staff@{DEMO_DOMAIN}"
DESK_EMAIL = f"desk@{DEMO_DOMAIN}"
VOLUNTEER_EMAIL = f"volunteer@{DEMO_DOMAIN}"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
RESPONSIBLE_EMAIL = f"responsible@{DEMO_DOMAIN}"  # responsible person of python-tw (demo/tracks.py)

# (given name, family name) pairs mixed to make believable badge names.
GIVEN = ["Yi-Ting", "Wei", "Hsin", "Alex", "Chia-Hao", "Mei", "Sam", "Pei-Shan", "Jun", "Kai", "Lin", "Ming"]
FAMILY = ["Chen", "Lin", "Huang", "Chang", "Lee", "Wang", "Wu", "Liu", "Tsai", "Yang", "Hsu", "Cheng"]


@dataclass
class SeedContext:
    scale: int
    edition: Edition
    previous_edition: Edition
    staff: User
    desk: User
    volunteer: User
    volunteers: list[User]
    communities: list = field(default_factory=list)  # every active community, set by the first step


def _name(index: int) -> str:
    return f"{GIVEN[index % len(GIVEN)]} {FAMILY[(index // len(GIVEN)) % len(FAMILY)]}"


def seed_editions() -> tuple[Edition, Edition]:
    previous, _created = Edition.objects.get_or_create(
        slug="2026",
        defaults={
            "name": "COSCUP 2026",
            "start_date": datetime.date(2026, 8, 8),
            "end_date": datetime.date(2026, 8, 9),
        },
    )
    current, _created = Edition.objects.get_or_create(
        slug="2027",
        defaults={
            "name": "COSCUP 2027",
            "start_date": datetime.date(2027, 8, 7),
            "end_date": datetime.date(2027, 8, 8),
        },
    )
    if not current.is_current:
        Edition.objects.filter(is_current=True).update(is_current=False)
        current.is_current = True
        current.save(update_fields=["is_current"])
    return current, previous


def seed_certificate_signers(*editions: Edition) -> None:
    from certificates.models import CertificateSettings

    for edition in editions:
        CertificateSettings.objects.get_or_create(
            edition=edition,
            defaults={"signed_by": f"{edition.name} Organizing Team", "signed_by_zh_hant": f"{edition.name} 籌備團隊"},
        )


def seed_people(*, edition: Edition, scale: int) -> tuple[User, User, User, list[User]]:
    unusable = make_password(None)
    named = [
        (ADMIN_EMAIL, "Demo Admin", {"is_superuser": True, "is_staff": True}),
        (STAFF_EMAIL, "Demo Staff", {}),
        (DESK_EMAIL, "Demo Desk", {}),
        (VOLUNTEER_EMAIL, "Demo Volunteer", {"bio": "Python user, first COSCUP as a one-day volunteer."}),
    ]
    people = {}
    for email, name, extra in named:
        people[email], _created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "password": unusable, "preferred_language": "", **extra}
        )
        EmailAddress.objects.get_or_create(
            user=people[email], email=email, defaults={"verified": True, "primary": True}
        )
    EditionRole.objects.get_or_create(edition=edition, user=people[STAFF_EMAIL], kind=RoleKind.STAFF)
    EditionRole.objects.get_or_create(edition=edition, user=people[DESK_EMAIL], kind=RoleKind.DESK)

    # 1,000 accounts per scale step: scale 10 reaches the 10,000 accounts DESIGN.md plans for.
    count = 1000 * scale
    User.objects.bulk_create(
        [
            User(
                email=f"person{index:05d}@{DEMO_DOMAIN}",
                display_name=_name(index),
                password=unusable,
                preferred_language="zh-hant" if index % 3 else "en",
                phone=f"09{index:08d}" if index % 4 == 0 else "",
                share_phone_with_staff=index % 8 == 0,
            )
            for index in range(count)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    volunteers = list(
        User.objects.filter(email__startswith="person", email__endswith=DEMO_DOMAIN).order_by("email")[:count]
    )
    return people[STAFF_EMAIL], people[DESK_EMAIL], people[VOLUNTEER_EMAIL], volunteers


# Steps added by later parts of the program, each `step(context: SeedContext) -> None`.
def _seeders() -> list:
    from .communities import seed_communities
    from .tracks import seed_people_around_communities, seed_schedule
    from .volunteering import seed_volunteering

    def communities(context):
        context.communities = seed_communities(context)

    # The schedule before the tasks: room hosts, session chairs and camera operators follow its sessions.
    return [communities, seed_schedule, seed_volunteering, seed_people_around_communities]


SEEDERS: list = []


class Outcome(enum.Enum):
    LOADED = "loaded"
    PRESENT = "present"
    OWN_DATA = "own_data"


@dataclass
class SeedResult:
    outcome: Outcome
    message: str
    context: SeedContext | None = None  # set when demo data was written


@transaction.atomic
def seed_demo(*, scale: int = 1) -> SeedResult:
    """Load the demo into a database that has none; never write to one that holds someone's own data.

    A database that already holds the demo is left as it is (at a larger ``scale`` the demo adds what
    that scale has more). The result says what happened in one line, for ``make run``'s terminal.
    """
    found = database_state(scale=scale)
    if found.state is State.OWN_DATA:
        return SeedResult(
            Outcome.OWN_DATA,
            _("This database holds your own data: no demo data added (found: %(what)s).")
            % {"what": ", ".join(found.own_data)},
        )
    if found.state is State.PRESENT:
        return SeedResult(Outcome.PRESENT, _("Demo data already present, left as is."))
    if found.state is State.EARLIER:
        return SeedResult(
            Outcome.PRESENT,
            _(
                "Demo data already present, left as is (made by an earlier version of the demo; "
                "delete the database file to get the current one)."
            ),
        )
    edition, previous = seed_editions()
    seed_certificate_signers(edition, previous)
    staff, desk, volunteer, volunteers = seed_people(edition=edition, scale=scale)
    context = SeedContext(
        scale=scale,
        edition=edition,
        previous_edition=previous,
        staff=staff,
        desk=desk,
        volunteer=volunteer,
        volunteers=volunteers,
    )
    for step in [*_seeders(), *SEEDERS]:
        step(context)
    DemoSeed.objects.create(version=DEMO_VERSION, scale=scale)
    return SeedResult(Outcome.LOADED, _("Demo data loaded (scale %(scale)s).") % {"scale": scale}, context)
