"""The mention finder at newsroom scale: 10,000 profiles, a 10,000-word article.

Builds the name matcher from plain (profile_id, names, is_person) tuples of invented profiles (the
synthetic corpus's name lists: a Cyrillic native name, its transliteration and another spelling),
so no database is needed, then scans an article of the seed corpus's texts, the two intake test
articles and sentences naming some of the invented people, padded to the word count. Prints the
figures; nothing is asserted (a benchmark, not a timed test).

    .venv/bin/python bench/mentions.py [--profiles 10000] [--words 10000] [--repeat 5]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    # The settings refuse to start without a key when DEBUG is off; nothing here serves requests or
    # touches a database.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-in-production-mentions")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    # Production settings insist on a shared cache; the same Redis database bench/run.py uses.
    os.environ.setdefault("CACHE_URL", os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14"))
    import django

    django.setup()


def invented_profiles(count: int, seed: int = 2022) -> list[tuple[int, list[str], bool]]:
    from bench.synthetic import FEMALE_FIRST, GROUP_WORDS, MALE_FIRST, SURNAMES, alternative_spelling, feminine
    from profiles.names import transliterate

    rng = random.Random(seed)
    people = []
    for pk in range(1, count + 1):
        if pk % 50 == 0:
            adjective, noun = rng.choice(GROUP_WORDS)
            native = f"{adjective} {noun} {transliterate(str(pk))}"
            people.append((pk, [transliterate(native).title(), native], False))
            continue
        female = rng.random() < 0.5
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        surname = rng.choice(SURNAMES)
        native = f"{first} {feminine(surname) if female else surname}"
        latin = transliterate(native)
        people.append((pk, [n for n in (latin, native, alternative_spelling(latin)) if n], True))
    return people


def article(words: int, people: list[tuple[int, list[str], bool]], seed: int = 4) -> str:
    """The seed articles and the test pages' texts, with sentences naming invented people in
    English and in Russian case forms, repeated up to `words` words."""
    from profiles.intake.extract import extract_from_html
    from profiles.intake.forms import name_forms

    rng = random.Random(seed)
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "sources").glob("*.txt"))]
    for page in sorted((ROOT / "tests" / "intake" / "pages").glob("*.html")):
        parts.append(extract_from_html(page.read_bytes()).text)
    named = []
    for _pk, names, is_person in rng.sample(people, 200):
        if not is_person:
            continue
        latin, native = names[0], names[1]
        declined = sorted(f.key for f in name_forms(native) if " " in f.key and f.key != native.lower())
        named.append(f"{latin} left Russia for Georgia in early March 2022 and settled in Tbilisi.")
        named.append(f"По словам {rng.choice(declined).title()}, уехать пришлось 4 марта; в Ереване уже были друзья.")
    paragraphs = [p for part in parts for p in part.split("\n\n") if p.strip()]
    # Every fourth paragraph names invented people, so the scan has real hits all through.
    for position, start in enumerate(range(0, len(named), 4)):
        paragraphs.insert(position * 4 + 3, " ".join(named[start : start + 4]))
    out, count, index = [], 0, 0
    while count < words:
        paragraph = paragraphs[index % len(paragraphs)].split()
        paragraph = paragraph[: words - count]
        out.append(" ".join(paragraph))
        count += len(paragraph)
        index += 1
    return "\n\n".join(out)


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup()

    from profiles.intake.matcher import build_matcher
    from profiles.intake.mentions import analyse
    from profiles.intake.phrases import Reading
    from profiles.intake.places import place_index, place_keys
    from profiles.intake.text import tokens

    people = invented_profiles(args.profiles)
    text = article(args.words, people)
    word_count = len(text.split())

    started = time.perf_counter()
    place_index()
    keys = place_keys()
    places_seconds = time.perf_counter() - started

    started = time.perf_counter()
    cold = build_matcher(people, not_surnames=keys)
    cold_seconds = time.perf_counter() - started
    # A rebuild after a profile changed: the other names' forms come from the cache.
    warm_seconds, matcher = timed(lambda: build_matcher(people, not_surnames=keys), 1)
    assert matcher.forms == cold.forms

    scan_seconds, hits = timed(lambda: matcher.find(Reading(text, tokens(text))), args.repeat)
    full_seconds, report = timed(lambda: analyse(text, matcher=matcher, reference_year=2022), args.repeat)

    rows = [
        (
            "profiles",
            f"{len(people):,} ({sum(1 for p in people if p[2]):,} people), {sum(len(p[1]) for p in people):,} names",
        ),
        ("name forms in the automaton", f"{matcher.forms:,}"),
        ("article", f"{word_count:,} words, {len(text):,} characters"),
        ("place index (once per process)", f"{places_seconds:.2f} s, {len(keys):,} forms"),
        ("build: forms + automaton (cold)", f"{cold_seconds:.2f} s"),
        ("rebuild after a profile changed", f"{warm_seconds:.2f} s"),
        ("scan: names only", f"{scan_seconds * 1000:.0f} ms, {len(hits):,} mentions"),
        (
            "scan: names, sentences, places, dates, new people",
            f"{full_seconds * 1000:.0f} ms, {len(report.sentences):,} sentences, {len(report.candidates):,} candidates",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"Mention finder benchmark (median of {args.repeat} scans, Python {sys.version.split()[0]})")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
