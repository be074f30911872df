"""What the newsroom's own tools keep: which e-mails each person wants, and which stored sources
mention which profiles. Private, like everything in the admin; nothing public reads these."""

from django.conf import settings
from django.db import models


class NotificationSettings(models.Model):
    """One person's e-mail choices. Someone without a row gets every e-mail their role concerns."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_settings"
    )
    submitted = models.BooleanField(
        "Something is submitted for review",
        default=True,
        help_text="Sent to editors (who can approve), not to the person who submitted it.",
    )
    changes_requested = models.BooleanField(
        "An editor asks for changes to my work", default=True, help_text="With the editor's comment."
    )
    published = models.BooleanField("My work is published", default=True)
    scheduled = models.BooleanField("My work is scheduled for publication", default=True)
    schedule_failed = models.BooleanField(
        "A scheduled publication of my work fails",
        default=True,
        help_text="Also sent to the editor who scheduled it. It is retried every minute until it works.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"E-mail settings of {self.user}"


class SourceMention(models.Model):
    """The mention finder's answer for one stored source and one profile it names, kept so that a
    profile's page and the dashboard can list the articles that mention someone without reading
    every text. Refreshed when a source's text is saved and by `manage.py index_mentions`."""

    source = models.ForeignKey("sources.Source", on_delete=models.CASCADE, related_name="profile_mentions")
    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="source_mentions")
    count = models.PositiveIntegerField(help_text="How many times the text names the profile.")
    first_sentence = models.TextField(help_text="The first sentence naming them (private, like the source's text).")
    found_at = models.DateTimeField(help_text="When the finder first found this profile in this source.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "profile"], name="unique_source_mention")]
        indexes = [models.Index(fields=["profile", "-found_at"])]
        ordering = ["-found_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_id} mentions {self.profile_id}"
