"""Editing a community page (its responsible persons and staff), its live preview, its history and
restoring a revision (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editions.roles import is_staff
from volunteering.markdown import render_markdown

from ..forms import CommunityEditForm
from ..models import Community, CommunityRevision
from ..permissions import can_see_history
from ..selectors.history import revision_history
from ..services import pages as services

PREVIEW_FIELDS = ("introduction", "introduction_zh_hant")
PREVIEW_MAX_LENGTH = 50_000


def _editable(request, slug) -> tuple[Community, tuple[str, ...]]:
    community = get_object_or_404(Community, slug=slug)
    fields = services.editable_fields(user=request.user, community=community, edition=request.edition)
    if not fields:
        raise PermissionDenied
    return community, fields


@login_required
def community_edit(request, slug):
    community, fields = _editable(request, slug)
    form = CommunityEditForm(request.POST or None, request.FILES or None, community=community, fields=fields)
    previews = {}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            # Shown as visitors will see it, sanitised the same way; nothing is saved.
            previews = {name: render_markdown(form.cleaned_data.get(name) or "") for name in PREVIEW_FIELDS}
            if request.FILES.get("logo"):
                messages.warning(request, _("A preview cannot keep a chosen logo file: choose it again before saving."))
        else:
            try:
                services.community_update(
                    community=community, data=form.cleaned_data, by=request.user, edition=request.edition
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("The community page is saved."))
                return redirect(community)
    return render(
        request,
        "communities/community_edit.html",
        {"community": community, "form": form, "previews": previews, "preview_fields": PREVIEW_FIELDS},
    )


@login_required
@require_POST
def community_preview(request, slug):
    """The live preview's HTML fragment (enhancement for the edit page; the form's Preview button
    does the same without JavaScript)."""
    _editable(request, slug)
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_MAX_LENGTH:
        return HttpResponseBadRequest(_("The text is too long to preview."), content_type="text/plain; charset=utf-8")
    response = HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def community_history(request, slug):
    community = get_object_or_404(Community, slug=slug)
    if not can_see_history(request.user, community, request.edition):
        raise PermissionDenied
    page = revision_history(community=community, page_number=request.GET.get("page", 1))
    return render(
        request,
        "communities/community_history.html",
        {"community": community, "page": page, "can_restore": is_staff(request.user, request.edition)},
    )


@login_required
@require_POST
def revision_restore(request, slug, pk):
    revision = get_object_or_404(CommunityRevision.objects.select_related("community"), pk=pk, community__slug=slug)
    if not is_staff(request.user, request.edition):
        raise PermissionDenied
    try:
        services.revision_restore(revision=revision, by=request.user, edition=request.edition)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The page is back as it was on %(when)s.")
            % {"when": date_format(timezone.localtime(revision.created_at), "SHORT_DATETIME_FORMAT")},
        )
    return redirect("communities:history", slug=slug)
