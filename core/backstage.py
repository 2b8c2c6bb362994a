"""Backstage (Django admin) pieces every app's admin shares.

Django's autocomplete widgets look up the selected value to show its label, and fail with a server
error when that value cannot be a key: a NUL, letters or a number beyond the column in `?user=` on an
add page (the admin fills a form from the query) or in a posted form shown again with its errors.
`SafeAutocompleteFields` makes a ModelAdmin or inline use widgets that leave such a value out, so the
form says "Select a valid choice" instead.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import IntegerField


def can_be_key(field, value) -> bool:
    """Whether `value` could identify a row that the relation `field` points to."""
    remote = field.remote_field
    target = remote.model._meta.get_field(remote.field_name)
    try:
        prepared = target.get_prep_value(target.to_python(value))
    except (ValueError, TypeError, ValidationError):
        return False
    if isinstance(prepared, str):
        return "\x00" not in prepared
    if isinstance(target, IntegerField) and isinstance(prepared, int):
        low, high = connections["default"].ops.integer_field_range(target.get_internal_type())
        return (low is None or prepared >= low) and (high is None or prepared <= high)
    return True


class _KeysOnly:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if can_be_key(self.field, item)], attr)


class SafeAutocompleteSelect(_KeysOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_KeysOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteFields:
    """A ModelAdmin or inline mixin: its `autocomplete_fields` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
