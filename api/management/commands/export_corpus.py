"""manage.py export_corpus: the published corpus as JSON Lines and CSV, for partners."""

from pathlib import Path

from django.core.management.base import BaseCommand

from api.export import write_export
from profiles.models import PublicProfile


class Command(BaseCommand):
    help = "Write every published profile (live versions only) as JSON Lines and CSV."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="var/export", help="Directory to write into (default var/export).")
        parser.add_argument(
            "--format",
            choices=["jsonl", "csv", "all"],
            default="all",
            help="Which file to write (default: both).",
        )

    def handle(self, *args, output, format, **options):
        formats = ("jsonl", "csv") if format == "all" else (format,)
        written = write_export(directory=Path(output), formats=formats)
        count = PublicProfile.objects.count()
        for path in written.values():
            self.stdout.write(f"Wrote {count} published profiles to {path}")
