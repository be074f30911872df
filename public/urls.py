"""The reader site. Profiles and sources keep their own URL namespaces ("profiles:detail",
"sources:detail"), which templates, feeds and the API's links use."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from public.feeds import UpdatesFeed
from public.page_cache import public_page
from public.sitemaps import SITEMAPS
from public.views import profiles, site, sources

profile_patterns = [
    path("", profiles.profile_index, name="index"),
    path("<slug:slug>/", profiles.profile_detail, name="detail"),
]
source_patterns = [
    path("", sources.source_list, name="index"),
    path("<int:pk>/", sources.source_detail, name="detail"),
]

urlpatterns = [
    path("", site.home, name="home"),
    path("profiles/", include((profile_patterns, "profiles"))),
    path("sources/", include((source_patterns, "sources"))),
    path("destinations/", site.destinations, name="destinations"),
    path("feed/", public_page(UpdatesFeed()), name="feed"),
    # The sitemap view reads its page number from ?p=.
    path("sitemap.xml", public_page(sitemap, params=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("favicon.ico", site.favicon, name="favicon"),
]
