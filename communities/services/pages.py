"""Writes of a community's page: edits by its responsible persons and staff, each kept as a revision,
and restoring an earlier revision."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from editions.models import Edition
from editions.roles import is_staff
from editions.selectors import current_edition

from ..images import CleanLogo, process_logo
from ..models import Community, CommunityRevision, RevisionKind
from ..permissions import is_responsible_person

# What a responsible person keeps current: the page's words, logo and links (DESIGN flow 4).
PAGE_FIELDS = (
    "summary",
    "summary_zh_hant",
    "introduction",
    "introduction_zh_hant",
    "logo",
    "website_url",
    "chat_url",
    "code_url",
    "social_url",
)
# Staff may rename a community too. The slug and the active flag stay in the backstage admin.
STAFF_FIELDS = ("name", "name_zh_hant", *PAGE_FIELDS)
# What a revision records and a restore puts back: the page as visitors see it.
REVISION_FIELDS = STAFF_FIELDS


def editable_fields(*, user, community: Community, edition: Edition | None) -> tuple[str, ...]:
    """The fields this person may change on the community's page; empty if none."""
    if is_staff(user, edition):
        return STAFF_FIELDS
    if is_responsible_person(user, edition, community):
        return PAGE_FIELDS
    return ()


def page_snapshot(community: Community) -> dict[str, str]:
    """The page's fields as plain strings (the logo as its stored file name)."""
    return {
        name: (community.logo.name or "") if name == "logo" else (getattr(community, name) or "")
        for name in REVISION_FIELDS
    }


def revision_record(
    *,
    community: Community,
    before: dict[str, str],
    by,
    kind: str = RevisionKind.EDIT,
    restored_from: CommunityRevision | None = None,
) -> CommunityRevision | None:
    """Keep the change from `before` to the community as it is now; None when nothing changed.

    The first recorded change of a community also keeps the page as it stood before it (a baseline),
    so that state can be restored too."""
    after = page_snapshot(community)
    changes = {
        name: [before.get(name, ""), after[name]] for name in REVISION_FIELDS if before.get(name, "") != after[name]
    }
    if not changes:
        return None
    if not CommunityRevision.objects.filter(community=community).exists():
        CommunityRevision.objects.create(community=community, kind=RevisionKind.BASELINE, snapshot=before)
    return CommunityRevision.objects.create(
        community=community,
        author=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        changes=changes,
        snapshot=after,
        restored_from=restored_from,
    )


def _apply_logo(community: Community, value) -> None:
    """Put a new or cleared logo on the community. Replaced files stay: revisions may restore them."""
    if value is None or isinstance(value, FieldFile):
        return  # unchanged
    if value is False or value == "":
        community.logo = ""
        return
    if not isinstance(value, CleanLogo):
        value = process_logo(value)  # raises ValidationError; never store the uploaded bytes
    community.logo.save(value.name, value, save=False)


@transaction.atomic
def community_update(*, community: Community, data: dict, by, edition: Edition | None = None) -> Community:
    """Change the community's page with `data` (cleaned form data) and keep the change as a revision;
    fields the person may not change are ignored. Raises PermissionDenied for people who may not
    edit the page at all."""
    edition = edition if edition is not None else current_edition()
    fields = editable_fields(user=by, community=community, edition=edition)
    if not fields:
        raise PermissionDenied
    # Locked, so two people saving at once each get a revision with the right "before".
    locked = Community.objects.select_for_update().get(pk=community.pk)
    before = page_snapshot(locked)
    for name in fields:
        if name in data and name != "logo":
            setattr(locked, name, data[name] if data[name] is not None else "")
    locked.full_clean(exclude=["logo"])
    if "logo" in fields and "logo" in data:
        _apply_logo(locked, data["logo"])
    locked.save()
    revision_record(community=locked, before=before, by=by)
    community.refresh_from_db()
    return community


@transaction.atomic
def revision_restore(*, revision: CommunityRevision, by, edition: Edition | None = None) -> CommunityRevision:
    """Put the community page back as it stood after `revision`; the restore is itself a revision.
    Staff only. A logo whose file is gone is left as it is."""
    edition = edition if edition is not None else current_edition()
    if not is_staff(by, edition):
        raise PermissionDenied
    community = Community.objects.select_for_update().get(pk=revision.community_id)
    before = page_snapshot(community)
    for name in REVISION_FIELDS:
        if name not in revision.snapshot:
            continue
        value = revision.snapshot[name]
        if name == "logo":
            if not value or community.logo.storage.exists(value):
                community.logo.name = value
        else:
            setattr(community, name, value)
    community.full_clean(exclude=["logo"])
    community.save()
    restored = revision_record(
        community=community, before=before, by=by, kind=RevisionKind.RESTORE, restored_from=revision
    )
    if restored is None:
        raise ValidationError(_("The page already looks like this version."))
    return restored
