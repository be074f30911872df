"""Search that readers expect: any spelling or script of a name, words of the text, small typos.

PostgreSQL: trigram word similarity plus full-text search over the public search document.
SQLite (development): substring match on spelling-folded keys, then a fuzzy pass over names.
Both read only PublicProfile, so nothing unpublished can be found.
"""

from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Q, QuerySet

from profiles.names import name_key, transliterate

MIN_WORD_SIMILARITY = 0.5
FUZZY_THRESHOLD = 0.75


def query_variants(q: str) -> list[str]:
    """The query as typed, transliterated to Latin, and folded across spellings."""
    q = " ".join(q.split()).lower()
    return list(dict.fromkeys(v for v in [q, transliterate(q).lower(), name_key(q)] if v))


def search_public_profiles(queryset: QuerySet, q: str) -> QuerySet:
    q = (q or "").strip()[:200]
    if not q:
        return queryset
    variants = query_variants(q)
    if connection.vendor == "postgresql":
        return _search_postgres(queryset, variants)
    return _search_fallback(queryset, variants)


def _all_words(field: str, text: str) -> Q:
    condition = Q()
    for word in text.split():
        condition &= Q(**{f"{field}__icontains": word})
    return condition


def _search_postgres(queryset: QuerySet, variants: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
    from django.db.models.functions import Greatest

    exact = Q()
    for variant in variants:
        exact |= _all_words("search_document", variant)
    vector = SearchVector("search_document", config="simple")
    text_query = SearchQuery(variants[0], config="simple", search_type="websearch")
    similarities = [TrigramWordSimilarity(v, "search_document") for v in variants]
    return (
        queryset.annotate(match=Greatest(*similarities) if len(similarities) > 1 else similarities[0])
        .annotate(document=vector)
        .filter(exact | Q(document=text_query) | Q(match__gte=MIN_WORD_SIMILARITY))
        .order_by("-match", "sort_name")
    )


def _search_fallback(queryset: QuerySet, variants: list[str]) -> QuerySet:
    condition = Q()
    for variant in variants:
        condition |= _all_words("search_document", variant)
    found = queryset.filter(condition)
    if found.exists():
        return found
    # Typos: compare the folded query with each profile's folded names (one query; dev only).
    key = variants[-1]
    close = [
        pk
        for pk, document in queryset.values_list("pk", "search_document")
        if any(SequenceMatcher(None, key, word).ratio() >= FUZZY_THRESHOLD for word in _name_phrases(document, key))
    ]
    return queryset.filter(pk__in=close)


def _name_phrases(document: str, key: str) -> list[str]:
    words = document.split()
    size = max(1, len(key.split()))
    return [" ".join(words[i : i + size]) for i in range(len(words))]
