from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import localized
from core.markdown_fields import MarkdownHtmlModel, markdown_html_field
from core.stored_text import word


class Room(models.Model):
    """A room of an edition's venue, usually imported from Pretalx."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name (English)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    pretalx_id = models.PositiveIntegerField(_("Pretalx id"), null=True, blank=True)
    # Pretalx room uuid: the API's `uuid`, which schedule.json calls `guid`. Stable across instances.
    pretalx_uuid = models.CharField(_("Pretalx uuid"), max_length=64, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "pretalx_id"], name="room_pretalx_id_unique"),
            models.UniqueConstraint(fields=["edition", "pretalx_uuid"], name="room_pretalx_uuid_unique"),
        ]

    def __str__(self):
        return localized(self, "name")


class Track(MarkdownHtmlModel):
    """A community track: organized by one or more communities, per edition."""

    MARKDOWN_HTML = {"description": "description_html", "description_zh_hant": "description_html_zh_hant"}

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    # The descriptions as the track page shows them: sanitised HTML, filled on every write
    # (core.markdown_fields). Named so that localized(track, "description_html") works.
    description_html = markdown_html_field(_("description (English)"))
    description_html_zh_hant = markdown_html_field(_("description (Traditional Chinese)"))
    color = models.CharField(_("colour"), max_length=20, blank=True)
    pretalx_id = models.PositiveIntegerField(_("Pretalx id"), null=True, blank=True)
    # Stable import key, see schedule.pretalx.track_key(): the track's name in the event's default
    # locale, normalised. Pretalx tracks have no other key that both the API and schedule.json expose.
    pretalx_key = models.CharField(_("Pretalx key"), max_length=200, blank=True, default="")
    communities = models.ManyToManyField(
        "communities.Community", related_name="tracks", blank=True, verbose_name=_("communities")
    )

    class Meta:
        verbose_name = pgettext_lazy("conference track", "track")
        verbose_name_plural = pgettext_lazy("conference track", "tracks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "pretalx_id"], name="track_pretalx_id_unique"),
            models.UniqueConstraint(
                fields=["edition", "pretalx_key"],
                condition=~models.Q(pretalx_key=""),
                name="track_pretalx_key_unique",
            ),
        ]

    def __str__(self):
        return localized(self, "name")


class Session(models.Model):
    """A talk of the conference programme, imported from Pretalx (keyed by the submission code)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="sessions")
    code = models.CharField(_("Pretalx code"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    abstract = models.TextField(_("abstract"), blank=True)
    speakers = models.JSONField(_("speakers"), default=list, blank=True)
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=pgettext_lazy("conference track", "track"),
    )
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("room")
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    is_scheduled = models.BooleanField(_("scheduled"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("conference talk", "session")
        verbose_name_plural = pgettext_lazy("conference talk", "sessions")
        ordering = ["starts_at", "room__position", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="session_code_unique")]

    def __str__(self):
        return self.title

    @property
    def speaker_names(self):
        return ", ".join(self.speakers)


class ImportKind(models.TextChoices):
    API = "api", _("Pretalx API")
    SCHEDULE_JSON = "schedule_json", _("schedule.json export")


class ImportStatus(models.TextChoices):
    # Started on the imports page: a queued job is fetching the schedule and working out the plan.
    FETCHING = "fetching", _("fetching")
    # Waiting for staff: a preview from the imports page, or a sync held back for removing too much.
    PREVIEWED = "previewed", _("previewed")
    HELD = "held", _("held for staff")
    # Done: written to the schedule, or nothing changed.
    APPLIED = "applied", _("applied")
    FAILED = "failed", _("failed")
    # Never applied: a preview staff cancelled or left too long, a held import a later sync replaced.
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")
    SUPERSEDED = "superseded", _("superseded")


PENDING_IMPORT_STATUSES = (ImportStatus.PREVIEWED, ImportStatus.HELD)


class ImportRun(models.Model):
    """One attempt to import an edition's schedule; kept even when the import failed and changed nothing.

    A preview (or a sync held back) keeps the fetched schedule in ``data`` and what it would do in
    ``plan`` until staff apply it; ``fingerprint`` identifies that plan (see schedule.import_plan).

    A preview started on the imports page is fetched by a queued job (schedule.tasks): until then
    the run is ``fetching`` and keeps what to fetch (``source_spec``, with the API token if any, and
    an uploaded file in ``upload``); the job drops both when it is done and adds lines to ``progress``
    as it goes. ``fetch_started_at`` is when the job began.
    """

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="import_runs")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    source = models.CharField(_("source"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.APPLIED)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    ok = models.BooleanField(_("succeeded"), default=False)
    # Kept as message ids and values where we wrote the words (core.stored_text), so staff read them
    # in their own language: use `error` and `change_lines`.
    error_message = models.JSONField(_("error"), default=str, blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    plan = models.JSONField(_("plan"), default=dict, blank=True)
    fingerprint = models.CharField(_("plan fingerprint"), max_length=64, blank=True)
    data = models.JSONField(_("fetched schedule"), null=True, blank=True, editable=False)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    staff_notified_at = models.DateTimeField(_("staff told at"), null=True, blank=True)
    source_spec = models.JSONField(_("what to fetch"), null=True, blank=True, editable=False)
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True, editable=False)
    fetch_started_at = models.DateTimeField(_("fetch started at"), null=True, blank=True)
    progress = models.JSONField(_("progress"), default=list, blank=True)

    class Meta:
        verbose_name = _("schedule import")
        verbose_name_plural = _("schedule imports")
        ordering = ["-started_at", "-id"]
        constraints = [
            # One held run per plan: two syncs that hold the same plan at once record (and email) it once.
            models.UniqueConstraint(
                fields=["edition", "fingerprint"],
                condition=models.Q(status="held"),
                name="importrun_one_held_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.edition} {self.started_at:%Y-%m-%d %H:%M} {self.source}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_IMPORT_STATUSES

    @property
    def error(self) -> str:
        """Why it failed or was held, in the active language."""
        return word(self.error_message)

    @property
    def change_lines(self) -> list[str]:
        """What it changed, one line each, in the active language."""
        return [word(line) for line in self.changes]

    @property
    def is_fetching(self) -> bool:
        return self.status == ImportStatus.FETCHING

    @property
    def progress_lines(self) -> list[str]:
        """What the job did so far, one line each, in the active language."""
        return [word(line) for line in self.progress]


class PretalxSource(models.Model):
    """Where an edition's schedule comes from in Pretalx."""

    edition = models.OneToOneField("editions.Edition", on_delete=models.CASCADE, related_name="pretalx_source")
    base_url = models.URLField(_("Pretalx address"), help_text=_("For example https://pretalx.coscup.org"))
    event_slug = models.SlugField(_("event slug"), max_length=100)
    api_token = models.CharField(
        _("API token"), max_length=200, blank=True, help_text=_("Optional. Leave empty to use the public API.")
    )
    sync_enabled = models.BooleanField(_("sync automatically"), default=False)

    class Meta:
        verbose_name = _("Pretalx source")
        verbose_name_plural = _("Pretalx sources")

    def __str__(self):
        return f"{self.base_url} {self.event_slug}"
