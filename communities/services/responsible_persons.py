"""Naming a community's responsible persons for an edition: directly, or by carrying last edition's
persons over one by one. Removing one ends their access at once (the ROLES cache version is bumped
by every save and delete, and again after commit: communities.apps)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from editions.models import Edition

from ..models import Community, ResponsiblePerson
from ..selectors.responsible_persons import carry_over_proposals


@transaction.atomic
def responsible_person_name(
    *,
    community: Community,
    edition: Edition,
    user,
    by,
    title: str = "",
    title_zh_hant: str = "",
    is_public: bool = True,
) -> ResponsiblePerson:
    """Make `user` a responsible person of the community for the edition."""
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    person = ResponsiblePerson(
        community=community,
        edition=edition,
        user=user,
        title=title,
        title_zh_hant=title_zh_hant,
        is_public=is_public,
        named_by=by if getattr(by, "is_authenticated", False) else None,
    )
    person.full_clean(exclude=["community", "edition", "user", "named_by"], validate_unique=False)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already a responsible person of %(community)s for %(edition)s.")
            % {"name": user.public_name, "community": community, "edition": edition}
        ) from None
    return person


@transaction.atomic
def responsible_person_update(
    *, person: ResponsiblePerson, title: str, title_zh_hant: str, is_public: bool
) -> ResponsiblePerson:
    person.title, person.title_zh_hant, person.is_public = title, title_zh_hant, is_public
    person.full_clean(exclude=["community", "edition", "user", "named_by"], validate_unique=False)
    person.save(update_fields=["title", "title_zh_hant", "is_public"])
    return person


@transaction.atomic
def responsible_person_remove(*, person: ResponsiblePerson) -> None:
    """The person loses the community's backstage on their next request, on every worker."""
    person.delete()


@transaction.atomic
def carry_over(
    *, edition: Edition, previous_person_ids: list[int], by, community: Community | None = None
) -> list[ResponsiblePerson]:
    """Name, for `edition`, the earlier persons staff ticked one by one. Only ids among the current
    proposals count (a stale or forged id is ignored), so nobody is named without being shown first."""
    chosen = set(previous_person_ids)
    named = []
    for previous in carry_over_proposals(edition=edition, community=community):
        if previous.pk not in chosen:
            continue
        named.append(
            responsible_person_name(
                community=previous.community,
                edition=edition,
                user=previous.user,
                by=by,
                title=previous.title,
                title_zh_hant=previous.title_zh_hant,
                is_public=previous.is_public,
            )
        )
    return named
