"""The site's own pages: home, destinations (where people went, and the figures sources report),
robots.txt and the favicon."""

from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from profiles.models import ProfileVersion, PublicFigure, PublicProfile, PublicSource
from profiles.places import country_name
from public.charts import bar_chart
from public.citations import citation_url
from public.facets import public_facets
from public.links import absolute_url
from public.page_cache import public_page

LATEST_UPDATES = 8

# Official names too long for a chart label or a phone's table cell, as readers say them.
SHORT_COUNTRY_NAMES = {
    "US": "United States",
    "GB": "United Kingdom",
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "MD": "Moldova",
    "IR": "Iran",
    "SY": "Syria",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "LA": "Laos",
    "VN": "Vietnam",
    "AE": "United Arab Emirates",
    "BA": "Bosnia and Herzegovina",
    "CZ": "Czechia",
}


def short_country_name(code: str) -> str:
    return SHORT_COUNTRY_NAMES.get(code.upper(), "") or country_name(code)


# --- home ------------------------------------------------------------------------------------


def latest_updates(limit: int):
    """Recent published versions of live profiles, with the profile's current public name."""
    return (
        ProfileVersion.objects.public()
        .order_by("-published_at", "-pk")
        .values(
            "number",
            "change_note",
            "is_correction",
            "published_at",
            "profile__public__slug",
            "profile__public__display_name",
        )[:limit]
    )


@public_page
def home(request):
    facets = public_facets()  # counted once per public generation (public/facets.py)
    context = {
        "updates": list(latest_updates(LATEST_UPDATES)),  # query: versions joined to the public index
        "profile_count": facets["profile_count"],
        "country_count": facets["country_count"],
        "source_count": facets["source_count"],
        "excerpt_count": facets["excerpt_count"],
        "categories": [c for c in facets["categories"] if c["n"]],
    }
    return render(request, "public/home.html", context)


# --- destinations ------------------------------------------------------------------------------


@public_page
def destinations(request):
    index_url = reverse("profiles:index")
    by_country = list(  # query: live profiles per current country
        PublicProfile.objects.values("current_country").annotate(n=Count("pk")).order_by("-n", "current_country")
    )
    rows = [
        (
            short_country_name(row["current_country"]),
            row["n"],
            f"{index_url}?{urlencode({'country': row['current_country']})}",
        )
        for row in by_country
        if row["current_country"]
    ]
    undisclosed = sum(row["n"] for row in by_country if not row["current_country"])
    figures = list(  # query: published figures, and whether our page for their source exists
        PublicFigure.objects.annotate(
            source_is_public=Exists(PublicSource.objects.filter(source_id=OuterRef("source_id")))
        )
    )
    datasets: dict[str, list] = {}
    for figure in figures:
        figure.cite = {
            "title": figure.source_title,
            "outlet": figure.source_outlet,
            "year": figure.source_year,
            # Our source page exists only while a live profile cites the source.
            "url": citation_url(figure.source_id, figure.excerpt_id) if figure.source_is_public else figure.source_url,
            "quote": figure.quote,
        }
        datasets.setdefault(figure.dataset, []).append(figure)
    context = {
        "chart": bar_chart(rows),
        "undisclosed": undisclosed,
        "total": sum(row["n"] for row in by_country),
        "datasets": datasets,
    }
    return render(request, "public/destinations.html", context)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the static file (a
    temporary redirect: its hashed name changes when the icon does)."""
    return HttpResponseRedirect(static("favicon.ico"))


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
