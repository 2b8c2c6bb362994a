from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def mask_email(email: str) -> str:
    """Enough of an address to tell two people apart, not enough to write to them."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}•••@{domain}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        if password:
            user.set_password(password)
        else:
            # Passwordless accounts log in by emailed code or OAuth.
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: attendee, one-day volunteer, requester, responsible person, desk operator or staff.

    People outlive editions; what they do in an edition hangs off other models.
    """

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("The name on your badge. Others see this name, never your email address."),
    )
    bio = models.TextField(_("short bio"), max_length=500, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    chat_handle = models.CharField(
        _("chat handle"), max_length=100, blank=True, help_text=_("For example @you on Telegram or Matrix.")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Consent, one box per detail. A ticked detail is shown to the organizing team, the service desk and
    # the people who run a task the person signs up for (its requester, its community's responsible
    # persons): everyone who may open that task's roster. The names are older than that rule.
    share_email_with_staff = models.BooleanField(_("share my email address"), default=True)
    share_phone_with_staff = models.BooleanField(_("share my phone number"), default=False)
    share_chat_with_staff = models.BooleanField(_("share my chat handle"), default=False)
    # Django's own flag: may open the admin without an edition role (superusers, operators).
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        """What other people see: the display name, never anything derived from the email address.

        Without one, a label that cannot be mistaken for a name (the login asks for a name first)."""
        return self.display_name or str(_("(no name yet)"))

    def get_full_name(self):
        return self.public_name

    def get_short_name(self):
        return self.public_name

    @property
    def email_for_staff(self) -> str:
        """The address as the desk may show it: whole if shared, else masked but enough to tell people apart."""
        return self.email if self.share_email_with_staff else mask_email(self.email)

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)

    def contact_details(self) -> dict[str, str | None]:
        """Email, phone and chat handle as those this person shares with see them (the organizing team,
        the desk, the people running their tasks): the value when shared ("" when shared but left
        empty), None when not shared."""
        return {
            "email": self.email if self.share_email_with_staff else None,
            "phone": self.phone if self.share_phone_with_staff else None,
            "chat_handle": self.chat_handle if self.share_chat_with_staff else None,
        }

    def shared_contact_details(self) -> dict[str, str]:
        """Only the details this person shares and filled in, by field."""
        return {field: value for field, value in self.contact_details().items() if value}
