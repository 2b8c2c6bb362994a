"""The backstage (admin) side of communities: edits land in the history, no contact details show."""

import pytest
from django.urls import reverse

from communities.models import CommunityRevision, RevisionKind
from tests.factories.accounts import UserFactory
from tests.factories.communities import InvitationFactory, ResponsiblePersonFactory

pytestmark = pytest.mark.integration


def test_backstage_edit_of_a_community_is_a_revision(client, edition, community, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:communities_community_change", args=[community.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "logo"}
    data.update({"summary": "Edited in the backstage", "is_active": "on"})
    data.update(
        {
            "responsible_persons-TOTAL_FORMS": "0",
            "responsible_persons-INITIAL_FORMS": "0",
            "responsible_persons-MIN_NUM_FORMS": "0",
            "responsible_persons-MAX_NUM_FORMS": "1000",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    edit = CommunityRevision.objects.get(kind=RevisionKind.EDIT)
    assert (edit.author, edit.changes) == (staff_user, {"summary": ["", "Edited in the backstage"]})


def test_responsible_person_and_invitation_lists_show_no_contact_details(client, edition, community, staff_user):
    person = UserFactory(
        display_name="Quiet", email="quiet@example.net", phone="0911 000 111", share_phone_with_staff=True
    )
    ResponsiblePersonFactory(community=community, edition=edition, user=person)
    InvitationFactory(community=community, edition=edition, email="invitee@example.net")
    client.force_login(staff_user)

    people = client.get(reverse("admin:communities_responsibleperson_changelist")).content.decode()
    invitations = client.get(reverse("admin:communities_responsiblepersoninvitation_changelist"))

    assert "Quiet" in people and "quiet@example.net" not in people and "0911 000 111" not in people
    assert invitations.status_code == 200
