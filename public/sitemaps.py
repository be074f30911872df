"""sitemap.xml: the public pages, from the public index only, with SITE_URL as the domain."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from profiles.models import PublicProfile, PublicSource


class SiteUrlSitemap(Sitemap):
    """Absolute links on SITE_URL (the canonical host), whatever Host the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteUrlSitemap):
    def items(self):
        return ["home", "profiles:index", "sources:index", "destinations"]

    def location(self, item):
        return reverse(item)


class ProfileSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return PublicProfile.objects.only("slug", "published_at").order_by("pk")

    def lastmod(self, item):
        return item.published_at


class SourceSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return PublicSource.objects.only("source_id", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("sources:detail", kwargs={"pk": item.source_id})

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": PageSitemap, "profiles": ProfileSitemap, "sources": SourceSitemap}
