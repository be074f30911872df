"""The similar-name check at newsroom scale: 10,000 profiles, the "new profile?" names of an article.

Builds the check's index (every profile's folded name keys, with letters posted) from the same
invented profiles as bench/mentions.py, then times one name against all of them, and the
exhaustive comparison it replaced (`profiles.names.similarity` over every pair) for a few names,
checking both give the same answer. No database. A benchmark, not a timed test.

    .venv/bin/python bench/similar_names.py [--profiles 10000] [--names 20] [--exhaustive 3]
"""

import argparse
import os
import random
import statistics
import sys
import time

from mentions import invented_profiles, setup


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--names", type=int, default=20, help="names to check with the index")
    parser.add_argument("--exhaustive", type=int, default=3, help="of which, also compared pair by pair")
    args = parser.parse_args(argv)
    # Production settings want a shared cache; nothing here touches one (or a database).
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/15")
    setup()

    from profiles.names import SIMILAR_NAME_THRESHOLD, similarity
    from profiles.similar_names import NameIndex, best_matches, key_of

    people = invented_profiles(args.profiles)
    rng = random.Random(11)
    # Half of them spelled differently from the profile (a letter changed), half unknown people.
    asked = []
    for n in range(args.names):
        name = rng.choice(rng.choice(people)[1])
        asked.append(name[:-1] + "a" if n % 2 else f"{name.split()[0]} Nobodyknows{n}")

    started = time.perf_counter()
    index = NameIndex((pk, [k for k in (key_of(n) for n in names) if k]) for pk, names, _ in people)
    build = time.perf_counter() - started
    # After a profile changed: the index is built again, the other names' keys come from the cache.
    started = time.perf_counter()
    index = NameIndex((pk, [k for k in (key_of(n) for n in names) if k]) for pk, names, _ in people)
    rebuild = time.perf_counter() - started

    times, found = [], 0
    for name in asked:
        started = time.perf_counter()
        found += len(best_matches([name], index))
        times.append(time.perf_counter() - started)
    slow = []
    for name in asked[: args.exhaustive]:
        started = time.perf_counter()
        old = {pk: max(similarity(name, n) for n in names) for pk, names, _ in people}
        slow.append(time.perf_counter() - started)
        assert {pk for pk, s in old.items() if s >= SIMILAR_NAME_THRESHOLD} == set(best_matches([name], index))

    print(f"Similar-name check benchmark (Python {sys.version.split()[0]})")
    print(f"  profiles                         {len(people):,}, {len(index.entries):,} name keys")
    print(f"  index build (once per process)   {build:.2f} s")
    print(f"  rebuild after a profile changed  {rebuild:.2f} s")
    print(
        f"  one name, with the index         median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms ({len(asked)} names, {found} matches)"
    )
    print(
        f"  one name, every pair compared    median {statistics.median(slow):.2f} s ({len(slow)} names, same answers)"
    )


if __name__ == "__main__":
    main()
