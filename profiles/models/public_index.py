"""What the public sees: the public index built from live versions, and the change feed.

Public pages, feeds, the sitemap and the API read only the Public* models, live versions and
`ChangeEvent`. They are written only by the workflow (`profiles.workflow`, through
`profiles.workflow.indexing`) and the bulk loader of `make bench`, so anything not published cannot
be reached by construction, whatever filter a view forgets.
"""

from django.db import models
from django.db.models import OuterRef, Q, Subquery

from profiles.models.versions import ProfileVersion
from sources.models import AggregateFigure


class ChangeEvent(models.Model):
    """The public sync feed: one row per publication, in-place update (redaction) or withdrawal, in
    order (id is the cursor)."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Updated in place (redaction)"
        WITHDRAWN = "withdrawn", "Withdrawn"

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="change_events")
    slug = models.SlugField(max_length=80)
    action = models.CharField(max_length=10, choices=Action.choices)
    version = models.ForeignKey(ProfileVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]


class PublicProfile(models.Model):
    """One row per live profile, denormalised from its live version for browsing and search."""

    profile = models.OneToOneField("profiles.Profile", on_delete=models.CASCADE, related_name="public")
    version = models.OneToOneField(ProfileVersion, on_delete=models.CASCADE, related_name="public")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10)
    display_name = models.CharField(max_length=200)
    native_name = models.CharField(max_length=200, blank=True)
    sort_name = models.CharField(max_length=200, db_index=True)
    description = models.CharField(max_length=200, blank=True)
    wave = models.CharField(max_length=10)
    categories = models.ManyToManyField("profiles.Category", related_name="public_profiles")
    current_country = models.CharField(max_length=2, blank=True, help_text="Empty when withheld.")
    current_region = models.CharField(max_length=20, blank=True)
    current_place_label = models.CharField(max_length=200, blank=True)
    departure_date = models.DateField(null=True, blank=True)
    departure_year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    search_document = models.TextField(help_text="Names in every spelling and script, description, biography.")
    search_names = models.TextField(
        blank=True, default="", help_text="Only the names, in every spelling and script: short, for typo matching."
    )
    first_published_at = models.DateTimeField()
    published_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["sort_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("profiles:detail", kwargs={"slug": self.slug})


class PublicPlace(models.Model):
    """Every place a live profile's timeline publishes, at its allowed precision (for filters)."""

    public_profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="places")
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["country"])]


class PublicSource(models.Model):
    """A source as the live versions that cite it publish it (public metadata only)."""

    source = models.OneToOneField("sources.Source", on_delete=models.CASCADE, related_name="public")
    title = models.CharField(max_length=300)
    outlet = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    archived_url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    published = models.CharField(max_length=10, blank=True, help_text="At its precision: 2022, 2022-03, 2022-03-04.")
    published_precision = models.CharField(max_length=10, blank=True)
    written_after = models.CharField(max_length=10, blank=True, help_text="The latest date the text mentions.")
    title_is_descriptive = models.BooleanField(default=False)
    language = models.CharField(max_length=8)
    kind = models.CharField(max_length=20)
    link_withheld = models.BooleanField(
        default=False, help_text="The original's address names a withheld place, so it is not linked."
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class PublicExcerpt(models.Model):
    excerpt = models.OneToOneField("sources.Excerpt", on_delete=models.CASCADE, related_name="public")
    source = models.ForeignKey(PublicSource, on_delete=models.CASCADE, related_name="excerpts")
    text = models.TextField()
    language = models.CharField(max_length=8)
    translation = models.TextField(blank=True)
    location_hint = models.CharField(max_length=100, blank=True)
    speaker = models.ForeignKey(PublicProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["source", "pk"]


class PublicFigure(models.Model):
    """A published aggregate figure as readers see it, with its quote and source (masked)."""

    figure = models.OneToOneField("sources.AggregateFigure", on_delete=models.CASCADE, related_name="public")
    dataset = models.CharField(max_length=200)
    label = models.CharField(max_length=200)
    country = models.CharField(max_length=2, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=20, choices=AggregateFigure.Unit.choices)
    period = models.CharField(max_length=100, blank=True)
    as_written = models.CharField(
        max_length=100, blank=True, help_text="The source's words, shown instead of a bare number."
    )
    bound = models.CharField(max_length=10, blank=True, choices=AggregateFigure.Bound.choices)
    order = models.PositiveSmallIntegerField(default=0)
    quote = models.TextField()
    excerpt_id = models.PositiveBigIntegerField()
    source_id = models.PositiveBigIntegerField()
    source_title = models.CharField(max_length=300)
    source_outlet = models.CharField(max_length=200, blank=True)
    source_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["dataset", "order", "-value"]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.label}"

    @property
    def is_percent(self) -> bool:
        return self.unit in AggregateFigure.PERCENT_UNITS

    @property
    def unit_suffix(self) -> str:
        """What the number counts, after it: '% of the population', 'people per day'."""
        return {
            AggregateFigure.Unit.PERCENT: "of respondents",
            AggregateFigure.Unit.PERCENT_OF_POPULATION: "of the population",
            AggregateFigure.Unit.PERCENT_OF_GROUP: "of the group",
            AggregateFigure.Unit.PEOPLE: "people",
            AggregateFigure.Unit.PEOPLE_PER_DAY: "people per day",
        }.get(self.unit, "")


class PublicCitation(models.Model):
    """Which live profile cites which public excerpt (from the live version's snapshot)."""

    public_profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="citations")
    excerpt = models.ForeignKey(PublicExcerpt, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(PublicSource, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["public_profile", "excerpt"], name="unique_public_citation")]


