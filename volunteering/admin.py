"""Backstage for one-day volunteer tasks and sign-ups.

Status changes with side effects (closing, cancelling, completion marks that credit points) go through
the services as admin actions, never through a plain field edit, so the ledger and the emails stay right.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import WholeAddressSearchMixin
from core.backstage import SafeAutocompleteFields

from . import services
from .models import SignUp, Task, TaskStatus


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["user", "status", "signed_up_at", "marked_by", "marked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "marked_by")


def _run(modeladmin, request, objects, action, done_message) -> None:
    done = 0
    for obj in objects:
        try:
            action(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {error.messages[0]}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(Task)
class TaskAdmin(SafeAutocompleteFields, admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "edition",
        "category",
        "status",
        "headcount",
        "points",
        "community",
        "requester",
    ]
    list_filter = ["edition", "status", "category"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    list_select_related = ["edition", "community", "requester"]
    autocomplete_fields = ["requester", "community", "room", "track"]
    inlines = [SignUpInline]
    actions = ["close_tasks", "reopen_tasks", "cancel_tasks"]

    def get_readonly_fields(self, request, obj=None):
        # Closing and cancelling are actions: cancelling tells the people signed up.
        return ["status"] if obj is not None else []

    @admin.action(description=_("Close sign-ups for the selected tasks"))
    def close_tasks(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda task: services.task_close(task=task),
            lambda n: ngettext("%(count)s task closed.", "%(count)s tasks closed.", n) % {"count": n},
        )

    @admin.action(description=_("Reopen sign-ups for the selected tasks"))
    def reopen_tasks(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda task: services.task_reopen(task=task),
            lambda n: ngettext("%(count)s task reopened.", "%(count)s tasks reopened.", n) % {"count": n},
        )

    @admin.action(description=_("Cancel the selected tasks and tell the people signed up"))
    def cancel_tasks(self, request, queryset):
        _run(
            self,
            request,
            queryset.exclude(status=TaskStatus.CANCELLED),
            lambda task: services.task_cancel(task=task),
            lambda n: ngettext("%(count)s task cancelled.", "%(count)s tasks cancelled.", n) % {"count": n},
        )


@admin.register(SignUp)
class SignUpAdmin(WholeAddressSearchMixin, admin.ModelAdmin):
    list_display = ["user", "task", "status", "signed_up_at", "marked_by", "marked_at"]
    list_filter = ["status", "task__edition"]
    search_fields = ["user__email", "user__display_name", "task__title"]
    list_select_related = ["user", "task", "marked_by"]
    actions = ["mark_completed", "mark_no_show", "undo_mark"]

    # Marks credit or reverse points: use the actions (or the roster), not the field. People sign up
    # themselves, through the service that checks places, overlaps and the daily cap.
    readonly_fields = ["task", "user", "status", "signed_up_at", "marked_by", "marked_at", "reminder_sent_at"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark the selected sign-ups as completed (credits points)"))
    def mark_completed(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda sign_up: services.mark_completed(sign_up=sign_up, by=request.user),
            lambda n: ngettext("%(count)s sign-up marked.", "%(count)s sign-ups marked.", n) % {"count": n},
        )

    @admin.action(description=_("Mark the selected sign-ups as no-show"))
    def mark_no_show(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda sign_up: services.mark_no_show(sign_up=sign_up, by=request.user),
            lambda n: ngettext("%(count)s sign-up marked.", "%(count)s sign-ups marked.", n) % {"count": n},
        )

    @admin.action(description=_("Undo the mark of the selected sign-ups"))
    def undo_mark(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda sign_up: services.undo_mark(sign_up=sign_up, by=request.user),
            lambda n: ngettext("%(count)s mark undone.", "%(count)s marks undone.", n) % {"count": n},
        )
