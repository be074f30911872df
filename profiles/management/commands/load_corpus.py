from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from profiles.corpus import CORPUS_DIR, CorpusError, load_corpus


class Command(BaseCommand):
    help = "Load the seed corpus (corpus/*.toml) through the publishing workflow. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(CORPUS_DIR), help="Folder holding the corpus files.")
        parser.add_argument(
            "--add-entries",
            action="store_true",
            help=(
                "Also add corpus timeline entries that existing profiles lack, as an unreviewed edit of "
                "their working copy (nothing is published). Off by default: an entry an editor rewrote "
                "or removed would come back."
            ),
        )

    def handle(self, *args, directory, add_entries=False, **options):
        try:
            created = load_corpus(directory=Path(directory), add_entries=add_entries)
        except CorpusError as exc:
            raise CommandError(f"Corpus not loaded (nothing was written): {exc}") from exc
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Corpus loaded: created {summary}.")
        # What was just published must pass the same safety check as everything else public.
        call_command("audit_public", verbosity=options.get("verbosity", 1))
