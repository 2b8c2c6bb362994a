from django.db import transaction

from .models import User

PROFILE_FIELDS = (
    "display_name",
    "bio",
    "preferred_language",
    "chat_handle",
    "phone",
    "share_email_with_staff",
    "share_phone_with_staff",
    "share_chat_with_staff",
)


@transaction.atomic
def profile_update(*, user: User, data: dict) -> User:
    """Save the profile fields a person may edit themselves; other keys are ignored."""
    fields = [name for name in PROFILE_FIELDS if name in data]
    for name in fields:
        setattr(user, name, data[name])
    if fields:
        user.full_clean(exclude=["password"])
        user.save(update_fields=fields)
    return user


def preferred_language_set(*, user: User, language: str) -> None:
    if user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
