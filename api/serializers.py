"""Partner API payloads, built from the public index and live version snapshots only.

Nothing here reads a working-copy model (Profile, TimelineEntry, Source, Excerpt): the snapshot
already has locations cut to their allowed precision and no private notes, so a serializer
cannot leak what was never put in it.

Long: this is the whole v1 payload contract, field by field with the help text the schema
publishes, and profiles, sources and excerpts share its nested parts (places, source metadata,
citations), so a change to one shows beside everything that embeds it.
"""

import copy

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from profiles.models import (
    ChangeEvent,
    Profile,
    ProfileVersion,
    PublicExcerpt,
    PublicProfile,
    PublicRelation,
    PublicSource,
    Relation,
    TimelineEntry,
)
from profiles.models.public_index import related_profiles
from profiles.places import Disclosure, Region
from public.links import absolute_url
from sources.dates import DatePrecision
from sources.models import LANGUAGES, Source

PLACE_PRECISIONS = [Disclosure.CITY.value, Disclosure.COUNTRY.value, Disclosure.REGION.value]
DATE_PRECISIONS = [DatePrecision.DAY.value, DatePrecision.MONTH.value, DatePrecision.YEAR.value]


def profile_page_url(slug: str) -> str:
    return absolute_url(reverse("profiles:detail", kwargs={"slug": slug}))


def profile_api_url(slug: str) -> str:
    return absolute_url(reverse("api:profile-detail", kwargs={"slug": slug}))


def profile_api_url_by_id(profile_id: int) -> str:
    """The profile's address that outlives a rename: the one a mirror keyed on id should fetch."""
    return absolute_url(reverse("api:profile-by-id", kwargs={"id": profile_id}))


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Stable identifier of the category; use it with ?category=.")
    name = serializers.CharField(help_text="Human-readable category name.")


class PlaceSerializer(serializers.Serializer):
    precision = serializers.ChoiceField(
        choices=PLACE_PRECISIONS,
        help_text="How precisely the place is published. Editors may withhold a city or a country for a "
        "person's safety; what is withheld is never in the API.",
    )
    country = serializers.CharField(allow_blank=True, help_text="ISO 3166-1 alpha-2 code; empty at region precision.")
    country_name = serializers.CharField(allow_blank=True, help_text="English country name; empty at region precision.")
    city = serializers.CharField(allow_blank=True, help_text="City; empty unless precision is 'city'.")
    region = serializers.ChoiceField(choices=Region.values, help_text="Broad region of the place.")
    label = serializers.CharField(help_text="The place as shown to readers, e.g. 'Berlin, Germany'.")


class DepartureSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="First day of the known period (see date_precision).")
    date_precision = serializers.ChoiceField(choices=DATE_PRECISIONS, help_text="How precise the date is.")
    label = serializers.CharField(help_text="The date as shown to readers, e.g. 'Early March 2022'.")
    as_reported = serializers.BooleanField(
        default=False,
        help_text="True when no source dates the departure: `date` is then the earliest a source reporting "
        "them gone was written, so they had left by some time on or after it.",
    )


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField(help_text="Width in pixels.")
    url = serializers.SerializerMethodField(help_text="Absolute URL of the resized image.")

    def get_url(self, rendition) -> str:
        return absolute_url(rendition["url"])


class PortraitSerializer(serializers.Serializer):
    alt = serializers.CharField(help_text="What the portrait shows, for screen readers.")
    credit = serializers.CharField(allow_blank=True, help_text="Photographer or source credit; show it.")
    licence = serializers.CharField(allow_blank=True, help_text="Licence of the portrait.")
    renditions = RenditionSerializer(many=True, help_text="Resized renditions, narrowest first.")


PUBLISHED_HELP = (
    "Publication date at the precision known: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; empty when unknown. "
    "published_on and year repeat it where they can."
)
PUBLISHED_PRECISION_HELP = "How precise `published` is: 'day', 'month', 'year' or 'unknown'."
WRITTEN_AFTER_HELP = (
    "The latest date the text itself mentions ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'): it was written no earlier. "
    "A lower bound for an undated source, not its publication date; empty when none is recorded."
)
DESCRIPTIVE_TITLE_HELP = (
    "The copy has no headline: `title` is the newsroom's description of the piece. Do not present it as a "
    "headline (no quotation marks, no italics)."
)
URL_HELP = "Where the source was published; empty when no address is known (or it is withheld, see link_withheld)."


class SourceMetaSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Source id (see /api/v1/sources/{id}/).")
    title = serializers.CharField(
        help_text="Title of the article, essay, interview or other source (see title_is_descriptive)."
    )
    outlet = serializers.CharField(allow_blank=True, help_text="Publication that carried it, when known.")
    authors = serializers.CharField(allow_blank=True, help_text="Authors as credited, comma-separated.")
    url = serializers.CharField(allow_blank=True, help_text=URL_HELP)
    archived_url = serializers.CharField(allow_blank=True, help_text="A web archive copy, if any.")
    published_on = serializers.DateField(allow_null=True, help_text="Publication date, when known to the day.")
    year = serializers.IntegerField(allow_null=True, help_text="Publication year, when known.")
    published = serializers.CharField(default="", allow_blank=True, help_text=PUBLISHED_HELP)
    published_precision = serializers.CharField(default="", allow_blank=True, help_text=PUBLISHED_PRECISION_HELP)
    written_after = serializers.CharField(default="", allow_blank=True, help_text=WRITTEN_AFTER_HELP)
    title_is_descriptive = serializers.BooleanField(default=False, help_text=DESCRIPTIVE_TITLE_HELP)
    language = serializers.ChoiceField(choices=LANGUAGES, help_text="Language of the source.")
    kind = serializers.ChoiceField(choices=Source.Kind.choices, help_text="What kind of source it is.")
    link_withheld = serializers.BooleanField(
        default=False,
        help_text="The address of the original names a place withheld for someone's safety, so url and "
        "archived_url are empty.",
    )


class CitationSerializer(serializers.Serializer):
    excerpt_id = serializers.IntegerField(help_text="Excerpt id (see /api/v1/excerpts/{id}/).")
    text = serializers.CharField(help_text="The exact words quoted from the source.")
    translation = serializers.CharField(allow_blank=True, help_text="English translation, if the quote is not.")
    language = serializers.ChoiceField(choices=LANGUAGES, help_text="Language of the quote.")
    location_hint = serializers.CharField(allow_blank=True, help_text="Page, paragraph or timecode in the source.")
    source = SourceMetaSerializer(help_text="The source the excerpt quotes.")


class DisputeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[TimelineEntry.Dispute.DISPUTED.value, TimelineEntry.Dispute.CORRECTED.value],
        help_text="disputed: another source says otherwise and both reports stand; corrected: a later source "
        "shows the entry wrong (do not present it as fact).",
    )
    label = serializers.CharField(help_text="As shown to readers, e.g. 'Disputed by another source'.")
    note = serializers.CharField(help_text="What the other source says, in a sentence.")
    citations = CitationSerializer(many=True, help_text="The excerpts of the disputing or correcting source.")


class TimelineEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Entry id, stable across versions of the profile.")
    kind = serializers.ChoiceField(choices=TimelineEntry.Kind.choices, help_text="What happened.")
    kind_label = serializers.CharField(
        help_text="The kind as shown to readers; a state designation names the authority when the source does "
        "('Designated a “foreign agent” by …')."
    )
    attribution = serializers.ChoiceField(
        choices=TimelineEntry.Attribution.choices,
        default=TimelineEntry.Attribution.SOURCE,
        help_text="Who says so: 'source' (the source reports it in its own voice), 'person' (the person says so) "
        "or 'authority' (an authority alleges it: foreign-agent designations, wanted lists and criminal cases are "
        "claims, not facts about the person).",
    )
    authority = serializers.CharField(
        default="",
        allow_blank=True,
        help_text="For 'authority': who makes the claim, as the source names it; empty when the source does not.",
    )
    attribution_label = serializers.CharField(
        default="",
        allow_blank=True,
        help_text="Who says so, as shown to readers: 'Alleged by …', 'Stated by …' or 'Reported by the source'.",
    )
    date = serializers.DateField(allow_null=True, help_text="First day of the known period; null when unknown.")
    date_precision = serializers.ChoiceField(
        choices=[*DATE_PRECISIONS, DatePrecision.UNKNOWN.value], help_text="How precise the date is."
    )
    date_qualifier = serializers.ChoiceField(
        choices=["", "early", "mid", "late", "circa", "before"],
        allow_blank=True,
        help_text="Narrows the period: early, mid, late, circa (about) or before (by); empty for none.",
    )
    date_label = serializers.CharField(
        help_text="The date as shown to readers, at its precision ('As reported, 4 March 2022 or later' when "
        "as_of_source)."
    )
    as_of_source = serializers.BooleanField(
        default=False,
        help_text="The source reports this as already true without a date of its own: `date` is the earliest the "
        "source was written, so the fact held by some time on or after it.",
    )
    place = PlaceSerializer(
        allow_null=True,
        help_text="Where, at its allowed precision; null when the entry has no place or it is withheld.",
    )
    text = serializers.CharField(help_text="What happened, in a sentence or two.")
    is_current = serializers.BooleanField(help_text="Editors marked this entry as where the person is now.")
    current_reason = serializers.CharField(
        default="",
        allow_blank=True,
        help_text="When sources differ, why this report is the current one (e.g. 'the later account').",
    )
    citations = CitationSerializer(many=True, help_text="The excerpts that support the entry.")
    dispute = DisputeSerializer(
        default=None,
        allow_null=True,
        help_text="Set when another source disputes the entry, or a later one corrects it; null otherwise.",
    )
    differs_from = serializers.ListField(
        child=serializers.IntegerField(),
        default=list,
        help_text="Ids of entries of this timeline that other sources contradict ('Sources differ'): alternative "
        "reports to read together, not a sequence of moves. The current one has is_current.",
    )
    about = serializers.ChoiceField(
        choices=TimelineEntry.About.choices,
        default="",
        allow_blank=True,
        help_text="'people' when a group's entry is about some of its people (colleagues seen somewhere), not the "
        "group itself; such an entry never gives the group a place.",
    )


class RelationCitationSerializer(serializers.Serializer):
    excerpt_id = serializers.IntegerField(help_text="Excerpt id (see /api/v1/excerpts/{id}/).")
    source_id = serializers.IntegerField(help_text="Source id (see /api/v1/sources/{id}/).")
    api_url = serializers.SerializerMethodField(help_text="The excerpt in the API.")

    def get_api_url(self, citation) -> str:
        return absolute_url(reverse("api:excerpt-detail", kwargs={"id": citation["excerpt_id"]}))


class RelatedProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="profile.id", help_text="Stable id of the related profile.")
    slug = serializers.CharField(source="profile.slug", help_text="Slug of the related profile.")
    display_name = serializers.CharField(source="profile.name", help_text="Its name as readers know it.")
    kind = serializers.ChoiceField(
        source="profile.kind", choices=Profile.Kind.choices, help_text="A person or a group."
    )
    url = serializers.SerializerMethodField(help_text="Its public page.")
    api_url = serializers.SerializerMethodField(help_text="It in the API.")
    relation = serializers.ChoiceField(
        source="kind",
        choices=Relation.Kind.choices,
        help_text="How the two are related: member, founder, worked_at, colleague, spouse, friend, "
        "performed_with or other.",
    )
    label = serializers.CharField(
        help_text="The relation read from this profile: 'Member of' when this profile states it, 'Has member' "
        "when the related profile does."
    )
    direction = serializers.ChoiceField(
        choices=["stated", "stated_by_other"],
        help_text="'stated': this profile's published version states the relation; 'stated_by_other': the related "
        "profile's does (it was reviewed with that profile).",
    )
    text = serializers.CharField(allow_blank=True, help_text="What the source says of the relation, if given.")
    citations = RelationCitationSerializer(many=True, help_text="The excerpts the relation cites.")

    def get_url(self, item) -> str:
        return profile_page_url(item["profile"]["slug"])

    def get_api_url(self, item) -> str:
        return profile_api_url(item["profile"]["slug"])


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="Version number; grows by one with every publication.")
    published_at = serializers.DateTimeField(help_text="When this version was published.")
    change_note = serializers.CharField(help_text="What this version changed, for readers.")
    is_correction = serializers.BooleanField(help_text="This version corrects an error in an earlier one.")


