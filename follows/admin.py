from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Support can see that a feed exists and reset its address; the secret token itself is never shown."""

    list_display = ["user", "created_at", "reset_at"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "reset_at"]
    readonly_fields = ["user", "created_at", "reset_at"]
    actions = ["reset_address"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Reset the secret address of the selected feeds"))
    def reset_address(self, request, queryset):
        count = 0
        for feed in queryset:
            feed.reset()
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d calendar feed has a new address.", "%(count)d calendar feeds have a new address.", count
            )
            % {"count": count},
        )
