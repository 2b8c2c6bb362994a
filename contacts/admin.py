from django.contrib import admin

from .models import ContactListAccess, MessageDelivery, ResponsiblePersonMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """An audit trail and a record of what was sent: nobody edits or deletes them from the backstage."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContactListAccess)
class ContactListAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "row_count", "edition"]
    list_filter = ["action", "edition"]
    list_select_related = ["user", "edition"]
    date_hierarchy = "at"


class MessageDeliveryInline(admin.TabularInline):
    model = MessageDelivery
    fields = ["recipient", "language", "status", "sent_at", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ResponsiblePersonMessage)
class ResponsiblePersonMessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "author", "created_at", "edition"]
    list_filter = ["edition"]
    list_select_related = ["author", "edition"]
    inlines = [MessageDeliveryInline]
