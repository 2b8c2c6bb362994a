from .roles import is_staff
from .selectors import current_edition


class EditionStaffBackend:
    """Grants the current edition's organizing team every model permission, for the backstage (admin).

    It authenticates nobody; it only answers permission questions. Making someone a superuser stays
    with superusers (see accounts.admin).
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
        return self._is_current_staff(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return self._is_current_staff(user_obj)

    def get_user(self, user_id):
        return None
