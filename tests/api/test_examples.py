"""Stored payload examples: any change to the API contract shows up as a diff under examples/.

Volatile values (ids, cursors, times) are replaced by placeholders. After an intended change,
regenerate with `UPDATE_API_EXAMPLES=1 .venv/bin/python -m pytest tests/api/test_examples.py`
and review the diff.
"""

import datetime
import json
import os
import re
from pathlib import Path

import pytest

from profiles.workflow import publish_profile, record_edit, withdraw_profile
from tests import factories
from tests.public.builders import CULTURE, MEDIA, category

EXAMPLES = Path(__file__).parent / "examples"
ID_KEYS = {"id", "excerpt_id", "profile_id", "cursor", "source_id"}
TIME_KEYS = {"at", "published_at", "first_published_at", "updated_at"}

pytestmark = pytest.mark.django_db


def normalise(value, key=None):
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, key) for v in value]
    if key in ID_KEYS and isinstance(value, int):
        return "<id>"
    if key in TIME_KEYS and isinstance(value, str):
        return "<time>"
    if isinstance(value, str):
        return re.sub(r"(since|page)=\d+|(by-id)/\d+", lambda m: f"{m[1]}=<n>" if m[1] else f"{m[2]}/<id>", value)
    return value


@pytest.fixture
def published(editor, settings):
    settings.SITE_URL = "https://exodus.example"
    outlet = factories.OutletFactory(name="Example Gazette")
    source = factories.SourceFactory(
        title="The cultural exodus", outlet=outlet, url="https://gazette.example/exodus", authors="A. Reporter"
    )
    excerpt = factories.ExcerptFactory(source=source, text="On the same day, Loshak boarded a plane for Tbilisi.")
    quote = factories.ExcerptFactory(
        source=source, text="“I found myself among colleagues. One has the feeling that the whole guild has emigrated,”"
    )
    profile = factories.ProfileFactory(
        display_name="Andrei Loshak", native_name="Андрей Лошак", aliases="Andrey Loshak", description="Journalist"
    )
    profile.categories.set([category(MEDIA), category(CULTURE)])
    left = factories.TimelineEntryFactory(profile=profile, date=datetime.date(2022, 3, 4), text="Flew to Tbilisi.")
    factories.cite(left, excerpt)
    later = factories.TimelineEntryFactory(
        profile=profile,
        kind="moved_on",
        date=datetime.date(2022, 6, 1),
        date_precision="month",
        date_qualifier="early",
        country="DE",
        city="Leipzig",
        location_disclosure="country",
        text="Moved on to Germany.",
        is_current=True,
    )
    factories.cite(later, excerpt)
    quote.speaker = profile
    quote.save()
    publish_profile(profile, actor=editor, change_note="First published")
    profile.biography = "Investigative journalist and documentary maker."
    profile.save()
    record_edit(profile, actor=editor)
    publish_profile(profile, actor=editor, change_note="Biography added", is_correction=False)
    gone = factories.ProfileFactory(display_name="Gone Person")
    factories.cite(factories.TimelineEntryFactory(profile=gone), excerpt)
    publish_profile(gone, actor=editor, change_note="First published")
    withdraw_profile(gone, actor=editor, reason="Safety")
    return {"profile": profile, "source": source, "excerpt": excerpt}


def example_urls(published) -> dict[str, str]:
    return {
        "profiles_list": "/api/v1/profiles/?page_size=1",
        "profile_detail": "/api/v1/profiles/andrei-loshak/",
        "profile_versions": "/api/v1/profiles/andrei-loshak/versions/",
        "sources_list": "/api/v1/sources/",
        "source_detail": f"/api/v1/sources/{published['source'].pk}/",
        "excerpts_list": "/api/v1/excerpts/",
        "excerpt_detail": f"/api/v1/excerpts/{published['excerpt'].pk}/",
        "changes": "/api/v1/changes/?limit=3",
        "facets": "/api/v1/facets/",
        "error_400": "/api/v1/profiles/?country=XX&departed_after=March",
        "error_401": "/api/v1/export.jsonl",
        "error_404": "/api/v1/profiles/gone-person/",
    }


@pytest.mark.parametrize(
    "name",
    [
        "profiles_list",
        "profile_detail",
        "profile_versions",
        "sources_list",
        "source_detail",
        "excerpts_list",
        "excerpt_detail",
        "changes",
        "facets",
        "error_400",
        "error_401",
        "error_404",
    ],
)
def test_payload_matches_the_stored_example(api, published, name):
    payload = normalise(api.get(example_urls(published)[name]).json())
    stored = EXAMPLES / f"{name}.json"
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_API_EXAMPLES") == "1":
        stored.write_text(text, encoding="utf-8")
    assert stored.exists(), f"No stored example {stored.name}: run with UPDATE_API_EXAMPLES=1 and commit it."
    assert payload == json.loads(stored.read_text(encoding="utf-8"))
