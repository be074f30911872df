from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Exodus newsroom"
admin.site.site_title = "Exodus"
admin.site.index_title = "Profiles, sources and publishing"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("exodus.api")),
    path("profiles/", include("profiles.urls")),
    path("sources/", include("sources.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
