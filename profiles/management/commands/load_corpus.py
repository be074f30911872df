from django.core.management.base import BaseCommand, CommandError

from profiles.corpus import CORPUS_DIR, CorpusError, load_corpus


class Command(BaseCommand):
    help = "Load the seed corpus (corpus/*.toml) through the publishing workflow. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(CORPUS_DIR), help="Folder holding the corpus files.")

    def handle(self, *args, directory, **options):
        from pathlib import Path

        try:
            created = load_corpus(directory=Path(directory))
        except CorpusError as exc:
            raise CommandError(f"Corpus not loaded (nothing was written): {exc}") from exc
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Corpus loaded: created {summary}.")
