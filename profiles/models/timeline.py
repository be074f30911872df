"""A profile's timeline: dated, placed, cited entries (the working copy editors edit)."""

from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField

from profiles.placenames.masking import find_forms
from profiles.placenames.withheld import entry_withheld, union
from profiles.places import Disclosure, Region, public_place
from sources.dates import DatePrecision, DateQualifier, as_reported_label, format_date, period_sort_key, truncate


def entry_date_label(entry) -> str:
    """The date as readers see it (works on model rows and plain namespaces alike)."""
    if getattr(entry, "as_of_source", False):
        return as_reported_label(entry.date, entry.date_precision)
    return format_date(entry.date, entry.date_precision, entry.date_qualifier)


def claim_labels(entry, *, speaker: str) -> tuple[str, str]:
    """The kind as readers see it, and who says so: (“Designated a “foreign agent” by Russia's Ministry
    of Justice”, “Alleged by Russia's Ministry of Justice”). `speaker` names the profile."""
    kind = TimelineEntry.Kind(entry.kind).label
    authority = (entry.authority or "").strip()
    if entry.attribution == TimelineEntry.Attribution.AUTHORITY:
        if entry.kind in TimelineEntry.CLAIM_KINDS and authority:
            kind = f"{kind} by {authority}"
        return kind, f"Alleged by {authority}" if authority else "Alleged by an authority the source does not name"
    if entry.attribution == TimelineEntry.Attribution.PERSON:
        return kind, f"Stated by {speaker}" if speaker else "Stated by the person"
    return kind, "Reported by the source"


