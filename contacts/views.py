"""The contact list of responsible persons (staff of the current edition only): the list, its CSV and
vCard exports, the audit log of every view and export, and messages to responsible persons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editions.decorators import staff_required
from volunteering.markdown import render_markdown

from . import selectors, services
from .exports import contacts_csv, contacts_vcard
from .forms import ContactFilterForm, MessageForm
from .models import AccessAction, ResponsiblePersonMessage

PRIVATE = "private, no-store"  # contact details stay out of shared caches and the browser's history


def _filtered(request, edition) -> tuple[ContactFilterForm, selectors.ContactFilter, list[selectors.ContactRow]]:
    communities, tracks = selectors.filter_choices(edition=edition)
    form = ContactFilterForm(request.GET or None, communities=communities, tracks=tracks)
    contact_filter = form.contact_filter()
    return form, contact_filter, selectors.contact_rows(edition=edition, contact_filter=contact_filter)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE
    return response


@staff_required
def contact_list(request, edition):
    form, contact_filter, rows = _filtered(request, edition)
    services.contact_list_access_record(
        edition=edition, user=request.user, action=AccessAction.VIEW, contact_filter=contact_filter, row_count=len(rows)
    )
    query = urlencode(contact_filter.as_dict())
    return _private(
        render(
            request,
            "contacts/contact_list.html",
            {
                "form": form,
                "groups": selectors.group_by_community(rows),
                "row_count": len(rows),
                "recipient_count": len(selectors.message_recipients(rows)),
                "query": query,
                "is_filtered": bool(contact_filter.as_dict()),
            },
        )
    )


@staff_required
def export_csv(request, edition):
    _form, contact_filter, rows = _filtered(request, edition)
    services.contact_list_access_record(
        edition=edition,
        user=request.user,
        action=AccessAction.EXPORT_CSV,
        contact_filter=contact_filter,
        row_count=len(rows),
    )
    return _private(contacts_csv(rows, filename=f"responsible-persons-{edition.slug}.csv"))


@staff_required
def export_vcard(request, edition):
    _form, contact_filter, rows = _filtered(request, edition)
    body, card_count = contacts_vcard(rows)
    services.contact_list_access_record(
        edition=edition,
        user=request.user,
        action=AccessAction.EXPORT_VCARD,
        contact_filter=contact_filter,
        row_count=card_count,
    )
    response = HttpResponse(body, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="responsible-persons-{edition.slug}.vcf"'
    return _private(response)


@staff_required
def access_log(request, edition):
    page = selectors.access_log(edition=edition, page_number=request.GET.get("page", 1))
    return _private(render(request, "contacts/access_log.html", {"page": page}))


@staff_required
def message_compose(request, edition):
    filter_form, contact_filter, rows = _filtered(request, edition)
    recipients = selectors.message_recipients(rows)
    form = MessageForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                message, created = services.message_send(
                    edition=edition,
                    author=request.user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    contact_filter=contact_filter,
                    recipients=recipients,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                if created:
                    count = len(recipients)
                    messages.success(
                        request,
                        ngettext(
                            "Your message is on its way to %(count)d person.",
                            "Your message is on its way to %(count)d persons.",
                            count,
                        )
                        % {"count": count},
                    )
                else:
                    messages.info(request, _("This message was already sent; it was not sent again."))
                return redirect("contacts:message-detail", pk=message.pk)
    return _private(
        render(
            request,
            "contacts/message_form.html",
            {
                "form": form,
                "filter_form": filter_form,
                "recipients": recipients,
                "query": urlencode(contact_filter.as_dict()),
                "preview": preview,
            },
        )
    )


@staff_required
def message_list(request, edition):
    return _private(render(request, "contacts/message_list.html", {"sent": selectors.messages_sent(edition=edition)}))


@staff_required
def message_detail(request, edition, pk):
    message = get_object_or_404(ResponsiblePersonMessage.objects.select_related("author"), pk=pk, edition=edition)
    return _private(
        render(
            request,
            "contacts/message_detail.html",
            {
                "message": message,
                "body_html": render_markdown(message.body),
                "deliveries": selectors.deliveries_of(message),
            },
        )
    )
