import time

from django.core.management.base import BaseCommand, CommandError

from profiles.models import Profile
from profiles.synthetic import default_source_count, flush_exodus_data, generate


class Command(BaseCommand):
    help = (
        "Generate and publish a synthetic corpus of invented people for load tests (make bench). "
        "Refuses to touch a database that already has profiles unless --flush is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profiles", type=int, default=10_000, help="Published profiles to create.")
        parser.add_argument("--entries", type=int, default=10, help="Timeline entries per profile, on average.")
        parser.add_argument("--excerpts", type=int, default=5, help="Excerpts per profile.")
        parser.add_argument("--sources", type=int, default=None, help="Sources (default: profiles/33, 3 to 400).")
        parser.add_argument("--seed", type=int, default=2022, help="Random seed: the same seed, the same corpus.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--method",
            choices=["bulk", "publish"],
            default="bulk",
            help="bulk: write versions and the public index in bulk from the same snapshot code (fast); "
            "publish: call publish_profile for each profile (the real path, slow at scale).",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="First delete every profile, source and published row (categories, roles and users stay).",
        )

    def handle(self, *args, profiles, entries, excerpts, sources, seed, batch_size, method, flush, **options):
        if profiles < 1 or entries < 1 or excerpts < 1 or batch_size < 1:
            raise CommandError("--profiles, --entries, --excerpts and --batch-size must be at least 1.")
        if Profile.objects.exists():
            if not flush:
                raise CommandError(
                    "This database already has profiles. The synthetic corpus is for an empty benchmark "
                    "database; pass --flush to delete every profile and source first."
                )
            flush_exodus_data()
            self.stdout.write("Deleted the existing profiles, sources and public index.")
        started = time.monotonic()
        verbose = options.get("verbosity", 1) >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(f"  [{time.monotonic() - started:6.1f}s] {message}")

        counts = generate(
            profiles=profiles,
            entries_per_profile=entries,
            excerpts_per_profile=excerpts,
            sources=sources or default_source_count(profiles),
            seed=seed,
            batch_size=batch_size,
            method=method,
            progress=progress,
        )
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Synthetic corpus ({method}) in {time.monotonic() - started:.1f}s: {summary}.")
        )
