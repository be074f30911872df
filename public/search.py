"""Search that readers expect: any spelling or script of a name, words of the text, small typos.

PostgreSQL: trigram word similarity plus full-text search over the public search document.
SQLite (development): substring match on spelling-folded keys, then a fuzzy pass over names.
Both read only PublicProfile, so nothing unpublished can be found.
"""

from difflib import SequenceMatcher

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

from profiles.names import name_key, transliterate

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


def _all_words(field: str, text: str, lookup: str = "icontains") -> Q:
    condition = Q()
    for word in text.split():
        condition &= Q(**{f"{field}__{lookup}": word})
    return condition


def _search_postgres(queryset: QuerySet, variants: list[str]) -> QuerySet:
    """Every condition here can use the GIN indexes of migration 0006 (no scan of all profiles).

    The search document and the variants are lower case, so LIKE (`contains`) is enough and,
    unlike ILIKE on UPPER(), uses the trigram index. `%>` (trigram_word_similar) finds a typo'd
    word at pg_trgm's word_similarity_threshold (0.6); the folded variant (name_key) catches
    spelling differences the raw similarity misses. The similarity is computed only to order
    the matches.
    """
    condition = Q()
    for variant in variants:
        condition |= _all_words("search_document", variant, lookup="contains")
        condition |= Q(search_document__trigram_word_similar=variant)
    vector = SearchVector("search_document", config="simple")
    text_query = SearchQuery(variants[0], config="simple", search_type="websearch")
    similarities = [TrigramWordSimilarity(v, "search_document") for v in variants]
    return (
        queryset.annotate(document=vector)
        .filter(condition | Q(document=text_query))
        .annotate(match=Greatest(*similarities) if len(similarities) > 1 else similarities[0])
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
