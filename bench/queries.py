"""Part of `make bench`: pick the benchmark URLs for the database in DATABASE_URL and count the
queries each costs, in-process (django.test.Client + CaptureQueriesContext), apart from the timed
runs. Prints one JSON object on stdout. Run by bench/run.py with the same environment as the server.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    import django

    django.setup()


def corpus_counts() -> dict:
    from profiles.models import ChangeEvent, Profile, PublicProfile, TimelineEntry
    from sources.models import Excerpt, Source

    return {
        "profiles": Profile.objects.count(),
        "published": PublicProfile.objects.count(),
        "timeline_entries": TimelineEntry.objects.count(),
        "excerpts": Excerpt.objects.count(),
        "sources": Source.objects.count(),
        "changes": ChangeEvent.objects.count(),
    }


def pick_targets() -> dict:
    """The same rule at every size: the profile citing the most excerpts (the heaviest page), and
    a surname from the middle of the alphabet for the search."""
    from django.db.models import Count

    from profiles.models import PublicProfile

    heaviest = (
        PublicProfile.objects.annotate(n=Count("citations")).order_by("-n", "slug").values_list("slug", flat=True)
    ).first()
    people = PublicProfile.objects.filter(kind="person").order_by("sort_name", "pk")
    middle = people[people.count() // 2] if people.exists() else None
    return {
        "slug": heaviest or "no-published-profile",
        "search": middle.display_name.split()[-1] if middle else "Ivanov",
    }


def scenarios(targets: dict) -> list[dict]:
    search = urlencode({"q": targets["search"]})
    slug = targets["slug"]
    return [
        {"name": "Home page", "path": "/"},
        {"name": "Index, filtered (category=arts)", "path": "/profiles/?category=arts"},
        {"name": f"Search (q={targets['search']})", "path": f"/profiles/?{search}"},
        {"name": "Profile page", "path": f"/profiles/{slug}/"},
        {"name": "API list of 50 with full timelines", "path": "/api/v1/profiles/?page_size=50&expand=timeline"},
        {"name": "API profile detail", "path": f"/api/v1/profiles/{slug}/"},
        {"name": "API changes feed", "path": "/api/v1/changes/"},
    ]


def count_queries(items: list[dict]) -> None:
    """Each URL twice on a fresh cache: the first request does the database work (cold), the second
    is what a cached page costs (warm). With PUBLIC_CACHE_SECONDS=0 every page request is cold."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from public.facets import public_facets

    client = Client(HTTP_HOST="127.0.0.1")
    for item in items:
        counts = []
        cache.clear()
        # The counts of home and index are made once per public generation, not per page.
        public_facets()
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(item["path"])
            counts.append(len(queries))
        item["status"] = response.status_code
        item["bytes"] = len(response.content) if not response.streaming else None
        item["queries_cold"], item["queries_warm"] = counts
        if response.status_code == 200:
            item["inprocess_ms"] = time_uncached(client, item["path"])


def time_uncached(client, path: str, repeat: int = 7) -> float:
    """Median time of one uncached request, one at a time: the page's own cost, without the
    queueing that concurrent load adds to wrk's latencies."""
    from django.core.cache import cache

    from public.facets import public_facets

    times = []
    for _ in range(repeat):
        cache.clear()
        public_facets()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    setup()
    targets = pick_targets()
    items = scenarios(targets)
    count_queries(items)
    json.dump({"corpus": corpus_counts(), "targets": targets, "scenarios": items}, sys.stdout)


if __name__ == "__main__":
    main()
