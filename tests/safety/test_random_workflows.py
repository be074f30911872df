"""Property: whatever editors do, in whatever order — publish, edit, republish, redact, withdraw,
correct a shared quote — no public text shows a place withheld by a profile it concerns, and
`audit_public` finds nothing.

Three people cite shared quotes that name them and their cities in English and Russian forms.
The oracle below is written independently of the masking code: it knows which city each person
withholds (from what the test did) and which public texts concern whom (owner, citing, naming).
"""

import json
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles.audit import audit_public_record
from profiles.models import Citation, ProfileVersion, PublicExcerpt, PublicSource
from profiles.workflow import publish_profile, record_edit, redact, withdraw_profile
from profiles.workflow.shared import publish_shared, record_shared_edit
from tests import factories

pytestmark = pytest.mark.django_db

CITIES = {
    "Riga": ("LV", ["Riga", "Рига", "Риге", "Ригу", "Риги"]),
    "Tbilisi": ("GE", ["Tbilisi", "Тбилиси"]),
    "Berlin": ("DE", ["Berlin", "Берлин", "Берлине", "Берлина"]),
    "Yerevan": ("AM", ["Yerevan", "Ереван", "Ереване"]),
}
PEOPLE = [
    ("Anna Volkova", "Анна Волкова", ["Volkova", "Волков"]),
    ("Boris Orlov", "Борис Орлов", ["Orlov", "Орлов"]),
    ("Clara Sokolova", "Клара Соколова", ["Sokolova", "Соколов"]),
]
QUOTES = [
    "Anna Volkova moved to Riga, and Boris Orlov to Tbilisi.",
    "Борис Орлов живёт в Берлине, Клара Соколова — в Ереване.",
    "In Yerevan, Clara Sokolova met colleagues from Riga.",
    "Анну Волкову видели в Тбилиси.",
    "Friends from Berlin and Riga wrote to them.",
]
CORRECTIONS = [
    "Anna Volkova moved to Riga.",
    "Борис Орлов живёт в Берлине.",
    "In Yerevan, Clara Sokolova met colleagues.",
]
DISCLOSURES = ["city", "country", "region", "undisclosed"]

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("publish"),
            st.integers(0, 2),
            st.sampled_from(sorted(CITIES)),
            st.sampled_from(DISCLOSURES),
            st.sets(st.integers(0, len(QUOTES) - 1), min_size=1, max_size=3),
        ),
        st.tuples(
            st.just("redact"), st.integers(0, 2), st.sampled_from(["country", "region", "undisclosed", "remove"])
        ),
        st.tuples(st.just("withdraw"), st.integers(0, 2)),
        st.tuples(st.just("correct"), st.integers(0, len(QUOTES) - 1), st.integers(0, len(CORRECTIONS) - 1)),
    ),
    min_size=1,
    max_size=7,
)


