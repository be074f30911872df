"""Load the seed corpus (placeholder until the corpus issue lands: loads nothing)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the seed corpus from corpus/ (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("No corpus files yet.")
