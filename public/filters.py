"""Filters of what is published: one FilterSet for the profiles, which the reader site's index
(/profiles/) and the partner API (/api/v1/profiles/, /api/v1/facets/) both use, so a parameter
means the same in both; the facet counts that label their choices; the API's source and excerpt
filters.

They filter only public index columns (PublicProfile, PublicPlace, PublicCitation), which hold
places at their published precision: filtering by a withheld country or a hidden city cannot find
anyone, because that value was never written there. Every value is validated by the FilterSet's
form. The API answers an invalid one with a 400 naming the parameter (api.exceptions); the site
drops it, says why, and applies the valid ones. An empty value is no filter.
"""

import datetime

import django_filters
from django import forms
from django.db.models import CharField, Count, F, QuerySet, Value
from django.db.models.functions import Cast
from django_countries import countries
from drf_spectacular.utils import extend_schema_field

from profiles.models import Category, Profile, PublicCitation, PublicExcerpt, PublicPlace, PublicProfile, PublicSource
from profiles.places import country_name
from public.search import search_public_profiles
from sources.models import LANGUAGES, Source

COUNTRY_CHOICES = [(code, name) for code, name in countries]


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 allows UTC offsets PostgreSQL refuses (beyond ±15:59); compare the same instant in UTC."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise forms.ValidationError("This time is out of the supported range.", code="invalid") from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class CountryCodeField(django_filters.fields.ChoiceField):
    """An ISO 3166-1 alpha-2 code, accepted in either case."""

    def to_python(self, value):
        return super().to_python(value).upper()

    def prepare_value(self, value):
        # A form shows ?country=ge as Georgia chosen, as it filters.
        return value.upper() if isinstance(value, str) else value


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", COUNTRY_CHOICES)
        kwargs.setdefault("empty_label", "Any country")
        super().__init__(*args, **kwargs)


class CategorySlugsField(django_filters.fields.ModelMultipleChoiceField):
    """Category slugs, any of which matches; an empty value (a form's "All categories") is no filter."""

    def clean(self, value):
        slugs = [slug for slug in value or [] if slug]
        return super().clean(slugs) if slugs else []


CATEGORY_HELP = "Category slug (see /api/v1/facets/). Repeat the parameter to match any of several."


# The schema documents one value of the parameter, a slug; the filter's value is Category rows.
@extend_schema_field({"type": "string", "description": CATEGORY_HELP})
class CategoryFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CategorySlugsField


class OneOrMoreSelect(forms.SelectMultiple):
    """Drawn as a plain drop-down, but reads every value given, so ?category=a&category=b still
    means either (the site offers one at a time, the API takes several)."""

    allow_multiple_selected = False


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


# The whitelist of orderings: name -> columns. Nulls last both ways on both databases, and the
# primary key last so pages never overlap or skip when values tie.
PROFILE_ORDERINGS = {
    "name": [F("sort_name").asc()],
    "-name": [F("sort_name").desc()],
    "updated": [F("published_at").asc()],
    "-updated": [F("published_at").desc()],
    "first_published": [F("first_published_at").asc()],
    "-first_published": [F("first_published_at").desc()],
    "departure": [F("departure_date").asc(nulls_last=True)],
    "-departure": [F("departure_date").desc(nulls_last=True)],
}
ORDERING_HELP = (
    "Sort order: name, updated (time of the live version), first_published or departure; prefix with - to "
    "reverse. Default: name, or relevance when q is given."
)


class PublicProfileFilter(django_filters.FilterSet):
    """Which published profiles match: the one meaning of each parameter, on the site and in the API.

    `label` is what the site's filter panel says; `help_text` is the API schema's description.
    """

    q = django_filters.CharFilter(
        method="search",
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "Any spelling or script"}),
        label="Name or words",
        help_text="Search names in any spelling or script (Cyrillic or Latin), descriptions and biographies.",
    )
    category = CategoryFilter(
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_category",
        widget=OneOrMoreSelect,
        label="Category",
        help_text=CATEGORY_HELP,
    )
    country = CountryFilter(
        field_name="current_country",
        label="Lives in now",
        help_text="Current country (ISO 3166-1 alpha-2), where the editors publish it. A withheld country never "
        "matches.",
    )
    timeline_country = CountryFilter(
        method="filter_timeline_country",
        label="On their route",
        help_text="Any country in the published timeline (ISO 3166-1 alpha-2), at its published precision.",
    )
    year = YearFilter(
        field_name="departure_year",
        min_value=1900,
        max_value=2100,
        widget=forms.Select,
        label="Year they left",
        error_messages={"invalid": "The year must be a number such as 2022."},
        help_text="Year they left (the year of the departure date), e.g. 2022.",
    )
    wave = django_filters.ChoiceFilter(
        choices=Profile.Wave.choices, empty_label="Any wave", label="Wave", help_text="Wave of emigration."
    )
    kind = django_filters.ChoiceFilter(
        choices=Profile.Kind.choices, empty_label="People and groups", label="Kind", help_text="A person or a group."
    )
    departed_after = django_filters.DateFilter(
        field_name="departure_date",
        lookup_expr="gte",
        label="Left on or after",
        help_text="Left on or after this date (YYYY-MM-DD). Departure dates are the first day of their known "
        "period: 'March 2022' is 2022-03-01.",
    )
    departed_before = django_filters.DateFilter(
        field_name="departure_date",
        lookup_expr="lte",
        label="Left on or before",
        help_text="Left on or before this date (YYYY-MM-DD).",
    )
    updated_since = UtcIsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        label="Updated since",
        help_text="Live version published at or after this time (ISO 8601, e.g. 2024-05-01T00:00:00Z). To learn "
        "about withdrawals too, use /api/v1/changes/.",
    )

    class Meta:
        model = PublicProfile
        fields = ()

    def filter_category(self, queryset, name, categories: list[Category]):
        if not categories:
            return queryset
        through = PublicProfile.categories.through.objects.filter(category__in=categories)
        return queryset.filter(pk__in=through.values("publicprofile_id"))

    def filter_timeline_country(self, queryset, name, value):
        return queryset.filter(pk__in=PublicPlace.objects.filter(country=value).values("public_profile_id"))

    def search(self, queryset, name, value):
        return search_public_profiles(queryset, value)


