from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import WholeAddressSearchMixin

from .models import CalendarFeed, CommunityFollow, FollowPreferences, SessionChange, SessionStar, TrackFollow


@admin.register(CalendarFeed)
class CalendarFeedAdmin(WholeAddressSearchMixin, admin.ModelAdmin):
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


@admin.register(CommunityFollow)
class CommunityFollowAdmin(WholeAddressSearchMixin, admin.ModelAdmin):
    list_display = ["user", "community", "created_at"]
    search_fields = ["user__email", "user__display_name", "community__name"]
    list_select_related = ["user", "community"]
    raw_id_fields = ["user", "community"]


@admin.register(TrackFollow)
class TrackFollowAdmin(WholeAddressSearchMixin, admin.ModelAdmin):
    list_display = ["user", "track", "created_at"]
    search_fields = ["user__email", "user__display_name", "track__name"]
    list_select_related = ["user", "track"]
    raw_id_fields = ["user", "track"]


@admin.register(SessionStar)
class SessionStarAdmin(WholeAddressSearchMixin, admin.ModelAdmin):
    list_display = ["user", "session", "created_at"]
    search_fields = ["user__email", "user__display_name", "session__title", "session__code"]
    list_select_related = ["user", "session"]
    raw_id_fields = ["user", "session"]


@admin.register(FollowPreferences)
class FollowPreferencesAdmin(WholeAddressSearchMixin, admin.ModelAdmin):
    list_display = ["user", "email_digest", "last_digest_at"]
    list_filter = ["email_digest"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["news_since", "last_digest_at"]


@admin.register(SessionChange)
class SessionChangeAdmin(admin.ModelAdmin):
    list_display = ["session", "kind", "previous_starts_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["session__title", "session__code"]
    list_select_related = ["session"]
    raw_id_fields = ["session"]
