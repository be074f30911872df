"""Publish scheduled profiles whose time has come. Run from cron every minute:

    * * * * *  cd /srv/exodus && .venv/bin/python manage.py publish_scheduled

Idempotent, and safe if two copies overlap (each profile is claimed under a row lock).
"""

from django.core.management.base import BaseCommand

from profiles.publishing import publish_due


class Command(BaseCommand):
    help = "Publish scheduled profiles that are due (idempotent; safe to run concurrently)."

    def handle(self, *args, **options):
        versions = publish_due()
        for version in versions:
            self.stdout.write(f"Published {version.profile.slug} v{version.number}")
        self.stdout.write(f"{len(versions)} scheduled profile(s) published.")
