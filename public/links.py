"""Absolute links for feeds, the sitemap, canonical tags and API payloads."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """Links use SITE_URL, never the Host header, so a mirror stores the same URL from any host."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"
