"""Track, session and schedule pages for everyone; track links and schedule imports for staff."""

import html
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core.i18n import localized
from core.page_cache import PUBLIC_PAGES, cache_page
from core.personal import marker as personal_marker
from editions.decorators import staff_required
from editions.roles import ROLES
from follows.calendar import pretalx_url as pretalx_url_of

from . import exports, selectors
from .forms import ApplyImportForm, ImportForm, ScheduleFilterForm, TrackCommunitiesForm
from .import_plan import plan_for_display
from .models import ImportRun, ImportStatus, PretalxSource, Session, Track
from .pretalx import import_deadline_seconds, import_max_bytes, size_text
from .services import (
    Outcome,
    apply_pending_import,
    cancel_import_preview,
    discard_stale_previews,
    fail_if_stale,
    fail_stale_fetches,
    preview_has_expired,
    queue_import_preview,
)
from .track_links import track_communities_set

# How long browsers and proxies may keep the schedule's exports (the page cache serves them meanwhile).
EXPORT_MAX_AGE = 300
# How often the progress page of an import being fetched reloads itself.
PROGRESS_REFRESH_SECONDS = 2


def _edition_or_404(request):
    if request.edition is None:
        raise Http404
    return request.edition


# --- Public pages ---


@cache_page(also=(ROLES,))
def track_list(request):
    edition = request.edition
    if edition is None:
        return render(request, "schedule/track_list.html", {"tracks": []}, status=404)
    return render(request, "schedule/track_list.html", {"tracks": selectors.tracks_for_list(edition=edition)})


@cache_page(also=(ROLES,))
def track_detail(request, pk):
    try:
        track = selectors.track_for_page(pk=pk)
    except Track.DoesNotExist:
        raise Http404 from None
    timezone.activate(track.edition.tzinfo)
    names = selectors.kept_schedule_names(edition=track.edition)
    days = selectors.schedule_programme(edition=track.edition, track_id=track.pk, names=names)
    _session_items(request, days, show_track=False)
    context = {
        "track": track,
        "days": days,
        "description": localized(track, "description_html"),  # sanitised when saved (core.markdown_fields)
        "tasks": selectors.open_tasks_for_track(track=track),
        "is_current": request.edition is not None and track.edition_id == request.edition.pk,
    }
    return render(request, "schedule/track_detail.html", context)


