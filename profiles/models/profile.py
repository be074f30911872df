"""The working copy editors edit. Nothing here is read by public pages or the API: they read the
published versions and the public index in `publishing.py`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from profiles.imaging import validate_portrait
from profiles.models.timeline import TimelineEntry, entry_sort_key
from profiles.names import make_slug
from profiles.storage import private_storage
from profiles.waves import Wave, counts_as_place


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GROUP = "group", "Group"

    Wave = Wave

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    display_name = models.CharField(max_length=200, help_text="The name readers know, in Latin script.")
    native_name = models.CharField(max_length=200, blank=True, help_text="The name in its own script, e.g. Cyrillic.")
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings, transliterations and stage names, one per line. Used by search.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="The address of the public page. Filled from the name once; changing it later keeps a redirect.",
    )
    description = models.CharField(max_length=200, blank=True, help_text="One line: who they are.")
    biography = models.TextField(blank=True, help_text="Plain text; blank lines separate paragraphs.")
    categories = models.ManyToManyField(Category, blank=True, related_name="profiles")
    # No default: a wave nobody chose would be a fact nobody sourced (profiles.waves).
    wave = models.CharField(
        max_length=10,
        choices=Wave.choices,
        help_text="The wave of emigration. It must agree with a dated departure in the timeline; leave it to "
        "the departure date when there is one, or choose “Unknown” when the sources do not say when they left.",
    )
    portrait = models.ImageField(
        upload_to="portraits/",
        storage=private_storage,
        blank=True,
        validators=[validate_portrait],
        help_text="Stored privately, upright and without location or camera data. "
        "Only resized copies are ever public, and only once a version showing them is published.",
    )
    portrait_renditions = models.JSONField(default=dict, blank=True, editable=False)
    portrait_alt = models.CharField(
        max_length=200, blank=True, help_text="What the portrait shows, for screen readers."
    )
    portrait_credit = models.CharField(max_length=200, blank=True)
    portrait_licence = models.CharField(max_length=100, blank=True)
    editorial_notes = models.TextField(blank=True, help_text="Private notes for the newsroom. Never published.")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    scheduled_for = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_change_note = models.CharField(max_length=300, blank=True, editable=False)
    scheduled_is_correction = models.BooleanField(default=False, editable=False)
    live_version = models.OneToOneField(
        "profiles.ProfileVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The version the public sees; empty when the profile is not public.",
    )
    # Optimistic locking: every save of the working copy bumps this; a save based on an older
    # revision is refused instead of silently overwriting someone else's work.
    revision = models.PositiveIntegerField(default=1, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    pending_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Who changed the working copy since it was last published (for the four-eyes rule).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        permissions = [
            ("submit_profile", "Can submit a profile for review"),
            ("review_profile", "Can approve or request changes"),
            ("publish_profile", "Can publish and schedule profiles"),
            ("withdraw_profile", "Can withdraw a published profile"),
            ("revert_profile", "Can revert a profile to an earlier version"),
            ("redact_profile", "Can redact published versions for safety"),
            ("override_four_eyes", "Can approve own changes, with a recorded reason"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def all_names(self) -> list[str]:
        return [n for n in [self.display_name, self.native_name, *self.alias_list()] if n]

    def clean(self) -> None:
        if not self.display_name.strip():
            raise ValidationError({"display_name": "A profile needs a name."})

    def save(self, *args, **kwargs):
        # The slug is set once and then stable: renaming a person must not break shared links.
        if not self.slug:
            self.slug = self._unique_slug(make_slug(self.display_name or self.native_name))
        super().save(*args, **kwargs)

    def _unique_slug(self, base: str) -> str:
        slug, n = base, 2
        while Profile.objects.filter(slug=slug).exclude(pk=self.pk).exists() or (
            SlugHistory.objects.filter(slug=slug).exclude(profile_id=self.pk).exists()
        ):
            slug = f"{base}-{n}"
            n += 1
        return slug

    @property
    def is_public(self) -> bool:
        return self.live_version_id is not None

    def current_location_entry(self, entries=None):
        """The timeline entry that says where the profile is now, derived, never typed twice.

        An editor's explicit `is_current` mark wins (sources disagree); otherwise the latest
        dated entry that places the person somewhere.
        """
        entries = list(self.timeline.all()) if entries is None else list(entries)
        # Not a place a later source corrected, nor where some of a group's people went.
        located = [
            e
            for e in entries
            if e.kind in TimelineEntry.LOCATION_KINDS and (e.country or e.region) and counts_as_place(e)
        ]
        marked = [e for e in located if e.is_current]
        if marked:
            return marked[0]
        if not located:
            return None
        # The latest dated entry in timeline order (a year after its months); undated ones last.
        return max(located, key=lambda e: (e.date is not None, entry_sort_key(e)))


class SlugHistory(models.Model):
    """Old slugs of a profile, so links shared before a rename keep working (301)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "slug history"

    def __str__(self) -> str:
        return self.slug
