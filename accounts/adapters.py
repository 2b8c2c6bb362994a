from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def _keep_next(request, signup_url: str) -> str:
    """Someone without an account asked for a login code on the way somewhere (an invitation, a
    task): the sign-up link in the email they get instead leads back there."""
    if request is None:
        return signup_url
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return f"{signup_url}?{urlencode({'next': target})}"
    return signup_url


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        if template_prefix == "account/email/unknown_account":
            context = {**context, "signup_url": _keep_next(context.get("request"), context["signup_url"])}
        # Mail goes out in the recipient's language when we know it, else the page's.
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        context = {**context, "site_name": settings.SITE_NAME}
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def login(self, request, user):
        # The language someone picked before logging in becomes their profile's preference.
        if not user.preferred_language:
            user.preferred_language = translation.get_language() or ""
            user.save(update_fields=["preferred_language"])
        return super().login(request, user)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not user.preferred_language:
            user.preferred_language = translation.get_language() or ""
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.display_name:
            name = data.get("name") or " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
            user.display_name = (name or data.get("username") or "")[:60]
        return user
