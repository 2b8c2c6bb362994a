from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


class UserCreationForm(forms.ModelForm):
    """Creating a person in the backstage: they log in by code, so no password is asked."""

    class Meta:
        model = User
        fields = ["email", "display_name"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "preferred_language", "is_active", "is_superuser", "date_joined"]
    list_filter = ["is_active", "is_superuser", "preferred_language"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "bio", "preferred_language", "chat_handle", "phone"]}),
        (
            _("Sharing with the organizing team"),
            {"fields": ["share_email_with_staff", "share_phone_with_staff", "share_chat_with_staff"]},
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name"]})]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Edition staff use the backstage but cannot hand out wider powers than their own.
            fields += ["is_staff", "is_superuser", "groups", "user_permissions", "password"]
        return fields

    def has_change_permission(self, request, obj=None):
        # Changing a superuser's email would let anyone with the backstage take the account over.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