class World:
    """The test's own record of what the editors decided."""

    def __init__(self, editor):
        self.editor = editor
        self.source = factories.SourceFactory(title="Reports from abroad", full_text=" ".join(QUOTES + CORRECTIONS))
        self.excerpts = [factories.ExcerptFactory(source=self.source, text=q) for q in QUOTES]
        self.profiles = []
        for display, native, _ in PEOPLE:
            self.profiles.append(factories.ProfileFactory(display_name=display, native_name=native, biography=""))
        self.live_withheld: dict[int, set[str]] = {}  # profile index -> cities withheld at the last publish
        self.redacted: dict[int, set[str]] = {i: set() for i in range(3)}
        self.shown: dict[int, set[str]] = {i: set() for i in range(3)}
        self.ever_published: set[int] = set()

    def publish(self, i, city, disclosure, cites):
        profile = self.profiles[i]
        profile.timeline.all().delete()
        country = CITIES[city][0]
        entry = factories.TimelineEntryFactory(
            profile=profile,
            country=country,
            city=city,
            location_disclosure=disclosure,
            text="Left Russia.",
        )
        for order, n in enumerate(sorted(cites)):
            Citation.objects.create(entry=entry, excerpt=self.excerpts[n], order=order)
        profile.biography = f"{PEOPLE[i][0]} lives in {city} (в {CITIES[city][1][-1]})."
        profile.save()
        record_edit(profile, actor=self.editor)
        publish_profile(profile, actor=self.editor, change_note=f"Now in {city}")
        self.ever_published.add(i)
        self.shown[i] = {city} if disclosure == "city" else set()
        self.live_withheld[i] = (set() if disclosure == "city" else {city}) | (self.redacted[i] - self.shown[i])

    def redact(self, i, disclosure):
        profile = self.profiles[i]
        entry = profile.timeline.first()
        if profile.live_version_id is None or entry is None:
            return
        order = ["city", "country", "region", "undisclosed"]
        if disclosure != "remove" and order.index(disclosure) <= order.index(entry.location_disclosure):
            return
        redact(
            profile,
            actor=self.editor,
            entry_id=entry.pk,
            disclosure=None if disclosure == "remove" else disclosure,
            remove=disclosure == "remove",
            reason="Safety",
        )
        self.redacted[i].add(entry.city)
        if disclosure == "remove" or disclosure != "city":
            self.shown[i] -= {entry.city}
        self.live_withheld[i] = self.live_withheld.get(i, set()) | {entry.city}

    def withdraw(self, i):
        profile = self.profiles[i]
        profile.refresh_from_db()
        if profile.live_version_id:
            withdraw_profile(profile, actor=self.editor, reason="Safety")

    def correct(self, n, m, second_editor):
        excerpt = self.excerpts[n]
        excerpt.text = CORRECTIONS[m]
        excerpt.save()
        record_shared_edit(excerpt, actor=self.editor)
        publish_shared(excerpt, actor=second_editor)

    def concerned(self, text: str, owner: int | None, excerpt_id: int | None) -> set[int]:
        """Which people a public text concerns, by the rule: its owner, whoever cites the quote,
        and whoever it names."""
        people = {owner} if owner is not None else set()
        if excerpt_id is not None:
            citing = set(Citation.objects.filter(excerpt_id=excerpt_id).values_list("entry__profile_id", flat=True))
            people |= {i for i, p in enumerate(self.profiles) if p.pk in citing}
        people |= {i for i, (_, _, stems) in enumerate(PEOPLE) if any(s.lower() in text.lower() for s in stems)}
        return people

    def leaks(self, text: str, people: set[int]) -> list[str]:
        found = []
        for i in people & self.ever_published:
            for city in self.live_withheld.get(i, set()):
                for form in CITIES[city][1]:
                    if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE):
                        found.append(f"{form} (withheld by {PEOPLE[i][0]})")
        return found


def check(world: World, api) -> list[str]:
    problems = list(audit_public_record())
    # What partners receive, as they receive it.
    for i, profile in enumerate(world.profiles):
        response = api.get(f"/api/v1/profiles/{profile.slug}/")
        if response.status_code != 200:
            continue
        detail = response.json()
        own = json.dumps(
            {k: v for k, v in detail.items() if k not in ("timeline", "quotes", "sources")}, ensure_ascii=False
        )
        problems += world.leaks(own, world.concerned(own, i, None))
        for entry in detail["timeline"]:
            problems += world.leaks(entry["text"], world.concerned(entry["text"], i, None))
            for citation in entry["citations"]:
                text = citation["text"]
                problems += world.leaks(text, world.concerned(text, i, citation["excerpt_id"]))
    index = {p.pk: i for i, p in enumerate(world.profiles)}
    for version in ProfileVersion.objects.public():
        owner = index[version.profile_id]
        snap = version.snapshot
        own = json.dumps({k: v for k, v in snap.items() if k not in ("excerpts", "sources")}, ensure_ascii=False)
        problems += world.leaks(own, world.concerned(own, owner, None))
        problems += world.leaks(version.change_note, world.concerned(version.change_note, owner, None))
        for excerpt in snap["excerpts"]:
            problems += world.leaks(excerpt["text"], world.concerned(excerpt["text"], owner, excerpt["id"]))
    for public in PublicExcerpt.objects.all():
        problems += world.leaks(public.text, world.concerned(public.text, None, public.excerpt_id))
    for public in PublicSource.objects.all():
        problems += world.leaks(public.title, world.concerned(public.title, None, None))
    return problems


@given(ops=operations)
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_sequence_of_editorial_actions_publishes_a_withheld_place(ops, editor, second_editor):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    api = APIClient()
    with transaction.atomic():
        world = World(editor)
        for op in ops:
            getattr(world, op[0])(*op[1:], *([second_editor] if op[0] == "correct" else []))
            cache.clear()  # on_commit purges do not run inside the test's transaction
            assert check(world, api) == [], op
        transaction.set_rollback(True)
