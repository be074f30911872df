"""Everything the public can reach, fetched through the real URLs: the reader site by following its
links from its entry points, and the partner API from its lists. Leak tests search the bodies."""

import re
from urllib.parse import urlsplit

SITE_ENTRY_POINTS = [
    "/",
    "/profiles/",
    "/profiles/?country=AM&year=2022",
    "/profiles/?q=Visible",
    "/sources/",
    "/destinations/",
    "/feed/",
    "/sitemap.xml",
    "/robots.txt",
]


def site_pages(client, entry_points=SITE_ENTRY_POINTS, limit: int = 300) -> dict[str, str]:
    """Every page reachable from the entry points by internal links (feed and sitemap included)."""
    seen: dict[str, str] = {}
    queue = list(entry_points)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        seen[url] = content
        for link in re.findall(r'(?:href="|<loc>|<link href=")([^"<#]+)', content):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.netloc not in ("", "testserver") or parts.path.startswith(("/admin", "/api", "/static", "/media")):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def api_responses(client, *, searches=(), orderings=()) -> dict[str, str]:
    """Every URL of the API a partner could reach from the lists, with its response body. `client`
    should carry a partner key, or the exports answer 401."""
    bodies = {}

    def fetch(url):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[url] = body.decode()
        return response

    for ordering in orderings:
        fetch(f"/api/v1/profiles/?ordering={ordering}&page_size=100")
    for item in fetch("/api/v1/profiles/?page_size=100").json()["results"]:
        fetch(f"/api/v1/profiles/{item['slug']}/")
        for version in fetch(f"/api/v1/profiles/{item['slug']}/versions/").json():
            fetch(f"/api/v1/profiles/{item['slug']}/versions/{version['number']}/")
    for item in fetch("/api/v1/sources/?page_size=100").json()["results"]:
        fetch(f"/api/v1/sources/{item['id']}/")
    for item in fetch("/api/v1/excerpts/?page_size=100").json()["results"]:
        fetch(f"/api/v1/excerpts/{item['id']}/")
    fetch("/api/v1/changes/")
    fetch("/api/v1/facets/")
    fetch("/api/v1/export.jsonl")
    fetch("/api/v1/export.csv")
    for text in searches:
        fetch(f"/api/v1/profiles/?q={text}")
        fetch(f"/api/v1/facets/?q={text}")
    return bodies
