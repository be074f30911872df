"""Find, in every stored source, the profiles it names (the index behind "new articles mention
this person"). Run it after adding profiles, or from cron:

    30 3 * * *  cd /srv/exodus && .venv/bin/python manage.py index_mentions

A source's own mentions are indexed when its text is saved; this catches the profiles added since.
"""

import time

from django.core.management.base import BaseCommand

from profiles.intake.index import index_all_sources


class Command(BaseCommand):
    help = "Index which profiles each stored source mentions (idempotent)."

    def handle(self, *args, **options):
        started = time.monotonic()
        sources, mentions = index_all_sources()
        self.stdout.write(
            f"{sources} source(s) read, {mentions} profile mention(s) recorded in {time.monotonic() - started:.1f} s."
        )