class ProfileSummarySerializer(serializers.ModelSerializer):
    """A published profile as listed; every value comes from its live version."""

    # The id, slug, links and first publication belong to the profile; every other value to a
    # version, and is read through `.version`, so ProfileDetailSerializer can show any version.

    id = serializers.IntegerField(
        source="profile_id", help_text="Stable id of the profile; the key to mirror it by (slugs can change)."
    )
    url = serializers.SerializerMethodField(help_text="The public page on the Exodus site.")
    api_url = serializers.SerializerMethodField(help_text="This profile in the API.")
    kind = serializers.ChoiceField(
        choices=Profile.Kind.choices,
        source="version.snapshot.kind",
        help_text="A person or a group (a band, a collective).",
    )
    display_name = serializers.CharField(
        source="version.snapshot.display_name", help_text="The name readers know, in Latin script."
    )
    native_name = serializers.CharField(
        allow_blank=True, source="version.snapshot.native_name", help_text="The name in its own script, e.g. Cyrillic."
    )
    aliases = serializers.ListField(
        child=serializers.CharField(),
        source="version.snapshot.aliases",
        help_text="Other spellings, transliterations and stage names.",
    )
    description = serializers.CharField(
        allow_blank=True, source="version.snapshot.description", help_text="One line: who they are."
    )
    wave = serializers.ChoiceField(
        choices=Profile.Wave.choices,
        source="version.snapshot.wave",
        help_text="Which wave of emigration: '1917' (1917–1920s), 'soviet' (1930–1991), '1991' (1991–2021), "
        "'2022' (2022 onwards) or 'unknown' (the sources do not say when they left). It agrees with the dated "
        "departure whenever there is one.",
    )
    categories = CategorySerializer(many=True, source="version.snapshot.categories", help_text="Categories.")
    current_location = PlaceSerializer(
        allow_null=True,
        source="version.snapshot.current_location",
        help_text="Where they are now, at its allowed precision; null when unknown or withheld.",
    )
    departure = DepartureSerializer(
        allow_null=True, source="version.snapshot.departure", help_text="When they left; null when unknown."
    )
    portrait = PortraitSerializer(
        allow_null=True, source="version.snapshot.portrait", help_text="Portrait with resized renditions, if any."
    )
    version = serializers.IntegerField(source="version.number", help_text="Number of the published version.")
    first_published_at = serializers.DateTimeField(help_text="When the profile was first published.")
    updated_at = serializers.DateTimeField(
        source="version.published_at", help_text="When the live version was published (the last update)."
    )

    class Meta:
        model = PublicProfile
        fields = (
            "id",
            "slug",
            "url",
            "api_url",
            "kind",
            "display_name",
            "native_name",
            "aliases",
            "description",
            "wave",
            "categories",
            "current_location",
            "departure",
            "portrait",
            "version",
            "first_published_at",
            "updated_at",
        )
        extra_kwargs = {"slug": {"help_text": "Identifier in URLs; stable, but may change on a rename."}}

    def get_url(self, obj) -> str:
        return profile_page_url(obj.slug)

    def get_api_url(self, obj) -> str:
        return profile_api_url(obj.slug)


def expanded_citations(snapshot: dict, ids: list[int]) -> list[dict]:
    """Excerpt ids of a snapshot expanded to their text and source metadata (all in the snapshot)."""
    excerpts = {e["id"]: e for e in snapshot["excerpts"]}
    sources = {s["id"]: s for s in snapshot["sources"]}
    return [
        {
            "excerpt_id": pk,
            "text": excerpts[pk]["text"],
            "translation": excerpts[pk]["translation"],
            "language": excerpts[pk]["language"],
            "location_hint": excerpts[pk]["location_hint"],
            "source": sources[excerpts[pk]["source_id"]],
        }
        for pk in ids
        if pk in excerpts
    ]


