import re

import pytest
from rest_framework.test import APIClient

from api.models import ApiKey
from tests.crawl import api_responses, site_pages


@pytest.fixture
def partner(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {ApiKey.issue(name='Partner', contact_email='p@x.example')[1]}")
    return client


@pytest.fixture
def everything_public(client, partner, settings):
    """A function returning every public body: the site's pages, the feed and sitemap, and every
    API response a partner can reach, exports included."""
    settings.SITE_URL = "http://testserver"

    def fetch() -> dict[str, str]:
        from django.core.cache import cache

        cache.clear()
        return {**site_pages(client), **api_responses(partner)}

    return fetch


def occurrences(bodies: dict[str, str], *words: str) -> dict[str, list[str]]:
    """{url: [words found as whole words]} for the bodies that contain any of `words`."""
    found = {}
    for url, body in bodies.items():
        hits = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", body, re.IGNORECASE)]
        if hits:
            found[url] = hits
    return found
