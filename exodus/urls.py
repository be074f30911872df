from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from profiles import staff_accounts
from profiles import views as public_views
from profiles.feeds import UpdatesFeed
from profiles.sitemaps import SITEMAPS

admin.site.site_header = "Exodus newsroom"
admin.site.site_title = "Exodus"
admin.site.index_title = "Profiles, sources and publishing"

urlpatterns = [
    # Before the admin's own URLs, whose catch-all would otherwise answer these addresses.
    path("admin/two-factor/", staff_accounts.enrol, name="staff-two-factor-enrol"),
    path("admin/two-factor/code/", staff_accounts.verify, name="staff-two-factor-verify"),
    path("admin/", admin.site.urls),
    path("api/", include("exodus.api")),
    path("profiles/", include("profiles.urls")),
    path("sources/", include("sources.urls")),
    # The public site's root-level pages (the rest live in profiles.urls and sources.urls).
    path("", public_views.home, name="home"),
    path("destinations/", public_views.destinations, name="destinations"),
    path("feed/", public_views.public_page(UpdatesFeed()), name="feed"),
    # The sitemap view reads its page number from ?p=.
    path("sitemap.xml", public_views.public_page(sitemap, params=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public_views.robots_txt, name="robots"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Development only, and only the public MEDIA_ROOT (published renditions). PRIVATE_MEDIA_ROOT
    # (originals, drafts' files) is never routed; staff see those through the admin.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
