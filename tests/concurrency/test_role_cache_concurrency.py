"""A role answer read on another connection while a removal is being committed must not outlive it."""

import threading

import pytest
from django.db import connections, transaction

from accounts.models import User
from communities.permissions import is_responsible_person
from communities.services.responsible_persons import responsible_person_remove
from tests.factories.communities import ResponsiblePersonFactory
from tests.factories.editions import EditionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_role_cached_between_the_removal_and_its_commit_is_forgotten_at_commit(settings):
    settings.ROLE_CACHE_SECONDS = 300  # as with Redis: answers are shared and live for minutes
    edition = EditionFactory(slug="2027", is_current=True)
    person = ResponsiblePersonFactory(edition=edition)
    user_pk, community = person.user_id, person.community
    removed, read = threading.Event(), threading.Event()
    seen = {}

    def remove():
        try:
            with transaction.atomic():
                responsible_person_remove(person=person)  # bumps the role version before commit...
                removed.set()
                read.wait(10)  # ... while another worker reads the not yet committed state
        finally:
            connections.close_all()

    def read_meanwhile():
        try:
            removed.wait(10)
            seen["answer"] = is_responsible_person(User.objects.get(pk=user_pk), edition, community)
        finally:
            read.set()
            connections.close_all()

    threads = [threading.Thread(target=remove), threading.Thread(target=read_meanwhile)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert seen["answer"] is True  # it read (and cached) the state before the commit
    assert not is_responsible_person(User.objects.get(pk=user_pk), edition, community)