class PublicProfileListFilter(PublicProfileFilter):
    """The matching profiles in one of the whitelisted orders (the lists; the facets take no order)."""

    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in PROFILE_ORDERINGS],
        method="order",
        label="Order",
        help_text=ORDERING_HELP,
    )

    def order(self, queryset, name, value):
        return queryset.order_by(*PROFILE_ORDERINGS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        order = list(queryset.query.order_by) or list(PublicProfile._meta.ordering)
        return queryset.order_by(*order, "pk")


# Facet counts -------------------------------------------------------------------------------------

FACETS = ("category", "country", "timeline_country", "year", "wave", "kind")


def _counted(queryset: QuerySet, facet: str, value, label, counted: str) -> QuerySet:
    return (
        queryset.order_by()
        .values(value=Cast(value, CharField()), label=Cast(label, CharField()))
        .annotate(facet=Value(facet, CharField()), n=Count(counted, distinct=True))
    )


def profile_facets(matching: QuerySet) -> dict[str, list[dict]]:
    """How many of the `matching` public profiles have each value of each filter, in one query.

    For each name in FACETS: [{"value", "label", "count"}, ...], most profiles first, then by label
    (categories and countries) or value. Only published
    values are counted (PublicProfile's current country is empty when withheld, PublicPlace holds
    places at their published precision), so no count reveals a withheld place.
    """
    ids = matching.order_by().values("pk")
    profiles = PublicProfile.objects.filter(pk__in=ids)
    rows = _counted(
        Category.objects.filter(public_profiles__in=ids), "category", F("slug"), F("name"), "public_profiles"
    ).union(
        _counted(profiles.exclude(current_country=""), "country", F("current_country"), Value(""), "pk"),
        _counted(
            PublicPlace.objects.filter(public_profile__in=ids).exclude(country=""),
            "timeline_country",
            F("country"),
            Value(""),
            "public_profile",
        ),
        _counted(profiles.exclude(departure_year=None), "year", F("departure_year"), Value(""), "pk"),
        _counted(profiles, "wave", F("wave"), Value(""), "pk"),
        _counted(profiles, "kind", F("kind"), Value(""), "pk"),
        all=True,
    )
    labels = {
        "country": country_name,
        "timeline_country": country_name,
        "wave": dict(Profile.Wave.choices).get,
        "kind": dict(Profile.Kind.choices).get,
    }
    facets: dict[str, list[dict]] = {name: [] for name in FACETS}
    for row in rows:
        label = labels[row["facet"]](row["value"]) if row["facet"] in labels else (row["label"] or row["value"])
        facets[row["facet"]].append({"value": row["value"], "label": label or row["value"], "count": row["n"]})
    for name, values in facets.items():
        by = "label" if name in ("category", "country", "timeline_country") else "value"
        values.sort(key=lambda v: (-v["count"], v[by]))
    return facets


# Sources and excerpts (API) -----------------------------------------------------------------------


class CitedByProfileFilter(django_filters.FilterSet):
    """The method of a `profile` filter: only what a published profile (by slug) cites, the cited
    row being PublicCitation's `cited_column`."""

    cited_column: str

    def filter_profile(self, queryset, name, value):
        cited = PublicCitation.objects.filter(public_profile__slug=value).values(self.cited_column)
        return queryset.filter(pk__in=cited)


class SourceFilter(CitedByProfileFilter):
    cited_column = "source_id"
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, help_text="What kind of source.")
    language = django_filters.ChoiceFilter(choices=LANGUAGES, help_text="Language of the source.")
    year = django_filters.NumberFilter(min_value=1800, max_value=2200, help_text="Publication year.")
    profile = django_filters.CharFilter(
        method="filter_profile", max_length=80, help_text="Only sources cited by this published profile (slug)."
    )

    class Meta:
        model = PublicSource
        fields = ()


class ExcerptFilter(CitedByProfileFilter):
    cited_column = "excerpt_id"
    source = django_filters.NumberFilter(
        field_name="source__source_id",
        min_value=1,
        max_value=2**63 - 1,
        help_text="Only excerpts of this source (id).",
    )
    language = django_filters.ChoiceFilter(choices=LANGUAGES, help_text="Language of the quote.")
    profile = django_filters.CharFilter(
        method="filter_profile", max_length=80, help_text="Only excerpts cited by this published profile (slug)."
    )
    speaker = django_filters.CharFilter(
        field_name="speaker__slug", max_length=80, help_text="Only the words of this published profile (slug)."
    )

    class Meta:
        model = PublicExcerpt
        fields = ()
