"""Publish scheduled profiles whose time has come. Run from cron every minute:

    * * * * *  cd /srv/exodus && .venv/bin/python manage.py publish_scheduled

Idempotent, and safe if two copies overlap (each profile is claimed by a conditional UPDATE
that only one runner can win).
"""

from django.core.management.base import BaseCommand, CommandError

from profiles.models import Profile
from profiles.workflow import publish_due


class Command(BaseCommand):
    help = "Publish scheduled profiles that are due (idempotent; safe to run concurrently)."

    def handle(self, *args, **options):
        failed = []
        versions = publish_due(failed=failed)
        for version in versions:
            self.stdout.write(f"Published {version.profile.slug} v{version.number}")
        self.stdout.write(f"{len(versions)} scheduled profile(s) published.")
        # A failure is logged by publish_due and retried next minute; exit non-zero so cron reports it.
        if failed:
            slugs = ", ".join(Profile.objects.filter(pk__in=failed).values_list("slug", flat=True))
            raise CommandError(f"Could not publish (still scheduled, retried next run): {slugs}")
