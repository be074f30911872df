"""The partner API (/api/): the v1 router spanning both apps, the OpenAPI schema and its docs.

The docs pages load Swagger UI and Redoc from drf_spectacular_sidecar's static files, so nothing
comes from a CDN. Swagger UI's start-up script is served from its own URL (the "split" view) and
Redoc's page is our template without inline script or web fonts (templates/drf_spectacular/), so
both run under the site's script-src 'self'. Their widgets still write inline styles, draw icons
from data: URIs and Redoc searches in a blob: worker, so these two pages allow just that.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False


router = Router(trailing_slash=True)
router.register("profiles", views.ProfileViewSet, basename="profile")
router.register("sources", views.SourceViewSet, basename="source")
router.register("excerpts", views.ExcerptViewSet, basename="excerpt")
router.register("changes", views.ChangeViewSet, basename="change")
router.register("facets", views.FacetsViewSet, basename="facets")


def not_found(request, path=""):
    """Any other address under /api/ answers in JSON, like the API, not with the site's HTML page."""
    response = JsonResponse({"detail": "Not found: nothing published has this address."}, status=404)
    response["Cache-Control"] = "no-store"
    return response


docs_policy = csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/export.jsonl", views.ExportJSONLinesView.as_view(), name="export-jsonl"),
    path("v1/export.csv", views.ExportCSVView.as_view(), name="export-csv"),
    path("schema/", SpectacularAPIView.as_view(urlconf="exodus.urls"), name="schema"),
    path("docs/", docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_policy(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    re_path(r"^(?P<path>[\s\S]*)$", not_found),  # any character, newlines too
]
