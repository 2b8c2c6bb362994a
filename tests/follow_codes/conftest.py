import pytest

from follows.services import contact_sharing_update
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory


@pytest.fixture
def community(db):
    return CommunityFactory(slug="pyhug", name="PyHUG", name_zh_hant="高雄 Python 使用者群組")


@pytest.fixture
def sharing(community):
    """PyHUG asks its followers for their name and email."""
    return contact_sharing_update(community=community, is_enabled=True, fields=["email", "name"], by=None)


@pytest.fixture
def follower(db):
    return UserFactory(
        display_name="Mei",
        email="mei@example.net",
        phone="+886 912 000 111",
        chat_handle="@mei",
        share_email_with_staff=False,
        share_phone_with_staff=False,
        share_chat_with_staff=False,
    )


@pytest.fixture
def responsible(community, edition):
    return ResponsiblePersonFactory(community=community, edition=edition).user
