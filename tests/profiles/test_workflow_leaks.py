"""Nothing the workflow keeps private reaches a public URL: not unpublished or withdrawn profiles,
pending edits, review comments, reasons, private notes, embargoed notes or withheld places."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiKey
from profiles.workflow import (
    approve_and_publish,
    publish_profile,
    record_edit,
    redact,
    request_changes,
    schedule_publication,
    submit_for_review,
    withdraw_profile,
)
from tests.factories import ExcerptFactory, ProfileFactory, TimelineEntryFactory, cite

SECRETS = [
    "PENDING-EDIT-TEXT",  # an edit of a published profile, not yet republished
    "REVIEW-COMMENT-SECRET",  # a note to the reviewer
    "CHANGES-REQUESTED-SECRET",  # a reviewer's comment
    "PRIVATE-PROFILE-NOTE",  # editorial notes (the factory's default)
    "OVERRIDE-REASON-SECRET",  # a four-eyes override reason
    "UNVERIFIED-REASON-SECRET",  # why unverified quotes were published anyway
    "Secretdraft",  # a profile only ever in review
    "Withdrawn Person",  # a withdrawn profile
    "WITHDRAW-REASON-SECRET",
    "Embargoed Person",  # scheduled, not yet due
    "EMBARGO-NOTE-SECRET",
    "Yerevan",  # a city published at country precision, though the biography names it
    "Tbilisi",  # a city redacted after publication
    "REDACTION-REASON-SECRET",
]


def entry(profile, **fields):
    defaults = {"country": "GE", "city": "Tbilisi", "location_disclosure": "city", "text": "Left."}
    made = TimelineEntryFactory(profile=profile, **{**defaults, **fields})
    quote = f"A report about {profile.display_name}."
    cite(made, ExcerptFactory(text=quote, source__full_text=f"{quote} The end."))
    return made


@pytest.fixture
def world(contributor, editor, second_editor, administrator):
    visible = ProfileFactory(display_name="Visible Person", biography="Now lives in Yerevan, Armenia.")
    entry(visible, country="AM", city="Yerevan", location_disclosure="country", text="Moved to Armenia.")
    submit_for_review(visible, actor=contributor, comment="REVIEW-COMMENT-SECRET")
    request_changes(visible, actor=editor, comment="CHANGES-REQUESTED-SECRET")
    record_edit(visible, actor=contributor)
    submit_for_review(visible, actor=contributor)
    cite(visible.timeline.first(), ExcerptFactory(text="Words the source does not have."))
    approve_and_publish(
        visible, actor=editor, change_note="First publication", unverified_reason="UNVERIFIED-REASON-SECRET"
    )
    visible.description = "PENDING-EDIT-TEXT"
    visible.save()
    record_edit(visible, actor=contributor)

    redacted = ProfileFactory(display_name="Redacted Person")
    tbilisi = entry(redacted)
    publish_profile(redacted, actor=editor, change_note="First publication")
    publish_profile(redacted, actor=editor, change_note="Confirmed in Tbilisi")
    redact(redacted, actor=editor, entry_id=tbilisi.pk, disclosure="country", reason="REDACTION-REASON-SECRET")

    overridden = ProfileFactory(display_name="Overridden Person")
    entry(overridden, country="DE", city="Berlin")
    record_edit(overridden, actor=administrator)
    submit_for_review(overridden, actor=administrator)
    approve_and_publish(
        overridden,
        actor=administrator,
        change_note="First publication",
        override_reason="OVERRIDE-REASON-SECRET",
    )

    in_review = ProfileFactory(display_name="Secretdraft Person")
    entry(in_review)
    submit_for_review(in_review, actor=contributor)

    withdrawn = ProfileFactory(display_name="Withdrawn Person")
    entry(withdrawn)
    publish_profile(withdrawn, actor=editor, change_note="First publication")
    withdraw_profile(withdrawn, actor=editor, reason="WITHDRAW-REASON-SECRET")

    embargoed = ProfileFactory(display_name="Embargoed Person")
    entry(embargoed)
    submit_for_review(embargoed, actor=contributor)
    schedule_publication(
        embargoed,
        actor=second_editor,
        publish_at=timezone.now() + datetime.timedelta(days=1),
        change_note="EMBARGO-NOTE-SECRET",
    )
    return {"public": [visible, redacted, overridden], "private": [in_review, withdrawn, embargoed]}


def public_urls(world) -> list[str]:
    slugs = [p.slug for p in world["public"] + world["private"]]
    return [
        "/",
        "/profiles/",
        "/profiles/?q=Person",
        "/profiles/?country=AM",
        "/sources/",
        "/destinations/",
        "/feed/",
        "/sitemap.xml",
        *[f"/profiles/{slug}/" for slug in slugs],
    ]


def api_urls(world) -> list[str]:
    slugs = [p.slug for p in world["public"] + world["private"]]
    return [
        "/api/v1/profiles/",
        "/api/v1/profiles/?q=Person",
        "/api/v1/changes/",
        "/api/v1/sources/",
        "/api/v1/excerpts/",
        "/api/v1/facets/",
        "/api/v1/export.jsonl",
        "/api/v1/export.csv",
        *[f"/api/v1/profiles/{slug}/" for slug in slugs],
    ]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.django_db
def test_no_public_page_or_api_response_carries_anything_the_workflow_keeps_private(world):
    site, api = Client(), APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {ApiKey.issue(name='Partner')[1]}")
    responses = {url: site.get(url) for url in public_urls(world)}
    responses |= {url: api.get(url) for url in api_urls(world)}
    for person in world["public"]:
        assert responses[f"/profiles/{person.slug}/"].status_code == 200
        assert responses[f"/api/v1/profiles/{person.slug}/"].status_code == 200
    for person in world["private"]:
        assert responses[f"/profiles/{person.slug}/"].status_code in {404, 410}
        assert responses[f"/api/v1/profiles/{person.slug}/"].status_code == 404
    found = {
        url: [s for s in SECRETS if re.search(rf"\b{re.escape(s)}\b", body(r), re.IGNORECASE)]
        for url, r in responses.items()
    }
    assert {url: hits for url, hits in found.items() if hits} == {}
    visible_page = body(responses[f"/profiles/{world['public'][0].slug}/"])
    assert "Armenia" in visible_page and "[place withheld]" in visible_page  # the biography, masked
