from django.http import HttpRequest, JsonResponse

from core.views.reach import vendor_reachable


@vendor_reachable
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Unknown API routes answer JSON, never the HTML 404 page."""
    return JsonResponse({"detail": "Not found."}, status=404)
