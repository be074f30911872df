"""The partner API (/api/): the v1 router spanning both apps, the OpenAPI schema and its docs.

The docs page loads Swagger UI from drf_spectacular_sidecar's static files, so nothing comes from
a CDN.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from profiles import api

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False


router = Router(trailing_slash=True)
router.register("profiles", api.ProfileViewSet, basename="profile")
router.register("sources", api.SourceViewSet, basename="source")
router.register("excerpts", api.ExcerptViewSet, basename="excerpt")
router.register("changes", api.ChangeViewSet, basename="change")
router.register("facets", api.FacetsViewSet, basename="facets")


def not_found(request, path=""):
    """Any other address under /api/ answers in JSON, like the API, not with the site's HTML page."""
    response = JsonResponse({"detail": "Not found: nothing published has this address."}, status=404)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/export.jsonl", api.ExportJSONLinesView.as_view(), name="export-jsonl"),
    path("v1/export.csv", api.ExportCSVView.as_view(), name="export-csv"),
    path("schema/", SpectacularAPIView.as_view(urlconf="exodus.urls"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^(?P<path>[\s\S]*)$", not_found),  # any character, newlines too
]
