from core.personal import fill_response


class PersonalPartsMiddleware:
    """Fills the reader's parts of every HTML page (core.personal), cached copy or not, before the
    page is compressed and its ETag computed (so it sits below GZip and ConditionalGet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return fill_response(request, self.get_response(request))
