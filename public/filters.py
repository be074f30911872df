"""Filters for the partner API.

They filter only public index columns (PublicProfile, PublicPlace, PublicCitation), which hold
places at their published precision: filtering by a withheld country or a hidden city cannot find
anyone, because that value was never written there. Invalid values are 400s naming the parameter
(django-filter validates through a form; see api.authentication.api_exception_handler).
"""

import datetime

import django_filters
from django import forms
from django.db.models import F
from django_countries import countries

from profiles.models import Category, Profile, PublicCitation, PublicExcerpt, PublicPlace, PublicProfile, PublicSource
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


class CountryCodeField(django_filters.fields.ChoiceField):
    """An ISO 3166-1 alpha-2 code, accepted in either case."""

    def to_python(self, value):
        return super().to_python(value).upper()


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", COUNTRY_CHOICES)
        super().__init__(*args, **kwargs)


class ProfileMatchFilter(django_filters.FilterSet):
    """Which profiles match (also used by the facet counts)."""

    category = django_filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_category",
        help_text="Category slug (see /api/v1/facets/). Repeat the parameter to match any of several.",
    )
    kind = django_filters.ChoiceFilter(choices=Profile.Kind.choices, help_text="A person or a group.")
    wave = django_filters.ChoiceFilter(choices=Profile.Wave.choices, help_text="Wave of emigration.")
    country = CountryFilter(
        field_name="current_country",
        help_text="Current country (ISO 3166-1 alpha-2), where the editors publish it. A withheld country never "
        "matches.",
    )
    timeline_country = CountryFilter(
        method="filter_timeline_country",
        help_text="Any country in the published timeline (ISO 3166-1 alpha-2), at its published precision.",
    )
    departed_after = django_filters.DateFilter(
        field_name="departure_date",
        lookup_expr="gte",
        help_text="Left on or after this date (YYYY-MM-DD). Departure dates are the first day of their known "
        "period: 'March 2022' is 2022-03-01.",
    )
    departed_before = django_filters.DateFilter(
        field_name="departure_date", lookup_expr="lte", help_text="Left on or before this date (YYYY-MM-DD)."
    )
    updated_since = UtcIsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="Live version published at or after this time (ISO 8601, e.g. 2024-05-01T00:00:00Z). To learn "
        "about withdrawals too, use /api/v1/changes/.",
    )
    q = django_filters.CharFilter(
        method="search",
        max_length=200,
        help_text="Search names in any spelling or script (Cyrillic or Latin), descriptions and biographies.",
    )

    class Meta:
        model = PublicProfile
        fields = ()

    def filter_category(self, queryset, name, value: str):  # hint: the schema type of one value
        if not value:
            return queryset
        through = PublicProfile.categories.through.objects.filter(category__in=value)
        return queryset.filter(pk__in=through.values("publicprofile_id"))

    def filter_timeline_country(self, queryset, name, value):
        return queryset.filter(pk__in=PublicPlace.objects.filter(country=value).values("public_profile_id"))

    def search(self, queryset, name, value):
        return search_public_profiles(queryset, value)


class ProfileFilter(ProfileMatchFilter):
    """Matching profiles, in one of the whitelisted orders."""

    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in PROFILE_ORDERINGS], method="order", help_text=ORDERING_HELP
    )

    def order(self, queryset, name, value):
        return queryset.order_by(*PROFILE_ORDERINGS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        order = list(queryset.query.order_by) or list(PublicProfile._meta.ordering)
        return queryset.order_by(*order, "pk")


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, help_text="What kind of source.")
    language = django_filters.ChoiceFilter(choices=LANGUAGES, help_text="Language of the source.")
    year = django_filters.NumberFilter(min_value=1800, max_value=2200, help_text="Publication year.")
    profile = django_filters.CharFilter(
        method="filter_profile", max_length=80, help_text="Only sources cited by this published profile (slug)."
    )

    class Meta:
        model = PublicSource
        fields = ()

    def filter_profile(self, queryset, name, value):
        cited = PublicCitation.objects.filter(public_profile__slug=value).values("source_id")
        return queryset.filter(pk__in=cited)


class ExcerptFilter(django_filters.FilterSet):
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

    def filter_profile(self, queryset, name, value):
        cited = PublicCitation.objects.filter(public_profile__slug=value).values("excerpt_id")
        return queryset.filter(pk__in=cited)
