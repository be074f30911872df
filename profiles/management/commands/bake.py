from django.core.management.base import BaseCommand

from profiles.workflow.baking import bake_all, build_id, write_all_files


class Command(BaseCommand):
    help = (
        "Render every live profile's page, API payloads and export lines again and store them (and the "
        "page files nginx serves, under BAKED_ROOT). With --stale, only those never rendered or rendered "
        "by another build (templates, rendering code, SITE_URL or static files changed): run it on deploy; "
        "the scheduler runs it every minute. Publishing keeps them current otherwise. With --files, render "
        "nothing: write the stored pages to BAKED_ROOT (a new nginx host, a restored backup)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only rows of another build, or missing.")
        parser.add_argument("--files", action="store_true", help="Only write the stored pages as files.")
        parser.add_argument("--processes", type=int, default=1, help="Render in this many processes.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        if options["files"]:
            self.stdout.write(f"Wrote {write_all_files()} baked page file(s).")
            return

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done}/{total}")

        count = bake_all(
            stale_only=options["stale"],
            batch_size=options["batch_size"],
            processes=max(1, options["processes"]),
            progress=progress,
        )
        self.stdout.write(f"Baked {count} live profile(s) with build {build_id()}.")
