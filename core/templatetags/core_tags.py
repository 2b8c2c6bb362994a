from django import template
from django.utils.translation import pgettext

from core.i18n import localized as localized_value

register = template.Library()


@register.filter
def localized(obj, field):
    """`{{ reward|localized:"name" }}`: the field in the viewer's language, else the other one."""
    return localized_value(obj, field)


@register.simple_tag
def personal(kind, *args):
    """`{% personal "name" %}`: where the reader's part goes (core.personal fills it per response)."""
    from core.personal import marker

    return marker(kind, *args)


@register.filter
def as_list(items):
    """`{{ names|as_list }}`: the items written as a list the way the active language writes one
    ("a, b" in English, "a、b" in Chinese). Escaped like any value."""
    return pgettext("separator between the items of a list", ", ").join(str(item) for item in items)
