"""URL × role expectations of the certificates of service (merged into tests/test_url_matrix.py).

The world's volunteer has a completed task in 2027, so only they download a certificate (everyone
else: 404) or change its address. The verification page is the secret sharer's certificate: public to
whoever holds the address, and it must show their name and tasks but never their contact details.
"""

from certificates.services import certificates_for
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from tests.test_url_matrix import EVERYONE, LOGGED_IN, NOBODY, STAFF_ONLY, VOLUNTEER, _url
from volunteering.models import SignUpStatus

EXPECTED = {
    "certificates:mine": (_url("certificates:mine"), LOGGED_IN, NOBODY),
    "certificates:pdf": (_url("certificates:pdf", "2027"), frozenset({VOLUNTEER}), NOBODY),
    "certificates:reset-address": (_url("certificates:reset-address", "2027"), NOBODY, frozenset({VOLUNTEER})),
    "certificates:verify": (_url("certificates:verify", lambda w: w["certificate"].token), EVERYONE, NOBODY),
    "certificates:signer": (_url("certificates:signer"), STAFF_ONLY, STAFF_ONLY),
}


def extend_world(world):
    edition = world["edition"]
    certified = TaskFactory(edition=edition, title="Certified task", starts_at=in_hours(-5), ends_at=in_hours(-3))
    for person in (world["secret"], world["people"][VOLUNTEER]):
        SignUpFactory(task=certified, user=person, status=SignUpStatus.COMPLETED)
    world["certificate"] = certificates_for(user=world["secret"], editions=[edition])[edition.pk]
