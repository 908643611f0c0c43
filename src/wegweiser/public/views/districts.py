"""Being built (issue 3); every view here answers 404 until it is."""

from django.http import Http404, HttpRequest, HttpResponse


def not_built(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
