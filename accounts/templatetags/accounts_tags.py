"""Helpers for the login pages (templates/account/, templates/socialaccount/)."""

from allauth.account import app_settings as allauth_settings
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def labelled(field, label):
    """An allauth form field under the site's own label and without allauth's placeholder: allauth's
    wording (and its own translations) reads unlike the rest of the site."""
    field.label = label
    field.field.widget.attrs.pop("placeholder", None)
    return field


@register.simple_tag
def code_minutes(kind: str) -> int:
    """How long an emailed code works, in minutes: "login" for login codes, "email" for confirming an address."""
    if kind == "login":
        seconds = allauth_settings.LOGIN_BY_CODE_TIMEOUT
    else:
        seconds = allauth_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT
    return max(1, seconds // 60)


@register.filter
def wrappable(address):
    """An email address that may wrap on a narrow phone: break opportunities before "@" and after
    each dot (no CSS needed), so a long address never pushes the page sideways."""
    escaped = str(conditional_escape(address))
    return mark_safe(escaped.replace("@", "<wbr>@").replace(".", ".<wbr>"))  # escaped just above
