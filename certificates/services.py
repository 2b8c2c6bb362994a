"""Writes: certificate addresses and the signer setting."""

from django.db import transaction
from django.utils import timezone

from editions.models import Edition

from .models import Certificate, CertificateSettings, new_token

SIGNER_FIELDS = ("signed_by", "signed_by_zh_hant", "signer_title", "signer_title_zh_hant")


def certificates_for(*, user, editions: list[Edition]) -> dict[int, Certificate]:
    """The person's certificate for each edition (by edition id), creating the missing ones.
    Three queries at most however many editions; a concurrent request creating the same one is harmless."""
    wanted = {edition.pk: edition for edition in editions}
    if not wanted:
        return {}
    existing = {c.edition_id: c for c in Certificate.objects.filter(user=user, edition_id__in=wanted)}
    missing = [Certificate(user=user, edition=wanted[pk]) for pk in wanted if pk not in existing]
    if missing:
        # A concurrent request may have created some meanwhile: skip those, then read them all back.
        Certificate.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {c.edition_id: c for c in Certificate.objects.filter(user=user, edition_id__in=wanted)}
    for certificate in existing.values():
        certificate.edition = wanted[certificate.edition_id]
        certificate.user = user
    return existing


@transaction.atomic
def certificate_reset_address(*, certificate: Certificate) -> Certificate:
    """A new verification address: the old one (and the QR code on PDFs printed before) stops working."""
    certificate.token = new_token()
    certificate.reset_at = timezone.now()
    certificate.save(update_fields=["token", "reset_at"])
    return certificate


@transaction.atomic
def certificate_settings_update(*, edition: Edition, data: dict, by) -> CertificateSettings:
    record = CertificateSettings.objects.select_for_update().filter(edition=edition).first()
    record = record or CertificateSettings(edition=edition)
    for name in SIGNER_FIELDS:
        setattr(record, name, (data.get(name) or "").strip())
    record.updated_by = by
    record.full_clean()
    record.save()
    return record
