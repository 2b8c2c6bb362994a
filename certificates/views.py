from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.urls import absolute_url
from editions.decorators import staff_required
from editions.models import Edition

from . import labels, selectors, services
from .forms import SignerForm
from .models import Certificate, CertificateSettings
from .pdf import certificate_pdf


@login_required
@require_safe
@never_cache
def mine(request):
    """The person's certificates: one per edition where they have completed tasks."""
    summaries = selectors.completed_editions(request.user)
    certificates = services.certificates_for(user=request.user, editions=[s.edition for s in summaries])
    rows = [
        {
            "summary": summary,
            "certificate": certificates[summary.edition.pk],
            "verify_url": absolute_url(certificates[summary.edition.pk].get_absolute_url()),
        }
        for summary in summaries
    ]
    badge_name_url = reverse("accounts:badge-name") + "?" + urlencode({"next": reverse("certificates:mine")})
    return render(
        request,
        "certificates/certificate_mine.html",
        {"rows": rows, "has_name": bool(request.user.display_name.strip()), "badge_name_url": badge_name_url},
    )


def _own_certificate(request, edition_slug: str) -> Certificate:
    edition = get_object_or_404(Edition, slug=edition_slug)
    if not selectors.completed_sign_ups(user=request.user, edition=edition).exists():
        raise Http404
    return services.certificates_for(user=request.user, editions=[edition])[edition.pk]


@login_required
@require_safe
@never_cache
def pdf(request, edition):
    """The person's own certificate for an edition, as a PDF to download (404 without completed tasks)."""
    if not request.user.display_name.strip():
        messages.info(request, _("Please enter the name to print on your certificate first."))
        return redirect(reverse("accounts:badge-name") + "?" + urlencode({"next": reverse("certificates:mine")}))
    certificate = _own_certificate(request, edition)
    response = HttpResponse(certificate_pdf(selectors.certificate_content(certificate)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-of-service-{certificate.edition.slug}.pdf"'
    return response


@login_required
@require_POST
def reset_address(request, edition):
    """A new verification address for the person's own certificate; the old one stops working."""
    certificate = _own_certificate(request, edition)
    services.certificate_reset_address(certificate=certificate)
    messages.success(
        request,
        _("Your certificate for %(edition)s has a new verification address. The old address no longer works.")
        % {"edition": certificate.edition.name},
    )
    return redirect("certificates:mine")


@require_safe
@never_cache
def verify(request, token):
    """Public to whoever holds the address: the certificate's content as of now, in both languages,
    and nothing else about the person."""
    certificate = selectors.certificate_by_token(token)
    if certificate is None:
        # Someone checking a printed certificate learns, in both languages, what this answer means.
        context = {"heading": labels.both(labels.UNKNOWN_TITLE), "status": labels.both(labels.UNKNOWN)}
        response = render(request, "certificates/certificate_unknown.html", context, status=404)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    content = selectors.certificate_content(certificate)
    context = {
        "content": content,
        "heading": labels.both(labels.TITLE),
        "labels": {
            name: labels.both(getattr(labels, name.upper()))
            for name in ("name", "edition", "date", "task", "time", "hours", "total_hours", "signed_by", "current")
        },
        "status": labels.both(labels.NOTHING_ANYMORE if content.is_empty else labels.VALID),
        "signer_names": labels.in_each_language(lambda: content.signer.name),
        "signer_titles": labels.in_each_language(lambda: content.signer.title),
    }
    response = render(request, "certificates/certificate_verify.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def signer(request, edition):
    """Staff set who signs the current edition's certificates."""
    instance = CertificateSettings.objects.filter(edition=edition).first()
    form = SignerForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_settings_update(edition=edition, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("Saved: certificates of %(edition)s are signed this way.") % {"edition": edition.name}
            )
            return redirect("certificates:signer")
    preview = selectors.Signer(edition=edition, settings=instance)
    return render(
        request,
        "certificates/certificatesettings_form.html",
        {
            "form": form,
            "edition": edition,
            "settings": instance,
            "signer_names": labels.in_each_language(lambda: preview.name),
        },
    )
