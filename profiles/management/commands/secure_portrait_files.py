"""Bring stored portrait files to the rules: originals and drafts' files private and without
metadata, public media exactly the renditions public versions show. Run once after upgrading a
site that kept portraits in MEDIA_ROOT; idempotent, so it is also the repair tool:

    python manage.py secure_portrait_files
"""

from django.core.management.base import BaseCommand

from profiles.workflow.portrait_files import secure_portrait_files


class Command(BaseCommand):
    help = "Move portrait files into private storage, strip their metadata, publish only what is shown."

    def handle(self, *args, **options):
        done = secure_portrait_files()
        for action, names in done.items():
            for name in names:
                self.stdout.write(f"{action}: {name}")
        self.stdout.write(", ".join(f"{len(names)} {action}" for action, names in done.items()) + ".")
