"""Counts for browsing (home, the index's filter options), computed once per public generation.

Every worker reads the same copy from the shared cache; publishing, withdrawing or redacting bumps
the generation, so the first page after a change counts again (one request, not every render).
"""

from django.core.cache import cache
from django.db.models import Count, Q

from profiles.models import Category, PublicExcerpt, PublicPlace, PublicProfile, PublicSource
from profiles.places import country_name
from profiles.workflow.cache import public_generation
from public.filters import profile_facets

# Long: a generation's counts never change; the key of the next generation is another key.
FACETS_SECONDS = 24 * 60 * 60


def _per_generation(name: str, count):
    key = f"exodus:{name}:{public_generation()}"
    facets = cache.get(key)
    if facets is None:
        facets = count()
        cache.set(key, facets, FACETS_SECONDS)
    return facets


def public_facets() -> dict:
    """The home page's numbers and browse lists."""
    return _per_generation("facets", count_facets)


def index_facets() -> dict[str, list[dict]]:
    """Every filter's published values with how many live profiles have each (the index's panel)."""
    return _per_generation("index-facets", lambda: profile_facets(PublicProfile.objects.all()))


def count_facets() -> dict:
    numbers = PublicProfile.objects.aggregate(
        profiles=Count("pk"),
        countries=Count("current_country", distinct=True, filter=~Q(current_country="")),
    )
    countries = [
        {**row, "name": country_name(row["country"])}
        for row in PublicPlace.objects.exclude(country="")
        .values("country")
        .annotate(n=Count("public_profile", distinct=True))
        .order_by("country")
    ]
    return {
        "profile_count": numbers["profiles"],
        "country_count": numbers["countries"],
        "source_count": PublicSource.objects.count(),
        "excerpt_count": PublicExcerpt.objects.count(),
        # Every category, with how many live profiles have it (0 included: the index validates by it).
        "categories": list(
            Category.objects.annotate(n=Count("public_profiles")).order_by("name").values("slug", "name", "n")
        ),
        "countries": sorted(countries, key=lambda option: option["name"]),
        "years": list(
            PublicProfile.objects.exclude(departure_year=None)
            .values("departure_year")
            .annotate(n=Count("pk"))
            .order_by("-departure_year")
        ),
    }
