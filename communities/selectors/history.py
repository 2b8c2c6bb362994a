"""Reads of a community page's revision history."""

import difflib
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.text import capfirst

from ..models import Community, CommunityRevision

REVISIONS_PER_PAGE = 20
# Long Markdown fields are shown as a line diff; the others as old and new values.
LONG_FIELDS = {"introduction", "introduction_zh_hant"}


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (" ", "-" or "+", line) for long fields


def field_changes(revision: CommunityRevision) -> list[FieldChange]:
    changes = []
    for name, (old, new) in revision.changes.items():
        try:
            label = capfirst(Community._meta.get_field(name).verbose_name)
        except Exception:  # a field removed since the revision was written
            label = name
        change = FieldChange(name=name, label=label, old=old or "", new=new or "")
        if name in LONG_FIELDS:
            change.lines = [
                (line[0], line[2:])
                for line in difflib.ndiff((old or "").splitlines(), (new or "").splitlines())
                if line[0] in " -+"
            ]
        changes.append(change)
    return changes


def revision_history(*, community: Community, page_number=1) -> Page:
    """One page of the community's revisions, newest first, each with `field_changes`. Two queries."""
    revisions = CommunityRevision.objects.filter(community=community).select_related("author", "restored_from")
    page = Paginator(revisions, REVISIONS_PER_PAGE).get_page(page_number)
    for revision in page.object_list:
        revision.field_changes = field_changes(revision)
    return page
