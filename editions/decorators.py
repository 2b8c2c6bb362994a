from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .roles import is_staff


def staff_required(view):
    """Staff of the current edition (and superusers); anonymous visitors go to the login page.
    The view receives the current edition after the request."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        edition = request.edition
        if edition is None:
            raise Http404
        if not is_staff(request.user, edition):
            raise PermissionDenied
        return view(request, edition, *args, **kwargs)

    return wrapped