@cache_page(also=(ROLES,))
def session_detail(request, pk):
    try:
        session = selectors.session_for_page(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    timezone.activate(session.edition.tzinfo)
    # Only an address Pretalx gave that anyone can open: never javascript:, never a local Pretalx.
    pretalx_url = pretalx_url_of(session)
    return render(request, "schedule/session_detail.html", {"session": session, "pretalx_url": pretalx_url})


def _schedule_filters(request, edition) -> tuple[ScheduleFilterForm, selectors.ScheduleNames]:
    """The filter form, and the room and track names its choices hold, which the schedule's rows use too."""
    tracks, communities, rooms = selectors.kept_schedule_choices(edition=edition)
    form = ScheduleFilterForm(request.GET or None, tracks=tracks, communities=communities, rooms=rooms)
    return form, selectors.ScheduleNames(rooms=rooms, tracks=tracks)


def _day_tabs(days, chosen, filters: dict) -> list[dict]:
    """A link per day with sessions (plain links: no JavaScript needed), keeping the filters."""
    kept = {name: value for name, value in filters.items() if value}
    return [
        {
            "iso": day.isoformat(),
            "label": date_format(day, "SHORT_DATE_FORMAT"),
            "query": "?" + urlencode({**kept, "day": day.isoformat()}),
            "is_current": day == chosen,
        }
        for day in days
    ]


# The sessions of the schedule and of a track's page are written out here, not in a template loop (nor
# an include per session): a day holds hundreds of sessions, and twenty-odd template variables each were
# most of the page's time (uncached). Each carries its star button's marker (follows.buttons).
# Every text from the database is escaped here; names and words are escaped once per page.
SESSION_ROOM = '<span class="label label--room"><span class="visually-hidden">{label} </span>{name}</span>'
SESSION_TRACK = ' <span class="label label--track"><span class="visually-hidden">{label} </span>{name}</span>'
SESSION_SPEAKERS = ' <span class="session-item__speakers"><span class="visually-hidden">{label} </span>{names}</span>'


def _session_item(row: dict, *, room: str, track: str, speakers: str, star: str) -> str:
    end = f'–<time datetime="{row["end_iso"]}">{row["end"]}</time>' if row["end"] else ""
    return (
        f'<li><article class="session-item" id="session-{row["pk"]}">\n'
        f'<p class="session-item__time"><time datetime="{row["start_iso"]}">{row["start"]}</time>{end}</p>\n'
        f'<h4 class="session-item__title"><a href="{row["url"]}">{html.escape(row["title"])}</a></h4>\n'
        f'<p class="session-item__meta">{room}{track}{speakers}</p>\n'
        f'<div class="session-item__star">{star}</div>\n'
        "</article></li>\n"
    )


def _session_items(request, slots: list[dict], *, show_track: bool = True) -> None:
    """Give each slot (or day: a dict with `sessions`) `items`: its sessions as the HTML of a list's items
    (_session_item), each with its star button's marker (filled per reader by follows.buttons, with the
    star count). A track's own page leaves the track out (`show_track`)."""
    if not any(slot["sessions"] for slot in slots):
        return
    room_label = escape(_("Room:"))
    track_label = escape(pgettext("conference track", "Track:"))
    speakers_label = escape(_("Speakers:"))
    star_marker = str(personal_marker("follow", "session", "{}", "1"))  # the session's pk goes in the braces
    rooms: dict = {}
    tracks: dict = {}
    for slot in slots:
        items = []
        for row in slot["sessions"]:
            room_id, track_id = row["room_id"], row["track_id"]
            if room_id not in rooms:
                rooms[room_id] = SESSION_ROOM.format(label=room_label, name=escape(row["room"])) if row["room"] else ""
            if track_id not in tracks:
                name = escape(row["track"])
                tracks[track_id] = SESSION_TRACK.format(label=track_label, name=name) if show_track and name else ""
            names = row["speaker_names"]
            items.append(
                _session_item(
                    row,
                    room=rooms[room_id],
                    track=tracks[track_id],
                    speakers=SESSION_SPEAKERS.format(label=speakers_label, names=html.escape(names)) if names else "",
                    star=star_marker.format(row["pk"]),
                )
            )
        slot["items"] = mark_safe("".join(items))  # built above from escaped values


@require_safe
@cache_page(also=(ROLES,))
def schedule(request):
    """One day of the schedule (today while the edition is on, else its first day), with a tab per day."""
    edition = request.edition
    if edition is None:
        return render(request, "schedule/schedule.html", {"slots": []}, status=404)
    form, names = _schedule_filters(request, edition)
    filters = form.filters()
    days = selectors.schedule_days(edition=edition, **filters)
    day = form.chosen_day(days, today=timezone.localdate())
    slots = selectors.schedule_day(edition=edition, day=day, names=names, **filters) if day else []
    _session_items(request, slots)
    query = {"track": filters["track_id"], "community": filters["community_id"], "room": filters["room_id"]}
    context = {
        "form": form,
        "is_filtered": any(filters.values()),
        "day": day,
        "day_iso": day.isoformat() if day else "",
        "day_tabs": _day_tabs(days, day, query),
        "slots": slots,
        "session_count": sum(len(slot["sessions"]) for slot in slots),
        "print_query": urlencode({name: value for name, value in query.items() if value}),
    }
    return render(request, "schedule/schedule.html", context)


@require_safe
@cache_page(PUBLIC_PAGES)
def schedule_print(request):
    """Every day of the schedule on one compact page to print: no buttons, no scripts. Filters apply."""
    edition = _edition_or_404(request)
    form, names = _schedule_filters(request, edition)
    filters = form.filters()
    programme = selectors.schedule_programme(edition=edition, names=names, **filters)
    context = {
        "form": form,
        "filter_labels": form.filter_labels(),
        "programme": programme,
        "session_count": sum(len(day["sessions"]) for day in programme),
        "time_zone": edition.time_zone,
    }
    return render(request, "schedule/schedule_print.html", context)


def _export_response(response, *, filename: str):
    response["Cache-Control"] = f"public, max-age={EXPORT_MAX_AGE}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@cache_page(PUBLIC_PAGES)
def schedule_json(request):
    """The whole schedule as JSON, shaped like Pretalx's schedule.json (schedule/exports.py)."""
    edition = _edition_or_404(request)
    data = exports.schedule_json(edition=edition)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return _export_response(response, filename=f"schedule-{edition.slug}.json")


@require_safe
@cache_page(PUBLIC_PAGES)
def schedule_ics(request):
    """The whole schedule as an iCalendar file, with the same events as the track and personal feeds."""
    edition = _edition_or_404(request)
    response = HttpResponse(exports.schedule_ics(edition=edition), content_type="text/calendar; charset=utf-8")
    return _export_response(response, filename=f"schedule-{edition.slug}.ics")


# --- Staff pages ---


@staff_required
def track_links(request, edition):
    tracks = selectors.tracks_for_links(edition=edition)
    communities = selectors.linkable_communities()
    forms = [TrackCommunitiesForm(track=track, communities=communities) for track in tracks]
    if request.method == "POST":
        try:
            track_pk = int(request.POST.get("track", ""))
        except ValueError:
            track_pk = None
        index = next((i for i, track in enumerate(tracks) if track.pk == track_pk), None)
        if index is None:
            raise Http404
        track = tracks[index]
        form = TrackCommunitiesForm(request.POST, track=track, communities=communities)
        if form.is_valid():
            try:
                track_communities_set(track=track, communities=form.selected(), by=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Saved the communities of %(track)s.") % {"track": track})
                return redirect(f"{request.path}#track-{track.pk}")
        forms[index] = form
    return render(request, "schedule/track_links.html", {"forms": forms, "has_communities": bool(communities)})


def _imported_message(run) -> str:
    return _(
        "The schedule was imported: %(created)s created, %(updated)s updated, "
        "%(removed)s removed, %(unchanged)s unchanged."
    ) % {"created": run.created, "updated": run.updated, "removed": run.removed, "unchanged": run.unchanged}


def _failed_message(run) -> str:
    return _("The import failed and changed nothing: %(error)s") % {"error": run.error}


@staff_required
def imports(request, edition):
    """The import form (queues a preview: nothing changes until it is applied), imports in progress,
    held imports and the list of earlier runs."""
    saved_source = PretalxSource.objects.filter(edition=edition).first()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, saved_source=saved_source)
        if form.is_valid():
            run = queue_import_preview(
                edition=edition, spec=form.source_spec(), upload=form.upload_content(), by=request.user
            )
            return redirect("schedule:import-progress", pk=run.pk)
    else:
        form = ImportForm(saved_source=saved_source)
    fail_stale_fetches(edition=edition)
    held = [(run, plan_for_display(run.plan)) for run in selectors.held_imports_for(edition=edition)]
    context = {
        "form": form,
        "held": held,
        "in_progress": selectors.imports_in_progress_for(edition=edition),
        "runs": selectors.import_runs_for(edition=edition),
        "saved_source": saved_source,
        "deadline_seconds": f"{import_deadline_seconds():g}",
        "size_limit": size_text(import_max_bytes()),
    }
    return render(request, "schedule/imports.html", context)


@staff_required
@require_safe
@never_cache
def import_progress(request, edition, pk):
    """A queued import preview: its progress while the job fetches (the page refreshes itself), then
    the preview once it is ready, or why it failed. Staff may leave and come back."""
    try:
        run = selectors.import_run_for_progress(edition=edition, pk=pk)
    except ImportRun.DoesNotExist:
        raise Http404 from None
    fail_if_stale(run=run)
    if run.is_pending:
        return redirect("schedule:import-preview", pk=run.pk)
    if run.status == ImportStatus.APPLIED:
        messages.info(request, _("This import was already applied."))
        return redirect("schedule:imports")
    if run.status not in (ImportStatus.FETCHING, ImportStatus.FAILED):
        messages.warning(request, _("This import can no longer be applied. Start a new one."))
        return redirect("schedule:imports")
    timezone.activate(edition.tzinfo)
    context = {"run": run, "refresh_seconds": PROGRESS_REFRESH_SECONDS if run.is_fetching else None}
    return render(request, "schedule/import_progress.html", context)


def _review_or_redirect(request, edition, pk):
    """The pending run to show, or a redirect to the imports page saying why there is none."""
    try:
        run = selectors.import_run_for_review(edition=edition, pk=pk)
    except ImportRun.DoesNotExist:
        raise Http404 from None
    if run.is_fetching:
        return None, redirect("schedule:import-progress", pk=run.pk)
    if preview_has_expired(run):
        discard_stale_previews(edition=edition)
        messages.warning(request, _("This preview has expired. Import the schedule again to see what it would do now."))
        return None, redirect("schedule:imports")
    if run.status == ImportStatus.APPLIED:
        messages.info(request, _("This import was already applied."))
        return None, redirect("schedule:imports")
    if not run.is_pending:
        messages.warning(request, _("This import can no longer be applied. Start a new one."))
        return None, redirect("schedule:imports")
    return run, None


def _render_preview(request, run, form, status=200):
    timezone.activate(run.edition.tzinfo)
    context = {"run": run, "plan": plan_for_display(run.plan), "form": form, "is_held": run.status == ImportStatus.HELD}
    return render(request, "schedule/import_preview.html", context, status=status)


@staff_required
def import_preview(request, edition, pk):
    """What a previewed or held import would do, with "Apply this import" and "Cancel"."""
    run, response = _review_or_redirect(request, edition, pk)
    if response is not None:
        return response
    return _render_preview(request, run, ApplyImportForm(run=run))


@staff_required
@require_POST
def import_apply(request, edition, pk):
    run, response = _review_or_redirect(request, edition, pk)
    if response is not None:
        return response
    form = ApplyImportForm(request.POST, run=run)
    form.is_valid()  # both fields are optional: a missing fingerprint is a plan the person did not see
    result = apply_pending_import(
        run=run,
        by=request.user,
        fingerprint=form.cleaned_data.get("fingerprint", ""),
        allow_removals=form.cleaned_data.get("allow_removals", False),
    )
    outcome, run = result.outcome, result.run
    if outcome == Outcome.APPLIED:
        messages.success(request, _imported_message(run))
    elif outcome == Outcome.ALREADY_APPLIED:
        messages.info(request, _("This import was already applied."))
    elif outcome == Outcome.PLAN_CHANGED:
        messages.warning(
            request,
            _("The schedule changed since this preview was made, so nothing was applied. Check the new plan below."),
        )
        return redirect("schedule:import-preview", pk=run.pk)
    elif outcome == Outcome.REMOVALS_NOT_CONFIRMED:
        form = ApplyImportForm(request.POST, run=run)
        form.is_valid()
        form.refuse_removals()
        return _render_preview(request, run, form, status=400)
    elif outcome == Outcome.EXPIRED:
        messages.warning(request, _("This preview has expired. Import the schedule again to see what it would do now."))
    elif outcome == Outcome.FAILED:
        messages.error(request, _failed_message(run))
    else:
        messages.warning(request, _("This import can no longer be applied. Start a new one."))
    return redirect("schedule:imports")


@staff_required
@require_POST
def import_cancel(request, edition, pk):
    try:
        run = selectors.import_run_for_review(edition=edition, pk=pk)
    except ImportRun.DoesNotExist:
        raise Http404 from None
    if cancel_import_preview(run=run):
        messages.info(request, _("The import was cancelled; nothing changed."))
    return redirect("schedule:imports")
