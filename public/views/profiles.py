"""The profile index and profile pages.

Everything here reads the public index (Public* models), live version snapshots,
`ProfileVersion.objects.public()` and `ChangeEvent`, never the editors' working copy, so a
draft or a pending edit cannot reach a reader whatever a template does. Two editorial tables that
hold no draft are read too: `Category` (the names of the categories) and `SlugHistory` (an old
slug is followed only to the slug the public index holds). Each page costs a fixed
number of queries (see tests/public/test_query_counts.py) and is cached per public generation.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from profiles.models import ChangeEvent, Profile, ProfileVersion, PublicProfile, PublicRelation, SlugHistory
from profiles.models.public_index import related_profiles
from profiles.names import transliterate
from profiles.places import country_name
from public.baking import page_request, page_response, stored_page
from public.citations import citation_groups, citation_url, own_words
from public.facets import index_facets
from public.filters import PublicProfileListFilter
from public.links import absolute_url
from public.page_cache import public_page
from public.pagination import OnePagePaginator
from public.search import fuzzy_correction
from public.structured_data import structured_claim, structured_relations

PROFILES_PER_PAGE = 24


# --- the profile index -------------------------------------------------------------------------

# The filters the panel shows, in its order; the index takes every parameter of the FilterSet.
PANEL = ("q", "category", "country", "timeline_country", "year", "wave", "kind")
PANEL_HELP = {
    "country": "Where they live now, as far as the editors publish it.",
    "timeline_country": "Anywhere their published timeline places them, not only where they are now.",
}
INDEX_PARAMETERS = (*PublicProfileListFilter.base_filters, "page")


def _with_counts(values: list[dict], empty: str, order=lambda v: v["label"], reverse=False) -> list[tuple]:
    return [("", empty)] + [
        (v["value"], f"{v['label']} ({v['count']})") for v in sorted(values, key=order, reverse=reverse)
    ]


def _offer_published_values(form, facets: dict[str, list[dict]]) -> None:
    """The drop-downs offer the values published profiles have, with how many have each.

    Only what the widgets show changes: any valid value is still accepted, as in the API, and
    matches no one if no published profile has it.
    """
    chosen = [
        c for c in form.cleaned_data.get("category") or [] if c.slug not in {v["value"] for v in facets["category"]}
    ]
    categories = facets["category"] + [{"value": c.slug, "label": c.name, "count": 0} for c in chosen]
    form.fields["category"].widget.choices = _with_counts(categories, "All categories")
    form.fields["country"].widget.choices = _with_counts(facets["country"], "Any country")
    form.fields["timeline_country"].widget.choices = _with_counts(facets["timeline_country"], "Any country")
    form.fields["year"].widget.choices = _with_counts(
        facets["year"], "Any year", order=lambda v: int(v["value"]), reverse=True
    )


def _chip_value(name: str, value) -> str:
    if name == "q":
        return f"“{value}”"
    if name == "category":
        return ", ".join(category.name for category in value)
    if name in ("country", "timeline_country"):
        return country_name(value)
    if name in ("wave", "kind"):
        return dict(Profile.Wave.choices if name == "wave" else Profile.Kind.choices)[value]
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@public_page(params=INDEX_PARAMETERS)
def profile_index(request):
    filterset = PublicProfileListFilter(request.GET, queryset=PublicProfile.objects.all())
    form = filterset.form
    form.is_valid()  # query, with ?category=: the slugs exist
    # Invalid values are dropped (and explained); the valid ones still apply.
    filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [])}
    # Every filter's published values with how many profiles have each, counted once per public
    # generation (public/facets.py).
    _offer_published_values(form, index_facets())

    # The live version's portrait (published renditions, served by the portrait route) comes
    # with the page's rows: a join, not a query.
    results = filterset.qs.annotate(portrait=F("version__snapshot__portrait")).prefetch_related("categories")
    # queries: the page (and the count, unless the first page holds every result), its categories
    page = OnePagePaginator(results, PROFILES_PER_PAGE).get_page(request.GET.get("page"))

    # The valid filters as given, for page links and the links that remove one filter each.
    params = [(name, value) for name in filters for value in request.GET.getlist(name) if value]
    active = [
        {
            "label": form.fields[name].label,
            "value": _chip_value(name, filters[name]),
            "remove_url": "?" + urlencode([(key, value) for key, value in params if key != name]),
        }
        for name in filters
        if name != "ordering"
    ]
    for name in PANEL_HELP:
        form.fields[name].widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-help"
    context = {
        "form": form,
        "panel": [(form[name], PANEL_HELP.get(name, "")) for name in PANEL],
        "filters": filters,
        "active_filters": active,
        "errors": [error for errors in form.errors.values() for error in errors],
        # Filters other than the words searched for: the panel opens when one is set.
        "panel_filters": [name for name in filters if name != "q"],
        "showing_results_for": fuzzy_correction(filters.get("q", ""), list(page.object_list)),
        "page": page,
        "page_query": urlencode(params),
    }
    return render(request, "public/profiles/index.html", context, status=400 if form.errors else 200)


# --- a profile page ----------------------------------------------------------------------------


def timeline_items(entries: list[dict]) -> list[dict]:
    """The timeline as readers get it: entries in order, except that reports sources contradict
    (`differs_from`) are shown once, together, as "Sources differ" at the place of the first of them,
    the current report first: alternatives, not a sequence of moves."""
    by_id = {e["id"]: e for e in entries}
    placed: set[int] = set()
    items = []
    for entry in entries:
        if entry["id"] in placed:
            continue
        if not entry.get("differs_from"):
            items.append({"entry": entry})
            continue
        group, pending = [], [entry["id"]]
        while pending:  # every report connected to this one
            pk = pending.pop()
            if pk in placed or pk not in by_id:
                continue
            placed.add(pk)
            group.append(by_id[pk])
            pending += by_id[pk].get("differs_from", [])
        order = {e["id"]: n for n, e in enumerate(entries)}
        group.sort(key=lambda e: (not e["is_current"], bool(e.get("dispute")), order[e["id"]]))
        items.append({"differ": group, "current": next((e for e in group if e["is_current"]), None)})
    return items


def profile_page_context(public: PublicProfile, related: list[dict] = ()) -> dict:
    """Everything the page shows, from the live snapshot (already cut to what may be published),
    and `related` (from the public index: profiles related in either direction, both live)."""
    snap = public.version.snapshot
    excerpts = {e["id"]: e for e in snap["excerpts"]}
    sources = {s["id"]: s for s in snap["sources"]}
    numbers: dict[int, int] = {}

    def cite(excerpt_id: int) -> dict:
        excerpt = excerpts[excerpt_id]
        return {
            "excerpt": excerpt,
            "source": sources.get(excerpt["source_id"], {}),
            "url": citation_url(excerpt["source_id"], excerpt_id),
        }

    def reference(excerpt_id: int) -> dict:
        """A numbered citation: the first claim citing an excerpt gives it its number."""
        return {"number": numbers.setdefault(excerpt_id, len(numbers) + 1), **cite(excerpt_id)}

    entries = [dict(entry) for entry in snap["timeline"]]
    timeline = timeline_items(entries)
    # Citations are numbered in the order readers meet them (a group shows its current report first).
    for item in timeline:
        for entry in item.get("differ") or [item["entry"]]:
            entry["refs"] = [reference(eid) for eid in entry["citations"] if eid in excerpts]
            disputing = (entry.get("dispute") or {}).get("citations", [])
            entry["dispute_refs"] = [reference(eid) for eid in disputing if eid in excerpts]
    related_items = [
        {
            **item,
            "url": reverse("profiles:detail", kwargs={"slug": item["profile"]["slug"]}),
            # A relation this profile states cites quotes its own version carries (numbered with the
            # rest); one the other profile states links to the quote on its source's page.
            "refs": [
                reference(c["excerpt_id"])
                if c["excerpt_id"] in excerpts and item["direction"] == "stated"
                else {"url": citation_url(c["source_id"], c["excerpt_id"])}
                for c in item["citations"]
            ],
        }
        for item in related
    ]
    quotes = [cite(eid) for eid in snap["quotes"] if eid in excerpts and own_words(excerpts[eid], sources, snap)]
    shown_above = {ref["excerpt"]["id"] for ref in quotes}
    references = sorted(
        ({**reference(eid), "shown_above": eid in shown_above} for eid in numbers),
        key=lambda ref: ref["number"],
    )
    source_list = sorted(
        (
            {
                **source,
                "published_on": datetime.date.fromisoformat(source["published_on"]) if source["published_on"] else None,
                "url_on_site": reverse("sources:detail", kwargs={"pk": source["id"]}),
            }
            for source in snap["sources"]
        ),
        key=lambda s: (s["year"] or 0, s["published_on"] or datetime.date.min, s["title"]),
        reverse=True,
    )
    canonical = absolute_url(public.get_absolute_url())
    portrait = snap.get("portrait")
    image = absolute_url(max(portrait["renditions"], key=lambda r: r["width"])["url"]) if portrait else ""
    structured = {
        "@context": "https://schema.org",
        "@type": "Person" if snap["kind"] == Profile.Kind.PERSON else "Organization",
        "name": snap["display_name"],
        "url": canonical,
    }
    alternate = [name for name in [snap["native_name"], *snap["aliases"]] if name]
    if alternate:
        structured["alternateName"] = alternate
    if snap["description"]:
        structured["description"] = snap["description"]
    if image:
        structured["image"] = image
    current = snap.get("current_location")
    if current:
        structured["homeLocation"] = {"@type": "Place", "name": current["label"]}
    current_entry = next((e for e in entries if e["id"] == snap.get("current_entry_id")), None)
    structured.update(structured_relations(snap["kind"], related_items))
    claims = [structured_claim(entry, snap, sources) for entry in entries if entry.get("refs")]
    if claims:
        structured["subjectOf"] = claims
    return {
        "public": public,
        "snap": snap,
        "timeline": timeline,
        "quotes": quotes,
        "references": references,
        "citation_groups": citation_groups(references),
        "sources": source_list,
        "biography": [p.strip() for p in snap["biography"].split("\n\n") if p.strip()],
        "related": related_items,
        "current_location": current,
        "current_differs": bool(current_entry and current_entry.get("differs_from")),
        "current_entry": current_entry,
        "portrait": portrait,
        "canonical_url": canonical,
        "og_image": image,
        "structured_data": structured,
    }


@public_page
def profile_detail(request, slug: str):
    stored = stored_page(slug)  # query: the page rendered when the live version was published
    if stored is not None:
        return stored
    public = (  # query: the public profile with its live version's snapshot (and nothing private)
        PublicProfile.objects.select_related("version")
        .only("slug", "profile_id", "published_at", "version", "version__snapshot")
        .filter(slug=slug)
        .first()
    )
    if public is None:
        return _moved_or_gone(request, slug)
    return page_response(profile_page_html(public))  # queries: relations, the public change history


def profile_page_html(public: PublicProfile, versions: list[ProfileVersion] | None = None) -> str:
    """The whole page of a live profile: what publishing stores (public.baking) and what this view
    renders when nothing is stored, from the same code, so the two cannot differ."""
    related = related_profiles(  # query: relations in both directions, both profiles live
        PublicRelation.objects.shown_for([public.profile_id]), public.profile_id
    )
    context = profile_page_context(public, related)
    if versions is None:
        versions = list(  # query: the public change history, without the stored snapshots
            ProfileVersion.objects.public()
            .filter(profile_id=public.profile_id)
            .only("number", "change_note", "is_correction", "published_at")
            .order_by("-number")
        )
    context["versions"] = versions
    return render_to_string("public/profiles/detail.html", context, request=page_request(public.get_absolute_url()))


def _moved_or_gone(request, slug: str):
    """An old slug of a live profile moves permanently, and so does another spelling of a live
    profile's name; a withdrawn one is gone; the rest unknown, with a search for the slug's words."""
    # Redirect to the slug the public index holds, never to an unpublished rename.
    new_slug = SlugHistory.objects.filter(slug=slug).values_list("profile__public__slug", flat=True).first()
    if new_slug:
        return HttpResponsePermanentRedirect(reverse("profiles:detail", kwargs={"slug": new_slug}))
    # Only a slug that was once public answers 410; a never-published draft stays an unknown 404.
    if ChangeEvent.objects.filter(Q(slug=slug) | Q(profile__old_slugs__slug=slug)).exists():
        return render(request, "public/profiles/gone.html", {"slug": slug}, status=410)
    words = _published_words(slug)
    alias_slug = _slug_of_alias(slug) if words and len(words) == len(_slug_words(slug)) else ""
    if alias_slug:
        return HttpResponsePermanentRedirect(reverse("profiles:detail", kwargs={"slug": alias_slug}))
    # The site's own page, rendered here so that development (DEBUG) shows it too, with a search
    # for the words of the address that published profiles contain: it never repeats a word that
    # only an unpublished profile has (an address may be a draft's or a withdrawn profile's slug).
    return render(request, "404.html", {"suggested_query": " ".join(words)}, status=404)


def _slug_words(slug: str) -> list[str]:
    return list(dict.fromkeys(word for word in slug.lower().split("-") if len(word) > 1))[:8]


def _published_words(slug: str) -> list[str]:
    """The words of `slug` that some live profile's public search document contains."""
    words = _slug_words(slug)
    if not words:
        return []
    # query: for each word, how many live profiles' public text contains it
    counts = PublicProfile.objects.aggregate(
        **{f"w{n}": Count("pk", filter=Q(search_document__icontains=word)) for n, word in enumerate(words)}
    )
    return [word for n, word in enumerate(words) if counts[f"w{n}"]]


def _slug_of_alias(slug: str) -> str:
    """The slug of the live profile one of whose published names (an alias, the native name in
    Latin letters) slugifies to `slug`: /profiles/dmitri-glukhovsky/ for Dmitry Glukhovsky. Reads
    only the public index, so a withdrawn or unpublished profile's names lead nowhere."""
    words = _slug_words(slug)
    # query: live profiles whose names contain every word of the slug (then checked exactly)
    # (the names are read from the live version's snapshot: what its page shows as "Also spelled")
    candidates = PublicProfile.objects.filter(*[Q(search_names__icontains=word) for word in words]).values_list(
        "slug", "version__snapshot", "native_name"
    )[:10]
    for public_slug, snapshot, native_name in candidates:
        names = [*snapshot.get("aliases", []), native_name, transliterate(native_name)]
        if any(name and slugify(transliterate(name)) == slug for name in names):
            return public_slug
    return ""
