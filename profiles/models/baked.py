"""What the public gets of a live profile, rendered once when it is published (`profiles.workflow.baking`).

A live version is immutable until the next publication, withdrawal or redaction, so its page, its
API payloads and its export lines are rendered at that moment and stored; pages, the API and the
export then read these bytes. Nothing here is a source of truth: a missing row means "render it
now", and every workflow change of a profile deletes its row (and baked file) before it commits.
"""

from django.db import models

from profiles.models.public_index import PublicProfile


class BakedProfile(models.Model):
    public_profile = models.OneToOneField(
        PublicProfile, on_delete=models.CASCADE, primary_key=True, related_name="baked"
    )
    slug = models.SlugField(max_length=80, unique=True)
    version_id = models.PositiveBigIntegerField(help_text="The live version these bytes were rendered from.")
    page = models.TextField(help_text="The whole profile page, as /profiles/<slug>/ serves it.")
    page_etag = models.CharField(max_length=40)
    api_detail = models.TextField(help_text="JSON of /api/v1/profiles/<slug>/ (and the JSON Lines export).")
    api_row = models.TextField(help_text="JSON of the profile as one row of /api/v1/profiles/.")
    csv_row = models.TextField(help_text="The profile's line of the CSV export.")
    build = models.CharField(max_length=16, help_text="The templates and code these bytes were rendered with.")
    baked_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["build"])]

    def __str__(self) -> str:
        return self.slug
