from .roles import is_staff
from .selectors import current_edition

# What the organizing team runs in the backstage, by app label and model name. A permission on
# anything else is not theirs: allauth's email addresses and social accounts, auth groups and
# permissions, sessions, task results (they hold email contents) and whatever a new package brings
# stay with superusers. A new model of ours is denied until it is added here.
STAFF_MODELS: dict[str, frozenset[str]] = {
    "accounts": frozenset({"user"}),
    "editions": frozenset({"edition", "editionrole"}),
    "volunteering": frozenset({"task", "signup"}),
    "points": frozenset({"reward", "redemption", "redemptionitem", "pointsentry", "deskcode"}),
    "communities": frozenset({"community", "responsibleperson", "responsiblepersoninvitation", "communityrevision"}),
    "contacts": frozenset({"contactlistaccess", "responsiblepersonmessage", "messagedelivery"}),
    "schedule": frozenset({"room", "track", "session", "importrun", "pretalxsource"}),
    "follows": frozenset(
        {"calendarfeed", "communityfollow", "trackfollow", "sessionstar", "followpreferences", "sessionchange"}
    ),
    "pages": frozenset({"guide"}),
    "certificates": frozenset({"certificatesettings", "certificate"}),
}
ACTIONS = frozenset({"view", "add", "change", "delete"})


def is_staff_permission(perm: str) -> bool:
    """Whether "app_label.action_model" is one of the model permissions edition staff hold."""
    app_label, _dot, codename = perm.partition(".")
    action, _underscore, model_name = codename.partition("_")
    return action in ACTIONS and model_name in STAFF_MODELS.get(app_label, ())


class EditionStaffBackend:
    """Grants the current edition's organizing team the model permissions of what they run (STAFF_MODELS),
    for the backstage (admin), and nothing else.

    It authenticates nobody; it only answers permission questions. Superusers get every permission from
    Django itself. Who may change which account is decided in accounts.admin: edition staff never
    change email addresses, passwords or the accounts of superusers and staff.
    """

    def authenticate(self, request, **credentials):
        return None

    def _is_current_staff(self, user_obj) -> bool:
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        cached = getattr(user_obj, "_current_staff", None)
        if cached is None:
            cached = is_staff(user_obj, current_edition())
            user_obj._current_staff = cached
        return cached

    def has_perm(self, user_obj, perm, obj=None):
        return is_staff_permission(perm) and self._is_current_staff(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return app_label in STAFF_MODELS and self._is_current_staff(user_obj)

    def get_user(self, user_id):
        return None
