import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from sources.dates import DatePrecision, iso_at, truncate
from sources.quotes import find_quote

LANGUAGES = [
    ("en", "English"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ka", "Georgian"),
    ("hy", "Armenian"),
    ("cs", "Czech"),
    ("other", "Other"),
]


class ReviewedContent(models.Model):
    """Shared text the public sees only as an editor approved it.

    A source, an excerpt or a figure is cited by many profiles, so it cannot wait for one
    profile's review: editing it changes the working fields only, and `approved` keeps what the
    public may see until an editor (not one of `pending_authors`, under the four-eyes rule)
    publishes the change, directly or with the review of a profile that cites it
    (`profiles.workflow.shared`).
    """

    approved = models.JSONField(
        null=True, blank=True, editable=False, help_text="The public fields as an editor last approved them."
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    pending_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Who changed it since it was last approved (for the four-eyes rule).",
    )

    class Meta:
        abstract = True

    def public_fields(self) -> dict:
        raise NotImplementedError

    @property
    def has_pending_changes(self) -> bool:
        return self.approved != self.public_fields()


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    url = models.URLField(blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO country code of the outlet's home.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(ReviewedContent):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        ESSAY = "essay", "Essay or opinion"
        INTERVIEW = "interview", "Interview"
        SURVEY = "survey", "Survey or study"
        FIRST_PERSON = "first_person", "First-person account"
        VIDEO = "video", "Video"
        SOCIAL = "social", "Social media post"
        OFFICIAL = "official", "Official document"
        OTHER = "other", "Other"

    title = models.CharField(max_length=300)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="sources")
    authors = models.CharField(max_length=300, blank=True, help_text="As credited, comma-separated.")
    url = models.URLField(max_length=500, blank=True)
    archived_url = models.URLField(max_length=500, blank=True, help_text="A web archive copy, if any.")
    published_on = models.DateField(null=True, blank=True, help_text="The day it was published, when known.")
    published_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="When only the year (or the month) is known, fill this and leave the date empty.",
    )
    published_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="With the year, when the month is known but not the day (1–12).",
    )
    written_after = models.DateField(
        null=True,
        blank=True,
        help_text="The latest date the text itself mentions: it was written no earlier. A lower bound for an "
        "undated source, not its publication date; facts it reports as already true are dated from it.",
    )
    written_after_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY, help_text="How precise that date is."
    )
    title_is_descriptive = models.BooleanField(
        default=False,
        help_text="Our copy carries no headline: the title describes the piece, and readers never see it as a "
        "headline.",
    )
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    full_text = models.TextField(
        blank=True,
        help_text="Private. The whole text, kept only to verify quotes; readers see excerpts, never this.",
    )
    editorial_notes = models.TextField(blank=True, help_text="Private notes for the newsroom.")
    show_original_link = models.BooleanField(
        default=False,
        help_text="Link the original even though its address names a place a profile withholds. Leave off "
        "unless the newsroom decided the address is safe to repeat.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else self.published_year

    @property
    def published_precision(self) -> str:
        if self.published_on:
            return DatePrecision.DAY
        if self.published_year and self.published_month:
            return DatePrecision.MONTH
        return DatePrecision.YEAR if self.published_year else DatePrecision.UNKNOWN

    @property
    def published(self) -> str:
        """The publication date at its precision: '2022', '2022-03', '2022-03-04' or ''."""
        precision = self.published_precision
        if precision == DatePrecision.DAY:
            return iso_at(self.published_on, precision)
        if precision == DatePrecision.UNKNOWN:
            return ""
        return iso_at(datetime.date(self.published_year, self.published_month or 1, 1), precision)

    def clean(self) -> None:
        if self.published_month and not self.published_year:
            raise ValidationError({"published_month": "A month needs its year."})
        if self.published_on and (
            self.published_month or (self.published_year and self.published_year != self.published_on.year)
        ):
            raise ValidationError({"published_year": "Give the day, or the year (and month): not both."})
        self.written_after = truncate(self.written_after, self.written_after_precision)

    def get_absolute_url(self) -> str:
        return reverse("sources:detail", kwargs={"pk": self.pk})

    def public_fields(self) -> dict:
        """What the public may see of this source, before masking (never the full text or notes)."""
        return {
            "id": self.pk,
            "title": self.title,
            "outlet": self.outlet.name if self.outlet_id else "",
            "authors": self.authors,
            "url": self.url,
            "archived_url": self.archived_url,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "year": self.year,
            "language": self.language,
            "kind": self.kind,
            "show_original_link": self.show_original_link,
            "published": self.published,
            "published_precision": self.published_precision,
            "written_after": iso_at(self.written_after, self.written_after_precision),
            "title_is_descriptive": self.title_is_descriptive,
        }


class Excerpt(ReviewedContent):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="excerpts")
    text = models.TextField(help_text="The exact words of the source. Do not paraphrase or correct them.")
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text="Where the quote starts in the source's text (filled when verified)."
    )
    location_hint = models.CharField(max_length=100, blank=True, help_text="Page, paragraph or timecode.")
    speaker = models.ForeignKey(
        "profiles.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        help_text="The person quoted, when the excerpt is their own words.",
    )
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    translation = models.TextField(blank=True, help_text="An English translation, if the quote is in another language.")
    is_verified = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set automatically: the text occurs in the source's full text.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "position", "pk"]

    def __str__(self) -> str:
        short = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        # The citation picker shows this: a quote that is not in its source is marked there.
        warning = "" if self.is_verified else "⚠ UNVERIFIED "
        return f"{warning}“{short}” — {self.source}"

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": "An excerpt needs the quoted words."})

    def verify(self) -> bool:
        """Check the quote against the source text; updates is_verified and position in memory."""
        offset = find_quote(self.text, self.source.full_text)
        self.is_verified = offset is not None
        if offset is not None:
            self.position = offset
        return self.is_verified

    def save(self, *args, **kwargs):
        # Verification is derived from text + source; keep it true at every write.
        self.verify()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"is_verified", "position"}
        super().save(*args, **kwargs)

    def public_fields(self) -> dict:
        """What the public may see of this excerpt, before masking; `is_verified` tells reviewers
        whether the quote occurs in the source, and is not shown to readers."""
        return {
            "id": self.pk,
            "text": self.text,
            "language": self.language,
            "translation": self.translation,
            "location_hint": self.location_hint,
            "speaker_id": self.speaker_id,
            "source_id": self.source_id,
            "is_verified": self.is_verified,
        }


