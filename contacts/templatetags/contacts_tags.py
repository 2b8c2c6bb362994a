from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def contact_value(value: str | None, kind: str = ""):
    """One shared detail: a mailto/tel link, "—" when shared but empty, "not shared" (never the value)
    when the person kept it to themselves. A tag, not an include: the list renders it hundreds of times."""
    if value is None:
        return format_html('<span class="contact-value--not-shared">{}</span>', _("not shared"))
    if not value:
        return "—"
    if kind == "email":
        return format_html('<a href="mailto:{}">{}</a>', value, value)
    if kind == "phone":
        return format_html('<a href="tel:{}">{}</a>', value.replace(" ", ""), value)
    return value
