"""Search that readers expect: any spelling or script of a name, words of the text, small typos.

PostgreSQL: substring and trigram word similarity over the names, full-text search over the stored
vector of the public search document, each through its GIN index.
SQLite (development): substring match on spelling-folded keys, then a fuzzy pass over names.
Both read only PublicProfile, so nothing unpublished can be found.
"""

from difflib import SequenceMatcher

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Expression, Q, QuerySet
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
    """Every condition reads a GIN index (migration 0013), and none computes anything per row
    over long text, so even where the planner prefers a scan it stays cheap:

    - names: `search_names` (the names only, in every spelling and script, lower case) contains
      every word of a variant (LIKE, trigram index), or is word-similar to it (`%>`, pg_trgm's
      word_similarity_threshold 0.6: typos); the folded variant (name_key) catches spellings the
      raw similarity misses;
    - words of the text: the stored `search_vector` of the whole search document matches the
      query (`@@`, GIN index), never to_tsvector() at query time.

    Matches are ordered by how similar their names are, then by name.
    """
    condition = Q()
    for variant in variants:
        condition |= _all_words("search_names", variant, lookup="contains")
        condition |= Q(search_names__trigram_word_similar=variant)
    text_match = StoredVectorMatch(variants[0])
    similarities = [TrigramWordSimilarity(v, "search_names") for v in variants]
    return (
        queryset.filter(condition | Q(text_match))
        .annotate(match=Greatest(*similarities) if len(similarities) > 1 else similarities[0])
        .order_by("-match", "sort_name")
    )


class StoredVectorMatch(Expression):
    """`search_vector @@ websearch_to_tsquery('simple', q)` on the public index's stored vector
    (a PostgreSQL generated column the model does not declare, migration 0013), under whatever
    alias the query gives the table (it may be a subquery's U0)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.\"search_vector\" @@ websearch_to_tsquery('simple', %s)", [self.text]


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


def fuzzy_correction(q: str, found: list) -> str:
    """What a search that matched only by fuzziness matched, for "Showing results for …": the
    name phrase of a found profile closest to the query; "" when some profile matched the words
    as typed (in any spelling), or nothing was found. Reads only the profiles already loaded."""
    q = " ".join((q or "").split())[:200]
    if not q or not found:
        return ""
    variants = query_variants(q)
    for profile in found:
        document = f"{profile.search_document} {profile.search_names}".lower()
        if any(all(word in document for word in variant.split()) for variant in variants):
            return ""
    size = max(1, len(q.split()))
    best, best_ratio = "", 0.0
    for profile in found:
        for name in (profile.display_name, profile.native_name):
            for phrase in _name_phrases(name, q):
                words = phrase.split()
                if len(words) != size:
                    continue
                ratio = max(
                    SequenceMatcher(None, variant, name_key(phrase) or phrase.lower()).ratio() for variant in variants
                )
                ratio = max(ratio, SequenceMatcher(None, q.lower(), phrase.lower()).ratio())
                if ratio > best_ratio:
                    best, best_ratio = phrase, ratio
    return best or found[0].display_name
