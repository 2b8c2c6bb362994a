"""The backstage's people: superusers manage every account; edition staff see what people chose to share.

Edition staff (see editions.backends) may open the people list, add a person and edit a plain
account's profile (display name, bio, language, active). They never see an email address, phone or chat
handle the person did not agree to show the organizing team, never change an email address or password
(either would let them log in as that person), never delete an account, and never change the account
of a superuser or of anyone with backstage access. Email addresses, social accounts and sessions are
not theirs at all.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

from editions.roles import is_staff
from editions.selectors import current_edition

from .models import User

# What a person shares by consent: edition staff see these only through the shared_* columns below.
CONTACT_FIELDS = {"email": "shared_email", "phone": "shared_phone", "chat_handle": "shared_chat_handle"}


def whole_address_search(search_field: str) -> str:
    """An email search field as an exact (case-insensitive) match: finding someone by their whole address
    works, spelling out an address one letter at a time through partial matches does not."""
    name = search_field.lstrip("^=@")
    return f"={name}" if name.split(LOOKUP_SEP)[-1] == "email" else search_field


class WholeAddressSearchMixin:
    """For admins that search people by email: edition staff match whole addresses only."""

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if request.user.is_superuser:
            return fields
        return [whole_address_search(field) for field in fields]


def has_backstage_powers(user: User) -> bool:
    """Superusers, Django staff and the current edition's staff: their accounts are for superusers to change."""
    return user.is_superuser or user.is_staff or is_staff(user, current_edition())


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
class UserAdmin(WholeAddressSearchMixin, DjangoUserAdmin):
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
    # Edition staff cannot change these: the consent is the person's, the rest is power over accounts.
    staff_readonly_fields = [
        *CONTACT_FIELDS.values(),
        "share_email_with_staff",
        "share_phone_with_staff",
        "share_chat_with_staff",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
    ]

    @admin.display(description=_("email address"))
    def shared_email(self, obj):
        return obj.email_for_staff

    @admin.display(description=_("phone"))
    def shared_phone(self, obj):
        return obj.phone if obj.share_phone_with_staff else _("not shared")

    @admin.display(description=_("chat handle"))
    def shared_chat_handle(self, obj):
        return obj.chat_handle if obj.share_chat_with_staff else _("not shared")

    def get_list_display(self, request):
        if request.user.is_superuser:
            return self.list_display
        return [CONTACT_FIELDS.get(name, name) for name in self.list_display]

    def get_ordering(self, request):
        # Sorted by address, the list would hint at addresses it masks.
        return self.ordering if request.user.is_superuser else ["display_name", "pk"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [CONTACT_FIELDS.get(field, field) for field in options["fields"] if field != "password"],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and obj is not None:
            fields += self.staff_readonly_fields
        return fields

    def lookup_allowed(self, lookup, value, request=None):
        # ?email__startswith=… in the address bar would spell out what the list masks.
        private = lookup.split(LOOKUP_SEP)[0] in CONTACT_FIELDS
        if private and not (request is not None and request.user.is_superuser):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_change_permission(self, request, obj=None):
        # A changed email address or password would let whoever changed it log in as that person.
        if obj is not None and not request.user.is_superuser and has_backstage_powers(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting an account is identity management, for superusers; edition staff deactivate. (Its
        # confirmation page would also list the person's email addresses.)
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
