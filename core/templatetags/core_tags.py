from django import template

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
