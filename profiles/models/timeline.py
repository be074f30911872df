"""A profile's timeline: dated, placed, cited entries (the working copy editors edit)."""

from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField

from profiles.dates import DatePrecision, DateQualifier, as_reported_label, format_date, period_sort_key, truncate
from profiles.places import Disclosure, Region, public_place
from profiles.projection.masking import find_forms
from profiles.projection.withheld import entry_withheld, union


def entry_date_label(entry) -> str:
    """The date as readers see it (works on model rows and plain namespaces alike)."""
    if getattr(entry, "as_of_source", False):
        return as_reported_label(entry.date, entry.date_precision)
    return format_date(entry.date, entry.date_precision, entry.date_qualifier)


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
        FOREIGN_AGENT = "foreign_agent", "Designated a foreign agent"
        WANTED = "wanted", "Put on a wanted list"
        CRIMINAL_CASE = "criminal_case", "Criminal case opened"
        CANCELLED = "cancelled", "Work cancelled or banned"
        STATEMENT = "statement", "Statement"
        OTHER = "other", "Other"

    LOCATION_KINDS = frozenset({Kind.LEFT_RUSSIA, Kind.ARRIVED, Kind.MOVED_ON, Kind.RETURNED})

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
        if self.withheld_names_in_text():
            raise ValidationError(
                {"text": "The text names a place you chose not to disclose; rewrite it without the place."}
            )
        if self.location_disclosure == Disclosure.CITY and self.country and not self.city:
            raise ValidationError({"location_disclosure": "There is no city to disclose; choose 'Country only'."})

    def save(self, *args, **kwargs):
        self.date = truncate(self.date, self.date_precision)
        super().save(*args, **kwargs)

    def withheld_names_in_text(self) -> list[str]:
        """Withheld places the text names, in any spelling, script or case form, as whole words."""
        return find_forms(self.text, union(entry_withheld(self)))

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
    entry = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, related_name="citation_links")
    excerpt = models.ForeignKey("sources.Excerpt", on_delete=models.PROTECT, related_name="citation_links")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "excerpt"], name="unique_citation")]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.excerpt_id}"