class AggregateFigure(ReviewedContent):
    """A number a source reports (a survey share, arrivals per country), cited like any fact."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "Percent of respondents"
        PERCENT_OF_POPULATION = "percent_population", "Percent of the population"
        PERCENT_OF_GROUP = "percent_group", "Percent of the group described"
        PEOPLE = "people", "People"
        PEOPLE_PER_DAY = "people_per_day", "People per day"

    class Bound(models.TextChoices):
        NONE = "", "As given"
        LOWER = "lower", "At least (the least the words can mean)"
        UPPER = "upper", "At most (“up to”)"

    PERCENT_UNITS = frozenset({Unit.PERCENT, Unit.PERCENT_OF_POPULATION, Unit.PERCENT_OF_GROUP})

    dataset = models.CharField(max_length=200, help_text="What the figures measure, e.g. 'Survey of new migrants'.")
    label = models.CharField(max_length=200, help_text="E.g. 'Georgia' or 'Upper Lars crossing'.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO code when the figure is about a country.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    period = models.CharField(max_length=100, blank=True, help_text="E.g. 'first two weeks of the war'.")
    as_written = models.CharField(
        max_length=100,
        blank=True,
        help_text="The source's own words when it gives no numeral (“several hundred thousand”, “about half”). "
        "Readers see the words; the value only sizes the figure.",
    )
    bound = models.CharField(
        max_length=10,
        choices=Bound.choices,
        blank=True,
        default=Bound.NONE,
        help_text="Whether the value is the least (“hundreds of thousands”: 200,000) or the most (“up to”) the "
        "source's words can mean.",
    )
    excerpt = models.ForeignKey(Excerpt, on_delete=models.PROTECT, related_name="figures")
    is_published = models.BooleanField(
        default=False, editable=False, help_text="Shown on the public site; set by an editor's publish or withdraw."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dataset", "order", "-value"]
        permissions = [("publish_aggregatefigure", "Can publish and withdraw figures")]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.label} {self.value}"

    def public_fields(self) -> dict:
        return {
            "id": self.pk,
            "dataset": self.dataset,
            "label": self.label,
            "country": self.country,
            "value": f"{Decimal(self.value):.2f}",
            "unit": self.unit,
            "period": self.period,
            "order": self.order,
            "excerpt_id": self.excerpt_id,
            "as_written": self.as_written,
            "bound": self.bound,
        }