class PublicRelationQuerySet(models.QuerySet):
    def shown_for(self, profile_ids):
        """Relations of these profiles, in both directions, that readers may see: the owner is live
        (its rows go with it) and so is the related profile, whose public name and address come
        from the public index, never from the working copy. One query."""
        target = PublicProfile.objects.filter(profile_id=OuterRef("related_profile_id"))
        return (
            self.filter(Q(public_profile__profile_id__in=profile_ids) | Q(related_profile_id__in=profile_ids))
            .select_related("public_profile")
            .only(
                "relation_id",
                "related_profile_id",
                "kind",
                "label",
                "inverse_label",
                "text",
                "citations",
                "public_profile__profile_id",
                "public_profile__slug",
                "public_profile__display_name",
                "public_profile__kind",
            )
            .annotate(
                target_slug=Subquery(target.values("slug")[:1]),
                target_name=Subquery(target.values("display_name")[:1]),
                target_kind=Subquery(target.values("kind")[:1]),
            )
            .filter(target_slug__isnull=False)
            .order_by("pk")
        )


def related_profiles(rows, profile_id: int) -> list[dict]:
    """`rows` (from `shown_for`) as one profile's related profiles: the relations it states, read
    forwards, and those others state about it, read the other way round. A symmetric relation both
    state is listed once."""
    related, seen = [], set()
    for row in rows:
        outgoing = row.public_profile.profile_id == profile_id
        if not outgoing and row.related_profile_id != profile_id:
            continue
        if outgoing:
            other = {
                "id": row.related_profile_id,
                "slug": row.target_slug,
                "name": row.target_name,
                "kind": row.target_kind,
            }
        else:
            owner = row.public_profile
            other = {"id": owner.profile_id, "slug": owner.slug, "name": owner.display_name, "kind": owner.kind}
        symmetric = row.label == row.inverse_label
        key = (other["id"], row.kind) if symmetric else (other["id"], row.kind, outgoing)
        if key in seen:
            continue
        seen.add(key)
        related.append(
            {
                "profile": other,
                "relation_id": row.relation_id,
                "kind": row.kind,
                "direction": "stated" if outgoing else "stated_by_other",
                "label": row.label if outgoing else row.inverse_label,
                "text": row.text,
                "citations": row.citations,
            }
        )
    return related


class PublicRelation(models.Model):
    """A relation a live version publishes, for both profiles' pages. Shown only while the related
    profile is live too (readers join it to PublicProfile); its text is the owner's masked copy."""

    public_profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="relations")
    relation_id = models.PositiveBigIntegerField(help_text="Relation id, stable across versions.")
    # Never joined for reading (the working copy is private): readers match its id to PublicProfile.
    related_profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    label = models.CharField(max_length=100, help_text="As the owner's page reads it: 'Member of'.")
    inverse_label = models.CharField(max_length=100, help_text="As the related profile's page reads it: 'Has member'.")
    text = models.TextField(blank=True)
    citations = models.JSONField(default=list, help_text="[{excerpt_id, source_id}] from the owner's live version.")

    objects = PublicRelationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
