"""Public source pages: the sources live profiles cite, their cited excerpts and who cites them.

They read only PublicSource / PublicExcerpt / PublicCitation, so a source's private full text and
notes, and any source only a draft cites, never reach a reader. URLs use the Source id
(`PublicSource.source_id`), the same id snapshots and `Source.get_absolute_url` use.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render

from profiles.models import PublicCitation, PublicExcerpt, PublicSource
from public.page_cache import public_page

SOURCES_PER_PAGE = 50


@public_page(params=("page",))
def source_list(request):
    sources = PublicSource.objects.annotate(
        excerpt_count=Count("excerpts", distinct=True),
        profile_count=Count("citations__public_profile", distinct=True),
    ).order_by("-published_on", "-year", "title", "pk")
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))  # queries: count, page
    return render(request, "public/sources/index.html", {"page": page})


@public_page
def source_detail(request, pk: int):
    source = (
        PublicSource.objects.filter(source_id=pk)
        .prefetch_related(
            Prefetch(
                "excerpts",
                queryset=PublicExcerpt.objects.select_related("speaker").prefetch_related(
                    Prefetch(
                        "citations",
                        queryset=PublicCitation.objects.select_related("public_profile").order_by(
                            "public_profile__sort_name"
                        ),
                    )
                ),
            )
        )
        .first()
    )  # queries: source, its excerpts with speakers, the profiles citing them
    if source is None:
        raise Http404("No published profile cites this source.")
    excerpts = sorted(source.excerpts.all(), key=lambda e: e.pk)
    profiles = {}
    for excerpt in excerpts:
        excerpt.citing_profiles = [c.public_profile for c in excerpt.citations.all()]
        for profile in excerpt.citing_profiles:
            profiles[profile.pk] = profile
    context = {
        "source": source,
        "excerpts": excerpts,
        "citing_profiles": sorted(profiles.values(), key=lambda p: p.sort_name),
    }
    return render(request, "public/sources/detail.html", context)
