"""A profile's timeline: dated, placed, cited entries (the working copy editors edit)."""

from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField

from profiles.dates import DatePrecision, DateQualifier, format_date, truncate
from profiles.places import Disclosure, Region, public_place
from profiles.projection.masking import find_forms
from profiles.projection.withheld import entry_withheld, union


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
        return format_date(self.date, self.date_precision, self.date_qualifier)

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
