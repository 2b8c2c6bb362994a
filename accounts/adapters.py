from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.redirects import is_safe_path, safe_next
from core.urls import absolute_url

# Where the badge-name step finds the name Google or GitHub gave, to offer it (accounts.views.badge_name).
SUGGESTED_NAME_SESSION_KEY = "accounts_suggested_display_name"


def _keep_next(request, signup_url: str) -> str:
    """Someone without an account asked for a login code on the way somewhere (an invitation, a
    task): the sign-up link in the email they get instead leads back there."""
    if request is None:
        return signup_url
    target = safe_next(request, "")
    return f"{signup_url}?{urlencode({'next': target})}" if target else signup_url


def badge_name_url(next_url: str) -> str:
    """The "what name should we print on your badge?" step, then on to `next_url`."""
    return f"{reverse('accounts:badge-name')}?{urlencode({'next': next_url})}"


def suggested_name(data: dict) -> str:
    """A badge name to offer from a Google or GitHub profile: the full name, else given and family
    name, else the GitHub login. Never an email address, which must stay private."""
    given = data.get("given_name") or data.get("first_name")
    family = data.get("family_name") or data.get("last_name")
    name = data.get("name") or " ".join(filter(None, [given, family]))
    name = (name or data.get("login") or data.get("username") or "").strip()
    return "" if "@" in name else name[:60]


class AccountAdapter(DefaultAccountAdapter):
    # allauth's own wording (and its zh-Hant catalog) does not match the site's voice: every error
    # a page can show is the platform's own msgid. Keys allauth uses for passwords, phones and
    # usernames stay as they are; none of those pages exists here.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is deactivated."),
        "cannot_remove_primary_email": _("This is your primary address, so it cannot be removed."),
        "duplicate_email": _("This address is already on your account."),
        "email_taken": _("Another account already uses this email address."),
        "incorrect_code": _("That code is not right. Check it and try again."),
        "invalid_login": _("Logging in did not work. Start again from “Log in”."),
        "max_email_addresses": _("An account can have at most %d email addresses."),
        "too_many_login_attempts": _("Too many tries. Wait a few minutes, then try again."),
        "unknown_email": _("No account uses this email address."),
        "unverified_primary_email": _("Confirm this address before making it your primary one."),
        "select_only_one": _("Choose one address."),
        "same_as_current": _("That is already your address."),
        "rate_limited": _("Too many requests. Wait a minute, then try again."),
    }

    def is_safe_url(self, url):
        # allauth's `next` (login, sign-up, social login) follows the site's one rule (core.redirects).
        return is_safe_path(url)

    def send_mail(self, template_prefix, email, context):
        if template_prefix == "account/email/unknown_account":
            context = {**context, "signup_url": _keep_next(context.get("request"), context["signup_url"])}
        if template_prefix == "account/email/account_already_exists":
            # allauth offers a password reset here; accounts have no password, the code login is the way in.
            context = {**context, "login_url": absolute_url(reverse("account_login"))}
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

    def post_login(self, request, user, **kwargs):
        """Someone without a display name (a new account, or one that skipped the step) is asked for
        the name on their badge first, then goes on to where they were going."""
        response = super().post_login(request, user, **kwargs)
        if not user.display_name and isinstance(response, HttpResponseRedirect):
            return HttpResponseRedirect(badge_name_url(response.url))
        return response

    def get_email_verification_redirect_url(self, email_address):
        # Someone who added an address on "Email addresses" and confirmed it goes back to that list.
        if self.request.user.is_authenticated:
            return reverse("account_email")
        return super().get_email_verification_redirect_url(email_address)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not user.preferred_language:
            user.preferred_language = translation.get_language() or ""
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "email_taken": _(
            "An account already uses this email address. Log in with an emailed code first, then connect %s "
            "on your profile."
        ),
        # allauth refuses to remove the last connection of an account without a password, although
        # the emailed code still works; say what happens.
        "no_password": _("The last connected account cannot be removed."),
        "no_verified_email": _("Confirm an email address on your account first."),
        "disconnect_last": _("The last connected account cannot be removed."),
        "connected_other": _("That account is already connected to another person's account here."),
    }

    def pre_social_login(self, request, sociallogin):
        # The badge-name step offers the name Google or GitHub knows; the person confirms it.
        name = suggested_name(sociallogin.account.extra_data or {})
        if name:
            request.session[SUGGESTED_NAME_SESSION_KEY] = name

    def get_app(self, request, provider, client_id=None):
        # /accounts/google/login/ without GOOGLE_CLIENT_ID is a page that does not exist, not a crash.
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404 from None
