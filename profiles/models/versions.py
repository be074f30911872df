"""Published versions and the private audit logs of the workflow."""

from django.conf import settings
from django.db import models


class ProfileVersionQuerySet(models.QuerySet):
    def public(self):
        """Versions of profiles that are live now; a withdrawn profile's history is not public."""
        return self.filter(profile__public__isnull=False)


class ProfileVersion(models.Model):
    """An immutable, numbered snapshot of everything a published profile shows.

    The exceptions to immutability are for safety and for shared quotes: redaction and the growth
    of the register of withheld places mask stored snapshots again, so a withheld place leaves
    every old version too; a published correction of a shared quote or source replaces its copy
    in live versions (`profiles.workflow.indexing`).
    """

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField(help_text="Public: what readers and partners see of this version.")
    working_copy = models.JSONField(
        default=dict, help_text="Private: the full working copy at publication, so a revert loses nothing."
    )
    change_note = models.CharField(max_length=300, help_text="Public: what changed, in a sentence.")
    is_correction = models.BooleanField(default=False, help_text="Marks the change as a correction for readers.")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    redacted_at = models.DateTimeField(
        null=True, blank=True, help_text="When masking for safety last rewrote this version in place."
    )
    cited_excerpts = models.ManyToManyField(
        "sources.Excerpt",
        blank=True,
        related_name="+",
        editable=False,
        help_text="Private index: the quotes this version carries copies of, so a change reaches them.",
    )
    related_profiles = models.ManyToManyField(
        "profiles.Profile",
        blank=True,
        related_name="+",
        editable=False,
        help_text="Private index: the profiles this version's relations name, so their withheld places reach it.",
    )

    objects = ProfileVersionQuerySet.as_manager()

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.profile} v{self.number}"


class WorkflowEvent(models.Model):
    """Private audit log: every transition, review comment, override and redaction."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        SUBMIT = "submit", "Submitted for review"
        REQUEST_CHANGES = "request_changes", "Changes requested"
        APPROVE = "approve", "Approved"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNSCHEDULE = "unschedule", "Schedule cancelled"
        WITHDRAW = "withdraw", "Withdrawn"
        REVERT = "revert", "Reverted"
        REDACT = "redact", "Redacted"
        COMMENT = "comment", "Comment"

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="workflow_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    override_reason = models.TextField(blank=True, help_text="Why the four-eyes rule was overridden.")
    unverified_reason = models.TextField(
        blank=True, help_text="Why quotes that do not occur in their source's text were published anyway."
    )
    version = models.ForeignKey(ProfileVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_action_display()}"


class SharedEvent(models.Model):
    """Private audit log of shared objects (sources, excerpts, figures): who published what, when."""

    class Kind(models.TextChoices):
        SOURCE = "source", "Source"
        EXCERPT = "excerpt", "Excerpt"
        FIGURE = "figure", "Figure"

    class Action(models.TextChoices):
        PUBLISH = "publish", "Published changes"
        WITHDRAW = "withdraw", "Withdrawn"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_profile = models.ForeignKey(
        "profiles.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Approved with this profile's review, when it cites the object.",
    )
    comment = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}: {self.get_action_display()}"