def entry_sort_key(entry) -> tuple:
    """Timeline order: by date at its precision (a year after its months), then the editors'
    explicit order, then the order entries were written in."""
    return (*period_sort_key(entry.date, entry.date_precision), getattr(entry, "sort_order", 0), entry.pk or 0)


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        LEFT_RUSSIA = "left_russia", "Left Russia"
        ARRIVED = "arrived", "Arrived"
        MOVED_ON = "moved_on", "Moved on"
        RETURNED = "returned", "Returned to Russia"
        FOREIGN_AGENT = "foreign_agent", "Designated a “foreign agent”"
        WANTED = "wanted", "Put on a wanted list"
        CRIMINAL_CASE = "criminal_case", "Criminal case opened"
        CANCELLED = "cancelled", "Work cancelled or banned"
        STATEMENT = "statement", "Statement"
        OTHER = "other", "Other"

    class Attribution(models.TextChoices):
        SOURCE = "source", "Reported by the source"
        PERSON = "person", "Stated by the person"
        AUTHORITY = "authority", "Alleged by an authority"

    class Dispute(models.TextChoices):
        NONE = "", "Stands"
        DISPUTED = "disputed", "Disputed by another source"
        CORRECTED = "corrected", "Corrected by a later source"

    class About(models.TextChoices):
        PROFILE = "", "The profile itself"
        PEOPLE = "people", "Some of its people (a group's members or colleagues)"

    LOCATION_KINDS = frozenset({Kind.LEFT_RUSSIA, Kind.ARRIVED, Kind.MOVED_ON, Kind.RETURNED})
    # Russian state designations are claims an authority makes about a person, not facts about them.
    CLAIM_KINDS = frozenset({Kind.FOREIGN_AGENT, Kind.WANTED, Kind.CRIMINAL_CASE})

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(
        null=True, blank=True, help_text="Any day in the known period; it is cut to the precision below."
    )
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_qualifier = models.CharField(
        max_length=10, choices=DateQualifier.choices, blank=True, help_text="E.g. 'early' for 'early March 2022'."
    )
    country = CountryField(blank=True, help_text="Where, if the entry places the person somewhere.")
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(
        max_length=20, choices=Region.choices, blank=True, help_text="Only needed when the country is unknown."
    )
    location_disclosure = models.CharField(
        max_length=12,
        choices=Disclosure.choices,
        default=Disclosure.COUNTRY,
        help_text="How precisely the place may be published. People can be at risk: when in doubt, less.",
    )
    text = models.TextField(help_text="One or two sentences for readers.")
    attribution = models.CharField(
        "who says so",
        max_length=10,
        choices=Attribution.choices,
        default=Attribution.SOURCE,
        help_text="Reported by the source in its own voice, stated by the person (“he says the film is off”), or "
        "alleged by an authority. A foreign-agent designation, a wanted list or a criminal case is always an "
        "authority's claim.",
    )
    authority = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who makes the claim, as the source names it (e.g. “regional prosecutors' offices”). Leave it "
        "blank when the source does not say: never guess.",
    )
    dispute = models.CharField(
        "standing",
        max_length=10,
        choices=Dispute.choices,
        blank=True,
        default=Dispute.NONE,
        help_text="Disputed: another source says otherwise (both stay; cite the disputing excerpt). Corrected: a "
        "later source shows it wrong; readers see the correction, not the error as fact.",
    )
    dispute_note = models.TextField(
        "what the other source says",
        blank=True,
        help_text="For readers, in a sentence: “A later article has him leaving Russia for Berlin.”",
    )
    current_reason = models.CharField(
        "why current",
        max_length=300,
        blank=True,
        help_text="When sources differ: why this report is the one you follow (“the later account”). Public.",
    )
    about = models.CharField(
        max_length=10,
        choices=About.choices,
        blank=True,
        default=About.PROFILE,
        help_text="For a group: an entry about some of its people (colleagues seen in Tbilisi) never gives the "
        "group itself a place or a current location.",
    )
    is_current = models.BooleanField(
        default=False, help_text="Mark the entry that says where the person is now, when sources disagree."
    )
    as_of_source = models.BooleanField(
        "dated by its source",
        default=False,
        help_text="The source reports this as already true when it was written, without a date of its own "
        "(“is already building a new life in Israel”). The date is then the one the source was written no "
        "earlier than, shown as “as reported, … or later”; left empty, it is taken from the cited sources.",
    )
    sort_order = models.SmallIntegerField(
        default=0,
        help_text="Order among entries the dates cannot separate (the same date, or a year and its months): "
        "lower first.",
    )
    citations = models.ManyToManyField("sources.Excerpt", through="Citation", related_name="timeline_entries")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date_label})"

    @property
    def date_label(self) -> str:
        return entry_date_label(self)

    def sort_key(self) -> tuple:
        return entry_sort_key(self)

    def clean(self) -> None:
        if self.date_precision != DatePrecision.UNKNOWN and self.date is None:
            raise ValidationError({"date": "Give a date, or set the precision to 'Unknown'."})
        if self.city and not self.country:
            raise ValidationError({"country": "A city needs its country."})
        if self.kind in self.CLAIM_KINDS and self.attribution != self.Attribution.AUTHORITY:
            raise ValidationError(
                {
                    "attribution": f"“{self.get_kind_display()}” is a claim an authority makes: choose "
                    "“Alleged by an authority” (and name it if the source does)."
                }
            )
        if self.authority.strip() and self.attribution != self.Attribution.AUTHORITY:
            raise ValidationError({"authority": "Only a claim alleged by an authority names one."})
        if self.dispute and not self.dispute_note.strip():
            raise ValidationError({"dispute_note": "Say in a sentence what the other source says."})
        if self.dispute_note.strip() and not self.dispute:
            raise ValidationError({"dispute": "Mark the entry disputed or corrected, or leave the note empty."})
        if self.dispute == self.Dispute.CORRECTED and self.is_current:
            raise ValidationError({"is_current": "A corrected entry cannot say where someone is now."})
        if self.current_reason.strip() and not self.is_current:
            raise ValidationError({"current_reason": "Only the entry marked current says why it is."})
        if self.about == self.About.PEOPLE and self.profile_id and self.profile.kind != "group":
            raise ValidationError({"about": "Only a group's entry can be about some of its people."})
        for field, names in self.withheld_names_by_field().items():
            if names:
                raise ValidationError(
                    {field: "The text names a place you chose not to disclose; rewrite it without the place."}
                )
        if self.location_disclosure == Disclosure.CITY and self.country and not self.city:
            raise ValidationError({"location_disclosure": "There is no city to disclose; choose 'Country only'."})

    def save(self, *args, **kwargs):
        self.date = truncate(self.date, self.date_precision)
        super().save(*args, **kwargs)

    TEXT_FIELDS = ("text", "authority", "dispute_note", "current_reason")

    def withheld_names_in_text(self) -> list[str]:
        """Withheld places the entry's texts name, in any spelling, script or case form, as whole words."""
        return [name for names in self.withheld_names_by_field().values() for name in names]

    def withheld_names_by_field(self) -> dict[str, list[str]]:
        forms = union(entry_withheld(self))
        return {field: find_forms(getattr(self, field), forms) for field in self.TEXT_FIELDS}

    def public_place(self) -> dict | None:
        if not (self.country or self.region):
            return None
        return public_place(
            country=str(self.country or ""),
            city=self.city,
            region=self.region,
            disclosure=self.location_disclosure,
        )


class Citation(models.Model):
    class Role(models.TextChoices):
        SUPPORTS = "supports", "Supports the entry"
        DISPUTES = "disputes", "Disputes or corrects it"

    entry = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, related_name="citation_links")
    excerpt = models.ForeignKey("sources.Excerpt", on_delete=models.PROTECT, related_name="citation_links")
    order = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SUPPORTS)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "excerpt"], name="unique_citation")]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.excerpt_id}"
