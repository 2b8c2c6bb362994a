"""Track, session and schedule pages for everyone; track links and schedule imports for staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import localized
from core.page_cache import PUBLIC_PAGES, cache_page
from editions.decorators import staff_required
from editions.roles import ROLES
from follows.calendar import pretalx_url as pretalx_url_of
from volunteering.markdown import render_markdown

from . import selectors
from .forms import ImportForm, ScheduleFilterForm, TrackCommunitiesForm
from .models import PretalxSource, Session, Track
from .track_links import track_communities_set

try:  # The importer lands separately; the imports page works (as a list) without it.
    from .services import import_schedule
except ImportError:  # pragma: no cover
    import_schedule = None


def _edition_or_404(request):
    if request.edition is None:
        raise Http404
    return request.edition


# --- Public pages ---


@cache_page(PUBLIC_PAGES, also=(ROLES,))
def track_list(request):
    edition = request.edition
    if edition is None:
        return render(request, "schedule/track_list.html", {"tracks": []}, status=404)
    return render(request, "schedule/track_list.html", {"tracks": selectors.tracks_for_list(edition=edition)})


@cache_page(PUBLIC_PAGES, also=(ROLES,))
def track_detail(request, pk):
    try:
        track = selectors.track_for_page(pk=pk)
    except Track.DoesNotExist:
        raise Http404 from None
    timezone.activate(track.edition.tzinfo)
    sessions = list(selectors.scheduled_sessions(edition=track.edition, track_id=track.pk))
    context = {
        "track": track,
        "sessions": sessions,
        "description": render_markdown(localized(track, "description")),
        "days": selectors.group_by_day(sessions),
        "tasks": selectors.open_tasks_for_track(track=track),
        "is_current": request.edition is not None and track.edition_id == request.edition.pk,
    }
    return render(request, "schedule/track_detail.html", context)


@cache_page(PUBLIC_PAGES, also=(ROLES,))
def session_detail(request, pk):
    try:
        session = selectors.session_for_page(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    timezone.activate(session.edition.tzinfo)
    # Only an address Pretalx gave that anyone can open: never javascript:, never a local Pretalx.
    pretalx_url = pretalx_url_of(session)
    return render(request, "schedule/session_detail.html", {"session": session, "pretalx_url": pretalx_url})


@cache_page(PUBLIC_PAGES, also=(ROLES,))
def schedule(request):
    edition = request.edition
    if edition is None:
        return render(request, "schedule/schedule.html", {"days": []}, status=404)
    tracks, communities = selectors.schedule_filter_choices(edition=edition)
    form = ScheduleFilterForm(request.GET or None, tracks=tracks, communities=communities)
    filters = form.filters()
    sessions = list(selectors.scheduled_sessions(edition=edition, **filters))
    days = [(day, selectors.group_by_start(day_sessions)) for day, day_sessions in selectors.group_by_day(sessions)]
    context = {
        "form": form,
        "is_filtered": any(filters.values()),
        "days": days,
        "sessions": sessions,
        "session_count": len(sessions),
    }
    return render(request, "schedule/schedule.html", context)


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


@staff_required
def imports(request, edition):
    saved_source = PretalxSource.objects.filter(edition=edition).first()
    form = None
    if import_schedule is not None:
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES, saved_source=saved_source)
            if form.is_valid():
                run = import_schedule(edition=edition, source=form.import_source(), by=request.user)
                if run.ok:
                    messages.success(
                        request,
                        _(
                            "The schedule was imported: %(created)s created, %(updated)s updated, "
                            "%(removed)s removed, %(unchanged)s unchanged."
                        )
                        % {
                            "created": run.created,
                            "updated": run.updated,
                            "removed": run.removed,
                            "unchanged": run.unchanged,
                        },
                    )
                else:
                    messages.error(
                        request, _("The import failed and changed nothing: %(error)s") % {"error": run.error}
                    )
                return redirect("schedule:imports")
        else:
            form = ImportForm(saved_source=saved_source)
    elif request.method == "POST":
        raise PermissionDenied
    context = {"form": form, "runs": selectors.import_runs_for(edition=edition), "saved_source": saved_source}
    return render(request, "schedule/imports.html", context)
