"""Part of `make bench`: in-process measurements that need no load generator. Prints JSON.

    python bench/probes.py publish   # time to publish one profile (a new version; a first publication)
    python bench/probes.py export    # time and peak memory to stream the JSON Lines export

Run by bench/run.py with the benchmark database's environment, after the timed HTTP runs (publishing
changes the database).
"""

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    import django

    django.setup()


def timed(function, repeat: int) -> tuple[float, int]:
    """Median milliseconds of `function()` (each call its own transaction) and its query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return round(statistics.median(times), 1), queries


def publish() -> dict:
    """A new version of the profile citing the most excerpts, and the first publication of a new
    profile that withholds its city (the register grows, so shared texts are masked again)."""
    import datetime
    import random

    from bench.synthetic import CorpusPlanner, _write_working_rows, taken_slugs
    from profiles.models import Category, Profile, PublicProfile
    from profiles.workflow import publish_profile
    from sources.models import Source

    heaviest = PublicProfile.objects.order_by("-version__number", "pk").values_list("profile_id", flat=True).first()
    profile = Profile.objects.get(pk=heaviest)
    republish_ms, republish_queries = timed(
        lambda: publish_profile(profile, actor=None, change_note="Benchmark: a new version"), repeat=5
    )

    sources = list(Source.objects.order_by("pk")[:50])
    planner = CorpusPlanner(
        seed=random.randrange(10**6), entries_per_profile=10, excerpts_per_profile=5, sources=len(sources)
    )
    categories = {c.slug: c for c in Category.objects.all()}
    taken = taken_slugs()
    new_ids = []

    def first_publication():
        plan = planner.plan(0)
        for entry in plan.entries:
            entry["location_disclosure"] = "country"  # the city is withheld: the register grows
        for excerpt in plan.excerpts:
            excerpt["position"] = 0
        (pk,) = _write_working_rows([plan], sources, categories, taken)
        new_ids.append(pk)
        publish_profile(
            Profile(pk=pk), actor=None, change_note="First published", now=datetime.datetime.now(datetime.UTC)
        )

    first_ms, first_queries = timed(first_publication, repeat=3)
    return {
        "republish_ms": republish_ms,
        "republish_queries": republish_queries,
        "first_publication_ms": first_ms,
        "first_publication_queries": first_queries,
        "profiles": PublicProfile.objects.count(),
    }


def export() -> dict:
    from api.export import jsonl_lines
    from profiles.models import PublicProfile

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    lines = size = 0
    for line in jsonl_lines():
        lines += 1
        size += len(line.encode())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "export_seconds": round(seconds, 1),
        "export_lines": lines,
        "export_mb": round(size / 1e6, 1),
        "rss_before_mb": round(before / 1024, 1),
        "rss_peak_mb": round(peak / 1024, 1),
        "profiles": PublicProfile.objects.count(),
    }


def main() -> None:
    setup()
    probe = sys.argv[1]
    json.dump({"publish": publish, "export": export}[probe](), sys.stdout)


if __name__ == "__main__":
    main()
