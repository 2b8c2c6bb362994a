"""Backstage for points: rewards are edited here; the ledger, redemptions and desk codes are only read.

The ledger is append-only: corrections go through the service desk (points.services), which records
who, when and why. Voiding a redemption here goes through the same service.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import WholeAddressSearchMixin

from . import services
from .models import DeskCode, PointsEntry, Redemption, RedemptionItem, Reward


class ReadOnlyAdminMixin:
    """Viewable by the backstage, never added, changed or deleted through it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reward)
class RewardAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hant", "edition", "cost", "stock", "is_active"]
    list_editable = ["stock", "is_active"]
    list_filter = ["edition", "is_active"]
    list_select_related = ["edition"]
    search_fields = ["name", "name_zh_hant"]
    ordering = ["edition", "position", "cost", "pk"]


class RedemptionItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RedemptionItem
    verbose_name = _("reward")
    verbose_name_plural = _("rewards")
    fields = ["reward", "quantity", "cost_each"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Redemption)
class RedemptionAdmin(WholeAddressSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "edition", "total_points", "created_by", "created_at", "voided_at"]
    list_filter = ["edition", ("voided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "edition", "created_by"]
    search_fields = ["user__email", "user__display_name"]
    date_hierarchy = "created_at"
    fields = ["edition", "user", "total_points", "created_by", "created_at", "voided_by", "voided_at"]
    readonly_fields = fields
    inlines = [RedemptionItemInline]
    actions = ["void_selected"]

    @admin.action(description=_("Void the selected redemptions (points and stock come back)"), permissions=["view"])
    def void_selected(self, request, queryset):
        voided, refused = 0, []
        for redemption in queryset.select_related("user"):
            try:
                services.void_redemption(
                    redemption=redemption, by=request.user, reason=str(_("Voided in the backstage"))
                )
            except ValidationError as error:
                refused.append(f"{redemption}: {error.messages[0]}")
            else:
                voided += 1
        if voided:
            self.message_user(
                request,
                ngettext("%(count)d redemption voided.", "%(count)d redemptions voided.", voided) % {"count": voided},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)


@admin.register(PointsEntry)
class PointsEntryAdmin(WholeAddressSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "amount", "kind", "reason", "created_by", "created_at"]
    list_filter = ["edition", "kind"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__email", "user__display_name"]
    date_hierarchy = "created_at"
    fields = [
        "edition",
        "user",
        "amount",
        "kind",
        "reason",
        "sign_up",
        "redemption",
        "reverses",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields


@admin.register(DeskCode)
class DeskCodeAdmin(WholeAddressSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["code", "user__email", "user__display_name"]
    fields = ["code", "user", "created_at"]
    readonly_fields = fields
