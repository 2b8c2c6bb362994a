"""Reads of the community pages. Each answers in a fixed number of queries, whatever the number of
communities, tracks, tasks or responsible persons."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from core.markdown_fields import markdown_columns
from editions.models import Edition
from schedule import selectors as schedule_selectors
from schedule.models import Track
from volunteering import selectors as volunteering_selectors
from volunteering.models import Task, TaskStatus

from ..models import Community, ResponsiblePerson

COMMUNITY_PAGE_TASKS = 10


def localized_with_language(obj, field_name: str) -> tuple[str, str]:
    """(value, language code) in the viewer's language, falling back to the other one when empty.
    The code lets a template mark a fallback with `lang`, so screen readers pronounce it right."""
    english = getattr(obj, field_name, "") or ""
    chinese = getattr(obj, f"{field_name}_zh_hant", "") or ""
    if (translation.get_language() or "").lower().startswith("zh"):
        return (chinese, "zh-Hant") if chinese else (english, "en")
    return (english, "en") if english else (chinese, "zh-Hant")


def _search(communities: QuerySet, search: str) -> QuerySet:
    return communities.filter(
        Q(name__icontains=search)
        | Q(name_zh_hant__icontains=search)
        | Q(summary__icontains=search)
        | Q(summary_zh_hant__icontains=search)
    )


def directory(*, edition: Edition | None, search: str = "") -> tuple[list[Community], list[Community]]:
    """(communities taking part in the edition, other active communities), each sorted by shown name.

    Taking part means a track of the edition or a responsible person for it; those appear even when
    inactive. Each community of the first list carries `edition_tracks`. Two queries."""
    # What the cards show: not the introductions and their stored HTML.
    communities = Community.objects.defer(*markdown_columns(Community))
    if edition is not None:
        communities = communities.annotate(
            has_track=Exists(Track.objects.filter(edition=edition, communities=OuterRef("pk"))),
            has_person=Exists(ResponsiblePerson.objects.filter(edition=edition, community=OuterRef("pk"))),
        ).filter(Q(is_active=True) | Q(has_track=True) | Q(has_person=True))
        edition_tracks = Track.objects.filter(edition=edition).only("pk", "name", "name_zh_hant").order_by("name")
        tracks = Prefetch("tracks", queryset=edition_tracks, to_attr="edition_tracks")
        communities = communities.prefetch_related(tracks)
    else:
        communities = communities.filter(is_active=True)
    search = search.strip()
    if search:
        communities = _search(communities, search)
    taking_part, others = [], []
    for community in communities:
        in_edition = edition is not None and (community.has_track or community.has_person)
        (taking_part if in_edition else others).append(community)
    key = lambda community: str(community).casefold()  # noqa: E731 - shown names depend on the language
    return sorted(taking_part, key=key), sorted(others, key=key)


@dataclass
class CommunityPage:
    community: Community
    introduction: str  # sanitised HTML
    introduction_lang: str
    summary: str
    summary_lang: str
    current_persons: list[ResponsiblePerson] = field(default_factory=list)
    past_persons: list[tuple[Edition, list[ResponsiblePerson]]] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    more_tasks: bool = False

    @property
    def task_days(self) -> list[tuple[datetime.date, list[Task]]]:
        return volunteering_selectors.group_by_day(self.tasks)


def public_responsible_persons(
    *, community: Community, edition: Edition | None
) -> tuple[list[ResponsiblePerson], list[tuple[Edition, list[ResponsiblePerson]]]]:
    """(this edition's public responsible persons, earlier editions' grouped by edition, latest first).
    Persons who asked not to be named are left out. One query."""
    persons = (
        ResponsiblePerson.objects.filter(community=community, is_public=True)
        .select_related("user", "edition")
        .order_by("-edition__start_date", "edition_id", "pk")
    )
    if edition is not None:
        persons = persons.filter(Q(edition=edition) | Q(edition__start_date__lt=edition.start_date))
    current, past = [], []
    for person in persons:
        if edition is not None and person.edition_id == edition.pk:
            current.append(person)
        elif past and past[-1][0].pk == person.edition_id:
            past[-1][1].append(person)
        else:
            past.append((person.edition, [person]))
    return current, past


def open_tasks(
    *, community: Community, edition: Edition, now: datetime.datetime | None = None, limit: int = COMMUNITY_PAGE_TASKS
) -> tuple[list[Task], bool]:
    """The community's open tasks of the edition that have not started, soonest first, and whether
    there are more than `limit`. One query; places left are filled per response on the cards
    (volunteering.personal), not counted here."""
    now = now or timezone.now()
    tasks = Task.objects.filter(edition=edition, community=community, status=TaskStatus.OPEN, starts_at__gt=now)
    tasks = list(
        tasks.select_related("room", "community", "track")
        .defer(*volunteering_selectors.LIST_DEFERRED)
        .order_by("starts_at", "pk")[: limit + 1]
    )
    return tasks[:limit], len(tasks) > limit


def community_page(*, community: Community, edition: Edition | None) -> CommunityPage:
    """Everything the community page shows but the reader's parts (core.personal): at most three
    queries (persons, tracks, tasks)."""
    # Stored sanitised HTML (core.markdown_fields): nothing is rendered per request.
    introduction, introduction_lang = localized_with_language(community, "introduction_html")
    summary, summary_lang = localized_with_language(community, "summary")
    page = CommunityPage(
        community=community,
        introduction=introduction,
        introduction_lang=introduction_lang,
        summary=summary,
        summary_lang=summary_lang,
    )
    page.current_persons, page.past_persons = public_responsible_persons(community=community, edition=edition)
    if edition is not None:
        page.tracks = list(community.tracks.filter(edition=edition).only("pk", "name", "name_zh_hant").order_by("name"))
        # The sessions as the schedule's rows (times, room names and addresses prepared, no model instances).
        rows = schedule_selectors.schedule_programme(
            edition=edition, community_id=community.pk, names=schedule_selectors.kept_schedule_names(edition=edition)
        )
        by_track: dict[int, list[dict]] = {}
        for day in rows:
            for row in day["sessions"]:
                by_track.setdefault(row["track_id"], []).append(row)
        for track in page.tracks:
            track.scheduled_sessions = by_track.get(track.pk, [])
        page.tasks, page.more_tasks = open_tasks(community=community, edition=edition)
    return page
