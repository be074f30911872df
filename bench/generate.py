"""Generate and publish a synthetic corpus of invented people for load tests (`make bench`).

    python bench/generate.py --profiles 10000 [--flush] [--method bulk|publish]

Refuses to touch a database that already has profiles unless --flush is given. Reads the same
environment as manage.py (DATABASE_URL, ...).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class GenerateError(Exception):
    """The arguments or the database do not allow a run; the message says why."""


def parser() -> argparse.ArgumentParser:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--profiles", type=int, default=10_000, help="Published profiles to create.")
    args.add_argument("--entries", type=int, default=10, help="Timeline entries per profile, on average.")
    args.add_argument("--excerpts", type=int, default=5, help="Excerpts per profile.")
    args.add_argument("--sources", type=int, default=None, help="Sources (default: profiles/33, at least 3).")
    args.add_argument("--seed", type=int, default=2022, help="Random seed: the same seed, the same corpus.")
    args.add_argument("--batch-size", type=int, default=500)
    args.add_argument(
        "--method",
        choices=["bulk", "publish"],
        default="bulk",
        help="bulk: write versions and the public index in bulk from the same projection (fast); "
        "publish: call publish_profile for each profile (the real path, slow at scale).",
    )
    args.add_argument(
        "--flush",
        action="store_true",
        help="First delete every profile, source and published row (categories, roles and users stay).",
    )
    args.add_argument(
        "--no-bake",
        action="store_true",
        help="Leave pages and payloads for `manage.py bake --stale --processes N` (parallel) instead of "
        "rendering them batch by batch.",
    )
    args.add_argument("--quiet", action="store_true")
    return args


def run(argv: list[str], *, out=sys.stdout) -> dict[str, int]:
    """Generate as the command line asks (Django must be set up); returns the counts afterwards."""
    from bench.synthetic import default_source_count, flush_exodus_data, generate
    from profiles.models import Profile

    options = parser().parse_args(argv)
    if min(options.profiles, options.entries, options.excerpts, options.batch_size) < 1:
        raise GenerateError("--profiles, --entries, --excerpts and --batch-size must be at least 1.")
    if Profile.objects.exists():
        if not options.flush:
            raise GenerateError(
                "This database already has profiles. The synthetic corpus is for an empty benchmark "
                "database; pass --flush to delete every profile and source first."
            )
        flush_exodus_data()
        print("Deleted the existing profiles, sources and public index.", file=out)
    started = time.monotonic()

    def progress(message: str) -> None:
        if not options.quiet:
            print(f"  [{time.monotonic() - started:6.1f}s] {message}", file=out, flush=True)

    counts = generate(
        profiles=options.profiles,
        entries_per_profile=options.entries,
        excerpts_per_profile=options.excerpts,
        sources=options.sources or default_source_count(options.profiles),
        seed=options.seed,
        batch_size=options.batch_size,
        method=options.method,
        progress=progress,
        bake=not options.no_bake,
    )
    summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
    print(f"Synthetic corpus ({options.method}) in {time.monotonic() - started:.1f}s: {summary}.", file=out)
    return counts


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    import django

    django.setup()
    try:
        run(sys.argv[1:])
    except GenerateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