class ProfileDetailSerializer(ProfileSummarySerializer):
    """A published profile with its biography, timeline, quotes and sources, as its live version
    publishes it (or, under /versions/{number}/, as that version did)."""

    # Given `version` (one of the profile's published ProfileVersions) it serializes the profile as
    # that version published it: the profile's own values (id, slug and links, first publication)
    # stay as they are now, and everything read through `.version` is that version's snapshot.
    def __init__(self, instance: PublicProfile | None = None, *, version: ProfileVersion | None = None, **kwargs):
        if version is not None:
            if instance is None or version.profile_id != instance.profile_id:
                raise ValueError("The version must be one of this profile's.")
            instance = copy.copy(instance)  # the caller's row keeps its live version
            instance.version = version
        super().__init__(instance, **kwargs)

    biography = serializers.CharField(
        source="version.snapshot.biography", allow_blank=True, help_text="Plain text; blank lines separate paragraphs."
    )
    timeline = serializers.SerializerMethodField(help_text="Timeline entries in date order, each with its citations.")
    quotes = serializers.SerializerMethodField(help_text="Their own words, each with its source.")
    sources = SourceMetaSerializer(many=True, source="version.snapshot.sources", help_text="Every source cited.")
    live_version = serializers.SerializerMethodField(help_text="The published version served here.")
    related_profiles = serializers.SerializerMethodField(
        help_text="Published profiles related to this one, in both directions (a band's members, a member's "
        "band), each cited. Listed only while both profiles are published; as they are related now, also in an "
        "older version."
    )

    class Meta(ProfileSummarySerializer.Meta):
        fields = (
            *ProfileSummarySerializer.Meta.fields,
            "live_version",
            "biography",
            "timeline",
            "related_profiles",
            "quotes",
            "sources",
        )

    @extend_schema_field(RelatedProfileSerializer(many=True))
    def get_related_profiles(self, obj) -> list:
        # A bulk export passes the relations of a whole chunk of profiles (one query per chunk).
        rows = self.context.get("related_rows")
        if rows is None:
            rows = PublicRelation.objects.shown_for([obj.profile_id])
        return RelatedProfileSerializer(related_profiles(rows, obj.profile_id), many=True).data

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, obj) -> list:
        snapshot = obj.version.snapshot
        entries = [
            {
                **entry,
                "citations": expanded_citations(snapshot, entry["citations"]),
                "dispute": {
                    **entry["dispute"],
                    "citations": expanded_citations(snapshot, entry["dispute"]["citations"]),
                }
                if entry.get("dispute")
                else None,
            }
            for entry in snapshot["timeline"]
        ]
        return TimelineEntrySerializer(entries, many=True).data

    @extend_schema_field(CitationSerializer(many=True))
    def get_quotes(self, obj) -> list:
        snapshot = obj.version.snapshot
        return CitationSerializer(expanded_citations(snapshot, snapshot.get("quotes", [])), many=True).data

    @extend_schema_field(VersionSerializer)
    def get_live_version(self, obj) -> dict:
        return VersionSerializer(obj.version).data


class PublicSourceMetaSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="source_id", help_text="Source id, the same as in profile citations.")
    url = serializers.CharField(allow_blank=True, help_text=URL_HELP)
    published = serializers.CharField(allow_blank=True, help_text=PUBLISHED_HELP)
    published_precision = serializers.CharField(allow_blank=True, help_text=PUBLISHED_PRECISION_HELP)
    written_after = serializers.CharField(allow_blank=True, help_text=WRITTEN_AFTER_HELP)
    title_is_descriptive = serializers.BooleanField(help_text=DESCRIPTIVE_TITLE_HELP)
    archived_url = serializers.CharField(allow_blank=True, help_text="A web archive copy, if any.")
    language = serializers.ChoiceField(choices=LANGUAGES, help_text="Language of the source.")
    kind = serializers.ChoiceField(choices=Source.Kind.choices, help_text="What kind of source it is.")
    link_withheld = serializers.BooleanField(
        help_text="The address of the original names a place withheld for someone's safety, so url and "
        "archived_url are empty."
    )

    class Meta:
        model = PublicSource
        fields = (
            "id",
            "title",
            "outlet",
            "authors",
            "url",
            "archived_url",
            "published_on",
            "year",
            "published",
            "published_precision",
            "written_after",
            "title_is_descriptive",
            "language",
            "kind",
            "link_withheld",
        )
        extra_kwargs = {
            "title": {
                "help_text": "Title of the article, essay, interview or other source (see title_is_descriptive)."
            },
            "outlet": {"help_text": "Publication that carried it, when known."},
            "authors": {"help_text": "Authors as credited, comma-separated."},
            "published_on": {"help_text": "Publication date, when known to the day."},
            "year": {"help_text": "Publication year, when known."},
        }


class PublicSourceSerializer(PublicSourceMetaSerializer):
    excerpt_count = serializers.IntegerField(help_text="Excerpts of this source cited by published profiles.")

    class Meta(PublicSourceMetaSerializer.Meta):
        fields = (*PublicSourceMetaSerializer.Meta.fields, "excerpt_count")


