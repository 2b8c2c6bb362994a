from django.utils import timezone

from .selectors import current_edition


class EditionTimezoneMiddleware:
    """Attach the current edition to the request and show times in its time zone.

    Views about another edition re-activate that edition's zone themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        edition = current_edition()
        request.edition = edition
        if edition is not None:
            timezone.activate(edition.tzinfo)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
