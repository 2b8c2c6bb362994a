"""Follow codes' addresses × roles (issue 12), read by tests/test_url_matrix.py.

The secret person (world["secret"]) shares their contact with the "own" community, so the list and
its export are where their details may show: to that community's responsible persons and staff only.
"""

from follows.services import contact_sharing_update, share_contact
from tests.test_url_matrix import EVERYONE, LOGGED_IN, NOBODY, OWN_COMMUNITY, _url

EXPECTED = {
    # The cards are public print-outs; the pages their QR codes open are for everyone, following needs a login.
    "follows:community-card": (_url("follows:community-card", "own"), EVERYONE, NOBODY),
    "follows:track-card": (_url("follows:track-card", lambda w: w["track"].pk), EVERYONE, NOBODY),
    "follows:community-follow": (_url("follows:community-follow", "own"), EVERYONE, LOGGED_IN),
    "follows:track-follow": (_url("follows:track-follow", lambda w: w["track"].pk), EVERYONE, LOGGED_IN),
    "follows:community-share-withdraw": (_url("follows:community-share-withdraw", "own"), NOBODY, LOGGED_IN),
    # The community's own people: its responsible persons of the current edition and the organizing team.
    "follows:contact-sharing": (_url("follows:contact-sharing", "own"), OWN_COMMUNITY, OWN_COMMUNITY),
    "follows:shared-contacts": (_url("follows:shared-contacts", "own"), OWN_COMMUNITY, NOBODY),
    "follows:shared-contacts-csv": (_url("follows:shared-contacts-csv", "own"), OWN_COMMUNITY, NOBODY),
}

CONTACT_DETAILS_SHOWN = {
    "follows:shared-contacts": OWN_COMMUNITY,
    "follows:shared-contacts-csv": OWN_COMMUNITY,
}


def extend_world(world):
    own, secret = world["own"], world["secret"]
    contact_sharing_update(community=own, is_enabled=True, fields=["name", "email", "phone", "chat_handle"], by=None)
    share_contact(user=secret, community=own)
