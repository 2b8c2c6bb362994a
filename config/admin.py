from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.redirects import safe_next
from editions.roles import is_staff
from editions.selectors import current_edition


class BackstageSite(admin.AdminSite):
    """The Django admin, open to the current edition's organizing team as their backstage."""

    site_header = _("Backstage")
    site_title = _("Backstage")
    index_title = _("Backstage")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or is_staff(user, current_edition()))

    def login(self, request, extra_context=None):
        # One way in for everyone: the emailed code (or OAuth), not a second password form.
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = safe_next(request, reverse("admin:index", current_app=self.name))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def view_or_forbidden(request, *args, **kwargs):
            # A logged-in person without the role gets a plain 403, not a detour through a login page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(view_or_forbidden, inner)
