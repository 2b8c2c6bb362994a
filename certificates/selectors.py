"""What a certificate says, read from the person's completed sign-ups whenever it is shown.

Nothing is frozen: a completion that is undone (the sign-up goes back to confirmed, or becomes a
no-show, with a reversal in the points ledger) is simply no longer a completed sign-up, so it
disappears from the certificate, its PDF and its verification page at once.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import localized
from core.urls import absolute_url
from editions.models import Edition
from volunteering.models import SignUp, SignUpStatus

from .models import Certificate, CertificateSettings

HUNDREDTH = Decimal("0.01")


def hours_text(hours: Decimal) -> str:
    """2 → "2", 1.50 → "1.5", 0.75 → "0.75": no trailing zeros, never an exponent."""
    return f"{hours.normalize():f}"


def task_hours(starts_at: datetime.datetime, ends_at: datetime.datetime) -> Decimal:
    seconds = Decimal((ends_at - starts_at).total_seconds())
    return (seconds / 3600).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CertifiedTask:
    title: str
    starts_at: datetime.datetime  # in the edition's time zone
    ends_at: datetime.datetime
    hours: Decimal

    @property
    def hours_text(self) -> str:
        return hours_text(self.hours)

    @property
    def date_text(self) -> str:
        return self.starts_at.date().isoformat()  # the same in both languages

    @property
    def time_text(self) -> str:
        """09:00–12:00, or 22:00–08-02 02:00 when it ends on another day."""
        end = f"{self.ends_at:%H:%M}" if self.ends_at.date() == self.starts_at.date() else f"{self.ends_at:%m-%d %H:%M}"
        return f"{self.starts_at:%H:%M}–{end}"


@dataclass(frozen=True)
class Signer:
    """The organizing team's name as staff set it, in the active language (templates and the PDF
    switch languages around it); without a setting, a plain "organizing team of <edition>"."""

    edition: Edition
    settings: CertificateSettings | None

    @property
    def name(self) -> str:
        if self.settings is not None:
            return localized(self.settings, "signed_by")
        return _("The %(edition)s organizing team") % {"edition": self.edition.name}

    @property
    def title(self) -> str:
        return localized(self.settings, "signer_title") if self.settings is not None else ""


@dataclass(frozen=True)
class CertificateContent:
    certificate: Certificate
    name: str
    edition: Edition
    signer: Signer
    tasks: list[CertifiedTask] = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return sum((task.hours for task in self.tasks), Decimal(0))

    @property
    def total_hours_text(self) -> str:
        return hours_text(self.total_hours)

    @property
    def verify_url(self) -> str:
        return absolute_url(self.certificate.get_absolute_url())

    @property
    def is_empty(self) -> bool:
        return not self.tasks


def certificate_name(user) -> str:
    """The name printed: the person's badge name, or the label that says there is none yet."""
    return user.display_name.strip() or user.public_name


def completed_sign_ups(*, user, edition: Edition):
    """The person's completed sign-ups in the edition, with their tasks, in the order they happened."""
    return (
        SignUp.objects.filter(user=user, task__edition=edition, status=SignUpStatus.COMPLETED)
        .select_related("task")
        .order_by("task__starts_at", "task__pk")
    )


def _certified(task, tz) -> CertifiedTask:
    return CertifiedTask(
        title=task.title,
        starts_at=timezone.localtime(task.starts_at, tz),
        ends_at=timezone.localtime(task.ends_at, tz),
        hours=task_hours(task.starts_at, task.ends_at),
    )


def certificate_content(certificate: Certificate) -> CertificateContent:
    """Everything the certificate says, as of now. Three queries however many tasks (one if the
    certificate comes with its user and edition loaded)."""
    edition, user = certificate.edition, certificate.user
    signer_settings = CertificateSettings.objects.filter(edition=edition).first()
    tz = edition.tzinfo
    return CertificateContent(
        certificate=certificate,
        name=certificate_name(user),
        edition=edition,
        signer=Signer(edition=edition, settings=signer_settings),
        tasks=[_certified(record.task, tz) for record in completed_sign_ups(user=user, edition=edition)],
    )


def certificate_by_token(token: str) -> Certificate | None:
    """The certificate a verification address points at; none for a closed (inactive) account."""
    return Certificate.objects.select_related("user", "edition").filter(token=token, user__is_active=True).first()


@dataclass(frozen=True)
class EditionSummary:
    """One line of "My certificates": an edition where the person completed tasks."""

    edition: Edition
    task_count: int
    hours: Decimal

    @property
    def hours_text(self) -> str:
        return hours_text(self.hours)


def completed_editions(user) -> list[EditionSummary]:
    """The editions where the person has completed tasks, latest first, with the count and hours.
    One query however many tasks and editions."""
    by_edition: dict[int, tuple[Edition, int, Decimal]] = {}
    records = SignUp.objects.filter(user=user, status=SignUpStatus.COMPLETED).select_related("task__edition")
    for record in records:
        edition = record.task.edition
        _edition, count, hours = by_edition.get(edition.pk, (edition, 0, Decimal(0)))
        by_edition[edition.pk] = (edition, count + 1, hours + task_hours(record.task.starts_at, record.task.ends_at))
    summaries = [EditionSummary(edition=e, task_count=c, hours=h) for e, c, h in by_edition.values()]
    return sorted(summaries, key=lambda summary: (summary.edition.start_date, summary.edition.pk), reverse=True)
