"""Refusals inside the admin's layout.

Views raise `PermissionDenied` (the workflow functions do, with a sentence saying why) and Django's
403 handler renders it. In the admin that is this page: the admin's header and navigation, the
reason, "nothing was changed", and a way back. Elsewhere it is Django's own 403 page.
"""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

DEFAULT_REASON = "Your role does not allow this."


def permission_denied(request, exception=None):
    """`handler403` of the root URLconf."""
    if not request.path.startswith(reverse("admin:index")):
        return defaults.permission_denied(request, exception)
    back = request.headers.get("referer", "")
    if back == request.build_absolute_uri() or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("admin:index")
    context = {
        **admin.site.each_context(request),
        "title": "Not allowed",
        "reason": str(exception or "") or DEFAULT_REASON,
        "back_url": back,
    }
    response = TemplateResponse(request, "admin/403.html", context, status=403)
    return response.render()