EXCERPT_TEXT_KWARGS = {
    "text": {"help_text": "The exact words quoted from the source."},
    "translation": {"help_text": "English translation, if the quote is not in English."},
    "location_hint": {"help_text": "Page, paragraph or timecode in the source."},
}


class ExcerptSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="excerpt_id", help_text="Excerpt id, the same as in profile citations.")
    language = serializers.ChoiceField(choices=LANGUAGES, help_text="Language of the quote.")
    source = PublicSourceMetaSerializer(help_text="The quoted source.")
    speaker = serializers.SerializerMethodField(
        help_text="Slug of the published profile whose own words these are; null otherwise."
    )
    cited_by = serializers.SerializerMethodField(help_text="Slugs of the published profiles that cite this excerpt.")

    class Meta:
        model = PublicExcerpt
        fields = ("id", "text", "translation", "language", "location_hint", "source", "speaker", "cited_by")
        extra_kwargs = EXCERPT_TEXT_KWARGS

    def get_speaker(self, obj) -> str | None:
        return obj.speaker.slug if obj.speaker_id else None

    def get_cited_by(self, obj) -> list[str]:
        return sorted(citation.public_profile.slug for citation in obj.citations.all())


class SourceExcerptSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="excerpt_id", help_text="Excerpt id, the same as in profile citations.")
    language = serializers.ChoiceField(choices=LANGUAGES, help_text="Language of the quote.")

    class Meta:
        model = PublicExcerpt
        fields = ("id", "text", "translation", "language", "location_hint")
        extra_kwargs = EXCERPT_TEXT_KWARGS


class PublicSourceDetailSerializer(PublicSourceSerializer):
    excerpts = SourceExcerptSerializer(many=True, help_text="Its excerpts cited by published profiles.")

    class Meta(PublicSourceSerializer.Meta):
        fields = (*PublicSourceSerializer.Meta.fields, "excerpts")


class ChangeSerializer(serializers.ModelSerializer):
    cursor = serializers.IntegerField(
        source="pk", help_text="Position in the feed; pass it as ?since= to get the changes after this one."
    )
    profile_id = serializers.IntegerField(help_text="Stable id of the profile (the 'id' in profile payloads).")
    action = serializers.ChoiceField(
        choices=ChangeEvent.Action.choices,
        help_text="published: a new version, fetch the profile. updated: a published version was redacted in "
        "place, fetch it again. withdrawn: the profile is no longer public, delete your copy.",
    )
    slug = serializers.CharField(help_text="The profile's slug when the change happened.")
    version = serializers.SerializerMethodField(help_text="Version published or updated; null for withdrawals.")
    at = serializers.DateTimeField(help_text="When it happened.")
    api_url = serializers.SerializerMethodField(
        help_text="Where to fetch the profile, by its id (/api/v1/profiles/by-id/{id}/, which a later rename does "
        "not break); null for withdrawals. A 404 there means a later change withdrew it."
    )

    class Meta:
        model = ChangeEvent
        fields = ("cursor", "profile_id", "action", "slug", "version", "at", "api_url")

    def get_version(self, obj) -> int | None:
        return obj.version.number if obj.version_id else None

    def get_api_url(self, obj) -> str | None:
        return None if obj.action == ChangeEvent.Action.WITHDRAWN else profile_api_url_by_id(obj.profile_id)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The filter value to pass back.")
    label = serializers.CharField(help_text="Human-readable label.")
    count = serializers.IntegerField(help_text="Published profiles with this value (among those matching the filters).")


@extend_schema_serializer(many=False)  # the facets endpoint filters like a list but answers one object
class FacetsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Published profiles matching the filters.")
    categories = FacetValueSerializer(many=True, help_text="By category; use with ?category=.")
    countries = FacetValueSerializer(many=True, help_text="By current country, where published; use with ?country=.")
    timeline_countries = FacetValueSerializer(
        many=True, help_text="By any country in the published timeline; use with ?timeline_country=."
    )
    years = FacetValueSerializer(many=True, help_text="By year they left; use with ?year=.")
    waves = FacetValueSerializer(many=True, help_text="By wave of emigration; use with ?wave=.")
    kinds = FacetValueSerializer(many=True, help_text="Persons and groups; use with ?kind=.")
